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

/* --fleet N: N series into the directory out, svc-000.csv ..., each its
 * own seed (seed + i) and shape: the realistic and the seed profile in
 * turn, noise 0.5, 1 and 2 in turn, and days - (i % 4) days (at least 1),
 * so the series differ in length as a real fleet's do. Returns the exit
 * code. */
static int write_fleet(const datagen_options *base, int n, const char *out, sa_error *e)
{
    static const double noises[] = {0.5, 1, 2};
    if (!strcmp(out, "-"))
        return cli_error(CLI_EXIT_USAGE, "--fleet writes one file per series: give -o DIR");
    if (outfile_mkdir(out, e))
        return cli_error(CLI_EXIT_DATA, "%s", e->msg);
    for (int i = 0; i < n; i++) {
        datagen_options opt = *base;
        opt.seed = base->seed + (uint64_t)i;
        opt.profile = i % 2 ? DATAGEN_SEED : DATAGEN_REALISTIC;
        opt.noise = base->noise * noises[i % 3];
        opt.days = base->days - i % 4 > 0 ? base->days - i % 4 : 1;
        calendar cal;
        char path[4096];
        snprintf(path, sizeof path, "%s/svc-%03d.csv", out, i);
        if (datagen_check(&opt, e) || datagen_calendar(&cal, &opt, e))
            return cli_error(CLI_EXIT_DATA, "%s", e->msg);
        int rc = write_outputs(&opt, &cal, path, NULL, e);
        calendar_free(&cal);
        if (rc)
            return cli_error(CLI_EXIT_DATA, "%s", e->msg);
    }
    msg_note("wrote %d series to %s", n, out);
    return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
    datagen_options opt = datagen_defaults();
    int days = opt.days, step = (int)opt.step, seed = (int)opt.seed, quiet = 0, fleet = 0;
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
        {"fleet", 0, CLI_INT, &fleet, "N", "a synthetic fleet: N series into the directory -o DIR (svc-000.csv ...), each its own seed, profile, noise and length", 1, 100000, NULL},
        CLI_OUTPUT_OPTION(out, "metrics CSV to write (- = stdout; with --fleet a directory)"),
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
        "  scaleahead-datagen --days 60 --seed 7 | scaleahead-features - | head\n"
        "  scaleahead-datagen --fleet 20 --days 14 -o fleet/   # 20 series for train --fleet\n",
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
    if (fleet && calendar_in)
        return cli_error(CLI_EXIT_USAGE, "--fleet makes each series' own calendar: give no --calendar");
    if ((rc = cli_excludes("profile", "fleet", "the series take the profiles in turn")) >= 0 ||
        (rc = cli_excludes("calendar-out", "fleet", "each series has its own calendar, not "
                           "written")) >= 0)
        return rc;
    if (fleet)
        return write_fleet(&opt, fleet, out, &e);
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
