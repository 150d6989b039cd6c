/* cli.c — see cli.h. */
#include "cli/cli.h"
#include "cli/man.h"

#include "base/message.h"
#include "base/outfile.h"
#include "base/stdout_guard.h"
#include "base/kernel_path.h"
#include "base/version.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <unistd.h>


int cli_error(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    msg_vline(msg_tool(), "", fmt, ap);
    va_end(ap);
    return code;
}

int cli_online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (int)n;
}

/* Prints one option line of --help: the option, its argument, its help
 * and its default. */
static void print_option(const cli_option *o)
{
    char left[64], dflt[96];
    if (o->short_name)
        snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name,
                 o->arg ? " " : "", o->arg ? o->arg : "");
    else
        snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "",
                 o->arg ? o->arg : "");
    cli_format_default(o, dflt, sizeof dflt);
    printf("  %-26s %s%s%s\n", left, o->help, dflt[0] ? " " : "", dflt);
}

static void print_help(const cli_spec *spec)
{
    printf("Usage: %s %s\n\n%s\n\nOptions:\n", spec->tool, spec->usage, spec->summary);
    for (const cli_option *o = spec->options; o && o->name; o++)
        print_option(o);
    for (const cli_option *o = cli_common_options(); o->name; o++)
        print_option(o);
    if (spec->examples)
        printf("\nExamples:\n%s", spec->examples);
    printf("\nExit status: 0 success, 1 data or runtime error, 2 usage error.\n");
}

static int usage_error(const cli_spec *spec, const char *fmt, ...)
{
    char tail[128];
    snprintf(tail, sizeof tail, " (see %s --help)", spec->tool);
    va_list ap;
    va_start(ap, fmt);
    msg_vline(spec->tool, tail, fmt, ap);
    va_end(ap);
    return CLI_EXIT_USAGE;
}

/* Stores text into o->dest, checking its form and range. */
static int set_value(const cli_spec *spec, const cli_option *o, const char *text)
{
    char *end;
    errno = 0;
    if (o->kind == CLI_STRING || o->kind == CLI_MULTI) {
        if (!*text)
            return usage_error(spec, "--%s needs a non-empty value", o->name);
        if (o->kind == CLI_STRING) {
            *(const char **)o->dest = text;
            return -1;
        }
        cli_multi *m = o->dest;
        if (m->n >= CLI_MULTI_MAX)
            return usage_error(spec, "--%s given more than %d times", o->name, CLI_MULTI_MAX);
        m->items[m->n++] = text;
        return -1;
    }
    double v = strtod(text, &end);
    if (o->kind == CLI_DURATION && end != text && *end && !end[1] && strchr("smhd", *end))
        v *= *end == 's' ? 1 : *end == 'm' ? 60 : *end == 'h' ? 3600 : 86400, end++;
    if (end == text || *end || errno || !isfinite(v))
        return usage_error(spec, o->kind == CLI_DURATION ? "--%s: '%s' is not a duration "
                           "(N with s, m, h or d)" : "--%s: '%s' is not a number", o->name, text);
    if (o->kind != CLI_DOUBLE && v != floor(v))
        return usage_error(spec, "--%s: '%s' is not a whole number%s", o->name, text,
                           o->kind == CLI_DURATION ? " of seconds" : "");
    if (o->min < o->max && (v < o->min || v > o->max))
        return usage_error(spec, "--%s: %s is out of range [%.15g, %.15g]", o->name, text,
                           o->min, o->max);
    if (o->kind != CLI_DOUBLE && (v < INT_MIN || v > INT_MAX))
        return usage_error(spec, "--%s: %s is out of range [%d, %d]", o->name, text, INT_MIN,
                           INT_MAX);
    if (o->kind == CLI_INT || o->kind == CLI_DURATION)
        *(int *)o->dest = (int)v;
    else
        *(double *)o->dest = v;
    return -1;
}

/* The long names of the options the last cli_parse met, each once, in
 * command-line order (cli_given). */
static const char *given[128];
static size_t n_given;

static void note_given(const char *name)
{
    for (size_t i = 0; i < n_given; i++)
        if (!strcmp(given[i], name))
            return;
    if (n_given < sizeof given / sizeof *given)
        given[n_given++] = name;
}

size_t cli_given(const char **names, size_t cap)
{
    for (size_t i = 0; i < n_given && i < cap; i++)
        names[i] = given[i];
    return n_given < cap ? n_given : cap;
}

int cli_was_given(const char *name)
{
    for (size_t i = 0; i < n_given; i++)
        if (!strcmp(given[i], name))
            return 1;
    return 0;
}

int cli_fill(int *fill, int max_fill)
{
    *fill = *fill ? max_fill : 0;
    return cli_needs("max-fill", "fill", "it sets the longest gap --fill fills");
}

int cli_needs(const char *option, const char *needed, const char *why)
{
    if (!cli_was_given(option) || cli_was_given(needed))
        return -1;
    return cli_error(CLI_EXIT_USAGE, "--%s needs --%s%s%s", option, needed, why ? ": " : "",
                     why ? why : "");
}

int cli_excludes(const char *option, const char *other, const char *why)
{
    if (!cli_was_given(option) || !cli_was_given(other))
        return -1;
    return cli_error(CLI_EXIT_USAGE, "--%s has no effect with --%s%s%s", option, other,
                     why ? ": " : "", why ? why : "");
}

static const cli_option *find_long(const cli_spec *spec, const char *name, size_t len)
{
    for (const cli_option *o = spec->options; o && o->name; o++)
        if (strlen(o->name) == len && !strncmp(o->name, name, len))
            return o;
    return NULL;
}

static const cli_option *find_short(const cli_spec *spec, char c)
{
    for (const cli_option *o = spec->options; o && o->name; o++)
        if (o->short_name == c)
            return o;
    return NULL;
}

/* Handles the option argv[*i], moving *i past a separate value. Returns -1
 * to go on, or an exit code: --help and --version print and give
 * CLI_EXIT_OK, a bad option or value gives the usage error. */
static int parse_option(const cli_spec *spec, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
        print_help(spec);
        return CLI_EXIT_OK;
    }
    if (!strcmp(a, "--man")) {
        cli_man_write(stdout, spec);
        return CLI_EXIT_OK;
    }
    if (!strcmp(a, "--version")) {
        /* the kernel path too: figures and bug reports need it */
        printf("%s %s (kernel %s)\n", spec->tool, SA_VERSION,
               kernel_path_name(kernel_path_active()));
        return CLI_EXIT_OK;
    }
    const cli_option *o;
    const char *value = NULL;
    if (a[1] == '-') {
        const char *eq = strchr(a + 2, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        o = find_long(spec, a + 2, len);
        if (eq)
            value = eq + 1;
    } else {
        o = a[2] ? NULL : find_short(spec, a[1]);
    }
    if (!o)
        return usage_error(spec, "unknown option '%s'", a);
    if (o->seen)
        *o->seen = 1;
    note_given(o->name);
    if (o->kind == CLI_FLAG) {
        if (value)
            return usage_error(spec, "--%s takes no value", o->name);
        *(int *)o->dest = 1;
        return -1;
    }
    if (!value) {
        if (*i + 1 >= argc)
            return usage_error(spec, "--%s needs a value (%s)", o->name, o->arg ? o->arg : "");
        value = argv[++*i];
    }
    return set_value(spec, o, value);
}

int cli_table_add(cli_table *t, const cli_option *add, size_t n)
{
    if (t->full || n > CLI_MAX_OPTIONS - t->n) {
        t->full = 1;
        return -1;
    }
    memcpy(t->items + t->n, add, n * sizeof *add);
    t->n += n;
    t->items[t->n] = (cli_option){0};
    return 0;
}

int cli_parse(const cli_spec *spec, int argc, char **argv, int *first_arg)
{
    msg_set_tool(spec->tool);
    n_given = 0;
    stdout_guard_install();
    outfile_protect_inputs();
    /* Positional arguments are moved to the end, in order. */
    char **positional = calloc((size_t)argc + 1, sizeof *positional);
    int n_pos = 0, rc = -1;
    if (!positional)
        return cli_error(CLI_EXIT_DATA, "out of memory");
    for (int i = 1; i < argc && rc < 0; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            while (++i < argc)
                positional[n_pos++] = argv[i];
            break;
        }
        if (a[0] != '-' || !strcmp(a, "-"))
            positional[n_pos++] = argv[i];
        else
            rc = parse_option(spec, argc, argv, &i);
    }
    if (rc < 0 && n_pos < spec->min_args)
        rc = usage_error(spec, "missing argument: %s", spec->usage);
    if (rc < 0 && spec->max_args >= 0 && n_pos > spec->max_args)
        rc = usage_error(spec, "unexpected argument '%s'", positional[spec->max_args]);
    if (rc < 0) {
        *first_arg = argc - n_pos;
        memcpy(argv + *first_arg, positional, (size_t)n_pos * sizeof *argv);
    }
    free(positional);
    return rc;
}
