/* fuzz_time_any.c — libFuzzer target: time_parse_any (the timestamps of
 * real exports: offsets, epochs in s/ms/us/ns, fractions, wall-clock times
 * of Europe/Berlin with its DST changes) on arbitrary bytes, not
 * NUL-terminated. What it accepts must lie in years 1..9999 (so it
 * formats and parses back), with a repeated wall-clock time's two readings
 * in order and at most a few hours apart. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "series/series.h"
#include "series/timestamp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tz_zone berlin;
    static int opened;
    if (!opened) {
        sa_error e;
        if (tz_open(&berlin, "Europe/Berlin", &e) != 0)
            abort(); /* tzdata is a dependency: a fuzzer without it tests less */
        opened = 1;
    }
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    const tz_zone *zones[2] = {NULL, &berlin};
    for (int z = 0; z < 2; z++) {
        int64_t t[2], back;
        const char *why;
        if (time_parse_any(text, size, zones[z], t, &why) != 0) {
            if (!why || !why[0])
                abort();
            continue;
        }
        if (t[1] < t[0] || t[1] - t[0] > 4 * 3600)
            abort();
        char buf[20];
        time_format(t[0], buf);
        if (time_parse(buf, 19, &back) != 0 || back != t[0])
            abort();
    }
    free(text);
    return 0;
}
