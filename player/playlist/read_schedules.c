// Schedules: from, until, days, hours — in the playlist's local time, as "local seconds".
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "playlist/read_fields.h"

static const char *const day_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
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

// Reads exactly n digits at *p. Returns the value or -1.
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

// Parses a date or date-time. Returns 0 (with *date_only set) or -1 with msg filled.
static int parse_when(const char *s, int64_t *out, int *date_only, char *msg, size_t msgsize)
{
    const char *p = s;
    int y = digits(&p, 4), mo = -1, d = -1, h = 0, mi = 0, sec = 0;
    if (y >= 0 && *p == '-') {
        p++;
        mo = digits(&p, 2);
        if (mo >= 0 && *p == '-') {
            p++;
            d = digits(&p, 2);
        }
    }
    if (y < 0 || mo < 0 || d < 0) {
        int dd, mm, yy;
        char tail;
        if (sscanf(s, "%d/%d/%d%c", &dd, &mm, &yy, &tail) == 3 && yy > 999) {
            snprintf(msg, msgsize,
                     _("\"%s\" is written day/month/year; write dates as YYYY-MM-DD, "
                       "e.g. \"%04d-%02d-%02d\""),
                     s, yy, mm, dd);
        } else {
            snprintf(msg, msgsize,
                     _("\"%s\" is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM, "
                       "e.g. \"2025-12-10\" or \"2025-12-10T07:30\""),
                     s);
        }
        return -1;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) {
        snprintf(msg, msgsize, _("\"%s\" is not a day of the calendar"), s);
        return -1;
    }
    *date_only = *p == '\0';
    if (!*date_only) {
        if (*p++ != 'T' || (h = digits(&p, 2)) < 0 || *p++ != ':' || (mi = digits(&p, 2)) < 0 ||
            (*p == ':' && (p++, (sec = digits(&p, 2)) < 0)) || *p != '\0') {
            snprintf(msg, msgsize,
                     _("\"%s\" is not a date-time; write YYYY-MM-DDTHH:MM, e.g. "
                       "\"2025-12-10T07:30\""),
                     s);
            return -1;
        }
        if (h > 23 || mi > 59 || sec > 59) {
            snprintf(msg, msgsize, _("\"%s\" has no such time of day; hours run 00:00 to 23:59"),
                     s);
            return -1;
        }
    }
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    return 0;
}

// "HH:MM" into minutes; 24:00 only when allow_24. Returns minutes or -1.
static int parse_hhmm(const char *s, int allow_24)
{
    const char *p = s;
    int h = digits(&p, 2);
    if (h < 0 || *p++ != ':')
        return -1;
    int m = digits(&p, 2);
    if (m < 0 || m > 59 || *p)
        return -1;
    if (h > 24 || (h == 24 && (m != 0 || !allow_24)))
        return -1;
    return h * 60 + m;
}

// "HH:MM-HH:MM". Returns 0 or -1 with msg filled.
static int parse_window(const char *s, struct bt_window *w, char *msg, size_t msgsize)
{
    char a[8], b[8];
    const char *dash = strchr(s, '-');
    if (!dash || dash - s != 5 || strlen(dash + 1) != 5) {
        snprintf(msg, msgsize,
                 _("\"%s\" is not a window; write \"HH:MM-HH:MM\", e.g. \"07:30-11:30\""), s);
        return -1;
    }
    memcpy(a, s, 5);
    a[5] = '\0';
    snprintf(b, sizeof(b), "%s", dash + 1);
    w->start = parse_hhmm(a, 0);
    w->end = parse_hhmm(b, 1);
    if (w->start < 0 || w->end < 0) {
        snprintf(msg, msgsize,
                 _("\"%s\" is not a time of day; times run from 00:00 to 23:59, and 24:00 may "
                   "end a window"),
                 w->start < 0 ? a : b);
        return -1;
    }
    if (w->start == w->end || (w->start == 0 && w->end == 0)) {
        snprintf(msg, msgsize,
                 _("the window \"%s\" is empty and never matches; for all day leave out "
                   "\"hours\""),
                 s);
        return -1;
    }
    return 0;
}

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
        if (parse_window(json_string_value(e), &w[i], msg, sizeof(msg)) != 0) {
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
    char p[PL_PATH];
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
        int d;
        for (d = 0; d < 7 && strcmp(s, day_names[d]) != 0; d++)
            ;
        if (d == 7) {
            pl_problem(c, level, pl_index(p, path, i), 0,
                       _("\"%s\" is not a day; use mon, tue, wed, thu, fri, sat or sun"), s);
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

static int weekday_of(int64_t local_seconds)   // 0 = Monday
{
    int64_t days = local_seconds >= 0 ? local_seconds / 86400 : (local_seconds - 86399) / 86400;
    return (int)(((days + 3) % 7 + 7) % 7);   // 1970-01-01 was a Thursday
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
        int date_only = 0;
        int64_t t;
        if (!json_is_string(v)) {
            pl_problem(c, level, p, 0, _("must be a date in quotes, e.g. \"2025-12-10\""));
            bad = 1;
            continue;
        }
        if (parse_when(json_string_value(v), &t, &date_only, msg, sizeof(msg)) != 0) {
            pl_problem(c, level, p, 0, "%s", msg);
            bad = 1;
            continue;
        }
        if (k == 0) {
            s->has_from = 1;
            s->from = t;
            from_text = json_string_value(v);
        } else {
            s->has_until = 1;
            s->until = date_only ? t + 86400 : t;   // a date-only until includes that day
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
    // A short date range may hold none of the days asked for.
    if (s->has_from && s->has_until && s->days != BT_DAYS_ALL && s->until - s->from < 7 * 86400) {
        unsigned seen = 0;
        for (int64_t t = s->from; t < s->until; t += 86400)
            seen |= BT_DAY(weekday_of(t));
        seen |= BT_DAY(weekday_of(s->until - 1));
        if (!(seen & s->days)) {
            pl_problem(c, level, pl_join(p, path, "days"), 0,
                       _("none of these days falls between \"%s\" and \"%s\"; the schedule "
                         "never matches"),
                       from_text, until_text);
            goto fail;
        }
    }
    return s;
fail:
    pl_schedule_free(s);
    return NULL;
}
