/* option.h — a tool's option table and its description (cli_spec), and
 * what --help and the man page (man.h) both print from it: each option's
 * default, and the options every tool has. cli.h includes this; tools
 * include cli.h. */
#ifndef SA_CLI_OPTION_H
#define SA_CLI_OPTION_H

#include <stddef.h>

typedef enum cli_kind {
    CLI_FLAG,   /* int*: set to 1, takes no value */
    CLI_INT,    /* int*, range-checked when min < max */
    CLI_DOUBLE, /* double*, range-checked when min < max */
    CLI_DURATION, /* int* seconds: "90", "90s", "30m", "1h", "2d"; range in seconds */
    CLI_STRING, /* const char**: points into argv */
    CLI_MULTI   /* cli_multi*: every occurrence appended (repeatable option) */
} cli_kind;

#define CLI_MULTI_MAX 32

/* The values of a repeatable option, in command-line order. */
typedef struct cli_multi {
    const char *items[CLI_MULTI_MAX];   /* point into argv */
    int n;
} cli_multi;

typedef struct cli_option {
    const char *name;     /* long name without "--", e.g. "epochs" */
    char short_name;      /* e.g. 'q', or 0 */
    cli_kind kind;
    void *dest;
    const char *arg;      /* value placeholder in --help, e.g. "N" */
    const char *help;     /* one line; the default is printed from dest */
    double min, max;      /* inclusive range for numbers; unchecked if min >= max */
    int *seen;            /* optional: set to 1 when given on the command line */
} cli_option;

typedef struct cli_spec {
    const char *tool;        /* "scaleahead-train" */
    const char *usage;       /* "[options] [FILE]" */
    const char *summary;     /* one paragraph: what the tool does */
    const char *examples;    /* lines shown under "Examples:" */
    cli_option *options;     /* terminated by an entry with name == NULL */
    int min_args, max_args;  /* positional argument count (max -1 = any) */
} cli_spec;

/* Writes "(default X)" for o into buf (size n): its current value as
 * --help shows it (a duration in its largest whole unit), or "" for a flag,
 * a repeatable option, or a string without a default. */
void cli_format_default(const cli_option *o, char *buf, size_t n);

/* The options cli_parse handles for every tool (--help, --version, --man),
 * as table entries to list after a tool's own; terminated by name == NULL. */
const cli_option *cli_common_options(void);

#endif
