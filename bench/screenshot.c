// What a picture of the screen costs (issue 19): the read-back of the output rectangle on the
// render thread (bt_render_read_output, as the player calls it) and the scaling and JPEG on the
// poll thread (bt_jpeg_encode), at a display size and with a renderer, over N shots of a frame
// drawn like a playlist's (zones of colour and text).
//   bench_screenshot [-r opengles2|software] [-s WxH] [-n N]
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "base/jpeg.h"
#include "screen/render.h"
#include "screen/text.h"

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const char *renderer = "opengles2";
    int w = 1920, h = 1080, n = 30, opt;
    while ((opt = getopt(argc, argv, "r:s:n:")) != -1) {
        if (opt == 'r')
            renderer = optarg;
        else if (opt == 's' && sscanf(optarg, "%dx%d", &w, &h) == 2)
            ;
        else if (opt == 'n')
            n = atoi(optarg);
        else
            return 2;
    }
    struct bt_render_opts ro = {.headless = 1, .window_w = w, .window_h = h, .renderer = renderer};
    struct bt_render *r = bt_render_create(&ro);
    if (!r)
        return 1;
    double *read_ms = calloc((size_t)n, sizeof(double)),
           *enc_ms = calloc((size_t)n, sizeof(double));
    size_t bytes = 0;
    int ow = 0, oh = 0;
    for (int i = 0; i < n; i++) {
        // A frame like a playlist's: a zone of colour, a band, stripes that change every shot.
        bt_render_begin(r, w, h, (struct bt_color){0x10, 0x14, 0x18, 255});
        bt_render_fill(r, &(SDL_Rect){0, 0, w * 3 / 4, h * 5 / 6},
                       (struct bt_color){0x1E, 0x7B, 0x34, 255});
        bt_render_fill(r, &(SDL_Rect){0, h * 5 / 6, w, h / 6},
                       (struct bt_color){0xDA, 0x25, 0x1D, 255});
        for (int k = 0; k < 40; k++)
            bt_render_fill(r, &(SDL_Rect){(k * 47 + i * 13) % w, (k * 31) % h, 12, h / 5},
                           (struct bt_color){0xFF, 0xFF, (uint8_t)(k * 6), 255});
        bt_render_end(r);
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        int rw, rh;
        unsigned char *rgb = bt_render_read_output(r, &rw, &rh);
        read_ms[i] = ms_since(&t0);
        bt_render_present(r);
        if (!rgb)
            return 1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        size_t len = 0;
        uint8_t *jpg = bt_jpeg_encode(rgb, rw, rh, rw * 3, 480, 5, &len, &ow, &oh);
        enc_ms[i] = ms_since(&t0);
        bytes += len;
        free(jpg);
        free(rgb);
    }
    qsort(read_ms, (size_t)n, sizeof(double), cmp);
    qsort(enc_ms, (size_t)n, sizeof(double), cmp);
    printf("%-10s %5dx%-5d  read back (render thread): median %6.2f ms, max %6.2f ms;  "
           "scale+JPEG %dx%d (poll thread): median %6.2f ms;  %zu bytes a shot\n",
           bt_render_driver(r), w, h, read_ms[n / 2], read_ms[n - 1], ow, oh, enc_ms[n / 2],
           bytes / (size_t)n);
    free(read_ms);
    free(enc_ms);
    bt_render_destroy(r);
    return 0;
}
