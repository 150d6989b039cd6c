/* series_hash.c — see series_hash.h. */
#include "series/series_hash.h"

#include <stdio.h>
#include <string.h>

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/* h with the n bytes at p folded in. */
static uint64_t fnv_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * FNV_PRIME;
    return h;
}

uint64_t series_rows_hash(const series *s, int col, size_t max_rows, size_t *rows)
{
    uint64_t h = FNV_OFFSET;
    size_t n = 0;
    for (size_t r = 0; r < s->n_rows && (max_rows == 0 || n < max_rows); r++) {
        if (s->filled && s->filled[r])
            continue;
        double v = s->col[col][r];
        if (v == 0)
            v = 0; /* -0 and 0 are the same value read from text */
        h = fnv_bytes(h, &s->time[r], sizeof s->time[r]);
        h = fnv_bytes(h, &v, sizeof v);
        n++;
    }
    if (rows)
        *rows = n;
    return h;
}

void series_hash_hex(uint64_t hash, char hex[17])
{
    snprintf(hex, 17, "%016llx", (unsigned long long)hash);
}
