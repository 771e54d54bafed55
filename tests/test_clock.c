// The refresh clock: the simulated clock's jitter (tests' late and early refreshes) and the
// real clock's count of refreshes from presents, on made-up present times.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test.h"
#include "time/clock.h"

// Jittered refreshes stay within their share of an interval, in order, the same on every run;
// frame and refresh still count one by one.
static void check_jitter(void)
{
    static const struct {
        const char *env;
        double share;   // the largest move, in intervals
    } cases[] = {{NULL, 0}, {"0.4:7", 0.4}, {"0.25", 0.25}, {"0.9", 0}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bt_test_case = cases[i].env ? cases[i].env : "no jitter";
        if (cases[i].env)
            setenv("BT_SIM_JITTER", cases[i].env, 1);
        else
            unsetenv("BT_SIM_JITTER");
        struct bt_clock a, b;
        bt_clock_init_sim(&a, 1000000, 60);
        bt_clock_init_sim(&b, 1000000, 60);
        double worst = 0;
        int64_t last = -1;
        int ordered = 1, same = 1, counted = 1;
        for (int k = 0; k < 6000; k++) {
            struct bt_now na = bt_clock_now(&a), nb = bt_clock_now(&b);
            double off = (double)na.mono_us * 60 / 1e6 - k;
            worst = fmax(worst, fabs(off));
            ordered &= na.mono_us > last;
            same &= na.mono_us == nb.mono_us;
            counted &= na.refresh == (uint64_t)k && na.frame == (uint64_t)k;
            last = na.mono_us;
            bt_clock_advance(&a);
            bt_clock_advance(&b);
        }
        CHECK(worst <= cases[i].share + 1e-3 && worst >= cases[i].share * 0.95,
              "moved up to %.3f intervals, want %.3f", worst, cases[i].share);
        CHECK(ordered && same && counted, "ordered %d, the same twice %d, counted %d", ordered,
              same, counted);
    }
    unsetenv("BT_SIM_JITTER");
}

// Presents of a display at `hz` (the clock told 60), starting at `phase` ms, each read back
// `read_ms` (+- 0.5 ms) after it returns; every `miss`-th refresh (0: none) the present comes one
// refresh late. Returns how many presents the count did not move by the refreshes that passed.
static int walk(double hz, double phase, double read_ms, int miss, int presents, int anchored)
{
    struct bt_clock c;
    bt_clock_init_real(&c, 1, "/nonexistent");
    c.refresh_hz = 60;
    double interval = 1e3 / hz, at = phase;
    uint64_t shown = 0, first = 0;   // refreshes that passed, from the first present
    int wrong = 0;
    for (int k = 0; k < presents; k++) {
        int late = miss && k % miss == miss - 1;
        at += interval * (late ? 2 : 1);
        shown += late ? 2 : 1;
        if (anchored)
            bt_clock_presented_at(&c, (int64_t)(at * 1000));
        double read = read_ms + (k % 3 - 1) * 0.5;   // a loop is woken a little early or late
        uint64_t r = bt_clock_refresh_at(&c, (int64_t)((at + read) * 1000));
        if (k == 0)
            first = r - shown;
        wrong += r - first != shown;
    }
    return wrong;
}

static void check_presents(void)
{
    static const struct {
        const char *name;
        double hz, phase, read_ms;
        int miss, anchored, want_wrong;   // want_wrong < 0: some
    } cases[] = {
        {"60 Hz, read just after each present", 60, 7.9, 0.8, 0, 1, 0},
        {"59.94 Hz counted at 60, presents counted", 59.94, 7.9, 0.8, 0, 1, 0},
        {"59.94 Hz counted at 60 from the time alone", 59.94, 7.9, 0.8, 0, 0, -1},
        {"the start's phase half a refresh off", 60, 7.6, 0.8, 0, 1, 0},
        {"the same from the time alone", 60, 7.6, 0.8, 0, 0, -1},
        {"a missed refresh now and then", 59.94, 3.1, 0.8, 37, 1, 0},
        {"read after an idle refresh", 60, 3.1, 16.2, 0, 1, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bt_test_case = cases[i].name;
        int wrong = walk(cases[i].hz, cases[i].phase, cases[i].read_ms, cases[i].miss, 3000,
                         cases[i].anchored);
        if (cases[i].want_wrong < 0)
            CHECK(wrong > 0, "the count kept up: the case shows nothing");
        else
            CHECK(wrong == cases[i].want_wrong, "%d of 3000 presents miscounted", wrong);
    }
}

int main(void)
{
    check_jitter();
    check_presents();
    return bt_test_end();
}
