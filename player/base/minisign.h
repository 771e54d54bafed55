// Signatures in minisign's format, so that ward staff sign a playlist with the `minisign` tool
// (Windows, Linux) or with `bangtin pack --sign`, and a screen checks it with the keys it trusts.
// Ed25519, BLAKE2b and scrypt are libsodium's; only the file formats are ours to read:
//   public key  "untrusted comment: …\n" base64("Ed" keynum[8] pk[32]) "\n"
//   signature   "untrusted comment: …\n" base64(alg[2] keynum[8] sig[64]) "\n"
//               "trusted comment: TEXT\n" base64(Ed25519(sig || TEXT)) "\n"
//               alg "ED": sig is over BLAKE2b-512 of the data (minisign's default, and bangtin's);
//               alg "Ed": over the data itself (minisign -l, the legacy kind)
//   secret key  "untrusted comment: …\n" base64("Ed" kdf[2] "B2" salt[32] opslimit[8] memlimit[8]
//               ((keynum[8] sk[64] chk[32]) XOR scrypt(password, salt))) "\n"
//               kdf "Sc" (scrypt), or two zero bytes for a key with no password (minisign -W);
//               chk = BLAKE2b-256("Ed" keynum sk); numbers little-endian.
// A key id is the keynum read as a little-endian number, printed as 16 upper-case hex digits
// (minisign 0.12's form; 0.11 leaves out leading zeros).
//
// Every byte of a key or signature file is hostile input: a file over BT_MINISIGN_FILE_MAX bytes
// is refused, nothing is read out of bounds, and what is wrong is said with the file's name.
// Any thread. A key set is read-only once filled: threads may then share it. Secret keys live in
// libsodium's guarded memory and are wiped when freed.
#ifndef BT_BASE_MINISIGN_H
#define BT_BASE_MINISIGN_H

#include <stddef.h>
#include <stdint.h>

// One result type for every function here.
enum bt_minisign_result {
    BT_MINISIGN_OK = 0,
    BT_MINISIGN_ERR_IO = -1,          // a file cannot be read or written, or memory ran out
    BT_MINISIGN_ERR_MALFORMED = -2,   // not a key or a signature in minisign's format
    BT_MINISIGN_ERR_UNTRUSTED = -3,   // signed by a key that is not among the trusted ones
    BT_MINISIGN_ERR_SIGNATURE = -4,   // the signature does not verify: the data is not what was
                                      // signed (changed since, or another file's signature)
    BT_MINISIGN_ERR_COMMENT = -5,     // the trusted comment does not verify: edited by hand
    BT_MINISIGN_ERR_PASSWORD = -6,    // a wrong (or no) password for an encrypted secret key
    BT_MINISIGN_ERR_EXISTS = -7,      // keygen: a key file is there already
    BT_MINISIGN_ERR_USAGE = -8,       // an argument that cannot be used (a comment with a line
                                      // break, too long; a key set that is full)
};

#define BT_MINISIGN_FILE_MAX      4096   // bytes: the largest key or signature file read
#define BT_MINISIGN_KEYS_MAX      16     // keys one set trusts at a time
#define BT_MINISIGN_ID_SIZE       17     // a key id as text, with its NUL
// The longest comments bt_minisign_sign writes (so that its .minisig stays within the bound).
#define BT_MINISIGN_TRUSTED_MAX   2048
#define BT_MINISIGN_UNTRUSTED_MAX 1000

// Every function that can fail takes `err` (errsize bytes): on failure it holds one translated
// sentence that names the file and what is wrong with it.

// ---- Trusted public keys --------------------------------------------------------------------

// A set of public keys to verify with (several during a key rotation). Empty when created.
struct bt_minisign_keys;

// Returns a new empty set (free it with bt_minisign_keys_destroy), or NULL when out of memory.
struct bt_minisign_keys *bt_minisign_keys_create(void);
// Frees the set; NULL is fine.
void bt_minisign_keys_destroy(struct bt_minisign_keys *keys);

// Adds the public key in `text` (len bytes, not NUL-terminated), as minisign writes a .pub file
// ("untrusted comment: …" then the key's line) or the key's base64 line alone (`minisign -P`'s
// form). `name` (the file, or "-P") is for messages. `id`, when not NULL, gets the key's id.
// A key already in the set is fine; another key with the same id is refused (MALFORMED), as is
// a 17th key (USAGE). Returns BT_MINISIGN_OK or a negative result, the set then unchanged.
int bt_minisign_keys_add_text(struct bt_minisign_keys *keys, const char *text, size_t len,
                              const char *name, char id[BT_MINISIGN_ID_SIZE], char *err,
                              size_t errsize);
// The same for the file at `path` (a regular file of at most BT_MINISIGN_FILE_MAX bytes).
int bt_minisign_keys_add_file(struct bt_minisign_keys *keys, const char *path,
                              char id[BT_MINISIGN_ID_SIZE], char *err, size_t errsize);
// How many keys the set holds.
int bt_minisign_keys_count(const struct bt_minisign_keys *keys);

// ---- Verifying ------------------------------------------------------------------------------

struct bt_minisign_verified {
    char key_id[BT_MINISIGN_ID_SIZE];   // the signature's key (also set for UNTRUSTED)
    int prehashed;                      // 1: "ED" (BLAKE2b-512 of the data); 0: legacy "Ed"
    char trusted_comment[BT_MINISIGN_FILE_MAX];   // verified text, "" until verified
};

// Verifies `data` (len bytes) against the .minisig text `sig` (siglen bytes, not NUL-terminated;
// `sig_name` names it in messages) with the key of `keys` whose id the signature names: the
// signature over the data (either kind) and the global signature over the trusted comment must
// both verify. As minisign reads it, each line ends at its first CR or LF, and anything after
// the fourth line is ignored. `out` (not NULL) is filled as far as it got. Returns
// BT_MINISIGN_OK, or MALFORMED, UNTRUSTED (the message says the key id), SIGNATURE or COMMENT.
int bt_minisign_verify(const struct bt_minisign_keys *keys, const void *data, size_t len,
                       const char *sig, size_t siglen, const char *sig_name,
                       struct bt_minisign_verified *out, char *err, size_t errsize);

// ---- The trusted comment --------------------------------------------------------------------

// bangtin writes "timestamp:<unix seconds>\tfile:<name>\trevision:<revision>"; minisign's own
// default is "timestamp:<t>\tfile:<name>\thashed" (no "\thashed" for legacy signatures).
struct bt_minisign_comment {
    int has_timestamp;
    int64_t timestamp;     // seconds since 1970 (UTC), when has_timestamp
    char file[1024];       // "" when absent
    char revision[1024];   // "" when absent
};

// Reads the fields of a trusted comment: tab-separated NAME:VALUE pieces; pieces with another
// name, or no colon ("hashed"), are passed over; each field may be missing. Returns 0, or -1
// (and *c cleared) when a field is there twice, a timestamp is not a whole number of seconds
// from 0 to 2^63-1, or a value does not fit its buffer.
int bt_minisign_comment_parse(const char *text, struct bt_minisign_comment *c);

// Writes bangtin's trusted comment into buf (size bytes). Returns 0, or -1 when a name holds a
// control character (a tab or a line break would change its meaning) or buf is too small.
int bt_minisign_comment_format(char *buf, size_t size, int64_t timestamp, const char *file,
                               const char *revision);

// ---- Keys and signing (for staff) -----------------------------------------------------------

// Makes a key pair as `minisign -G` does and writes the public key to `pub_path` (mode 0666 less
// the umask) and the secret key to `sec_path` (mode 0600), both made new: an existing file is
// never overwritten (EXISTS, and nothing is written). With a password (not NULL, not "") the
// secret key is encrypted as minisign encrypts it (scrypt, minisign's limits: 32 Mi operations,
// 1 GiB; halved while the memory cannot be had); with none it is written unencrypted
// (`minisign -W`'s form). `id`, when not NULL, gets the new key's id. Returns BT_MINISIGN_OK,
// EXISTS or IO. Takes a second or more (scrypt).
int bt_minisign_keygen(const char *pub_path, const char *sec_path, const char *password,
                       char id[BT_MINISIGN_ID_SIZE], char *err, size_t errsize);

// A secret key read and decrypted, ready to sign.
struct bt_minisign_secret;

// Whether the secret key at `path` is encrypted (needs a password): 1 or 0, or a negative result
// (IO, MALFORMED) when it is not a secret key that can be read. Does not decrypt it.
int bt_minisign_secret_encrypted(const char *path, char *err, size_t errsize);

// Reads the secret key at `path`, decrypting it with `password` when it is encrypted (ignored
// when not). On success *out is the key (free it with bt_minisign_secret_destroy). Returns
// BT_MINISIGN_OK, IO, MALFORMED, or PASSWORD when the password is wrong (the decrypted key's
// checksum does not match) or missing.
int bt_minisign_secret_load(const char *path, const char *password, struct bt_minisign_secret **out,
                            char *err, size_t errsize);
// Wipes and frees the key; NULL is fine.
void bt_minisign_secret_destroy(struct bt_minisign_secret *key);
// The key's id.
const char *bt_minisign_secret_id(const struct bt_minisign_secret *key);

// Signs `data` (len bytes) as `minisign -S` does (prehashed, "ED"), with `trusted` as the
// trusted comment and `untrusted` as the untrusted one (NULL: "signature from bangtin secret
// key"). Neither may hold a CR or LF; at most BT_MINISIGN_TRUSTED_MAX and
// BT_MINISIGN_UNTRUSTED_MAX bytes. On success *minisig is the .minisig text (free it). Returns
// BT_MINISIGN_OK, USAGE or IO.
int bt_minisign_secret_sign(const struct bt_minisign_secret *key, const void *data, size_t len,
                            const char *trusted, const char *untrusted, char **minisig, char *err,
                            size_t errsize);

// Both in one: loads the secret key at `sec_path` with `password` and signs. Returns as
// bt_minisign_secret_load and bt_minisign_secret_sign do.
int bt_minisign_sign(const char *sec_path, const char *password, const void *data, size_t len,
                     const char *trusted, const char *untrusted, char **minisig, char *err,
                     size_t errsize);

#endif
