/* html.h — a self-contained HTML report page: inline CSS, images embedded
 * as base64 data URIs, no scripts, fonts or anything fetched from the
 * network, so the file can be mailed or archived on its own. */
#ifndef SA_HTML_H
#define SA_HTML_H

#include <stddef.h>
#include <stdio.h>
#include "sim/alerts.h"
#include "base/err.h"

/* Length of the base64 text of n bytes, without the terminating NUL. */
size_t html_base64_len(size_t n);

/* Encodes n bytes of in as base64 (RFC 4648, with '=' padding) into out,
 * which holds html_base64_len(n) + 1 bytes; out is NUL-terminated. */
void html_base64_encode(const unsigned char *in, size_t n, char *out);

/* Writes text with &, <, >, " escaped. */
void html_escape(FILE *fp, const char *text);

/* Starts a page: doctype, head with the escaped title and inline CSS,
 * body and an <h1> of the title. */
void html_begin(FILE *fp, const char *title);

/* An <h2> heading (escaped). */
void html_heading(FILE *fp, const char *text);

/* An <h3> heading (escaped). */
void html_subheading(FILE *fp, const char *text);

/* A link <a href="href">text</a>, both escaped. */
void html_link(FILE *fp, const char *href, const char *text);

/* The directory dir as a relative link from a page written at page_path:
 * e.g. page "out/r.html" and dir "out/plots" give "plots", page "r.html"
 * and dir "/tmp/p" give "../../tmp/p" from /home/u. Both dir and the
 * page's directory must exist. Writes at most len bytes into out.
 * Returns 0, or -1 when a path cannot be resolved or out is too short. */
int html_relative_dir(const char *page_path, const char *dir, char *out, size_t len);

/* A paragraph of escaped text. */
void html_paragraph(FILE *fp, const char *text);

/* Preformatted, escaped text (tables printed for a terminal). */
void html_pre(FILE *fp, const char *text);

/* Embeds the PNG file at path as an <img> with a data URI. Returns 0, or
 * -1 with e set when the file cannot be read. */
int html_image(FILE *fp, const char *path, const char *alt, sa_error *e);

/* The alerts of log as a table (time, level, message), under an optional
 * caption. */
void html_alerts(FILE *fp, const alert_log *log, const char *caption);

/* Opens a folded block, <details>, whose always-visible line is summary
 * (escaped); html_details_end closes it. */
void html_details_begin(FILE *fp, const char *summary);
void html_details_end(FILE *fp);

/* Closes the page. Returns 0, or -1 when fp had a write error. */
int html_end(FILE *fp);

#endif
