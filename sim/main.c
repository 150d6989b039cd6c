/* scaleahead-sim — the fleet simulator (docs/design.md §10): replays a metrics
 * CSV (and forecasts, from a predictions CSV or a model) through scaling
 * policies and compares them, sweeps the quantile policy's level, or runs
 * the seed's live monitor (--live). This file parses the flags and calls
 * the library: lib/sim/replay.c (inputs), compare.c (policies side by
 * side, the sweep), engine.c and policy.c (the rules), live.c (the live
 * loop), outputs.c (CSV, plots, HTML). */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/predictor.h"
#include "series/series.h"
#include "base/outfile.h"
#include "base/blas_threads.h"
#include "base/parallel.h"
#include "sim/compare.h"
#include "sim/live.h"
#include "sim/outputs.h"
#include "sim/table.h"

typedef struct sim_args {
    sim_config cfg;
    const char *policy, *predictions, *calendar, *target, *model_path, *floor, *sweep, *part;
    const char *forecast_basis;    /* --forecast-basis cpu | demand (with --predictions) */
    const char *max_step;
    double capacity;               /* --capacity-per-instance R, 0 = none */
    sim_outputs out;
    cli_multi spikes, resources;
    int horizon, fill, max_fill, allow_interrupted, report, live, fast, history, seed, threads;
    double duration, interval, mean_cpu, gamma;
    int seen_warmup, seen_cooldown, seen_stabilization, seen_base, seen_event, seen_target;
    int seen_horizon, seen_policy, seen_quantile, to_stdout;
    double levels[REPLAY_MAX_LEVELS];
    size_t n_levels;
    cli_input_flags input_flags;   /* --column, --time-column, --delimiter, --snap */
    series_input how;              /* from input_flags */
} sim_args;

static const char *const description =
    "Replays a metrics CSV as demand through scaling policies (reactive, predictive on\n"
    "forecasts, target tracking, scheduled) and compares instance-hours, cost, hot and\n"
    "overloaded minutes, actions, flaps, slack, under-provisioning and savings against\n"
    "static fleets. Demand is cpu x N0 instance-percent (cpu x N_t when the CSV has an\n"
    "instances column); N instances each run at demand / N. Forecasts come from a\n"
    "predictions CSV (--predictions) or a model run on the metrics (--model). With\n"
    "--quantile Q the predictive policy provisions so that the upper bound of the\n"
    "forecast's conformal interval at level Q, over the next warm-up, runs at or below\n"
    "--target-cpu, with a reactive floor (--floor). --sweep-quantile runs it at each\n"
    "level beside reactive and target tracking and draws cost against under-provisioning.\n"
    "Every policy's answer is then stabilised (it scales in only to the highest size it\n"
    "recommended over the last --stabilization seconds), limited (--max-step) and held by\n"
    "the cooldown. A flap is an action that reverses the one before within --flap-window.\n"
    "--json and --csv-table write the comparison for scripts, with the part and dates\n"
    "replayed and the demand basis; --html a report that opens with the summary and table.\n"
    "Plots: cloud_metrics_dashboard.png for one policy; for several, dashboard_POLICY.png\n"
    "each and policy_comparison.png. The per-instance lines of --report split the fleet's\n"
    "last step with a fixed 10 % skew per instance. With --live, runs the monitor on\n"
    "simulated instances whose metrics wander, scaling reactively.";

static const char *const examples =
    "  scaleahead-sim --policy all data/multi_metric_data.csv\n"
    "  scaleahead-sim --model models/attention.h5 --policy all data/multi_metric_data.csv\n"
    "  scaleahead-sim --model m.h5 --policy predictive --quantile 0.9 --warmup 600 fleet.csv\n"
    "  scaleahead-sim --model m.h5 --sweep-quantile 0.5,0.8,0.9,0.95,0.99 --plots plots fleet.csv\n"
    "  scaleahead-sim --target value --policy reactive cpu_utilization_asg_misconfiguration.csv\n"
    "  scaleahead-sim --predictions preds.csv --calendar data/business_calendar.csv \\\n"
    "      --csv cloud_metrics.csv --plots plots --html report.html data/multi_metric_data.csv\n"
    "  scaleahead-sim --live --duration 30 --spike 10:95 --spike 20:90 \\\n"
    "      --resource container-1:Docker --resource vm-1:Azure-VM:eu-west-1\n";

/* The flags of the fleet and its policies. */
static void fleet_options(sim_args *a, cli_table *t)
{
    sim_config *c = &a->cfg;
    policy_params *p = &a->cfg.policy;
    const cli_option options[] = {
        {"policy", 'p', CLI_STRING, &a->policy, "NAME",
         "reactive, predictive, target, target-predictive, scheduled, or all", 0, 0,
         &a->seen_policy},
        {"base-instances", 0, CLI_INT, &p->base_instances, "N0",
         "instances the CSV's CPU was measured on (demand = cpu x N0) when it has no "
         "instances column", 1, 100000, NULL},
        {"min", 0, CLI_INT, &c->min_instances, "N", "smallest fleet", 1, 100000, NULL},
        {"max", 0, CLI_INT, &c->max_instances, "N", "largest fleet", 1, 100000, NULL},
        {"warmup", 0, CLI_DOUBLE, &c->warmup, "SEC",
         "seconds before a new instance serves (live: default 0)", 0, 1e9, &a->seen_warmup},
        {"cooldown", 0, CLI_DOUBLE, &c->cooldown, "SEC",
         "seconds after an action before the next (live: default 10)", 0, 1e9, &a->seen_cooldown},
        {"up", 0, CLI_DOUBLE, &p->up, "PCT", "scale up above this CPU % (and the reactive floor)",
         0, 1000, NULL},
        {"down", 0, CLI_DOUBLE, &p->down, "PCT", "reactive: scale down below this CPU %",
         0, 1000, NULL},
        {"pred-down", 0, CLI_DOUBLE, &p->pred_down, "PCT",
         "predictive: scale down below this forecast CPU %", 0, 1000, NULL},
        {"target-cpu", 0, CLI_DOUBLE, &p->target_cpu, "PCT",
         "target tracking and --quantile: per-instance CPU to aim at", 1, 1000, NULL},
        {"tolerance", 0, CLI_DOUBLE, &p->tolerance, "X",
         "target tracking and --quantile: relative dead band (--quantile scales in to run its "
         "bound at --quantile-cpu / (1 + X))",
         0, 1, NULL},
        {"stabilization", 0, CLI_DOUBLE, &c->stabilization, "SEC",
         "every policy: scale in only to the highest size recommended in the last SEC "
         "seconds (Kubernetes HPA's scale-down window; 0 = off; live: default 0)", 0, 1e9,
         &a->seen_stabilization},
        {"max-step", 0, CLI_STRING, &a->max_step, "N|P%",
         "every policy: change the fleet by at most N instances (or P % of it, rounded up) "
         "per action (default 0: no limit)", 0, 0, NULL},
        {"flap-window", 0, CLI_DOUBLE, &c->flap_window, "SEC",
         "count an action as a flap when it reverses the one before within SEC seconds",
         0, 1e9, NULL},
        {"schedule-base", 0, CLI_INT, &p->schedule_base, "N",
         "scheduled: size outside events (default --min)", 1, 100000, &a->seen_base},
        {"schedule-event", 0, CLI_INT, &p->schedule_event, "N",
         "scheduled: size inside events (default --max)", 1, 100000, &a->seen_event},
        {"price", 0, CLI_DOUBLE, &c->price, "USD", "price per instance-hour", 0, 1e9, NULL},
    };
    CLI_TABLE_ADD(t, options);
}

/* The flags of the inputs: forecasts, calendar, the metrics' columns. */
static void input_options(sim_args *a, cli_table *t)
{
    policy_params *p = &a->cfg.policy;
    const cli_option options[] = {
        {"predictions", 0, CLI_STRING, &a->predictions, "FILE",
         "forecasts: CSV with timestamp (the time forecast FOR), predicted[, upper]", 0, 0, NULL},
        {"model", 'm', CLI_STRING, &a->model_path, "FILE",
         "forecasts from a trained model (HDF5) run on the metrics, as predict would", 0, 0, NULL},
        {"horizon", 0, CLI_INT, &a->horizon, "H",
         "steps ahead the policy looks in the forecasts (with --model: the model's)", 1, 100000,
         &a->seen_horizon},
        {"quantile", 0, CLI_DOUBLE, &p->quantile, "Q",
         "predictive: provision to the upper bound of the interval at level Q (0 < Q < 1)",
         -1e9, 1e9, &a->seen_quantile},
        {"quantile-cpu", 0, CLI_DOUBLE, &p->quantile_cpu, "PCT",
         "with --quantile: the CPU % the bound may reach (default --target-cpu x "
         "(1 + --tolerance), target tracking's ceiling: 66)", 1, 1000, NULL},
        {"floor", 0, CLI_STRING, &a->floor, "KIND",
         "with --quantile: reactive (default: at least ceil(demand / --up)) or none", 0, 0, NULL},
        {"sweep-quantile", 0, CLI_STRING, &a->sweep, "LIST",
         "run the quantile policy at each level (e.g. 0.5,0.9,0.99) beside reactive and target "
         "(needs --model: a predictions CSV holds one level)", 0, 0, NULL},
        {"part", 0, CLI_STRING, &a->part, "PART",
         "--model: test (the part of the model's training data it never saw, found by its "
         "rows) or all; default test on the training data, all on another file", 0, 0, NULL},
        {"capacity-per-instance", 0, CLI_DOUBLE, &a->capacity, "R",
         "the target (and forecasts) are a rate of which one instance serves R at "
         "--target-cpu (like ALBRequestCountPerTarget): instances = ceil(rate / R)", 0, 1e15,
         NULL},
        {"forecast-basis", 0, CLI_STRING, &a->forecast_basis, "BASIS",
         "--predictions: cpu (CPU % forecasts, the default) or demand (a demand model's, "
         "busy instances); a model says its own", 0, 0, NULL},
        {"adapt-gamma", 0, CLI_DOUBLE, &a->gamma, "G",
         "--model: adapt the intervals' level online as actuals arrive (ACI; 0 = off)", 0, 1, NULL},
        CLI_ALLOW_INTERRUPTED_OPTION(a->allow_interrupted),
        CLI_THREADS_OPTION(a->threads, "--model: threads for the forecasts"),
        {"calendar", 0, CLI_STRING, &a->calendar, "FILE", "business calendar (start,end,name)",
         0, 0, NULL},
        {"target", 0, CLI_STRING, &a->target, "NAME",
         "CPU column of the metrics CSV (with --model: the model's target)", 0, 0, &a->seen_target},
        CLI_FILL_OPTIONS(a->fill, a->max_fill, "forward-fill gaps in the metrics up to --max-fill"),
        CLI_INPUT_OPTIONS(a->input_flags),
    };
    CLI_TABLE_ADD(t, options);
}

/* The flags of the outputs, and the live monitor's. */
static void output_options(sim_args *a, cli_table *t)
{
    const cli_option options[] = {
        {"report", 0, CLI_FLAG, &a->report, NULL,
         "print the monitor report (status, statistics, instances, alerts) of the first policy",
         0, 0, NULL},
        {"csv", 0, CLI_STRING, &a->out.csv_path, "FILE",
         "write cloud_metrics.csv (every step of every policy)", 0, 0, NULL},
        {"json", 0, CLI_STRING, &a->out.json_path, "FILE",
         "write the comparison as JSON for scripts (- = stdout, instead of the table)", 0, 0,
         NULL},
        {"csv-table", 0, CLI_STRING, &a->out.csv_table_path, "FILE",
         "write the comparison as CSV, one row per policy (- = stdout, instead of the table)",
         0, 0, NULL},
        {"plots", 0, CLI_STRING, &a->out.plots_dir, "DIR",
         "write the dashboard, comparison (and frontier) plots", 0, 0, NULL},
        {"html", 0, CLI_STRING, &a->out.html_path, "FILE", "write a self-contained HTML report",
         0, 0, NULL},
        {"live", 0, CLI_FLAG, &a->live, NULL, "run the live monitor on simulated instances", 0, 0, NULL},
        {"duration", 0, CLI_DOUBLE, &a->duration, "SEC", "live: seconds to monitor", 0, 1e9, NULL},
        {"interval", 0, CLI_DOUBLE, &a->interval, "SEC", "live: seconds between ticks", 0.01, 1e6, NULL},
        {"history", 0, CLI_INT, &a->history, "N", "live: points kept for the CSV and dashboard",
         1, 10000000, NULL},
        {"spike", 0, CLI_MULTI, &a->spikes, "AT:CPU",
         "live: at second AT every instance's CPU jumps to CPU (repeatable, or a comma list)",
         0, 0, NULL},
        {"resource", 0, CLI_MULTI, &a->resources, "NAME:TYPE[:REGION]",
         "live: an extra instance, e.g. vm-1:Azure-VM:eu-west-1 (repeatable, or a comma list)",
         0, 0, NULL},
        {"mean-cpu", 0, CLI_DOUBLE, &a->mean_cpu, "PCT", "live: CPU % of N0 the load reverts to",
         0, 100, NULL},
        {"fast", 0, CLI_FLAG, &a->fast, NULL, "live: do not sleep (simulated clock)", 0, 0, NULL},
        {"seed", 0, CLI_INT, &a->seed, "N", "live: random seed", 0, 2e9, NULL},
        CLI_QUIET_OPTION(msg_quiet, "no progress or notes on stderr"),
    };
    CLI_TABLE_ADD(t, options);
}

/* All the flags, in --help's order. */
static int parse_args(sim_args *a, int argc, char **argv, int *first)
{
    cli_table t = {0};
    fleet_options(a, &t);
    input_options(a, &t);
    output_options(a, &t);
    if (t.full)
        return cli_error(CLI_EXIT_USAGE, "internal: more than %d options", CLI_MAX_OPTIONS);
    const cli_spec spec = {"scaleahead-sim", "[options] [METRICS.csv]", description, examples,
                           t.items, 0, 1};
    return cli_parse(&spec, argc, argv, first);
}

/* The --sweep-quantile list into a->levels. Returns 0, or -1 (message printed). */
static int parse_levels(sim_args *a)
{
    char *storage;
    const char *items[REPLAY_MAX_LEVELS];
    int n = strlist_split(a->sweep, &storage, items, REPLAY_MAX_LEVELS);
    int rc = n < 1 ? -1 : 0;
    for (int i = 0; rc == 0 && i < n; i++) {
        char *end;
        a->levels[i] = strtod(items[i], &end);
        rc = *end || !(a->levels[i] > 0 && a->levels[i] < 1) ? -1 : 0;
    }
    free(storage);
    if (rc < 0)
        return cli_error(CLI_EXIT_USAGE, "--sweep-quantile %s: want a list of at most %d levels "
                         "strictly between 0 and 1", a->sweep, REPLAY_MAX_LEVELS), -1;
    a->n_levels = (size_t)n;
    return 0;
}

/* Defaults that depend on other flags, and the checks across flags.
 * Returns -1 to go on, else the exit code. */
static int settle(sim_args *a)
{
    sim_config *c = &a->cfg;
    if (!a->seen_base)
        c->policy.schedule_base = c->min_instances;
    if (!a->seen_event)
        c->policy.schedule_event = c->max_instances;
    if (a->live && !a->seen_warmup)
        c->warmup = 0;
    if (a->live && !a->seen_cooldown)
        c->cooldown = 10;
    if (a->live && !a->seen_stabilization)
        c->stabilization = 0;
    sa_error e;
    if (a->max_step && scaling_parse_max_step(a->max_step, &c->max_step, &c->max_step_pct, &e) < 0)
        return cli_error(CLI_EXIT_USAGE, "%s", e.msg);
    if (sim_config_check(c, &e) < 0)
        return cli_error(CLI_EXIT_USAGE, "%s", e.msg);
    policy_kind k;
    if (strcmp(a->policy, "all") && policy_parse(a->policy, &k) < 0)
        return cli_error(CLI_EXIT_USAGE, "unknown policy '%s' (see scaleahead-sim --help)", a->policy);
    if (strcmp(a->floor, "reactive") && strcmp(a->floor, "none"))
        return cli_error(CLI_EXIT_USAGE, "--floor %s: want reactive or none", a->floor);
    if (cli_was_given("floor") && !cli_was_given("quantile") && !a->sweep)
        return cli_error(CLI_EXIT_USAGE, "--floor needs --quantile or --sweep-quantile: it is "
                         "the quantile policy's lower bound");
    c->policy.floor_reactive = !strcmp(a->floor, "reactive");
    if (c->policy.quantile != 0 && !(c->policy.quantile > 0 && c->policy.quantile < 1))
        return cli_error(CLI_EXIT_USAGE, "--quantile %g: the level must lie strictly between 0 and 1",
                         c->policy.quantile);
    if (a->sweep && parse_levels(a) < 0)
        return CLI_EXIT_USAGE;
    if (!a->sweep && c->policy.quantile > 0)
        a->levels[a->n_levels++] = c->policy.quantile;
    if (a->gamma > 0 && !a->model_path)
        return cli_error(CLI_EXIT_USAGE, "--adapt-gamma needs --model (for a predictions CSV, "
                         "give it to scaleahead-predict)");
    return -1;
}

/* The flags a sweep cannot honour: it runs its own policies (the quantile
 * policy at each level, reactive, target), and a predictions CSV carries
 * one interval level only. Returns -1 to go on, else the exit code. */
static int check_sweep(const sim_args *a)
{
    if (!a->sweep)
        return -1;
    if (a->seen_policy)
        return cli_error(CLI_EXIT_USAGE, "--sweep-quantile runs its own policies (the levels, "
                         "reactive, target): give --policy or --sweep-quantile, not both");
    if (a->seen_quantile)
        return cli_error(CLI_EXIT_USAGE, "--sweep-quantile sets the levels itself: give "
                         "--quantile or --sweep-quantile, not both");
    if (a->predictions)
        return cli_error(CLI_EXIT_USAGE, "--sweep-quantile needs --model: a predictions CSV "
                         "holds the interval at one level (predict's --coverage), so every "
                         "level would be the same");
    return -1;
}

/* The policies the run replays (or the live monitor runs) into kinds, with
 * each one's parameters in params (a sweep's quantile policy at its first
 * level: the others read the same settings). Returns the count. */
static int run_policies(const sim_args *a, policy_kind *kinds, policy_params *params)
{
    int n;
    if (a->live) {
        kinds[0] = POLICY_REACTIVE;
        if (strcmp(a->policy, "all"))
            policy_parse(a->policy, &kinds[0]);
        n = 1;
    } else if (a->sweep) {
        kinds[0] = POLICY_PREDICTIVE;
        kinds[1] = POLICY_REACTIVE;
        kinds[2] = POLICY_TARGET;
        n = 3;
    } else {
        n = sim_pick_policies(a->policy, a->predictions || a->model_path, a->calendar != NULL,
                              kinds);
    }
    for (int j = 0; j < n; j++) {
        params[j] = a->cfg.policy;
        if (a->sweep && kinds[j] == POLICY_PREDICTIVE)
            params[j].quantile = a->levels[0];
    }
    return n;
}

/* A policy setting that no policy of the run reads is refused, as are the
 * thresholds a run's policy cannot work with. Returns -1 to go on, else
 * the exit code. */
static int check_settings(const sim_args *a)
{
    static const struct { const char *flag; unsigned use; const char *who; } settings[] = {
        {"up", POLICY_USES_UP, "reactive, the predictive rule and the quantile policy's floor"},
        {"down", POLICY_USES_DOWN, "the reactive policy"},
        {"pred-down", POLICY_USES_PRED_DOWN, "the predictive policy without --quantile"},
        {"tolerance", POLICY_USES_TOLERANCE, "target tracking and the quantile policy"},
        {"quantile", POLICY_USES_QUANTILE, "the predictive policy (--policy predictive or all)"},
        {"quantile-cpu", POLICY_USES_QUANTILE, "the quantile policy (--quantile)"},
        {"adapt-gamma", POLICY_USES_QUANTILE, "the quantile policy's intervals (--quantile)"},
        {"schedule-base", POLICY_USES_SCHEDULE, "the scheduled policy"},
        {"schedule-event", POLICY_USES_SCHEDULE, "the scheduled policy"},
    };
    policy_kind kinds[POLICY_COUNT];
    policy_params params[POLICY_COUNT];
    int n = run_policies(a, kinds, params);
    unsigned uses = 0;
    char runs[128] = "", msg[160];
    for (int j = 0; j < n; j++) {
        uses |= policy_uses(kinds[j], &params[j]);
        snprintf(runs + strlen(runs), sizeof runs - strlen(runs), "%s%s", j ? ", " : "",
                 policy_name(kinds[j]));
        if (policy_check(kinds[j], &params[j], msg, sizeof msg) < 0)
            return cli_error(CLI_EXIT_USAGE, "%s", msg);
    }
    for (size_t k = 0; k < sizeof settings / sizeof settings[0]; k++)
        if (cli_was_given(settings[k].flag) && !(uses & settings[k].use))
            return cli_error(CLI_EXIT_USAGE, "--%s is a setting of %s, and this run runs %s",
                             settings[k].flag, settings[k].who, runs);
    return -1;
}

/* Flags of the live monitor without --live, and flags of a replay with
 * it, would be ignored: refused. Returns -1 to go on, else the exit code. */
static int check_mode(const sim_args *a)
{
    static const char *const live_only[] = {"duration", "interval", "history", "spike",
                                            "resource", "mean-cpu", "fast", "seed"};
    static const char *const replay_only[] = {
        "target", "fill", "column", "time-column", "delimiter", "snap", "allow-interrupted",
        "threads", "horizon", "sweep-quantile", "adapt-gamma", "part", "capacity-per-instance",
        "forecast-basis",
        "max-fill"};
    for (size_t k = 0; !a->live && k < sizeof live_only / sizeof live_only[0]; k++)
        if (cli_was_given(live_only[k]))
            return cli_error(CLI_EXIT_USAGE, "--%s is a setting of the live monitor: add --live",
                             live_only[k]);
    for (size_t k = 0; a->live && k < sizeof replay_only / sizeof replay_only[0]; k++)
        if (cli_was_given(replay_only[k]))
            return cli_error(CLI_EXIT_USAGE, "--%s has nothing to act on with --live, which "
                             "reads no metrics file", replay_only[k]);
    if (!a->live && cli_was_given("horizon") && !a->predictions && !a->model_path)
        return cli_error(CLI_EXIT_USAGE, "--horizon says how far the policies look into the "
                         "forecasts: give --predictions or --model");
    return -1;
}

/* Checks across the replay's flags. Returns -1 to go on, else the exit code. */
static int check_replay(sim_args *a, const char *path)
{
    int rc = check_sweep(a);
    if (rc >= 0)
        return rc;
    policy_kind k;
    int needs_forecast = a->sweep || (strcmp(a->policy, "all") && policy_parse(a->policy, &k) == 0
                                      && policy_needs_forecast(k));
    if (needs_forecast && !a->predictions && !a->model_path)
        return cli_error(CLI_EXIT_USAGE, "%s%s needs --predictions or --model", a->sweep ? "" : "policy ",
                         a->sweep ? "--sweep-quantile" : a->policy);
    if (strcmp(a->policy, "all") && policy_parse(a->policy, &k) == 0 &&
        policy_needs_calendar(k) && !a->calendar)
        return cli_error(CLI_EXIT_USAGE, "policy %s needs --calendar", a->policy);
    if (a->model_path && a->predictions)
        return cli_error(CLI_EXIT_USAGE, "give --predictions or --model, not both");
    if (a->calendar && !a->model_path && (a->sweep || (strcmp(a->policy, "all") &&
                                                       strcmp(a->policy, "scheduled"))))
        return cli_error(CLI_EXIT_USAGE, "--calendar is read by the scheduled policy and by a "
                         "model's sale feature, and this run has neither");
    if (a->part && !a->model_path)
        return cli_error(CLI_EXIT_USAGE, "--part %s needs --model (the model knows which rows "
                         "it was trained on)", a->part);
    if (a->part && strcmp(a->part, "test") && strcmp(a->part, "all"))
        return cli_error(CLI_EXIT_USAGE, "--part %s: want test or all", a->part);
    if (a->forecast_basis && !a->predictions)
        return cli_error(CLI_EXIT_USAGE, "--forecast-basis says how a predictions CSV reads: "
                         "give it with --predictions (a model says its own)");
    if (a->forecast_basis && strcmp(a->forecast_basis, "cpu") && strcmp(a->forecast_basis, "demand"))
        return cli_error(CLI_EXIT_USAGE, "--forecast-basis %s: want cpu or demand",
                         a->forecast_basis);
    if (a->forecast_basis && !strcmp(a->forecast_basis, "demand") && a->capacity > 0)
        return cli_error(CLI_EXIT_USAGE, "--forecast-basis demand and --capacity-per-instance: "
                         "demand sizes the fleet itself; a rate needs the capacity");
    /* The model reads the metrics itself (its own columns), so a file is
     * read twice: stdin cannot be. */
    if (a->model_path && !strcmp(path, "-"))
        return cli_error(CLI_EXIT_USAGE, "--model needs the metrics as a file, not stdin");
    return -1;
}

/* The outputs' checks before any work: at most one on stdout, and then
 * no table or report there. Returns -1 to go on, else the exit code. */
static int check_outputs(sim_args *a)
{
    sa_error e;
    if (sim_outputs_stdout(&a->out, &a->to_stdout, &e) < 0)
        return cli_error(CLI_EXIT_USAGE, "%s", e.msg);
    if (a->to_stdout && a->report)
        return cli_error(CLI_EXIT_USAGE, "--report prints to stdout, which an output given as "
                         "- takes: write that output to a file");
    if (sim_outputs_check(&a->out, &e) < 0)
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    return -1;
}

/* The table (or the sweep's), the report and the outputs of a replay. */
static int report_replay(const sim_args *a, const replay *rp, sim_result *res, size_t n,
                         sa_error *e)
{
    sim_export x = {&rp->meta, &a->cfg, res, n, a->sweep ? a->levels : NULL,
                    a->sweep ? a->n_levels : 0};
    if (!a->to_stdout) {
        if (a->sweep)
            sim_print_sweep(stdout, res, n, a->levels, a->n_levels);
        else
            sim_print_table(stdout, res, n, &a->cfg);
        replay_print_meta(stdout, &rp->meta);
    }
    monitor_instance inst[256];
    int n_inst = 0;
    if (res[0].n_steps)
        n_inst = monitor_replay_instances(&res[0].steps[res[0].n_steps - 1], inst, 256);
    if (a->report) {
        putchar('\n');
        monitor_print_report(stdout, &res[0], inst, n_inst);
    }
    sim_outputs out = a->out;
    char title[320];
    const char *slash = strrchr(rp->meta.data, '/');
    snprintf(title, sizeof title, "scaleahead-sim: %s on %s",
             a->sweep ? "the quantile policy swept" : "policies compared",
             slash ? slash + 1 : rp->meta.data);
    out.title = title;
    out.with_instances = a->report;
    return sim_write_outputs(&out, &x, inst, n_inst, e);
}

/* Loads the replay, runs the policies (or the sweep) and reports. */
static int run_replay(sim_args *a, const char *path, const predictor *model)
{
    replay_part part = !a->part ? REPLAY_PART_AUTO
                     : !strcmp(a->part, "test") ? REPLAY_PART_TEST : REPLAY_PART_ALL;
    replay_options o = {path, a->target, a->predictions, model, a->calendar, a->fill, a->threads,
                        a->horizon, a->gamma, a->levels, a->n_levels, &a->how,
                        a->model_path, part, a->capacity, a->forecast_basis};
    replay rp;
    sa_error e;
    int loaded = replay_load(&rp, &o, &a->cfg, &e);
    if (loaded < 0)
        return cli_error(loaded == -2 ? CLI_EXIT_USAGE : CLI_EXIT_DATA, "%s", e.msg);
    if (rp.lookahead_note[0])
        msg_note("%s", rp.lookahead_note);
    if (a->predictions && a->n_levels)
        msg_note("note: the predictions' upper column is the bound at the level predict wrote "
                 "(its --coverage); --quantile only names it");
    sim_result res[REPLAY_MAX_LEVELS + POLICY_COUNT];
    policy_kind kinds[POLICY_COUNT];
    int n = a->sweep ? (int)a->n_levels + 2
                     : sim_pick_policies(a->policy, rp.forecast != NULL, rp.event != NULL, kinds);
    int rc = a->sweep ? sim_sweep(&rp, a->levels, &a->cfg, res, &e)
                      : sim_compare(&rp, kinds, n, &a->cfg, res, &e);
    if (rc == 0) {
        rc = report_replay(a, &rp, res, (size_t)n, &e);
        for (int j = 0; j < n; j++)
            sim_result_free(&res[j]);
    }
    replay_free(&rp);
    return rc < 0 ? cli_error(CLI_EXIT_DATA, "%s", e.msg) : CLI_EXIT_OK;
}

/* Whether the forecasts of the model mc can size a fleet as the flags
 * say: a utilisation or demand model without --capacity-per-instance, a
 * rate with it. Returns -1 to go on, else the exit code (message out). */
static int check_units(const sim_args *a, const model_config *mc)
{
    const char *basis = model_sizing_basis(mc);
    if (!basis[0] && a->capacity <= 0)
        return cli_error(CLI_EXIT_USAGE, "the model %s forecasts %s (training values %g to %g), "
                         "not a CPU %%: give --capacity-per-instance R, what one instance serves "
                         "at --target-cpu, to size the fleet by it", a->model_path, mc->target,
                         mc->target_range[0], mc->target_range[1]);
    if (basis[0] && a->capacity > 0)
        return cli_error(CLI_EXIT_USAGE, "--capacity-per-instance sizes by a rate; the model %s "
                         "forecasts %s, which sizes the fleet itself", a->model_path,
                         !strcmp(basis, "demand") ? "demand in busy instances" : "a CPU %");
    return -1;
}

/* Loads --model, checks it against the flags, and replays with it. */
static int run_with_model(sim_args *a, const char *path)
{
    sa_error e;
    predictor model;
    blas_threads_single();
    if (predictor_load(&model, a->model_path, &e) < 0)
        return cli_error(CLI_EXIT_DATA, "%s", e.msg);
    const model_config *mc = &model.model.members[0].config;
    int rc;
    if (a->seen_target && strcmp(a->target, mc->target)) {
        rc = cli_error(CLI_EXIT_USAGE, "--target %s: the model %s forecasts %s", a->target,
                       a->model_path, mc->target);
    } else if ((rc = check_units(a, mc)) >= 0) {
        /* refused: the message is out */
    } else {
        a->target = mc->target;
        if (!a->seen_horizon)
            a->horizon = mc->horizon;
        rc = run_replay(a, path, &model);
    }
    predictor_free(&model);
    return rc;
}

static volatile sig_atomic_t interrupted;
static void on_sigint(int sig) { interrupted = sig; }

/* The live status line of one tick (on_tick of live_loop). */
static void status_line(const sim_step *s, void *tty)
{
    if (msg_quiet)
        return;
    char when[20];
    time_format((int64_t)floor(s->time), when);
    fprintf(stderr, "%s[%s] CPU %5.1f%% | memory %5.1f%% | network %7.1f | instances %2d | %s%s",
            *(int *)tty ? "\r" : "", when + 11, s->cpu, s->memory, s->network, s->fleet,
            sim_action_name(s->action), *(int *)tty ? "\033[K" : "\n");
}

static int run_live(const sim_args *a)
{
    policy_kind kind = POLICY_REACTIVE;
    if (strcmp(a->policy, "all"))
        policy_parse(a->policy, &kind);
    live_options o = {&a->cfg, kind, a->duration, a->interval, a->mean_cpu, (size_t)a->history,
                      (uint64_t)a->seed, a->fast, a->spikes.items, a->spikes.n,
                      a->resources.items, a->resources.n};
    live_run l;
    sa_error e;
    if (live_setup(&l, &o, &e) < 0)
        return cli_error(CLI_EXIT_USAGE, "%s", e.msg);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;   /* no SA_RESTART: the sleep ends at once */
    sigaction(SIGINT, &sa, NULL);
    int tty = isatty(2);
    sim_result r;
    int rc = live_loop(&l, &o, &interrupted, status_line, &tty, &r, &e);
    if (tty && !msg_quiet)
        fputc('\n', stderr);
    if (interrupted)
        msg_note("interrupted after %zu ticks: writing what was collected", l.m.ticks);
    if (rc == 0) {
        replay_meta meta;
        live_meta(&r, a->interval, &meta);
        if (!a->to_stdout) {
            sim_print_table(stdout, &r, 1, &a->cfg);
            putchar('\n');
            monitor_print_report(stdout, &r, l.m.inst, l.m.n_inst);
        }
        sim_outputs out = a->out;
        out.title = "scaleahead-sim: live monitor";
        out.with_instances = 1;
        sim_export x = {&meta, &a->cfg, &r, 1, NULL, 0};
        rc = sim_write_outputs(&out, &x, l.m.inst, l.m.n_inst, &e);
    }
    sim_result_free(&r);
    live_free(&l);
    return rc < 0 ? cli_error(CLI_EXIT_DATA, "%s", e.msg) : CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
    sim_args a = {.policy = "all", .target = "cpu_utilization", .floor = "reactive",
                  .horizon = 1, .history = 50, .seed = 42, .duration = 30, .interval = 2,
                  .mean_cpu = 50, .threads = cli_online_cpus(),
                  .max_fill = SERIES_DEFAULT_MAX_FILL};
    sim_config_default(&a.cfg);
    int first;
    int rc = parse_args(&a, argc, argv, &first);
    if (rc >= 0)
        return rc;
    predictor_allow_interrupted(a.allow_interrupted);
    if ((rc = cli_fill(&a.fill, a.max_fill)) >= 0)
        return rc;
    sa_error e;
    const cli_input_flags *in = &a.input_flags;
    if (series_input_set(&a.how, in->columns.items, (size_t)in->columns.n, in->time_column,
                         in->delimiter, in->snap, &e))
        return cli_error(CLI_EXIT_USAGE, "%s", e.msg);
    outfile_install_cleanup(!a.live);
    if ((rc = settle(&a)) >= 0 || (rc = check_mode(&a)) >= 0 || (rc = check_settings(&a)) >= 0 ||
        (rc = check_outputs(&a)) >= 0)
        return rc;
    if (a.live) {
        if (first < argc)
            return cli_error(CLI_EXIT_USAGE, "--live takes no metrics file");
        if (a.predictions || a.model_path || a.calendar)
            return cli_error(CLI_EXIT_USAGE, "--live takes no --predictions, --model or --calendar");
        return run_live(&a);
    }
    const char *path = first < argc ? argv[first] : "-";
    if ((rc = check_replay(&a, path)) >= 0)
        return rc;
    return a.model_path ? run_with_model(&a, path) : run_replay(&a, path, NULL);
}
