/* strlist.h — comma-separated lists ("a,b,c") as the options --features,
 * --members and --split take them. */
#ifndef SA_STRLIST_H
#define SA_STRLIST_H

/* Splits text into at most max items written to out: pointers into a copy
 * that the caller owns through *storage and frees (also on failure).
 * Returns the count, or -1 when there are more than max items, an item is
 * empty, or memory runs out. */
int strlist_split(const char *text, char **storage, const char **out, int max);

/* The index of text in names[0..n), or -1 (for options that take one of
 * a few words: --format, --agg). */
int strlist_index(const char *const *names, int n, const char *text);

#endif
