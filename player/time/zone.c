#include "time/zone.h"

#include <stdio.h>
#include <stdlib.h>

// Offsets from UTC lie between -12 h and +14 h: the moment of a local time is within this of it.
#define REACH (15 * 3600)
#define DAY   86400

int bt_timezone_set(const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fclose(f);
    char tz[600];
    snprintf(tz, sizeof(tz), ":%s", name);
    setenv("TZ", tz, 1);
    tzset();
    return 0;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

void bt_localtime(int64_t wall_us, struct tm *tm)
{
    time_t t = (time_t)floor_div(wall_us, 1000000);
    localtime_r(&t, tm);
}

// Seconds east of UTC at moment t (0 where the C library cannot say: a 32-bit time_t past 2038).
static int64_t offset_at(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if ((int64_t)tt != t || !localtime_r(&tt, &tm))
        return 0;
    return tm.tm_gmtoff;
}

// The moment the offset changes in (lo, hi], given that it changes there once.
static int64_t change_between(int64_t lo, int64_t hi)
{
    int64_t off = offset_at(lo);
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (offset_at(mid) == off)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

int64_t bt_local_seconds(int64_t wall_s)
{
    return wall_s + offset_at(wall_s);
}

int64_t bt_local_passed(int64_t wall_s)
{
    int64_t now = offset_at(wall_s), day_before = offset_at(wall_s - DAY);
    if (day_before <= now)
        return wall_s + now;   // no clock went back within the day
    int64_t back = change_between(wall_s - DAY, wall_s);
    int64_t last = back - 1 + day_before;   // the last reading before the clocks went back
    return wall_s + now > last ? wall_s + now : last;
}

int64_t bt_local_moment(int64_t local)
{
    int64_t lo = local - REACH, hi = local + REACH;
    int64_t before = offset_at(lo), after = offset_at(hi);
    if (before == after)
        return local - before;
    int64_t change = change_between(lo, hi);
    if (local - before < change)
        return local - before;   // read before the change (the first of two readings)
    if (local - after >= change)
        return local - after;
    return change;   // in the gap: the first moment after it
}

void bt_local_window(const struct bt_window *w, int64_t day, int64_t *from, int64_t *until)
{
    int64_t start = day * DAY + w->start * 60;
    int64_t end = day * DAY + w->end * 60 + (w->end < w->start ? DAY : 0);
    *from = bt_local_moment(start);
    *until = bt_local_moment(end);
}

void bt_local_window_next(const struct bt_window *w, int64_t wall_s, int64_t *from, int64_t *until)
{
    // Yesterday's window may still run (across midnight); a day in a gap has none.
    int64_t day = bt_local_day(bt_local_passed(wall_s)) - 1;
    for (int i = 0; i < 8; i++, day++) {
        bt_local_window(w, day, from, until);
        if (*until > wall_s && *from < *until)
            return;
    }
}

int64_t bt_local_day(int64_t local)
{
    return floor_div(local, DAY);
}

int bt_local_weekday(int64_t day)
{
    return (int)(((day + 3) % 7 + 7) % 7);   // 1970-01-01 was a Thursday
}
