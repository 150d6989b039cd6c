/* h5.h — checked HDF5 helpers for the model file (docs/design.md §7).
 *
 * Thin wrappers over the HDF5 C API and its high-level H5LT API that never
 * print HDF5's error stack, never trust a size stored in a file before
 * checking it, and report failures as one line naming the object:
 * "/members/0/weights/fc.bias: shape (3), expected (1)". The caller adds
 * the file name in front (sa_wrap). Objects created here carry no
 * timestamps (H5Pset_obj_track_times off), so the same content gives the
 * same bytes.
 *
 * Every function taking a loc works on a file or group id; name is a link
 * directly inside loc (no '/' paths), attr an attribute of loc itself.
 * Integer attributes are read as long long and converted by HDF5 from the
 * stored width; the caller range-checks them. */
#ifndef SA_H5_H
#define SA_H5_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <hdf5.h>
#include "base/err.h"

/* The HDF5 path of loc ("/members/0/config") into buf[cap], for messages.
 * Returns buf. */
const char *h5_path(hid_t loc, char *buf, size_t cap);

/* Fails with "PATH/name: message" (PATH of loc; name NULL: loc itself) and
 * returns -1, for errors about an object of an open file. */
int h5_fail(sa_error *e, hid_t loc, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Creates an HDF5 file in memory (core driver, no backing store); name
 * only labels it. Write it out with h5_memory_write. The library never
 * writes such a file to disk itself: HDF5 1.10 can crash closing a file
 * whose flush failed (a full disk), so a model is built in memory and its
 * bytes written through an ordinary stream whose errors are plain
 * (outfile.h). Returns the file id, or -1 with e set. */
hid_t h5_memory_create(const char *name, sa_error *e);

/* Flushes the in-memory file f, writes its image to fp and closes f (also
 * on failure). Returns 0, or -1 with e set (a write error on fp). */
int h5_memory_write(hid_t f, FILE *fp, sa_error *e);

/* Opens path read-only. Distinguishes a file that is not HDF5 from one that
 * is damaged or truncated. Returns the file id, or -1 with e set. */
hid_t h5_file_open(const char *path, sa_error *e);

/* Creates group name in loc (no timestamps; attribute creation order kept
 * so attributes read back in the order written). Returns the group id
 * (close with H5Gclose), or -1 with e set. */
hid_t h5_group_create(hid_t loc, const char *name, sa_error *e);

/* Opens group name in loc. Returns the group id, or -1 with e set ("missing"
 * when there is no such link, "not a group" when it is something else). */
hid_t h5_group_open(hid_t loc, const char *name, sa_error *e);

/* 1 when loc has a link called name, 0 otherwise. */
int h5_has(hid_t loc, const char *name);

/* Number of links in group loc, or -1 with e set. */
long h5_count_links(hid_t loc, sa_error *e);

/* Name of link idx (in name order) of group loc into buf[cap]. Returns 0,
 * or -1 with e set (also when the name does not fit). */
int h5_link_name(hid_t loc, size_t idx, char *buf, size_t cap, sa_error *e);

/* Writes a float32 dataset of ndim (1 or 2) dims (dims[1] ignored for 1-D)
 * from data (dims[0] * dims[1] floats; may be NULL when empty). */
int h5_write_floats(hid_t loc, const char *name, int ndim, const size_t dims[2],
                    const float *data, sa_error *e);


/* Reads float dataset name into out after checking that its shape is
 * exactly (ndim, dims); out holds dims[0] * dims[1] floats, caller-owned. */
int h5_read_floats(hid_t loc, const char *name, int ndim, const size_t dims[2],
                   float *out, sa_error *e);

/* Shape of float dataset name: *ndim (1 or 2) and dims (dims[1] = 1 for
 * 1-D), read from the header only. Returns 0, or -1 with e set when the
 * dataset is missing, is not floating point, or has another rank. */
int h5_float_shape(hid_t loc, const char *name, int *ndim, size_t dims[2], sa_error *e);

/* Reads 1-D float dataset name of at most max values into a new array
 * (*out, caller frees; NULL when empty) and its length *n. The length is
 * checked against max before anything is allocated. */
int h5_read_floats_1d(hid_t loc, const char *name, size_t max, float **out,
                      size_t *n, sa_error *e);

/* Writes text as a scalar fixed-length string dataset name. */
int h5_write_text(hid_t loc, const char *name, const char *text, sa_error *e);

/* Reads scalar string dataset name of at most max bytes into a new
 * NUL-terminated string (*out, caller frees). */
int h5_read_text(hid_t loc, const char *name, size_t max, char **out, sa_error *e);

/* Attributes of loc, replacing one of the same name: n values (n >= 1;
 * n == 1 writes a scalar, which h5py reads as a number, not an array).
 * Stored as int64, float64, and int32 for h5_set_int. */
int h5_set_int64s(hid_t loc, const char *attr, const int64_t *v, size_t n,
                  sa_error *e);
int h5_set_doubles(hid_t loc, const char *attr, const double *v, size_t n,
                   sa_error *e);
int h5_set_int(hid_t loc, const char *attr, int v, sa_error *e);
int h5_set_double(hid_t loc, const char *attr, double v, sa_error *e);
int h5_set_string(hid_t loc, const char *attr, const char *v, sa_error *e);
/* A 1-D attribute of n fixed-length strings, as wide as the longest plus
 * its NUL (h5py reads an array of bytes). */
int h5_set_strings(hid_t loc, const char *attr, const char *const *v, size_t n,
                   sa_error *e);

/* Read exactly n values of a numeric attribute (a scalar when n == 1, or a
 * 1-D attribute of n). Integer reads fail on a floating point attribute;
 * double reads accept both. The element count is checked before reading. */
int h5_get_ints(hid_t loc, const char *attr, long long *out, size_t n, sa_error *e);
int h5_get_doubles(hid_t loc, const char *attr, double *out, size_t n, sa_error *e);
int h5_get_int(hid_t loc, const char *attr, long long *out, sa_error *e);
int h5_get_double(hid_t loc, const char *attr, double *out, sa_error *e);

/* Reads a scalar fixed-length string attribute into buf[cap]; fails when
 * it does not fit or is variable-length (HDF5 1.10 crashes on a damaged
 * variable-length string instead of failing, so none is read). */
int h5_get_string(hid_t loc, const char *attr, char *buf, size_t cap, sa_error *e);

/* Reads a 1-D string attribute of at most max_items strings into buf, an
 * array of max_items slots of cap bytes each (item i at buf + i * cap).
 * Returns the count, or -1 with e set (too many items, an item too long). */
int h5_get_strings(hid_t loc, const char *attr, char *buf, size_t cap,
                   size_t max_items, sa_error *e);

/* Number of attributes of loc, or -1 with e set. */
long h5_count_attrs(hid_t loc, sa_error *e);

/* Name of attribute idx of loc (in creation order when the object tracks
 * it, else in name order) into buf[cap]. Returns 0 or -1 with e set. */
int h5_attr_name(hid_t loc, size_t idx, char *buf, size_t cap, sa_error *e);

#endif
