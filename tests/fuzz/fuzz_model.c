/* fuzz_model.c — libFuzzer target: model_load on arbitrary bytes (mostly
 * mutations of real model files from the seed corpus). Any input must load
 * (and then free) or fail with a message. Crashes inside libhdf5
 * itself show in the stack trace as frames of libhdf5.so. */
#include "fuzz_file.h"
#include "model/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_temp("model", data, size);
    model_file m;
    sa_error e = {{0}};
    if (model_load(&m, path, &e) == 0)
        model_free(&m);
    else if (!e.msg[0])
        abort();
    return 0;
}
