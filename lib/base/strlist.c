/* strlist.c — see strlist.h. */
#include "base/strlist.h"

#include <stdlib.h>
#include <string.h>

int strlist_split(const char *text, char **storage, const char **out, int max)
{
    *storage = strdup(text);
    if (!*storage)
        return -1;
    int n = 0;
    char *p = *storage;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = 0;
        if (!*p || n >= max)
            return -1;
        out[n++] = p;
        if (!comma)
            break;
        p = comma + 1;
    }
    return n;
}

int strlist_index(const char *const *names, int n, const char *text)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], text))
            return i;
    return -1;
}
