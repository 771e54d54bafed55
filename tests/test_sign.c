// Signed playlists in minisign's format, with Debian's minisign as the referee: keys and
// signatures made by minisign verify in bangtin (prehashed and legacy, with and without a
// password), keys and signatures made by bangtin (keygen, the sign function, pack --sign) verify
// in minisign with the trusted comment bangtin wrote; every refusal has its own result and
// message (a changed file, a key not trusted, a broken or missing signature, another file's
// signature, an edited trusted comment, a wrong password); two trusted keys (a rotation); the
// trusted comment's fields.
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/minisign.h"
#include "test.h"

#define PASSWORD "mật khẩu phường 7"

static char dir[512];

// Runs a shell command (minisign, printf) without the sanitiser's preload, its output appended
// to tools.log. Returns its exit status.
static int tool(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int tool(const char *fmt, ...)
{
    char cmd[4096], full[4096 + 700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    snprintf(full, sizeof(full), "cd %s && { %s ; } >>tools.log 2>&1", dir, cmd);
    char *preload = getenv("LD_PRELOAD") ? strdup(getenv("LD_PRELOAD")) : NULL;
    unsetenv("LD_PRELOAD");
    int st = system(full);
    if (preload)
        setenv("LD_PRELOAD", preload, 1);
    free(preload);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// A file of the test folder, whole (free it), or NULL.
static char *slurp(const char *name, size_t *len)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    char *t = bt_test_read(path);
    if (len)
        *len = t ? strlen(t) : 0;
    return t;
}

static void put(const char *name, const char *text)
{
    bt_test_write(name, text);
}

static const char *path_of(const char *name)
{
    static char paths[4][1200];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 1200, "%s/%s", dir, name);
    return p;
}

// A key set of the named public key files (NULL-ended).
static struct bt_minisign_keys *keys_of(const char *first, ...)
{
    struct bt_minisign_keys *keys = bt_minisign_keys_create();
    char err[1200];
    va_list ap;
    va_start(ap, first);
    for (const char *name = first; name; name = va_arg(ap, const char *)) {
        int rc = bt_minisign_keys_add_file(keys, path_of(name), NULL, err, sizeof(err));
        CHECK(rc == BT_MINISIGN_OK, "%s: %d %s", name, rc, err);
    }
    va_end(ap);
    return keys;
}

// Verifies the data file against the signature file with keys. Returns the result.
static int verify(const struct bt_minisign_keys *keys, const char *data_name, const char *sig_name,
                  struct bt_minisign_verified *v, char *err, size_t errsize)
{
    size_t dlen = 0, slen = 0;
    char *data = slurp(data_name, &dlen), *sig = slurp(sig_name, &slen);
    CHECK(data != NULL, "no %s", data_name);
    int rc = bt_minisign_verify(keys, data ? data : "", dlen, sig ? sig : "", slen, sig_name, v,
                                err, errsize);
    free(data);
    free(sig);
    return rc;
}

// What minisign -V says of a signature: its exit status, and with -Q the trusted comment.
static int minisign_verify(const char *data, const char *sig, const char *pub, char *comment,
                           size_t size)
{
    int rc = tool("minisign -V -Q -m %s -x %s -p %s >verified.txt", data, sig, pub);
    char *t = slurp("verified.txt", NULL);
    snprintf(comment, size, "%.*s", t ? (int)strcspn(t, "\n") : 0, t ? t : "");
    free(t);
    return rc;
}

// The key id minisign 0.11 wrote into a public key's comment ("minisign public key 1A2B…"),
// as a number.
static uint64_t comment_id(const char *pub)
{
    char *t = slurp(pub, NULL);
    const char *at = t ? strstr(t, "public key ") : NULL;
    uint64_t id = at ? strtoull(at + 11, NULL, 16) : 0;
    free(t);
    return id;
}

static void keys_made_by_minisign(void)
{
    bt_test_case = "minisign's keys and signatures";
    struct bt_minisign_verified v;
    char err[1200];
    // Unencrypted (-W): the default prehashed kind, with bangtin's trusted comment, and legacy.
    CHECK(tool("minisign -G -W -p ms.pub -s ms.key") == 0, "minisign -G -W");
    CHECK(tool("minisign -S -s ms.key -m data.txt -x data.ms.minisig -t \"$(printf "
               "'timestamp:1767225600\\tfile:data.txt\\trevision:2026-01-05T08:00:00+07:00')\"") ==
              0,
          "minisign -S");
    CHECK(tool("minisign -S -l -s ms.key -m data.txt -x data.legacy.minisig") == 0,
          "minisign -S -l");
    struct bt_minisign_keys *keys = keys_of("ms.pub", NULL);
    int rc = verify(keys, "data.txt", "data.ms.minisig", &v, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_OK && v.prehashed &&
              strcmp(v.trusted_comment,
                     "timestamp:1767225600\tfile:data.txt\trevision:2026-01-05T08:00:00+07:00") ==
                  0,
          "%d %s [%s]", rc, err, v.trusted_comment);
    CHECK(strtoull(v.key_id, NULL, 16) == comment_id("ms.pub") && strlen(v.key_id) == 16,
          "key id %s", v.key_id);
    rc = verify(keys, "data.txt", "data.legacy.minisig", &v, err, sizeof(err));
    struct bt_minisign_comment c;
    CHECK(rc == BT_MINISIGN_OK && !v.prehashed &&
              bt_minisign_comment_parse(v.trusted_comment, &c) == 0 && c.has_timestamp &&
              strcmp(c.file, "data.txt") == 0 && !c.revision[0],
          "legacy: %d %s [%s]", rc, err, v.trusted_comment);
    // The bare base64 line of the key (minisign -P's form) is a key too.
    char *pub = slurp("ms.pub", NULL);
    const char *line = pub ? strchr(pub, '\n') + 1 : "";
    struct bt_minisign_keys *bare = bt_minisign_keys_create();
    char id[BT_MINISIGN_ID_SIZE] = "";
    rc = bt_minisign_keys_add_text(bare, line, strlen(line), "-P", id, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_OK && strcmp(id, v.key_id) == 0, "-P: %d %s", rc, err);
    CHECK(verify(bare, "data.txt", "data.ms.minisig", &v, err, sizeof(err)) == BT_MINISIGN_OK,
          "with the bare key: %s", err);
    free(pub);
    bt_minisign_keys_destroy(bare);
    // A .minisig whose lines a Windows editor ended with CR LF reads as minisign reads it.
    CHECK(tool("sed 's/$/\\r/' data.ms.minisig >data.crlf.minisig") == 0, "sed");
    char tc[1200];
    CHECK(minisign_verify("data.txt", "data.crlf.minisig", "ms.pub", tc, sizeof(tc)) == 0,
          "minisign -V, CR LF");
    CHECK(verify(keys, "data.txt", "data.crlf.minisig", &v, err, sizeof(err)) == BT_MINISIGN_OK,
          "CR LF: %s", err);
    bt_minisign_keys_destroy(keys);

    // With a password, piped (minisign reads it from stdin's lines): bangtin verifies its
    // signature, and signs with its secret key (scrypt with the limits minisign wrote).
    CHECK(tool("printf '%%s\\n%%s\\n' '%s' '%s' | minisign -G -p msp.pub -s msp.key", PASSWORD,
               PASSWORD) == 0,
          "minisign -G with a password");
    CHECK(tool("printf '%%s\\n' '%s' | minisign -S -s msp.key -m data.txt -x data.msp.minisig",
               PASSWORD) == 0,
          "minisign -S with a password");
    keys = keys_of("msp.pub", NULL);
    rc = verify(keys, "data.txt", "data.msp.minisig", &v, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_OK && v.prehashed && strstr(v.trusted_comment, "\thashed"),
          "%d %s [%s]", rc, err, v.trusted_comment);
    bt_minisign_keys_destroy(keys);
    CHECK(bt_minisign_secret_encrypted(path_of("msp.key"), err, sizeof(err)) == 1 &&
              bt_minisign_secret_encrypted(path_of("ms.key"), err, sizeof(err)) == 0,
          "which keys are encrypted");
    size_t len;
    char *data = slurp("data.txt", &len), *sig = NULL;
    rc = bt_minisign_sign(path_of("msp.key"), PASSWORD, data, len,
                          "timestamp:1\tfile:data.txt\trevision:r", NULL, &sig, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_OK && sig, "sign with minisign's key: %d %s", rc, err);
    put("data.bymsp.minisig", sig ? sig : "");
    CHECK(minisign_verify("data.txt", "data.bymsp.minisig", "msp.pub", tc, sizeof(tc)) == 0 &&
              strcmp(tc, "timestamp:1\tfile:data.txt\trevision:r") == 0,
          "minisign -V of bangtin's signature with minisign's key: [%s]", tc);
    free(sig);
    free(data);
}

static void keys_made_by_bangtin(void)
{
    bt_test_case = "bangtin's keys and signatures";
    char *out = NULL, err[1200], tc[1200];
    char args[2000];
    snprintf(args, sizeof(args), "keygen -p %s -s %s", path_of("bt.pub"), path_of("bt.key"));
    int rc = bt_test_run_bangtin_input("keygen", args, PASSWORD "\n", &out, NULL);
    CHECK(rc == 0 && out && strstr(out, "key id"), "keygen: exit %d\n%s", rc, out ? out : "");
    free(out);
    struct stat st;
    CHECK(stat(path_of("bt.key"), &st) == 0 && (st.st_mode & 0777) == 0600, "bt.key mode %o",
          (unsigned)st.st_mode & 0777);
    CHECK(bt_minisign_secret_encrypted(path_of("bt.key"), err, sizeof(err)) == 1, "%s", err);
    // minisign signs with bangtin's secret key (the password piped) and verifies with its
    // public key.
    CHECK(tool("printf '%%s\\n' '%s' | minisign -S -s bt.key -m data.txt -x data.bt1.minisig "
               "-t 'made by minisign'",
               PASSWORD) == 0,
          "minisign -S with bangtin's key");
    CHECK(minisign_verify("data.txt", "data.bt1.minisig", "bt.pub", tc, sizeof(tc)) == 0 &&
              strcmp(tc, "made by minisign") == 0,
          "minisign -V with bangtin's public key: [%s]", tc);
    struct bt_minisign_keys *keys = keys_of("bt.pub", NULL);
    struct bt_minisign_verified v;
    rc = verify(keys, "data.txt", "data.bt1.minisig", &v, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_OK && strcmp(v.trusted_comment, "made by minisign") == 0, "%d %s", rc,
          err);
    // bangtin's sign function: minisign verifies it, with the trusted comment bangtin wrote.
    size_t len;
    char *data = slurp("data.txt", &len), *sig = NULL, comment[300];
    CHECK(bt_minisign_comment_format(comment, sizeof(comment), 1767225600, "data.txt",
                                     "2026-01-05T08:00:00+07:00") == 0,
          "format");
    rc = bt_minisign_sign(path_of("bt.key"), PASSWORD, data, len, comment, NULL, &sig, err,
                          sizeof(err));
    CHECK(rc == BT_MINISIGN_OK && sig, "%d %s", rc, err);
    put("data.bt2.minisig", sig ? sig : "");
    CHECK(minisign_verify("data.txt", "data.bt2.minisig", "bt.pub", tc, sizeof(tc)) == 0 &&
              strcmp(tc, comment) == 0,
          "minisign -V of bangtin's signature: [%s]", tc);
    CHECK(tool("minisign -V -H -q -m data.txt -x data.bt2.minisig -p bt.pub") == 0,
          "not prehashed (minisign -H)");
    rc = verify(keys, "data.txt", "data.bt2.minisig", &v, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_OK && strcmp(v.trusted_comment, comment) == 0, "%d %s", rc, err);
    free(sig);
    bt_minisign_keys_destroy(keys);

    // No password: minisign's unencrypted form (-W), which minisign signs with, asking nothing.
    char id[BT_MINISIGN_ID_SIZE];
    rc = bt_minisign_keygen(path_of("bt0.pub"), path_of("bt0.key"), "", id, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_OK && strlen(id) == 16, "%d %s", rc, err);
    CHECK(strtoull(id, NULL, 16) == comment_id("bt0.pub"), "id %s in the .pub's comment", id);
    CHECK(tool("minisign -S -s bt0.key -m data.txt -x data.bt0.minisig </dev/null") == 0,
          "minisign -S with bangtin's unencrypted key");
    CHECK(minisign_verify("data.txt", "data.bt0.minisig", "bt0.pub", tc, sizeof(tc)) == 0,
          "minisign -V, unencrypted key");
    // Never over an existing key, by the function or the command.
    rc = bt_minisign_keygen(path_of("new.pub"), path_of("bt0.key"), "", NULL, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_ERR_EXISTS && strstr(err, "bt0.key already exists") &&
              access(path_of("new.pub"), F_OK) != 0,
          "%d %s", rc, err);
    snprintf(args, sizeof(args), "keygen -p %s -s %s", path_of("bt0.pub"), path_of("other.key"));
    rc = bt_test_run_bangtin_input("keygen-exists", args, "\n", &out, NULL);
    CHECK(rc == 1 && out && strstr(out, "bt0.pub already exists") &&
              access(path_of("other.key"), F_OK) != 0,
          "exit %d\n%s", rc, out ? out : "");
    free(out);
    rc = bt_test_run_bangtin_input("keygen-usage", "keygen -p", "", NULL, NULL);
    CHECK(rc == 2, "keygen -p: exit %d", rc);

    // A wrong password, by the function: its own result and message, and no signature.
    rc = bt_minisign_sign(path_of("bt.key"), "not it", data, len, comment, NULL, &sig, err,
                          sizeof(err));
    CHECK(rc == BT_MINISIGN_ERR_PASSWORD && !sig && strstr(err, "wrong password"), "%d %s", rc,
          err);
    rc = bt_minisign_sign(path_of("bt.key"), "", data, len, comment, NULL, &sig, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_ERR_PASSWORD && strstr(err, "none was given"), "%d %s", rc, err);
    rc = bt_minisign_sign(path_of("bt0.key"), NULL, data, len, "two\nlines", NULL, &sig, err,
                          sizeof(err));
    CHECK(rc == BT_MINISIGN_ERR_USAGE && !sig, "a comment of two lines: %d", rc);
    rc =
        bt_minisign_sign(path_of("bt.pub"), NULL, data, len, comment, NULL, &sig, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_ERR_MALFORMED && strstr(err, "is a public key"), "%d %s", rc, err);
    free(data);
}

// `bangtin pack --sign`: the password piped; minisign verifies the packed playlist, with the
// trusted comment bangtin wrote (the revision is the playlist's).
static void pack_signed(void)
{
    bt_test_case = "pack --sign";
    mkdir(path_of("show"), 0755);
    put("show/playlist.json",
        "{\"version\": 1, \"revision\": \"2026-01-05T08:00:00+07:00\",\n"
        "\"canvas\": {\"width\": 640, \"height\": 360},\n"
        "\"zones\": [{\"id\": \"main\", \"x\": 0, \"y\": 0, \"w\": 640, \"h\": 360, \"items\": [\n"
        "{\"type\": \"text\", \"text\": \"Lịch tiếp công dân\", \"duration\": 10}]}]}\n");
    char args[2000], *out = NULL, tc[1200];
    snprintf(args, sizeof(args), "pack %s %s --sign %s", path_of("show/playlist.json"),
             path_of("out"), path_of("bt.key"));
    int64_t before = (int64_t)time(NULL);
    int rc = bt_test_run_bangtin_input("pack-sign", args, PASSWORD "\n", &out, NULL);
    int64_t after = (int64_t)time(NULL);
    CHECK(rc == 0 && out && strstr(out, "Signed with the key") && strstr(out, "Packed into"),
          "exit %d\n%s", rc, out ? out : "");
    free(out);
    CHECK(minisign_verify("out/playlist.json", "out/playlist.json.minisig", "bt.pub", tc,
                          sizeof(tc)) == 0,
          "minisign -V of the packed playlist");
    struct bt_minisign_comment c;
    CHECK(bt_minisign_comment_parse(tc, &c) == 0 && c.has_timestamp && c.timestamp >= before &&
              c.timestamp <= after && strcmp(c.file, "playlist.json") == 0 &&
              strcmp(c.revision, "2026-01-05T08:00:00+07:00") == 0,
          "trusted comment [%s]", tc);
    char want[300];
    snprintf(want, sizeof(want), "timestamp:%" PRId64 "\tfile:playlist.json\trevision:%s",
             c.timestamp, "2026-01-05T08:00:00+07:00");
    CHECK(strcmp(tc, want) == 0, "[%s], not [%s]", tc, want);
    struct bt_minisign_keys *keys = keys_of("bt.pub", NULL);
    struct bt_minisign_verified v;
    char err[1200];
    rc = verify(keys, "out/playlist.json", "out/playlist.json.minisig", &v, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_OK && strcmp(v.trusted_comment, tc) == 0, "%d %s", rc, err);
    bt_minisign_keys_destroy(keys);

    // A wrong password stops the pack before anything is written.
    snprintf(args, sizeof(args), "pack %s %s --sign %s", path_of("show/playlist.json"),
             path_of("out-wrong"), path_of("bt.key"));
    rc = bt_test_run_bangtin_input("pack-wrong", args, "not the password\n", &out, NULL);
    CHECK(rc == 1 && out && strstr(out, "wrong password") && strstr(out, "Nothing was packed") &&
              access(path_of("out-wrong"), F_OK) != 0,
          "exit %d\n%s", rc, out ? out : "");
    free(out);
    // An unencrypted key reads no password; packing again without --sign removes the old
    // signature, which would sign another playlist.
    snprintf(args, sizeof(args), "pack %s %s --sign %s", path_of("show/playlist.json"),
             path_of("out0"), path_of("bt0.key"));
    rc = bt_test_run_bangtin_input("pack-sign0", args, "", &out, NULL);
    CHECK(rc == 0 && access(path_of("out0/playlist.json.minisig"), F_OK) == 0, "exit %d\n%s", rc,
          out ? out : "");
    free(out);
    snprintf(args, sizeof(args), "pack %s %s", path_of("show/playlist.json"), path_of("out0"));
    rc = bt_test_run_bangtin_input("pack-unsigned", args, "", &out, NULL);
    CHECK(rc == 0 && out && strstr(out, "it signed an earlier playlist") &&
              access(path_of("out0/playlist.json.minisig"), F_OK) != 0,
          "exit %d\n%s", rc, out ? out : "");
    free(out);
}

// Each refusal: its own result and message, and minisign refuses the same files.
struct refusal {
    const char *name;
    const char *data;   // the data file
    const char *sig;    // the signature file (made in refusals() below)
    int result;
    const char *message;
};

static const struct refusal refusals_table[] = {
    {"one byte of the file changed", "changed.txt", "data.bt2.minisig", BT_MINISIGN_ERR_SIGNATURE,
     "the signature does not match the file"},
    {"another file's signature", "other.txt", "data.bt2.minisig", BT_MINISIGN_ERR_SIGNATURE,
     "the signature does not match the file"},
    {"a trusted comment edited by hand", "data.txt", "edited.minisig", BT_MINISIGN_ERR_COMMENT,
     "the trusted comment does not match its signature"},
    {"signed by a key not trusted", "data.txt", "data.ms.minisig", BT_MINISIGN_ERR_UNTRUSTED,
     "which is not trusted"},
    {"a garbled signature line", "data.txt", "garbled.minisig", BT_MINISIGN_ERR_MALFORMED,
     "its second line is not a signature"},
    {"an HTML page", "data.txt", "page.minisig", BT_MINISIGN_ERR_MALFORMED,
     "its first line must begin with \"untrusted comment: \""},
    {"cut after two lines", "data.txt", "cut.minisig", BT_MINISIGN_ERR_MALFORMED,
     "its third line must begin with \"trusted comment: \""},
    {"no comment signature", "data.txt", "noglobal.minisig", BT_MINISIGN_ERR_MALFORMED,
     "its fourth line"},
    {"an unknown algorithm", "data.txt", "alg.minisig", BT_MINISIGN_ERR_MALFORMED,
     "neither \"ED\" nor \"Ed\""},
    {"an empty file", "data.txt", "empty.minisig", BT_MINISIGN_ERR_MALFORMED, "is empty"},
    {"a missing file", "data.txt", "missing.minisig", BT_MINISIGN_ERR_MALFORMED, "is empty"},
};

// Replaces the first `from` of file `in` by `to` into `out`.
static void edit(const char *in, const char *from, const char *to, const char *out)
{
    char *t = slurp(in, NULL);
    char *at = t ? strstr(t, from) : NULL;
    CHECK(at != NULL, "no [%s] in %s", from, in);
    if (!at) {
        free(t);
        return;
    }
    char buf[8192];
    snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - t), t, to, at + strlen(from));
    put(out, buf);
    free(t);
}

static void refusals(void)
{
    bt_test_case = "refusals";
    // The files: data.bt2.minisig is bangtin's signature of data.txt by bt.key.
    char *data = slurp("data.txt", NULL);
    data[0] ^= 1;
    put("changed.txt", data);
    free(data);
    put("other.txt", "Một tệp khác\n");
    edit("data.bt2.minisig", "revision:2026-01-05", "revision:2027-01-05", "edited.minisig");
    char *sig = slurp("data.bt2.minisig", NULL);
    char *second = strchr(sig, '\n') + 1;
    second[20] = second[20] == 'A' ? 'B' : 'A';   // still base64, no longer the signature
    second[40] = '!';
    put("garbled.minisig", sig);
    free(sig);
    put("page.minisig", "<html><body>404 Not Found</body></html>\n");
    sig = slurp("data.bt2.minisig", NULL);
    strstr(sig, "\ntrusted comment:")[1] = '\0';
    put("cut.minisig", sig);
    free(sig);
    sig = slurp("data.bt2.minisig", NULL);
    *(strrchr(sig, '\n') - 10) = '\0';   // the last line cut short
    put("noglobal.minisig", sig);
    free(sig);
    // "ED" is base64 "RU…", "Ed" "RW…"; "Rk" starts "FD".
    sig = slurp("data.bt2.minisig", NULL);
    second = strchr(sig, '\n') + 1;
    second[1] = 'k';
    put("alg.minisig", sig);
    free(sig);
    put("empty.minisig", "");

    struct bt_minisign_keys *keys = keys_of("bt.pub", NULL);
    char err[1200], tc[1200];
    for (size_t i = 0; i < sizeof(refusals_table) / sizeof(refusals_table[0]); i++) {
        const struct refusal *r = &refusals_table[i];
        bt_test_case = r->name;
        struct bt_minisign_verified v;
        int rc = verify(keys, r->data, r->sig, &v, err, sizeof(err));
        CHECK(rc == r->result && strstr(err, r->message) && strstr(err, r->sig) &&
                  !v.trusted_comment[0],
              "%d, not %d: %s", rc, r->result, err);
        CHECK(minisign_verify(r->data, r->sig, "bt.pub", tc, sizeof(tc)) != 0,
              "minisign -V accepts it");
    }
    // The key not trusted is named by its id, the one minisign's .pub comment gives.
    bt_test_case = "signed by a key not trusted";
    struct bt_minisign_verified v;
    verify(keys, "data.txt", "data.ms.minisig", &v, err, sizeof(err));
    char want[64];
    snprintf(want, sizeof(want), "%016" PRIX64, comment_id("ms.pub"));
    CHECK(strstr(err, want) && strcmp(v.key_id, want) == 0, "%s (%s)", err, want);
    // More than a signature: refused at its size.
    bt_test_case = "larger than a signature";
    static char big[BT_MINISIGN_FILE_MAX + 2];
    memset(big, 'A', sizeof(big) - 1);
    int rc =
        bt_minisign_verify(keys, "x", 1, big, sizeof(big) - 1, "big.minisig", &v, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_ERR_MALFORMED && strstr(err, "larger than 4096 bytes"), "%d %s", rc,
          err);
    rc = bt_minisign_verify(keys, "x", 1, "untrusted comment: \0", 20, "nul.minisig", &v, err,
                            sizeof(err));
    CHECK(rc == BT_MINISIGN_ERR_MALFORMED && strstr(err, "NUL"), "%d %s", rc, err);
    bt_minisign_keys_destroy(keys);

    // Public key files that are not one, each said with the file's name.
    bt_test_case = "public keys that are not one";
    keys = bt_minisign_keys_create();
    rc = bt_minisign_keys_add_file(keys, path_of("bt.key"), NULL, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_ERR_MALFORMED && strstr(err, "is a secret key") &&
              strstr(err, "bt.key"),
          "%d %s", rc, err);
    rc = bt_minisign_keys_add_file(keys, path_of("page.minisig"), NULL, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_ERR_MALFORMED && strstr(err, "not a minisign public key"), "%d %s", rc,
          err);
    rc = bt_minisign_keys_add_file(keys, path_of("nothing.pub"), NULL, err, sizeof(err));
    CHECK(rc == BT_MINISIGN_ERR_IO && strstr(err, "nothing.pub"), "%d %s", rc, err);
    CHECK(bt_minisign_keys_count(keys) == 0, "keys were added");
    bt_minisign_keys_destroy(keys);
}

// Two trusted keys, as during a rotation: a signature by either verifies, by a third does not.
static void rotation(void)
{
    bt_test_case = "two trusted keys";
    struct bt_minisign_keys *keys = keys_of("ms.pub", "bt.pub", "ms.pub", NULL);
    CHECK(bt_minisign_keys_count(keys) == 2, "%d keys", bt_minisign_keys_count(keys));
    struct bt_minisign_verified v;
    char err[1200];
    CHECK(verify(keys, "data.txt", "data.ms.minisig", &v, err, sizeof(err)) == BT_MINISIGN_OK,
          "the old key: %s", err);
    CHECK(verify(keys, "data.txt", "data.bt2.minisig", &v, err, sizeof(err)) == BT_MINISIGN_OK,
          "the new key: %s", err);
    int rc = verify(keys, "data.txt", "data.msp.minisig", &v, err, sizeof(err));
    char id[64];
    snprintf(id, sizeof(id), "%016" PRIX64, comment_id("msp.pub"));
    CHECK(rc == BT_MINISIGN_ERR_UNTRUSTED && strstr(err, id) && strstr(err, "trusted: "),
          "a third key: %d %s", rc, err);
    bt_minisign_keys_destroy(keys);
}

struct comment_case {
    const char *text;
    int rc, has_timestamp;
    int64_t timestamp;
    const char *file, *revision;
};

static const struct comment_case comments[] = {
    // bangtin's form
    {"timestamp:1767225600\tfile:playlist.json\trevision:2026-01-05T08:00:00+07:00", 0, 1,
     1767225600, "playlist.json", "2026-01-05T08:00:00+07:00"},
    // minisign's defaults, prehashed and legacy
    {"timestamp:1796424046\tfile:playlist.json\thashed", 0, 1, 1796424046, "playlist.json", ""},
    {"timestamp:1796424046\tfile:playlist.json", 0, 1, 1796424046, "playlist.json", ""},
    // fields missing, in another order, unknown ones passed over, a colon in a value
    {"", 0, 0, 0, "", ""},
    {"hashed", 0, 0, 0, "", ""},
    {"made by minisign", 0, 0, 0, "", ""},
    {"revision:r7\tscreen:all\ttimestamp:0", 0, 1, 0, "", "r7"},
    {"file:C:\\ubnd\\playlist.json", 0, 0, 0, "C:\\ubnd\\playlist.json", ""},
    {"timestamp:9223372036854775807", 0, 1, INT64_MAX, "", ""},
    // refused: not a whole number, too large, negative, empty, twice
    {"timestamp:12a\tfile:x", -1, 0, 0, "", ""},
    {"timestamp:9223372036854775808", -1, 0, 0, "", ""},
    {"timestamp:-5", -1, 0, 0, "", ""},
    {"timestamp:\tfile:x", -1, 0, 0, "", ""},
    {"timestamp:1\ttimestamp:2", -1, 0, 0, "", ""},
    {"revision:a\trevision:b", -1, 0, 0, "", ""},
};

static void comment_fields(void)
{
    for (size_t i = 0; i < sizeof(comments) / sizeof(comments[0]); i++) {
        const struct comment_case *k = &comments[i];
        bt_test_case = k->text;
        struct bt_minisign_comment c;
        int rc = bt_minisign_comment_parse(k->text, &c);
        CHECK(rc == k->rc && c.has_timestamp == k->has_timestamp && c.timestamp == k->timestamp &&
                  strcmp(c.file, k->file) == 0 && strcmp(c.revision, k->revision) == 0,
              "%d %d %" PRId64 " [%s] [%s]", rc, c.has_timestamp, c.timestamp, c.file, c.revision);
    }
    bt_test_case = "the trusted comment written";
    char buf[200];
    struct bt_minisign_comment c;
    CHECK(bt_minisign_comment_format(buf, sizeof(buf), 1767225600, "playlist.json", "r 1") == 0 &&
              strcmp(buf, "timestamp:1767225600\tfile:playlist.json\trevision:r 1") == 0 &&
              bt_minisign_comment_parse(buf, &c) == 0 && strcmp(c.revision, "r 1") == 0,
          "[%s]", buf);
    CHECK(bt_minisign_comment_format(buf, sizeof(buf), 1, "playlist.json", "a\tb") == -1,
          "a tab in the revision");
    CHECK(bt_minisign_comment_format(buf, 20, 1, "playlist.json", "r") == -1, "too small");
}

int main(void)
{
    snprintf(dir, sizeof(dir), "%s", bt_test_tmpdir());
    put("data.txt", "Thông báo: lịch tiếp công dân tháng 1 năm 2026\n");
    CHECK(tool("minisign -v") == 0, "minisign is not installed (apt-get install minisign)");
    comment_fields();
    keys_made_by_minisign();
    keys_made_by_bangtin();
    pack_signed();
    refusals();
    rotation();
    return bt_test_end();
}
