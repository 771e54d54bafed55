// The playlist, format v1 (playlists/README.md is the contract): JSON read with jansson,
// validated, and turned into an immutable struct bt_playlist. No SDL; no I/O beyond reading the
// file (and, when checking, the local media it names).
//
// Two modes:
// - BT_PLAYLIST_PLAY, for the player, is forward compatible: a document is rejected only when
//   its structure is broken (not JSON, wrong version, a bad canvas, zone or timezone); an item,
//   override or other part it cannot use is skipped with a warning, so a screen running an older
//   bangtin keeps playing a newer playlist.
// - BT_PLAYLIST_CHECK, for `bangtin check`, is strict: whatever the player would skip is an
//   error, so is an unknown field (which the player ignores with a warning), and local media
//   files are checked (existence, size, sha256). It makes the playlist's time zone the
//   process's (TZ), to find the schedules that never play: for commands that run one thread
//   (check, pack) and tests.
// Every problem carries the line and column of the value (or key) it is about, and its JSON
// path. The structure is read-only once loaded and may be shared between threads.
#ifndef BT_PLAYLIST_PLAYLIST_H
#define BT_PLAYLIST_PLAYLIST_H

#include <stddef.h>
#include <stdint.h>

#include "base/color.h"
#include "time/parse.h"   // struct bt_window, BT_DAY

// Bounds that a ward's playlist never reaches and a hostile one does: what any document can cost
// to read and to show stays small (playlists/README.md, "Limits").
#define BT_CANVAS_MAX       16384
#define BT_ZONES_MAX        64
#define BT_ITEMS_MAX        1000   // in one list: a zone's items, an override's
#define BT_OVERRIDES_MAX    256
#define BT_WINDOWS_MAX      48   // in one "hours" list
#define BT_BRIGHTNESS_MAX   48
#define BT_JSON_VALUES_MAX  200000   // objects, lists, texts and numbers in the whole document
#define BT_MARKS_MAX        4        // combining marks on one character
#define BT_DEFAULT_TIMEZONE "Asia/Ho_Chi_Minh"

enum bt_playlist_mode {
    BT_PLAYLIST_PLAY,
    BT_PLAYLIST_CHECK
};

enum bt_severity {
    BT_SEV_ERROR,
    BT_SEV_WARNING
};

struct bt_diag {
    enum bt_severity severity;
    int line, column;   // 0 when not known
    char path[160];     // JSON path, e.g. "zones[1].items[3].duration"; "" for the document
    char message[400];
};

// Problems found while reading, in document order. Bounded: beyond `cap` they are counted only.
struct bt_diags {
    struct bt_diag *items;
    size_t count, cap;
    size_t errors, warnings;   // all of them, kept or not
    int fatal;                 // the document was rejected
};

enum bt_item_type {
    BT_ITEM_IMAGE,
    BT_ITEM_TEXT,
    BT_ITEM_TICKER,
    BT_ITEM_CLOCK,
    BT_ITEM_VIDEO,
    BT_ITEM_QR,
    BT_ITEM_COUNTDOWN,
    BT_ITEM_TYPES
};
enum bt_fit {
    BT_FIT_CONTAIN,
    BT_FIT_COVER,
    BT_FIT_STRETCH
};
enum bt_align {
    BT_ALIGN_LEFT,
    BT_ALIGN_CENTER,
    BT_ALIGN_RIGHT
};
enum bt_valign {
    BT_VALIGN_TOP,
    BT_VALIGN_MIDDLE,
    BT_VALIGN_BOTTOM
};

// When something may play, in the playlist's timezone. Times are "local seconds": seconds since
// 1970-01-01 00:00 of the local calendar (timegm of the local date and time), so no timezone
// arithmetic happens here.
struct bt_schedule {
    int has_from, has_until;
    int64_t from;              // inclusive; a date-only from is that day's 00:00
    int64_t until;             // exclusive; a date-only until is the next day's 00:00
    unsigned days;             // BT_DAY bits; BT_DAYS_ALL when not given
    struct bt_window *hours;   // none: all day
    size_t nhours;
};

struct bt_source {
    char *src;        // as written
    char *resolved;   // an absolute path or an http(s) URL
    int remote;       // http(s)
    int has_sha256;
    char sha256[65];            // lower-case hex
    int64_t size;               // bytes; -1 when not given
    int src_line, src_column;   // where "src" is in the file
};

// How an item comes in over the one before it. `given` 0: the zone's (an item), a cut (a zone).
enum bt_transition_kind {
    BT_TRANSITION_CUT,
    BT_TRANSITION_FADE,
    BT_TRANSITION_SLIDE,
    BT_TRANSITION_WIPE,
};
enum bt_direction {
    BT_DIRECTION_LEFT,   // the edge moves right to left (the new item comes in from the right)
    BT_DIRECTION_UP,     // bottom to top
};
struct bt_transition {
    int given;
    enum bt_transition_kind kind;
    enum bt_direction direction;
    double duration;   // seconds
};

struct bt_item {
    enum bt_item_type type;
    char *path;                     // where it is in the document: "zones[0].items[2]"
    char *id;                       // NULL when not given
    struct bt_schedule *schedule;   // NULL: always
    int urgent;
    double duration;   // seconds; 0: not given
    // image, video
    struct bt_source source;
    enum bt_fit fit;
    // text, ticker, clock
    char *text;                   // NFC; for a clock, its format; for a QR code, what it encodes
    char *caption;                // qr: the line under the code (NFC), NULL when none
    int text_line, text_column;   // where the text (or format) is in the file
    int font_size;                // pixels; 0: fit the zone
    struct bt_color color;
    int has_background;
    struct bt_color background;
    enum bt_align align;
    enum bt_valign valign;
    int bold;
    double speed;   // ticker: output pixels per second
    int passes;     // ticker: 0 when not given
    // ticker: a news feed's titles instead of text (which, when given too, shows until the
    // feed has been read); NULL when none
    char *feed;
    int feed_items;    // at most this many titles
    int feed_days;     // none older; 0: any age
    char *separator;   // between titles
    // video
    int muted;
    int volume;   // percent
    int plays;    // 0 when not given
    // countdown: the moment counted down to (local seconds, the playlist's zone), and what
    // shows once it has passed (NFC; NULL: the item is no longer shown)
    int64_t to_local;
    char *after;
    struct bt_transition transition;
};

struct bt_zone {
    char *id;
    int x, y, w, h;   // in canvas pixels
    int has_background;
    struct bt_color background;
    struct bt_schedule *schedule;   // NULL: always
    struct bt_item *items;          // played in order, looping
    size_t nitems;
    struct bt_item *fallback;          // NULL when none
    struct bt_transition transition;   // its items' when they give none
};

struct bt_override {
    char *id;
    int priority;
    int all_zones;
    char **zones;   // zone ids, when not all_zones
    size_t nzones;
    struct bt_item *items;
    size_t nitems;
    struct bt_schedule *schedule;   // NULL: only when raised by hand (bangtin trigger)
    int wake;                       // it lights a screen that is dark outside operating hours
};

struct bt_brightness {
    struct bt_window *hours;
    size_t nhours;
    int percent;
};

struct bt_playlist {
    char *path;   // where it was read from
    char *base;   // what relative sources resolve against: a directory or a URL
    int version;
    char *revision;   // as staff wrote it, "" when absent
    char *timezone;   // IANA name
    int width, height;
    struct bt_color background;
    struct bt_zone *zones;   // in drawing order: later zones draw on top
    size_t nzones;
    struct bt_override *overrides;
    size_t noverrides;
    struct bt_schedule *operating_hours;   // NULL: always on
    struct bt_brightness *brightness;
    size_t nbrightness;
};

// Reads the playlist at `path`. Relative sources resolve against its directory.
// Returns the playlist (free with bt_playlist_destroy), or NULL when it is rejected; every
// problem is added to *diags (which the caller frees with bt_diags_free).
struct bt_playlist *bt_playlist_load(const char *path, enum bt_playlist_mode mode,
                                     struct bt_diags *diags);

// Same from bytes in memory: `name` names it in problems, `base` is what relative sources
// resolve against (a directory or a URL; NULL: the current directory).
struct bt_playlist *bt_playlist_parse(const char *data, size_t len, const char *name,
                                      const char *base, enum bt_playlist_mode mode,
                                      struct bt_diags *diags);

void bt_playlist_destroy(struct bt_playlist *p);

const char *bt_item_type_name(enum bt_item_type t);

// "FILE:LINE:COL: error: PATH: message", leaving out what is not known.
void bt_diag_format(const struct bt_diag *d, const char *file, char *buf, size_t size);
void bt_diags_free(struct bt_diags *d);
// Adds a problem (counted always; kept while fewer than a thousand are).
void bt_diags_add(struct bt_diags *d, enum bt_severity sev, int line, int column, const char *path,
                  const char *message);
// The first error, or NULL.
const struct bt_diag *bt_diags_first_error(const struct bt_diags *d);

#endif
