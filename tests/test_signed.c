// Signed playlists through the player itself, with the real minisign tool from Debian as the
// referee: keys made by `minisign -G`, playlists signed by `minisign -S`, served by nginx. With
// trusted_keys set, a signed playlist plays (pixels); a flipped byte, a wrong key, no .minisig,
// another file's signature, an older signed revision replayed and a trusted comment edited by
// hand are each refused with their message while the revision before keeps playing (pixels);
// two trusted keys rotate; an offline boot verifies the kept signature; a playlist file beside
// its .minisig plays, one without does not.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "net.h"
#include "test.h"

#define GREEN 0x1E7B34
#define RED   0xC8102E
#define BLUE  0x0B4F8A
#define CARD  0x0B2A4A

// 2026-01-01 00:00 UTC, and later signings.
#define T1 1767225600LL

static char dir[600];
static struct bt_nginx ng;
static int tools_ok;

// A playlist of one zone in one colour: what plays is told by a pixel.
static void playlist(char *buf, size_t size, const char *revision, const char *colour)
{
    snprintf(buf, size,
             "{\"version\": 1, \"revision\": \"%s\", \"canvas\": {\"width\": 320, \"height\": "
             "180},\n \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": 320, \"h\": 180, "
             "\"background\": \"%s\",\n  \"items\": [{\"type\": \"text\", \"text\": \"Bảng tin\", "
             "\"color\": \"#FFFFFF\"}]}]}\n",
             revision, colour);
}

// Puts a playlist on nginx and signs it with `key` (a name in dir: a.key…), the trusted comment
// as bangtin writes it; key NULL: no signature.
static void publish(const char *name, const char *doc, const char *key, long long at,
                    const char *revision)
{
    bt_nginx_put(&ng, name, doc, strlen(doc));
    char sig[900];
    snprintf(sig, sizeof(sig), "%s/www/%s.minisig", dir, name);
    unlink(sig);
    if (key)
        CHECK(bt_test_sh(
                  "minisign -S -s %s/%s -m %s/www/%s -t 'timestamp:%lld\tfile:%s\trevision:%s' "
                  ">/dev/null 2>&1",
                  dir, key, dir, name, at, name, revision) == 0,
              "minisign -S with %s", key);
}

// A snapshot's pixel at (10, 10).
static uint32_t shot_pixel(const char *tag, int frame)
{
    char png[1200];
    snprintf(png, sizeof(png), "%s/%s/frame-%06d.png", dir, tag, frame);
    struct bt_test_image img;
    if (bt_test_image_load(png, &img) != 0)
        return 0xFFFFFFFF;
    uint32_t p = bt_test_pixel(&img, 10, 10);
    bt_test_image_free(&img);
    return p;
}

// The player, headless, for the first frame of the playlist at `source` with trusted `keys`
// and cache `cache`; the pixel at (10, 10) and the log.
static uint32_t play(const char *tag, const char *source, const char *keys, const char *cache,
                     char **log)
{
    char args[3000];
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/%s --set trusted_keys=%s --set "
             "runtime_dir=%s/run --set poll_interval=1 --headless --renderer software --window "
             "320x180 --snapshot 0 --out %s/%s %s",
             dir, cache, keys, dir, dir, tag, source);
    *log = NULL;
    int rc = bt_test_run_bangtin(tag, args, NULL, log);
    CHECK(rc == 0, "%s: exit %d:\n%s", tag, rc, *log ? *log : "");
    return shot_pixel(tag, 0);
}

static int near(uint32_t a, uint32_t b)
{
    for (int s = 0; s < 24; s += 8) {
        int d = (int)((a >> s) & 0xFF) - (int)((b >> s) & 0xFF);
        if (d > 4 || d < -4)
            return 0;
    }
    return 1;
}

static void sleep_until(struct timespec t0, double s)
{
    struct timespec at = t0;
    at.tv_sec += (time_t)s;
    at.tv_nsec += (long)((s - (time_t)s) * 1e9);
    if (at.tv_nsec >= 1000000000L) {
        at.tv_sec++;
        at.tv_nsec -= 1000000000L;
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) != 0)
        ;
}

// A notice raised from afar: the (signed) alerts document raises the playlist's override on two
// players, on the real clock, within alerts_interval + 2 s; released, their zones resume.
static void check_alerts(void)
{
    bt_test_case = "an alert on two screens";
    char doc[1600], keys[900];
    snprintf(keys, sizeof(keys), "%s/a.pub", dir);
    snprintf(doc, sizeof(doc),
             "{\"version\": 1, \"revision\": \"al-1\", \"canvas\": {\"width\": 320, \"height\": "
             "180},\n \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": 320, \"h\": 180, "
             "\"background\": \"#1E7B34\",\n  \"items\": [{\"type\": \"text\", \"text\": \"Bảng "
             "tin\"}]}],\n \"overrides\": [{\"id\": \"thong-bao-khan\", \"priority\": 1, "
             "\"zones\": [\"z\"], \"items\": [{\"type\": \"text\", \"text\": \"KHẨN\", "
             "\"background\": \"#C8102E\"}]}]}\n");
    publish("alerts-playlist.json", doc, "a.key", T1 + 500, "al-1");
    const char *none = "{\"raised\": []}\n", *raised = "{\"raised\": [\"thong-bao-khan\"]}\n";
    publish("alerts.json", none, "a.key", T1 + 500, "alerts");
    setenv("SDL_VIDEODRIVER", "offscreen", 1);   // a window, paced by the real clock
    pid_t pid[2];
    for (int k = 0; k < 2; k++) {
        char args[3000], tag[32];
        snprintf(tag, sizeof(tag), "alerted%d", k);
        snprintf(args, sizeof(args),
                 "--config /dev/null --set cache_dir=%s/alerts%d --set trusted_keys=%s --set "
                 "alerts_url=http://127.0.0.1:%d/alerts.json --set alerts_interval=2 --renderer "
                 "software --window 320x180 --fps 10 --frames 140 --snapshot 2s,7s,13s --out "
                 "%s/%s http://127.0.0.1:%d/alerts-playlist.json",
                 dir, k, keys, ng.port, dir, tag, ng.port);
        pid[k] = bt_test_start_bangtin(tag, args);
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    sleep_until(t0, 3);   // raised at 3 s: on the screens by 7 s (2 s + 2 s, and start-up)
    publish("alerts.json", raised, "a.key", T1 + 600, "alerts");
    sleep_until(t0, 8.5);   // released at 8.5 s: gone by 13 s
    publish("alerts.json", none, "a.key", T1 + 700, "alerts");
    for (int k = 0; k < 2; k++) {
        char tag[32], *log = NULL;
        snprintf(tag, sizeof(tag), "alerted%d", k);
        int rc = bt_test_wait_bangtin(pid[k], tag, NULL, &log);
        uint32_t before = shot_pixel(tag, 20), during = shot_pixel(tag, 70),
                 after = shot_pixel(tag, 130);
        CHECK(rc == 0 && near(before, GREEN) && near(during, RED) && near(after, GREEN),
              "screen %d: exit %d, #%06X before, #%06X raised, #%06X released:\n%s", k, rc, before,
              during, after, log ? log : "");
        free(log);
    }
    unsetenv("SDL_VIDEODRIVER");

    bt_test_case = "an unsigned alert is refused";
    char *log = NULL;
    publish("alerts.json", raised, NULL, 0, "alerts");
    char args[3000];
    snprintf(
        args, sizeof(args),
        "--config /dev/null --set cache_dir=%s/alerts0 --set trusted_keys=%s --set "
        "alerts_url=http://127.0.0.1:%d/alerts.json --headless --renderer software --window "
        "320x180 --snapshot 0 --out %s/alert-unsigned http://127.0.0.1:%d/alerts-playlist.json",
        dir, keys, ng.port, dir, ng.port);
    int rc = bt_test_run_bangtin("alert-unsigned", args, NULL, &log);
    CHECK(rc == 0 && near(shot_pixel("alert-unsigned", 0), GREEN) && log &&
              !strstr(log, "overrides raised from") && strstr(log, "are refused") &&
              strstr(log, "unsigned"),
          "exit %d, #%06X:\n%s", rc, shot_pixel("alert-unsigned", 0), log ? log : "");
    free(log);
}

int main(void)
{
    snprintf(dir, sizeof(dir), "%s", bt_test_tmpdir());
    CHECK(bt_nginx_start(&ng, dir, NULL) == 0, "nginx did not start");
    char run[700];
    snprintf(run, sizeof(run), "%s/run", dir);
    mkdir(run, 0755);
    tools_ok =
        bt_test_sh("cd %s && for k in a b c; do minisign -G -W -p $k.pub -s $k.key >/dev/null "
                   "2>&1 || exit 1; done",
                   dir) == 0;
    CHECK(tools_ok, "minisign -G did not make the keys");
    if (!tools_ok)
        return bt_test_end();
    char url[300], keys[2000], doc[1200], *log = NULL;
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/playlist.json", ng.port);
    snprintf(keys, sizeof(keys), "%s/a.pub,%s/b.pub", dir, dir);

    bt_test_case = "signed by minisign, played";
    playlist(doc, sizeof(doc), "r1", "#1E7B34");
    publish("playlist.json", doc, "a.key", T1, "r1");
    uint32_t px = play("signed", url, keys, "screen", &log);
    CHECK(near(px, GREEN), "#%06X, not the signed playlist's green:\n%s", px, log ? log : "");
    free(log);

    // Each refused while r1 (green) keeps playing; what comes is red.
    static const struct {
        const char *name, *says;
    } refusals[] = {
        {"a flipped byte", "signature does not verify"},
        {"a key not trusted", "signature does not verify"},
        {"no .minisig", "unsigned: there is no signature"},
        {"another file's signature", "signature does not verify"},
        {"an older signed revision replayed", "before the revision playing"},
        {"a trusted comment edited by hand", "signature does not verify"},
    };
    for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
        bt_test_case = refusals[i].name;
        playlist(doc, sizeof(doc), "r2", "#C8102E");
        switch (i) {
        case 0:   // r1 as signed, one byte changed: its colour #1E7B34 becomes #9E7B34
            playlist(doc, sizeof(doc), "r1", "#1E7B34");
            publish("playlist.json", doc, "a.key", T1, "r1");
            playlist(doc, sizeof(doc), "r1", "#9E7B34");
            bt_nginx_put(&ng, "playlist.json", doc, strlen(doc));
            break;
        case 1: publish("playlist.json", doc, "c.key", T1 + 100, "r2"); break;
        case 2: publish("playlist.json", doc, NULL, 0, "r2"); break;
        case 3:
            publish("other.json", "{\"version\": 1}\n", "a.key", T1 + 100, "other");
            publish("playlist.json", doc, NULL, 0, "r2");
            CHECK(bt_test_sh("cp %s/www/other.json.minisig %s/www/playlist.json.minisig", dir,
                             dir) == 0,
                  "cp");
            break;
        case 4: publish("playlist.json", doc, "a.key", T1 - 100, "r2"); break;
        case 5:
            publish("playlist.json", doc, "a.key", T1 + 100, "r2");
            CHECK(bt_test_sh("sed -i 's/revision:r2/revision:r3/' %s/www/playlist.json.minisig",
                             dir) == 0,
                  "sed");
            break;
        }
        char tag[32];
        snprintf(tag, sizeof(tag), "refused%zu", i);
        px = play(tag, url, keys, "screen", &log);
        CHECK(near(px, GREEN), "#%06X: the refused playlist plays, or nothing:\n%s", px,
              log ? log : "");
        CHECK(log && strstr(log, refusals[i].says) && strstr(log, "the last good one plays"),
              "the log does not say '%s':\n%s", refusals[i].says, log ? log : "");
        free(log);
        // And `bangtin status` says it too.
        char args[1200], *out = NULL;
        snprintf(args, sizeof(args), "--config /dev/null --set runtime_dir=%s/run status", dir);
        bt_test_run_bangtin("status", args, &out, NULL);
        CHECK(out && strstr(out, refusals[i].says) && strstr(out, "Playing:   r1"),
              "bangtin status said:\n%s", out ? out : "");
        free(out);
    }

    bt_test_case = "key rotation: the second trusted key";
    playlist(doc, sizeof(doc), "r4", "#0B4F8A");
    publish("playlist.json", doc, "b.key", T1 + 200, "r4");
    px = play("rotated", url, keys, "screen", &log);
    CHECK(near(px, BLUE), "#%06X, not r4's blue:\n%s", px, log ? log : "");
    free(log);

    bt_test_case = "an offline boot verifies the kept signature";
    px = play("offline", "http://127.0.0.1:9/playlist.json", keys, "screen", &log);
    CHECK(near(px, BLUE), "#%06X, not the kept r4:\n%s", px, log ? log : "");
    free(log);
    snprintf(keys, sizeof(keys), "%s/c.pub", dir);
    px = play("offline-other-key", "http://127.0.0.1:9/playlist.json", keys, "screen", &log);
    CHECK(near(px, CARD) && log && strstr(log, "the kept revision does not play"),
          "#%06X: a revision signed by another key plays:\n%s", px, log ? log : "");
    free(log);

    bt_test_case = "a playlist file beside its signature";
    char local[900];
    snprintf(local, sizeof(local), "%s/local.json", dir);
    playlist(doc, sizeof(doc), "usb-1", "#1E7B34");
    FILE *f = fopen(local, "w");
    CHECK(f && fputs(doc, f) >= 0 && fclose(f) == 0, "write %s", local);
    CHECK(bt_test_sh(
              "minisign -S -s %s/a.key -m %s -t 'timestamp:%lld\tfile:local.json\trevision:usb-1' "
              ">/dev/null 2>&1",
              dir, local, T1) == 0,
          "minisign -S");
    snprintf(keys, sizeof(keys), "%s/a.pub", dir);
    px = play("local", local, keys, "usb", &log);
    CHECK(near(px, GREEN), "#%06X:\n%s", px, log ? log : "");
    free(log);
    bt_test_case = "a playlist file without one";
    CHECK(bt_test_sh("rm %s.minisig", local) == 0, "rm");
    px = play("local-unsigned", local, keys, "usb", &log);
    CHECK(near(px, CARD) && log && strstr(log, "unsigned"), "#%06X:\n%s", px, log ? log : "");
    free(log);

    bt_test_case = "a trusted key that cannot be read";
    snprintf(keys, sizeof(keys), "%s/missing.pub", dir);
    px = play("no-key", url, keys, "nokey", &log);
    CHECK(near(px, CARD) && log && strstr(log, "a trusted key cannot be read"), "#%06X:\n%s", px,
          log ? log : "");
    free(log);

    check_alerts();
    bt_nginx_stop(&ng);
    return bt_test_end();
}
