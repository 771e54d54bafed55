// Finding bangtin's own files (fonts, demo playlists): in $BANGTIN_DATA_DIR, beside the
// executable (../share/bangtin), the installed data directory, then the source tree the binary
// was built from (so a build runs without installing). Any thread.
#ifndef BT_DATADIR_H
#define BT_DATADIR_H

#include <stddef.h>

// Finds `relpath` (e.g. "fonts/NotoSans-Regular.ttf"). Returns 0 with the full path in out,
// or -1 when it is nowhere.
int bt_datadir_find(const char *relpath, char *out, size_t size);

#endif
