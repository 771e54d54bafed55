// Inside a clip's pipeline (video.h): the state its threads share, for video.c (opening,
// demuxing, the video decoder, the frame ring) and video_sound.c (the sound's decoder, the PCM
// ring, the output's pulls). Each queue's lock is used in one of the two files only. Not for
// other modules.
#ifndef BT_MEDIA_VIDEO_INTERNAL_H
#define BT_MEDIA_VIDEO_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>

#include "media/video.h"

#define PKT_QUEUE_MAX 64
#define WAIT_US       10000000   // simulated time waits at most this long for a frame

enum {
    ITEM_PACKET,
    ITEM_LOOP,
    ITEM_END
};

struct pkt_item {
    int kind;
    AVPacket *pkt;
};

struct ring_frame {
    AVFrame *frame;
    double t;
};

#define PCM_FRAMES BT_AUDIO_RATE   // one second of sound decoded ahead
#define ANCHORS    256

// Where a decoded audio frame's samples start in the PCM ring, their time, and how much clip
// time each sample stands for (1/48000 s, or more or less when the sound is resampled).
struct anchor {
    int64_t index;   // in samples written since the start
    double t;
    double step;
};

// Each queue owns its lock and its condition, as ffplay's PacketQueue and FrameQueue do: a
// change wakes only the two threads on either side of it. Quitting (v->quit) and a failure
// (v->status) are atomics; whoever sets one then wakes every queue under its lock, so a waiter
// sees it before it sleeps or is woken.

// Packets for one decoder, from the demux thread.
struct pkt_queue {
    pthread_mutex_t lock;
    pthread_cond_t cond;   // an item put or taken, quitting
    // Protected by lock:
    struct pkt_item items[PKT_QUEUE_MAX];
    int head, count;
    size_t bytes;
};

// Decoded pictures, from the decoder thread to the main thread.
struct frame_ring {
    pthread_mutex_t lock;
    pthread_cond_t cond;   // a frame put or taken, the end known, a failure, quitting
    // Protected by lock:
    struct ring_frame frames[BT_VIDEO_RING];
    int head, count;
    int decoded_all;   // the decoder has put its last frame in the ring
    double end;        // when the last frame ends; < 0 until known
};

// Sound (when wanted and the clip has it): decoded, resampled to 48 kHz stereo, from the audio
// thread to the output.
struct pcm_ring {
    pthread_mutex_t lock;
    pthread_cond_t cond;   // samples written or taken, sound off or done, a failure, quitting
    // Protected by lock:
    int16_t samples[PCM_FRAMES * BT_AUDIO_CHANNELS];
    int64_t written, read;   // sample frames since the start
    struct anchor anchors[ANCHORS];
    int64_t anchors_written;
    int off;        // no output takes this clip's sound: it is dropped
    int done;       // the audio decoder has finished
    double t;       // time of the next sample to play; < 0 until one has played
    double speed;   // clip seconds played per second (bt_video_audio_speed)
};

struct bt_video {
    char *path;
    int loops;   // 0: forever
    int hwdec;   // enum bt_hwdec
    pthread_t demux_thread, decode_thread;
    int demux_started, decode_started;

    atomic_int quit;
    atomic_int status;           // <0 failed, 0 opening, 1 playing
    pthread_mutex_t fail_lock;   // the first failure writes error, then status turns negative
    char error[512];
    atomic_int rotation;
    struct pkt_queue vq, aq;   // video and audio packets
    struct frame_ring ring;
    struct pcm_ring pcm;

    // The demux thread's own; the decoders and the main thread read them after status becomes 1,
    // except fc, which only the demux thread touches (FFmpeg adds streams to it while reading,
    // moving its array).
    AVFormatContext *fc;
    AVCodecContext *cc;
    int stream;
    AVRational tb, atb;   // the video and sound streams' time bases, for the decoders
    AVRational sar;       // the container's sample aspect ratio; 0/1: the frames' own
    double frame_rate;    // a constant frame rate; 0: none known
    int want_audio;
    double display_hz;
    AVCodecContext *acc;
    struct SwrContext *swr;
    int astream;   // -1: no sound
    pthread_t audio_thread;
    int audio_started;
    int64_t deadline_us;   // for the interrupt callback; set by the thread doing I/O
};

// video.c: takes the next item from a packet queue, waiting for one. Returns -1 when quitting.
int bt_video_queue_get(struct bt_video *v, struct pkt_queue *q, struct pkt_item *out);

// video_sound.c. Demux thread, while opening: finds the sound stream and opens its decoder and
// resampler (without one the clip plays silently).
void bt_video_sound_open(struct bt_video *v);
// The sound's decoder thread.
void *bt_video_sound_main(void *arg);
// The PCM ring's lock and condition: made, woken (quit or status changed), freed.
void bt_video_sound_init(struct bt_video *v);
void bt_video_sound_wake(struct bt_video *v);
void bt_video_sound_free(struct bt_video *v);

#endif
