// Where each value of a JSON text lies: jansson gives a position only for syntax errors, so this
// scanner reads the same bytes again and indexes every value by its JSON path ("zones[1].items[3]
// .duration"), with the line and column of the value and, for object members, of the key.
// Lines and columns start at 1; columns count characters (UTF-8 code points), not bytes.
// Expects text jansson has already accepted; on anything else it stops where it is lost.
// Immutable once built; any thread may read it.
#ifndef BT_PLAYLIST_JSONPOS_H
#define BT_PLAYLIST_JSONPOS_H

#include <stddef.h>

struct bt_pos {
    int line, column;   // 0, 0 when unknown
};

struct bt_jsonpos;

// Indexes `text` (len bytes). Returns NULL when out of memory.
struct bt_jsonpos *bt_jsonpos_scan(const char *text, size_t len);
void bt_jsonpos_destroy(struct bt_jsonpos *jp);

// Finds a path ("" is the document). Returns 0 and fills *value (and *key, when not NULL: the
// member's key, or the value's own position for array elements and the root), or -1.
int bt_jsonpos_find(const struct bt_jsonpos *jp, const char *path, struct bt_pos *key,
                    struct bt_pos *value);

// The values indexed, in document order (a container before what it holds): how many, and the
// i-th one's path (NULL past the last), position and the bytes [*start, *end) it takes in the
// text (a string's with its quotes).
size_t bt_jsonpos_count(const struct bt_jsonpos *jp);
const char *bt_jsonpos_get(const struct bt_jsonpos *jp, size_t i, struct bt_pos *value,
                           size_t *start, size_t *end);

// Line and column of byte `offset` in text (columns in characters).
struct bt_pos bt_jsonpos_at(const char *text, size_t len, size_t offset);

#endif
