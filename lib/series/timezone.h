/* timezone.h — local wall-clock times of a named zone (Europe/Berlin)
 * converted to UTC and back, with daylight-saving time handled by the
 * system's tz database (/usr/share/zoneinfo, Debian's tzdata).
 *
 * glibc silently treats an unknown TZ as UTC, so tz_open first checks that
 * the zone's file exists and is a TZif file; the conversions then go
 * through localtime_r with TZ set to the zone. The zone is process-wide
 * state (the TZ environment variable): one zone at a time. */
#ifndef SA_TIMEZONE_H
#define SA_TIMEZONE_H

#include <stdint.h>
#include "base/err.h"

typedef struct tz_zone {
    char name[128];       /* "Europe/Berlin", or "UTC" */
    int is_utc;           /* 1: no conversion at all */
} tz_zone;

/* Opens the zone called name ("UTC" and "Z" need no file). Returns 0, or
 * -1 with e set: "unknown time zone 'X' (no file in /usr/share/zoneinfo;
 * is tzdata installed?)". Sets TZ for the process. */
int tz_open(tz_zone *z, const char *name, sa_error *e);

/* The UTC times whose wall-clock time in z is local (seconds since
 * 1970-01-01 counted as if the wall clock were UTC). Returns how many
 * there are: 1 normally; 2 in the hour repeated when clocks go back
 * (earlier[0] < later[1]); 0 in the hour skipped when clocks go forward. */
int tz_local_to_utc(const tz_zone *z, int64_t local, int64_t utc[2]);

/* Seconds to add to the UTC time t to get z's wall clock there (3600 for
 * Berlin in winter, 7200 in summer; 0 for UTC). */
int64_t tz_offset_at(const tz_zone *z, int64_t t);

#endif
