/* fuzz_import_csv.c — libFuzzer target: the CSV reader of
 * scaleahead-import (wide and long exports, InfluxDB annotations and
 * tables, label columns) on arbitrary bytes, then the whole choice and
 * alignment of every series (import_select, import_align with and without
 * a grid). A read fails with a message naming the file, or gives series
 * of finite values; choosing, appending, resampling and combining never
 * crash, leak, or leave a column's points out of time order. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "import/import_csv.h"
#include "import/import_select.h"
#include "import/import_write.h"
#include "base/message.h"

/* Chooses every series (or their sum) and aligns them, as the import would. */
static void choose_and_align(const import_set *set, int combine, int64_t step)
{
    static const char *const inputs[] = {"fuzz.csv"};
    const char *sum[] = {"x=sum:{}"};
    import_column *cols = NULL;
    size_t n = 0;
    sa_error e;
    if (import_select(set, inputs, 1, combine ? sum : NULL, combine ? 1 : 0, NULL, 0, &cols, &n,
                      &e) == 0 && import_align(cols, n, step, &e) == 0)
        for (size_t i = 0; i < n; i++)
            for (size_t k = 1; k < cols[i].n; k++)
                if (cols[i].time[k] <= cols[i].time[k - 1] || !isfinite(cols[i].value[k]))
                    abort();
    import_columns_free(cols, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sa_error e;
    tz_zone utc = {"UTC", 1};
    import_reading r = {&utc, (const char *[]){"N/A"}, 1};
    import_csv_options o = {NULL, 0, &r};
    import_set set = {0};
    msg_quiet = 1;
    set.input = "fuzz.csv";
    if (import_read_csv(&set, (const char *)data, size, "fuzz.csv", &o, &e) != 0) {
        if (!strstr(e.msg, "fuzz.csv"))
            abort(); /* every message names the file */
    } else {
        for (size_t i = 0; i < set.n; i++)
            for (size_t k = 0; k < set.s[i].n; k++)
                if (!isfinite(set.s[i].value[k]))
                    abort();
        choose_and_align(&set, 0, 0);
        choose_and_align(&set, 0, 300);
        choose_and_align(&set, 1, 60);
    }
    import_set_free(&set);
    return 0;
}
