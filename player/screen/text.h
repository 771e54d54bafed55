// Text: the bundled fonts through SDL2_ttf (HarfBuzz shapes each line), with lines laid out by
// the font's baseline and ink bounds, so stacked Vietnamese capitals (Ấ Ầ Ẩ Ẫ Ậ Ể Ổ Ở Ữ) are
// never clipped and lines with and without them sit at the same height.
//
// SDL2_ttf shifts a line's surface down when a glyph rises above the font's ascent; every
// function here accounts for that, so callers place text by its baseline only.
// Main thread (SDL_ttf is not thread-safe).
#ifndef BT_SCREEN_TEXT_H
#define BT_SCREEN_TEXT_H

#include <SDL.h>
#include <SDL_ttf.h>

#include "playlist/playlist.h"

struct bt_fonts;

// Opens the bundled fonts (fonts/NotoSans-{Regular,Bold}.ttf). NULL when they are missing
// (logged).
struct bt_fonts *bt_fonts_create(void);
void bt_fonts_destroy(struct bt_fonts *f);

// The font at `px` pixels per em. Owned by the cache: valid until the next bt_fonts_get.
TTF_Font *bt_fonts_get(struct bt_fonts *f, int bold, int px);

// Vertical metrics from real ink: how far ink rises above the baseline and falls below it, over
// the Vietnamese repertoire and `text` (may be NULL), and the distance between baselines.
struct bt_ink {
    int ascent;    // pixels above the baseline
    int descent;   // pixels below the baseline
    int line;      // baseline to baseline
};
struct bt_ink bt_text_ink(TTF_Font *font, const char *text);

// Renders one line (blended ARGB). *baseline gets the baseline's row in the surface.
SDL_Surface *bt_text_line(TTF_Font *font, const char *utf8, SDL_Color color, int *baseline);

// Whether the font has a glyph for every character of `text`; if not, *missing gets the first
// character it lacks.
int bt_text_covers(TTF_Font *font, const char *text, Uint32 *missing);

// A wrapped block of text.
struct bt_text_block {
    int bold;
    int font_px;   // 0: the largest size that fits
    SDL_Color color;
    enum bt_align align;
    enum bt_valign valign;
};

// Lays `text` out in a w x h box (wrapped at spaces and at '\n', aligned) and renders it into a
// new transparent ARGB surface of w x h. *used_px gets the font size used. NULL on failure.
SDL_Surface *bt_text_render_block(struct bt_fonts *fonts, const char *text,
                                  const struct bt_text_block *b, int w, int h, int *used_px);

#endif
