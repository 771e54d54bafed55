// SHA-256 through libavutil's av_sha (no other crypto library). Any thread.
#ifndef BT_BASE_SHA256_H
#define BT_BASE_SHA256_H

#include <stdint.h>

// Hashes the file at `path`: hex (65 bytes, lower case) and its size. Returns 0, or -1 with
// errno set when it cannot be read.
int bt_sha256_file(const char *path, char hex[65], int64_t *size);

// Whether `s` is 64 hexadecimal digits.
int bt_sha256_valid(const char *s);

#endif
