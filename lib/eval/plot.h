/* plot.h — gnuplot scripts, their data, and PNGs (docs/design.md §9).
 *
 * Each plot_* function writes two files into an existing directory dir:
 * NAME.dat (whitespace-separated columns, '#' comment header, missing values
 * as NaN, times as integer Unix seconds UTC) and NAME.gp (a script that
 * reads NAME.dat from its own directory). When gnuplot is on PATH it then
 * runs `gnuplot NAME.gp` in dir, which renders NAME.png (pngcairo,
 * PLOT_WIDTH x PLOT_HEIGHT); without gnuplot the scripts are still written
 * and that is not an error. Every file appears whole or not at all: the
 * text files go through outfile_open/outfile_commit, and gnuplot writes the
 * PNG to a registered temporary that is renamed into place only after
 * gnuplot exits with status 0. A user can re-render by hand with
 * `cd dir && gnuplot NAME.gp` (the script's output defaults to NAME.png).
 *
 * The rendered image, for a report that embeds it, is dir/NAME.png.
 * NAME is a plain file name: letters, digits, '_', '-', '.' only.
 * Titles and labels are printed literally (no gnuplot enhanced-text markup),
 * may be NULL for a default, and are copied into the script.
 * Data arrays must not be NULL unless a function says so.
 * All functions return 0, or -1 with e set (bad arguments, nothing to plot,
 * a write error, or gnuplot present but failing: its first error line is in
 * the message). Sizes: N points. */
#ifndef SA_PLOT_H
#define SA_PLOT_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"

#define PLOT_WIDTH 2400
#define PLOT_HEIGHT 1600

/* 1 when an executable gnuplot is found on PATH, else 0. */
int plot_gnuplot_available(void);

/* Forecast against actual over time, and the forecast's interval as a
 * shaded band when lower and upper are given (else both NULL). time (N)
 * Unix seconds; actual, predicted, lower, upper (N), NaN where unknown
 * (drawn as a break). band_label names the band in the key (e.g. "90%
 * interval"; NULL: "interval"). The data file holds time, actual,
 * predicted[, lower, upper]. */
int plot_forecast(const char *dir, const char *name, const int64_t *time,
                  const double *actual, const double *predicted, const double *lower,
                  const double *upper, size_t n, const char *band_label, const char *title,
                  const char *ylabel, sa_error *e);

/* Equal-width histogram of x[0..n-1] into bins counts over [*lo, *lo +
 * bins·*width]; non-finite values are skipped. The range is the data's min
 * and max (widened by 0.5 either side when they are equal); the maximum
 * falls in the last bin. counts (bins) is caller-owned. Returns the number
 * of values counted (0 when none is finite: *lo and *width are then 0). */
size_t plot_histogram_counts(const double *x, size_t n, int bins, double *lo,
                             double *width, size_t *counts);

/* Histogram of residuals (actual - predicted), bins >= 1, with their count,
 * mean and standard deviation printed on the plot. The data file holds one
 * line per bin: centre, count. Error when no residual is finite. */
int plot_residual_histogram(const char *dir, const char *name, const double *residual,
                            size_t n, int bins, const char *title, sa_error *e);

/* The same for any values x (N): a histogram of bins bars over their
 * range, titled title, the x axis labelled xlabel (either may be NULL),
 * with the count, mean and standard deviation of the finite values
 * printed on it. Error when no value is finite. */
int plot_histogram(const char *dir, const char *name, const double *x, size_t n, int bins,
                   const char *title, const char *xlabel, sa_error *e);

/* Training and validation loss per epoch on the left axis, labelled with
 * the loss the model trained with (loss_label: "MSE", "L1", "Huber"; NULL:
 * "loss"), and the learning rate on the right axis (log scale when
 * positive). The loss axis is fitted to both curves (plot_loss_range): a
 * log scale only when the losses span more than PLOT_LOG_RATIO, so that
 * curves that differ by a few percent are not squeezed into a corner.
 * val_loss and lr may be NULL. Arrays are (n_epochs); the data file holds
 * epoch (from 1), train, val, lr. */
int plot_training_curves(const char *dir, const char *name, const double *train_loss,
                         const double *val_loss, const double *lr, size_t n_epochs,
                         const char *title, const char *loss_label, sa_error *e);

/* The loss axis of plot_training_curves for the finite values of a and b
 * (n each; b may be NULL): [*lo, *hi] holds them all with a margin of 5 %
 * of the axis on each side (on the log axis, 5 % of its decades); *log is
 * 1 when every value is positive and max/min > PLOT_LOG_RATIO. Returns 0,
 * or -1 when no value is finite. */
#define PLOT_LOG_RATIO 20.0
int plot_loss_range(const double *a, const double *b, size_t n, double *lo, double *hi,
                    int *log);

/* Ensemble band: filled [lower, upper] with the mean and the actual over
 * time. All arrays (N); actual may hold NaN where unknown. */
int plot_band(const char *dir, const char *name, const int64_t *time, const double *actual,
              const double *mean, const double *lower, const double *upper, size_t n,
              const char *title, const char *ylabel, sa_error *e);

/* Instance count of each of n_policies policies over time (steps), with the
 * demand (or CPU) on the right axis when demand is not NULL.
 * policy_names (P); instances (P) pointers to (N) arrays; demand (N).
 * The data file holds time, demand, then one column per policy. */
int plot_policy_comparison(const char *dir, const char *name, size_t n_policies,
                           const char *const *policy_names, const int64_t *time,
                           const double *const *instances, const double *demand, size_t n,
                           const char *title, const char *demand_label, sa_error *e);

/* Lines over a plain x axis: n_cols series cols[c][0..n-1] against x
 * (n), each with its legend label, and a dashed line at y = 0 (e.g. skill
 * against the step ahead: above 0 is better than the rival). */
int plot_lines(const char *dir, const char *name, const double *x, size_t n,
               const double *const *cols, const char *const *labels, size_t n_cols,
               const char *title, const char *xlabel, const char *ylabel, sa_error *e);

/* A cost/risk frontier: the n_curve points (x, y) of a swept parameter
 * joined in order, each labelled (curve_labels, e.g. "q0.9, 12 flaps",
 * alternately above and below), plus n_points single points (reference
 * policies) each labelled and with its own legend entry (point_labels),
 * and optional dashed guide lines at x = guide_x and y = guide_y (NaN:
 * none), captioned guide_x_label and guide_y_label (NULL: none). The axes span the data (and
 * the guides) with a margin, from 0 when nothing is negative; all points
 * equal give a range around them, not gnuplot's -1.5..1.5. The data file
 * holds one block per series (gnuplot index 0 for the curve, 1.. for the
 * points): x y "label" label_y. */
typedef struct plot_frontier_spec {
    const double *curve_x, *curve_y;      /* (n_curve) */
    const char *const *curve_labels;      /* (n_curve) */
    size_t n_curve;
    const char *curve_title;              /* its legend entry */
    const double *point_x, *point_y;      /* (n_points) */
    const char *const *point_labels;      /* (n_points) */
    size_t n_points;
    double guide_x, guide_y;              /* NaN for none */
    const char *guide_x_label, *guide_y_label;   /* or NULL */
    const char *title, *xlabel, *ylabel;
} plot_frontier_spec;

int plot_frontier(const char *dir, const char *name, const plot_frontier_spec *f, sa_error *e);

/* The simulator's 4-panel dashboard (the seed monitor's
 * cloud_metrics_dashboard.png): average CPU with a red dashed scale-up line
 * at up_threshold and a green dashed scale-down line at down_threshold,
 * average memory, total network I/O, and the instance count with point
 * markers. All arrays (N); the data file holds time, cpu, memory, network,
 * instances. A memory or network panel whose values are all NaN (the
 * metrics had no such column) is left out: the panels that remain are
 * stacked in one column (2 or 3), or laid 2 x 2 when all four have data. */
int plot_dashboard(const char *dir, const char *name, const int64_t *time,
                   const double *avg_cpu, const double *avg_mem, const double *net_io,
                   const double *instances, size_t n, double up_threshold,
                   double down_threshold, const char *title, sa_error *e);

#endif
