// A tiny harness for bangtin's table-driven tests: CHECK records a failure and goes on;
// bt_test_end prints "N passed, N failed" and gives the exit status for ctest.
#ifndef BT_TEST_H
#define BT_TEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

extern int bt_test_checks;
extern int bt_test_failed;
extern const char *bt_test_case;   // the case being run, named in failures

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        bt_test_checks++;                                                                          \
        if (!(cond)) {                                                                             \
            bt_test_failed++;                                                                      \
            fprintf(stderr, "%s:%d: [%s] FAILED: %s: ", __FILE__, __LINE__,                        \
                    bt_test_case ? bt_test_case : "-", #cond);                                     \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

// Prints the closing line and returns the exit status.
int bt_test_end(void);

// Runs fn in a child process, beside the caller and other such children: for cases that wait on
// a real clock and share nothing (each its own files, folders and ports). The child's checks
// and failures count as this program's once bt_test_join has waited for it.
void bt_test_spawn(void (*fn)(void));
void bt_test_join(void);

// A fresh temporary folder for this test program (removed by nobody: under /tmp or $TMPDIR).
const char *bt_test_tmpdir(void);
// Writes `text` to tmpdir/name and returns the full path (static buffer rotated 8 ways).
const char *bt_test_write(const char *name, const char *text);
// Reads a whole file into a malloc'd string (NULL when it cannot).
char *bt_test_read(const char *path);

// Waits until `path` exists and, when `needle` is not NULL, holds it; looks every 20 ms, for at
// most `seconds` (four times as long under a sanitiser). Returns 1 when it did, 0 at the
// deadline. Tests wait for what they need (a log line, a status file, a frame) with this, not
// for a fixed time.
int bt_test_wait_file(const char *path, const char *needle, double seconds);
// A deadline of `seconds` from now on the monotonic clock, scaled as above; and whether it is
// past.
int64_t bt_test_deadline(double seconds);
int bt_test_past(int64_t deadline);

// Runs the bangtin binary with `args` (shell words), stdout and stderr to files in tmpdir
// named after `tag`. Returns its exit status (or -1). *out and *err get the output (free them).
int bt_test_run_bangtin(const char *tag, const char *args, char **out, char **err);
// The same in two steps, so that independent runs overlap: starts it and returns its pid; waits
// for it and returns its exit status (or -1), with *out and *err as above.
pid_t bt_test_start_bangtin(const char *tag, const char *args);
int bt_test_wait_bangtin(pid_t pid, const char *tag, char **out, char **err);
// For staff commands that read standard input (a password: keygen, pack --sign): runs the
// binary with `args` as they are (nothing added: commands speak the environment's language,
// here LANGUAGE=en) and `input` as its standard input (written to tmpdir/tag.in). Returns as
// bt_test_run_bangtin.
int bt_test_run_bangtin_input(const char *tag, const char *args, const char *input, char **out,
                              char **err);

// Runs fn (which runs tools such as ffmpeg) with no sanitiser preloaded into the tools: the
// ASan run preloads libasan and Mesa for bangtin, not for them.
void bt_test_with_plain_tools(void (*fn)(void));
// Runs a shell command (printf's format) with the plain tools. Returns system()'s status.
int bt_test_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// SHA-256 of bytes in memory, as hex (libavutil's av_sha).
void bt_test_sha256(const unsigned char *data, size_t n, char hex[65]);

// A loaded snapshot.
struct bt_test_image {
    int w, h;
    uint8_t *rgb;
};
int bt_test_image_load(const char *path, struct bt_test_image *img);
void bt_test_image_free(struct bt_test_image *img);
// Whether the pixel at (x, y) is within `tol` of 0xRRGGBB on every channel.
int bt_test_pixel_is(const struct bt_test_image *img, int x, int y, uint32_t rgb, int tol);
uint32_t bt_test_pixel(const struct bt_test_image *img, int x, int y);

#endif
