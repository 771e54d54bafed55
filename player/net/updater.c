#include "net/updater.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/thread.h"
#include "base/url.h"
#include "net/cache.h"
#include "net/http.h"
#include "time/clock.h"
#include "time/zone.h"

struct bt_updater {
    struct bt_updater_opts opts;
    char url[2048], cache_dir[2048], screen_id[80], ca_file[1024], proxy[512], clock_sync[1024];
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
    int64_t bytes_have, bytes_total;   // of the pending revision's objects
    int percent;
    time_t last_poll;
    char problem[1024];       // the last problem logged, for "back to normal after"
    char problem_key[1024];   // what it was, so a retry that meets it again logs nothing
    char *rejected;           // the last document refused, not read again when served again
    size_t rejected_len;
    int refused;           // the server's document was refused, and still is what it serves
    int repair;            // the pending document is the playing one, an object of it damaged
    int clock_known;       // a server's Date header was seen (under lock)
    int date_from_plain;   // the time was read over plain HTTP (said once)
    int64_t clock_offset_us;
    int64_t window_from, window_until;   // the download window, as moments (under lock)
    char *playing_doc;                   // the playing revision's document as served
    size_t playing_len;
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
    pthread_mutex_lock(&u->lock);
    int known = u->clock_known;
    int64_t offset = u->clock_offset_us;
    pthread_mutex_unlock(&u->lock);
    int synced = bt_clock_system_synced(u->clock_sync);
    const char *clock = synced ? "synchronised" : known ? "confirmed by the server" : "not trusted";
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:i, s:i, s:I, s:I}, s:I, s:s, s:I, s:s, "
                          "s:{s:s, s:f}}",
                          "screen_id", u->screen_id, "url", u->url, "active_revision",
                          u->playing ? u->playing->revision : "", "timezone",
                          u->playing && u->playing->timezone ? u->playing->timezone : "",
                          "pending_revision", u->pending_rev, "download", "have", u->have, "total",
                          u->total, "bytes_have", (json_int_t)u->bytes_have, "bytes_total",
                          (json_int_t)u->bytes_total, "last_poll", (json_int_t)u->last_poll,
                          "last_result", u->last_result, "cache_bytes",
                          (json_int_t)bt_cache_used(u->cache), "state", text, "clock", "state",
                          clock, "offset_s", known && !synced ? (double)offset / 1e6 : 0.0);
    char *doc = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
    json_decref(j);
    if (doc)
        bt_file_write_atomic(u->status_path, doc, strlen(doc));
    free(doc);
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

// Logs a problem once: a retry that meets the same problem says nothing more. `key` tells
// problems apart (NULL: the message itself); a message may differ between tries of the same
// problem (libcurl counts the milliseconds a failed connection took).
static void problem(struct bt_updater *u, enum bt_log_level level, const char *key, const char *msg)
{
    if (!key)
        key = msg;
    if (strcmp(u->problem_key, key) == 0)
        return;
    snprintf(u->problem_key, sizeof(u->problem_key), "%.1000s", key);
    snprintf(u->problem, sizeof(u->problem), "%.1000s", msg);
    bt_log(level, "fetch", "%s", msg);
}

// The problem logged last is over.
static void recovered(struct bt_updater *u)
{
    if (u->problem[0])
        BT_INFO("fetch", "back to normal after: %s", u->problem);
    u->problem[0] = '\0';
    u->problem_key[0] = '\0';
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
    int64_t bytes_total, bytes_have;
};

static int count(struct bt_source *s, void *user)
{
    struct progress *p = user;
    if (s->remote && s->has_sha256) {
        int here = bt_cache_has(p->u->cache, s->sha256, s->size);
        p->total++;
        p->have += here;
        p->bytes_total += s->size > 0 ? s->size : 0;
        p->bytes_have += here && s->size > 0 ? s->size : 0;
    }
    return 0;
}

static void show_progress(struct bt_updater *u, int64_t current)
{
    int64_t have = u->bytes_have + current;
    int pct = u->bytes_total > 0 ? (int)(have * 100 / u->bytes_total) : 100;
    if (pct == u->percent)
        return;
    u->percent = pct;
    set_status(u, _("downloading %d of %d files, %d %%"), u->have + 1, u->total, pct);
}

// As an object's bytes arrive (fetch thread).
static void on_bytes(void *user, int64_t have, int64_t size)
{
    (void)size;
    show_progress(user, have);
}

static int download(struct bt_source *s, void *user)
{
    struct progress *p = user;
    char err[600];
    if (!s->remote || !s->has_sha256 || bt_cache_has(p->u->cache, s->sha256, s->size))
        return 0;
    struct bt_updater *u = p->u;
    u->have = p->have;
    u->total = p->total;
    u->bytes_have = p->bytes_have;
    u->bytes_total = p->bytes_total;
    u->percent = -1;
    show_progress(u, bt_cache_partial(u->cache, s->sha256));
    if (bt_http_get_object(u->http, u->cache, s->resolved, s->sha256, s->size, err, sizeof(err)) !=
        0) {
        problem(u, BT_LOG_WARN, bt_http_failure(u->http), err);
        p->failed++;
        return 1;
    }
    p->have++;
    p->bytes_have += s->size > 0 ? s->size : 0;
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
    if (u->opts.window_start < 0 || !u->playing || u->repair || urgent_item(p))
        return 1;
    // The player turned the window into moments (this thread reads no local time).
    int64_t now = (int64_t)time(NULL);
    pthread_mutex_lock(&u->lock);
    int open = now >= u->window_from && now < u->window_until;
    pthread_mutex_unlock(&u->lock);
    return open;
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
    const char *shas[4096];
    struct keep k = {shas, 0, 4096, 0, u->cache};
    each_source(p, keep_source, &k);
    if (u->playing) {
        // The playing revision's sources point into the cache: keep those objects too.
        each_source(u->playing, keep_source, &k);
    }
    return bt_cache_evict(u->cache, shas, k.n, k.need);
}

// Reads a document as the player does (bad parts skipped), logging what is wrong unless quiet.
static struct bt_playlist *parse_doc(const char *body, size_t len, const char *url, int quiet)
{
    struct bt_diags d = {0};
    struct bt_playlist *p = bt_playlist_parse(body, len, url, url, BT_PLAYLIST_PLAY, &d);
    char line[1024];
    for (size_t i = 0; i < d.count && !quiet; i++) {
        bt_diag_format(&d.items[i], url, line, sizeof(line));
        bt_log(d.items[i].severity == BT_SEV_ERROR ? BT_LOG_ERROR : BT_LOG_WARN, "playlist", "%s",
               line);
    }
    bt_diags_free(&d);
    return p;
}

static struct bt_playlist *parse(const char *body, size_t len, const char *url)
{
    return parse_doc(body, len, url, 0);
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
    struct timespec until = bt_deadline_in((int64_t)secs * 1000000);
    pthread_mutex_lock(&u->lock);
    while (!u->quit && pthread_cond_timedwait(&u->cond, &u->lock, &until) != ETIMEDOUT)
        ;
    int quit = u->quit;
    pthread_mutex_unlock(&u->lock);
    return quit;
}

// Hashes every object in the cache again, in the background after the first poll (opening
// the cache checked sizes only). A damaged object is dropped; when the playing revision uses
// it, that revision downloads it again at once. Returns 1 when asked to quit.
static int recheck(struct bt_updater *u, char **pending, size_t *pending_len)
{
    enum {
        MAX = 8192
    };
    char(*shas)[65] = malloc(MAX * sizeof(*shas));
    if (!shas)
        return 0;
    size_t n = bt_cache_list(u->cache, shas, MAX);
    int damaged = 0, quit = 0;
    for (size_t i = 0; i < n && !quit; i++) {
        if (bt_cache_verify(u->cache, shas[i]) != 0) {
            BT_ERR("cache", "object %s was damaged on the disk and is deleted", shas[i]);
            damaged++;
        }
        pthread_mutex_lock(&u->lock);
        quit = u->quit;
        pthread_mutex_unlock(&u->lock);
    }
    free(shas);
    if (damaged && u->playing && u->playing_doc && !*pending) {
        struct progress pr = {u, 0, 0, 0, 0, 0};
        each_source(u->playing, count, &pr);
        if (pr.have < pr.total) {
            BT_WARN("fetch", "revision \"%s\" lost %d files; downloading them again",
                    u->playing->revision, pr.total - pr.have);
            *pending = malloc(u->playing_len + 1);
            if (*pending) {
                memcpy(*pending, u->playing_doc, u->playing_len + 1);
                *pending_len = u->playing_len;
                u->repair = 1;
            }
        }
    }
    return quit;
}

// A new document: tries to complete its revision. Returns 0 when it is complete and handed
// over, -1 when it waits (objects missing, or the window), -2 when the document is refused.
static int advance(struct bt_updater *u, const char *doc, size_t len, struct bt_playlist **pp)
{
    if (!*pp) {
        *pp = parse(doc, len, u->url);   // logged once per document, not per retry
        if (!*pp) {
            problem(u, BT_LOG_ERROR, NULL,
                    "the playlist has errors (above); the last good one "
                    "keeps playing");
            set_status(u, _("the playlist at %s has errors; the last good one plays"), u->url);
            return -2;
        }
    }
    struct bt_playlist *p = *pp;
    struct progress pr = {u, 0, 0, 0, 0, 0};
    each_source(p, count, &pr);
    snprintf(u->pending_rev, sizeof(u->pending_rev), "%s", p->revision);
    u->have = pr.have;
    u->total = pr.total;
    u->bytes_have = pr.bytes_have;
    u->bytes_total = pr.bytes_total;
    char msg[3000];
    if (pr.have < pr.total && !may_download(u, p)) {
        snprintf(msg, sizeof(msg),
                 "revision \"%s\" waits for the download window "
                 "(%02d:%02d-%02d:%02d)",
                 p->revision, u->opts.window_start / 60, u->opts.window_start % 60,
                 u->opts.window_end / 60, u->opts.window_end % 60);
        problem(u, BT_LOG_INFO, NULL, msg);
        set_status(u, _("revision %s waits for the download window: %d of %d files here"),
                   p->revision, pr.have, pr.total);
        return -1;
    }
    int room = make_room(u, p);
    if (room == BT_CACHE_OVER_BUDGET) {
        snprintf(msg, sizeof(msg),
                 "revision \"%s\" does not fit the cache's budget of %lld "
                 "bytes (cache_max_bytes); the last good one keeps playing",
                 p->revision, (long long)u->opts.cache_max_bytes);
        problem(u, BT_LOG_ERROR, NULL, msg);
        set_status(u, _("the new playlist does not fit the cache (cache_max_bytes)"));
        return -1;
    }
    if (room == BT_CACHE_DISK_FULL) {
        snprintf(msg, sizeof(msg),
                 "revision \"%s\" needs more disk than %s has free above "
                 "the floor of %lld bytes (cache_min_free); the last good "
                 "one keeps playing",
                 p->revision, u->cache_dir, (long long)u->opts.cache_min_free);
        problem(u, BT_LOG_ERROR, NULL, msg);
        set_status(u, _("the disk is too full for the new playlist (cache_min_free)"));
        return -1;
    }
    each_source(p, download, &pr);
    if (pr.failed || each_source(p, localize, u->cache) != 0)
        return -1;
    bt_cache_save_playlist(u->cache, doc, len, u->url);
    bt_playlist_destroy(u->playing);
    u->playing = parse_doc(doc, len, u->url, 1);
    char *copy = malloc(len + 1);
    if (copy) {
        memcpy(copy, doc, len);
        copy[len] = '\0';
    }
    free(u->playing_doc);
    u->playing_doc = copy;
    u->playing_len = copy ? len : 0;
    bt_http_set_revision(u->http, p->revision);
    BT_INFO("fetch", "revision \"%s\" is complete (%d files)", p->revision, pr.total);
    set_status(u, _("playing revision %s"), p->revision);
    publish(u, p);
    *pp = NULL;
    u->pending_rev[0] = '\0';
    u->have = u->total = pr.total;
    u->bytes_have = u->bytes_total;
    u->repair = 0;
    return 0;
}

static void *updater_main(void *arg)
{
    pthread_setname_np(pthread_self(), "bt-fetch");
    struct bt_updater *u = arg;
    size_t last_len = 0;
    char last_url[2048];
    char *last = bt_cache_load_playlist(u->cache, &last_len, last_url, sizeof(last_url));
    if (last) {
        u->playing = parse_doc(last, last_len, u->url, 1);
        u->playing_doc = last;
        u->playing_len = last_len;
    }
    if (u->playing)
        bt_http_set_revision(u->http, u->playing->revision);
    struct bt_validators v = {0};
    char *pending = NULL;   // a new document whose objects are not all here yet
    size_t pending_len = 0;
    struct bt_playlist *pending_p = NULL;   // its reading
    int backoff = 5, checked = 0;
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)(uintptr_t)u;
    for (;;) {
        char err[600], *body = NULL;
        size_t len = 0;
        int rc = bt_http_get_doc(u->http, u->url, &v, &body, &len, err, sizeof(err));
        u->last_poll = time(NULL);
        // A board without a real-time clock may boot in the past, before the server's
        // certificate is valid: the time alone comes from plain HTTP to the same host.
        int64_t offset;
        if (rc == -1 && bt_http_tls_failed(u->http) && bt_url_is_https(u->url) &&
            !bt_clock_system_synced(u->clock_sync) && bt_http_date_plain(u->http, u->url) == 0 &&
            !u->date_from_plain) {
            BT_WARN("fetch", "%s",
                    "the server's certificate was refused; the time is taken "
                    "from its plain HTTP Date header (and nothing else)");
            u->date_from_plain = 1;
        }
        if (bt_http_server_time(u->http, &offset)) {
            pthread_mutex_lock(&u->lock);
            u->clock_known = 1;
            u->clock_offset_us = offset;
            pthread_mutex_unlock(&u->lock);
        }
        if (rc == 200 || rc == 304)
            snprintf(u->last_result, sizeof(u->last_result), "%d %s", rc,
                     rc == 200 ? "new document" : "not changed");
        else
            snprintf(u->last_result, sizeof(u->last_result), "%s", err);
        // A fleet of hundreds does not poll in lockstep: up to a tenth of the interval more.
        int wait = u->opts.poll_interval +
                   (int)(rand_r(&seed) % (unsigned)(u->opts.poll_interval / 10 + 1));
        int failed = 0;
        if (rc == 200) {
            // A server without validators sends the same document again: nothing new.
            int same = (pending && len == pending_len && memcmp(body, pending, len) == 0) ||
                       (!pending && u->playing_doc && len == u->playing_len &&
                        memcmp(body, u->playing_doc, len) == 0) ||
                       (!pending && u->rejected && len == u->rejected_len &&
                        memcmp(body, u->rejected, len) == 0);
            if (same) {
                free(body);
            } else {
                free(pending);
                pending = body;
                pending_len = len;
                bt_playlist_destroy(pending_p);
                pending_p = NULL;
                u->repair = 0;
                u->refused = 0;
            }
        } else if (rc != 304) {
            problem(u, BT_LOG_WARN, bt_http_failure(u->http), err);
            set_status(u, "%s", err);
            failed = 1;
        }
        if (pending) {
            int r = advance(u, pending, pending_len, &pending_p);
            if (r == 0 || r == -2) {
                // Complete, or refused: either way this document is done with. (A refused
                // one is remembered by the server's validators, or compared next time.)
                if (r == -2) {
                    u->refused = 1;
                    free(u->rejected);
                    u->rejected = pending;
                    u->rejected_len = pending_len;
                } else {
                    free(pending);
                }
                pending = NULL;
            } else {
                failed = 1;
            }
        }
        if (!failed) {
            if (!u->refused)
                recovered(u);
            backoff = 5;
        } else {
            wait = backoff < u->opts.poll_interval ? backoff : u->opts.poll_interval;
            backoff = backoff < 3600 ? backoff * 2 : backoff;
        }
        write_status(u, 1);
        first_outcome(u);
        if (!checked) {
            checked = 1;
            if (recheck(u, &pending, &pending_len))
                break;
            if (u->repair)
                wait = 0;   // a damaged object of the playing revision: fetch it now
        }
        if (pause_for(u, wait))
            break;
    }
    free(pending);
    bt_playlist_destroy(pending_p);
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
    u->window_from = o->window_from;
    u->window_until = o->window_until;
    if (u->opts.poll_interval < 1)
        u->opts.poll_interval = 300;
    pthread_mutex_init(&u->lock, NULL);
    bt_cond_init(&u->cond);
    snprintf(u->status, sizeof(u->status), _("fetching %s"), u->url);
    snprintf(u->status_path, sizeof(u->status_path), "%s", o->status_path ? o->status_path : "");
    u->cache = bt_cache_open(u->cache_dir, o->cache_max_bytes, err, errsize);
    snprintf(u->ca_file, sizeof(u->ca_file), "%s", o->ca_file ? o->ca_file : "");
    snprintf(u->proxy, sizeof(u->proxy), "%s", o->proxy ? o->proxy : "");
    snprintf(u->clock_sync, sizeof(u->clock_sync), "%s", o->clock_sync ? o->clock_sync : "");
    struct bt_http_opts ho = {.screen_id = u->screen_id,
                              .ca_file = u->ca_file,
                              .proxy = u->proxy,
                              .max_rate = o->max_rate,
                              .stall_timeout = o->stall_timeout,
                              .progress = on_bytes,
                              .progress_user = u};
    if (u->cache)
        bt_cache_set_min_free(u->cache, o->cache_min_free);
    u->http = u->cache ? bt_http_create(&ho) : NULL;
    if (!u->http || pthread_create(&u->thread, NULL, updater_main, u) != 0) {
        bt_updater_stop(u);
        return NULL;
    }
    u->started = 1;
    if (bt_url_is_http(u->url) && !bt_url_is_https(u->url))
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
    free(u->playing_doc);
    free(u->rejected);
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
    struct timespec until = bt_deadline_in((int64_t)timeout_s * 1000000);
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
    // Times in the playing playlist's zone, as the screen shows them (this command has one
    // thread: see time/zone.h).
    const char *zone = json_string_value(json_object_get(j, "timezone"));
    if (zone && *zone)
        bt_timezone_set(zone);
    int64_t t = json_integer_value(json_object_get(j, "last_poll"));
    char when[64] = "-";
    if (t) {
        struct tm tm;
        bt_localtime(t * 1000000, &tm);
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %Z", &tm);
    }
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
    json_t *ck = json_object_get(j, "clock");
    double off = json_real_value(json_object_get(ck, "offset_s"));
    fprintf(out, _("Clock:     %s"), json_string_value(json_object_get(ck, "state")));
    if (off > 1 || off < -1)
        fprintf(out, _(" (the system's clock is %+.0f s off; schedules run on the server's time)"),
                -off);
    fprintf(out, "%s", "\n");
    json_decref(j);
    return 0;
}

void bt_updater_set_window(struct bt_updater *u, int64_t from, int64_t until)
{
    pthread_mutex_lock(&u->lock);
    u->window_from = from;
    u->window_until = until;
    pthread_mutex_unlock(&u->lock);
}

void bt_updater_status(struct bt_updater *u, char *buf, size_t size)
{
    pthread_mutex_lock(&u->lock);
    snprintf(buf, size, "%s", u->status);
    pthread_mutex_unlock(&u->lock);
}

int bt_updater_clock(struct bt_updater *u, int64_t *offset_us)
{
    pthread_mutex_lock(&u->lock);
    int known = u->clock_known;
    *offset_us = u->clock_offset_us;
    pthread_mutex_unlock(&u->lock);
    return known;
}
