/* alerts.c — see alerts.h. */
#include "sim/alerts.h"
#include "base/array.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "series/series.h"

int alert_add(alert_log *log, double time, alert_level level, const char *fmt, ...)
{
    if (log->n == log->cap) {
        size_t cap = log->cap ? 2 * log->cap : 64;
        if (array_resize(&log->items, cap, sizeof *log->items))
            return -1;
        log->cap = cap;
    }
    alert *a = &log->items[log->n++];
    a->time = time;
    a->level = level;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->message, sizeof a->message, fmt, ap);
    va_end(ap);
    return 0;
}

const char *alert_level_name(alert_level level)
{
    switch (level) {
    case ALERT_INFO: return "INFO";
    case ALERT_WARNING: return "WARNING";
    case ALERT_CRITICAL: return "CRITICAL";
    }
    return "?";
}

size_t alert_count(const alert_log *log, alert_level level)
{
    size_t n = 0;
    for (size_t i = 0; i < log->n; i++)
        n += log->items[i].level == level;
    return n;
}

int alert_print(FILE *fp, const alert_log *log)
{
    char when[20];
    for (size_t i = 0; i < log->n; i++) {
        time_format((int64_t)floor(log->items[i].time), when);
        fprintf(fp, "%s [%s] %s\n", when, alert_level_name(log->items[i].level),
                log->items[i].message);
    }
    return ferror(fp) ? -1 : 0;
}

void alert_log_free(alert_log *log)
{
    free(log->items);
    memset(log, 0, sizeof *log);
}
