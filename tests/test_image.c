// Images, from files the ffmpeg command makes: each fit mode, EXIF orientation, PNG/JPEG/WebP,
// the size bounds, refused formats, and a damaged JPEG skipped by the player and logged once
// (through the player, under each renderer named on the command line).
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libavutil/crc.h>
#include <libavutil/intreadwrite.h>

#include "media/image.h"
#include "test.h"

#define RED       0xDA251Du
#define BLUE      0x0B4F8Au
#define GREEN     0x1E7B34u
#define BLACK_BAR 0x000000u

static char dir[600];

static void ffmpeg(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "cd %s && ffmpeg -nostdin -v error -y %s", dir, args);
    if (system(cmd) != 0) {
        fprintf(stderr, "failed: %s\n", cmd);
        exit(1);
    }
}

static const char *path(const char *name)
{
    static char p[4][800];
    static int i;
    char *out = p[i++ % 4];
    snprintf(out, 800, "%s/%s", dir, name);
    return out;
}

// A JPEG whose EXIF says "turn me 90 degrees clockwise" (orientation 6).
static void write_exif_jpeg(const char *from, const char *to)
{
    static const uint8_t app1[] = {
        0xFF, 0xE1, 0x00, 0x22, 'E',  'x',  'i',  'f',  0,
        0,    'M',  'M',  0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,   // TIFF, big-endian, IFD at 8
        0x00, 0x01,                                             // one entry
        0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,         // Orientation, SHORT, count 1
        0x00, 0x06, 0x00, 0x00,                                 // value 6
        0x00, 0x00, 0x00, 0x00,                                 // no next IFD
    };
    char *data = NULL;
    FILE *f = fopen(from, "rb");
    size_t n = 0;
    if (f) {
        data = malloc(1 << 22);
        n = fread(data, 1, 1 << 22, f);
        fclose(f);
    }
    f = fopen(to, "wb");
    if (!data || !f || n < 2 || fwrite(data, 1, 2, f) != 2 ||
        fwrite(app1, 1, sizeof(app1), f) != sizeof(app1) ||
        fwrite(data + 2, 1, n - 2, f) != n - 2 || fclose(f) != 0)
        exit(1);
    free(data);
}

// The first part of a file only, as an interrupted copy leaves it.
static void truncate_copy(const char *from, const char *to, double part)
{
    FILE *f = fopen(from, "rb");
    char *data = malloc(1 << 22);
    size_t n = f ? fread(data, 1, 1 << 22, f) : 0;
    if (f)
        fclose(f);
    f = fopen(to, "wb");
    size_t keep = (size_t)(n * part);
    if (!f || fwrite(data, 1, keep, f) != keep || fclose(f) != 0)
        exit(1);
    free(data);
}

// A PNG that claims 30000 x 30000 pixels: only its header, valid.
static void write_huge_png(const char *to)
{
    uint8_t ihdr[17] = {'I', 'H', 'D', 'R'};
    AV_WB32(ihdr + 4, 30000);
    AV_WB32(ihdr + 8, 30000);
    ihdr[12] = 8;   // depth
    ihdr[13] = 2;   // RGB
    uint32_t crc = av_crc(av_crc_get_table(AV_CRC_32_IEEE_LE), 0xFFFFFFFF, ihdr, 17) ^ 0xFFFFFFFF;
    uint8_t out[8 + 4 + 17 + 4 + 12];
    memcpy(out, "\x89PNG\r\n\x1a\n", 8);
    AV_WB32(out + 8, 13);
    memcpy(out + 12, ihdr, 17);
    AV_WB32(out + 29, crc);
    // An empty IEND.
    memcpy(out + 33, "\0\0\0\0IEND\xae\x42\x60\x82", 12);
    FILE *f = fopen(to, "wb");
    if (!f || fwrite(out, 1, sizeof(out), f) != sizeof(out) || fclose(f) != 0)
        exit(1);
}

static void make_media(void)
{
    snprintf(dir, sizeof(dir), "%s", bt_test_tmpdir());
    // 400x200: red left half, blue right half, a green strip along the top.
    const char *marker = "-f lavfi -i \"color=c=0xDA251D:s=400x200[a];color=c=0x0B4F8A:"
                         "s=200x200[b];color=c=0x1E7B34:s=400x50[c];[a][b]overlay=200:0[ab];"
                         "[ab][c]overlay=0:0\" -frames:v 1";
    char args[1024];
    snprintf(args, sizeof(args), "%s marker.png", marker);
    ffmpeg(args);
    snprintf(args, sizeof(args), "%s -q:v 2 marker.jpg", marker);
    ffmpeg(args);
    snprintf(args, sizeof(args), "%s -lossless 1 marker.webp", marker);
    ffmpeg(args);
    ffmpeg("-f lavfi -i testsrc2=s=4000x3000 -frames:v 1 -q:v 3 big.jpg");
    ffmpeg("-f lavfi -i testsrc2=s=640x480 -frames:v 1 -q:v 2 photo.jpg");
    ffmpeg("-f lavfi -i testsrc=s=64x64:d=1:r=5 anim.gif");
    ffmpeg("-f lavfi -i testsrc=s=64x64:d=1:r=5 -loop 0 anim.webp");
    write_exif_jpeg(path("marker.jpg"), path("turned.jpg"));
    truncate_copy(path("photo.jpg"), path("cut.jpg"), 0.5);
    write_huge_png(path("huge.png"));
    // What is not a regular file: a FIFO no one writes (a plain open waits forever), a folder,
    // a link to a device that never ends; and an empty file.
    CHECK(mkfifo(path("fifo.png"), 0600) == 0 && mkdir(path("folder.png"), 0700) == 0 &&
              symlink("/dev/zero", path("zero.png")) == 0,
          "cannot make the special files");
    bt_test_write("empty.png", "");
    // What `check` must judge as the player does (videos as well).
    bt_test_write("drawing.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
                                 "height=\"10\"><rect width=\"10\" height=\"10\"/></svg>\n");
    ffmpeg("-f lavfi -i testsrc=s=64x48:d=0.4:r=10 -pix_fmt yuv420p good.mp4");
    ffmpeg("-f lavfi -i testsrc=s=64x48:d=0.4:r=10 clip.avi");
    ffmpeg("-f lavfi -i testsrc=s=64x48:d=0.4:r=25 -f mpeg clip.mpg");
    ffmpeg("-f lavfi -i sine=d=0.4 -c:a aac sound.m4a");
    ffmpeg("-f lavfi -i color=c=red:s=32x32 -frames:v 1 poster.png");
    bt_test_write("empty.mp4", "");
    bt_test_write("list.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg0.ts\n"
                               "#EXT-X-ENDLIST\n");
    char noise[4096];
    for (size_t i = 0; i < sizeof(noise) - 1; i++)
        noise[i] = (char)(1 + (i * 2654435761u >> 13) % 250);
    noise[sizeof(noise) - 1] = '\0';
    bt_test_write("noise.mp4", noise);
}

// `bangtin check` opens each local picture and clip with the player's own code, and says what
// the player would, at the line and column of its src; what plays gets no word.
static void check_check(void)
{
    static const struct {
        const char *type, *file, *says;
    } media[] = {
        {"image", "marker.png", NULL},
        {"video", "good.mp4", NULL},
        {"image", "anim.gif", "anim.gif is a GIF, which bangtin does not play"},
        {"image", "drawing.svg", "drawing.svg is not a PNG, JPEG or WebP image"},
        {"image", "huge.png", "huge.png is 30000×30000 pixels"},
        {"image", "cut.jpg", "cut.jpg is damaged or cut short, and cannot be decoded"},
        {"image", "anim.webp", "anim.webp is an animated WebP"},
        {"image", "fifo.png", "fifo.png is not a regular file"},
        {"image", "folder.png", "folder.png is not a regular file: it is a folder"},
        {"image", "zero.png", "zero.png is not a regular file"},
        {"video", "clip.avi", "clip.avi is not a video bangtin plays"},
        {"video", "clip.mpg", "clip.mpg is not a video bangtin plays"},
        {"video", "empty.mp4", "empty.mp4 is empty (0 bytes)"},
        {"video", "noise.mp4", "noise.mp4 is not a video bangtin plays"},
        {"video", "list.m3u8", "list.m3u8 is not a video bangtin plays"},
        {"video", "sound.m4a", "sound.m4a has no video stream"},
        {"video", "poster.png", "poster.png is not a video bangtin plays"},
    };
    enum {
        N = sizeof(media) / sizeof(media[0])
    };
    bt_test_case = "check judges media as the player does";
    char json[8000], args[2000], want[1200];
    int n = snprintf(json, sizeof(json),
                     "{\"version\": 1, \"canvas\": {\"width\": 320, \"height\": 180},\n"
                     " \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": 320, "
                     "\"h\": 180, \"items\": [\n");
    for (int i = 0; i < N; i++)   // item i on line 3 + i, its src at column 32
        n += snprintf(json + n, sizeof(json) - (size_t)n,
                      "  {\"type\": \"%s\", \"src\": \"%s\", \"duration\": 5}%s\n",
                      strcmp(media[i].type, "image") == 0 ? "image" : "video", media[i].file,
                      i + 1 < N ? "," : "");
    snprintf(json + n, sizeof(json) - (size_t)n, "]}]}\n");
    const char *pl = bt_test_write("media.json", json);
    snprintf(args, sizeof(args), "check %s", pl);
    char *out = NULL;
    int rc = bt_test_run_bangtin("check-media", args, &out, NULL);
    CHECK(rc == 2, "exit %d, want 2 (errors)", rc);
    int errors = 0;
    for (int i = 0; i < N; i++) {
        if (!media[i].says) {
            snprintf(want, sizeof(want), "/%s ", media[i].file);
            CHECK(out && !strstr(out, want), "%s %s: check spoke of it:\n%s", media[i].type,
                  media[i].file, out ? out : "");
            continue;
        }
        errors++;
        // The src's value starts after `  {"type": "image", "src": ` (27 characters).
        snprintf(want, sizeof(want), "media.json:%d:28: error: zones[0].items[%d].src: ", 3 + i, i);
        const char *at = out ? strstr(out, want) : NULL;
        const char *eol = at ? strchr(at, '\n') : NULL;
        int found =
            at && eol && memmem(at, (size_t)(eol - at), media[i].says, strlen(media[i].says));
        CHECK(found, "%s %s: no \"%s%s\" in:\n%s", media[i].type, media[i].file, want,
              media[i].says, out ? out : "");
    }
    snprintf(want, sizeof(want), "%d errors", errors);
    CHECK(out && strstr(out, want), "not %s:\n%s", want, out ? out : "");
    free(out);

    // In Vietnamese for staff whose system speaks it (the catalogue built beside the binary).
    bt_test_case = "check judges media, in Vietnamese";
    setenv("LANGUAGE", "vi", 1);
    setenv("LC_ALL", "C.UTF-8", 1);
    rc = bt_test_run_bangtin("check-media-vi", args, &out, NULL);
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    CHECK(rc == 2 && out && strstr(out, "anim.gif là ảnh GIF, bangtin không phát loại này") &&
              strstr(out, "sound.m4a không có luồng hình; màn hình bỏ qua mục này") &&
              strstr(out, "fifo.png không phải là tệp thông thường"),
          "exit %d:\n%s", rc, out ? out : "");
    free(out);
}

struct point {
    int x, y;
    uint32_t rgb;
};

struct fit_case {
    const char *name;
    const char *file;
    enum bt_fit fit;
    int box_w, box_h;
    int want_w, want_h;
    int tol;
    struct point points[4];
};

static const struct fit_case fits[] = {
    {"contain png",
     "marker.png",
     BT_FIT_CONTAIN,
     300,
     300,
     300,
     150,
     4,
     {{75, 100, RED}, {225, 100, BLUE}, {150, 10, GREEN}, {299, 149, BLUE}}},
    {"cover png",
     "marker.png",
     BT_FIT_COVER,
     300,
     300,
     300,
     300,
     4,
     // scaled 1.5 to 600x300, the middle 300 columns kept: source columns 100..299
     {{50, 150, RED}, {250, 150, BLUE}, {150, 20, GREEN}, {60, 120, RED}}},
    {"stretch png",
     "marker.png",
     BT_FIT_STRETCH,
     300,
     300,
     300,
     300,
     4,
     {{75, 150, RED}, {225, 150, BLUE}, {150, 20, GREEN}, {60, 120, RED}}},
    {"contain jpeg",
     "marker.jpg",
     BT_FIT_CONTAIN,
     300,
     300,
     300,
     150,
     12,
     {{75, 100, RED}, {225, 100, BLUE}, {150, 10, GREEN}}},
    {"contain webp",
     "marker.webp",
     BT_FIT_CONTAIN,
     300,
     300,
     300,
     150,
     4,
     {{75, 100, RED}, {225, 100, BLUE}, {150, 10, GREEN}}},
    // EXIF 6: turned clockwise, the top strip goes to the right and the red half to the top.
    {"exif orientation",
     "turned.jpg",
     BT_FIT_CONTAIN,
     400,
     400,
     200,
     400,
     12,
     {{80, 100, RED}, {80, 300, BLUE}, {190, 200, GREEN}, {190, 20, GREEN}}},
    {"a 4000x3000 photo, scaled down", "big.jpg", BT_FIT_CONTAIN, 400, 400, 400, 300, 0, {{0}}},
};

struct refuse_case {
    const char *name;
    const char *file;
    const char *reason;
};

static const struct refuse_case refusals[] = {
    {"truncated jpeg", "cut.jpg", "is damaged or cut short"},
    {"30000x30000", "huge.png", "is 30000×30000 pixels"},
    {"gif", "anim.gif", "is a GIF"},
    {"animated webp", "anim.webp", "is an animated WebP"},
    {"not an image", "marker.txt", "is not a PNG, JPEG or WebP image"},
    {"missing", "nowhere.png", "cannot read"},
    {"fifo", "fifo.png", "is not a regular file"},
    {"folder", "folder.png", "is not a regular file"},
    {"device", "zero.png", "is not a regular file"},
    {"empty", "empty.png", "is empty"},
};

static uint32_t pixel(SDL_Surface *s, int x, int y)
{
    const uint8_t *p = (const uint8_t *)s->pixels + y * s->pitch + x * 4;
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];   // RGBA32 bytes: R G B A
}

static int close_to(uint32_t a, uint32_t b, int tol)
{
    for (int s = 0; s <= 16; s += 8) {
        int d = (int)((a >> s) & 0xFF) - (int)((b >> s) & 0xFF);
        if (d > tol || d < -tol)
            return 0;
    }
    return 1;
}

static void check_library(void)
{
    bt_test_write("marker.txt", "not a picture\n");
    for (size_t i = 0; i < sizeof(fits) / sizeof(fits[0]); i++) {
        const struct fit_case *c = &fits[i];
        bt_test_case = c->name;
        char err[300] = "";
        SDL_Surface *s = bt_image_load(path(c->file), c->box_w, c->box_h, c->fit, err, sizeof(err));
        CHECK(s != NULL, "not loaded: %s", err);
        if (!s)
            continue;
        CHECK(s->w == c->want_w && s->h == c->want_h, "%dx%d, want %dx%d", s->w, s->h, c->want_w,
              c->want_h);
        for (int k = 0; k < 4 && c->points[k].rgb; k++) {
            const struct point *p = &c->points[k];
            CHECK(p->x < s->w && p->y < s->h && close_to(pixel(s, p->x, p->y), p->rgb, c->tol),
                  "(%d,%d) is #%06X, want #%06X", p->x, p->y,
                  p->x < s->w && p->y < s->h ? pixel(s, p->x, p->y) : 0, p->rgb);
        }
        SDL_FreeSurface(s);
    }
    for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
        const struct refuse_case *c = &refusals[i];
        bt_test_case = c->name;
        // In a child, so that a load that waits (on a FIFO) fails the case by a deadline.
        char err[300] = "";
        int fds[2];
        if (pipe(fds) != 0)
            continue;
        pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            SDL_Surface *s =
                bt_image_load(path(c->file), 300, 300, BT_FIT_CONTAIN, err, sizeof(err));
            if (s)
                snprintf(err, sizeof(err), "(loaded)");
            ssize_t w = write(fds[1], err, strlen(err));
            _exit(w < 0);
        }
        close(fds[1]);
        struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
        int answered = poll(&pfd, 1, 10000) == 1;
        ssize_t n = answered ? read(fds[0], err, sizeof(err) - 1) : 0;
        err[n > 0 ? n : 0] = '\0';
        close(fds[0]);
        if (!answered)
            kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        CHECK(answered, "still loading after 10 s");
        CHECK(strstr(err, c->reason) != NULL, "reason \"%s\", want \"%s\"", err, c->reason);
    }
}

// The player: a damaged JPEG between two good pictures is skipped, logged once however often
// the zone loops, and the zone shows the pictures it can (letterboxed by `contain`).
static void check_player(const char *renderer)
{
    char name[64], json[2048], args[2048], png[1200];
    snprintf(name, sizeof(name), "player/%s", renderer);
    bt_test_case = name;
    snprintf(json, sizeof(json),
             "{\"version\": 1, \"canvas\": {\"width\": 300, \"height\": 300}, \"zones\": [{\"id\": "
             "\"z\", \"x\": 0, \"y\": 0, \"w\": 300, \"h\": 300, \"background\": \"#000000\", "
             "\"items\": [{\"type\": \"image\", \"src\": \"marker.png\", \"duration\": 1}, "
             "{\"type\": \"image\", \"src\": \"cut.jpg\", \"duration\": 1}, "
             "{\"type\": \"image\", \"src\": \"fifo.png\", \"duration\": 1}, "
             "{\"type\": \"image\", \"src\": \"marker.webp\", \"duration\": 1, \"fit\": "
             "\"stretch\"}]}]}");
    char file[64];
    snprintf(file, sizeof(file), "images-%s.json", renderer);
    const char *pl = bt_test_write(file, json);
    snprintf(args, sizeof(args),
             "--config /dev/null --headless --renderer %s --window 300x300 --fps 10 --frames 60 "
             "--log-level debug --snapshot 5,15 --out %s/images-%s %s",
             renderer, dir, renderer, pl);
    char *err = NULL;
    int rc = bt_test_run_bangtin(file, args, NULL, &err);
    CHECK(rc == 0, "exit %d", rc);
    // Each skipped file: one warning, with the reason, however often the zone loops (3 times
    // in 6 s); and FFmpeg's own words not as warnings or errors.
    const char *once[] = {"warn  zone: z: item 1 (image) is skipped: ",
                          "cut.jpg is damaged or cut short, and cannot be decoded (",
                          "warn  zone: z: item 2 (image) is skipped: ",
                          "fifo.png is not a regular file",
                          "marker.png decoded for 300x300",
                          "marker.webp decoded for 300x300"};
    for (size_t i = 0; i < sizeof(once) / sizeof(once[0]); i++) {
        int count = 0;
        for (const char *p = err; p && (p = strstr(p, once[i])); p++)
            count++;
        CHECK(count == 1, "\"%s\" %d times in 6 s, want once:\n%s", once[i], count, err ? err : "");
    }
    CHECK(err && !strstr(err, "warn  ffmpeg") && !strstr(err, "error ffmpeg"),
          "FFmpeg's lines above debug level:\n%s", err ? err : "");
    free(err);
    struct bt_test_image img;
    snprintf(png, sizeof(png), "%s/images-%s/frame-000005.png", dir, renderer);
    CHECK(bt_test_image_load(png, &img) == 0, "no frame 5");
    CHECK(bt_test_pixel_is(&img, 75, 150, RED, 4) && bt_test_pixel_is(&img, 225, 150, BLUE, 4) &&
              bt_test_pixel_is(&img, 150, 40, BLACK_BAR, 0),
          "frame 5 is not the contained marker: #%06X #%06X #%06X", bt_test_pixel(&img, 75, 150),
          bt_test_pixel(&img, 225, 150), bt_test_pixel(&img, 150, 40));
    bt_test_image_free(&img);
    // At 1.5 s the damaged item is skipped: the stretched WebP fills the zone.
    snprintf(png, sizeof(png), "%s/images-%s/frame-000015.png", dir, renderer);
    CHECK(bt_test_image_load(png, &img) == 0, "no frame 15");
    CHECK(bt_test_pixel_is(&img, 75, 150, RED, 4) && bt_test_pixel_is(&img, 150, 20, GREEN, 4) &&
              bt_test_pixel_is(&img, 75, 290, RED, 4) && bt_test_pixel_is(&img, 225, 290, BLUE, 4),
          "frame 15 is not the stretched marker: #%06X #%06X", bt_test_pixel(&img, 150, 20),
          bt_test_pixel(&img, 75, 290));
    bt_test_image_free(&img);
}

int main(int argc, char **argv)
{
    bt_test_with_plain_tools(make_media);
    check_library();
    check_check();
    for (int i = 1; i < argc; i++)
        check_player(argv[i]);
    return bt_test_end();
}
