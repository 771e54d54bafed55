// Text slides and the clock: a wrapped, aligned block rasterised once (the clock again only
// when its text changes) and drawn as one texture.
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
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
    int font_px;       // target pixels; fixed for a clock so its size does not jitter
    char shown[256];   // the clock's current text
};

static int padding(SDL_Rect zone)
{
    int m = zone.w < zone.h ? zone.w : zone.h;
    return m >= 25 ? m / 25 : 1;
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
    int used = 0;
    SDL_Surface *s = bt_text_render_block(t->env->fonts, text, &b, zone.w - 2 * t->pad,
                                          zone.h - 2 * t->pad, &used);
    if (!s)
        return -1;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(bt_render_sdl(t->env->render), s);
    SDL_FreeSurface(s);
    if (!tex) {
        BT_WARN("text", "cannot make a texture: %s", SDL_GetError());
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
    if (item->font_size) {
        t->font_px = (int)(item->font_size * bt_render_scale(env->render) + 0.5);
        return 0;
    }
    int best = 0;
    for (int wd = 0; wd < 7; wd++) {
        struct tm tm = {.tm_year = 126,
                        .tm_mon = 11,
                        .tm_mday = 28,
                        .tm_hour = 20,
                        .tm_min = 48,
                        .tm_sec = 58,
                        .tm_wday = wd};
        char sample[256];
        bt_clockfmt(item->text, &tm, sample, sizeof(sample));
        struct bt_text_block b = {.bold = item->bold, .align = item->align, .valign = item->valign};
        int used = 0;
        SDL_Surface *s = bt_text_render_block(env->fonts, sample, &b, zone.w - 2 * t->pad,
                                              zone.h - 2 * t->pad, &used);
        if (!s)
            return -1;
        SDL_FreeSurface(s);
        if (best == 0 || used < best)
            best = used;
    }
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
