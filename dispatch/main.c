/* scaleahead — the dispatcher: `scaleahead CMD ARGS` runs scaleahead-CMD
 * from the directory of this program (or PATH), as git does. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/man.h"

static void usage(FILE *fp)
{
    size_t n;
    const cli_command *commands = cli_commands(&n);
    fprintf(fp, "Usage: scaleahead COMMAND [ARGS]\n\nCommands:\n");
    for (size_t i = 0; i < n; i++)
        fprintf(fp, "  %-9s %s\n", commands[i].name, commands[i].brief);
    fprintf(fp, "\nOptions:\n");
    for (const cli_option *o = cli_common_options(); o->name; o++) {
        char left[32] = "    ";
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, ", o->short_name);
        fprintf(fp, "  %s--%-22s %s\n", left, o->name, o->help);
    }
    fprintf(fp, "\n`scaleahead COMMAND --help` describes each command (`man scaleahead-COMMAND`).\n"
                "Example:\n  scaleahead datagen --days 3 | scaleahead features - | head\n");
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
    }
    if (!strcmp(argv[1], "--man")) {
        cli_man_write_dispatcher(stdout);
        return CLI_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("scaleahead %s\n", SA_VERSION);
        return CLI_EXIT_OK;
    }
    if (!cli_command_find(argv[1]))
        return cli_error(CLI_EXIT_USAGE, "unknown command '%s' (see scaleahead --help)", argv[1]);

    char name[64], path[PATH_MAX];
    snprintf(name, sizeof name, "scaleahead-%s", argv[1]);
    argv[1] = name;
    /* Prefer the sibling of this executable, so a build tree works uninstalled. */
    ssize_t len = readlink("/proc/self/exe", path, sizeof path - 1);
    if (len > 0) {
        path[len] = 0;
        char *slash = strrchr(path, '/');
        if (slash && (size_t)(slash - path) + strlen(name) + 2 < sizeof path) {
            strcpy(slash + 1, name);
            execv(path, argv + 1);
        }
    }
    execvp(name, argv + 1);
    return cli_error(CLI_EXIT_DATA, "cannot run %s: %s", name, strerror(errno));
}
