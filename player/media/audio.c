#include "media/audio.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "base/i18n.h"
#include "base/log.h"

struct bt_audio {
    pthread_mutex_t lock;            // protects source (SDL's audio thread reads it)
    struct bt_audio_source source;   // .pull NULL: none
    SDL_AudioDeviceID device;        // 0: none (silent, or headless)
    int headless;
    FILE *sink;   // headless: where pulled samples go, if anywhere
    int16_t *buf;
    int buf_frames;
    char device_name[256];   // opened when a clip first wants sound
    int tried;               // the device was tried (opened or not)
};

static void open_output(struct bt_audio *a);

static void callback(void *user, Uint8 *stream, int len)
{
    struct bt_audio *a = user;
    int frames = len / (int)(sizeof(int16_t) * BT_AUDIO_CHANNELS);
    int got = 0;
    pthread_mutex_lock(&a->lock);
    if (a->source.pull)
        got = a->source.pull(a->source.ctx, (int16_t *)stream, frames, 0);
    pthread_mutex_unlock(&a->lock);
    if (got < frames)   // an underrun, or nothing to play: silence
        memset(stream + (size_t)got * sizeof(int16_t) * BT_AUDIO_CHANNELS, 0,
               (size_t)(frames - got) * sizeof(int16_t) * BT_AUDIO_CHANNELS);
}

struct bt_audio *bt_audio_create(const char *device, int headless)
{
    struct bt_audio *a = calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    pthread_mutex_init(&a->lock, NULL);
    a->headless = headless;
    snprintf(a->device_name, sizeof(a->device_name), "%s", device ? device : "");
    if (strcmp(a->device_name, "none") == 0)
        a->tried = 1;   // no sound, by choice
    else if (headless)
        open_output(a);   // the sink costs nothing: it takes every refresh from the first
    return a;
}

// Opens the output the first time a clip wants sound: a screen that plays only muted clips
// never loads a sound library. Main thread.
static void open_output(struct bt_audio *a)
{
    const char *device = a->device_name;
    a->tried = 1;
    if (a->headless) {
        if (strncmp(device, "file:", 5) == 0) {
            a->sink = fopen(device + 5, "wb");
            if (!a->sink)
                BT_WARN("audio", _("cannot write %s: %s"), device + 5, strerror(errno));
        }
        return;
    }
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        BT_INFO("audio", _("no sound (%s): video plays silently"), SDL_GetError());
        return;
    }
    SDL_AudioSpec want = {.freq = BT_AUDIO_RATE,
                          .format = AUDIO_S16SYS,
                          .channels = BT_AUDIO_CHANNELS,
                          .samples = 1024,
                          .callback = callback,
                          .userdata = a};
    SDL_AudioSpec have;
    a->device = SDL_OpenAudioDevice(*device ? device : NULL, 0, &want, &have, 0);
    if (!a->device) {
        BT_INFO("audio", _("no sound device %s(%s): video plays silently"), device, SDL_GetError());
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return;
    }
    SDL_PauseAudioDevice(a->device, 0);
    BT_INFO("audio", _("sound on %s"), *device ? device : _("the default device"));
}

void bt_audio_destroy(struct bt_audio *a)
{
    if (!a)
        return;
    if (a->device) {
        SDL_CloseAudioDevice(a->device);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
    if (a->sink)
        fclose(a->sink);
    free(a->buf);
    pthread_mutex_destroy(&a->lock);
    free(a);
}

int bt_audio_claim(struct bt_audio *a, struct bt_audio_source src)
{
    if (!a)
        return 0;
    if (!a->tried)
        open_output(a);
    if (!a->device && !a->headless)
        return 0;
    pthread_mutex_lock(&a->lock);
    int mine = !a->source.pull;
    if (mine)
        a->source = src;
    pthread_mutex_unlock(&a->lock);
    return mine;
}

void bt_audio_release(struct bt_audio *a, const void *ctx)
{
    if (!a)
        return;
    pthread_mutex_lock(&a->lock);
    if (a->source.ctx == ctx)
        a->source = (struct bt_audio_source){0};
    pthread_mutex_unlock(&a->lock);
}

void bt_audio_pull_refresh(struct bt_audio *a, int frames)
{
    if (!a || !a->headless)
        return;
    if (frames > a->buf_frames) {
        int16_t *b = realloc(a->buf, (size_t)frames * sizeof(int16_t) * BT_AUDIO_CHANNELS);
        if (!b)
            return;
        a->buf = b;
        a->buf_frames = frames;
    }
    int got = 0;
    pthread_mutex_lock(&a->lock);
    if (a->source.pull)
        got = a->source.pull(a->source.ctx, a->buf, frames, 1);
    pthread_mutex_unlock(&a->lock);
    memset(a->buf + (size_t)got * BT_AUDIO_CHANNELS, 0,
           (size_t)(frames - got) * sizeof(int16_t) * BT_AUDIO_CHANNELS);
    if (a->sink)
        fwrite(a->buf, sizeof(int16_t) * BT_AUDIO_CHANNELS, (size_t)frames, a->sink);
}
