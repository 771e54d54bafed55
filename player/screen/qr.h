// QR codes (libqrencode): the code of a text, and how it lies in a zone: whole pixels per module,
// the quiet zone of 4 modules kept, a caption's band below. Pure but for the encoding; shared by
// the qr item and `bangtin check`. Any thread.
#ifndef BT_SCREEN_QR_H
#define BT_SCREEN_QR_H

#include <stddef.h>

#define BT_QR_QUIET 4   // modules of white around the code (ISO/IEC 18004)

// The modules of `text` (8-bit mode, error correction M): *width x *width bytes, 1 dark, 0
// light (the caller frees them), or NULL when the text is too long for a QR code (2,331 bytes
// at M) or empty.
unsigned char *bt_qr_encode(const char *text, int *width);

struct bt_qr_layout {
    int module;      // output pixels per module; 0: the code does not fit
    int side;        // the code with its quiet zone, in pixels: (width + 2 * quiet) * module
    int x, y;        // where that square lies in the zone
    int caption_h;   // the caption's band under it (0: none)
};

// Lays a code of `width` modules out in a zone of w x h pixels, with a caption band of
// caption_h pixels (0: none) under it.
struct bt_qr_layout bt_qr_layout(int width, int w, int h, int caption_h);

// The caption's band for a zone of h pixels: a fifth of it, at least 18 and at most 72 (or the
// size asked, 0: that default).
int bt_qr_caption_px(int h, int asked);

#endif
