/* checksum.h — integrity of a model file.
 *
 * A CRC-32C over everything the file holds, taken generically so that new
 * fields are covered without a change here: every group and dataset by path
 * (in name order), every attribute by name with its values, every
 * dataset's values, each value read as its native type (so a flipped byte
 * in the data or in a datatype shows). Left out: the root attributes
 * `created` (a time stamp) and `checksum` itself. Stored as the root
 * attribute `checksum` = "crc32c:XXXXXXXX" and verified on load; a file
 * without it (written before it existed) loads as before. */
#ifndef SA_CHECKSUM_H
#define SA_CHECKSUM_H

#include <hdf5.h>
#include <stdint.h>
#include "base/err.h"

/* The float datasets a checksum walk read, kept so that the reader of the
 * file need not read them again: each with its path from the root as
 * H5Lvisit names it ("weights/fc.bias"), its shape and its values as
 * native floats. Zero it before use; free with checksum_floats_free. */
typedef struct checksum_floats {
    size_t n, cap;
    struct kept_floats {
        char *path;
        int ndim;          /* 1 or 2 */
        size_t dims[2];    /* dims[1] = 1 when ndim == 1 */
        float *data;       /* NULL once taken */
    } *items;
} checksum_floats;

/* The CRC-32C of the open file f as described above. Returns 0 and sets
 * *crc, or -1 with e set (an object that cannot be read). */
int model_checksum(hid_t f, uint32_t *crc, sa_error *e);

/* Computes the checksum of f (writable) and stores it as /checksum.
 * Returns 0 or -1 with e set. */
int model_checksum_write(hid_t f, sa_error *e);

/* Verifies the stored checksum of f, if any. Returns 0, or -1 with e set to
 * "checksum mismatch (stored ..., computed ...): the file is damaged".
 * When keep is not NULL and the checksum matched, keep receives every
 * float dataset of one or two dimensions and at least one value that the
 * walk read, up to the file's size in all (nothing for a file without a
 * checksum, or on failure). */
int model_checksum_verify(hid_t f, checksum_floats *keep, sa_error *e);

/* The values of the kept dataset path when its shape is exactly (ndim,
 * dims) (dims[1] ignored for 1-D), handed over to the caller (free them),
 * or NULL: not kept, another shape, or already taken. */
float *checksum_floats_take(checksum_floats *k, const char *path, int ndim,
                            const size_t dims[2]);

/* The number of values of the kept 1-D dataset path, or 0 (not kept, not
 * 1-D, or taken). */
size_t checksum_floats_length(const checksum_floats *k, const char *path);

/* Frees what k still holds and zeroes it. */
void checksum_floats_free(checksum_floats *k);

#endif
