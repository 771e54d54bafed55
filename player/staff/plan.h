// `bangtin plan PLAYLIST --from DATE --to DATE`: what each zone plays when, printed as spans of
// time for staff to check a campaign before it starts. Computed on moments, as the player
// decides: the schedule's pure function at every moment a from, until or window's end names
// (time/zone.h's rules where the clocks change), to the second. One thread: it makes the
// playlist's time zone the process's.
#ifndef BT_STAFF_PLAN_H
#define BT_STAFF_PLAN_H

#include <stdint.h>
#include <stdio.h>

#include "playlist/playlist.h"

// What a row shows over a span: its kind (for colours, whatever the language) and in words.
enum bt_plan_kind {
    BT_PLAN_DARK,         // outside operating hours
    BT_PLAN_ON,           // the screen's row: on, at `brightness`
    BT_PLAN_OVERRIDE,     // an override
    BT_PLAN_ITEMS,        // the zone's own items
    BT_PLAN_FALLBACK,     // the zone's fallback
    BT_PLAN_BACKGROUND,   // nothing scheduled
};
struct bt_plan_state {
    enum bt_plan_kind kind;
    int brightness;   // percent, BT_PLAN_ON
    char words[2048];
};

// A span of row z (-1: the screen; else a zone's index) from moment `since` up to `until`
// (seconds since the epoch) showing `state`.
typedef void (*bt_plan_span_fn)(void *user, long z, int64_t since, int64_t until,
                                const struct bt_plan_state *state);

// Calls fn for each span of equal state of row z from moment t0 to t1, in order, with the
// playlist's time zone the process's (bt_timezone_set). Returns 0, or -1 when out of memory.
int bt_plan_spans(const struct bt_playlist *p, long z, int64_t t0, int64_t t1, bt_plan_span_fn fn,
                  void *user);

// With png, also a chart of it as a PNG there. Returns the exit status (0; 1 when the chart
// cannot be written; 2 for a playlist or a date that cannot be read).
int bt_plan_run(const char *playlist, const char *from, const char *to, const char *png, FILE *out);

#endif
