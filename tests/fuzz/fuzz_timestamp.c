/* fuzz_timestamp.c — libFuzzer target: time_parse on arbitrary bytes (not
 * NUL-terminated: the parser must stay inside len). What it accepts must
 * format and parse back to the same second. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "series/series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly size bytes, so ASan sees any read past the end. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    int64_t t;
    if (time_parse(text, size, &t) == 0) {
        char buf[64];
        int64_t back;
        time_format(t, buf);
        if (time_parse(buf, strlen(buf), &back) != 0 || back != t)
            abort();
    }
    free(text);
    return 0;
}
