#include "plan.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clockfmt.h"
#include "i18n.h"
#include "playlist.h"
#include "schedule.h"

#define MAX_DAYS 400

// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" as local seconds.
static int parse_local(const char *s, int64_t *out)
{
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    char tail;
    int n = sscanf(s, "%4d-%2d-%2d%*[T ]%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                   &tm.tm_hour, &tm.tm_min, &tail);
    if (n != 3 && n != 5)
        return -1;
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
        tm.tm_hour > 23 || tm.tm_min > 59)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *out = (int64_t)timegm(&tm);
    return 0;
}

static void format_local(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, size, "%Y-%m-%d %H:%M %a", &tm);
}

static void item_label(const struct bt_item *it, int index, char *buf, size_t size)
{
    const char *what = it->id ? it->id : it->source.src ? it->source.src : it->text;
    char short_what[48];
    snprintf(short_what, sizeof(short_what), "%s", what ? what : "");
    if (what && strlen(what) >= sizeof(short_what))
        memcpy(short_what + sizeof(short_what) - 4, "...", 4);
    snprintf(buf, size, "%d %s \"%s\"", index + 1, bt_item_type_name(it->type), short_what);
}

// What zone z shows at `t`, in words, into buf.
static void zone_state(const struct bt_playlist *p, size_t z, const struct bt_moment *m,
                       int64_t t, char *buf, size_t size)
{
    const struct bt_zone *zone = &p->zones[z];
    if (!m->on) {
        snprintf(buf, size, "%s", _("dark (outside operating hours)"));
        return;
    }
    if (m->override[z]) {
        snprintf(buf, size, _("override \"%s\""), m->override[z]->id);
        return;
    }
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; m->zone_on[z] && i < zone->nitems; i++) {
        if (!bt_schedule_active(zone->items[i].schedule, t))
            continue;
        char label[128];
        item_label(&zone->items[i], (int)i, label, sizeof(label));
        n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? ", " : "", label);
    }
    if (n)
        return;
    if (zone->fallback && bt_schedule_active(zone->fallback->schedule, t))
        snprintf(buf, size, "%s", _("its fallback"));
    else
        snprintf(buf, size, "%s", _("its background (nothing scheduled)"));
}

int bt_plan_run(const char *path, const char *from, const char *to, FILE *out)
{
    int64_t t0, t1;
    if (!from || !to || parse_local(from, &t0) != 0 || parse_local(to, &t1) != 0 || t1 <= t0) {
        fprintf(stderr, "%s\n", _("bangtin plan: give --from and --to as YYYY-MM-DD or "
                                  "YYYY-MM-DDTHH:MM, --to after --from"));
        return 2;
    }
    if (t1 - t0 > (int64_t)MAX_DAYS * 86400) {
        fprintf(stderr, _("bangtin plan: at most %d days at a time\n"), MAX_DAYS);
        return 2;
    }
    struct bt_diags d = {0};
    struct bt_playlist *p = bt_playlist_load(path, BT_PLAYLIST_PLAY, &d);
    bt_diags_free(&d);
    if (!p) {
        fprintf(stderr, _("bangtin plan: %s cannot be read; see: bangtin check %s\n"), path,
                path);
        return 2;
    }
    const struct bt_override *ov[p->nzones + 1];
    unsigned char on[p->nzones + 1];
    struct bt_moment m = {0, 0, ov, on};
    char a[40], b[40];
    format_local(t0, a, sizeof(a));
    format_local(t1, b, sizeof(b));
    fprintf(out, _("Plan of %s (revision \"%s\"), %s to %s, time zone %s.\n"), path,
            p->revision, a, b, p->timezone);
    fprintf(out, "%s\n", _("Overrides without a schedule show only when raised by hand "
                           "(bangtin trigger ID) and are not in this plan."));
    // Brightness, then each zone: spans of equal state, minute by minute.
    for (long z = -1; z < (long)p->nzones; z++) {
        if (z < 0)
            fprintf(out, "\n%s\n", _("Screen:"));
        else
            fprintf(out, _("\nZone %s:\n"), p->zones[z].id);
        char state[2048] = "", prev[2048] = "";
        int64_t since = t0;
        for (int64_t t = t0; t <= t1; t += 60) {
            if (t < t1) {
                bt_schedule_eval(p, t, NULL, 1, &m);
                if (z < 0)
                    snprintf(state, sizeof(state), m.on ? _("on, brightness %d %%")
                                                        : _("dark (outside operating hours)"),
                             m.brightness);
                else
                    zone_state(p, (size_t)z, &m, t, state, sizeof(state));
            }
            if (t == t0) {
                snprintf(prev, sizeof(prev), "%s", state);
                continue;
            }
            if (t == t1 || strcmp(state, prev) != 0) {
                format_local(since, a, sizeof(a));
                format_local(t, b, sizeof(b));
                fprintf(out, "  %s  ->  %s   %s\n", a, b, prev);
                since = t;
                snprintf(prev, sizeof(prev), "%s", state);
            }
        }
    }
    bt_playlist_destroy(p);
    return 0;
}
