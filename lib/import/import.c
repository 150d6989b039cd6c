/* import.c — see import.h. The inputs are read whole into memory (exports
 * are small, and stdin must be looked at before its format is known), each
 * by its reader into one import_set; the chosen columns (import_select.c)
 * are then put on a common time axis and written by import_write.c. */
#include "import/import.h"
#include "import/import_csv.h"
#include "import/import_json.h"
#include "import/import_select.h"
#include "import/import_write.h"
#include "series/csv.h"
#include "base/message.h"
#include "base/outfile.h"
#include "base/strlist.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int import_parse_format(const char *text, import_format *f)
{
    static const char *const names[] = {"auto", "cloudwatch", "prometheus", "csv"};
    int i = strlist_index(names, 4, text);
    if (i < 0)
        return -1;
    *f = (import_format)i;
    return 0;
}

/* The largest input read into memory (exports are megabytes; this stops an
 * endless stdin before it takes the machine's memory). */
#define IMPORT_MAX_BYTES ((size_t)1 << 30)

/* Reads all of path ("-" = stdin) into a NUL-terminated buffer. */
static char *slurp(const char *path, size_t *n, sa_error *e)
{
    const char *name = csv_display_name(path);
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!fp)
        return sa_fail(e, "%s: cannot open: %s", name, strerror(errno)), NULL;
    size_t cap = 1 << 16, used = 0, got;
    char *buf = malloc(cap + 1);
    const char *why = buf ? NULL : "out of memory";
    while (!why && (got = fread(buf + used, 1, cap - used, fp)) > 0) {
        used += got;
        if (used < cap)
            continue;
        char *more = cap < IMPORT_MAX_BYTES ? realloc(buf, 2 * cap + 1) : NULL;
        if (!more)
            why = cap < IMPORT_MAX_BYTES ? "out of memory" : "is larger than 1 GiB; import it in parts";
        else
            buf = more, cap *= 2;
    }
    if (!why && ferror(fp))
        why = "read error";
    outfile_note_input(fileno(fp), name); /* no output of the run may replace it */
    if (fp != stdin)
        fclose(fp);
    if (why) {
        free(buf);
        return sa_fail(e, "%s: %s", name, why), NULL;
    }
    buf[used] = 0;
    *n = used;
    return buf;
}

/* Reads one JSON document (CloudWatch or Prometheus, or detected by its
 * keys); name is the input as messages call it. */
static int read_document(import_set *set, const json_t *root, const char *name,
                         import_format format, const import_reading *r, sa_error *e)
{
    if (json_is_array(root) && format != IMPORT_PROMETHEUS)
        return import_read_cloudwatch(set, root, name, r, e); /* --query MetricDataResults */
    if (!json_is_object(root))
        return sa_fail(e, "%s: $: is not an object (not a CloudWatch or Prometheus export)", name);
    if (format == IMPORT_CLOUDWATCH || (format == IMPORT_AUTO &&
        (json_object_get(root, "MetricDataResults") || json_object_get(root, "Datapoints"))))
        return import_read_cloudwatch(set, root, name, r, e);
    if (format == IMPORT_PROMETHEUS || (format == IMPORT_AUTO && json_object_get(root, "status")))
        return import_read_prometheus(set, root, name, r, e);
    return sa_fail(e, "%s: $: neither a CloudWatch export (MetricDataResults, Datapoints) "
                   "nor a Prometheus answer (status, data); give --format", name);
}

/* Reads the JSON documents of one input, one after another (pages saved
 * to one file); the second and later are named "FILE (document K)". */
static int read_json(import_set *set, const char *text, size_t n, const char *name,
                     import_format format, const import_reading *r, sa_error *e)
{
    size_t at = 0;
    json_t *root;
    int got, rc = 0;
    for (int k = 1; rc == 0 && (got = import_json_next(text, n, &at, name, &root, e)) == 1; k++) {
        char shown[600];
        snprintf(shown, sizeof shown, k == 1 ? "%s" : "%s (document %d)", name, k);
        rc = read_document(set, root, shown, format, r, e);
        json_decref(root);
    }
    return rc ? rc : got;
}

/* Reads one input into set. */
static int read_input(import_set *set, const char *path, const import_options *o,
                      const import_reading *r, sa_error *e)
{
    const char *name = csv_display_name(path);
    size_t n;
    char *text = slurp(path, &n, e);
    if (!text)
        return -1;
    /* A UTF-8 byte-order mark (Windows tools write one) is no part of the text. */
    size_t bom = n >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    const char *looks = csv_looks_like((const unsigned char *)text, n);
    int rc;
    set->input = path;
    if (looks && strncmp(looks, "JSON", 4))
        rc = sa_fail(e, "%s: looks like %s; convert it first: iconv -f UTF-16 -t UTF-8 %s",
                     name, looks, name);
    else if (o->format == IMPORT_CSV || (o->format == IMPORT_AUTO && !looks)) {
        import_csv_options co = {o->time_column, o->delimiter, r};
        rc = import_read_csv(set, text, n, name, &co, e);
    } else
        rc = read_json(set, text + bom, n - bom, name, o->format, r, e);
    free(text);
    return rc;
}

int import_run(const import_options *o, sa_error *e)
{
    tz_zone zone;
    if (tz_open(&zone, o->tz ? o->tz : "UTC", e))
        return -1;
    import_reading r = {&zone, o->missing, o->n_missing};
    import_set set = {0};
    import_column *cols = NULL;
    size_t n_cols = 0;
    /* An output that is an input is refused before anything is read. */
    for (size_t i = 0; i < o->n_inputs; i++)
        if (strcmp(o->inputs[i], "-"))
            outfile_note_input_path(o->inputs[i]);
        else
            outfile_note_input(fileno(stdin), "stdin");
    int rc = outfile_check(o->output, e);
    for (size_t i = 0; rc == 0 && i < o->n_inputs; i++)
        rc = read_input(&set, o->inputs[i], o, &r, e);
    if (rc == 0)
        rc = import_select(&set, o->inputs, o->n_inputs, o->columns, o->n_columns, o->aggs,
                           o->n_aggs, &cols, &n_cols, e);
    if (rc == 0)
        rc = import_align(cols, n_cols, o->step, e);
    if (rc == 0)
        rc = import_write(cols, n_cols, o->output, e);
    import_columns_free(cols, n_cols);
    import_set_free(&set);
    return rc;
}
