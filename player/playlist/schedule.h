// What a playlist shows at a moment: one pure function of (playlist, local time, the overrides
// raised by hand, whether the clock is trusted), so every rule is tested with a table and a
// simulated clock. Local time is "local seconds" (see struct bt_schedule): the playlist's time
// zone is applied before, by bt_local_passed, so that a schedule matches the moments its local
// times name where the clocks change (time/zone.h).
#ifndef BT_PLAYLIST_SCHEDULE_H
#define BT_PLAYLIST_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "playlist/playlist.h"

// Whether a schedule matches at `local` (NULL always does). A window that crosses midnight
// belongs to the day it starts on.
int bt_schedule_active(const struct bt_schedule *s, int64_t local);

// Whether a schedule names dates (from or until): such items wait for a trusted clock.
int bt_schedule_dated(const struct bt_schedule *s);

// Whether an item, zone or override may play: its schedule matches, and, when the clock is not
// trusted, it names no dates.
int bt_schedule_allows(const struct bt_schedule *s, int64_t local, int clock_trusted);

// When the stretch of time in which `s` matches without a break, and which holds `local`, ends:
// the first moment after `local` at which it does not match (its next start comes later).
// Returns `local` when `s` does not match then, INT64_MAX when the stretch never ends.
int64_t bt_schedule_run_end(const struct bt_schedule *s, int64_t local);

struct bt_moment {
    int on;           // the screen is lit: inside operating_hours (or none given), or woken
    int brightness;   // percent, 0-100
    // Per zone (playlist order): the override that has it (NULL: none), and whether the
    // zone's own schedule lets it play.
    const struct bt_override **override;
    unsigned char *zone_on;
    // Outside operating hours, lit only for overrides that wake the screen ("wake": true): the
    // zones they do not take stay black.
    int woken;
};

// An override released by hand (bangtin release) while its schedule was active: it stays off
// until `until` (local seconds), the end of that stretch of its schedule, and shows again at
// its next scheduled start.
struct bt_released {
    const char *id;
    int64_t until;
};

// The overrides raised by hand (bangtin trigger), by id, and those released by hand.
struct bt_raised {
    const char *const *ids;
    size_t n;
    const struct bt_released *released;
    size_t nreleased;
};

// Fills *m (its arrays sized p->nzones, owned by the caller) for `local`. An override takes a
// zone when it is active, one of its items may play now (else the zone keeps its own items),
// and, outside operating hours, it wakes the screen; the highest priority wins, and among equal
// priorities the one written first.
void bt_schedule_eval(const struct bt_playlist *p, int64_t local, const struct bt_raised *raised,
                      int clock_trusted, struct bt_moment *m);

// Whether an override is active: raised by hand, or by its schedule unless released by hand.
int bt_override_active(const struct bt_override *o, int64_t local, const struct bt_raised *raised,
                       int clock_trusted);

#endif
