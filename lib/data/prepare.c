/* prepare.c — see prepare.h. */
#include "data/prepare.h"

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

int prepare_for_training(prepared *p, const dataset_options *o, size_t seq_len,
                         size_t horizon, const double split[2], sa_error *e)
{
    if (load_and_window(p, o, seq_len, horizon, e))
        return -1;
    const feat_matrix *fm = &p->d.fm;
    if (window_split(&p->w, split[0], split[1], e) ||
        scaler_fit(&p->sc, fm->x, fm->n_rows, fm->n_feat, &p->w, 0, p->w.n_train, e)) {
        prepared_free(p);
        return -1;
    }
    scaler_apply(&p->sc, fm->x, fm->n_rows, p->scaled);
    return 0;
}

int prepare_for_model(prepared *p, const dataset_options *o, size_t seq_len, size_t horizon,
                      const scaler *sc, sa_error *e)
{
    if (load_and_window(p, o, seq_len, horizon, e))
        return -1;
    const feat_matrix *fm = &p->d.fm;
    if (sc->n_feat != fm->n_feat) {
        prepared_free(p);
        return sa_fail(e, "the model has %zu features, the data gives %zu", sc->n_feat,
                       fm->n_feat);
    }
    if (scaler_set(&p->sc, sc->min, sc->max, sc->n_feat, e)) {
        prepared_free(p);
        return -1;
    }
    scaler_apply(&p->sc, fm->x, fm->n_rows, p->scaled);
    return 0;
}

void prepared_free(prepared *p)
{
    free(p->scaled);
    scaler_free(&p->sc);
    window_free(&p->w);
    dataset_free(&p->d);
    memset(p, 0, sizeof *p);
}
