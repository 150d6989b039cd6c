/* scaleahead-features — the engineered feature matrix of a metrics CSV
 * (docs/design.md §4), as CSV: timestamp, then one column per feature. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "series/calendar.h"
#include "cli/cli.h"
#include "series/csv.h"
#include "features/dataset.h"
#include "features/features.h"
#include "base/outfile.h"
#include "series/series.h"

/* The series column a feature copies unchanged (NULL for a computed one):
 * printed from the double it was read as, not from the float32 matrix
 * (123456789 would print as 123456792). */
static const double *raw_column(const series *s, int id, const char *target,
                                const feat_column_name *columns)
{
    const char *name = id == FEAT_CPU ? target : id == FEAT_NETWORK_IN ? "network_in"
                     : id == FEAT_REQUEST_COUNT ? "request_count"
                     : id == FEAT_IS_SALE_ACTIVE ? "is_sale_active"
                     : id >= FEAT_COUNT ? feat_name(id, columns) : NULL;
    int c = name ? series_column(s, name) : -1;
    return c < 0 ? NULL : s->col[c];
}

/* Writes the matrix with its timestamps as CSV. Returns 0 or -1 on a write error. */
static int write_features(FILE *fp, const feat_matrix *m, const series *s, const char *target,
                          const feat_column_name *columns)
{
    fputs("timestamp", fp);
    for (size_t j = 0; j < m->n_feat; j++)
        fprintf(fp, ",%s", feat_name(m->ids[j], columns));
    fputc('\n', fp);
    /* One row at most: 19 bytes of time and 33 per value. */
    char *line = malloc(32 + m->n_feat * 34);
    const double **raw = calloc(m->n_feat, sizeof *raw);
    if (!line || !raw) {
        free(line);
        free(raw);
        return -1;
    }
    for (size_t j = 0; j < m->n_feat; j++)
        raw[j] = raw_column(s, m->ids[j], target, columns);
    for (size_t t = 0; t < m->n_rows; t++) {
        char *p = line;
        time_format(s->time[t], p);
        p += 19;
        for (size_t j = 0; j < m->n_feat; j++) {
            *p++ = ',';
            p = raw[j] ? csv_put_double(p, raw[j][t]) : csv_put_float(p, m->x[t * m->n_feat + j]);
        }
        *p++ = '\n';
        fwrite(line, 1, (size_t)(p - line), fp);
    }
    free(line);
    free(raw);
    return ferror(fp) ? -1 : 0;
}

/* Reads the calendar (when a path is given) and the columns the features
 * are made from: target and the data columns asked for (required),
 * network_in, request_count, is_sale_active (those present). Notes the
 * gaps. Returns 0, or -1 with e set (nothing to free). */
static int read_inputs(series *s, calendar *cal, const char *path, const char *calendar_path,
                       const char *target, const feat_column_name *data_columns, int fill,
                       const series_input *how, sa_error *e)
{
    const char *columns[4 + FEAT_MAX_COLUMNS] = {target};
    size_t n_columns = 1;
    for (int k = 0; k < FEAT_MAX_COLUMNS && data_columns[k][0]; k++)
        columns[n_columns++] = data_columns[k];
    size_t n_required = n_columns;
    const char *standard[3] = {"network_in", "request_count", "is_sale_active"};
    for (int i = 0; i < 3; i++)
        if (strcmp(standard[i], target))
            columns[n_columns++] = standard[i];
    series_options so = {columns, n_columns, columns, n_required, fill, 0, how};
    if (calendar_path && calendar_read(cal, calendar_path, e) != 0)
        return -1;
    if (series_read(s, path, &so, e) != 0) {
        dataset_options o = {.path = path, .input = how, .columns = data_columns};
        dataset_explain_column(&o, e);
        calendar_free(cal);
        return -1;
    }
    if (s->n_gaps && !fill)
        msg_note("%s: %zu gap%s (step %lld s): rolling windows restart after each "
                 "(--fill forward-fills them)", s->source, s->n_gaps, s->n_gaps > 1 ? "s" : "",
                 (long long)s->step);
    return 0;
}

/* Builds the features (wanted, or the default set when NULL) and writes
 * them to out whole or not at all. Returns 0, or -1 with e set. */
static int build_and_write(const series *s, const calendar *cal, const char *target,
                           const int *wanted, size_t n_wanted,
                           const feat_column_name *columns, int horizon, const char *out,
                           sa_error *e)
{
    feat_matrix m;
    char *dropped = NULL;
    int rc = feat_build(&m, s, target, wanted, n_wanted, columns, cal, horizon, &dropped, e);
    if (rc == 0 && dropped)
        msg_note("left out (source column missing from %s): %s", s->source, dropped);
    free(dropped);
    outfile_install_cleanup(1);
    outfile of = {0};
    if (rc == 0)
        rc = outfile_open(&of, out, e);
    if (rc == 0 && write_features(of.fp, &m, s, target, columns) != 0) {
        sa_fail(e, "out of memory");
        rc = outfile_fail(&of, e);
    }
    if (rc == 0)
        rc = outfile_commit(&of, e);
    else
        outfile_abort(&of);
    feat_free(&m);
    return rc;
}

int main(int argc, char **argv)
{
    const char *target = "cpu_utilization", *list = NULL, *calendar_path = NULL, *out = "-";
    int horizon = 1, fill = 0, max_fill = SERIES_DEFAULT_MAX_FILL, quiet = 0;
    cli_input_flags input_flags = {0};
    cli_option options[] = {
        {"target", 0, CLI_STRING, &target, "NAME", "forecast column (the cpu_* features use it)", 0, 0, NULL},
        {"features", 0, CLI_STRING, &list, "LIST", "comma-separated feature names, or names of the file's numeric columns, copied as they are (default: the 16 of the seed)", 0, 0, NULL},
        {"calendar", 0, CLI_STRING, &calendar_path, "FILE", "business calendar (start,end,name)", 0, 0, NULL},
        {"horizon", 0, CLI_INT, &horizon, "H", "steps ahead, for sale_at_target", 1, 100000, NULL},
        CLI_FILL_OPTIONS(fill, max_fill, "forward-fill gaps instead of restarting windows up to --max-fill"),
        CLI_INPUT_OPTIONS(input_flags),
        CLI_OUTPUT_OPTION(out, "CSV to write (- = stdout)"),
        CLI_QUIET_OPTION(quiet, "no notes on stderr"),
        {0},
    };
    const cli_spec spec = {
        "scaleahead-features", "[options] [FILE|-]",
        "Prints the engineered features of a metrics CSV (default stdin): the seed's 16\n"
        "(cpu_utilization network_in request_count is_sale_active hour day_of_week\n"
        "is_weekend is_business_hours time_category cpu_rolling_mean cpu_rolling_std\n"
        "cpu_rolling_min cpu_rolling_max cpu_diff network_rolling_mean\n"
        "request_rolling_mean) and optionally sale_at_target (needs --calendar).\n"
        "Features whose source column is missing are left out with a note.",
        "  scaleahead-features data/multi_metric_data.csv -o features.csv\n"
        "  scaleahead-features --target value cpu.csv\n"
        "  scaleahead-features --features cpu_utilization,hour,sale_at_target \\\n"
        "      --calendar data/business_calendar.csv data/multi_metric_data.csv\n",
        options, 0, 1};
    int first;
    int rc = cli_parse(&spec, argc, argv, &first);
    if (rc >= 0)
        return rc;
    if ((rc = cli_fill(&fill, max_fill)) >= 0)
        return rc;
    msg_quiet = quiet;
    const char *path = first < argc ? argv[first] : "-";

    int wanted[FEAT_MAX];
    feat_column_name columns[FEAT_MAX_COLUMNS] = {""};
    int n_wanted = 0;
    sa_error e;
    if (list && (n_wanted = feat_parse_list(list, wanted, columns, &e)) < 0)
        return cli_error(CLI_EXIT_USAGE, "--features: %s (see --help)", e.msg);
    int at_target = 0;
    for (int i = 0; i < n_wanted; i++)
        at_target |= wanted[i] == FEAT_SALE_AT_TARGET;
    if (at_target && !calendar_path)
        return cli_error(CLI_EXIT_USAGE, "--features: sale_at_target needs --calendar");
    if (list && calendar_path && !feat_reads_calendar(wanted, (size_t)n_wanted))
        return cli_error(CLI_EXIT_USAGE, "--calendar has no effect: --features lists no sale "
                         "feature (is_sale_active, sale_at_target)");
    if (cli_was_given("horizon") && !at_target)
        return cli_error(CLI_EXIT_USAGE, "--horizon has no effect: it places sale_at_target, "
                         "which --features does not list");
    series s;
    calendar cal = {0};
    series_input how;
    if (series_input_set(&how, input_flags.columns.items, (size_t)input_flags.columns.n,
                         input_flags.time_column, input_flags.delimiter, input_flags.snap, &e))
        return cli_error(CLI_EXIT_USAGE, "%s", e.msg);
    if (read_inputs(&s, &cal, path, calendar_path, target, columns, fill, &how, &e))
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    rc = build_and_write(&s, calendar_path ? &cal : NULL, target, list ? wanted : NULL,
                         (size_t)n_wanted, columns, horizon, out, &e);
    series_free(&s);
    calendar_free(&cal);
    return rc == 0 ? CLI_EXIT_OK : cli_error(CLI_EXIT_DATA, "%s", e.msg);
}
