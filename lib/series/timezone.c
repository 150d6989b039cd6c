/* timezone.c — see timezone.h. A wall-clock time L has a UTC time u with
 * u + offset(u) = L. Offsets change at most once within a day around L,
 * so the offsets in force a day before and a day after L are the only
 * candidates: each gives u = L - offset, which counts when the zone's
 * offset at u is indeed that offset. */
#include "series/timezone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* 1 when path is a readable TZif file. */
static int is_tzif(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    char magic[4];
    int ok = fread(magic, 1, 4, fp) == 4 && !memcmp(magic, "TZif", 4);
    fclose(fp);
    return ok;
}

int tz_open(tz_zone *z, const char *name, sa_error *e)
{
    memset(z, 0, sizeof *z);
    if (!strcmp(name, "UTC") || !strcmp(name, "Z") || !strcmp(name, "Etc/UTC")) {
        snprintf(z->name, sizeof z->name, "UTC");
        z->is_utc = 1;
        return 0;
    }
    const char *dir = getenv("TZDIR");
    char path[512];
    if (!name[0] || name[0] == '/' || strstr(name, "..") || strlen(name) >= sizeof z->name)
        return sa_fail(e, "'%s' is not a time zone name (want e.g. Europe/Berlin)", name);
    snprintf(path, sizeof path, "%s/%s", dir && dir[0] ? dir : "/usr/share/zoneinfo", name);
    if (!is_tzif(path))
        return sa_fail(e, "unknown time zone '%s' (no zone file %s; is tzdata installed?)",
                       name, path);
    snprintf(z->name, sizeof z->name, "%s", name);
    char tz[sizeof z->name + 1];
    snprintf(tz, sizeof tz, ":%s", name);
    setenv("TZ", tz, 1);
    tzset();
    return 0;
}

int64_t tz_offset_at(const tz_zone *z, int64_t t)
{
    if (z->is_utc)
        return 0;
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm))
        return 0;
    return (int64_t)tm.tm_gmtoff;
}

int tz_local_to_utc(const tz_zone *z, int64_t local, int64_t utc[2])
{
    if (z->is_utc) {
        utc[0] = local;
        return 1;
    }
    int64_t before = tz_offset_at(z, local - 86400), after = tz_offset_at(z, local + 86400);
    int64_t offsets[2] = {before, after};
    int n = 0;
    for (int i = 0; i < 2; i++) {
        if (i == 1 && after == before)
            break;
        int64_t u = local - offsets[i];
        if (tz_offset_at(z, u) == offsets[i])
            utc[n++] = u;
    }
    if (n == 2 && utc[1] < utc[0]) {
        int64_t t = utc[0];
        utc[0] = utc[1];
        utc[1] = t;
    }
    return n;
}
