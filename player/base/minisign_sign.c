#include "base/minisign.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/minisign_impl.h"

// In sodium_malloc'd memory: guard pages, locked, wiped by sodium_free.
struct bt_minisign_secret {
    unsigned char keynum[KEYNUM_LEN];
    unsigned char sk[SK_LEN];
    char id[BT_MINISIGN_ID_SIZE];
};

// ---- Secret keys ----------------------------------------------------------------------------

// checksum = BLAKE2b-256(sig_alg || keynum || sk), as seckey_compute_chk.
static void seckey_chk(const unsigned char *seckey, unsigned char chk[CHK_LEN])
{
    crypto_generichash_state hs;
    crypto_generichash_init(&hs, NULL, 0, CHK_LEN);
    crypto_generichash_update(&hs, seckey, ALG_LEN);
    crypto_generichash_update(&hs, seckey + SK_KEYNUM, KEYNUM_LEN);
    crypto_generichash_update(&hs, seckey + SK_SK, SK_LEN);
    crypto_generichash_final(&hs, chk, CHK_LEN);
}

// XORs the keynum_sk part with scrypt(password). Returns 0, or -1 when it cannot be derived.
static int seckey_crypt(unsigned char *seckey, const char *password)
{
    unsigned char *stream = sodium_malloc(KEYNUM_SK_LEN);
    if (!stream)
        return -1;
    int rc = crypto_pwhash_scryptsalsa208sha256(
        stream, KEYNUM_SK_LEN, password, strlen(password), seckey + SK_SALT,
        bt_minisign_le64_load(seckey + SK_OPSLIMIT),
        (size_t)bt_minisign_le64_load(seckey + SK_MEMLIMIT));
    for (size_t i = 0; rc == 0 && i < KEYNUM_SK_LEN; i++)
        seckey[SK_KEYNUM + i] ^= stream[i];
    sodium_free(stream);
    return rc;
}

// Reads the secret key file at `path` into seckey (SECKEY_LEN bytes, still encrypted).
static int seckey_read(const char *path, unsigned char *seckey, char *err, size_t errsize)
{
    char *buf = sodium_malloc(BT_MINISIGN_FILE_MAX + 1);
    if (!buf)
        return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_IO, _("cannot read %s: %s"), path,
                                strerror(ENOMEM));
    size_t len;
    int rc = bt_minisign_read_small(path, buf, &len, err, errsize);
    if (rc == 0)
        rc = bt_minisign_small_text(buf, len, path, err, errsize);
    struct bt_minisign_lines l = {buf, buf + len};
    const char *s[2] = {NULL, NULL};
    size_t n[2] = {0, 0};
    for (int i = 0; rc == 0 && i < 2 && bt_minisign_next_line(&l, &s[i], &n[i]); i++)
        ;
    unsigned char pub[PUBKEY_LEN];
    if (rc == 0 && (!s[1] || bt_minisign_b64_exact(s[1], n[1], seckey, SECKEY_LEN) != 0)) {
        int public = (s[1] && bt_minisign_b64_exact(s[1], n[1], pub, PUBKEY_LEN) == 0) ||
                     (s[0] && bt_minisign_b64_exact(s[0], n[0], pub, PUBKEY_LEN) == 0);
        rc = public ? bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_MALFORMED,
                                       _("%s: is a public key, not a secret key"), path)
                    : bt_minisign_fail(
                          err, errsize, BT_MINISIGN_ERR_MALFORMED,
                          _("%s: not a minisign secret key: after the \"untrusted comment:\" "
                            "line there must be the key, 212 characters of base64"),
                          path);
    }
    sodium_free(buf);
    if (rc)
        return rc;
    if (memcmp(seckey, "Ed", ALG_LEN) != 0 || memcmp(seckey + SK_CHK_ALG, "B2", ALG_LEN) != 0 ||
        (memcmp(seckey + SK_KDF_ALG, "Sc", ALG_LEN) != 0 &&
         memcmp(seckey + SK_KDF_ALG, "\0\0", ALG_LEN) != 0))
        return bt_minisign_fail(
            err, errsize, BT_MINISIGN_ERR_MALFORMED,
            _("%s: a secret key of a kind bangtin does not know (not Ed25519 with "
              "scrypt and BLAKE2b)"),
            path);
    return BT_MINISIGN_OK;
}

static int encrypted(const unsigned char *seckey)
{
    return memcmp(seckey + SK_KDF_ALG, "Sc", ALG_LEN) == 0;
}

int bt_minisign_secret_encrypted(const char *path, char *err, size_t errsize)
{
    int rc = bt_minisign_init(err, errsize);
    unsigned char *seckey = rc ? NULL : sodium_malloc(SECKEY_LEN);
    if (rc || !seckey)
        return rc ? rc : bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_IO, "%s", strerror(ENOMEM));
    rc = seckey_read(path, seckey, err, errsize);
    if (rc == 0)
        rc = encrypted(seckey);
    sodium_free(seckey);
    return rc;
}

int bt_minisign_secret_load(const char *path, const char *password, struct bt_minisign_secret **out,
                            char *err, size_t errsize)
{
    *out = NULL;
    int rc = bt_minisign_init(err, errsize);
    unsigned char *seckey = rc ? NULL : sodium_malloc(SECKEY_LEN);
    if (rc || !seckey)
        return rc ? rc : bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_IO, "%s", strerror(ENOMEM));
    rc = seckey_read(path, seckey, err, errsize);
    int enc = rc == 0 && encrypted(seckey);
    if (enc && (!password || !*password))
        rc = bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_PASSWORD,
                              _("%s: the secret key is protected by a password; none was given"),
                              path);
    else if (enc && (bt_minisign_le64_load(seckey + SK_OPSLIMIT) > KDF_OPSLIMIT ||
                     bt_minisign_le64_load(seckey + SK_MEMLIMIT) > KDF_MEMLIMIT))
        rc = bt_minisign_fail(
            err, errsize, BT_MINISIGN_ERR_MALFORMED,
            _("%s: the secret key asks for more work to decrypt than minisign ever sets"), path);
    else if (enc && seckey_crypt(seckey, password) != 0)
        rc = bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_IO,
                              _("%s: cannot derive the key from the password (not enough memory)"),
                              path);
    unsigned char chk[CHK_LEN];
    if (rc == 0) {
        seckey_chk(seckey, chk);
        if (sodium_memcmp(chk, seckey + SK_CHK, CHK_LEN) != 0)
            rc = enc ? bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_PASSWORD,
                                        _("%s: wrong password for this secret key"), path)
                     : bt_minisign_fail(
                           err, errsize, BT_MINISIGN_ERR_MALFORMED,
                           _("%s: the secret key is damaged (its checksum does not match)"), path);
    }
    struct bt_minisign_secret *key = rc ? NULL : sodium_malloc(sizeof(*key));
    if (rc == 0 && !key)
        rc = bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_IO, "%s", strerror(ENOMEM));
    if (key) {
        memcpy(key->keynum, seckey + SK_KEYNUM, KEYNUM_LEN);
        memcpy(key->sk, seckey + SK_SK, SK_LEN);
        bt_minisign_key_id(key->keynum, key->id);
        *out = key;
    }
    sodium_free(seckey);
    return rc;
}

void bt_minisign_secret_destroy(struct bt_minisign_secret *key)
{
    if (key)
        sodium_free(key);
}

const char *bt_minisign_secret_id(const struct bt_minisign_secret *key)
{
    return key->id;
}

static int one_line(const char *s)
{
    return !strpbrk(s, "\r\n");
}

int bt_minisign_secret_sign(const struct bt_minisign_secret *key, const void *data, size_t len,
                            const char *trusted, const char *untrusted, char **minisig, char *err,
                            size_t errsize)
{
    *minisig = NULL;
    if (!untrusted)
        untrusted = "signature from bangtin secret key";
    if (!one_line(trusted) || !one_line(untrusted) || strlen(trusted) > BT_MINISIGN_TRUSTED_MAX ||
        strlen(untrusted) > BT_MINISIGN_UNTRUSTED_MAX)
        return bt_minisign_fail(
            err, errsize, BT_MINISIGN_ERR_USAGE,
            _("a signature's comments must be one line each, of at most %d and %d bytes"),
            BT_MINISIGN_TRUSTED_MAX, BT_MINISIGN_UNTRUSTED_MAX);
    int rc = bt_minisign_init(err, errsize);
    if (rc)
        return rc;
    unsigned char st[SIGSTRUCT_LEN], hash[HASH_LEN], global[SIG_LEN];
    memcpy(st, "ED", ALG_LEN);
    memcpy(st + ALG_LEN, key->keynum, KEYNUM_LEN);
    crypto_generichash(hash, sizeof(hash), data, len, NULL, 0);
    crypto_sign_detached(st + ALG_LEN + KEYNUM_LEN, NULL, hash, sizeof(hash), key->sk);
    size_t tclen = strlen(trusted);
    unsigned char both[SIG_LEN + BT_MINISIGN_TRUSTED_MAX];
    memcpy(both, st + ALG_LEN + KEYNUM_LEN, SIG_LEN);
    memcpy(both + SIG_LEN, trusted, tclen);
    crypto_sign_detached(global, NULL, both, SIG_LEN + tclen, key->sk);
    char *b1 = bt_minisign_b64_new(st, sizeof(st)),
         *b2 = bt_minisign_b64_new(global, sizeof(global));
    if (b1 && b2 &&
        asprintf(minisig, UNTRUSTED_PREFIX "%s\n%s\n" TRUSTED_PREFIX "%s\n%s\n", untrusted, b1,
                 trusted, b2) < 0)
        *minisig = NULL;
    free(b1);
    free(b2);
    if (!*minisig)
        return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_IO, "%s", strerror(ENOMEM));
    return BT_MINISIGN_OK;
}

int bt_minisign_sign(const char *sec_path, const char *password, const void *data, size_t len,
                     const char *trusted, const char *untrusted, char **minisig, char *err,
                     size_t errsize)
{
    struct bt_minisign_secret *key;
    *minisig = NULL;
    int rc = bt_minisign_secret_load(sec_path, password, &key, err, errsize);
    if (rc)
        return rc;
    rc = bt_minisign_secret_sign(key, data, len, trusted, untrusted, minisig, err, errsize);
    bt_minisign_secret_destroy(key);
    return rc;
}

// ---- Key generation -------------------------------------------------------------------------

// Writes `text` as the new file `path` (never over an existing one), durably. Returns 0, or -1
// with errno set (and no file left).
static int write_new(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return -1;
    size_t n = strlen(text), done = 0;
    int rc = 0;
    while (rc == 0 && done < n) {
        ssize_t k = write(fd, text + done, n - done);
        if (k < 0 && errno != EINTR)
            rc = -1;
        else if (k > 0)
            done += (size_t)k;
    }
    if (rc == 0)
        rc = bt_file_sync(fd);
    int e = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    if (rc != 0)
        unlink(path);
    errno = e;
    return rc;
}

// The secret key file's text for seckey (SECKEY_LEN bytes), in guarded memory (sodium_free it).
static char *seckey_text(const unsigned char *seckey, const char *comment)
{
    size_t b64 = sodium_base64_ENCODED_LEN(SECKEY_LEN, sodium_base64_VARIANT_ORIGINAL);
    size_t size = strlen(UNTRUSTED_PREFIX) + strlen(comment) + 1 + b64 + 1;
    char *t = sodium_malloc(size);
    if (!t)
        return NULL;
    int n = snprintf(t, size, UNTRUSTED_PREFIX "%s\n", comment);
    sodium_bin2base64(t + n, b64, seckey, SECKEY_LEN, sodium_base64_VARIANT_ORIGINAL);
    size_t end = (size_t)n + b64 - 1;   // b64 counts the NUL: room for the line's end
    t[end] = '\n';
    t[end + 1] = '\0';
    return t;
}

int bt_minisign_keygen(const char *pub_path, const char *sec_path, const char *password,
                       char id[BT_MINISIGN_ID_SIZE], char *err, size_t errsize)
{
    int rc = bt_minisign_init(err, errsize);
    if (rc)
        return rc;
    struct stat st;
    const char *paths[2] = {sec_path, pub_path};
    for (int i = 0; i < 2; i++)
        if (lstat(paths[i], &st) == 0 || (i == 1 && strcmp(pub_path, sec_path) == 0))
            return bt_minisign_fail(
                err, errsize, BT_MINISIGN_ERR_EXISTS,
                _("%s already exists: a key is never overwritten; choose another name, "
                  "or move the old key away first"),
                paths[i]);
    unsigned char *seckey = sodium_malloc(SECKEY_LEN);
    if (!seckey)
        return bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_IO, "%s", strerror(ENOMEM));
    memset(seckey, 0, SECKEY_LEN);
    unsigned char pub[PUBKEY_LEN];
    memcpy(seckey, "Ed", ALG_LEN);
    memcpy(seckey + SK_CHK_ALG, "B2", ALG_LEN);
    randombytes_buf(seckey + SK_KEYNUM, KEYNUM_LEN);
    crypto_sign_keypair(pub + ALG_LEN + KEYNUM_LEN, seckey + SK_SK);
    memcpy(pub, "Ed", ALG_LEN);
    memcpy(pub + ALG_LEN, seckey + SK_KEYNUM, KEYNUM_LEN);
    seckey_chk(seckey, seckey + SK_CHK);
    char kid[BT_MINISIGN_ID_SIZE];
    bt_minisign_key_id(seckey + SK_KEYNUM, kid);
    int enc = password && *password;
    if (enc) {
        // minisign's encrypt_key: its limits, halved while the memory cannot be had.
        uint64_t ops = KDF_OPSLIMIT, mem = KDF_MEMLIMIT;
        memcpy(seckey + SK_KDF_ALG, "Sc", ALG_LEN);
        randombytes_buf(seckey + SK_SALT, SALT_LEN);
        for (;;) {
            bt_minisign_le64_store(seckey + SK_OPSLIMIT, ops);
            bt_minisign_le64_store(seckey + SK_MEMLIMIT, mem);
            if (seckey_crypt(seckey, password) == 0)
                break;
            ops /= 2;
            mem /= 2;
            if (ops < crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN ||
                mem < crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN) {
                sodium_free(seckey);
                return bt_minisign_fail(
                    err, errsize, BT_MINISIGN_ERR_IO,
                    _("%s: cannot derive the key from the password (not enough memory)"), sec_path);
            }
        }
    }
    char *sec = seckey_text(seckey, enc ? "minisign encrypted secret key"
                                        : "minisign secret key, not encrypted");
    sodium_free(seckey);
    char *b64 = bt_minisign_b64_new(pub, sizeof(pub)), *pubtext = NULL;
    if (b64 && asprintf(&pubtext, UNTRUSTED_PREFIX "minisign public key %s\n%s\n", kid, b64) < 0)
        pubtext = NULL;
    free(b64);
    if (!sec || !pubtext) {
        rc = bt_minisign_fail(err, errsize, BT_MINISIGN_ERR_IO, "%s", strerror(ENOMEM));
    } else if (write_new(sec_path, sec, 0600) != 0) {
        rc = bt_minisign_fail(err, errsize,
                              errno == EEXIST ? BT_MINISIGN_ERR_EXISTS : BT_MINISIGN_ERR_IO,
                              _("cannot write %s: %s"), sec_path, strerror(errno));
    } else if (write_new(pub_path, pubtext, 0666) != 0) {
        int e = errno;
        unlink(sec_path);   // a secret key without its public key is of no use
        rc = bt_minisign_fail(err, errsize,
                              e == EEXIST ? BT_MINISIGN_ERR_EXISTS : BT_MINISIGN_ERR_IO,
                              _("cannot write %s: %s"), pub_path, strerror(e));
    }
    if (sec)
        sodium_free(sec);
    free(pubtext);
    if (rc == 0 && id)
        memcpy(id, kid, sizeof(kid));
    return rc;
}
