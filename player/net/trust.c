#include "net/trust.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "base/minisign.h"

struct bt_trust {
    struct bt_minisign_keys *keys;
    char broken[1200];   // a key that cannot be read: every playlist is refused with this
};

struct bt_trust *bt_trust_load(const char (*paths)[1024], int n)
{
    if (n <= 0)
        return NULL;
    struct bt_trust *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;   // out of memory before the first frame: signatures cannot be checked
    t->keys = bt_minisign_keys_create();
    if (!t->keys)
        snprintf(t->broken, sizeof(t->broken), "%s", _("out of memory"));
    for (int i = 0; t->keys && i < n && !t->broken[0]; i++) {
        char err[900];
        if (bt_minisign_keys_add_file(t->keys, paths[i], NULL, err, sizeof(err)) != BT_MINISIGN_OK)
            snprintf(t->broken, sizeof(t->broken),
                     _("a trusted key cannot be read (%s): no playlist plays until it can"), err);
    }
    return t;
}

void bt_trust_free(struct bt_trust *t)
{
    if (!t)
        return;
    bt_minisign_keys_destroy(t->keys);
    free(t);
}

static void moment(int64_t t, char *buf, size_t size)
{
    time_t s = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&s, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm))
        snprintf(buf, size, "@%lld", (long long)t);
}

int bt_trust_check(const struct bt_trust *t, const char *doc, size_t len, const char *sig,
                   size_t siglen, int64_t not_before, int64_t *signed_at, char *why, size_t whysize)
{
    *signed_at = 0;
    if (!t)
        return 0;
    if (t->broken[0]) {
        snprintf(why, whysize, "%s", t->broken);
        return -1;
    }
    if (!sig) {
        snprintf(why, whysize, "%s",
                 _("unsigned: there is no signature (PLAYLIST.minisig) beside it"));
        return -1;
    }
    struct bt_minisign_verified v;
    char err[900];
    int rc = bt_minisign_verify(t->keys, doc, len, sig, siglen, "PLAYLIST.minisig", &v, err,
                                sizeof(err));
    if (rc != BT_MINISIGN_OK) {
        snprintf(why, whysize, _("signature does not verify: %s"), err);
        return -1;
    }
    struct bt_minisign_comment c;
    if (bt_minisign_comment_parse(v.trusted_comment, &c) != 0)
        c.has_timestamp = 0;
    if (!c.has_timestamp && not_before > 0) {
        snprintf(why, whysize, "%s",
                 _("refused: its trusted comment holds no timestamp, so it cannot be told from an "
                   "older playlist"));
        return -1;
    }
    if (c.has_timestamp && not_before > 0 && c.timestamp < not_before) {
        char a[64], b[64];
        moment(c.timestamp, a, sizeof(a));
        moment(not_before, b, sizeof(b));
        snprintf(why, whysize,
                 _("refused: it was signed at %s, before the revision playing (signed at %s); "
                   "an older playlist is not played again"),
                 a, b);
        return -1;
    }
    *signed_at = c.has_timestamp ? c.timestamp : 0;
    return 0;
}

int64_t bt_trust_signed_at(const struct bt_trust *t, const char *doc, size_t len, const char *sig,
                           size_t siglen)
{
    char why[1200];
    int64_t at = 0;
    return bt_trust_check(t, doc, len, sig, siglen, 0, &at, why, sizeof(why)) == 0 ? at : 0;
}
