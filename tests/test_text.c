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

int main(int argc, char **argv)
{
    struct bt_fonts *fonts = bt_fonts_create();
    CHECK(fonts != NULL, "no fonts");
    if (fonts) {
        check_clipping(fonts);
        check_baseline(fonts);
        bt_fonts_destroy(fonts);
    }
    for (int i = 1; i < argc; i++)
        check_nfc(argv[i]);
    return bt_test_end();
}
