/* checksum.c — see checksum.h. */
#include "model/checksum.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/crc32c.h"
#include "model/h5.h"

#define CHECKSUM_ATTR "checksum"

typedef struct walk {
    uint32_t crc;
    int failed;
    checksum_floats *keep;  /* NULL: keep nothing */
    /* Bytes still to keep: the file's size, which holds every value that
     * is stored; what is beyond (the fill values of a huge dataset without
     * storage) is freed as the walk goes, as before keeping existed. */
    size_t keep_budget;
} walk;

static void hash(walk *w, const void *data, size_t n)
{
    w->crc = crc32c_update(w->crc, data, n);
}

/* Reads n values of file type ftype through read (an attribute or a
 * dataset) and hashes them with the type's class and size. */
typedef herr_t (*read_fn)(hid_t obj, hid_t mem_type, void *buf);

static herr_t read_attr(hid_t a, hid_t t, void *buf) { return H5Aread(a, t, buf); }
static herr_t read_dataset(hid_t d, hid_t t, void *buf)
{
    return H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
}

static int hash_strings(walk *w, hid_t obj, hssize_t n, read_fn read)
{
    hid_t mem = H5Tcopy(H5T_C_S1);
    char **v = calloc((size_t)n ? (size_t)n : 1, sizeof *v);
    int rc = mem >= 0 && v && H5Tset_size(mem, H5T_VARIABLE) >= 0 && read(obj, mem, v) >= 0
             ? 0 : -1;
    for (hssize_t i = 0; v && i < n; i++) {
        if (rc == 0 && v[i])
            hash(w, v[i], strlen(v[i]) + 1);
        if (v[i])
            H5free_memory(v[i]);
    }
    free(v);
    H5Tclose(mem);
    return rc;
}

/* Reads and hashes the values of obj; with kept not NULL, values read as
 * native floats are handed over in *kept instead of freed. */
static int hash_values(walk *w, hid_t obj, hid_t ftype, hid_t space, read_fn read,
                       float **kept)
{
    hssize_t n = H5Sget_simple_extent_npoints(space);
    H5T_class_t cls = H5Tget_class(ftype);
    if (n < 0 || cls < 0)
        return -1;
    int32_t head[2] = {(int32_t)cls, (int32_t)n};
    hash(w, head, sizeof head);
    if (cls == H5T_STRING && H5Tis_variable_str(ftype) > 0)
        return hash_strings(w, obj, n, read);
    hid_t mem = cls == H5T_STRING ? H5Tcopy(ftype) : H5Tget_native_type(ftype, H5T_DIR_ASCEND);
    size_t size = mem >= 0 ? H5Tget_size(mem) : 0;
    unsigned char *buf = size ? malloc((size_t)n * size + 1) : NULL;
    int rc = buf && read(obj, mem, buf) >= 0 ? 0 : -1;
    if (rc == 0)
        hash(w, buf, (size_t)n * size);
    if (rc == 0 && kept && n > 0 && cls == H5T_FLOAT && H5Tequal(mem, H5T_NATIVE_FLOAT) > 0) {
        *kept = (float *)buf;
        buf = NULL;
    }
    free(buf);
    if (mem >= 0)
        H5Tclose(mem);
    return rc;
}

static void close_type_space(hid_t t, hid_t s)
{
    if (s >= 0)
        H5Sclose(s);
    if (t >= 0)
        H5Tclose(t);
}

static herr_t hash_attribute(hid_t loc, const char *name, const H5A_info_t *info, void *data)
{
    (void)info;
    walk *w = data;
    if (!strcmp(name, CHECKSUM_ATTR) || !strcmp(name, "created"))
        return 0;
    hash(w, name, strlen(name) + 1);
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    hid_t t = a >= 0 ? H5Aget_type(a) : -1, s = a >= 0 ? H5Aget_space(a) : -1;
    if (t < 0 || s < 0 || hash_values(w, a, t, s, read_attr, NULL) < 0)
        w->failed = 1;
    close_type_space(t, s);
    if (a >= 0)
        H5Aclose(a);
    return w->failed ? -1 : 0;
}

static int hash_attributes(walk *w, hid_t obj)
{
    hsize_t idx = 0;
    return H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, &idx, hash_attribute, w) < 0 ? -1 : 0;
}

/* Room in k for one more item. Returns 0, or -1 when out of memory. */
static int make_room(checksum_floats *k)
{
    if (k->n < k->cap)
        return 0;
    size_t cap = k->cap ? 2 * k->cap : 32;
    if (array_resize(&k->items, cap, sizeof *k->items) < 0)
        return -1;
    k->cap = cap;
    return 0;
}

/* Adds the values data of dataset path (space s) to w->keep when it has
 * one or two dimensions and fits the budget, else frees them; also frees
 * them when out of memory (the reader then reads the dataset itself). */
static void keep_floats(walk *w, const char *path, hid_t s, float *data)
{
    checksum_floats *k = w->keep;
    hsize_t dims[2] = {1, 1};
    int ndim = H5Sget_simple_extent_ndims(s);
    int shaped = ndim >= 1 && ndim <= 2 && H5Sget_simple_extent_dims(s, dims, NULL) >= 0;
    size_t bytes = shaped ? (size_t)(dims[0] * dims[1]) * sizeof *data : SIZE_MAX;
    char *name = NULL;
    if (bytes > w->keep_budget || !(name = strdup(path)) || make_room(k) < 0) {
        free(name);
        free(data);
        return;
    }
    w->keep_budget -= bytes;
    k->items[k->n++] = (struct kept_floats){name, ndim, {dims[0], dims[1]}, data};
}

static int hash_dataset(walk *w, hid_t d, const char *path)
{
    hid_t t = H5Dget_type(d), s = H5Dget_space(d);
    float *kept = NULL;
    int rc = t < 0 || s < 0 ? -1 : hash_values(w, d, t, s, read_dataset,
                                               w->keep ? &kept : NULL);
    if (kept)
        keep_floats(w, path, s, kept);
    close_type_space(t, s);
    return rc;
}

static herr_t hash_link(hid_t group, const char *name, const H5L_info_t *info, void *data)
{
    (void)info;
    walk *w = data;
    hash(w, name, strlen(name) + 1);
    hid_t obj = H5Oopen(group, name, H5P_DEFAULT);
    H5I_type_t type = obj >= 0 ? H5Iget_type(obj) : H5I_BADID;
    if (obj < 0 || hash_attributes(w, obj) < 0 ||
        (type == H5I_DATASET && hash_dataset(w, obj, name) < 0))
        w->failed = 1;
    if (obj >= 0)
        H5Oclose(obj);
    return w->failed ? -1 : 0;
}

/* The checksum of f into *crc, keeping float datasets in keep (or not,
 * when NULL). */
static int checksum_walk(hid_t f, uint32_t *crc, checksum_floats *keep, sa_error *e)
{
    hsize_t file_size = 0;
    walk w = {0, 0, keep, keep && H5Fget_filesize(f, &file_size) >= 0 ? (size_t)file_size : 0};
    if (hash_attributes(&w, f) < 0 ||
        H5Lvisit(f, H5_INDEX_NAME, H5_ITER_INC, hash_link, &w) < 0 || w.failed)
        return sa_fail(e, "damaged HDF5 file (an object cannot be read for its checksum)");
    *crc = w.crc;
    return 0;
}

int model_checksum(hid_t f, uint32_t *crc, sa_error *e)
{
    return checksum_walk(f, crc, NULL, e);
}

int model_checksum_write(hid_t f, sa_error *e)
{
    uint32_t crc = 0;
    char text[32];
    if (model_checksum(f, &crc, e))
        return -1;
    snprintf(text, sizeof text, "crc32c:%08x", (unsigned)crc);
    return h5_set_string(f, CHECKSUM_ATTR, text, e);
}

int model_checksum_verify(hid_t f, checksum_floats *keep, sa_error *e)
{
    htri_t has = H5Aexists(f, CHECKSUM_ATTR);
    if (has < 0)
        return sa_fail(e, "damaged HDF5 file (the root attributes cannot be read)");
    if (!has)
        return 0; /* written before checksums */
    char stored[32], computed[32];
    uint32_t crc = 0;
    if (h5_get_string(f, CHECKSUM_ATTR, stored, sizeof stored, e))
        return -1;
    int rc = checksum_walk(f, &crc, keep, e);
    snprintf(computed, sizeof computed, "crc32c:%08x", (unsigned)crc);
    if (rc == 0 && strcmp(stored, computed))
        rc = sa_fail(e, "checksum mismatch (stored %s, computed %s): the file is damaged",
                     stored, computed);
    if (rc < 0 && keep)
        checksum_floats_free(keep);
    return rc;
}

/* The item of k called path, or NULL. */
static struct kept_floats *find_kept(const checksum_floats *k, const char *path)
{
    for (size_t i = 0; i < k->n; i++)
        if (!strcmp(k->items[i].path, path))
            return &k->items[i];
    return NULL;
}

float *checksum_floats_take(checksum_floats *k, const char *path, int ndim,
                            const size_t dims[2])
{
    struct kept_floats *it = find_kept(k, path);
    if (!it || it->ndim != ndim || it->dims[0] != dims[0] ||
        it->dims[1] != (ndim == 2 ? dims[1] : 1))
        return NULL;
    float *data = it->data;
    it->data = NULL;
    return data;
}

size_t checksum_floats_length(const checksum_floats *k, const char *path)
{
    const struct kept_floats *it = find_kept(k, path);
    return it && it->ndim == 1 && it->data ? it->dims[0] : 0;
}

void checksum_floats_free(checksum_floats *k)
{
    for (size_t i = 0; i < k->n; i++) {
        free(k->items[i].path);
        free(k->items[i].data);
    }
    free(k->items);
    memset(k, 0, sizeof *k);
}
