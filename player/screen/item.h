// Content types behind one table of functions (the shape of mpv's vo drivers): each item of a
// zone is an instance of one of these. An instance is opened for the zone's size in target
// pixels before it shows (decoding and rasterising happen there, never per frame), started
// when it shows, drawn every refresh, and closed.
// Main thread only.
#ifndef BT_SCREEN_ITEM_H
#define BT_SCREEN_ITEM_H

#include <SDL.h>

#include "playlist/playlist.h"
#include "time/clock.h"

struct bt_render;
struct bt_fonts;
struct bt_audio;
struct bt_pictures;

// What items may use; owned by the player.
struct bt_item_env {
    struct bt_render *render;
    struct bt_fonts *fonts;
    double refresh_hz;              // the display's refresh rate
    int max_strip_width;            // widest texture a ticker may make
    int simulated;                  // simulated time: wait for decoders instead of dropping frames
    int hwdec;                      // enum bt_hwdec
    struct bt_audio *audio;         // the sound output; NULL: none
    struct bt_pictures *pictures;   // decoded off this thread, kept for the revision
    // Told of each item when it stops showing, with when it began and ended (wall clock,
    // microseconds) and whether it was cut short (proof of play); NULL: nobody asks.
    void (*shown)(void *ctx, const struct bt_zone *zone, const struct bt_item *item, int index,
                  int64_t start_us, int64_t end_us, int cut_short);
    void *shown_ctx;
    // A ticker's feed line (item->feed), malloc'd, when it changed since *serial (updated), else
    // NULL; it only copies what another thread made. NULL: no feeds.
    char *(*feed_line)(void *ctx, const struct bt_item *item, unsigned *serial);
    void *feed_ctx;
};

struct bt_item_ops {
    const char *name;
    size_t priv_size;
    // Prepares `item` for a zone of zone->w x zone->h target pixels, without waiting on a file
    // or a decoder (those work in the background, reported by status). Returns 0, or -1 when
    // the item cannot be shown (the zone skips it, and logs why).
    int (*open)(void *priv, const struct bt_item *item, const struct bt_item_env *env,
                SDL_Rect zone);
    // The item becomes visible at `now`.
    void (*start)(void *priv, const struct bt_now *now);
    // For items that load in the background: < 0 when they turned out unplayable, 0 while
    // loading, 1 when playable. NULL: always playable once opened.
    int (*status)(void *priv);
    // Why the item cannot be shown, after open failed or status turned < 0: a phrase that names
    // the file ("/srv/a.jpg is a GIF, which ..."), or NULL. The zone logs it, once.
    const char *(*why)(void *priv);
    // Draws the item into `zone` (target pixels) for the refresh at `now`.
    void (*draw)(void *priv, const struct bt_now *now, SDL_Rect zone);
    // Whether drawing at `now` would change the item's pixels since it was last drawn (so a
    // screen need not redraw and present a still picture). NULL: only its first draw does.
    int (*changed)(void *priv, const struct bt_now *now);
    // Whether the item is done by its own measure (a ticker's passes); NULL: by duration only.
    int (*finished)(void *priv, const struct bt_now *now);
    void (*close)(void *priv);
};

extern const struct bt_item_ops bt_item_image;
extern const struct bt_item_ops bt_item_text;
extern const struct bt_item_ops bt_item_ticker;
extern const struct bt_item_ops bt_item_clock;
extern const struct bt_item_ops bt_item_video;
extern const struct bt_item_ops bt_item_qr;
extern const struct bt_item_ops bt_item_countdown;

// The ops for an item type.
const struct bt_item_ops *bt_item_ops_for(enum bt_item_type type);

#endif
