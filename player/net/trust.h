// Signed playlists: which playlists a screen trusts. With trusted keys configured, a playlist —
// from a server, a path or a USB stick — plays only when PLAYLIST.minisig beside it (minisign's
// format, base/minisign.h) verifies with one of them, and never when it was signed before the
// revision the screen plays (an old signed playlist replayed). One object, read-only once made:
// any thread may use it.
#ifndef BT_NET_TRUST_H
#define BT_NET_TRUST_H

#include <stddef.h>
#include <stdint.h>

struct bt_trust;

// The keys in the files named (public keys as minisign writes them). A key that cannot be read
// does not make the screen trust less: it refuses every playlist, saying why (fail closed).
// NULL when n is 0 (signatures are not checked).
struct bt_trust *bt_trust_load(const char (*paths)[1024], int n);
void bt_trust_free(struct bt_trust *t);

// Whether doc (len bytes) may play: sig (siglen bytes; NULL: there is none) must verify with a
// trusted key, and its trusted comment's timestamp must not be before not_before (seconds since
// the epoch; 0: any). Returns 0 with *signed_at (0 when the comment holds no timestamp), or -1
// with the reason in why, in the screen's words ("unsigned: …", "signature does not verify: …").
int bt_trust_check(const struct bt_trust *t, const char *doc, size_t len, const char *sig,
                   size_t siglen, int64_t not_before, int64_t *signed_at, char *why,
                   size_t whysize);

// The signing time a verified signature names (0 when none or it does not verify).
int64_t bt_trust_signed_at(const struct bt_trust *t, const char *doc, size_t len, const char *sig,
                           size_t siglen);

#endif
