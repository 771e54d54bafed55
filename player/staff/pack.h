// `bangtin pack PLAYLIST OUTDIR [MEDIA_FOLDER...]`, for staff: gathers the local files a
// playlist uses into OUTDIR/objects/<sha256>.<ext>, writes OUTDIR/playlist.json with each `src`,
// `sha256` and `size` filled in, checks the result like `bangtin check`, and says what to upload.
// It publishes only media: every source must be a regular file inside the playlist's folder (or
// a MEDIA_FOLDER), links that lead out of them are refused, and every file must pass the player's
// own media probe (check's). With a secret key it also writes OUTDIR/playlist.json.minisig
// (minisign's format; the trusted comment "timestamp:T\tfile:playlist.json\trevision:R"), once
// the packed playlist passes check; the key's password is asked first (staff/keys), so a wrong
// one stops the pack before anything is written. A signature left from an earlier pack is
// removed. Main thread.
#ifndef BT_STAFF_PACK_H
#define BT_STAFF_PACK_H

#include <stdio.h>

// `sign_key`: the secret key's path, or NULL for no signature. Returns the exit status: 0, 1 when
// a file cannot be read or written or the key cannot sign, 2 when the playlist has errors
// (printed like `check`).
int bt_pack_run(const char *playlist, const char *outdir, char *const *folders, int nfolders,
                const char *sign_key, FILE *out);

#endif
