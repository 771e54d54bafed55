// QR codes: the code rasterised once at one pixel a module, drawn scaled by a whole number
// (nearest: every module a square of whole pixels), black on white with its quiet zone whatever
// the zone's colours; the caption, if any, in a band under it.
#include <stdio.h>
#include <stdlib.h>

#include "base/i18n.h"
#include "screen/item.h"
#include "screen/qr.h"
#include "screen/render.h"
#include "screen/text.h"

struct qr_priv {
    const struct bt_item *item;
    const struct bt_item_env *env;
    SDL_Texture *code, *caption;
    struct bt_qr_layout l;
    int pad;
    char why[300];
};

static SDL_Texture *code_texture(SDL_Renderer *r, const unsigned char *m, int width)
{
    int n = width + 2 * BT_QR_QUIET;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, n, n, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        return NULL;
    for (int y = 0; y < n; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
        for (int x = 0; x < n; x++) {
            int mx = x - BT_QR_QUIET, my = y - BT_QR_QUIET;
            int dark = mx >= 0 && my >= 0 && mx < width && my < width && m[my * width + mx];
            row[x] = dark ? 0xFF000000u : 0xFFFFFFFFu;
        }
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(r, s);
    SDL_FreeSurface(s);
    if (t)
        SDL_SetTextureScaleMode(t, SDL_ScaleModeNearest);
    return t;
}

static int qr_open(void *priv, const struct bt_item *item, const struct bt_item_env *env,
                   SDL_Rect zone)
{
    struct qr_priv *q = priv;
    q->item = item;
    q->env = env;
    q->pad = bt_text_padding(zone.w, zone.h);
    int width = 0;
    unsigned char *m = bt_qr_encode(item->text, &width);
    if (!m) {
        snprintf(q->why, sizeof(q->why), "%s", _("the text is too long for a QR code"));
        return -1;
    }
    int asked = item->font_size ? (int)(item->font_size * bt_render_scale(env->render) + 0.5) : 0;
    int cap = item->caption && *item->caption ? bt_qr_caption_px(zone.h, asked) : 0;
    q->l = bt_qr_layout(width, zone.w, zone.h, cap);
    if (!q->l.module && cap)
        q->l = bt_qr_layout(width, zone.w, zone.h, 0);   // no room for both: the code first
    if (!q->l.module) {
        snprintf(q->why, sizeof(q->why),
                 _("a QR code of %d modules does not fit a zone of %dx%d pixels"),
                 width + 2 * BT_QR_QUIET, zone.w, zone.h);
        free(m);
        return -1;
    }
    SDL_Renderer *r = bt_render_sdl(env->render);
    q->code = code_texture(r, m, width);
    free(m);
    if (!q->code)
        return -1;
    if (q->l.caption_h > 0) {
        struct bt_text_block b = {.bold = item->bold,
                                  .color = {item->color.r, item->color.g, item->color.b, 255},
                                  .align = BT_ALIGN_CENTER,
                                  .valign = BT_VALIGN_MIDDLE};
        SDL_Surface *s = bt_text_render_block(env->fonts, item->caption, &b, zone.w - 2 * q->pad,
                                              q->l.caption_h, NULL);
        if (s) {
            q->caption = SDL_CreateTextureFromSurface(r, s);
            SDL_FreeSurface(s);
            if (q->caption)
                SDL_SetTextureBlendMode(q->caption, SDL_BLENDMODE_BLEND);
        }
    }
    return 0;
}

static const char *qr_why(void *priv)
{
    struct qr_priv *q = priv;
    return q->why[0] ? q->why : NULL;
}

static void qr_draw(void *priv, const struct bt_now *now, SDL_Rect zone)
{
    struct qr_priv *q = priv;
    (void)now;
    if (q->item->has_background)
        bt_render_fill_target(q->env->render, &zone, q->item->background);
    SDL_Renderer *r = bt_render_sdl(q->env->render);
    SDL_Rect dst = {zone.x + q->l.x, zone.y + q->l.y, q->l.side, q->l.side};
    SDL_RenderCopy(r, q->code, NULL, &dst);
    if (q->caption) {
        int w, h;
        SDL_QueryTexture(q->caption, NULL, NULL, &w, &h);
        SDL_Rect c = {zone.x + q->pad, zone.y + zone.h - q->l.caption_h, w, h};
        SDL_RenderCopy(r, q->caption, NULL, &c);
    }
}

static void qr_close(void *priv)
{
    struct qr_priv *q = priv;
    if (q->code)
        SDL_DestroyTexture(q->code);
    if (q->caption)
        SDL_DestroyTexture(q->caption);
}

const struct bt_item_ops bt_item_qr = {
    .name = "qr",
    .priv_size = sizeof(struct qr_priv),
    .open = qr_open,
    .why = qr_why,
    .draw = qr_draw,
    .close = qr_close,
};
