// The fetch thread: takes each new document the poll thread read, downloads the objects its
// revision needs (one at a time, each failure remembered by the object: see struct bt_obj),
// and hands the revision over once all of them are here and verified. And the updater's
// public calls (updater.h).
#include "net/updater.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/thread.h"
#include "base/url.h"
#include "net/trust.h"
#include "net/updater_impl.h"
#include "time/clock.h"

#define HOUR 3600

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

static struct bt_obj *obj_of(struct bt_updater *u, const struct bt_source *s);

struct progress {
    struct bt_updater *u;
    int listed;   // objects not here are listed in the status
    int total, have, failed;
    int64_t bytes_total, bytes_have;
    int64_t largest;   // the largest size a file declares
    int too_much;      // the sizes add up past BT_REVISION_MAX
    int superseded;    // a newer document came meanwhile
};

static int count(struct bt_source *s, void *user)
{
    struct progress *p = user;
    if (!s->remote || !s->has_sha256)
        return 0;
    int here = bt_cache_has(p->u->cache, s->sha256, s->size);
    int64_t size = s->size > 0 ? s->size : 0;
    p->total++;
    p->have += here;
    if (size > p->largest)
        p->largest = size;
    // Each size is at most BT_OBJECT_MAX by then, so the sum cannot wrap before it is caught.
    if (size > BT_OBJECT_MAX || p->bytes_total > BT_REVISION_MAX - size)
        p->too_much = 1;
    else
        p->bytes_total += size;
    p->bytes_have += here ? size : 0;
    if (!here && p->listed)
        obj_of(p->u, s);
    return 0;
}

static void show_progress(struct bt_updater *u, int64_t current)
{
    int64_t have = u->bytes_have + current;
    int pct = u->bytes_total > 0 ? (int)(have * 100 / u->bytes_total) : 100;
    if (pct == u->percent)
        return;
    u->percent = pct;
    bt_updater_set_status(u, _("downloading %d of %d files, %d %%"), u->have + 1, u->total, pct);
}

// As an object's bytes arrive (fetch thread).
static void on_bytes(void *user, int64_t have, int64_t size)
{
    (void)size;
    show_progress(user, have);
}

// Whether a transfer stops: the player stops, or a new document pre-empts it (either thread's
// transfer; the preemption is for the fetch thread's only).
static int fetch_interrupt(void *user)
{
    struct bt_updater *u = user;
    return u->quit || u->preempt;
}

static int poll_interrupt(void *user)
{
    struct bt_updater *u = user;
    return u->quit;
}

// The pending revision's record of an object (made when first met; NULL when the list is
// full: such an object is downloaded all the same, its failures remembered by nothing).
static struct bt_obj *obj_of(struct bt_updater *u, const struct bt_source *s)
{
    for (size_t i = 0; i < u->nobjs; i++)
        if (strcmp(u->objs[i].sha, s->sha256) == 0)
            return &u->objs[i];
    if (u->nobjs == BT_OBJS_SHOWN)
        return NULL;
    pthread_mutex_lock(&u->lock);
    struct bt_obj *o = &u->objs[u->nobjs];
    *o = (struct bt_obj){.size = s->size, .state = BT_OBJ_QUEUED};
    snprintf(o->sha, sizeof(o->sha), "%s", s->sha256);
    snprintf(o->url, sizeof(o->url), "%s", s->resolved ? s->resolved : "");
    u->nobjs++;
    pthread_mutex_unlock(&u->lock);
    return o;
}

static void set_state(struct bt_updater *u, struct bt_obj *o, enum bt_obj_state st)
{
    if (!o)
        return;
    pthread_mutex_lock(&u->lock);
    o->state = st;
    pthread_mutex_unlock(&u->lock);
}

// A failed try of an object: when to try it again. Wrong bytes cost a whole download each
// time, so they wait hours (1, 2, 4 ... 24, a fifth either way); a URL that can never work
// waits for a new playlist; anything else (no answer, broke off, an HTTP error) is asked again
// soon, backing off up to the poll interval.
static void failed(struct bt_updater *u, struct bt_obj *o, enum bt_http_kind kind, const char *why)
{
    if (!o)
        return;
    int64_t wait;
    int n = o->attempts + 1 < 6 ? o->attempts + 1 : 6;
    if (kind == BT_HTTP_REFUSED) {
        wait = (int64_t)HOUR << (n - 1);
        wait = wait < 24 * HOUR ? wait : 24 * HOUR;
    } else {
        wait = (int64_t)5 << (n - 1);
        wait = wait < u->opts.poll_interval ? wait : u->opts.poll_interval;
    }
    wait = bt_updater_jitter(u, wait);
    time_t now = time(NULL);
    pthread_mutex_lock(&u->lock);
    o->attempts++;
    o->state = kind == BT_HTTP_NEVER ? BT_OBJ_NEVER : BT_OBJ_FAILED;
    if (!o->since)
        o->since = now;
    o->next = kind == BT_HTTP_NEVER ? 0 : now + (time_t)wait;
    o->next_mono = kind == BT_HTTP_NEVER ? INT64_MAX : bt_time_mono_us() + wait * 1000000;
    snprintf(o->reason, sizeof(o->reason), "%.390s", why);
    o->kind = kind;
    pthread_mutex_unlock(&u->lock);
}

// Whether a newer document waits in the inbox.
static int superseded(struct bt_updater *u, unsigned serial)
{
    pthread_mutex_lock(&u->lock);
    int newer = u->inbox_serial != serial;
    pthread_mutex_unlock(&u->lock);
    return newer;
}

struct run {
    struct progress pr;
    unsigned serial;   // the inbox's count when this document was taken
};

static int download(struct bt_source *s, void *user)
{
    struct run *r = user;
    struct progress *p = &r->pr;
    struct bt_updater *u = p->u;
    if (!s->remote || !s->has_sha256 || bt_cache_has(u->cache, s->sha256, s->size))
        return 0;
    if (p->superseded || u->quit || superseded(u, r->serial)) {
        p->superseded = 1;
        return 1;
    }
    struct bt_obj *o = obj_of(u, s);
    if (o && (o->state == BT_OBJ_NEVER ||
              (o->state == BT_OBJ_FAILED && bt_time_mono_us() < o->next_mono))) {
        p->failed++;   // remembered: not tried before its time
        return 1;
    }
    u->have = p->have;
    u->total = p->total;
    u->bytes_have = p->bytes_have;
    u->bytes_total = p->bytes_total;
    u->percent = -1;
    pthread_mutex_lock(&u->lock);
    snprintf(u->downloading, sizeof(u->downloading), "%s", s->sha256);
    if (o)
        o->state = BT_OBJ_DOWNLOADING;
    pthread_mutex_unlock(&u->lock);
    show_progress(u, bt_cache_partial(u->cache, s->sha256));
    char err[1200];
    int rc =
        bt_http_get_object(u->http, u->cache, s->resolved, s->sha256, s->size, err, sizeof(err));
    pthread_mutex_lock(&u->lock);
    u->downloading[0] = '\0';
    pthread_mutex_unlock(&u->lock);
    if (rc != 0) {
        enum bt_http_kind kind = bt_http_kind(u->http);
        if (kind == BT_HTTP_STOPPED) {
            // Pre-empted or stopping: not a failure; the bytes are kept to resume.
            set_state(u, o, BT_OBJ_QUEUED);
            p->superseded = 1;
            return 1;
        }
        bt_updater_problem(&u->fetch_said, BT_LOG_WARN, bt_http_failure(u->http), err);
        failed(u, o, kind, err);
        p->failed++;
        return 1;
    }
    set_state(u, o, BT_OBJ_HERE);
    p->have++;
    p->bytes_have += s->size > 0 ? s->size : 0;
    return 0;
}

// Whether media may download now: inside the window, or for a revision with an urgent item
// (an emergency notice), or when the screen has nothing yet (a fresh install).
static int may_download(struct bt_updater *u, struct bt_playlist *p)
{
    if (u->opts.window_start < 0 || !u->playing || u->repair || bt_updater_urgent(p))
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
        k->need += s->size - bt_cache_partial(k->cache, s->sha256);
    return 0;
}

// Deletes the partial downloads no revision in use wants, then frees cache space for what
// revision p still needs, never evicting its own objects nor the playing revision's. Returns
// 0, or BT_CACHE_OVER_BUDGET / BT_CACHE_DISK_FULL when it cannot fit.
static int make_room(struct bt_updater *u, struct bt_playlist *p)
{
    enum {
        KEEP_MAX = 4096
    };
    const char *shas[KEEP_MAX];
    struct keep k = {shas, 0, KEEP_MAX, 0, u->cache};
    each_source(p, keep_source, &k);
    if (u->playing) {
        // The playing revision's sources point into the cache: keep those objects too.
        int64_t need = k.need;
        each_source(u->playing, keep_source, &k);
        k.need = need;
    }
    if (u->deferred) {
        int64_t need = k.need;
        each_source(u->deferred, keep_source, &k);
        k.need = need;
    }
    int64_t freed = 0;
    int gone = k.n < KEEP_MAX ? bt_cache_sweep_partials(u->cache, shas, k.n, &freed) : 0;
    if (gone)
        BT_INFO("cache", _("%d partial downloads no revision wants are deleted (%lld bytes)"), gone,
                (long long)freed);
    return bt_cache_evict(u->cache, shas, k.n, k.need);
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

static struct bt_playlist *parse_quiet(const char *body, size_t len, const char *base)
{
    struct bt_diags d = {0};
    struct bt_playlist *p = bt_playlist_parse(body, len, base, base, BT_PLAYLIST_PLAY, &d);
    bt_diags_free(&d);
    return p;
}

// The revision now playing, named in the status.
static void note_active(struct bt_updater *u)
{
    pthread_mutex_lock(&u->lock);
    snprintf(u->active_rev, sizeof(u->active_rev), "%s", u->playing ? u->playing->revision : "");
    snprintf(u->active_zone, sizeof(u->active_zone), "%s",
             u->playing && u->playing->timezone ? u->playing->timezone : "");
    snprintf(u->base_url, sizeof(u->base_url), "%s", u->playing_base);
    pthread_mutex_unlock(&u->lock);
}

// Hashes every object in the cache again, in the background after the first poll (opening
// the cache checked sizes only). A damaged object is dropped; when the playing revision uses
// it, that revision downloads it again at once. Returns 1 when asked to quit.
static int recheck(struct bt_updater *u)
{
    enum {
        MAX = 8192
    };
    char(*shas)[65] = malloc(MAX * sizeof(*shas));
    if (!shas)
        return 0;
    size_t n = bt_cache_list(u->cache, shas, MAX);
    int damaged = 0;
    for (size_t i = 0; i < n && !u->quit; i++) {
        if (bt_cache_verify(u->cache, shas[i]) != 0) {
            BT_ERR("cache", _("object %s was damaged on the disk and is deleted"), shas[i]);
            damaged++;
        }
    }
    free(shas);
    if (damaged && u->playing && u->playing_doc && !u->pending.text) {
        struct progress pr = {.u = u};
        each_source(u->playing, count, &pr);
        if (pr.have < pr.total) {
            BT_WARN("fetch", _("revision \"%s\" lost %d files; downloading them again"),
                    u->playing->revision, pr.total - pr.have);
            char *copy = malloc(u->playing_len + 1);
            if (copy) {
                memcpy(copy, u->playing_doc, u->playing_len + 1);
                u->pending = (struct bt_doc){.text = copy, .len = u->playing_len};
                if (u->playing_sig && (u->pending.sig = malloc(u->playing_sig_len + 1))) {
                    memcpy(u->pending.sig, u->playing_sig, u->playing_sig_len + 1);
                    u->pending.sig_len = u->playing_sig_len;
                    pthread_mutex_lock(&u->lock);
                    u->pending.signed_at = u->playing_signed_at;
                    pthread_mutex_unlock(&u->lock);
                }
                snprintf(u->pending.base, sizeof(u->pending.base), "%s", u->playing_base);
                u->pending.p = parse_quiet(copy, u->playing_len, u->playing_base);
                u->repair = 1;
            }
        }
    }
    return u->quit;
}

// Says why a revision waits (once), for the log and the status card. Returns -1.
static int waits(struct bt_updater *u, const char *log_msg, const char *status)
{
    bt_updater_problem(&u->fetch_said, BT_LOG_ERROR, NULL, log_msg);
    bt_updater_set_status(u, "%s", status);
    return -1;
}

// The pending revision is complete: kept as the last good one (with the URL its sources
// resolve against, and the validators it came with) and handed over.
static void complete(struct bt_updater *u, struct progress *pr)
{
    struct bt_doc *d = &u->pending;
    struct bt_playlist *p = d->p;
    struct bt_validators v = d->v;
    if (u->repair)   // the same document: the same validators
        bt_cache_load_validators(u->cache, v.etag, sizeof(v.etag), v.last_modified,
                                 sizeof(v.last_modified));
    bt_cache_save_playlist(u->cache, d->text, d->len, d->base);
    bt_cache_save_signature(u->cache, d->sig, d->sig_len);
    bt_cache_save_validators(u->cache, v.etag, v.last_modified);
    bt_playlist_destroy(u->playing);
    u->playing = parse_quiet(d->text, d->len, d->base);
    free(u->playing_doc);
    u->playing_doc = d->text;
    u->playing_len = d->len;
    free(u->playing_sig);
    u->playing_sig = d->sig;
    u->playing_sig_len = d->sig_len;
    pthread_mutex_lock(&u->lock);
    u->playing_signed_at = d->signed_at;
    pthread_mutex_unlock(&u->lock);
    snprintf(u->playing_base, sizeof(u->playing_base), "%s", d->base);
    d->text = NULL;
    d->sig = NULL;
    d->p = NULL;
    bt_http_set_revision(u->http, p->revision);   // the poll thread names it too, from note_active
    BT_INFO("fetch", _("revision \"%s\" is complete (%d files)"), p->revision, pr->total);
    bt_updater_set_status(u, _("playing revision %s"), p->revision);
    publish(u, p);
    bt_doc_clear(d);
    note_active(u);
    pthread_mutex_lock(&u->lock);
    u->pending_rev[0] = '\0';
    u->nobjs = 0;
    u->have = u->total = pr->total;
    u->bytes_have = u->bytes_total;
    pthread_mutex_unlock(&u->lock);
    u->repair = 0;
    bt_updater_recovered(&u->fetch_said);
}

// Tries to complete the pending revision. Returns 0 when it is complete and handed over, -1
// when it waits (objects missing or failed, the window), -2 when it is refused, 1 when a newer
// document came meanwhile.
static int advance(struct bt_updater *u, unsigned serial)
{
    struct bt_playlist *p = u->pending.p;
    struct run r = {.pr = {.u = u, .listed = 1}, .serial = serial};
    struct progress *pr = &r.pr;
    each_source(p, count, pr);
    pthread_mutex_lock(&u->lock);
    snprintf(u->pending_rev, sizeof(u->pending_rev), "%s", p->revision);
    u->have = pr->have;
    u->total = pr->total;
    u->bytes_have = pr->bytes_have;
    u->bytes_total = pr->bytes_total;
    pthread_mutex_unlock(&u->lock);
    char msg[3000], card[600];
    if (pr->too_much) {
        if (pr->largest > BT_OBJECT_MAX)
            snprintf(msg, sizeof(msg),
                     _("revision \"%s\" is refused: a file declares %lld bytes, more than the "
                       "16 GiB a file may have"),
                     p->revision, (long long)pr->largest);
        else
            snprintf(msg, sizeof(msg),
                     _("revision \"%s\" is refused: its files declare more than the 64 GiB a "
                       "revision may have"),
                     p->revision);
        snprintf(card, sizeof(card), _("revision %s is refused: its files are too large"),
                 p->revision);
        waits(u, msg, card);
        return -2;
    }
    if (pr->have < pr->total && !may_download(u, p)) {
        snprintf(msg, sizeof(msg),
                 "revision \"%s\" waits for the download window "
                 "(%02d:%02d-%02d:%02d)",
                 p->revision, u->opts.window_start / 60, u->opts.window_start % 60,
                 u->opts.window_end / 60, u->opts.window_end % 60);
        bt_updater_problem(&u->fetch_said, BT_LOG_INFO, NULL, msg);
        bt_updater_set_status(u,
                              _("revision %s waits for the download window: %d of %d files here"),
                              p->revision, pr->have, pr->total);
        return -1;
    }
    int room = make_room(u, p);
    if (room == BT_CACHE_OVER_BUDGET) {
        snprintf(msg, sizeof(msg),
                 "revision \"%s\" does not fit the cache's budget of %lld "
                 "bytes (cache_max_bytes); the last good one keeps playing",
                 p->revision, (long long)u->opts.cache_max_bytes);
        return waits(u, msg, _("the new playlist does not fit the cache (cache_max_bytes)"));
    }
    if (room == BT_CACHE_DISK_FULL) {
        snprintf(msg, sizeof(msg),
                 "revision \"%s\" needs more disk than %s has free above "
                 "the floor of %lld bytes (cache_min_free); the last good "
                 "one keeps playing",
                 p->revision, u->cache_dir, (long long)u->opts.cache_min_free);
        return waits(u, msg, _("the disk is too full for the new playlist (cache_min_free)"));
    }
    each_source(p, download, &r);
    if (pr->superseded)
        return 1;
    if (pr->failed || each_source(p, localize, u->cache) != 0) {
        bt_updater_set_status(u, _("revision %s waits: %d of %d files here"), p->revision, pr->have,
                              pr->total);
        return -1;
    }
    complete(u, pr);
    return 0;
}

// When to look at the pending revision again (monotonic, us): its soonest retry; a minute
// while it waits for the window (or the cache); never when nothing can change but a new
// document.
static int64_t next_look(struct bt_updater *u)
{
    int64_t at = INT64_MAX, now = bt_time_mono_us();
    int any = 0;
    pthread_mutex_lock(&u->lock);
    for (size_t i = 0; i < u->nobjs; i++) {
        if (u->objs[i].state == BT_OBJ_FAILED) {
            any = 1;
            at = u->objs[i].next_mono < at ? u->objs[i].next_mono : at;
        }
        if (u->objs[i].state == BT_OBJ_QUEUED)
            any = 2;
    }
    pthread_mutex_unlock(&u->lock);
    if (!any || any == 2)
        return now + 60 * 1000000LL;   // the window, the cache, or an object past the list
    return at;
}

// Waits for a new document, the time to look again, or the stop; takes a new document.
// Returns 1 when quitting.
static int wait_for_work(struct bt_updater *u, int64_t at, unsigned *serial)
{
    pthread_mutex_lock(&u->lock);
    while (!u->quit && u->inbox_serial == *serial) {
        int64_t left = at - bt_time_mono_us();
        if (left <= 0)
            break;
        struct timespec until = bt_deadline_in(left);
        pthread_cond_timedwait(&u->cond, &u->lock, &until);
    }
    if (!u->quit && u->inbox_serial != *serial) {
        // The newest document, in place of the pending one: the failures remembered were
        // the old document's (a changed playlist is tried afresh).
        *serial = u->inbox_serial;
        // An urgent revision comes first, but what the one it pre-empts has downloaded so far
        // is kept to resume, until a revision that is not urgent says what is wanted.
        int urgent = bt_updater_urgent(u->inbox.p);
        if (urgent && u->pending.p) {
            bt_playlist_destroy(u->deferred);
            u->deferred = u->pending.p;
            u->pending.p = NULL;
        } else if (!urgent) {
            bt_playlist_destroy(u->deferred);
            u->deferred = NULL;
        }
        bt_doc_clear(&u->pending);
        u->pending = u->inbox;
        u->inbox = (struct bt_doc){0};
        u->next_rev[0] = '\0';
        u->preempt = 0;
        u->nobjs = 0;
        u->repair = 0;
    }
    int quit = u->quit;
    pthread_mutex_unlock(&u->lock);
    return quit;
}

static void *updater_main(void *arg)
{
    pthread_setname_np(pthread_self(), "bt-fetch");
    struct bt_updater *u = arg;
    size_t len = 0;
    char *last = bt_cache_load_playlist(u->cache, &len, u->playing_base, sizeof(u->playing_base));
    if (last && u->opts.trust) {
        // Signed, or not the revision playing: the kept signature must verify still (the keys
        // may have changed since).
        size_t slen = 0;
        char *sig = bt_cache_load_signature(u->cache, &slen);
        char why[600];
        int64_t at = 0;
        if (bt_trust_check(u->opts.trust, last, len, sig, slen, 0, &at, why, sizeof(why)) != 0) {
            BT_WARN("fetch", _("the kept revision does not play: %s"), why);
            free(last);
            free(sig);
            last = NULL;
        } else {
            u->playing_sig = sig;
            u->playing_sig_len = slen;
            u->playing_signed_at = at;
        }
    }
    if (last) {
        // Read as it was read from its URL (after redirects): its sources are the same objects.
        u->playing = parse_quiet(last, len, u->playing_base);
        u->playing_doc = last;
        u->playing_len = len;
    }
    if (u->playing) {
        bt_http_set_revision(u->http, u->playing->revision);
        bt_http_set_revision(u->poll_http, u->playing->revision);
    }
    note_active(u);
    if (pthread_create(&u->poll_thread, NULL, bt_updater_poll_main, u) == 0)
        u->poll_started = 1;
    unsigned serial = 0;
    int checked = 0;
    int64_t at = bt_time_mono_us() + 1000000;
    while (!wait_for_work(u, at, &serial)) {
        at = INT64_MAX;
        if (u->pending.p) {
            int r = advance(u, serial);
            if (r == 0 || r == -2)
                bt_doc_clear(&u->pending);   // complete, or refused: done with
            else if (r == -1)
                at = next_look(u);
            else
                at = 0;   // a newer document: at once
        }
        int64_t used = bt_cache_used(u->cache);
        pthread_mutex_lock(&u->lock);
        u->cache_bytes = used;
        pthread_mutex_unlock(&u->lock);
        bt_updater_write_status(u, 1);
        pthread_mutex_lock(&u->lock);
        int polled = u->poll_first_done;
        pthread_mutex_unlock(&u->lock);
        if (polled && at != 0)
            first_outcome(u);
        if (polled && !checked) {
            checked = 1;
            if (recheck(u))
                break;
            if (u->repair)
                at = 0;   // a damaged object of the playing revision: fetch it now
        }
        if (!polled && at == INT64_MAX)
            at = bt_time_mono_us() + 1000000;   // look again for the first poll's outcome
    }
    return NULL;
}

struct bt_playlist *bt_updater_last_good(const char *cache_dir, const struct bt_trust *trust)
{
    char err[300];
    struct bt_cache *c = bt_cache_open(cache_dir, 0, err, sizeof(err));
    if (!c)
        return NULL;
    size_t len = 0;
    char url[2048];
    char *doc = bt_cache_load_playlist(c, &len, url, sizeof(url));
    struct bt_playlist *p = NULL;
    if (doc && trust) {
        size_t slen = 0;
        char *sig = bt_cache_load_signature(c, &slen);
        char why[600];
        int64_t at;
        if (bt_trust_check(trust, doc, len, sig, slen, 0, &at, why, sizeof(why)) != 0) {
            BT_WARN("fetch", _("the kept revision does not play: %s"), why);
            free(doc);
            doc = NULL;
        }
        free(sig);
    }
    if (doc) {
        // Read as it was read from its URL: its sources are the same objects, in the cache.
        struct bt_diags d = {0};
        p = bt_playlist_parse(doc, len, url, url, BT_PLAYLIST_PLAY, &d);
        char line[1024];
        for (size_t i = 0; i < d.count; i++) {
            bt_diag_format(&d.items[i], url, line, sizeof(line));
            bt_log(d.items[i].severity == BT_SEV_ERROR ? BT_LOG_ERROR : BT_LOG_WARN, "playlist",
                   "%s", line);
        }
        bt_diags_free(&d);
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
    u->started_at = time(NULL);
    snprintf(u->report_url, sizeof(u->report_url), "%s", o->report_url ? o->report_url : "");
    u->window_from = o->window_from;
    u->window_until = o->window_until;
    if (u->opts.poll_interval < 1)
        u->opts.poll_interval = 300;
    u->seed = (unsigned)time(NULL) ^ (unsigned)(uintptr_t)u;
    pthread_mutex_init(&u->lock, NULL);
    pthread_mutex_init(&u->write_lock, NULL);
    bt_cond_init(&u->cond);
    snprintf(u->status, sizeof(u->status), _("fetching %s"), u->url);
    snprintf(u->status_path, sizeof(u->status_path), "%s", o->status_path ? o->status_path : "");
    u->cache = bt_cache_open(u->cache_dir, o->cache_max_bytes, err, errsize);
    snprintf(u->ca_file, sizeof(u->ca_file), "%s", o->ca_file ? o->ca_file : "");
    snprintf(u->netrc_file, sizeof(u->netrc_file), "%s", o->netrc_file ? o->netrc_file : "");
    snprintf(u->ssl_cert, sizeof(u->ssl_cert), "%s", o->ssl_cert ? o->ssl_cert : "");
    snprintf(u->ssl_key, sizeof(u->ssl_key), "%s", o->ssl_key ? o->ssl_key : "");
    snprintf(u->proxy, sizeof(u->proxy), "%s", o->proxy ? o->proxy : "");
    snprintf(u->clock_sync, sizeof(u->clock_sync), "%s", o->clock_sync ? o->clock_sync : "");
    struct bt_http_opts ho = {.screen_id = u->screen_id,
                              .ca_file = u->ca_file,
                              .netrc_file = u->netrc_file,
                              .ssl_cert = u->ssl_cert,
                              .ssl_key = u->ssl_key,
                              .proxy = u->proxy,
                              .max_rate = o->max_rate,
                              .stall_timeout = o->stall_timeout,
                              .progress = on_bytes,
                              .progress_user = u,
                              .interrupt = fetch_interrupt,
                              .interrupt_user = u};
    // The playlist is small: not slowed by max_download_rate, never a progress of objects.
    struct bt_http_opts po = {.screen_id = u->screen_id,
                              .ca_file = u->ca_file,
                              .netrc_file = u->netrc_file,
                              .ssl_cert = u->ssl_cert,
                              .ssl_key = u->ssl_key,
                              .proxy = u->proxy,
                              .stall_timeout = o->stall_timeout,
                              .interrupt = poll_interrupt,
                              .interrupt_user = u};
    if (u->cache) {
        bt_cache_set_min_free(u->cache, o->cache_min_free);
        bt_cache_set_stop(u->cache, poll_interrupt, u);   // a stop during the check is quick
    }
    u->http = u->cache ? bt_http_create(&ho) : NULL;
    u->poll_http = u->http ? bt_http_create(&po) : NULL;
    if (!u->poll_http || pthread_create(&u->thread, NULL, updater_main, u) != 0) {
        bt_updater_stop(u);
        return NULL;
    }
    u->started = 1;
    if (bt_url_is_http(u->url) && !bt_url_is_https(u->url))
        BT_WARN("fetch", _("%s is plain http: anyone on the way can read and change it; use https"),
                u->url);
    return u;
}

void bt_updater_stop(struct bt_updater *u)
{
    if (!u)
        return;
    pthread_mutex_lock(&u->lock);
    u->quit = 1;   // transfers in progress see it within a second
    pthread_cond_broadcast(&u->cond);
    pthread_mutex_unlock(&u->lock);
    if (u->started)
        pthread_join(u->thread, NULL);
    if (u->poll_started)
        pthread_join(u->poll_thread, NULL);
    bt_playlist_destroy(u->ready);
    bt_playlist_destroy(u->playing);
    free(u->playing_doc);
    free(u->playing_sig);
    for (size_t i = 0; i < u->nalerts; i++)
        free(u->alerts[i]);
    free(u->shot);
    bt_doc_clear(&u->pending);
    bt_doc_clear(&u->inbox);
    bt_playlist_destroy(u->deferred);
    bt_http_destroy(u->http);
    bt_http_destroy(u->poll_http);
    bt_cache_close(u->cache);
    pthread_cond_destroy(&u->cond);
    pthread_mutex_destroy(&u->lock);
    pthread_mutex_destroy(&u->write_lock);
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

void bt_updater_set_window(struct bt_updater *u, int64_t from, int64_t until)
{
    pthread_mutex_lock(&u->lock);
    u->window_from = from;
    u->window_until = until;
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
