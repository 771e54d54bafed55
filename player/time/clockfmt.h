// Clock text: the playlist's format tokens with Vietnamese names built in, so nothing depends
// on the system's locales. Pure; any thread.
#ifndef BT_TIME_CLOCKFMT_H
#define BT_TIME_CLOCKFMT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

// Formats `tm` by `format` ({weekday} {weekday_short} {d} {dd} {m} {mm} {month} {yyyy} {yy}
// {H} {HH} {MM} {SS}; {{ and }} are braces) into out. An unknown token is copied as written.
void bt_clockfmt(const char *format, const struct tm *tm, char *out, size_t size);

// The clock's text on weekday `wday` (0 Sunday … 6) at a time with two-digit fields everywhere
// (20:48:58 on the 28th of December): for sizing a clock once over every weekday name.
void bt_clockfmt_sample(const char *format, int wday, char *out, size_t size);

// A countdown's text: `format` with {days}, {hours} and {minutes} ({{ and }} are braces).
// With {days} alone, `days` is written: the calendar days from today to the day of the moment
// (so it changes at midnight). With {hours} or {minutes}, the time left (`seconds_left`) is
// split into the units written, the largest taking all above it ("{days} ngày {hours} giờ":
// 2 ngày 5 giờ; "{hours} giờ": 53 giờ), rounded down. Negative values count as 0.
void bt_countdown_fmt(const char *format, int64_t days, int64_t seconds_left, char *out,
                      size_t size);
// The countdown's text with the widest numbers it is likely to show (888 days, 23 hours, 59
// minutes): for sizing it once.
void bt_countdown_sample(const char *format, char *out, size_t size);

#endif
