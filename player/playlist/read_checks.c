// What `bangtin check` warns about across parts of a playlist that each read well: dated phases
// of one list that share a day, overrides of equal priority that can meet in a zone, and
// overrides that never end. Warnings only (exit 0), each at the field to change.
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "base/utf8.h"
#include "playlist/read_fields.h"
#include "playlist/schedule.h"

#define DAY 86400

static int64_t day_of(int64_t t)
{
    return t >= 0 ? t / DAY : -((-t + DAY - 1) / DAY);
}

// "YYYY-MM-DD" when `date_at_midnight` and t is a midnight, else "YYYY-MM-DDTHH:MM[:SS]".
static void format_moment(int64_t t, int date_at_midnight, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);   // local seconds: the calendar's arithmetic, no time zone
    if (date_at_midnight && t == day_of(t) * DAY)
        strftime(buf, size, "%Y-%m-%d", &tm);
    else
        strftime(buf, size, tm.tm_sec ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%dT%H:%M", &tm);
}

// Keeps t as *first when both match there, within [lo, hi), and it is earlier.
static void try_at(const struct bt_schedule *a, const struct bt_schedule *b, int64_t lo, int64_t hi,
                   int64_t t, int *found, int64_t *first)
{
    if (t >= lo && t < hi && (!*found || t < *first) && bt_schedule_active(a, t) &&
        bt_schedule_active(b, t)) {
        *first = t;
        *found = 1;
    }
}

// The first moment at which both schedules match (NULL always does). Returns 1 and sets *at,
// or 0 when they never meet.
static int first_meeting(const struct bt_schedule *a, const struct bt_schedule *b, int64_t *at)
{
    const struct bt_schedule *both[2] = {a, b};
    int64_t lo = INT64_MIN, hi = INT64_MAX;
    for (int k = 0; k < 2; k++) {
        if (both[k] && both[k]->has_from && both[k]->from > lo)
            lo = both[k]->from;
        if (both[k] && both[k]->has_until && both[k]->until < hi)
            hi = both[k]->until;
    }
    // Days and hours repeat every week: with no from, the week before the until will do.
    if (lo == INT64_MIN)
        lo = hi == INT64_MAX ? 0 : hi - 8 * DAY;
    if (lo >= hi)
        return 0;
    // Where they first meet, one of them starts (a window on a listed day, or a listed day), or
    // lo is; and that is within a week of lo.
    int found = 0;
    int64_t first = 0;
    try_at(a, b, lo, hi, lo, &found, &first);
    for (int64_t d = day_of(lo); d <= day_of(lo) + 8; d++) {
        try_at(a, b, lo, hi, d * DAY, &found, &first);
        for (int k = 0; k < 2; k++)
            for (size_t w = 0; both[k] && w < both[k]->nhours; w++)
                try_at(a, b, lo, hi, d * DAY + both[k]->hours[w].start * 60, &found, &first);
    }
    *at = first;
    return found;
}

// What an item shows, in a few words: its type and text or file (at most 24 characters).
static void item_words(const struct bt_item *it, char *buf, size_t size)
{
    const char *what = it->type == BT_ITEM_CLOCK                                ? NULL
                       : it->type == BT_ITEM_IMAGE || it->type == BT_ITEM_VIDEO ? it->source.src
                                                                                : it->text;
    if (!what) {
        snprintf(buf, size, "%s", bt_item_type_name(it->type));
        return;
    }
    char cut[120];
    snprintf(buf, size, "%s \"%s\"", bt_item_type_name(it->type),
             bt_utf8_quote(what, 24, cut, sizeof(cut)));
}

// The text of obj[key] in the list's item i, as written ("" when absent).
static const char *written(json_t *list, size_t i, const char *key)
{
    json_t *v = json_object_get(json_object_get(json_array_get(list, i), "schedule"), key);
    return json_is_string(v) ? json_string_value(v) : "";
}

// Item a ends on the day item b begins (a's until after b's from, within that one day), and
// they can play at the same moment then: both play that day, taking turns.
static void phase_pair(struct pl_ctx *c, const char *path, json_t *list,
                       const struct bt_item *items, size_t ia, size_t ib)
{
    const struct bt_schedule *a = items[ia].schedule, *b = items[ib].schedule;
    if (!a->has_until || !b->has_from || b->from >= a->until ||
        day_of(b->from) != day_of(a->until - 1) || (a->has_from && a->from >= b->from) ||
        (b->has_until && b->until <= a->until))
        return;
    int64_t at;
    if (!first_meeting(a, b, &at))
        return;
    char day[16], until[32], from[32], wa[160], wb[160], pa[PL_PATH], pb[PL_PATH], fp[PL_PATH];
    format_moment(day_of(b->from) * DAY, 1, day, sizeof(day));
    format_moment(b->from, 0, until, sizeof(until));
    format_moment(a->until, 1, from, sizeof(from));
    item_words(&items[ia], wa, sizeof(wa));
    item_words(&items[ib], wb, sizeof(wb));
    pl_index(pa, path, ia);
    pl_index(pb, path, ib);
    const char *until_text = written(list, ia, "until");
    pl_problem(c, PL_WARN, pl_join(fp, pa, "schedule.until"), 0,
               _("on %s this item (%s) and %s (%s, from \"%s\") both play, taking turns%s. To "
                 "hand over at one moment, write \"until\": \"%s\" here, or \"from\": \"%s\" "
                 "there"),
               day, wa, pb, wb, written(list, ib, "from"),
               strlen(until_text) == 10 ? _(": an until written as a date includes that whole day")
                                        : "",
               until, from);
}

static int by_from(const void *x, const void *y)
{
    const struct bt_item *a = *(const struct bt_item *const *)x;
    const struct bt_item *b = *(const struct bt_item *const *)y;
    return (a->schedule->from > b->schedule->from) - (a->schedule->from < b->schedule->from);
}

// Phases of one list of items (a zone's or an override's).
static void phases(struct pl_ctx *c, const char *path, json_t *list, const struct bt_item *items,
                   size_t n)
{
    // The items with a from, in order of it, so each item's until meets only those beginning
    // on its last day.
    const struct bt_item **starts = calloc(n + 1, sizeof(*starts));
    if (!starts)
        return;
    size_t ns = 0;
    for (size_t i = 0; i < n; i++)
        if (items[i].schedule && items[i].schedule->has_from)
            starts[ns++] = &items[i];
    qsort(starts, ns, sizeof(*starts), by_from);
    for (size_t i = 0; i < n; i++) {
        const struct bt_schedule *a = items[i].schedule;
        if (!a || !a->has_until)
            continue;
        int64_t day = day_of(a->until - 1) * DAY;
        size_t lo = 0, hi = ns;   // the first start on that day
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (starts[mid]->schedule->from < day)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < ns && starts[k]->schedule->from < a->until; k++)
            if (starts[k] != &items[i])
                phase_pair(c, path, list, items, i, (size_t)(starts[k] - items));
    }
    free(starts);
}

static int shared_zone(const struct bt_playlist *p, const struct bt_override *a,
                       const struct bt_override *b)
{
    for (size_t z = 0; z < p->nzones; z++) {
        int in_a = a->all_zones, in_b = b->all_zones;
        for (size_t k = 0; k < a->nzones; k++)
            in_a |= strcmp(a->zones[k], p->zones[z].id) == 0;
        for (size_t k = 0; k < b->nzones; k++)
            in_b |= strcmp(b->zones[k], p->zones[z].id) == 0;
        if (in_a && in_b)
            return (int)z;
    }
    return -1;
}

// Overrides of equal priority that can be active in one zone at once: the first written wins,
// which staff may not expect. One warning for each later override, at its priority.
static void equal_priorities(struct pl_ctx *c, const struct bt_playlist *p)
{
    char path[PL_PATH], ip[PL_PATH], when[32];
    for (size_t j = 1; j < p->noverrides; j++) {
        const struct bt_override *b = &p->overrides[j];
        for (size_t i = 0; i < j; i++) {
            const struct bt_override *a = &p->overrides[i];
            int z = a->priority == b->priority ? shared_zone(p, a, b) : -1;
            int64_t at;
            if (z < 0)
                continue;
            pl_join(path, pl_index(ip, "overrides", j), "priority");
            if (!a->schedule || !b->schedule) {
                pl_problem(c, PL_WARN, path, 0,
                           _("is %d, as for overrides[%zu] (\"%s\"), and both can be active in "
                             "zone \"%s\" at once (raised by hand); then \"%s\", written first, "
                             "shows. Give the one that must win a higher priority"),
                           b->priority, i, a->id, p->zones[z].id, a->id);
            } else if (first_meeting(a->schedule, b->schedule, &at)) {
                format_moment(at, 0, when, sizeof(when));
                pl_problem(c, PL_WARN, path, 0,
                           _("is %d, as for overrides[%zu] (\"%s\"), and both are active in zone "
                             "\"%s\" at %s; then \"%s\", written first, shows. Give the one that "
                             "must win a higher priority"),
                           b->priority, i, a->id, p->zones[z].id, when, a->id);
            } else {
                continue;
            }
            break;
        }
    }
}

// An override with a from and nothing that ends it (no until, days or hours).
static void never_ending(struct pl_ctx *c, const struct bt_playlist *p)
{
    char path[PL_PATH], ip[PL_PATH];
    for (size_t i = 0; i < p->noverrides; i++) {
        const struct bt_schedule *s = p->overrides[i].schedule;
        if (!s || !s->has_from || s->has_until || s->days != BT_DAYS_ALL || s->nhours)
            continue;
        pl_join(path, pl_index(ip, "overrides", i), "schedule.from");
        pl_problem(c, PL_WARN, path, 0,
                   _("the override starts here and nothing ends it: it holds its zones until the "
                     "playlist changes, or until released on each screen (bangtin release %s). "
                     "Add an \"until\""),
                   p->overrides[i].id);
    }
}

void pl_cross_checks(struct pl_ctx *c, json_t *root, const struct bt_playlist *p)
{
    char path[PL_PATH], ip[PL_PATH];
    json_t *zones = json_object_get(root, "zones"), *overrides = json_object_get(root, "overrides");
    for (size_t z = 0; z < p->nzones; z++) {
        pl_join(path, pl_index(ip, "zones", z), "items");
        phases(c, path, json_object_get(json_array_get(zones, z), "items"), p->zones[z].items,
               p->zones[z].nitems);
    }
    for (size_t o = 0; o < p->noverrides; o++) {
        pl_join(path, pl_index(ip, "overrides", o), "items");
        phases(c, path, json_object_get(json_array_get(overrides, o), "items"),
               p->overrides[o].items, p->overrides[o].nitems);
    }
    equal_priorities(c, p);
    never_ending(c, p);
}
