#include "base/color.h"

#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int bt_color_parse(const char *text, struct bt_color *out)
{
    int v[8];
    if (!text || text[0] != '#')
        return -1;
    size_t n = strlen(text + 1);
    if (n != 3 && n != 6 && n != 8)
        return -1;
    for (size_t i = 0; i < n; i++) {
        v[i] = hexval(text[1 + i]);
        if (v[i] < 0)
            return -1;
    }
    if (n == 3) {
        *out = (struct bt_color){(uint8_t)(v[0] * 17), (uint8_t)(v[1] * 17), (uint8_t)(v[2] * 17),
                                 255};
        return 0;
    }
    out->r = (uint8_t)(v[0] * 16 + v[1]);
    out->g = (uint8_t)(v[2] * 16 + v[3]);
    out->b = (uint8_t)(v[4] * 16 + v[5]);
    out->a = n == 8 ? (uint8_t)(v[6] * 16 + v[7]) : 255;
    return 0;
}
