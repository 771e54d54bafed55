#include "media/image.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libswscale/swscale.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/log.h"

// The picture's size from a JPEG's frame header (SOFn), without decoding. 0 when not found.
static void jpeg_size(const uint8_t *f, size_t n, int *w, int *h)
{
    *w = *h = 0;
    size_t at = 2;
    for (int guard = 0; guard < 256 && at + 4 <= n && f[at] == 0xFF; guard++) {
        int marker = f[at + 1], len = f[at + 2] << 8 | f[at + 3];
        // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC).
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
            marker != 0xCC) {
            if (at + 9 <= n) {
                *h = f[at + 5] << 8 | f[at + 6];
                *w = f[at + 7] << 8 | f[at + 8];
            }
            return;
        }
        if (len < 2)
            return;
        at += 2 + (size_t)len;
    }
}

static int too_big(int w, int h, char *err, size_t errsize)
{
    if (w <= BT_IMAGE_MAX_SIDE && h <= BT_IMAGE_MAX_SIDE && (int64_t)w * h <= BT_IMAGE_MAX_PIXELS)
        return 0;
    snprintf(err, errsize,
             _("is %d×%d pixels; pictures up to %d×%d and %d megapixels are shown: scale it "
               "down"),
             w, h, BT_IMAGE_MAX_SIDE, BT_IMAGE_MAX_SIDE, BT_IMAGE_MAX_PIXELS / 1000000);
    return 1;
}

// The whole file, read only if it is a regular file (never waiting on a FIFO). Returns it
// (av_free; padded for the decoder), or NULL with err set.
static uint8_t *read_all(const char *path, size_t *len, char *err, size_t errsize)
{
    long long size = 0;
    int fd = bt_file_open_regular(path, &size);
    if (fd < 0) {
        if (errno == ENODEV)
            snprintf(err, errsize, "%s", _("is not a regular file"));
        else
            snprintf(err, errsize, _("cannot read it: %s"), strerror(errno));
        return NULL;
    }
    uint8_t *buf = NULL;
    if (size == 0) {
        snprintf(err, errsize, "%s", _("is empty (0 bytes)"));
    } else if (size > BT_IMAGE_MAX_BYTES) {
        snprintf(err, errsize, _("is a file of %lld MB; picture files up to %d MB are shown"),
                 size >> 20, BT_IMAGE_MAX_BYTES >> 20);
    } else if (!(buf = av_mallocz((size_t)size + AV_INPUT_BUFFER_PADDING_SIZE))) {
        snprintf(err, errsize, "%s", _("out of memory"));
    } else {
        size_t got = 0;
        while (got < (size_t)size) {
            ssize_t k = read(fd, buf + got, (size_t)size - got);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0) {
                snprintf(err, errsize, _("cannot read it: %s"),
                         k < 0 ? strerror(errno) : _("it became shorter while read"));
                av_freep(&buf);
                break;
            }
            got += (size_t)k;
        }
        *len = got;
    }
    close(fd);
    return buf;
}

// Which demuxer reads the file, from its first bytes; NULL with err set for what we refuse
// (including pictures too large to decode, told by their headers).
static const char *sniff(const uint8_t *h, size_t n, char *err, size_t errsize)
{
    int jw = 0, jh = 0;
    if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
        jpeg_size(h, n, &jw, &jh);
    if (n >= 24 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0) {
        int w = h[16] << 24 | h[17] << 16 | h[18] << 8 | h[19];
        int ht = h[20] << 24 | h[21] << 16 | h[22] << 8 | h[23];
        return too_big(w, ht, err, errsize) ? NULL : "png_pipe";
    }
    if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
        return too_big(jw, jh, err, errsize) ? NULL : "jpeg_pipe";
    if (n >= 21 && memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WEBP", 4) == 0) {
        // An extended WebP with the animation flag set.
        if (memcmp(h + 12, "VP8X", 4) == 0 && (h[20] & 0x02)) {
            snprintf(err, errsize, "%s",
                     _("is an animated WebP, which bangtin does not play; use a video or a still "
                       "image"));
            return NULL;
        }
        return "webp_pipe";
    }
    if (n >= 4 && memcmp(h, "GIF8", 4) == 0) {
        snprintf(err, errsize, "%s",
                 _("is a GIF, which bangtin does not play (animated GIFs neither); save it as "
                   "PNG, or make a video of the animation"));
        return NULL;
    }
    snprintf(err, errsize, "%s", _("is not a PNG, JPEG or WebP image"));
    return NULL;
}

// EXIF orientation 1..8 (1 when absent).
static int orientation(const AVFrame *frame)
{
    const AVDictionaryEntry *e = av_dict_get(frame->metadata, "Orientation", NULL, 0);
    int o = e ? atoi(e->value) : 1;
    return o >= 1 && o <= 8 ? o : 1;
}

// The file's bytes as libavformat's input.
struct membuf {
    const uint8_t *data;
    size_t n, at;
};

static int mem_read(void *opaque, uint8_t *buf, int size)
{
    struct membuf *m = opaque;
    size_t k = m->n - m->at < (size_t)size ? m->n - m->at : (size_t)size;
    if (k == 0)
        return AVERROR_EOF;
    memcpy(buf, m->data + m->at, k);
    m->at += k;
    return (int)k;
}

static int64_t mem_seek(void *opaque, int64_t off, int whence)
{
    struct membuf *m = opaque;
    if (whence & AVSEEK_SIZE)
        return (int64_t)m->n;
    int64_t base = (whence & 3) == SEEK_CUR   ? (int64_t)m->at
                   : (whence & 3) == SEEK_END ? (int64_t)m->n
                                              : 0;
    if (base + off < 0 || base + off > (int64_t)m->n)
        return AVERROR(EINVAL);
    m->at = (size_t)(base + off);
    return base + off;
}

// Decodes the one picture of the file's bytes. Returns a frame (free with av_frame_free) or
// NULL.
static AVFrame *decode(const uint8_t *data, size_t n, const char *demuxer, char *err,
                       size_t errsize)
{
    AVFormatContext *fc = avformat_alloc_context();
    AVCodecContext *cc = NULL;
    AVPacket *pkt = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    struct membuf m = {data, n, 0};
    unsigned char *iobuf = av_malloc(65536);
    AVIOContext *io =
        iobuf ? avio_alloc_context(iobuf, 65536, 0, &m, mem_read, NULL, mem_seek) : NULL;
    int ok = 0;
    bt_log_library_clear();
    snprintf(err, errsize, "%s", _("is damaged or cut short, and cannot be decoded"));
    if (!io)
        av_free(iobuf);
    if (!pkt || !frame || !fc || !io) {
        snprintf(err, errsize, "%s", _("out of memory"));
        avformat_free_context(fc);
        fc = NULL;
        goto done;
    }
    fc->pb = io;
    fc->flags |= AVFMT_FLAG_CUSTOM_IO;
    if (avformat_open_input(&fc, NULL, av_find_input_format(demuxer), NULL) < 0) {
        snprintf(err, errsize, "%s", _("cannot be opened as an image"));
        goto done;
    }
    if (fc->nb_streams < 1)
        goto done;
    const AVCodec *codec = avcodec_find_decoder(fc->streams[0]->codecpar->codec_id);
    cc = codec ? avcodec_alloc_context3(codec) : NULL;
    if (!cc || avcodec_parameters_to_context(cc, fc->streams[0]->codecpar) < 0)
        goto done;
    // The decoder refuses what is too large before allocating it, and damaged data is an
    // error, not a grey half picture.
    cc->max_pixels = BT_IMAGE_MAX_PIXELS;
    cc->err_recognition = AV_EF_EXPLODE | AV_EF_BITSTREAM;
    cc->flags &= ~AV_CODEC_FLAG_OUTPUT_CORRUPT;
    if (avcodec_open2(cc, codec, NULL) < 0)
        goto done;
    int rc = av_read_frame(fc, pkt);
    if (rc >= 0)
        rc = avcodec_send_packet(cc, pkt);
    if (rc >= 0)
        avcodec_send_packet(cc, NULL);
    if (rc >= 0)
        rc = avcodec_receive_frame(cc, frame);
    if (rc < 0 || frame->width <= 0 || (frame->flags & AV_FRAME_FLAG_CORRUPT) ||
        frame->decode_error_flags) {
        if (!too_big(cc->width, cc->height, err, errsize))
            snprintf(err, errsize, "%s", _("is damaged or cut short, and cannot be decoded"));
        goto done;
    }
    if (frame->width > BT_IMAGE_MAX_SIDE || frame->height > BT_IMAGE_MAX_SIDE) {
        snprintf(err, errsize, _("is %d×%d pixels; pictures up to %d×%d are shown: scale it down"),
                 frame->width, frame->height, BT_IMAGE_MAX_SIDE, BT_IMAGE_MAX_SIDE);
        goto done;
    }
    ok = 1;
done:
    av_packet_free(&pkt);
    avcodec_free_context(&cc);
    avformat_close_input(&fc);
    if (io)
        av_freep(&io->buffer);
    avio_context_free(&io);
    if (!ok) {
        av_frame_free(&frame);
        // FFmpeg's own words, when it had any.
        size_t used = strlen(err);
        if (*bt_log_library_error() && used + 8 < errsize)
            snprintf(err + used, errsize - used, " (%s)", bt_log_library_error());
    }
    return frame;
}

// Where pixel (x, y) of an upright picture of w x h comes from in the stored one, for EXIF
// orientation o (the stored picture is sw x sh).
static void source_of(int o, int x, int y, int sw, int sh, int *sx, int *sy)
{
    switch (o) {
    case 2:
        *sx = sw - 1 - x;
        *sy = y;
        break;   // mirrored
    case 3:
        *sx = sw - 1 - x;
        *sy = sh - 1 - y;
        break;   // turned 180
    case 4:
        *sx = x;
        *sy = sh - 1 - y;
        break;   // mirrored vertically
    case 5:
        *sx = y;
        *sy = x;
        break;   // transposed
    case 6:
        *sx = y;
        *sy = sh - 1 - x;
        break;   // stored turned 90 anticlockwise
    case 7:
        *sx = sw - 1 - y;
        *sy = sh - 1 - x;
        break;   // transversed
    case 8:
        *sx = sw - 1 - y;
        *sy = x;
        break;   // stored turned 90 clockwise
    default:
        *sx = x;
        *sy = y;
        break;
    }
}

int bt_pixfmt_plain(int fmt, int *full)
{
    switch (fmt) {
    case AV_PIX_FMT_YUVJ420P: *full = 1; return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P: *full = 1; return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P: *full = 1; return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P: *full = 1; return AV_PIX_FMT_YUV440P;
    default: return fmt;
    }
}

void bt_sws_full_range(struct SwsContext *sws)
{
    const int *coefs = sws_getCoefficients(SWS_CS_ITU601);
    sws_setColorspaceDetails(sws, coefs, 1, coefs, 1, 0, 1 << 16, 1 << 16);
}

SDL_Surface *bt_image_load(const char *path, int w, int h, enum bt_fit fit, char *err,
                           size_t errsize)
{
    size_t n = 0;
    uint8_t *data = read_all(path, &n, err, errsize);
    if (!data)
        return NULL;
    const char *demuxer = sniff(data, n, err, errsize);
    AVFrame *frame = demuxer ? decode(data, n, demuxer, err, errsize) : NULL;
    av_free(data);
    if (!frame)
        return NULL;
    int o = orientation(frame);
    int turned = o >= 5;
    int uw = turned ? frame->height : frame->width;   // upright size
    int uh = turned ? frame->width : frame->height;

    // The upright picture's size on screen, and the part of it the box shows.
    double sx = (double)w / uw, sy = (double)h / uh;
    double s = fit == BT_FIT_COVER ? (sx > sy ? sx : sy) : (sx < sy ? sx : sy);
    int dw = fit == BT_FIT_STRETCH ? w : (int)(uw * s + 0.5);
    int dh = fit == BT_FIT_STRETCH ? h : (int)(uh * s + 0.5);
    if (dw < 1)
        dw = 1;
    if (dh < 1)
        dh = 1;
    int out_w = fit == BT_FIT_CONTAIN ? dw : w, out_h = fit == BT_FIT_CONTAIN ? dh : h;

    // Scale the stored picture to the stored-orientation size of (dw, dh), once.
    int tw = turned ? dh : dw, th = turned ? dw : dh;
    int full_range = frame->color_range == AVCOL_RANGE_JPEG;
    int src_fmt = bt_pixfmt_plain(frame->format, &full_range);
    struct SwsContext *sws = sws_getContext(frame->width, frame->height, src_fmt, tw, th,
                                            AV_PIX_FMT_RGBA, SWS_BICUBIC, NULL, NULL, NULL);
    if (sws && full_range)
        bt_sws_full_range(sws);
    uint8_t *scaled = av_malloc((size_t)tw * (size_t)th * 4);
    SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(0, out_w, out_h, 32, SDL_PIXELFORMAT_RGBA32);
    if (!sws || !scaled || !out) {
        snprintf(err, errsize, "%s", _("cannot be scaled (out of memory?)"));
        SDL_FreeSurface(out);
        out = NULL;
        goto done;
    }
    uint8_t *dst[4] = {scaled, NULL, NULL, NULL};
    int dst_linesize[4] = {tw * 4, 0, 0, 0};
    sws_scale(sws, (const uint8_t *const *)frame->data, frame->linesize, 0, frame->height, dst,
              dst_linesize);
    // Upright and cropped (cover) into the surface.
    int ox = (dw - out_w) / 2, oy = (dh - out_h) / 2;
    for (int y = 0; y < out_h; y++) {
        uint32_t *row = (uint32_t *)((uint8_t *)out->pixels + (size_t)y * (size_t)out->pitch);
        for (int x = 0; x < out_w; x++) {
            int px, py;
            source_of(o, x + ox, y + oy, tw, th, &px, &py);
            memcpy(&row[x], scaled + ((size_t)py * (size_t)tw + (size_t)px) * 4, 4);
        }
    }
done:
    av_free(scaled);
    sws_freeContext(sws);
    av_frame_free(&frame);
    return out;
}
