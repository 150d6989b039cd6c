/* h5.c — see h5.h. */
#include "model/h5.h"

#include <errno.h>
#include <hdf5_hl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Turns off HDF5's automatic printing of error stacks to stderr (for the
 * calling thread's default stack), and, when this is the library's first
 * use, its clean-up at exit: that frees every internal list one by one
 * (0.15 ms of a 5.4 ms predict --last) while the process ends anyway, and
 * it has nothing to flush, as every file is closed before (a model is
 * written from memory, h5_memory_write). Safe to call repeatedly. */
static void h5_silence(void)
{
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

const char *h5_path(hid_t loc, char *buf, size_t cap)
{
    if (cap == 0 || H5Iget_name(loc, buf, cap) <= 0)
        snprintf(buf, cap, "?");
    return buf;
}

/* The full HDF5 path of loc's member name ("/config/hidden"), for messages;
 * name NULL gives loc's own path. */
static const char *where(hid_t loc, const char *name, char *buf, size_t cap)
{
    char dir[512];
    h5_path(loc, dir, sizeof dir);
    if (!name)
        snprintf(buf, cap, "%s", dir);
    else
        snprintf(buf, cap, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", name);
    return buf;
}

/* Fails with "place: message". */
static int fail_va(sa_error *e, const char *place, const char *fmt, va_list ap)
{
    char msg[SA_ERROR_LEN];
    vsnprintf(msg, sizeof msg, fmt, ap);
    return sa_fail(e, "%s: %s", place, msg);
}

int h5_fail(sa_error *e, hid_t loc, const char *name, const char *fmt, ...)
{
    char place[600];
    va_list ap;
    va_start(ap, fmt);
    fail_va(e, where(loc, name, place, sizeof place), fmt, ap);
    va_end(ap);
    return -1;
}

/* Fails with "PATH attribute attr: message". */
static int fail_attr(sa_error *e, hid_t loc, const char *attr, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_attr(sa_error *e, hid_t loc, const char *attr, const char *fmt, ...)
{
    char path[512], place[700];
    snprintf(place, sizeof place, "%s attribute %s", h5_path(loc, path, sizeof path), attr);
    va_list ap;
    va_start(ap, fmt);
    fail_va(e, place, fmt, ap);
    va_end(ap);
    return -1;
}

/* File access: closing the file closes every object still open in it, so an
 * error path that returns early cannot keep the file alive. */
static hid_t strong_close_fapl(void)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl >= 0)
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG);
    return fapl;
}

hid_t h5_memory_create(const char *name, sa_error *e)
{
    h5_silence();
    hid_t fapl = strong_close_fapl();
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
    hid_t f = -1;
    /* Core driver without backing store: the file lives in memory only and
     * grows 1 MiB at a time. */
    if (fapl >= 0 && fcpl >= 0 && H5Pset_fapl_core(fapl, 1 << 20, 0) >= 0 &&
        H5Pset_obj_track_times(fcpl, 0) >= 0)  /* the root group */
        f = H5Fcreate(name, H5F_ACC_TRUNC, fcpl, fapl);
    H5Pclose(fcpl);
    H5Pclose(fapl);
    if (f < 0)
        return sa_fail(e, "cannot create an HDF5 file in memory");
    return f;
}

int h5_memory_write(hid_t f, FILE *fp, sa_error *e)
{
    int rc = 0;
    char *image = NULL;
    ssize_t size = H5Fflush(f, H5F_SCOPE_GLOBAL) < 0 ? -1 : H5Fget_file_image(f, NULL, 0);
    if (size < 0)
        rc = sa_fail(e, "cannot finish the HDF5 file");
    else if (!(image = malloc((size_t)size)))
        rc = sa_fail(e, "out of memory");
    else if (H5Fget_file_image(f, image, (size_t)size) != size)
        rc = sa_fail(e, "cannot finish the HDF5 file");
    else if (fwrite(image, 1, (size_t)size, fp) != (size_t)size)
        rc = sa_fail(e, "write error: %s", strerror(errno));
    free(image);
    if (H5Fclose(f) < 0 && rc == 0)
        rc = sa_fail(e, "cannot finish the HDF5 file");
    return rc;
}

hid_t h5_file_open(const char *path, sa_error *e)
{
    h5_silence();
    /* stat, not open: opening a named pipe would wait for a writer forever */
    struct stat st;
    if (stat(path, &st) != 0)
        return sa_fail(e, "cannot open: %s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return sa_fail(e, "is a directory, not a model file");
    if (!S_ISREG(st.st_mode))
        return sa_fail(e, "not a regular file (a pipe or a device cannot hold a model)");
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return sa_fail(e, "cannot open: %s", strerror(errno));
    fclose(fp);
    hid_t fapl = strong_close_fapl();
    hid_t f = fapl >= 0 ? H5Fopen(path, H5F_ACC_RDONLY, fapl) : -1;
    H5Pclose(fapl);
    /* Only a file that failed to open is asked whether it is HDF5 at all:
     * asking first would open every good file twice. */
    if (f < 0)
        return sa_fail(e, H5Fis_hdf5(path) > 0 ? "damaged or truncated HDF5 file"
                                                : "not an HDF5 file");
    return f;
}

hid_t h5_group_create(hid_t loc, const char *name, sa_error *e)
{
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    hid_t g = -1;
    if (gcpl >= 0 && H5Pset_obj_track_times(gcpl, 0) >= 0 &&
        H5Pset_attr_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) >= 0)
        g = H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    H5Pclose(gcpl);
    if (g < 0)
        return h5_fail(e, loc, name, "cannot create group");
    return g;
}

int h5_has(hid_t loc, const char *name)
{
    return H5Lexists(loc, name, H5P_DEFAULT) > 0;
}

/* Opens object loc/name after checking that it is there and of type
 * (H5I_GROUP or H5I_DATASET): one lookup of the object's header, where
 * asking its type first and then opening it read the header twice.
 * Returns the id, or -1 with e set ("missing", "not a KIND"). */
static hid_t open_object(hid_t loc, const char *name, H5I_type_t type, const char *kind,
                         sa_error *e)
{
    if (!h5_has(loc, name))
        return h5_fail(e, loc, name, "missing");
    hid_t obj = H5Oopen(loc, name, H5P_DEFAULT);
    if (obj >= 0 && H5Iget_type(obj) == type)
        return obj;
    if (obj >= 0)
        H5Oclose(obj);
    return h5_fail(e, loc, name, "not a %s", kind);
}

hid_t h5_group_open(hid_t loc, const char *name, sa_error *e)
{
    return open_object(loc, name, H5I_GROUP, "group", e);
}

long h5_count_links(hid_t loc, sa_error *e)
{
    H5G_info_t info;
    if (H5Gget_info(loc, &info) < 0)
        return h5_fail(e, loc, NULL, "cannot list group");
    return (long)info.nlinks;
}

/* The H5Lget_name_by_idx / H5Aget_name_by_idx signature. */
typedef ssize_t (*name_by_idx_fn)(hid_t, const char *, H5_index_t, H5_iter_order_t, hsize_t,
                                  char *, size_t, hid_t);

/* Name number idx of loc's links or attributes (get) into buf[cap], its
 * length checked first; what names them in messages. */
static int name_by_idx(name_by_idx_fn get, hid_t loc, H5_index_t index, size_t idx,
                       char *buf, size_t cap, const char *what, sa_error *e)
{
    ssize_t len = get(loc, ".", index, H5_ITER_INC, idx, NULL, 0, H5P_DEFAULT);
    if (len < 0)
        return h5_fail(e, loc, NULL, "cannot list %ss", what);
    if ((size_t)len >= cap)
        return h5_fail(e, loc, NULL, "%s name of %zd bytes is too long", what, len);
    /* A damaged file can fail the second call too; buf must not be used then. */
    if (get(loc, ".", index, H5_ITER_INC, idx, buf, cap, H5P_DEFAULT) != len)
        return h5_fail(e, loc, NULL, "cannot list %ss", what);
    buf[len] = 0;
    return 0;
}

int h5_link_name(hid_t loc, size_t idx, char *buf, size_t cap, sa_error *e)
{
    return name_by_idx(H5Lget_name_by_idx, loc, H5_INDEX_NAME, idx, buf, cap, "member", e);
}

/* Creates dataset name of type and space with no timestamps. */
static hid_t create_dataset(hid_t loc, const char *name, hid_t type, hid_t space)
{
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hid_t d = -1;
    if (dcpl >= 0 && H5Pset_obj_track_times(dcpl, 0) >= 0)
        d = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Pclose(dcpl);
    return d;
}

int h5_write_floats(hid_t loc, const char *name, int ndim, const size_t dims[2],
                    const float *data, sa_error *e)
{
    hsize_t hd[2] = {dims[0], ndim == 2 ? dims[1] : 1};
    hid_t space = H5Screate_simple(ndim, hd, NULL);
    hid_t d = space >= 0 ? create_dataset(loc, name, H5T_IEEE_F32LE, space) : -1;
    int bad = d < 0;
    if (!bad && hd[0] * hd[1] > 0)
        bad = H5Dwrite(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0;
    if (d >= 0)
        bad |= H5Dclose(d) < 0;
    H5Sclose(space);
    if (bad)
        return h5_fail(e, loc, name, "cannot write dataset");
    return 0;
}

/* Opens float dataset name and reads its shape (as h5_float_shape):
 * one open for shape and data, where the H5LT calls opened it three
 * times (a third of loading a model). Returns the dataset or -1. */
static hid_t open_floats(hid_t loc, const char *name, int *ndim, size_t dims[2], sa_error *e)
{
    hid_t d = open_object(loc, name, H5I_DATASET, "dataset", e);
    if (d < 0)
        return -1;
    hid_t space = H5Dget_space(d), type = H5Dget_type(d);
    int rank = space < 0 ? -1 : H5Sget_simple_extent_ndims(space);
    hsize_t hd[2] = {1, 1};
    H5T_class_t cls = type < 0 ? H5T_NO_CLASS : H5Tget_class(type);
    int rc = 0;
    if (space < 0 || type < 0 || rank < 0)
        rc = h5_fail(e, loc, name, "unreadable dataset");
    else if (rank < 1 || rank > 2)
        rc = h5_fail(e, loc, name, "%d dimensions, expected 1 or 2", rank);
    else if (H5Sget_simple_extent_dims(space, hd, NULL) < 0)
        rc = h5_fail(e, loc, name, "unreadable dataset");
    else if (cls != H5T_FLOAT)
        rc = h5_fail(e, loc, name, "not a floating point dataset");
    if (space >= 0)
        H5Sclose(space);
    if (type >= 0)
        H5Tclose(type);
    if (rc < 0) {
        if (d >= 0)
            H5Dclose(d);
        return -1;
    }
    *ndim = rank;
    dims[0] = (size_t)hd[0];
    dims[1] = rank == 2 ? (size_t)hd[1] : 1;
    return d;
}

int h5_float_shape(hid_t loc, const char *name, int *ndim, size_t dims[2], sa_error *e)
{
    hid_t d = open_floats(loc, name, ndim, dims, e);
    if (d < 0)
        return -1;
    H5Dclose(d);
    return 0;
}

/* "(r, c)" or "(r)" for messages. */
static const char *shape_text(int ndim, const size_t dims[2], char *buf, size_t cap)
{
    if (ndim == 2)
        snprintf(buf, cap, "(%zu, %zu)", dims[0], dims[1]);
    else
        snprintf(buf, cap, "(%zu)", dims[0]);
    return buf;
}

int h5_read_floats(hid_t loc, const char *name, int ndim, const size_t dims[2],
                   float *out, sa_error *e)
{
    char have_text[64], want_text[64];
    int have_ndim, rc = 0;
    size_t have[2];
    hid_t d = open_floats(loc, name, &have_ndim, have, e);
    if (d < 0)
        return -1;
    size_t want1 = ndim == 2 ? dims[1] : 1;
    if (have_ndim != ndim || have[0] != dims[0] || have[1] != want1)
        rc = h5_fail(e, loc, name, "shape %s, expected %s",
                     shape_text(have_ndim, have, have_text, sizeof have_text),
                     shape_text(ndim, dims, want_text, sizeof want_text));
    else if (dims[0] * want1 > 0 &&
             H5Dread(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0)
        rc = h5_fail(e, loc, name, "cannot read data (damaged file?)");
    H5Dclose(d);
    return rc;
}

int h5_read_floats_1d(hid_t loc, const char *name, size_t max, float **out, size_t *n,
                      sa_error *e)
{
    int ndim;
    size_t dims[2];
    *out = NULL;
    *n = 0;
    if (h5_float_shape(loc, name, &ndim, dims, e) < 0)
        return -1;
    if (ndim != 1)
        return h5_fail(e, loc, name, "2 dimensions, expected 1");
    if (dims[0] > max)
        return h5_fail(e, loc, name, "length %zu exceeds the limit %zu", dims[0], max);
    if (dims[0] == 0)
        return 0;
    float *data = malloc(dims[0] * sizeof *data);
    if (!data)
        return sa_fail(e, "out of memory");
    if (h5_read_floats(loc, name, 1, dims, data, e) < 0) {
        free(data);
        return -1;
    }
    *out = data;
    *n = dims[0];
    return 0;
}

/* A fixed-length C string type of size bytes. */
static hid_t fixed_string_type(size_t size)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t >= 0 && (H5Tset_size(t, size) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0)) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

int h5_write_text(hid_t loc, const char *name, const char *text, sa_error *e)
{
    hid_t type = fixed_string_type(strlen(text) + 1);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t d = type >= 0 && space >= 0 ? create_dataset(loc, name, type, space) : -1;
    int bad = d < 0 || H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, text) < 0;
    if (d >= 0)
        bad |= H5Dclose(d) < 0;
    H5Sclose(space);
    H5Tclose(type);
    if (bad)
        return h5_fail(e, loc, name, "cannot write dataset");
    return 0;
}

int h5_read_text(hid_t loc, const char *name, size_t max, char **out, sa_error *e)
{
    *out = NULL;
    hid_t d = open_object(loc, name, H5I_DATASET, "dataset", e);
    if (d < 0)
        return -1;
    hid_t type = H5Dget_type(d);
    hid_t space = H5Dget_space(d);
    int ok = type >= 0 && space >= 0 && H5Tget_class(type) == H5T_STRING &&
             H5Tis_variable_str(type) == 0 && H5Sget_simple_extent_type(space) == H5S_SCALAR;
    size_t size = ok ? H5Tget_size(type) : 0;
    char *text = NULL;
    int rc = 0;
    if (!ok)
        rc = h5_fail(e, loc, name, "not a scalar fixed-length string");
    else if (size > max)
        rc = h5_fail(e, loc, name, "%zu bytes exceeds the limit %zu", size, max);
    else if (!(text = calloc(size + 1, 1)))
        rc = sa_fail(e, "out of memory");
    else {
        hid_t mem = fixed_string_type(size);
        if (mem < 0 || H5Tset_cset(mem, H5Tget_cset(type)) < 0 ||
            H5Tset_strpad(mem, H5T_STR_NULLPAD) < 0 ||
            H5Dread(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, text) < 0)
            rc = h5_fail(e, loc, name, "cannot read data (damaged file?)");
        H5Tclose(mem);
    }
    H5Sclose(space);
    H5Tclose(type);
    H5Dclose(d);
    if (rc < 0) {
        free(text);
        return -1;
    }
    *out = text;
    return 0;
}

/* Writes attribute attr of loc with n values of mem_type stored as
 * file_type, replacing an existing one: a scalar when n == 1 unless list,
 * else 1-D (n). */
static int set_attr(hid_t loc, const char *attr, hid_t file_type, hid_t mem_type,
                    const void *v, size_t n, int list, sa_error *e)
{
    if (H5Aexists(loc, attr) > 0)
        H5Adelete(loc, attr);
    hsize_t dim = n;
    hid_t space = n == 1 && !list ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &dim, NULL);
    hid_t a = space >= 0 ? H5Acreate2(loc, attr, file_type, space, H5P_DEFAULT,
                                      H5P_DEFAULT) : -1;
    int bad = a < 0 || (n > 0 && H5Awrite(a, mem_type, v) < 0);
    if (a >= 0)
        bad |= H5Aclose(a) < 0;
    H5Sclose(space);
    if (bad)
        return fail_attr(e, loc, attr, "cannot write");
    return 0;
}

int h5_set_int64s(hid_t loc, const char *attr, const int64_t *v, size_t n, sa_error *e)
{
    return set_attr(loc, attr, H5T_STD_I64LE, H5T_NATIVE_INT64, v, n, 0, e);
}

int h5_set_doubles(hid_t loc, const char *attr, const double *v, size_t n, sa_error *e)
{
    return set_attr(loc, attr, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v, n, 0, e);
}

int h5_set_int(hid_t loc, const char *attr, int v, sa_error *e)
{
    return set_attr(loc, attr, H5T_STD_I32LE, H5T_NATIVE_INT, &v, 1, 0, e);
}

int h5_set_double(hid_t loc, const char *attr, double v, sa_error *e)
{
    return h5_set_doubles(loc, attr, &v, 1, e);
}

int h5_set_string(hid_t loc, const char *attr, const char *v, sa_error *e)
{
    if (H5LTset_attribute_string(loc, ".", attr, v) < 0)
        return fail_attr(e, loc, attr, "cannot write");
    return 0;
}

int h5_set_strings(hid_t loc, const char *attr, const char *const *v, size_t n,
                   sa_error *e)
{
    size_t width = 1;
    for (size_t i = 0; i < n; i++)
        if (strlen(v[i]) + 1 > width)
            width = strlen(v[i]) + 1;
    char *packed = calloc(n ? n : 1, width);  /* (n, width), NUL-padded */
    hid_t type = fixed_string_type(width);
    if (!packed || type < 0) {
        free(packed);
        H5Tclose(type);
        return sa_fail(e, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        memcpy(packed + i * width, v[i], strlen(v[i]));
    int rc = set_attr(loc, attr, type, type, packed, n, 1, e);
    H5Tclose(type);
    free(packed);
    return rc;
}

/* Opens attribute attr of loc after checking it exists; *count receives its
 * element count and *cls its type class. Returns the attribute id or -1. */
static hid_t open_attr(hid_t loc, const char *attr, hssize_t *count, H5T_class_t *cls,
                       sa_error *e)
{
    if (H5Aexists(loc, attr) <= 0)
        return fail_attr(e, loc, attr, "missing");
    hid_t a = H5Aopen(loc, attr, H5P_DEFAULT);
    hid_t space = a >= 0 ? H5Aget_space(a) : -1;
    hid_t type = a >= 0 ? H5Aget_type(a) : -1;
    int rank = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1;
    *count = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
    *cls = type >= 0 ? H5Tget_class(type) : H5T_NO_CLASS;
    H5Sclose(space);
    H5Tclose(type);
    if (a < 0 || rank < 0 || *count < 0) {
        H5Aclose(a);
        return fail_attr(e, loc, attr, "unreadable");
    }
    if (rank > 1) {
        H5Aclose(a);
        return fail_attr(e, loc, attr, "%d dimensions, expected at most 1", rank);
    }
    return a;
}

/* Reads exactly n numbers of attr as mem_type into out; integer_only
 * rejects floating point attributes. */
static int get_numbers(hid_t loc, const char *attr, hid_t mem_type, int integer_only,
                       void *out, size_t n, sa_error *e)
{
    hssize_t count;
    H5T_class_t cls;
    hid_t a = open_attr(loc, attr, &count, &cls, e);
    if (a < 0)
        return -1;
    int rc = 0;
    if (cls != H5T_INTEGER && (integer_only || cls != H5T_FLOAT))
        rc = fail_attr(e, loc, attr, "not %s",
                     integer_only ? "an integer" : "a number");
    else if ((size_t)count != n)
        rc = fail_attr(e, loc, attr, "%lld values, expected %zu", (long long)count, n);
    else if (H5Aread(a, mem_type, out) < 0)
        rc = fail_attr(e, loc, attr, "unreadable");
    H5Aclose(a);
    return rc;
}

int h5_get_ints(hid_t loc, const char *attr, long long *out, size_t n, sa_error *e)
{
    return get_numbers(loc, attr, H5T_NATIVE_LLONG, 1, out, n, e);
}

int h5_get_doubles(hid_t loc, const char *attr, double *out, size_t n, sa_error *e)
{
    return get_numbers(loc, attr, H5T_NATIVE_DOUBLE, 0, out, n, e);
}

int h5_get_int(hid_t loc, const char *attr, long long *out, sa_error *e)
{
    return h5_get_ints(loc, attr, out, 1, e);
}

int h5_get_double(hid_t loc, const char *attr, double *out, sa_error *e)
{
    return h5_get_doubles(loc, attr, out, 1, e);
}

/* Copies the string src of at most len bytes into slot[cap]; fails when it
 * does not fit. */
static int copy_item(char *slot, size_t cap, const char *src, size_t len)
{
    len = strnlen(src, len);
    if (len >= cap)
        return -1;
    memcpy(slot, src, len);
    slot[len] = '\0';
    return 0;
}

/* Reads the count fixed-length strings of attribute a into slots of cap
 * bytes. Returns 0, or -1 when one does not fit (*why = "string too long"),
 * the strings are variable-length, or the read fails. Variable-length
 * strings live in HDF5's global heap, whose reader (1.10) crashes on a
 * damaged heap instead of failing; scaleahead writes none and reads none. */
static int read_strings(hid_t a, size_t count, char *buf, size_t cap, const char **why)
{
    hid_t type = H5Aget_type(a);
    htri_t variable = type >= 0 ? H5Tis_variable_str(type) : -1;
    size_t size = type >= 0 ? H5Tget_size(type) : 0;
    H5T_cset_t cset = type >= 0 ? H5Tget_cset(type) : H5T_CSET_ERROR;
    H5Tclose(type);
    *why = "unreadable";
    if (variable) {
        if (variable > 0)
            *why = "variable-length strings are not accepted (write fixed-length ones)";
        return -1;
    }
    if (size > cap) {
        /* checked before reading: a width claiming gigabytes allocates nothing */
        *why = "string too long";
        return -1;
    }
    hid_t mem = fixed_string_type(size);
    char *raw = calloc(count ? count : 1, size);
    /* HDF5 converts no character set into another: read as stored. */
    int rc = raw && mem >= 0 && H5Tset_cset(mem, cset) >= 0 &&
             H5Tset_strpad(mem, H5T_STR_NULLPAD) >= 0 && H5Aread(a, mem, raw) >= 0 ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < count; i++)
        if (copy_item(buf + i * cap, cap, raw + i * size, size) < 0) {
            *why = "string too long";
            rc = -1;
        }
    free(raw);
    H5Tclose(mem);
    return rc;
}

int h5_get_strings(hid_t loc, const char *attr, char *buf, size_t cap, size_t max_items,
                   sa_error *e)
{
    hssize_t count;
    H5T_class_t cls;
    hid_t a = open_attr(loc, attr, &count, &cls, e);
    if (a < 0)
        return -1;
    const char *why;
    int rc = 0;
    if (cls != H5T_STRING)
        rc = fail_attr(e, loc, attr, "not a string");
    else if ((size_t)count > max_items)
        rc = fail_attr(e, loc, attr, "%lld strings, at most %zu allowed", (long long)count, max_items);
    else if (read_strings(a, (size_t)count, buf, cap, &why) < 0)
        rc = fail_attr(e, loc, attr, "%s", why);
    H5Aclose(a);
    return rc < 0 ? -1 : (int)count;
}

int h5_get_string(hid_t loc, const char *attr, char *buf, size_t cap, sa_error *e)
{
    hssize_t count;
    H5T_class_t cls;
    hid_t a = open_attr(loc, attr, &count, &cls, e);
    if (a < 0)
        return -1;
    hid_t space = H5Aget_space(a);
    int scalar = H5Sget_simple_extent_type(space) == H5S_SCALAR;
    H5Sclose(space);
    const char *why;
    int rc = 0;
    if (cls != H5T_STRING || !scalar)
        rc = fail_attr(e, loc, attr, "not a single string");
    else if (read_strings(a, 1, buf, cap, &why) < 0)
        rc = fail_attr(e, loc, attr, "%s", why);
    H5Aclose(a);
    return rc;
}

long h5_count_attrs(hid_t loc, sa_error *e)
{
    H5O_info_t info;
    if (H5Oget_info2(loc, &info, H5O_INFO_NUM_ATTRS) < 0)
        return h5_fail(e, loc, NULL, "unreadable");
    return (long)info.num_attrs;
}

int h5_attr_name(hid_t loc, size_t idx, char *buf, size_t cap, sa_error *e)
{
    unsigned flags = 0;
    hid_t cpl = H5Iget_type(loc) == H5I_GROUP ? H5Gget_create_plist(loc) : -1;
    if (cpl >= 0)
        H5Pget_attr_creation_order(cpl, &flags);
    H5Pclose(cpl);
    H5_index_t index = flags & H5P_CRT_ORDER_INDEXED ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
    return name_by_idx(H5Aget_name_by_idx, loc, index, idx, buf, cap, "attribute", e);
}
