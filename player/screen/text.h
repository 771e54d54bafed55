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

// The characters of `text` the font has no glyph for, each once, in order (a tab or another
// control character but the line break counts as one): the first `max` of them in missing[].
// Returns how many there are (0: the font shows it all).
size_t bt_text_missing(TTF_Font *font, const char *text, Uint32 *missing, size_t max);

// The legibility floor (pixels per em): from 18 px every stacked Vietnamese capital of the
// bundled fonts keeps its mark apart from its letter (30 of 30, Regular and Bold), and all but
// two Regular pairs that differ by one pixel (Ô/Ố, Ở/Ơ) are told apart; at 16 px 3 marks touch
// their letters and 6 capitals blur into a sibling (bench/hinting.sh, docs/measurements.md,
// issue 17). Text shrunk to fit stays at least this big while breaking words can keep it so,
// and check warns below it.
#define BT_TEXT_LEGIBLE_PX 18

// How a block of text fits a w x h box.
struct bt_text_fit {
    int px;       // the size drawn
    int lines;    // lines drawn
    int broken;   // a word wider than the box was broken between characters
    int cut;      // even 4 px does not fit: the lines below the box are cut
};

// The size text is drawn at in a w x h box, wrapped at spaces and '\n': want_px when it fits
// (0: the largest size that fits), else the largest that does — words kept whole while that stays
// at or above BT_TEXT_LEGIBLE_PX (or want_px when smaller), broken between characters below.
// Never drops a word.
void bt_text_fit(struct bt_fonts *fonts, const char *text, int bold, int want_px, int w, int h,
                 struct bt_text_fit *out);

// The size of one line of text (a ticker) in a zone h pixels high: want_px while its ink fits,
// else (and for want_px 0) the largest whose ink fills nine tenths of h.
int bt_text_line_px(struct bt_fonts *fonts, const char *text, int bold, int want_px, int h);

// The margin text keeps inside a w x h zone, on every side.
int bt_text_padding(int w, int h);

// A wrapped block of text.
struct bt_text_block {
    int bold;
    int font_px;   // asked for; 0: the largest size that fits
    SDL_Color color;
    enum bt_align align;
    enum bt_valign valign;
};

// Lays `text` out in a w x h box as bt_text_fit does (aligned) and renders it into a new
// transparent ARGB surface of w x h. *fit (may be NULL) gets how it fits. NULL on failure.
SDL_Surface *bt_text_render_block(struct bt_fonts *fonts, const char *text,
                                  const struct bt_text_block *b, int w, int h,
                                  struct bt_text_fit *fit);

#endif
