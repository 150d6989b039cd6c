/* timestamp.h — the timestamps real exports write, read into UTC seconds:
 * what series.h's time_parse accepts plus ISO 8601 offsets (+02:00, +0200,
 * +02, Z), missing seconds, a date alone, fractional Unix seconds, and
 * millisecond, microsecond and nanosecond Unix epochs. Times without an
 * offset are wall-clock times of a zone (timezone.h; UTC by default). */
#ifndef SA_TIMESTAMP_H
#define SA_TIMESTAMP_H

#include <stddef.h>
#include <stdint.h>
#include "series/timezone.h"

/* Parses text[0..len) (not necessarily NUL-terminated). An integer of 11
 * digits or fewer is Unix seconds; more digits are milliseconds (up to
 * 14), microseconds (up to 17) or nanoseconds; a fractional number is
 * seconds. Fractions of a second are dropped (rounded down), as
 * time_parse does. zone (NULL = UTC) reads times without an offset.
 * Returns 0 with utc[0] the time and utc[1] the same, or, for a wall-clock
 * time the zone repeats when its clocks go back, utc[0] the first and
 * utc[1] the second occurrence. Returns -1 with *why (static text) set:
 * "is not a timestamp", "is outside the years 1..9999", or "does not exist
 * in the zone (its clocks skip that hour)". */
int time_parse_any(const char *text, size_t len, const tz_zone *zone, int64_t utc[2],
                   const char **why);

/* Unix seconds (a JSON number: Prometheus' 1397088240.123) to whole
 * seconds, rounded down. Returns 0, or -1 when not finite or outside the
 * years 1..9999. */
int time_from_epoch(double seconds, int64_t *t);

#endif
