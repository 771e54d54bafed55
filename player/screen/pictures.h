// Pictures decoded off the render thread, once for as long as their revision plays. An image
// item asks for its picture (a file, the zone's size in target pixels and the fit); one worker
// thread reads, decodes and scales the pictures asked for, in turn (media/image), and the main
// thread makes a texture of each once it is decoded. A picture is kept by file, size and fit, so
// a zone that loops decodes each of its pictures once, and two zones of one size share one.
// Pictures no item holds are let go, the least recently used first, when the decoded pixels pass
// a budget, and all of them when a new revision plays.
// Main thread, except the worker inside.
#ifndef BT_SCREEN_PICTURES_H
#define BT_SCREEN_PICTURES_H

#include <stddef.h>

#include <SDL.h>

#include "playlist/playlist.h"

struct bt_render;
struct bt_pictures;
struct bt_picture;

// Decoded pixels kept for pictures no item holds (RGBA: 4 bytes a pixel).
#define BT_PICTURES_BUDGET (128u << 20)

// Starts the worker. Returns NULL when out of memory or when no thread can be made.
struct bt_pictures *bt_pictures_create(struct bt_render *render, size_t budget);
// Stops the worker (after the picture it decodes) and frees every picture; none may be held.
void bt_pictures_destroy(struct bt_pictures *ps);
// A new revision plays: pictures no item holds are let go (files may have changed).
void bt_pictures_forget(struct bt_pictures *ps);

// The picture of `path` for a w x h box by `fit`, held until bt_picture_put: the one kept, or a
// new one queued for the worker. NULL only when out of memory.
struct bt_picture *bt_picture_get(struct bt_pictures *ps, const char *path, int w, int h,
                                  enum bt_fit fit);
void bt_picture_put(struct bt_picture *p);
// 1: ready to draw (its texture made now if it was just decoded); 0: still being decoded; -1:
// it cannot be shown, with the reason in err (the path is not in it). With wait_ms > 0, waits
// up to that long for the worker first (simulated time, where a frame may take what it takes).
int bt_picture_status(struct bt_picture *p, int wait_ms, char *err, size_t errsize);
// The texture of a ready picture and its size.
SDL_Texture *bt_picture_texture(const struct bt_picture *p, int *w, int *h);

#endif
