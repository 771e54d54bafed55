#include "time/clock.h"

#include <sys/timex.h>
#include <unistd.h>

#include "time/zone.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t bt_time_wall_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t bt_time_mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int bt_clock_system_synced(const char *source)
{
    if (source && *source && strcmp(source, "kernel") != 0)
        return access(source, F_OK) == 0;
    // The kernel knows whether an NTP client (systemd-timesyncd, chrony, ntpd) has set the
    // clock; timesyncd also leaves a flag file.
    struct timex tx = {0};
    int state = adjtimex(&tx);
    if (state != -1 && state != TIME_ERROR && !(tx.status & STA_UNSYNC))
        return 1;
    return access("/run/systemd/timesync/synchronized", F_OK) == 0;
}

void bt_clock_init_real(struct bt_clock *c, int64_t at_us, const char *sync_source)
{
    memset(c, 0, sizeof(*c));
    c->start_wall_us = at_us ? at_us : bt_time_wall_us();
    c->start_mono_us = bt_time_mono_us();
    c->refresh_hz = 60;
    // A preview of a moment is its own truth; the system's clock must earn it.
    c->follow_system = at_us == 0;
    c->trusted = at_us ? 1 : bt_clock_system_synced(sync_source);
    c->presented_us = -1;
}

void bt_clock_confirm(struct bt_clock *c, int64_t offset_us)
{
    c->offset_us = offset_us;
    c->trusted = 1;
}

void bt_clock_init_sim(struct bt_clock *c, int64_t at_us, double fps)
{
    memset(c, 0, sizeof(*c));
    c->simulated = 1;
    c->fps = fps > 0 ? fps : 60;
    c->refresh_hz = c->fps;
    c->start_wall_us = at_us ? at_us : bt_time_wall_us();
    c->trusted = 1;
    const char *jitter = getenv("BT_SIM_JITTER");   // tests only
    if (jitter && *jitter) {
        char *end;
        double f = strtod(jitter, &end);
        unsigned long long seed = *end == ':' ? strtoull(end + 1, NULL, 10) : 1;
        if (f > 0 && f < 0.5) {
            c->jitter = f;
            c->jitter_seed = seed;
        }
    }
}

// A share of an interval from -1 to 1 for refresh `frame`, the same on every run (splitmix64).
static double jitter_at(uint64_t seed, uint64_t frame)
{
    uint64_t z = seed * 0x9E3779B97F4A7C15ULL + frame;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (double)(z >> 11) / (double)(1ULL << 52) - 1.0;
}

struct bt_now bt_clock_now(const struct bt_clock *c)
{
    struct bt_now now;
    now.frame = c->frame;
    if (c->simulated) {
        double at = (double)c->frame;
        if (c->jitter > 0 && c->frame > 0)   // (less than half an interval: still in order)
            at += c->jitter * jitter_at(c->jitter_seed, c->frame);
        now.mono_us = (int64_t)(at * 1e6 / c->fps + 0.5);
    } else
        now.mono_us = bt_time_mono_us() - c->start_mono_us;
    // Following the system's clock, a jump (a late NTP sync) is seen at once.
    now.wall_us =
        c->follow_system ? bt_time_wall_us() + c->offset_us : c->start_wall_us + now.mono_us;
    now.local = bt_local_passed(now.wall_us >= 0 ? now.wall_us / 1000000
                                                 : -((-now.wall_us + 999999) / 1000000));
    now.clock_trusted = c->trusted;
    // Simulated: one refresh a frame. Real: counted from the last present (or the start) at the
    // display's rate.
    now.refresh = c->simulated ? c->frame : bt_clock_refresh_at(c, now.mono_us);
    return now;
}

uint64_t bt_clock_refresh_at(const struct bt_clock *c, int64_t mono_us)
{
    if (c->presented_us < 0)
        return mono_us > 0 ? (uint64_t)llround((double)mono_us * c->refresh_hz / 1e6) : 0;
    int64_t since = mono_us - c->presented_us;
    return c->presented_refresh +
           (since > 0 ? (uint64_t)llround((double)since * c->refresh_hz / 1e6) : 0);
}

void bt_clock_presented_at(struct bt_clock *c, int64_t mono_us)
{
    if (c->simulated)
        return;
    uint64_t r = bt_clock_refresh_at(c, mono_us);
    if (c->presented_us >= 0 && r <= c->presented_refresh)
        r = c->presented_refresh + 1;
    c->presented_refresh = r;
    c->presented_us = mono_us;
}

void bt_clock_presented(struct bt_clock *c)
{
    bt_clock_presented_at(c, bt_time_mono_us() - c->start_mono_us);
}

void bt_clock_advance(struct bt_clock *c)
{
    c->frame++;
}
