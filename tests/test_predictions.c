/* test_predictions.c — the decision of a forecast path (issue 22 point 5):
 * the window of steps when a new instance serves, [warm-up, warm-up +
 * interval] after the origin, and the size its largest upper bound needs;
 * the sizes of each basis by hand. */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "eval/predictions.h"

static void windows(void)
{
    predictions_format o = {0};
    CHECK(predictions_set_window(&o, 6, 300, 300, 300) == 0 && o.window_first == 0 &&
          o.window_last == 1, "warm-up 300, interval 300, 5-min steps: steps 1-2 (%zu-%zu)",
          o.window_first + 1, o.window_last + 1);
    CHECK(predictions_set_window(&o, 6, 300, 600, 900) == 0 && o.window_first == 1 &&
          o.window_last == 4, "warm-up 600, interval 900: steps 2-5 (%zu-%zu)",
          o.window_first + 1, o.window_last + 1);
    CHECK(predictions_set_window(&o, 6, 300, 450, 100) == 0 && o.window_first == 1 &&
          o.window_last == 1, "warm-up 450 (inside step 2), interval 100: step 2 alone");
    CHECK(predictions_set_window(&o, 6, 300, 0, 300) == 0 && o.window_first == 0 &&
          o.window_last == 0, "no warm-up: the first step (a new instance serves a step on)");
    CHECK(predictions_set_window(&o, 6, 300, 1200, 3600) == 0 && o.window_first == 3 &&
          o.window_last == 5, "a window past the path's end: cut at its last step");
    CHECK(predictions_set_window(&o, 6, 300, 3600, 300) == 1 && o.window_first == 5 &&
          o.window_last == 5, "a path that ends before the warm-up: its last step, said so");
    CHECK(predictions_set_window(&o, 1, 300, 600, 300) == 0 && o.window_first == 0 &&
          o.window_last == 0, "one step: that step");
}

/* Two origins of a 4-step path, demand in busy instances. */
static void decisions(void)
{
    int64_t time[8] = {0};
    double mean[8] = {2, 3, 4, 2, 1, 1, 1, 1};
    double upper[8] = {2.5, 3.5, 5.9, 2.5, 1.2, 1.5, 1.3, 1.1};
    double fleet[2] = {4, 4};
    predictor_result r = {.n = 2, .steps = 4, .horizon = 1, .time = time, .mean = mean,
                          .upper = upper};
    predictions_format o = {.with_interval = 1, .sizing = SIZING_DEMAND, .target_cpu = 60,
                            .fleet = fleet, .up = 70, .down = 35};
    int needed;
    predictions_set_window(&o, 4, 300, 300, 300);   /* steps 1-2 */
    const char *d = predictions_origin_decision(&o, &r, 0, &needed);
    CHECK(needed == 6 && !strcmp(d, "scale_up"),
          "steps 1-2: the largest bound 3.5 busy instances / 60 %% -> 6, scale_up from 4 (%s %d)",
          d, needed);
    predictions_set_window(&o, 4, 300, 600, 300);   /* steps 2-3 */
    d = predictions_origin_decision(&o, &r, 0, &needed);
    CHECK(needed == 10 && !strcmp(d, "scale_up"), "steps 2-3: 5.9 -> 10 (%s %d)", d, needed);
    d = predictions_origin_decision(&o, &r, 1, &needed);
    CHECK(needed == 3 && !strcmp(d, "scale_down"),
          "origin 2, steps 2-3: 1.5 -> 3, scale_down from 4 (%s %d)", d, needed);
    o.max = 8;
    predictions_origin_decision(&o, &r, 0, &needed);
    CHECK(needed == 8, "--max 8 clamps 10 to 8 (%d)", needed);
    o.max = 0;
    o.sizing = SIZING_CAPACITY;
    o.capacity = 0.5;
    predictions_origin_decision(&o, &r, 0, &needed);
    CHECK(needed == 12, "a rate: ceil(5.9 / 0.5) = 12 (%d)", needed);
    o.sizing = SIZING_CPU;
    predictions_origin_decision(&o, &r, 0, &needed);
    CHECK(needed == 1, "CPU on 4 instances: ceil(5.9 x 4 / 60) = 1 (%d)", needed);
}

int main(void)
{
    windows();
    decisions();
    return test_summary();
}
