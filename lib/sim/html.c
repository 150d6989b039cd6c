/* html.c — see html.h. */
#include "sim/html.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "series/series.h"

static const char base64_digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t html_base64_len(size_t n) { return (n + 2) / 3 * 4; }

void html_base64_encode(const unsigned char *in, size_t n, char *out)
{
    size_t i = 0, o = 0;
    for (; i + 3 <= n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        out[o++] = base64_digits[v >> 18 & 63];
        out[o++] = base64_digits[v >> 12 & 63];
        out[o++] = base64_digits[v >> 6 & 63];
        out[o++] = base64_digits[v & 63];
    }
    if (i < n) {   /* one or two bytes left: pad with '=' */
        unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0);
        out[o++] = base64_digits[v >> 18 & 63];
        out[o++] = base64_digits[v >> 12 & 63];
        out[o++] = i + 1 < n ? base64_digits[v >> 6 & 63] : '=';
        out[o++] = '=';
    }
    out[o] = 0;
}

void html_escape(FILE *fp, const char *text)
{
    for (const char *p = text; *p; p++)
        switch (*p) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        default: fputc(*p, fp);
        }
}

/* Writes <tag>text</tag> and a newline, text escaped. */
static void element(FILE *fp, const char *tag, const char *text)
{
    fprintf(fp, "<%s>", tag);
    html_escape(fp, text);
    fprintf(fp, "</%s>\n", tag);
}

void html_begin(FILE *fp, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", fp);
    html_escape(fp, title);
    fputs("</title>\n<style>\n"
          "body{font-family:sans-serif;margin:2em;color:#222;max-width:100em}\n"
          "pre{background:#f4f4f4;padding:1em;overflow-x:auto}\n"
          "img{max-width:100%;border:1px solid #ccc}\n"
          "table{border-collapse:collapse;margin:.5em 0}\n"
          "td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}\n"
          "th{background:#eef2f7}\n"
          "table.summary th{width:9em;vertical-align:top}\n"
          "table.comparison td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
          "table.comparison td.unit{color:#555}\n"
          "td.best{background:#d4efd4;font-weight:bold}\n"
          "caption{caption-side:bottom;text-align:left;color:#555;font-size:90%;padding:.3em 0}\n"
          "details{margin:.4em 0}summary{cursor:pointer}\n"
          ".CRITICAL{color:#b00;font-weight:bold}.WARNING{color:#a60}.INFO{color:#357}\n"
          "</style>\n</head>\n<body>\n", fp);
    element(fp, "h1", title);
}

void html_heading(FILE *fp, const char *text)
{
    element(fp, "h2", text);
}

void html_subheading(FILE *fp, const char *text)
{
    element(fp, "h3", text);
}

void html_link(FILE *fp, const char *href, const char *text)
{
    fputs("<a href=\"", fp);
    html_escape(fp, href);
    fputs("\">", fp);
    html_escape(fp, text);
    fputs("</a>", fp);
}

int html_relative_dir(const char *page_path, const char *dir, char *out, size_t len)
{
    const char *slash = strrchr(page_path, '/');
    char *page_dir = slash ? strndup(page_path, slash == page_path ? 1 : (size_t)(slash - page_path))
                           : strdup(".");
    char *from = page_dir ? realpath(page_dir, NULL) : NULL;
    char *to = realpath(dir, NULL);
    free(page_dir);
    int rc = -1;
    if (from && to) {
        /* The longest common prefix that ends at a component boundary. */
        size_t common = 0;
        for (size_t i = 0; from[i] && from[i] == to[i]; i++)
            if (from[i + 1] == '/' || from[i + 1] == 0)
                if (to[i + 1] == '/' || to[i + 1] == 0)
                    common = i + 1;
        size_t used = 0;
        out[0] = 0;
        rc = 0;
        /* One ".." for each component of the page's directory past it. */
        for (const char *p = from + common; *p && rc == 0; p++)
            if (*p != '/' && (p == from || p[-1] == '/')) {
                int k = snprintf(out + used, len - used, "%s..", used ? "/" : "");
                rc = k < 0 || (size_t)k >= len - used ? -1 : 0;
                used += rc == 0 ? (size_t)k : 0;
            }
        const char *rest = to + common + (to[common] == '/');
        if (rc == 0 && *rest) {
            int k = snprintf(out + used, len - used, "%s%s", used ? "/" : "", rest);
            rc = k < 0 || (size_t)k >= len - used ? -1 : 0;
            used += rc == 0 ? (size_t)k : 0;
        }
        if (rc == 0 && used == 0)
            rc = snprintf(out, len, ".") < (int)len ? 0 : -1;
    }
    free(from);
    free(to);
    return rc;
}

void html_paragraph(FILE *fp, const char *text)
{
    element(fp, "p", text);
}

void html_pre(FILE *fp, const char *text)
{
    element(fp, "pre", text);
}

int html_image(FILE *fp, const char *path, const char *alt, sa_error *e)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return sa_fail(e, "%s: %s", path, strerror(errno));
    unsigned char *bytes = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 1 << 16;
            unsigned char *b = realloc(bytes, cap);
            if (!b) {
                free(bytes);
                fclose(in);
                return sa_fail(e, "out of memory");
            }
            bytes = b;
        }
        size_t got = fread(bytes + n, 1, cap - n, in);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(in);
    fclose(in);
    char *text = bad ? NULL : malloc(html_base64_len(n) + 1);
    if (!text) {
        free(bytes);
        return bad ? sa_fail(e, "%s: read error", path) : sa_fail(e, "out of memory");
    }
    html_base64_encode(bytes, n, text);
    fputs("<p><img alt=\"", fp);
    html_escape(fp, alt);
    fprintf(fp, "\" src=\"data:image/png;base64,%s\"></p>\n", text);
    free(text);
    free(bytes);
    return 0;
}

void html_alerts(FILE *fp, const alert_log *log, const char *caption)
{
    fputs("<table>\n", fp);
    if (caption)
        element(fp, "caption", caption);
    fputs("<tr><th>time (UTC)</th><th>level</th><th>message</th></tr>\n", fp);
    char when[20];
    for (size_t i = 0; i < log->n; i++) {
        const char *level = alert_level_name(log->items[i].level);
        time_format((int64_t)floor(log->items[i].time), when);
        fprintf(fp, "<tr class=\"%s\"><td>%s</td><td>%s</td><td>", level, when, level);
        html_escape(fp, log->items[i].message);
        fputs("</td></tr>\n", fp);
    }
    fputs("</table>\n", fp);
}

void html_details_begin(FILE *fp, const char *summary)
{
    fputs("<details>", fp);
    element(fp, "summary", summary);
}

void html_details_end(FILE *fp) { fputs("</details>\n", fp); }

int html_end(FILE *fp)
{
    fputs("</body>\n</html>\n", fp);
    return ferror(fp) ? -1 : 0;
}
