// Internal to the playlist reader (playlist*.c): the reading context and the field readers that
// report problems with their position. Not for other modules.
#ifndef BT_PLAYLIST_READ_FIELDS_H
#define BT_PLAYLIST_READ_FIELDS_H

#include <jansson.h>

#include "playlist/jsonpos.h"
#include "playlist/playlist.h"

#define PL_PATH 160

// How bad a problem is, which decides its severity in each mode.
enum pl_level {
    PL_FATAL,   // the document's structure: an error, and the document is rejected
    PL_PART,    // an item, override or optional part: skipped by the player (a warning),
                // an error for check
    PL_WARN,    // a warning in both modes
};

struct pl_ctx {
    enum bt_playlist_mode mode;
    const char *base;
    const char *name;   // the file's name in messages
    const struct bt_jsonpos *pos;
    struct bt_diags *diags;
};

// The values of a JSON text, counted from its tokens outside strings (an upper bound for valid
// JSON: each value but the first follows a comma or opens a container; keys are counted with
// their values).
size_t pl_count_values(const char *s, size_t n);

// Reports a problem about the value at `path` (or its key, when at_key). A path with no value
// (a missing field) is placed at the object that lacks it.
void pl_problem(struct pl_ctx *c, enum pl_level level, const char *path, int at_key,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

// The same at a known position.
void pl_problem_at(struct pl_ctx *c, enum pl_level level, struct bt_pos pos, const char *path,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

// "parent.key" or "key" into buf.
const char *pl_join(char *buf, const char *parent, const char *key);
// "parent[i]" into buf.
const char *pl_index(char *buf, const char *parent, size_t i);

// Field readers. Each returns 0 when the field was read into *out, 1 when it is absent (and not
// required; *out untouched), or -1 after reporting a problem at `level`.
int pl_int(struct pl_ctx *c, enum pl_level level, json_t *obj, const char *path, const char *key,
           int required, long min, long max, int *out);
// A number > min (exclusive) and <= max.
int pl_number(struct pl_ctx *c, enum pl_level level, json_t *obj, const char *path, const char *key,
              int required, double min, double max, double *out);
int pl_bool(struct pl_ctx *c, enum pl_level level, json_t *obj, const char *path, const char *key,
            int *out);
// A string of at least 1 and at most maxlen characters, NFC-normalised, newly allocated.
int pl_string(struct pl_ctx *c, enum pl_level level, json_t *obj, const char *path, const char *key,
              int required, size_t maxlen, char **out);
// An item's or a zone's "transition": a name ("fade") or {"type", "direction", "duration"}.
int pl_transition(struct pl_ctx *c, enum pl_level level, json_t *obj, const char *path,
                  struct bt_transition *out);
int pl_enum(struct pl_ctx *c, enum pl_level level, json_t *obj, const char *path, const char *key,
            const char *const *names, int n, int *out);
int pl_color(struct pl_ctx *c, enum pl_level level, json_t *obj, const char *path, const char *key,
             struct bt_color *out);

// Reports keys of `obj` not in `known` (n of them), with a did-you-mean: errors for check,
// warnings for the player (which ignores them).
void pl_unknown_keys(struct pl_ctx *c, json_t *obj, const char *path, const char *const *known,
                     size_t n);

// Items (playlist_item.c). Returns 0, or -1 after reporting at `level` (the item is unusable).
int pl_item(struct pl_ctx *c, enum pl_level level, json_t *j, const char *path,
            struct bt_item *out);
void pl_item_free(struct bt_item *it);

// Schedules (playlist_schedule.c). Returns a new schedule, or NULL after reporting at `level`.
struct bt_schedule *pl_schedule(struct pl_ctx *c, enum pl_level level, json_t *j, const char *path);
void pl_schedule_free(struct bt_schedule *s);
// A list of "HH:MM-HH:MM" windows (or one such string). Returns 0 or -1 after reporting.
int pl_windows(struct pl_ctx *c, enum pl_level level, json_t *j, const char *path,
               struct bt_window **out, size_t *n);

// Warnings of check across the parts of a playlist read without error (read_checks.c): phases
// that share a day, overrides of equal priority that meet, overrides that never end. `root` is
// the document p was read from.
void pl_cross_checks(struct pl_ctx *c, json_t *root, const struct bt_playlist *p);

#endif
