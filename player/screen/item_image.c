// Images: decoded and scaled once when the item is opened; drawn as one texture.
#include <stdio.h>

#include "base/log.h"
#include "media/image.h"
#include "screen/item.h"
#include "screen/render.h"

struct image_priv {
    const struct bt_item_env *env;
    SDL_Texture *tex;
    int w, h;
};

static int image_open(void *priv, const struct bt_item *item, const struct bt_item_env *env,
                      SDL_Rect zone)
{
    struct image_priv *im = priv;
    char err[300];
    im->env = env;
    if (item->source.remote) {
        BT_WARN("image", "%s: files from servers play from a later version", item->source.src);
        return -1;
    }
    SDL_Surface *s =
        bt_image_load(item->source.resolved, zone.w, zone.h, item->fit, err, sizeof(err));
    if (!s) {
        BT_WARN("image", "%s %s", item->source.resolved, err);
        return -1;
    }
    im->tex = SDL_CreateTextureFromSurface(bt_render_sdl(env->render), s);
    im->w = s->w;
    im->h = s->h;
    SDL_FreeSurface(s);
    if (!im->tex) {
        BT_WARN("image", "%s: cannot make a texture: %s", item->source.resolved, SDL_GetError());
        return -1;
    }
    SDL_SetTextureBlendMode(im->tex, SDL_BLENDMODE_BLEND);
    return 0;
}

static void image_draw(void *priv, const struct bt_now *now, SDL_Rect zone)
{
    struct image_priv *im = priv;
    (void)now;
    SDL_Rect dst = {zone.x + (zone.w - im->w) / 2, zone.y + (zone.h - im->h) / 2, im->w, im->h};
    SDL_RenderCopy(bt_render_sdl(im->env->render), im->tex, NULL, &dst);
}

static void image_close(void *priv)
{
    struct image_priv *im = priv;
    if (im->tex)
        SDL_DestroyTexture(im->tex);
}

const struct bt_item_ops bt_item_image = {
    .name = "image",
    .priv_size = sizeof(struct image_priv),
    .open = image_open,
    .draw = image_draw,
    .close = image_close,
};
