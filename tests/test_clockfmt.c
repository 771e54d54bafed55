// Clock text: the format's fields with Vietnamese names, in the playlist's time zone whatever
// the system's (this test runs with TZ=UTC, as a Pi fresh from the box does).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "time/clock.h"
#include "time/clockfmt.h"
#include "time/parse.h"
#include "time/zone.h"

struct clock_case {
    const char *zone;   // the playlist's timezone
    const char *utc;    // the moment, as @EPOCH or a UTC date-time
    const char *format;
    const char *want;
};

static const struct clock_case cases[] = {
    {"Asia/Ho_Chi_Minh", "@1795395900", "{weekday}, {dd}/{mm}/{yyyy} {HH}:{MM}",
     "Thứ Hai, 23/11/2026 08:05"},   // 2026-11-23 01:05 UTC
    {"Asia/Ho_Chi_Minh", "@1795395900", "{weekday_short} {d}/{m}/{yy} {H}:{MM}:{SS}",
     "T2 23/11/26 8:05:00"},
    {"Asia/Ho_Chi_Minh", "@1795395900", "{month} năm {yyyy}", "tháng 11 năm 2026"},
    {"Asia/Ho_Chi_Minh", "@1767200399", "{weekday} {dd}/{mm}/{yyyy} {HH}:{MM}:{SS}",
     "Thứ Tư 31/12/2025 23:59:59"},   // 2025-12-31 16:59:59 UTC
    {"Asia/Ho_Chi_Minh", "@1767200400", "{weekday} {dd}/{mm}/{yyyy} {HH}:{MM}",
     "Thứ Năm 01/01/2026 00:00"},   // a new year in Hà Nội, still 2025 in London
    {"Asia/Ho_Chi_Minh", "@1767459600", "{weekday}", "Chủ Nhật"},   // 2026-01-04
    {"Asia/Ho_Chi_Minh", "@1767546000", "{weekday}", "Thứ Hai"},
    {"Asia/Ho_Chi_Minh", "@1767632400", "{weekday}", "Thứ Ba"},
    {"Asia/Ho_Chi_Minh", "@1767718800", "{weekday}", "Thứ Tư"},
    {"Asia/Ho_Chi_Minh", "@1767805200", "{weekday}", "Thứ Năm"},
    {"Asia/Ho_Chi_Minh", "@1767891600", "{weekday}", "Thứ Sáu"},
    {"Asia/Ho_Chi_Minh", "@1767978000", "{weekday}", "Thứ Bảy"},
    {"Asia/Ho_Chi_Minh", "@1795395900", "{{HH}} is {HH}", "{HH} is 08"},
    {"Asia/Tokyo", "@1795395900", "{HH}:{MM}", "10:05"},
    {"UTC", "@1795395900", "{HH}:{MM} {weekday}", "01:05 Thứ Hai"},
};

int main(void)
{
    setenv("TZ", "UTC", 1);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct clock_case *c = &cases[i];
        char name[160];
        snprintf(name, sizeof(name), "%s %s %s", c->zone, c->utc, c->format);
        bt_test_case = name;
        int64_t us;
        CHECK(bt_time_parse(c->utc, &us, NULL, 0) == 0, "bad time");
        CHECK(bt_timezone_set(c->zone) == 0, "zone %s not installed", c->zone);
        struct tm tm;
        char out[128];
        bt_localtime(us, &tm);
        bt_clockfmt(c->format, &tm, out, sizeof(out));
        CHECK(strcmp(out, c->want) == 0, "got \"%s\", want \"%s\"", out, c->want);
    }
    bt_test_case = "unknown zone";
    CHECK(bt_timezone_set("Vietnam/Hanoi") == -1, "accepted a zone that does not exist");
    // --at is read in the playlist's zone once it is set.
    bt_test_case = "--at in the playlist's zone";
    bt_timezone_set("Asia/Ho_Chi_Minh");
    int64_t at;
    CHECK(bt_time_parse("2026-11-23T08:05", &at, NULL, 0) == 0 && at == 1795395900LL * 1000000,
          "2026-11-23T08:05 in Hà Nội is %lld", (long long)(at / 1000000));
    return bt_test_end();
}
