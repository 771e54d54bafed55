// One zone's timeline: its items in order, looping, each for its duration (or a ticker's
// passes), skipping those outside their schedules (then the fallback, else the background). The
// next item is opened while the current one shows, and an item that is over stays until the
// next is decoded (2 s at most), so a zone never shows its background between items. An item
// that cannot be shown is skipped with one warning that says why, and not tried again for this
// playlist. Main thread only.
#ifndef BT_SCREEN_ZONE_H
#define BT_SCREEN_ZONE_H

#include "screen/item.h"

struct bt_zone_player;

// A player for `zone` (which must outlive it), drawing into `rect` (target pixels).
struct bt_zone_player *bt_zone_player_create(const struct bt_zone *zone,
                                             const struct bt_item_env *env, SDL_Rect rect);
void bt_zone_player_destroy(struct bt_zone_player *z);

// Moves the timeline to `now` and draws the zone.
void bt_zone_player_draw(struct bt_zone_player *z, const struct bt_now *now);

// Whether drawing at `now` would change the zone's pixels since its last draw.
int bt_zone_player_changed(struct bt_zone_player *z, const struct bt_now *now);

// An override takes the zone: its items close (decoding stops) and it draws nothing.
void bt_zone_player_suspend(struct bt_zone_player *z, const struct bt_now *now);
// The override is over: the item that would be playing now (had the zone played on, by the
// items' durations or the lengths they last ran) starts from its beginning.
void bt_zone_player_resume(struct bt_zone_player *z, const struct bt_now *now);

// Whether what the zone last drew was all there: no item still being decoded when it drew.
int bt_zone_player_ready(const struct bt_zone_player *z);

// The index of the item showing (-1: none; -2: the fallback). For tests and the log.
int bt_zone_player_current(const struct bt_zone_player *z);

#endif
