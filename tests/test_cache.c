// The cache: objects appear only whole and verified; a wrong object is never kept; a partial
// download resumes (its bytes hashed again); the index survives a restart and a damaged object
// is dropped at open; eviction is least recently used, never what is in use, within the budget;
// the last good playlist is kept.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/cache.h"
#include "test.h"

// Writes data in chunks of `chunk` and commits. Returns the commit's result.
static int put(struct bt_cache *c, const char *sha, int64_t size, const unsigned char *data,
               size_t n, size_t chunk, char *err)
{
    struct bt_cache_writer *w = bt_cache_begin(c, sha, size, 0, err, 256);
    if (!w)
        return -2;
    for (size_t off = 0; off < n; off += chunk) {
        size_t k = n - off < chunk ? n - off : chunk;
        if (bt_cache_write(w, data + off, k) != 0) {
            bt_cache_abort(w, 0);
            return -3;
        }
    }
    return bt_cache_commit(w, 1, err, 256);
}

int main(void)
{
    char dir[700], err[256], hex[65], path[4000];
    snprintf(dir, sizeof(dir), "%s/cache", bt_test_tmpdir());
    unsigned char data[10000];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (unsigned char)(i * 7 + i / 251);
    bt_test_sha256(data, sizeof(data), hex);

    bt_test_case = "a whole object";
    struct bt_cache *c = bt_cache_open(dir, 0, err, sizeof(err));
    CHECK(c != NULL, "open: %s", err);
    CHECK(put(c, hex, sizeof(data), data, sizeof(data), 999, err) == 0, "commit: %s", err);
    CHECK(bt_cache_has(c, hex, sizeof(data)) && !bt_cache_has(c, hex, 5), "has");
    char *back = bt_test_read(bt_cache_path(c, hex, path, sizeof(path)));
    CHECK(back && memcmp(back, data, sizeof(data)) == 0, "the bytes differ");
    free(back);

    bt_test_case = "a wrong hash is not kept";
    unsigned char other[10000];
    memcpy(other, data, sizeof(other));
    other[5000] ^= 1;
    char hex2[65];
    bt_test_sha256(other, sizeof(other), hex2);
    hex2[0] = hex2[0] == 'a' ? 'b' : 'a';   // a sha256 that is not this content's
    CHECK(put(c, hex2, sizeof(other), other, sizeof(other), 4096, err) == -1 &&
              strstr(err, "does not match its sha256"),
          "commit: %s", err);
    CHECK(!bt_cache_has(c, hex2, -1) && bt_cache_partial(c, hex2) == 0 &&
              access(bt_cache_path(c, hex2, path, sizeof(path)), F_OK) != 0,
          "a wrong object is left behind");

    bt_test_case = "a wrong size";
    char hex3[65];
    bt_test_sha256(data, 6000, hex3);
    CHECK(put(c, hex3, 7000, data, 6000, 6000, err) == -1 && strstr(err, "has 6000 bytes"),
          "short: %s", err);
    CHECK(put(c, hex3, 5000, data, 6000, 6000, err) == -3, "more than promised is refused");

    bt_test_case = "resume";
    char hex4[65];
    unsigned char big[50000];
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (unsigned char)(i ^ (i >> 8));
    bt_test_sha256(big, sizeof(big), hex4);
    struct bt_cache_writer *w = bt_cache_begin(c, hex4, sizeof(big), 0, err, sizeof(err));
    CHECK(w && bt_cache_write(w, big, 20000) == 0, "first half");
    bt_cache_abort(w, 1);   // the connection broke
    CHECK(bt_cache_partial(c, hex4) == 20000, "partial %lld", (long long)bt_cache_partial(c, hex4));
    CHECK(!bt_cache_has(c, hex4, -1), "a partial object is visible");
    char tag[64];
    bt_cache_set_partial_tag(c, hex4, "\"5f2a-c350\"");
    bt_cache_partial_tag(c, hex4, tag, sizeof(tag));
    CHECK(strcmp(tag, "\"5f2a-c350\"") == 0, "the partial's tag is '%s'", tag);
    w = bt_cache_begin(c, hex4, sizeof(big), 1, err, sizeof(err));
    CHECK(w && bt_cache_write(w, big + 20000, sizeof(big) - 20000) == 0, "the rest");
    CHECK(w && bt_cache_commit(w, 2, err, sizeof(err)) == 0, "commit after resume: %s", err);
    CHECK(bt_cache_has(c, hex4, sizeof(big)), "resumed object missing");
    bt_cache_partial_tag(c, hex4, tag, sizeof(tag));
    CHECK(tag[0] == '\0', "the tag outlived its partial: '%s'", tag);
    bt_cache_close(c);

    bt_test_case = "restart: index kept, damage dropped";
    c = bt_cache_open(dir, 0, err, sizeof(err));
    CHECK(c && bt_cache_has(c, hex, sizeof(data)) && bt_cache_has(c, hex4, sizeof(big)),
          "the index did not survive");
    CHECK(c && bt_cache_used(c) == (int64_t)(sizeof(data) + sizeof(big)), "used %lld",
          c ? (long long)bt_cache_used(c) : 0);
    if (c)
        bt_cache_path(c, hex4, path, sizeof(path));
    bt_cache_close(c);
    CHECK(truncate(path, 100) == 0, "cannot damage %s", path);
    c = bt_cache_open(dir, 0, err, sizeof(err));
    CHECK(c && bt_cache_has(c, hex, sizeof(data)) && !bt_cache_has(c, hex4, -1),
          "a damaged object is still listed");
    CHECK(access(path, F_OK) != 0, "the damaged file is still there");
    bt_cache_close(c);

    bt_test_case = "eviction";
    char edir[800];
    snprintf(edir, sizeof(edir), "%s/evict", bt_test_tmpdir());
    c = bt_cache_open(edir, 300, err, sizeof(err));
    char s[3][65];
    for (int i = 0; i < 3; i++) {
        unsigned char b[100];
        memset(b, 'a' + i, sizeof(b));
        bt_test_sha256(b, sizeof(b), s[i]);
        CHECK(put(c, s[i], 100, b, 100, 100, err) == 0, "put %d: %s", i, err);
        bt_cache_touch(c, s[i], 10 + i);   // s[0] oldest
    }
    const char *keep[] = {s[0]};
    CHECK(bt_cache_evict(c, keep, 1, 150) == 0, "could not make room");
    CHECK(bt_cache_has(c, s[0], 100) && !bt_cache_has(c, s[1], -1) && !bt_cache_has(c, s[2], -1),
          "evicted the wrong objects");
    CHECK(bt_cache_evict(c, keep, 1, 250) == BT_CACHE_OVER_BUDGET && bt_cache_has(c, s[0], 100),
          "evicted an object in use, or said there was room");
    bt_cache_close(c);

    bt_test_case = "free-space floor";
    // No budget, but a floor above what any disk has free: the unused objects go, and still
    // there is no room.
    c = bt_cache_open(edir, 0, err, sizeof(err));
    bt_cache_set_min_free(c, (int64_t)1 << 60);
    CHECK(bt_cache_evict(c, keep, 1, 1) == BT_CACHE_DISK_FULL && bt_cache_has(c, s[0], 100),
          "a floor above the free space was not reported");
    bt_cache_set_min_free(c, 1);
    CHECK(bt_cache_evict(c, keep, 1, 1) == 0, "a floor of one byte was not met");
    bt_cache_close(c);

    bt_test_case = "background check of the hashes";
    // An object damaged in place, its size unchanged: the fast check at open cannot see it;
    // hashing it again does, and drops it.
    c = bt_cache_open(dir, 0, err, sizeof(err));
    char listed[8][65];
    size_t nl = c ? bt_cache_list(c, listed, 8) : 0;
    CHECK(nl == 1 && strcmp(listed[0], hex) == 0, "listed %zu objects", nl);
    CHECK(c && bt_cache_verify(c, hex) == 0, "a whole object was found damaged");
    bt_cache_path(c, hex, path, sizeof(path));
    FILE *f = fopen(path, "r+b");
    CHECK(f && fputc('#', f) != EOF && fclose(f) == 0, "cannot damage %s", path);
    CHECK(c && bt_cache_verify(c, hex) == -1 && !bt_cache_has(c, hex, -1) &&
              access(path, F_OK) != 0,
          "a damaged object was kept");
    bt_cache_close(c);
    c = bt_cache_open(dir, 0, err, sizeof(err));
    CHECK(c && !bt_cache_has(c, hex, -1), "the index still lists the damaged object");
    bt_cache_close(c);

    bt_test_case = "last good playlist";
    c = bt_cache_open(dir, 0, err, sizeof(err));
    const char *pl = "{\"version\": 1, \"revision\": \"Tiếng Việt\"}";
    size_t len = 0;
    char url[300] = "";
    CHECK(c && bt_cache_save_playlist(c, pl, strlen(pl), "https://cms.example.vn/p.json") == 0,
          "save");
    char *loaded = c ? bt_cache_load_playlist(c, &len, url, sizeof(url)) : NULL;
    CHECK(loaded && len == strlen(pl) && strcmp(loaded, pl) == 0, "load: %s", loaded);
    CHECK(strcmp(url, "https://cms.example.vn/p.json") == 0, "url: %s", url);
    free(loaded);
    // Its validators beside it; a new playlist never stands beside the old one's.
    char etag[256], lm[64];
    CHECK(c && bt_cache_save_validators(c, "\"6b1-2a\"", "Fri, 04 Dec 2026 08:00:00 GMT") == 0,
          "save validators");
    bt_cache_load_validators(c, etag, sizeof(etag), lm, sizeof(lm));
    CHECK(strcmp(etag, "\"6b1-2a\"") == 0 && strcmp(lm, "Fri, 04 Dec 2026 08:00:00 GMT") == 0,
          "validators: %s %s", etag, lm);
    CHECK(bt_cache_save_playlist(c, pl, strlen(pl), "https://cms.example.vn/q.json") == 0, "save");
    bt_cache_load_validators(c, etag, sizeof(etag), lm, sizeof(lm));
    CHECK(!etag[0] && !lm[0], "the old validators stand beside a new playlist: %s %s", etag, lm);
    bt_cache_close(c);

    bt_test_case = "partial downloads no revision wants";
    // Two partials; only the first is wanted: the other goes, with its validator, and the
    // first is counted in the cache's size.
    c = bt_cache_open(dir, 0, err, sizeof(err));
    char want[65], gone[65];
    memset(want, 'a', 64);
    memset(gone, 'b', 64);
    want[64] = gone[64] = '\0';
    int64_t before = c ? bt_cache_used(c) : 0;
    struct bt_cache_writer *w1 = bt_cache_begin(c, want, 1000, 0, err, sizeof(err));
    struct bt_cache_writer *w2 = bt_cache_begin(c, gone, 1000, 0, err, sizeof(err));
    static const char zeros[300];
    CHECK(w1 && w2 && bt_cache_write(w1, zeros, 300) == 0 && bt_cache_write(w2, zeros, 200) == 0,
          "partials");
    bt_cache_abort(w1, 1);
    bt_cache_abort(w2, 1);
    bt_cache_set_partial_tag(c, gone, "\"x\"");
    const char *wanted[] = {want};
    int64_t freed = 0;
    int n = bt_cache_sweep_partials(c, wanted, 1, &freed);
    CHECK(n == 1 && freed == 200 && bt_cache_partial(c, want) == 300 &&
              bt_cache_partial(c, gone) == 0,
          "deleted %d (%lld bytes); kept %lld, %lld", n, (long long)freed,
          (long long)bt_cache_partial(c, want), (long long)bt_cache_partial(c, gone));
    char left[64];
    bt_cache_partial_tag(c, gone, left, sizeof(left));
    CHECK(!left[0], "the deleted partial's validator stays: %s", left);
    CHECK(bt_cache_used(c) == before + 300, "the cache's size %lld, not %lld",
          (long long)bt_cache_used(c), (long long)before + 300);
    bt_cache_close(c);
    return bt_test_end();
}
