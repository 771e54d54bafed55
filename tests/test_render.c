// Rendering, headless, from real pixels: the bangtin binary draws frames with SDL's offscreen
// driver and writes them as PNG; this test reads them back and checks colours at known points.
// Every case runs under each renderer named on the command line (opengles2 and software).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL_ttf.h>

#include "screen/render.h"
#include "screen/text.h"
#include "test.h"

#define RED    0xDA251Du
#define BLUE   0x0B4F8Au
#define GREEN  0x1E7B34u
#define YELLOW 0xFFCD00u
#define GREY   0x101418u
#define BLACK  0x000000u
#define CARD   0x0B2A4Au

#define ZONE(id, x, y, w, h, bg)                                                                   \
    "{\"id\": \"" id "\", \"x\": " #x ", \"y\": " #y ", \"w\": " #w ", \"h\": " #h                 \
    ", \"background\": \"" bg "\"}"
#define PLAYLIST(w, h, zones)                                                                      \
    "{\"version\": 1, \"canvas\": {\"width\": " #w ", \"height\": " #h                             \
    ", \"background\": \"#101418\"}, \"zones\": [" zones "]}"

// A canvas of 400x200: red left half, blue right half, a green strip along the top; so every
// rotation and mirror is told apart.
static const char marker_json[] =
    PLAYLIST(400, 200,
             ZONE("left", 0, 0, 200, 200, "#DA251D") "," ZONE(
                 "right", 200, 0, 200, 200, "#0B4F8A") "," ZONE("top", 0, 0, 400, 50, "#1E7B34"));

static const char zones_json[] =
    PLAYLIST(1920, 1080,
             ZONE("main", 0, 0, 1440, 900, "#DA251D") "," ZONE(
                 "side", 1440, 0, 480, 600,
                 "#0B4F8A") "," ZONE("banner", 0, 900, 1440, 180,
                                     "#FFCD00") "," ZONE("over", 1300, 800, 200, 200, "#1E7B34"));

// Two zones meeting at canvas x = 160, for pixel-exact integer scaling.
static const char small_json[] = PLAYLIST(
    320, 160, ZONE("a", 0, 0, 160, 160, "#DA251D") "," ZONE("b", 160, 0, 160, 160, "#0B4F8A"));

struct point {
    int x, y;   // display pixel
    uint32_t rgb;
};

struct render_case {
    const char *name;
    const char *playlist;   // JSON text, or NULL for a path that does not exist
    const char *args;       // extra options
    int tol;                // per-channel tolerance (scaled edges are far from the points)
    struct point points[12];
};

// Where canvas point (cx, cy) of a 400x200 canvas lands in a 600x600 window at `rotate`
// (clockwise), worked out by hand: scale 1.5, centred.
static struct point marker_at(int rotate, int cx, int cy, uint32_t rgb)
{
    double s = 1.5;
    struct point p = {0, 0, rgb};
    switch (rotate) {
    case 0:
        p.x = (int)(cx * s);
        p.y = (int)(150 + cy * s);
        break;
    case 90:
        p.x = (int)(150 + (200 - cy) * s);
        p.y = (int)(cx * s);
        break;
    case 180:
        p.x = (int)(600 - cx * s);
        p.y = (int)(150 + (200 - cy) * s);
        break;
    default:
        p.x = (int)(150 + cy * s);
        p.y = (int)((400 - cx) * s);
        break;
    }
    return p;
}

static void run_case(const struct render_case *c, const char *renderer, int idx)
{
    char name[256], tag[64], args[4096], out_dir[1024], png[1100];
    snprintf(name, sizeof(name), "%s/%s", c->name, renderer);
    bt_test_case = name;
    snprintf(tag, sizeof(tag), "case%d-%s", idx, renderer);
    snprintf(out_dir, sizeof(out_dir), "%s/%s", bt_test_tmpdir(), tag);

    char pl_name[96];
    const char *pl_path;
    if (c->playlist) {
        snprintf(pl_name, sizeof(pl_name), "%s.json", tag);
        pl_path = bt_test_write(pl_name, c->playlist);
    } else {
        pl_path = "/nonexistent/playlist.json";
    }
    snprintf(args, sizeof(args),
             "--config /dev/null --headless --renderer %s --out %s --snapshot 0 %s %s", renderer,
             out_dir, c->args, pl_path);
    char *out = NULL, *err = NULL;
    int rc = bt_test_run_bangtin(tag, args, &out, &err);
    CHECK(rc == 0, "bangtin exited %d: %s", rc, err ? err : "");
    char want[128];
    snprintf(want, sizeof(want), "(offscreen, %s renderer)", renderer);
    CHECK(err && strstr(err, want), "the log does not say %s:\n%s", want, err ? err : "");
    snprintf(png, sizeof(png), "%s/frame-000000.png", out_dir);
    CHECK(out && strstr(out, png), "stdout does not name %s: %s", png, out ? out : "");

    struct bt_test_image img;
    if (bt_test_image_load(png, &img) != 0) {
        CHECK(0, "cannot read %s", png);
    } else {
        for (int i = 0; i < 12 && (c->points[i].x || c->points[i].y || c->points[i].rgb); i++) {
            const struct point *p = &c->points[i];
            CHECK(bt_test_pixel_is(&img, p->x, p->y, p->rgb, c->tol),
                  "pixel (%d,%d) is #%06X, want #%06X", p->x, p->y, bt_test_pixel(&img, p->x, p->y),
                  p->rgb);
        }
        bt_test_image_free(&img);
    }
    free(out);
    free(err);
}

// Where `line`, drawn in white at some body size of the card's regular font over the card's
// background, appears in the picture at the card's margin: its reference, pixel for pixel (a
// renderer may round a blend by a step or two). Returns the size found, or 0.
static int find_line(const struct bt_test_image *img, struct bt_fonts *fonts, const char *line,
                     int x0)
{
    static const SDL_Color white = {0xFF, 0xFF, 0xFF, 0xFF};
    for (int px = 8; px <= 48; px++) {
        TTF_Font *font = bt_fonts_get(fonts, 0, px);
        SDL_Surface *raw = font ? TTF_RenderUTF8_Blended(font, line, white) : NULL;
        SDL_Surface *s = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
        SDL_FreeSurface(raw);
        if (!s)
            continue;
        int found = 0;
        for (int y0 = 0; !found && y0 + s->h <= img->h && x0 + s->w <= img->w; y0++) {
            int ok = 1;
            for (int y = 0; ok && y < s->h; y++) {
                const uint32_t *row = (const uint32_t *)((const uint8_t *)s->pixels + y * s->pitch);
                for (int x = 0; ok && x < s->w; x++) {
                    uint32_t a = row[x] >> 24, want = 0;
                    for (int sh = 0; sh <= 16; sh += 8) {
                        uint32_t bg = (CARD >> sh) & 0xFF;
                        want |= ((bg * (255 - a) + 0xFF * a + 127) / 255) << sh;
                    }
                    ok = bt_test_pixel_is(img, x0 + x, y0 + y, want, 3);
                }
            }
            found = ok;
        }
        SDL_FreeSurface(s);
        if (found)
            return px;
    }
    return 0;
}

// The status card: its background at the corners, the playlist line drawn exactly as the
// expected string at the card's margin, and the problem line in amber.
static void check_card(const char *renderer, const char *name, const char *extra,
                       const char *want_text, const char *want_line, int problem, const char *never)
{
    char tag[64], args[2048], png[1100], label[128];
    snprintf(label, sizeof(label), "%s/%s", name, renderer);
    bt_test_case = label;
    snprintf(tag, sizeof(tag), "%s-%s", name, renderer);
    snprintf(args, sizeof(args),
             "--headless --renderer %s --window 640x360 --out %s/%s --snapshot 0 %s", renderer,
             bt_test_tmpdir(), tag, extra);
    char *err = NULL;
    int rc = bt_test_run_bangtin(tag, args, NULL, &err);
    CHECK(rc == 0, "bangtin exited %d", rc);
    CHECK(err && strstr(err, want_text), "the log does not say '%s':\n%s", want_text,
          err ? err : "");
    CHECK(!never || (err && !strstr(err, never)), "the log shows '%s':\n%s", never, err ? err : "");
    snprintf(png, sizeof(png), "%s/%s/frame-000000.png", bt_test_tmpdir(), tag);
    struct bt_test_image img;
    if (bt_test_image_load(png, &img) != 0) {
        CHECK(0, "cannot read %s", png);
        free(err);
        return;
    }
    CHECK(bt_test_pixel_is(&img, 2, 2, CARD, 2), "corner is #%06X", bt_test_pixel(&img, 2, 2));
    CHECK(bt_test_pixel_is(&img, 637, 357, CARD, 2), "corner is #%06X",
          bt_test_pixel(&img, 637, 357));
    struct bt_fonts *fonts = bt_fonts_create();
    CHECK(fonts, "no fonts");
    int margin = 360 / 16;
    int px = fonts ? find_line(&img, fonts, want_line, margin) : 0;
    CHECK(px > 0, "the card does not show \"%s\" at x %d", want_line, margin);
    // Nor does any other string pass: the same search for a line the card does not hold fails.
    char wrong[256];
    snprintf(wrong, sizeof(wrong), "%s.", want_line);
    CHECK(!fonts || !find_line(&img, fonts, wrong, margin), "\"%s\" is found too", wrong);
    bt_fonts_destroy(fonts);
    int amber = 0;
    for (int y = 0; y < img.h; y++) {
        for (int x = 0; x < img.w; x++) {
            uint32_t p = bt_test_pixel(&img, x, y);
            if (((p >> 16) & 0xFF) > 200 && ((p >> 8) & 0xFF) > 150 && (p & 0xFF) < 80)
                amber++;
        }
    }
    CHECK(problem ? amber > 300 : amber == 0, "%d amber (problem line) pixels", amber);
    bt_test_image_free(&img);
    free(err);
}

// The clock shows the time in the playlist's zone, whatever the system's: beside it, a text slide
// of the expected string in the same font, size and colours is the reference, pixel for pixel.
// The system is in UTC and the moment is given as an instant, so a clock in the wrong zone
// (01:05 on the 23rd instead of 08:05, or 20:30 instead of 03:30 the next day) fails.
struct clock_case {
    const char *zone;
    long long at;        // seconds since the epoch
    const char *shown;   // what the clock must show there, "{HH}:{MM} {dd}/{mm}/{yyyy}"
};

static void check_clock(const char *renderer, const struct clock_case *k, int idx)
{
    char name[128], tag[64], pl[2048], args[2048], png[1200];
    snprintf(name, sizeof(name), "clock %s/%s", k->zone, renderer);
    bt_test_case = name;
    snprintf(tag, sizeof(tag), "clock%d-%s", idx, renderer);
#define CLOCK_STYLE                                                                                \
    "\"font_size\": 40, \"color\": \"#FFFFFF\", \"align\": \"left\", \"valign\": \"top\""
    snprintf(pl, sizeof(pl),
             "{\"version\": 1, \"timezone\": \"%s\", \"canvas\": {\"width\": 800, \"height\": "
             "100, \"background\": \"#101418\"}, \"zones\": ["
             "{\"id\": \"clock\", \"x\": 0, \"y\": 0, \"w\": 400, \"h\": 100, \"background\": "
             "\"#0B2A4A\", \"items\": [{\"type\": \"clock\", \"format\": \"{HH}:{MM} "
             "{dd}/{mm}/{yyyy}\", " CLOCK_STYLE "}]},"
             "{\"id\": \"ref\", \"x\": 400, \"y\": 0, \"w\": 400, \"h\": 100, \"background\": "
             "\"#0B2A4A\", \"items\": [{\"type\": \"text\", \"text\": \"%s\", " CLOCK_STYLE "}]}]}",
             k->zone, k->shown);
#undef CLOCK_STYLE
    char file[80];
    snprintf(file, sizeof(file), "%s.json", tag);
    const char *path = bt_test_write(file, pl);
    snprintf(args, sizeof(args),
             "--config /dev/null --headless --renderer %s --window 800x100 --at @%lld "
             "--snapshot 0 --out %s/%s %s",
             renderer, k->at, bt_test_tmpdir(), tag, path);
    char *err = NULL;
    int rc = bt_test_run_bangtin(tag, args, NULL, &err);
    CHECK(rc == 0, "bangtin exited %d:\n%s", rc, err ? err : "");
    free(err);
    snprintf(png, sizeof(png), "%s/%s/frame-000000.png", bt_test_tmpdir(), tag);
    struct bt_test_image img;
    if (bt_test_image_load(png, &img) != 0) {
        CHECK(0, "cannot read %s", png);
        return;
    }
    int differ = 0, ink = 0, fx = -1, fy = -1;
    for (int y = 0; y < 100; y++) {
        for (int x = 0; x < 400; x++) {
            uint32_t a = bt_test_pixel(&img, x, y), b = bt_test_pixel(&img, x + 400, y);
            if (a != b && !differ++) {
                fx = x;
                fy = y;
            }
            ink += bt_test_pixel_is(&img, x + 400, y, 0xFFFFFF, 40);
        }
    }
    // The reference is not empty (two blank zones would match), and the clock draws it exactly.
    CHECK(ink > 200, "the reference \"%s\" has only %d white pixels", k->shown, ink);
    CHECK(differ == 0, "the clock is not \"%s\": %d pixels differ, the first at %d,%d", k->shown,
          differ, fx, fy);
    bt_test_image_free(&img);
}

static void check_fit(void)
{
    bt_test_case = "bt_render_fit";
    struct bt_rect out = {100, 50, 768, 384};
    struct bt_render_map m = bt_render_fit(&out, 1920, 1080, 0, 0);
    CHECK(m.fit.w == 683 && m.fit.h == 384 && m.fit.x == 142 && m.fit.y == 50, "fit %gx%g at %g,%g",
          m.fit.w, m.fit.h, m.fit.x, m.fit.y);
    struct bt_rect panel = {0, 0, 1000, 500};
    m = bt_render_fit(&panel, 320, 160, 0, 1);
    CHECK(m.scale == 3.0 && m.fit.x == 20 && m.fit.y == 10, "scale %g at %g,%g", m.scale, m.fit.x,
          m.fit.y);
    m = bt_render_fit(&panel, 2000, 1000, 0, 1);   // too big for whole numbers: scaled down
    CHECK(m.scale == 0.5, "scale %g", m.scale);
    struct bt_rect square = {0, 0, 600, 600};
    m = bt_render_fit(&square, 400, 200, 90, 0);
    CHECK(m.fit.w == 300 && m.fit.h == 600 && m.copy.w == 600 && m.copy.h == 300 && m.copy.x == 0 &&
              m.copy.y == 150,
          "fit %gx%g copy %gx%g at %g,%g", m.fit.w, m.fit.h, m.copy.w, m.copy.h, m.copy.x,
          m.copy.y);
}

// The demo plays a simulated minute headless with nothing worse than info in its log, and
// shows its zones: an infographic, the clock and the banner.
static void check_demo(const char *renderer)
{
    char name[64], args[2048], png[1200];
    snprintf(name, sizeof(name), "demo/%s", renderer);
    bt_test_case = name;
    snprintf(args, sizeof(args),
             "--config /dev/null --headless --renderer %s --window 960x540 --fps 10 "
             "--frames 600 --at 2026-11-23T08:05 --snapshot 0,59s --out %s/demo-%s "
             "%s/playlists/demo.json",
             renderer, bt_test_tmpdir(), renderer, BT_SOURCE_DIR);
    char *err = NULL, tag[64];
    snprintf(tag, sizeof(tag), "demo-%s", renderer);
    int rc = bt_test_run_bangtin(tag, args, NULL, &err);
    CHECK(rc == 0, "exit %d", rc);
    CHECK(err && !strstr(err, "\nerror") && !strstr(err, "\nwarn") &&
              strncmp(err, "warn", 4) != 0 && strncmp(err, "error", 5) != 0,
          "the demo logs a problem:\n%s", err ? err : "");
    free(err);
    snprintf(png, sizeof(png), "%s/demo-%s/frame-000000.png", bt_test_tmpdir(), renderer);
    struct bt_test_image img;
    CHECK(bt_test_image_load(png, &img) == 0, "no first frame");
    // The banner's red, the clock zone's blue at its corner, and white clock text in it.
    CHECK(bt_test_pixel_is(&img, 5, 535, 0xDA251D, 2), "banner #%06X", bt_test_pixel(&img, 5, 535));
    CHECK(bt_test_pixel_is(&img, 955, 5, 0x0B2A4A, 2), "clock zone #%06X",
          bt_test_pixel(&img, 955, 5));
    int white = 0;
    for (int y = 0; y < 180; y++)
        for (int x = 720; x < 960; x++)
            white += bt_test_pixel_is(&img, x, y, 0xFFFFFF, 30);
    CHECK(white > 1000, "the clock shows only %d white pixels", white);
    bt_test_image_free(&img);
}

// Mesa's shader cache stays in the player's cache folder, in a folder of its own (capped), not in
// the service's home.
static void check_shader_cache(void)
{
    bt_test_case = "Mesa's shader cache";
    char args[2048], path[1200];
    unsetenv("MESA_SHADER_CACHE_DIR");
    unsetenv("MESA_SHADER_CACHE_DISABLE");
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/shadercache --headless --renderer opengles2 "
             "--window 320x180 --frames 2 %s/playlists/demo.json",
             bt_test_tmpdir(), BT_SOURCE_DIR);
    int rc = bt_test_run_bangtin("shaders", args, NULL, NULL);
    snprintf(path, sizeof(path), "%s/shadercache/mesa-shaders/mesa_shader_cache", bt_test_tmpdir());
    struct stat st;
    CHECK(rc == 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode), "exit %d; no %s", rc, path);
}

int main(int argc, char **argv)
{
    static struct render_case cases[16];
    int n = 0;
    cases[n++] = (struct render_case){"zone backgrounds",
                                      zones_json,
                                      "--window 1920x1080",
                                      0,
                                      {{700, 400, RED},
                                       {1600, 300, BLUE},
                                       {700, 1000, YELLOW},
                                       {1600, 800, GREY},
                                       {1400, 900, GREEN},
                                       {1460, 610, GREY},
                                       {1299, 850, RED},
                                       {1300, 850, GREEN},
                                       {1919, 1079, GREY},
                                       {0, 0, RED}}};
    cases[n++] = (struct render_case){"output rectangle",
                                      marker_json,
                                      "--window 1920x1080 --set output=100,50,768,384",
                                      3,
                                      // 400x200 into 768x384: scale 1.92, 768x384 at 100,50
                                      {{110, 150, RED},
                                       {800, 150, BLUE},
                                       {200, 60, GREEN},
                                       {50, 25, BLACK},
                                       {99, 200, BLACK},
                                       {868, 200, BLACK},
                                       {500, 434, BLACK},
                                       {1000, 600, BLACK},
                                       {1900, 1000, BLACK}}};
    cases[n++] =
        (struct render_case){"aspect kept",
                             marker_json,
                             "--window 1000x1000",
                             3,
                             // 400x200 into 1000x1000: 1000x500 at y 250; black above and below
                             {{500, 100, BLACK},
                              {500, 240, BLACK},
                              {250, 600, RED},
                              {750, 600, BLUE},
                              {500, 270, GREEN},
                              {500, 900, BLACK}}};
    cases[n++] = (struct render_case){
        "integer scale",
        small_json,
        "--window 1000x500 --set integer_scale=true",
        0,
        // 320x160 at scale 3: 960x480 at 20,10; the zones meet between x 499 and 500
        {{15, 250, BLACK},
         {20, 250, RED},
         {499, 250, RED},
         {500, 250, BLUE},
         {979, 250, BLUE},
         {980, 250, BLACK},
         {500, 9, BLACK},
         {500, 10, BLUE},
         {500, 489, BLUE},
         {500, 490, BLACK}}};
    cases[n++] =
        (struct render_case){"no integer scale",
                             small_json,
                             "--window 1000x500",
                             3,
                             {{2, 250, RED}, {997, 250, BLUE}, {520, 2, BLUE}, {520, 497, BLUE}}};
    static const int rotations[] = {0, 90, 180, 270};
    static char rot_args[4][96], rot_names[4][32];
    for (int i = 0; i < 4; i++) {
        int r = rotations[i];
        snprintf(rot_args[i], sizeof(rot_args[i]), "--window 600x600 --set rotate=%d", r);
        snprintf(rot_names[i], sizeof(rot_names[i]), "rotate %d", r);
        struct render_case rc = {rot_names[i], marker_json, rot_args[i], 3, {{0}}};
        rc.points[0] = marker_at(r, 100, 150, RED);
        rc.points[1] = marker_at(r, 300, 150, BLUE);
        rc.points[2] = marker_at(r, 100, 20, GREEN);
        rc.points[3] = marker_at(r, 300, 20, GREEN);
        // The letterbox: the two bands outside the fit.
        rc.points[4] =
            (r == 0 || r == 180) ? (struct point){300, 60, BLACK} : (struct point){60, 300, BLACK};
        rc.points[5] = (r == 0 || r == 180) ? (struct point){300, 540, BLACK}
                                            : (struct point){540, 300, BLACK};
        cases[n++] = rc;
    }

    // The system in UTC; each playlist names its own zone.
    setenv("TZ", "UTC", 1);
    static const struct clock_case clocks[] = {
        {"Asia/Ho_Chi_Minh", 1795395900, "08:05 23/11/2026"},   // 2026-11-23 01:05 UTC
        {"Asia/Ho_Chi_Minh", 1795465800, "03:30 24/11/2026"},   // 2026-11-23 20:30 UTC
        {"Europe/Berlin", 1774746000, "03:00 29/03/2026"},      // 01:00 UTC, just after the jump
        {"America/New_York", 1795395900, "20:05 22/11/2026"},   // the day before
    };
    check_fit();
    check_shader_cache();
    for (int a = 1; a < argc; a++) {
        for (int i = 0; i < n; i++)
            run_case(&cases[i], argv[a], i);
        check_card(argv[a], "card-missing-playlist", "--config /dev/null /nonexistent/p.json",
                   "/nonexistent/p.json", "Playlist: /nonexistent/p.json", 1, NULL);
        check_card(argv[a], "card-unconfigured", "--config /dev/null", "no playlist is configured",
                   "Playlist: not configured", 1, NULL);
        // Credentials in the URL show neither on the public card nor in the log.
        check_card(argv[a], "card-credentials",
                   "--config /dev/null --set "
                   "playlist_url=http://ward:s3cret@127.0.0.1:9/p.json?token=abc42",
                   "http://***@127.0.0.1:9/p.json?token=***",
                   "Playlist: http://***@127.0.0.1:9/p.json?token=***", 1, "s3cret");
        // The card faces the public: in Vietnamese when the screen speaks it (the default; the
        // suite's runs say language=en), the log too.
        check_card(argv[a], "card-unconfigured-vi", "--config /dev/null --set language=vi",
                   "chưa cấu hình danh sách phát", "Danh sách phát: chưa được cấu hình", 1,
                   "not configured");
        check_card(argv[a], "card-missing-vi",
                   "--config /dev/null --set language=vi /nonexistent/p.json",
                   "/nonexistent/p.json", "Danh sách phát: /nonexistent/p.json", 1, "Playlist:");
        check_demo(argv[a]);
        for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++)
            check_clock(argv[a], &clocks[i], (int)i);
    }
    return bt_test_end();
}
