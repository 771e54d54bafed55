// HTTP against a real nginx on 127.0.0.1 (started here on a free port): a playlist fetched and
// then answered 304 to If-None-Match; objects downloaded into the cache and verified; a partial
// download resumed with Range and If-Range (nginx answers 206, and sends the rest only); a file
// changed under the same URL restarted (200); a wrong hash refused; a 404 and a server that is
// down reported. Bytes are counted in nginx's log, not in the player.
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "base/sha256.h"
#include "media/png.h"
#include "net.h"
#include "net/cache.h"
#include "net/http.h"
#include "test.h"

static char dir[700];
static struct bt_nginx ng;

// An ETag without its quotes (nginx's log writes them as \x22).
static const char *bare(const char *etag)
{
    static char b[4][300];
    static int n;
    char *out = b[n++ % 4];
    snprintf(out, 300, "%s", etag[0] == '"' ? etag + 1 : etag);
    size_t len = strlen(out);
    if (len && out[len - 1] == '"')
        out[len - 1] = '\0';
    return out;
}

#define OBJ (2 * 1024 * 1024)

// Plays the server's playlist with the cache of the end-to-end runs; returns the pixel at the
// main zone's centre and the log (free it).
static uint32_t play_url(const char *tag, const char *window, char **log)
{
    char args[4096], png[1000];
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/screen --set download_window=%s --headless "
             "--renderer software --window 960x540 --snapshot 0 --out %s/%s "
             "http://127.0.0.1:%d/ward/playlist.json",
             dir, window, dir, tag, ng.port);
    *log = NULL;
    if (bt_test_run_bangtin(tag, args, NULL, log) != 0)
        return 0xFFFFFFFF;
    snprintf(png, sizeof(png), "%s/%s/frame-000000.png", dir, tag);
    struct bt_test_image img;
    uint32_t px = bt_test_image_load(png, &img) == 0 ? bt_test_pixel(&img, 360, 225) : 0xFFFFFFFF;
    bt_test_image_free(&img);
    return px;
}

// The connection reset halfway through a 50 MB object: the next try resumes with Range (nginx
// answers 206) and the bytes the proxy sent stay under 1.1 times the object.
static void check_reset(void)
{
    bt_test_case = "reset halfway through 50 MB";
    enum {
        BIG = 50 * 1024 * 1024
    };
    unsigned char *big = malloc(BIG);
    for (size_t i = 0; i < BIG; i++)
        big[i] = (unsigned char)((i * 2246822519u) >> 19);
    char hex[65], path[1000], cmd[3000];
    bt_test_sha256(big, BIG, hex);
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/www/big/objects %s/proxy", dir, dir);
    CHECK(system(cmd) == 0, "mkdir");
    snprintf(path, sizeof(path), "big/objects/%s.bin", hex);
    bt_nginx_put(&ng, path, big, BIG);
    free(big);
    char pl[1024];
    snprintf(pl, sizeof(pl),
             "{\"version\": 1, \"revision\": \"big\", \"canvas\": {\"width\": 320, \"height\": "
             "180}, \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": 320, \"h\": 180, "
             "\"background\": \"#1E7B34\", \"items\": [{\"type\": \"text\", \"text\": \"a\"}, "
             "{\"type\": \"video\", \"src\": \"objects/%s.bin\", \"sha256\": \"%s\", "
             "\"size\": %d}]}]}",
             hex, hex, BIG);
    bt_nginx_put(&ng, "big/playlist.json", (const unsigned char *)pl, strlen(pl));

    // The proxy, in front of nginx.
    struct bt_proxy proxy;
    int pport = bt_proxy_start(&proxy, &ng);
    CHECK(pport > 0, "the proxy did not start");
    bt_proxy_fault(&proxy, "reset:26214400\n");   // the first half, then a reset
    char args[2000], *log = NULL;
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/bigcache --set download_window=always "
             "--headless --renderer software --window 320x180 --frames 1 "
             "http://127.0.0.1:%d/big/playlist.json",
             dir, pport);
    int rc = bt_test_run_bangtin("reset1", args, NULL, &log);
    CHECK(rc == 0 && log && strstr(log, "the download broke off"), "first try:\n%s",
          log ? log : "");
    free(log);
    bt_proxy_fault(&proxy, "none\n");
    bt_proxy_sent(&proxy);
    rc = bt_test_run_bangtin("reset2", args, NULL, &log);
    CHECK(rc == 0 && log && strstr(log, "revision \"big\" is complete"), "second try:\n%s",
          log ? log : "");
    free(log);
    long long bytes = bt_proxy_sent(&proxy);
    CHECK(bytes > 0 && bytes < (long long)BIG / 2 * 11 / 10,
          "the proxy sent %lld bytes to finish a 50 MB object cut at half", bytes);
    int resumed = 0;
    const char *l;
    for (int n = 0; n < 10 && (l = bt_nginx_log_line(&ng, "/big/objects/", n)); n++)
        resumed += strstr(l, "|206|bytes=") != NULL;
    CHECK(resumed == 1, "nginx saw no Range request answered 206 for the rest");
    bt_proxy_stop(&proxy);
}

// A new revision adds a picture: outside the download window it waits (the old revision plays);
// marked urgent, it downloads at once.
static void check_window(void)
{
    bt_test_case = "download window";
    // A blue 64x64 picture, new to the screen.
    uint8_t rgb[64 * 64 * 3];
    for (int i = 0; i < 64 * 64; i++) {
        rgb[i * 3] = 0x0B;
        rgb[i * 3 + 1] = 0x4F;
        rgb[i * 3 + 2] = 0x8A;
    }
    char tmp[900], hex[65], obj[2000];
    int64_t size;
    snprintf(tmp, sizeof(tmp), "%s/blue.png", dir);
    CHECK(bt_png_write(tmp, 64, 64, rgb, 64 * 3) == 0 && bt_sha256_file(tmp, hex, &size) == 0,
          "blue.png");
    snprintf(obj, sizeof(obj), "mv %s %s/www/ward/objects/%s.png", tmp, dir, hex);
    CHECK(system(obj) == 0, "mv");
    // The window: from two hours from now, for an hour, in the playlist's time zone (Hà Nội,
    // UTC+7), whatever the system's.
    time_t now = time(NULL) + 7 * 3600;
    struct tm tm;
    gmtime_r(&now, &tm);
    int m = tm.tm_hour * 60 + tm.tm_min;
    char window[32];
    snprintf(window, sizeof(window), "%02d:%02d-%02d:%02d", (m + 120) / 60 % 24, (m + 120) % 60,
             (m + 180) / 60 % 24, (m + 180) % 60);
    char path[900];
    snprintf(path, sizeof(path), "%s/www/ward/playlist.json", dir);
    char *doc = bt_test_read(path);   // the packed demo: revision A
    for (int urgent = 0; urgent < 2; urgent++) {
        char *at = doc ? strstr(doc, "\"items\": [") : NULL;
        CHECK(at != NULL, "no items in the packed playlist");
        if (!at)
            return;
        at += strlen("\"items\": [");
        char item[600], *fresh = malloc(strlen(doc) + 700);
        snprintf(item, sizeof(item),
                 "{\"type\": \"image\", \"src\": \"objects/%s.png\", \"sha256\": \"%s\", "
                 "\"size\": %lld, \"duration\": 30%s},",
                 hex, hex, (long long)size, urgent ? ", \"urgent\": true" : "");
        sprintf(fresh, "%.*s%s%s", (int)(at - doc), doc, item, at);
        FILE *f = fopen(path, "w");
        if (f) {
            fputs(fresh, f);
            fclose(f);
        }
        free(fresh);
        char *log = NULL;
        uint32_t px = play_url(urgent ? "urgent" : "window", window, &log);
        if (!urgent)
            CHECK(log && strstr(log, "waits for the download window") && px != 0x0B4F8A,
                  "outside the window the new revision plays: #%06X\n%s", px, log ? log : "");
        else
            CHECK(px == 0x0B4F8A, "the urgent revision does not play: #%06X\n%s", px,
                  log ? log : "");
        free(log);
    }
    free(doc);
}

// Certificates for the TLS cases: one for another host name, one for 127.0.0.1, one valid from
// 2040 only (as for a board whose clock is years behind). Made with openssl, without the
// sanitiser's preload.
static char tls_dir[800];
static int certs_made;

static void make_certs(void)
{
    char cmd[6000];
    snprintf(
        cmd, sizeof(cmd),
        "cd %s && mkdir -p db && touch db/index && echo 01 >db/serial && "
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout wrong.key -out wrong.pem -days 2 "
        "-subj /CN=wrong.example -addext subjectAltName=DNS:wrong.example 2>/dev/null && "
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout good.key -out good.pem -days 2 "
        "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null && "
        "openssl req -newkey rsa:2048 -nodes -keyout future.key -out future.csr "
        "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null && "
        "printf '[ca]\\ndefault_ca = c\\n[c]\\ndatabase = db/index\\nserial = db/serial\\n"
        "new_certs_dir = db\\ndefault_md = sha256\\npolicy = p\\ncopy_extensions = copy\\n"
        "[p]\\ncommonName = supplied\\n' >ca.cnf && "
        "openssl ca -batch -notext -config ca.cnf -selfsign -keyfile future.key -in future.csr "
        "-out future.pem -startdate 20400101000000Z -enddate 20410101000000Z 2>/dev/null",
        tls_dir);
    certs_made = system(cmd) == 0;
}

// The player against an https server with certificate `name` (trusted as a CA, so only the
// check that fails is the one meant), polling every second for 3 s on a clock not known to be
// synchronised. Returns the log (free it); the server's in *server.
static char *play_tls(const char *name, struct bt_nginx *server, const char *extra)
{
    char sub[900], cert[1000], key[1000], args[5000], *log = NULL;
    snprintf(sub, sizeof(sub), "%s/%s", tls_dir, name);
    snprintf(cert, sizeof(cert), "%s/%s.pem", tls_dir, name);
    snprintf(key, sizeof(key), "%s/%s.key", tls_dir, name);
    if (bt_nginx_start_tls(server, sub, cert, key, extra) != 0)
        return NULL;
    setenv("SDL_VIDEODRIVER", "offscreen", 1);   // a window, paced by the real clock
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/cache --set runtime_dir=%s --set "
             "poll_interval=1 --set clock_sync=%s/never --set ca_file=%s --renderer software "
             "--window 320x180 --fps 10 --frames 30 https://127.0.0.1:%d/p/playlist.json",
             sub, sub, sub, cert, server->port);
    bt_test_run_bangtin(name, args, NULL, &log);
    return log;
}

// A certificate for another host name: refused, said so, and no plain-HTTP request is sent to
// take the time from (nginx's log shows every request, a plain one to its TLS port included).
static void case_wrong_host(void)
{
    bt_test_case = "a wrong-host certificate";
    struct bt_nginx t;
    char *log = play_tls("wrong", &t, NULL);
    CHECK(log && strstr(log, "the server's certificate is refused: it is for another host name"),
          "the log does not say why:\n%s", log ? log : "");
    CHECK(bt_nginx_log_count(&t, "GET /p/playlist.json", NULL) == 0, "nginx answered a request");
    CHECK(bt_nginx_log_count(&t, "HEAD /", NULL) == 0, "a plain-HTTP request was sent: %s",
          bt_nginx_log_line(&t, "HEAD /", 0));
    bt_nginx_stop(&t);
    free(log);
}

// A certificate valid from 2040: the one case the clock fallback is for. The time comes from a
// plain-HTTP HEAD, once (not at every failed poll), and the status says from whom.
static void case_not_yet_valid(void)
{
    bt_test_case = "a certificate not valid yet";
    struct bt_nginx t;
    char *log = play_tls("future", &t, NULL);
    CHECK(log && strstr(log, "it is not valid yet") &&
              strstr(log, "from its plain HTTP Date header (unauthenticated)"),
          "the log:\n%s", log ? log : "");
    CHECK(bt_nginx_log_count(&t, "HEAD / ", NULL) == 1, "%d plain-HTTP requests, not 1",
          bt_nginx_log_count(&t, "HEAD / ", NULL));
    char path[1000];
    snprintf(path, sizeof(path), "%s/future/status.json", tls_dir);
    char *status = bt_test_read(path);
    CHECK(status && strstr(status, "\"state\": \"from an unauthenticated server\""),
          "the status:\n%s", status ? status : "");
    free(status);
    bt_nginx_stop(&t);
    free(log);
}

// An https playlist redirected down to plain http: refused, the log says to where, and the
// plain server is never asked.
static void case_downgrade(void)
{
    bt_test_case = "a redirect from https to http";
    struct bt_nginx t;
    char extra[300];
    snprintf(extra, sizeof(extra),
             "  location = /p/playlist.json { return 302 http://127.0.0.1:%d/ward/down.json; }",
             ng.port);
    char *log = play_tls("good", &t, extra);
    char to[200];
    snprintf(to, sizeof(to), "redirects to http://127.0.0.1:%d/ward/down.json, which is refused",
             ng.port);
    CHECK(log && strstr(log, to), "the log does not say where:\n%s", log ? log : "");
    CHECK(bt_nginx_log_count(&ng, "/ward/down.json", NULL) == 0, "the plain server was asked");
    bt_nginx_stop(&t);
    free(log);
}

// A redirect in front of the packed demo: its relative sources resolve against the URL the
// playlist came from after the redirect, which is kept with it for an offline boot.
static void check_redirect(void)
{
    bt_test_case = "a 302 in front of the playlist";
    char args[4096], png[1000], *log = NULL;
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/redir --headless --renderer software "
             "--window 960x540 --snapshot 0 --out %s/redir-shot "
             "http://127.0.0.1:%d/moved/playlist.json",
             dir, dir, ng.port);
    int rc = bt_test_run_bangtin("redir", args, NULL, &log);
    snprintf(png, sizeof(png), "%s/redir-shot/frame-000000.png", dir);
    struct bt_test_image img;
    int ok = bt_test_image_load(png, &img) == 0 && bt_test_pixel_is(&img, 360, 235, 0x1E7B34, 8);
    CHECK(rc == 0 && ok && log && !strstr(log, "HTTP 404") && !strstr(log, "skipped"),
          "exit %d, #%06X\n%s", rc, ok ? 0 : bt_test_pixel(&img, 360, 235), log ? log : "");
    bt_test_image_free(&img);
    snprintf(png, sizeof(png), "%s/redir/playlist.url", dir);
    char *url = bt_test_read(png);
    CHECK(url && strstr(url, "/ward/playlist.json"), "kept with the URL %s", url ? url : "-");
    free(url);
    free(log);
}

// A server that asks for a password gets it from the netrc file, never from the URL; without
// it the screen says so (and no password shows anywhere).
static void check_credentials(void)
{
    bt_test_case = "a password from the netrc file";
    char args[4096], png[1000], netrc[900], *log = NULL;
    snprintf(netrc, sizeof(netrc), "%s/netrc", dir);
    FILE *f = fopen(netrc, "w");
    CHECK(f && fputs("machine 127.0.0.1 login ward password s3cret\n", f) >= 0 && fclose(f) == 0,
          "netrc");
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/private --set netrc_file=%s --headless "
             "--renderer software --window 960x540 --snapshot 0 --out %s/private-shot "
             "http://127.0.0.1:%d/private/playlist.json",
             dir, netrc, dir, ng.port);
    int rc = bt_test_run_bangtin("private", args, NULL, &log);
    snprintf(png, sizeof(png), "%s/private-shot/frame-000000.png", dir);
    struct bt_test_image img;
    int ok = bt_test_image_load(png, &img) == 0 && bt_test_pixel_is(&img, 360, 235, 0x1E7B34, 8);
    CHECK(rc == 0 && ok && log && !strstr(log, "401") && !strstr(log, "s3cret"),
          "exit %d, #%06X\n%s", rc, ok ? 0 : bt_test_pixel(&img, 360, 235), log ? log : "");
    bt_test_image_free(&img);
    free(log);

    bt_test_case = "no password for a server that asks";
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/private2 --set netrc_file=%s/none --headless "
             "--renderer software --window 960x540 --frames 1 "
             "http://127.0.0.1:%d/private/playlist.json",
             dir, dir, ng.port);
    rc = bt_test_run_bangtin("private2", args, NULL, &log);
    CHECK(log && strstr(log, "401"), "exit %d, the log does not say 401:\n%s", rc, log ? log : "");
    free(log);
}

// Makes www/name changed a minute ago: a document changed in the second it is served has no
// validators worth keeping (another change in that second could not be told apart).
static void aged(const char *name)
{
    char path[900];
    snprintf(path, sizeof(path), "%s/www/%s", dir, name);
    struct timeval ago[2] = {{.tv_sec = time(NULL) - 60}, {.tv_sec = time(NULL) - 60}};
    CHECK(utimes(path, ago) == 0, "utimes %s", path);
}

// `bangtin status` shows a status file's strings as a terminal may: each on its line, no
// control character (an escape sequence, a line that fakes another), no credential — whatever
// the file holds (its strings come from documents and servers).
static void check_status_strings(void)
{
    bt_test_case = "bangtin status with hostile strings";
    char path[900], args[1200], *out = NULL;
    snprintf(path, sizeof(path), "%s/hostile-run", dir);
    CHECK(mkdir(path, 0755) == 0 || errno == EEXIST, "mkdir %s", path);
    snprintf(path, sizeof(path), "%s/hostile-run/status.json", dir);
    FILE *f = fopen(path, "w");
    CHECK(f, "%s", path);
    if (!f)
        return;
    fputs("{\"screen_id\": \"ph\\u001b[2Jng-7\\nNow:       ok\",\n"
          " \"url\": \"https://ward:s3cret@example.net/p.json?token=abc42\",\n"
          " \"active_revision\": \"\\u0110\\u1ee3t 2\\r\\nPlaying:   fake\\u0007\",\n"
          " \"pending_revision\": \"\\u009b31m\", \"download\": {\"have\": 1, \"total\": 2},\n"
          " \"last_poll\": 1767225600, \"last_result\": \"200 new document\\u001b]0;x\\u0007\",\n"
          " \"objects\": [{\"url\": \"https://u:pw@example.net/a.png?sig=zz9\", \"state\": "
          "\"failed\","
          " \"attempts\": 3, \"next_try\": 1767225700, \"reason\": \"HTTP 404\\nFailing: no\"}],\n"
          " \"cache_bytes\": 1000000, \"state\": \"playing\", \"timezone\": \"Asia/Ho_Chi_Minh\",\n"
          " \"clock\": {\"state\": \"trusted\", \"offset_s\": 0.0}}\n",
          f);
    CHECK(fclose(f) == 0, "write %s", path);
    snprintf(args, sizeof(args), "--config /dev/null --set runtime_dir=%s/hostile-run status", dir);
    int st = bt_test_run_bangtin("hostile-status", args, &out, NULL);
    CHECK(st == 0 && out, "bangtin status exited %d", st);
    if (!out)
        return;
    int lines = 0, controls = 0;
    for (const unsigned char *c = (const unsigned char *)out; *c; c++) {
        lines += *c == '\n';
        // C0 controls but the line ends, DEL, and C1 controls (U+0080-U+009F: C2 80-9F).
        controls +=
            (*c < 0x20 && *c != '\n') || *c == 0x7F || (*c == 0xC2 && c[1] >= 0x80 && c[1] <= 0x9F);
    }
    // Screen, Playlist, Playing, Pending, Last poll, Cache, the failure's two lines, Now, Clock.
    CHECK(lines == 10 && controls == 0, "%d lines, %d control characters:\n%s", lines, controls,
          out);
    CHECK(!strstr(out, "s3cret") && !strstr(out, "abc42") && !strstr(out, "pw@") &&
              !strstr(out, "zz9"),
          "a credential shows:\n%s", out);
    CHECK(strstr(out, "Playing:   \xC4\x90\xE1\xBB\xA3t 2"), "the Vietnamese revision is lost:\n%s",
          out);
    CHECK(!strstr(out, "\nNow:       ok") && !strstr(out, "\nPlaying:   fake") &&
              !strstr(out, "\nFailing: no"),
          "a string made a line of its own:\n%s", out);
    free(out);
}

// Reports to a WebDAV folder (nginx's dav_methods PUT behind auth_basic): after a poll the screen
// PUTs SCREEN_ID/status.json with what the fleet page shows, its password from the netrc file;
// without it the log says the folder refused.
static void check_reports(void)
{
    bt_test_case = "a status report by PUT";
    char args[4096], path[1000], *log = NULL;
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/reporter --set netrc_file=%s/netrc --set "
             "screen_id=phu-luong-07 --set report_url=http://127.0.0.1:%d/reports/ --headless "
             "--renderer software --window 320x180 --fps 10 --frames 20 "
             "http://127.0.0.1:%d/ward/playlist.json",
             dir, dir, ng.port, ng.port);
    int rc = bt_test_run_bangtin("reporter", args, NULL, &log);
    snprintf(path, sizeof(path), "%s/reports/phu-luong-07/status.json", dir);
    char *doc = bt_test_read(path);
    json_error_t je;
    json_t *j = doc ? json_loads(doc, 0, &je) : NULL;
    time_t now = time(NULL);
    json_int_t at = json_integer_value(json_object_get(j, "reported_at"));
    CHECK(rc == 0 && j &&
              strcmp(json_string_value(json_object_get(j, "screen_id")), "phu-luong-07") == 0 &&
              json_string_value(json_object_get(j, "version")) &&
              json_is_integer(json_object_get(j, "poll_interval_s")) && at > now - 60 &&
              at <= now && json_is_object(json_object_get(j, "clock")) &&
              json_is_true(json_object_get(j, "display_on")),
          "exit %d, the report:\n%s\n%s", rc, doc ? doc : "(none)", log ? log : "");
    const char *l = bt_nginx_log_line(&ng, "PUT /reports/phu-luong-07/status.json", 0);
    CHECK(l && (strstr(l, "|201|") || strstr(l, "|204|")), "nginx saw: %s", l ? l : "(nothing)");
    CHECK(log && !strstr(log, "s3cret"), "the password shows in the log");
    json_decref(j);
    free(doc);
    free(log);

    bt_test_case = "a report refused";
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/reporter2 --set netrc_file=%s/none --set "
             "screen_id=phu-luong-08 --set report_url=http://127.0.0.1:%d/reports/ --headless "
             "--renderer software --window 320x180 --fps 10 --frames 20 "
             "http://127.0.0.1:%d/ward/playlist.json",
             dir, dir, ng.port, ng.port);
    rc = bt_test_run_bangtin("reporter2", args, NULL, &log);
    snprintf(path, sizeof(path), "%s/reports/phu-luong-08/status.json", dir);
    CHECK(rc == 0 && access(path, F_OK) != 0 && log && strstr(log, "the report cannot be sent") &&
              strstr(log, "HTTP 401"),
          "exit %d:\n%s", rc, log ? log : "");
    free(log);
}

int main(void)
{
    snprintf(dir, sizeof(dir), "%s", bt_test_tmpdir());
    char cmd[1600];
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/www %s/tmp", dir, dir);
    if (system(cmd) != 0)
        return 1;
    // /private/ is the packed demo behind HTTP basic authentication (nginx's {PLAIN} scheme).
    char extra[5000], pw[900];
    snprintf(pw, sizeof(pw), "%s/htpasswd", dir);
    FILE *f = fopen(pw, "w");
    CHECK(f && fputs("ward:{PLAIN}s3cret\n", f) >= 0 && fclose(f) == 0, "htpasswd");
    snprintf(extra, sizeof(extra),
             "  location = /moved/playlist.json { return 302 /ward/playlist.json; }\n"
             "  location /private/ { auth_basic \"ward\"; auth_basic_user_file %s; "
             "alias %s/www/ward/; }\n"
             "  location /reports/ { alias %s/reports/; dav_methods PUT; create_full_put_path on; "
             "auth_basic \"ward\"; auth_basic_user_file %s; }",
             pw, dir, dir, pw);
    CHECK(bt_nginx_start(&ng, dir, extra) == 0, "nginx did not start");
    snprintf(tls_dir, sizeof(tls_dir), "%.700s/tls", dir);
    char mk[3000];
    snprintf(mk, sizeof(mk), "mkdir -p %s/wrong %s/future %s/good", tls_dir, tls_dir, tls_dir);
    CHECK(system(mk) == 0, "mkdir");
    bt_test_with_plain_tools(make_certs);
    CHECK(certs_made, "openssl did not make the certificates");
    // The TLS cases wait on a real clock: side by side, in processes of their own.
    if (certs_made) {
        bt_test_spawn(case_wrong_host);
        bt_test_spawn(case_not_yet_valid);
        bt_test_spawn(case_downgrade);
    }
    unsigned char *data = malloc(OBJ);
    for (size_t i = 0; i < OBJ; i++)
        data[i] = (unsigned char)((i * 2654435761u) >> 13);
    char sha[65];
    bt_test_sha256(data, OBJ, sha);
    bt_nginx_put(&ng, "obj.bin", data, OBJ);
    bt_nginx_put(&ng, "playlist.json", (const unsigned char *)"{\"version\": 1}", 14);
    aged("playlist.json");
    curl_global_init(CURL_GLOBAL_DEFAULT);

    char err[512], url[300], cdir[800];
    struct bt_http_opts ho = {.screen_id = "phuong-7", .revision = "r1"};
    struct bt_http *h = bt_http_create(&ho);
    snprintf(cdir, sizeof(cdir), "%s/cache", dir);
    struct bt_cache *c = bt_cache_open(cdir, 0, err, sizeof(err));

    bt_test_case = "playlist, then 304";
    struct bt_validators fresh_none = {0};
    struct bt_validators v;
    memset(&v, 0, sizeof(v));
    char *body = NULL;
    size_t len = 0;
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/playlist.json", ng.port);
    int rc = bt_http_get_doc(h, url, &v, &body, &len, err, sizeof(err));
    CHECK(rc == 200 && body && strcmp(body, "{\"version\": 1}") == 0 && v.etag[0], "rc %d %s", rc,
          err);
    free(body);
    body = NULL;
    rc = bt_http_get_doc(h, url, &v, &body, &len, err, sizeof(err));
    CHECK(rc == 304 && !body, "rc %d", rc);
    const char *l = bt_nginx_log_line(&ng, "playlist.json", 1);
    CHECK(l && strstr(l, "|304|") && strstr(l, bare(v.etag)), "nginx saw: %s", l ? l : "nothing");
    CHECK(l && strstr(l, "bangtin/") && strstr(l, "screen phuong-7; revision r1"),
          "the user agent does not name the screen: %s", l ? l : "");

    bt_test_case = "a revision with a line break, in the User-Agent";
    bt_http_set_revision(h, "Đợt 2\r\nX-Injected: yes");
    body = NULL;
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/playlist.json?ua", ng.port);
    rc = bt_http_get_doc(h, url, &fresh_none, &body, &len, err, sizeof(err));
    free(body);
    l = bt_nginx_log_line(&ng, "playlist.json?ua", 0);
    CHECK(rc == 200 && l && strstr(l, "revision %C4%90%E1%BB%A3t%202%0D%0AX-Injected:%20yes)"),
          "rc %d, nginx saw: %s", rc, l ? l : "nothing");
    bt_http_set_revision(h, "r1");

    bt_test_case = "a document changed in the second it is served";
    bt_nginx_put(&ng, "fresh.json", (const unsigned char *)"{\"version\": 1}", 14);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/fresh.json", ng.port);
    struct bt_validators fresh = {0};
    body = NULL;
    rc = bt_http_get_doc(h, url, &fresh, &body, &len, err, sizeof(err));
    CHECK(rc == 200 && !fresh.etag[0] && !fresh.last_modified[0], "rc %d, validators kept: %s %s",
          rc, fresh.etag, fresh.last_modified);
    free(body);

    bt_test_case = "an object";
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/obj.bin", ng.port);
    rc = bt_http_get_object(h, c, url, sha, OBJ, err, sizeof(err));
    CHECK(rc == 0 && bt_cache_has(c, sha, OBJ), "%s", err);

    bt_test_case = "resume with Range and If-Range";
    // A second object, a third of it already here from a broken transfer.
    unsigned char *data2 = malloc(OBJ);
    for (size_t i = 0; i < OBJ; i++)
        data2[i] = (unsigned char)((i * 40503u) >> 7);
    char sha2[65];
    bt_test_sha256(data2, OBJ, sha2);
    bt_nginx_put(&ng, "obj2.bin", data2, OBJ);
    aged("obj2.bin");
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/obj2.bin", ng.port);
    struct bt_validators v2;
    memset(&v2, 0, sizeof(v2));
    body = NULL;
    CHECK(bt_http_get_doc(h, url, &v2, &body, &len, err, sizeof(err)) == 200, "etag");
    free(body);
    struct bt_cache_writer *w = bt_cache_begin(c, sha2, OBJ, 0, err, sizeof(err));
    CHECK(w && bt_cache_write(w, data2, OBJ / 3) == 0, "partial");
    bt_cache_abort(w, 1);
    bt_cache_set_partial_tag(c, sha2, v2.etag);
    rc = bt_http_get_object(h, c, url, sha2, OBJ, err, sizeof(err));
    CHECK(rc == 0 && bt_cache_has(c, sha2, OBJ), "%s", err);
    l = bt_nginx_log_line(&ng, "obj2.bin", 1);
    long sent = -1;
    if (l) {
        // ...|$body_bytes_sent|agent: the second to last field
        char copy[1024];
        snprintf(copy, sizeof(copy), "%s", l);
        char *bar = strrchr(copy, '|');
        if (bar) {
            *bar = '\0';
            char *prev = strrchr(copy, '|');
            sent = prev ? strtol(prev + 1, NULL, 10) : -1;
        }
    }
    CHECK(l && strstr(l, "|206|bytes=") && strstr(l, bare(v2.etag)), "nginx saw: %s", l ? l : "");
    CHECK(sent > 0 && sent <= (long)(OBJ - OBJ / 3) * 11 / 10, "sent %ld bytes for %d left", sent,
          OBJ - OBJ / 3);

    bt_test_case = "a changed file restarts (If-Range)";
    unsigned char *data3 = malloc(OBJ);
    memcpy(data3, data2, OBJ);
    data3[OBJ - 1] ^= 0x55;
    char sha3[65];
    bt_test_sha256(data3, OBJ, sha3);
    w = bt_cache_begin(c, sha3, OBJ, 0, err, sizeof(err));
    CHECK(w && bt_cache_write(w, data2, OBJ / 2) == 0, "partial");
    bt_cache_abort(w, 1);
    bt_cache_set_partial_tag(c, sha3, "\"an-old-etag\"");
    bt_nginx_put(&ng, "obj3.bin", data3, OBJ);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/obj3.bin", ng.port);
    rc = bt_http_get_object(h, c, url, sha3, OBJ, err, sizeof(err));
    CHECK(rc == 0 && bt_cache_has(c, sha3, OBJ), "%s", err);
    l = bt_nginx_log_line(&ng, "obj3.bin", 0);
    CHECK(l && strstr(l, "|200|bytes=") && strstr(l, "an-old-etag"), "nginx saw: %s", l ? l : "");

    bt_test_case = "a wrong hash";
    char wrong[65];
    snprintf(wrong, sizeof(wrong), "%s", sha);
    wrong[0] = wrong[0] == 'f' ? 'e' : 'f';
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/obj.bin", ng.port);
    rc = bt_http_get_object(h, c, url, wrong, OBJ, err, sizeof(err));
    CHECK(rc == -1 && strstr(err, "does not match its sha256") && !bt_cache_has(c, wrong, -1) &&
              bt_cache_partial(c, wrong) == 0,
          "rc %d: %s", rc, err);

    bt_test_case = "404";
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/missing.bin", ng.port);
    rc = bt_http_get_object(h, c, url, wrong, 10, err, sizeof(err));
    CHECK(rc == -1 && strstr(err, "HTTP 404"), "rc %d: %s", rc, err);

    // End to end: a packed demo on nginx, played by URL; then played again with nginx down,
    // from the cache alone.
    bt_test_case = "the packed demo by URL";
    char args[4096], *log = NULL;
    snprintf(args, sizeof(args), "pack %s/playlists/demo.json %s/www/ward %s/assets", BT_SOURCE_DIR,
             dir, BT_SOURCE_DIR);
    CHECK(bt_test_run_bangtin("e2e-pack", args, NULL, NULL) == 0, "pack");
    check_redirect();
    check_credentials();
    check_reports();
    check_status_strings();
    bt_test_case = "a revision larger than the cache's budget";
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/small --set cache_max_bytes=100K --headless "
             "--renderer software --window 640x360 --snapshot 0 --out %s/small-shot "
             "http://127.0.0.1:%d/ward/playlist.json",
             dir, dir, ng.port);
    rc = bt_test_run_bangtin("budget", args, NULL, &log);
    CHECK(rc == 0 && log && strstr(log, "does not fit the cache's budget of 102400 bytes"),
          "exit %d:\n%s", rc, log ? log : "");
    {
        char png[1000];
        snprintf(png, sizeof(png), "%s/small-shot/frame-000000.png", dir);
        struct bt_test_image img;
        CHECK(bt_test_image_load(png, &img) == 0 && bt_test_pixel_is(&img, 2, 2, 0x0B2A4A, 2),
              "not the status card: #%06X", bt_test_pixel(&img, 2, 2));
        bt_test_image_free(&img);
    }
    free(log);
    log = NULL;
    for (int run = 0; run < 2; run++) {
        if (run == 1) {
            check_window();
            check_reset();
            bt_nginx_stop(&ng);
            bt_test_case = "the same, offline";
        }
        snprintf(args, sizeof(args),
                 "--config /dev/null --set cache_dir=%s/screen --set runtime_dir=%s/www "
                 "--headless --renderer software --window 960x540 --snapshot 0 --out %s/e2e%d "
                 "http://127.0.0.1:%d/ward/playlist.json",
                 dir, dir, dir, run, ng.port);
        char tag[32];
        snprintf(tag, sizeof(tag), "e2e%d", run);
        rc = bt_test_run_bangtin(tag, args, NULL, &log);
        CHECK(rc == 0, "exit %d:\n%s", rc, log ? log : "");
        char png[1000];
        snprintf(png, sizeof(png), "%s/e2e%d/frame-000000.png", dir, run);
        struct bt_test_image img;
        // Online, the packed demo's first infographic (the green circle in its middle);
        // offline, the last revision that was complete: the urgent one, whose first item is the
        // blue picture. Nothing skipped in either.
        int ok = bt_test_image_load(png, &img) == 0 &&
                 (run == 0 ? bt_test_pixel_is(&img, 360, 235, 0x1E7B34, 8)
                           : bt_test_pixel_is(&img, 360, 225, 0x0B4F8A, 6));
        CHECK(ok, "wrong picture: #%06X #%06X\n%s", bt_test_pixel(&img, 360, 235),
              bt_test_pixel(&img, 360, 225), log ? log : "");
        CHECK(log && !strstr(log, "skipped"), "items were skipped:\n%s", log ? log : "");
        if (run == 0) {
            // The status file, and `bangtin status` reading it for a person.
            char *out = NULL;
            snprintf(args, sizeof(args), "--config /dev/null --set runtime_dir=%s/www status", dir);
            int st = bt_test_run_bangtin("status", args, &out, NULL);
            CHECK(st == 0 && out && strstr(out, "Playing:   demo-4") &&
                      strstr(out, "Last poll: ") && strstr(out, "200 new document"),
                  "bangtin status said:\n%s", out ? out : "");
            free(out);
        }
        bt_test_image_free(&img);
        free(log);
        log = NULL;
    }
    l = bt_nginx_log_line(&ng, "/ward/objects/", 0);
    CHECK(l && strstr(l, "|200|"), "the objects were not fetched from nginx: %s", l ? l : "");
    // Once a revision plays, the server's log says which (the runs after the first).
    int named = 0;
    for (int n = 0; n < 20 && (l = bt_nginx_log_line(&ng, "/ward/playlist.json", n)); n++)
        named += strstr(l, "revision demo-4)") != NULL;
    CHECK(named > 0, "no request names the revision playing");

    bt_nginx_stop(&ng);
    bt_test_case = "server down";
    memset(&v, 0, sizeof(v));
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/playlist.json", ng.port);
    rc = bt_http_get_doc(h, url, &v, &body, &len, err, sizeof(err));
    CHECK(rc == -1 && strstr(err, "no answer"), "rc %d: %s", rc, err);

    bt_test_join();
    bt_http_destroy(h);
    bt_cache_close(c);
    curl_global_cleanup();
    free(data);
    free(data2);
    free(data3);
    return bt_test_end();
}
