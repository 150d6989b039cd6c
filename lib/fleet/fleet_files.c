/* fleet_files.c — see fleet_files.h. */
#include "fleet/fleet_files.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#include "base/message.h"

char *fleet_model_path(const char *outdir, const char *name)
{
    char *p = NULL;
    return asprintf(&p, "%s/%s.h5", outdir, name) < 0 ? NULL : p;
}

char *fleet_table_path(const char *outdir)
{
    char *p = NULL;
    return asprintf(&p, "%s/fleet.csv", outdir) < 0 ? NULL : p;
}

static pthread_mutex_t io_lock = PTHREAD_MUTEX_INITIALIZER;

void fleet_io_lock(void) { pthread_mutex_lock(&io_lock); }
void fleet_io_unlock(void) { pthread_mutex_unlock(&io_lock); }

void fleet_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    msg_vline(msg_tool(), "", fmt, ap);
    va_end(ap);
}
