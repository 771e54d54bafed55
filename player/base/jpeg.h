// A small JPEG of a frame (the screen's picture in the reports), with FFmpeg's MJPEG encoder.
// Any thread; no state is shared between calls.
#ifndef BT_BASE_JPEG_H
#define BT_BASE_JPEG_H

#include <stddef.h>
#include <stdint.h>

// Encodes w x h RGB24 pixels (rows `pitch` bytes apart), scaled down to at most max_w wide
// (the aspect kept, each output pixel the average of those it covers), at quality q (2 best ..
// 31 worst, as ffmpeg's -q:v). Returns the JPEG (the caller frees it) with *len and its size in
// *ow x *oh, or NULL.
uint8_t *bt_jpeg_encode(const uint8_t *rgb, int w, int h, int pitch, int max_w, int q, size_t *len,
                        int *ow, int *oh);

#endif
