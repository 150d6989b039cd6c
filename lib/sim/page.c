/* page.c — see page.h. */
#include "sim/page.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "series/series.h"
#include "sim/html.h"
#include "sim/table.h"

/* One row of the summary: a heading and escaped text. */
static void summary_row(FILE *fp, const char *label, const char *text)
{
    fputs("<tr><th>", fp);
    html_escape(fp, label);
    fputs("</th><td>", fp);
    html_escape(fp, text);
    fputs("</td></tr>\n", fp);
}

static void row_replayed(FILE *fp, const replay_meta *m)
{
    char first[20], last[20], text[640];
    time_format(m->start, first);
    time_format(m->end, last);
    const char *part = !strcmp(m->part, "test") ? "the test part only (rows the model never saw)"
                     : !strcmp(m->part, "live") ? "the live monitor's last ticks"
                     : "every row of the file";
    snprintf(text, sizeof text, "%s: %s to %s UTC, %zu rows of %g s%s%s", part, first, last,
             m->rows, m->step, m->part_note[0] ? ". " : "", m->part_note);
    summary_row(fp, "Replayed", text);
}

static void row_model(FILE *fp, const replay_meta *m)
{
    char text[768], skill[96] = "";
    if (m->model[0]) {
        if (!isnan(m->model_skill))
            snprintf(skill, sizeof skill, "; skill %+.1f %% against persistence on its test part",
                     100 * m->model_skill);
        snprintf(text, sizeof text, "%s (%s, forecasts %s %d step%s ahead%s)", m->model,
                 m->model_arch, m->model_target, m->model_horizon,
                 m->model_horizon == 1 ? "" : "s", skill);
    } else if (m->predictions[0]) {
        snprintf(text, sizeof text, "none: forecasts read from %s", m->predictions);
    } else {
        snprintf(text, sizeof text, "none: the policies act on the observed load only");
    }
    summary_row(fp, "Model", text);
    if (m->basis[0])
        snprintf(text, sizeof text, "%s; forecasts read as %s", m->demand, m->basis);
    else
        snprintf(text, sizeof text, "%s", m->demand);
    summary_row(fp, "Demand", text);
}

static void row_settings(FILE *fp, const sim_config *c)
{
    const policy_params *p = &c->policy;
    char step[48] = "none", text[640];
    if (c->max_step > 0)
        snprintf(step, sizeof step, "%d instances", c->max_step);
    else if (c->max_step_pct > 0)
        snprintf(step, sizeof step, "%g %% of the fleet", c->max_step_pct);
    snprintf(text, sizeof text,
             "fleet %d to %d instances (demand measured on %d), warm-up %g s, cooldown %g s, "
             "scale-in stabilisation %g s, largest change per action %s, price %g USD per "
             "instance-hour; reactive %g-%g %% CPU, target %g %% (\u00b1%g %%); a flap reverses "
             "the action before within %g min",
             c->min_instances, c->max_instances, p->base_instances, c->warmup, c->cooldown,
             c->stabilization, step, c->price, p->down, p->up, p->target_cpu,
             100 * p->tolerance, c->flap_window / 60);
    summary_row(fp, "Settings", text);
}

/* "lowest cost: target (273.28 USD)": the policies with the best value of
 * m, or "all equal". */
static void glance_item(FILE *mem, const sim_export *x, sim_measure m, const char *what)
{
    const sim_measure_info *info = sim_measure_about(m);
    unsigned char best[SIM_PAGE_MAX_RESULTS];
    size_t n = x->n < SIM_PAGE_MAX_RESULTS ? x->n : SIM_PAGE_MAX_RESULTS, first = n;
    sim_measure_best(x->r, n, m, best);
    fprintf(mem, "%s: ", what);
    for (size_t j = 0; j < n; j++)
        if (best[j]) {
            fprintf(mem, "%s%s", first < n ? ", " : "", x->r[j].label);
            first = first < n ? first : j;
        }
    if (first == n)
        fputs("all equal", mem);
    fprintf(mem, " (%.*f%s%s)", info->decimals, sim_measure_value(&x->r[first < n ? first : 0], m),
            strcmp(info->unit, "count") ? " " : "", strcmp(info->unit, "count") ? info->unit : "");
}

/* At a glance: which policy is best on the four measures an SRE weighs. */
static int row_glance(FILE *fp, const sim_export *x)
{
    static const struct { sim_measure m; const char *what; } items[] = {
        {SIM_COST, "lowest cost"},
        {SIM_UNDER_PROVISIONED, "least under-provisioning"},
        {SIM_OVERLOADED, "least overload"},
        {SIM_FLAPS, "fewest flaps"},
    };
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return -1;
    for (size_t k = 0; k < sizeof items / sizeof items[0]; k++) {
        if (k)
            fputs("; ", mem);
        glance_item(mem, x, items[k].m, items[k].what);
    }
    if (fclose(mem) != 0) {
        free(text);
        return -1;
    }
    summary_row(fp, "At a glance", text);
    free(text);
    return 0;
}

static int section_summary(FILE *fp, const sim_page *page, sa_error *e)
{
    const replay_meta *m = page->x->meta;
    html_heading(fp, "Summary");
    fputs("<table class=\"summary\">\n", fp);
    summary_row(fp, "Data", m->data[0] ? m->data : "simulated instances (the live monitor)");
    row_replayed(fp, m);
    row_model(fp, m);
    row_settings(fp, page->x->cfg);
    if (page->x->n > 1 && row_glance(fp, page->x) < 0)
        return sa_fail(e, "out of memory");
    char verdict[512];
    const sim_export *x = page->x;
    if (x->n_levels && sim_sweep_verdict(x->r, x->n, x->n_levels, verdict, sizeof verdict)[0])
        summary_row(fp, "The sweep", verdict);
    fputs("</table>\n", fp);
    return 0;
}

/* The comparison: a row per measure, its unit, a column per policy. */
static void section_table(FILE *fp, const sim_export *x)
{
    size_t n = x->n < SIM_PAGE_MAX_RESULTS ? x->n : SIM_PAGE_MAX_RESULTS;
    html_heading(fp, n > 1 ? "Policies compared" : "Outcome");
    fputs("<table class=\"comparison\">\n<caption>The best value of each row is marked "
          "(lowest, or highest for savings); slack and the fleet's range are not "
          "ranked.</caption>\n<tr><th>measure</th><th>unit</th>", fp);
    for (size_t j = 0; j < n; j++) {
        fputs("<th>", fp);
        html_escape(fp, x->r[j].label);
        fputs("</th>", fp);
    }
    fputs("</tr>\n", fp);
    char label[64];
    unsigned char best[SIM_PAGE_MAX_RESULTS];
    for (int k = 0; k < SIM_MEASURE_COUNT; k++) {
        sim_measure m = (sim_measure)k;
        const sim_measure_info *info = sim_measure_about(m);
        sim_measure_best(x->r, n, m, best);
        fputs("<tr><th>", fp);
        html_escape(fp, sim_measure_label(m, x->cfg, label, sizeof label));
        fputs("</th><td class=\"unit\">", fp);
        html_escape(fp, info->unit);
        fputs("</td>", fp);
        for (size_t j = 0; j < n; j++)
            fprintf(fp, "<td class=\"%s\">%.*f</td>", best[j] ? "num best" : "num",
                    info->decimals, sim_measure_value(&x->r[j], m));
        fputs("</tr>\n", fp);
    }
    fputs("</table>\n", fp);
}

/* The plots, or the note that gnuplot was missing with links to the
 * scripts. */
static int section_plots(FILE *fp, const sim_page *page, sa_error *e)
{
    const sim_plots *p = page->plots;
    html_heading(fp, "Plots");
    if (!p->rendered) {
        html_paragraph(fp, "The plots were not rendered (gnuplot was not found on PATH); "
                           "render them with: gnuplot NAME.gp in the plots directory.");
        if (!page->script_link)
            return 0;
        fputs("<ul>\n", fp);
        for (size_t i = 0; i < p->n; i++) {
            char *href = NULL;
            if (asprintf(&href, "%s/%s.gp", page->script_link, p->name[i]) < 0)
                return sa_fail(e, "out of memory");
            fputs("<li>", fp);
            html_link(fp, href, p->caption[i]);
            fputs("</li>\n", fp);
            free(href);
        }
        fputs("</ul>\n", fp);
        return 0;
    }
    for (size_t i = 0; i < p->n; i++) {
        char *png = NULL;
        if (asprintf(&png, "%s/%s.png", page->plots_dir, p->name[i]) < 0)
            return sa_fail(e, "out of memory");
        html_subheading(fp, p->caption[i]);
        int rc = html_image(fp, png, p->caption[i], e);
        free(png);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* The seed monitor's report of the first result, preformatted. */
static int section_monitor(FILE *fp, const sim_page *page, sa_error *e)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return sa_fail(e, "out of memory");
    int rc = monitor_print_report(mem, &page->x->r[0], page->inst, page->n_inst);
    if (fclose(mem) != 0 || rc < 0) {
        free(text);
        return sa_fail(e, "out of memory");
    }
    html_heading(fp, "Monitor report");
    html_pre(fp, text);
    free(text);
    return 0;
}

/* Each policy's alerts, folded, counted by level in the fold's title. */
static void section_alerts(FILE *fp, const sim_export *x)
{
    html_heading(fp, "Alerts");
    for (size_t j = 0; j < x->n; j++) {
        const alert_log *log = &x->r[j].alerts;
        char summary[160];
        snprintf(summary, sizeof summary, "%s: %zu alerts (%zu critical, %zu warnings, %zu info)",
                 x->r[j].label, log->n, alert_count(log, ALERT_CRITICAL),
                 alert_count(log, ALERT_WARNING), alert_count(log, ALERT_INFO));
        html_details_begin(fp, summary);
        html_alerts(fp, log, NULL);
        html_details_end(fp);
    }
}

int sim_page_write(FILE *fp, const sim_page *page, sa_error *e)
{
    html_begin(fp, page->title);
    if (section_summary(fp, page, e) < 0)
        return -1;
    section_table(fp, page->x);
    if (page->plots && section_plots(fp, page, e) < 0)
        return -1;
    if (page->inst && section_monitor(fp, page, e) < 0)
        return -1;
    section_alerts(fp, page->x);
    if (html_end(fp) < 0)
        return sa_fail(e, "write error");
    return 0;
}
