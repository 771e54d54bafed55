#include "net/cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <jansson.h>
#include <libavutil/mem.h>
#include <libavutil/sha.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/sha256.h"

// A signature file is small (minisign writes about 300 bytes).
#define SIGNATURE_MAX 4096

struct entry {
    char sha[65];
    int64_t size;
    int64_t used;   // when last used (the caller's clock, seconds)
};

struct bt_cache {
    char dir[3000];
    int64_t max_bytes;
    int64_t min_free;          // bytes the file system keeps free
    int64_t partials;          // bytes of partial downloads, as last counted
    int (*stop)(void *user);   // a long check asks it (bt_cache_set_stop)
    void *stop_user;
    struct entry *entries;
    size_t n, cap;
};

struct bt_cache_writer {
    struct bt_cache *cache;
    char sha[65];
    int64_t size, written;
    int fd;
    struct AVSHA *ctx;
    char part[3200];
};

static void path_of(const struct bt_cache *c, const char *sub, const char *name, char *buf,
                    size_t size)
{
    snprintf(buf, size, "%s/%s/%s", c->dir, sub, name);
}

static struct entry *find(struct bt_cache *c, const char *sha)
{
    for (size_t i = 0; i < c->n; i++) {
        if (strcmp(c->entries[i].sha, sha) == 0)
            return &c->entries[i];
    }
    return NULL;
}

static int add(struct bt_cache *c, const char *sha, int64_t size, int64_t used)
{
    struct entry *e = find(c, sha);
    if (!e) {
        if (c->n == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 64;
            struct entry *n = realloc(c->entries, cap * sizeof(*n));
            if (!n)
                return -1;
            c->entries = n;
            c->cap = cap;
        }
        e = &c->entries[c->n++];
        snprintf(e->sha, sizeof(e->sha), "%s", sha);
    }
    e->size = size;
    e->used = used;
    return 0;
}

// Writes `data` as the cache's file `name`, atomically.
static int write_atomic(const char *dir, const char *name, const char *data, size_t len)
{
    char path[3300];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return bt_file_write_atomic(path, data, len);
}

static int save_index(struct bt_cache *c)
{
    json_t *objects = json_object();
    for (size_t i = 0; i < c->n; i++)
        json_object_set_new(objects, c->entries[i].sha,
                            json_pack("{s:I, s:I}", "size", (json_int_t)c->entries[i].size, "used",
                                      (json_int_t)c->entries[i].used));
    json_t *root = json_pack("{s:i, s:o}", "version", 1, "objects", objects);
    char *text = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    int rc = text ? write_atomic(c->dir, "index.json", text, strlen(text)) : -1;
    free(text);
    return rc;
}

struct bt_cache *bt_cache_open(const char *dir, int64_t max_bytes, char *err, size_t errsize)
{
    struct bt_cache *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    snprintf(c->dir, sizeof(c->dir), "%s", dir);
    c->max_bytes = max_bytes;
    char sub[3100];
    // The folders it needs, its parents too.
    const char *const subs[] = {"", "objects", "partial"};
    for (int i = 0; i < 3; i++) {
        snprintf(sub, sizeof(sub), "%s/%s", dir, subs[i]);
        if (bt_file_mkdir_p(sub) != 0) {
            snprintf(err, errsize, _("cannot make the cache folder %s: %s"), sub, strerror(errno));
            free(c);
            return NULL;
        }
    }
    // The index, checked against the files: sizes only, so the first frame is not delayed.
    char index[3100];
    snprintf(index, sizeof(index), "%s/index.json", dir);
    json_error_t je;
    json_t *root = json_load_file(index, 0, &je);
    const char *sha;
    json_t *o;
    int dropped = 0;
    json_object_foreach(json_object_get(root, "objects"), sha, o)
    {
        char path[3300];
        struct stat st;
        int64_t size = json_integer_value(json_object_get(o, "size"));
        path_of(c, "objects", sha, path, sizeof(path));
        if (!bt_sha256_valid(sha) || stat(path, &st) != 0 || st.st_size != size) {
            unlink(path);
            dropped++;
            continue;
        }
        add(c, sha, size, json_integer_value(json_object_get(o, "used")));
    }
    json_decref(root);
    if (dropped) {
        BT_WARN("cache", _("%d objects were missing or damaged and are dropped"), dropped);
        save_index(c);
    }
    return c;
}

void bt_cache_close(struct bt_cache *c)
{
    if (!c)
        return;
    free(c->entries);
    free(c);
}

int bt_cache_has(struct bt_cache *c, const char *sha256, int64_t size)
{
    const struct entry *e = find(c, sha256);
    return e && (size < 0 || e->size == size);
}

const char *bt_cache_path(struct bt_cache *c, const char *sha256, char *buf, size_t size)
{
    path_of(c, "objects", sha256, buf, size);
    return buf;
}

void bt_cache_touch(struct bt_cache *c, const char *sha256, int64_t now)
{
    struct entry *e = find(c, sha256);
    if (e)
        e->used = now;
}

int64_t bt_cache_used(struct bt_cache *c)
{
    int64_t sum = 0;
    for (size_t i = 0; i < c->n; i++)
        sum += c->entries[i].size;
    return sum + c->partials;
}

int64_t bt_cache_partial(struct bt_cache *c, const char *sha256)
{
    char path[3300];
    struct stat st;
    path_of(c, "partial", sha256, path, sizeof(path));
    return stat(path, &st) == 0 ? (int64_t)st.st_size : 0;
}

static void tag_path(const struct bt_cache *c, const char *sha256, char *buf, size_t size)
{
    snprintf(buf, size, "%s/partial/%s.tag", c->dir, sha256);
}

void bt_cache_partial_tag(struct bt_cache *c, const char *sha256, char *buf, size_t size)
{
    char path[3300];
    tag_path(c, sha256, path, sizeof(path));
    FILE *f = fopen(path, "r");
    buf[0] = '\0';
    if (f) {
        if (!fgets(buf, (int)size, f))
            buf[0] = '\0';
        buf[strcspn(buf, "\r\n")] = '\0';
        fclose(f);
    }
}

void bt_cache_set_partial_tag(struct bt_cache *c, const char *sha256, const char *tag)
{
    char path[3300];
    tag_path(c, sha256, path, sizeof(path));
    if (!tag || !tag[0]) {
        unlink(path);
        return;
    }
    char line[1100];
    int n = snprintf(line, sizeof(line), "%s\n", tag);
    if (n > 0 && (size_t)n < sizeof(line))
        bt_file_write_atomic(path, line, (size_t)n);
}

struct bt_cache_writer *bt_cache_begin(struct bt_cache *c, const char *sha256, int64_t size,
                                       int resume, char *err, size_t errsize)
{
    struct bt_cache_writer *w = calloc(1, sizeof(*w));
    if (!w || !bt_sha256_valid(sha256) || size < 0) {
        snprintf(err, errsize, "%s", _("not a sha256 and a size"));
        free(w);
        return NULL;
    }
    w->cache = c;
    snprintf(w->sha, sizeof(w->sha), "%s", sha256);
    w->size = size;
    path_of(c, "partial", sha256, w->part, sizeof(w->part));
    w->ctx = av_sha_alloc();
    w->fd = open(w->part, O_RDWR | O_CREAT | (resume ? 0 : O_TRUNC), 0644);
    if (!w->ctx || w->fd < 0) {
        snprintf(err, errsize, _("cannot write %s: %s"), w->part, strerror(errno));
        bt_cache_abort(w, 0);
        return NULL;
    }
    av_sha_init(w->ctx, 256);
    // What an earlier try left is hashed again: the hash covers every byte of the object.
    unsigned char buf[65536];
    ssize_t n;
    while (resume && (n = read(w->fd, buf, sizeof(buf))) > 0) {
        av_sha_update(w->ctx, buf, (size_t)n);
        w->written += n;
    }
    if (w->written > size) {   // more than the object: it cannot be that object's start
        if (ftruncate(w->fd, 0) != 0 || lseek(w->fd, 0, SEEK_SET) != 0) {
            bt_cache_abort(w, 0);
            return NULL;
        }
        av_sha_init(w->ctx, 256);
        w->written = 0;
    }
    return w;
}

int bt_cache_write(struct bt_cache_writer *w, const void *data, size_t n)
{
    if (w->written + (int64_t)n > w->size)
        return -1;
    const unsigned char *p = data;
    size_t left = n;
    while (left > 0) {
        ssize_t k = write(w->fd, p, left);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += k;
        left -= (size_t)k;
    }
    av_sha_update(w->ctx, data, n);
    w->written += (int64_t)n;
    return 0;
}

int64_t bt_cache_writer_bytes(const struct bt_cache_writer *w)
{
    return w->written;
}

int bt_cache_commit(struct bt_cache_writer *w, int64_t now, char *err, size_t errsize)
{
    struct bt_cache *c = w->cache;
    uint8_t digest[32];
    char hex[65];
    av_sha_final(w->ctx, digest);
    for (int i = 0; i < 32; i++)
        snprintf(hex + i * 2, 3, "%02x", digest[i]);
    int rc = -1;
    if (w->written != w->size) {
        snprintf(err, errsize, _("has %lld bytes, not the %lld the playlist says"),
                 (long long)w->written, (long long)w->size);
    } else if (strcmp(hex, w->sha) != 0) {
        snprintf(err, errsize, _("does not match its sha256 (it is %s)"), hex);
    } else if (bt_file_sync(w->fd) != 0) {
        snprintf(err, errsize, _("cannot be saved: %s"), strerror(errno));
    } else {
        char path[3300];
        path_of(c, "objects", w->sha, path, sizeof(path));
        if (bt_file_rename(w->part, path) == 0) {
            add(c, w->sha, w->size, now);
            save_index(c);
            rc = 0;
        } else {
            snprintf(err, errsize, _("cannot be saved: %s"), strerror(errno));
        }
    }
    bt_cache_abort(w, 0);   // a wrong object is not kept for a resume
    return rc;
}

void bt_cache_abort(struct bt_cache_writer *w, int keep)
{
    if (!w)
        return;
    if (w->fd >= 0) {
        if (keep)
            bt_file_sync(w->fd);
        close(w->fd);
    }
    if (!keep) {
        unlink(w->part);   // after a commit's rename there is nothing there
        bt_cache_set_partial_tag(w->cache, w->sha, NULL);
    }
    av_free(w->ctx);
    free(w);
}

static int kept(const char *sha, const char *const *keep, size_t nkeep)
{
    for (size_t i = 0; i < nkeep; i++) {
        if (keep[i] && strcmp(keep[i], sha) == 0)
            return 1;
    }
    return 0;
}

int bt_cache_sweep_partials(struct bt_cache *c, const char *const *keep, size_t nkeep,
                            int64_t *freed)
{
    char dir[3100], path[3300];
    snprintf(dir, sizeof(dir), "%s/partial", c->dir);
    DIR *d = opendir(dir);
    int deleted = 0;
    int64_t gone = 0, kept_bytes = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!bt_sha256_valid(e->d_name))
            continue;   // "." and "..", validators (<sha>.tag), anything else
        struct stat st;
        path_of(c, "partial", e->d_name, path, sizeof(path));
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (kept(e->d_name, keep, nkeep)) {
            kept_bytes += st.st_size;
            continue;
        }
        if (unlink(path) == 0) {
            bt_cache_set_partial_tag(c, e->d_name, NULL);
            deleted++;
            gone += st.st_size;
        }
    }
    if (d)
        closedir(d);
    c->partials = kept_bytes;
    if (freed)
        *freed = gone;
    return deleted;
}

void bt_cache_set_min_free(struct bt_cache *c, int64_t bytes)
{
    c->min_free = bytes;
}

// Bytes free for an unprivileged writer on the cache's file system (INT64_MAX when unknown).
static int64_t disk_free(const struct bt_cache *c)
{
    struct statvfs fs;
    if (statvfs(c->dir, &fs) != 0)
        return INT64_MAX;
    return (int64_t)fs.f_bavail * (int64_t)fs.f_frsize;
}

static int over(const struct bt_cache *c, int64_t used, int64_t need)
{
    if (c->max_bytes > 0 && used + need > c->max_bytes)
        return BT_CACHE_OVER_BUDGET;
    if (c->min_free > 0 && need > 0 && disk_free(c) - need < c->min_free)
        return BT_CACHE_DISK_FULL;
    return 0;
}

int bt_cache_evict(struct bt_cache *c, const char *const *keep, size_t nkeep, int64_t need)
{
    int evicted = 0;
    while (over(c, bt_cache_used(c), need)) {
        struct entry *oldest = NULL;
        for (size_t i = 0; i < c->n; i++) {
            if (!kept(c->entries[i].sha, keep, nkeep) &&
                (!oldest || c->entries[i].used < oldest->used))
                oldest = &c->entries[i];
        }
        if (!oldest)
            break;
        char path[3300];
        path_of(c, "objects", oldest->sha, path, sizeof(path));
        unlink(path);
        *oldest = c->entries[--c->n];
        evicted++;
    }
    if (evicted)
        save_index(c);
    return over(c, bt_cache_used(c), need);
}

size_t bt_cache_list(struct bt_cache *c, char (*shas)[65], size_t max)
{
    size_t n = 0;
    for (; n < c->n && n < max; n++)
        memcpy(shas[n], c->entries[n].sha, 65);
    return n;
}

void bt_cache_set_stop(struct bt_cache *c, int (*stop)(void *user), void *user)
{
    c->stop = stop;
    c->stop_user = user;
}

// Whether the file holds `size` bytes hashing to `sha`: 1 when it does, 0 when not, -1 when
// told to stop first (checked every megabyte).
static int hash_file(struct bt_cache *c, const char *path, int64_t size, const char *sha)
{
    enum {
        CHUNK = 1 << 20
    };
    int fd = open(path, O_RDONLY);
    struct AVSHA *ctx = fd >= 0 ? av_sha_alloc() : NULL;
    unsigned char *buf = ctx ? malloc(CHUNK) : NULL;
    if (!buf) {
        av_free(ctx);
        if (fd < 0)
            return 0;   // missing: not whole
        close(fd);
        return -1;   // not known
    }
    av_sha_init(ctx, 256);
    int64_t total = 0;
    ssize_t n;
    int stopped = 0;
    while (!(stopped = c->stop && c->stop(c->stop_user)) && (n = read(fd, buf, CHUNK)) > 0) {
        av_sha_update(ctx, buf, (size_t)n);
        total += n;
    }
    close(fd);
    free(buf);
    uint8_t digest[32];
    char hex[65];
    av_sha_final(ctx, digest);
    av_free(ctx);
    if (stopped)
        return -1;
    for (int i = 0; i < 32; i++)
        snprintf(hex + i * 2, 3, "%02x", digest[i]);
    return total == size && strcmp(hex, sha) == 0;
}

int bt_cache_verify(struct bt_cache *c, const char *sha256)
{
    struct entry *e = find(c, sha256);
    if (!e)
        return 0;
    char path[3300];
    path_of(c, "objects", sha256, path, sizeof(path));
    int whole = hash_file(c, path, e->size, sha256);
    if (whole != 0)
        return 0;   // whole, or not known: stopped before the end
    unlink(path);
    *e = c->entries[--c->n];
    save_index(c);
    return -1;
}

int bt_cache_save_playlist(struct bt_cache *c, const char *json, size_t len, const char *url)
{
    // The old validators go first: they must never stand beside another playlist.
    char old[3100];
    snprintf(old, sizeof(old), "%s/playlist.validators", c->dir);
    unlink(old);
    snprintf(old, sizeof(old), "%s/playlist.json.minisig", c->dir);   // and its signature
    unlink(old);
    // The URL first: a playlist is never found beside another playlist's URL.
    if (write_atomic(c->dir, "playlist.url", url, strlen(url)) != 0)
        return -1;
    return write_atomic(c->dir, "playlist.json", json, len);
}

char *bt_cache_load_playlist(struct bt_cache *c, size_t *len, char *url, size_t urlsize)
{
    char path[3100];
    snprintf(path, sizeof(path), "%s/playlist.url", c->dir);
    FILE *uf = fopen(path, "rb");
    if (!uf)
        return NULL;
    size_t un = fread(url, 1, urlsize - 1, uf);
    url[un] = '\0';
    fclose(uf);
    snprintf(path, sizeof(path), "%s/playlist.json", c->dir);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, r;
    do {
        if (n + 65536 > cap) {
            char *nb = realloc(buf, cap = cap ? cap * 2 : 131072);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
    } while (r > 0);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

int bt_cache_save_validators(struct bt_cache *c, const char *etag, const char *last_modified)
{
    json_t *j = json_pack("{s:s, s:s}", "etag", etag, "last_modified", last_modified);
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    int rc = text ? write_atomic(c->dir, "playlist.validators", text, strlen(text)) : -1;
    free(text);
    return rc;
}

void bt_cache_load_validators(struct bt_cache *c, char *etag, size_t esize, char *last_modified,
                              size_t lsize)
{
    char path[3100];
    snprintf(path, sizeof(path), "%s/playlist.validators", c->dir);
    json_error_t je;
    json_t *j = json_load_file(path, 0, &je);
    const char *e = json_string_value(json_object_get(j, "etag"));
    const char *l = json_string_value(json_object_get(j, "last_modified"));
    snprintf(etag, esize, "%s", e ? e : "");
    snprintf(last_modified, lsize, "%s", l ? l : "");
    json_decref(j);
}

int bt_cache_save_signature(struct bt_cache *c, const char *sig, size_t len)
{
    if (!sig) {
        char path[3100];
        snprintf(path, sizeof(path), "%s/playlist.json.minisig", c->dir);
        unlink(path);
        return 0;
    }
    return write_atomic(c->dir, "playlist.json.minisig", sig, len);
}

char *bt_cache_load_signature(struct bt_cache *c, size_t *len)
{
    char path[3100];
    snprintf(path, sizeof(path), "%s/playlist.json.minisig", c->dir);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(SIGNATURE_MAX + 1);
    size_t n = buf ? fread(buf, 1, SIGNATURE_MAX + 1, f) : 0;
    fclose(f);
    if (!buf || n > SIGNATURE_MAX) {   // not a signature: none
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}
