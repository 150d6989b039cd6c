/* fleet_report.c — see fleet_report.h. */
#include "fleet/fleet_report.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/outfile.h"
#include "eval/plot.h"

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The finite values of field (an offset into fleet_row) of the ok rows,
 * sorted, into a new array; *n their count. */
static double *finite_sorted(const fleet_result *r, size_t field, size_t *n)
{
    double *v = malloc((r->n ? r->n : 1) * sizeof *v);
    *n = 0;
    for (size_t i = 0; v && i < r->n; i++) {
        double x;
        memcpy(&x, (const char *)&r->rows[i] + field, sizeof x);
        if (r->rows[i].status == FLEET_OK && isfinite(x))
            v[(*n)++] = x;
    }
    if (v)
        qsort(v, *n, sizeof *v, by_value);
    return v;
}

/* The q-quantile of sorted v (n > 0), by linear interpolation. */
static double quantile(const double *v, size_t n, double q)
{
    double at = q * (double)(n - 1);
    size_t lo = (size_t)at;
    return lo + 1 < n ? v[lo] + (at - (double)lo) * (v[lo + 1] - v[lo]) : v[n - 1];
}

static void print_quantiles(FILE *fp, const char *what, const double *v, size_t n)
{
    if (n == 0) {
        fprintf(fp, "%s: none measured\n", what);
        return;
    }
    fprintf(fp, "%s over %zu series: min %.3f, p10 %.3f, median %.3f, p90 %.3f, max %.3f\n",
            what, n, v[0], quantile(v, n, 0.1), quantile(v, n, 0.5), quantile(v, n, 0.9),
            v[n - 1]);
}

/* Skill in fixed bands: where a fleet stands at a glance. */
static void print_skill_bands(FILE *fp, const double *v, size_t n)
{
    static const double edge[] = {-INFINITY, 0, 0.1, 0.2, 0.3, 0.5, INFINITY};
    static const char *const label[] = {"below 0 (worse than persistence)", "0 to 0.1",
                                        "0.1 to 0.2", "0.2 to 0.3", "0.3 to 0.5", "0.5 and up"};
    for (int b = 0; b < 6; b++) {
        size_t count = 0;
        for (size_t i = 0; i < n; i++)
            count += v[i] >= edge[b] && v[i] < edge[b + 1];
        fprintf(fp, "  %-34s %5zu  ", label[b], count);
        for (size_t k = 0; k < count && k < 60; k++)
            fputc('#', fp);
        fputc('\n', fp);
    }
}

/* The forecasters kept, most frequent first. */
static void print_kept(FILE *fp, const fleet_result *r)
{
    size_t n = 0, *count = calloc(r->n ? r->n : 1, sizeof *count);
    const char **name = calloc(r->n ? r->n : 1, sizeof *name);
    for (size_t i = 0; count && name && i < r->n; i++) {
        if (r->rows[i].status != FLEET_OK)
            continue;
        size_t k = 0;
        while (k < n && strcmp(name[k], r->rows[i].model))
            k++;
        if (k == n)
            name[n++] = r->rows[i].model;
        count[k]++;
    }
    fputs("forecasters kept:", fp);
    for (size_t shown = 0; shown < n; shown++) {
        size_t best = 0;
        for (size_t k = 1; k < n; k++)
            best = count[k] > count[best] ? k : best;
        fprintf(fp, "%s %s %zu", shown ? "," : "", name[best], count[best]);
        count[best] = 0;
    }
    fputs(n ? "\n" : " none\n", fp);
    free(count);
    free(name);
}

/* Worst first: failed, then pending, then by skill ascending (undefined
 * skill after the defined ones), then by name. */
static int worst_first(const void *a, const void *b)
{
    const fleet_row *x = *(const fleet_row *const *)a, *y = *(const fleet_row *const *)b;
    static const int rank[] = {1, 2, 0}; /* pending, ok, failed */
    if (rank[x->status] != rank[y->status])
        return rank[x->status] - rank[y->status];
    int fx = isfinite(x->skill), fy = isfinite(y->skill);
    if (fx != fy)
        return fy - fx;
    if (fx && x->skill != y->skill)
        return x->skill < y->skill ? -1 : 1;
    return strcmp(x->series, y->series);
}

static void print_worst(FILE *fp, const fleet_result *r)
{
    const fleet_row **rows = malloc((r->n ? r->n : 1) * sizeof *rows);
    if (!rows)
        return;
    for (size_t i = 0; i < r->n; i++)
        rows[i] = &r->rows[i];
    qsort(rows, r->n, sizeof *rows, worst_first);
    fprintf(fp, "every series, worst first:\n%-24s %-16s %11s %11s %8s %8s %8s  %s\n", "series",
            "model", "test_mae", "persistence", "skill", "coverage", "seconds", "status");
    for (size_t i = 0; i < r->n; i++) {
        const fleet_row *w = rows[i];
        fprintf(fp, "%-24s %-16s %11.5g %11.5g %+8.3f %8.3f %8.2f  %s%s%s\n", w->series,
                w->model[0] ? w->model : "-", w->test_mae, w->persistence_mae, w->skill,
                w->coverage, w->seconds, fleet_status_name(w->status), w->message[0] ? ": " : "",
                w->message);
    }
    free(rows);
}

int fleet_report_print(FILE *fp, const fleet_result *r, const char *source)
{
    size_t n_skill, n_cov;
    double *skill = finite_sorted(r, offsetof(fleet_row, skill), &n_skill);
    double *cov = finite_sorted(r, offsetof(fleet_row, coverage), &n_cov);
    int rc = skill && cov ? 0 : -1;
    if (rc == 0) {
        fprintf(fp, "fleet %s: %zu series, %zu ok, %zu failed, %zu pending%s\n", source, r->n,
                r->n_ok + r->n_kept, r->n_failed, r->n_pending,
                r->n_kept ? " (some finished by an earlier run)" : "");
        size_t now = r->n_ok + r->n_failed;
        if (now)
            fprintf(fp, "time: %.1f s wall for the %zu series this run trained, %.2f s a "
                    "series\n", r->seconds, now, r->seconds / (double)now);
        print_kept(fp, r);
        print_quantiles(fp, "skill (1 - test MAE / persistence MAE)", skill, n_skill);
        print_skill_bands(fp, skill, n_skill);
        print_quantiles(fp, "coverage of the 90 % interval on the test part", cov, n_cov);
        print_worst(fp, r);
        rc = ferror(fp) ? -1 : 0;
    }
    free(skill);
    free(cov);
    return rc;
}

int fleet_report_write(const fleet_result *r, const char *source, const char *outdir,
                       sa_error *e)
{
    char *path = NULL;
    if (asprintf(&path, "%s/report.txt", outdir) < 0)
        return sa_fail(e, "out of memory");
    outfile of;
    int rc = outfile_open(&of, path, e);
    free(path);
    if (rc == 0 && fleet_report_print(of.fp, r, source))
        rc = outfile_fail(&of, e);
    else if (rc == 0)
        rc = outfile_commit(&of, e);
    size_t n;
    double *skill = finite_sorted(r, offsetof(fleet_row, skill), &n);
    if (rc == 0 && !skill)
        rc = sa_fail(e, "out of memory");
    if (rc == 0 && n > 0)
        rc = plot_histogram(outdir, "skill", skill, n, n < 20 ? 5 : 20,
                            "Skill against persistence on the test part, one count per series",
                            "skill = 1 - MAE / MAE of persistence", e);
    free(skill);
    return rc;
}
