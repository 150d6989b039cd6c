/* message.h — one-line messages on stderr, shared by the library and the
 * tools without the library knowing about the command line.
 *
 * A tool names itself once (cli_parse does it) and sets msg_quiet from -q;
 * library code that has something to tell the user (a dropped feature, a
 * progress line) prints through here. Every message is exactly one line:
 * control bytes in it (a newline in a file name, a quoted field) become '?'. */
#ifndef SA_MESSAGE_H
#define SA_MESSAGE_H

#include <stdarg.h>

/* Set from -q: msg_note and progress lines print nothing. Errors still do. */
extern int msg_quiet;

/* Records the tool name messages start with ("scaleahead" until set). The
 * string is not copied: it must outlive every message (argv or a literal). */
void msg_set_tool(const char *tool);

/* The tool name recorded by msg_set_tool. */
const char *msg_tool(void);

/* Prints "TOOL: message[tail]" as one line on stderr, whatever msg_quiet. */
void msg_vline(const char *tool, const char *tail, const char *fmt, va_list ap);

/* Prints "TOOL: message" as one line on stderr unless msg_quiet. */
void msg_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
