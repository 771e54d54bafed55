#include "base/minisign.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/minisign_impl.h"

// The helpers minisign_impl.h shares, then public keys, verifying and the trusted comment.

struct key {
    unsigned char keynum[KEYNUM_LEN];
    unsigned char pk[PK_LEN];
};

struct bt_minisign_keys {
    int n;
    struct key k[BT_MINISIGN_KEYS_MAX];
};

int bt_minisign_fail(char *err, size_t errsize, int rc, const char *fmt, ...)
{
    if (err && errsize) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsize, fmt, ap);
        va_end(ap);
    }
    return rc;
}

int bt_minisign_init(char *err, size_t errsize)
{
    if (sodium_init() < 0)
        return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_IO, "%s",
                                _("libsodium cannot start"));
    return BT_MINISIGN_OK;
}

uint64_t bt_minisign_le64_load(const unsigned char *p)
{
    uint64_t x = 0;
    for (int i = 7; i >= 0; i--)
        x = x << 8 | p[i];
    return x;
}

void bt_minisign_le64_store(unsigned char *p, uint64_t x)
{
    for (int i = 0; i < 8; i++, x >>= 8)
        p[i] = (unsigned char)x;
}

void bt_minisign_key_id(const unsigned char keynum[KEYNUM_LEN], char id[BT_MINISIGN_ID_SIZE])
{
    snprintf(id, BT_MINISIGN_ID_SIZE, "%016" PRIX64, bt_minisign_le64_load(keynum));
}

int bt_minisign_next_line(struct bt_minisign_lines *l, const char **s, size_t *n)
{
    if (l->p >= l->end)
        return 0;
    const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
    const char *e = nl ? nl : l->end;
    const char *cr = memchr(l->p, '\r', (size_t)(e - l->p));
    *s = l->p;
    *n = (size_t)((cr ? cr : e) - l->p);
    l->p = nl ? nl + 1 : l->end;
    return 1;
}

int bt_minisign_has_prefix(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

int bt_minisign_b64_exact(const char *s, size_t n, unsigned char *bin, size_t want)
{
    size_t got = 0;
    const char *end = NULL;
    if (n == 0 ||
        sodium_base642bin(bin, want, s, n, NULL, &got, &end, sodium_base64_VARIANT_ORIGINAL) != 0)
        return -1;
    return end == s + n && got == want ? 0 : -1;
}

char *bt_minisign_b64_new(const unsigned char *bin, size_t n)
{
    size_t size = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *s = malloc(size);
    if (s)
        sodium_bin2base64(s, size, bin, n, sodium_base64_VARIANT_ORIGINAL);
    return s;
}

int bt_minisign_read_small(const char *path, char buf[BT_MINISIGN_FILE_MAX + 1], size_t *len,
                           char *err, size_t errsize)
{
    int fd = bt_file_open_regular(path, NULL);
    if (fd < 0)
        return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_IO, _("cannot read %s: %s"), path,
                                strerror(errno));
    size_t n = 0;
    while (n < BT_MINISIGN_FILE_MAX + 1) {
        ssize_t k = read(fd, buf + n, BT_MINISIGN_FILE_MAX + 1 - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            int e = errno;
            close(fd);
            return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_IO, _("cannot read %s: %s"), path,
                                    strerror(e));
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    close(fd);
    if (n > BT_MINISIGN_FILE_MAX)
        return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_MALFORMED,
                                _("%s: larger than %d bytes: not a minisign key or signature"),
                                path, BT_MINISIGN_FILE_MAX);
    buf[n] = '\0';
    *len = n;
    return BT_MINISIGN_OK;
}

int bt_minisign_small_text(const char *text, size_t len, const char *name, char *err,
                           size_t errsize)
{
    if (len > BT_MINISIGN_FILE_MAX)
        return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_MALFORMED,
                                _("%s: larger than %d bytes: not a minisign key or signature"),
                                name, BT_MINISIGN_FILE_MAX);
    if (len == 0)
        return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_MALFORMED, _("%s: is empty"), name);
    if (memchr(text, '\0', len))
        return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_MALFORMED,
                                _("%s: holds a NUL byte: not a minisign key or signature"), name);
    return BT_MINISIGN_OK;
}

// ---- Public keys ----------------------------------------------------------------------------

struct bt_minisign_keys *bt_minisign_keys_create(void)
{
    return calloc(1, sizeof(struct bt_minisign_keys));
}

void bt_minisign_keys_destroy(struct bt_minisign_keys *keys)
{
    free(keys);
}

int bt_minisign_keys_count(const struct bt_minisign_keys *keys)
{
    return keys->n;
}

int bt_minisign_keys_add_text(struct bt_minisign_keys *keys, const char *text, size_t len,
                              const char *name, char id[BT_MINISIGN_ID_SIZE], char *err,
                              size_t errsize)
{
    int rc = bt_minisign_small_text(text, len, name, err, errsize);
    if (rc)
        return rc;
    // The key's line: the first (the bare base64 form) or, after a comment, the second;
    // minisign itself reads the second whatever the first says.
    struct bt_minisign_lines l = {text, text + len};
    const char *s[2] = {NULL, NULL};
    size_t n[2] = {0, 0};
    for (int i = 0; i < 2 && bt_minisign_next_line(&l, &s[i], &n[i]); i++)
        ;
    unsigned char pub[SECKEY_LEN];
    int line = -1;
    for (int i = 0; i < 2 && line < 0; i++)
        if (s[i] && bt_minisign_b64_exact(s[i], n[i], pub, PUBKEY_LEN) == 0)
            line = i;
    if (line < 0) {
        if (s[1] && bt_minisign_b64_exact(s[1], n[1], pub, SECKEY_LEN) == 0)
            return bt_minisign_fail(
                err, errsize, BT_MINISIGN_ERR_MALFORMED,
                _("%s: is a secret key, not a public key: give the .pub file, and keep "
                  "the secret key private"),
                name);
        return bt_minisign_fail(
            err, errsize, BT_MINISIGN_ERR_MALFORMED,
            _("%s: not a minisign public key: after the \"untrusted comment:\" line "
              "there must be the key, 56 characters of base64 such as RWQ…"),
            name);
    }
    if (memcmp(pub, "Ed", ALG_LEN) != 0)
        return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_MALFORMED,
                                _("%s: not an Ed25519 key (its algorithm is not \"Ed\")"), name);
    struct key k;
    memcpy(k.keynum, pub + ALG_LEN, KEYNUM_LEN);
    memcpy(k.pk, pub + ALG_LEN + KEYNUM_LEN, PK_LEN);
    char kid[BT_MINISIGN_ID_SIZE];
    bt_minisign_key_id(k.keynum, kid);
    for (int i = 0; i < keys->n; i++) {
        if (memcmp(keys->k[i].keynum, k.keynum, KEYNUM_LEN) != 0)
            continue;
        if (memcmp(keys->k[i].pk, k.pk, PK_LEN) != 0)
            return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_MALFORMED,
                                    _("%s: another trusted key has the same key id %s"), name, kid);
        if (id)
            memcpy(id, kid, sizeof(kid));
        return BT_MINISIGN_OK;   // trusted already
    }
    if (keys->n == BT_MINISIGN_KEYS_MAX)
        return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_USAGE,
                                _("%s: at most %d keys can be trusted"), name,
                                BT_MINISIGN_KEYS_MAX);
    keys->k[keys->n++] = k;
    if (id)
        memcpy(id, kid, sizeof(kid));
    return BT_MINISIGN_OK;
}

int bt_minisign_keys_add_file(struct bt_minisign_keys *keys, const char *path,
                              char id[BT_MINISIGN_ID_SIZE], char *err, size_t errsize)
{
    char buf[BT_MINISIGN_FILE_MAX + 1];
    size_t len;
    int rc = bt_minisign_read_small(path, buf, &len, err, errsize);
    if (rc)
        return rc;
    return bt_minisign_keys_add_text(keys, buf, len, path, id, err, errsize);
}

// ---- Verifying ------------------------------------------------------------------------------

// The trusted keys' ids, "A, B", for a message.
static void list_ids(const struct bt_minisign_keys *keys, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < keys->n && used < size; i++) {
        char id[BT_MINISIGN_ID_SIZE];
        bt_minisign_key_id(keys->k[i].keynum, id);
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? ", " : "", id);
    }
}

int bt_minisign_verify(const struct bt_minisign_keys *keys, const void *data, size_t len,
                       const char *sig, size_t siglen, const char *sig_name,
                       struct bt_minisign_verified *out, char *err, size_t errsize)
{
    memset(out, 0, sizeof(*out));
    int rc = bt_minisign_init(err, errsize);
    if (rc)
        return rc;
    rc = bt_minisign_small_text(sig, siglen, sig_name, err, errsize);
    if (rc)
        return rc;
    struct bt_minisign_lines l = {sig, sig + siglen};
    const char *line[4] = {NULL, NULL, NULL, NULL};
    size_t n[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4 && bt_minisign_next_line(&l, &line[i], &n[i]); i++)
        ;
    unsigned char st[SIGSTRUCT_LEN], global[SIG_LEN];
    if (!line[0] || !bt_minisign_has_prefix(line[0], n[0], UNTRUSTED_PREFIX))
        return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_MALFORMED,
                                _("%s: not a minisign signature: its first line must begin with "
                                  "\"untrusted comment: \""),
                                sig_name);
    if (!line[1] || bt_minisign_b64_exact(line[1], n[1], st, sizeof(st)) != 0)
        return bt_minisign_fail(
            err, errsize, BT_MINISIGN_ERR_MALFORMED,
            _("%s: not a minisign signature: its second line is not a signature "
              "(100 characters of base64)"),
            sig_name);
    if (memcmp(st, "ED", ALG_LEN) == 0)
        out->prehashed = 1;
    else if (memcmp(st, "Ed", ALG_LEN) != 0)
        return bt_minisign_fail(
            err, errsize, BT_MINISIGN_ERR_MALFORMED,
            _("%s: not a minisign signature: its algorithm is neither \"ED\" nor \"Ed\""),
            sig_name);
    if (!line[2] || !bt_minisign_has_prefix(line[2], n[2], TRUSTED_PREFIX))
        return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_MALFORMED,
                                _("%s: not a minisign signature: its third line must begin with "
                                  "\"trusted comment: \""),
                                sig_name);
    if (!line[3] || bt_minisign_b64_exact(line[3], n[3], global, sizeof(global)) != 0)
        return bt_minisign_fail(
            err, errsize, BT_MINISIGN_ERR_MALFORMED,
            _("%s: not a minisign signature: its fourth line is not the trusted "
              "comment's signature (88 characters of base64)"),
            sig_name);
    const unsigned char *keynum = st + ALG_LEN, *s = st + ALG_LEN + KEYNUM_LEN;
    bt_minisign_key_id(keynum, out->key_id);
    const struct key *k = NULL;
    for (int i = 0; i < keys->n && !k; i++)
        if (memcmp(keys->k[i].keynum, keynum, KEYNUM_LEN) == 0)
            k = &keys->k[i];
    if (!k) {
        char ids[BT_MINISIGN_KEYS_MAX * 20];
        list_ids(keys, ids, sizeof(ids));
        if (!keys->n)
            return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_UNTRUSTED,
                                    _("%s: signed with the key %s, but no key is trusted"),
                                    sig_name, out->key_id);
        return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_UNTRUSTED,
                                _("%s: signed with the key %s, which is not trusted (trusted: %s)"),
                                sig_name, out->key_id, ids);
    }
    unsigned char hash[HASH_LEN];
    if (out->prehashed)
        crypto_generichash(hash, sizeof(hash), data, len, NULL, 0);
    if (crypto_sign_verify_detached(s, out->prehashed ? hash : data,
                                    out->prehashed ? HASH_LEN : len, k->pk) != 0)
        return bt_minisign_fail(
            err, errsize, BT_MINISIGN_ERR_SIGNATURE,
            _("%s: the signature does not match the file: it was changed after it was "
              "signed, or the signature is another file's"),
            sig_name);
    // The global signature: over the signature and the trusted comment's bytes.
    const char *tc = line[2] + strlen(TRUSTED_PREFIX);
    size_t tclen = n[2] - strlen(TRUSTED_PREFIX);   // < BT_MINISIGN_FILE_MAX: a line of sig
    unsigned char both[SIG_LEN + BT_MINISIGN_FILE_MAX];
    memcpy(both, s, SIG_LEN);
    memcpy(both + SIG_LEN, tc, tclen);
    if (crypto_sign_verify_detached(global, both, SIG_LEN + tclen, k->pk) != 0)
        return bt_minisign_fail(
            err, errsize, BT_MINISIGN_ERR_COMMENT,
            _("%s: the trusted comment does not match its signature: it was changed "
              "after signing"),
            sig_name);
    memcpy(out->trusted_comment, tc, tclen);
    out->trusted_comment[tclen] = '\0';
    return BT_MINISIGN_OK;
}

// ---- The trusted comment --------------------------------------------------------------------

static int copy_field(char *dst, size_t size, const char *v, size_t n)
{
    if (n >= size)
        return -1;
    memcpy(dst, v, n);
    dst[n] = '\0';
    return 0;
}

int bt_minisign_comment_parse(const char *text, struct bt_minisign_comment *c)
{
    memset(c, 0, sizeof(*c));
    int seen_file = 0, seen_revision = 0;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\t");
        const char *colon = memchr(p, ':', n);
        if (colon) {
            size_t name = (size_t)(colon - p), vn = n - name - 1;
            const char *v = colon + 1;
            int bad = 0;
            if (name == 9 && memcmp(p, "timestamp", 9) == 0) {
                int64_t t = 0;
                bad = c->has_timestamp || vn == 0 || vn > 19;
                for (size_t i = 0; i < vn && !bad; i++) {
                    int d = v[i] - '0';
                    bad = d < 0 || d > 9 || t > (INT64_MAX - d) / 10;
                    if (!bad)
                        t = t * 10 + d;
                }
                c->has_timestamp = 1;
                c->timestamp = t;
            } else if (name == 4 && memcmp(p, "file", 4) == 0) {
                bad = seen_file++ || copy_field(c->file, sizeof(c->file), v, vn);
            } else if (name == 8 && memcmp(p, "revision", 8) == 0) {
                bad = seen_revision++ || copy_field(c->revision, sizeof(c->revision), v, vn);
            }
            if (bad) {
                memset(c, 0, sizeof(*c));
                return -1;
            }
        }
        p += n;
        if (*p == '\t')
            p++;
    }
    return 0;
}

static int plain(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 0;
    return 1;
}

int bt_minisign_comment_format(char *buf, size_t size, int64_t timestamp, const char *file,
                               const char *revision)
{
    if (!plain(file) || !plain(revision) || timestamp < 0)
        return -1;
    int n = snprintf(buf, size, "timestamp:%" PRId64 "\tfile:%s\trevision:%s", timestamp, file,
                     revision);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}
