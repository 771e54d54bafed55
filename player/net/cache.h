// The screen's cache: content-addressed objects (objects/<sha256>), written through a temporary
// file while their SHA-256 is computed as bytes arrive, then checked (size and hash), fsynced and
// renamed into place, so an object in objects/ is always whole and verified. An index (index.json)
// keeps each object's size and when it was last used, for least-recently-used eviction within a
// byte budget among the objects no revision in use references. The last good playlist is kept
// too, so a screen that played once plays at boot without the network.
// One thread at a time (the fetch thread); paths may be read by any.
#ifndef BT_NET_CACHE_H
#define BT_NET_CACHE_H

#include <stddef.h>
#include <stdint.h>

struct bt_cache;
struct bt_cache_writer;

// Opens (making it if needed) the cache in `dir`, with a budget of max_bytes (0: no limit).
// Objects whose file is missing or of the wrong size are dropped from the index (a fast check:
// sizes only). Returns NULL with a message in err.
struct bt_cache *bt_cache_open(const char *dir, int64_t max_bytes, char *err, size_t errsize);
void bt_cache_close(struct bt_cache *c);

// Whether a verified object of this sha256 and size is present.
int bt_cache_has(struct bt_cache *c, const char *sha256, int64_t size);
// The object's path (into buf).
const char *bt_cache_path(struct bt_cache *c, const char *sha256, char *buf, size_t size);
// Marks an object used now (for eviction).
void bt_cache_touch(struct bt_cache *c, const char *sha256, int64_t now);
// Bytes the objects take, and the partial downloads as last counted (bt_cache_sweep_partials).
int64_t bt_cache_used(struct bt_cache *c);

// Bytes of a partial download kept from an earlier try (0 when none): where to resume.
int64_t bt_cache_partial(struct bt_cache *c, const char *sha256);

// The HTTP validator (ETag or Last-Modified) a partial download was made under, so a resume
// asks for the rest of the same file only: into buf ("" when none); set ("" clears it).
void bt_cache_partial_tag(struct bt_cache *c, const char *sha256, char *buf, size_t size);
void bt_cache_set_partial_tag(struct bt_cache *c, const char *sha256, const char *tag);

// Starts writing an object. With resume, the partial bytes kept are hashed and writing goes
// on after them; otherwise it starts empty. Returns NULL with err set.
struct bt_cache_writer *bt_cache_begin(struct bt_cache *c, const char *sha256, int64_t size,
                                       int resume, char *err, size_t errsize);
// Appends bytes. Returns 0, or -1 (more than the size promised, or a write error).
int bt_cache_write(struct bt_cache_writer *w, const void *data, size_t n);
// Bytes of the object written so far (a resume's kept bytes included).
int64_t bt_cache_writer_bytes(const struct bt_cache_writer *w);
// Checks size and hash, then makes the object visible. Returns 0, or -1 with err set: the
// bytes are deleted (a wrong object is never kept, nor resumed).
int bt_cache_commit(struct bt_cache_writer *w, int64_t now, char *err, size_t errsize);
// Stops writing: the bytes are kept for a resume (keep) or deleted.
void bt_cache_abort(struct bt_cache_writer *w, int keep);

// Deletes the partial downloads of objects not listed in keep (no revision in use wants them),
// and counts the bytes of those kept (bt_cache_used includes them from now on). Returns how
// many were deleted; their bytes into *freed (may be NULL).
int bt_cache_sweep_partials(struct bt_cache *c, const char *const *keep, size_t nkeep,
                            int64_t *freed);

// Keeps at least `bytes` free on the cache's file system (a free-space floor); 0: no floor.
void bt_cache_set_min_free(struct bt_cache *c, int64_t bytes);

enum {
    BT_CACHE_OVER_BUDGET = 1,
    BT_CACHE_DISK_FULL = 2
};

// Makes room for `need` more bytes within the budget and above the free-space floor, evicting
// least recently used objects first, never one listed in keep (the active and pending
// revisions'). Returns 0, or BT_CACHE_OVER_BUDGET / BT_CACHE_DISK_FULL when even that is not
// enough.
int bt_cache_evict(struct bt_cache *c, const char *const *keep, size_t nkeep, int64_t need);

// The objects present (at most max), for a background check.
size_t bt_cache_list(struct bt_cache *c, char (*shas)[65], size_t max);
// Hashes an object again: 0 when whole (or stopped before the end), -1 when it was damaged (it
// is then deleted and dropped from the index). Slow: reads the whole file, asking the stop
// callback (when set) every megabyte.
int bt_cache_verify(struct bt_cache *c, const char *sha256);
// A callback a long check (bt_cache_verify) asks: non-zero stops it. NULL: none.
void bt_cache_set_stop(struct bt_cache *c, int (*stop)(void *user), void *user);

// The last good playlist and the URL it came from (its relative sources resolve against it):
// saved atomically; loaded as a new string (free it) or NULL, the URL into url.
int bt_cache_save_playlist(struct bt_cache *c, const char *json, size_t len, const char *url);
char *bt_cache_load_playlist(struct bt_cache *c, size_t *len, char *url, size_t urlsize);
// The validators (ETag, Last-Modified; either may be "") the last good playlist came with, so a
// restart asks for it conditionally: saved after the playlist (atomically); loaded as ""
// when there are none.
// The last good playlist's signature (PLAYLIST.minisig), kept beside it so an offline boot
// verifies too; NULL removes it. bt_cache_save_playlist removes the old one first.
int bt_cache_save_signature(struct bt_cache *c, const char *sig, size_t len);
// The kept signature (NUL-terminated; the caller frees it), or NULL.
char *bt_cache_load_signature(struct bt_cache *c, size_t *len);

int bt_cache_save_validators(struct bt_cache *c, const char *etag, const char *last_modified);
void bt_cache_load_validators(struct bt_cache *c, char *etag, size_t esize, char *last_modified,
                              size_t lsize);

#endif
