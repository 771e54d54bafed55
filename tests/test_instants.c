// Schedules decided on moments. Random schedules in zones with and without daylight saving
// time (windows across midnight and to 24:00, seconds in from and until, dates around the days
// the clocks change) are walked on moments, second by second near every edge and minute by
// minute elsewhere, by a reading of playlists/README.md written here with its own conversion of
// local times by the two rules; at every moment it is compared with the player's evaluation
// (the clock's now.local into the schedule), bangtin plan's spans and, over the whole of
// from-until, check's verdict. Then the cases of issue 13, fixed. The seed is fixed and printed
// with a failure.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "playlist/playlist.h"
#include "playlist/schedule.h"
#include "staff/plan.h"
#include "test.h"
#include "time/clock.h"
#include "time/zone.h"

#define SEED  20251026u
#define CASES 1000
#define DAY   86400
#define EDGE  90   // seconds walked one by one on each side of an edge

static uint64_t rng = SEED;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static int pick(int n)
{
    return (int)(rnd() % (uint32_t)n);
}

// Zones, and days their clocks change (any days for one that has no such days).
static const struct {
    const char *name;
    const char *days[4];
} zones[] = {
    {"Asia/Ho_Chi_Minh", {"2025-03-30", "2025-10-26", "2026-01-01", "2026-07-15"}},
    {"Europe/Berlin", {"2025-03-30", "2025-10-26", "2026-03-29", "2026-10-25"}},
    {"Europe/London", {"2025-03-30", "2025-10-26", "2026-03-29", "2026-10-25"}},
    {"America/New_York", {"2025-03-09", "2025-11-02", "2026-03-08", "2026-11-01"}},
    {"Australia/Lord_Howe", {"2025-04-06", "2025-10-05", "2026-04-05", "2026-10-04"}},
};

// Local seconds of a date's midnight (the calendar's own arithmetic).
static int64_t midnight(const char *date)
{
    struct tm tm = {0};
    sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm);
}

static int64_t floor_day(int64_t local)
{
    return local >= 0 ? local / DAY : -((-local + DAY - 1) / DAY);
}

// What the clock reads at moment t, as local seconds.
static int64_t reading(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return t + tm.tm_gmtoff;
}

// The moment local time x means by the document's two rules, found by search: the first of the
// moments the clock reads x, or, when it never does (the clocks skip it), the first moment
// after the gap.
static int64_t moment_of(int64_t x)
{
    int64_t offs[128];
    int n = 0;
    for (int64_t t = x - 2 * DAY; t <= x + 2 * DAY && n < 128; t += 3600) {
        int64_t o = reading(t) - t;
        int seen = 0;
        for (int i = 0; i < n; i++)
            seen |= offs[i] == o;
        if (!seen)
            offs[n++] = o;
    }
    int64_t first = INT64_MAX, most = offs[0];
    for (int i = 0; i < n; i++) {
        if (reading(x - offs[i]) == x && x - offs[i] < first)
            first = x - offs[i];
        most = offs[i] > most ? offs[i] : most;
    }
    if (first != INT64_MAX)
        return first;
    // No clock reads x: walk through the gap to where the clock reads past it.
    int64_t t = x - most;
    while (reading(t) < x)
        t++;
    return t;
}

// A schedule as the document describes it.
struct sched {
    int has_from, has_until;
    int64_t from, until;   // local seconds; a date-only until is the next midnight
    unsigned days;         // Monday first
    int nh, start[2], end[2];
    char json[700];
};

// Spans of moments, from the document: a window's, or a whole day's.
struct spans {
    int64_t a[512], b[512];
    int n;
};

static void window_spans(const struct sched *s, unsigned days, int64_t w0, int64_t w1,
                         struct spans *out)
{
    out->n = 0;
    for (int64_t day = floor_day(reading(w0)) - 2; day <= floor_day(reading(w1)) + 1; day++) {
        if (!(days & (1u << ((day % 7 + 7 + 3) % 7))))   // 1970-01-01 was a Thursday
            continue;
        for (int i = 0; i < (s->nh ? s->nh : 1) && out->n < 512; i++) {
            int64_t a = day * DAY, b = a + DAY;
            if (s->nh) {
                b = a + s->end[i] * 60 + (s->end[i] < s->start[i] ? DAY : 0);
                a += s->start[i] * 60;
            }
            out->a[out->n] = moment_of(a);
            out->b[out->n++] = moment_of(b);
        }
    }
}

static int in_spans(const struct spans *sp, int64_t t)
{
    for (int i = 0; i < sp->n; i++)
        if (t >= sp->a[i] && t < sp->b[i])
            return 1;
    return 0;
}

// Spans bangtin plan printed: those showing `want` (a state's beginning).
struct plan_spans {
    int64_t a[4096], b[4096];
    int n;
    const char *want;
};

static void collect(void *user, long z, int64_t since, int64_t until,
                    const struct bt_plan_state *state)
{
    (void)z;
    struct plan_spans *ps = user;
    if (strncmp(state->words, ps->want, strlen(ps->want)) == 0 && ps->n < 4096) {
        ps->a[ps->n] = since;
        ps->b[ps->n++] = until;
    }
}

static int in_plan(const struct plan_spans *ps, int64_t t)
{
    for (int i = 0; i < ps->n; i++)
        if (t >= ps->a[i] && t < ps->b[i])
            return 1;
    return 0;
}

static void local_text(int64_t local, int form, char *buf, size_t size)
{
    time_t t = (time_t)local;
    struct tm tm;
    gmtime_r(&t, &tm);
    if (form == 0)
        strftime(buf, size, "%Y-%m-%d", &tm);
    else if (form == 1)
        strftime(buf, size, "%Y-%m-%dT%H:%M", &tm);
    else
        strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
}

// A minute of the day, near the hours the clocks change more often than not.
static int some_minute(void)
{
    static const int marks[] = {0, 60, 90, 120, 135, 150, 165, 180, 210, 1320, 1410};
    int r = pick(10);
    if (r < 3)
        return marks[pick(sizeof(marks) / sizeof(marks[0]))];
    if (r < 7)
        return pick(240);
    return pick(1440);
}

static int64_t some_time(int64_t day, int *form)
{
    *form = pick(10) < 3 ? 0 : pick(2) + 1;
    if (*form == 0)
        return day * DAY;
    int64_t t = day * DAY + some_minute() * 60;
    return *form == 2 ? t + pick(60) : t;
}

static void make_schedule(int64_t anchor_day, struct sched *s)
{
    memset(s, 0, sizeof(*s));
    char from[32], until[32], part[200];
    size_t n = 0;
    s->json[n++] = '{';
    s->has_from = pick(10) < 8;
    s->has_until = pick(10) < 8;
    int ff = 0, uf = 0;
    if (s->has_from) {
        s->from = some_time(anchor_day + (pick(2) ? 0 : pick(3) - 1), &ff);
        local_text(s->from, ff, from, sizeof(from));
        n += (size_t)snprintf(s->json + n, sizeof(s->json) - n, "\"from\": \"%s\"", from);
    }
    if (s->has_until) {
        int64_t day = s->has_from && pick(4) ? floor_day(s->from) + pick(3) : anchor_day + pick(3);
        s->until = some_time(day, &uf);
        if (s->has_from && pick(4) == 0) {
            // A short range: minutes to hours, often in the hours the clocks change at (and
            // perhaps all in a gap).
            if (pick(2)) {
                s->from = floor_day(s->from) * DAY + (60 + pick(120)) * 60 + pick(60);
                ff = 2;
                local_text(s->from, ff, from, sizeof(from));
                n = (size_t)snprintf(s->json, sizeof(s->json), "{\"from\": \"%s\"", from);
            }
            s->until = s->from + 60 * pick(pick(2) ? 45 : 150) + pick(60);
            uf = 2;
        }
        local_text(s->until, uf, until, sizeof(until));
        if (uf == 0)
            s->until += DAY;   // a date-only until includes its day
        n += (size_t)snprintf(s->json + n, sizeof(s->json) - n, "%s\"until\": \"%s\"",
                              s->has_from ? ", " : "", until);
    }
    s->days = 0x7F;
    if (pick(2)) {
        static const char *const names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
        s->days = (unsigned)pick(127) + 1;
        size_t k = (size_t)snprintf(part, sizeof(part), "\"days\": [");
        for (int d = 0; d < 7; d++)
            if (s->days & (1u << d))
                k += (size_t)snprintf(part + k, sizeof(part) - k, "%s\"%s\"",
                                      part[k - 1] == '[' ? "" : ", ", names[d]);
        snprintf(part + k, sizeof(part) - k, "]");
        n += (size_t)snprintf(s->json + n, sizeof(s->json) - n, "%s%s", n > 1 ? ", " : "", part);
    }
    if (pick(20) < 13) {
        s->nh = pick(10) < 7 ? 1 : 2;
        size_t k = (size_t)snprintf(part, sizeof(part), "\"hours\": [");
        for (int i = 0; i < s->nh; i++) {
            s->start[i] = some_minute();
            do
                s->end[i] = pick(10) == 0 ? 1440 : some_minute();
            while (s->end[i] == s->start[i]);
            k += (size_t)snprintf(part + k, sizeof(part) - k, "%s\"%02d:%02d-%02d:%02d\"",
                                  i ? ", " : "", s->start[i] / 60, s->start[i] % 60, s->end[i] / 60,
                                  s->end[i] % 60);
        }
        snprintf(part + k, sizeof(part) - k, "]");
        n += (size_t)snprintf(s->json + n, sizeof(s->json) - n, "%s%s", n > 1 ? ", " : "", part);
    }
    snprintf(s->json + n, sizeof(s->json) - n, "}");
}

static struct bt_playlist *read_doc(const char *zone, const struct sched *s,
                                    enum bt_playlist_mode mode, struct bt_diags *d)
{
    char doc[2000], hours[200] = "";
    if (s->nh) {
        const char *h = strstr(s->json, "\"hours\"");
        snprintf(hours, sizeof(hours), ", \"brightness\": [{%.*s, \"percent\": 40}]",
                 (int)(strchr(h, ']') - h + 1), h);
    }
    snprintf(doc, sizeof(doc),
             "{\"version\": 1, \"timezone\": \"%s\", \"canvas\": {\"width\": 10, \"height\": 10},"
             " \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": 10, \"h\": 10, \"items\":"
             " [{\"type\": \"text\", \"text\": \"a\", \"schedule\": %s}]}]%s}",
             zone, s->json, hours);
    return bt_playlist_parse(doc, strlen(doc), "t.json", "/tmp", mode, d);
}

static long long instants, comparisons, verdicts, refused;

static void report(int c, const char *zone, const struct sched *s, const char *what, int64_t t,
                   int want, int got, int *said)
{
    if ((*said)++ >= 3)
        return;
    char when[64];
    time_t lt = (time_t)reading(t);
    struct tm tm;
    gmtime_r(&lt, &tm);
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(stderr, "seed %u, case %d, %s %s: %s at @%lld (reads %s): %d, the document says %d\n",
            SEED, c, zone, s->json, what, (long long)t, when, got, want);
}

static void check_case(int c)
{
    int z = pick(sizeof(zones) / sizeof(zones[0]));
    const char *zone = zones[z].name;
    bt_timezone_set(zone);
    int64_t anchor_day = floor_day(midnight(zones[z].days[pick(4)])) + (pick(2) ? 0 : pick(5) - 2);
    struct sched s;
    make_schedule(anchor_day, &s);
    char name[900];
    snprintf(name, sizeof(name), "seed %u, case %d, %s %s", SEED, c, zone, s.json);
    bt_test_case = name;

    // The document: from and until as moments, and the walk's reach.
    int64_t from = s.has_from ? moment_of(s.from) : 0, until = s.has_until ? moment_of(s.until) : 0;
    int64_t w0, w1;
    if (s.has_from && s.has_until && until > from) {
        w0 = from - DAY;
        w1 = until + DAY;
    } else if (s.has_from) {
        w0 = from - DAY;
        w1 = from + 3 * DAY;
    } else if (s.has_until) {
        w0 = until - 3 * DAY;
        w1 = until + DAY;
    } else {
        w0 = moment_of(anchor_day * DAY) - DAY;
        w1 = w0 + 3 * DAY;
    }
    struct spans item, dim;
    window_spans(&s, s.days, w0, w1, &item);
    window_spans(&s, 0x7F, w0, w1, &dim);

    // Check's verdict, and the player's reading.
    struct bt_diags d = {0};
    struct bt_playlist *p = read_doc(zone, &s, BT_PLAYLIST_CHECK, &d);
    int accepted = p && d.errors == 0;
    CHECK(p && (accepted || (d.count && strstr(d.items[0].message, "never matches"))), "check: %s",
          d.count ? d.items[0].message : "rejected");
    bt_playlist_destroy(p);
    bt_diags_free(&d);
    bt_timezone_set(zone);
    p = read_doc(zone, &s, BT_PLAYLIST_PLAY, &d);
    bt_diags_free(&d);
    CHECK(p != NULL, "not read");
    if (!p)
        return;
    const struct bt_schedule *sched = p->zones[0].nitems ? p->zones[0].items[0].schedule : NULL;
    int dropped = p->zones[0].nitems == 0;

    static struct plan_spans plan_item, plan_dim;
    plan_item.n = plan_dim.n = 0;
    plan_item.want = "1 text";
    plan_dim.want = "on, brightness 40";
    CHECK(bt_plan_spans(p, 0, w0, w1, collect, &plan_item) == 0 &&
              bt_plan_spans(p, -1, w0, w1, collect, &plan_dim) == 0,
          "plan failed");

    // Every edge the document names, walked second by second around.
    int64_t edges[2 * 512 + 2 * 512 + 2];
    int ne = 0;
    for (int i = 0; i < item.n; i++) {
        edges[ne++] = item.a[i];
        edges[ne++] = item.b[i];
    }
    for (int i = 0; i < dim.n; i++) {
        edges[ne++] = dim.a[i];
        edges[ne++] = dim.b[i];
    }
    if (s.has_from)
        edges[ne++] = from;
    if (s.has_until)
        edges[ne++] = until;
    for (int i = 1; i < ne; i++)
        for (int k = i; k > 0 && edges[k - 1] > edges[k]; k--) {
            int64_t x = edges[k];
            edges[k] = edges[k - 1];
            edges[k - 1] = x;
        }

    int said = 0, any = 0, k = 0;
    for (int64_t t = w0; t < w1;) {
        int want = (!s.has_from || t >= from) && (!s.has_until || t < until) && in_spans(&item, t);
        int want_dim = s.nh && in_spans(&dim, t);
        any |= want;
        struct bt_clock clock;
        bt_clock_init_sim(&clock, t * 1000000, 60);
        struct bt_now now = bt_clock_now(&clock);
        int player = !dropped && bt_schedule_allows(sched, now.local, now.clock_trusted);
        const struct bt_override *ov[1];
        unsigned char on[1];
        struct bt_moment m = {.override = ov, .zone_on = on};
        bt_schedule_eval(p, now.local, NULL, now.clock_trusted, &m);
        if (player != want)
            report(c, zone, &s, "the player", t, want, player, &said);
        if (in_plan(&plan_item, t) != want)
            report(c, zone, &s, "plan", t, want, !want, &said);
        if ((m.brightness == 40) != want_dim)
            report(c, zone, &s, "the player's brightness", t, want_dim, !want_dim, &said);
        if (in_plan(&plan_dim, t) != want_dim)
            report(c, zone, &s, "plan's brightness", t, want_dim, !want_dim, &said);
        instants++;
        comparisons += 4;
        // The next moment: one second on near an edge, else a minute (landing before the next).
        while (k < ne && edges[k] <= t)
            k++;
        int64_t prev = k ? edges[k - 1] : INT64_MIN / 2, next = k < ne ? edges[k] : INT64_MAX / 2;
        int64_t step = 60;
        if (t - prev < EDGE || next - t <= EDGE)
            step = 1;
        else if (t + step > next - EDGE)
            step = next - EDGE - t;
        t += step;
    }
    CHECK(said == 0, "%d moments disagree with the document", said);

    // Check refuses exactly the schedules no moment of which matches; one without from or
    // until has moments every week.
    if (s.has_from && s.has_until) {
        CHECK(accepted == any, "check %s it, but %s", accepted ? "accepts" : "refuses",
              any ? "it plays" : "no moment between from and until matches");
        verdicts++;
    } else {
        CHECK(accepted, "check refuses a schedule without from or until");
    }
    refused += !accepted;
    bt_playlist_destroy(p);
}

// The plan's text for a playlist in Berlin (the cases of issue 13).
static char *plan_text(const char *doc, const char *from, const char *to)
{
    const char *path = bt_test_write("berlin.json", doc);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    int rc = bt_plan_run(path, from, to, NULL, f);
    fclose(f);
    CHECK(rc == 0, "plan: exit %d", rc);
    return text;
}

static void check_issue(void)
{
    const char *doc =
        "{\"version\": 1, \"timezone\": \"Europe/Berlin\", \"canvas\": {\"width\": 10, "
        "\"height\": 10}, \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": 10, \"h\": 10,"
        " \"items\": [{\"type\": \"text\", \"text\": \"night\", \"schedule\": {\"hours\": "
        "\"02:15-02:45\"}}, {\"type\": \"text\", \"text\": \"seconds\", \"schedule\": {\"from\": "
        "\"2025-03-30T10:00:30\", \"until\": \"2025-03-30T10:00:45\"}}, {\"type\": \"text\", "
        "\"text\": \"ends\", \"schedule\": {\"from\": \"2025-10-26T01:00\", \"until\": "
        "\"2025-10-26T02:30\"}}]}], \"brightness\": [{\"hours\": \"01:00-02:30\", \"percent\": "
        "40}]}";

    bt_test_case = "plan: no time the clocks skip";
    char *text = plan_text(doc, "2025-03-29T20:00", "2025-03-30T12:00");
    CHECK(text && !strstr(text, "02:15") && !strstr(text, "02:45") &&
              strstr(text, "  2025-03-30 01:00 Sun  ->  2025-03-30 03:00 Sun   on, brightness "
                           "40 %\n"),
          "\n%s", text ? text : "");
    bt_test_case = "plan: seconds";
    CHECK(text && strstr(text, "  2025-03-30 10:00:30 Sun  ->  2025-03-30 10:00:45 Sun   2 text "
                               "\"seconds\"\n"),
          "\n%s", text ? text : "");
    free(text);

    bt_test_case = "plan: the hour the clocks repeat";
    text = plan_text(doc, "2025-10-25T20:00", "2025-10-26T12:00");
    const char *dims = text ? strstr(text, "brightness 40") : NULL;
    CHECK(dims && !strstr(dims + 1, "brightness 40") &&
              strstr(text, "  2025-10-26 01:00 Sun  ->  2025-10-26 02:30 Sun CEST   on, "
                           "brightness 40 %\n") &&
              strstr(text, "  2025-10-26 02:30 Sun CEST  ->  2025-10-26 02:45 Sun CEST   1 "
                           "text \"night\"\n"),
          "\n%s", text ? text : "");
    free(text);

    // The player in the repeated hour: 02:15 CEST (00:15 UTC), then 02:15 CET (01:15 UTC).
    bt_test_case = "the player: an item that ended at 02:30 stays ended";
    struct bt_diags d = {0};
    struct bt_playlist *p =
        bt_playlist_parse(doc, strlen(doc), "t.json", "/tmp", BT_PLAYLIST_PLAY, &d);
    bt_diags_free(&d);
    bt_timezone_set("Europe/Berlin");
    CHECK(p && p->zones[0].nitems == 3, "not read");
    if (!p || p->zones[0].nitems != 3)
        return;
    const struct bt_override *ov[1];
    unsigned char on[1];
    struct bt_moment m = {.override = ov, .zone_on = on};
    const int64_t first = 1761437700, second = 1761441300;
    const struct bt_schedule *ends = p->zones[0].items[2].schedule;
    CHECK(bt_schedule_active(ends, bt_local_passed(first)), "not playing at the first 02:15");
    CHECK(!bt_schedule_active(ends, bt_local_passed(second)), "back at the second 02:15");
    bt_test_case = "the player: brightness 01:00-02:30 dims once";
    bt_schedule_eval(p, bt_local_passed(first), NULL, 1, &m);
    CHECK(m.brightness == 40, "not dimmed at the first 02:15");
    bt_schedule_eval(p, bt_local_passed(second), NULL, 1, &m);
    CHECK(m.brightness == 100, "dimmed again at the second 02:15");
    bt_playlist_destroy(p);

    // Check in the playlist's zone: the gap holds no moment.
    static const struct {
        const char *zone, *schedule;
        int accepted;
    } checks[] = {
        {"Europe/Berlin", "{\"from\": \"2025-03-30T02:05\", \"until\": \"2025-03-30T02:50\"}", 0},
        {"Europe/Berlin",
         "{\"from\": \"2025-03-30\", \"until\": \"2025-03-30\", \"hours\": \"02:15-02:45\"}", 0},
        {"Europe/Berlin",
         "{\"from\": \"2025-03-30\", \"until\": \"2025-03-31\", \"hours\": \"02:15-02:45\"}", 1},
        {"Asia/Ho_Chi_Minh",
         "{\"from\": \"2025-03-30\", \"until\": \"2025-03-30\", \"hours\": \"02:15-02:45\"}", 1},
        {"Europe/Berlin",
         "{\"from\": \"2025-12-13\", \"until\": \"2025-12-13T01:30\", \"days\": [\"fri\"], "
         "\"hours\": \"22:00-02:00\"}",
         1},
        {"Europe/Berlin",
         "{\"from\": \"2026-04-17T11:05:51\", \"until\": \"2026-04-17T13:14:41\", \"hours\": "
         "\"16:45-01:00\"}",
         0},
    };
    for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
        char name[300], json[1000];
        snprintf(name, sizeof(name), "check in %s: %s", checks[i].zone, checks[i].schedule);
        bt_test_case = name;
        snprintf(json, sizeof(json),
                 "{\"version\": 1, \"timezone\": \"%s\", \"canvas\": {\"width\": 10, \"height\": "
                 "10}, \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": 10, \"h\": 10, "
                 "\"items\": [{\"type\": \"text\", \"text\": \"a\", \"schedule\": %s}]}]}",
                 checks[i].zone, checks[i].schedule);
        p = bt_playlist_parse(json, strlen(json), "t.json", "/tmp", BT_PLAYLIST_CHECK, &d);
        CHECK(p && (d.errors == 0) == checks[i].accepted, "%s",
              d.count ? d.items[0].message : "accepted");
        bt_playlist_destroy(p);
        bt_diags_free(&d);
    }
}

int main(void)
{
    // The system's zone is none of the playlists'.
    setenv("TZ", "America/Sao_Paulo", 1);
    tzset();
    for (int c = 0; c < CASES; c++)
        check_case(c);
    printf("%d random schedules (seed %u): %lld moments walked, %lld comparisons with the player "
           "and plan, %lld check verdicts over from-until (%lld refused)\n",
           CASES, SEED, instants, comparisons, verdicts, refused);
    check_issue();
    return bt_test_end();
}
