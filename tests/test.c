#include "test.h"

#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libavutil/mem.h>
#include <libavutil/sha.h>

#include "media/png.h"

int bt_test_checks;
int bt_test_failed;
const char *bt_test_case;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

#define SPAWN_MAX 16
static struct {
    pid_t pid;
    int fd;   // the child's counts come back through this pipe
} spawned[SPAWN_MAX];
static int nspawned;

void bt_test_spawn(void (*fn)(void))
{
    int fds[2];
    if (nspawned == SPAWN_MAX || pipe(fds) != 0) {
        fn();   // no room: in this process, one after the other
        return;
    }
    fflush(NULL);   // nothing buffered is written twice
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        int checks = bt_test_checks, failed = bt_test_failed;
        fn();
        char counts[64];
        int n = snprintf(counts, sizeof(counts), "%d %d", bt_test_checks - checks,
                         bt_test_failed - failed);
        fflush(NULL);
        _exit(write(fds[1], counts, (size_t)n) == n ? 0 : 1);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        fn();
        return;
    }
    spawned[nspawned].pid = pid;
    spawned[nspawned].fd = fds[0];
    nspawned++;
}

void bt_test_join(void)
{
    for (int i = 0; i < nspawned; i++) {
        char counts[64] = "";
        ssize_t n = read(spawned[i].fd, counts, sizeof(counts) - 1);
        close(spawned[i].fd);
        int st = 0;
        waitpid(spawned[i].pid, &st, 0);
        int checks = 0, failed = 0;
        bt_test_case = "a case run beside the others";
        CHECK(n > 0 && sscanf(counts, "%d %d", &checks, &failed) == 2 && WIFEXITED(st) &&
                  WEXITSTATUS(st) == 0,
              "its process ended without its counts (status 0x%x)", (unsigned)st);
        bt_test_checks += checks;
        bt_test_failed += failed;
    }
    nspawned = 0;
}

int bt_test_end(void)
{
    bt_test_join();
    const char *keep = getenv("BT_TEST_KEEP");
    if (bt_test_failed == 0 && !(keep && *keep) && bt_test_tmpdir()[0])
        nftw(bt_test_tmpdir(), remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    else
        fprintf(stderr, "test files kept in %s\n", bt_test_tmpdir());
    printf("%d passed, %d failed\n", bt_test_checks - bt_test_failed, bt_test_failed);
    return bt_test_failed ? 1 : 0;
}

const char *bt_test_tmpdir(void)
{
    static char dir[512];
    if (!dir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(dir, sizeof(dir), "%s/bangtin-test-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            exit(1);
        }
    }
    return dir;
}

const char *bt_test_write(const char *name, const char *text)
{
    static char paths[8][1024];
    static int next;
    char *path = paths[next++ % 8];
    snprintf(path, 1024, "%s/%s", bt_test_tmpdir(), name);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
    return path;
}

char *bt_test_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

int64_t bt_test_deadline(double seconds)
{
    if (getenv("ASAN_OPTIONS") || getenv("TSAN_OPTIONS"))
        seconds *= 4;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 + (int64_t)(seconds * 1e6);
}

int bt_test_past(int64_t deadline)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 >= deadline;
}

int bt_test_wait_file(const char *path, const char *needle, double seconds)
{
    int64_t deadline = bt_test_deadline(seconds);
    for (;;) {
        char *text = needle ? bt_test_read(path) : NULL;
        int there = needle ? text && strstr(text, needle) : access(path, F_OK) == 0;
        free(text);
        if (there)
            return 1;
        if (bt_test_past(deadline))
            return 0;
        usleep(20000);
    }
}

pid_t bt_test_start_bangtin(const char *tag, const char *args)
{
    char cmd[8192];
    const char *d = bt_test_tmpdir();
    // The suite reads the player's log in English (its screen speaks Vietnamese by default); a
    // case that wants Vietnamese says so. (Last, so a case's own --set keep their numbers.)
    const char *lang = strstr(args, "language=") ? "" : " --set language=en";
    snprintf(cmd, sizeof(cmd), "exec %s %s%s >%s/%s.out 2>%s/%s.err </dev/null", BT_BINARY, args,
             lang, d, tag, d, tag);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

int bt_test_wait_bangtin(pid_t pid, const char *tag, char **out, char **err)
{
    int st = 0;
    pid_t w = pid > 0 ? waitpid(pid, &st, 0) : -1;
    char path[1024];
    if (out) {
        snprintf(path, sizeof(path), "%s/%s.out", bt_test_tmpdir(), tag);
        *out = bt_test_read(path);
    }
    if (err) {
        snprintf(path, sizeof(path), "%s/%s.err", bt_test_tmpdir(), tag);
        *err = bt_test_read(path);
    }
    if (w != pid || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

int bt_test_run_bangtin(const char *tag, const char *args, char **out, char **err)
{
    return bt_test_wait_bangtin(bt_test_start_bangtin(tag, args), tag, out, err);
}

int bt_test_run_bangtin_input(const char *tag, const char *args, const char *input, char **out,
                              char **err)
{
    char cmd[8192], name[256];
    const char *d = bt_test_tmpdir();
    snprintf(name, sizeof(name), "%s.in", tag);
    bt_test_write(name, input);
    snprintf(cmd, sizeof(cmd),
             "LANGUAGE=en; export LANGUAGE; exec %s %s >%s/%s.out 2>%s/%s.err <%s/%s", BT_BINARY,
             args, d, tag, d, tag, d, name);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return bt_test_wait_bangtin(pid, tag, out, err);
}

void bt_test_with_plain_tools(void (*fn)(void))
{
    char *preload = getenv("LD_PRELOAD") ? strdup(getenv("LD_PRELOAD")) : NULL;
    unsetenv("LD_PRELOAD");
    fn();
    if (preload)
        setenv("LD_PRELOAD", preload, 1);
    free(preload);
}

static char sh_cmd[8192];
static int sh_rc;

static void run_sh(void)
{
    sh_rc = system(sh_cmd);
}

int bt_test_sh(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sh_cmd, sizeof(sh_cmd), fmt, ap);
    va_end(ap);
    bt_test_with_plain_tools(run_sh);
    return sh_rc;
}

void bt_test_sha256(const unsigned char *data, size_t n, char hex[65])
{
    struct AVSHA *ctx = av_sha_alloc();
    uint8_t d[32];
    av_sha_init(ctx, 256);
    av_sha_update(ctx, data, n);
    av_sha_final(ctx, d);
    av_free(ctx);
    for (int i = 0; i < 32; i++)
        snprintf(hex + i * 2, 3, "%02x", d[i]);
}

int bt_test_image_load(const char *path, struct bt_test_image *img)
{
    memset(img, 0, sizeof(*img));
    return bt_png_read(path, &img->w, &img->h, &img->rgb);
}

void bt_test_image_free(struct bt_test_image *img)
{
    free(img->rgb);
    img->rgb = NULL;
}

uint32_t bt_test_pixel(const struct bt_test_image *img, int x, int y)
{
    if (!img->rgb || x < 0 || y < 0 || x >= img->w || y >= img->h)
        return 0xFFFFFFFFu;
    const uint8_t *p = img->rgb + ((size_t)y * (size_t)img->w + (size_t)x) * 3;
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

int bt_test_pixel_is(const struct bt_test_image *img, int x, int y, uint32_t rgb, int tol)
{
    uint32_t got = bt_test_pixel(img, x, y);
    if (got == 0xFFFFFFFFu)
        return 0;
    for (int shift = 0; shift <= 16; shift += 8) {
        int a = (int)((got >> shift) & 0xFF), b = (int)((rgb >> shift) & 0xFF);
        if (abs(a - b) > tol)
            return 0;
    }
    return 1;
}
