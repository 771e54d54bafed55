// A clip's sound: its decoder thread resamples it to 48 kHz stereo (at the pictures' pace when
// they are shown in step with the display) into the PCM ring, with the clip time of its
// samples; the output pulls from the ring. The PCM ring's lock is this file's.
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/channel_layout.h>
#include <libswresample/swresample.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/thread.h"
#include "media/video_internal.h"

// The clip's sound, when it has one: its decoder and a resampler to 48 kHz stereo. Without it
// (or when it does not open) the clip plays silently.
void bt_video_sound_open(struct bt_video *v)
{
    int a = av_find_best_stream(v->fc, AVMEDIA_TYPE_AUDIO, -1, v->stream, NULL, 0);
    if (a < 0)
        return;
    AVStream *s = v->fc->streams[a];
    const AVCodec *codec = avcodec_find_decoder(s->codecpar->codec_id);
    v->acc = codec ? avcodec_alloc_context3(codec) : NULL;
    if (!v->acc || avcodec_parameters_to_context(v->acc, s->codecpar) < 0 ||
        avcodec_open2(v->acc, codec, NULL) < 0) {
        BT_INFO("video", _("%s: its sound cannot be decoded; it plays silently"), v->path);
        avcodec_free_context(&v->acc);
        return;
    }
    v->acc->pkt_timebase = s->time_base;
    AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
    if (swr_alloc_set_opts2(&v->swr, &stereo, AV_SAMPLE_FMT_S16, BT_AUDIO_RATE, &v->acc->ch_layout,
                            v->acc->sample_fmt, v->acc->sample_rate, 0, NULL) < 0 ||
        swr_init(v->swr) < 0) {
        avcodec_free_context(&v->acc);
        swr_free(&v->swr);
        return;
    }
    v->atb = s->time_base;
    v->astream = a;
}

// Puts n sample frames, the first of them at time t and each standing for `step` seconds of
// the clip, in the PCM ring; waits for room.
static void pcm_write(struct bt_video *v, const int16_t *samples, int n, double t, double step)
{
    struct pcm_ring *p = &v->pcm;
    pthread_mutex_lock(&p->lock);
    while (n > 0 && !atomic_load(&v->quit) && !p->off) {
        int room = (int)(PCM_FRAMES - (p->written - p->read));
        if (room < n && room < PCM_FRAMES / 2) {   // (a frame larger than the ring goes in parts)
            pthread_cond_wait(&p->cond, &p->lock);
            continue;
        }
        int k = n < room ? n : room;
        p->anchors[p->anchors_written++ % ANCHORS] = (struct anchor){p->written, t, step};
        for (int i = 0; i < k; i++) {
            int64_t at = (p->written + i) % PCM_FRAMES;
            p->samples[at * 2] = samples[i * 2];
            p->samples[at * 2 + 1] = samples[i * 2 + 1];
        }
        p->written += k;
        samples += (size_t)k * BT_AUDIO_CHANNELS;
        n -= k;
        t += k * step;
        pthread_cond_broadcast(&p->cond);
    }
    pthread_mutex_unlock(&p->lock);
}

// Sets the resampler to play this frame of `in` samples at `speed` (ffplay's
// synchronize_audio, with the fraction of a sample carried to the next frame). Returns the
// clip time an output sample stands for.
static double compensate(struct bt_video *v, int in, int in_rate, double speed, double *carry,
                         int *resampling)
{
    if (fabs(speed - 1) < 1e-6 && !*resampling)
        return 1.0 / BT_AUDIO_RATE;
    double nominal = (double)in * BT_AUDIO_RATE / in_rate;
    *carry += nominal / speed - nominal;
    int delta = (int)lround(*carry);
    *carry -= delta;
    int distance = (int)lround(nominal) + delta;
    if (distance > 0 && swr_set_compensation(v->swr, delta, delta ? distance : 0) == 0) {
        *resampling = 1;
        return speed / BT_AUDIO_RATE;
    }
    return 1.0 / BT_AUDIO_RATE;
}

void *bt_video_sound_main(void *arg)
{
    pthread_setname_np(pthread_self(), "bt-audio");   // seen in top -H, ps -L
    struct bt_video *v = arg;
    AVFrame *frame = av_frame_alloc();
    int16_t *out = NULL;
    int out_cap = 0;
    double offset = 0, loop_end = 0;
    double carry = 0;   // samples of the speed's compensation not yet made
    int resampling = 0;
    int64_t first = AV_NOPTS_VALUE;
    for (int done = 0; frame && !done;) {
        struct pkt_item it;
        if (bt_video_queue_get(v, &v->aq, &it) != 0)
            break;
        if (!v->acc) {
            av_packet_free(&it.pkt);
            done = it.kind == ITEM_END;
            continue;
        }
        avcodec_send_packet(v->acc, it.kind == ITEM_PACKET ? it.pkt : NULL);
        av_packet_free(&it.pkt);
        while (avcodec_receive_frame(v->acc, frame) >= 0) {
            AVRational tb = v->atb;
            int64_t ts = frame->best_effort_timestamp;
            if (first == AV_NOPTS_VALUE)
                first = ts != AV_NOPTS_VALUE ? ts : 0;
            double t = ts != AV_NOPTS_VALUE ? (double)(ts - first) * av_q2d(tb) : loop_end;
            pthread_mutex_lock(&v->pcm.lock);
            double speed = v->pcm.speed;
            pthread_mutex_unlock(&v->pcm.lock);
            double step =
                compensate(v, frame->nb_samples, frame->sample_rate, speed, &carry, &resampling);
            int max = swr_get_out_samples(v->swr, frame->nb_samples);
            if (max > out_cap) {
                int16_t *n = realloc(out, (size_t)max * sizeof(int16_t) * BT_AUDIO_CHANNELS);
                if (!n)
                    break;
                out = n;
                out_cap = max;
            }
            uint8_t *dst[1] = {(uint8_t *)out};
            int got = swr_convert(v->swr, dst, max, (const uint8_t **)frame->extended_data,
                                  frame->nb_samples);
            if (got > 0)
                pcm_write(v, out, got, offset + t, step);
            double end = t + (double)frame->nb_samples / frame->sample_rate;
            if (end > loop_end)
                loop_end = end;
            av_frame_unref(frame);
        }
        if (it.kind == ITEM_LOOP) {
            avcodec_flush_buffers(v->acc);
            offset += loop_end;
            loop_end = 0;
            first = AV_NOPTS_VALUE;
        } else if (it.kind == ITEM_END) {
            done = 1;
        }
    }
    free(out);
    av_frame_free(&frame);
    pthread_mutex_lock(&v->pcm.lock);
    v->pcm.done = 1;
    pthread_cond_broadcast(&v->pcm.cond);
    pthread_mutex_unlock(&v->pcm.lock);
    return NULL;
}

int bt_video_audio_pull(struct bt_video *v, int16_t *out, int frames, int wait)
{
    struct pcm_ring *p = &v->pcm;
    pthread_mutex_lock(&p->lock);
    if (wait) {
        struct timespec until = bt_deadline_in(WAIT_US);
        // (A clip found to have no sound has nothing to wait for.)
        for (;;) {
            int status = atomic_load(&v->status);
            if (atomic_load(&v->quit) || p->done || status < 0 || (status > 0 && v->astream < 0) ||
                p->written - p->read >= frames)
                break;
            if (pthread_cond_timedwait(&p->cond, &p->lock, &until) == ETIMEDOUT)
                break;
        }
    }
    int64_t avail = p->written - p->read;
    int n = avail < frames ? (int)avail : frames;
    for (int i = 0; i < n; i++) {
        int64_t at = (p->read + i) % PCM_FRAMES;
        out[i * 2] = p->samples[at * 2];
        out[i * 2 + 1] = p->samples[at * 2 + 1];
    }
    p->read += n;
    // The time of the next sample: from the last anchor at or before it.
    for (int64_t k = p->anchors_written - 1; n > 0 && k >= 0 && k >= p->anchors_written - ANCHORS;
         k--) {
        const struct anchor *an = &p->anchors[k % ANCHORS];
        if (an->index <= p->read) {
            p->t = an->t + (double)(p->read - an->index) * an->step;
            break;
        }
    }
    if (n > 0)
        pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
    return n;
}

static int audio_pull(void *ctx, int16_t *out, int frames, int wait)
{
    return bt_video_audio_pull(ctx, out, frames, wait);
}

struct bt_audio_source bt_video_audio_source(struct bt_video *v)
{
    return (struct bt_audio_source){.pull = audio_pull, .ctx = v};
}

int bt_video_audio_clock(struct bt_video *v, double *t)
{
    struct pcm_ring *p = &v->pcm;
    pthread_mutex_lock(&p->lock);
    // (Sound that ended, or shorter than the pictures, keeps no time.)
    int ok = p->t >= 0 && !p->off && !(p->done && p->read == p->written);
    *t = p->t;
    pthread_mutex_unlock(&p->lock);
    return ok;
}

void bt_video_audio_speed(struct bt_video *v, double speed)
{
    if (!(speed >= 0.9 && speed <= 1.1))
        return;
    pthread_mutex_lock(&v->pcm.lock);
    v->pcm.speed = speed;
    pthread_mutex_unlock(&v->pcm.lock);
}

int bt_video_has_audio(struct bt_video *v)
{
    return atomic_load(&v->status) > 0 && v->astream >= 0;
}

void bt_video_audio_off(struct bt_video *v)
{
    pthread_mutex_lock(&v->pcm.lock);
    v->pcm.off = 1;
    v->pcm.read = v->pcm.written;
    pthread_cond_broadcast(&v->pcm.cond);
    pthread_mutex_unlock(&v->pcm.lock);
}

void bt_video_sound_init(struct bt_video *v)
{
    pthread_mutex_init(&v->pcm.lock, NULL);
    bt_cond_init(&v->pcm.cond);
    v->pcm.t = -1;
    v->pcm.speed = 1;
}

void bt_video_sound_wake(struct bt_video *v)
{
    pthread_mutex_lock(&v->pcm.lock);
    pthread_cond_broadcast(&v->pcm.cond);
    pthread_mutex_unlock(&v->pcm.lock);
}

void bt_video_sound_free(struct bt_video *v)
{
    avcodec_free_context(&v->acc);
    swr_free(&v->swr);
    pthread_cond_destroy(&v->pcm.cond);
    pthread_mutex_destroy(&v->pcm.lock);
}
