/* man.h — the tools' man pages, written from the same option tables as
 * --help (cli.h), so `man scaleahead-train` and `scaleahead-train --help`
 * cannot disagree; and the list of tools the dispatcher runs. `make man`
 * writes each page with `TOOL --man`; `make install` installs them under
 * $(PREFIX)/share/man/man1. */
#ifndef SA_CLI_MAN_H
#define SA_CLI_MAN_H

#include <stddef.h>
#include <stdio.h>

#include "cli/option.h"

/* A tool the dispatcher runs: "train" for scaleahead-train, and one line
 * saying what it does (the NAME line of its man page). */
typedef struct cli_command {
    const char *name;
    const char *brief;
} cli_command;

/* The tools, in the order the dispatcher lists them; n_out gets the count. */
const cli_command *cli_commands(size_t *n_out);

/* The command called name ("train"), or NULL. */
const cli_command *cli_command_find(const char *name);

/* Writes spec's man page (roff, section 1) to fp: NAME (from the command's
 * brief), SYNOPSIS, DESCRIPTION (the summary), OPTIONS (every option of
 * the table with its argument, help and default, then --help, --version
 * and --man, as --help lists them), EXAMPLES, EXIT STATUS, SEE ALSO (the
 * other tools and the guide docs/TOOL.md). The number of CPUs, which is
 * the default of --threads, reads "the number of online CPUs" here rather
 * than this machine's count. */
void cli_man_write(FILE *fp, const cli_spec *spec);

/* Writes the dispatcher's man page (scaleahead(1)): its usage and every
 * command with its brief. */
void cli_man_write_dispatcher(FILE *fp);

#endif
