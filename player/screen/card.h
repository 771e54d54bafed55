// The status card: what a screen shows when it has nothing else to show (a fresh install, no
// playlist, a playlist that cannot be read, a config error). Large enough to read from across
// a room: bangtin's version, the screen id, the machine's IP addresses, the playlist source and
// the last error in plain words.
//
// The card is laid out once per change of its text or size and kept as textures; drawing it is
// a few copies. Main thread only.
#ifndef BT_SCREEN_CARD_H
#define BT_SCREEN_CARD_H

#include <stddef.h>

#include "screen/render.h"

#define BT_CARD_BACKGROUND ((struct bt_color){0x0B, 0x2A, 0x4A, 0xFF})

struct bt_card_info {
    const char *screen_id;
    const char *source;   // the playlist path or URL; NULL or "" when not configured
    const char *ips;      // from bt_net_addresses
    const char *error;    // the last error in plain words; NULL or "" when none
    const char *hint;     // what to do about it; may be NULL
};

struct bt_card;

struct bt_fonts;

// A card that draws with `fonts` (which must outlive it). Returns NULL when out of memory.
struct bt_card *bt_card_create(struct bt_fonts *fonts);
void bt_card_destroy(struct bt_card *c);

// Draws the card over the whole current canvas (cw x ch).
void bt_card_draw(struct bt_card *c, struct bt_render *r, int cw, int ch,
                  const struct bt_card_info *info);

#endif
