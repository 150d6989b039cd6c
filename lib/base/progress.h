/* progress.h — progress of long work on stderr (docs/design.md §2): a live line
 * redrawn in place when stderr is a terminal, plain periodic lines
 * otherwise, nothing with -q (msg_quiet). */
#ifndef SA_PROGRESS_H
#define SA_PROGRESS_H

#include <stddef.h>

typedef struct progress {
    const char *label;     /* e.g. "train" or "member 2/5" */
    size_t total;          /* units of work (epochs) */
    double start;          /* monotonic seconds at progress_begin */
    double last_print;     /* plain mode: time of the last line */
    int tty;               /* stderr is a terminal */
    int open_line;         /* a live line is on screen */
} progress;

/* Monotonic clock in seconds. */
double progress_now(void);

/* Starts reporting total units under label. */
void progress_begin(progress *p, const char *label, size_t total);

/* Reports that done units are finished, with a message such as
 * "loss 0.0123 val 0.0145 lr 5e-4". Prints an ETA from the average pace.
 * In plain mode prints at most one line every 2 seconds unless final. */
void progress_update(progress *p, size_t done, const char *message, int final);

/* Ends the live line (newline) if one is open. */
void progress_end(progress *p);

#endif
