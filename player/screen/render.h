// The renderer: one SDL window, fullscreen on a screen (KMSDRM on a console, X11 or Wayland on
// a desktop), a window of a given size for a preview, or SDL's offscreen driver when headless.
//
// Content is drawn on a logical canvas (the playlist's width x height), then the canvas is mapped
// onto the output rectangle of the display: aspect kept, optionally scaled by whole numbers only,
// turned by 0/90/180/270 degrees clockwise, centred; everything else is black. An LED wall's
// sending card shows only that rectangle of the HDMI frame.
//
// Main thread only (SDL's rule for video and render calls).
#ifndef BT_SCREEN_RENDER_H
#define BT_SCREEN_RENDER_H

#include <SDL.h>

#include "base/color.h"
#include "config/config.h"

#define BT_HEADLESS_DEFAULT_W 1920
#define BT_HEADLESS_DEFAULT_H 1080

struct bt_render_opts {
    int headless;             // SDL's offscreen video driver, no vsync
    int window_w, window_h;   // > 0: a window of this size; 0: fullscreen (headless: default size)
    const char *renderer;     // "auto" or an SDL render driver name
    int output_set;           // 0: the output rectangle is the whole display
    struct bt_rect output;
    int rotate;   // 0, 90, 180, 270
    int integer_scale;
    int scale_filter;              // enum bt_scale_filter; integer_scale makes it nearest
    const char *display;           // fullscreen on: "auto", a display's number, or its name
    int mode_w, mode_h, mode_hz;   // fullscreen mode; 0: the display's own
};

struct bt_render;

// Where a canvas lands: `fit` is the rectangle it covers on the display after rotation;
// `copy` is the rectangle to give SDL_RenderCopyEx (before rotation about its centre); `scale`
// is display pixels per canvas pixel.
struct bt_render_map {
    SDL_FRect fit;
    SDL_FRect copy;
    double scale;
};

// Pure: maps a canvas of cw x ch onto `out` with `rotate` degrees and whole-number scaling when
// integer_scale (and the canvas fits at least once).
struct bt_render_map bt_render_fit(const struct bt_rect *out, int cw, int ch, int rotate,
                                   int integer_scale);

// Opens the window and the renderer. Returns NULL on failure (logged).
struct bt_render *bt_render_create(const struct bt_render_opts *opts);
void bt_render_destroy(struct bt_render *r);

// The SDL render driver in use, e.g. "opengles2".
const char *bt_render_driver(const struct bt_render *r);
SDL_Renderer *bt_render_sdl(struct bt_render *r);

// The output rectangle in display pixels (clipped to the display).
struct bt_rect bt_render_output(const struct bt_render *r);
// The canvas size that fills the output rectangle one to one (w and h swapped at 90/270):
// what the status card draws on.
void bt_render_output_canvas_size(const struct bt_render *r, int *w, int *h);

// Starts a frame on a canvas of cw x ch filled with `bg`; drawing goes to the canvas.
// The canvas is held at output resolution (the "target"): canvas pixels times
// bt_render_scale(). Returns 0 or -1.
int bt_render_begin(struct bt_render *r, int cw, int ch, struct bt_color bg);
// Output pixels per canvas pixel.
double bt_render_scale(const struct bt_render *r);
// A canvas rectangle in target pixels (edges rounded, so neighbours meet exactly).
SDL_Rect bt_render_to_target(const struct bt_render *r, int x, int y, int w, int h);
// Fills a rectangle of the canvas (canvas pixels), blending when c.a < 255.
void bt_render_fill(struct bt_render *r, const SDL_Rect *rect, struct bt_color c);
// The same in target pixels.
void bt_render_fill_target(struct bt_render *r, const SDL_Rect *rect, struct bt_color c);
// A layer: a texture of w x h target pixels that drawing can go to instead of the frame (a
// zone in a transition draws each of its two items into one), then copied into the frame with
// SDL (blending; alpha and colour mods apply). NULL on failure (logged); SDL_DestroyTexture it.
SDL_Texture *bt_render_layer(struct bt_render *r, int w, int h);
// Drawing goes to `layer` (its own coordinates, from 0,0) until called with NULL: back to the
// frame being drawn. Clipping is reset either way.
void bt_render_draw_to(struct bt_render *r, SDL_Texture *layer);
// Dims what is drawn so far on the canvas to `percent` of its brightness (a black veil).
void bt_render_dim(struct bt_render *r, int percent);
// Maps the canvas onto the display. After this, bt_render_snapshot may read the frame.
void bt_render_end(struct bt_render *r);
// The output rectangle of the frame just finished (what an LED wall shows), read back as RGB24
// (the caller frees it; rows *w * 3 bytes apart), or NULL (logged). Before bt_render_present.
uint8_t *bt_render_read_output(struct bt_render *r, int *w, int *h);
// Reads the frame just finished as RGB24 (display size, rows `pitch` bytes apart).
int bt_render_read(struct bt_render *r, uint8_t *rgb, int pitch);
void bt_render_display_size(const struct bt_render *r, int *w, int *h);
// Writes the frame just finished as a PNG. Returns 0 or -1.
int bt_render_snapshot(struct bt_render *r, const char *path);
// Shows the frame (waits for vsync on a screen).
void bt_render_present(struct bt_render *r);

// The display's refresh rate as it reports it; 0 when it does not (Xvfb, offscreen).
int bt_render_reported_hz(const struct bt_render *r);
// Whether scaled video and pictures are filtered linearly (scale_filter = linear and no
// integer_scale) rather than by nearest pixel.
int bt_render_linear(const struct bt_render *r);
// Sets how `tex` is sampled when drawn at another size, as the config says (linear, or nearest
// for crisp pixels). Every texture of a picture or a video frame goes through it, once made.
void bt_render_texture_filter(struct bt_render *r, SDL_Texture *tex);
// The same for one copy of all of `tex` to `dst` (target pixels): as the config says where the
// copy scales; nearest where it lands one to one on whole pixels, where filtering would change
// no pixel but cost (a GPU emulated on the CPU, llvmpipe, filters every pixel). Cheap when the
// mode stays: call it before each copy.
void bt_render_texture_filter_for(struct bt_render *r, SDL_Texture *tex, const SDL_FRect *dst);

// The widest texture the renderer takes (0: no limit known).
int bt_render_max_texture_width(const struct bt_render *r);

// Handles pending window events. Returns 1 when the user or a signal asked to quit.
int bt_render_poll_quit(struct bt_render *r);

#endif
