/* scaleahead — the dispatcher: `scaleahead CMD ARGS` runs scaleahead-CMD
 * from the directory of this program (or PATH), as git does. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const char *const commands[][2] = {
    {"datagen",  "synthetic multi-metric data and a business calendar"},
    {"features", "the engineered feature matrix of a metrics CSV"},
    {"train",    "train a model, a 5-model ensemble or a grid search (HDF5)"},
    {"eval",     "metrics report of a model against baselines"},
    {"predict",  "batch forecasts for every window of a CSV"},
    {"sim",      "fleet simulator: scaling policies compared, live monitor"},
    {"import",   "CloudWatch, Prometheus and Grafana exports to the metrics CSV"},
};

static void usage(FILE *fp)
{
    fprintf(fp, "Usage: scaleahead COMMAND [ARGS]\n\nCommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(fp, "  %-9s %s\n", commands[i][0], commands[i][1]);
    fprintf(fp, "\n`scaleahead COMMAND --help` describes each. Example:\n"
                "  scaleahead datagen --days 3 | scaleahead features - | head\n");
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("scaleahead %s\n", SA_VERSION);
        return CLI_EXIT_OK;
    }
    size_t known = 0;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        known |= !strcmp(argv[1], commands[i][0]);
    if (!known)
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
