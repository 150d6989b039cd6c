/* progress.c — see progress.h. */
#include "base/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "base/message.h"

double progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void progress_begin(progress *p, const char *label, size_t total)
{
    p->label = label;
    p->total = total;
    p->start = progress_now();
    p->last_print = -1e9;
    p->tty = isatty(2);
    p->open_line = 0;
}

void progress_update(progress *p, size_t done, const char *message, int final)
{
    if (msg_quiet)
        return;
    double now = progress_now(), elapsed = now - p->start;
    if (!p->tty && !final && now - p->last_print < 2.0)
        return;
    p->last_print = now;
    double eta = done ? elapsed / (double)done * (double)(p->total - done) : 0;
    fprintf(stderr, "%s%s: %s %zu/%zu %s  %.0fs, ETA %.0fs%s", p->tty ? "\r\033[K" : "",
            msg_tool(), p->label, done, p->total, message, elapsed, eta, p->tty ? "" : "\n");
    p->open_line = p->tty;
    fflush(stderr);
}

void progress_end(progress *p)
{
    if (p->open_line && !msg_quiet)
        fputc('\n', stderr);
    p->open_line = 0;
}
