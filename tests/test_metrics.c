/* test_metrics.c — error measures against hand computations, the undefined
 * cases, interval coverage, and the JSON writer the reports go through. */
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "eval/json.h"
#include "eval/metrics.h"

/* metrics_compute of the n pairs (a, p), checked to succeed (message what). */
static metrics_report computed(const double *a, const double *p, size_t n, const char *what)
{
    metrics_report r;
    sa_error e = {{0}};
    CHECK(metrics_compute(&r, a, p, n, &e) == 0, "%s", what);
    return r;
}

static void test_hand_computed(void)
{
    /* a = 2 4 6 8, p = 3 3 7 6: |a-p| = 1 1 1 2.
     * MAE = 5/4 = 1.25; MSE = (1+1+1+4)/4 = 1.75, RMSE = sqrt(1.75).
     * mean a = 5, SS_tot = 9+1+1+9 = 20, SS_res = 7, R² = 1 - 7/20 = 0.65.
     * MAPE = 100 (1/2 + 1/4 + 1/6 + 2/8)/4 = 100 (7/6)/4 = 29.1666...
     * accuracy = 100 - 29.1666... = 70.8333...
     * sMAPE = 200/4 (1/5 + 1/7 + 1/13 + 2/14) = 50 (0.2 + 2/7 + 1/13). */
    double a[] = {2, 4, 6, 8}, p[] = {3, 3, 7, 6};
    metrics_report r = computed(a, p, 4, "metrics: computes on a small vector");
    CHECK_NEAR(r.mae, 1.25, 1e-12, "metrics: MAE by hand");
    CHECK_NEAR(r.rmse, sqrt(1.75), 1e-12, "metrics: RMSE by hand");
    CHECK(r.r2_defined, "metrics: R² defined on varying actuals");
    CHECK_NEAR(r.r2, 0.65, 1e-12, "metrics: R² by hand");
    CHECK(r.mape_defined && r.n_mape == 4, "metrics: MAPE over all 4 nonzero actuals");
    CHECK_NEAR(r.mape, 100.0 * (7.0 / 6.0) / 4.0, 1e-10, "metrics: MAPE by hand");
    CHECK_NEAR(r.accuracy, 100.0 - 100.0 * (7.0 / 6.0) / 4.0, 1e-10, "metrics: accuracy = 100 - MAPE");
    CHECK_NEAR(r.smape, 50.0 * (0.2 + 2.0 / 7.0 + 1.0 / 13.0), 1e-10, "metrics: sMAPE by hand");
    CHECK(r.n == 4 && r.n_smape == 4, "metrics: counts");
}

static void test_zero_actuals(void)
{
    /* a = 0 5 10 0, p = 1 4 12 0: |a-p| = 1 1 2 0, MAE = 1, RMSE = sqrt(6/4).
     * MAPE over a != 0 only: 100 (1/5 + 2/10)/2 = 20, from 2 terms.
     * sMAPE over |a|+|p| > 0 (the last pair 0,0 is left out):
     *   200/3 (1/1 + 1/9 + 2/22).
     * mean a = 3.75, SS_tot = 3.75² + 1.25² + 6.25² + 3.75² = 68.75,
     * R² = 1 - 6/68.75. */
    double a[] = {0, 5, 10, 0}, p[] = {1, 4, 12, 0};
    metrics_report r = computed(a, p, 4, "metrics: zeros in actuals accepted");
    CHECK_NEAR(r.mae, 1.0, 1e-12, "metrics: MAE with zeros");
    CHECK_NEAR(r.rmse, sqrt(1.5), 1e-12, "metrics: RMSE with zeros");
    CHECK(r.mape_defined && r.n_mape == 2, "metrics: zero actuals excluded from MAPE and counted");
    CHECK_NEAR(r.mape, 20.0, 1e-12, "metrics: MAPE over nonzero actuals");
    CHECK_NEAR(r.accuracy, 80.0, 1e-12, "metrics: accuracy with zeros");
    CHECK(r.n_smape == 3, "metrics: sMAPE leaves out the a = p = 0 term");
    CHECK_NEAR(r.smape, 200.0 / 3.0 * (1.0 + 1.0 / 9.0 + 2.0 / 22.0), 1e-10,
               "metrics: sMAPE with an a = p = 0 term");
    CHECK_NEAR(r.r2, 1.0 - 6.0 / 68.75, 1e-12, "metrics: R² with zeros");
}

static void test_masked(void)
{
    /* The hand-computed pairs of test_hand_computed, interleaved with pairs
     * the mask drops (wildly wrong, so any leak would show). */
    double a[] = {2, 100, 4, 6, 100, 8}, p[] = {3, -50, 3, 7, -50, 6};
    unsigned char mask[] = {1, 0, 1, 1, 0, 1};
    metrics_report r;
    sa_error e = {{0}};
    CHECK(metrics_compute_masked(&r, a, p, mask, 6, &e) == 0 && r.n == 4,
          "metrics: masked computes on the 4 selected pairs");
    CHECK_NEAR(r.mae, 1.25, 1e-12, "metrics: masked MAE equals the unmasked hand value");
    CHECK_NEAR(r.r2, 0.65, 1e-12, "metrics: masked R² equals the unmasked hand value");
    unsigned char none[6] = {0};
    CHECK(metrics_compute_masked(&r, a, p, none, 6, &e) == -1, "metrics: empty mask is an error");
    CHECK(metrics_compute_masked(&r, a, p, NULL, 6, &e) == 0 && r.n == 6,
          "metrics: NULL mask selects everything");
}

static void test_undefined(void)
{
    metrics_report r;
    sa_error e = {{0}};
    /* Every actual 0: MAPE has no term; R² has SS_tot = 0. sMAPE terms are
     * (0,1) -> 200 and (0,2) -> 200; (0,0) is left out: mean 200. */
    double zero[] = {0, 0, 0}, p[] = {1, 0, 2};
    CHECK(metrics_compute(&r, zero, p, 3, &e) == 0, "metrics: all-zero actuals accepted");
    CHECK(!r.mape_defined && isnan(r.mape) && isnan(r.accuracy) && r.n_mape == 0,
          "metrics: all-zero actuals leave MAPE and accuracy undefined");
    CHECK(!r.r2_defined && isnan(r.r2), "metrics: all-zero actuals leave R² undefined");
    CHECK_NEAR(r.smape, 200.0, 1e-12, "metrics: sMAPE against zero actuals");
    CHECK_NEAR(r.mae, 1.0, 1e-12, "metrics: MAE against zero actuals");

    /* Constant 5: R² undefined; MAE = (1+0+1)/3. */
    double five[] = {5, 5, 5}, q[] = {4, 5, 6};
    CHECK(metrics_compute(&r, five, q, 3, &e) == 0 && !r.r2_defined && isnan(r.r2),
          "metrics: constant actuals leave R² undefined");
    CHECK_NEAR(r.mae, 2.0 / 3.0, 1e-12, "metrics: MAE on constant actuals");
    CHECK_NEAR(r.mape, 100.0 * (2.0 / 5.0) / 3.0, 1e-12, "metrics: MAPE on constant actuals");

    /* All pairs 0,0: nothing to average in sMAPE; the forecast is exact. */
    double z2[] = {0, 0};
    CHECK(metrics_compute(&r, z2, z2, 2, &e) == 0 && r.smape == 0 && r.n_smape == 0,
          "metrics: sMAPE of exact zeros is 0 with no terms");

    CHECK(metrics_compute(&r, five, q, 0, &e) == -1 && strstr(e.msg, "no forecasts"),
          "metrics: empty input is an error");
    double bad[] = {1, NAN, 3};
    CHECK(metrics_compute(&r, five, bad, 3, &e) == -1 && strstr(e.msg, "index 1"),
          "metrics: NaN prediction is an error naming the index");
}

static void test_perfect(void)
{
    double a[] = {10, 20, 35, 50, 65};
    metrics_report r = computed(a, a, 5, "metrics: perfect forecast");
    CHECK(r.mae == 0 && r.rmse == 0, "metrics: perfect forecast has MAE 0 and RMSE 0");
    CHECK(r.r2_defined && r.r2 == 1.0, "metrics: perfect forecast has R² 1");
    CHECK(r.mape == 0 && r.accuracy == 100 && r.smape == 0, "metrics: perfect MAPE 0, accuracy 100");
}

static void test_skill_and_interval(void)
{
    int defined = -1;
    CHECK_NEAR(metrics_skill(1.25, 2.5, &defined), 0.5, 1e-15, "metrics: skill 1 - 1.25/2.5");
    CHECK(defined == 1, "metrics: skill defined");
    CHECK(metrics_skill(3.0, 2.0, NULL) < 0, "metrics: worse than persistence is negative skill");
    CHECK(isnan(metrics_skill(1.0, 0.0, &defined)) && defined == 0,
          "metrics: skill undefined against a perfect persistence");

    /* 1 in [0,2] yes; 2 in [2.5,3] no; 3 in [2,3] yes (on the bound);
     * 4 in [4,5] yes: coverage 3/4. Widths 2, 0.5, 1, 1: mean 4.5/4. */
    double a[] = {1, 2, 3, 4}, lo[] = {0, 2.5, 2, 4}, hi[] = {2, 3, 3, 5};
    metrics_interval_report r;
    sa_error e = {{0}};
    CHECK(metrics_interval(&r, a, lo, hi, 4, &e) == 0, "metrics: interval report");
    CHECK_NEAR(r.coverage, 0.75, 1e-15, "metrics: interval coverage by hand");
    CHECK_NEAR(r.mean_width, 1.125, 1e-15, "metrics: interval mean width by hand");
    double swapped_hi[] = {2, 3, 1, 5};
    CHECK(metrics_interval(&r, a, lo, swapped_hi, 4, &e) == -1 && strstr(e.msg, "index 2"),
          "metrics: lower above upper is an error naming the index");
}

/* Runs fn's writes into a memory stream and returns the text (caller frees). */
static char *json_text(void (*fn)(json_writer *), int *status)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    json_writer w;
    json_init(&w, fp);
    fn(&w);
    sa_error e = {{0}};
    *status = json_finish(&w, &e);
    fclose(fp);
    return buf;
}

static void write_doc(json_writer *w)
{
    json_object_begin(w);
    json_member_string(w, "name", "a \"q\" \\ b\n\x01");
    json_member_number(w, "x", 0.1);
    json_member_number(w, "nan", NAN);
    json_member_number(w, "inf", -INFINITY);
    json_key(w, "list");
    json_array_begin(w);
    json_int(w, -3);
    json_bool(w, 1);
    json_null(w);
    json_string(w, NULL);
    json_array_end(w);
    json_key(w, "empty");
    json_object_begin(w);
    json_object_end(w);
    json_object_end(w);
}

static void write_unbalanced(json_writer *w)
{
    json_object_begin(w);
    json_member_int(w, "a", 1);
}

static void write_value_without_key(json_writer *w)
{
    json_object_begin(w);
    json_number(w, 1);
    json_object_end(w);
}

static void write_metrics(json_writer *w)
{
    double a[] = {0, 0}, p[] = {1, 3};
    metrics_report r;
    metrics_compute(&r, a, p, 2, NULL);
    json_object_begin(w);
    metrics_json(w, &r);
    json_object_end(w);
}

static void test_json(void)
{
    int status;
    char *text = json_text(write_doc, &status);
    const char *want =
        "{\n"
        "  \"name\": \"a \\\"q\\\" \\\\ b\\n\\u0001\",\n"
        "  \"x\": 0.1,\n"
        "  \"nan\": null,\n"
        "  \"inf\": null,\n"
        "  \"list\": [\n"
        "    -3,\n"
        "    true,\n"
        "    null,\n"
        "    null\n"
        "  ],\n"
        "  \"empty\": {}\n"
        "}\n";
    CHECK(status == 0 && !strcmp(text, want), "json: escapes, nesting, NaN and inf as null");
    if (strcmp(text, want))
        printf("%s", text);
    free(text);
    text = json_text(write_unbalanced, &status);
    CHECK(status == -1, "json: an unclosed object is reported");
    free(text);
    text = json_text(write_value_without_key, &status);
    CHECK(status == -1, "json: a value without a key is reported");
    free(text);
    text = json_text(write_metrics, &status);
    CHECK(status == 0 && strstr(text, "\"r2\": null") && strstr(text, "\"mape\": null") &&
              strstr(text, "\"accuracy\": null") && strstr(text, "\"mae\": 2,") &&
              strstr(text, "\"smape\": 200,") && strstr(text, "\"r2_defined\": false"),
          "json: metrics report with undefined R² and MAPE as null");
    free(text);
}

int main(void)
{
    test_hand_computed();
    test_zero_actuals();
    test_masked();
    test_undefined();
    test_perfect();
    test_skill_and_interval();
    test_json();
    return test_summary();
}
