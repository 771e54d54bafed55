// PNG files through FFmpeg's libraries: frames written by --snapshot, and read back by tests.
// Any thread.
#ifndef BT_MEDIA_PNG_H
#define BT_MEDIA_PNG_H

#include <stdint.h>

// Writes w x h RGB24 pixels (rows `pitch` bytes apart) to `path` as a PNG, atomically
// (bt_file_write_atomic) so a reader never sees half a file. Returns 0 or -1 (logged).
int bt_png_write(const char *path, int w, int h, const uint8_t *rgb, int pitch);

// Reads a PNG into tightly packed RGB24 (*rgb, w * 3 bytes a row; free() it).
// Returns 0 or -1 (logged).
int bt_png_read(const char *path, int *w, int *h, uint8_t **rgb);

#endif
