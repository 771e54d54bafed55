// base/minisign's insides, shared by its two files and nobody else: minisign.c (the formats'
// common reading, public keys, verifying, the trusted comment) and minisign_sign.c (secret keys,
// signing, key generation: what staff machines do, never a screen).
#ifndef BT_BASE_MINISIGN_IMPL_H
#define BT_BASE_MINISIGN_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "base/minisign.h"

// The formats' parts (minisign.h's names in comments).
#define ALG_LEN       2
#define KEYNUM_LEN    8                                              // KEYNUMBYTES
#define PK_LEN        crypto_sign_PUBLICKEYBYTES                     // 32
#define SK_LEN        crypto_sign_SECRETKEYBYTES                     // 64
#define SIG_LEN       crypto_sign_BYTES                              // 64
#define CHK_LEN       crypto_generichash_BYTES                       // 32: BLAKE2b-256
#define HASH_LEN      crypto_generichash_BYTES_MAX                   // 64: BLAKE2b-512, the prehash
#define SALT_LEN      crypto_pwhash_scryptsalsa208sha256_SALTBYTES   // 32
#define PUBKEY_LEN    (ALG_LEN + KEYNUM_LEN + PK_LEN)                // PubkeyStruct: 42
#define SIGSTRUCT_LEN (ALG_LEN + KEYNUM_LEN + SIG_LEN)               // SigStruct: 74
#define KEYNUM_SK_LEN (KEYNUM_LEN + SK_LEN + CHK_LEN)                // KeynumSK: 104
#define SECKEY_LEN    (3 * ALG_LEN + SALT_LEN + 8 + 8 + KEYNUM_SK_LEN)   // SeckeyStruct: 158
// Where SeckeyStruct's fields are.
#define SK_KDF_ALG    2
#define SK_CHK_ALG    4
#define SK_SALT       6
#define SK_OPSLIMIT   (SK_SALT + SALT_LEN)
#define SK_MEMLIMIT   (SK_OPSLIMIT + 8)
#define SK_KEYNUM     (SK_MEMLIMIT + 8)
#define SK_SK         (SK_KEYNUM + KEYNUM_LEN)
#define SK_CHK        (SK_SK + SK_LEN)

#define UNTRUSTED_PREFIX "untrusted comment: "
#define TRUSTED_PREFIX   "trusted comment: "
// minisign's scrypt limits (encrypt_key); a key asking for more is refused, not derived.
#define KDF_OPSLIMIT     crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE
#define KDF_MEMLIMIT     crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE

// The lines of a text, each ended as minisign's trim() ends it: at its first CR or LF.
struct bt_minisign_lines {
    const char *p, *end;
};

// Formats one translated sentence into err (when not NULL) and returns rc.
int bt_minisign_fail(char *err, size_t errsize, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
// sodium_init, which any call may be the first to need. Returns BT_MINISIGN_OK or IO.
int bt_minisign_init(char *err, size_t errsize);
uint64_t bt_minisign_le64_load(const unsigned char *p);
void bt_minisign_le64_store(unsigned char *p, uint64_t x);
// A keynum as its key id: 16 upper-case hex digits.
void bt_minisign_key_id(const unsigned char keynum[KEYNUM_LEN], char id[BT_MINISIGN_ID_SIZE]);
// The next line into *s, *n (ended at its first CR or LF). Returns 0 when there is none.
int bt_minisign_next_line(struct bt_minisign_lines *l, const char **s, size_t *n);
// Whether the n bytes at s begin with prefix.
int bt_minisign_has_prefix(const char *s, size_t n, const char *prefix);
// Decodes a whole line of padded base64 into exactly `want` bytes. Returns 0 or -1.
int bt_minisign_b64_exact(const char *s, size_t n, unsigned char *bin, size_t want);
// base64 of n bytes, as a new string (NULL when out of memory).
char *bt_minisign_b64_new(const unsigned char *bin, size_t n);
// Reads a regular file of at most BT_MINISIGN_FILE_MAX bytes whole into buf, with a NUL after.
int bt_minisign_read_small(const char *path, char buf[BT_MINISIGN_FILE_MAX + 1], size_t *len,
                           char *err, size_t errsize);
// What a key or signature text must be before its lines are read: not empty, not too large,
// no NUL byte.
int bt_minisign_small_text(const char *text, size_t len, const char *name, char *err,
                           size_t errsize);

#endif
