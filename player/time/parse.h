// Dates, times of day, windows and day names as people write them in a playlist, the config
// and on the command line: one parser for each, and one table of day names. A refusal comes
// with a reason a person can read (translated, quoting what was written), so every place that
// reads a date or a window says the same thing about it.
//
// Every function writes its reason into msg (msgsize bytes; msg may be NULL) only when it
// returns -1, and leaves *out untouched then. Pure functions of their text, for any thread;
// bt_time_parse also reads the process's time zone (TZ), as time/zone.h says.
#ifndef BT_TIME_PARSE_H
#define BT_TIME_PARSE_H

#include <stddef.h>
#include <stdint.h>

// Days of the week as bits, Monday first.
#define BT_DAY(n)   (1u << (n))   // 0 = mon ... 6 = sun
#define BT_DAYS_ALL 0x7Fu

// A daily window in minutes from midnight: start included, end excluded. end < start crosses
// midnight and belongs to the day it starts on. end may be 1440 (24:00). start != end: such a
// window would be empty, and is refused.
struct bt_window {
    int start, end;
};

// A day of the calendar, with a time of day when one was written. No time zone: `local` is
// the moment as "local seconds" (time/zone.h), seconds since 1970-01-01T00:00 of the calendar.
struct bt_datetime {
    int year, month, day;       // 0001-9999, 1-12, a day of that month
    int hour, minute, second;   // 00:00:00 when only a date was written
    int date_only;              // written as YYYY-MM-DD alone
    int64_t local;
};

// "YYYY-MM-DD": a day of the calendar (month lengths, leap years, years 0001 to 9999; a date
// written day/month/year is refused with its right spelling). Returns 0 and fills *out
// (00:00:00, date_only set), or -1.
int bt_date_parse(const char *text, struct bt_datetime *out, char *msg, size_t msgsize);

// A date as bt_date_parse reads it, or a date and a time: "YYYY-MM-DDTHH:MM" or
// "YYYY-MM-DDTHH:MM:SS", 00:00:00 to 23:59:59; a space may stand for the T. Returns 0 and
// fills *out, or -1.
int bt_datetime_parse(const char *text, struct bt_datetime *out, char *msg, size_t msgsize);

// A moment given on the command line (--at): a date-time as bt_datetime_parse reads it, in
// the process's time zone (TZ), as the moment it means by time/zone.h's rules (a time that
// occurs twice is its first occurrence, one in a gap the first moment after it), or "@SECONDS"
// since 1970-01-01T00:00 UTC (within the same years). Returns 0 and sets *out_us
// (microseconds since the epoch, UTC), or -1.
int bt_time_parse(const char *text, int64_t *out_us, char *msg, size_t msgsize);

// "HH:MM", two digits each, 00:00 to 23:59; 24:00 too when allow_24 (the end of a window).
// Returns 0 and sets *minutes (from midnight), or -1.
int bt_timeofday_parse(const char *text, int allow_24, int *minutes, char *msg, size_t msgsize);

// "HH:MM-HH:MM": two times of day, the end may be 24:00; an end before the start crosses
// midnight. A window whose start is its end ("08:00-08:00", "00:00-00:00") is empty and
// refused: the whole day is "00:00-24:00". Returns 0 and fills *out, or -1.
int bt_window_parse(const char *text, struct bt_window *out, char *msg, size_t msgsize);

// A day's name: mon, tue, wed, thu, fri, sat or sun. Returns 0 (Monday) to 6, or -1.
int bt_day_parse(const char *text, char *msg, size_t msgsize);

// Days: names, ranges ("mon-fri"; "sat-mon" wraps the week) and lists of them joined by
// commas ("mon-wed,fri"). Returns 0 and sets *days (BT_DAY bits, never 0), or -1.
int bt_days_parse(const char *text, unsigned *days, char *msg, size_t msgsize);

#endif
