// "Did you mean": the nearest of a list of known names to a misspelt one. Any thread.
#ifndef BT_BASE_DIDYOUMEAN_H
#define BT_BASE_DIDYOUMEAN_H

#include <stddef.h>

// Edit distance (insertions, deletions, substitutions; ASCII case ignored). Names of 63 bytes
// or more count as far from everything.
size_t bt_edit_distance(const char *a, const char *b);

// The name in `names` (n of them) nearest to `name`, when it is close enough to be a typo (up to
// half the known name's length, at least 2 edits); NULL otherwise.
const char *bt_suggest(const char *name, const char *const *names, size_t n);

#endif
