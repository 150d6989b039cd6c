/* temp_file.h — a temporary file holding a given text, for the C tests
 * that read files (one at a time: each call replaces the previous file). */
#ifndef SA_TEMP_FILE_H
#define SA_TEMP_FILE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char temp_file_path[64];

/* Writes text to a fresh temporary file (removing the previous one) and
 * returns its path (static storage). */
static const char *file_with(const char *text)
{
    if (temp_file_path[0])
        unlink(temp_file_path);
    strcpy(temp_file_path, "/tmp/sa_test.XXXXXX");
    int fd = mkstemp(temp_file_path);
    FILE *fp = fdopen(fd, "w");
    fputs(text, fp);
    fclose(fp);
    return temp_file_path;
}

/* Removes the last file file_with wrote. */
static inline void temp_file_remove(void)
{
    if (temp_file_path[0])
        unlink(temp_file_path);
    temp_file_path[0] = 0;
}

#endif
