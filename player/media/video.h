// A video clip's pipeline, after ffplay's: a demux thread (libavformat) feeds a bounded packet
// queue; a decoder thread (libavcodec, frame threading on) fills a small frame ring; the main
// thread takes the frame that is due. Each queue and ring has its own lock and condition, as
// ffplay's PacketQueue and FrameQueue: the main thread only ever contends with the decoder for
// the frame ring, briefly, and never waits on it on a screen. Clips are opened as hostile input:
// only the containers bangtin plays, only local regular files, no references to other files or the
// network, and a stalled read is abandoned after a bound.
//
// Looping happens inside the pipeline, so the next loop's first frame is decoded before the
// last one ends: timestamps keep growing across loops.
#ifndef BT_MEDIA_VIDEO_H
#define BT_MEDIA_VIDEO_H

#include <stdint.h>

#include <libavutil/frame.h>

#include "media/audio.h"

#define BT_VIDEO_RING     4         // decoded frames held ahead
#define BT_VIDEO_STALL_US 5000000   // a read that makes no progress this long is given up

struct bt_video;

// Starts opening `path` on the worker threads; plays it `loops` times (0: forever). With
// hwdec (an enum bt_hwdec other than none), H.264 is decoded by the V4L2 memory-to-memory
// decoder where the system has one (a Raspberry Pi 4), else in software (said once in the log).
// display_hz (0: not known) is the refresh rate it is shown at: a clip in step with it
// (bt_video_refreshes_per_frame) has its sound resampled to the display's pace from its first
// sample (see bt_video_audio_speed). Returns NULL only when out of memory. Any thread.
struct bt_video *bt_video_open(const char *path, int loops, int hwdec, int want_audio,
                               double display_hz);

// Pure: whether a clip of `fps` frames a second is shown in step with a display of `hz`, one
// frame per N refreshes: N (1 to 8) when fps is within 1 % of hz / N, else 0.
int bt_video_refreshes_per_frame(double fps, double hz);
// Stops the threads and frees everything. Main thread.
void bt_video_close(struct bt_video *v);

// Negative: the clip cannot be played (see bt_video_error). 0: opening. 1: frames are coming.
int bt_video_status(struct bt_video *v);
const char *bt_video_error(struct bt_video *v);

// The next decoded frame (owned by the ring; valid until bt_video_pop) and its time in seconds
// from the clip's first frame, across loops; or NULL when none is decoded yet. Its
// sample_aspect_ratio is the one to show it with (the container's, else the codec's).
// With wait, blocks until a frame or the end arrives (simulated time; bounded). Main thread.
AVFrame *bt_video_peek(struct bt_video *v, int index, double *t, int wait);
void bt_video_pop(struct bt_video *v);
// Simulated time: waits (bounded) until what the clip holds up to time t is known — a frame
// after t is decoded, the ring is full, or the clip's end is known. Main thread.
void bt_video_settle(struct bt_video *v, double t);
// Whether every frame of every loop has been decoded and taken.
int bt_video_drained(struct bt_video *v);
// When the last frame ends (seconds), once the end is known; otherwise < 0.
double bt_video_end(struct bt_video *v);
// Sound. Whether the clip has sound that decodes (once opening is over). Any thread.
int bt_video_has_audio(struct bt_video *v);
// Takes up to `frames` sample frames (48 kHz stereo s16) for the output; with wait, waits
// (bounded) until that many are decoded or the sound ends. Returns the frames taken. Any thread.
int bt_video_audio_pull(struct bt_video *v, int16_t *out, int frames, int wait);
// The clip's sound as a source for the output (bt_audio_claim), pulling bt_video_audio_pull.
struct bt_audio_source bt_video_audio_source(struct bt_video *v);
// The clip time of the next sample to play, once one has played and while the sound goes on:
// returns 1 and sets *t.
int bt_video_audio_clock(struct bt_video *v, double *t);
// No output takes this clip's sound: decoded sound is dropped from now on.
void bt_video_audio_off(struct bt_video *v);
// The clip's frame rate when it is constant (frames per second), once opening is over; 0 when
// it varies or is not known. Any thread.
double bt_video_frame_rate(struct bt_video *v);
// Plays the sound `speed` times as fast as recorded (0.9 to 1.1; 1: as recorded), by
// resampling it (swr_set_compensation, so the pitch moves by as much): for video shown in step
// with the display, a little faster or slower than its own rate. Takes effect with the sound
// decoded from then on (up to a second ahead). Any thread.
void bt_video_audio_speed(struct bt_video *v, double speed);
// Display rotation from the stream's metadata, clockwise degrees (0, 90, 180, 270).
int bt_video_rotation(struct bt_video *v);

#endif
