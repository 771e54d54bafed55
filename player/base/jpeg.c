#include "base/jpeg.h"

#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>

uint8_t *bt_jpeg_encode(const uint8_t *rgb, int w, int h, int pitch, int max_w, int q, size_t *len,
                        int *ow, int *oh)
{
    int sw = w, sh = h;
    if (w > max_w && max_w > 0) {
        w = max_w;
        h = (int)(((long long)sh * w + sw / 2) / sw);
    }
    w += w & 1;   // 4:2:0 halves both
    h += h & 1;
    if (h < 2)
        h = 2;
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
    AVCodecContext *c = codec ? avcodec_alloc_context3(codec) : NULL;
    AVFrame *f = av_frame_alloc();
    AVPacket *pkt = av_packet_alloc();
    struct SwsContext *sws = NULL;
    uint8_t *out = NULL;
    if (!c || !f || !pkt || w <= 0 || h <= 0)
        goto done;
    c->width = w;
    c->height = h;
    c->pix_fmt = AV_PIX_FMT_YUVJ420P;   // full range: what JPEG viewers expect
    c->time_base = (AVRational){1, 25};
    c->flags |= AV_CODEC_FLAG_QSCALE;
    c->global_quality = FF_QP2LAMBDA * q;
    c->thread_count = 1;
    if (avcodec_open2(c, codec, NULL) < 0)
        goto done;
    f->format = c->pix_fmt;
    f->width = w;
    f->height = h;
    f->quality = c->global_quality;
    f->pict_type = AV_PICTURE_TYPE_I;
    if (av_frame_get_buffer(f, 0) < 0)
        goto done;
    sws = sws_getContext(sw, sh, AV_PIX_FMT_RGB24, w, h, c->pix_fmt, SWS_AREA, NULL, NULL, NULL);
    if (!sws)
        goto done;
    const uint8_t *src[1] = {rgb};
    int stride[1] = {pitch};
    sws_scale(sws, src, stride, 0, sh, f->data, f->linesize);
    if (avcodec_send_frame(c, f) < 0 || avcodec_send_frame(c, NULL) < 0 ||
        avcodec_receive_packet(c, pkt) < 0)
        goto done;
    out = malloc((size_t)pkt->size);
    if (out) {
        memcpy(out, pkt->data, (size_t)pkt->size);
        *len = (size_t)pkt->size;
        *ow = w;
        *oh = h;
    }
done:
    sws_freeContext(sws);
    av_packet_free(&pkt);
    av_frame_free(&f);
    avcodec_free_context(&c);
    return out;
}
