/* array.h — resizing a heap array in place, for the parallel arrays that
 * grow together (fields and their lengths, rows and their lines), and
 * freeing a struct's arrays together.
 * Sizes: N elements of elem bytes. */
#ifndef SA_ARRAY_H
#define SA_ARRAY_H

#include <stdlib.h>
#include <string.h>

/* Resizes the array whose pointer is at pointer_to_array (any T **) to n
 * elements of elem bytes. Returns 0; or -1 when out of memory, leaving the
 * old array in place (still owned by the caller). The pointer is moved with
 * memcpy so that one function serves every element type. */
static inline int array_resize(void *pointer_to_array, size_t n, size_t elem)
{
    void *old, *p;
    memcpy(&old, pointer_to_array, sizeof old);
    p = realloc(old, (n ? n : 1) * elem);
    if (!p)
        return -1;
    memcpy(pointer_to_array, &p, sizeof p);
    return 0;
}

/* Frees each of the n pointers at ptrs (any of them may be NULL). */
static inline void free_pointers(void *const *ptrs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ptrs[i]);
}

/* Frees every argument, each a heap pointer or NULL, the free list of a
 * struct in one line: FREE_ALL(r->time, r->mean, r->std). */
#define FREE_ALL(...)                                           \
    free_pointers((void *const[]){__VA_ARGS__},                 \
                  sizeof((void *const[]){__VA_ARGS__}) / sizeof(void *))

#endif
