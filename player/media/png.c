#include "media/png.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/log.h"

static int encode_png(int w, int h, const uint8_t *rgb, int pitch, AVPacket *pkt)
{
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_PNG);
    if (!codec) {
        BT_ERR("snapshot", "%s", _("this FFmpeg has no PNG encoder"));
        return -1;
    }
    AVCodecContext *ctx = avcodec_alloc_context3(codec);
    AVFrame *frame = av_frame_alloc();
    int rc = -1;
    if (!ctx || !frame)
        goto done;
    ctx->width = w;
    ctx->height = h;
    ctx->pix_fmt = AV_PIX_FMT_RGB24;
    ctx->time_base = (AVRational){1, 1};
    ctx->compression_level = 3;   // fast: tests write many frames
    if (avcodec_open2(ctx, codec, NULL) < 0)
        goto done;
    frame->format = AV_PIX_FMT_RGB24;
    frame->width = w;
    frame->height = h;
    frame->data[0] = (uint8_t *)rgb;   // read only: the encoder does not write its input
    frame->linesize[0] = pitch;
    if (avcodec_send_frame(ctx, frame) < 0 || avcodec_send_frame(ctx, NULL) < 0)
        goto done;
    if (avcodec_receive_packet(ctx, pkt) < 0)
        goto done;
    rc = 0;
done:
    if (frame)
        frame->data[0] = NULL;
    av_frame_free(&frame);
    avcodec_free_context(&ctx);
    return rc;
}

int bt_png_write(const char *path, int w, int h, const uint8_t *rgb, int pitch)
{
    AVPacket *pkt = av_packet_alloc();
    if (!pkt)
        return -1;
    int rc = encode_png(w, h, rgb, pitch, pkt);
    if (rc) {
        BT_ERR("snapshot", _("cannot encode %s"), path);
        av_packet_free(&pkt);
        return -1;
    }
    rc = bt_file_write_atomic(path, pkt->data, (size_t)pkt->size);
    av_packet_free(&pkt);
    if (rc != 0) {
        BT_ERR("snapshot", _("cannot write %s: %s"), path, strerror(errno));
        return -1;
    }
    return 0;
}

int bt_png_read(const char *path, int *w, int *h, uint8_t **rgb)
{
    const AVInputFormat *fmt = av_find_input_format("png_pipe");
    AVFormatContext *fc = NULL;
    AVCodecContext *ctx = NULL;
    AVPacket *pkt = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    int rc = -1;
    *rgb = NULL;
    if (!fmt || !pkt || !frame)
        goto done;
    if (avformat_open_input(&fc, path, fmt, NULL) < 0) {
        BT_ERR("snapshot", _("cannot open %s"), path);
        goto done;
    }
    const AVCodec *codec = avcodec_find_decoder(AV_CODEC_ID_PNG);
    ctx = avcodec_alloc_context3(codec);
    if (!ctx || avcodec_open2(ctx, codec, NULL) < 0)
        goto done;
    if (av_read_frame(fc, pkt) < 0 || avcodec_send_packet(ctx, pkt) < 0 ||
        avcodec_receive_frame(ctx, frame) < 0) {
        BT_ERR("snapshot", _("cannot decode %s"), path);
        goto done;
    }
    int bpp = frame->format == AV_PIX_FMT_RGB24 ? 3 : frame->format == AV_PIX_FMT_RGBA ? 4 : 0;
    if (!bpp) {
        BT_ERR("snapshot", _("%s: only RGB and RGBA PNGs are read"), path);
        goto done;
    }
    *w = frame->width;
    *h = frame->height;
    *rgb = malloc((size_t)frame->width * (size_t)frame->height * 3);
    if (!*rgb)
        goto done;
    for (int y = 0; y < frame->height; y++) {
        const uint8_t *src = frame->data[0] + (size_t)y * (size_t)frame->linesize[0];
        uint8_t *dst = *rgb + (size_t)y * (size_t)frame->width * 3;
        for (int x = 0; x < frame->width; x++)
            memcpy(dst + x * 3, src + x * bpp, 3);
    }
    rc = 0;
done:
    av_frame_free(&frame);
    av_packet_free(&pkt);
    avcodec_free_context(&ctx);
    avformat_close_input(&fc);
    return rc;
}
