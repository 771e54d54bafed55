// base/: files written atomically (exact content, an existing file replaced, no temporary left,
// a failure leaving the old file as it was), mkdir -p, which strings are http(s) URLs,
// relative references joined to a playlist's address (RFC 3986 section 5.4's examples), and
// UTF-8 read by utf8proc's rules, and timed waits on the monotonic clock.
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/file.h"
#include "base/thread.h"
#include "base/url.h"
#include "base/utf8.h"
#include "test.h"

// Names in `dir` that are temporaries of the atomic writer.
static int temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += strstr(e->d_name, ".tmp.") != NULL;
    if (d)
        closedir(d);
    return n;
}

static void atomic_writes(void)
{
    char dir[700];
    snprintf(dir, sizeof(dir), "%s/atomic", bt_test_tmpdir());
    CHECK(mkdir(dir, 0755) == 0, "mkdir %s", dir);
    static const struct {
        const char *name;
        const char *target;   // in dir
        const char *before;   // the target's content first; NULL: none
        int folder;           // the target is a folder (its rename must fail)
        const char *data;
        int ok;
        int err;   // errno on failure
    } cases[] = {
        {"a new file", "new.txt", NULL, 0, "xin chào\n", 1, 0},
        {"an existing file replaced", "old.txt", "a longer, older content\n", 0, "new\n", 1, 0},
        {"empty content", "empty.txt", "something\n", 0, "", 1, 0},
        {"a folder that does not exist", "missing/x.txt", NULL, 0, "x", 0, ENOENT},
        {"a folder in the way", "taken", NULL, 1, "x", 0, EISDIR},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bt_test_case = cases[i].name;
        char path[800];
        snprintf(path, sizeof(path), "%s/%s", dir, cases[i].target);
        if (cases[i].before) {
            FILE *f = fopen(path, "w");
            CHECK(f && fputs(cases[i].before, f) >= 0 && fclose(f) == 0, "setup");
        }
        if (cases[i].folder)
            CHECK(mkdir(path, 0755) == 0, "setup");
        errno = 0;
        int rc = bt_file_write_atomic(path, cases[i].data, strlen(cases[i].data));
        int e = errno;
        char *got = bt_test_read(path);
        if (cases[i].ok) {
            CHECK(rc == 0, "returned %d (%s)", rc, strerror(e));
            CHECK(got && strcmp(got, cases[i].data) == 0, "content \"%s\"", got ? got : "(none)");
        } else {
            CHECK(rc == -1 && e == cases[i].err, "returned %d, errno %s", rc, strerror(e));
            struct stat st;
            if (cases[i].folder)
                CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode), "the folder was touched");
            else
                CHECK(stat(path, &st) != 0, "a file was made");
        }
        free(got);
        CHECK(temporaries(dir) == 0, "a temporary was left");
    }

    // In steps: what is aborted leaves the old file; what is committed replaces it whole.
    bt_test_case = "in steps";
    char path[800];
    snprintf(path, sizeof(path), "%s/steps.txt", dir);
    CHECK(bt_file_write_atomic(path, "old", 3) == 0, "first");
    struct bt_file_writer *w = bt_file_begin(path);
    CHECK(w && bt_file_write(w, "half", 4) == 0, "begin");
    char *got = bt_test_read(path);
    CHECK(got && strcmp(got, "old") == 0, "the old file changed while writing: %s", got);
    free(got);
    bt_file_abort(w);
    got = bt_test_read(path);
    CHECK(got && strcmp(got, "old") == 0, "aborted, yet the file is %s", got);
    free(got);
    w = bt_file_begin(path);
    CHECK(w && bt_file_write(w, "one ", 4) == 0 && bt_file_write(w, "two", 3) == 0, "write");
    CHECK(bt_file_commit(w) == 0, "commit");
    got = bt_test_read(path);
    CHECK(got && strcmp(got, "one two") == 0, "committed, the file is %s", got);
    free(got);
    CHECK(temporaries(dir) == 0, "a temporary was left");
}

static void mkdirs(void)
{
    char dir[700];
    snprintf(dir, sizeof(dir), "%s/mk", bt_test_tmpdir());
    bt_test_write("mk-file", "not a folder");
    static const struct {
        const char *name;
        const char *path;   // in dir; "FILE" is a file
        int ok;
        int err;
    } cases[] = {
        {"nested", "a/b/c", 1, 0},
        {"existing", "a/b", 1, 0},
        {"trailing slash", "a/d/", 1, 0},
        {"doubled slashes", "a//e///f", 1, 0},
        {"a file in the way", "../mk-file/sub", 0, ENOTDIR},
        {"the path is a file", "../mk-file", 0, ENOTDIR},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bt_test_case = cases[i].name;
        char path[800];
        snprintf(path, sizeof(path), "%s/%s", dir, cases[i].path);
        errno = 0;
        int rc = bt_file_mkdir_p(path);
        int e = errno;
        struct stat st;
        if (cases[i].ok)
            CHECK(rc == 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode), "returned %d (%s)", rc,
                  strerror(e));
        else
            CHECK(rc == -1 && e == cases[i].err, "returned %d, errno %s", rc, strerror(e));
    }
    bt_test_case = "empty";
    CHECK(bt_file_mkdir_p("") == -1, "an empty path was made");
}

static void is_http(void)
{
    static const struct {
        const char *s;
        int http, https;
    } cases[] = {
        {"http://cms.example.vn/a.json", 1, 0},
        {"https://cms.example.vn/a.json", 1, 1},
        {"HTTP://CMS.EXAMPLE.VN/A.JSON", 1, 0},
        {"Https://cms.example.vn/", 1, 1},
        {"ftp://cms.example.vn/a.json", 0, 0},
        {"file:///etc/bangtin/playlist.json", 0, 0},
        {"/media/usb/playlist.json", 0, 0},
        {"playlist.json", 0, 0},
        {"http:", 0, 0},
        {"http:/x", 0, 0},
        {"https:", 0, 0},
        {"", 0, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bt_test_case = cases[i].s;
        CHECK(bt_url_is_http(cases[i].s) == cases[i].http, "is_http");
        CHECK(bt_url_is_https(cases[i].s) == cases[i].https, "is_https");
    }
}

#define RFC_BASE "http://a/b/c/d;p?q"

static void joins(void)
{
    static const struct {
        const char *base, *ref;
        const char *want;   // NULL: an error
    } cases[] = {
        // RFC 3986 5.4.1, normal examples.
        {RFC_BASE, "g", "http://a/b/c/g"},
        {RFC_BASE, "./g", "http://a/b/c/g"},
        {RFC_BASE, "g/", "http://a/b/c/g/"},
        {RFC_BASE, "/g", "http://a/g"},
        // The RFC's "http://g", with the empty path an http URL normalises to "/" (6.2.3).
        {RFC_BASE, "//g", "http://g/"},
        {RFC_BASE, "?y", "http://a/b/c/d;p?y"},
        {RFC_BASE, "g?y", "http://a/b/c/g?y"},
        {RFC_BASE, "#s", "http://a/b/c/d;p?q#s"},
        {RFC_BASE, "g#s", "http://a/b/c/g#s"},
        {RFC_BASE, "g?y#s", "http://a/b/c/g?y#s"},
        {RFC_BASE, ";x", "http://a/b/c/;x"},
        {RFC_BASE, "g;x", "http://a/b/c/g;x"},
        {RFC_BASE, "g;x?y#s", "http://a/b/c/g;x?y#s"},
        {RFC_BASE, "", "http://a/b/c/d;p?q"},
        {RFC_BASE, ".", "http://a/b/c/"},
        {RFC_BASE, "./", "http://a/b/c/"},
        {RFC_BASE, "..", "http://a/b/"},
        {RFC_BASE, "../", "http://a/b/"},
        {RFC_BASE, "../g", "http://a/b/g"},
        {RFC_BASE, "../..", "http://a/"},
        {RFC_BASE, "../../", "http://a/"},
        {RFC_BASE, "../../g", "http://a/g"},
        // 5.4.2, abnormal examples: past the root, dots that are not segments.
        {RFC_BASE, "../../../g", "http://a/g"},
        {RFC_BASE, "../../../../g", "http://a/g"},
        {RFC_BASE, "/./g", "http://a/g"},
        {RFC_BASE, "/../g", "http://a/g"},
        {RFC_BASE, "g.", "http://a/b/c/g."},
        {RFC_BASE, ".g", "http://a/b/c/.g"},
        {RFC_BASE, "g..", "http://a/b/c/g.."},
        {RFC_BASE, "..g", "http://a/b/c/..g"},
        {RFC_BASE, "./../g", "http://a/b/g"},
        {RFC_BASE, "./g/.", "http://a/b/c/g/"},
        {RFC_BASE, "g/./h", "http://a/b/c/g/h"},
        {RFC_BASE, "g/../h", "http://a/b/c/h"},
        {RFC_BASE, "g;x=1/./y", "http://a/b/c/g;x=1/y"},
        {RFC_BASE, "g;x=1/../y", "http://a/b/c/y"},
        {RFC_BASE, "g?y/./x", "http://a/b/c/g?y/./x"},
        {RFC_BASE, "g?y/../x", "http://a/b/c/g?y/../x"},
        {RFC_BASE, "g#s/./x", "http://a/b/c/g#s/./x"},
        {RFC_BASE, "g#s/../x", "http://a/b/c/g#s/../x"},
        // "g:h" is an absolute URI of another scheme; "http:g" has no authority.
        {RFC_BASE, "g:h", NULL},
        {RFC_BASE, "http:g", NULL},
        // A playlist's sources.
        {"https://cms.example.vn/phuong/playlist.json", "media/a.png",
         "https://cms.example.vn/phuong/media/a.png"},
        {"https://cms.example.vn/phuong/playlist.json", "./media/a.png",
         "https://cms.example.vn/phuong/media/a.png"},
        {"https://cms.example.vn/phuong/7/playlist.json", "../shared/a.png",
         "https://cms.example.vn/phuong/shared/a.png"},
        {"https://cms.example.vn/phuong/playlist.json", "../../../a.png",
         "https://cms.example.vn/a.png"},
        {"https://cms.example.vn/phuong/playlist.json", "/objects/ab.png",
         "https://cms.example.vn/objects/ab.png"},
        {"https://cms.example.vn/phuong/playlist.json", "//cdn.example.vn/a.png",
         "https://cdn.example.vn/a.png"},
        {"https://cms.example.vn/phuong/playlist.json", "a.png?v=2",
         "https://cms.example.vn/phuong/a.png?v=2"},
        {"https://cms.example.vn/phuong/playlist.json", "a.png#top",
         "https://cms.example.vn/phuong/a.png#top"},
        {"https://cms.example.vn/phuong/playlist.json?screen=7", "/objects/ab.png",
         "https://cms.example.vn/objects/ab.png"},
        {"https://cms.example.vn/phuong/playlist.json?screen=7", "a.png",
         "https://cms.example.vn/phuong/a.png"},
        {"https://cms.example.vn/phuong/", "a.png", "https://cms.example.vn/phuong/a.png"},
        {"https://cms.example.vn", "a.png", "https://cms.example.vn/a.png"},
        {"https://cms.example.vn:8443/p/playlist.json", "a.png",
         "https://cms.example.vn:8443/p/a.png"},
        {"https://cms.example.vn/p/playlist.json", "12:30.png",
         "https://cms.example.vn/p/12:30.png"},
        {"https://cms.example.vn/p/playlist.json", "tết 2025/ảnh.png",
         "https://cms.example.vn/p/t%e1%ba%bft%202025/%e1%ba%a3nh.png"},
        {"https://cms.example.vn/p/playlist.json", "a\tb.png", NULL},
        // Absolute sources, whatever the base.
        {"https://cms.example.vn/p/playlist.json", "http://other.example.vn/a.png",
         "http://other.example.vn/a.png"},
        {"https://cms.example.vn/p/playlist.json", "https://other.example.vn/a.png?x=1#y",
         "https://other.example.vn/a.png?x=1#y"},
        {"/media/usb", "https://cms.example.vn/a.png", "https://cms.example.vn/a.png"},
        {"/media/usb", "HTTPS://cms.example.vn/A.png", "https://cms.example.vn/A.png"},
        {"/media/usb", "https://cms.example.vn/a b.png", "https://cms.example.vn/a%20b.png"},
        {NULL, "http://cms.example.vn/a.png", "http://cms.example.vn/a.png"},
        {"https://cms.example.vn/p/playlist.json", "ftp://cms.example.vn/a.png", NULL},
        // Local playlists: paths joined as they are.
        {"/media/usb", "clip.mp4", "/media/usb/clip.mp4"},
        {"/media/usb", "../usb2/clip.mp4", "/media/usb/../usb2/clip.mp4"},
        {"/media/usb", "/srv/clip.mp4", "/srv/clip.mp4"},
        {"/media/usb", "tết 2025.png", "/media/usb/tết 2025.png"},
        {"/media/usb", "12:30.png", "/media/usb/12:30.png"},
        {"", "clip.mp4", "clip.mp4"},
        {NULL, "clip.mp4", "clip.mp4"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char name[300], err[200] = "";
        snprintf(name, sizeof(name), "%s + %s", cases[i].base ? cases[i].base : "NULL",
                 cases[i].ref);
        bt_test_case = name;
        char *got = bt_url_join(cases[i].base, cases[i].ref, err, sizeof(err));
        if (cases[i].want)
            CHECK(got && strcmp(got, cases[i].want) == 0, "got %s (%s), want %s",
                  got ? got : "NULL", err, cases[i].want);
        else
            CHECK(!got && err[0], "got %s, want an error", got ? got : "NULL");
        free(got);
    }
}

static void utf8(void)
{
    static const struct {
        const char *name, *s;
        int32_t cp;       // of the first character; -1: not UTF-8
        size_t len;       // its bytes
        size_t invalid;   // bt_utf8_invalid of the whole string
        size_t count;     // bt_utf8_count
    } cases[] = {
        {"ASCII", "a", 'a', 1, 1, 1},
        {"two bytes", "\xC3\xA0", 0xE0, 2, 2, 1},
        {"three bytes", "\xE1\xBA\xBF t", 0x1EBF, 3, 5, 3},
        {"four bytes", "\xF0\x9F\x98\x80", 0x1F600, 4, 4, 1},
        {"the last code point", "\xF4\x8F\xBF\xBF", 0x10FFFF, 4, 4, 1},
        {"curly quote", "\xE2\x80\x9C", 0x201C, 3, 3, 1},
        {"Windows-1258 byte", "Th\xF4ng", 'T', 1, 2, 5},
        {"overlong two bytes", "\xC0\xAF", -1, 1, 0, 2},
        {"overlong C1", "\xC1\xBF", -1, 1, 0, 2},
        {"overlong three bytes", "\xE0\x80\xAF", -1, 1, 0, 3},
        {"overlong four bytes", "\xF0\x80\x80\xAF", -1, 1, 0, 4},
        {"surrogate", "\xED\xA0\x80", -1, 1, 0, 3},
        {"past U+10FFFF", "\xF4\x90\x80\x80", -1, 1, 0, 4},
        {"F5", "\xF5\x80\x80\x80", -1, 1, 0, 4},
        {"stray continuation",
         "\x80"
         "a",
         -1, 1, 0, 2},
        {"continuation missing",
         "\xE1\x80"
         "a",
         -1, 1, 0, 3},
        {"cut short", "a\xE1\x80", 'a', 1, 1, 3},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bt_test_case = cases[i].name;
        const char *s = cases[i].s;
        int32_t cp = 0;
        size_t n = bt_utf8_decode(s, strlen(s), &cp);
        CHECK(cp == cases[i].cp && n == cases[i].len, "decoded U+%04X in %zu bytes", (unsigned)cp,
              n);
        const char *p = s;
        uint32_t next = bt_utf8_next(&p);
        CHECK(next == (cases[i].cp < 0 ? 0xFFFDu : (uint32_t)cases[i].cp) && p == s + cases[i].len,
              "next gave U+%04X, %zu bytes", (unsigned)next, (size_t)(p - s));
        CHECK(bt_utf8_invalid(s, strlen(s)) == cases[i].invalid, "invalid at %zu",
              bt_utf8_invalid(s, strlen(s)));
        CHECK(bt_utf8_count(s) == cases[i].count, "%zu characters", bt_utf8_count(s));
    }
    // A length ends a character as the end of the text does.
    bt_test_case = "length";
    int32_t cp;
    CHECK(bt_utf8_decode("\xC3\xA0", 1, &cp) == 1 && cp == -1, "read past the length");
}

// Deadlines are normalised, and a condition from bt_cond_init times out on the monotonic clock.
// Text quoted in a message: cut at a whole character, controls as spaces, stray bytes as U+FFFD,
// and "…" when it goes on; the output is valid UTF-8 whatever its size.
static void quotes(void)
{
    bt_test_case = "quoting text";
    char many[400] = "";
    for (int i = 0; i < 50; i++)
        strcat(many, "Ệ");   // 3 bytes each
    static const struct {
        const char *in;
        size_t chars, outsize;
        const char *want;
    } cases[] = {
        {"Bảng tin", 40, 100, "Bảng tin"},
        {"Bảng tin phường", 4, 100, "Bảng…"},
        {"line\none\ttab\x1B[31m", 40, 100, "line one tab [31m"},
        {"caf\xC3 ok", 40, 100, "caf\xEF\xBF\xBD ok"},
        // C1 controls (U+009B is an 8-bit CSI), DEL, a separator, a bidi override.
        {"a\xC2\x9B"
         "31mb\x7F"
         "c\xE2\x80\xA8"
         "d\xE2\x80\xAE"
         "e",
         40, 100, "a 31mb c d e"},
        {"ẸẸẸẸ", 40, 8, "Ẹ…"},   // room for one character and the ellipsis
        {"", 40, 100, ""},
    };
    char out[200];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bt_utf8_quote(cases[i].in, cases[i].chars, out, cases[i].outsize);
        CHECK(strcmp(out, cases[i].want) == 0, "\"%s\" quoted as \"%s\", want \"%s\"", cases[i].in,
              out, cases[i].want);
    }
    for (size_t size = 1; size < 60; size++) {
        bt_utf8_quote(many, 40, out, size);
        size_t n = strlen(out);
        CHECK(n < size && bt_utf8_invalid(out, n) == n, "cut into %zu bytes: not whole", size);
    }
    bt_utf8_quote(many, 40, out, sizeof(out));
    CHECK(bt_utf8_count(out) == 41, "40 characters and the ellipsis, not %zu", bt_utf8_count(out));
}

// What a person or a log sees of a URL: no user, password or query value.
static void redactions(void)
{
    bt_test_case = "URLs redacted";
    static const char *const cases[][2] = {
        {"https://user:pa55@example.org/p.json", "https://***@example.org/p.json"},
        {"http://example.org/p.json?token=abc&screen=1",
         "http://example.org/p.json?token=***&screen=***"},
        {"no answer from https://a:b@h/x?k=v: timed out",
         "no answer from https://***@h/x?k=***: timed out"},
        {"https://h/x?s3cr3t", "https://h/x?***"},
        {"https://h/x?a=&b", "https://h/x?a=&***"},
        {"https://h/p.json#part", "https://h/p.json#part"},
        {"fetching https://u@h:8443/a and http://h2/b?x=1 \"q\"",
         "fetching https://***@h:8443/a and http://h2/b?x=*** \"q\""},
        {"/media/usb/playlist.json", "/media/usb/playlist.json"},
        {"Bảng tin: https://h/ảnh.png", "Bảng tin: https://h/ảnh.png"},
    };
    char out[300];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bt_url_redact(cases[i][0], out, sizeof(out));
        CHECK(strcmp(out, cases[i][1]) == 0, "\"%s\" shown as \"%s\", want \"%s\"", cases[i][0],
              out, cases[i][1]);
    }
    bt_url_redact("https://user:secret@h/a", out, 12);
    CHECK(strlen(out) == 11 && !strstr(out, "secret"), "cut to \"%s\"", out);
}

static void waits(void)
{
    static const int64_t after[] = {0, 1, 999999, 1000000, 1500000, 2999999999};
    for (size_t i = 0; i < sizeof(after) / sizeof(after[0]); i++) {
        struct timespec before;
        clock_gettime(CLOCK_MONOTONIC, &before);
        struct timespec d = bt_deadline_in(after[i]);
        int64_t diff =
            (int64_t)(d.tv_sec - before.tv_sec) * 1000000 + (d.tv_nsec - before.tv_nsec) / 1000;
        bt_test_case = "deadline";
        CHECK(d.tv_nsec >= 0 && d.tv_nsec < 1000000000, "%lld us: tv_nsec %ld", (long long)after[i],
              d.tv_nsec);
        CHECK(diff >= after[i] && diff < after[i] + 100000, "%lld us: %lld us ahead",
              (long long)after[i], (long long)diff);
    }
    bt_test_case = "timed wait";
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t c;
    CHECK(bt_cond_init(&c) == 0, "init");
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct timespec until = bt_deadline_in(50000);
    pthread_mutex_lock(&m);
    int rc;
    while ((rc = pthread_cond_timedwait(&c, &m, &until)) == 0)
        ;
    pthread_mutex_unlock(&m);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    int64_t waited = (int64_t)(t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000;
    // A condition on the wall clock would read a monotonic deadline as 1970: no wait at all.
    CHECK(rc == ETIMEDOUT && waited >= 50000, "rc %d after %lld us", rc, (long long)waited);
    pthread_cond_destroy(&c);
}

int main(void)
{
    atomic_writes();
    mkdirs();
    is_http();
    joins();
    utf8();
    quotes();
    redactions();
    waits();
    return bt_test_end();
}
