/* err.c — see err.h. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int sa_fail(sa_error *e, const char *fmt, ...)
{
    if (!e)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return -1;
}

int sa_wrap(sa_error *e, const char *fmt, ...)
{
    if (!e)
        return -1;
    char old[SA_ERROR_LEN];
    memcpy(old, e->msg, sizeof old);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    /* Append ": old" by hand, cutting it at the buffer's end. */
    size_t len = n < 0 ? 0 : (size_t)n < sizeof e->msg ? (size_t)n : sizeof e->msg - 1;
    const char *parts[2] = {": ", old};
    for (int k = 0; k < 2; k++)
        for (const char *c = parts[k]; *c && len + 1 < sizeof e->msg; c++)
            e->msg[len++] = *c;
    e->msg[len] = 0;
    return -1;
}
