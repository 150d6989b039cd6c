/* report.c — see report.h. */
#include "train/report.h"

#include <math.h>
#include <string.h>

#include "base/message.h"
#include "features/dataset.h"
#include "eval/metrics.h"
#include "model/baseline_spec.h"
#include "train/auto.h"

/* v into buf with the given decimals (and sign, with signed), in %g form
 * where fixed point would print more than a dozen digits (a series of
 * 1e200), or "undef"; then suffix. */
static void number_text(char *buf, size_t cap, double v, int defined, int decimals,
                        int with_sign, const char *suffix)
{
    if (!defined || !isfinite(v))
        snprintf(buf, cap, "undef");
    else if (fabs(v) >= 1e6)
        snprintf(buf, cap, with_sign ? "%+.4g%s" : "%.4g%s", v, suffix);
    else
        snprintf(buf, cap, with_sign ? "%+.*f%s" : "%.*f%s", decimals, v, suffix);
}

/* The name of the first row of auto's table csv (the lowest validation
 * MAE) into name, and 1 when it is a baseline; 0 without one. */
static int first_baseline(const char *csv, char *name, size_t cap)
{
    const char *row = strchr(csv, '\n');
    char kind[16] = "";
    if (!row || cap < 64 || sscanf(row + 1, "%*d,%63[^,],%15[^,]", name, kind) != 2)
        return 0;
    return !strcmp(kind, "baseline");
}

void report_auto(FILE *fp, const model_file *m)
{
    char first[64];
    int passed = first_baseline(m->auto_csv, first, sizeof first) &&
                 strcmp(first, m->auto_choice);   /* a fitted baseline ranked first, not kept */
    fprintf(fp, "auto: validation MAE of every candidate, best first:\n%s", m->auto_csv);
    if (m->baseline && baseline_kind_by_name(m->auto_choice) == BASELINE_PERSISTENCE)
        fprintf(fp, "auto: kept persistence, a BASELINE: no trained network beat it on the "
                    "validation part, so the file holds the baseline and predict, eval and sim "
                    "use it\n");
    else if (m->baseline)
        fprintf(fp, "auto: kept %s, a BASELINE: it beat every trained network by at least "
                    "%.0f %% on both halves of the validation part, so the file holds the "
                    "baseline and predict, eval and sim use it\n",
                m->auto_choice, 100 * AUTO_MARGIN);
    else
        fprintf(fp, "auto: kept the network %s, the best on the validation part%s\n",
                m->auto_choice, passed ? " of those it may keep" : "");
    const char *allowed = m->members[0].config.auto_baselines;
    if (passed && !auto_baseline_allowed(allowed, first))
        fprintf(fp, "auto: %s scored lower on the validation part, but this run keeps only "
                    "%s among the baselines (--baselines; a path's default keeps a network or "
                    "persistence, docs/paths.md)\n",
                first, allowed);
    else if (passed)
        fprintf(fp, "auto: %s scored lower on the validation part, but not %.0f %% below the "
                    "best network on both of its halves: too narrow or unsteady a lead to trust "
                    "a fitted pattern over it\n",
                first, 100 * AUTO_MARGIN);
}

void report_basis(const model_file *m, const trainrun_result *r)
{
    const model_config *c = &m->members[0].config;
    if (r->demand_column[0]) {
        msg_note("note: %s has an instances column (%s): the model forecasts demand = %s x %s "
                 "/ 100 (busy instances), which the group's own scaling does not hold near a "
                 "target; --no-demand forecasts %s itself", c->data_file, r->demand_column,
                 c->target, r->demand_column, c->target);
        return;
    }
    if (r->instances_seen[0] && dataset_is_utilisation(c->target) &&
        r->instances_min != r->instances_max)
        fprintf(stderr, "%s: warning: %s's group changed size (%s %g to %g): %s is held near a "
                "target by its own scaling, so this model forecasts a controlled variable, "
                "mostly the old controller; leave out --no-demand to forecast demand\n",
                msg_tool(), c->data_file, r->instances_seen, r->instances_min,
                r->instances_max, c->target);
}

void report_training(FILE *fp, const model_file *m, const trainrun_result *r,
                     const char *output)
{
    const model_config *c0 = &m->members[0].config;
    char target[160];
    fprintf(fp, "scaleahead-train: %s model on %s (target %s, %d features, step %llds)\n",
            m->kind, c0->data_file, model_target_label(c0, target, sizeof target),
            c0->n_features, (long long)c0->step);
    if (c0->net.steps > 1)
        fprintf(fp, "windows: %zu train, %zu validation, %zu test (seq %d, a path of steps "
                    "1..%d; loss and test metrics averaged over the steps)\n",
                r->n_train, r->n_val, r->n_test, c0->seq_len, c0->net.steps);
    else
        fprintf(fp, "windows: %zu train, %zu validation, %zu test (seq %d, horizon %d)\n",
                r->n_train, r->n_val, r->n_test, c0->seq_len, c0->horizon);
    fprintf(fp, "%-10s %-22s %7s %5s %11s %11s %9s\n", "member", "config", "epochs", "best",
            "train_loss", "val_loss", "test_mae");
    for (size_t i = 0; i < m->n_members; i++) {
        const model_member *mm = &m->members[i];
        const model_config *c = &mm->config;
        char cfg[64];
        snprintf(cfg, sizeof cfg, "%dx%d d%.2f lr%.0e",
                 c->net.hidden, c->net.layers, c->net.dropout, c->lr);
        if (m->baseline)
            snprintf(cfg, sizeof cfg, "baseline, no network");
        int b = c->best_epoch > 0 ? c->best_epoch - 1 : 0;
        fprintf(fp, "%-10s %-22s %7d %5d %11.6g %11.6g %9.6g%s\n", c->arch, cfg, c->epochs_run,
                c->best_epoch, mm->n_epochs ? mm->train_loss[b] : 0.0,
                mm->n_epochs ? mm->val_loss[b] : 0.0, r->member_mae[i],
                c->interrupted ? "  (interrupted)" : "");
    }
    if (m->grid_csv)
        fprintf(fp, "grid (best first):\n%s", m->grid_csv);
    if (m->auto_csv)
        report_auto(fp, m);
    if (!strcmp(m->kind, MODEL_KIND_AUTO_PARTIAL)) { /* nothing chosen or measured yet */
        fprintf(fp, "auto: stopped before the candidates were compared; %s holds each as it "
                    "was left (--resume finishes them and chooses)\n", output);
        return;
    }
    /* R² and skill are undefined as eval's table says (metrics.h): on
     * constant actuals, against a persistence that is never wrong. */
    char r2[32], skill[32];
    int skill_defined;
    double s = metrics_skill(r->test_mae, r->persistence_mae, &skill_defined);
    number_text(r2, sizeof r2, r->test_r2, 1, 4, 0, "");
    number_text(skill, sizeof skill, 100 * s, skill_defined, 1, 1, "%");
    fprintf(fp, "test: MAE %.6g  RMSE %.6g  R2 %s  | persistence MAE %.6g  (skill %s)\n",
            r->test_mae, r->test_rmse, r2, r->persistence_mae, skill);
    fprintf(fp, "time: %.1f s of training%s, %.0f sequences/s; model written to %s\n",
            r->seconds, strcmp(m->kind, "lstm") ? " (the jobs' times added)" : "",
            r->seconds > 0 ? r->sequences / r->seconds : 0.0, output);
}
