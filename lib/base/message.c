/* message.c — see message.h. */
#include "base/message.h"

#include <stdio.h>

int msg_quiet;
static const char *tool_name = "scaleahead";

void msg_set_tool(const char *tool) { tool_name = tool; }

const char *msg_tool(void) { return tool_name; }

void msg_vline(const char *tool, const char *tail, const char *fmt, va_list ap)
{
    char msg[2 * 1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    for (char *c = msg; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    fprintf(stderr, "%s: %s%s\n", tool, msg, tail);
}

void msg_note(const char *fmt, ...)
{
    if (msg_quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    msg_vline(tool_name, "", fmt, ap);
    va_end(ap);
}
