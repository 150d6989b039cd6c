/* fuzz_file.h — the libFuzzer targets' shared helper: the readers under
 * test take a path, so each input is written to one temporary file (in
 * /dev/shm when it exists, for speed) that is rewritten on every run. */
#ifndef SA_FUZZ_FILE_H
#define SA_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes data[0..size) to this process's temporary file and returns its
 * path (static storage, the same on every call); aborts when the file cannot
 * be written, since a fuzzer that silently tests nothing is worse than none. */
static const char *fuzz_write_temp(const char *name, const uint8_t *data, size_t size)
{
    static char path[256];
    if (!path[0]) {
        const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(path, sizeof path, "%s/scaleahead-fuzz-%s-%ld", dir, name, (long)getpid());
    }
    FILE *fp = fopen(path, "wb");
    if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp)) {
        perror(path);
        abort();
    }
    return path;
}

#endif
