// Time zones: the playlist's zone made the process's (TZ), and wall times turned into local
// time in it. "Local seconds" are seconds since 1970-01-01T00:00 of the local calendar, so
// day, hour and weekday arithmetic on them needs no time zone (see struct bt_schedule).
#ifndef BT_TIME_ZONE_H
#define BT_TIME_ZONE_H

#include <stdint.h>
#include <time.h>

// Sets the process's time zone (TZ) to an IANA name. Call from main before any thread starts.
// Returns 0, or -1 when the name is not usable (TZ unchanged).
int bt_timezone_set(const char *name);

// The local time of `wall_us` (microseconds since the epoch) in the process's time zone.
void bt_localtime(int64_t wall_us, struct tm *tm);

// Local seconds of a wall time (seconds since the epoch, UTC) in the process's time zone.
int64_t bt_local_seconds(int64_t wall_s);

#endif
