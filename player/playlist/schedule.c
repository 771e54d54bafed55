#include "playlist/schedule.h"

#include <string.h>
#include <time.h>

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static int weekday(int64_t day)   // 0 = Monday; day 0 (1970-01-01) was a Thursday
{
    return (int)(((day + 3) % 7 + 7) % 7);
}

static int in_window(const struct bt_window *w, unsigned days, int64_t day, int minute)
{
    if (w->start < w->end)
        return minute >= w->start && minute < w->end && (days & BT_DAY(weekday(day)));
    // Across midnight: the evening of a listed day, and the morning after it.
    return (minute >= w->start && (days & BT_DAY(weekday(day)))) ||
           (minute < w->end && (days & BT_DAY(weekday(day - 1))));
}

int bt_schedule_active(const struct bt_schedule *s, int64_t local)
{
    if (!s)
        return 1;
    if ((s->has_from && local < s->from) || (s->has_until && local >= s->until))
        return 0;
    int64_t day = floor_div(local, 86400);
    int minute = (int)((local - day * 86400) / 60);
    if (s->nhours == 0)
        return (s->days & BT_DAY(weekday(day))) != 0;
    for (size_t i = 0; i < s->nhours; i++)
        if (in_window(&s->hours[i], s->days, day, minute))
            return 1;
    return 0;
}

int bt_schedule_dated(const struct bt_schedule *s)
{
    return s && (s->has_from || s->has_until);
}

int bt_schedule_allows(const struct bt_schedule *s, int64_t local, int clock_trusted)
{
    if (!clock_trusted && bt_schedule_dated(s))
        return 0;
    return bt_schedule_active(s, local);
}

int64_t bt_schedule_run_end(const struct bt_schedule *s, int64_t local)
{
    if (!bt_schedule_active(s, local))
        return local;
    // Days and hours change only at whole minutes and repeat every week: a week and a day
    // without a break is for ever, or up to until.
    for (int64_t t = floor_div(local, 60) * 60 + 60; t <= local + 8 * 86400; t += 60) {
        if (s && s->has_until && t >= s->until)
            return s->until;
        if (!bt_schedule_active(s, t))
            return t;
    }
    return s && s->has_until ? s->until : INT64_MAX;
}

static int raised_has(const struct bt_raised *r, const char *id)
{
    for (size_t i = 0; r && i < r->n; i++)
        if (strcmp(r->ids[i], id) == 0)
            return 1;
    return 0;
}

static int released_at(const struct bt_raised *r, const char *id, int64_t local)
{
    for (size_t i = 0; r && i < r->nreleased; i++)
        if (strcmp(r->released[i].id, id) == 0 && local < r->released[i].until)
            return 1;
    return 0;
}

int bt_override_active(const struct bt_override *o, int64_t local, const struct bt_raised *raised,
                       int clock_trusted)
{
    if (raised_has(raised, o->id))
        return 1;   // raised by hand: no clock needed
    if (released_at(raised, o->id, local))
        return 0;   // released by hand until its next scheduled start
    return o->schedule && bt_schedule_allows(o->schedule, local, clock_trusted);
}

static int takes(const struct bt_override *o, const char *zone)
{
    if (o->all_zones)
        return 1;
    for (size_t i = 0; i < o->nzones; i++)
        if (strcmp(o->zones[i], zone) == 0)
            return 1;
    return 0;
}

// Whether any of the override's items may play now: one that has none shows nothing.
static int has_playable(const struct bt_override *o, int64_t local, int clock_trusted)
{
    for (size_t i = 0; i < o->nitems; i++)
        if (bt_schedule_allows(o->items[i].schedule, local, clock_trusted))
            return 1;
    return 0;
}

void bt_schedule_eval(const struct bt_playlist *p, int64_t local, const struct bt_raised *raised,
                      int clock_trusted, struct bt_moment *m)
{
    // Operating hours are daily: they need no date, so an untrusted clock still runs them
    // (unless they name dates).
    int hours = bt_schedule_allows(p->operating_hours, local, clock_trusted);
    m->brightness = 100;
    int64_t day = floor_div(local, 86400);
    int minute = (int)((local - day * 86400) / 60);
    for (size_t i = 0; i < p->nbrightness; i++) {
        const struct bt_brightness *b = &p->brightness[i];
        int hit = b->nhours == 0;
        for (size_t k = 0; k < b->nhours && !hit; k++)
            hit = in_window(&b->hours[k], BT_DAYS_ALL, day, minute);
        if (hit) {
            m->brightness = b->percent;   // the first that matches
            break;
        }
    }
    for (size_t z = 0; z < p->nzones; z++) {
        m->override[z] = NULL;
        m->zone_on[z] =
            (unsigned char)bt_schedule_allows(p->zones[z].schedule, local, clock_trusted);
    }
    // The highest priority wins; among equals, the first written. Outside operating hours
    // only an override that wakes the screen shows.
    for (size_t o = 0; o < p->noverrides; o++) {
        const struct bt_override *ov = &p->overrides[o];
        if ((!hours && !ov->wake) || !bt_override_active(ov, local, raised, clock_trusted) ||
            !has_playable(ov, local, clock_trusted))
            continue;
        for (size_t z = 0; z < p->nzones; z++)
            if (takes(ov, p->zones[z].id) &&
                (!m->override[z] || ov->priority > m->override[z]->priority))
                m->override[z] = ov;
    }
    m->on = hours;
    m->woken = 0;
    for (size_t z = 0; !hours && z < p->nzones; z++)
        if (m->override[z])
            m->on = m->woken = 1;
}
