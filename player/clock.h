// Time as an input. The player asks its clock for `now` once per refresh and passes it down;
// nothing below main reads the system time itself, so tests run a simulated clock frame by frame
// with no sleeping.
#ifndef BT_CLOCK_H
#define BT_CLOCK_H

#include <stdint.h>

struct bt_now {
    int64_t wall_us;   // wall-clock time, microseconds since the Unix epoch (UTC)
    int64_t mono_us;   // time since the clock started, microseconds; never goes back
    uint64_t frame;    // frames presented, from 0
    uint64_t refresh;  // display refreshes since the clock started (a missed one is skipped)
};

struct bt_clock {
    int simulated;          // 1: time advances exactly 1/fps per refresh, no sleeping
    double fps;             // simulated refresh rate
    int64_t start_wall_us;  // wall time of frame 0
    int64_t start_mono_us;  // real mode: monotonic reading at frame 0
    uint64_t frame;
    double refresh_hz;      // the display's refresh rate (simulated: fps)
};

// Real clock. If at_us is not 0 the wall clock starts there (a preview of another day),
// otherwise at the system time.
void bt_clock_init_real(struct bt_clock *c, int64_t at_us);
// Simulated clock starting at at_us (0: the system time at the call), advancing 1/fps a frame.
void bt_clock_init_sim(struct bt_clock *c, int64_t at_us, double fps);
// The time of the current refresh.
struct bt_now bt_clock_now(const struct bt_clock *c);
// Moves on to the next refresh.
void bt_clock_advance(struct bt_clock *c);

int64_t bt_time_wall_us(void);
int64_t bt_time_mono_us(void);

// Parses a user-given time: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS"
// (local time of the TZ environment; a space may replace the T), or "@SECONDS" since the
// epoch. Returns 0 and sets *out_us, or -1.
int bt_time_parse(const char *text, int64_t *out_us);

#endif
