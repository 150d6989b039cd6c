/* import_json.c — see import_json.h. */
#include "import/import_json.h"
#include "series/csv.h"

#include <string.h>
#include <strings.h>

int import_json_next(const char *text, size_t n, size_t *at, const char *file, json_t **root,
                     sa_error *e)
{
    size_t i = *at;
    while (i < n && strchr(" \t\r\n", text[i]))
        i++;
    *at = i;
    if (i >= n)
        return 0;
    json_error_t err;
    *root = json_loadb(text + i, n - i, JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK |
                       JSON_DECODE_ANY, &err);
    if (!*root) {
        int line = err.line;
        for (size_t k = 0; k < i; k++)
            line += text[k] == '\n';
        return sa_fail(e, "%s:%d: invalid JSON: %s", file, line, err.text);
    }
    *at = i + err.position;
    return 1;
}

int import_json_number(const json_t *j, const char *file, const char *path,
                       const import_reading *r, double *v, sa_error *e)
{
    if (json_is_number(j)) {
        *v = json_number_value(j);
        return 1;
    }
    if (!json_is_string(j))
        return sa_fail(e, "%s: %s: is not a number (a JSON %s)", file, path,
                       json_is_null(j) ? "null" : json_is_object(j) ? "object"
                       : json_is_array(j) ? "array" : "true/false");
    const char *text = json_string_value(j);
    size_t len = json_string_length(j);
    if (len && import_is_missing(r, text, len))
        return 0;
    const char *why;
    if (csv_parse_double(text, len, v, &why) == 0)
        return 1;
    return sa_fail(e, "%s: %s: '%.*s%s' %s", file, path, len > 40 ? 40 : (int)len, text,
                   len > 40 ? "..." : "", why);
}

int import_json_push(import_series *s, int64_t t, const json_t *j, const char *file,
                     const char *path, const import_reading *r, sa_error *e)
{
    double v;
    int got = import_json_number(j, file, path, r, &v, e);
    if (got < 0)
        return -1;
    if (got && import_series_push(s, t, v))
        return sa_fail(e, "%s: out of memory", file);
    return 0;
}
