// The process's one sound output, behind a small interface: SDL audio on a screen (device from
// the config's audio_device), or, headless, a sink that the simulated clock pulls from — one
// refresh's worth of samples per refresh — optionally written to a file (audio_device =
// file:PATH, raw signed 16-bit stereo at 48 kHz) for tests. One clip at a time owns it.
// No sound device is not a failure: video plays silently, said once in the log.
#ifndef BT_AUDIO_H
#define BT_AUDIO_H

#define BT_AUDIO_RATE 48000
#define BT_AUDIO_CHANNELS 2

struct bt_audio;
struct bt_video;

// Opens the output. Never NULL unless out of memory; may be silent.
struct bt_audio *bt_audio_create(const char *device, int headless);
void bt_audio_destroy(struct bt_audio *a);

// Makes v the source if nothing owns the output. Returns 1 when it does. Main thread.
int bt_audio_claim(struct bt_audio *a, struct bt_video *v);
// Gives the output up, if v owns it. Main thread, before v is closed.
void bt_audio_release(struct bt_audio *a, struct bt_video *v);

// Headless: pulls `frames` sample frames from the owner as the display advances one refresh.
void bt_audio_pull_refresh(struct bt_audio *a, int frames);

#endif
