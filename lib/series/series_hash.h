/* series_hash.h — a fingerprint of a series' rows, so that the data a model
 * was trained on is recognised by its content: whatever path, hard link,
 * copy or stdin names it, whatever its line ends, delimiter or column
 * order, and when rows have been appended since (its first rows hash as
 * before). */
#ifndef SA_SERIES_HASH_H
#define SA_SERIES_HASH_H

#include <stddef.h>
#include <stdint.h>
#include "series/series.h"

/* FNV-1a 64 over the rows of s that were read from the file (rows that
 * --fill added are left out), in order: for each row the 8 bytes of its
 * time and the 8 bytes of its value in column col. Only the first
 * max_rows such rows enter (0: all); *rows (when not NULL) gets how many
 * did. The hash of no rows is FNV's offset basis. */
uint64_t series_rows_hash(const series *s, int col, size_t max_rows, size_t *rows);

/* The hash as 16 lower-case hex digits into hex[17]. */
void series_hash_hex(uint64_t hash, char hex[17]);

#endif
