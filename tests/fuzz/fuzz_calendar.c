/* fuzz_calendar.c — libFuzzer target: calendar_read on arbitrary bytes. A
 * calendar it accepts must hold sorted events with start < end, and
 * lookups on it must agree with a plain scan. */
#include "series/calendar.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_temp("calendar", data, size);
    calendar c;
    sa_error e = {{0}};
    if (calendar_read(&c, path, &e) == 0) {
        for (size_t i = 0; i < c.n; i++) {
            const calendar_event *ev = &c.events[i];
            if (ev->start >= ev->end || (i && ev->start < c.events[i - 1].start))
                abort();
            int scan = 0;
            for (size_t j = 0; j < c.n; j++)
                scan |= c.events[j].start <= ev->start && ev->start < c.events[j].end;
            if (calendar_active(&c, ev->start) != scan || !scan)
                abort();
        }
        calendar_free(&c);
    } else if (!e.msg[0]) {
        abort();
    }
    return 0;
}
