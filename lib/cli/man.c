/* man.c — see man.h. */
#include "cli/man.h"

#include <stdio.h>
#include <string.h>

#include "base/version.h"

static const cli_command commands[] = {
    {"datagen",  "synthetic multi-metric data and a business calendar"},
    {"features", "the engineered feature matrix of a metrics CSV"},
    {"train",    "train a model, an ensemble, a grid search, --arch auto or a fleet (HDF5)"},
    {"eval",     "metrics report of a model against baselines"},
    {"predict",  "forecasts with intervals for every window of a CSV, or the next; decisions"},
    {"sim",      "fleet simulator: scaling policies compared, live monitor"},
    {"import",   "CloudWatch, Prometheus and Grafana exports to the metrics CSV"},
};

const cli_command *cli_commands(size_t *n_out)
{
    *n_out = sizeof commands / sizeof commands[0];
    return commands;
}

const cli_command *cli_command_find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

/* Writes text for roff: '-' as \-, '\' as \e, and a line that would start
 * with '.' or '\'' guarded by \&. Newlines are kept when keep_lines, else
 * they become spaces (roff fills the paragraph). */
static void put_roff(FILE *fp, const char *text, int keep_lines)
{
    int at_start = 1;
    for (const char *c = text; *c; c++) {
        if (at_start && (*c == '.' || *c == '\''))
            fputs("\\&", fp);
        at_start = 0;
        if (*c == '-')
            fputs("\\-", fp);
        else if (*c == '\\')
            fputs("\\e", fp);
        else if (*c == '\n' && !keep_lines)
            fputc(' ', fp);
        else {
            fputc(*c, fp);
            at_start = *c == '\n';
        }
    }
}

/* The default of o as --help prints it, "(default X)", or nothing. */
static void put_default(FILE *fp, const cli_option *o)
{
    char text[96] = "";
    if (!strcmp(o->name, "threads"))
        snprintf(text, sizeof text, "(default: the number of online CPUs)");
    else if (o->dest)
        cli_format_default(o, text, sizeof text);
    if (text[0]) {
        fputc(' ', fp);
        put_roff(fp, text, 0);
    }
}

static void put_option(FILE *fp, const cli_option *o)
{
    fputs(".TP\n", fp);
    if (o->short_name)
        fprintf(fp, "\\fB\\-%c\\fR, ", o->short_name);
    fputs("\\fB\\-\\-", fp);
    put_roff(fp, o->name, 0);
    fputs("\\fR", fp);
    if (o->arg) {
        fputs(" \\fI", fp);
        put_roff(fp, o->arg, 0);
        fputs("\\fR", fp);
    }
    fputc('\n', fp);
    put_roff(fp, o->help, 0);
    put_default(fp, o);
    fputc('\n', fp);
}

/* .TH and NAME: "TOOL \- brief". */
static void put_head(FILE *fp, const char *tool, const char *brief)
{
    fputs(".TH ", fp);
    for (const char *c = tool; *c; c++)
        fputc(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c, fp);
    fprintf(fp, " 1 \"\" \"scaleahead %s\" \"scaleahead manual\"\n.SH NAME\n", SA_VERSION);
    put_roff(fp, tool, 0);
    fputs(" \\- ", fp);
    put_roff(fp, brief, 0);
    fputc('\n', fp);
}

/* SEE ALSO: the dispatcher and every other tool, and the guide. */
static void put_see_also(FILE *fp, const char *tool)
{
    fputs(".SH SEE ALSO\n", fp);
    const char *sep = "";
    if (strcmp(tool, "scaleahead")) {
        fputs("\\fBscaleahead\\fR(1)", fp);
        sep = ", ";
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (!strcmp(tool + (strncmp(tool, "scaleahead-", 11) ? 0 : 11), commands[i].name))
            continue;
        fprintf(fp, "%s\\fBscaleahead\\-%s\\fR(1)", sep, commands[i].name);
        sep = ", ";
    }
    fputs(".\nThe guides are in the docs/ folder of the source: docs/README.md lists them", fp);
    if (!strncmp(tool, "scaleahead-", 11)) {
        fputs("; this tool's is docs/", fp);
        put_roff(fp, tool + 11, 0);
        fputs(".md", fp);
    }
    fputs(".\n", fp);
}

void cli_man_write(FILE *fp, const cli_spec *spec)
{
    const char *short_name = strncmp(spec->tool, "scaleahead-", 11) ? spec->tool : spec->tool + 11;
    const cli_command *c = cli_command_find(short_name);
    put_head(fp, spec->tool, c ? c->brief : spec->tool);
    fprintf(fp, ".SH SYNOPSIS\n\\fB");
    put_roff(fp, spec->tool, 0);
    fputs("\\fR ", fp);
    put_roff(fp, spec->usage, 0);
    fputs("\n.SH DESCRIPTION\n", fp);
    put_roff(fp, spec->summary, 0);
    fputs("\n.SH OPTIONS\n", fp);
    for (const cli_option *o = spec->options; o && o->name; o++)
        put_option(fp, o);
    for (const cli_option *o = cli_common_options(); o->name; o++)
        put_option(fp, o);
    if (spec->examples) {
        fputs(".SH EXAMPLES\n.nf\n", fp);
        put_roff(fp, spec->examples, 1);
        fputs(".fi\n", fp);
    }
    fputs(".SH EXIT STATUS\n0 success, 1 data or runtime error, 2 usage error.\n", fp);
    put_see_also(fp, spec->tool);
}

void cli_man_write_dispatcher(FILE *fp)
{
    put_head(fp, "scaleahead", "predictive autoscaling: forecast cloud metrics, replay scaling policies");
    fputs(".SH SYNOPSIS\n\\fBscaleahead\\fR \\fICOMMAND\\fR [\\fIARGS\\fR]\n"
          ".br\n\\fBscaleahead\\fR \\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR | \\fB\\-\\-man\\fR\n"
          ".SH DESCRIPTION\nRuns \\fBscaleahead\\-\\fR\\fICOMMAND\\fR with \\fIARGS\\fR, from the "
          "folder of this program or else from PATH, as git does.\n.SH COMMANDS\n", fp);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        fprintf(fp, ".TP\n\\fB%s\\fR\n", commands[i].name);
        put_roff(fp, commands[i].brief, 0);
        fputc('\n', fp);
    }
    fputs(".SH EXAMPLES\n.nf\nscaleahead datagen \\-\\-days 3 | scaleahead features \\- | head\n.fi\n"
          ".SH EXIT STATUS\nThat of the command run; 2 for an unknown command.\n", fp);
    put_see_also(fp, "scaleahead");
}
