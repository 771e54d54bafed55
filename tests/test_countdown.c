// Countdowns as the wall shows them: frames of a countdown compared pixel for pixel with frames
// of a text item with the words it should show, across the day boundaries of the playlist's
// zone (Asia/Ho_Chi_Minh) while the system's zone is another (New York, behind; Kiritimati,
// ahead), and once the moment has passed (its "after" text, or nothing). And the text itself
// for each kind of format.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "time/clockfmt.h"

static char dir[600];

static const char *const HEAD =
    "{\"version\": 1, \"revision\": \"r\", \"timezone\": \"Asia/Ho_Chi_Minh\", \"canvas\": "
    "{\"width\": 480, \"height\": 60},\n \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": "
    "480, \"h\": 60, \"background\": \"#0B4F8A\", \"items\": [";

// Draws one frame of `item` at moment `at` ("@EPOCH") into tag/frame-000000.png.
static int frame(const char *tag, const char *at, const char *item, struct bt_test_image *img)
{
    char doc[2000], name[100], args[2000];
    snprintf(doc, sizeof(doc), "%s%s]}]}\n", HEAD, item);
    snprintf(name, sizeof(name), "%s.json", tag);
    const char *path = bt_test_write(name, doc);
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/cache --headless --renderer software --window "
             "480x60 --at %s --snapshot 0 --out %s/%s %s",
             dir, at, dir, tag, path);
    char *err = NULL;
    int rc = bt_test_run_bangtin(tag, args, NULL, &err);
    CHECK(rc == 0, "%s: exit %d\n%s", tag, rc, err ? err : "");
    free(err);
    char png[1200];
    snprintf(png, sizeof(png), "%s/%s/frame-000000.png", dir, tag);
    return rc == 0 ? bt_test_image_load(png, img) : -1;
}

static int same(const struct bt_test_image *a, const struct bt_test_image *b)
{
    return a->w == b->w && a->h == b->h && memcmp(a->rgb, b->rgb, (size_t)a->w * a->h * 3) == 0;
}

// The share of pixels that are not the zone's blue: 0 when nothing is drawn on it.
static double inked(const struct bt_test_image *a)
{
    long n = 0;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++)
            n += !bt_test_pixel_is(a, x, y, 0x0B4F8A, 8);
    return (double)n / (a->w * a->h);
}

struct wall_case {
    const char *at;     // the moment shown
    const char *text;   // the countdown's text
    const char *want;   // what the wall should read
};

// The Đại hội opens at 08:00 on 20 December 2026 in Hà Nội: 01:00 UTC.
static const struct wall_case wall[] = {
    {"@1797440399", "Còn {days} ngày đến Đại hội", "Còn 4 ngày đến Đại hội"},   // 23:59:59, 16th
    {"@1797440400", "Còn {days} ngày đến Đại hội", "Còn 3 ngày đến Đại hội"},   // 00:00, 17th
    {"@1797510600", "Còn {days} ngày {hours} giờ", "Còn 2 ngày 12 giờ"},        // 19:30, 17th
    {"@1797510600", "Còn {hours} giờ", "Còn 60 giờ"},
    {"@1797728340", "Còn {days} ngày đến Đại hội", "Còn 0 ngày đến Đại hội"},   // 07:59, 20th
    {"@1797728340", "Còn {hours} giờ {minutes} phút", "Còn 0 giờ 1 phút"},
};

int main(void)
{
    snprintf(dir, sizeof(dir), "%s", bt_test_tmpdir());

    bt_test_case = "the text of each format";
    char out[200];
    bt_countdown_fmt("Còn {days} ngày", 3, 2 * 86400 + 5 * 3600, out, sizeof(out));
    CHECK(strcmp(out, "Còn 3 ngày") == 0, "%s", out);
    bt_countdown_fmt("{days} ngày {hours} giờ", 3, 2 * 86400 + 5 * 3600 + 3599, out, sizeof(out));
    CHECK(strcmp(out, "2 ngày 5 giờ") == 0, "%s", out);
    bt_countdown_fmt("{hours}:{minutes} {{days}}", 3, 2 * 86400 + 5 * 3600 + 61, out, sizeof(out));
    CHECK(strcmp(out, "53:1 {days}") == 0, "%s", out);
    bt_countdown_fmt("{minutes} phút", 1, 3 * 3600 + 59, out, sizeof(out));
    CHECK(strcmp(out, "180 phút") == 0, "%s", out);
    bt_countdown_fmt("{days}/{hours}", -1, -30, out, sizeof(out));
    CHECK(strcmp(out, "0/0") == 0, "past: %s", out);

    const char *zones[] = {"America/New_York", "Pacific/Kiritimati"};
    for (int zi = 0; zi < 2; zi++) {
        setenv("TZ", zones[zi], 1);
        for (size_t i = 0; i < sizeof(wall) / sizeof(wall[0]); i++) {
            char name[300], tag[64], item[600];
            snprintf(name, sizeof(name), "system zone %s, %s: \"%s\"", zones[zi], wall[i].at,
                     wall[i].want);
            bt_test_case = name;
            struct bt_test_image a = {0}, b = {0};
            snprintf(tag, sizeof(tag), "cd-%d-%zu", zi, i);
            snprintf(item, sizeof(item),
                     "{\"type\": \"countdown\", \"to\": \"2026-12-20T08:00\", \"text\": \"%s\", "
                     "\"font_size\": 30}",
                     wall[i].text);
            int ok = frame(tag, wall[i].at, item, &a) == 0;
            snprintf(tag, sizeof(tag), "ref-%d-%zu", zi, i);
            snprintf(item, sizeof(item),
                     "{\"type\": \"text\", \"text\": \"%s\", \"font_size\": 30}", wall[i].want);
            ok = ok && frame(tag, wall[i].at, item, &b) == 0;
            CHECK(ok && same(&a, &b) && inked(&a) > 0.01,
                  "the countdown's frame is not the text's (%.3f of it inked)", inked(&a));
            bt_test_image_free(&a);
            bt_test_image_free(&b);
        }

        bt_test_case = "at the moment: the text after it";
        struct bt_test_image a = {0}, b = {0};
        int ok = frame("after", "@1797728400",
                       "{\"type\": \"countdown\", \"to\": \"2026-12-20T08:00\", \"after\": \"Chào "
                       "mừng Đại hội\", \"font_size\": 30}",
                       &a) == 0;
        ok = ok && frame("after-ref", "@1797728400",
                         "{\"type\": \"text\", \"text\": \"Chào mừng Đại hội\", \"font_size\": 30}",
                         &b) == 0;
        CHECK(ok && same(&a, &b) && inked(&a) > 0.01, "not the text after (%.3f inked)", inked(&a));
        bt_test_image_free(&a);
        bt_test_image_free(&b);

        bt_test_case = "a second before the moment, with no text after: still counting";
        ok = frame("before", "@1797728399",
                   "{\"type\": \"countdown\", \"to\": \"2026-12-20T08:00\", \"font_size\": 30}",
                   &a) == 0;
        CHECK(ok && inked(&a) > 0.01, "nothing drawn (%.3f inked)", inked(&a));
        bt_test_image_free(&a);
        bt_test_case = "at the moment, with no text after: the item is over";
        ok = frame("gone", "@1797728400",
                   "{\"type\": \"countdown\", \"to\": \"2026-12-20T08:00\", \"font_size\": 30}",
                   &a) == 0;
        CHECK(ok && inked(&a) == 0, "%.3f of the zone is drawn on", inked(&a));
        bt_test_image_free(&a);
    }
    unsetenv("TZ");

    bt_test_case = "check: a countdown's mistakes, each with its field";
    const char *path = bt_test_write(
        "bad.json",
        "{\"version\": 1, \"revision\": \"b\", \"canvas\": {\"width\": 480, \"height\": 60},\n"
        " \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": 480, \"h\": 60, \"items\": [\n"
        "  {\"type\": \"countdown\", \"text\": \"Còn {days} ngày\"},\n"
        "  {\"type\": \"countdown\", \"to\": \"20/12/2026\"},\n"
        "  {\"type\": \"countdown\", \"to\": \"2026-12-20\", \"text\": \"Còn {day} ngày\"},\n"
        "  {\"type\": \"countdown\", \"to\": \"2026-12-20\", \"transition\": {\"type\": \"slide\", "
        "\"direction\": \"down\"}}]}]}\n");
    char args[1200], *o = NULL, *e = NULL;
    snprintf(args, sizeof(args), "check %s", path);
    int rc = bt_test_run_bangtin("check", args, &o, &e);
    CHECK(rc != 0 && o &&
              strstr(o, "bad.json:3:3: error: zones[0].items[0]: a countdown needs \"to\"") &&
              strstr(o, "bad.json:4:31: error: zones[0].items[1].to: \"20/12/2026\" is written "
                        "day/month/year") &&
              strstr(o, "zones[0].items[2].text: {day} is not a countdown field (did you mean "
                        "{days}); use {days} {hours} {minutes}") &&
              strstr(o, "zones[0].items[3].transition.direction: \"down\" is not one of \"left\" "
                        "or \"up\""),
          "exit %d:\n%s%s", rc, o ? o : "", e ? e : "");
    free(o);
    free(e);
    return bt_test_end();
}
