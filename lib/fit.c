/* fit.c — see fit.h. */
#include "fit.h"

#include <stdlib.h>
#include <string.h>

#include "forecast.h"

int fit_member(model_member *m, const fit_data *d, fit_stats *stats, sa_error *e)
{
    net n;
    net_config nc;
    forecast_net_config(&m->config, &nc);
    if (net_create(&n, &nc, e))
        return -1;
    if (net_init_weights(&n, (uint64_t)m->config.seed, e)) {
        net_free(&n);
        return -1;
    }
    train_options o;
    train_defaults(&o);
    o.epochs = m->config.epochs;
    o.patience = d->patience;
    o.batch = m->config.batch;
    o.lr = m->config.lr;
    o.threads = d->threads;
    o.seed = (uint64_t)m->config.seed;
    o.stop = d->stop;
    o.label = d->label;
    train_data td = {d->x, d->n_rows, d->n_feat, d->w};
    train_history h;
    int rc = train_run(&n, &td, &o, &h, e);
    if (h.n_epochs) {
        m->n_epochs = h.n_epochs;
        m->train_loss = h.train_loss;
        m->val_loss = h.val_loss;
        m->lr = h.lr;
        h.train_loss = h.val_loss = h.lr = NULL;
        m->config.epochs_run = (int)h.n_epochs;
        m->config.best_epoch = h.best_epoch;
        m->config.interrupted = h.interrupted;
        if (forecast_member_from_net(m, &n, e))
            rc = -1;
    }
    if (stats) {
        stats->seconds = h.seconds;
        stats->sequences = h.sequences;
    }
    train_history_free(&h);
    net_free(&n);
    return rc;
}

double fit_best_val_loss(const model_member *m)
{
    int b = m->config.best_epoch;
    return b >= 1 && (size_t)b <= m->n_epochs ? m->val_loss[b - 1] : 1e300;
}
