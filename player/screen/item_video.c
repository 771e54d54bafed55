// Video items: frames come from the clip's pipeline (video.c); on each refresh the frame that is
// due is uploaded — as YUV or NV12 straight into a texture where the renderer takes it — and
// drawn fitted to the zone at its aspect, turned by the clip's rotation metadata. A frame whose
// time passed before it could be shown is dropped and counted.
//
// What is due: a clip whose frame rate matches the display's refresh rate or divides it (60 on
// 60, 30 on 60, 25 on 50, within 1 %) is shown in step with the display, one frame per N
// refreshes, its time counted in refreshes (mpv's display-sync): a refresh that comes early or
// late still shows the next frame. Its sound, if it plays, is resampled by the small difference
// of rates so that it follows the pictures; if the two drift apart all the same, one frame is
// repeated or skipped. Any other clip is shown by its timestamps, on the display's clock or,
// with its sound playing, on the sound's.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libswscale/swscale.h>

#include "base/i18n.h"
#include "base/log.h"
#include "media/audio.h"
#include "media/image.h"
#include "media/video.h"
#include "screen/item.h"
#include "screen/render.h"

#define DUE_SLACK   0.0005   // seconds: timestamps and refresh times meet within this
#define SPEED_NUDGE 0.001    // the sound's speed moves by this much to close a drift

enum {
    MODE_UNDECIDED,   // the clip is opening
    MODE_TIMESTAMPS,
    MODE_REFRESHES
};

struct video_priv {
    const struct bt_item *item;
    const struct bt_item_env *env;
    struct bt_video *video;
    SDL_Texture *tex;
    int tex_w, tex_h;
    Uint32 tex_format;
    struct SwsContext *sws;
    AVFrame *converted;   // for formats the texture does not take
    int rgb_path;         // software renderer: frames scaled and converted once, to the
                          // size they are shown at (SDL would convert YUV at every copy)
    SDL_Rect shown;       // where the frame goes, for the RGB path
    SDL_Rect zone;        // the zone being drawn
    double sar;           // the shown frame's sample aspect ratio (pixel width / height)
    int64_t t0;           // mono time of the clip's start
    int owns_audio;       // its sound is playing (with timestamps, its clock leads)
    int mode;
    // In step with the display (MODE_REFRESHES): the clip's time is (refresh - r0 + shift) /
    // rate, rate = per_frame * fps refreshes per second of clip.
    int per_frame;
    double rate;
    double speed;         // clip seconds per second: the display's rate / rate
    double audio_speed;   // what the sound was last set to
    uint64_t r0;          // the refresh of the clip's start
    int64_t shift;        // refreshes moved by drift corrections (and, on a screen, the start)
    long presented, dropped;
    char why[600];   // why it cannot be shown
};

static int video_open(void *priv, const struct bt_item *item, const struct bt_item_env *env,
                      SDL_Rect zone)
{
    struct video_priv *vp = priv;
    (void)zone;
    vp->item = item;
    vp->env = env;
    if (item->source.remote) {
        snprintf(vp->why, sizeof(vp->why), _("%s: files from servers play from a later version"),
                 item->source.src);
        return -1;
    }
    // A clip with a duration loops until the zone moves on.
    int loops = item->duration > 0 ? 0 : item->plays;
    vp->video = bt_video_open(item->source.resolved, loops, env->hwdec, !item->muted && env->audio,
                              env->refresh_hz);
    return vp->video ? 0 : -1;
}

static void video_start(void *priv, const struct bt_now *now)
{
    struct video_priv *vp = priv;
    vp->t0 = now->mono_us;
    vp->r0 = now->refresh;
    // One zone at a time plays sound: the first unmuted clip to start takes the output.
    if (!vp->item->muted && vp->env->audio && !vp->owns_audio)
        vp->owns_audio = bt_audio_claim(vp->env->audio, bt_video_audio_source(vp->video));
    if (!vp->owns_audio)
        bt_video_audio_off(vp->video);
}

static int video_status(void *priv)
{
    struct video_priv *vp = priv;
    int s = bt_video_status(vp->video);
    if (s < 0 && !vp->why[0])
        snprintf(vp->why, sizeof(vp->why), "%s %s", vp->item->source.resolved,
                 bt_video_error(vp->video));
    return s;
}

static const char *video_why(void *priv)
{
    struct video_priv *vp = priv;
    return vp->why[0] ? vp->why : NULL;
}

// Makes or reuses the texture for frames like f (w x h). Returns 0 or -1.
static int texture_for(struct video_priv *vp, const AVFrame *f, int w, int h)
{
    Uint32 fmt = vp->rgb_path                   ? SDL_PIXELFORMAT_RGB888
                 : f->format == AV_PIX_FMT_NV12 ? SDL_PIXELFORMAT_NV12
                                                : SDL_PIXELFORMAT_IYUV;
    if (vp->tex && vp->tex_w == w && vp->tex_h == h && vp->tex_format == fmt)
        return 0;
    if (vp->tex)
        SDL_DestroyTexture(vp->tex);
    vp->tex =
        SDL_CreateTexture(bt_render_sdl(vp->env->render), fmt, SDL_TEXTUREACCESS_STREAMING, w, h);
    if (!vp->tex) {
        BT_WARN("video", _("%s: cannot make a %dx%d texture: %s"), vp->item->source.resolved, w, h,
                SDL_GetError());
        return -1;
    }
    bt_render_texture_filter(vp->env->render, vp->tex);
    vp->tex_w = w;
    vp->tex_h = h;
    vp->tex_format = fmt;
    return 0;
}

static SDL_FRect placement(const struct video_priv *vp, SDL_Rect zone, double w, double h, int rot);

// A frame's pixels are this many times as wide as tall (an anamorphic 720x576 PAL frame:
// 64/45, shown 16:9). Outlandish ratios are taken for square pixels.
static double frame_sar(const AVFrame *f)
{
    AVRational a = f->sample_aspect_ratio;
    double sar = a.num > 0 && a.den > 0 ? av_q2d(a) : 1.0;
    return sar >= 0.1 && sar <= 10 ? sar : 1.0;
}

// How swscale scales, as the output wants it (smooth or hard pixels).
static int sws_flags(const struct video_priv *vp)
{
    return bt_render_linear(vp->env->render) ? SWS_BILINEAR : SWS_POINT;
}

// The RGB path: one swscale pass from the decoded frame straight into the texture.
static void upload_rgb(struct video_priv *vp, const AVFrame *f)
{
    SDL_FRect d = placement(vp, vp->zone, f->width * frame_sar(f), f->height, 0);
    vp->shown =
        (SDL_Rect){(int)lroundf(d.x), (int)lroundf(d.y), (int)lroundf(d.w), (int)lroundf(d.h)};
    int w = vp->shown.w, h = vp->shown.h;
    if (w < 1 || h < 1 || texture_for(vp, f, w, h) != 0)
        return;
    int full = f->color_range == AVCOL_RANGE_JPEG;
    int fmt = bt_pixfmt_plain(f->format, &full);
    vp->sws = sws_getCachedContext(vp->sws, f->width, f->height, fmt, w, h, AV_PIX_FMT_BGR0,
                                   sws_flags(vp), NULL, NULL, NULL);
    if (vp->sws && full)
        bt_sws_full_range(vp->sws);
    void *pixels;
    int pitch;
    if (!vp->sws || SDL_LockTexture(vp->tex, NULL, &pixels, &pitch) != 0)
        return;
    uint8_t *dst[4] = {pixels, NULL, NULL, NULL};
    int dst_linesize[4] = {pitch, 0, 0, 0};
    sws_scale(vp->sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height, dst,
              dst_linesize);
    SDL_UnlockTexture(vp->tex);
}

static void upload(struct video_priv *vp, const AVFrame *f)
{
    vp->sar = frame_sar(f);
    if (vp->rgb_path) {
        upload_rgb(vp, f);
        return;
    }
    if (texture_for(vp, f, f->width, f->height) != 0)
        return;
    if (f->format == AV_PIX_FMT_YUV420P || f->format == AV_PIX_FMT_YUVJ420P) {
        SDL_UpdateYUVTexture(vp->tex, NULL, f->data[0], f->linesize[0], f->data[1], f->linesize[1],
                             f->data[2], f->linesize[2]);
        return;
    }
    if (f->format == AV_PIX_FMT_NV12) {
        SDL_UpdateNVTexture(vp->tex, NULL, f->data[0], f->linesize[0], f->data[1], f->linesize[1]);
        return;
    }
    // Anything else is converted once, to the texture's YUV.
    int full = f->color_range == AVCOL_RANGE_JPEG;
    int fmt = bt_pixfmt_plain(f->format, &full);
    vp->sws = sws_getCachedContext(vp->sws, f->width, f->height, fmt, f->width, f->height,
                                   AV_PIX_FMT_YUV420P, SWS_BILINEAR, NULL, NULL, NULL);
    if (vp->sws && full)
        bt_sws_full_range(vp->sws);
    if (!vp->converted || vp->converted->width != f->width || vp->converted->height != f->height) {
        av_frame_free(&vp->converted);
        vp->converted = av_frame_alloc();
        if (!vp->converted)
            return;
        vp->converted->format = AV_PIX_FMT_YUV420P;
        vp->converted->width = f->width;
        vp->converted->height = f->height;
        if (av_frame_get_buffer(vp->converted, 0) < 0) {
            av_frame_free(&vp->converted);
            return;
        }
    }
    if (!vp->sws)
        return;
    sws_scale(vp->sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height,
              vp->converted->data, vp->converted->linesize);
    const AVFrame *c = vp->converted;
    SDL_UpdateYUVTexture(vp->tex, NULL, c->data[0], c->linesize[0], c->data[1], c->linesize[1],
                         c->data[2], c->linesize[2]);
}

// How far past a frame's timestamp it is still due at t: a refresh's half when counting
// refreshes (timestamps rounded by the container still land on their refresh).
static double slack(const struct video_priv *vp)
{
    return vp->mode == MODE_REFRESHES ? 0.5 / vp->rate : DUE_SLACK;
}

// Takes the frame due at `t` (seconds into the clip), dropping those it passed.
static void take_due(struct video_priv *vp, double t)
{
    int wait = vp->env->simulated;   // simulated time waits for the decoder; real time never
    double late = slack(vp);
    for (;;) {
        double t0f, t1f;
        AVFrame *f0 = bt_video_peek(vp->video, 0, &t0f, wait);
        if (!f0 || t0f > t + late)
            return;
        AVFrame *f1 = bt_video_peek(vp->video, 1, &t1f, wait);
        if (f1 && t1f <= t + late) {
            bt_video_pop(vp->video);   // its time passed unseen
            vp->dropped++;
            BT_DEBUG("video", "%s: frame at %.3f s dropped at %.3f s", vp->item->source.resolved,
                     t0f, t);
            continue;
        }
        upload(vp, f0);
        bt_video_pop(vp->video);
        vp->presented++;
        return;
    }
}

// Where a frame shown w x h (square pixels) lands in the zone (before turning by rot), as SDL wants
// it.
static SDL_FRect placement(const struct video_priv *vp, SDL_Rect zone, double w, double h, int rot)
{
    int turned = rot == 90 || rot == 270;
    double dw = turned ? h : w, dh = turned ? w : h;
    double sx = zone.w / dw, sy = zone.h / dh;
    double s = vp->item->fit == BT_FIT_COVER ? fmax(sx, sy) : fmin(sx, sy);
    double bw = vp->item->fit == BT_FIT_STRETCH ? zone.w : dw * s;   // on screen, turned
    double bh = vp->item->fit == BT_FIT_STRETCH ? zone.h : dh * s;
    double cx = zone.x + zone.w / 2.0, cy = zone.y + zone.h / 2.0;
    double uw = turned ? bh : bw, uh = turned ? bw : bh;   // before turning
    return (SDL_FRect){(float)(cx - uw / 2), (float)(cy - uh / 2), (float)uw, (float)uh};
}

// Once the clip's frame rate is known: in step with the display, or by timestamps. Said once.
static void choose_mode(struct video_priv *vp)
{
    double fps = bt_video_frame_rate(vp->video), hz = vp->env->refresh_hz;
    int n = bt_video_refreshes_per_frame(fps, hz);
    const char *name = vp->item->source.resolved;
    vp->mode = MODE_TIMESTAMPS;
    if (fps <= 0) {
        BT_INFO("video",
                _("%s: no constant frame rate on a %.2f Hz display: frames by their "
                  "timestamps"),
                name, hz);
        return;
    }
    if (!n) {
        BT_INFO("video", _("%s: %.3f fps on a %.2f Hz display: frames by their timestamps"), name,
                fps, hz);
        return;
    }
    vp->mode = MODE_REFRESHES;
    vp->per_frame = n;
    vp->rate = n * fps;
    vp->speed = hz / vp->rate;
    vp->audio_speed = vp->speed;   // as the pipeline started it
    if (n == 1)
        BT_INFO("video", _("%s: %.2f fps on a %.2f Hz display: one frame per refresh"), name, fps,
                hz);
    else
        BT_INFO("video", _("%s: %.2f fps on a %.2f Hz display: one frame per %d refreshes"), name,
                fps, hz, n);
    if (fabs(vp->speed - 1) > 1e-6)
        BT_DEBUG("video", _("%s: played %+.3f %% fast, its sound resampled to match"), name,
                 (vp->speed - 1) * 100);
}

// The clip time a refresh counts to (MODE_REFRESHES).
static double counted(const struct video_priv *vp, const struct bt_now *now)
{
    return (double)((int64_t)(now->refresh - vp->r0) + vp->shift) / vp->rate;
}

// The clip's time at `now`: counted in refreshes, or by the display's or the sound's clock.
static double clip_time(const struct video_priv *vp, const struct bt_now *now)
{
    if (vp->mode == MODE_REFRESHES)
        return counted(vp, now);
    double t = (double)(now->mono_us - vp->t0) / 1e6, at;
    if (vp->owns_audio && bt_video_audio_clock(vp->video, &at))
        t = at;
    return t;
}

// In step with the display: keeps the count near the sound (or, silent, the display's clock).
// The sound's speed is nudged to close a small drift (mpv's display-resample); past a frame's
// time, or two refreshes', a frame is repeated or skipped.
static void keep_in_step(struct video_priv *vp, const struct bt_now *now)
{
    double at, ref;
    int sound = vp->owns_audio && bt_video_audio_clock(vp->video, &at);
    if (sound)
        ref = at;
    else
        ref = (double)(now->mono_us - vp->t0) / 1e6 * vp->speed;
    double drift = ref - counted(vp, now);   // > 0: the pictures are behind
    if (sound) {
        double want = vp->speed;
        // (Beyond the sound's lead: the output takes it a refresh or a buffer ahead.)
        if (fabs(drift) > 1.5 / vp->rate)
            want *= drift > 0 ? 1 - SPEED_NUDGE : 1 + SPEED_NUDGE;
        if (want != vp->audio_speed) {
            bt_video_audio_speed(vp->video, want);
            vp->audio_speed = want;
        }
    }
    double bound = fmax((double)vp->per_frame, 2.0) / vp->rate;
    if (fabs(drift) <= bound)
        return;
    vp->shift += drift > 0 ? vp->per_frame : -vp->per_frame;
    const char *name = vp->item->source.resolved;
    if (drift > 0)
        BT_DEBUG("video",
                 sound ? _("%s: the pictures are %.3f s behind the sound; a frame skipped")
                       : _("%s: the pictures are %.3f s behind the clock; a frame skipped"),
                 name, drift);
    else
        BT_DEBUG("video",
                 sound ? _("%s: the pictures are %.3f s ahead of the sound; a frame repeated")
                       : _("%s: the pictures are %.3f s ahead of the clock; a frame repeated"),
                 name, -drift);
}

static void video_draw(void *priv, const struct bt_now *now, SDL_Rect zone)
{
    struct video_priv *vp = priv;
    if (vp->mode == MODE_UNDECIDED && vp->env->simulated) {
        double t;
        bt_video_peek(vp->video, 0, &t, 1);   // the same answer however fast the opening is
    }
    if (video_status(vp) < 0)
        return;
    if (vp->mode == MODE_UNDECIDED) {
        if (bt_video_status(vp->video) == 0)
            return;   // opening: no frame yet
        choose_mode(vp);
    }
    int rot = bt_video_rotation(vp->video);
    // The software renderer converts YUV at every copy: convert each frame once instead, to
    // the size it is shown at (unturned clips; turned ones take SDL's path).
    vp->rgb_path = rot == 0 && strcmp(bt_render_driver(vp->env->render), "software") == 0;
    vp->zone = zone;
    if (!vp->presented && !vp->env->simulated) {
        // On a screen the clip's time starts with its first frame shown; counting refreshes,
        // at the sound's time if it already plays.
        vp->t0 = now->mono_us;
        vp->r0 = now->refresh;
        double at;
        if (vp->mode == MODE_REFRESHES && vp->owns_audio && bt_video_audio_clock(vp->video, &at))
            vp->shift = llround(at * vp->rate);
    }
    if (vp->mode == MODE_REFRESHES && vp->presented)
        keep_in_step(vp, now);
    take_due(vp, clip_time(vp, now));
    if (!vp->tex)
        return;
    SDL_FRect dst = vp->rgb_path ? (SDL_FRect){(float)vp->shown.x, (float)vp->shown.y,
                                               (float)vp->shown.w, (float)vp->shown.h}
                                 : placement(vp, zone, vp->tex_w * vp->sar, vp->tex_h, rot);
    SDL_Renderer *sr = bt_render_sdl(vp->env->render);
    bt_render_texture_filter_for(vp->env->render, vp->tex, &dst);
    SDL_RenderSetClipRect(sr, &zone);
    SDL_RenderCopyExF(sr, vp->tex, NULL, &dst, rot, NULL, SDL_FLIP_NONE);
    SDL_RenderSetClipRect(sr, NULL);
}

static int video_changed(void *priv, const struct bt_now *now)
{
    struct video_priv *vp = priv;
    double t;
    if (vp->mode == MODE_UNDECIDED)
        return bt_video_status(vp->video) != 0;   // opened (or failed): a draw decides
    if (bt_video_status(vp->video) < 0)
        return 1;
    return bt_video_peek(vp->video, 0, &t, 0) && t <= clip_time(vp, now) + slack(vp);
}

static int video_finished(void *priv, const struct bt_now *now)
{
    struct video_priv *vp = priv;
    if (video_status(vp) < 0)
        return 1;
    double at =
        vp->mode == MODE_REFRESHES ? counted(vp, now) : (double)(now->mono_us - vp->t0) / 1e6;
    if (vp->env->simulated)
        bt_video_settle(vp->video, at);   // the same answer however fast the decoder is
    double end = bt_video_end(vp->video);
    if (end < 0 || at + slack(vp) < end)
        return 0;
    // Over: frames still waiting had their time pass unseen.
    double t;
    while (bt_video_peek(vp->video, 0, &t, 0)) {
        bt_video_pop(vp->video);
        vp->dropped++;
    }
    return 1;
}

static void video_close(void *priv)
{
    struct video_priv *vp = priv;
    if (vp->presented || vp->dropped)
        BT_INFO("video", _("%s: presented %ld frames, dropped %ld"), vp->item->source.resolved,
                vp->presented, vp->dropped);
    if (vp->owns_audio)
        bt_audio_release(vp->env->audio, vp->video);
    bt_video_close(vp->video);
    if (vp->tex)
        SDL_DestroyTexture(vp->tex);
    sws_freeContext(vp->sws);
    av_frame_free(&vp->converted);
}

const struct bt_item_ops bt_item_video = {
    .name = "video",
    .priv_size = sizeof(struct video_priv),
    .open = video_open,
    .start = video_start,
    .status = video_status,
    .why = video_why,
    .draw = video_draw,
    .changed = video_changed,
    .finished = video_finished,
    .close = video_close,
};
