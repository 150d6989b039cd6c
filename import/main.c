/* scaleahead-import — real metric exports (CloudWatch JSON, Prometheus
 * JSON, Grafana/InfluxDB CSV) to the metrics CSV the other tools read:
 * column mapping, time zones, resampling and joins (lib/import/import.h). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "series/csv.h"
#include "import/import.h"
#include "import/import_spec.h"
#include "base/outfile.h"

int main(int argc, char **argv)
{
    const char *output = "-", *format = "auto", *time_column = NULL, *delimiter = NULL;
    const char *tz = NULL;
    int step = 0;
    cli_multi columns = {0}, aggs = {0}, missing = {0};
    cli_option options[] = {
        {"column", 'c', CLI_MULTI, &columns, "NAME=SOURCE", "output column NAME from SOURCE: a CloudWatch Id or Label, a Prometheus metric or matcher name{k=\"v\"} (k=\"\" for no label k), a CSV header or a long export's series; FILE:SOURCE picks from one input; sum:SOURCE, mean:, max: or min: combines every series SOURCE names (repeatable)", 0, 0, NULL},
        {"format", 'f', CLI_STRING, &format, "FMT", "auto | cloudwatch | prometheus | csv", 0, 0, NULL},
        {"step", 0, CLI_INT, &step, "S", "resample to a grid of S seconds (0 = keep the times)", 0, RESAMPLE_MAX_STEP, NULL},
        {"agg", 0, CLI_MULTI, &aggs, "FUNC", "how points on one grid time combine: mean | max | sum | last, or NAME=FUNC for one column (default mean)", 0, 0, NULL},
        {"missing", 0, CLI_MULTI, &missing, "TEXT", "a value TEXT (e.g. N/A) marks a missing point, left out like an empty field, null or NaN (repeatable; default: any other text is an error)", 0, 0, NULL},
        {"tz", 0, CLI_STRING, &tz, "ZONE", "zone of times without an offset, e.g. Europe/Berlin (default UTC)", 0, 0, NULL},
        {"time-column", 0, CLI_STRING, &time_column, "NAME", "CSV: the time column (default: timestamp, time, _time, date, ...)", 0, 0, NULL},
        {"delimiter", 0, CLI_STRING, &delimiter, "C", "CSV: field separator: one character such as , ; or |, or tab (default: , ; or tab, detected)", 0, 0, NULL},
        CLI_OUTPUT_OPTION(output, "metrics CSV"),
        CLI_QUIET_OPTION(msg_quiet, "no notes on stderr"),
        {0},
    };
    const cli_spec spec = {
        "scaleahead-import", "[options] [FILE|-]...",
        "Converts metric exports into the metrics CSV (timestamp in UTC, one column\n"
        "per series): `aws cloudwatch get-metric-data` / `get-metric-statistics` JSON,\n"
        "Prometheus query_range / query JSON, Grafana or InfluxDB CSV, wide or long\n"
        "(detected from the content). A long export's series are split by its label\n"
        "columns. The same series in several inputs (pages) is appended, a time two\n"
        "pages hold kept once. Several series are joined on time; a time missing\n"
        "from any column is left out. Points are sorted; --step puts them on a grid.\n"
        "Guide: docs/import.md.",
        "  aws cloudwatch get-metric-data --cli-input-json file://q.json > cw.json\n"
        "  scaleahead-import --column cpu_utilization=cpu --column network_in=net cw.json -o m.csv\n"
        "  scaleahead-import --column cpu_utilization='node_cpu{instance=\"a:9100\"}' prom.json\n"
        "  scaleahead-import --tz Europe/Berlin --step 300 --agg request_count=sum shop.csv\n"
        "  scaleahead-import --column cpu_utilization=cpu.csv:value --column network_in=net.csv:value cpu.csv net.csv\n"
        "  scaleahead-import --column request_count='sum:http_requests{job=\"api\"}' page1.json page2.json\n",
        options, 0, -1};
    int first;
    int rc = cli_parse(&spec, argc, argv, &first);
    if (rc >= 0)
        return rc;
    import_options o = {0};
    if (import_parse_format(format, &o.format))
        return cli_error(CLI_EXIT_USAGE, "--format %s: want auto, cloudwatch, prometheus or csv",
                         format);
    if (delimiter && !(o.delimiter = csv_parse_delimiter(delimiter)))
        return cli_error(CLI_EXIT_USAGE, "--delimiter '%s': want one character or tab", delimiter);
    sa_error e;
    if (import_check_options(columns.items, (size_t)columns.n, aggs.items, (size_t)aggs.n, &e))
        return cli_error(CLI_EXIT_USAGE, "%s", e.msg);
    static const char *const stdin_only[] = {"-"};
    o.inputs = first < argc ? (const char *const *)argv + first : stdin_only;
    o.n_inputs = first < argc ? (size_t)(argc - first) : 1;
    o.columns = columns.items;
    o.n_columns = (size_t)columns.n;
    o.aggs = aggs.items;
    o.n_aggs = (size_t)aggs.n;
    o.missing = missing.items;
    o.n_missing = (size_t)missing.n;
    o.time_column = time_column;
    o.tz = tz;
    o.step = step;
    o.output = output;
    outfile_install_cleanup(1);
    if (import_run(&o, &e))
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    return CLI_EXIT_OK;
}
