#include "screen/render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "media/png.h"

struct bt_render {
    SDL_Window *window;
    SDL_Renderer *renderer;
    char driver[32];
    int headless;
    int display_w, display_h;   // drawable size in pixels
    struct bt_rect output;      // clipped to the display
    int rotate;
    int integer_scale;
    int linear;               // scaled textures are filtered linearly
    SDL_Texture *canvas;      // the canvas drawn at output resolution, a render target
    int canvas_w, canvas_h;   // logical size
    int target_w, target_h;   // the texture's size: canvas * scale, before rotation
    double scale;             // output pixels per canvas pixel
    int direct;               // unturned: draw straight into the window, through a viewport
    SDL_Rect view;            // where the canvas lies on the display (direct)
    int warned_scale;
};

struct bt_render_map bt_render_fit(const struct bt_rect *out, int cw, int ch, int rotate,
                                   int integer_scale)
{
    struct bt_render_map m;
    int turned = rotate == 90 || rotate == 270;
    double rw = turned ? ch : cw;   // the canvas as it lies on the display
    double rh = turned ? cw : ch;
    double s = fmin(out->w / rw, out->h / rh);
    if (integer_scale && s >= 1.0)
        s = floor(s);
    m.scale = s;
    double fw = round(rw * s), fh = round(rh * s);
    m.fit.x = (float)(out->x + floor((out->w - fw) / 2));
    m.fit.y = (float)(out->y + floor((out->h - fh) / 2));
    m.fit.w = (float)fw;
    m.fit.h = (float)fh;
    // SDL rotates the copy rectangle about its centre: centre it on the fit.
    double uw = turned ? fh : fw, uh = turned ? fw : fh;
    m.copy.x = (float)(m.fit.x + (fw - uw) / 2);
    m.copy.y = (float)(m.fit.y + (fh - uh) / 2);
    m.copy.w = (float)uw;
    m.copy.h = (float)uh;
    return m;
}

static int find_driver(const char *name)
{
    int n = SDL_GetNumRenderDrivers();
    for (int i = 0; i < n; i++) {
        SDL_RendererInfo info;
        if (SDL_GetRenderDriverInfo(i, &info) == 0 && strcmp(info.name, name) == 0)
            return i;
    }
    return -2;
}

static SDL_Renderer *try_renderer(SDL_Window *w, int headless, const char *name, Uint32 flags)
{
    int index = -1;
    // The software renderer's window surface needs no GL to present it, headless or on X11 or
    // Wayland: keep SDL from going through Mesa for that (a third of the memory, a fifth of the
    // start-up time, a quarter of the CPU). KMSDRM has no other way than GL.
    const char *driver = SDL_GetCurrentVideoDriver();
    int plain =
        headless || (driver && (strcmp(driver, "x11") == 0 || strcmp(driver, "wayland") == 0));
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION,
                plain && name && strcmp(name, "software") == 0 ? "0" : NULL);
    if (name) {
        index = find_driver(name);
        if (index < 0) {
            BT_WARN("render", _("the %s renderer is not built into this SDL"), name);
            return NULL;
        }
    }
    SDL_Renderer *r = SDL_CreateRenderer(w, index, flags);
    if (!r)
        BT_WARN("render", _("cannot create the %s renderer: %s"), name ? name : "default",
                SDL_GetError());
    return r;
}

static int open_renderer(struct bt_render *r, const char *wanted)
{
    // vsync on a screen; headless frames are paced by the simulated clock instead.
    Uint32 flags = r->headless ? 0 : SDL_RENDERER_PRESENTVSYNC;
    int is_auto = !wanted || !*wanted || strcmp(wanted, "auto") == 0;
    if (!is_auto)
        r->renderer = try_renderer(r->window, r->headless, wanted, flags);
    if (!r->renderer && !is_auto)
        BT_WARN("render", "%s", _("falling back to the automatic renderer choice"));
    if (!r->renderer && r->headless)   // what a Raspberry Pi uses, through Mesa's EGL here
        r->renderer = try_renderer(r->window, r->headless, "opengles2", flags);
    if (!r->renderer && !r->headless)
        r->renderer = try_renderer(r->window, r->headless, NULL, flags | SDL_RENDERER_ACCELERATED);
    if (!r->renderer)
        r->renderer = try_renderer(r->window, r->headless, "software", flags);
    if (!r->renderer)
        return -1;
    SDL_RendererInfo info;
    SDL_GetRendererInfo(r->renderer, &info);
    snprintf(r->driver, sizeof(r->driver), "%s", info.name);
    return 0;
}

// The display asked for: "auto" (0), a number, or a name SDL gives a display (its connector
// on KMS, e.g. "HDMI-A-1" where SDL reports it).
static int pick_display(const char *want)
{
    int n = SDL_GetNumVideoDisplays();
    if (!want || !want[0] || strcmp(want, "auto") == 0 || n <= 0)
        return 0;
    char *end;
    long i = strtol(want, &end, 10);
    if (!*end && i >= 0 && i < n)
        return (int)i;
    for (int k = 0; k < n; k++) {
        const char *name = SDL_GetDisplayName(k);
        if (name && strstr(name, want))
            return k;
    }
    BT_WARN("render", _("no display \"%s\" among the %d found; using the first"), want, n);
    for (int k = 0; k < n; k++)
        BT_INFO("render", _("display %d: %s"), k,
                SDL_GetDisplayName(k) ? SDL_GetDisplayName(k) : "");
    return 0;
}

struct bt_render *bt_render_create(const struct bt_render_opts *opts)
{
    struct bt_render *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    r->headless = opts->headless;
    r->rotate = opts->rotate;
    r->integer_scale = opts->integer_scale;
    // Crisp pixels where the output asks for them: whole-number scaling, or nearest by choice.
    r->linear = !opts->integer_scale && opts->scale_filter != BT_SCALE_NEAREST;

    if (opts->headless)
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "1");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        BT_ERR("render",
               _("cannot start the display (%s); is a display connected, and may "
                 "this user open /dev/dri?"),
               SDL_GetError());
        free(r);
        return NULL;
    }

    int w = opts->window_w, h = opts->window_h;
    Uint32 wflags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (opts->headless) {
        if (w <= 0 || h <= 0) {
            w = BT_HEADLESS_DEFAULT_W;
            h = BT_HEADLESS_DEFAULT_H;
        }
    }
    int display = 0;
    SDL_DisplayMode chosen = {0};
    if (!opts->headless && (opts->window_w <= 0 || opts->window_h <= 0)) {
        display = pick_display(opts->display);
        SDL_DisplayMode mode;
        w = 1920;
        h = 1080;
        if (SDL_GetDesktopDisplayMode(display, &mode) == 0) {
            w = mode.w;
            h = mode.h;
        }
        SDL_DisplayMode want = {0, opts->mode_w, opts->mode_h, opts->mode_hz, NULL};
        if (opts->mode_w > 0 && SDL_GetClosestDisplayMode(display, &want, &chosen)) {
            // A mode of its own (a 4K TV's preferred one is too heavy for a Pi).
            w = chosen.w;
            h = chosen.h;
            wflags |= SDL_WINDOW_FULLSCREEN;
            BT_INFO("render", _("display mode %dx%d@%d (asked %dx%d@%d)"), chosen.w, chosen.h,
                    chosen.refresh_rate, opts->mode_w, opts->mode_h, opts->mode_hz);
        } else {
            if (opts->mode_w > 0)
                BT_WARN("render", _("the display has no mode near %dx%d@%d; using its own"),
                        opts->mode_w, opts->mode_h, opts->mode_hz);
            chosen.w = 0;
            wflags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
        }
    }
    r->window = SDL_CreateWindow("bangtin", SDL_WINDOWPOS_CENTERED_DISPLAY(display),
                                 SDL_WINDOWPOS_CENTERED_DISPLAY(display), w, h, wflags);
    if (r->window && chosen.w > 0)
        SDL_SetWindowDisplayMode(r->window, &chosen);
    if (!r->window) {
        BT_ERR("render", _("cannot open a %dx%d window: %s"), w, h, SDL_GetError());
        bt_render_destroy(r);
        return NULL;
    }
    if (open_renderer(r, opts->renderer) != 0) {
        BT_ERR("render", "%s", _("no renderer works on this display"));
        bt_render_destroy(r);
        return NULL;
    }
    if (!opts->headless && !opts->window_w)
        SDL_ShowCursor(SDL_DISABLE);
    SDL_GetRendererOutputSize(r->renderer, &r->display_w, &r->display_h);

    r->output = (struct bt_rect){0, 0, r->display_w, r->display_h};
    if (opts->output_set) {
        struct bt_rect o = opts->output;
        if (o.x >= r->display_w || o.y >= r->display_h) {
            BT_WARN("render",
                    _("output %d,%d,%d,%d lies outside the %dx%d display; using the "
                      "whole display"),
                    o.x, o.y, o.w, o.h, r->display_w, r->display_h);
        } else {
            if (o.x + o.w > r->display_w || o.y + o.h > r->display_h) {
                BT_WARN("render", _("output %d,%d,%d,%d goes past the %dx%d display; clipped"), o.x,
                        o.y, o.w, o.h, r->display_w, r->display_h);
                if (o.x + o.w > r->display_w)
                    o.w = r->display_w - o.x;
                if (o.y + o.h > r->display_h)
                    o.h = r->display_h - o.y;
            }
            r->output = o;
        }
    }
    BT_INFO("render", _("display %dx%d (%s, %s renderer), output %d,%d,%d,%d, rotate %d%s"),
            r->display_w, r->display_h, SDL_GetCurrentVideoDriver(), r->driver, r->output.x,
            r->output.y, r->output.w, r->output.h, r->rotate,
            r->integer_scale ? _(", integer scale")
            : r->linear      ? ""
                             : _(", nearest scaling"));
    return r;
}

void bt_render_destroy(struct bt_render *r)
{
    if (!r)
        return;
    if (r->canvas)
        SDL_DestroyTexture(r->canvas);
    if (r->renderer)
        SDL_DestroyRenderer(r->renderer);
    if (r->window)
        SDL_DestroyWindow(r->window);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    free(r);
}

const char *bt_render_driver(const struct bt_render *r)
{
    return r->driver;
}

SDL_Renderer *bt_render_sdl(struct bt_render *r)
{
    return r->renderer;
}

struct bt_rect bt_render_output(const struct bt_render *r)
{
    return r->output;
}

void bt_render_output_canvas_size(const struct bt_render *r, int *w, int *h)
{
    int turned = r->rotate == 90 || r->rotate == 270;
    *w = turned ? r->output.h : r->output.w;
    *h = turned ? r->output.w : r->output.h;
}

// The renderer's own byte order for targets: SDL's opengles2 renderer draws YUV textures into
// an ARGB8888 target with red and blue swapped.
static Uint32 target_format(const struct bt_render *r)
{
    return strcmp(r->driver, "opengles2") == 0 ? SDL_PIXELFORMAT_ABGR8888
                                               : SDL_PIXELFORMAT_ARGB8888;
}

int bt_render_begin(struct bt_render *r, int cw, int ch, struct bt_color bg)
{
    if (cw != r->canvas_w || ch != r->canvas_h) {
        struct bt_render_map m = bt_render_fit(&r->output, cw, ch, r->rotate, r->integer_scale);
        int tw = (int)lround(m.copy.w), th = (int)lround(m.copy.h);
        if (tw < 1)
            tw = 1;
        if (th < 1)
            th = 1;
        if (r->canvas)
            SDL_DestroyTexture(r->canvas);
        r->canvas = NULL;
        r->canvas_w = cw;
        r->canvas_h = ch;
        r->target_w = tw;
        r->target_h = th;
        r->scale = m.scale;
        BT_INFO("render", _("canvas %dx%d -> %gx%g at %g,%g (scale %.3f)"), cw, ch, m.fit.w,
                m.fit.h, m.fit.x, m.fit.y, m.scale);
        if (r->integer_scale && m.scale < 1.0 && !r->warned_scale) {
            BT_WARN("render",
                    _("integer_scale: the %dx%d canvas is larger than the %dx%d output; "
                      "scaled down by %.3f"),
                    cw, ch, r->output.w, r->output.h, m.scale);
            r->warned_scale = 1;
        }
        // Unturned, the canvas is drawn straight into the window through a viewport: no copy
        // of the whole picture each refresh.
        r->direct = r->rotate == 0;
        r->view = (SDL_Rect){(int)lround(m.copy.x), (int)lround(m.copy.y), tw, th};
    }
    if (r->direct) {
        SDL_SetRenderTarget(r->renderer, NULL);
        SDL_RenderSetViewport(r->renderer, NULL);
        SDL_SetRenderDrawColor(r->renderer, 0, 0, 0, 255);
        SDL_RenderClear(r->renderer);   // the whole display: black outside the canvas
        SDL_RenderSetViewport(r->renderer, &r->view);
        SDL_Rect all = {0, 0, r->target_w, r->target_h};
        bt_render_fill_target(r, &all, bg);
        return 0;
    }
    if (!r->canvas) {
        int tw = r->target_w, th = r->target_h;
        // Drawn at output resolution: text is rasterised for the pixels it lands on, and a
        // ticker moves by whole output pixels. The copy to the display is then one to one.
        r->canvas =
            SDL_CreateTexture(r->renderer, target_format(r), SDL_TEXTUREACCESS_TARGET, tw, th);
        if (!r->canvas) {
            BT_ERR("render", _("cannot make a %dx%d canvas: %s"), tw, th, SDL_GetError());
            return -1;
        }
        // Copied one to one (turned at most): filtering would change nothing.
        SDL_SetTextureScaleMode(r->canvas, SDL_ScaleModeNearest);
    }
    SDL_SetRenderTarget(r->renderer, r->canvas);
    SDL_SetRenderDrawBlendMode(r->renderer, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(r->renderer, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(r->renderer);
    return 0;
}

double bt_render_scale(const struct bt_render *r)
{
    return r->scale;
}

SDL_Rect bt_render_to_target(const struct bt_render *r, int x, int y, int w, int h)
{
    // Edges are mapped, not sizes, so that neighbouring zones meet with no gap.
    int x0 = (int)lround(x * r->scale), y0 = (int)lround(y * r->scale);
    int x1 = (int)lround((x + w) * r->scale), y1 = (int)lround((y + h) * r->scale);
    return (SDL_Rect){x0, y0, x1 - x0, y1 - y0};
}

void bt_render_fill(struct bt_render *r, const SDL_Rect *rect, struct bt_color c)
{
    SDL_Rect t = bt_render_to_target(r, rect->x, rect->y, rect->w, rect->h);
    bt_render_fill_target(r, &t, c);
}

SDL_Texture *bt_render_layer(struct bt_render *r, int w, int h)
{
    SDL_Texture *t =
        SDL_CreateTexture(r->renderer, target_format(r), SDL_TEXTUREACCESS_TARGET, w, h);
    if (!t) {
        BT_WARN("render", _("cannot make a %dx%d layer: %s"), w, h, SDL_GetError());
        return NULL;
    }
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(t, SDL_ScaleModeNearest);   // copied one to one
    return t;
}

void bt_render_draw_to(struct bt_render *r, SDL_Texture *layer)
{
    if (layer) {
        SDL_SetRenderTarget(r->renderer, layer);
        SDL_RenderSetViewport(r->renderer, NULL);
        SDL_RenderSetClipRect(r->renderer, NULL);
    } else if (r->direct) {
        SDL_SetRenderTarget(r->renderer, NULL);
        SDL_RenderSetViewport(r->renderer, &r->view);
        SDL_RenderSetClipRect(r->renderer, NULL);
    } else {
        SDL_SetRenderTarget(r->renderer, r->canvas);
        SDL_RenderSetClipRect(r->renderer, NULL);
    }
}

void bt_render_fill_target(struct bt_render *r, const SDL_Rect *rect, struct bt_color c)
{
    SDL_SetRenderDrawBlendMode(r->renderer, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r->renderer, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(r->renderer, rect);
}

void bt_render_dim(struct bt_render *r, int percent)
{
    if (percent >= 100)
        return;
    int alpha = (int)lround(255.0 * (100 - (percent < 0 ? 0 : percent)) / 100.0);
    bt_render_fill_target(r, NULL, (struct bt_color){0, 0, 0, (uint8_t)alpha});
}

void bt_render_end(struct bt_render *r)
{
    if (r->direct) {
        SDL_RenderSetViewport(r->renderer, NULL);
        return;
    }
    SDL_SetRenderTarget(r->renderer, NULL);
    SDL_SetRenderDrawColor(r->renderer, 0, 0, 0, 255);
    SDL_RenderClear(r->renderer);
    if (!r->canvas)
        return;
    struct bt_render_map m =
        bt_render_fit(&r->output, r->canvas_w, r->canvas_h, r->rotate, r->integer_scale);
    SDL_FRect dst = {roundf(m.copy.x), roundf(m.copy.y), (float)r->target_w, (float)r->target_h};
    SDL_RenderCopyExF(r->renderer, r->canvas, NULL, &dst, (double)r->rotate, NULL, SDL_FLIP_NONE);
}

int bt_render_read(struct bt_render *r, uint8_t *rgb, int pitch)
{
    if (SDL_RenderReadPixels(r->renderer, NULL, SDL_PIXELFORMAT_RGB24, rgb, pitch) != 0) {
        BT_ERR("render", _("cannot read the frame back: %s"), SDL_GetError());
        return -1;
    }
    return 0;
}

uint8_t *bt_render_read_output(struct bt_render *r, int *w, int *h)
{
    SDL_Rect rect = {r->output.x, r->output.y, r->output.w, r->output.h};
    uint8_t *buf = rect.w > 0 && rect.h > 0 ? malloc((size_t)rect.w * 3 * (size_t)rect.h) : NULL;
    if (!buf)
        return NULL;
    if (SDL_RenderReadPixels(r->renderer, &rect, SDL_PIXELFORMAT_RGB24, buf, rect.w * 3) != 0) {
        BT_ERR("render", _("cannot read the frame back: %s"), SDL_GetError());
        free(buf);
        return NULL;
    }
    *w = rect.w;
    *h = rect.h;
    return buf;
}

void bt_render_display_size(const struct bt_render *r, int *w, int *h)
{
    *w = r->display_w;
    *h = r->display_h;
}

int bt_render_snapshot(struct bt_render *r, const char *path)
{
    int pitch = r->display_w * 3;
    uint8_t *buf = malloc((size_t)pitch * (size_t)r->display_h);
    if (!buf)
        return -1;
    int rc = bt_render_read(r, buf, pitch);
    if (rc != 0) {
        free(buf);
        return -1;
    }
    rc = bt_png_write(path, r->display_w, r->display_h, buf, pitch);
    free(buf);
    return rc;
}

void bt_render_present(struct bt_render *r)
{
    SDL_RenderPresent(r->renderer);
}

int bt_render_reported_hz(const struct bt_render *r)
{
    SDL_DisplayMode mode;
    if (SDL_GetWindowDisplayMode(r->window, &mode) != 0)
        return 0;
    return mode.refresh_rate;
}

int bt_render_linear(const struct bt_render *r)
{
    return r->linear;
}

void bt_render_texture_filter(struct bt_render *r, SDL_Texture *tex)
{
    if (tex)
        SDL_SetTextureScaleMode(tex, r->linear ? SDL_ScaleModeLinear : SDL_ScaleModeNearest);
}

void bt_render_texture_filter_for(struct bt_render *r, SDL_Texture *tex, const SDL_FRect *dst)
{
    int w, h;
    if (!tex || SDL_QueryTexture(tex, NULL, NULL, &w, &h) != 0)
        return;
    int same = dst && dst->w == (float)w && dst->h == (float)h && dst->x == floorf(dst->x) &&
               dst->y == floorf(dst->y);
    SDL_ScaleMode want = r->linear && !same ? SDL_ScaleModeLinear : SDL_ScaleModeNearest, have;
    if (SDL_GetTextureScaleMode(tex, &have) != 0 || have != want)
        SDL_SetTextureScaleMode(tex, want);
}

int bt_render_max_texture_width(const struct bt_render *r)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(r->renderer, &info) != 0)
        return 0;
    return info.max_texture_width;
}

int bt_render_poll_quit(struct bt_render *r)
{
    (void)r;
    SDL_Event ev;
    int quit = 0;
    while (SDL_PollEvent(&ev)) {
        if (ev.type == SDL_QUIT)
            quit = 1;
        else if (ev.type == SDL_KEYDOWN &&
                 (ev.key.keysym.sym == SDLK_ESCAPE || ev.key.keysym.sym == SDLK_q))
            quit = 1;
    }
    return quit;
}
