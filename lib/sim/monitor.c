/* monitor.c — see monitor.h. */
#include "sim/monitor.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "series/series.h"

/* Walk parameters (per tick), see monitor.h. */
#define DEMAND_REVERSION 0.15
#define DEMAND_STEP 4.0
#define OFFSET_REVERSION 0.3
#define OFFSET_STEP 2.0
#define MEMORY_MEAN 60.0
#define MEMORY_REVERSION 0.1
#define MEMORY_STEP 2.0
#define NETWORK_MEAN 100.0
#define NETWORK_REVERSION 0.1
#define NETWORK_STEP 10.0
/* Replay: the largest relative deviation of an instance from the fleet's
 * average (monitor_replay_instances). */
#define REPLAY_SKEW 0.10

static double clip(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

/* A new instance's descriptor and starting metrics. */
static void instance_init(monitor_instance *in, monitor *m, const char *id, const char *type,
                          const char *region)
{
    memset(in, 0, sizeof *in);
    snprintf(in->id, sizeof in->id, "%s", id);
    snprintf(in->type, sizeof in->type, "%s", type);
    snprintf(in->region, sizeof in->region, "%s", region);
    in->memory = clip(MEMORY_MEAN + 5 * rng_normal(&m->r), 5, 100);
    in->network = NETWORK_MEAN;
}

static int grow_instances(monitor *m, int need, sa_error *e)
{
    if (need <= m->cap_inst)
        return 0;
    int cap = need > 2 * m->cap_inst ? need : 2 * m->cap_inst;
    monitor_instance *inst = realloc(m->inst, (size_t)cap * sizeof *inst);
    if (!inst)
        return sa_fail(e, "out of memory");
    m->inst = inst;
    m->cap_inst = cap;
    return 0;
}

/* Brings the descriptors in line with the engine's fleet: launched
 * instances are appended, removed ones (the newest) dropped. */
static int sync_instances(monitor *m, sa_error *e)
{
    int n = m->engine.fleet.n;
    if (grow_instances(m, n, e) < 0)
        return -1;
    while (m->n_inst < n) {
        char id[40];
        snprintf(id, sizeof id, "i-%04d", ++m->next_id);
        instance_init(&m->inst[m->n_inst++], m, id, "EC2", "us-east-1");
    }
    m->n_inst = n;
    return 0;
}

int monitor_init(monitor *m, const monitor_config *c, sa_error *e)
{
    memset(m, 0, sizeof *m);
    m->cfg = *c;
    if (c->policy != POLICY_REACTIVE && c->policy != POLICY_TARGET)
        return sa_fail(e, "--live runs reactive or target, not %s", policy_name(c->policy));
    if (c->history < 1 || c->interval <= 0)
        return sa_fail(e, "--history and --interval must be positive");
    if (sim_config_check(c->sim, e) < 0)
        return -1;
    char msg[160];
    if (policy_check(c->policy, &c->sim->policy, msg, sizeof msg) < 0)
        return sa_fail(e, "%s", msg);
    rng_seed(&m->r, c->seed);
    m->ring = malloc(c->history * sizeof *m->ring);
    if (!m->ring) {
        monitor_free(m);
        return sa_fail(e, "out of memory");
    }
    if (sim_engine_init(&m->engine, c->policy, c->sim, e) < 0) {
        monitor_free(m);
        return -1;
    }
    m->demand = c->mean_cpu * c->sim->policy.base_instances;
    if (sync_instances(m, e) < 0) {
        monitor_free(m);
        return -1;
    }
    return 0;
}

int monitor_parse_resource(const char *spec, monitor_instance *out, sa_error *e)
{
    memset(out, 0, sizeof *out);
    const char *c1 = strchr(spec, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    const char *region = c2 ? c2 + 1 : "us-east-1";
    size_t name_len = c1 ? (size_t)(c1 - spec) : 0;
    size_t type_len = c1 ? (c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1)) : 0;
    if (!c1 || !name_len || !type_len || !*region || strchr(region, ':') ||
        name_len >= sizeof out->id || type_len >= sizeof out->type ||
        strlen(region) >= sizeof out->region)
        return sa_fail(e, "--resource '%s': expected NAME:TYPE[:REGION], e.g. vm-1:Azure-VM:eu-west-1",
                       spec);
    memcpy(out->id, spec, name_len);
    memcpy(out->type, c1 + 1, type_len);
    snprintf(out->region, sizeof out->region, "%s", region);
    return 0;
}

int monitor_add_resource(monitor *m, const char *spec, sa_error *e)
{
    monitor_instance parsed;
    if (monitor_parse_resource(spec, &parsed, e) < 0)
        return -1;
    if (m->ticks)
        return sa_fail(e, "--resource: resources are added before the first tick");
    if (sim_engine_add_serving(&m->engine, 1, e) < 0 || grow_instances(m, m->n_inst + 1, e) < 0)
        return -1;
    /* Resources go first in the fleet order, so scaling down (which takes
     * the newest) removes the group's EC2 instances before them. */
    int at = m->n_resources++;
    memmove(m->inst + at + 1, m->inst + at, (size_t)(m->n_inst - at) * sizeof *m->inst);
    m->n_inst++;
    instance_init(&m->inst[at], m, parsed.id, parsed.type, parsed.region);
    return 0;
}

int monitor_parse_spike(const char *spec, monitor_spike *out, sa_error *e)
{
    char *end;
    out->at = strtod(spec, &end);
    if (end == spec || *end != ':' || !isfinite(out->at) || out->at < 0)
        return sa_fail(e, "--spike '%s': expected AT:CPU, e.g. 10:95", spec);
    const char *cpu = end + 1;
    out->cpu = strtod(cpu, &end);
    if (end == cpu || *end || !(out->cpu > 0 && out->cpu <= 100))
        return sa_fail(e, "--spike '%s': CPU must be a number in (0, 100]", spec);
    return 0;
}

int monitor_tick(monitor *m, double elapsed, sa_error *e)
{
    const monitor_config *c = &m->cfg;
    double t = c->start + elapsed;
    double n0 = c->sim->policy.base_instances;
    int serving = sim_engine_warm(&m->engine, t);

    m->demand += DEMAND_REVERSION * (c->mean_cpu * n0 - m->demand) +
                 DEMAND_STEP * n0 * rng_normal(&m->r);
    if (m->demand < 0)
        m->demand = 0;
    while (m->next_spike < c->n_spikes && c->spikes[m->next_spike].at <= elapsed + 1e-9)
        m->demand = c->spikes[m->next_spike++].cpu * serving;

    double cpu_sum = 0, memory_sum = 0, network_sum = 0;
    for (int i = 0; i < m->n_inst; i++) {
        monitor_instance *in = &m->inst[i];
        in->serving = i < serving;
        in->cpu_offset += -OFFSET_REVERSION * in->cpu_offset + OFFSET_STEP * rng_normal(&m->r);
        in->memory = clip(in->memory + MEMORY_REVERSION * (MEMORY_MEAN - in->memory) +
                              MEMORY_STEP * rng_normal(&m->r), 5, 100);
        double net = in->network + NETWORK_REVERSION * (NETWORK_MEAN - in->network) +
                     NETWORK_STEP * rng_normal(&m->r);
        in->network = net < 0 ? 0 : net;
        if (!in->serving) {
            in->cpu = 0;
            continue;
        }
        in->cpu = clip(m->demand / serving + in->cpu_offset, 0, 100);
        cpu_sum += in->cpu;
        memory_sum += in->memory;
        network_sum += in->network;
    }
    sim_observation o = {
        .time = t,
        .dt = c->interval,
        .demand = m->demand,
        .cpu = serving ? cpu_sum / serving : 0,
        .memory = serving ? memory_sum / serving : NAN,
        .network = network_sum,
        .forecast = NAN,
        .in_event = 0,
    };
    sim_step step;
    if (sim_engine_step(&m->engine, &o, &step, e) < 0 || sync_instances(m, e) < 0)
        return -1;
    size_t slot = (m->ring_start + m->ring_n) % c->history;
    m->ring[slot] = step;
    if (m->ring_n < c->history)
        m->ring_n++;
    else
        m->ring_start = (m->ring_start + 1) % c->history;
    m->ticks++;
    return 0;
}

const sim_step *monitor_last(const monitor *m)
{
    if (!m->ring_n)
        return NULL;
    return &m->ring[(m->ring_start + m->ring_n - 1) % m->cfg.history];
}

int monitor_finish(monitor *m, sim_result *r, sa_error *e)
{
    memset(r, 0, sizeof *r);
    r->steps = malloc((m->ring_n ? m->ring_n : 1) * sizeof *r->steps);
    if (!r->steps)
        return sa_fail(e, "out of memory");
    for (size_t i = 0; i < m->ring_n; i++)
        r->steps[i] = m->ring[(m->ring_start + i) % m->cfg.history];
    r->n_steps = m->ring_n;
    sim_engine_finish(&m->engine, r);
    return 0;
}

void monitor_free(monitor *m)
{
    sim_engine_free(&m->engine);
    free(m->inst);
    free(m->ring);
    memset(m, 0, sizeof *m);
}

/* Instance i's fixed raw skew in [-1, 1) (Knuth's multiplicative hash of
 * i + 1): a pattern that does not change from run to run. */
static double raw_skew(int i)
{
    uint32_t h = (uint32_t)(i + 1) * 2654435761u;
    return (double)(h >> 8) / (double)(1u << 24) * 2 - 1;
}

/* x spread over the serving instances: x + a f_i with f the skews (mean 0,
 * largest |f_i| 1) and a = min(REPLAY_SKEW x, 100 - x), so the average
 * stays x and no value leaves [0, 100]. */
static double skewed(double x, double f)
{
    double a = fmin(REPLAY_SKEW * x, 100 - x);
    return x + (a > 0 ? a : 0) * f;
}

int monitor_replay_instances(const sim_step *last, monitor_instance *out, int cap)
{
    int n = last->fleet < cap ? last->fleet : cap;
    /* Removal takes the newest first, so the serving ones are the oldest. */
    int serving = last->serving < n ? last->serving : n;
    double mean = 0, largest = 0;
    for (int i = 0; i < serving; i++)
        mean += raw_skew(i) / serving;
    for (int i = 0; i < serving; i++)
        largest = fmax(largest, fabs(raw_skew(i) - mean));
    for (int i = 0; i < n; i++) {
        monitor_instance *in = &out[i];
        memset(in, 0, sizeof *in);
        snprintf(in->id, sizeof in->id, "i-%04d", i + 1);
        snprintf(in->type, sizeof in->type, "EC2");
        snprintf(in->region, sizeof in->region, "us-east-1");
        in->serving = i < serving;
        if (!in->serving) {   /* still warming up: takes no load yet */
            in->memory = NAN;
            continue;
        }
        double f = largest > 0 ? (raw_skew(i) - mean) / largest : 0;
        in->cpu_offset = skewed(last->cpu, f) - last->cpu;
        in->cpu = last->cpu + in->cpu_offset;
        in->memory = skewed(last->memory, f);
        in->network = last->network / serving * (1 + REPLAY_SKEW * f);
    }
    return n;
}

/* "%8.2f", or a dash for NaN. */
static void put_value(FILE *fp, double v)
{
    if (isnan(v))
        fprintf(fp, " %8s", "-");
    else
        fprintf(fp, " %8.2f", v);
}

/* Max, min and average of the finite values of one step field. */
static void stats_row(FILE *fp, const char *label, const sim_result *r, size_t offset, int is_int)
{
    double lo = INFINITY, hi = -INFINITY, sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < r->n_steps; i++) {
        const char *base = (const char *)&r->steps[i] + offset;
        double v = is_int ? *(const int *)base : *(const double *)base;
        if (isnan(v))
            continue;
        lo = fmin(lo, v);
        hi = fmax(hi, v);
        sum += v;
        n++;
    }
    fprintf(fp, "  %-16s", label);
    put_value(fp, n ? hi : NAN);
    put_value(fp, n ? lo : NAN);
    put_value(fp, n ? sum / n : NAN);
    fputc('\n', fp);
}

int monitor_print_report(FILE *fp, const sim_result *r, const monitor_instance *inst, int n_inst)
{
    char when[20];
    fprintf(fp, "=== Infrastructure report (policy %s) ===\n", policy_name(r->policy));
    if (r->n_steps) {
        const sim_step *s = &r->steps[r->n_steps - 1];
        time_format((int64_t)floor(s->time), when);
        fprintf(fp, "Current status at %s: %d instances (%d serving), CPU %.2f%%, memory ", when,
                s->fleet, s->serving, s->cpu);
        if (isnan(s->memory))
            fprintf(fp, "-");
        else
            fprintf(fp, "%.2f%%", s->memory);
        fprintf(fp, ", network I/O ");
        if (isnan(s->network))
            fprintf(fp, "-");
        else
            fprintf(fp, "%.2f", s->network);
        fprintf(fp, ", last action %s\n", sim_action_name(s->action));
    }
    fprintf(fp, "\nStatistics over %zu points:\n  %-16s %8s %8s %8s\n", r->n_steps, "", "max",
            "min", "average");
    stats_row(fp, "CPU %", r, offsetof(sim_step, cpu), 0);
    stats_row(fp, "memory %", r, offsetof(sim_step, memory), 0);
    stats_row(fp, "network I/O", r, offsetof(sim_step, network), 0);
    stats_row(fp, "instances", r, offsetof(sim_step, fleet), 1);

    fprintf(fp, "\nInstances (%d):\n  %-20s %-12s %-14s %8s %8s %8s  %s\n", n_inst, "id", "type",
            "region", "CPU %", "memory %", "network", "status");
    for (int i = 0; i < n_inst; i++) {
        const monitor_instance *in = &inst[i];
        fprintf(fp, "  %-20s %-12s %-14s", in->id, in->type, in->region);
        put_value(fp, in->cpu);
        put_value(fp, in->memory);
        put_value(fp, in->network);
        fprintf(fp, "  %s\n", in->serving ? "running" : "warming");
    }
    fprintf(fp, "\nAlert history (%zu: %zu critical, %zu warning, %zu info):\n", r->alerts.n,
            alert_count(&r->alerts, ALERT_CRITICAL), alert_count(&r->alerts, ALERT_WARNING),
            alert_count(&r->alerts, ALERT_INFO));
    alert_print(fp, &r->alerts);
    return ferror(fp) ? -1 : 0;
}
