#include "screen/pictures.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/thread.h"
#include "media/image.h"
#include "screen/render.h"
#include "time/clock.h"

enum state {
    QUEUED,    // waiting for the worker
    LOADING,   // the worker decodes it
    DECODED,   // a surface waits for the main thread
    READY,     // a texture
    FAILED,
};

struct bt_picture {
    struct bt_pictures *ps;
    char *path;
    int w, h;
    enum bt_fit fit;
    // Main thread.
    int refs;
    int ready;       // the texture is made
    uint64_t used;   // when last asked for (a counter)
    SDL_Texture *tex;
    int tw, th;
    struct bt_picture *next;   // all pictures
    // Under ps->lock.
    enum state state;
    SDL_Surface *surface;
    char err[300];
    struct bt_picture *qnext;   // the worker's queue
};

struct bt_pictures {
    struct bt_render *render;
    size_t budget;
    struct bt_picture *all;
    uint64_t clock;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;   // the queue grew, a picture was decoded, or quit
    struct bt_picture *head, *tail;
    int quit;
};

static void *worker(void *arg)
{
    struct bt_pictures *ps = arg;
    pthread_setname_np(pthread_self(), "bt-picture");   // seen in top -H, ps -L
    pthread_mutex_lock(&ps->lock);
    for (;;) {
        while (!ps->quit && !ps->head)
            pthread_cond_wait(&ps->cond, &ps->lock);
        if (ps->quit)
            break;
        struct bt_picture *p = ps->head;
        ps->head = p->qnext;
        if (!ps->head)
            ps->tail = NULL;
        p->state = LOADING;
        pthread_mutex_unlock(&ps->lock);

        char err[300] = "";
        int64_t t0 = bt_time_mono_us();
        SDL_Surface *s = bt_image_load(p->path, p->w, p->h, p->fit, err, sizeof(err));
        if (s)
            BT_DEBUG("image", "%s decoded for %dx%d in %.1f ms", p->path, p->w, p->h,
                     (double)(bt_time_mono_us() - t0) / 1000.0);

        pthread_mutex_lock(&ps->lock);
        p->surface = s;
        p->state = s ? DECODED : FAILED;
        snprintf(p->err, sizeof(p->err), "%s", err);
        pthread_cond_broadcast(&ps->cond);
    }
    pthread_mutex_unlock(&ps->lock);
    return NULL;
}

struct bt_pictures *bt_pictures_create(struct bt_render *render, size_t budget)
{
    struct bt_pictures *ps = calloc(1, sizeof(*ps));
    if (!ps)
        return NULL;
    ps->render = render;
    ps->budget = budget;
    pthread_mutex_init(&ps->lock, NULL);
    if (bt_cond_init(&ps->cond) != 0 || pthread_create(&ps->thread, NULL, worker, ps) != 0) {
        BT_ERR("image", "%s", "cannot start the picture decoder thread");
        pthread_mutex_destroy(&ps->lock);
        free(ps);
        return NULL;
    }
    return ps;
}

static void free_picture(struct bt_picture *p)
{
    if (p->tex)
        SDL_DestroyTexture(p->tex);
    SDL_FreeSurface(p->surface);
    free(p->path);
    free(p);
}

// Lets go of the pictures no item holds: all of them (everything), else the least recently used
// until what is kept fits the budget. A picture being decoded stays until it is done.
static void trim(struct bt_pictures *ps, int everything)
{
    for (;;) {
        size_t kept = 0;
        struct bt_picture **oldest = NULL;
        pthread_mutex_lock(&ps->lock);
        for (struct bt_picture **pp = &ps->all; *pp; pp = &(*pp)->next) {
            struct bt_picture *p = *pp;
            if (p->state == READY || p->state == DECODED)
                kept += (size_t)p->w * (size_t)p->h * 4;
            if (p->refs == 0 && p->state != LOADING && (!oldest || p->used < (*oldest)->used))
                oldest = pp;
        }
        if (!oldest || (!everything && kept <= ps->budget)) {
            pthread_mutex_unlock(&ps->lock);
            return;
        }
        struct bt_picture *p = *oldest;
        *oldest = p->next;
        if (p->state == QUEUED) {   // out of the worker's queue
            struct bt_picture **q = &ps->head;
            ps->tail = NULL;
            while (*q) {
                if (*q == p)
                    *q = p->qnext;
                else
                    ps->tail = *q, q = &(*q)->qnext;
            }
        }
        pthread_mutex_unlock(&ps->lock);
        free_picture(p);
    }
}

void bt_pictures_forget(struct bt_pictures *ps)
{
    if (ps)
        trim(ps, 1);
}

void bt_pictures_destroy(struct bt_pictures *ps)
{
    if (!ps)
        return;
    pthread_mutex_lock(&ps->lock);
    ps->quit = 1;
    pthread_cond_broadcast(&ps->cond);
    pthread_mutex_unlock(&ps->lock);
    pthread_join(ps->thread, NULL);
    while (ps->all) {
        struct bt_picture *p = ps->all;
        ps->all = p->next;
        free_picture(p);
    }
    pthread_cond_destroy(&ps->cond);
    pthread_mutex_destroy(&ps->lock);
    free(ps);
}

struct bt_picture *bt_picture_get(struct bt_pictures *ps, const char *path, int w, int h,
                                  enum bt_fit fit)
{
    for (struct bt_picture *p = ps->all; p; p = p->next) {
        if (p->w == w && p->h == h && p->fit == fit && strcmp(p->path, path) == 0) {
            p->refs++;
            p->used = ++ps->clock;
            return p;
        }
    }
    trim(ps, 0);   // room for the new one
    struct bt_picture *p = calloc(1, sizeof(*p));
    if (!p || !(p->path = strdup(path))) {
        free(p);
        return NULL;
    }
    p->ps = ps;
    p->w = w;
    p->h = h;
    p->fit = fit;
    p->refs = 1;
    p->used = ++ps->clock;
    p->next = ps->all;
    ps->all = p;
    pthread_mutex_lock(&ps->lock);
    p->state = QUEUED;
    if (ps->tail)
        ps->tail->qnext = p;
    else
        ps->head = p;
    ps->tail = p;
    pthread_cond_broadcast(&ps->cond);
    pthread_mutex_unlock(&ps->lock);
    return p;
}

void bt_picture_put(struct bt_picture *p)
{
    if (p && p->refs > 0)
        p->refs--;
}

int bt_picture_status(struct bt_picture *p, int wait_ms, char *err, size_t errsize)
{
    struct bt_pictures *ps = p->ps;
    if (p->ready)
        return 1;
    pthread_mutex_lock(&ps->lock);
    if (wait_ms > 0) {
        struct timespec until = bt_deadline_in((int64_t)wait_ms * 1000);
        while ((p->state == QUEUED || p->state == LOADING) &&
               pthread_cond_timedwait(&ps->cond, &ps->lock, &until) != ETIMEDOUT) {
        }
    }
    enum state st = p->state;
    SDL_Surface *s = p->surface;
    p->surface = NULL;
    if (st == FAILED)
        snprintf(err, errsize, "%s", p->err);
    pthread_mutex_unlock(&ps->lock);
    if (st == FAILED)
        return -1;
    if (st != DECODED)
        return 0;
    // Decoded: the texture, here on the main thread.
    p->tex = SDL_CreateTextureFromSurface(bt_render_sdl(ps->render), s);
    p->tw = s->w;
    p->th = s->h;
    SDL_FreeSurface(s);
    pthread_mutex_lock(&ps->lock);
    if (p->tex) {
        SDL_SetTextureBlendMode(p->tex, SDL_BLENDMODE_BLEND);
        bt_render_texture_filter(ps->render, p->tex);
        p->state = READY;
        p->ready = 1;
    } else {
        snprintf(p->err, sizeof(p->err), _("cannot be made a texture: %s"), SDL_GetError());
        snprintf(err, errsize, "%s", p->err);
        p->state = FAILED;
    }
    pthread_mutex_unlock(&ps->lock);
    return p->tex ? 1 : -1;
}

SDL_Texture *bt_picture_texture(const struct bt_picture *p, int *w, int *h)
{
    *w = p->tw;
    *h = p->th;
    return p->tex;
}
