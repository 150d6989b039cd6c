/* version.h — the one place the version of scaleahead is written: --version
 * prints it and every model file records it. */
#ifndef SA_VERSION_H
#define SA_VERSION_H

#define SA_VERSION "0.1.0"

#endif
