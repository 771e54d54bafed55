// News feeds for tickers, from a real nginx: an RSS 2.0 and an Atom document turned into one line
// (newest first, at most N titles, none older than D days, markup, entities and controls
// handled), a 304 on the next poll, a broken feed that keeps its last good line (said once in
// the log), and a start with nginx stopped that shows the cached line at once. The player's
// frames of a feed ticker are compared pixel for pixel with a ticker of the expected text.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "net/feeds.h"
#include "test.h"

static char dir[600];

// 5 December 2026, 12:00 UTC: "now" for the parser's cases.
#define NOW 1796472000LL

static const char *const RSS =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>\n"
    "<title>Cổng thông tin phường</title>\n"
    "<item><title>Lịch tiếp công dân tháng 12</title>"
    "<pubDate>Thu, 03 Dec 2026 08:00:00 +0700</pubDate></item>\n"
    "<item><title><![CDATA[Tiêm chủng mở rộng &amp; <b>uống vitamin A</b>]]></title>"
    "<pubDate>Sat, 05 Dec 2026 07:30:00 +0700</pubDate></item>\n"
    "<item><title>Thu   gom\n\trác thải&#x9b;&#x202e; cồng kềnh</title>"
    "<pubDate>Fri, 04 Dec 2026 16:00:00 GMT</pubDate></item>\n"
    "<item><title>Họp tổ dân phố quý III</title>"
    "<pubDate>Mon, 05 Oct 2026 08:00:00 +0700</pubDate></item>\n"
    "<item><title>   </title><pubDate>Sat, 05 Dec 2026 09:00:00 +0700</pubDate></item>\n"
    "</channel></rss>\n";

static const char *const ATOM =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Phường Bến Nghé</title>\n"
    "<entry><title type=\"html\">Đại hội đại biểu &lt;i&gt;lần thứ XIII&lt;/i&gt;</title>"
    "<updated>2026-12-04T09:00:00+07:00</updated></entry>\n"
    "<entry><title>Nộp hồ sơ trực tuyến tại dichvucong.gov.vn</title>"
    "<updated>2026-12-05T01:15:30.5Z</updated></entry>\n"
    "<entry><title>Ngày hội Bình dân học vụ số</title>"
    "<published>2026-12-01T08:00:00+07:00</published></entry>\n"
    "</feed>\n";

static void parse_cases(void)
{
    struct bt_feed_spec all = {"x", 0, 0, " | "}, spec;
    char *line = NULL, err[300];

    bt_test_case = "RSS 2.0: newest first, sanitised, the empty title left out";
    int n = bt_feed_line(RSS, strlen(RSS), &all, NOW, &line, err, sizeof(err));
    CHECK(n == 4 && line &&
              strcmp(line, "Tiêm chủng mở rộng & uống vitamin A | Thu gom rác thải cồng kềnh "
                           "| Lịch tiếp công dân tháng 12 | Họp tổ dân phố quý III") == 0,
          "%d: %s", n, line ? line : err);
    free(line);

    bt_test_case = "RSS 2.0: at most 2 titles, none older than 30 days";
    spec = (struct bt_feed_spec){"x", 2, 30, " • "};
    n = bt_feed_line(RSS, strlen(RSS), &spec, NOW, &line, err, sizeof(err));
    CHECK(n == 2 && strcmp(line, "Tiêm chủng mở rộng & uống vitamin A • Thu gom rác thải cồng "
                                 "kềnh") == 0,
          "%d: %s", n, line ? line : err);
    free(line);
    spec = (struct bt_feed_spec){"x", 0, 30, " • "};
    n = bt_feed_line(RSS, strlen(RSS), &spec, NOW, &line, err, sizeof(err));
    CHECK(n == 3 && !strstr(line, "quý III"), "%d: %s", n, line ? line : err);
    free(line);

    bt_test_case = "Atom: updated or published, fractions of seconds, escaped markup";
    n = bt_feed_line(ATOM, strlen(ATOM), &all, NOW, &line, err, sizeof(err));
    CHECK(n == 3 && strcmp(line, "Nộp hồ sơ trực tuyến tại dichvucong.gov.vn | Đại hội đại biểu "
                                 "lần thứ XIII | Ngày hội Bình dân học vụ số") == 0,
          "%d: %s", n, line ? line : err);
    free(line);

    bt_test_case = "dates of both kinds";
    CHECK(bt_feed_date("Sat, 05 Dec 2026 07:30:00 +0700") == NOW - 11 * 3600 - 1800, "RFC 822");
    CHECK(bt_feed_date("2026-12-05T12:00:00Z") == NOW, "RFC 3339 Z");
    CHECK(bt_feed_date("2026-12-05T19:00:00+07:00") == NOW, "RFC 3339 offset");
    CHECK(bt_feed_date("hôm qua") == -1 && bt_feed_date("2026-13-05T19:00:00Z") == -1, "not dates");

    bt_test_case = "broken documents";
    const char *bad[] = {"<rss><channel><item><title>a</title></item>",
                         "<html><body>502 Bad "
                         "Gateway</body></html>",
                         "{\"items\": []}", ""};
    const char *why[] = {"is not XML", "neither RSS nor Atom (its root is <html>)", "is not XML",
                         "is not XML"};
    for (int i = 0; i < 4; i++) {
        line = NULL;
        err[0] = '\0';
        n = bt_feed_line(bad[i], strlen(bad[i]), &all, NOW, &line, err, sizeof(err));
        CHECK(n == -1 && !line && strstr(err, why[i]), "%d: %d %s", i, n, err);
    }

    bt_test_case = "an entity that would grow without end is refused, not expanded";
    const char *lol = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">"
                      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;"
                      "&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e "
                      "\"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;"
                      "&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]><rss><channel><item>"
                      "<title>&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;</title></item></channel></rss>";
    line = NULL;
    n = bt_feed_line(lol, strlen(lol), &all, NOW, &line, err, sizeof(err));
    CHECK(n == -1 || (line && strlen(line) < 4000), "%d, %zu bytes", n, line ? strlen(line) : 0);
    free(line);
}

// The line a feeds thread has for spec, waited for up to `seconds`; "" when none.
static char *line_of(struct bt_feeds *f, const struct bt_feed_spec *spec, double seconds)
{
    int64_t until = bt_test_deadline(seconds);
    for (;;) {
        char *l = bt_feeds_line(f, spec, NULL);
        if (l || bt_test_past(until))
            return l ? l : strdup("");
        free(l);
        usleep(20000);
    }
}

static struct bt_nginx ng;
static char url[200];

static void thread_cases(void)
{
    char cache[700];
    snprintf(cache, sizeof(cache), "%s/cache", dir);
    struct bt_feeds_opts o = {.cache_dir = cache, .interval = 1};
    struct bt_feed_spec spec = {url, 3, 0, NULL};

    bt_test_case = "the thread reads the feed, then asks conditionally: a 304";
    bt_nginx_put(&ng, "tin/rss.xml", RSS, strlen(RSS));
    sleep(3);   // validators of a file changed in the second it was served are not kept
    struct bt_feeds *f = bt_feeds_start(&o);
    bt_feeds_want(f, &spec, 1);
    char *l = line_of(f, &spec, 10);
    CHECK(strcmp(l, "Tiêm chủng mở rộng & uống vitamin A   •   Thu gom rác thải cồng kềnh   "
                    "•   Lịch tiếp công dân tháng 12") == 0,
          "\"%s\"", l);
    free(l);
    int64_t until = bt_test_deadline(10);
    while (bt_nginx_log_count(&ng, "/tin/rss.xml", "|304|") < 1 && !bt_test_past(until))
        usleep(50000);
    CHECK(bt_nginx_log_count(&ng, "/tin/rss.xml", "|304|") >= 1 &&
              bt_nginx_log_count(&ng, "/tin/rss.xml", "|200|") == 1,
          "200s %d, 304s %d", bt_nginx_log_count(&ng, "/tin/rss.xml", "|200|"),
          bt_nginx_log_count(&ng, "/tin/rss.xml", "|304|"));

    bt_test_case = "a new feed replaces the line";
    sleep(1);   // a new Last-Modified
    bt_nginx_put(&ng, "tin/rss.xml", ATOM, strlen(ATOM));
    until = bt_test_deadline(10);
    l = NULL;
    while (!bt_test_past(until)) {
        free(l);
        l = line_of(f, &spec, 1);
        if (strstr(l, "Nộp hồ sơ"))
            break;
        usleep(50000);
    }
    CHECK(l && strncmp(l, "Nộp hồ sơ trực tuyến", strlen("Nộp hồ sơ trực tuyến")) == 0, "\"%s\"",
          l ? l : "");
    free(l);

    bt_test_case = "a broken feed keeps the last good line";
    sleep(1);
    const char *broken = "<html><body>502 Bad Gateway</body></html>";
    bt_nginx_put(&ng, "tin/rss.xml", broken, strlen(broken));
    int before = bt_nginx_log_count(&ng, "/tin/rss.xml", "|200|");
    until = bt_test_deadline(10);
    while (bt_nginx_log_count(&ng, "/tin/rss.xml", "|200|") <= before && !bt_test_past(until))
        usleep(50000);
    usleep(300000);
    l = line_of(f, &spec, 1);
    CHECK(bt_nginx_log_count(&ng, "/tin/rss.xml", "|200|") > before &&
              strncmp(l, "Nộp hồ sơ trực tuyến", strlen("Nộp hồ sơ trực tuyến")) == 0,
          "\"%s\"", l);
    free(l);
    bt_feeds_stop(f);

    bt_test_case = "an offline start: the cached line at once";
    bt_nginx_stop(&ng);
    f = bt_feeds_start(&o);
    bt_feeds_want(f, &spec, 1);
    l = line_of(f, &spec, 5);
    CHECK(strncmp(l, "Nộp hồ sơ trực tuyến", strlen("Nộp hồ sơ trực tuyến")) == 0, "\"%s\"", l);
    free(l);
    bt_feeds_stop(f);
    CHECK(bt_nginx_restart(&ng) == 0, "nginx did not start again");
}

// A frame (frame 90 at 30 Hz: 3 s in) of a ticker item, through the player.
static int frame(const char *tag, const char *item, const char *extra, struct bt_test_image *img,
                 char **err)
{
    char doc[3000], name[100], args[3000];
    snprintf(doc, sizeof(doc),
             "{\"version\": 1, \"revision\": \"f\", \"canvas\": {\"width\": 480, \"height\": 60},\n"
             " \"zones\": [{\"id\": \"t\", \"x\": 0, \"y\": 0, \"w\": 480, \"h\": 60, \"items\": "
             "[%s]}]}\n",
             item);
    snprintf(name, sizeof(name), "%s.json", tag);
    const char *path = bt_test_write(name, doc);
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/player-cache %s --headless --renderer software "
             "--window 480x60 --fps 30 --snapshot 90 --out %s/%s %s",
             dir, extra, dir, tag, path);
    int rc = bt_test_run_bangtin(tag, args, NULL, err);
    CHECK(rc == 0, "%s: exit %d\n%s", tag, rc, *err ? *err : "");
    char png[1200];
    snprintf(png, sizeof(png), "%s/%s/frame-000090.png", dir, tag);
    return rc == 0 ? bt_test_image_load(png, img) : -1;
}

static int same(const struct bt_test_image *a, const struct bt_test_image *b)
{
    return a->w == b->w && a->h == b->h && memcmp(a->rgb, b->rgb, (size_t)a->w * a->h * 3) == 0;
}

static void player_cases(void)
{
    char item[800], *err = NULL;
    struct bt_test_image want = {0}, got = {0};
    int ok =
        frame("want",
              "{\"type\": \"ticker\", \"font_size\": 30, \"speed\": 150, \"text\": \"Nộp hồ sơ "
              "trực tuyến tại dichvucong.gov.vn ◆ Đại hội đại biểu lần thứ XIII\"}",
              "", &want, &err) == 0;
    free(err);
    snprintf(item, sizeof(item),
             "{\"type\": \"ticker\", \"font_size\": 30, \"speed\": 150, \"feed\": \"%s\", "
             "\"feed_items\": 2, \"separator\": \" ◆ \", \"text\": \"Đang tải tin…\"}",
             url);

    bt_test_case = "the player's ticker shows the feed's titles";
    bt_nginx_put(&ng, "tin/rss.xml", ATOM, strlen(ATOM));
    err = NULL;
    ok = ok && frame("feed", item, "", &got, &err) == 0;
    CHECK(ok && same(&got, &want), "the frame is not the ticker of the titles\n%s", err ? err : "");
    free(err);
    bt_test_image_free(&got);

    bt_test_case = "a broken feed: the last good titles, said once";
    const char *broken = "<rss><channel><item><title>";
    bt_nginx_put(&ng, "tin/rss.xml", broken, strlen(broken));
    err = NULL;
    ok = frame("broken", item, "", &got, &err) == 0;
    CHECK(ok && same(&got, &want) && err && strstr(err, "is not XML") &&
              strstr(err, "its last good titles stay on the screen") &&
              strstr(err, "its last good titles stay") == strstr(err, "its last good titles"),
          "\n%s", err ? err : "");
    free(err);
    bt_test_image_free(&got);

    bt_test_case = "offline: the cached titles";
    bt_nginx_stop(&ng);
    err = NULL;
    ok = frame("offline", item, "", &got, &err) == 0;
    CHECK(ok && same(&got, &want), "\n%s", err ? err : "");
    free(err);
    bt_test_image_free(&got);

    bt_test_case = "a first start offline: the ticker's own text";
    struct bt_test_image own = {0};
    err = NULL;
    ok = frame("own-want",
               "{\"type\": \"ticker\", \"font_size\": 30, \"speed\": 150, \"text\": \"Đang tải "
               "tin…\"}",
               "", &own, &err) == 0;
    free(err);
    err = NULL;
    ok = ok && frame("first", item, "--set cache_dir=/nonexistent-dir/x", &got, &err) == 0;
    CHECK(ok && same(&got, &own), "\n%s", err ? err : "");
    free(err);
    bt_test_image_free(&got);
    bt_test_image_free(&own);
    bt_test_image_free(&want);
}

int main(void)
{
    snprintf(dir, sizeof(dir), "%s", bt_test_tmpdir());
    parse_cases();
    CHECK(bt_test_sh("mkdir -p %s/www/tin", dir) == 0, "no folder");
    CHECK(bt_nginx_start(&ng, dir, NULL) == 0, "nginx did not start");
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/tin/rss.xml", ng.port);
    thread_cases();
    player_cases();
    bt_nginx_stop(&ng);
    return bt_test_end();
}
