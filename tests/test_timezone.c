// The playlist's time zone, whatever the system's, from real pixels: a fresh screen whose
// playlist comes from a URL (a real nginx on 127.0.0.1, an empty cache) with the system in
// UTC and in Europe/London plays its operating hours and an item dated today in
// Asia/Ho_Chi_Minh from its first frame; a revision that changes the zone is applied at once;
// the download window is the playlist's zone's too; and in Europe/Berlin's repeated autumn
// hour an item that ended at 02:30 stays ended and brightness dims once.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/sha256.h"
#include "media/png.h"
#include "net.h"
#include "test.h"

#define RED    0xC8102E
#define BLUE   0x0B4F8A
#define CARD   0x0B2A4A   // the status card's background (screen/card.h)
#define FRAMES 60         // a windowed run: 6 s at 10 frames a second

static char dir[700];
static struct bt_nginx ng;

static int near(uint32_t a, uint32_t b, int tol)
{
    for (int s = 0; s < 24; s += 8) {
        int d = (int)((a >> s) & 0xFF) - (int)((b >> s) & 0xFF);
        if (d < -tol || d > tol)
            return 0;
    }
    return 1;
}

static uint32_t pixel(const char *tag, int frame, int x, int y)
{
    char png[1000];
    snprintf(png, sizeof(png), "%s/%s/frame-%06d.png", dir, tag, frame);
    struct bt_test_image img;
    uint32_t v = bt_test_image_load(png, &img) == 0 ? bt_test_pixel(&img, x, y) : 0xFFFFFFFF;
    bt_test_image_free(&img);
    return v;
}

// Hà Nội's clock now (UTC+7, no daylight saving time), moved by `minutes`.
static struct tm hanoi(int minutes)
{
    time_t t = time(NULL) + 7 * 3600 + minutes * 60;
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm;
}

// A playlist in `zone` whose operating hours run from an hour before Hà Nội's time now to an
// hour after, with one red item dated today in Hà Nội (`extra`: more items), on a blue zone.
static void write_doc(const char *name, const char *zone, const char *revision, const char *extra)
{
    struct tm a = hanoi(-60), b = hanoi(60), today = hanoi(0);
    char doc[3000];
    snprintf(doc, sizeof(doc),
             "{\"version\": 1, \"revision\": \"%s\", \"timezone\": \"%s\", \"canvas\": "
             "{\"width\": 320, \"height\": 180}, \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, "
             "\"w\": 320, \"h\": 180, \"background\": \"#0B4F8A\", \"items\": [{\"type\": "
             "\"text\", \"text\": \"a\", \"background\": \"#C8102E\", \"schedule\": {\"from\": "
             "\"%04d-%02d-%02d\", \"until\": \"%04d-%02d-%02d\"}}%s]}], \"operating_hours\": "
             "{\"hours\": \"%02d:%02d-%02d:%02d\"}}\n",
             revision, zone, today.tm_year + 1900, today.tm_mon + 1, today.tm_mday,
             today.tm_year + 1900, today.tm_mon + 1, today.tm_mday, extra ? extra : "", a.tm_hour,
             a.tm_min, b.tm_hour, b.tm_min);
    bt_nginx_put(&ng, name, doc, strlen(doc));
}

// Plays the server's `name` headless (its first poll awaited) with the cache `cache`. Returns
// the pixel of frame 0 at (4, 4); *log gets the log (free it).
static uint32_t play_headless(const char *tag, const char *cache, const char *name,
                              const char *more, char **log)
{
    char args[3000];
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/%s %s --headless --renderer software "
             "--window 320x180 --snapshot 0 --out %s/%s http://127.0.0.1:%d/%s",
             dir, cache, more ? more : "", dir, tag, ng.port, name);
    *log = NULL;
    int rc = bt_test_run_bangtin(tag, args, NULL, log);
    CHECK(rc == 0, "exit %d:\n%s", rc, *log ? *log : "");
    return pixel(tag, 0, 4, 4);
}

// Starts the player on the server's `name` in a window on the real clock, polling every
// second, with snapshots of every frame, in the background.
static pid_t start_window(const char *tag, const char *cache, const char *name, const char *more)
{
    char cmd[4000], snaps[400];
    size_t n = 0;
    for (int f = 0; f < FRAMES; f++)
        n += (size_t)snprintf(snaps + n, sizeof(snaps) - n, "%s%d", f ? "," : "", f);
    snprintf(cmd, sizeof(cmd),
             "exec %s --config /dev/null --set language=en --set cache_dir=%s/%s --set "
             "poll_interval=1 %s "
             "--renderer software --window 320x180 --fps 10 --frames %d --snapshot %s --out "
             "%s/%s http://127.0.0.1:%d/%s >%s/%s.out 2>%s/%s.err </dev/null",
             BT_BINARY, dir, cache, more ? more : "", FRAMES, snaps, dir, tag, ng.port, name, dir,
             tag, dir, tag);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

// The log of player `tag` so far (free it).
static char *log_of(const char *tag)
{
    char path[900];
    snprintf(path, sizeof(path), "%s/%s.err", dir, tag);
    return bt_test_read(path);
}

// Waits for the player to end. Returns its log (free it).
static char *finish(pid_t pid, const char *tag)
{
    int st = 0;
    waitpid(pid, &st, 0);
    char *log = log_of(tag);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exit status %d:\n%s", st, log ? log : "");
    return log;
}

static char *play_window(const char *tag, const char *cache, const char *name, const char *more)
{
    return finish(start_window(tag, cache, name, more), tag);
}

static const char *const systems[] = {"UTC", "Europe/London"};

// A fresh screen: nothing in its cache, the playlist from the server, the system in systems[i].
static void check_fresh(int i)
{
    char name[120], tag[64], cache[64];
    setenv("TZ", systems[i], 1);

    snprintf(name, sizeof(name), "a fresh screen, headless, the system in %s", systems[i]);
    bt_test_case = name;
    snprintf(tag, sizeof(tag), "fresh-headless-%d", i);
    snprintf(cache, sizeof(cache), "cache-fresh-headless-%d", i);
    char *log = NULL;
    uint32_t px = play_headless(tag, cache, "fresh.json", NULL, &log);
    CHECK(near(px, RED, 3), "the first frame is #%06X, not the red item\n%s", px, log ? log : "");
    free(log);

    // On a screen the card shows until the first revision is taken in the render loop;
    // from then on it plays, with not one dark frame.
    snprintf(name, sizeof(name), "a fresh screen, the system in %s", systems[i]);
    bt_test_case = name;
    snprintf(tag, sizeof(tag), "fresh-window-%d", i);
    snprintf(cache, sizeof(cache), "cache-fresh-window-%d", i);
    log = play_window(tag, cache, "fresh.json", NULL);
    int first = -1, wrong = -1;
    for (int f = 0; f < FRAMES; f++) {
        uint32_t p = pixel(tag, f, 4, 4);
        if (first < 0 && near(p, RED, 3))
            first = f;
        if (wrong < 0 && !near(p, first < 0 ? CARD : RED, 3))
            wrong = f;
    }
    CHECK(first >= 0 && wrong < 0,
          "the red item first at frame %d; frame %d is #%06X (card #%06X, then red)\n%s", first,
          wrong, wrong >= 0 ? pixel(tag, wrong, 4, 4) : 0, CARD, log ? log : "");
    free(log);
    unsetenv("TZ");
}

static void check_fresh_utc(void)
{
    check_fresh(0);
}

static void check_fresh_london(void)
{
    check_fresh(1);
}

// A revision in another zone: the same hours are then outside operating hours.
static void check_zone_change(void)
{
    setenv("TZ", "UTC", 1);
    write_doc("change.json", "Asia/Ho_Chi_Minh", "a", NULL);
    char *log = NULL;

    bt_test_case = "a revision that changes the zone, headless";
    uint32_t px = play_headless("change-a", "cache-change", "change.json", NULL, &log);
    CHECK(near(px, RED, 3), "revision a: #%06X\n%s", px, log ? log : "");
    free(log);
    // The screen starts with revision a (Hà Nội) from its cache; the server has b (New York).
    write_doc("change.json", "America/New_York", "b", NULL);
    px = play_headless("change-b", "cache-change", "change.json", NULL, &log);
    CHECK(px == 0, "revision b's first frame is #%06X, not dark\n%s", px, log ? log : "");
    free(log);

    bt_test_case = "a revision that changes the zone, taken while playing";
    write_doc("change.json", "Asia/Ho_Chi_Minh", "c", NULL);
    px = play_headless("change-c", "cache-change2", "change.json", NULL, &log);
    CHECK(near(px, RED, 3), "revision c: #%06X\n%s", px, log ? log : "");
    free(log);
    write_doc("change.json", "America/New_York", "d", NULL);
    // Revision c from the cache plays at once (the clock trusted, so its dated item too); d
    // comes with the first poll, and the screen is dark from the frame it is taken.
    log = play_window("change-d", "cache-change2", "change.json", "--set trust_system_clock=true");
    int taken = -1, wrong = -1;
    for (int f = 0; f < FRAMES; f++) {
        uint32_t p = pixel("change-d", f, 4, 4);
        if (taken < 0 && p == 0)
            taken = f;
        if (wrong < 0 && (taken < 0 ? !near(p, RED, 3) : p != 0))
            wrong = f;
    }
    CHECK(taken >= 0 && wrong < 0 && log && strstr(log, "the time zone is now America/New_York"),
          "dark from frame %d; frame %d is #%06X\n%s", taken, wrong,
          wrong >= 0 ? pixel("change-d", wrong, 4, 4) : 0, log ? log : "");
    free(log);
    unsetenv("TZ");
}

// The download window is in the playlist's zone: an hour either side of Hà Nội's time now,
// with the system in UTC (where that window is hours away). A fresh screen takes its first
// revision; the next, with new media, comes while it plays.
static void check_window(void)
{
    bt_test_case = "the download window in the playlist's zone";
    setenv("TZ", "UTC", 1);
    write_doc("window.json", "Asia/Ho_Chi_Minh", "a", NULL);
    // Revision b adds a picture: new media, downloaded only inside the window.
    uint8_t rgb[16 * 16 * 3];
    for (int i = 0; i < 16 * 16; i++) {
        rgb[i * 3] = 0x0B;
        rgb[i * 3 + 1] = 0x4F;
        rgb[i * 3 + 2] = 0x8A;
    }
    char path[900], hex[65], item[600], window[64];
    int64_t size = 0;
    snprintf(path, sizeof(path), "%s/blue.png", dir);
    CHECK(bt_png_write(path, 16, 16, rgb, 16 * 3) == 0 && bt_sha256_file(path, hex, &size) == 0,
          "blue.png");
    char *data = bt_test_read(path);
    bt_nginx_put(&ng, "blue.png", data, (size_t)size);
    free(data);
    snprintf(item, sizeof(item),
             ", {\"type\": \"image\", \"src\": \"blue.png\", \"sha256\": \"%s\", \"size\": %lld}",
             hex, (long long)size);
    struct tm a = hanoi(-60), b = hanoi(60);
    snprintf(window, sizeof(window), "--set download_window=%02d:%02d-%02d:%02d", a.tm_hour,
             a.tm_min, b.tm_hour, b.tm_min);
    pid_t pid = start_window("window", "cache-window", "window.json", window);
    // Revision b goes up once a plays (the log says so; the run lasts 6 s, polling each second).
    char *log = NULL;
    for (int i = 0; i < 50; i++) {
        free(log);
        log = log_of("window");
        if (log && strstr(log, "now playing revision \"a\""))
            break;
        usleep(100000);
    }
    CHECK(log && strstr(log, "now playing revision \"a\""), "revision a does not play:\n%s",
          log ? log : "");
    free(log);
    write_doc("window.json", "Asia/Ho_Chi_Minh", "b", item);
    log = finish(pid, "window");
    CHECK(log && strstr(log, "revision \"b\" is complete") &&
              !strstr(log, "waits for the download window"),
          "revision b was not downloaded inside the window\n%s", log ? log : "");
    free(log);
    unsetenv("TZ");
}

// Europe/Berlin, 2025-10-26: the clocks go back from 03:00 CEST to 02:00 CET.
static void check_repeated_hour(void)
{
    const char *doc =
        "{\"version\": 1, \"timezone\": \"Europe/Berlin\", \"canvas\": {\"width\": 320, "
        "\"height\": 180}, \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": 320, \"h\": "
        "180, \"background\": \"#0B4F8A\", \"items\": [{\"type\": \"text\", \"text\": \"a\", "
        "\"background\": \"#C8102E\", \"schedule\": {\"from\": \"2025-10-26T01:00\", \"until\": "
        "\"2025-10-26T02:30\"}}]}], \"brightness\": [{\"hours\": \"01:00-02:30\", \"percent\": "
        "40}]}\n";
    const char *path = bt_test_write("berlin.json", doc);
    static const struct {
        const char *name, *at;
        uint32_t want;
    } cases[] = {
        // 02:15 written means its first occurrence (CEST): the item, dimmed.
        {"--at 02:15 in the repeated hour", "2025-10-26T02:15", 0x500612},
        {"the first 02:15 (00:15 UTC)", "@1761437700", 0x500612},
        // The second 02:15 (CET, 01:15 UTC) comes after 02:30 CEST: the item has ended and the
        // brightness window is over.
        {"the second 02:15 (01:15 UTC)", "@1761441300", BLUE},
    };
    setenv("TZ", "UTC", 1);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bt_test_case = cases[i].name;
        char tag[32], args[2000], *log = NULL;
        snprintf(tag, sizeof(tag), "berlin-%zu", i);
        snprintf(args, sizeof(args),
                 "--config /dev/null --set cache_dir=%s/cache-berlin --headless --renderer "
                 "software --window 320x180 --at %s --snapshot 0 --out %s/%s %s",
                 dir, cases[i].at, dir, tag, path);
        CHECK(bt_test_run_bangtin(tag, args, NULL, &log) == 0, "%s", log ? log : "");
        free(log);
        uint32_t px = pixel(tag, 0, 4, 4);
        CHECK(near(px, cases[i].want, 3), "#%06X, want #%06X", px, cases[i].want);
    }
    unsetenv("TZ");
}

int main(void)
{
    snprintf(dir, sizeof(dir), "%s", bt_test_tmpdir());
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    CHECK(bt_nginx_start(&ng, dir, NULL) == 0, "nginx did not start");
    // Each case has its own playlist on the server and its own caches: they run side by side.
    write_doc("fresh.json", "Asia/Ho_Chi_Minh", "a", NULL);
    bt_test_spawn(check_fresh_utc);
    bt_test_spawn(check_fresh_london);
    bt_test_spawn(check_zone_change);
    bt_test_spawn(check_window);
    check_repeated_hour();
    bt_test_join();
    bt_nginx_stop(&ng);
    return bt_test_end();
}
