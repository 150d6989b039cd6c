/* checksum.c — see checksum.h. */
#include "model/checksum.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/crc32c.h"
#include "model/h5.h"

#define CHECKSUM_ATTR "checksum"

typedef struct walk {
    uint32_t crc;
    int failed;
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

static int hash_values(walk *w, hid_t obj, hid_t ftype, hid_t space, read_fn read)
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
    if (t < 0 || s < 0 || hash_values(w, a, t, s, read_attr) < 0)
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

static int hash_dataset(walk *w, hid_t d)
{
    hid_t t = H5Dget_type(d), s = H5Dget_space(d);
    int rc = t < 0 || s < 0 ? -1 : hash_values(w, d, t, s, read_dataset);
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
        (type == H5I_DATASET && hash_dataset(w, obj) < 0))
        w->failed = 1;
    if (obj >= 0)
        H5Oclose(obj);
    return w->failed ? -1 : 0;
}

int model_checksum(hid_t f, uint32_t *crc, sa_error *e)
{
    walk w = {0, 0};
    if (hash_attributes(&w, f) < 0 ||
        H5Lvisit(f, H5_INDEX_NAME, H5_ITER_INC, hash_link, &w) < 0 || w.failed)
        return sa_fail(e, "damaged HDF5 file (an object cannot be read for its checksum)");
    *crc = w.crc;
    return 0;
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

int model_checksum_verify(hid_t f, sa_error *e)
{
    htri_t has = H5Aexists(f, CHECKSUM_ATTR);
    if (has < 0)
        return sa_fail(e, "damaged HDF5 file (the root attributes cannot be read)");
    if (!has)
        return 0; /* written before checksums */
    char stored[32], computed[32];
    uint32_t crc = 0;
    if (h5_get_string(f, CHECKSUM_ATTR, stored, sizeof stored, e) || model_checksum(f, &crc, e))
        return -1;
    snprintf(computed, sizeof computed, "crc32c:%08x", (unsigned)crc);
    if (strcmp(stored, computed))
        return sa_fail(e, "checksum mismatch (stored %s, computed %s): the file is damaged",
                       stored, computed);
    return 0;
}
