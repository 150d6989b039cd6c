/* auto.h — scaleahead-train --arch auto: an honest choice of forecaster
 * (issue 14.5, docs/design.md §5).
 *
 * Trains each network candidate (preset_auto_candidates, model/preset.h: the presets meant for
 * real metrics where they exist) on the same windows — one seq_len for all,
 * the longest of theirs unless --seq-len sets it — and scores each, and the
 * four baselines (baseline_spec.h: persistence, seasonal naive, linear AR,
 * Holt-Winters, fitted on the training part), on the VALIDATION part: MAE
 * in target units, the same windows for all. The lowest validation MAE is
 * kept, except that a fitted baseline (seasonal naive, linear AR,
 * Holt-Winters) is kept only when it beats the best network by
 * AUTO_MARGIN on each half of the validation windows
 * (auto_baseline_clear); otherwise the next row that is a network or
 * persistence is. A fitted pattern's narrow or unsteady lead on
 * validation was often reversed on the test part of real series
 * (docs/paths.md, "The default model"); persistence, the reference of
 * every skill and target, needs no margin. A baseline not in the run's
 * auto_baselines (--baselines; "persistence" for a path's default model,
 * flags.h) is scored and listed but never kept. A tie goes to the baseline
 * (it comes first in the table, and is simpler), so a constant or
 * all-zero series, which every forecaster gets exactly right, yields
 * persistence. A candidate whose training fails or whose forecasts are not
 * finite is listed with its reason and never chosen. The test part is never used to choose; it is measured once, on
 * the forecaster kept, as for any model.
 *
 * When no network could be trained and scored (a series too short for its
 * windows to train on, a value of 1e200 that makes every loss infinite),
 * the baselines are still measured — on the data as the first candidate
 * reads it — and the best is kept: the documented fallback. Candidates and
 * baselines are scored on their point forecasts alone (no interval needs
 * to be supported by the few validation windows of a short series); a
 * baseline that cannot run on the data (a fit that fails on a non-finite
 * value) is left out of the table.
 *
 * With --steps S (a forecast path) every candidate and baseline forecasts
 * steps 1..S and is scored on its MAE over every validation window and
 * step — the mean of its step MAEs, every step weighing the same — and
 * the table adds each one's MAE at every step.
 *
 * The file written is the winner: kind "lstm" for a network, kind
 * "baseline" (model.h) for a baseline, either way with /auto holding the
 * whole validation table and the choice.
 *
 * Interrupted (o->stop), every candidate still runs — the one training
 * stops after its batch, those after it after their first — and the file
 * written is of kind MODEL_KIND_AUTO_PARTIAL (model.h): the candidates as
 * they were left, marked interrupted, which no tool forecasts with. Its
 * --resume (trainrun_resume: o->resume holds the candidates, matched by
 * name) finishes each from its state, keeps those finished, and chooses:
 * the file equals an uninterrupted run's, bit for bit but its timestamp. */
#ifndef SA_AUTO_H
#define SA_AUTO_H

#include <stddef.h>
#include "base/err.h"
#include "model/model.h"
#include "train/run.h"

/* How much lower a fitted baseline's validation MAE must be than the
 * best network's, on each half of the validation windows, for auto to
 * keep the baseline: 5 %. */
#define AUTO_MARGIN 0.05

/* 1 when a baseline whose validation MAE on the two halves of the
 * validation windows is baseline[0], baseline[1] wins clearly over a
 * network's network[0], network[1]: baseline[h] <= (1 - AUTO_MARGIN) *
 * network[h] on both halves (so a tie at 0 is the baseline's); else 0. */
int auto_baseline_clear(const double baseline[2], const double network[2]);

/* 1 when auto may keep the baseline called name under list, a model's
 * auto_baselines (names joined by commas): name is one of its items, or
 * list is empty (all four); else 0. */
int auto_baseline_allowed(const char *list, const char *name);

/* Runs --arch auto with o's data and protocol settings (target, horizon,
 * split, epochs, patience, seed, seq_len, threads, calendar, fill; each
 * candidate keeps its preset's network and features, its highway cut to
 * seq_len where that is shorter), or finishes the stopped run o->resume
 * holds. Fills m (caller frees with model_free: the kept forecaster, or
 * when stopped the candidates so far) and r (r->member_mae[0]: the kept
 * forecaster's test MAE). Returns 0, or -1 with e set (data from stdin,
 * which cannot be read once per candidate; MPI with several ranks; neither
 * a network nor a baseline could be scored; a resumed candidate this build
 * does not have). */
int trainrun_auto(model_file *m, const trainrun_options *o, trainrun_result *r, sa_error *e);

#endif
