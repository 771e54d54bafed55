// check's judgement of text as the screen will draw it: with the player's own fonts and fitting,
// on the canvas's own pixels.
#ifndef BT_STAFF_CHECK_TEXT_H
#define BT_STAFF_CHECK_TEXT_H

#include "playlist/playlist.h"
#include "screen/text.h"

// Warns, for every text, ticker and clock (in zones, fallbacks and overrides): each character
// the fonts lack (tabs and clock formats included), a fixed font_size that does not fit its zone
// (with the size that does), a word wider than its zone, text below the legibility floor
// (BT_TEXT_LEGIBLE_PX), and a text colour whose contrast with its background is below 3:1.
void bt_check_text(const struct bt_playlist *p, struct bt_diags *d, struct bt_fonts *fonts);

// The contrast ratio of two colours (WCAG 2's, from 1 to 21), as drawn: alpha blended over
// `under`.
double bt_check_contrast(struct bt_color fg, struct bt_color bg, struct bt_color under);

#endif
