/* cli.h — the command-line conventions every tool shares (docs/design.md §2).
 *
 * A tool describes its options in a table (option.h) and calls cli_parse
 * once; --help, --version, --man (the man page, man.h), range checks and
 * "unknown option" errors are handled here, so no main re-implements them. Exit codes: 0 success, 1 data or runtime
 * error, 2 usage error. */
#ifndef SA_CLI_H
#define SA_CLI_H

#include <stddef.h>

#include "base/message.h"
#include "base/strlist.h"
#include "base/version.h"
#include "cli/option.h"

enum { CLI_EXIT_OK = 0, CLI_EXIT_DATA = 1, CLI_EXIT_USAGE = 2 };


/* The flags of every tool that reads a user's metrics file (train, eval,
 * predict): how its columns and times are read (series.h series_input). */
typedef struct cli_input_flags {
    cli_multi columns;          /* --column NAME=HEADER */
    const char *time_column;    /* --time-column NAME */
    const char *delimiter;      /* --delimiter C */
    int snap;                   /* --snap S */
} cli_input_flags;

/* The four option-table entries of cli_input_flags f. */
#define CLI_INPUT_OPTIONS(f) \
    {"column", 0, CLI_MULTI, &(f).columns, "NAME=HEADER", "read the column HEADER as NAME (repeatable)", 0, 0, NULL}, \
    {"time-column", 0, CLI_STRING, &(f).time_column, "NAME", "the time column (default timestamp, any case)", 0, 0, NULL}, \
    {"delimiter", 0, CLI_STRING, &(f).delimiter, "C", "field separator: , ; or tab (default: detected)", 0, 0, NULL}, \
    {"snap", 0, CLI_INT, &(f).snap, "S", "move timestamps within S seconds of the step's grid onto it (0 = off)", 0, 3600, NULL}

/* The rows every tool spells the same way, each with its own destination
 * and, where the tools differ, its own help line. */
#define CLI_OUTPUT_OPTION(dest, help) \
    {"output", 'o', CLI_STRING, &(dest), "FILE", help, 0, 0, NULL}
#define CLI_QUIET_OPTION(dest, help) \
    {"quiet", 'q', CLI_FLAG, &(dest), NULL, help, 0, 0, NULL}
#define CLI_THREADS_OPTION(dest, help) \
    {"threads", 0, CLI_INT, &(dest), "N", help, 1, 1024, NULL}
#define CLI_ALLOW_INTERRUPTED_OPTION(dest) \
    {"allow-interrupted", 0, CLI_FLAG, &(dest), NULL, "use a model whose training was interrupted (warns)", 0, 0, NULL}

/* --fill (help: fill_help) and --max-fill, the gap filling of series.h. */
#define CLI_FILL_OPTIONS(fill, max_fill, fill_help) \
    {"fill", 0, CLI_FLAG, &(fill), NULL, fill_help, 0, 0, NULL}, \
    {"max-fill", 0, CLI_DURATION, &(max_fill), "DURATION", "longest gap --fill fills (30m, 1h, 2d); longer gaps stay gaps", 1, 2e9, NULL}

/* An option table put together from groups, so that a tool with many
 * options keeps each group in a function of its own (a function is one
 * screen). Fill it with cli_table_add; items stays terminated by an entry
 * with name == NULL, so spec.options = t.items. */
#define CLI_MAX_OPTIONS 120

typedef struct cli_table {
    cli_option items[CLI_MAX_OPTIONS + 1];
    size_t n;
    int full;   /* set when an add did not fit: a program error, see below */
} cli_table;

/* Appends the n options of add to t (t must start zeroed). When they do
 * not fit, adds nothing, sets t->full and returns -1 — a program error the
 * caller reports before parsing (a test of --help shows it); else 0. */
int cli_table_add(cli_table *t, const cli_option *add, size_t n);

/* cli_table_add of a whole array. */
#define CLI_TABLE_ADD(t, array) cli_table_add((t), (array), sizeof(array) / sizeof((array)[0]))

/* Parses argv against spec. Positional arguments are left in
 * argv[*first_arg .. argc-1]. Returns -1 when parsing succeeded and the tool
 * should run; otherwise the exit code to return at once: 0 after --help or
 * --version (printed to stdout), 2 after a usage error (one line on stderr,
 * "TOOL: what is wrong (see TOOL --help)"). Also records spec->tool as the
 * name cli_error prints. "-" alone is a positional argument (stdin). */
int cli_parse(const cli_spec *spec, int argc, char **argv, int *first_arg);

/* The long names (without "--") of the options the last cli_parse met,
 * each once, in command-line order, into names (at most cap). Returns the
 * count. For the checks of which flags go together: a flag whose value
 * equals its default is still "given". */
size_t cli_given(const char **names, size_t cap);

/* 1 when the last cli_parse met --name, else 0. */
int cli_was_given(const char *name);

/* Turns the --fill flag into series_options.fill: *fill becomes max_fill
 * (--max-fill's seconds) when --fill was given, else 0. A --max-fill
 * without --fill is a usage error: printed, and CLI_EXIT_USAGE returned;
 * else -1 (go on). */
int cli_fill(int *fill, int max_fill);

/* The checks of flags that only mean something together, after
 * cli_parse. cli_needs: when --option was given without --needed, prints
 * "TOOL: --option needs --needed: why" (why may be NULL) and returns
 * CLI_EXIT_USAGE; else -1 (go on). cli_excludes: the same when --option
 * was given with --other, which makes it mean nothing ("--option has no
 * effect with --other: why"). */
int cli_needs(const char *option, const char *needed, const char *why);
int cli_excludes(const char *option, const char *other, const char *why);

/* Prints "TOOL: message" as one line on stderr. Returns the exit code given,
 * so mains can write `return cli_error(1, "...")`. */
int cli_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Number of online CPUs (at least 1): the default of --threads. */
int cli_online_cpus(void);


#endif
