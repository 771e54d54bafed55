// Dates, times of day, windows and day names: one parser each (time/parse.h), a table of what
// each accepts and the reason it gives for what it refuses.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "time/parse.h"
#include "time/zone.h"

#define CALENDAR "is not a day of the calendar"
#define NO_TIME  "has no such time of day; hours run 00:00 to 23:59"
#define NO_DATE  "is not a date; write YYYY-MM-DD"

struct date_case {
    const char *text;
    int ok;
    long long local;   // when ok: local seconds
    int date_only;
    const char *why;   // when refused: in the reason
};

// bt_datetime_parse: a date, or a date and a time.
static const struct date_case datetimes[] = {
    {"2024-02-29", 1, 1709164800, 1, NULL},
    {"2000-02-29", 1, 951782400, 1, NULL},   // divisible by 400: a leap year
    {"0001-01-01", 1, -62135596800, 1, NULL},
    {"9999-12-31T23:59:59", 1, 253402300799, 0, NULL},
    {"2025-12-10T07:30", 1, 1765351800, 0, NULL},
    {"2025-12-10 07:30", 1, 1765351800, 0, NULL},
    {"2025-12-10T07:30:15", 1, 1765351815, 0, NULL},
    {"2025-02-29", 0, 0, 0, "\"2025-02-29\" " CALENDAR},
    {"2025-02-31", 0, 0, 0, "\"2025-02-31\" " CALENDAR},
    {"2025-04-31", 0, 0, 0, CALENDAR},
    {"1900-02-29", 0, 0, 0, CALENDAR},   // divisible by 100, not by 400
    {"2025-13-01", 0, 0, 0, CALENDAR},
    {"2025-00-10", 0, 0, 0, CALENDAR},
    {"2025-12-00", 0, 0, 0, CALENDAR},
    {"0000-01-01", 0, 0, 0, CALENDAR},
    {"2025-02-31T10:00", 0, 0, 0, CALENDAR},
    {"0000-", 0, 0, 0, "\"0000-\" " NO_DATE " or YYYY-MM-DDTHH:MM"},
    {"2025-1-5", 0, 0, 0, NO_DATE},
    {"20251210", 0, 0, 0, NO_DATE},
    {" 2025-12-10", 0, 0, 0, NO_DATE},
    {"", 0, 0, 0, NO_DATE},
    {"10/12/2025", 0, 0, 0,
     "\"10/12/2025\" is written day/month/year; write dates as YYYY-MM-DD, e.g. \"2025-12-10\""},
    {"2025-12-10T24:00", 0, 0, 0, NO_TIME},
    {"2025-12-10T23:60", 0, 0, 0, NO_TIME},
    {"2025-12-10T07:30:60", 0, 0, 0, NO_TIME},
    {"2025-12-10T7:30", 0, 0, 0,
     "\"2025-12-10T7:30\" is not a date-time; write YYYY-MM-DDTHH:MM, e.g. \"2025-12-10T07:30\""},
    {"2025-12-10T07:30x", 0, 0, 0, "is not a date-time"},
    {"2025-12-10T07:30:5", 0, 0, 0, "is not a date-time"},
    {"2025-12-10T", 0, 0, 0, "is not a date-time"},
    {"2025-12-10x", 0, 0, 0, "is not a date-time"},
    {"2025-12-10 extra", 0, 0, 0, "is not a date-time"},
};

// bt_date_parse: a date alone.
static const struct date_case dates[] = {
    {"2024-02-29", 1, 1709164800, 1, NULL},
    {"2025-12-10", 1, 1765324800, 1, NULL},
    {"2025-02-29", 0, 0, 0, CALENDAR},
    {"2025-12-10T07:30", 0, 0, 0, "\"2025-12-10T07:30\" is not a date; write YYYY-MM-DD, e.g."},
    {"10/12/2025", 0, 0, 0, "is written day/month/year"},
};

static void check_dates(const struct date_case *cases, size_t n, int with_time)
{
    for (size_t i = 0; i < n; i++) {
        const struct date_case *c = &cases[i];
        char name[80], why[300] = "";
        snprintf(name, sizeof(name), "%s \"%s\"", with_time ? "date-time" : "date", c->text);
        bt_test_case = name;
        struct bt_datetime t = {.year = -5};
        int rc = with_time ? bt_datetime_parse(c->text, &t, why, sizeof(why))
                           : bt_date_parse(c->text, &t, why, sizeof(why));
        if (c->ok) {
            CHECK(rc == 0, "refused: %s", why);
            CHECK(rc != 0 || (t.local == c->local && t.date_only == c->date_only),
                  "local %lld (want %lld), date_only %d", (long long)t.local, c->local,
                  t.date_only);
            CHECK(why[0] == '\0', "a reason for a good date: %s", why);
        } else {
            CHECK(rc == -1, "accepted (local %lld)", (long long)t.local);
            CHECK(strstr(why, c->why), "reason \"%s\" lacks \"%s\"", why, c->why);
            CHECK(t.year == -5, "*out was written");
        }
    }
}

// bt_time_parse (--at): a date-time in the process's time zone, or @SECONDS.
static void check_moments(void)
{
    static const struct {
        const char *text;
        int ok;
        long long seconds;   // since the epoch, UTC
        const char *why;
    } cases[] = {
        {"2026-11-23T08:05", 1, 1795395900, NULL},   // Hà Nội is UTC+7
        {"2026-11-23 08:05:30", 1, 1795395930, NULL},
        {"2026-11-23", 1, 1795366800, NULL},
        {"@1795395900", 1, 1795395900, NULL},
        {"@-86400", 1, -86400, NULL},
        {"2025-02-31", 0, 0, "\"2025-02-31\" " CALENDAR},
        {"2025-02-31T10:00", 0, 0, CALENDAR},
        {"10/12/2025", 0, 0, "is written day/month/year"},
        {"@", 0, 0, "\"@\" is not @SECONDS"},
        {"@12x", 0, 0, "is not @SECONDS"},
        {"@99999999999999999", 0, 0, "is not @SECONDS"},   // past the year 9999
    };
    bt_timezone_set("Asia/Ho_Chi_Minh");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char name[80], why[300] = "";
        snprintf(name, sizeof(name), "--at \"%s\"", cases[i].text);
        bt_test_case = name;
        int64_t us = 7;
        int rc = bt_time_parse(cases[i].text, &us, why, sizeof(why));
        if (cases[i].ok) {
            CHECK(rc == 0 && us == cases[i].seconds * 1000000, "rc %d, %lld s: %s", rc,
                  (long long)(us / 1000000), why);
        } else {
            CHECK(rc == -1 && us == 7, "accepted: %lld s", (long long)(us / 1000000));
            CHECK(strstr(why, cases[i].why), "reason \"%s\" lacks \"%s\"", why, cases[i].why);
        }
    }
}

// --at where the clocks change (issue 13): a time that occurs twice is its first occurrence,
// one in the spring gap is the first moment after it.
static void check_moments_dst(void)
{
    static const struct {
        const char *zone, *text;
        long long seconds;
    } cases[] = {
        {"Europe/Berlin", "2025-03-30T01:59:59", 1743296399},   // 00:59:59 UTC, CET
        {"Europe/Berlin", "2025-03-30T02:15", 1743296400},      // no such time: 03:00 CEST
        {"Europe/Berlin", "2025-03-30T03:00", 1743296400},
        {"Europe/Berlin", "2025-10-26T02:30", 1761438600},      // 00:30 UTC, CEST (not 01:30 UTC)
        {"Europe/Berlin", "2025-10-26T03:00", 1761444000},      // 02:00 UTC, CET
        {"America/New_York", "2025-11-02T01:30", 1762061400},   // 05:30 UTC, EDT
        {"Australia/Lord_Howe", "2025-10-05T02:15", 1759591800},   // 15:30 UTC: +11 from 02:30
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char name[120], why[300] = "";
        snprintf(name, sizeof(name), "--at \"%s\" in %s", cases[i].text, cases[i].zone);
        bt_test_case = name;
        bt_timezone_set(cases[i].zone);
        int64_t us = 0;
        int rc = bt_time_parse(cases[i].text, &us, why, sizeof(why));
        CHECK(rc == 0 && us == cases[i].seconds * 1000000, "rc %d, %lld s (want %lld): %s", rc,
              (long long)(us / 1000000), cases[i].seconds, why);
    }
    bt_timezone_set("Asia/Ho_Chi_Minh");
}

static void check_times_of_day(void)
{
    static const struct {
        const char *text;
        int allow_24;
        int minutes;   // -1: refused
        const char *why;
    } cases[] = {
        {"00:00", 0, 0, NULL},
        {"07:30", 0, 450, NULL},
        {"23:59", 0, 1439, NULL},
        {"24:00", 1, 1440, NULL},
        {"24:00", 0, -1, "\"24:00\" is not a time of day; times run from 00:00 to 23:59"},
        {"24:01", 1, -1, "times run from 00:00 to 23:59"},
        {"23:60", 1, -1, "\"23:60\" is not a time of day; times run from 00:00 to 23:59"},
        {"25:00", 1, -1, "times run from 00:00 to 23:59"},
        {"7:5", 0, -1, "\"7:5\" is not a time of day as a screen reads it; write \"07:05\""},
        {"7:30", 0, -1, "write \"07:30\" (HH:MM, two digits each"},
        // As staff write times in Vietnamese: the error gives the form to write.
        {"7h30", 0, -1, "\"7h30\" is not a time of day as a screen reads it; write \"07:30\""},
        {"7h", 0, -1, "write \"07:00\""},
        {"17H45", 0, -1, "write \"17:45\""},
        {"7g30", 0, -1, "write \"07:30\""},
        {"7 giờ 30", 0, -1, "write \"07:30\""},
        {"7 giờ 30 phút", 0, -1, "write \"07:30\""},
        {"2 giờ chiều", 0, -1, "write \"14:00\""},
        {"8 giờ tối", 0, -1, "write \"20:00\""},
        {"9 giờ sáng", 0, -1, "write \"09:00\""},
        {"7.30", 0, -1, "write \"07:30\""},
        {"2pm", 0, -1, "write \"14:00\""},
        {"25h", 0, -1, "write HH:MM with two digits each"},
        {"7h75", 0, -1, "write HH:MM with two digits each"},
        {"07:30x", 0, -1, "write HH:MM with two digits each"},
        {"07-30", 0, -1, "write HH:MM with two digits each"},
        {"", 0, -1, "write HH:MM with two digits each"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char name[80], why[300] = "";
        snprintf(name, sizeof(name), "time of day \"%s\"%s", cases[i].text,
                 cases[i].allow_24 ? ", 24:00 allowed" : "");
        bt_test_case = name;
        int m = -7;
        int rc = bt_timeofday_parse(cases[i].text, cases[i].allow_24, &m, why, sizeof(why));
        if (cases[i].minutes >= 0) {
            CHECK(rc == 0 && m == cases[i].minutes, "rc %d, %d minutes: %s", rc, m, why);
        } else {
            CHECK(rc == -1 && m == -7, "accepted: %d minutes", m);
            CHECK(strstr(why, cases[i].why), "reason \"%s\" lacks \"%s\"", why, cases[i].why);
        }
    }
}

static void check_windows(void)
{
    static const struct {
        const char *text;
        int start, end;   // start -1: refused
        const char *why;
    } cases[] = {
        {"07:30-11:30", 450, 690, NULL},
        {"22:00-02:00", 1320, 120, NULL},   // across midnight
        {"00:00-24:00", 0, 1440, NULL},     // the whole day
        {"13:30-24:00", 810, 1440, NULL},
        {"23:59-00:00", 1439, 0, NULL},
        // Equal ends: empty, whichever the time.
        {"08:00-08:00", -1, 0,
         "the window \"08:00-08:00\" is empty and never matches; for all day write "
         "\"00:00-24:00\""},
        {"00:00-00:00", -1, 0, "is empty and never matches"},
        {"01:00-01:00", -1, 0, "is empty and never matches"},
        {"24:00-08:00", -1, 0, "\"24:00\" is not a time of day; times run from 00:00 to 23:59"},
        {"07:30-25:00", -1, 0, "\"25:00\" is not a time of day"},
        {"07:30-11:60", -1, 0, "\"11:60\" is not a time of day"},
        {"7:30-11:30", -1, 0,
         "\"7:30\" is not a time of day as a screen reads it; write \"07:30\""},
        {"7h30-11h30", -1, 0,
         "\"7h30\" is not a time of day as a screen reads it; write \"07:30\""},
        {"07:30-11:30x", -1, 0, "\"11:30x\" is not a time of day"},
        {"07:30 - 11:30", -1, 0, "\"07:30 \" is not a time of day"},
        {"07:30", -1, 0, "\"07:30\" is not a window; write \"HH:MM-HH:MM\", e.g. \"07:30-11:30\""},
        {"07:30-11:30-12:00", -1, 0, "is not a window"},
        {"-11:30", -1, 0, "is not a window"},
        {"07:30-", -1, 0, "is not a window"},
        {"", -1, 0, "is not a window"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char name[80], why[300] = "";
        snprintf(name, sizeof(name), "window \"%s\"", cases[i].text);
        bt_test_case = name;
        struct bt_window w = {-7, -7};
        int rc = bt_window_parse(cases[i].text, &w, why, sizeof(why));
        if (cases[i].start >= 0) {
            CHECK(rc == 0 && w.start == cases[i].start && w.end == cases[i].end, "rc %d, %d-%d: %s",
                  rc, w.start, w.end, why);
        } else {
            CHECK(rc == -1 && w.start == -7 && w.end == -7, "accepted: %d-%d", w.start, w.end);
            CHECK(strstr(why, cases[i].why), "reason \"%s\" lacks \"%s\"", why, cases[i].why);
        }
    }
}

static void check_days(void)
{
    static const struct {
        const char *text;
        int one;         // bt_day_parse: 0-6, or -1
        unsigned bits;   // bt_days_parse: 0 when refused
        const char *why;
    } cases[] = {
        {"mon", 0, 0x01, NULL},
        {"sun", 6, 0x40, NULL},
        {"mon-fri", -1, 0x1F, NULL},
        {"sat-mon", -1, 0x61, NULL},   // wraps the week
        {"fri-thu", -1, 0x7F, NULL},
        {"mon-mon", -1, 0x01, NULL},
        {"mon,wed,sat", -1, 0x25, NULL},
        {"mon-wed,fri,sun", -1, 0x57, NULL},
        {"thur", -1, 0, "\"thur\" is not a day; use mon, tue, wed, thu, fri, sat or sun"},
        {"Mon", -1, 0, "\"Mon\" is not a day as a screen reads it; write mon for it"},
        // Vietnamese day names: the error says which word to write.
        {"Thứ Hai", -1, 0, "\"Thứ Hai\" is not a day as a screen reads it; write mon for it"},
        {"thứ 2", -1, 0, "write mon for it"},
        {"T2", -1, 0, "write mon for it"},
        {"T2-T6", -1, 0, "\"T2\" is not a day as a screen reads it; write mon for it"},
        {"mon-T6", -1, 0, "\"T6\" is not a day as a screen reads it; write fri for it"},
        {"Thứ Ba", -1, 0, "write tue for it"},
        {"thứ tư", -1, 0, "write wed for it"},
        {"Thứ Năm", -1, 0, "write thu for it"},
        {"Thứ Sáu", -1, 0, "write fri for it"},
        {"Thứ Bảy", -1, 0, "write sat for it"},
        {"thứ 7", -1, 0, "write sat for it"},
        {"CN", -1, 0, "write sun for it"},
        {"Chủ Nhật", -1, 0, "write sun for it"},
        {"chủ nhật", -1, 0, "write sun for it"},
        {"Thứ Mười", -1, 0, "\"Thứ Mười\" is not a day; use mon, tue"},
        {"monday", -1, 0, "\"monday\" is not a day as a screen reads it; write mon for it"},
        {"mon-xx", -1, 0, "\"xx\" is not a day; use mon, tue, wed, thu, fri, sat or sun"},
        {"mon-tue-wed", -1, 0, "\"tue-wed\" is not a day"},
        {"mon,", -1, 0, "\"mon,\" is not a list of days; write e.g. \"mon-fri\""},
        {",mon", -1, 0, "is not a list of days"},
        {"mon,,tue", -1, 0, "is not a list of days"},
        {"mon-", -1, 0, "is not a list of days"},
        {"-fri", -1, 0, "is not a list of days"},
        {"", -1, 0, "is not a list of days"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char name[80], why[300] = "";
        snprintf(name, sizeof(name), "days \"%s\"", cases[i].text);
        bt_test_case = name;
        unsigned bits = 0xABC;
        int rc = bt_days_parse(cases[i].text, &bits, why, sizeof(why));
        if (cases[i].bits) {
            CHECK(rc == 0 && bits == cases[i].bits, "rc %d, %#x (want %#x): %s", rc, bits,
                  cases[i].bits, why);
        } else {
            CHECK(rc == -1 && bits == 0xABC, "accepted: %#x", bits);
            CHECK(strstr(why, cases[i].why), "reason \"%s\" lacks \"%s\"", why, cases[i].why);
        }
        // A single name reads the same table.
        why[0] = '\0';
        int d = bt_day_parse(cases[i].text, why, sizeof(why));
        CHECK(d == cases[i].one, "one day: %d, want %d", d, cases[i].one);
        CHECK((d >= 0) == (why[0] == '\0'), "one day %d, reason \"%s\"", d, why);
    }
}

// Through the binary: the same text is refused in the same words wherever it is written
// (bangtin plan --from, --at, a playlist's from), and the config's keys keep one rule for a
// window whose start is its end.
static void check_commands(void)
{
    const char *calendar = "\"2025-02-31\" is not a day of the calendar";
    char args[2048], *out = NULL, *err = NULL;

    bt_test_case = "plan --from 2025-02-31";
    snprintf(args, sizeof(args),
             "plan %s/playlists/ward-hall.json --from 2025-02-31 --to 2025-03-04", BT_SOURCE_DIR);
    int rc = bt_test_run_bangtin("plan", args, &out, &err);
    CHECK(rc == 2 && err && strstr(err, calendar), "exit %d: %s", rc, err ? err : "");
    CHECK(out && !strstr(out, "Plan of"), "a plan was printed: %s", out ? out : "");
    free(out);
    free(err);

    bt_test_case = "--at 2025-02-31";
    snprintf(args, sizeof(args), "--headless --at 2025-02-31 %s/playlists/ward-hall.json",
             BT_SOURCE_DIR);
    rc = bt_test_run_bangtin("at", args, NULL, &err);
    CHECK(rc == 2 && err && strstr(err, calendar), "exit %d: %s", rc, err ? err : "");
    free(err);

    bt_test_case = "a playlist's from 2025-02-31";
    const char *pl = bt_test_write(
        "from.json", "{\"version\": 1, \"canvas\": {\"width\": 100, \"height\": 100}, "
                     "\"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": 100, \"h\": 100, "
                     "\"items\": [{\"type\": \"text\", \"text\": \"a\", "
                     "\"schedule\": {\"from\": \"2025-02-31\"}}]}]}");
    snprintf(args, sizeof(args), "check %s", pl);
    rc = bt_test_run_bangtin("check", args, &out, NULL);
    char want[300];
    snprintf(want, sizeof(want), "schedule.from: %s\n", calendar);
    CHECK(rc == 2 && out && strstr(out, want), "exit %d, lacks '%s': %s", rc, want, out ? out : "");
    free(out);

    bt_test_case = "config windows with equal ends";
    const char *conf = bt_test_write("empty.conf", "");
    snprintf(args, sizeof(args),
             "check-config --set download_window=01:00-01:00 --set operating_hours=01:00-01:00 "
             "--set 'brightness=01:00-01:00 40' %s",
             conf);
    rc = bt_test_run_bangtin("equal-ends", args, NULL, &err);
    static const char *const keys[] = {"download_window", "operating_hours", "brightness"};
    for (int i = 0; i < 3; i++) {
        snprintf(want, sizeof(want),
                 "--set:%d: %s: the window \"01:00-01:00\" is empty and never matches; for all "
                 "day write \"00:00-24:00\"",
                 i + 1, keys[i]);
        CHECK(rc == 2 && err && strstr(err, want), "exit %d, lacks '%s': %s", rc, want,
              err ? err : "");
    }
    free(err);

    bt_test_case = "config windows for the whole day";
    snprintf(args, sizeof(args),
             "check-config --set download_window=00:00-24:00 --set operating_hours=00:00-24:00 "
             "--set download_window=22:00-06:00 --set operating_hours=22:00-06:00 %s",
             conf);
    rc = bt_test_run_bangtin("whole-day", args, &out, &err);
    CHECK(rc == 0 && out && strstr(out, "ok"), "exit %d: %s", rc, err ? err : "");
    free(out);
    free(err);
}

int main(void)
{
    check_dates(datetimes, sizeof(datetimes) / sizeof(datetimes[0]), 1);
    check_dates(dates, sizeof(dates) / sizeof(dates[0]), 0);
    check_moments();
    check_moments_dst();
    check_times_of_day();
    check_windows();
    check_days();
    check_commands();
    bt_test_case = "no room for a reason";
    struct bt_window w;
    CHECK(bt_window_parse("08:00-08:00", &w, NULL, 0) == -1, "accepted an empty window");
    return bt_test_end();
}
