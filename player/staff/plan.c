#include "staff/plan.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "base/utf8.h"
#include "media/png.h"
#include "playlist/playlist.h"
#include "playlist/schedule.h"
#include "screen/text.h"
#include "time/clockfmt.h"
#include "time/parse.h"
#include "time/zone.h"

#define MAX_DAYS 400

// --from or --to as local seconds. Returns 0, or -1 after saying why.
static int parse_local(const char *option, const char *s, int64_t *out)
{
    struct bt_datetime t;
    char why[300];
    if (bt_datetime_parse(s, &t, why, sizeof(why)) != 0) {
        fprintf(stderr, "bangtin plan: %s: %s\n", option, why);
        return -1;
    }
    *out = t.local;
    return 0;
}

// Whether the clock reads at moment t what it reads at another moment too (the hour repeated
// when the clocks go back).
static int reading_repeats(int64_t t)
{
    int64_t local = bt_local_seconds(t);
    for (int64_t d = -86400; d <= 86400; d += 2 * 86400) {
        int64_t other = local - (bt_local_seconds(t + d) - (t + d));   // read so at that offset
        if (other != t && bt_local_seconds(other) == local)
            return 1;
    }
    return 0;
}

// A moment as the playlist's clock reads it: seconds when they are not :00, and the zone's
// abbreviation when the reading comes twice.
static void format_local(int64_t t, char *buf, size_t size)
{
    struct tm tm;
    bt_localtime(t * 1000000, &tm);
    char when[48], zone[16] = "";
    if (tm.tm_sec)
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %a", &tm);
    else
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M %a", &tm);
    if (reading_repeats(t))
        strftime(zone, sizeof(zone), " %Z", &tm);
    snprintf(buf, size, "%s%s", when, zone);
}

static void item_label(const struct bt_item *it, int index, char *buf, size_t size)
{
    const char *what = it->id ? it->id : it->source.src ? it->source.src : it->text;
    char short_what[48];
    snprintf(short_what, sizeof(short_what), "%s", what ? what : "");
    size_t n = strlen(short_what);
    if (what && strlen(what) > n) {
        // Cut at a character's start, not inside its UTF-8 bytes: the last one that leaves
        // room for "...".
        n = 0;
        for (const char *q = what; (size_t)(q - what) <= sizeof(short_what) - 4;) {
            n = (size_t)(q - what);
            bt_utf8_next(&q);
        }
        memcpy(short_what + n, "...", 4);
    }
    for (char *p = short_what; *p; p++)
        if (*p == '\n')
            *p = ' ';   // a clock's format has lines
    snprintf(buf, size, "%d %s \"%s\"", index + 1, bt_item_type_name(it->type), short_what);
}

// What zone z shows at local time `local` (bt_local_passed), in words, into st.
static void zone_state(const struct bt_playlist *p, size_t z, const struct bt_moment *m,
                       int64_t local, struct bt_plan_state *st)
{
    const struct bt_zone *zone = &p->zones[z];
    char *buf = st->words;
    size_t size = sizeof(st->words);
    st->brightness = m->brightness;
    if (!m->on || (m->woken && !m->override[z])) {
        st->kind = BT_PLAN_DARK;
        snprintf(buf, size, "%s", _("dark (outside operating hours)"));
        return;
    }
    if (m->override[z]) {
        st->kind = BT_PLAN_OVERRIDE;
        snprintf(buf, size, _("override \"%s\""), m->override[z]->id);
        return;
    }
    size_t n = 0;
    buf[0] = '\0';
    st->kind = BT_PLAN_ITEMS;
    for (size_t i = 0; m->zone_on[z] && i < zone->nitems; i++) {
        if (!bt_schedule_active(zone->items[i].schedule, local))
            continue;
        char label[128];
        item_label(&zone->items[i], (int)i, label, sizeof(label));
        n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? ", " : "", label);
    }
    if (n)
        return;
    if (zone->fallback && bt_schedule_active(zone->fallback->schedule, local)) {
        st->kind = BT_PLAN_FALLBACK;
        snprintf(buf, size, "%s", _("its fallback"));
    } else {
        st->kind = BT_PLAN_BACKGROUND;
        snprintf(buf, size, "%s", _("its background (nothing scheduled)"));
    }
}

// The moments where what shows may change: every from and until, and each day's midnight and
// every start and end of a window, as the moments they mean (time/zone.h). Sorted, each once.
struct edges {
    int64_t *at;
    size_t n, cap;
    int failed;
    unsigned char minute[24 * 60 + 1];   // minutes of the day a window starts or ends at
};

static void add_edge(struct edges *e, int64_t local)
{
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 256;
        int64_t *at = realloc(e->at, cap * sizeof(*at));
        if (!at) {
            e->failed = 1;
            return;
        }
        e->at = at;
        e->cap = cap;
    }
    e->at[e->n++] = bt_local_moment(local);
}

static void add_schedule(struct edges *e, const struct bt_schedule *s)
{
    if (!s)
        return;
    if (s->has_from)
        add_edge(e, s->from);
    if (s->has_until)
        add_edge(e, s->until);
    for (size_t i = 0; i < s->nhours; i++) {
        e->minute[s->hours[i].start] = 1;
        e->minute[s->hours[i].end] = 1;
    }
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int find_edges(const struct bt_playlist *p, int64_t t0, int64_t t1, struct edges *e)
{
    memset(e, 0, sizeof(*e));
    e->minute[0] = 1;
    for (size_t z = 0; z < p->nzones; z++) {
        add_schedule(e, p->zones[z].schedule);
        for (size_t i = 0; i < p->zones[z].nitems; i++)
            add_schedule(e, p->zones[z].items[i].schedule);
        if (p->zones[z].fallback)
            add_schedule(e, p->zones[z].fallback->schedule);
    }
    for (size_t o = 0; o < p->noverrides; o++)
        add_schedule(e, p->overrides[o].schedule);
    add_schedule(e, p->operating_hours);
    for (size_t b = 0; b < p->nbrightness; b++)
        for (size_t i = 0; i < p->brightness[b].nhours; i++) {
            e->minute[p->brightness[b].hours[i].start] = 1;
            e->minute[p->brightness[b].hours[i].end] = 1;
        }
    int64_t last = bt_local_day(bt_local_seconds(t1)) + 1;
    for (int64_t day = bt_local_day(bt_local_seconds(t0)) - 1; day <= last; day++)
        for (int m = 0; m <= 24 * 60; m++)
            if (e->minute[m])
                add_edge(e, day * 86400 + m * 60);
    if (e->failed) {
        free(e->at);
        return -1;
    }
    qsort(e->at, e->n, sizeof(*e->at), cmp_i64);
    size_t k = 0;
    for (size_t i = 0; i < e->n; i++)
        if (e->at[i] > t0 && e->at[i] < t1 && (k == 0 || e->at[i] != e->at[k - 1]))
            e->at[k++] = e->at[i];
    e->n = k;
    return 0;
}

int bt_plan_spans(const struct bt_playlist *p, long z, int64_t t0, int64_t t1, bt_plan_span_fn fn,
                  void *user)
{
    struct edges e;
    if (find_edges(p, t0, t1, &e) != 0)
        return -1;
    const struct bt_override *ov[p->nzones + 1];
    unsigned char on[p->nzones + 1];
    struct bt_moment m = {.override = ov, .zone_on = on};
    struct bt_plan_state state = {0}, prev = {0};
    int64_t since = t0;
    // What shows changes only at an edge: the state at each holds until the next.
    for (size_t i = 0; i <= e.n; i++) {
        int64_t t = i == 0 ? t0 : e.at[i - 1];
        int64_t local = bt_local_passed(t);
        bt_schedule_eval(p, local, NULL, 1, &m);
        if (z < 0) {
            state.kind = m.on ? BT_PLAN_ON : BT_PLAN_DARK;
            state.brightness = m.brightness;
            snprintf(state.words, sizeof(state.words),
                     m.woken ? _("woken by an override outside operating hours, "
                                 "brightness %d %%")
                     : m.on  ? _("on, brightness %d %%")
                             : _("dark (outside operating hours)"),
                     m.brightness);
        } else {
            zone_state(p, (size_t)z, &m, local, &state);
        }
        if (i > 0 && (strcmp(state.words, prev.words) != 0 || state.kind != prev.kind)) {
            fn(user, z, since, t, &prev);
            since = t;
        }
        prev = state;
    }
    fn(user, z, since, t1, &prev);
    free(e.at);
    return 0;
}

static void print_span(void *user, long z, int64_t since, int64_t until,
                       const struct bt_plan_state *state)
{
    (void)z;
    char a[48], b[48];
    format_local(since, a, sizeof(a));
    format_local(until, b, sizeof(b));
    fprintf(user, "  %s  ->  %s   %s\n", a, b, state->words);
}

// The chart: a row per zone (and the screen's on/off and brightness), coloured by state, with
// a legend of the states.
enum {
    CHART_W = 1600,
    LABEL_W = 230,
    ROW_H = 44,
    TOP = 70,
    MAX_STATES = 24
};

struct chart {
    SDL_Surface *s;
    struct bt_fonts *fonts;
    int64_t t0, t1;
    char states[MAX_STATES][160];
    enum bt_plan_kind kinds[MAX_STATES];
    int nstates;
};

static const Uint32 palette[] = {0x1E7B34, 0x0B4F8A, 0xE0A100, 0x6A1B9A, 0x00838F, 0x8D6E63,
                                 0x2E7D32, 0x1565C0, 0xEF6C00, 0xAD1457, 0x455A64, 0x9E9D24};

// The colour of a span: by its kind (black dark, lighter brighter, red an override, grey the
// fallback or nothing), and a numbered colour for each distinct set of items (and each override).
static Uint32 state_colour(struct chart *c, const struct bt_plan_state *st, int *index)
{
    *index = -1;
    switch (st->kind) {
    case BT_PLAN_DARK: return 0x000000;
    case BT_PLAN_ON: {
        Uint32 v = (Uint32)(0xF0 * st->brightness / 100);
        return v << 16 | v << 8 | v;
    }
    case BT_PLAN_FALLBACK:
    case BT_PLAN_BACKGROUND: return 0x9E9E9E;
    case BT_PLAN_OVERRIDE:
    case BT_PLAN_ITEMS: break;
    }
    for (int i = 0; i < c->nstates; i++)
        if (c->kinds[i] == st->kind && strcmp(c->states[i], st->words) == 0)
            *index = i;
    if (*index < 0 && c->nstates < MAX_STATES) {
        *index = c->nstates;
        c->kinds[c->nstates] = st->kind;
        snprintf(c->states[c->nstates++], sizeof(c->states[0]), "%.159s", st->words);
    }
    if (st->kind == BT_PLAN_OVERRIDE)
        return 0xC8102E;
    if (*index < 0)
        return 0x607D8B;
    return palette[*index % (int)(sizeof(palette) / sizeof(palette[0]))];
}

static void text_at(struct chart *c, int x, int y, int px, const char *text, Uint32 rgb)
{
    TTF_Font *f = bt_fonts_get(c->fonts, 0, px);
    int baseline = 0;
    SDL_Color col = {(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
    SDL_Surface *t = f ? bt_text_line(f, text, col, &baseline) : NULL;
    if (!t)
        return;
    SDL_Rect dst = {x, y - baseline, t->w, t->h};
    SDL_BlitSurface(t, NULL, c->s, &dst);
    SDL_FreeSurface(t);
}

static void fill(struct chart *c, int x, int y, int w, int h, Uint32 rgb)
{
    SDL_Rect r = {x, y, w, h};
    SDL_FillRect(c->s, &r,
                 SDL_MapRGB(c->s->format, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb));
}

static int x_of(const struct chart *c, int64_t t)
{
    return LABEL_W +
           (int)((double)(t - c->t0) * (CHART_W - LABEL_W - 20) / (double)(c->t1 - c->t0));
}

static void draw_span(void *user, long z, int64_t since, int64_t until,
                      const struct bt_plan_state *state)
{
    struct chart *c = user;
    int index;
    Uint32 colour = state_colour(c, state, &index);
    int y = TOP + (int)(z + 1) * ROW_H;
    int x0 = x_of(c, since), x1 = x_of(c, until);
    fill(c, x0, y + 4, x1 - x0 > 1 ? x1 - x0 - 1 : 1, ROW_H - 8, colour);
    if (index >= 0 && x1 - x0 > 30) {
        char n[16];
        snprintf(n, sizeof(n), "%d", index + 1);
        text_at(c, x0 + 6, y + ROW_H / 2 + 7, 18, n, 0xFFFFFF);
    }
}

static int write_chart(const struct bt_playlist *p, int64_t t0, int64_t t1, const char *out)
{
    struct chart c = {0};
    c.t0 = t0;
    c.t1 = t1;
    if (TTF_Init() != 0 || !(c.fonts = bt_fonts_create()))
        return -1;
    int rows = (int)p->nzones + 1;
    // The legend's height is known after the spans: draw on a tall surface, then crop.
    c.s = SDL_CreateRGBSurfaceWithFormat(0, CHART_W, TOP + rows * ROW_H + 60 + MAX_STATES * 28, 24,
                                         SDL_PIXELFORMAT_RGB24);
    if (!c.s) {
        bt_fonts_destroy(c.fonts);
        return -1;
    }
    fill(&c, 0, 0, c.s->w, c.s->h, 0xFFFFFF);
    char a[48], b[48], title[300];
    format_local(t0, a, sizeof(a));
    format_local(t1, b, sizeof(b));
    snprintf(title, sizeof(title), "%s   %s – %s   (%s)", p->revision[0] ? p->revision : "", a, b,
             p->timezone);
    text_at(&c, 10, 34, 24, title, 0x000000);
    // Time marks: 8 across.
    for (int i = 0; i <= 8; i++) {
        int64_t t = t0 + (t1 - t0) * i / 8;
        char mark[40];
        struct tm tm;
        bt_localtime(t * 1000000, &tm);
        strftime(mark, sizeof(mark), "%d/%m %H:%M", &tm);
        int x = x_of(&c, t);
        fill(&c, x, TOP - 6, 1, rows * ROW_H + 6, 0xBDBDBD);
        if (i < 8)
            text_at(&c, x + 3, TOP - 10, 15, mark, 0x424242);
    }
    for (long z = -1; z < (long)p->nzones; z++) {
        text_at(&c, 10, TOP + (int)(z + 1) * ROW_H + ROW_H / 2 + 7, 20,
                z < 0 ? _("screen") : p->zones[z].id, 0x000000);
        if (bt_plan_spans(p, z, t0, t1, draw_span, &c) != 0)
            break;
    }
    int y = TOP + rows * ROW_H + 40;
    text_at(&c, 10, y, 18,
            _("black: dark   grey: nothing scheduled   red: an override   "
              "screen row: lighter is brighter"),
            0x424242);
    for (int i = 0; i < c.nstates; i++) {
        y += 28;
        char line[200];
        snprintf(line, sizeof(line), "%d  %s", i + 1, c.states[i]);
        int idx;
        struct bt_plan_state st = {.kind = c.kinds[i]};
        snprintf(st.words, sizeof(st.words), "%s", c.states[i]);
        fill(&c, 10, y - 16, 18, 18, state_colour(&c, &st, &idx));
        text_at(&c, 36, y, 18, line, 0x000000);
    }
    int h = y + 20;
    int rc = bt_png_write(out, CHART_W, h, c.s->pixels, c.s->pitch);
    SDL_FreeSurface(c.s);
    bt_fonts_destroy(c.fonts);
    TTF_Quit();
    return rc;
}

int bt_plan_run(const char *path, const char *from, const char *to, const char *png, FILE *out)
{
    int64_t l0 = 0, l1 = 0;
    if (from && parse_local("--from", from, &l0) != 0)
        return 2;
    if (to && parse_local("--to", to, &l1) != 0)
        return 2;
    if (!from || !to || l1 <= l0) {
        fprintf(stderr, "%s\n",
                _("bangtin plan: give --from and --to as YYYY-MM-DD or "
                  "YYYY-MM-DDTHH:MM, --to after --from"));
        return 2;
    }
    if (l1 - l0 > (int64_t)MAX_DAYS * 86400) {
        fprintf(stderr, _("bangtin plan: at most %d days at a time\n"), MAX_DAYS);
        return 2;
    }
    struct bt_diags d = {0};
    struct bt_playlist *p = bt_playlist_load(path, BT_PLAYLIST_PLAY, &d);
    bt_diags_free(&d);
    if (!p) {
        fprintf(stderr, _("bangtin plan: %s cannot be read; see: bangtin check %s\n"), path, path);
        return 2;
    }
    // --from and --to, and everything after, in the playlist's time zone (one thread here).
    if (bt_timezone_set(p->timezone) != 0) {
        fprintf(stderr, _("bangtin plan: the time zone %s is not installed (package tzdata)\n"),
                p->timezone);
        bt_playlist_destroy(p);
        return 1;
    }
    int64_t t0 = bt_local_moment(l0), t1 = bt_local_moment(l1);
    if (t1 <= t0) {
        fprintf(stderr, "%s\n",
                _("bangtin plan: --from and --to name the same moment (the hour the clocks "
                  "skip)"));
        bt_playlist_destroy(p);
        return 2;
    }
    char a[48], b[48];
    format_local(t0, a, sizeof(a));
    format_local(t1, b, sizeof(b));
    fprintf(out, _("Plan of %s (revision \"%s\"), %s to %s, time zone %s.\n"), path, p->revision, a,
            b, p->timezone);
    fprintf(out, "%s\n",
            _("Overrides without a schedule show only when raised by hand "
              "(bangtin trigger ID) and are not in this plan."));
    int rc = 0;
    for (long z = -1; z < (long)p->nzones && rc == 0; z++) {
        if (z < 0)
            fprintf(out, "\n%s\n", _("Screen:"));
        else
            fprintf(out, _("\nZone %s:\n"), p->zones[z].id);
        if (bt_plan_spans(p, z, t0, t1, print_span, out) != 0) {
            fprintf(stderr, "%s\n", _("bangtin plan: out of memory"));
            rc = 1;
        }
    }
    if (png && rc == 0) {
        if (write_chart(p, t0, t1, png) == 0) {
            fprintf(out, _("\nChart: %s\n"), png);
        } else {
            fprintf(stderr, _("bangtin plan: cannot write the chart %s\n"), png);
            rc = 1;
        }
    }
    bt_playlist_destroy(p);
    return rc;
}
