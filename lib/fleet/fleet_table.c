/* fleet_table.c — see fleet_table.h. */
#include "fleet/fleet_table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/outfile.h"
#include "series/csv.h"

const char fleet_table_header[] =
    "series,rows,model,val_mae,test_mae,persistence_mae,skill,coverage,seconds,status,message";

#define FLEET_COLUMNS 11

static const char *const status_names[] = {"pending", "ok", "failed"};

const char *fleet_status_name(int status)
{
    return status >= 0 && status <= FLEET_FAILED ? status_names[status] : "?";
}

int fleet_status_by_name(const char *name)
{
    for (int i = 0; i <= FLEET_FAILED; i++)
        if (!strcmp(name, status_names[i]))
            return i;
    return -1;
}

void fleet_row_pending(fleet_row *r, const char *name)
{
    memset(r, 0, sizeof *r);
    snprintf(r->series, sizeof r->series, "%s", name);
    r->val_mae = r->test_mae = r->persistence_mae = r->skill = r->coverage = r->seconds = NAN;
    r->status = FLEET_PENDING;
}

/* A number, or nothing where it is undefined. */
static int put_number(FILE *fp, double v)
{
    if (!isfinite(v))
        return fputc(',', fp) == EOF ? -1 : 0;
    char text[40], *end = csv_put_float(text, v);
    *end = '\0';
    return fprintf(fp, "%s,", text) < 0 ? -1 : 0;
}

/* The message as one CSV field: quoted when it holds a comma or quote,
 * control bytes (a line end) as spaces. */
static int put_message(FILE *fp, const char *m)
{
    int quote = strpbrk(m, ",\"") != NULL;
    if (quote && fputc('"', fp) == EOF)
        return -1;
    for (const char *c = m; *c; c++) {
        char ch = (unsigned char)*c < 0x20 ? ' ' : *c;
        if ((ch == '"' && fputc('"', fp) == EOF) || fputc(ch, fp) == EOF)
            return -1;
    }
    return (quote && fputc('"', fp) == EOF) || fputc('\n', fp) == EOF ? -1 : 0;
}

int fleet_table_print(FILE *fp, const fleet_row *rows, size_t n)
{
    if (fprintf(fp, "%s\n", fleet_table_header) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const fleet_row *r = &rows[i];
        if (fprintf(fp, "%s,", r->series) < 0 ||
            (r->status == FLEET_PENDING ? fputc(',', fp) == EOF
                                        : fprintf(fp, "%ld,", r->rows) < 0) ||
            fprintf(fp, "%s,", r->model) < 0 || put_number(fp, r->val_mae) ||
            put_number(fp, r->test_mae) || put_number(fp, r->persistence_mae) ||
            put_number(fp, r->skill) || put_number(fp, r->coverage))
            return -1;
        char seconds[40] = "";
        if (isfinite(r->seconds))
            snprintf(seconds, sizeof seconds, "%.2f", r->seconds);
        if (fprintf(fp, "%s,%s,", seconds, fleet_status_name(r->status)) < 0 ||
            put_message(fp, r->message))
            return -1;
    }
    return 0;
}

int fleet_table_write(const char *path, const fleet_row *rows, size_t n, sa_error *e)
{
    outfile of;
    if (outfile_open(&of, path, e))
        return -1;
    if (fleet_table_print(of.fp, rows, n))
        return outfile_fail(&of, e);
    return outfile_commit(&of, e);
}

/* Reading back, for --resume. */
typedef struct table_reader {
    const char *path;
    fleet_row *rows;
    size_t n, cap;
} table_reader;

/* Field i of row as a number, NaN when empty. */
static int field_number(const csv_row *row, size_t i, const char *path, const char *column,
                        double *out, sa_error *e)
{
    if (row->len[i] == 0) {
        *out = NAN;
        return 0;
    }
    return csv_field_double(row, i, path, column, out, e);
}

static int on_table_row(void *ctx, const csv_row *row, sa_error *e)
{
    table_reader *t = ctx;
    if (row->n_fields != FLEET_COLUMNS)
        return sa_fail(e, "%s:%ld: %zu fields, a fleet table row has %d", t->path, row->line,
                       row->n_fields, FLEET_COLUMNS);
    if (row->line == 1) /* the header: the table's own, or not a fleet table */
        return strcmp(row->field[0], "series") || strcmp(row->field[9], "status")
            ? sa_fail(e, "%s:1: not a fleet table (its header is not fleet.csv's)", t->path) : 0;
    if (t->n == t->cap && array_resize(&t->rows, t->cap = t->cap ? 2 * t->cap : 64,
                                       sizeof *t->rows))
        return sa_fail(e, "out of memory");
    fleet_row *r = &t->rows[t->n];
    fleet_row_pending(r, row->field[0]);
    double rows;
    static const char *const names[] = {"val_mae", "test_mae", "persistence_mae", "skill",
                                        "coverage", "seconds"};
    double *values[] = {&r->val_mae, &r->test_mae, &r->persistence_mae, &r->skill,
                        &r->coverage, &r->seconds};
    if (field_number(row, 1, t->path, "rows", &rows, e))
        return -1;
    for (size_t i = 0; i < 6; i++)
        if (field_number(row, i + 3, t->path, names[i], values[i], e))
            return -1;
    r->rows = isfinite(rows) ? (long)rows : 0;
    snprintf(r->model, sizeof r->model, "%s", row->field[2]);
    snprintf(r->message, sizeof r->message, "%s", row->field[10]);
    if ((r->status = fleet_status_by_name(row->field[9])) < 0)
        return sa_fail(e, "%s:%ld: column status: '%.40s' is not ok, failed or pending",
                       t->path, row->line, row->field[9]);
    if (!fleet_name_ok(r->series))
        return sa_fail(e, "%s:%ld: column series: '%.40s' is not a series name", t->path,
                       row->line, row->field[0]);
    t->n++;
    return 0;
}

int fleet_table_read(const char *path, fleet_row **rows, size_t *n, sa_error *e)
{
    table_reader t = {path, NULL, 0, 0};
    int rc = csv_read_delimited(path, ',', on_table_row, &t, e);
    outfile_forget_input(path); /* read whole: the run rewrites it */
    if (rc) {
        free(t.rows);
        return -1;
    }
    *rows = t.rows;
    *n = t.n;
    return 0;
}
