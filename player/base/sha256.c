#include "base/sha256.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libavutil/mem.h>
#include <libavutil/sha.h>

int bt_sha256_file(const char *path, char hex[65], int64_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    struct AVSHA *sha = av_sha_alloc();
    if (!sha) {
        fclose(f);
        errno = ENOMEM;
        return -1;
    }
    av_sha_init(sha, 256);
    unsigned char buf[65536];
    size_t n;
    int64_t total = 0;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        av_sha_update(sha, buf, n);
        total += (int64_t)n;
    }
    int err = ferror(f);
    fclose(f);
    uint8_t digest[32];
    av_sha_final(sha, digest);
    av_free(sha);
    if (err) {
        errno = EIO;
        return -1;
    }
    for (int i = 0; i < 32; i++)
        snprintf(hex + i * 2, 3, "%02x", digest[i]);
    *size = total;
    return 0;
}

int bt_sha256_valid(const char *s)
{
    size_t i;
    for (i = 0; s[i]; i++) {
        if (!isxdigit((unsigned char)s[i]))
            return 0;
    }
    return i == 64;
}
