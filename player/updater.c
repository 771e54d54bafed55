#include "updater.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cache.h"
#include "fetch.h"
#include "i18n.h"
#include "log.h"

struct bt_updater {
    struct bt_updater_opts opts;
    char url[2048], cache_dir[2048], screen_id[80], ca_file[1024], proxy[512];
    struct bt_cache *cache;
    struct bt_http *http;
    struct bt_playlist *playing;   // the thread's own reading of the revision handed over last
    pthread_t thread;
    int started;

    pthread_mutex_t lock;   // protects what follows
    pthread_cond_t cond;
    int quit;
    int first_done;
    struct bt_playlist *ready;   // complete, not yet taken
    char status[512];

    // The thread's own, for the status file.
    char status_path[2048];
    char pending_rev[201];
    int have, total;
    time_t last_poll;
    char last_result[640];
    time_t status_written;
};

// Writes the status file (atomically; at most every 2 s unless forced). Fetch thread.
static void write_status(struct bt_updater *u, int force)
{
    time_t now = time(NULL);
    if (!u->status_path[0] || (!force && now - u->status_written < 2))
        return;
    u->status_written = now;
    char text[512];
    pthread_mutex_lock(&u->lock);
    snprintf(text, sizeof(text), "%s", u->status);
    pthread_mutex_unlock(&u->lock);
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:{s:i, s:i}, s:I, s:s, s:I, s:s}",
                          "screen_id", u->screen_id, "url", u->url, "active_revision",
                          u->playing ? u->playing->revision : "", "pending_revision",
                          u->pending_rev, "download", "have", u->have, "total", u->total,
                          "last_poll", (json_int_t)u->last_poll, "last_result", u->last_result,
                          "cache_bytes", (json_int_t)bt_cache_used(u->cache), "state", text);
    char tmp[2100];
    snprintf(tmp, sizeof(tmp), "%s.tmp", u->status_path);
    if (j && json_dump_file(j, tmp, JSON_INDENT(2)) == 0)
        rename(tmp, u->status_path);
    json_decref(j);
}

static void set_status(struct bt_updater *u, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_status(struct bt_updater *u, const char *fmt, ...)
{
    va_list ap;
    pthread_mutex_lock(&u->lock);
    va_start(ap, fmt);
    vsnprintf(u->status, sizeof(u->status), fmt, ap);
    va_end(ap);
    pthread_mutex_unlock(&u->lock);
    write_status(u, 0);
}

// Every source a revision needs, in items, fallbacks and overrides.
typedef int (*source_fn)(struct bt_source *s, void *user);

static int each_source(struct bt_playlist *p, source_fn fn, void *user)
{
    int rc = 0;
    for (size_t z = 0; z < p->nzones; z++) {
        for (size_t i = 0; i < p->zones[z].nitems; i++)
            rc |= fn(&p->zones[z].items[i].source, user);
        if (p->zones[z].fallback)
            rc |= fn(&p->zones[z].fallback->source, user);
    }
    for (size_t o = 0; o < p->noverrides; o++)
        for (size_t i = 0; i < p->overrides[o].nitems; i++)
            rc |= fn(&p->overrides[o].items[i].source, user);
    return rc;
}

// Points a remote source at its object in the cache.
static int localize(struct bt_source *s, void *user)
{
    struct bt_cache *c = user;
    if (!s->remote || !s->has_sha256)
        return 0;
    char path[4096];
    bt_cache_path(c, s->sha256, path, sizeof(path));
    char *copy = strdup(path);
    if (!copy)
        return 1;
    free(s->resolved);
    s->resolved = copy;
    s->remote = 0;
    return 0;
}

struct progress {
    struct bt_updater *u;
    int total, have, failed;
};

static int count(struct bt_source *s, void *user)
{
    struct progress *p = user;
    if (s->remote && s->has_sha256) {
        p->total++;
        p->have += bt_cache_has(p->u->cache, s->sha256, s->size);
    }
    return 0;
}

static int download(struct bt_source *s, void *user)
{
    struct progress *p = user;
    char err[600];
    if (!s->remote || !s->has_sha256 || bt_cache_has(p->u->cache, s->sha256, s->size))
        return 0;
    p->u->have = p->have;
    p->u->total = p->total;
    set_status(p->u, _("downloading %d of %d files"), p->have + 1, p->total);
    if (bt_http_get_object(p->u->http, p->u->cache, s->resolved, s->sha256, s->size, err,
                           sizeof(err)) != 0) {
        BT_WARN("fetch", "%s", err);
        p->failed++;
        return 1;
    }
    p->have++;
    return 0;
}

// Whether media may download now: inside the window, or for a revision with an urgent item
// (an emergency notice), or when the screen has nothing yet (a fresh install).
static int urgent_item(struct bt_playlist *p)
{
    for (size_t z = 0; z < p->nzones; z++)
        for (size_t i = 0; i < p->zones[z].nitems; i++)
            if (p->zones[z].items[i].urgent)
                return 1;
    for (size_t o = 0; o < p->noverrides; o++)
        for (size_t i = 0; i < p->overrides[o].nitems; i++)
            if (p->overrides[o].items[i].urgent)
                return 1;
    return 0;
}

static int may_download(struct bt_updater *u, struct bt_playlist *p)
{
    int s = u->opts.window_start, e = u->opts.window_end;
    if (s < 0 || !u->playing || urgent_item(p))
        return 1;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    int m = tm.tm_hour * 60 + tm.tm_min;
    return s <= e ? (m >= s && m < e) : (m >= s || m < e);   // a window may cross midnight
}

struct keep {
    const char **shas;
    size_t n, cap;
    int64_t need;   // bytes still to download
    struct bt_cache *cache;
};

static int keep_source(struct bt_source *s, void *user)
{
    struct keep *k = user;
    if (!s->has_sha256)
        return 0;
    if (k->n < k->cap)
        k->shas[k->n++] = s->sha256;
    if (s->remote && !bt_cache_has(k->cache, s->sha256, s->size) && s->size > 0)
        k->need += s->size;
    return 0;
}

// Frees cache space for what revision p still needs, never evicting its own objects nor the
// playing revision's. Returns 0, or -1 when it cannot fit.
static int make_room(struct bt_updater *u, struct bt_playlist *p)
{
    if (u->opts.cache_max_bytes <= 0)
        return 0;
    const char *shas[4096];
    struct keep k = {shas, 0, 4096, 0, u->cache};
    each_source(p, keep_source, &k);
    if (u->playing) {
        // The playing revision's sources point into the cache: keep those objects too.
        each_source(u->playing, keep_source, &k);
    }
    return bt_cache_evict(u->cache, shas, k.n, k.need);
}

static struct bt_playlist *parse(const char *body, size_t len, const char *url)
{
    struct bt_diags d = {0};
    struct bt_playlist *p = bt_playlist_parse(body, len, url, url, BT_PLAYLIST_PLAY, &d);
    char line[1024];
    for (size_t i = 0; i < d.count; i++) {
        bt_diag_format(&d.items[i], url, line, sizeof(line));
        bt_log(d.items[i].severity == BT_SEV_ERROR ? BT_LOG_ERROR : BT_LOG_WARN, "playlist",
               "%s", line);
    }
    bt_diags_free(&d);
    return p;
}

static void publish(struct bt_updater *u, struct bt_playlist *p)
{
    pthread_mutex_lock(&u->lock);
    bt_playlist_destroy(u->ready);
    u->ready = p;
    pthread_mutex_unlock(&u->lock);
}

static void first_outcome(struct bt_updater *u)
{
    pthread_mutex_lock(&u->lock);
    u->first_done = 1;
    pthread_cond_broadcast(&u->cond);
    pthread_mutex_unlock(&u->lock);
}

// Waits `secs` or until asked to quit. Returns 1 when quitting.
static int pause_for(struct bt_updater *u, int secs)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += secs;
    pthread_mutex_lock(&u->lock);
    while (!u->quit && pthread_cond_timedwait(&u->cond, &u->lock, &until) != ETIMEDOUT)
        ;
    int quit = u->quit;
    pthread_mutex_unlock(&u->lock);
    return quit;
}

static void *updater_main(void *arg)
{
    struct bt_updater *u = arg;
    size_t last_len = 0;
    char last_url[2048];
    char *last = bt_cache_load_playlist(u->cache, &last_len, last_url, sizeof(last_url));
    if (last)
        u->playing = parse(last, last_len, u->url);
    free(last);
    if (u->playing)
        bt_http_set_revision(u->http, u->playing->revision);
    struct bt_validators v;
    memset(&v, 0, sizeof(v));
    char *pending = NULL;   // a new document whose objects are not all here yet
    size_t pending_len = 0;
    int backoff = 5;
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)(uintptr_t)u;
    for (;;) {
        char err[600], *body = NULL;
        size_t len = 0;
        int rc = bt_http_get_doc(u->http, u->url, &v, &body, &len, err, sizeof(err));
        u->last_poll = time(NULL);
        if (rc == 200 || rc == 304)
            snprintf(u->last_result, sizeof(u->last_result), "%d %s", rc,
                     rc == 200 ? "new document" : "not changed");
        else
            snprintf(u->last_result, sizeof(u->last_result), "%s", err);
        // A fleet of hundreds does not poll in lockstep: up to a tenth of the interval more.
        int wait = u->opts.poll_interval + (int)(rand_r(&seed) % (unsigned)(u->opts.poll_interval / 10 + 1));
        if (rc == 200) {
            free(pending);
            pending = body;
            pending_len = len;
        } else if (rc != 304) {
            BT_WARN("fetch", "%s", err);
            set_status(u, "%s", err);
            wait = backoff < u->opts.poll_interval ? backoff : u->opts.poll_interval;
            backoff *= 2;
        }
        if (pending) {
            struct bt_playlist *p = parse(pending, pending_len, u->url);
            if (!p) {
                set_status(u, _("the playlist at %s has errors; the last good one plays"),
                           u->url);
                free(pending);
                pending = NULL;
            } else {
                struct progress pr = {u, 0, 0, 0};
                each_source(p, count, &pr);
                snprintf(u->pending_rev, sizeof(u->pending_rev), "%s", p->revision);
                u->have = pr.have;
                u->total = pr.total;
                if (pr.have < pr.total && !may_download(u, p)) {
                    set_status(u, _("revision %s waits for the download window: %d of %d files "
                                    "here"), p->revision, pr.have, pr.total);
                    BT_INFO("fetch", "revision \"%s\" waits for the download window "
                                     "(%02d:%02d-%02d:%02d)", p->revision,
                            u->opts.window_start / 60, u->opts.window_start % 60,
                            u->opts.window_end / 60, u->opts.window_end % 60);
                    pr.failed = 1;
                } else if (make_room(u, p) != 0) {
                    BT_ERR("fetch", "revision \"%s\" does not fit the cache's budget of %lld "
                                    "bytes; the last good one keeps playing",
                           p->revision, (long long)u->opts.cache_max_bytes);
                    set_status(u, _("the new playlist does not fit the cache (cache_max_bytes)"));
                    pr.failed = 1;
                } else {
                    each_source(p, download, &pr);
                }
                if (pr.failed == 0 && each_source(p, localize, u->cache) == 0) {
                    bt_cache_save_playlist(u->cache, pending, pending_len, u->url);
                    bt_playlist_destroy(u->playing);
                    u->playing = parse(pending, pending_len, u->url);
                    bt_http_set_revision(u->http, p->revision);
                    BT_INFO("fetch", "revision \"%s\" is complete (%d files)", p->revision,
                            pr.total);
                    set_status(u, _("playing revision %s"), p->revision);
                    publish(u, p);
                    u->pending_rev[0] = '\0';
                    u->have = u->total = pr.total;
                    free(pending);
                    pending = NULL;
                    backoff = 5;
                } else {
                    bt_playlist_destroy(p);
                    wait = backoff < u->opts.poll_interval ? backoff : u->opts.poll_interval;
                    backoff *= 2;
                }
            }
        } else if (rc == 200 || rc == 304) {
            backoff = 5;
        }
        write_status(u, 1);
        first_outcome(u);
        if (pause_for(u, wait))
            break;
    }
    free(pending);
    return NULL;
}

struct bt_playlist *bt_updater_last_good(const char *cache_dir)
{
    char err[300];
    struct bt_cache *c = bt_cache_open(cache_dir, 0, err, sizeof(err));
    if (!c)
        return NULL;
    size_t len = 0;
    char url[2048];
    char *doc = bt_cache_load_playlist(c, &len, url, sizeof(url));
    struct bt_playlist *p = NULL;
    if (doc) {
        // Read as it was read from its URL: its sources are the same objects, in the cache.
        p = parse(doc, len, url);
        if (p && each_source(p, localize, c) != 0) {
            bt_playlist_destroy(p);
            p = NULL;
        }
        free(doc);
    }
    bt_cache_close(c);
    return p;
}

struct bt_updater *bt_updater_start(const struct bt_updater_opts *o, char *err, size_t errsize)
{
    struct bt_updater *u = calloc(1, sizeof(*u));
    if (!u)
        return NULL;
    snprintf(u->cache_dir, sizeof(u->cache_dir), "%s", o->cache_dir);
    snprintf(u->screen_id, sizeof(u->screen_id), "%s", o->screen_id ? o->screen_id : "");
    // "{screen_id}" in the URL: one address serves each screen its own playlist.
    const char *mark = strstr(o->url, "{screen_id}");
    if (mark)
        snprintf(u->url, sizeof(u->url), "%.*s%s%s", (int)(mark - o->url), o->url, u->screen_id,
                 mark + strlen("{screen_id}"));
    else
        snprintf(u->url, sizeof(u->url), "%s", o->url);
    u->opts = *o;
    if (u->opts.poll_interval < 1)
        u->opts.poll_interval = 300;
    pthread_mutex_init(&u->lock, NULL);
    pthread_cond_init(&u->cond, NULL);
    snprintf(u->status, sizeof(u->status), _("fetching %s"), u->url);
    snprintf(u->status_path, sizeof(u->status_path), "%s", o->status_path ? o->status_path : "");
    u->cache = bt_cache_open(u->cache_dir, o->cache_max_bytes, err, errsize);
    snprintf(u->ca_file, sizeof(u->ca_file), "%s", o->ca_file ? o->ca_file : "");
    snprintf(u->proxy, sizeof(u->proxy), "%s", o->proxy ? o->proxy : "");
    struct bt_http_opts ho = {.screen_id = u->screen_id, .ca_file = u->ca_file,
                              .proxy = u->proxy, .max_rate = o->max_rate};
    u->http = u->cache ? bt_http_create(&ho) : NULL;
    if (!u->http || pthread_create(&u->thread, NULL, updater_main, u) != 0) {
        bt_updater_stop(u);
        return NULL;
    }
    u->started = 1;
    if (strncmp(u->url, "http://", 7) == 0)
        BT_WARN("fetch", "%s is plain http: anyone on the way can read and change it; use https",
                u->url);
    return u;
}

void bt_updater_stop(struct bt_updater *u)
{
    if (!u)
        return;
    pthread_mutex_lock(&u->lock);
    u->quit = 1;
    pthread_cond_broadcast(&u->cond);
    pthread_mutex_unlock(&u->lock);
    if (u->started)
        pthread_join(u->thread, NULL);
    bt_playlist_destroy(u->ready);
    bt_playlist_destroy(u->playing);
    bt_http_destroy(u->http);
    bt_cache_close(u->cache);
    pthread_cond_destroy(&u->cond);
    pthread_mutex_destroy(&u->lock);
    free(u);
}

struct bt_playlist *bt_updater_take(struct bt_updater *u)
{
    pthread_mutex_lock(&u->lock);
    struct bt_playlist *p = u->ready;
    u->ready = NULL;
    pthread_mutex_unlock(&u->lock);
    return p;
}

void bt_updater_wait_first(struct bt_updater *u, int timeout_s)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_s;
    pthread_mutex_lock(&u->lock);
    while (!u->first_done && !u->quit &&
           pthread_cond_timedwait(&u->cond, &u->lock, &until) != ETIMEDOUT)
        ;
    pthread_mutex_unlock(&u->lock);
}

int bt_updater_print_status(const char *path, FILE *out)
{
    json_error_t je;
    json_t *j = json_load_file(path, 0, &je);
    if (!j) {
        fprintf(out, _("No status at %s: bangtin is not running, or plays a playlist file.\n"),
                path);
        return 1;
    }
    time_t t = (time_t)json_integer_value(json_object_get(j, "last_poll"));
    char when[64] = "-";
    struct tm tm;
    if (t && localtime_r(&t, &tm))
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
    const char *active = json_string_value(json_object_get(j, "active_revision"));
    const char *pending = json_string_value(json_object_get(j, "pending_revision"));
    json_t *d = json_object_get(j, "download");
    fprintf(out, _("Screen:    %s\n"), json_string_value(json_object_get(j, "screen_id")));
    fprintf(out, _("Playlist:  %s\n"), json_string_value(json_object_get(j, "url")));
    fprintf(out, _("Playing:   %s\n"), active && *active ? active : _("nothing yet"));
    if (pending && *pending)
        fprintf(out, _("Pending:   %s (%lld of %lld files here)\n"), pending,
                (long long)json_integer_value(json_object_get(d, "have")),
                (long long)json_integer_value(json_object_get(d, "total")));
    fprintf(out, _("Last poll: %s, %s\n"), when,
            json_string_value(json_object_get(j, "last_result")));
    fprintf(out, _("Cache:     %.1f MB\n"),
            (double)json_integer_value(json_object_get(j, "cache_bytes")) / 1e6);
    fprintf(out, _("Now:       %s\n"), json_string_value(json_object_get(j, "state")));
    json_decref(j);
    return 0;
}

void bt_updater_status(struct bt_updater *u, char *buf, size_t size)
{
    pthread_mutex_lock(&u->lock);
    snprintf(buf, size, "%s", u->status);
    pthread_mutex_unlock(&u->lock);
}
