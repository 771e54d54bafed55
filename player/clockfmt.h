// Clock text: the playlist's format tokens with Vietnamese names built in, so nothing depends
// on the system's locales. Pure; any thread.
#ifndef BT_CLOCKFMT_H
#define BT_CLOCKFMT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

// Formats `tm` by `format` ({weekday} {weekday_short} {d} {dd} {m} {mm} {month} {yyyy} {yy}
// {H} {HH} {MM} {SS}; {{ and }} are braces) into out. An unknown token is copied as written.
void bt_clockfmt(const char *format, const struct tm *tm, char *out, size_t size);

// Sets the process's time zone (TZ) to an IANA name. Call from main before any thread starts.
// Returns 0, or -1 when the name is not usable (TZ unchanged).
int bt_timezone_set(const char *name);

// The local time of `wall_us` (microseconds since the epoch) in the process's time zone.
void bt_localtime(int64_t wall_us, struct tm *tm);

#endif
