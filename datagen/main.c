/* scaleahead-datagen — synthetic multi-metric data and a business calendar
 * (docs/design.md §2, §3). The models are documented in lib/series/datagen.c. */
#include <stdio.h>
#include <string.h>

#include "series/calendar.h"
#include "cli/cli.h"
#include "series/datagen.h"
#include "base/outfile.h"
#include "series/series.h"

/* Writes the metrics to out and, when calendar_out is set, the calendar
 * used; both appear whole or neither does. Returns 0, or -1 with e set. */
static int write_outputs(const datagen_options *opt, const calendar *cal, const char *out,
                         const char *calendar_out, sa_error *e)
{
    outfile data = {0}, events = {0};
    int rc = outfile_open(&data, out, e);
    if (rc == 0 && datagen_write(data.fp, opt, cal, e) != 0)
        rc = outfile_fail(&data, e);
    if (rc == 0 && calendar_out) {
        rc = outfile_open(&events, calendar_out, e);
        if (rc == 0 && calendar_write(cal, events.fp) != 0)
            rc = outfile_fail(&events, e);
        if (rc == 0)
            rc = outfile_commit(&events, e);
    }
    if (rc == 0)
        rc = outfile_commit(&data, e);
    if (rc != 0) {
        outfile_abort(&events);
        outfile_abort(&data);
    }
    return rc;
}

int main(int argc, char **argv)
{
    datagen_options opt = datagen_defaults();
    int days = opt.days, step = (int)opt.step, seed = (int)opt.seed, quiet = 0;
    double noise = 1.0;
    const char *start = "2025-01-06 00:00:00", *profile = "realistic", *out = "-";
    const char *calendar_in = NULL, *calendar_out = NULL;
    cli_option options[] = {
        {"profile", 0, CLI_STRING, &profile, "NAME", "seed (the seed's formula) or realistic", 0, 0, NULL},
        {"days", 0, CLI_INT, &days, "N", "days to generate", 1, 36500, NULL},
        {"step", 0, CLI_INT, &step, "SECONDS", "seconds between rows (divides 86400)", 1, 86400, NULL},
        {"start", 0, CLI_STRING, &start, "TIME", "timestamp of the first row", 0, 0, NULL},
        {"seed", 0, CLI_INT, &seed, "N", "random seed", 0, 2000000000, NULL},
        {"noise", 0, CLI_DOUBLE, &noise, "X", "scale of every random term (0 = none)", 0, 100, NULL},
        {"calendar", 0, CLI_STRING, &calendar_in, "FILE", "read sale events instead of making them", 0, 0, NULL},
        {"calendar-out", 0, CLI_STRING, &calendar_out, "FILE", "write the business calendar used", 0, 0, NULL},
        CLI_OUTPUT_OPTION(out, "metrics CSV to write (- = stdout)"),
        CLI_QUIET_OPTION(quiet, "no messages"),
        {0},
    };
    const cli_spec spec = {
        "scaleahead-datagen", "[options]",
        "Writes synthetic cloud metrics (timestamp, cpu_utilization, memory_utilization,\n"
        "network_in, network_out, request_count, is_sale_active) at a fixed step, and the\n"
        "business calendar of sale events behind them. The same seed gives the same bytes.",
        "  scaleahead-datagen --profile seed --days 15 -o data/multi_metric_data.csv \\\n"
        "      --calendar-out data/business_calendar.csv\n"
        "  scaleahead-datagen --days 60 --seed 7 | scaleahead-features - | head\n",
        options, 0, 0};
    int first;
    int rc = cli_parse(&spec, argc, argv, &first);
    if (rc >= 0)
        return rc;
    msg_quiet = quiet;
    if (!strcmp(profile, "seed"))
        opt.profile = DATAGEN_SEED;
    else if (!strcmp(profile, "realistic"))
        opt.profile = DATAGEN_REALISTIC;
    else
        return cli_error(CLI_EXIT_USAGE, "--profile: '%s' is not seed or realistic", profile);
    if (time_parse(start, strlen(start), &opt.start) != 0)
        return cli_error(CLI_EXIT_USAGE, "--start: '%s' is not a timestamp", start);
    opt.days = days;
    opt.step = step;
    opt.seed = (uint64_t)seed;
    opt.noise = noise;
    sa_error e;
    if (datagen_check(&opt, &e) != 0)
        return cli_error(CLI_EXIT_USAGE, "%s", e.msg);

    outfile_install_cleanup(1);
    calendar cal;
    if ((calendar_in ? calendar_read(&cal, calendar_in, &e) : datagen_calendar(&cal, &opt, &e)) != 0)
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    if (write_outputs(&opt, &cal, out, calendar_out, &e)) {
        calendar_free(&cal);
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    }
    msg_note("wrote %zu rows (%s profile, %d day%s, step %d s, %zu event%s) to %s",
             datagen_rows(&opt), profile, days, days == 1 ? "" : "s", step, cal.n,
             cal.n == 1 ? "" : "s", strcmp(out, "-") ? out : "stdout");
    calendar_free(&cal);
    return CLI_EXIT_OK;
}
