#include "time/parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "base/i18n.h"
#include "time/zone.h"

// The years four digits can name; the calendar people use has no year 0.
#define YEAR_MIN 1
#define YEAR_MAX 9999

static const char *const day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// s[0..len) folded for matching what staff type: lower case, no marks, no spaces, in out
// (size bytes). "Thứ Hai" is "thuhai", "Chủ nhật" "chunhat", "7 giờ 30" "7gio30".
static void fold(const char *s, size_t len, char *out, size_t size)
{
    utf8proc_uint8_t *m = NULL;
    size_t o = 0;
    if (len < 64 &&
        utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &m,
                     UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD) >= 0) {
        for (const utf8proc_uint8_t *c = m; *c && o + 1 < size; c++) {
            if (*c == 0xC4 && c[1] == 0x91) {   // đ, which has no decomposition
                out[o++] = 'd';
                c++;
            } else if (*c != ' ') {
                out[o++] = (char)*c;
            }
        }
    }
    free(m);
    out[o] = '\0';
}

// The day a Vietnamese or English name means ("Thứ Hai", "thứ 2", "T2", "CN", "Monday", "Mon"),
// or -1.
static int vietnamese_day(const char *s, size_t len)
{
    static const char *const names[7][4] = {
        {"thuhai", "thu2", "t2", "monday"},    {"thuba", "thu3", "t3", "tuesday"},
        {"thutu", "thu4", "t4", "wednesday"},  {"thunam", "thu5", "t5", "thursday"},
        {"thusau", "thu6", "t6", "friday"},    {"thubay", "thu7", "t7", "saturday"},
        {"chunhat", "cn", "sunday", "sunday"},
    };
    char f[80];
    fold(s, len, f, sizeof(f));
    for (int d = 0; d < 7; d++) {
        if (strcmp(f, day_names[d]) == 0)
            return d;
        for (int k = 0; k < 4; k++)
            if (strcmp(f, names[d][k]) == 0)
                return d;
    }
    return -1;
}

// The time of day a loosely written time means ("7h30", "7h", "7g30", "7 giờ 30", "7.30", "7:30",
// "2 giờ chiều", "2pm"). Returns 0 with *h, *m, or -1.
static int loose_time(const char *s, size_t len, int *h, int *m)
{
    char f[80];
    fold(s, len, f, sizeof(f));
    const char *p = f;
    if (!isdigit((unsigned char)*p))
        return -1;
    int hh = 0, mm = 0, n = 0;
    while (isdigit((unsigned char)*p) && n < 3)
        hh = hh * 10 + (*p++ - '0'), n++;
    if (n > 2)
        return -1;
    if (strncmp(p, "gio", 3) == 0)
        p += 3;
    else if (*p == 'h' || *p == 'g' || *p == ':' || *p == '.')
        p++;
    n = 0;
    while (isdigit((unsigned char)*p) && n < 3)
        mm = mm * 10 + (*p++ - '0'), n++;
    if (n > 2)
        return -1;
    if (strncmp(p, "phut", 4) == 0)
        p += 4;
    else if (*p == 'p' && p[1] != 'm')
        p++;
    int pm = 0;
    if (strcmp(p, "chieu") == 0 || strcmp(p, "toi") == 0 || strcmp(p, "pm") == 0)
        pm = 1;
    else if (*p && strcmp(p, "sang") != 0 && strcmp(p, "am") != 0 && strcmp(p, "trua") != 0)
        return -1;
    if (pm && hh < 12)
        hh += 12;
    if (hh > 23 || mm > 59)
        return -1;
    *h = hh;
    *m = mm;
    return 0;
}

static int refuse(char *msg, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

// Writes the reason into msg (when given) and returns -1.
static int refuse(char *msg, size_t size, const char *fmt, ...)
{
    if (msg && size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, size, fmt, ap);
        va_end(ap);
    }
    return -1;
}

// Reads exactly n digits at *p and moves past them. Returns the value, or -1.
static int digits(const char **p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return -1;
        v = v * 10 + (*p)[i] - '0';
    }
    *p += n;
    return v;
}

// Reads "HH:MM" (two digits each, any values) at *p and moves past it. Returns 0 or -1.
static int read_hhmm(const char **p, int *h, int *m)
{
    const char *s = *p;
    *h = digits(&s, 2);
    if (*h < 0 || *s++ != ':')
        return -1;
    *m = digits(&s, 2);
    if (*m < 0)
        return -1;
    *p = s;
    return 0;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): no
// time_t, so every year 0001-9999 works on a 32-bit time_t too.
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

enum {
    DATE_OK,
    DATE_FORM,       // not written YYYY-MM-DD
    DATE_CALENDAR,   // written so, but no day of the calendar
};

// Reads "YYYY-MM-DD" at *p into out (its time 00:00:00) and moves past it.
static int read_date(const char **p, struct bt_datetime *out)
{
    const char *s = *p;
    int y = digits(&s, 4);
    if (y < 0 || *s++ != '-')
        return DATE_FORM;
    int m = digits(&s, 2);
    if (m < 0 || *s++ != '-')
        return DATE_FORM;
    int d = digits(&s, 2);
    if (d < 0)
        return DATE_FORM;
    if (y < YEAR_MIN || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return DATE_CALENDAR;
    *out = (struct bt_datetime){.year = y, .month = m, .day = d, .date_only = 1};
    *p = s;
    return DATE_OK;
}

// Why `text` is not a date: the right spelling of one written day/month/year (as it is in
// Vietnam), else how to write one.
static int not_a_date(const char *text, int with_time, char *msg, size_t size)
{
    int dd, mm, yy;
    char tail;
    if (sscanf(text, "%d/%d/%d%c", &dd, &mm, &yy, &tail) == 3 && yy > 999 && yy <= YEAR_MAX)
        return refuse(msg, size,
                      _("\"%s\" is written day/month/year; write dates as YYYY-MM-DD, "
                        "e.g. \"%04d-%02d-%02d\""),
                      text, yy, mm, dd);
    if (with_time)
        return refuse(msg, size,
                      _("\"%s\" is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM, "
                        "e.g. \"2025-12-10\" or \"2025-12-10T07:30\""),
                      text);
    return refuse(msg, size, _("\"%s\" is not a date; write YYYY-MM-DD, e.g. \"2025-12-10\""),
                  text);
}

static int not_in_calendar(const char *text, char *msg, size_t size)
{
    return refuse(msg, size, _("\"%s\" is not a day of the calendar"), text);
}

int bt_date_parse(const char *text, struct bt_datetime *out, char *msg, size_t msgsize)
{
    const char *p = text;
    struct bt_datetime t;
    int r = read_date(&p, &t);
    if (r == DATE_CALENDAR)
        return not_in_calendar(text, msg, msgsize);
    if (r != DATE_OK || *p)
        return not_a_date(text, 0, msg, msgsize);
    t.local = days_from_civil(t.year, t.month, t.day) * 86400;
    *out = t;
    return 0;
}

int bt_datetime_parse(const char *text, struct bt_datetime *out, char *msg, size_t msgsize)
{
    const char *p = text;
    struct bt_datetime t;
    int r = read_date(&p, &t);
    if (r == DATE_CALENDAR)
        return not_in_calendar(text, msg, msgsize);
    if (r != DATE_OK)
        return not_a_date(text, 1, msg, msgsize);
    if (*p) {
        t.date_only = 0;
        int ok = *p == 'T' || *p == ' ';
        p++;
        ok = ok && read_hhmm(&p, &t.hour, &t.minute) == 0;
        if (ok && *p == ':') {
            p++;
            t.second = digits(&p, 2);
            ok = t.second >= 0;
        }
        if (!ok || *p)
            return refuse(msg, msgsize,
                          _("\"%s\" is not a date-time; write YYYY-MM-DDTHH:MM, e.g. "
                            "\"2025-12-10T07:30\""),
                          text);
        if (t.hour > 23 || t.minute > 59 || t.second > 59)
            return refuse(msg, msgsize,
                          _("\"%s\" has no such time of day; hours run 00:00 to 23:59"), text);
    }
    t.local =
        days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
    *out = t;
    return 0;
}

int bt_time_parse(const char *text, int64_t *out_us, char *msg, size_t msgsize)
{
    if (text[0] == '@') {
        int64_t first = days_from_civil(YEAR_MIN, 1, 1) * 86400;
        int64_t past = days_from_civil(YEAR_MAX + 1, 1, 1) * 86400;
        char *end;
        errno = 0;
        long long secs = strtoll(text + 1, &end, 10);
        if (errno || end == text + 1 || *end || secs < first || secs >= past)
            return refuse(msg, msgsize,
                          _("\"%s\" is not @SECONDS, a whole number of seconds since "
                            "1970-01-01 00:00 UTC"),
                          text);
        *out_us = (int64_t)secs * 1000000;
        return 0;
    }
    struct bt_datetime t;
    if (bt_datetime_parse(text, &t, msg, msgsize) != 0)
        return -1;
    int64_t s = bt_local_moment(t.local);
    if ((int64_t)(time_t)s != s)
        return refuse(msg, msgsize, _("\"%s\" is beyond what this system's clock can hold"), text);
    *out_us = s * 1000000;
    return 0;
}

// A time of day written in s[0..len).
static int read_timeofday(const char *s, size_t len, int allow_24, int *minutes, char *msg,
                          size_t size)
{
    const char *p = s;
    int h, m;
    if (len != 5 || read_hhmm(&p, &h, &m) != 0) {
        if (loose_time(s, len, &h, &m) == 0)
            return refuse(
                msg, size,
                _("\"%.*s\" is not a time of day as a screen reads it; write \"%02d:%02d\" "
                  "(HH:MM, two digits each, hours 00 to 23)"),
                (int)len, s, h, m);
        return refuse(msg, size,
                      _("\"%.*s\" is not a time of day; write HH:MM with two digits each, "
                        "e.g. \"07:30\""),
                      (int)len, s);
    }
    if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_24)))
        return refuse(msg, size,
                      _("\"%.*s\" is not a time of day; times run from 00:00 to 23:59, and "
                        "24:00 may end a window"),
                      (int)len, s);
    *minutes = h * 60 + m;
    return 0;
}

int bt_timeofday_parse(const char *text, int allow_24, int *minutes, char *msg, size_t msgsize)
{
    return read_timeofday(text, strlen(text), allow_24, minutes, msg, msgsize);
}

int bt_window_parse(const char *text, struct bt_window *out, char *msg, size_t msgsize)
{
    const char *dash = strchr(text, '-');
    if (!dash || dash == text || !dash[1] || strchr(dash + 1, '-'))
        return refuse(msg, msgsize,
                      _("\"%s\" is not a window; write \"HH:MM-HH:MM\", e.g. \"07:30-11:30\""),
                      text);
    struct bt_window w;
    if (read_timeofday(text, (size_t)(dash - text), 0, &w.start, msg, msgsize) != 0 ||
        read_timeofday(dash + 1, strlen(dash + 1), 1, &w.end, msg, msgsize) != 0)
        return -1;
    // One rule for every window: equal ends make no window, not a whole day.
    if (w.start == w.end)
        return refuse(msg, msgsize,
                      _("the window \"%s\" is empty and never matches; for all day write "
                        "\"00:00-24:00\""),
                      text);
    *out = w;
    return 0;
}

// A day's name written in s[0..len). Returns 0 (Monday) to 6, or -1.
static int read_day(const char *s, size_t len, char *msg, size_t size)
{
    for (int d = 0; d < 7; d++)
        if (len == strlen(day_names[d]) && memcmp(s, day_names[d], len) == 0)
            return d;
    int meant = vietnamese_day(s, len);
    if (meant >= 0)
        return refuse(msg, size, _("\"%.*s\" is not a day as a screen reads it; write %s for it"),
                      (int)len, s, day_names[meant]);
    return refuse(msg, size, _("\"%.*s\" is not a day; use mon, tue, wed, thu, fri, sat or sun"),
                  (int)len, s);
}

int bt_day_parse(const char *text, char *msg, size_t msgsize)
{
    return read_day(text, strlen(text), msg, msgsize);
}

int bt_days_parse(const char *text, unsigned *days, char *msg, size_t msgsize)
{
    unsigned bits = 0;
    const char *p = text;
    do {
        size_t n = strcspn(p, ",");
        const char *dash = memchr(p, '-', n);
        size_t first = dash ? (size_t)(dash - p) : n;
        if (first == 0 || (dash && first + 1 == n))
            return refuse(msg, msgsize,
                          _("\"%s\" is not a list of days; write e.g. \"mon-fri\" or "
                            "\"mon,wed,sat\""),
                          text);
        int a = read_day(p, first, msg, msgsize);
        int b = a >= 0 && dash ? read_day(dash + 1, n - first - 1, msg, msgsize) : a;
        if (a < 0 || b < 0)
            return -1;
        // A range may wrap the week: sat-mon is Saturday, Sunday and Monday.
        for (int d = a;; d = (d + 1) % 7) {
            bits |= BT_DAY(d);
            if (d == b)
                break;
        }
        p += n;
    } while (*p++ == ',');
    *days = bits;
    return 0;
}
