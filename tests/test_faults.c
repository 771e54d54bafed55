// The fault suite: the player against a real nginx on 127.0.0.1, and a fault-injecting proxy
// in front of it where nginx alone cannot make the fault. Each case starts from a copy of one
// screen's cache that already plays revision A (a green picture), plays for a few real seconds
// (SDL's offscreen driver, 10 frames a second, polling every second) and checks:
//   - the pixels of the first and the last frame: A keeps playing, or the new revision B (a red
//     and noisy picture) once it is whole: nothing unverified is ever shown;
//   - the log: the problem is said once, not once per retry (nginx or the proxy shows the
//     retries);
//   - the server's side: what nginx logged (Range, If-None-Match, 206, 304), bytes at the proxy.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/sha256.h"
#include "media/png.h"
#include "net.h"
#include "test.h"

#define W     320
#define H     180
#define GREEN 0x1E7B34
#define RED   0xC8102E

static char dir[700];
static struct bt_nginx ng;
static struct bt_proxy px;                      // for the cases without a fault of the proxy
static struct bt_proxy pcrawl, ptrunc, pkill;   // one for each case with a fault
static struct bt_proxy phash;                   // bytes of the wrong-hash case, counted
static struct bt_proxy pslow;                   // a slow link for the throttled download

struct object {
    char sha[65];
    int64_t size;
    char url[300];   // through the proxy
};

// A W x H picture: `solid` over the left quarter, and over the rest too unless noisy (noise
// from `seed`, so that each noisy picture is its own object), served through proxy `via`.
static void make_picture(const char *name, uint32_t solid, int noisy, unsigned seed,
                         const struct bt_proxy *via, struct object *o)
{
    static uint8_t rgb[W * H * 3];
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            uint8_t *p = rgb + (y * W + x) * 3;
            int noise = noisy && x >= W / 4;
            seed = seed * 1103515245u + 12345u;
            p[0] = noise ? (uint8_t)(seed >> 16) : (uint8_t)(solid >> 16);
            p[1] = noise ? (uint8_t)(seed >> 8) : (uint8_t)(solid >> 8);
            p[2] = noise ? (uint8_t)(seed >> 24) : (uint8_t)solid;
        }
    }
    char tmp[900], dst[1200];
    snprintf(tmp, sizeof(tmp), "%s/%s", dir, name);
    if (bt_png_write(tmp, W, H, rgb, W * 3) != 0 || bt_sha256_file(tmp, o->sha, &o->size) != 0)
        exit(1);
    snprintf(dst, sizeof(dst), "%s/www/o/%s.png", dir, o->sha);
    if (rename(tmp, dst) != 0)
        exit(1);
    snprintf(o->url, sizeof(o->url), "http://127.0.0.1:%d/o/%s.png", via->port, o->sha);
}

// A playlist of one zone playing `items` (JSON), served at /name/playlist.json.
static void put_playlist(const char *name, const char *revision, const char *items)
{
    char doc[4096], path[300];
    snprintf(doc, sizeof(doc),
             "{\"version\": 1, \"revision\": \"%s\", \"canvas\": {\"width\": %d, \"height\": %d},"
             "\n \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": %d, \"h\": %d,"
             "\n   \"background\": \"#000000\", \"items\": [\n%s]}]}\n",
             revision, W, H, W, H, items);
    snprintf(path, sizeof(path), "%s/playlist.json", name);
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/www/%s", dir, name);
    if (system(cmd) != 0)
        exit(1);
    bt_nginx_put(&ng, path, doc, strlen(doc));
}

static void item(char *buf, size_t size, const struct object *o)
{
    snprintf(buf, size,
             "  {\"type\": \"image\", \"src\": \"%s\", \"sha256\": \"%s\", \"size\": %lld, "
             "\"duration\": 60}",
             o->url, o->sha, (long long)o->size);
}

static const char *url_of(const char *name)
{
    static char url[300];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/%s/playlist.json", ng.port, name);
    return url;
}

// The command line that plays `url` for `frames` tenths of a second with the case's cache.
static void command(char *buf, size_t size, const char *tag, const char *url, int frames,
                    const char *more)
{
    snprintf(buf, size,
             "--config /dev/null --set cache_dir=%s/%s/cache --set runtime_dir=%s/%s "
             "--set screen_id=%s --set poll_interval=1 --set download_window=always "
             "--set stall_timeout=2 %s --renderer software --window %dx%d --fps 10 --frames %d "
             "--snapshot 0,%d --out %s/%s %s",
             dir, tag, dir, tag, tag, more ? more : "", W, H, frames, frames - 1, dir, tag, url);
}

// A copy of the seeded screen's cache for a case.
static void fresh_cache(const char *tag)
{
    char cmd[5000];
    snprintf(cmd, sizeof(cmd), "rm -rf %s/%s && mkdir -p %s/%s && cp -a %s/seed/cache %s/%s/", dir,
             tag, dir, tag, dir, dir, tag);
    if (system(cmd) != 0)
        exit(1);
}

static uint32_t pixel_of(const char *tag, int frame)
{
    char png[1000];
    snprintf(png, sizeof(png), "%s/%s/frame-%06d.png", dir, tag, frame);
    struct bt_test_image img;
    uint32_t v =
        bt_test_image_load(png, &img) == 0 ? bt_test_pixel(&img, W / 8, H / 2) : 0xFFFFFFFF;
    bt_test_image_free(&img);
    return v;
}

static int near(uint32_t a, uint32_t b)
{
    for (int s = 0; s < 24; s += 8) {
        int d = (int)((a >> s) & 0xFF) - (int)((b >> s) & 0xFF);
        if (d < -6 || d > 6)
            return 0;
    }
    return 1;
}

// Lines of the log that say `what` (the line that says a problem is over aside).
static int occurrences(const char *text, const char *what)
{
    int n = 0;
    for (const char *p = text; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char line[4096];
        snprintf(line, sizeof(line), "%.*s", (int)len, p);
        n += strstr(line, what) && !strstr(line, "back to normal after:");
        p = end ? end + 1 : NULL;
    }
    return n;
}

// A case: plays `url` for `frames` frames from a copy of the seeded cache; then checks the first
// frame shows A (or B, if whole by then), the last `last` (GREEN or RED), and that `said` is in
// the log once. Cases that share no fault of the proxy run side by side: start them all, then
// finish each.
struct fcase {
    const char *name;
    char tag[100];   // the case's folder: its name with dashes for spaces
    int frames;
    uint32_t last;
    const char *said;
    pid_t pid;
};

static void start_case(struct fcase *c, const char *name, const char *url, int frames,
                       const char *more, uint32_t last, const char *said)
{
    *c = (struct fcase){.name = name, .frames = frames, .last = last, .said = said};
    snprintf(c->tag, sizeof(c->tag), "%s", name);
    for (char *p = c->tag; *p; p++)
        *p = *p == ' ' ? '-' : *p;
    fresh_cache(c->tag);
    char args[4096];
    command(args, sizeof(args), c->tag, url, frames, more);
    c->pid = bt_test_start_bangtin(c->tag, args);
}

// Waits for the case and checks it; returns the log (free it).
static char *finish_case(struct fcase *c)
{
    bt_test_case = c->name;
    char *log = NULL;
    int rc = bt_test_wait_bangtin(c->pid, c->tag, NULL, &log);
    CHECK(rc == 0, "exit %d\n%s", rc, log ? log : "");
    uint32_t first = pixel_of(c->tag, 0), end = pixel_of(c->tag, c->frames - 1);
    // The first frame: A, from the cache; or B when it was whole before the first frame.
    CHECK(near(first, GREEN) || (c->last == RED && near(first, RED)),
          "the first frame is #%06X, neither A's green nor a whole B", first);
    CHECK(near(end, c->last), "the last frame is #%06X, not #%06X\n%s", end, c->last,
          log ? log : "");
    if (c->said)
        CHECK(occurrences(log, c->said) == 1, "the log says \"%s\" %d times, not once:\n%s",
              c->said, occurrences(log, c->said), log ? log : "");
    return log;
}

static char *run_case(const char *name, const char *url, int frames, const char *more,
                      uint32_t last, const char *said)
{
    struct fcase c;
    start_case(&c, name, url, frames, more, last, said);
    return finish_case(&c);
}

static int file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int)st.st_size : -1;
}

// Lines of nginx's log that hold `part` and `also` (NULL: anything), asked by case `tag` (its
// screen id is in the User-Agent).
static int requests(const char *tag, const char *part, const char *also)
{
    char agent[160];
    snprintf(agent, sizeof(agent), "(screen %s;", tag);
    int n = 0;
    const char *l;
    for (int i = 0; (l = bt_nginx_log_line(&ng, part, i)); i++)
        n += strstr(l, agent) && (!also || strstr(l, also));
    return n;
}

static struct object a, b, wrong, crawled, truncated, killed, slow, notice;

// The body bytes nginx sent for a log line (its second to last field).
static long long body_bytes(const char *line)
{
    char copy[2048];
    snprintf(copy, sizeof(copy), "%s", line);
    char *bar = strrchr(copy, '|');
    if (!bar)
        return -1;
    *bar = '\0';
    char *prev = strrchr(copy, '|');
    return prev ? atoll(prev + 1) : -1;
}

// Body bytes nginx sent for the requests of case `tag` naming `part`.
static long long bytes_sent(const char *tag, const char *part)
{
    char agent[160];
    snprintf(agent, sizeof(agent), "(screen %s;", tag);
    long long sum = 0;
    const char *l;
    for (int i = 0; (l = bt_nginx_log_line(&ng, part, i)); i++)
        sum += strstr(l, agent) ? body_bytes(l) : 0;
    return sum;
}

static double seconds_since(int64_t mono_us)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3 - (double)mono_us) / 1e6;
}

static int64_t mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

// A wrong hash costs one download per backoff period (an hour or more), not one per retry:
// over a minute of polls every second, the object is downloaded once, counted at the proxy;
// the status file and `bangtin status` name the object that fails.
static void case_wrong_hash(void)
{
    bt_test_case = "wrong hash";
    fresh_cache("wrong-hash");
    char args[4096], path[1500], *log = NULL;
    command(args, sizeof(args), "wrong-hash", url_of("hash"), 600, NULL);
    pid_t pid = bt_test_start_bangtin("wrong-hash", args);
    snprintf(path, sizeof(path), "%s/wrong-hash/status.json", dir);
    CHECK(bt_test_wait_file(path, "\"state\": \"failed\"", 20), "no failed object in the status");
    char *status = bt_test_read(path);
    CHECK(status && strstr(status, wrong.sha) && strstr(status, "does not match its sha256") &&
              strstr(status, "\"failing_since\": 1"),
          "the status does not name the failing object:\n%s", status ? status : "");
    free(status);
    char *out = NULL;
    snprintf(args, sizeof(args), "--config /dev/null --set runtime_dir=%s/wrong-hash status", dir);
    int st = bt_test_run_bangtin("wrong-hash-status", args, &out, NULL);
    CHECK(st == 0 && out && strstr(out, "Failing:   since ") && strstr(out, "not-") &&
              strstr(out, "1 tries; the next at "),
          "bangtin status said:\n%s", out ? out : "");
    free(out);
    int rc = bt_test_wait_bangtin(pid, "wrong-hash", NULL, &log);
    CHECK(rc == 0 && near(pixel_of("wrong-hash", 599), GREEN), "exit %d, #%06X\n%s", rc,
          pixel_of("wrong-hash", 599), log ? log : "");
    CHECK(occurrences(log, "does not match its sha256") == 1, "said %d times:\n%s",
          occurrences(log, "does not match its sha256"), log ? log : "");
    snprintf(path, sizeof(path), "%s/wrong-hash/cache/objects/%s", dir, b.sha);
    CHECK(access(path, F_OK) != 0, "the wrong bytes are in the cache");
    int gets = requests("wrong-hash", "/o/not-", NULL);
    long long sent = bt_proxy_sent(&phash);
    printf("wrong hash: %d downloads, %lld bytes at the proxy in 60 s (the object: %lld)\n", gets,
           sent, (long long)wrong.size);
    CHECK(gets == 1, "downloaded %d times in a minute", gets);
    CHECK(sent > 0 && sent < wrong.size * 3 / 2, "the proxy sent %lld bytes", sent);
    free(log);
}

// The last good playlist's ETag and Last-Modified are kept across a restart: the restarted
// screen asks conditionally (304) instead of fetching the playlist whole again.
static void case_restart(void)
{
    bt_test_case = "validators across a restart";
    char args[4096], cmd[2000], *log = NULL;
    snprintf(cmd, sizeof(cmd), "rm -rf %s/restart && mkdir -p %s/restart", dir, dir);
    CHECK(system(cmd) == 0, "mkdir");
    command(args, sizeof(args), "restart", url_of("r"), 15, NULL);
    for (int run = 0; run < 2; run++) {
        int rc = bt_test_run_bangtin(run ? "restart-2" : "restart-1", args, NULL, &log);
        CHECK(rc == 0 && near(pixel_of("restart", 14), GREEN), "run %d: exit %d, #%06X\n%s", run,
              rc, pixel_of("restart", 14), log ? log : "");
        free(log);
    }
    int whole = requests("restart", "/r/playlist.json", "|200|");
    int asked = requests("restart", "/r/playlist.json", "|304|");
    CHECK(whole == 1 && asked >= 2, "the playlist came whole %d times, %d times 304", whole, asked);
}

// Polling goes on while a throttled download runs: a new revision is seen at the next poll,
// the download going on; an urgent one pre-empts it and plays; the pre-empted bytes are kept
// and the download resumes (Range) when a revision wants it again; SIGTERM in the middle of it
// ends the player within a second.
static void case_throttled(void)
{
    bt_test_case = "throttled download";
    fresh_cache("throttled");
    char args[4096], part[1500], path[1500], items[3000], one[1000], *log = NULL;
    item(one, sizeof(one), &slow);
    put_playlist("slow", "B-slow", one);
    bt_proxy_fault(&pslow, "rate:20000");   // 2 MB in some 100 s
    command(args, sizeof(args), "throttled", url_of("slow"), 1200, NULL);
    pid_t pid = bt_test_start_bangtin("throttled", args);
    snprintf(part, sizeof(part), "%s/throttled/cache/partial/%s", dir, slow.sha);
    snprintf(path, sizeof(path), "%s/throttled/status.json", dir);
    int64_t deadline = bt_test_deadline(20);
    while (file_size(part) < 15000 && !bt_test_past(deadline))
        usleep(20000);
    CHECK(file_size(part) >= 15000, "the slow download did not start");

    // A new revision that still wants the slow object: seen, the download going on.
    char ia[1000];
    item(ia, sizeof(ia), &a);
    snprintf(items, sizeof(items), "%s,\n%s", one, ia);
    put_playlist("slow", "B-next", items);
    int64_t t0 = mono_now();
    int seen = bt_test_wait_file(path, "\"next_revision\": \"B-next\"", 10);
    double t_seen = seconds_since(t0);
    int before = file_size(part);
    CHECK(seen, "the new revision was not seen during the download");
    usleep(1500000);
    CHECK(file_size(part) > before && access(part, F_OK) == 0,
          "the download did not go on (%d, then %d bytes)", before, file_size(part));

    // An urgent one that does not need it: it comes first, and plays.
    snprintf(items, sizeof(items),
             "  {\"type\": \"image\", \"src\": \"%s\", \"sha256\": \"%s\", \"size\": %lld, "
             "\"duration\": 60, \"urgent\": true}",
             notice.url, notice.sha, (long long)notice.size);
    put_playlist("slow", "B-urgent", items);
    t0 = mono_now();
    int urgent = bt_test_wait_file(path, "\"active_revision\": \"B-urgent\"", 10);
    double t_urgent = seconds_since(t0);
    CHECK(urgent, "the urgent revision did not pre-empt the download");
    int kept = file_size(part);
    CHECK(kept >= before, "the pre-empted bytes were not kept (%d)", kept);

    // The slow object wanted again: the download resumes where it was.
    put_playlist("slow", "B-again", one);
    CHECK(bt_test_wait_file(path, "\"pending_revision\": \"B-again\"", 10),
          "the revision after the urgent one was not seen");
    deadline = bt_test_deadline(10);
    while (file_size(part) <= kept + 5000 && !bt_test_past(deadline))
        usleep(20000);
    CHECK(file_size(part) > kept + 5000, "the download did not resume (%d bytes)", file_size(part));

    // SIGTERM in the middle of the download.
    t0 = mono_now();
    kill(pid, SIGTERM);
    int rc = bt_test_wait_bangtin(pid, "throttled", NULL, &log);
    double t_stop = seconds_since(t0);
    printf("throttled download: a new revision seen after %.2f s, an urgent one playing after "
           "%.2f s, stopped %.2f s after SIGTERM\n",
           t_seen, t_urgent, t_stop);
    CHECK(rc == 0, "exit %d\n%s", rc, log ? log : "");
    int64_t limit = bt_test_deadline(1.0) - mono_now();   // a second (four under sanitisers)
    CHECK(t_stop * 1e6 < (double)limit, "SIGTERM took %.2f s to stop the player\n%s", t_stop,
          log ? log : "");
    CHECK(requests("throttled", slow.sha, "|206|bytes=") >= 1, "no resume with Range");
    CHECK(requests("throttled", slow.sha, "|200|") == 1, "the slow object was started again");
    CHECK(occurrences(log, "revision \"B-urgent\" is complete") == 1, "the urgent one:\n%s",
          log ? log : "");
    free(log);
}

// A crawling server: given up after stall_timeout (2 s here), the bytes kept to resume.
static void case_crawl(void)
{
    bt_proxy_fault(&pcrawl, "crawl:20000");
    // libcurl's speed is an average over 5 s: the first bytes came fast, so the crawl is seen
    // some 8 s in (the stop does not wait for it).
    char *log = run_case("crawling server", url_of("crawl"), 110, NULL, GREEN, "less than 1 kB/s");
    char path[1500];
    snprintf(path, sizeof(path), "%s/crawling-server/cache/partial/%s", dir, crawled.sha);
    CHECK(file_size(path) >= 10000, "no partial download kept (%d bytes)", file_size(path));
    free(log);
}

// A truncated body (the connection closed cleanly early): the next try resumes (206).
static void case_truncated(void)
{
    bt_proxy_fault(&ptrunc, "truncate:60000 once");
    char *log =
        run_case("truncated body", url_of("trunc"), 40, NULL, RED, "the download broke off");
    CHECK(log && strstr(log, "back to normal after: "), "the recovery is not logged:\n%s",
          log ? log : "");
    CHECK(requests("truncated-body", truncated.sha, "|206|bytes=") >= 1,
          "nginx saw no Range request answered 206");
    free(log);
}

// SIGKILL mid-download, then a restart: no object made of the partial bytes, and the
// download resumes where it was.
static void case_killed(void)
{
    bt_test_case = "SIGKILL mid-download";
    bt_proxy_fault(&pkill, "crawl:40000");
    fresh_cache("killed");
    char args[4096], cmd[6000], path[1500], *log = NULL;
    command(args, sizeof(args), "killed", url_of("kill"), 600, NULL);
    snprintf(cmd, sizeof(cmd), "exec %s %s --set language=en >%s/killed.err 2>&1", BT_BINARY, args,
             dir);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    snprintf(path, sizeof(path), "%s/killed/cache/partial/%s", dir, killed.sha);
    for (int i = 0; i < 100 && file_size(path) < 30000; i++)
        usleep(100000);
    char status_path[900];
    snprintf(status_path, sizeof(status_path), "%s/killed/status.json", dir);
    bt_test_wait_file(status_path, "downloading 1 of 1 files, ", 10);   // every 2 s at most
    char *status = bt_test_read(status_path);
    CHECK(status && strstr(status, "downloading 1 of 1 files, ") && strstr(status, " %"),
          "the status does not show the progress:\n%s", status ? status : "");
    free(status);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    int kept = file_size(path);
    CHECK(kept >= 30000 && kept < killed.size, "%d bytes kept of %lld", kept,
          (long long)killed.size);
    snprintf(path, sizeof(path), "%s/killed/cache/objects/%s", dir, killed.sha);
    CHECK(access(path, F_OK) != 0, "an object was made of part of the bytes");
    bt_proxy_fault(&pkill, "none");
    // The killed connection's crawl notices, and its bytes are counted; then the count reset.
    CHECK(bt_proxy_idle(&pkill, 10), "the proxy still serves the killed player");
    bt_proxy_sent(&pkill);
    int gets = bt_nginx_log_count(&ng, killed.sha, NULL);
    command(args, sizeof(args), "killed", url_of("kill"), 30, NULL);
    int rc = bt_test_run_bangtin("killed-again", args, NULL, &log);
    CHECK(rc == 0 && near(pixel_of("killed", 29), RED), "after the restart: #%06X\n%s",
          pixel_of("killed", 29), log ? log : "");
    const char *l = bt_nginx_log_line(&ng, killed.sha, gets);
    CHECK(l && strstr(l, "|206|bytes="), "the restart did not resume: %s", l ? l : "nothing");
    long long sent = bt_proxy_sent(&pkill);
    CHECK(sent > 0 && sent < killed.size - kept + 4096, "the proxy sent %lld bytes for %lld left",
          sent, (long long)(killed.size - kept));
    free(log);
}

// An object damaged on the disk in place (same size): the background check finds it, and
// the playing revision downloads it again.
static void case_damaged(void)
{
    bt_test_case = "damaged in the cache";
    fresh_cache("damaged");
    char args[4096], path[1500], *log = NULL;
    snprintf(path, sizeof(path), "%s/damaged/cache/objects/%s", dir, a.sha);
    FILE *f = fopen(path, "r+b");
    CHECK(f && fseek(f, 1, SEEK_SET) == 0 && fputc('X', f) != EOF && fclose(f) == 0,
          "cannot damage %s", path);
    command(args, sizeof(args), "damaged", url_of("s"), 30, NULL);
    int rc = bt_test_run_bangtin("damaged", args, NULL, &log);
    CHECK(rc == 0 && occurrences(log, "was damaged on the disk") == 1 &&
              near(pixel_of("damaged", 29), GREEN),
          "exit %d, #%06X\n%s", rc, pixel_of("damaged", 29), log ? log : "");
    CHECK(requests("damaged", a.sha, "|200|") == 1, "not downloaded again");
    free(log);
}

static void stop_servers(void)
{
    bt_proxy_stop(&px);
    bt_proxy_stop(&pcrawl);
    bt_proxy_stop(&ptrunc);
    bt_proxy_stop(&pkill);
    bt_proxy_stop(&phash);
    bt_proxy_stop(&pslow);
    bt_nginx_stop(&ng);
}

int main(void)
{
    snprintf(dir, sizeof(dir), "%s", bt_test_tmpdir());
    setenv("SDL_VIDEODRIVER", "offscreen", 1);   // a window, paced by the real clock
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    atexit(stop_servers);
    CHECK(bt_nginx_start(&ng, dir, "  location = /s500/playlist.json { return 500; }") == 0,
          "nginx did not start");
    CHECK(bt_proxy_start(&px, &ng) > 0 && bt_proxy_start(&pcrawl, &ng) > 0 &&
              bt_proxy_start(&ptrunc, &ng) > 0 && bt_proxy_start(&pkill, &ng) > 0 &&
              bt_proxy_start(&phash, &ng) > 0 && bt_proxy_start(&pslow, &ng) > 0,
          "the proxies did not start");
    char cmd[6000];
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/www/o", dir);
    CHECK(system(cmd) == 0, "mkdir");

    make_picture("a.png", GREEN, 0, 1, &px, &a);
    make_picture("b.png", RED, 1, 12345, &px, &b);
    // B's kind for each case with a fault of its own proxy: its own object and playlist.
    make_picture("crawl.png", RED, 1, 2, &pcrawl, &crawled);
    make_picture("trunc.png", RED, 1, 3, &ptrunc, &truncated);
    make_picture("kill.png", RED, 1, 4, &pkill, &killed);
    {
        // 2 MB for the throttled download (its revisions never complete: any bytes do).
        enum {
            SLOW = 2 * 1024 * 1024
        };
        unsigned char *bytes = malloc(SLOW);
        for (size_t i = 0; i < SLOW; i++)
            bytes[i] = (unsigned char)((i * 2654435761u) >> 11);
        bt_test_sha256(bytes, SLOW, slow.sha);
        slow.size = SLOW;
        char name[200];
        snprintf(name, sizeof(name), "o/%s.png", slow.sha);
        bt_nginx_put(&ng, name, bytes, SLOW);
        snprintf(slow.url, sizeof(slow.url), "http://127.0.0.1:%d/o/%s.png", pslow.port, slow.sha);
        free(bytes);
    }
    make_picture("notice.png", RED, 0, 6, &px, &notice);
    // A file under the name of B's hash that is not B: one byte differs, the size is the same.
    {
        char path[1200];
        snprintf(path, sizeof(path), "%s/www/o/%s.png", dir, b.sha);
        char *bytes = NULL;
        FILE *f = fopen(path, "rb");
        bytes = malloc((size_t)b.size);
        CHECK(f && fread(bytes, 1, (size_t)b.size, f) == (size_t)b.size, "read b");
        if (f)
            fclose(f);
        bytes[b.size / 2] ^= 0x20;
        wrong = b;
        snprintf(wrong.url, sizeof(wrong.url), "http://127.0.0.1:%d/o/not-%s.png", phash.port,
                 b.sha);
        snprintf(path, sizeof(path), "o/not-%s.png", b.sha);
        bt_nginx_put(&ng, path, bytes, (size_t)b.size);
        free(bytes);
    }
    char ia[1000], ib[1000], iw[1000], two[3000];
    item(ia, sizeof(ia), &a);
    item(ib, sizeof(ib), &b);
    item(iw, sizeof(iw), &wrong);
    item(two, sizeof(two), &crawled);
    put_playlist("crawl", "B-crawl", two);
    item(two, sizeof(two), &truncated);
    put_playlist("trunc", "B-trunc", two);
    item(two, sizeof(two), &killed);
    put_playlist("kill", "B-kill", two);
    put_playlist("s", "A", ia);
    put_playlist("b", "B", ib);
    put_playlist("hash", "B-wrong", iw);
    {
        // A again, changed a minute ago (a document changed in the second it is served keeps
        // no validators).
        put_playlist("r", "A", ia);
        char path[1200];
        snprintf(path, sizeof(path), "%s/www/r/playlist.json", dir);
        struct timeval ago[2] = {{.tv_sec = time(NULL) - 60}, {.tv_sec = time(NULL) - 60}};
        CHECK(utimes(path, ago) == 0, "utimes");
    }
    {
        // 200 MB that starts as a playlist would (a sparse file: nothing on the disk).
        put_playlist("huge", "B-huge", ib);
        char path[1200];
        snprintf(path, sizeof(path), "%s/www/huge/playlist.json", dir);
        CHECK(truncate(path, 200 * 1000 * 1000) == 0, "truncate");
        // Changed a minute ago (one changed in the second it is served keeps no validators).
        struct timeval ago[2] = {{.tv_sec = time(NULL) - 60}, {.tv_sec = time(NULL) - 60}};
        CHECK(utimes(path, ago) == 0, "utimes");
        char big[1200];
        snprintf(big, sizeof(big),
                 "  {\"type\": \"image\", \"src\": \"o/x.png\", \"sha256\": \"%s\", "
                 "\"size\": 4611686018427387904, \"duration\": 5},\n"
                 "  {\"type\": \"image\", \"src\": \"o/y.png\", \"sha256\": \"%s\", "
                 "\"size\": 4611686018427387904, \"duration\": 5}",
                 b.sha, truncated.sha);
        put_playlist("sizes", "B-sizes", big);
    }
    put_playlist("bad", "x", "");
    bt_nginx_put(&ng, "bad/playlist.json", "<html>Bad gateway</html>\n", 25);
    snprintf(two, sizeof(two),
             "  {\"type\": \"image\", \"src\": \"picture.png\", \"duration\": 5},\n%s", ib);
    put_playlist("one-bad", "B-one-bad", two);

    // The screen that played A once: its cache is where every case starts.
    bt_test_case = "seed";
    char args[4096], *log = NULL;
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/seed/cache --headless --renderer software "
             "--window %dx%d --frames 1 %s",
             dir, W, H, url_of("s"));
    CHECK(bt_test_run_bangtin("seed", args, NULL, &log) == 0 && log &&
              strstr(log, "revision \"A\" is complete"),
          "seeding:\n%s", log ? log : "");
    free(log);

    // Every case side by side: those with a fault each with a proxy of its own, in processes of
    // their own; the others here. Each case's requests are told apart by its screen id.
    bt_test_spawn(case_crawl);
    bt_test_spawn(case_truncated);
    bt_test_spawn(case_killed);
    bt_test_spawn(case_damaged);
    bt_test_spawn(case_wrong_hash);
    bt_test_spawn(case_throttled);
    bt_test_spawn(case_restart);
    char down[300];
    snprintf(down, sizeof(down), "http://127.0.0.1:%d/s/playlist.json", bt_net_free_port());
    enum {
        DOWN,
        S500,
        S404,
        SAME,
        BAD,
        ONE_BAD,
        HUGE,
        SIZES,
        BUDGET,
        FLOOR,
        NCASES
    };
    struct fcase cs[NCASES];
    // Server down: nothing listens.
    start_case(&cs[DOWN], "server down", down, 30, NULL, GREEN, "no answer from");
    // HTTP 500 and 404, asked again every second.
    start_case(&cs[S500], "HTTP 500", url_of("s500"), 30, NULL, GREEN, "answered HTTP 500");
    start_case(&cs[S404], "HTTP 404", url_of("s404"), 30, NULL, GREEN, "answered HTTP 404");
    // The same playlist again: a 304 to If-None-Match, and nothing downloaded.
    start_case(&cs[SAME], "the same playlist", url_of("s"), 30, NULL, GREEN, NULL);
    // A playlist that is not JSON: refused once; the last good one plays.
    start_case(&cs[BAD], "not JSON", url_of("bad"), 30, NULL, GREEN, "the playlist has errors");
    // One bad item (a file on a server without sha256 and size): skipped, the rest plays.
    start_case(&cs[ONE_BAD], "one bad item", url_of("one-bad"), 30, NULL, RED,
               "a file on a server needs \"sha256\"");
    // A playlist of 200 MB: refused at its first bytes, then asked for conditionally (304).
    start_case(&cs[HUGE], "too big a playlist", url_of("huge"), 40, NULL, GREEN,
               "is larger than 64 MiB");
    // Sizes that would overflow a sum: the revision is refused, nothing downloaded.
    start_case(&cs[SIZES], "overflowing sizes", url_of("sizes"), 30, NULL, GREEN,
               "is refused: a file declares");
    // A cache budget smaller than the revision; a disk below the free-space floor (the largest
    // floor the config takes, more than any disk here has free).
    start_case(&cs[BUDGET], "budget", url_of("b"), 20, "--set cache_max_bytes=20K", GREEN,
               "does not fit the cache's budget");
    start_case(&cs[FLOOR], "free-space floor", url_of("b"), 20, "--set cache_min_free=16384G",
               GREEN, "needs more disk than");

    free(finish_case(&cs[DOWN]));
    log = finish_case(&cs[S500]);
    CHECK(bt_nginx_log_count(&ng, "/s500/playlist.json", "|500|") >= 2,
          "nginx saw fewer than 2 tries");
    free(log);
    log = finish_case(&cs[S404]);
    CHECK(bt_nginx_log_count(&ng, "/s404/playlist.json", "|404|") >= 2,
          "nginx saw fewer than 2 tries");
    free(log);
    free(finish_case(&cs[SAME]));
    CHECK(bt_nginx_log_count(&ng, "GET /s/playlist.json", "|304|-|-|\\x22") >= 1,
          "nginx answered no If-None-Match with 304");
    CHECK(requests("the-same-playlist", a.sha, NULL) == 0, "objects were downloaded again");
    log = finish_case(&cs[BAD]);
    CHECK(log && strstr(log, "bad/playlist.json:1:1:"), "no position for the error:\n%s",
          log ? log : "");
    CHECK(bt_nginx_log_count(&ng, "/bad/playlist.json", NULL) >= 2, "polled once only");
    free(log);
    free(finish_case(&cs[ONE_BAD]));
    free(finish_case(&cs[HUGE]));
    int whole = requests("too-big-a-playlist", "/huge/playlist.json", "|200|");
    int asked = requests("too-big-a-playlist", "/huge/playlist.json", "|304|");
    long long huge_bytes = bytes_sent("too-big-a-playlist", "/huge/playlist.json");
    printf("too big a playlist: %d answered 200, %d answered 304, %lld body bytes sent\n", whole,
           asked, huge_bytes);
    CHECK(whole == 1 && asked >= 2, "fetched whole %d times, %d conditionally", whole, asked);
    CHECK(huge_bytes < 16 * 1024 * 1024, "nginx sent %lld bytes of it", huge_bytes);
    free(finish_case(&cs[SIZES]));
    CHECK(requests("overflowing-sizes", "/o/", NULL) == 0, "objects were downloaded");
    free(finish_case(&cs[BUDGET]));
    free(finish_case(&cs[FLOOR]));

    bt_test_join();
    stop_servers();
    return bt_test_end();
}
