// The schedule as one pure function: a table of (schedule, local time) -> active, then whole
// playlists (overrides, operating hours, brightness, zone schedules) at chosen moments, with
// the clock trusted or not. Playlists are read by the real parser.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "playlist/playlist.h"
#include "playlist/schedule.h"
#include "staff/control.h"
#include "test.h"
#include "time/zone.h"

// "YYYY-MM-DDTHH:MM:SS" as local seconds (the calendar's own arithmetic: no time zone).
static int64_t at(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    if (sscanf(s, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6) {
        fprintf(stderr, "bad time %s\n", s);
        exit(1);
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm);
}

static struct bt_playlist *parse(const char *json)
{
    struct bt_diags d = {0};
    struct bt_playlist *p =
        bt_playlist_parse(json, strlen(json), "t.json", "/tmp", BT_PLAYLIST_PLAY, &d);
    for (size_t i = 0; i < d.count; i++) {
        char line[1024];
        bt_diag_format(&d.items[i], "t.json", line, sizeof(line));
        fprintf(stderr, "%s\n", line);
    }
    bt_diags_free(&d);
    return p;
}

// A playlist with one zone whose single item has `schedule`.
static struct bt_playlist *with_schedule(const char *schedule)
{
    char json[2048];
    snprintf(json, sizeof(json),
             "{\"version\": 1, \"canvas\": {\"width\": 100, \"height\": 100}, \"zones\": [{\"id\":"
             " \"z\", \"x\": 0, \"y\": 0, \"w\": 100, \"h\": 100, \"items\": [{\"type\": \"text\","
             " \"text\": \"a\", \"schedule\": %s}]}]}",
             schedule);
    return parse(json);
}

static const struct {
    const char *name, *schedule, *when;
    int active;
} table[] = {
    // The seed campaign's phases (../shared/seeds): the boundaries at 23:59:59 and 00:00:00.
    {"phase 1, last second", "{\"until\": \"2025-12-09\"}", "2025-12-09T23:59:59", 1},
    {"phase 1 over", "{\"until\": \"2025-12-09\"}", "2025-12-10T00:00:00", 0},
    {"phase 2 not yet", "{\"from\": \"2025-12-10\", \"until\": \"2025-12-31\"}",
     "2025-12-09T23:59:59", 0},
    {"phase 2 first second", "{\"from\": \"2025-12-10\", \"until\": \"2025-12-31\"}",
     "2025-12-10T00:00:00", 1},
    {"phase 2 last second", "{\"from\": \"2025-12-10\", \"until\": \"2025-12-31\"}",
     "2025-12-31T23:59:59", 1},
    {"phase 2 over", "{\"from\": \"2025-12-10\", \"until\": \"2025-12-31\"}", "2026-01-01T00:00:00",
     0},
    {"phase 3 first second", "{\"from\": \"2026-01-01\", \"until\": \"2026-02-01\"}",
     "2026-01-01T00:00:00", 1},
    {"phase 3 last second", "{\"from\": \"2026-01-01\", \"until\": \"2026-02-01\"}",
     "2026-02-01T23:59:59", 1},
    {"phase 3 over", "{\"from\": \"2026-01-01\", \"until\": \"2026-02-01\"}", "2026-02-02T00:00:00",
     0},
    // Phases written "until 10/12" and "from 10/12" both play all of 10 December (check warns);
    // "until 2025-12-10T00:00" hands over as the day begins.
    {"until a day plays that day", "{\"until\": \"2025-12-10\"}", "2025-12-10T12:00:00", 1},
    {"from that day too", "{\"from\": \"2025-12-10\"}", "2025-12-10T12:00:00", 1},
    {"until its midnight does not", "{\"until\": \"2025-12-10T00:00\"}", "2025-12-10T00:00:00", 0},
    // A from or until with a time: from that minute, until just before that minute.
    {"from a minute, before", "{\"from\": \"2026-01-10T06:00\"}", "2026-01-10T05:59:59", 0},
    {"from a minute, at it", "{\"from\": \"2026-01-10T06:00\"}", "2026-01-10T06:00:00", 1},
    {"until a minute, before", "{\"until\": \"2026-01-10T18:00\"}", "2026-01-10T17:59:59", 1},
    {"until a minute, at it", "{\"until\": \"2026-01-10T18:00\"}", "2026-01-10T18:00:00", 0},
    // Weekday windows (2025-12-10 is a Wednesday).
    {"office hours, Wednesday morning",
     "{\"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], \"hours\": [\"07:30-11:30\", "
     "\"13:30-17:00\"]}",
     "2025-12-10T07:30:00", 1},
    {"office hours, lunch",
     "{\"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], \"hours\": [\"07:30-11:30\", "
     "\"13:30-17:00\"]}",
     "2025-12-10T11:30:00", 0},
    {"office hours, last second",
     "{\"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], \"hours\": [\"07:30-11:30\", "
     "\"13:30-17:00\"]}",
     "2025-12-10T16:59:59", 1},
    {"office hours, Saturday",
     "{\"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], \"hours\": [\"07:30-11:30\", "
     "\"13:30-17:00\"]}",
     "2025-12-13T08:00:00", 0},
    {"days only, Sunday", "{\"days\": [\"sun\"]}", "2025-12-14T12:00:00", 1},
    {"days only, Monday", "{\"days\": [\"sun\"]}", "2025-12-15T00:00:00", 0},
    // A window across midnight belongs to the day it starts on: Monday 22:00 to Tuesday 02:00.
    {"Monday night", "{\"days\": [\"mon\"], \"hours\": \"22:00-02:00\"}", "2025-12-15T23:00:00", 1},
    {"its Tuesday-morning half", "{\"days\": [\"mon\"], \"hours\": \"22:00-02:00\"}",
     "2025-12-16T01:59:59", 1},
    {"Tuesday 02:00", "{\"days\": [\"mon\"], \"hours\": \"22:00-02:00\"}", "2025-12-16T02:00:00",
     0},
    {"Monday morning is Sunday's", "{\"days\": [\"mon\"], \"hours\": \"22:00-02:00\"}",
     "2025-12-15T01:00:00", 0},
    {"Tuesday night", "{\"days\": [\"mon\"], \"hours\": \"22:00-02:00\"}", "2025-12-16T23:00:00",
     0},
    // Friday's window runs into Saturday, the day from names (issue 13).
    {"the evening before from",
     "{\"from\": \"2025-12-13\", \"until\": \"2025-12-13T01:30\", \"days\": [\"fri\"], "
     "\"hours\": \"22:00-02:00\"}",
     "2025-12-13T00:30:00", 1},
    {"the evening before from, at until",
     "{\"from\": \"2025-12-13\", \"until\": \"2025-12-13T01:30\", \"days\": [\"fri\"], "
     "\"hours\": \"22:00-02:00\"}",
     "2025-12-13T01:30:00", 0},
    // 24:00 ends at midnight.
    {"to 24:00, last second", "{\"hours\": \"18:00-24:00\"}", "2025-12-10T23:59:59", 1},
    {"to 24:00, midnight", "{\"hours\": \"18:00-24:00\"}", "2025-12-11T00:00:00", 0},
    // A leap day.
    {"leap day", "{\"from\": \"2028-02-29\", \"until\": \"2028-02-29\"}", "2028-02-29T12:00:00", 1},
    {"the day after a leap day", "{\"from\": \"2028-02-29\", \"until\": \"2028-02-29\"}",
     "2028-03-01T00:00:00", 0},
    {"leap day is a Tuesday", "{\"days\": [\"tue\"]}", "2028-02-29T00:00:00", 1},
    // Before 1970 the arithmetic still holds (a clock that booted at the epoch).
    {"1969", "{\"days\": [\"wed\"]}", "1969-12-31T12:00:00", 1},
};

static void check_table(void)
{
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        bt_test_case = table[i].name;
        struct bt_playlist *p = with_schedule(table[i].schedule);
        CHECK(p && p->nzones == 1 && p->zones[0].nitems == 1, "not read");
        if (!p || !p->zones[0].nitems)
            continue;
        int got = bt_schedule_active(p->zones[0].items[0].schedule, at(table[i].when));
        CHECK(got == table[i].active, "%s at %s: %d", table[i].schedule, table[i].when, got);
        bt_playlist_destroy(p);
    }
}

static const char *campaign =
    "{\"version\": 1, \"timezone\": \"Asia/Ho_Chi_Minh\",\n"
    " \"canvas\": {\"width\": 100, \"height\": 100},\n"
    " \"zones\": [\n"
    "  {\"id\": \"main\", \"x\": 0, \"y\": 0, \"w\": 100, \"h\": 50, \"items\": [\n"
    "    {\"type\": \"text\", \"text\": \"phase 2\",\n"
    "     \"schedule\": {\"from\": \"2025-12-10\", \"until\": \"2025-12-31\"}},\n"
    "    {\"type\": \"text\", \"text\": \"always\"}]},\n"
    "  {\"id\": \"banner\", \"x\": 0, \"y\": 50, \"w\": 100, \"h\": 50,\n"
    "   \"schedule\": {\"hours\": \"07:00-19:00\"},\n"
    "   \"items\": [{\"type\": \"text\", \"text\": \"b\"}]}],\n"
    " \"overrides\": [\n"
    "  {\"id\": \"storm\", \"priority\": 100, \"zones\": [\"main\", \"banner\"],\n"
    "   \"schedule\": {\"from\": \"2026-01-10T06:00\", \"until\": \"2026-01-10T18:00\"},\n"
    "   \"items\": [{\"type\": \"text\", \"text\": \"THÔNG BÁO KHẨN\"}]},\n"
    "  {\"id\": \"meeting\", \"priority\": 10, \"zones\": \"all\",\n"
    "   \"items\": [{\"type\": \"text\", \"text\": \"Họp tổ dân phố\"}]}],\n"
    " \"operating_hours\": {\"days\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\"],\n"
    "                      \"hours\": \"06:30-21:30\"},\n"
    " \"brightness\": [{\"hours\": \"06:00-18:00\", \"percent\": 100},\n"
    "                {\"hours\": \"18:00-06:00\", \"percent\": 40}]}\n";

static void check_playlist(void)
{
    struct bt_playlist *p = parse(campaign);
    CHECK(p != NULL, "the campaign is not read");
    if (!p)
        return;
    const struct bt_override *ov[2];
    unsigned char on[2];
    struct bt_moment m = {.override = ov, .zone_on = on};
    const char *meeting[] = {"meeting"}, *storm[] = {"storm"};
    struct bt_raised none = {.n = 0}, raised = {.ids = meeting, .n = 1},
                     raised_storm = {.ids = storm, .n = 1};

    bt_test_case = "a Wednesday afternoon";
    bt_schedule_eval(p, at("2025-12-10T15:00:00"), &none, 1, &m);
    CHECK(m.on && m.brightness == 100 && !ov[0] && !ov[1] && on[0] && on[1], "on %d %d%% %p %p",
          m.on, m.brightness, (const void *)ov[0], (const void *)ov[1]);

    bt_test_case = "evening: dimmed, the banner's zone off";
    bt_schedule_eval(p, at("2025-12-10T19:30:00"), &none, 1, &m);
    CHECK(m.on && m.brightness == 40 && on[0] && !on[1], "on %d %d%% zones %d %d", m.on,
          m.brightness, on[0], on[1]);

    bt_test_case = "outside operating hours";
    bt_schedule_eval(p, at("2025-12-10T21:30:00"), &none, 1, &m);
    CHECK(!m.on, "on at 21:30");
    bt_schedule_eval(p, at("2025-12-14T10:00:00"), &none, 1, &m);   // a Sunday
    CHECK(!m.on, "on on Sunday");
    bt_schedule_eval(p, at("2025-12-11T06:30:00"), &none, 1, &m);
    CHECK(m.on, "off at 06:30");

    bt_test_case = "the storm override by its schedule";
    bt_schedule_eval(p, at("2026-01-10T05:59:59"), &none, 1, &m);
    CHECK(!ov[0] && !ov[1], "active before 06:00");
    // 06:00 on a Saturday is before the hall opens (06:30): the warning does not wake it.
    bt_schedule_eval(p, at("2026-01-10T06:00:00"), &none, 1, &m);
    CHECK(!m.on && !ov[0] && !ov[1], "on %d, active while dark", m.on);
    bt_schedule_eval(p, at("2026-01-10T06:30:00"), &none, 1, &m);
    CHECK(ov[0] && ov[1] && strcmp(ov[0]->id, "storm") == 0 && ov[1] == ov[0], "not active");
    bt_schedule_eval(p, at("2026-01-10T18:00:00"), &none, 1, &m);
    CHECK(!ov[0], "active at 18:00");

    bt_test_case = "an override raised by hand, and priority";
    bt_schedule_eval(p, at("2026-01-09T12:00:00"), &raised, 1, &m);
    CHECK(ov[0] && strcmp(ov[0]->id, "meeting") == 0 && ov[1] == ov[0], "meeting not active");
    bt_schedule_eval(p, at("2026-01-10T12:00:00"), &raised, 1, &m);
    CHECK(ov[0] && strcmp(ov[0]->id, "storm") == 0, "the higher priority does not win");

    bt_test_case = "an untrusted clock";
    // Dated things are held; undated ones, and one raised by hand, still run.
    bt_schedule_eval(p, at("2026-01-10T12:00:00"), &none, 0, &m);
    CHECK(!ov[0] && m.on, "a dated override runs on an untrusted clock");
    bt_schedule_eval(p, at("2026-01-10T12:00:00"), &raised_storm, 0, &m);
    CHECK(ov[0] && strcmp(ov[0]->id, "storm") == 0, "a raised override waits for the clock");
    const struct bt_item *dated = &p->zones[0].items[0];
    CHECK(!bt_schedule_allows(dated->schedule, at("2025-12-15T12:00:00"), 0) &&
              bt_schedule_allows(dated->schedule, at("2025-12-15T12:00:00"), 1),
          "a dated item is not held");
    CHECK(bt_schedule_allows(p->zones[0].items[1].schedule, at("2025-12-15T12:00:00"), 0),
          "an undated item is held");
    bt_playlist_destroy(p);
}

// Night and emergencies: outside operating hours only an override with "wake": true shows, and
// it lights the screen for its zones alone; an override none of whose items may play takes no
// zone.
static const char *night =
    "{\"version\": 1, \"canvas\": {\"width\": 100, \"height\": 100},\n"
    " \"zones\": [\n"
    "  {\"id\": \"main\", \"x\": 0, \"y\": 0, \"w\": 100, \"h\": 50,\n"
    "   \"items\": [{\"type\": \"text\", \"text\": \"m\"}]},\n"
    "  {\"id\": \"banner\", \"x\": 0, \"y\": 50, \"w\": 50, \"h\": 50,\n"
    "   \"items\": [{\"type\": \"text\", \"text\": \"b\"}]},\n"
    "  {\"id\": \"side\", \"x\": 50, \"y\": 50, \"w\": 50, \"h\": 50,\n"
    "   \"items\": [{\"type\": \"text\", \"text\": \"s\"}]}],\n"
    " \"overrides\": [\n"
    "  {\"id\": \"evacuation\", \"priority\": 200, \"zones\": \"all\", \"wake\": true,\n"
    "   \"items\": [{\"type\": \"text\", \"text\": \"SƠ TÁN\"}]},\n"
    "  {\"id\": \"storm\", \"priority\": 100, \"zones\": [\"main\", \"banner\"], \"wake\": true,\n"
    "   \"schedule\": {\"from\": \"2026-01-10T06:00\", \"until\": \"2026-01-11T06:00\"},\n"
    "   \"items\": [{\"type\": \"text\", \"text\": \"BÃO\"}]},\n"
    "  {\"id\": \"meeting\", \"priority\": 10, \"zones\": [\"main\"],\n"
    "   \"schedule\": {\"hours\": \"19:00-23:00\"},\n"
    "   \"items\": [{\"type\": \"text\", \"text\": \"Họp tổ dân phố\"}]},\n"
    "  {\"id\": \"tet\", \"priority\": 50, \"zones\": [\"banner\"],\n"
    "   \"schedule\": {\"from\": \"2026-01-01\", \"until\": \"2026-02-28\"},\n"
    "   \"items\": [{\"type\": \"text\", \"text\": \"Chúc mừng năm mới\",\n"
    "              \"schedule\": {\"from\": \"2026-02-16\", \"until\": \"2026-02-20\"}}]},\n"
    "  {\"id\": \"night-notice\", \"zones\": [\"side\"], \"wake\": true,\n"
    "   \"schedule\": {\"hours\": \"21:00-23:00\"},\n"
    "   \"items\": [{\"type\": \"text\", \"text\": \"n\", \"schedule\": {\"hours\": "
    "\"21:00-22:00\"}}]}],\n"
    " \"operating_hours\": {\"hours\": \"06:30-21:30\"}}\n";

static const struct {
    const char *name, *when, *raised;
    int trusted, on, woken;
    const char *zones[3];   // the override each zone shows, "-" for its own items
} moments[] = {
    {"a day", "2026-01-09T12:00:00", NULL, 1, 1, 0, {"-", "-", "-"}},
    {"the meeting in the evening", "2026-01-09T20:00:00", NULL, 1, 1, 0, {"meeting", "-", "-"}},
    {"the meeting after hours: it does not wake the screen",
     "2026-01-09T22:00:00",
     NULL,
     1,
     0,
     0,
     {"-", "-", "-"}},
    {"an evacuation raised at 23:00 wakes the screen",
     "2026-01-09T23:00:00",
     "evacuation",
     1,
     1,
     1,
     {"evacuation", "evacuation", "evacuation"}},
    {"the evacuation by day",
     "2026-01-09T12:00:00",
     "evacuation",
     1,
     1,
     0,
     {"evacuation", "evacuation", "evacuation"}},
    {"the storm by day", "2026-01-10T12:00:00", NULL, 1, 1, 0, {"storm", "storm", "-"}},
    {"the storm at night: its zones lit, the others black",
     "2026-01-10T23:00:00",
     NULL,
     1,
     1,
     1,
     {"storm", "storm", "-"}},
    {"the storm and the evacuation at night",
     "2026-01-10T23:00:00",
     "evacuation",
     1,
     1,
     1,
     {"evacuation", "evacuation", "evacuation"}},
    {"the storm over, before the hall opens",
     "2026-01-11T06:00:00",
     NULL,
     1,
     0,
     0,
     {"-", "-", "-"}},
    {"the storm on an untrusted clock: held",
     "2026-01-10T23:00:00",
     NULL,
     0,
     0,
     0,
     {"-", "-", "-"}},
    {"Tết before its item's dates: the banner keeps its own",
     "2026-02-10T12:00:00",
     NULL,
     1,
     1,
     0,
     {"-", "-", "-"}},
    {"Tết when its item plays", "2026-02-17T12:00:00", NULL, 1, 1, 0, {"-", "tet", "-"}},
    {"a waking override whose item plays wakes its zone",
     "2026-01-09T21:45:00",
     NULL,
     1,
     1,
     1,
     {"-", "-", "night-notice"}},
    {"a waking override whose items are all outside their hours wakes nothing",
     "2026-01-09T22:30:00",
     NULL,
     1,
     0,
     0,
     {"-", "-", "-"}},
};

static void check_moments(void)
{
    struct bt_playlist *p = parse(night);
    bt_test_case = "night";
    CHECK(p && p->nzones == 3 && p->noverrides == 5, "not read");
    if (!p || p->nzones != 3)
        return;
    const struct bt_override *ov[3];
    unsigned char on[3];
    struct bt_moment m = {.override = ov, .zone_on = on};
    for (size_t i = 0; i < sizeof(moments) / sizeof(moments[0]); i++) {
        bt_test_case = moments[i].name;
        const char *ids[] = {moments[i].raised};
        struct bt_raised raised = {.ids = ids, .n = moments[i].raised ? 1 : 0};
        bt_schedule_eval(p, at(moments[i].when), &raised, moments[i].trusted, &m);
        CHECK(m.on == moments[i].on && m.woken == moments[i].woken, "on %d woken %d", m.on,
              m.woken);
        for (size_t z = 0; z < 3; z++) {
            const char *got = ov[z] ? ov[z]->id : "-";
            CHECK(strcmp(got, moments[i].zones[z]) == 0, "zone %s shows %s, want %s",
                  p->zones[z].id, got, moments[i].zones[z]);
        }
    }
    bt_playlist_destroy(p);
}

// Overrides of equal priority in one zone: the first written wins, in whatever order they were
// raised (check warns about them).
static void check_equal_priority(void)
{
    bt_test_case = "equal priorities";
    struct bt_playlist *p =
        parse("{\"version\": 1, \"canvas\": {\"width\": 100, \"height\": 100},\n"
              " \"zones\": [{\"id\": \"main\", \"x\": 0, \"y\": 0, \"w\": 100, \"h\": 100}],\n"
              " \"overrides\": [\n"
              "  {\"id\": \"meeting\", \"priority\": 10, \"zones\": \"all\",\n"
              "   \"items\": [{\"type\": \"text\", \"text\": \"Họp tổ dân phố\"}]},\n"
              "  {\"id\": \"water\", \"priority\": 10, \"zones\": [\"main\"],\n"
              "   \"items\": [{\"type\": \"text\", \"text\": \"Cắt nước\"}]}]}\n");
    CHECK(p && p->noverrides == 2, "not read");
    if (!p)
        return;
    const struct bt_override *ov[1];
    unsigned char on[1];
    struct bt_moment m = {.override = ov, .zone_on = on};
    const char *orders[2][2] = {{"meeting", "water"}, {"water", "meeting"}};
    for (int i = 0; i < 2; i++) {
        struct bt_raised raised = {.ids = orders[i], .n = 2};
        bt_schedule_eval(p, at("2026-01-09T12:00:00"), &raised, 1, &m);
        CHECK(ov[0] && strcmp(ov[0]->id, "meeting") == 0, "raised %s first: %s", orders[i][0],
              ov[0] ? ov[0]->id : "-");
    }
    bt_playlist_destroy(p);
}

// The stretch of a schedule that holds a moment, and where it ends.
static const struct {
    const char *name, *schedule, *when, *end;   // end NULL: never
} run_ends[] = {
    {"a window, inside", "{\"hours\": \"06:00-18:00\"}", "2026-01-10T12:00:00",
     "2026-01-10T18:00:00"},
    {"a window, outside", "{\"hours\": \"06:00-18:00\"}", "2026-01-10T19:00:00",
     "2026-01-10T19:00:00"},
    {"a window across midnight", "{\"hours\": \"22:00-02:00\"}", "2026-01-10T23:30:20",
     "2026-01-11T02:00:00"},
    {"whole days in a row", "{\"days\": [\"sat\", \"sun\", \"mon\"]}", "2026-01-10T12:00:00",
     "2026-01-13T00:00:00"},
    {"a from with no end", "{\"from\": \"2026-01-10T06:00\"}", "2026-01-10T12:00:00", NULL},
    {"every hour of every day", "{\"hours\": \"00:00-24:00\"}", "2026-01-10T12:00:00", NULL},
    {"until a second", "{\"until\": \"2026-01-10T18:00:30\"}", "2026-01-10T12:00:00",
     "2026-01-10T18:00:30"},
    {"until a date, every day", "{\"hours\": \"00:00-24:00\", \"until\": \"2026-02-01\"}",
     "2026-01-10T12:00:00", "2026-02-02T00:00:00"},
};

static void check_run_ends(void)
{
    for (size_t i = 0; i < sizeof(run_ends) / sizeof(run_ends[0]); i++) {
        bt_test_case = run_ends[i].name;
        struct bt_playlist *p = with_schedule(run_ends[i].schedule);
        CHECK(p && p->zones[0].nitems == 1, "not read");
        if (!p || !p->zones[0].nitems)
            continue;
        int64_t got = bt_schedule_run_end(p->zones[0].items[0].schedule, at(run_ends[i].when));
        int64_t want = run_ends[i].end ? at(run_ends[i].end) : INT64_MAX;
        CHECK(got == want, "%lld, want %lld", (long long)got, (long long)want);
        bt_playlist_destroy(p);
    }
}

// `bangtin release ID` of an override its schedule shows: off on this screen until the next
// scheduled start, across a restart; one with no later start stays off until the playlist
// gives it one.
#define RELEASES(from)                                                                             \
    "{\"version\": 1, \"canvas\": {\"width\": 100, \"height\": 100},\n"                            \
    " \"zones\": [{\"id\": \"main\", \"x\": 0, \"y\": 0, \"w\": 100, \"h\": 100,\n"                \
    "   \"items\": [{\"type\": \"text\", \"text\": \"m\"}]}],\n"                                   \
    " \"overrides\": [\n"                                                                          \
    "  {\"id\": \"daily\", \"zones\": \"all\", \"schedule\": {\"hours\": \"06:00-18:00\"},\n"      \
    "   \"items\": [{\"type\": \"text\", \"text\": \"d\"}]},\n"                                    \
    "  {\"id\": \"notice\", \"priority\": 5, \"zones\": \"all\", \"schedule\": {\"from\": "        \
    "\"" from "\"},\n"                                                                             \
    "   \"items\": [{\"type\": \"text\", \"text\": \"n\"}]},\n"                                    \
    "  {\"id\": \"meeting\", \"priority\": 10, \"zones\": \"all\",\n"                              \
    "   \"items\": [{\"type\": \"text\", \"text\": \"h\"}]}]}\n"

// Which override main shows at `when`, by what `c` holds.
static const char *shows(const struct bt_playlist *p, const struct bt_control *c, const char *when)
{
    const struct bt_override *ov[1];
    unsigned char on[1];
    struct bt_moment m = {.override = ov, .zone_on = on};
    bt_schedule_eval(p, at(when), bt_control_raised(c), 1, &m);
    return ov[0] ? ov[0]->id : "-";
}

static void handle(struct bt_control *c, const struct bt_playlist *p, const char *when,
                   const char *command, const char *want)
{
    char line[200], out[1024];
    snprintf(line, sizeof(line), "%s", command);
    bt_control_handle(c, p, at(when), 1, line, out, sizeof(out));
    char words[1200];
    bt_control_words(out, words, sizeof(words));
    CHECK(strcmp(words, want) == 0, "%s at %s:\n  got  %s  want %s", command, when, words, want);
}

static void check_release(void)
{
    bt_test_case = "release";
    char state[1024];
    snprintf(state, sizeof(state), "%s/state", bt_test_tmpdir());
    struct bt_playlist *p = parse(RELEASES("2026-01-10T06:00"));
    struct bt_control *c = bt_control_open(NULL, state);
    CHECK(p && c, "not read");
    if (!p || !c)
        return;
    bt_control_poll(c, p, at("2026-01-12T12:00:00"), 1);
    CHECK(strcmp(shows(p, c, "2026-01-12T12:00:00"), "notice") == 0, "the notice is not shown");

    bt_test_case = "release an override with no later start";
    handle(c, p, "2026-01-12T12:00:00", "release notice",
           "ok: \"notice\" released; its schedule has no later start, so it stays off on this "
           "screen\n");
    CHECK(strcmp(shows(p, c, "2026-01-12T12:00:00"), "daily") == 0, "%s",
          shows(p, c, "2026-01-12T12:00:00"));
    CHECK(strcmp(shows(p, c, "2027-06-01T12:00:00"), "daily") == 0, "%s",
          shows(p, c, "2027-06-01T12:00:00"));

    bt_test_case = "release a daily override until its next start";
    handle(c, p, "2026-01-12T12:00:00", "release daily",
           "ok: \"daily\" released; it shows again at its next scheduled start\n");
    CHECK(strcmp(shows(p, c, "2026-01-12T17:59:59"), "-") == 0, "%s",
          shows(p, c, "2026-01-12T17:59:59"));
    CHECK(strcmp(shows(p, c, "2026-01-13T06:00:00"), "daily") == 0, "%s",
          shows(p, c, "2026-01-13T06:00:00"));
    handle(c, p, "2026-01-12T12:30:00", "release daily", "ok: \"daily\" was already released\n");

    bt_test_case = "release what is not showing";
    handle(c, p, "2026-01-12T20:00:00", "release meeting",
           "error: \"meeting\" is not showing: it is not raised, and its schedule is not active "
           "now\n");
    handle(c, p, "2026-01-12T20:00:00", "trigger meeting",
           "ok: \"meeting\" raised; it shows within a second\n");
    CHECK(strcmp(shows(p, c, "2026-01-12T20:00:00"), "meeting") == 0, "not raised");
    handle(c, p, "2026-01-12T20:00:00", "release meeting", "ok: \"meeting\" released\n");
    CHECK(strcmp(shows(p, c, "2026-01-12T20:00:00"), "-") == 0, "not released");

    bt_test_case = "releases kept across a restart";
    bt_control_close(c);
    c = bt_control_open(NULL, state);
    bt_control_poll(c, p, at("2026-01-12T13:00:00"), 1);
    CHECK(strcmp(shows(p, c, "2026-01-12T13:00:00"), "-") == 0, "%s",
          shows(p, c, "2026-01-12T13:00:00"));
    // The daily one's next start comes: its release is forgotten.
    bt_control_poll(c, p, at("2026-01-13T06:00:00"), 1);
    CHECK(c && bt_control_raised(c)->nreleased == 1, "%zu released",
          bt_control_raised(c)->nreleased);
    CHECK(strcmp(shows(p, c, "2026-01-13T06:00:00"), "daily") == 0, "%s",
          shows(p, c, "2026-01-13T06:00:00"));

    bt_test_case = "a trigger ends a release";
    handle(c, p, "2026-01-13T05:00:00", "trigger notice",
           "ok: \"notice\" raised; it shows within a second\n");
    CHECK(strcmp(shows(p, c, "2026-01-13T05:00:00"), "notice") == 0, "%s",
          shows(p, c, "2026-01-13T05:00:00"));
    handle(c, p, "2026-01-13T05:00:00", "release notice",
           "ok: \"notice\" released; its schedule has no later start, so it stays off on this "
           "screen\n");
    CHECK(strcmp(shows(p, c, "2026-01-13T05:00:00"), "-") == 0, "raised and scheduled, yet on");

    bt_test_case = "a new revision gives the released override a later start";
    struct bt_playlist *p2 = parse(RELEASES("2026-03-01"));
    bt_control_poll(c, p2, at("2026-01-14T12:00:00"), 1);
    CHECK(bt_control_raised(c)->nreleased == 0, "%zu released", bt_control_raised(c)->nreleased);
    CHECK(strcmp(shows(p2, c, "2026-03-01T00:00:00"), "notice") == 0, "%s",
          shows(p2, c, "2026-03-01T00:00:00"));
    bt_control_close(c);
    bt_playlist_destroy(p2);
    bt_playlist_destroy(p);
}

// The playlist's time zone, whatever the system's: local seconds come from TZ (which the
// player sets to the playlist's zone).
static void check_local(void)
{
    bt_test_case = "local seconds in the playlist's time zone";
    setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    tzset();
    int64_t wall = at("2025-12-09T17:00:00");   // 17:00 UTC is midnight in Hà Nội
    CHECK(bt_local_seconds(wall) == at("2025-12-10T00:00:00"), "%lld",
          (long long)bt_local_seconds(wall));
    setenv("TZ", "America/New_York", 1);
    tzset();
    CHECK(bt_local_seconds(wall) == at("2025-12-09T12:00:00"), "%lld",
          (long long)bt_local_seconds(wall));
}

int main(void)
{
    check_table();
    check_playlist();
    check_moments();
    check_equal_priority();
    check_run_ends();
    check_release();
    check_local();
    return bt_test_end();
}
