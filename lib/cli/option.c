/* option.c — see option.h. */
#include "cli/option.h"

#include <stdio.h>

/* "(default 1h)": a duration in its largest whole unit. */
static void format_duration(int seconds, char *buf, size_t n)
{
    static const struct { int size; char unit; } units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (seconds && seconds % units[i].size == 0) {
            snprintf(buf, n, "(default %d%c)", seconds / units[i].size, units[i].unit);
            return;
        }
    snprintf(buf, n, "(default %ds)", seconds);
}

void cli_format_default(const cli_option *o, char *buf, size_t n)
{
    buf[0] = 0;
    switch (o->kind) {
    case CLI_INT:      snprintf(buf, n, "(default %d)", *(int *)o->dest); break;
    case CLI_DURATION: format_duration(*(int *)o->dest, buf, n); break;
    case CLI_DOUBLE:   snprintf(buf, n, "(default %g)", *(double *)o->dest); break;
    case CLI_STRING:
        if (*(const char **)o->dest)
            snprintf(buf, n, "(default %s)", *(const char **)o->dest);
        break;
    case CLI_FLAG:
    case CLI_MULTI: break;
    }
}

const cli_option *cli_common_options(void)
{
    static const cli_option common[] = {
        {"help", 'h', CLI_FLAG, NULL, NULL, "show this help and exit", 0, 0, NULL},
        {"version", 0, CLI_FLAG, NULL, NULL, "show the version and exit", 0, 0, NULL},
        {"man", 0, CLI_FLAG, NULL, NULL, "print this help as a man page (roff) and exit", 0, 0, NULL},
        {0},
    };
    return common;
}
