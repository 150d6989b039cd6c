/* timestamp.c — see timestamp.h. The calendar part reuses time_parse
 * (series.c) on a normalised "YYYY-MM-DD HH:MM:SS" copy, so both readers
 * agree on what a valid date is. */
#include "series/timestamp.h"
#include "series/series.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Unix seconds of 0001-01-01 00:00:00 and 9999-12-31 23:59:59. */
#define EPOCH_MIN (-62135596800LL)
#define EPOCH_MAX 253402300799LL

static int is_digit(char c) { return c >= '0' && c <= '9'; }

int time_from_epoch(double seconds, int64_t *t)
{
    if (!isfinite(seconds))
        return -1;
    double whole = floor(seconds);
    if (whole < (double)EPOCH_MIN || whole > (double)EPOCH_MAX)
        return -1;
    *t = (int64_t)whole;
    return 0;
}

/* A number: [-]digits[.digits]. Returns 1 and the value in seconds, 0 when
 * text is not such a number, -1 when it is one but out of range. */
static int parse_epoch(const char *text, size_t len, int64_t *t)
{
    size_t i = text[0] == '-' ? 1 : 0, start = i;
    while (i < len && is_digit(text[i]))
        i++;
    size_t n_int = i - start;
    if (n_int == 0 || n_int > 19)
        return 0;
    int fraction = i < len && text[i] == '.';
    if (fraction) {
        size_t f = ++i;
        while (i < len && is_digit(text[i]))
            i++;
        if (i == f)
            return 0;
    }
    if (i != len)
        return 0;
    if (fraction) {
        char buf[48];
        if (len >= sizeof buf)
            return -1;
        memcpy(buf, text, len);
        buf[len] = 0;
        return time_from_epoch(strtod(buf, NULL), t) == 0 ? 1 : -1;
    }
    /* 19 digits fit in an unsigned 64-bit integer. */
    unsigned long long v = 0;
    for (size_t k = start; k < start + n_int; k++)
        v = v * 10 + (unsigned long long)(text[k] - '0');
    long long div = n_int <= 11 ? 1 : n_int <= 14 ? 1000 : n_int <= 17 ? 1000000 : 1000000000;
    long long q = (long long)(v / (unsigned long long)div);
    long long r = (long long)(v % (unsigned long long)div);
    long long s = start ? -q - (r != 0) : q; /* round down, also before 1970 */
    if (s < EPOCH_MIN || s > EPOCH_MAX)
        return -1;
    *t = s;
    return 1;
}

/* Reads an offset "Z", "+HH:MM", "+HHMM" or "+HH" (or '-') filling all of
 * text[0..len). Returns 0 and the offset in seconds east of UTC, or -1. */
static int parse_offset(const char *text, size_t len, int64_t *offset)
{
    if (len == 1 && text[0] == 'Z') {
        *offset = 0;
        return 0;
    }
    if (len < 3 || (text[0] != '+' && text[0] != '-') || !is_digit(text[1]) || !is_digit(text[2]))
        return -1;
    int h = (text[1] - '0') * 10 + (text[2] - '0'), m = 0;
    const char *mm = len == 6 && text[3] == ':' ? text + 4 : len == 5 ? text + 3 : NULL;
    if (len != 3 && !mm)
        return -1;
    if (mm) {
        if (!is_digit(mm[0]) || !is_digit(mm[1]))
            return -1;
        m = (mm[0] - '0') * 10 + (mm[1] - '0');
    }
    if (h > 23 || m > 59)
        return -1;
    *offset = (text[0] == '-' ? -1 : 1) * (int64_t)(h * 3600 + m * 60);
    return 0;
}

/* Splits "YYYY-MM-DD[( |T)HH:MM[:SS[.f]]]" off text into the normalised
 * 19 bytes of norm and returns the length consumed, or 0. */
static size_t take_date_time(const char *text, size_t len, char norm[20])
{
    memcpy(norm, "0000-00-00 00:00:00", 20);
    if (len < 10 || text[4] != '-' || text[7] != '-')
        return 0;
    memcpy(norm, text, 10);
    if (len == 10)
        return 10;
    if ((text[10] != ' ' && text[10] != 'T') || len < 16 || text[13] != ':')
        return 0;
    memcpy(norm + 11, text + 11, 5);
    size_t i = 16;
    if (len >= 19 && text[16] == ':') {
        memcpy(norm + 17, text + 17, 2);
        i = 19;
        if (i < len && text[i] == '.') {
            size_t f = ++i;
            while (i < len && is_digit(text[i]))
                i++;
            if (i == f)
                return 0;
        }
    }
    return i;
}

int time_parse_any(const char *text, size_t len, const tz_zone *zone, int64_t utc[2],
                   const char **why)
{
    *why = "is not a timestamp";
    if (len == 0)
        return -1;
    int epoch = parse_epoch(text, len, &utc[0]);
    if (epoch != 0) {
        if (epoch < 0) {
            *why = "is outside the years 1..9999";
            return -1;
        }
        utc[1] = utc[0];
        return 0;
    }
    char norm[20];
    size_t used = take_date_time(text, len, norm);
    int64_t naive, offset = 0;
    if (used == 0 || time_parse(norm, 19, &naive) != 0)
        return -1;
    if (used < len && text[used] == ' ') /* "2014-04-10 00:04:00 +02:00" */
        used++;
    if (used < len) {
        if (parse_offset(text + used, len - used, &offset) != 0)
            return -1;
        utc[0] = utc[1] = naive - offset;
        return 0;
    }
    if (!zone || zone->is_utc) {
        utc[0] = utc[1] = naive;
        return 0;
    }
    int n = tz_local_to_utc(zone, naive, utc);
    if (n == 0) {
        *why = "does not exist in the zone (its clocks skip that hour)";
        return -1;
    }
    if (n == 1)
        utc[1] = utc[0];
    return 0;
}
