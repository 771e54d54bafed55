#include "screen/zone.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/utf8.h"
#include "playlist/schedule.h"
#include "screen/render.h"

#define FALLBACK     (-2)
// How long an item that is over stays on while the next one is still being decoded.
#define NEXT_WAIT_US 2000000

struct inst {
    const struct bt_item_ops *ops;
    void *priv;
    const struct bt_item *item;
    int index;   // in the zone's items, FALLBACK, or -1 when empty
    int64_t started_us;
    int shown;                 // started and not yet told as shown (proof of play)
    int64_t started_wall_us;   // when it started, on the wall clock
};

struct bt_zone_player {
    const struct bt_zone *zone;
    const struct bt_item_env *env;
    SDL_Rect rect;
    struct bt_item *items;   // shallow copies with the zone's rules applied (ticker passes)
    char *bad;               // items that could not be opened
    struct inst cur, next;
    int started;
    const void *drawn;   // the instance last drawn, to notice a change of item
    int64_t *len_us;     // how long each item ran when it last ended by itself (0: unknown)
    // Suspended (an override has the zone): where its timeline was.
    int suspended, susp_index;
    int64_t susp_elapsed_us, susp_at_us;
    int fallback_told;      // the fallback failed, and that was said
    int64_t over_us;        // when the current item was over while the next still loaded; 0
    const void *over_of;    // that item's instance
    int64_t last_wall_us;   // the wall clock at the last draw (for a play that ends unseen)
    int drawn_whole;        // the last draw had all it shows decoded (checked before drawing)
    // A transition: the item going out (drawn on until it is over), how, and since when.
    struct inst prev;
    struct bt_transition trans;
    int64_t trans_start_us, trans_us;
    SDL_Texture *layer[2];   // the items drawn apart, then put together (made at the first one)
    int layers_failed;       // they could not be made: cuts from then on
};

// The current item stops showing: told to the env's `shown` (once), unless it failed.
static void finish(struct bt_zone_player *z, int64_t wall_us, int cut_short)
{
    struct inst *in = &z->cur;
    if (in->shown && z->env->shown)
        z->env->shown(z->env->shown_ctx, z->zone, in->item, in->index == FALLBACK ? -1 : in->index,
                      in->started_wall_us, wall_us, cut_short);
    in->shown = 0;
}

// Whether item i may play at `now`: the zone's schedule and its own.
static int allowed(const struct bt_zone_player *z, int i, const struct bt_now *now)
{
    const struct bt_schedule *s =
        i == FALLBACK ? z->zone->fallback->schedule : z->items[i].schedule;
    if (i != FALLBACK && !bt_schedule_allows(z->zone->schedule, now->local, now->clock_trusted))
        return 0;
    const struct bt_item *it = i == FALLBACK ? z->zone->fallback : &z->items[i];
    // A countdown counts only on a clock known right, and is over at its moment unless it says
    // what to show then.
    if (it->type == BT_ITEM_COUNTDOWN &&
        (!now->clock_trusted || (now->local >= it->to_local && !it->after)))
        return 0;
    return bt_schedule_allows(s, now->local, now->clock_trusted);
}

static int any_allowed(const struct bt_zone_player *z, const struct bt_now *now)
{
    for (int i = 0; i < (int)z->zone->nitems; i++)
        if (!z->bad[i] && allowed(z, i, now))
            return 1;
    return 0;
}

// The one warning for an item the zone skips from now on, with the item's reason.
static void say_skipped(const struct bt_zone_player *z, int index, const struct bt_item *item,
                        const struct bt_item_ops *ops, void *priv)
{
    const char *why = ops && ops->why && priv ? ops->why(priv) : NULL;
    char id[200] = "";
    if (item->id)
        snprintf(id, sizeof(id), " %s", bt_utf8_quote(item->id, 60, (char[160]){0}, 160));
    if (index == FALLBACK)
        BT_WARN("zone", _("%s: its fallback (%s%s) is skipped: %s"), z->zone->id,
                bt_item_type_name(item->type), id, why ? why : _("it cannot be shown"));
    else
        BT_WARN("zone", _("%s: item %d (%s%s) is skipped: %s"), z->zone->id, index,
                bt_item_type_name(item->type), id, why ? why : _("it cannot be shown"));
}

static void close_inst(struct inst *in)
{
    if (in->ops && in->priv) {
        in->ops->close(in->priv);
        free(in->priv);
    }
    memset(in, 0, sizeof(*in));
    in->index = -1;
}

static int open_inst(struct bt_zone_player *z, const struct bt_item *item, int index,
                     struct inst *in)
{
    const struct bt_item_ops *ops = bt_item_ops_for(item->type);
    memset(in, 0, sizeof(*in));
    in->index = -1;
    if (!ops) {
        BT_WARN("zone", _("%s: item %d (%s) is skipped: this version does not play %s items yet"),
                z->zone->id, index, bt_item_type_name(item->type), bt_item_type_name(item->type));
        return -1;
    }
    void *priv = calloc(1, ops->priv_size);
    if (!priv)
        return -1;
    if (ops->open(priv, item, z->env, z->rect) != 0) {
        say_skipped(z, index, item, ops, priv);
        free(priv);
        return -1;
    }
    *in = (struct inst){ops, priv, item, index, 0, 0, 0};
    return 0;
}

// Opens the first playable item after `after` (wrapping) that its schedule allows at `now`,
// into *in. Returns 0 or -1 (none).
static int open_after(struct bt_zone_player *z, int after, struct inst *in,
                      const struct bt_now *now)
{
    int n = (int)z->zone->nitems;
    for (int k = 1; k <= n; k++) {
        int i = (after + k) % n;
        if (z->bad[i] || !allowed(z, i, now))
            continue;
        // The next item is never the current one again: that one restarts itself.
        if (in == &z->next && i == z->cur.index)
            return -1;
        if (open_inst(z, &z->items[i], i, in) == 0)
            return 0;
        z->bad[i] = 1;
    }
    return -1;
}

struct bt_zone_player *bt_zone_player_create(const struct bt_zone *zone,
                                             const struct bt_item_env *env, SDL_Rect rect)
{
    struct bt_zone_player *z = calloc(1, sizeof(*z));
    if (!z)
        return NULL;
    z->zone = zone;
    z->env = env;
    z->rect = rect;
    z->items = calloc(zone->nitems + 1, sizeof(*z->items));
    z->bad = calloc(zone->nitems + 1, 1);
    z->len_us = calloc(zone->nitems + 1, sizeof(*z->len_us));
    if (!z->items || !z->bad || !z->len_us) {
        bt_zone_player_destroy(z);
        return NULL;
    }
    for (size_t i = 0; i < zone->nitems; i++) {
        z->items[i] = zone->items[i];
        // A ticker with neither passes nor duration runs forever alone, and crosses once among
        // other items.
        if (z->items[i].type == BT_ITEM_TICKER && !z->items[i].passes &&
            z->items[i].duration <= 0 && zone->nitems > 1)
            z->items[i].passes = 1;
        // So does a video: forever alone (looping with no gap), once among others.
        if (z->items[i].type == BT_ITEM_VIDEO && !z->items[i].plays && z->items[i].duration <= 0 &&
            zone->nitems > 1)
            z->items[i].plays = 1;
    }
    z->cur.index = z->next.index = z->prev.index = -1;
    return z;
}

void bt_zone_player_destroy(struct bt_zone_player *z)
{
    if (!z)
        return;
    finish(z, z->last_wall_us, 1);   // a new revision, the night, an override or a stop
    close_inst(&z->prev);
    close_inst(&z->cur);
    close_inst(&z->next);
    for (int i = 0; i < 2; i++)
        if (z->layer[i])
            SDL_DestroyTexture(z->layer[i]);
    free(z->items);
    free(z->bad);
    free(z->len_us);
    free(z);
}

static int done(const struct bt_zone_player *z, const struct inst *in, const struct bt_now *now)
{
    const struct bt_item *it = in->item;
    if (in->index >= 0 && !allowed(z, in->index, now))
        return 1;   // its schedule (or the zone's) has ended
    if (it->duration > 0 && now->mono_us - in->started_us >= (int64_t)(it->duration * 1e6))
        return 1;
    return in->ops->finished && in->ops->finished(in->priv, now);
}

static void start(struct inst *in, const struct bt_now *now)
{
    in->started_us = now->mono_us;
    in->started_wall_us = now->wall_us;
    in->shown = 1;
    if (in->ops->start)
        in->ops->start(in->priv, now);
}

static void begin(struct bt_zone_player *z, const struct bt_now *now)
{
    z->started = 1;
    if (z->zone->nitems && open_after(z, (int)z->zone->nitems - 1, &z->cur, now) == 0) {
        start(&z->cur, now);
        if (open_after(z, z->cur.index, &z->next, now) == 0 && z->next.index == z->cur.index)
            close_inst(&z->next);   // one playable item: it restarts itself
        return;
    }
    if (z->zone->fallback && allowed(z, FALLBACK, now) &&
        open_inst(z, z->zone->fallback, FALLBACK, &z->cur) == 0)
        start(&z->cur, now);
}

static int failed(const struct inst *in);
static int loading(const struct inst *in);

// An instance that turned out unplayable: its item is not opened again, said once.
static void mark_failed(struct bt_zone_player *z, struct inst *in)
{
    in->shown = 0;   // a failed item is no play
    if (in->index >= 0 && !z->bad[in->index]) {
        z->bad[in->index] = 1;
        say_skipped(z, in->index, in->item, in->ops, in->priv);
    } else if (in->index == FALLBACK && !z->fallback_told) {
        z->fallback_told = 1;
        say_skipped(z, FALLBACK, in->item, in->ops, in->priv);
    }
}

// How item `in` comes in: its own transition, else the zone's; a cut for the fallback. No
// longer than half the item's duration, so it is over well before the item is.
static struct bt_transition transition_of(const struct bt_zone_player *z, const struct inst *in)
{
    struct bt_transition t = in->item->transition;
    if (!t.given)
        t = z->zone->transition;
    if (!t.given || in->index == FALLBACK)
        t.kind = BT_TRANSITION_CUT;
    if (in->item->duration > 0 && t.duration > in->item->duration / 2)
        t.duration = in->item->duration / 2;
    return t;
}

// The current item gives way to the next: drawn on beneath a transition, or closed (a cut; and
// when the next is not ready, so a transition never shows what is not there yet).
static void begin_transition(struct bt_zone_player *z, const struct bt_now *now)
{
    close_inst(&z->prev);   // one still going is over now
    struct bt_transition t = transition_of(z, &z->next);
    if (t.kind == BT_TRANSITION_CUT || t.duration <= 0 || loading(&z->next) || failed(&z->cur) ||
        !z->cur.ops || z->layers_failed) {
        close_inst(&z->cur);
        return;
    }
    for (int i = 0; i < 2; i++) {
        if (!z->layer[i] &&
            !(z->layer[i] = bt_render_layer(z->env->render, z->rect.w, z->rect.h))) {
            z->layers_failed = 1;
            close_inst(&z->cur);
            return;
        }
    }
    z->prev = z->cur;
    z->prev.shown = 0;   // its play is over (told by finish)
    z->trans = t;
    z->trans_start_us = now->mono_us;
    z->trans_us = (int64_t)(t.duration * 1e6);
}

static void advance(struct bt_zone_player *z, const struct bt_now *now)
{
    if (z->cur.index == FALLBACK)
        return;   // the fallback shows while nothing else may play
    if (failed(&z->cur))
        mark_failed(z, &z->cur);   // not to be opened again
    else if (allowed(z, z->cur.index, now))
        z->len_us[z->cur.index] = now->mono_us - z->cur.started_us;   // it ended by itself
    // Whatever follows, this play is over: by its own measure, or its schedule ended.
    finish(z, now->wall_us, !allowed(z, z->cur.index, now));
    // The item prepared next may have left its schedule meanwhile.
    if (z->next.ops && z->next.index >= 0 && !allowed(z, z->next.index, now))
        close_inst(&z->next);
    if (z->next.ops && failed(&z->next))
        mark_failed(z, &z->next);
    if (z->next.ops && z->next.index >= 0 && z->bad[z->next.index])
        close_inst(&z->next);
    if (!z->next.ops && (z->bad[z->cur.index] || !allowed(z, z->cur.index, now))) {
        // Nothing prepared, and this one may not go on: the next allowed item now, else the
        // fallback or the background.
        int from = z->cur.index;
        close_inst(&z->cur);
        if (open_after(z, from, &z->cur, now) == 0) {
            start(&z->cur, now);
            if (open_after(z, z->cur.index, &z->next, now) == 0 && z->next.index == z->cur.index)
                close_inst(&z->next);
        } else if (z->zone->fallback && allowed(z, FALLBACK, now) &&
                   open_inst(z, z->zone->fallback, FALLBACK, &z->cur) == 0) {
            start(&z->cur, now);
        }
        return;
    }
    if (z->next.ops) {
        begin_transition(z, now);   // keeps the current item as the one going out, or closes it
        z->cur = z->next;
        memset(&z->next, 0, sizeof(z->next));
        z->next.index = -1;
        start(&z->cur, now);
        if (open_after(z, z->cur.index, &z->next, now) == 0 && z->next.index == z->cur.index)
            close_inst(&z->next);
    } else {
        start(&z->cur, now);   // the only item: again from its start
    }
}

static int failed(const struct inst *in)
{
    return in->ops && in->ops->status && in->ops->status(in->priv) < 0;
}

static int loading(const struct inst *in)
{
    return in->ops && in->ops->status && in->ops->status(in->priv) == 0;
}

// The current item turned out unplayable (a video that does not open): never again, and the
// next one now.
static void skip_failed(struct bt_zone_player *z, const struct bt_now *now)
{
    for (int guard = 0; failed(&z->cur) && guard <= (int)z->zone->nitems; guard++) {
        int from = z->cur.index;
        mark_failed(z, &z->cur);
        close_inst(&z->cur);
        if (z->next.ops && failed(&z->next))
            mark_failed(z, &z->next);
        if (z->next.ops && !failed(&z->next)) {
            z->cur = z->next;
            memset(&z->next, 0, sizeof(z->next));
            z->next.index = -1;
        } else {
            close_inst(&z->next);
            if (from == FALLBACK || open_after(z, from, &z->cur, now) != 0) {
                if (from != FALLBACK && z->zone->fallback &&
                    open_inst(z, z->zone->fallback, FALLBACK, &z->cur) == 0)
                    start(&z->cur, now);
                return;
            }
        }
        start(&z->cur, now);
        if (z->cur.index >= 0 && open_after(z, z->cur.index, &z->next, now) == 0 &&
            z->next.index == z->cur.index)
            close_inst(&z->next);
    }
}

// Showing the fallback or nothing: whether that is still right at `now`.
static int idle_stale(const struct bt_zone_player *z, const struct bt_now *now)
{
    if (z->cur.ops && z->cur.index != FALLBACK)
        return 0;
    if (any_allowed(z, now))
        return 1;
    int fallback_ok = z->zone->fallback && allowed(z, FALLBACK, now);
    return (z->cur.index == FALLBACK) != fallback_ok;
}

// The item prepared next turned out unplayable (found in the background): said, and the one
// after it prepared in its place.
static void replace_failed_next(struct bt_zone_player *z, const struct bt_now *now)
{
    for (int guard = 0; guard < (int)z->zone->nitems && z->next.ops && failed(&z->next); guard++) {
        int from = z->next.index;
        mark_failed(z, &z->next);
        close_inst(&z->next);
        if (from < 0 || open_after(z, from, &z->next, now) != 0)
            return;
    }
}

// Smoothstep: starts and ends gently.
static double ease(double p)
{
    return p * p * (3 - 2 * p);
}

// Both items drawn apart, each into its layer, then put together in the zone: the one coming
// in over (fade, wipe) or beside (slide) the one going out, by how far the transition is.
static void draw_transition(struct bt_zone_player *z, const struct bt_now *now)
{
    struct bt_render *r = z->env->render;
    SDL_Renderer *sr = bt_render_sdl(r);
    int w = z->rect.w, h = z->rect.h;
    SDL_Rect all = {0, 0, w, h};
    struct inst *in[2] = {&z->prev, &z->cur};
    for (int i = 0; i < 2; i++) {
        bt_render_draw_to(r, z->layer[i]);
        // Under an item: the zone's background where it is opaque (so edges blend as they do
        // in the zone), else nothing (what lies under the zone shows through).
        struct bt_color under = z->zone->background;
        if (!z->zone->has_background || under.a < 255)
            under = (struct bt_color){0, 0, 0, 0};
        SDL_SetRenderDrawBlendMode(sr, SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(sr, under.r, under.g, under.b, under.a);
        SDL_RenderFillRect(sr, &all);
        in[i]->ops->draw(in[i]->priv, now, all);
    }
    bt_render_draw_to(r, NULL);
    double p = (double)(now->mono_us - z->trans_start_us) / (double)z->trans_us;
    p = ease(p < 0 ? 0 : p > 1 ? 1 : p);
    int x = z->rect.x, y = z->rect.y, up = z->trans.direction == BT_DIRECTION_UP;
    int off = (int)lround(p * (up ? h : w));
    SDL_RenderSetClipRect(sr, &z->rect);
    SDL_SetTextureAlphaMod(z->layer[1], 255);
    switch (z->trans.kind) {
    case BT_TRANSITION_FADE:
        SDL_RenderCopy(sr, z->layer[0], NULL, &z->rect);
        SDL_SetTextureAlphaMod(z->layer[1], (Uint8)lround(p * 255));
        SDL_RenderCopy(sr, z->layer[1], NULL, &z->rect);
        SDL_SetTextureAlphaMod(z->layer[1], 255);
        break;
    case BT_TRANSITION_SLIDE: {
        SDL_Rect a = {up ? x : x - off, up ? y - off : y, w, h};
        SDL_Rect b = {up ? x : x + w - off, up ? y + h - off : y, w, h};
        SDL_RenderCopy(sr, z->layer[0], NULL, &a);
        SDL_RenderCopy(sr, z->layer[1], NULL, &b);
        break;
    }
    default: {   // a wipe: the edge moves left (or up), the new item uncovered behind it
        SDL_RenderCopy(sr, z->layer[0], NULL, &z->rect);
        SDL_Rect src = up ? (SDL_Rect){0, h - off, w, off} : (SDL_Rect){w - off, 0, off, h};
        SDL_Rect dst = {x + src.x, y + src.y, src.w, src.h};
        if (off > 0)
            SDL_RenderCopy(sr, z->layer[1], &src, &dst);
        break;
    }
    }
    SDL_RenderSetClipRect(sr, NULL);
}

void bt_zone_player_draw(struct bt_zone_player *z, const struct bt_now *now)
{
    if (z->suspended)
        return;
    z->last_wall_us = now->wall_us;
    if (z->started && idle_stale(z, now)) {
        finish(z, now->wall_us, 1);
        close_inst(&z->prev);
        close_inst(&z->cur);
        close_inst(&z->next);
        begin(z, now);
    } else if (!z->started) {
        begin(z, now);
    } else if (z->cur.ops) {
        replace_failed_next(z, now);
        // The item that is over stays while the next one is decoded (a picture on the worker, a
        // clip's first frame), for a bound: the zone never shows its background between them.
        if (z->over_of != z->cur.priv)
            z->over_us = 0;   // another item since
        if (done(z, &z->cur, now) && !z->over_us) {
            z->over_us = now->mono_us;
            z->over_of = z->cur.priv;
        }
        if (z->over_us && (!loading(&z->next) || now->mono_us - z->over_us >= NEXT_WAIT_US)) {
            z->over_us = 0;
            advance(z, now);
        }
    }
    skip_failed(z, now);
    if (z->prev.ops && (!z->cur.ops || failed(&z->cur) || !z->prev.ops ||
                        now->mono_us - z->trans_start_us >= z->trans_us))
        close_inst(&z->prev);   // the transition is over
    if (z->zone->has_background)
        bt_render_fill_target(z->env->render, &z->rect, z->zone->background);
    // Before the draw: a picture that finishes decoding during it must not make this frame,
    // drawn without it, look whole.
    z->drawn_whole = !loading(&z->cur);
    if (z->prev.ops)
        draw_transition(z, now);
    else if (z->cur.ops)
        z->cur.ops->draw(z->cur.priv, now, z->rect);
    z->drawn = z->cur.priv;
}

int bt_zone_player_changed(struct bt_zone_player *z, const struct bt_now *now)
{
    if (z->suspended)
        return 0;
    if (!z->started || z->drawn != z->cur.priv || failed(&z->cur) || idle_stale(z, now))
        return 1;
    if (!z->cur.ops)
        return 0;
    if (z->prev.ops || done(z, &z->cur, now))
        return 1;   // a transition moves every frame
    return z->cur.ops->changed && z->cur.ops->changed(z->cur.priv, now);
}

int bt_zone_player_ready(const struct bt_zone_player *z)
{
    return z->suspended || !z->started || (z->drawn_whole && !loading(&z->cur));
}

int bt_zone_player_current(const struct bt_zone_player *z)
{
    return z->cur.ops ? z->cur.index : -1;
}

void bt_zone_player_suspend(struct bt_zone_player *z, const struct bt_now *now)
{
    if (z->suspended)
        return;
    z->suspended = 1;
    z->susp_index = z->cur.ops ? z->cur.index : -1;
    z->susp_elapsed_us = z->cur.ops ? now->mono_us - z->cur.started_us : 0;
    z->susp_at_us = now->mono_us;
    finish(z, now->wall_us, 1);
    close_inst(&z->prev);
    close_inst(&z->cur);   // decoders stop
    close_inst(&z->next);
}

// How long item i runs: its duration, else how long it ran last time; 0 when unknown.
static int64_t length_of(const struct bt_zone_player *z, int i)
{
    if (z->items[i].duration > 0)
        return (int64_t)(z->items[i].duration * 1e6);
    return z->len_us[i];
}

void bt_zone_player_resume(struct bt_zone_player *z, const struct bt_now *now)
{
    if (!z->suspended)
        return;
    z->suspended = 0;
    int n = (int)z->zone->nitems, i = z->susp_index;
    if (i < 0 || i >= n) {
        z->started = 0;   // it showed the fallback or nothing: decide afresh
        return;
    }
    // Walk the timeline as if the zone had played on: the item that would be playing now
    // starts from its beginning. An item of unknown length (a clip never played to its end)
    // stops the walk there.
    int64_t t = z->susp_elapsed_us + (now->mono_us - z->susp_at_us);
    int64_t cycle = 0;
    for (int k = 0; k < n; k++) {
        int64_t len = z->bad[k] || !allowed(z, k, now) ? 0 : length_of(z, k);
        if (len == 0 && !z->bad[k] && allowed(z, k, now)) {
            cycle = 0;
            break;
        }
        cycle += len;
    }
    if (cycle > 0)
        t %= cycle;
    for (int guard = 0; guard < n * 2; guard++) {
        if (z->bad[i] || !allowed(z, i, now)) {
            i = (i + 1) % n;
            continue;
        }
        int64_t len = length_of(z, i);
        if (len == 0 || t < len)
            break;
        t -= len;
        i = (i + 1) % n;
    }
    z->started = 1;
    if (open_after(z, (i + n - 1) % n, &z->cur, now) == 0) {
        start(&z->cur, now);
        if (open_after(z, z->cur.index, &z->next, now) == 0 && z->next.index == z->cur.index)
            close_inst(&z->next);
    } else {
        z->started = 0;
    }
}
