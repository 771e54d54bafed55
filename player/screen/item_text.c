// Text slides, the clock and countdowns: a wrapped, aligned block rasterised once (the clock again
// only when its text changes) and drawn as one texture.
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/utf8.h"
#include "screen/item.h"
#include "screen/render.h"
#include "screen/text.h"
#include "time/clockfmt.h"
#include "time/zone.h"

struct text_priv {
    const struct bt_item *item;
    const struct bt_item_env *env;
    SDL_Texture *tex;
    int pad;
    int font_px;           // target pixels; fixed for a clock so its size does not jitter
    char shown[512];       // the clock's or the countdown's current text
    int64_t to_moment_s;   // countdown: the moment it counts down to
};

static int padding(SDL_Rect zone)
{
    return bt_text_padding(zone.w, zone.h);
}

// Says once per run how text that does not fit at its size is drawn.
static void tell_fit(const struct bt_item *it, const char *text, int want,
                     const struct bt_text_fit *f, SDL_Rect zone)
{
    char key[160], q[200];
    snprintf(key, sizeof(key), "fit %p %d %d %d %d", (const void *)it, want, f->px, zone.w, zone.h);
    if ((want <= 0 || f->px >= want) && !f->broken && !f->cut)
        return;
    if (!bt_log_first(key))
        return;
    bt_utf8_quote(text, 40, q, sizeof(q));
    if (f->cut)
        BT_WARN("text", _("\"%s\" does not fit its zone even at %d px; the lines below it are cut"),
                q, f->px);
    else if (want > 0 && f->px < want)
        BT_WARN("text", _("\"%s\" does not fit its zone at %d px; it is drawn at %d px"), q, want,
                f->px);
    if (f->broken && !f->cut)
        BT_WARN("text", _("\"%s\" has a word wider than its zone; it is broken between letters"),
                q);
}

// Rasterises `text` into the item's texture. Returns 0 or -1.
static int rasterise(struct text_priv *t, const char *text, SDL_Rect zone)
{
    const struct bt_item *it = t->item;
    struct bt_text_block b = {
        .bold = it->bold,
        .font_px = t->font_px,
        .color = {it->color.r, it->color.g, it->color.b, 255},
        .align = it->align,
        .valign = it->valign,
    };
    struct bt_text_fit fit;
    SDL_Surface *s = bt_text_render_block(t->env->fonts, text, &b, zone.w - 2 * t->pad,
                                          zone.h - 2 * t->pad, &fit);
    if (!s)
        return -1;
    tell_fit(it, text, t->font_px, &fit, zone);
    SDL_Texture *tex = SDL_CreateTextureFromSurface(bt_render_sdl(t->env->render), s);
    SDL_FreeSurface(s);
    if (!tex) {
        BT_WARN("text", _("cannot make a texture: %s"), SDL_GetError());
        return -1;
    }
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    if (t->tex)
        SDL_DestroyTexture(t->tex);
    t->tex = tex;
    return 0;
}

static int text_open(void *priv, const struct bt_item *item, const struct bt_item_env *env,
                     SDL_Rect zone)
{
    struct text_priv *t = priv;
    t->item = item;
    t->env = env;
    t->pad = padding(zone);
    if (item->font_size)
        t->font_px = (int)(item->font_size * bt_render_scale(env->render) + 0.5);
    return rasterise(t, item->text, zone);
}

static void draw_block(struct text_priv *t, SDL_Rect zone)
{
    const struct bt_item *it = t->item;
    if (it->has_background)
        bt_render_fill_target(t->env->render, &zone, it->background);
    int w, h;
    SDL_QueryTexture(t->tex, NULL, NULL, &w, &h);
    SDL_Rect dst = {zone.x + t->pad, zone.y + t->pad, w, h};
    SDL_RenderCopy(bt_render_sdl(t->env->render), t->tex, NULL, &dst);
}

static void text_draw(void *priv, const struct bt_now *now, SDL_Rect zone)
{
    (void)now;
    draw_block(priv, zone);
}

static void text_close(void *priv)
{
    struct text_priv *t = priv;
    if (t->tex)
        SDL_DestroyTexture(t->tex);
}

const struct bt_item_ops bt_item_text = {
    .name = "text",
    .priv_size = sizeof(struct text_priv),
    .open = text_open,
    .draw = text_draw,
    .close = text_close,
};

// The clock fits its size once, over every weekday name, so it does not change size as the
// time does (Noto Sans's digits all have the same width).
static int clock_open(void *priv, const struct bt_item *item, const struct bt_item_env *env,
                      SDL_Rect zone)
{
    struct text_priv *t = priv;
    t->item = item;
    t->env = env;
    t->pad = padding(zone);
    int want = item->font_size ? (int)(item->font_size * bt_render_scale(env->render) + 0.5) : 0;
    int best = 0;
    for (int wd = 0; wd < 7; wd++) {
        char sample[256];
        bt_clockfmt_sample(item->text, wd, sample, sizeof(sample));
        struct bt_text_fit fit;
        bt_text_fit(env->fonts, sample, item->bold, want, zone.w - 2 * t->pad, zone.h - 2 * t->pad,
                    &fit);
        if (best == 0 || fit.px < best)
            best = fit.px;
    }
    char key[160], q[200];
    snprintf(key, sizeof(key), "clock %p %d %d %d %d", (const void *)item, want, best, zone.w,
             zone.h);
    if (want > 0 && best < want && bt_log_first(key))
        BT_WARN("text", _("\"%s\" does not fit its zone at %d px; it is drawn at %d px"),
                bt_utf8_quote(item->text, 40, q, sizeof(q)), want, best);
    t->font_px = best;
    return 0;
}

static void clock_draw(void *priv, const struct bt_now *now, SDL_Rect zone)
{
    struct text_priv *t = priv;
    struct tm tm;
    char text[256];
    bt_localtime(now->wall_us, &tm);
    bt_clockfmt(t->item->text, &tm, text, sizeof(text));
    if (strcmp(text, t->shown) != 0 || !t->tex) {
        if (rasterise(t, text, zone) != 0)
            return;
        snprintf(t->shown, sizeof(t->shown), "%s", text);
    }
    draw_block(t, zone);
}

static int clock_changed(void *priv, const struct bt_now *now)
{
    struct text_priv *t = priv;
    struct tm tm;
    char text[256];
    bt_localtime(now->wall_us, &tm);
    bt_clockfmt(t->item->text, &tm, text, sizeof(text));
    return strcmp(text, t->shown) != 0;
}

const struct bt_item_ops bt_item_clock = {
    .name = "clock",
    .priv_size = sizeof(struct text_priv),
    .open = clock_open,
    .draw = clock_draw,
    .changed = clock_changed,
    .close = text_close,
};

// A countdown: its text for `now` (the "after" text once the moment has passed).
static void countdown_text(const struct text_priv *t, const struct bt_now *now, char *out,
                           size_t size)
{
    const struct bt_item *it = t->item;
    if (now->local >= it->to_local) {
        snprintf(out, size, "%s", it->after ? it->after : "");
        return;
    }
    int64_t days = bt_local_day(it->to_local) - bt_local_day(now->local);
    int64_t left = t->to_moment_s - now->wall_us / 1000000;
    bt_countdown_fmt(it->text, days, left, out, size);
}

// Sized once, for the widest numbers and the text after, so it does not change size.
static int countdown_open(void *priv, const struct bt_item *item, const struct bt_item_env *env,
                          SDL_Rect zone)
{
    struct text_priv *t = priv;
    t->item = item;
    t->env = env;
    t->pad = padding(zone);
    t->to_moment_s = bt_local_moment(item->to_local);
    int want = item->font_size ? (int)(item->font_size * bt_render_scale(env->render) + 0.5) : 0;
    char samples[2][512];
    bt_countdown_sample(item->text, samples[0], sizeof(samples[0]));
    snprintf(samples[1], sizeof(samples[1]), "%s", item->after ? item->after : "");
    int best = 0;
    for (int i = 0; i < 2; i++) {
        if (!samples[i][0])
            continue;
        struct bt_text_fit fit;
        bt_text_fit(env->fonts, samples[i], item->bold, want, zone.w - 2 * t->pad,
                    zone.h - 2 * t->pad, &fit);
        if (best == 0 || fit.px < best)
            best = fit.px;
    }
    t->font_px = best;
    return 0;
}

static void countdown_draw(void *priv, const struct bt_now *now, SDL_Rect zone)
{
    struct text_priv *t = priv;
    char text[512];
    countdown_text(t, now, text, sizeof(text));
    if (strcmp(text, t->shown) != 0 || (!t->tex && text[0])) {
        if (!text[0]) {
            if (t->tex)
                SDL_DestroyTexture(t->tex);
            t->tex = NULL;
        } else if (rasterise(t, text, zone) != 0) {
            return;
        }
        snprintf(t->shown, sizeof(t->shown), "%s", text);
    }
    if (t->tex)
        draw_block(t, zone);
    else if (t->item->has_background)
        bt_render_fill_target(t->env->render, &zone, t->item->background);
}

static int countdown_changed(void *priv, const struct bt_now *now)
{
    struct text_priv *t = priv;
    char text[512];
    countdown_text(t, now, text, sizeof(text));
    return strcmp(text, t->shown) != 0;
}

const struct bt_item_ops bt_item_countdown = {
    .name = "countdown",
    .priv_size = sizeof(struct text_priv),
    .open = countdown_open,
    .draw = countdown_draw,
    .changed = countdown_changed,
    .close = text_close,
};
