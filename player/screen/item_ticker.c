// The banner: one line scrolling right to left by a whole number of output pixels each refresh.
// The line is rasterised lazily in strips cut at spaces, each no wider than the renderer's
// widest texture; at most STRIPS_RESIDENT are held, so a 2,000-character banner never becomes
// one huge surface. Each strip starts where the one before ends, so the spacing across a join
// is the spacing within a run: the join cannot be seen.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/utf8.h"
#include "screen/item.h"
#include "screen/render.h"
#include "screen/text.h"

#define STRIPS_RESIDENT 4

struct strip {
    size_t start, end;   // bytes of the text
    int x, w;            // in pixels from the line's start
    SDL_Texture *tex;
    int baseline;   // the baseline's row in the texture
    unsigned long used;
};

struct ticker_priv {
    const struct bt_item *item;   // the playlist's, or `own` for a feed's line
    struct bt_item own;           // a feed ticker: the item with the line as its text (owned)
    char *pending;                // a newer line, shown from the next pass
    unsigned serial;              // of the line shown
    const struct bt_item_env *env;
    int px;
    struct strip *strips;
    size_t nstrips;
    int total_w;
    int baseline;   // in the zone
    int step;       // output pixels per refresh
    uint64_t start_refresh;
    int zone_w;
    int resident;
    unsigned long tick;
    int64_t drawn_offset;   // the offset last drawn; -1 before the first
};

static TTF_Font *font_of(struct ticker_priv *t)
{
    return bt_fonts_get(t->env->fonts, t->item->bold, t->px);
}

// Width of text[start, end) as one shaped run.
static int width_of(TTF_Font *font, const char *text, size_t start, size_t end, char *buf)
{
    memcpy(buf, text + start, end - start);
    buf[end - start] = '\0';
    int w = 0;
    TTF_SizeUTF8(font, buf, &w, NULL);
    return w;
}

// Cuts the line into strips of at most max_w pixels, at spaces where it can.
static int cut(struct ticker_priv *t, TTF_Font *font, int max_w)
{
    const char *text = t->item->text;
    size_t len = strlen(text);
    char *buf = malloc(len + 1);
    size_t cap = 8;
    t->strips = calloc(cap, sizeof(*t->strips));
    if (!buf || !t->strips) {
        free(buf);
        return -1;
    }
    size_t start = 0;
    while (start < len) {
        size_t end = start, good = start;
        // Extend a word (a space and what follows up to the next space) at a time.
        while (end < len) {
            size_t e = end;
            while (e < len && text[e] == ' ')
                e++;
            while (e < len && text[e] != ' ')
                e++;
            if (width_of(font, text, start, e, buf) > max_w)
                break;
            good = e;
            end = e;
        }
        if (good == start) {
            // One word wider than a strip: cut it between characters.
            const char *p = text + start;
            while (*p) {
                const char *q = p;
                bt_utf8_next(&q);
                if (width_of(font, text, start, (size_t)(q - text), buf) > max_w &&
                    p > text + start)
                    break;
                p = q;
            }
            good = (size_t)(p - text);
        }
        if (t->nstrips == cap) {
            struct strip *n = realloc(t->strips, cap * 2 * sizeof(*n));
            if (!n) {
                free(buf);
                return -1;
            }
            t->strips = n;
            cap *= 2;
        }
        struct strip *s = &t->strips[t->nstrips++];
        memset(s, 0, sizeof(*s));
        s->start = start;
        s->end = good;
        // Each strip starts where the one before ends: spacing across a join is the spacing
        // inside a run.
        s->x = t->nstrips > 1 ? s[-1].x + s[-1].w : 0;
        s->w = width_of(font, text, start, good, buf);
        start = good;
    }
    t->total_w = t->nstrips ? t->strips[t->nstrips - 1].x + t->strips[t->nstrips - 1].w : 0;
    free(buf);
    return 0;
}

static void drop_strips(struct ticker_priv *t);

// Sizes and cuts the line of t->item for the zone.
static int layout(struct ticker_priv *t, SDL_Rect zone)
{
    const struct bt_item *item = t->item;
    const struct bt_item_env *env = t->env;
    t->zone_w = zone.w;
    int want = item->font_size ? (int)(item->font_size * bt_render_scale(env->render) + 0.5) : 0;
    // A size whose ink (stacked capitals to dots below) fits the zone's height; a fixed size
    // that does not shrinks until it does.
    t->px = bt_text_line_px(env->fonts, item->text, item->bold, want, zone.h);
    char key[160], q[200];
    snprintf(key, sizeof(key), "ticker %p %d %d %d", (const void *)item, want, t->px, zone.h);
    if (want > 0 && t->px < want && bt_log_first(key))
        BT_WARN("ticker", _("\"%s\" does not fit its zone at %d px; it is drawn at %d px"),
                bt_utf8_quote(item->text, 40, q, sizeof(q)), want, t->px);
    TTF_Font *font = font_of(t);
    if (!font)
        return -1;
    struct bt_ink ink = bt_text_ink(font, item->text);
    t->baseline = (zone.h - ink.ascent - ink.descent) / 2 + ink.ascent;
    int max_w = env->max_strip_width > 0 ? env->max_strip_width : 4096;
    if (cut(t, font, max_w) != 0)
        return -1;
    double hz = env->refresh_hz > 0 ? env->refresh_hz : 60;
    t->step = (int)lround(item->speed / hz);
    if (t->step < 1)
        t->step = 1;
    double speed = t->step * hz;
    if (fabs(speed - item->speed) > 0.1 * item->speed)
        BT_INFO("ticker",
                _("speed %g px/s runs at %g px/s: %d px at each of %g refreshes a second"),
                item->speed, speed, t->step, hz);
    char joins[512] = "";
    size_t used = 0;
    for (size_t i = 1; i < t->nstrips && used < sizeof(joins) - 16; i++)
        used += (size_t)snprintf(joins + used, sizeof(joins) - used, " %d", t->strips[i].x);
    BT_DEBUG("ticker", "%zu bytes, %d px wide at %d px, %zu strips of at most %d px, joined at:%s",
             strlen(item->text), t->total_w, t->px, t->nstrips, max_w, joins);
    return 0;
}

static int ticker_open(void *priv, const struct bt_item *item, const struct bt_item_env *env,
                       SDL_Rect zone)
{
    struct ticker_priv *t = priv;
    t->item = item;
    t->env = env;
    if (item->feed && env->feed_line) {
        // The feed's line as last read; until one has been, the item's own text (or nothing).
        t->own = *item;
        char *line = env->feed_line(env->feed_ctx, item, &t->serial);
        t->own.text = line ? line : strdup(item->text ? item->text : "");
        if (!t->own.text)
            return -1;
        t->item = &t->own;
    }
    return layout(t, zone);
}

// A feed ticker takes a newer line between passes (at once when it shows nothing).
static void take_line(struct ticker_priv *t, const struct bt_now *now, SDL_Rect zone, int64_t cycle)
{
    if (t->item != &t->own)
        return;
    if (!t->pending && now->refresh % 30 == 0)
        t->pending = t->env->feed_line(t->env->feed_ctx, &t->own, &t->serial);
    if (!t->pending || (t->nstrips && (int64_t)(now->refresh - t->start_refresh) * t->step < cycle))
        return;
    drop_strips(t);
    free(t->own.text);
    t->own.text = t->pending;
    t->pending = NULL;
    if (layout(t, zone) != 0)
        t->nstrips = 0;
    t->start_refresh = now->refresh;
}

static void ticker_start(void *priv, const struct bt_now *now)
{
    struct ticker_priv *t = priv;
    t->start_refresh = now->refresh;
    t->drawn_offset = -1;
}

static int64_t offset_of(const struct ticker_priv *t, const struct bt_now *now)
{
    return (int64_t)(now->refresh - t->start_refresh) * t->step;
}

static void drop_strip(struct ticker_priv *t, struct strip *s)
{
    if (s->tex) {
        SDL_DestroyTexture(s->tex);
        s->tex = NULL;
        t->resident--;
    }
}

static int make_strip(struct ticker_priv *t, struct strip *s)
{
    // Make room: the least recently used strip goes.
    while (t->resident >= STRIPS_RESIDENT) {
        struct strip *old = NULL;
        for (size_t i = 0; i < t->nstrips; i++) {
            if (t->strips[i].tex && (!old || t->strips[i].used < old->used))
                old = &t->strips[i];
        }
        if (!old)
            break;
        drop_strip(t, old);
    }
    TTF_Font *font = font_of(t);
    size_t n = s->end - s->start;
    char *buf = malloc(n + 1);
    if (!font || !buf) {
        free(buf);
        return -1;
    }
    memcpy(buf, t->item->text + s->start, n);
    buf[n] = '\0';
    const struct bt_color c = t->item->color;
    SDL_Surface *surf = bt_text_line(font, buf, (SDL_Color){c.r, c.g, c.b, 255}, &s->baseline);
    free(buf);
    if (!surf)
        return -1;
    s->tex = SDL_CreateTextureFromSurface(bt_render_sdl(t->env->render), surf);
    SDL_FreeSurface(surf);
    if (!s->tex)
        return -1;
    SDL_SetTextureBlendMode(s->tex, SDL_BLENDMODE_BLEND);
    t->resident++;
    return 0;
}

static void ticker_draw(void *priv, const struct bt_now *now, SDL_Rect zone)
{
    struct ticker_priv *t = priv;
    SDL_Renderer *sr = bt_render_sdl(t->env->render);
    if (t->item->has_background)
        bt_render_fill_target(t->env->render, &zone, t->item->background);
    int64_t cycle = (int64_t)zone.w + t->total_w;   // from entering on the right to gone
    if (!t->item->passes)
        take_line(t, now, zone, cycle);
    int64_t off = offset_of(t, now);
    t->drawn_offset = off;
    if (t->item->passes && off >= cycle * t->item->passes)
        return;   // done; the zone moves on
    off %= cycle;
    int64_t left = zone.w - off;   // where the line starts, in the zone
    SDL_RenderSetClipRect(sr, &zone);
    for (size_t i = 0; i < t->nstrips; i++) {
        struct strip *s = &t->strips[i];
        int64_t x = left + s->x;
        if (x >= zone.w || x + s->w + 2 <= 0)
            continue;
        if (!s->tex && make_strip(t, s) != 0)
            continue;
        s->used = ++t->tick;
        int w, h;
        SDL_QueryTexture(s->tex, NULL, NULL, &w, &h);
        SDL_Rect dst = {zone.x + (int)x, zone.y + t->baseline - s->baseline, w, h};
        SDL_RenderCopy(sr, s->tex, NULL, &dst);
    }
    SDL_RenderSetClipRect(sr, NULL);
}

static int ticker_changed(void *priv, const struct bt_now *now)
{
    struct ticker_priv *t = priv;
    return offset_of(t, now) != t->drawn_offset;
}

static int ticker_finished(void *priv, const struct bt_now *now)
{
    struct ticker_priv *t = priv;
    int64_t cycle = (int64_t)t->zone_w + t->total_w;
    return t->item->passes && offset_of(t, now) >= cycle * t->item->passes;
}

static void drop_strips(struct ticker_priv *t)
{
    for (size_t i = 0; i < t->nstrips; i++)
        drop_strip(t, &t->strips[i]);
    free(t->strips);
    t->strips = NULL;
    t->nstrips = 0;
}

static void ticker_close(void *priv)
{
    struct ticker_priv *t = priv;
    drop_strips(t);
    if (t->item == &t->own)
        free(t->own.text);
    free(t->pending);
}

const struct bt_item_ops bt_item_ticker = {
    .name = "ticker",
    .priv_size = sizeof(struct ticker_priv),
    .open = ticker_open,
    .start = ticker_start,
    .draw = ticker_draw,
    .changed = ticker_changed,
    .finished = ticker_finished,
    .close = ticker_close,
};
