/* calendar.h — the business calendar: events such as sales, as CSV
 * "start,end,name" (docs/design.md §3). An event covers start <= t < end. */
#ifndef SA_CALENDAR_H
#define SA_CALENDAR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "base/err.h"

typedef struct calendar_event {
    int64_t start, end;      /* Unix seconds, start < end */
    char name[64];
} calendar_event;

typedef struct calendar {
    size_t n;
    calendar_event *events;  /* (n), sorted by start */
    int64_t *reach;          /* (n) latest end among events[0..i]: lets a lookup
                                stop early when events overlap; NULL in a
                                calendar filled by hand (lookups then scan) */
    size_t cap;              /* allocated events (calendar_add) */
} calendar;

/* Reads a calendar CSV (through libcsv). Returns 0, or -1 with e set to
 * "FILE:LINE: column NAME: what" (bad timestamp, end before start, ragged
 * row, missing column). Caller frees with calendar_free. */
int calendar_read(calendar *c, const char *path, sa_error *e);

/* Adds the event [start, end) called name (cut to 63 bytes) keeping the
 * events sorted by start (cheap when added in order). c starts zeroed.
 * Returns 0, or -1 with e set (end not after start, out of memory). */
int calendar_add(calendar *c, int64_t start, int64_t end, const char *name, sa_error *e);

/* Writes c as CSV to fp. Returns 0 or -1 on a write error. */
int calendar_write(const calendar *c, FILE *fp);

/* 1 if t falls inside any event, else 0. */
int calendar_active(const calendar *c, int64_t t);

/* The event covering t, or NULL. */
const calendar_event *calendar_event_at(const calendar *c, int64_t t);

void calendar_free(calendar *c);

#endif
