// Schedules: from, until, days, hours — in the playlist's local time, as "local seconds". The
// dates, windows and day names themselves are read by time/parse, as everywhere else.
#include <stdlib.h>

#include "base/i18n.h"
#include "playlist/read_fields.h"
#include "time/parse.h"
#include "time/zone.h"

int pl_windows(struct pl_ctx *c, enum pl_level level, json_t *j, const char *path,
               struct bt_window **out, size_t *n)
{
    char msg[300], p[PL_PATH];
    size_t count = json_is_array(j) ? json_array_size(j) : 1;
    if (!json_is_array(j) && !json_is_string(j)) {
        pl_problem(c, level, path, 0,
                   _("must be a list of windows, e.g. [\"07:30-11:30\", \"13:30-17:00\"]"));
        return -1;
    }
    if (count == 0) {
        pl_problem(c, level, path, 0,
                   _("is an empty list and never matches; for all day "
                     "leave it out"));
        return -1;
    }
    if (count > BT_WINDOWS_MAX) {
        pl_problem(c, level, path, 0, _("has %zu windows; at most %d are allowed"), count,
                   BT_WINDOWS_MAX);
        return -1;
    }
    struct bt_window *w = calloc(count, sizeof(*w));
    if (!w)
        return -1;
    for (size_t i = 0; i < count; i++) {
        json_t *e = json_is_array(j) ? json_array_get(j, i) : j;
        const char *ep = json_is_array(j) ? pl_index(p, path, i) : path;
        if (!json_is_string(e)) {
            pl_problem(c, level, ep, 0, _("must be a window \"HH:MM-HH:MM\" in quotes"));
            free(w);
            return -1;
        }
        if (bt_window_parse(json_string_value(e), &w[i], msg, sizeof(msg)) != 0) {
            pl_problem(c, level, ep, 0, "%s", msg);
            free(w);
            return -1;
        }
    }
    *out = w;
    *n = count;
    return 0;
}

static int parse_days(struct pl_ctx *c, enum pl_level level, json_t *j, const char *path,
                      unsigned *out)
{
    char p[PL_PATH], msg[300];
    if (!json_is_array(j)) {
        pl_problem(c, level, path, 0, _("must be a list of days, e.g. [\"mon\", \"tue\"]"));
        return -1;
    }
    if (json_array_size(j) == 0) {
        pl_problem(c, level, path, 0,
                   _("is an empty list and never matches; for every day "
                     "leave it out"));
        return -1;
    }
    unsigned days = 0;
    for (size_t i = 0; i < json_array_size(j); i++) {
        json_t *e = json_array_get(j, i);
        const char *s = json_is_string(e) ? json_string_value(e) : "";
        int d = bt_day_parse(s, msg, sizeof(msg));
        if (d < 0) {
            pl_problem(c, level, pl_index(p, path, i), 0, "%s", msg);
            return -1;
        }
        days |= BT_DAY(d);
    }
    *out = days;
    return 0;
}

void pl_schedule_free(struct bt_schedule *s)
{
    if (!s)
        return;
    free(s->hours);
    free(s);
}

// Local seconds read as they are: as in a zone whose clocks never change.
static int64_t as_written(int64_t local)
{
    return local;
}

// The local times window i of s covers when it starts on `day` (the whole day when s has no
// hours): from *a up to *b.
static void occurrence(const struct bt_schedule *s, size_t i, int64_t day, int64_t *a, int64_t *b)
{
    *a = day * 86400;
    *b = *a + 86400;
    if (s->nhours) {
        const struct bt_window *w = &s->hours[i];
        *b = *a + w->end * 60 + (w->end < w->start ? 86400 : 0);
        *a += w->start * 60;
    }
}

// Whether some moment between from and until falls on the days and in the hours, local times
// turned into moments by `moment`. Day by day from the day before from (a window across
// midnight that starts that evening still runs after from) to until's. Where one matches, one
// comes within weeks: the cap only bounds the work.
static int ever_matches(const struct bt_schedule *s, int64_t (*moment)(int64_t))
{
    enum {
        CAP_DAYS = 800
    };
    if (!s->has_from || !s->has_until)
        return 1;   // every week has moments of every window
    int64_t from = moment(s->from), until = moment(s->until);
    int64_t first = bt_local_day(s->from) - 1, last = bt_local_day(s->until - 1);
    if (last - first > CAP_DAYS)
        return 1;
    for (int64_t day = first; day <= last; day++) {
        if (!(s->days & BT_DAY(bt_local_weekday(day))))
            continue;
        for (size_t i = 0; i < (s->nhours ? s->nhours : 1); i++) {
            int64_t a, b;
            occurrence(s, i, day, &a, &b);
            a = moment(a);
            b = moment(b);
            if ((a > from ? a : from) < (b < until ? b : until))
                return 1;
        }
    }
    return 0;
}

struct bt_schedule *pl_schedule(struct pl_ctx *c, enum pl_level level, json_t *j, const char *path)
{
    static const char *const known[] = {"from", "until", "days", "hours"};
    char p[PL_PATH], msg[300];
    if (!json_is_object(j)) {
        pl_problem(c, level, path, 0,
                   _("must be an object, e.g. {\"from\": \"2025-12-10\", \"until\": "
                     "\"2025-12-31\"}"));
        return NULL;
    }
    pl_unknown_keys(c, j, path, known, 4);
    struct bt_schedule *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->days = BT_DAYS_ALL;
    const char *from_text = NULL, *until_text = NULL;
    int bad = 0;
    for (int k = 0; k < 2; k++) {
        const char *key = k == 0 ? "from" : "until";
        json_t *v = json_object_get(j, key);
        if (!v)
            continue;
        pl_join(p, path, key);
        struct bt_datetime t;
        if (!json_is_string(v)) {
            pl_problem(c, level, p, 0, _("must be a date in quotes, e.g. \"2025-12-10\""));
            bad = 1;
            continue;
        }
        if (bt_datetime_parse(json_string_value(v), &t, msg, sizeof(msg)) != 0) {
            pl_problem(c, level, p, 0, "%s", msg);
            bad = 1;
            continue;
        }
        if (k == 0) {
            s->has_from = 1;
            s->from = t.local;
            from_text = json_string_value(v);
        } else {
            s->has_until = 1;
            // A date-only until includes that day.
            s->until = t.date_only ? t.local + 86400 : t.local;
            until_text = json_string_value(v);
        }
    }
    if (s->has_from && s->has_until && s->until <= s->from) {
        pl_problem(c, level, pl_join(p, path, "until"), 0,
                   _("\"%s\" is not after from (\"%s\"); the schedule never matches"), until_text,
                   from_text);
        bad = 1;
    }
    json_t *days = json_object_get(j, "days");
    if (days && parse_days(c, level, days, pl_join(p, path, "days"), &s->days) != 0)
        bad = 1;
    json_t *hours = json_object_get(j, "hours");
    if (hours && pl_windows(c, level, hours, pl_join(p, path, "hours"), &s->hours, &s->nhours))
        bad = 1;
    if (bad)
        goto fail;
    // A schedule that never plays: no moment between from and until on its days and in its
    // hours. Checking, in the playlist's time zone (read.c made it the process's), its gaps
    // included; playing, in local time as written, which never drops one that plays.
    if (!ever_matches(s, c->mode == BT_PLAYLIST_CHECK ? bt_local_moment : as_written)) {
        if (s->nhours)
            pl_problem(c, level, pl_join(p, path, "hours"), 0,
                       s->days != BT_DAYS_ALL
                           ? _("no time in these hours on these days falls between \"%s\" and "
                               "\"%s\"; the schedule never matches")
                           : _("no time in these hours falls between \"%s\" and \"%s\"; the "
                               "schedule never matches"),
                       from_text, until_text);
        else if (s->days != BT_DAYS_ALL)
            pl_problem(c, level, pl_join(p, path, "days"), 0,
                       _("none of these days falls between \"%s\" and \"%s\"; the schedule "
                         "never matches"),
                       from_text, until_text);
        else
            pl_problem(c, level, pl_join(p, path, "until"), 0,
                       _("\"%s\" and \"%s\" fall in the same gap of the clocks (they go "
                         "forward then); the schedule never matches"),
                       from_text, until_text);
        goto fail;
    }
    return s;
fail:
    pl_schedule_free(s);
    return NULL;
}
