// Transitions as the wall shows them, under both renderers: every frame of each kind (fade,
// slide left and up, wipe left and up) between two pictures, read back. At its first frame the
// zone shows the item going out, at its middle each kind's own mix of the two, at its end the
// item coming in; and no frame shows a pixel of the zone's background (green) or of the canvas
// (black). Clips keep playing through a slide, the one going out and the one coming in.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

static char dir[600];

#define W     160
#define H     90
#define FIRST 20   // the transition's first frame: 1 s at 20 frames a second
#define LAST  40   // its end: 1 s later

static const char *renderer;

// Draws frames FIRST - 1 to LAST + 1 of `items` in a zone with `transition`. Returns 0.
static int frames(const char *tag, const char *transition, const char *items)
{
    char doc[3000], name[100], args[3000], list[400] = "";
    snprintf(doc, sizeof(doc),
             "{\"version\": 1, \"revision\": \"t\", \"canvas\": {\"width\": %d, \"height\": %d},\n"
             " \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": %d, \"h\": %d, "
             "\"background\": \"#00FF00\", \"transition\": %s,\n  \"items\": [%s]}]}\n",
             W, H, W, H, transition, items);
    snprintf(name, sizeof(name), "%s.json", tag);
    const char *path = bt_test_write(name, doc);
    for (int f = FIRST - 1; f <= LAST + 1; f++)
        snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%d", f > FIRST - 1 ? "," : "",
                 f);
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/cache --headless --renderer %s --window %dx%d "
             "--fps 20 --snapshot %s --out %s/%s %s",
             dir, renderer, W, H, list, dir, tag, path);
    char *err = NULL;
    int rc = bt_test_run_bangtin(tag, args, NULL, &err);
    CHECK(rc == 0, "%s: exit %d\n%s", tag, rc, err ? err : "");
    free(err);
    return rc == 0 ? 0 : -1;
}

static int load(const char *tag, int f, struct bt_test_image *img)
{
    char png[1200];
    snprintf(png, sizeof(png), "%s/%s/frame-%06d.png", dir, tag, f);
    int rc = bt_test_image_load(png, img);
    CHECK(rc == 0, "no frame %s", png);
    return rc;
}

// Whether (x, y) of the frame is this colour (within 10 on each channel).
static int at(const struct bt_test_image *img, int x, int y, uint32_t rgb)
{
    return bt_test_pixel_is(img, x, y, rgb, 10);
}

// Pixels of the zone's background or the canvas: a gap between the two items.
static int gaps(const struct bt_test_image *img, int *gx, int *gy)
{
    int n = 0;
    for (int y = 0; y < img->h; y++)
        for (int x = 0; x < img->w; x++) {
            uint32_t p = bt_test_pixel(img, x, y);
            int r = (int)(p >> 16), g = (int)(p >> 8) & 255, b = (int)p & 255;
            if (g > 60 || r + b < 60) {
                if (!n++)
                    *gx = x, *gy = y;
            }
        }
    return n;
}

static int same(const struct bt_test_image *a, const struct bt_test_image *b)
{
    return a->w == b->w && a->h == b->h && memcmp(a->rgb, b->rgb, (size_t)a->w * a->h * 3) == 0;
}

#define RED     0xFF0000u
#define MAGENTA 0xFF00FFu
#define BLUE    0x0000FFu
#define NAVY    0x000080u

struct kind {
    const char *name, *transition;
    int vertical;   // the pictures split top and bottom, else left and right
    // At the middle: the colour a quarter in (left or top) and three quarters in.
    uint32_t mid_a, mid_b;
};

static const struct kind kinds[] = {
    {"fade", "{\"type\": \"fade\", \"duration\": 1}", 0, 0x800080u, 0x8000C0u},
    {"slide left", "{\"type\": \"slide\", \"duration\": 1}", 0, MAGENTA, BLUE},
    {"slide up", "{\"type\": \"slide\", \"direction\": \"up\", \"duration\": 1}", 1, MAGENTA, BLUE},
    {"wipe left", "{\"type\": \"wipe\", \"duration\": 1}", 0, RED, NAVY},
    {"wipe up", "{\"type\": \"wipe\", \"direction\": \"up\", \"duration\": 1}", 1, RED, NAVY},
};

static void make_media(void)
{
    // Pictures in two halves: going out red | magenta, coming in blue | navy; side by side or
    // one above the other.
    const char *stack[2] = {"hstack", "vstack"};
    const char *size[2] = {"80x90", "160x45"};
    for (int v = 0; v < 2; v++) {
        CHECK(
            bt_test_sh("cd %s && ffmpeg -v error -y -f lavfi -i color=c=red:s=%s,format=rgb24 "
                       "-f lavfi -i color=c=magenta:s=%s,format=rgb24 -filter_complex %s "
                       "-frames:v 1 out%d.png && ffmpeg -v error -y -f lavfi -i "
                       "color=c=blue:s=%s,format=rgb24 -f lavfi -i color=c=navy:s=%s,format=rgb24 "
                       "-filter_complex %s -frames:v 1 in%d.png",
                       dir, size[v], size[v], stack[v], v, size[v], size[v], stack[v], v) == 0,
            "ffmpeg made no pictures");
    }
    // Clips whose colour changes every frame, red and blue with no green: going out, coming in.
    CHECK(bt_test_sh("cd %s && ffmpeg -v error -y -f lavfi -i color=c=black:s=%dx%d:r=25:d=2 -vf "
                     "\"geq=r='128+120*sin(N/2)':g='0':b='100',format=yuv420p\" -c:v libx264 "
                     "-preset ultrafast out.mp4 && ffmpeg -v error -y -f lavfi -i "
                     "color=c=black:s=%dx%d:r=25:d=3 -vf \"geq=r='100':g='0':b='128+120*sin(N/2)',"
                     "format=yuv420p\" -c:v libx264 -preset ultrafast in.mp4",
                     dir, W, H, W, H) == 0,
          "ffmpeg made no clips");
}

static void kind_case(const struct kind *k)
{
    char name[200], tag[100], items[600];
    snprintf(name, sizeof(name), "%s, %s", k->name, renderer);
    bt_test_case = name;
    snprintf(tag, sizeof(tag), "%s-%s", k->name, renderer);
    for (char *c = tag; *c; c++)
        if (*c == ' ')
            *c = '-';
    snprintf(items, sizeof(items),
             "{\"type\": \"image\", \"src\": \"out%d.png\", \"duration\": 1},\n"
             "   {\"type\": \"image\", \"src\": \"in%d.png\", \"duration\": 2}",
             k->vertical, k->vertical);
    if (frames(tag, k->transition, items) != 0)
        return;
    // Points a quarter and three quarters across (or down), mid-height (or mid-width).
    int ax = k->vertical ? W / 2 : W / 4, ay = k->vertical ? H / 4 : H / 2;
    int bx = k->vertical ? W / 2 : 3 * W / 4, by = k->vertical ? 3 * H / 4 : H / 2;
    struct bt_test_image first, last;
    if (load(tag, FIRST, &first) != 0 || load(tag, LAST, &last) != 0)
        return;
    for (int f = FIRST - 1; f <= LAST + 1; f++) {
        struct bt_test_image img;
        if (load(tag, f, &img) != 0)
            break;
        int gx = 0, gy = 0, n = gaps(&img, &gx, &gy);
        CHECK(n == 0, "frame %d: %d pixels of background, the first at %d,%d: #%06X", f, n, gx, gy,
              bt_test_pixel(&img, gx, gy));
        uint32_t pa = bt_test_pixel(&img, ax, ay), pb = bt_test_pixel(&img, bx, by);
        if (f <= FIRST)
            CHECK(at(&img, ax, ay, RED) && at(&img, bx, by, MAGENTA),
                  "frame %d (the start): #%06X #%06X, not the item going out", f, pa, pb);
        else if (f == (FIRST + LAST) / 2)
            CHECK(at(&img, ax, ay, k->mid_a) && at(&img, bx, by, k->mid_b),
                  "frame %d (the middle): #%06X #%06X, want #%06X #%06X", f, pa, pb, k->mid_a,
                  k->mid_b);
        else if (f >= LAST)
            CHECK(at(&img, ax, ay, BLUE) && at(&img, bx, by, NAVY),
                  "frame %d (the end): #%06X #%06X, not the item coming in", f, pa, pb);
        else
            CHECK(!same(&img, &first) && !same(&img, &last),
                  "frame %d (under way): #%06X #%06X, the same as the %s", f, pa, pb,
                  same(&img, &first) ? "start" : "end");
        bt_test_image_free(&img);
    }
    bt_test_image_free(&first);
    bt_test_image_free(&last);
}

// Clips through a slide: the pixels of the one going out (at the left edge) and of the one
// coming in (at the right edge) change from frame to frame, and no frame has a gap.
static void clips_case(void)
{
    char name[200], tag[100];
    snprintf(name, sizeof(name), "clips through a slide, %s", renderer);
    bt_test_case = name;
    snprintf(tag, sizeof(tag), "clips-%s", renderer);
    if (frames(tag, "{\"type\": \"slide\", \"duration\": 1}",
               "{\"type\": \"video\", \"src\": \"out.mp4\", \"duration\": 1},\n"
               "   {\"type\": \"video\", \"src\": \"in.mp4\", \"duration\": 2}") != 0)
        return;
    uint32_t last_out = 0, last_in = 0;
    int out_changes = 0, in_changes = 0, gapless = 1;
    for (int f = FIRST + 2; f <= LAST - 4; f++) {
        struct bt_test_image img;
        if (load(tag, f, &img) != 0)
            return;
        int gx, gy;
        if (gaps(&img, &gx, &gy))
            gapless = 0;
        uint32_t o = bt_test_pixel(&img, 1, H / 2), i = bt_test_pixel(&img, W - 2, H / 2);
        if (f > FIRST + 2) {
            out_changes += o != last_out;
            in_changes += i != last_in;
        }
        last_out = o;
        last_in = i;
        bt_test_image_free(&img);
    }
    int n = LAST - 4 - (FIRST + 2);
    CHECK(gapless, "a frame shows the background");
    CHECK(out_changes >= n / 2 && in_changes >= n / 2,
          "over %d frames the clip going out changed %d times, the one coming in %d", n,
          out_changes, in_changes);
}

int main(int argc, char **argv)
{
    snprintf(dir, sizeof(dir), "%s", bt_test_tmpdir());
    make_media();
    const char *renderers[] = {"opengles2", "software"};
    int nr = argc > 1 ? argc - 1 : 2;
    for (int r = 0; r < nr; r++) {
        renderer = argc > 1 ? argv[r + 1] : renderers[r];
        for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
            kind_case(&kinds[k]);
        clips_case();
    }
    return bt_test_end();
}
