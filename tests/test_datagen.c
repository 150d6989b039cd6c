/* test_datagen.c — the seed profile against its formula (noise off), its
 * sale days, clipping and means (noise on), the realistic profile's shape
 * (daily, weekly, sales), determinism per seed, and the CSV round trip. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "series/datagen.h"
#include "harness.h"
#include "series/series.h"

/* datagen_write into memory; caller frees. */
static char *write_to_memory(const datagen_options *opt, size_t *len)
{
    calendar cal;
    sa_error e;
    char *buf = NULL;
    FILE *fp = open_memstream(&buf, len);
    if (datagen_calendar(&cal, opt, &e) != 0 || datagen_write(fp, opt, &cal, &e) != 0)
        *len = 0;
    fclose(fp);
    calendar_free(&cal);
    return buf;
}

static double clip(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

static void test_seed_formula(void)
{
    datagen_options opt = datagen_defaults();
    opt.profile = DATAGEN_SEED;
    opt.noise = 0;
    calendar cal;
    series s;
    sa_error e;
    CHECK(datagen_calendar(&cal, &opt, &e) == 0 && cal.n == 3, "seed: three sale days in 15 days");
    CHECK(cal.events[0].start == opt.start + 4 * 86400 && cal.events[2].end == opt.start + 15 * 86400,
          "seed: sale days 5 and 15 as whole days");
    CHECK(datagen_series(&s, &opt, &cal, &e) == 0 && s.n_rows == 15 * 288, "seed: 4320 rows");
    int exact = 1, steps = 1, sales = 1;
    for (size_t i = 0; i < s.n_rows; i++) {
        double f = sin((double)i * 15 * 2 * M_PI / (double)(s.n_rows - 1));
        size_t day = i / 288 + 1;
        int sale = day == 5 || day == 10 || day == 15;
        double cpu = clip(20 + 15 * f + 40 * sale, 5, 95);
        double net = clip(100 + 80 * f + 300 * sale, 20, 1000);
        double req = clip(500 + 400 * f + 2000 * sale, 100, 5000);
        exact &= fabs(s.col[DG_CPU][i] - cpu) < 1e-9 && fabs(s.col[DG_NETWORK_IN][i] - net) < 1e-9 &&
                 fabs(s.col[DG_REQUESTS][i] - req) < 1e-9 &&
                 fabs(s.col[DG_MEMORY][i] - clip(30 + 0.6 * cpu, 5, 95)) < 1e-9 &&
                 fabs(s.col[DG_NETWORK_OUT][i] - clip(0.6 * net, 10, 1000)) < 1e-9;
        sales &= s.col[DG_SALE][i] == sale;
        steps &= s.time[i] == opt.start + (int64_t)i * 300;
    }
    CHECK(exact, "seed: noise-free values follow the formula exactly");
    CHECK(sales, "seed: is_sale_active on rows (d-1)*288 .. d*288-1 of days 5, 10, 15");
    CHECK(steps, "seed: timestamps every 300 s from 2025-01-06");
    series_free(&s);
    calendar_free(&cal);

    opt.days = 7; /* only day 5 fits */
    CHECK(datagen_calendar(&cal, &opt, &e) == 0 && cal.n == 1, "seed: only sale days inside the period");
    calendar_free(&cal);
    opt.days = 34; /* days 5, 10, ..., 30 */
    CHECK(datagen_calendar(&cal, &opt, &e) == 0 && cal.n == 6 &&
              cal.events[5].start == opt.start + 29 * 86400 &&
              strcmp(cal.events[5].name, "sale day 30") == 0,
          "seed: a longer period has a sale every fifth day");
    calendar_free(&cal);
}

static void test_seed_noise(void)
{
    datagen_options opt = datagen_defaults();
    opt.profile = DATAGEN_SEED;
    calendar cal;
    series s;
    sa_error e;
    CHECK(datagen_calendar(&cal, &opt, &e) == 0 && datagen_series(&s, &opt, &cal, &e) == 0,
          "seed with noise generated");
    int bounds = 1;
    double day1 = 0, day5 = 0;
    for (size_t i = 0; i < s.n_rows; i++) {
        double *v[DG_COLS];
        for (int c = 0; c < DG_COLS; c++)
            v[c] = &s.col[c][i];
        bounds &= *v[DG_CPU] >= 5 && *v[DG_CPU] <= 95 && *v[DG_NETWORK_IN] >= 20 &&
                  *v[DG_NETWORK_IN] <= 1000 && *v[DG_REQUESTS] >= 100 && *v[DG_REQUESTS] <= 5000 &&
                  *v[DG_MEMORY] >= 5 && *v[DG_MEMORY] <= 95;
        if (i < 288)
            day1 += *v[DG_CPU] / 288;
        if (i / 288 == 4)
            day5 += *v[DG_CPU] / 288;
    }
    CHECK(bounds, "seed: every value within its clipping bounds");
    CHECK_NEAR(day1, 20.0, 1.0, "seed: mean cpu of a normal day is about 20");
    CHECK_NEAR(day5, 60.0, 1.5, "seed: mean cpu of sale day 5 is about 60");
    series_free(&s);
    calendar_free(&cal);
}

static void test_realistic(void)
{
    datagen_options opt = datagen_defaults();
    opt.days = 28;
    calendar cal;
    series s;
    sa_error e;
    CHECK(datagen_calendar(&cal, &opt, &e) == 0 && cal.n == 6, "realistic: one sale per 5 days (%zu)",
          cal.n);
    CHECK(datagen_series(&s, &opt, &cal, &e) == 0, "realistic: generated");
    double noon = 0, night = 0, weekday = 0, weekend = 0, sale = 0, n_sale = 0;
    int bounds = 1;
    for (size_t i = 0; i < s.n_rows; i++) {
        int64_t sec = (s.time[i] - opt.start) % 86400, day = (s.time[i] - opt.start) / 86400;
        double cpu = s.col[DG_CPU][i];
        int is_sale = s.col[DG_SALE][i] != 0, dow = (int)(day % 7); /* starts on a Monday */
        if (is_sale) {
            sale += cpu;
            n_sale++;
            continue;
        }
        if (dow < 5 && sec >= 11 * 3600 && sec < 15 * 3600)
            noon += cpu;
        if (dow < 5 && sec >= 2 * 3600 && sec < 5 * 3600)
            night += cpu;
        if (sec >= 10 * 3600 && sec < 16 * 3600)
            *(dow < 5 ? &weekday : &weekend) += cpu / (dow < 5 ? 5.0 : 2.0);
        bounds &= cpu >= 1 && cpu <= 100 && s.col[DG_MEMORY][i] >= 0 &&
                  s.col[DG_MEMORY][i] <= 100 && s.col[DG_NETWORK_OUT][i] >= 0 &&
                  s.col[DG_REQUESTS][i] >= 0;
    }
    noon /= 20 * 48;  /* 20 weekdays, 48 rows each */
    night /= 20 * 36;
    CHECK(bounds, "realistic: values inside their physical ranges");
    CHECK(noon > night + 20, "realistic: weekday noon (%.1f) well above night (%.1f)", noon, night);
    CHECK(weekend < 0.8 * weekday, "realistic: weekends quieter (%.0f vs %.0f)", weekend, weekday);
    CHECK(n_sale > 0 && sale / n_sale > noon, "realistic: sale hours busier (%.1f)", sale / n_sale);
    /* The sale ramps up over an hour: 5 minutes in it is still close to the base. */
    size_t first = (size_t)((cal.events[0].start - opt.start) / opt.step);
    double before = s.col[DG_REQUESTS][first - 1], five = s.col[DG_REQUESTS][first + 1];
    double hour = s.col[DG_REQUESTS][first + 13];
    CHECK(five < 1.3 * before && hour > 1.4 * before,
          "realistic: sale ramps (requests %.0f, +10 min %.0f, +65 min %.0f)", before, five, hour);
    series_free(&s);
    calendar_free(&cal);
}

static void test_bytes(void)
{
    datagen_options opt = datagen_defaults();
    opt.days = 3;
    size_t la, lb, lc;
    char *a = write_to_memory(&opt, &la), *b = write_to_memory(&opt, &lb);
    opt.seed = 43;
    char *c = write_to_memory(&opt, &lc);
    CHECK(la > 0 && la == lb && !memcmp(a, b, la), "datagen: same seed, same bytes");
    CHECK(lc > 0 && (la != lc || memcmp(a, c, la)), "datagen: another seed, other bytes");
    CHECK(!strncmp(a, "timestamp,cpu_utilization,memory_utilization,network_in,network_out,"
                      "request_count,is_sale_active\n2025-01-06 00:00:00,", 117),
          "datagen: header and first timestamp");
    free(a);
    free(b);
    free(c);

    /* round trip: the CSV reads back to the generated values (4 decimals) */
    opt.profile = DATAGEN_SEED;
    opt.step = 600;
    calendar cal;
    series mem, back;
    sa_error e;
    datagen_calendar(&cal, &opt, &e);
    datagen_series(&mem, &opt, &cal, &e);
    char path[] = "/tmp/test_datagen.XXXXXX";
    FILE *fp = fdopen(mkstemp(path), "w");
    datagen_write(fp, &opt, &cal, &e);
    fclose(fp);
    CHECK(series_read(&back, path, NULL, &e) == 0 && back.n_rows == mem.n_rows &&
          back.step == 600 && back.n_cols == DG_COLS, "datagen: the CSV reads back");
    double worst = 0;
    for (int col = 0; col < DG_COLS && back.n_rows == mem.n_rows; col++)
        for (size_t i = 0; i < mem.n_rows; i++)
            worst = fmax(worst, fabs(back.col[col][i] - mem.col[col][i]));
    CHECK(worst <= 5.1e-5, "datagen: written with 4 decimals (max diff %.2g)", worst);
    unlink(path);
    series_free(&mem);
    series_free(&back);
    calendar_free(&cal);

    opt.step = 7;
    CHECK(datagen_check(&opt, &e) == -1 && strstr(e.msg, "step"), "datagen: step must divide a day");
}

int main(void)
{
    test_seed_formula();
    test_seed_noise();
    test_realistic();
    test_bytes();
    return test_summary();
}
