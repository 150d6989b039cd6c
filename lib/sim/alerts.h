/* alerts.h — the timestamped alert log of the simulator and the live
 * monitor (docs/design.md §10): CPU above 80 % and memory above 85 % are
 * WARNINGs, an overloaded fleet is CRITICAL, every scaling action is INFO.
 * Times are Unix seconds (a double, so the live monitor's fractional clock
 * fits). */
#ifndef SA_ALERTS_H
#define SA_ALERTS_H

#include <stddef.h>
#include <stdio.h>

typedef enum alert_level { ALERT_INFO, ALERT_WARNING, ALERT_CRITICAL } alert_level;

#define ALERT_MESSAGE_LEN 160

typedef struct alert {
    double time;                       /* Unix seconds */
    alert_level level;
    char message[ALERT_MESSAGE_LEN];   /* one line, no trailing newline */
} alert;

typedef struct alert_log {
    size_t n, cap;
    alert *items;                      /* (n) in the order added */
} alert_log;

/* Appends an alert with a printf-formatted message (truncated to
 * ALERT_MESSAGE_LEN - 1 bytes). log may start zeroed; it owns its memory
 * (alert_log_free). Returns 0, or -1 when out of memory (log unchanged). */
int alert_add(alert_log *log, double time, alert_level level, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "INFO", "WARNING" or "CRITICAL". */
const char *alert_level_name(alert_level level);

/* Number of alerts of the given level in log. */
size_t alert_count(const alert_log *log, alert_level level);

/* Writes one line per alert, "YYYY-MM-DD HH:MM:SS [LEVEL] message" (UTC,
 * series.h's time_format of the time rounded down), to fp.
 * Returns 0, or -1 on a write error. */
int alert_print(FILE *fp, const alert_log *log);

/* Frees the log's memory and zeroes it. */
void alert_log_free(alert_log *log);

#endif
