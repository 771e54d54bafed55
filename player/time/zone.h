// Time zones: the playlist's zone made the process's (TZ), and local times turned into moments
// and back in it.
//
// "Local seconds" are seconds since 1970-01-01T00:00 of the local calendar, so day, hour and
// weekday arithmetic on them needs no time zone (see struct bt_schedule). A moment is seconds
// since the epoch (UTC). Where the clocks change, a local time is one moment by two rules
// (playlists/README.md, "Schedules"):
// - a local time that occurs twice (clocks go back) means its first occurrence;
// - a local time that does not exist (clocks go forward) means the first moment after the gap.
// So the moment of a local time x is the first moment whose clock reads x or later
// (bt_local_moment), and a moment is at or after x exactly when the latest reading its clock has
// shown by then is x or later (bt_local_passed). Schedules compare bt_local_passed with their
// local times, and so match the same moments as the spans bangtin plan and check compute with
// bt_local_moment. (A zone is taken to change its offset at most once a day, as every zone in
// tzdata has for a century.)
//
// Threads: TZ belongs to the process, and glibc reads it in localtime_r and mktime.
// bt_timezone_set changes it on the main thread only, first before any other thread starts
// (later calls only swap TZ's value, which glibc does without moving the environment, so
// getenv on other threads stays safe). Every function here that reads local time runs on the
// main thread, or in a command that has one thread (check, plan). No other thread reads local
// time: the fetch thread is given the download window as moments (bt_local_window_next,
// bt_updater_set_window).
#ifndef BT_TIME_ZONE_H
#define BT_TIME_ZONE_H

#include <stdint.h>
#include <time.h>

#include "time/parse.h"

// Sets the process's time zone (TZ) to an IANA name. Main thread (see above). Returns 0, or -1
// when the name is not usable (TZ unchanged).
int bt_timezone_set(const char *name);

// The local time of `wall_us` (microseconds since the epoch) in the process's time zone: what
// a clock shows (an hour repeated in autumn is shown twice).
void bt_localtime(int64_t wall_us, struct tm *tm);

// Local seconds of a moment (seconds since the epoch): what a clock shows then.
int64_t bt_local_seconds(int64_t wall_s);

// The latest local time a clock has shown by moment `wall_s`: its local seconds, except in an
// hour repeated in autumn, which comes after the readings it repeats (the last second before
// the clocks went back). What schedules compare with their local times.
int64_t bt_local_passed(int64_t wall_s);

// The moment local seconds `local` mean: the first moment whose clock reads `local` or later.
int64_t bt_local_moment(int64_t local);

// The moments window `w` covers on local day `day` (days since 1970-01-01): from its start's
// moment up to (not including) its end's, the next day's when it crosses midnight. Empty
// (*from == *until) when the whole window lies in a gap of the clocks.
void bt_local_window(const struct bt_window *w, int64_t day, int64_t *from, int64_t *until);

// The first non-empty span of window `w` (any day) that ends after moment `wall_s`: the one
// it is in, else the next.
void bt_local_window_next(const struct bt_window *w, int64_t wall_s, int64_t *from, int64_t *until);

// The local day (days since 1970-01-01) of local seconds, and the weekday of a day (0 = Monday).
int64_t bt_local_day(int64_t local);
int bt_local_weekday(int64_t day);

#endif
