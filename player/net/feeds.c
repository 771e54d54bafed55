// The feeds' thread: each feed the playlist reads polled every interval (jittered a tenth, and
// sooner after a failure, backing off to the interval), its last good document kept in memory
// and in CACHE_DIR/feeds/ (with the validators for the next conditional request), and the
// tickers' lines made from it here, never on the render thread.
#include "net/feeds.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/thread.h"
#include "base/url.h"
#include "base/utf8.h"

struct feed {
    char *url;
    struct bt_validators v;
    char *doc;   // the last good document, NULL until one was read (or loaded)
    size_t len;
    int loaded;        // its cache was looked at
    int polled;        // and a poll has had its outcome
    int broken;        // the last poll failed (said once until it mends)
    int64_t next_us;   // when to poll it next (monotonic)
    int backoff_s;
};

struct line {
    struct bt_feed_spec spec;   // its strings owned
    char *text;                 // NULL until made
    unsigned serial;
};

struct bt_feeds {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    int started, stop, changed;
    char dir[1100];
    int interval;
    struct bt_http *http;
    struct feed *feeds;   // under mu; a feed being polled keeps its entry (by url) in place
    size_t nfeeds;
    struct line *lines;
    size_t nlines;
    unsigned serial;
};

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int interrupted(void *user)
{
    struct bt_feeds *f = user;
    pthread_mutex_lock(&f->mu);
    int stop = f->stop;
    pthread_mutex_unlock(&f->mu);
    return stop;
}

// The cache's name for a feed: FNV-1a of its URL (the URL is kept inside, and checked).
static void cache_path(const struct bt_feeds *f, const char *url, const char *ext, char *out,
                       size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    snprintf(out, n, "%s/%016llx.%s", f->dir, (unsigned long long)h, ext);
}

// Reads the cached document of `url`: *doc and the validators, or nothing.
static void load_cache(const struct bt_feeds *f, const char *url, char **doc, size_t *len,
                       struct bt_validators *v)
{
    char path[1200];
    cache_path(f, url, "meta", path, sizeof(path));
    size_t n = 0;
    char *meta = bt_file_read_all(path, 4096, &n);
    if (!meta)
        return;
    // URL, ETag, Last-Modified: one a line.
    char *save = NULL, *u = strtok_r(meta, "\n", &save);
    char *etag = strtok_r(NULL, "\n", &save), *lm = strtok_r(NULL, "\n", &save);
    if (u && strcmp(u, url) == 0) {
        cache_path(f, url, "xml", path, sizeof(path));
        *doc = bt_file_read_all(path, BT_FEED_DOC_MAX, len);
        if (*doc) {
            snprintf(v->etag, sizeof(v->etag), "%s", etag && strcmp(etag, "-") ? etag : "");
            snprintf(v->last_modified, sizeof(v->last_modified), "%s",
                     lm && strcmp(lm, "-") ? lm : "");
        }
    }
    free(meta);
}

static void save_cache(const struct bt_feeds *f, const char *url, const char *doc, size_t len,
                       const struct bt_validators *v)
{
    char path[1200], meta[5000];
    if (bt_file_mkdir_p(f->dir) != 0)
        return;
    cache_path(f, url, "xml", path, sizeof(path));
    if (bt_file_write_atomic(path, doc, len) != 0)
        return;
    int n = snprintf(meta, sizeof(meta), "%s\n%s\n%s\n", url, v->etag[0] ? v->etag : "-",
                     v->last_modified[0] ? v->last_modified : "-");
    cache_path(f, url, "meta", path, sizeof(path));
    if (n > 0 && (size_t)n < sizeof(meta))
        bt_file_write_atomic(path, meta, (size_t)n);
}

static struct feed *find_feed(struct bt_feeds *f, const char *url)
{
    for (size_t i = 0; i < f->nfeeds; i++)
        if (strcmp(f->feeds[i].url, url) == 0)
            return &f->feeds[i];
    return NULL;
}

static int same_spec(const struct bt_feed_spec *a, const struct bt_feed_spec *b)
{
    return strcmp(a->url, b->url) == 0 && a->items == b->items && a->days == b->days &&
           strcmp(a->separator ? a->separator : "", b->separator ? b->separator : "") == 0;
}

static void free_spec(struct bt_feed_spec *s)
{
    free((char *)s->url);
    free((char *)s->separator);
}

// Frees the feeds and lines (under mu, or with the thread gone).
static void free_tables(struct bt_feeds *f)
{
    for (size_t i = 0; i < f->nfeeds; i++) {
        free(f->feeds[i].url);
        free(f->feeds[i].doc);
    }
    for (size_t i = 0; i < f->nlines; i++) {
        free_spec(&f->lines[i].spec);
        free(f->lines[i].text);
    }
    free(f->feeds);
    free(f->lines);
    f->feeds = NULL;
    f->lines = NULL;
    f->nfeeds = f->nlines = 0;
}

// Makes the lines of `url` from its document (a copy, outside the lock), then sets them.
static void make_lines(struct bt_feeds *f, const char *url, const char *doc, size_t len)
{
    pthread_mutex_lock(&f->mu);
    size_t n = 0;
    struct bt_feed_spec *specs = calloc(f->nlines + 1, sizeof(*specs));
    for (size_t i = 0; specs && i < f->nlines; i++)
        if (strcmp(f->lines[i].spec.url, url) == 0) {
            specs[n] = f->lines[i].spec;
            specs[n].url = strdup(specs[n].url);
            specs[n].separator = specs[n].separator ? strdup(specs[n].separator) : NULL;
            n++;
        }
    pthread_mutex_unlock(&f->mu);
    for (size_t k = 0; k < n; k++) {
        char *text = NULL, err[400];
        if (bt_feed_line(doc, len, &specs[k], (int64_t)time(NULL), &text, err, sizeof(err)) < 0)
            text = NULL;
        pthread_mutex_lock(&f->mu);
        for (size_t i = 0; text && i < f->nlines; i++) {
            struct line *l = &f->lines[i];
            if (!same_spec(&l->spec, &specs[k]))
                continue;
            if (!l->text || strcmp(l->text, text) != 0) {
                free(l->text);
                l->text = strdup(text);
                l->serial = ++f->serial;
            }
        }
        pthread_mutex_unlock(&f->mu);
        free(text);
        free_spec(&specs[k]);
    }
    free(specs);
}

// One poll of `url`: conditional; a good new document replaces the last and is cached; a bad
// one keeps it, said once.
static void poll_feed(struct bt_feeds *f, const char *url, struct bt_validators *v, char **doc,
                      size_t *len, int *broken)
{
    char *body = NULL, err[600] = "", raw[600], red[900], why[1600] = "";
    size_t blen = 0;
    struct bt_validators nv = *v;
    if (!*doc)
        memset(&nv, 0, sizeof(nv));   // nothing to keep: the whole feed
    int st = f->http ? bt_http_get_doc(f->http, url, &nv, &body, &blen, err, sizeof(err)) : -1;
    bt_url_redact(url, raw, sizeof(raw));
    bt_utf8_quote(raw, 200, red, sizeof(red));   // a playlist's text, for the log
    if (st == 304) {
        free(body);
        if (*broken)
            BT_INFO("feed", _("news feed %s reads again (unchanged)"), red);
        *broken = 0;
        return;
    }
    char *line = NULL, bad[400] = "";
    if (st == 200 && bt_feed_line(body, blen, &(struct bt_feed_spec){url, 0, 0, NULL}, 0, &line,
                                  bad, sizeof(bad)) < 0)
        snprintf(why, sizeof(why), "%s %s", red, bad);
    else if (st == BT_HTTP_TOO_BIG)
        snprintf(why, sizeof(why), _("%s is more than a feed may be (%d MiB)"), red,
                 BT_FEED_DOC_MAX >> 20);
    else if (st != 200)
        snprintf(why, sizeof(why), "%s", err);
    free(line);
    if (why[0]) {
        if (interrupted(f))
            return;
        if (!*broken)
            BT_WARN("feed", _("news feed: %s; its last good titles stay on the screen"),
                    bt_utf8_quote(why, 300, (char[1300]){0}, 1300));
        *broken = 1;
        free(body);
        return;
    }
    if (*broken)
        BT_INFO("feed", _("news feed %s reads again"), red);
    *broken = 0;
    *v = nv;
    save_cache(f, url, body, blen, v);
    free(*doc);
    *doc = body;
    *len = blen;
}

static void *feeds_main(void *arg)
{
    struct bt_feeds *f = arg;
    pthread_mutex_lock(&f->mu);
    while (!f->stop) {
        int64_t now = mono_us(), wake = now + 60 * 1000000LL;
        struct feed *due = NULL;
        for (size_t i = 0; i < f->nfeeds; i++) {
            if (!f->feeds[i].loaded || f->feeds[i].next_us <= now) {
                due = &f->feeds[i];
                break;
            }
            if (f->feeds[i].next_us < wake)
                wake = f->feeds[i].next_us;
        }
        if (!due) {
            f->changed = 0;
            struct timespec ts = bt_deadline_in(wake - now);
            while (!f->stop && !f->changed && pthread_cond_timedwait(&f->cv, &f->mu, &ts) == 0)
                ;
            continue;
        }
        // Worked on unlocked: a copy, matched back by its URL.
        char *url = strdup(due->url);
        struct bt_validators v = due->v;
        char *doc = due->doc;
        size_t len = due->len;
        int broken = due->broken, loaded = due->loaded;
        due->doc = NULL;
        due->loaded = 1;
        due->next_us = now + 3600 * 1000000LL;   // not picked again meanwhile
        pthread_mutex_unlock(&f->mu);
        if (!url)
            break;
        if (!loaded) {
            // First the cache (an offline start shows it), then the network.
            load_cache(f, url, &doc, &len, &v);
            if (doc)
                make_lines(f, url, doc, len);
        }
        poll_feed(f, url, &v, &doc, &len, &broken);
        if (doc)
            make_lines(f, url, doc, len);
        pthread_mutex_lock(&f->mu);
        struct feed *e = find_feed(f, url);
        if (e) {
            free(e->doc);
            e->doc = doc;
            e->len = len;
            e->v = v;
            e->broken = broken;
            e->polled = 1;
            // Every interval (a tenth either way, so screens do not ask in step); after a
            // failure sooner, doubling up to the interval.
            int wait = f->interval;
            if (broken) {
                e->backoff_s = e->backoff_s ? e->backoff_s * 2 : 15;
                if (e->backoff_s < wait)
                    wait = e->backoff_s;
            } else {
                e->backoff_s = 0;
            }
            int64_t span = (int64_t)wait * 1000000 / 10;
            int64_t jitter = span > 0 ? (int64_t)(rand() % (2 * span + 1)) - span : 0;
            e->next_us = mono_us() + (int64_t)wait * 1000000 + jitter;
        } else {
            free(doc);
        }
        pthread_cond_broadcast(&f->cv);
        free(url);
    }
    pthread_mutex_unlock(&f->mu);
    return NULL;
}

struct bt_feeds *bt_feeds_start(const struct bt_feeds_opts *o)
{
    struct bt_feeds *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    pthread_mutex_init(&f->mu, NULL);
    bt_cond_init(&f->cv);
    snprintf(f->dir, sizeof(f->dir), "%s/feeds", o->cache_dir ? o->cache_dir : ".");
    f->interval = o->interval > 0 ? o->interval : 600;
    struct bt_http_opts ho = o->http;
    ho.interrupt = interrupted;
    ho.interrupt_user = f;
    ho.progress = NULL;
    f->http = bt_http_create(&ho);
    if (pthread_create(&f->thread, NULL, feeds_main, f) != 0) {
        BT_ERR("feed", "%s", _("cannot start the feeds' thread"));
        bt_http_destroy(f->http);
        free(f);
        return NULL;
    }
    f->started = 1;
    return f;
}

void bt_feeds_stop(struct bt_feeds *f)
{
    if (!f)
        return;
    pthread_mutex_lock(&f->mu);
    f->stop = 1;
    pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
    if (f->started)
        pthread_join(f->thread, NULL);
    bt_http_destroy(f->http);
    free_tables(f);
    pthread_cond_destroy(&f->cv);
    pthread_mutex_destroy(&f->mu);
    free(f);
}

void bt_feeds_want(struct bt_feeds *f, const struct bt_feed_spec *specs, size_t n)
{
    if (!f)
        return;
    if (n > BT_FEEDS_MAX)
        n = BT_FEEDS_MAX;
    struct line *lines = calloc(n + 1, sizeof(*lines));
    struct feed *feeds = calloc(n + 1, sizeof(*feeds));
    if (!lines || !feeds) {
        free(lines);
        free(feeds);
        return;
    }
    pthread_mutex_lock(&f->mu);
    size_t nl = 0, nf = 0;
    for (size_t i = 0; i < n; i++) {
        // A line already made for the same ask is kept (a new revision shows it at once).
        struct line *old = NULL;
        for (size_t k = 0; k < f->nlines && !old; k++)
            if (f->lines[k].spec.url && same_spec(&f->lines[k].spec, &specs[i]))
                old = &f->lines[k];
        int dup = 0;
        for (size_t k = 0; k < nl; k++)
            dup |= same_spec(&lines[k].spec, &specs[i]);
        if (dup)
            continue;
        if (old) {
            lines[nl++] = *old;
            memset(&old->spec, 0, sizeof(old->spec));
            old->text = NULL;
        } else {
            lines[nl].spec = specs[i];
            lines[nl].spec.url = strdup(specs[i].url);
            lines[nl].spec.separator = specs[i].separator ? strdup(specs[i].separator) : NULL;
            lines[nl++].serial = ++f->serial;
        }
        int have = 0;
        for (size_t k = 0; k < nf; k++)
            have |= strcmp(feeds[k].url, specs[i].url) == 0;
        if (have)
            continue;
        struct feed *of = find_feed(f, specs[i].url);
        if (of) {
            feeds[nf++] = *of;
            of->url = NULL;
            of->doc = NULL;
        } else {
            feeds[nf].url = strdup(specs[i].url);
            feeds[nf++].next_us = 0;
        }
    }
    free_tables(f);
    f->feeds = feeds;
    f->nfeeds = nf;
    f->lines = lines;
    f->nlines = nl;
    f->changed = 1;
    pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
}

char *bt_feeds_line(struct bt_feeds *f, const struct bt_feed_spec *spec, unsigned *serial)
{
    if (!f)
        return NULL;
    char *out = NULL;
    pthread_mutex_lock(&f->mu);
    for (size_t i = 0; i < f->nlines; i++) {
        if (f->lines[i].spec.url && same_spec(&f->lines[i].spec, spec)) {
            if (serial)
                *serial = f->lines[i].serial;
            out = f->lines[i].text ? strdup(f->lines[i].text) : NULL;
            break;
        }
    }
    pthread_mutex_unlock(&f->mu);
    return out;
}

int bt_feeds_wait(struct bt_feeds *f, double seconds)
{
    if (!f)
        return 1;
    int64_t until = mono_us() + (int64_t)(seconds * 1e6);
    pthread_mutex_lock(&f->mu);
    int done = 0;
    while (!done && !f->stop) {
        done = 1;
        for (size_t i = 0; i < f->nfeeds; i++)
            done &= f->feeds[i].polled;
        if (done || mono_us() >= until)
            break;
        struct timespec ts = bt_deadline_in(until - mono_us());
        pthread_cond_timedwait(&f->cv, &f->mu, &ts);
    }
    pthread_mutex_unlock(&f->mu);
    return done;
}
