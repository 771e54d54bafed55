// The playlist: JSON (jansson) parsed and validated into an immutable struct bt_playlist.
// No SDL and no I/O beyond reading the one file. The structure is read-only once loaded and
// may be shared between threads.
//
// This is the skeleton's subset of format v1 (playlists/README.md): version, revision,
// canvas {width, height, background} and zones {id, x, y, w, h, background}. Fields it does
// not know yet are ignored, so files written for the full format load.
#ifndef BT_PLAYLIST_H
#define BT_PLAYLIST_H

#include <stddef.h>

#include "color.h"

#define BT_CANVAS_MAX 16384
#define BT_ZONES_MAX 64

struct bt_zone {
    char *id;
    int x, y, w, h;                // in canvas pixels
    int has_background;
    struct bt_color background;    // drawn under the zone's items
};

struct bt_playlist {
    char *path;        // the file it was read from
    int version;
    char *revision;    // as staff wrote it, "" when absent
    int width, height;
    struct bt_color background;
    struct bt_zone *zones;   // in drawing order: later zones draw on top
    size_t nzones;
};

struct bt_playlist_error {
    char file[256];
    int line, column;   // 0 when not known
    char path[128];     // JSON path of the field, e.g. "zones[2].w"; "" for the document
    char message[320];
};

// Reads and validates the playlist at `path`. Returns it (owned by the caller, free with
// bt_playlist_destroy), or NULL with *err filled in.
struct bt_playlist *bt_playlist_load(const char *path, struct bt_playlist_error *err);

// Same from a string; `name` stands in for the file name in errors.
struct bt_playlist *bt_playlist_parse(const char *json, const char *name,
                                      struct bt_playlist_error *err);

void bt_playlist_destroy(struct bt_playlist *p);

// "FILE:LINE:COLUMN: PATH: message", leaving out what is not known.
void bt_playlist_error_format(const struct bt_playlist_error *e, char *buf, size_t size);

#endif
