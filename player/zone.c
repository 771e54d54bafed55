#include "zone.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "render.h"

#define FALLBACK (-2)

struct inst {
    const struct bt_item_ops *ops;
    void *priv;
    const struct bt_item *item;
    int index;            // in the zone's items, FALLBACK, or -1 when empty
    int64_t started_us;
};

struct bt_zone_player {
    const struct bt_zone *zone;
    const struct bt_item_env *env;
    SDL_Rect rect;
    struct bt_item *items;   // shallow copies with the zone's rules applied (ticker passes)
    char *bad;               // items that could not be opened
    struct inst cur, next;
    int started;
    const void *drawn;       // the instance last drawn, to notice a change of item
};

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
        BT_WARN("zone", "%s: item %d (%s) is skipped: this version does not play %s items yet",
                z->zone->id, index, bt_item_type_name(item->type), bt_item_type_name(item->type));
        return -1;
    }
    void *priv = calloc(1, ops->priv_size);
    if (!priv)
        return -1;
    if (ops->open(priv, item, z->env, z->rect) != 0) {
        BT_WARN("zone", "%s: item %d (%s%s%s) is skipped", z->zone->id, index,
                bt_item_type_name(item->type), item->id ? " " : "", item->id ? item->id : "");
        free(priv);
        return -1;
    }
    *in = (struct inst){ops, priv, item, index, 0};
    return 0;
}

// Opens the first playable item after `after` (wrapping), into *in. Returns 0 or -1 (none).
static int open_after(struct bt_zone_player *z, int after, struct inst *in)
{
    int n = (int)z->zone->nitems;
    for (int k = 1; k <= n; k++) {
        int i = (after + k) % n;
        if (z->bad[i])
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
    if (!z->items || !z->bad) {
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
        if (z->items[i].type == BT_ITEM_VIDEO && !z->items[i].plays &&
            z->items[i].duration <= 0 && zone->nitems > 1)
            z->items[i].plays = 1;
    }
    z->cur.index = z->next.index = -1;
    return z;
}

void bt_zone_player_destroy(struct bt_zone_player *z)
{
    if (!z)
        return;
    close_inst(&z->cur);
    close_inst(&z->next);
    free(z->items);
    free(z->bad);
    free(z);
}

static int done(const struct inst *in, const struct bt_now *now)
{
    const struct bt_item *it = in->item;
    if (it->duration > 0 && now->mono_us - in->started_us >= (int64_t)(it->duration * 1e6))
        return 1;
    return in->ops->finished && in->ops->finished(in->priv, now);
}

static void start(struct inst *in, const struct bt_now *now)
{
    in->started_us = now->mono_us;
    if (in->ops->start)
        in->ops->start(in->priv, now);
}

static void begin(struct bt_zone_player *z, const struct bt_now *now)
{
    z->started = 1;
    if (z->zone->nitems && open_after(z, (int)z->zone->nitems - 1, &z->cur) == 0) {
        start(&z->cur, now);
        if (open_after(z, z->cur.index, &z->next) == 0 && z->next.index == z->cur.index)
            close_inst(&z->next);   // one playable item: it restarts itself
        return;
    }
    if (z->zone->fallback && open_inst(z, z->zone->fallback, FALLBACK, &z->cur) == 0)
        start(&z->cur, now);
}

static int failed(const struct inst *in);

static void advance(struct bt_zone_player *z, const struct bt_now *now)
{
    if (z->cur.index == FALLBACK)
        return;   // the fallback shows until the playlist changes
    if (failed(&z->cur) && z->cur.index >= 0)
        z->bad[z->cur.index] = 1;   // not to be opened again
    if (z->next.ops && z->next.index >= 0 && z->bad[z->next.index])
        close_inst(&z->next);
    if (!z->next.ops && z->bad[z->cur.index]) {
        // Nothing was waiting: the next playable one, now.
        int from = z->cur.index;
        close_inst(&z->cur);
        if (open_after(z, from, &z->cur) == 0) {
            start(&z->cur, now);
            if (open_after(z, z->cur.index, &z->next) == 0 && z->next.index == z->cur.index)
                close_inst(&z->next);
        }
        return;
    }
    if (z->next.ops) {
        close_inst(&z->cur);
        z->cur = z->next;
        memset(&z->next, 0, sizeof(z->next));
        z->next.index = -1;
        start(&z->cur, now);
        if (open_after(z, z->cur.index, &z->next) == 0 && z->next.index == z->cur.index)
            close_inst(&z->next);
    } else {
        start(&z->cur, now);   // the only item: again from its start
    }
}

static int failed(const struct inst *in)
{
    return in->ops && in->ops->status && in->ops->status(in->priv) < 0;
}

// The current item turned out unplayable (a video that does not open): never again, and the
// next one now.
static void skip_failed(struct bt_zone_player *z, const struct bt_now *now)
{
    for (int guard = 0; failed(&z->cur) && guard <= (int)z->zone->nitems; guard++) {
        int from = z->cur.index;
        if (from >= 0)
            z->bad[from] = 1;
        close_inst(&z->cur);
        if (z->next.ops && !failed(&z->next)) {
            z->cur = z->next;
            memset(&z->next, 0, sizeof(z->next));
            z->next.index = -1;
        } else {
            close_inst(&z->next);
            if (from == FALLBACK || open_after(z, from, &z->cur) != 0) {
                if (from != FALLBACK && z->zone->fallback &&
                    open_inst(z, z->zone->fallback, FALLBACK, &z->cur) == 0)
                    start(&z->cur, now);
                return;
            }
        }
        start(&z->cur, now);
        if (z->cur.index >= 0 && open_after(z, z->cur.index, &z->next) == 0 &&
            z->next.index == z->cur.index)
            close_inst(&z->next);
    }
}

void bt_zone_player_draw(struct bt_zone_player *z, const struct bt_now *now)
{
    if (!z->started)
        begin(z, now);
    else if (z->cur.ops && done(&z->cur, now))
        advance(z, now);
    skip_failed(z, now);
    if (z->zone->has_background)
        bt_render_fill_target(z->env->render, &z->rect, z->zone->background);
    if (z->cur.ops)
        z->cur.ops->draw(z->cur.priv, now, z->rect);
    z->drawn = z->cur.priv;
}

int bt_zone_player_changed(struct bt_zone_player *z, const struct bt_now *now)
{
    if (!z->started || z->drawn != z->cur.priv || failed(&z->cur))
        return 1;
    if (!z->cur.ops)
        return 0;
    if (done(&z->cur, now))
        return 1;
    return z->cur.ops->changed && z->cur.ops->changed(z->cur.priv, now);
}

int bt_zone_player_current(const struct bt_zone_player *z)
{
    return z->cur.ops ? z->cur.index : -1;
}
