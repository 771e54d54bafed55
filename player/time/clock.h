// Time as an input. The player asks its clock for `now` once per refresh and passes it down;
// nothing below main reads the system time itself, so tests run a simulated clock frame by frame
// with no sleeping.
#ifndef BT_TIME_CLOCK_H
#define BT_TIME_CLOCK_H

#include <stdint.h>

struct bt_now {
    int64_t wall_us;     // wall-clock time, microseconds since the Unix epoch (UTC)
    int64_t mono_us;     // time since the clock started, microseconds; never goes back
    uint64_t frame;      // frames presented, from 0
    uint64_t refresh;    // display refreshes since the clock started (a missed one is skipped)
    int64_t local;       // the latest local time passed, in the playlist's time zone, as local
                         // seconds: what schedules compare with (bt_local_passed)
    int clock_trusted;   // whether the wall clock is known right (dated schedules need it)
};

struct bt_clock {
    int simulated;           // 1: time advances exactly 1/fps per refresh, no sleeping
    double fps;              // simulated refresh rate
    int64_t start_wall_us;   // wall time of frame 0
    int64_t start_mono_us;   // real mode: monotonic reading at frame 0
    uint64_t frame;
    double refresh_hz;            // the display's refresh rate (simulated: fps)
    int64_t offset_us;            // added to the system's wall time (measured from a server's Date)
    int trusted;                  // whether the wall clock is known right
    int follow_system;            // real mode without --at: the system's wall clock, jumps and all
    int64_t presented_us;         // real: when the last present returned (mono_us); < 0: none yet
    uint64_t presented_refresh;   // the refresh it returned at
    double jitter;   // simulated, for tests: refresh instants moved by up to this share of
                     // an interval, early or late (BT_SIM_JITTER=0.4[:SEED]); 0: exact
    uint64_t jitter_seed;
};

// Real clock. If at_us is not 0 the wall clock starts there (a preview of another day),
// otherwise at the system time, trusted if bt_clock_system_synced(sync_source).
void bt_clock_init_real(struct bt_clock *c, int64_t at_us, const char *sync_source);
// Simulated clock starting at at_us (0: the system time at the call), advancing 1/fps a frame.
// For tests, the environment variable BT_SIM_JITTER=F[:SEED] (0 <= F < 0.5) moves each refresh's
// instant (mono_us, wall_us) by a deterministic pseudo-random share of an interval up to F, as a
// real display's loop is woken early or late; frame and refresh still count one by one.
void bt_clock_init_sim(struct bt_clock *c, int64_t at_us, double fps);
// The time of the current refresh.
struct bt_now bt_clock_now(const struct bt_clock *c);
// Whether an NTP client has synchronised the system's clock. source is the `clock_sync`
// setting: NULL, "" or "kernel" asks the kernel (its NTP flag) and systemd-timesyncd (its flag
// file); any other text is a file whose existence means synchronised.
int bt_clock_system_synced(const char *source);
// The wall clock is confirmed (by a server's Date header): from now on it is the system's
// plus offset_us, and trusted.
void bt_clock_confirm(struct bt_clock *c, int64_t offset_us);
// Moves on to the next refresh.
void bt_clock_advance(struct bt_clock *c);
// Real clock: a present has just returned (with vsync, at a refresh). From then on refreshes
// are counted from it (each present at least one on from the last): the count keeps the
// display's phase, and a display a little off its nominal rate (59.94 Hz said as 60) is
// counted as it goes. Without presents, refreshes are counted from the time at refresh_hz.
// Main thread (the one that presents).
void bt_clock_presented(struct bt_clock *c);
// The same, at mono_us (bt_now's scale), and the refresh count at mono_us: for tests.
void bt_clock_presented_at(struct bt_clock *c, int64_t mono_us);
uint64_t bt_clock_refresh_at(const struct bt_clock *c, int64_t mono_us);

int64_t bt_time_wall_us(void);
int64_t bt_time_mono_us(void);

#endif
