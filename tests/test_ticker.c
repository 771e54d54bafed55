// The ticker through its real drawing code and the real renderer (each one named on the command
// line), read back as pixels: a 2,000-character banner in strips of at most 4096 pixels joins
// with no seam against the whole line rendered in one piece, and each refresh moves it by
// exactly max(1, round(speed / refresh rate)) pixels, twice that after a dropped refresh.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "screen/item.h"
#include "screen/render.h"
#include "screen/text.h"
#include "test.h"

#define ZW 640
#define ZH 100

static const char *const slogans[] = {
    "Đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia.",
    "Phong trào “Bình dân học vụ số” trên địa bàn phường Phú Lương.",
    "Triển khai tuyên truyền trực quan thông qua áp phích, pano, băng rôn tại trụ sở.",
    "ẤN TƯỢNG Ở ĐỘ CAO: Ấ Ầ Ẩ Ẫ Ậ Ể Ổ Ở Ữ.",
};

struct rig {
    struct bt_render *render;
    struct bt_fonts *fonts;
    struct bt_item_env env;
    struct bt_item item;
    void *priv;
    uint8_t *rgb;
};

static int rig_open(struct rig *g, const char *renderer, const char *text, double speed, double hz,
                    int max_strip)
{
    memset(g, 0, sizeof(*g));
    struct bt_render_opts ro = {
        .headless = 1, .window_w = ZW, .window_h = ZH, .renderer = renderer};
    g->render = bt_render_create(&ro);
    g->fonts = bt_fonts_create();
    if (!g->render || !g->fonts)
        return -1;
    g->env = (struct bt_item_env){g->render, g->fonts, hz,   max_strip, 1,    0,
                                  NULL,      NULL,     NULL, NULL,      NULL, NULL};
    g->item.type = BT_ITEM_TICKER;
    g->item.text = (char *)text;
    g->item.speed = speed;
    g->item.color = (struct bt_color){255, 255, 255, 255};
    g->item.has_background = 1;
    g->item.background = (struct bt_color){0, 0, 0, 255};
    g->priv = calloc(1, bt_item_ticker.priv_size);
    g->rgb = malloc(ZW * ZH * 3);
    if (bt_render_begin(g->render, ZW, ZH, (struct bt_color){0, 0, 0, 255}) != 0)
        return -1;
    SDL_Rect zone = {0, 0, ZW, ZH};
    if (bt_item_ticker.open(g->priv, &g->item, &g->env, zone) != 0)
        return -1;
    struct bt_now now = {0};
    bt_item_ticker.start(g->priv, &now);
    return 0;
}

// Draws the refresh `refresh` and reads it back.
static void rig_frame(struct rig *g, uint64_t refresh)
{
    struct bt_now now = {.refresh = refresh};
    bt_render_begin(g->render, ZW, ZH, (struct bt_color){0, 0, 0, 255});
    bt_item_ticker.draw(g->priv, &now, (SDL_Rect){0, 0, ZW, ZH});
    bt_render_end(g->render);
    bt_render_read(g->render, g->rgb, ZW * 3);
    bt_render_present(g->render);
}

static void rig_close(struct rig *g)
{
    if (g->priv)
        bt_item_ticker.close(g->priv);
    free(g->priv);
    free(g->rgb);
    bt_fonts_destroy(g->fonts);
    bt_render_destroy(g->render);
}

// The leftmost column with ink, or -1.
static int leftmost_ink(const struct rig *g)
{
    for (int x = 0; x < ZW; x++)
        for (int y = 0; y < ZH; y++)
            if (g->rgb[(y * ZW + x) * 3] > 60)
                return x;
    return -1;
}

static void check_strips(const char *renderer)
{
    char name[64];
    snprintf(name, sizeof(name), "strips/%s", renderer);
    bt_test_case = name;
    // A banner of 2,000 characters.
    char *text = malloc(4096);
    text[0] = '\0';
    for (int i = 0; strlen(text) < 2700; i++) {   // 2,700 bytes of Vietnamese: 2,000 characters
        strcat(text, slogans[i % 4]);
        strcat(text, " ");
    }
    size_t chars = 0;
    for (const char *p = text; *p; p++)
        chars += (*p & 0xC0) != 0x80;
    CHECK(chars >= 2000, "only %zu characters", chars);

    // The ticker says how it cut the line (debug log).
    const char *logpath = bt_test_write("ticker.log", "");
    FILE *log = fopen(logpath, "w");
    bt_log_set_stream(log);
    bt_log_set_level(BT_LOG_DEBUG);
    struct rig g;
    // 600 px a refresh: a new stretch of the line in view at each refresh.
    int ok = rig_open(&g, renderer, text, 600 * 60, 60, 4096) == 0;
    bt_log_set_stream(NULL);
    bt_log_set_level(BT_LOG_INFO);
    fclose(log);
    CHECK(ok, "cannot open the ticker");
    char *logtext = bt_test_read(logpath);
    int width = 0, px = 0, strips = 0, joins[64], njoins = 0;
    const char *line = logtext ? strstr(logtext, "bytes, ") : NULL;
    CHECK(line && sscanf(line, "bytes, %d px wide at %d px, %d strips", &width, &px, &strips) == 3,
          "no layout line in the log: %s", logtext ? logtext : "");
    const char *at = line ? strstr(line, "joined at:") : NULL;
    for (int n, used = 0;
         at && njoins < 64 && sscanf(at + 10 + used, "%d%n", &joins[njoins], &n) == 1; used += n)
        njoins++;
    free(logtext);
    CHECK(njoins == strips - 1, "%d joins for %d strips", njoins, strips);
    CHECK(strips > 1 && width > 4096 * (strips - 1) / 2, "%d strips for %d px", strips, width);

    // The whole line in one piece, as the reference.
    TTF_Font *font = bt_fonts_get(g.fonts, 0, px);
    int ref_baseline = 0;
    SDL_Surface *ref =
        font ? bt_text_line(font, text, (SDL_Color){255, 255, 255, 255}, &ref_baseline) : NULL;
    CHECK(ref && ref->w >= width - 2, "no reference");
    struct bt_ink ink = font ? bt_text_ink(font, text) : (struct bt_ink){0};
    int zone_baseline = (ZH - ink.ascent - ink.descent) / 2 + ink.ascent;
    // Each join, brought into view, against the one-piece line: the 96 columns across it must
    // equal the reference's at one offset. (Over a whole strip, HarfBuzz's fractional kerning
    // may place a glyph a pixel apart from a one-piece render; a seam would be a shift between
    // the two sides of a join, or a cut glyph.)
    int joins_ok = 0;
    for (int j = 0; ok && ref && j < njoins; j++) {
        uint64_t k = (uint64_t)((joins[j] + ZW / 2) / 600);   // the join near mid-zone
        rig_frame(&g, k);
        int left = ZW - (int)k * 600;
        int best = -1;
        long best_diff = -1;
        for (int shift = -24; shift <= 24; shift++) {
            long diff = 0;
            for (int tx = joins[j] - 48; tx < joins[j] + 48; tx++) {
                int x = tx + left;
                int rx = tx + shift;
                if (x < 0 || x >= ZW || rx < 0 || rx >= ref->w)
                    continue;
                for (int y = 0; y < ZH; y++) {
                    int ry = y - zone_baseline + ref_baseline;
                    int a = ry >= 0 && ry < ref->h
                                ? (int)(((const Uint32 *)((const Uint8 *)ref->pixels +
                                                          ry * ref->pitch))[rx] >>
                                        24)
                                : 0;
                    diff += abs(g.rgb[(y * ZW + x) * 3] - a) > 3;
                }
            }
            if (best_diff < 0 || diff < best_diff) {
                best_diff = diff;
                best = shift;
            }
        }
        CHECK(best_diff == 0, "join %d at %d px: %ld pixels differ at the best offset (%d)", j,
              joins[j], best_diff, best);
        joins_ok += best_diff == 0;
    }
    CHECK(joins_ok == njoins && njoins > 0, "%d of %d joins are seamless", joins_ok, njoins);
    SDL_FreeSurface(ref);
    rig_close(&g);
    free(text);
}

struct pace_case {
    const char *name;
    double speed, hz;
    int step;                // expected pixels per refresh
    uint64_t refreshes[8];   // the refreshes presented (a gap is a dropped one)
};

static const struct pace_case paces[] = {
    {"120 px/s at 60 Hz", 120, 60, 2, {1, 2, 3, 4, 5, 6, 7, 8}},
    {"120 px/s at 50 Hz", 120, 50, 2, {1, 2, 3, 4, 5, 6, 7, 8}},
    {"100 px/s at 60 Hz (uneven)", 100, 60, 2, {1, 2, 3, 4, 5, 6, 7, 8}},
    {"30 px/s at 60 Hz (at least 1)", 30, 60, 1, {1, 2, 3, 4, 5, 6, 7, 8}},
    {"300 px/s at 50 Hz", 300, 50, 6, {1, 2, 3, 4, 5, 6, 7, 8}},
    {"a dropped refresh", 120, 60, 2, {1, 2, 3, 5, 6, 7, 9, 10}},
};

static void check_pacing(const char *renderer)
{
    for (size_t i = 0; i < sizeof(paces) / sizeof(paces[0]); i++) {
        const struct pace_case *c = &paces[i];
        char name[128];
        snprintf(name, sizeof(name), "%s/%s", c->name, renderer);
        bt_test_case = name;
        struct rig g;
        CHECK(rig_open(&g, renderer, "ĐỘT PHÁ", c->speed, c->hz, 4096) == 0, "open");
        // Let the text come in far enough to be measured.
        uint64_t base = (uint64_t)(120 / c->step);
        rig_frame(&g, base);
        int prev = leftmost_ink(&g);
        uint64_t prev_r = base;
        CHECK(prev >= 0, "no text in view");
        for (int k = 0; k < 8; k++) {
            uint64_t r = base + c->refreshes[k];
            rig_frame(&g, r);
            int x = leftmost_ink(&g);
            int want = (int)(r - prev_r) * c->step;
            CHECK(prev - x == want, "refresh %llu: moved %d px, want %d", (unsigned long long)r,
                  prev - x, want);
            prev = x;
            prev_r = r;
        }
        rig_close(&g);
    }
}

int main(int argc, char **argv)
{
    if (SDL_Init(0) != 0)
        return 1;
    for (int i = 1; i < argc; i++) {
        check_strips(argv[i]);
        check_pacing(argv[i]);
    }
    SDL_Quit();
    return bt_test_end();
}
