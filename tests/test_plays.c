// Reports a ward can see: pictures of the screen sent to a real nginx with WebDAV (read back by
// ffmpeg, checked by their pixels), and proof of play that loses nothing: two hours played
// (simulated) with the server away and two kill -9, then the server back: the day files on the
// server are the player's, byte for byte, no play twice.
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "media/png.h"
#include "net.h"
#include "test.h"

static char dir[600];
static struct bt_nginx ng;

#define GREEN 0x1E7B34
#define RED   0xC8102E

static int near(uint32_t a, uint32_t b, int tol)
{
    for (int s = 0; s <= 16; s += 8)
        if (abs((int)((a >> s) & 0xFF) - (int)((b >> s) & 0xFF)) > tol)
            return 0;
    return 1;
}

static void put_playlist(const char *revision, const char *color, const char *sha)
{
    char doc[3000];
    snprintf(
        doc, sizeof(doc),
        "{\"version\": 1, \"revision\": \"%s\", \"timezone\": \"Asia/Ho_Chi_Minh\",\n"
        " \"canvas\": {\"width\": 320, \"height\": 180},\n"
        " \"zones\": [{\"id\": \"chinh\", \"x\": 0, \"y\": 0, \"w\": 320, \"h\": 140, "
        "\"background\": \"%s\",\n  \"items\": [\n"
        "   {\"type\": \"text\", \"id\": \"chao\", \"text\": \"Chào mừng\", \"duration\": 7},\n"
        "   {\"type\": \"image\", \"id\": \"anh\", \"src\": \"pic.png\", \"sha256\": \"%s\", "
        "\"size\": %s, \"duration\": 11},\n"
        "   {\"type\": \"text\", \"id\": \"lich\", \"text\": \"Lịch tiếp công dân\", "
        "\"duration\": 13}]},\n"
        "  {\"id\": \"chay\", \"x\": 0, \"y\": 140, \"w\": 320, \"h\": 40, \"items\": [\n"
        "   {\"type\": \"ticker\", \"id\": \"tin\", \"speed\": 200, \"passes\": 1, "
        "\"text\": \"Phường Phú Lương thông báo lịch tiêm chủng\"}]}]}\n",
        revision, color, sha, getenv("BT_PIC_SIZE"));
    bt_nginx_put(&ng, "ward/playlist.json", doc, strlen(doc));
}

static char *server_file(const char *name)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/reports/screen-a/%s", dir, name);
    return bt_test_read(path);
}

// The picture on the server, decoded by ffmpeg (not by us) to a PNG.
static int server_picture(struct bt_test_image *img, const char *as)
{
    if (bt_test_sh("ffmpeg -v error -y -i %s/reports/screen-a/screen.jpg %s/%s.png", dir, dir,
                   as) != 0)
        return -1;
    char png[1200];
    snprintf(png, sizeof(png), "%s/%s.png", dir, as);
    return bt_test_image_load(png, img);
}

static void check_pictures(const char *netrc)
{
    bt_test_case = "a picture of the screen, and one after a new revision";
    setenv("SDL_VIDEODRIVER", "offscreen", 1);   // the real clock
    char args[3000];
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/pictures --set netrc_file=%s --set "
             "screen_id=screen-a --set report_url=http://127.0.0.1:%d/reports/ --set "
             "poll_interval=2 --renderer software --window 640x360 --fps 10 --frames 150 "
             "http://127.0.0.1:%d/ward/playlist.json",
             dir, netrc, ng.port, ng.port);
    pid_t pid = bt_test_start_bangtin("pictures", args);
    // The first picture 5 s after the start: green.
    struct bt_test_image img = {0};
    int64_t until = bt_test_deadline(9);
    char path[1200];
    snprintf(path, sizeof(path), "%s/reports/screen-a/screen.jpg", dir);
    while (access(path, F_OK) != 0 && !bt_test_past(until))
        usleep(100000);
    usleep(300000);
    int got = server_picture(&img, "first") == 0;
    CHECK(got && img.w == 480 && img.h == 270 && near(bt_test_pixel(&img, 20, 20), GREEN, 12),
          "the first picture: %s %dx%d #%06X", got ? "read" : "missing", img.w, img.h,
          bt_test_pixel(&img, 20, 20));
    bt_test_image_free(&img);
    // A new revision: its picture follows within about 5 s, without waiting 10 minutes.
    put_playlist("r2", "#C8102E", getenv("BT_PIC_SHA"));
    int64_t t0 = bt_test_deadline(0);
    int red = 0;
    until = bt_test_deadline(11);
    while (!red && !bt_test_past(until)) {
        usleep(250000);
        if (server_picture(&img, "second") == 0)
            red = near(bt_test_pixel(&img, 20, 20), RED, 12);
        bt_test_image_free(&img);
    }
    double after = (double)(bt_test_deadline(0) - t0) / 1e6;
    char *log = NULL;
    int rc = bt_test_wait_bangtin(pid, "pictures", NULL, &log);
    CHECK(rc == 0 && red, "exit %d; the new revision's picture %s (%.1f s):\n%s", rc,
          red ? "came" : "did not come", after, log ? log : "");
    CHECK(bt_nginx_log_count(&ng, "PUT /reports/screen-a/screen.jpg", "|201|") +
                  bt_nginx_log_count(&ng, "PUT /reports/screen-a/screen.jpg", "|204|") >=
              2,
          "fewer than two pictures were sent");
    free(log);
    char *doc = server_file("status.json");
    json_error_t je;
    json_t *j = doc ? json_loads(doc, 0, &je) : NULL;
    time_t now = time(NULL);
    json_int_t at = json_integer_value(json_object_get(j, "screenshot_at"));
    CHECK(j && at > now - 30 && at <= now &&
              json_is_integer(json_object_get(j, "frames_dropped")) &&
              json_is_integer(json_object_get(j, "plays_today")) &&
              json_is_string(json_object_get(j, "today")),
          "status.json:\n%s", doc ? doc : "(none)");
    json_decref(j);
    free(doc);
    unsetenv("SDL_VIDEODRIVER");
}

static long count_lines(const char *text)
{
    long n = 0;
    for (const char *p = text; p && *p; p++)
        n += *p == '\n';
    return n;
}

static char *local_day(const char *cache, const char *date)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/%s/plays/%s.jsonl", dir, cache, date);
    return bt_test_read(path);
}

// A headless run from local time `at` for `minutes` simulated, killed with SIGKILL once `kill_at`
// more plays of day `date` are logged (0: left to finish). Returns whether it went as asked.
static int run_plays(const char *tag, const char *at, int minutes, long kill_at, const char *date,
                     const char *netrc, char **log)
{
    char args[3000];
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/plays --set netrc_file=%s --set "
             "screen_id=screen-a --set report_url=http://127.0.0.1:%d/reports/ --set "
             "plays_keep_days=30 --headless --renderer software --window 320x180 --fps 10 "
             "--frames %d --at %s http://127.0.0.1:%d/ward/playlist.json",
             dir, netrc, ng.port, minutes * 600, at, ng.port);
    char *before = local_day("plays", date);
    long had = count_lines(before);
    free(before);
    pid_t pid = bt_test_start_bangtin(tag, args);
    int ok = 1;
    if (kill_at > 0) {
        int64_t until = bt_test_deadline(60);
        long now = had;
        int alive = 1;
        while (alive && now < had + kill_at && !bt_test_past(until)) {
            usleep(5000);
            char *t = local_day("plays", date);
            now = count_lines(t);
            free(t);
            alive = waitpid(pid, NULL, WNOHANG) == 0;
        }
        ok = alive && now >= had + kill_at;
        if (alive)
            kill(pid, SIGKILL);
        bt_test_wait_bangtin(alive ? pid : -1, tag, NULL, log);
    } else {
        ok = bt_test_wait_bangtin(pid, tag, NULL, log) == 0;
    }
    return ok;
}

static void check_no_loss(const char *netrc)
{
    bt_test_case = "proof of play: two hours, the server away, two kill -9";
    char *log = NULL;
    // Online once: the playlist is in the cache (and what played goes up).
    put_playlist("r1", "#1E7B34", getenv("BT_PIC_SHA"));
    CHECK(run_plays("plays0", "2026-12-07T22:40", 5, 0, "2026-12-07", netrc, &log),
          "the first run failed:\n%s", log ? log : "");
    free(log);
    log = NULL;
    // An old day not yet sent: kept past plays_keep_days until the server has it.
    char old[1200];
    snprintf(old, sizeof(old), "%s/plays/plays/2026-09-01.jsonl", dir);
    FILE *f = fopen(old, "w");
    CHECK(f && fputs("{\"zone\":\"chinh\",\"item\":0,\"id\":\"cu\"}\n", f) >= 0 && fclose(f) == 0,
          "cannot write %s", old);
    bt_nginx_stop(&ng);
    // The server away: one hour from 22:50 killed within it, one from 23:40 (past midnight)
    // killed, one from 00:20 to its end.
    int a = run_plays("plays1", "2026-12-07T22:50", 60, 60, "2026-12-07", netrc, &log);
    CHECK(a, "the first offline run was not killed in its hour:\n%s", log ? log : "");
    free(log);
    log = NULL;
    a = run_plays("plays2", "2026-12-07T23:40", 60, 60, "2026-12-08", netrc, &log);
    CHECK(a, "the second offline run was not killed in its hour:\n%s", log ? log : "");
    free(log);
    log = NULL;
    a = run_plays("plays3", "2026-12-08T00:20", 60, 0, "2026-12-08", netrc, &log);
    CHECK(a && log && strstr(log, "the report cannot be sent") && access(old, F_OK) == 0 &&
              strstr(log, "the plays of 2026-09-01 are kept past 30"),
          "the third offline run:\n%s", log ? log : "");
    free(log);
    log = NULL;
    CHECK(bt_nginx_restart(&ng) == 0, "nginx did not come back");
    // Back: a short run on another day sends what the others logged.
    char *old_text = bt_test_read(old);
    a = run_plays("plays4", "2026-12-09T08:00", 1, 0, "2026-12-09", netrc, &log);
    CHECK(a, "the run online failed:\n%s", log ? log : "");
    // Sent, the old day is removed (at the first record of the run, once acknowledged).
    char *old_sent = server_file("plays/2026-09-01.jsonl");
    CHECK(old_text && old_sent && strcmp(old_text, old_sent) == 0 && access(old, F_OK) != 0 &&
              log && strstr(log, "the plays of 2026-09-01 are removed"),
          "the old day, sent, was not removed:\n%s", log ? log : "");
    free(old_text);
    free(old_sent);
    free(log);
    log = NULL;
    static const char *const days[] = {"2026-12-07", "2026-12-08"};
    long total = 0;
    for (size_t d = 0; d < 2; d++) {
        char name[64];
        snprintf(name, sizeof(name), "plays/%s.jsonl", days[d]);
        char *mine = local_day("plays", days[d]), *theirs = server_file(name);
        long n = count_lines(mine);
        total += n;
        CHECK(mine && theirs && strcmp(mine, theirs) == 0 && n > 0,
              "%s: %ld plays logged, %ld on the server, %s", days[d], n, count_lines(theirs),
              mine && theirs && strcmp(mine, theirs) == 0 ? "the same" : "not the same");
        // No play twice: every line differs (each has its zone and start).
        long dup = 0;
        char *p = mine;
        while (p && *p) {
            char *e = strchr(p, '\n');
            if (!e)
                break;
            size_t len = (size_t)(e - p + 1);
            for (char *q = e + 1; (q = strstr(q, "{")) != NULL;) {
                char *qe = strchr(q, '\n');
                if (!qe)
                    break;
                if ((size_t)(qe - q + 1) == len && memcmp(p, q, len) == 0)
                    dup++;
                q = qe + 1;
            }
            p = e + 1;
        }
        CHECK(dup == 0, "%s: %ld plays twice", days[d], dup);
        free(mine);
        free(theirs);
    }
    // Two hours and more of plays: the ticker's passes and the main zone's 7, 11 and 13 s.
    CHECK(total > 400, "only %ld plays in all", total);
    // What a record says: the picture's item with its sha256, the times in the local zone.
    char *day = local_day("plays", "2026-12-08");
    json_error_t je;
    json_t *rec = NULL;
    for (char *p = day; p && *p && !rec;) {
        char *e = strchr(p, '\n');
        if (!e)
            break;
        *e = '\0';
        json_t *j = json_loads(p, 0, &je);
        const char *id = json_string_value(json_object_get(j, "id"));
        if (id && strcmp(id, "anh") == 0 && json_is_false(json_object_get(j, "cut_short")))
            rec = j;
        else
            json_decref(j);
        p = e + 1;
    }
    const char *start = json_string_value(json_object_get(rec, "start"));
    CHECK(rec && strcmp(json_string_value(json_object_get(rec, "zone")), "chinh") == 0 &&
              json_integer_value(json_object_get(rec, "item")) == 1 &&
              strcmp(json_string_value(json_object_get(rec, "sha256")), getenv("BT_PIC_SHA")) ==
                  0 &&
              json_real_value(json_object_get(rec, "duration_s")) > 10.9 &&
              json_real_value(json_object_get(rec, "duration_s")) < 11.3 && start &&
              strncmp(start, "2026-12-08T", 11) == 0 && strstr(start, "+07:00") &&
              strcmp(json_string_value(json_object_get(rec, "revision")), "r1") == 0,
          "the picture's play: %s", rec ? json_dumps(rec, 0) : "(none)");
    json_decref(rec);
    free(day);
}

int main(void)
{
    snprintf(dir, sizeof(dir), "%s", bt_test_tmpdir());
    char pw[900], netrc[900], extra[3000];
    snprintf(pw, sizeof(pw), "%s/htpasswd", dir);
    snprintf(netrc, sizeof(netrc), "%s/netrc", dir);
    FILE *f = fopen(pw, "w");
    CHECK(f && fputs("screen-a:{PLAIN}pw-a\n", f) >= 0 && fclose(f) == 0, "htpasswd");
    f = fopen(netrc, "w");
    CHECK(f && fputs("machine 127.0.0.1 login screen-a password pw-a\n", f) >= 0 && fclose(f) == 0,
          "netrc");
    chmod(netrc, 0600);
    snprintf(extra, sizeof(extra),
             "  location /reports/ { alias %s/reports/; dav_methods PUT; create_full_put_path on; "
             "client_max_body_size 40m; auth_basic \"ward\"; auth_basic_user_file %s; }",
             dir, pw);
    CHECK(bt_nginx_start(&ng, dir, extra) == 0, "nginx did not start");
    // The picture item: a blue PNG, named by its sha256 in the playlist.
    enum {
        W = 64,
        H = 36
    };
    static unsigned char rgb[W * H * 3];
    for (int i = 0; i < W * H; i++) {
        rgb[i * 3] = 0x0B;
        rgb[i * 3 + 1] = 0x4F;
        rgb[i * 3 + 2] = 0x8A;
    }
    char png[1000];
    snprintf(png, sizeof(png), "%s/www/ward/pic.png", dir);
    bt_test_sh("mkdir -p %s/www/ward", dir);
    CHECK(bt_png_write(png, W, H, rgb, W * 3) == 0, "cannot write %s", png);
    char *data = bt_test_read(png);
    struct stat st;
    char sha[65] = "";
    if (data && stat(png, &st) == 0)
        bt_test_sha256((unsigned char *)data, (size_t)st.st_size, sha);
    free(data);
    setenv("BT_PIC_SHA", sha, 1);
    char size[32];
    snprintf(size, sizeof(size), "%lld", (long long)st.st_size);
    setenv("BT_PIC_SIZE", size, 1);
    put_playlist("r1", "#1E7B34", sha);
    check_pictures(netrc);
    check_no_loss(netrc);
    bt_nginx_stop(&ng);
    return bt_test_end();
}
