#include "screen/qr.h"

#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

unsigned char *bt_qr_encode(const char *text, int *width)
{
    if (!text || !*text)
        return NULL;
    QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!q)
        return NULL;
    size_t n = (size_t)q->width * (size_t)q->width;
    unsigned char *m = malloc(n);
    if (m) {
        for (size_t i = 0; i < n; i++)
            m[i] = q->data[i] & 1;   // bit 0: dark
        *width = q->width;
    }
    QRcode_free(q);
    return m;
}

struct bt_qr_layout bt_qr_layout(int width, int w, int h, int caption_h)
{
    struct bt_qr_layout l = {0};
    int n = width + 2 * BT_QR_QUIET, room = h - caption_h;
    int side = w < room ? w : room;
    if (n <= 0 || side < n)
        return l;
    l.module = side / n;
    l.side = n * l.module;
    l.caption_h = caption_h;
    l.x = (w - l.side) / 2;
    l.y = (room - l.side) / 2;
    return l;
}

int bt_qr_caption_px(int h, int asked)
{
    if (asked > 0)
        return asked;
    int px = h / 5;
    return px < 18 ? 18 : px > 72 ? 72 : px;
}
