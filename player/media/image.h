// Still images: PNG, JPEG and WebP decoded with libavcodec (opened with the matching *_pipe
// demuxer, never image2), JPEG EXIF orientation applied, then scaled once with libswscale to
// the size they are shown at. Any thread (no SDL rendering calls).
#ifndef BT_MEDIA_IMAGE_H
#define BT_MEDIA_IMAGE_H

#include <SDL.h>

struct SwsContext;

#include "playlist/playlist.h"

#define BT_IMAGE_MAX_SIDE   16384
#define BT_IMAGE_MAX_PIXELS (50 * 1000 * 1000)
#define BT_IMAGE_MAX_BYTES  (256 << 20)   // the file itself

// Reads `path` (only a regular file: a FIFO is refused, never waited on), decodes it and scales it
// for a w x h box by `fit`: contain (inside, aspect kept), cover (fills, centre kept, edges cut) or
// stretch. Returns a new RGBA surface (the picture's size for contain, w x h otherwise), or NULL
// with a plain-words reason in err.
SDL_Surface *bt_image_load(const char *path, int w, int h, enum bt_fit fit, char *err,
                           size_t errsize);

// libswscale names JPEG's full-range YUV as plain YUV with a full range: the plain format for
// `fmt`, and *full set when its range is full. Any thread.
int bt_pixfmt_plain(int fmt, int *full);
// Tells sws it reads full-range YUV. Any thread.
void bt_sws_full_range(struct SwsContext *sws);

#endif
