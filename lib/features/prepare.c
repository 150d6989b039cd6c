/* prepare.c — see prepare.h. */
#include "features/prepare.h"

#include "features/scaler.h"

#include <stdlib.h>
#include <string.h>

static int load_and_window(prepared *p, const dataset_options *o, size_t seq_len,
                           size_t horizon, sa_error *e)
{
    memset(p, 0, sizeof *p);
    if (dataset_load(&p->d, o, e))
        return -1;
    if (window_build(&p->w, &p->d.s, seq_len, horizon, e)) {
        prepared_free(p);
        return -1;
    }
    size_t cells = p->d.fm.n_rows * p->d.fm.n_feat;
    p->scaled = malloc((cells ? cells : 1) * sizeof *p->scaled);
    if (!p->scaled) {
        prepared_free(p);
        return sa_fail(e, "out of memory for %zu feature values", cells);
    }
    return 0;
}

/* The min-max transform of the training windows' rows of p. */
static int fit_minmax(prepared *p, sa_error *e)
{
    const feat_matrix *fm = &p->d.fm;
    scaler sc;
    if (scaler_fit(&sc, fm->x, fm->n_rows, fm->n_feat, &p->w, 0, p->w.n_train, e))
        return -1;
    int rc = transform_from_minmax(&p->tf, sc.min, sc.max, sc.n_feat, e);
    scaler_free(&sc);
    return rc;
}

int prepare_for_training(prepared *p, const dataset_options *o, size_t seq_len,
                         size_t horizon, const double split[2], int robust, int log1p,
                         sa_error *e)
{
    if (load_and_window(p, o, seq_len, horizon, e))
        return -1;
    const feat_matrix *fm = &p->d.fm;
    if (window_split(&p->w, split[0], split[1], e) ||
        (robust ? transform_fit_robust(&p->tf, fm->x, fm->n_rows, fm->n_feat, fm->ids, &p->w,
                                       log1p, e)
                : fit_minmax(p, e))) {
        prepared_free(p);
        return -1;
    }
    transform_apply(&p->tf, fm->x, fm->n_rows, p->scaled);
    return 0;
}

int prepare_for_model(prepared *p, const dataset_options *o, size_t seq_len, size_t horizon,
                      const transform *tf, sa_error *e)
{
    if (load_and_window(p, o, seq_len, horizon, e))
        return -1;
    const feat_matrix *fm = &p->d.fm;
    if (tf->n_feat != fm->n_feat) {
        prepared_free(p);
        return sa_fail(e, "the model has %zu features, the data gives %zu", tf->n_feat,
                       fm->n_feat);
    }
    if (transform_copy(&p->tf, tf, e)) {
        prepared_free(p);
        return -1;
    }
    transform_apply(&p->tf, fm->x, fm->n_rows, p->scaled);
    return 0;
}

void prepared_free(prepared *p)
{
    free(p->scaled);
    transform_free(&p->tf);
    window_free(&p->w);
    dataset_free(&p->d);
    memset(p, 0, sizeof *p);
}
