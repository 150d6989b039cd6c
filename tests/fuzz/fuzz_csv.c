/* fuzz_csv.c — libFuzzer target: series_read on arbitrary bytes. The first
 * byte picks the options (every column or the standard ones with
 * cpu_utilization required; forward fill; a tail of max_rows), the rest is
 * the CSV. Any input must give 0 with a consistent series or -1 with a
 * message (cli_error prints it on one line); the sanitizers catch everything else. */
#include "fuzz_file.h"
#include "series/series.h"

static const char *const standard[] = {"cpu_utilization", "memory_utilization", "network_in",
                                       "network_out", "request_count", "is_sale_active"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t mode = data[0];
    series_options opt = {0};
    if (mode & 1) {
        opt.columns = standard;
        opt.n_columns = 6;
        opt.required = standard;
        opt.n_required = 1;
    }
    opt.fill = (mode >> 1) & 1;
    opt.max_rows = (mode >> 2) & 3;   /* 0 = all, else the last 1..3 */
    const char *path = fuzz_write_temp("csv", data + 1, size - 1);
    series s;
    sa_error e = {{0}};
    if (series_read(&s, path, &opt, &e) == 0) {
        if (s.n_rows == 0 || (opt.max_rows && s.n_rows > opt.max_rows))
            abort();
        for (size_t r = 1; r < s.n_rows; r++)
            if (s.time[r] <= s.time[r - 1])
                abort();   /* rows must come out in strict time order */
        series_free(&s);
    } else if (!e.msg[0]) {
        abort();           /* an error must say something (cli prints it on one line) */
    }
    return 0;
}
