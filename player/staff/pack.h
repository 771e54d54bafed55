// `bangtin pack PLAYLIST OUTDIR`, for staff: gathers the local files a playlist uses into
// OUTDIR/objects/<sha256>.<ext>, writes OUTDIR/playlist.json with each `src`, `sha256` and `size`
// filled in, checks the result like `bangtin check`, and says what to upload. Main thread.
#ifndef BT_STAFF_PACK_H
#define BT_STAFF_PACK_H

#include <stdio.h>

// Returns the exit status: 0, 1 when a file cannot be read or written, 2 when the playlist has
// errors (printed like `check`).
int bt_pack_run(const char *playlist, const char *outdir, FILE *out);

#endif
