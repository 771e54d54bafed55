// Images: decoded and scaled off the render thread (screen/pictures), once for the revision;
// drawn as one texture once ready. In simulated time a frame waits for its picture.
#include <stdio.h>

#include "base/i18n.h"
#include "screen/item.h"
#include "screen/pictures.h"
#include "screen/render.h"

#define SIMULATED_WAIT_MS 20000

struct image_priv {
    const struct bt_item_env *env;
    const struct bt_item *item;
    struct bt_picture *pic;
    int drawn_ready;   // drawn since it became ready
    char why[600];
};

static int image_open(void *priv, const struct bt_item *item, const struct bt_item_env *env,
                      SDL_Rect zone)
{
    struct image_priv *im = priv;
    im->env = env;
    im->item = item;
    if (item->source.remote) {
        snprintf(im->why, sizeof(im->why), _("%s: files from servers play from a later version"),
                 item->source.src);
        return -1;
    }
    im->pic = env->pictures
                  ? bt_picture_get(env->pictures, item->source.resolved, zone.w, zone.h, item->fit)
                  : NULL;
    if (!im->pic) {
        snprintf(im->why, sizeof(im->why), _("%s: out of memory"), item->source.resolved);
        return -1;
    }
    return 0;
}

static int image_status(void *priv)
{
    struct image_priv *im = priv;
    char err[400];
    int s =
        bt_picture_status(im->pic, im->env->simulated ? SIMULATED_WAIT_MS : 0, err, sizeof(err));
    if (s < 0 && !im->why[0])
        snprintf(im->why, sizeof(im->why), "%s %s", im->item->source.resolved, err);
    return s;
}

static const char *image_why(void *priv)
{
    struct image_priv *im = priv;
    return im->why[0] ? im->why : NULL;
}

static void image_draw(void *priv, const struct bt_now *now, SDL_Rect zone)
{
    struct image_priv *im = priv;
    (void)now;
    if (image_status(im) != 1)
        return;   // still decoding: the zone's background
    int w, h;
    SDL_Texture *tex = bt_picture_texture(im->pic, &w, &h);
    SDL_Rect dst = {zone.x + (zone.w - w) / 2, zone.y + (zone.h - h) / 2, w, h};
    SDL_RenderCopy(bt_render_sdl(im->env->render), tex, NULL, &dst);
    im->drawn_ready = 1;
}

static int image_changed(void *priv, const struct bt_now *now)
{
    struct image_priv *im = priv;
    (void)now;
    return !im->drawn_ready && image_status(im) != 0;
}

static void image_close(void *priv)
{
    struct image_priv *im = priv;
    bt_picture_put(im->pic);
}

const struct bt_item_ops bt_item_image = {
    .name = "image",
    .priv_size = sizeof(struct image_priv),
    .open = image_open,
    .status = image_status,
    .why = image_why,
    .draw = image_draw,
    .changed = image_changed,
    .close = image_close,
};
