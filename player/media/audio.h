// The process's one sound output, behind a small interface: SDL audio on a screen (device from
// the config's audio_device), or, headless, a sink that the simulated clock pulls from — one
// refresh's worth of samples per refresh — optionally written to a file (audio_device =
// file:PATH, raw signed 16-bit stereo at 48 kHz) for tests. One source at a time owns it, and
// the output pulls its samples through struct bt_audio_source (video.h makes one of a clip).
// No sound device is not a failure: video plays silently, said once in the log.
#ifndef BT_MEDIA_AUDIO_H
#define BT_MEDIA_AUDIO_H

#define BT_AUDIO_RATE     48000
#define BT_AUDIO_CHANNELS 2

#include <stdint.h>

struct bt_audio;

// What the output pulls sound from.
struct bt_audio_source {
    // Takes up to `frames` sample frames (BT_AUDIO_RATE, BT_AUDIO_CHANNELS, signed 16-bit) into
    // out; with wait, may wait (bounded) until that many are there. Returns the frames taken.
    // Called on SDL's audio thread, or on the main thread headless.
    int (*pull)(void *ctx, int16_t *out, int frames, int wait);
    void *ctx;
};

// Opens the output. Never NULL unless out of memory; may be silent.
struct bt_audio *bt_audio_create(const char *device, int headless);
void bt_audio_destroy(struct bt_audio *a);

// Makes src the source if nothing owns the output. Returns 1 when it does. Main thread.
int bt_audio_claim(struct bt_audio *a, struct bt_audio_source src);
// Gives the output up, if the source with this ctx owns it. Main thread, before ctx is freed.
void bt_audio_release(struct bt_audio *a, const void *ctx);

// Headless: pulls `frames` sample frames from the owner as the display advances one refresh.
void bt_audio_pull_refresh(struct bt_audio *a, int frames);

#endif
