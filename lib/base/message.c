/* message.c — see message.h. */
#include "base/message.h"

#include <stdio.h>

int msg_quiet;
static const char *tool_name = "scaleahead";

void msg_set_tool(const char *tool) { tool_name = tool; }

const char *msg_tool(void) { return tool_name; }

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when it is not one
 * (a stray byte of Latin-1 or binary data). */
static int utf8_length(const unsigned char *p)
{
    int n = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3
          : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (n == 2 && p[0] < 0xc2)
        return 0; /* overlong */
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

/* One line of printable text: control bytes and bytes that are not UTF-8
 * become '?', so a file name or a quoted field cannot move the terminal's
 * cursor or split the message. */
static void sanitize(char *msg)
{
    unsigned char *c = (unsigned char *)msg;
    while (*c) {
        int n = utf8_length(c);
        if (n == 0 || *c < 0x20 || *c == 0x7f) {
            *c++ = '?';
            continue;
        }
        c += n;
    }
}

void msg_vline(const char *tool, const char *tail, const char *fmt, va_list ap)
{
    char msg[2 * 1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    sanitize(msg);
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
