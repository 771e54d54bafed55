// The table of content types: which struct bt_item_ops plays each item type.
#include "screen/item.h"

const struct bt_item_ops *bt_item_ops_for(enum bt_item_type type)
{
    switch (type) {
    case BT_ITEM_IMAGE: return &bt_item_image;
    case BT_ITEM_TEXT: return &bt_item_text;
    case BT_ITEM_TICKER: return &bt_item_ticker;
    case BT_ITEM_CLOCK: return &bt_item_clock;
    case BT_ITEM_VIDEO: return &bt_item_video;
    case BT_ITEM_QR: return &bt_item_qr;
    case BT_ITEM_COUNTDOWN: return &bt_item_countdown;
    default: return NULL;
    }
}
