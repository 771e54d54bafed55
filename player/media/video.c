#include "media/video.h"

#include <errno.h>
#include <glob.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/thread.h"
#include "config/config.h"
#include "media/video_internal.h"
#include "time/clock.h"

#define PKT_QUEUE_BYTES (16 * 1024 * 1024)
#define SYNC_MATCH      0.01   // a frame rate within 1 % of the refresh rate over N is in step
#define SYNC_MAX_N      8      // at most this many refreshes a frame

// The containers bangtin plays: FFmpeg's own demuxer names.
static const char formats[] = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mpegts";

static void wake(pthread_mutex_t *lock, pthread_cond_t *cond)
{
    pthread_mutex_lock(lock);
    pthread_cond_broadcast(cond);
    pthread_mutex_unlock(lock);
}

// After quit or status changed: every waiter looks again.
static void wake_all(struct bt_video *v)
{
    wake(&v->vq.lock, &v->vq.cond);
    wake(&v->aq.lock, &v->aq.cond);
    wake(&v->ring.lock, &v->ring.cond);
    bt_video_sound_wake(v);
}

// The clip cannot be played: keeps the first reason. The caller wakes the waiters (wake_all),
// holding no queue's lock.
static void set_failed(struct bt_video *v, const char *msg)
{
    pthread_mutex_lock(&v->fail_lock);
    if (atomic_load(&v->status) >= 0) {
        snprintf(v->error, sizeof(v->error), "%s", msg);
        atomic_store(&v->status, -1);
    }
    pthread_mutex_unlock(&v->fail_lock);
}

static void fail(struct bt_video *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct bt_video *v, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    // FFmpeg's own words, when it gave some on this thread: one line says why.
    const char *why = bt_log_library_error();
    size_t n = strlen(msg);
    if (*why && n + 8 < sizeof(msg))
        snprintf(msg + n, sizeof(msg) - n, " (%s)", why);
    set_failed(v, msg);
    wake_all(v);
}

static int interrupted(void *opaque)
{
    struct bt_video *v = opaque;
    int quit = atomic_load(&v->quit);
    int64_t now = bt_time_mono_us();
    // Closing does not cut a quick read short (FFmpeg would log the half packet as damage);
    // a read already slow (a failing USB stick) is given up at once.
    int64_t started = v->deadline_us - BT_VIDEO_STALL_US;
    return (quit && now - started > 200000) || now > v->deadline_us;
}

// Puts an item in the packet queue, waiting while it is full. Returns -1 when quitting.
static int queue_put(struct bt_video *v, struct pkt_queue *q, int kind, AVPacket *pkt)
{
    pthread_mutex_lock(&q->lock);
    while (!atomic_load(&v->quit) &&
           (q->count == PKT_QUEUE_MAX ||
            (pkt && q->bytes + (size_t)pkt->size > PKT_QUEUE_BYTES && q->count)))
        pthread_cond_wait(&q->cond, &q->lock);
    if (atomic_load(&v->quit)) {
        pthread_mutex_unlock(&q->lock);
        return -1;
    }
    struct pkt_item *it = &q->items[(q->head + q->count++) % PKT_QUEUE_MAX];
    it->kind = kind;
    it->pkt = pkt;
    q->bytes += pkt ? (size_t)pkt->size : 0;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
    return 0;
}

int bt_video_queue_get(struct bt_video *v, struct pkt_queue *q, struct pkt_item *out)
{
    pthread_mutex_lock(&q->lock);
    while (!atomic_load(&v->quit) && q->count == 0)
        pthread_cond_wait(&q->cond, &q->lock);
    if (atomic_load(&v->quit)) {
        pthread_mutex_unlock(&q->lock);
        return -1;
    }
    *out = q->items[q->head];
    q->head = (q->head + 1) % PKT_QUEUE_MAX;
    q->count--;
    q->bytes -= out->pkt ? (size_t)out->pkt->size : 0;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
    return 0;
}

static void queue_init(struct pkt_queue *q)
{
    pthread_mutex_init(&q->lock, NULL);
    bt_cond_init(&q->cond);
}

// Frees what is left in the queue. No thread uses it any more.
static void queue_free(struct pkt_queue *q)
{
    for (int i = 0; i < q->count; i++)
        av_packet_free(&q->items[(q->head + i) % PKT_QUEUE_MAX].pkt);
    pthread_cond_destroy(&q->cond);
    pthread_mutex_destroy(&q->lock);
}

// H.264 through the V4L2 memory-to-memory decoder. Returns 0, or -1 (software it is: said once).
static int open_v4l2m2m(struct bt_video *v, const AVStream *s)
{
    static atomic_int told, unavailable;
    if (atomic_load(&unavailable))
        return -1;
    // No V4L2 device at all (a PC, a Pi 5): do not even ask FFmpeg, which would log errors.
    glob_t g;
    int devices = glob("/dev/video*", 0, NULL, &g) == 0 ? (int)g.gl_pathc : 0;
    globfree(&g);
    const AVCodec *codec = devices ? avcodec_find_decoder_by_name("h264_v4l2m2m") : NULL;
    AVCodecContext *cc = codec ? avcodec_alloc_context3(codec) : NULL;
    if (cc && avcodec_parameters_to_context(cc, s->codecpar) >= 0) {
        cc->pkt_timebase = s->time_base;
        if (avcodec_open2(cc, codec, NULL) >= 0) {
            v->cc = cc;
            if (atomic_exchange(&told, 1) == 0)
                BT_INFO("video", "%s", _("H.264 is decoded by h264_v4l2m2m"));
            return 0;
        }
    }
    avcodec_free_context(&cc);
    atomic_store(&unavailable, 1);
    if (atomic_exchange(&told, 1) == 0)
        BT_INFO("video", "%s",
                _("no H.264 hardware decoder (h264_v4l2m2m) here; decoding in software"));
    return -1;
}

// The stream's frame rate when it is constant (its average and its base rate agree within
// 1 %; a stream that tells no average is taken at its base rate), else 0.
static double constant_rate(const AVStream *s)
{
    double r = av_q2d(s->r_frame_rate), avg = av_q2d(s->avg_frame_rate);
    if (!(r >= 1 && r <= 1000))
        return 0;
    if (s->avg_frame_rate.num <= 0 || s->avg_frame_rate.den <= 0)
        return r;
    return fabs(avg / r - 1) <= 0.01 ? avg : 0;
}

static int open_input(struct bt_video *v)
{
    struct stat st;
    if (stat(v->path, &st) != 0) {
        fail(v, _("cannot read it: %s"), strerror(errno));
        return -1;
    }
    // A FIFO or device would block the open itself, where no time limit reaches.
    if (!S_ISREG(st.st_mode)) {
        fail(v, "%s", _("is not a regular file"));
        return -1;
    }
    if (st.st_size == 0) {
        fail(v, "%s", _("is empty (0 bytes)"));
        return -1;
    }
    AVDictionary *opts = NULL;
    av_dict_set(&opts, "format_whitelist", formats, 0);
    av_dict_set(&opts, "protocol_whitelist", "file", 0);
    av_dict_set(&opts, "enable_drefs", "0", 0);
    v->fc = avformat_alloc_context();
    if (!v->fc) {
        av_dict_free(&opts);
        fail(v, "%s", _("out of memory"));
        return -1;
    }
    v->fc->interrupt_callback = (AVIOInterruptCB){.callback = interrupted, .opaque = v};
    v->deadline_us = bt_time_mono_us() + BT_VIDEO_STALL_US;
    char url[4200];
    snprintf(url, sizeof(url), "file:%s", v->path);   // no other protocol, whatever the name
    int rc = avformat_open_input(&v->fc, url, NULL, &opts);
    av_dict_free(&opts);
    if (rc < 0) {
        fail(v, "%s", _("is not a video bangtin plays (MP4, MKV/WebM or MPEG-TS), or is damaged"));
        return -1;
    }
    v->deadline_us = bt_time_mono_us() + BT_VIDEO_STALL_US;
    if (avformat_find_stream_info(v->fc, NULL) < 0) {
        fail(v, "%s", _("is damaged: its streams cannot be read"));
        return -1;
    }
    v->stream = av_find_best_stream(v->fc, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    if (v->stream < 0) {
        fail(v, "%s", _("has no video stream"));
        return -1;
    }
    AVStream *s = v->fc->streams[v->stream];
    v->tb = s->time_base;
    v->sar = s->sample_aspect_ratio;
    const AVCodec *codec = avcodec_find_decoder(s->codecpar->codec_id);
    if (!codec) {
        fail(v, _("uses the %s codec, which this system's FFmpeg cannot decode"),
             avcodec_get_name(s->codecpar->codec_id));
        return -1;
    }
    if (s->codecpar->codec_id == AV_CODEC_ID_H264 && v->hwdec != BT_HWDEC_NONE &&
        open_v4l2m2m(v, s) == 0)
        goto opened;
    v->cc = avcodec_alloc_context3(codec);
    if (!v->cc || avcodec_parameters_to_context(v->cc, s->codecpar) < 0) {
        fail(v, "%s", _("out of memory"));
        return -1;
    }
    v->cc->thread_count = 0;   // as many as there are cores
    v->cc->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    v->cc->pkt_timebase = s->time_base;
    if (avcodec_open2(v->cc, codec, NULL) < 0) {
        fail(v, _("cannot start the %s decoder"), codec->name);
        return -1;
    }
opened:;
    const uint8_t *matrix = av_stream_get_side_data(s, AV_PKT_DATA_DISPLAYMATRIX, NULL);
    int rotation = 0;
    if (matrix) {
        double a = -av_display_rotation_get((const int32_t *)matrix);   // clockwise
        rotation = ((int)lround(a / 90.0) * 90 % 360 + 360) % 360;
    }
    if (v->want_audio)
        bt_video_sound_open(v);
    v->frame_rate = constant_rate(s);
    int n = bt_video_refreshes_per_frame(v->frame_rate, v->display_hz);
    if (n)   // (before the sound's thread starts)
        bt_video_audio_speed(v, v->display_hz / (n * v->frame_rate));
    atomic_store(&v->rotation, rotation);
    int opening = 0;
    atomic_compare_exchange_strong(&v->status, &opening, 1);
    wake_all(v);   // those waiting for sound learn whether there is any
    return 0;
}

static void *demux_main(void *arg)
{
    pthread_setname_np(pthread_self(), "bt-demux");   // seen in top -H, ps -L
    struct bt_video *v = arg;
    bt_log_library_clear();
    if (open_input(v) != 0) {
        queue_put(v, &v->vq, ITEM_END, NULL);
        queue_put(v, &v->aq, ITEM_END, NULL);
        return NULL;
    }
    // The sound's thread exists only for a clip whose sound is wanted and decodes (each thread
    // costs a malloc arena: 14 MB of RSS measured).
    int sound = v->astream >= 0 && (v->audio_started = pthread_create(&v->audio_thread, NULL,
                                                                      bt_video_sound_main, v) == 0);
    for (int loop = 1;;) {
        AVPacket *pkt = av_packet_alloc();
        if (!pkt)
            break;
        v->deadline_us = bt_time_mono_us() + BT_VIDEO_STALL_US;
        int rc = av_read_frame(v->fc, pkt);
        if (rc >= 0) {
            struct pkt_queue *q = pkt->stream_index == v->stream             ? &v->vq
                                  : sound && pkt->stream_index == v->astream ? &v->aq
                                                                             : NULL;
            if (!q) {
                av_packet_free(&pkt);
                continue;
            }
            if (queue_put(v, q, ITEM_PACKET, pkt) != 0) {
                av_packet_free(&pkt);
                break;
            }
            continue;
        }
        av_packet_free(&pkt);
        if (rc != AVERROR_EOF && rc != AVERROR(EAGAIN))
            BT_DEBUG("video", "%s: reading stopped: %s", v->path, av_err2str(rc));
        if (v->loops && loop >= v->loops) {
            queue_put(v, &v->vq, ITEM_END, NULL);
            if (sound)
                queue_put(v, &v->aq, ITEM_END, NULL);
            break;
        }
        // Again from the start: the decoders drain, then take the next loop's packets.
        loop++;
        int rc2 = avformat_seek_file(v->fc, -1, INT64_MIN, 0, 0, 0);
        if (rc2 < 0 || queue_put(v, &v->vq, ITEM_LOOP, NULL) != 0 ||
            (sound && queue_put(v, &v->aq, ITEM_LOOP, NULL) != 0)) {
            queue_put(v, &v->vq, ITEM_END, NULL);
            if (sound)
                queue_put(v, &v->aq, ITEM_END, NULL);
            break;
        }
    }
    return NULL;
}

// Waits for room in the ring and puts a frame there. Returns -1 when quitting.
static int ring_put(struct bt_video *v, AVFrame *frame, double t)
{
    struct frame_ring *r = &v->ring;
    pthread_mutex_lock(&r->lock);
    while (!atomic_load(&v->quit) && r->count == BT_VIDEO_RING)
        pthread_cond_wait(&r->cond, &r->lock);
    if (atomic_load(&v->quit)) {
        pthread_mutex_unlock(&r->lock);
        return -1;
    }
    r->frames[(r->head + r->count++) % BT_VIDEO_RING] = (struct ring_frame){frame, t};
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
    return 0;
}

// The decoder is done: with end >= 0, the clip's end is known.
static void ring_finish(struct bt_video *v, double end)
{
    struct frame_ring *r = &v->ring;
    pthread_mutex_lock(&r->lock);
    r->decoded_all = 1;
    if (end >= 0)
        r->end = end;
    pthread_cond_broadcast(&r->cond);
    pthread_mutex_unlock(&r->lock);
}

static void *decode_main(void *arg)
{
    pthread_setname_np(pthread_self(), "bt-vdec");   // seen in top -H, ps -L
    struct bt_video *v = arg;
    bt_log_library_clear();
    double offset = 0;     // added to this loop's times
    double loop_end = 0;   // when this loop's last frame ends, from its own start
    int64_t first = AV_NOPTS_VALUE;
    int frames = 0;
    AVFrame *frame = av_frame_alloc();
    for (int done = 0; frame && !done;) {
        struct pkt_item it;
        if (bt_video_queue_get(v, &v->vq, &it) != 0)
            break;
        if (!v->cc) {   // the open failed: only the end comes
            av_packet_free(&it.pkt);
            if (it.kind == ITEM_END)
                break;
            continue;
        }
        int rc = avcodec_send_packet(v->cc, it.kind == ITEM_PACKET ? it.pkt : NULL);
        av_packet_free(&it.pkt);
        if (rc < 0 && rc != AVERROR(EAGAIN) && rc != AVERROR_EOF)
            BT_DEBUG("video", "%s: a packet does not decode: %s", v->path, av_err2str(rc));
        while ((rc = avcodec_receive_frame(v->cc, frame)) >= 0) {
            AVRational tb = v->tb;
            int64_t ts = frame->best_effort_timestamp;
            if (ts == AV_NOPTS_VALUE)
                ts = frames ? first + (int64_t)(loop_end / av_q2d(tb)) : 0;
            if (first == AV_NOPTS_VALUE)
                first = ts;
            double t = (double)(ts - first) * av_q2d(tb);
            double dur = frame->pkt_duration > 0        ? (double)frame->pkt_duration * av_q2d(tb)
                         : av_q2d(v->cc->framerate) > 0 ? 1.0 / av_q2d(v->cc->framerate)
                                                        : 0.04;
            if (t + dur > loop_end)
                loop_end = t + dur;
            AVFrame *copy = av_frame_clone(frame);
            av_frame_unref(frame);
            // The container's aspect wins over the codec's, as av_guess_sample_aspect_ratio has.
            if (copy && v->sar.num > 0 && v->sar.den > 0)
                copy->sample_aspect_ratio = v->sar;
            if (!copy || ring_put(v, copy, offset + t) != 0) {
                av_frame_free(&copy);
                done = 1;
                break;
            }
            frames++;
        }
        if (it.kind == ITEM_LOOP) {
            avcodec_flush_buffers(v->cc);
            offset += loop_end;
            loop_end = 0;
            first = AV_NOPTS_VALUE;
        } else if (it.kind == ITEM_END) {
            if (frames == 0)
                set_failed(v, _("holds no frame that decodes"));
            ring_finish(v, offset + loop_end);
            if (frames == 0)
                wake_all(v);
            done = 1;
        }
    }
    av_frame_free(&frame);
    ring_finish(v, -1);
    return NULL;
}

int bt_video_refreshes_per_frame(double fps, double hz)
{
    if (!(fps > 0) || !(hz > 0))
        return 0;
    long n = lround(hz / fps);
    return n >= 1 && n <= SYNC_MAX_N && fabs(hz / ((double)n * fps) - 1) <= SYNC_MATCH ? (int)n : 0;
}

struct bt_video *bt_video_open(const char *path, int loops, int hwdec, int want_audio,
                               double display_hz)
{
    struct bt_video *v = calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    v->hwdec = hwdec;
    v->want_audio = want_audio;
    v->display_hz = display_hz;
    v->astream = -1;
    v->path = strdup(path);
    v->loops = loops;
    v->stream = -1;
    pthread_mutex_init(&v->fail_lock, NULL);
    queue_init(&v->vq);
    queue_init(&v->aq);
    pthread_mutex_init(&v->ring.lock, NULL);
    bt_cond_init(&v->ring.cond);
    v->ring.end = -1;
    bt_video_sound_init(v);
    if (!v->path) {
        bt_video_close(v);
        return NULL;
    }
    v->demux_started = pthread_create(&v->demux_thread, NULL, demux_main, v) == 0;
    v->decode_started = pthread_create(&v->decode_thread, NULL, decode_main, v) == 0;
    if (!v->demux_started || !v->decode_started)
        fail(v, "%s", _("cannot start its threads"));
    return v;
}

void bt_video_close(struct bt_video *v)
{
    if (!v)
        return;
    atomic_store(&v->quit, 1);
    wake_all(v);
    if (v->demux_started)
        pthread_join(v->demux_thread, NULL);
    if (v->decode_started)
        pthread_join(v->decode_thread, NULL);
    if (v->audio_started)   // written by the demux thread, joined above
        pthread_join(v->audio_thread, NULL);
    queue_free(&v->vq);
    queue_free(&v->aq);
    for (int i = 0; i < v->ring.count; i++)
        av_frame_free(&v->ring.frames[(v->ring.head + i) % BT_VIDEO_RING].frame);
    avcodec_free_context(&v->cc);
    avformat_close_input(&v->fc);
    pthread_cond_destroy(&v->ring.cond);
    pthread_mutex_destroy(&v->ring.lock);
    bt_video_sound_free(v);
    pthread_mutex_destroy(&v->fail_lock);
    free(v->path);
    free(v);
}

int bt_video_status(struct bt_video *v)
{
    return atomic_load(&v->status);
}

const char *bt_video_error(struct bt_video *v)
{
    return v->error;   // written once, before status turns negative
}

double bt_video_frame_rate(struct bt_video *v)
{
    return atomic_load(&v->status) > 0 ? v->frame_rate : 0;   // written before status turns 1
}

AVFrame *bt_video_peek(struct bt_video *v, int index, double *t, int wait)
{
    struct frame_ring *r = &v->ring;
    int stalled = 0;
    pthread_mutex_lock(&r->lock);
    if (wait) {
        struct timespec until = bt_deadline_in(WAIT_US);
        while (r->count <= index && !r->decoded_all && atomic_load(&v->status) >= 0 &&
               !atomic_load(&v->quit)) {
            if (pthread_cond_timedwait(&r->cond, &r->lock, &until) == ETIMEDOUT) {
                stalled = 1;
                break;
            }
        }
    }
    AVFrame *f = NULL;
    if (r->count > index) {
        struct ring_frame *rf = &r->frames[(r->head + index) % BT_VIDEO_RING];
        f = rf->frame;
        *t = rf->t;
    }
    pthread_mutex_unlock(&r->lock);
    if (stalled) {
        BT_WARN("video", _("%s: no frame after %d s; given up"), v->path, WAIT_US / 1000000);
        set_failed(v, _("stalled: no frame came"));
        wake_all(v);
    }
    return f;
}

void bt_video_settle(struct bt_video *v, double t)
{
    struct frame_ring *r = &v->ring;
    struct timespec until = bt_deadline_in(WAIT_US);
    pthread_mutex_lock(&r->lock);
    while (!r->decoded_all && atomic_load(&v->status) >= 0 && !atomic_load(&v->quit) &&
           r->count < BT_VIDEO_RING &&
           !(r->count && r->frames[(r->head + r->count - 1) % BT_VIDEO_RING].t > t)) {
        if (pthread_cond_timedwait(&r->cond, &r->lock, &until) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&r->lock);
}

void bt_video_pop(struct bt_video *v)
{
    struct frame_ring *r = &v->ring;
    pthread_mutex_lock(&r->lock);
    if (r->count) {
        av_frame_free(&r->frames[r->head].frame);
        r->head = (r->head + 1) % BT_VIDEO_RING;
        r->count--;
        pthread_cond_broadcast(&r->cond);
    }
    pthread_mutex_unlock(&r->lock);
}

int bt_video_drained(struct bt_video *v)
{
    pthread_mutex_lock(&v->ring.lock);
    int d = v->ring.decoded_all && v->ring.count == 0;
    pthread_mutex_unlock(&v->ring.lock);
    return d;
}

double bt_video_end(struct bt_video *v)
{
    pthread_mutex_lock(&v->ring.lock);
    double e = v->ring.decoded_all ? v->ring.end : -1;
    pthread_mutex_unlock(&v->ring.lock);
    return e;
}

int bt_video_rotation(struct bt_video *v)
{
    return atomic_load(&v->rotation);
}
