// Finding bangtin's own files (fonts, demo playlists): in $BANGTIN_DATA_DIR, beside the
// executable (../share/bangtin: an installed tree, or a build folder, where CMake links it to
// the source's folders), then the installed data directory. Any thread.
#ifndef BT_BASE_DATADIR_H
#define BT_BASE_DATADIR_H

#include <stddef.h>

// Finds `relpath` (e.g. "fonts/NotoSans-Regular.ttf"). Returns 0 with the full path in out,
// or -1 when it is nowhere.
int bt_datadir_find(const char *relpath, char *out, size_t size);

// The folder of message catalogues: beside the executable (../share/locale) when it holds
// bangtin's, else the installed one (BT_LOCALEDIR). Returns out.
const char *bt_localedir_find(char *out, size_t size);

#endif
