// QR codes as a phone sees them: frames drawn by the player (both renderers, a full-HD screen
// and a 128x64 LED panel) read back by a real decoder (zbarimg, Debian's zbar-tools), the code
// black on white whatever the zone's colours; and what `check` says of codes too small to read
// or texts too long for one.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen/qr.h"
#include "test.h"

static char dir[600];

// What zbarimg reads in a frame ("" when nothing).
static void decode(const char *png, char *out, size_t n)
{
    char cmd[1400];
    snprintf(cmd, sizeof(cmd), "zbarimg -q --raw %s 2>/dev/null", png);
    out[0] = '\0';
    char *preload = getenv("LD_PRELOAD") ? strdup(getenv("LD_PRELOAD")) : NULL;
    unsetenv("LD_PRELOAD");
    FILE *p = popen(cmd, "r");
    if (p) {
        size_t k = fread(out, 1, n - 1, p);
        out[k] = '\0';
        pclose(p);
    }
    if (preload)
        setenv("LD_PRELOAD", preload, 1);
    free(preload);
    size_t len = strlen(out);
    while (len && (out[len - 1] == '\n' || out[len - 1] == '\r'))
        out[--len] = '\0';
}

static void frame(const char *tag, const char *renderer, int w, int h, const char *doc, char *png,
                  size_t n)
{
    char name[100], args[3000];
    snprintf(name, sizeof(name), "%s.json", tag);
    const char *path = bt_test_write(name, doc);
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/cache --headless --renderer %s --window %dx%d "
             "--snapshot 0 --out %s/%s %s",
             dir, renderer, w, h, dir, tag, path);
    char *log = NULL;
    int rc = bt_test_run_bangtin(tag, args, NULL, &log);
    CHECK(rc == 0, "%s: exit %d\n%s", tag, rc, log ? log : "");
    free(log);
    snprintf(png, n, "%s/%s/frame-000000.png", dir, tag);
}

static const char *const URL =
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh.html?ma=1.001612";

int main(int argc, char **argv)
{
    snprintf(dir, sizeof(dir), "%s", bt_test_tmpdir());
    const char *renderers[] = {"opengles2", "software"};
    int nr = argc > 1 ? argc - 1 : 2;
    for (int r = 0; r < nr; r++) {
        const char *rd = argc > 1 ? argv[r + 1] : renderers[r];
        char doc[2000], png[1200], got[3000], tag[64];

        bt_test_case = "a QR code on a full-HD screen, with its caption";
        snprintf(doc, sizeof(doc),
                 "{\"version\": 1, \"revision\": \"qr\", \"canvas\": {\"width\": 1920, \"height\": "
                 "1080},\n \"zones\": [{\"id\": \"dvc\", \"x\": 960, \"y\": 0, \"w\": 960, \"h\": "
                 "1080, \"background\": \"#0B4F8A\",\n  \"items\": [{\"type\": \"qr\", \"text\": "
                 "\"%s\", \"caption\": \"Dịch vụ công trực tuyến\"}]},\n"
                 "  {\"id\": \"chu\", \"x\": 0, \"y\": 0, \"w\": 960, \"h\": 1080, \"items\": "
                 "[{\"type\": \"text\", \"text\": \"Quét mã để nộp hồ sơ\"}]}]}\n",
                 URL);
        snprintf(tag, sizeof(tag), "hd-%s", rd);
        frame(tag, rd, 1920, 1080, doc, png, sizeof(png));
        decode(png, got, sizeof(got));
        CHECK(strcmp(got, URL) == 0, "%s: zbarimg read \"%s\"", rd, got);
        struct bt_test_image img;
        int ok = bt_test_image_load(png, &img) == 0;
        // The quiet zone is white, the zone's blue only outside it.
        int width = 0;
        unsigned char *m = bt_qr_encode(URL, &width);
        int cap = bt_qr_caption_px(1080, 0);
        struct bt_qr_layout l = bt_qr_layout(width, 960, 1080, cap);
        free(m);
        CHECK(ok && l.module >= 2 && bt_test_pixel_is(&img, 960 + l.x + 2, l.y + 2, 0xFFFFFF, 4) &&
                  bt_test_pixel_is(&img, 960 + l.x + BT_QR_QUIET * l.module + 1,
                                   l.y + BT_QR_QUIET * l.module + 1, 0x000000, 4) &&
                  bt_test_pixel_is(&img, 960 + l.x - 3, l.y + 2, 0x0B4F8A, 4),
              "%s: the quiet zone #%06X, the first module #%06X, outside #%06X", rd,
              bt_test_pixel(&img, 960 + l.x + 2, l.y + 2),
              bt_test_pixel(&img, 960 + l.x + BT_QR_QUIET * l.module + 1,
                            l.y + BT_QR_QUIET * l.module + 1),
              bt_test_pixel(&img, 960 + l.x - 3, l.y + 2));
        bt_test_image_free(&img);

        bt_test_case = "a QR code on a 128x64 LED panel";
        snprintf(doc, sizeof(doc),
                 "{\"version\": 1, \"revision\": \"led\", \"canvas\": {\"width\": 128, "
                 "\"height\": 64},\n \"zones\": [{\"id\": \"m\", \"x\": 64, \"y\": 0, \"w\": 64, "
                 "\"h\": 64, \"background\": \"#C8102E\", \"items\": [{\"type\": \"qr\", "
                 "\"text\": \"https://dichvucong.gov.vn\"}]},\n"
                 "  {\"id\": \"t\", \"x\": 0, \"y\": 0, \"w\": 64, \"h\": 64, \"items\": "
                 "[{\"type\": \"text\", \"text\": \"DVC\"}]}]}\n");
        snprintf(tag, sizeof(tag), "led-%s", rd);
        frame(tag, rd, 128, 64, doc, png, sizeof(png));
        // An LED panel's pixels are far apart: what a phone sees is the panel magnified.
        char big[1300];
        snprintf(big, sizeof(big), "%s/%s-x8.png", dir, tag);
        char cmd[3000];
        snprintf(cmd, sizeof(cmd), "ffmpeg -v error -y -i %s -vf scale=iw*8:ih*8:flags=neighbor %s",
                 png, big);
        CHECK(bt_test_sh("%s", cmd) == 0, "ffmpeg did not magnify %s", png);
        decode(big, got, sizeof(got));
        CHECK(strcmp(got, "https://dichvucong.gov.vn") == 0, "%s: zbarimg read \"%s\"", rd, got);
    }

    bt_test_case = "check: codes too small to read, and a text too long for one";
    char long_text[2600];
    memset(long_text, 'a', 2400);
    long_text[2400] = '\0';
    char doc[4000];
    snprintf(doc, sizeof(doc),
             "{\"version\": 1, \"revision\": \"c\", \"canvas\": {\"width\": 128, \"height\": 64},\n"
             " \"zones\": [{\"id\": \"a\", \"x\": 0, \"y\": 0, \"w\": 40, \"h\": 40, \"items\": "
             "[{\"type\": \"qr\", \"text\": \"https://dichvucong.gov.vn\"}]},\n"
             "  {\"id\": \"b\", \"x\": 40, \"y\": 0, \"w\": 20, \"h\": 20, \"items\": "
             "[{\"type\": \"qr\", \"text\": \"https://dichvucong.gov.vn\"}]},\n"
             "  {\"id\": \"c\", \"x\": 64, \"y\": 0, \"w\": 64, \"h\": 64, \"items\": "
             "[{\"type\": \"qr\", \"text\": \"%s\"}]}]}\n",
             long_text);
    const char *path = bt_test_write("check.json", doc);
    char args[1200], *out = NULL, *err = NULL;
    snprintf(args, sizeof(args), "check %s", path);
    int rc = bt_test_run_bangtin("check", args, &out, &err);
    CHECK(rc != 0 && out &&
              strstr(out, "zones[0].items[0].text: each module of the code is 1 pixel") &&
              strstr(out, "zones[1].items[0].text: the code needs 33 pixels a side") &&
              strstr(out, "zones[2].items[0].text: is 2400 bytes: a QR code holds at most 2331"),
          "exit %d:\n%s%s", rc, out ? out : "", err ? err : "");
    free(out);
    free(err);
    return bt_test_end();
}
