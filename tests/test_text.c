// Vietnamese text: stacked diacritics are never clipped (ink of a zone render equals the ink of
// an unclipped reference render), lines keep one baseline, and NFC and NFD input give the same
// pixels — the last through the player itself, under each renderer named on the command line.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "screen/text.h"
#include "test.h"

static const char *const strings[] = {
    "Ấ Ầ Ẩ Ẫ Ậ Ể Ổ Ở Ữ",
    "ẤẦẨẪẬỂỔỞỮ gjpqyỵ",
    "ĐỘT PHÁ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ",
    "Đổi mới sáng tạo và chuyển đổi số quốc gia",
    "Phong trào “Bình dân học vụ số”",
    "Nghị quyết số 57-NQ/TW ngày 22/12/2024",
};

struct ink {
    int top, bottom, left, right;   // rows and columns holding ink (alpha > 0); top < 0: none
};

static struct ink ink_of(SDL_Surface *s)
{
    struct ink k = {-1, -1, s->w, -1};
    SDL_LockSurface(s);
    for (int y = 0; y < s->h; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
        for (int x = 0; x < s->w; x++) {
            if (!(row[x] >> 24))
                continue;
            if (k.top < 0)
                k.top = y;
            k.bottom = y;
            if (x < k.left)
                k.left = x;
            if (x > k.right)
                k.right = x;
        }
    }
    SDL_UnlockSurface(s);
    return k;
}

// Each string in a one-line zone of 16, 24 and 48 pixels (the size that fits), against the
// same string rendered by SDL_ttf alone on a surface as large as it needs.
static void check_clipping(struct bt_fonts *fonts)
{
    static const int heights[] = {16, 24, 48};
    for (size_t si = 0; si < sizeof(strings) / sizeof(strings[0]); si++) {
        for (size_t hi = 0; hi < 3; hi++) {
            for (int bold = 0; bold < 2; bold++) {
                char name[160];
                snprintf(name, sizeof(name), "%s, %d px zone%s", strings[si], heights[hi],
                         bold ? ", bold" : "");
                bt_test_case = name;
                struct bt_text_block b = {.bold = bold,
                                          .color = {255, 255, 255, 255},
                                          .align = BT_ALIGN_CENTER,
                                          .valign = BT_VALIGN_MIDDLE};
                struct bt_text_fit fit = {0};
                SDL_Surface *zone =
                    bt_text_render_block(fonts, strings[si], &b, 4000, heights[hi], &fit);
                int px = fit.px;
                CHECK(zone != NULL, "no render");
                if (!zone)
                    continue;
                TTF_Font *font = bt_fonts_get(fonts, bold, px);
                SDL_Surface *ref =
                    TTF_RenderUTF8_Blended(font, strings[si], (SDL_Color){255, 255, 255, 255});
                struct ink kz = ink_of(zone), kr = ink_of(ref);
                CHECK(kz.top >= 0 && kr.top >= 0, "no ink");
                CHECK(kz.bottom - kz.top == kr.bottom - kr.top,
                      "at %d px the zone holds %d ink rows, the reference %d", px,
                      kz.bottom - kz.top + 1, kr.bottom - kr.top + 1);
                CHECK(kz.right - kz.left == kr.right - kr.left,
                      "at %d px the zone holds %d ink columns, the reference %d", px,
                      kz.right - kz.left + 1, kr.right - kr.left + 1);
                CHECK(kz.top > 0 && kz.bottom < zone->h - 1,
                      "ink touches the zone's edge (rows %d..%d of %d)", kz.top, kz.bottom,
                      zone->h);
                SDL_FreeSurface(ref);
                SDL_FreeSurface(zone);
            }
        }
    }
}

// Lines with and without stacked capitals sit on the same baseline.
static void check_baseline(struct bt_fonts *fonts)
{
    bt_test_case = "one baseline";
    TTF_Font *font = bt_fonts_get(fonts, 1, 48);
    int b1 = 0, b2 = 0;
    SDL_Surface *a = bt_text_line(font, "AAA", (SDL_Color){255, 255, 255, 255}, &b1);
    SDL_Surface *c = bt_text_line(font, "ẤỞỮ", (SDL_Color){255, 255, 255, 255}, &b2);
    struct ink ka = ink_of(a), kc = ink_of(c);
    // The bottom of A and of Ấ is the baseline: the same distance from each one's baseline.
    CHECK(b1 - ka.bottom == b2 - kc.bottom, "A ends %d above its baseline, Ấ %d", b1 - ka.bottom,
          b2 - kc.bottom);
    SDL_FreeSurface(a);
    SDL_FreeSurface(c);
}

static const char nfc[] = "Tiếng Việt: ĐỔI MỚI SÁNG TẠO";
// The same words with combining marks (what some keyboards and PDFs produce).
static const char nfd[] = "Tie\xcc\x82\xcc\x81ng Vie\xcc\xa3\xcc\x82t: \xc4\x90O\xcc\x82\xcc\x89I "
                          "MO\xcc\x9b\xcc\x81I SA\xcc\x81NG TA\xcc\xa3O";

static int render_playlist(const char *renderer, const char *tag, const char *text,
                           struct bt_test_image *img)
{
    char json[1024], args[2048], png[1200];
    snprintf(json, sizeof(json),
             "{\"version\": 1, \"canvas\": {\"width\": 640, \"height\": 120}, \"zones\": [{\"id\": "
             "\"z\", \"x\": 0, \"y\": 0, \"w\": 640, \"h\": 120, \"background\": \"#DA251D\", "
             "\"items\": [{\"type\": \"text\", \"text\": \"%s\", \"color\": \"#FFFF00\"}]}]}",
             text);
    char name[96];
    snprintf(name, sizeof(name), "%s-%s.json", tag, renderer);
    const char *pl = bt_test_write(name, json);
    snprintf(args, sizeof(args),
             "--config /dev/null --headless --renderer %s --window 640x120 --snapshot 0 "
             "--out %s/%s-%s %s",
             renderer, bt_test_tmpdir(), tag, renderer, pl);
    snprintf(name, sizeof(name), "%s-%s", tag, renderer);
    if (bt_test_run_bangtin(name, args, NULL, NULL) != 0)
        return -1;
    snprintf(png, sizeof(png), "%s/%s-%s/frame-000000.png", bt_test_tmpdir(), tag, renderer);
    return bt_test_image_load(png, img);
}

static void check_nfc(const char *renderer)
{
    char name[64];
    snprintf(name, sizeof(name), "NFC and NFD/%s", renderer);
    bt_test_case = name;
    CHECK(strcmp(nfc, nfd) != 0, "the two inputs must differ in bytes");
    struct bt_test_image a = {0}, b = {0}, c = {0};
    CHECK(render_playlist(renderer, "nfc", nfc, &a) == 0, "nfc render");
    CHECK(render_playlist(renderer, "nfd", nfd, &b) == 0, "nfd render");
    CHECK(render_playlist(renderer, "other", "Tiếng Việt: ĐỔI MỚI SÁNG TẠP", &c) == 0, "other");
    if (a.rgb && b.rgb && c.rgb) {
        size_t n = (size_t)a.w * (size_t)a.h * 3;
        int ink = 0;
        for (int y = 0; y < a.h; y++)
            for (int x = 0; x < a.w; x++)
                ink += bt_test_pixel_is(&a, x, y, 0xFFFF00, 40);
        CHECK(ink > 500, "only %d text pixels", ink);
        CHECK(a.w == b.w && a.h == b.h && memcmp(a.rgb, b.rgb, n) == 0,
              "NFC and NFD input draw different pixels");
        CHECK(memcmp(a.rgb, c.rgb, n) != 0, "a different string draws the same pixels");
    }
    bt_test_image_free(&a);
    bt_test_image_free(&b);
    bt_test_image_free(&c);
}

// Ink of a snapshot: what is brighter than the black background.
struct img_ink {
    int top, bottom, left, right;   // top < 0: none
    long pixels;
};

static struct img_ink img_ink_of(const struct bt_test_image *img, int x0, int y0, int w, int h)
{
    struct img_ink k = {-1, -1, w, -1, 0};
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            const uint8_t *px = img->rgb + ((size_t)(y0 + y) * img->w + (x0 + x)) * 3;
            if (px[0] < 128)
                continue;
            k.pixels++;
            if (k.top < 0)
                k.top = y;
            k.bottom = y;
            if (x < k.left)
                k.left = x;
            if (x > k.right)
                k.right = x;
        }
    }
    return k;
}

static struct img_ink surface_ink(SDL_Surface *s)
{
    struct img_ink k = {-1, -1, s->w, -1, 0};
    SDL_LockSurface(s);
    for (int y = 0; y < s->h; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
        for (int x = 0; x < s->w; x++) {
            if ((row[x] >> 24) < 128)
                continue;
            k.pixels++;
            if (k.top < 0)
                k.top = y;
            k.bottom = y;
            if (x < k.left)
                k.left = x;
            if (x > k.right)
                k.right = x;
        }
    }
    SDL_UnlockSurface(s);
    return k;
}

// The player's snapshot of one item alone on a w x h canvas (white on black), 1 s in.
static int render_item(const char *renderer, const char *tag, const char *item, int w, int h,
                       struct bt_test_image *img)
{
    char json[2048], args[2048], png[1200], name[96];
    snprintf(json, sizeof(json),
             "{\"version\": 1, \"canvas\": {\"width\": %d, \"height\": %d}, \"zones\": [{\"id\": "
             "\"z\", \"x\": 0, \"y\": 0, \"w\": %d, \"h\": %d, \"background\": \"#000000\", "
             "\"items\": [%s]}]}",
             w, h, w, h, item);
    snprintf(name, sizeof(name), "%s-%s.json", tag, renderer);
    const char *pl = bt_test_write(name, json);
    snprintf(args, sizeof(args),
             "--config /dev/null --headless --renderer %s --window %dx%d --snapshot 1s "
             "--out %s/%s-%s %s",
             renderer, w, h, bt_test_tmpdir(), tag, renderer, pl);
    snprintf(name, sizeof(name), "%s-%s", tag, renderer);
    if (bt_test_run_bangtin(name, args, NULL, NULL) != 0)
        return -1;
    snprintf(png, sizeof(png), "%s/%s-%s/frame-000060.png", bt_test_tmpdir(), tag, renderer);
    return bt_test_image_load(png, img);
}

// A fixed font_size taller than its zone: the player shrinks it, and every line is whole — its
// ink equals that of the same text at the same size laid out in a box tall enough never to cut.
// And a word wider than its zone is broken, not dropped: all its ink is there.
static void check_fitting(struct bt_fonts *fonts, const char *renderer)
{
    static const struct {
        int w, h, font_size;
        const char *text;
    } cases[] = {
        {192, 96, 60, "ĐỘT PHÁ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ"},
        {192, 96, 40, "Ấ Ầ Ẩ Ẫ Ậ Ể Ổ Ở Ữ Ặ Ỵ"},
        {128, 64, 48, "Bình dân học vụ số: ỆNH ĐỀ ÀO Ặ"},
        {128, 64, 30, "Trụ sở Ủy ban nhân dân phường Phú Lương"},
        {192, 96, 20, "Liên hệ: phuongphuluong.quan1@hochiminhcity.gov.vn"},
        {192, 96, 0, "Liên hệ: phuongphuluong.quan1@hochiminhcity.gov.vn"},
        {128, 64, 0, "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char name[200], item[600], tag[32];
        snprintf(name, sizeof(name), "fits %dx%d at %d px: %s/%s", cases[i].w, cases[i].h,
                 cases[i].font_size, cases[i].text, renderer);
        bt_test_case = name;
        if (cases[i].font_size)
            snprintf(item, sizeof(item),
                     "{\"type\": \"text\", \"text\": \"%s\", \"font_size\": %d, \"valign\": "
                     "\"top\"}",
                     cases[i].text, cases[i].font_size);
        else
            snprintf(item, sizeof(item),
                     "{\"type\": \"text\", \"text\": \"%s\", \"valign\": \"top\"}", cases[i].text);
        snprintf(tag, sizeof(tag), "fit%zu", i);
        struct bt_test_image img = {0};
        CHECK(render_item(renderer, tag, item, cases[i].w, cases[i].h, &img) == 0, "no snapshot");
        if (!img.rgb)
            continue;
        int pad = bt_text_padding(cases[i].w, cases[i].h);
        int bw = cases[i].w - 2 * pad, bh = cases[i].h - 2 * pad;
        struct bt_text_fit fit;
        bt_text_fit(fonts, cases[i].text, 0, cases[i].font_size, bw, bh, &fit);
        CHECK(!fit.cut && (cases[i].font_size == 0 || fit.px < cases[i].font_size), "%d px, cut %d",
              fit.px, fit.cut);
        // The reference: the same size, the same width, four times the height.
        struct bt_text_block b = {.font_px = fit.px,
                                  .color = {255, 255, 255, 255},
                                  .align = BT_ALIGN_CENTER,
                                  .valign = BT_VALIGN_TOP};
        struct bt_text_fit rf;
        SDL_Surface *ref = bt_text_render_block(fonts, cases[i].text, &b, bw, bh * 4, &rf);
        CHECK(ref && rf.px == fit.px, "no reference at %d px", fit.px);
        if (ref) {
            struct img_ink z = img_ink_of(&img, 0, 0, img.w, img.h), r = surface_ink(ref);
            CHECK(z.top > 0 && z.bottom < img.h - 1,
                  "ink touches the zone's edge: rows %d-%d of %d", z.top, z.bottom, img.h);
            CHECK(z.bottom - z.top == r.bottom - r.top,
                  "at %d px the zone holds %d ink rows, the uncut reference %d", fit.px,
                  z.bottom - z.top + 1, r.bottom - r.top + 1);
            CHECK(labs(z.pixels - r.pixels) * 50 <= r.pixels,
                  "at %d px the zone holds %ld ink pixels, the uncut reference %ld", fit.px,
                  z.pixels, r.pixels);
            if (cases[i].font_size == 0) {
                // Every letter of the long word is there: as much ink as the text on one line.
                SDL_Surface *line = TTF_RenderUTF8_Blended(
                    bt_fonts_get(fonts, 0, fit.px), cases[i].text, (SDL_Color){255, 255, 255, 255});
                struct img_ink l = surface_ink(line);
                CHECK(fit.broken && labs(z.pixels - l.pixels) * 20 <= l.pixels,
                      "broken %d: %ld ink pixels in the zone, %ld on one line", fit.broken,
                      z.pixels, l.pixels);
                SDL_FreeSurface(line);
            }
        }
        SDL_FreeSurface(ref);
        bt_test_image_free(&img);
    }
}

// A ticker whose font_size is taller than its zone: shrunk until its ink fits, dots below and
// stacked marks whole (its rows of ink equal the line's, rendered alone).
static void check_ticker_fits(struct bt_fonts *fonts, const char *renderer)
{
    static const char text[] = "ẶỴ ỆỄ";
    char name[96], item[300];
    snprintf(name, sizeof(name), "ticker at 120 px in 96/%s", renderer);
    bt_test_case = name;
    // 190 px a second: at 1 s the line starts at x = 2 and is all in view.
    snprintf(item, sizeof(item),
             "{\"type\": \"ticker\", \"text\": \"%s\", \"font_size\": 120, \"speed\": 190, "
             "\"color\": \"#FFFFFF\", \"background\": \"#000000\"}",
             text);
    struct bt_test_image img = {0};
    CHECK(render_item(renderer, "tickerfit", item, 192, 96, &img) == 0, "no snapshot");
    int px = bt_text_line_px(fonts, text, 0, 120, 96);
    CHECK(px < 120, "kept at %d px", px);
    int baseline = 0;
    SDL_Surface *ref =
        bt_text_line(bt_fonts_get(fonts, 0, px), text, (SDL_Color){255, 255, 255, 255}, &baseline);
    if (img.rgb && ref) {
        struct img_ink z = img_ink_of(&img, 0, 0, img.w, img.h), r = surface_ink(ref);
        CHECK(z.top > 0 && z.bottom < img.h - 1, "ink touches the zone's edge: rows %d-%d", z.top,
              z.bottom);
        CHECK(z.bottom - z.top == r.bottom - r.top, "%d ink rows, the line alone %d",
              z.bottom - z.top + 1, r.bottom - r.top + 1);
    }
    SDL_FreeSurface(ref);
    bt_test_image_free(&img);
}

int main(int argc, char **argv)
{
    struct bt_fonts *fonts = bt_fonts_create();
    CHECK(fonts != NULL, "no fonts");
    if (fonts) {
        check_clipping(fonts);
        check_baseline(fonts);
    }
    for (int i = 1; i < argc; i++)
        check_nfc(argv[i]);
    if (fonts && argc > 1) {
        check_fitting(fonts, argv[1]);
        check_ticker_fits(fonts, argv[1]);
    }
    bt_fonts_destroy(fonts);
    return bt_test_end();
}
