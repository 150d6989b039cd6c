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

/* The CRC-32C of the open file f as described above. Returns 0 and sets
 * *crc, or -1 with e set (an object that cannot be read). */
int model_checksum(hid_t f, uint32_t *crc, sa_error *e);

/* Computes the checksum of f (writable) and stores it as /checksum.
 * Returns 0 or -1 with e set. */
int model_checksum_write(hid_t f, sa_error *e);

/* Verifies the stored checksum of f, if any. Returns 0, or -1 with e set to
 * "checksum mismatch (stored ..., computed ...): the file is damaged". */
int model_checksum_verify(hid_t f, sa_error *e);

#endif
