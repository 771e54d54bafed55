// Colours as staff write them: "#RGB", "#RRGGBB" or "#RRGGBBAA".
#ifndef BT_BASE_COLOR_H
#define BT_BASE_COLOR_H

#include <stdint.h>

struct bt_color {
    uint8_t r, g, b, a;
};

// Parses `text` into *out. Returns 0, or -1 when it is not a colour (*out untouched).
int bt_color_parse(const char *text, struct bt_color *out);

#endif
