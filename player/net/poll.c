// The poll thread: asks for the playlist every poll interval (a tenth more, at random),
// conditionally (the last good playlist's ETag and Last-Modified, kept across restarts), and
// once a day unconditionally (a server that kept an old Last-Modified after an upload). A new
// document is read here and handed to the fetch thread; a refused one (not JSON, too big) is
// remembered by its validators and its bytes, and not read again while they stand.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/thread.h"
#include "base/url.h"
#include "net/trust.h"
#include "net/updater_impl.h"
#include "time/clock.h"

#define HOUR_US   (3600LL * 1000000)
#define BACKOFF_0 5   // seconds before the first retry of a failed poll

static int item_urgent(const struct bt_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (items[i].urgent)
            return 1;
    return 0;
}

int bt_updater_urgent(const struct bt_playlist *p)
{
    for (size_t z = 0; z < p->nzones; z++)
        if (item_urgent(p->zones[z].items, p->zones[z].nitems))
            return 1;
    for (size_t o = 0; o < p->noverrides; o++)
        if (item_urgent(p->overrides[o].items, p->overrides[o].nitems))
            return 1;
    return 0;
}

static int source_is(const struct bt_source *s, const char *sha)
{
    return s->has_sha256 && strcmp(s->sha256, sha) == 0;
}

int bt_updater_needs(const struct bt_playlist *p, const char *sha)
{
    for (size_t z = 0; z < p->nzones; z++) {
        for (size_t i = 0; i < p->zones[z].nitems; i++)
            if (source_is(&p->zones[z].items[i].source, sha))
                return 1;
        if (p->zones[z].fallback && source_is(&p->zones[z].fallback->source, sha))
            return 1;
    }
    for (size_t o = 0; o < p->noverrides; o++)
        for (size_t i = 0; i < p->overrides[o].nitems; i++)
            if (source_is(&p->overrides[o].items[i].source, sha))
                return 1;
    return 0;
}

void bt_doc_clear(struct bt_doc *d)
{
    free(d->text);
    free(d->sig);
    bt_playlist_destroy(d->p);
    *d = (struct bt_doc){0};
}

// Waits `us`, until asked to quit or given a picture to send. Returns 1 when quitting.
static int pause_us(struct bt_updater *u, int64_t us)
{
    struct timespec until = bt_deadline_in(us);
    pthread_mutex_lock(&u->lock);
    while (!u->quit && !u->shot && pthread_cond_timedwait(&u->cond, &u->lock, &until) == 0)
        ;
    pthread_mutex_unlock(&u->lock);
    return u->quit;
}

static struct bt_playlist *read_doc(const char *body, size_t len, const char *base)
{
    struct bt_diags d = {0};
    struct bt_playlist *p = bt_playlist_parse(body, len, base, base, BT_PLAYLIST_PLAY, &d);
    char line[1024];
    for (size_t i = 0; i < d.count; i++) {
        bt_diag_format(&d.items[i], base, line, sizeof(line));
        bt_log(d.items[i].severity == BT_SEV_ERROR ? BT_LOG_ERROR : BT_LOG_WARN, "playlist", "%s",
               line);
    }
    bt_diags_free(&d);
    return p;
}

// What the poll thread remembers between polls.
struct poll {
    struct bt_validators v;
    char *known;   // the last document handed over (or the last good one): not read again
    size_t known_len;
    char *refused;   // the last document refused
    size_t refused_len;
    int64_t unconditional_at;   // when the next unconditional request is due (monotonic, us)
    int64_t plain_at;           // when the clock may next be read over plain HTTP
    int backoff;
};

static int same(const char *a, size_t alen, const char *b, size_t blen)
{
    return a && b && alen == blen && memcmp(a, b, alen) == 0;
}

static void set_poll_problem(struct bt_updater *u, const char *msg)
{
    pthread_mutex_lock(&u->lock);
    snprintf(u->poll_problem, sizeof(u->poll_problem), "%s", msg);
    if (!msg[0])
        u->poll_failing_since = 0;
    else if (!u->poll_failing_since)
        u->poll_failing_since = time(NULL);
    pthread_mutex_unlock(&u->lock);
}

// A document refused: said once, remembered (its validators are already in pl->v).
static void refuse(struct bt_updater *u, struct poll *pl, char *body, size_t len, const char *msg)
{
    free(pl->refused);
    pl->refused = body;
    pl->refused_len = body ? len : 0;
    bt_updater_problem(&u->poll_said, BT_LOG_ERROR, NULL, msg);
    set_poll_problem(u, msg);
}

// With trusted keys: fetches the signature beside the document (at the URL it came from, after
// redirects) and checks it. Returns 0 with *sig (NULL when not signed and none is needed) and
// *signed_at, or -1 with the reason in msg.
static int signature_of(struct bt_updater *u, const char *base, const char *body, size_t len,
                        char **sig, size_t *siglen, int64_t *signed_at, char *msg, size_t size)
{
    *sig = NULL;
    *siglen = 0;
    *signed_at = 0;
    if (!u->opts.trust)
        return 0;
    char url[2100], err[1200];
    snprintf(url, sizeof(url), "%s.minisig", base);
    struct bt_validators none = {0};
    int rc = bt_http_get_doc(u->poll_http, url, &none, sig, siglen, err, sizeof(err));
    if (rc != 200 && rc != 404 && rc != 410) {
        free(*sig);
        *sig = NULL;
        snprintf(msg, size, _("the playlist's signature cannot be fetched: %s"), err);
        return -1;
    }
    if (rc != 200) {
        free(*sig);
        *sig = NULL;
        *siglen = 0;
    }
    pthread_mutex_lock(&u->lock);
    int64_t playing_at = u->playing_signed_at;
    pthread_mutex_unlock(&u->lock);
    char why[900];
    if (bt_trust_check(u->opts.trust, body, len, *sig, *siglen, playing_at, signed_at, why,
                       sizeof(why)) != 0) {
        free(*sig);
        *sig = NULL;
        snprintf(msg, size, _("the playlist at %s is refused, the last good one plays: %s"), u->url,
                 why);
        return -1;
    }
    return 0;
}

// A new document: read, then handed to the fetch thread (taking body and sig), or refused.
static void hand_over(struct bt_updater *u, struct poll *pl, char *body, size_t len,
                      const char *base, char *sig, size_t siglen, int64_t signed_at)
{
    struct bt_playlist *p = read_doc(body, len, base);
    char msg[1200];
    if (!p) {
        // The log says the reason above; the status, in short.
        free(sig);
        free(pl->refused);
        pl->refused = body;
        pl->refused_len = len;
        bt_updater_problem(&u->poll_said, BT_LOG_ERROR, NULL,
                           "the playlist has errors (above); the last good one keeps playing");
        snprintf(msg, sizeof(msg), _("the playlist at %s has errors; the last good one plays"),
                 u->url);
        set_poll_problem(u, msg);
        return;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        bt_playlist_destroy(p);
        free(body);
        free(sig);
        return;
    }
    memcpy(copy, body, len + 1);
    free(pl->known);
    pl->known = copy;
    pl->known_len = len;
    BT_INFO("fetch", _("revision \"%s\" is published at %s"), p->revision, base);
    pthread_mutex_lock(&u->lock);
    bt_doc_clear(&u->inbox);
    u->inbox = (struct bt_doc){.text = body,
                               .len = len,
                               .v = pl->v,
                               .p = p,
                               .sig = sig,
                               .sig_len = siglen,
                               .signed_at = signed_at};
    snprintf(u->inbox.base, sizeof(u->inbox.base), "%s", base);
    u->inbox_serial++;
    u->poll_first_done = 1;   // the first poll's outcome may be this document
    snprintf(u->next_rev, sizeof(u->next_rev), "%s", p->revision);
    // An urgent revision comes first; one that no longer needs the object being downloaded
    // does not wait for it either. (Its bytes are kept while a revision wants them.)
    if (u->downloading[0] && (bt_updater_urgent(p) || !bt_updater_needs(p, u->downloading)))
        u->preempt = 1;
    pthread_cond_broadcast(&u->cond);
    pthread_mutex_unlock(&u->lock);
    set_poll_problem(u, "");
}

// A board without a real-time clock may boot in the past, before the server's certificate is
// valid: then (and only then) the time alone comes from plain HTTP to the same host, at most
// once an hour, and the status says where it came from.
static void clock_fallback(struct bt_updater *u, struct poll *pl)
{
    if (!bt_http_cert_not_yet_valid(u->poll_http) || !bt_url_is_https(u->url) ||
        bt_clock_system_synced(u->clock_sync) || bt_time_mono_us() < pl->plain_at)
        return;
    pl->plain_at = bt_time_mono_us() + HOUR_US;
    int64_t offset;
    if (bt_http_date_plain(u->poll_http, u->url) != 0 ||
        !bt_http_server_time(u->poll_http, &offset))
        return;
    BT_WARN("fetch", "%s",
            "the server's certificate is not valid yet by this board's clock; the time is taken "
            "from its plain HTTP Date header (unauthenticated), and nothing else");
    pthread_mutex_lock(&u->lock);
    u->clock_known = 1;
    u->clock_plain = 1;
    u->clock_offset_us = offset;
    pthread_mutex_unlock(&u->lock);
}

// One poll. Returns 1 when it failed (a retry comes sooner).
static int poll_once(struct bt_updater *u, struct poll *pl)
{
    char err[1200], *body = NULL;
    size_t len = 0;
    struct bt_validators none = {0}, *v = &pl->v;
    int64_t now = bt_time_mono_us();
    if (now >= pl->unconditional_at) {
        // Once a day the whole document, whatever the validators say.
        pl->unconditional_at = now + bt_updater_jitter(u, 86400) * 1000000;
        v = &none;
    }
    int rc = bt_http_get_doc(u->poll_http, u->url, v, &body, &len, err, sizeof(err));
    if (v == &none && (rc == 200 || rc == BT_HTTP_TOO_BIG))
        pl->v = none;
    if (u->quit)
        return 0;
    int64_t offset;
    if (rc == -1)
        clock_fallback(u, pl);
    else if (bt_http_server_time(u->poll_http, &offset)) {
        pthread_mutex_lock(&u->lock);
        u->clock_known = 1;
        u->clock_plain = !bt_url_is_https(u->url);
        u->clock_offset_us = offset;
        pthread_mutex_unlock(&u->lock);
    }
    pthread_mutex_lock(&u->lock);
    u->last_poll = time(NULL);
    if (rc == 200 || rc == 304)
        snprintf(u->last_result, sizeof(u->last_result), "%d %s", rc,
                 rc == 200 ? "new document" : "not changed");
    else
        snprintf(u->last_result, sizeof(u->last_result), "%.600s", err);
    pthread_mutex_unlock(&u->lock);
    if (rc == 304)
        return 0;
    if (rc == 200) {
        // A server without validators sends the same document again: nothing new.
        if (same(body, len, pl->known, pl->known_len) ||
            same(body, len, pl->refused, pl->refused_len)) {
            free(body);
            return 0;
        }
        char base[2048], msg[2400], *sig;
        size_t siglen;
        int64_t signed_at;
        snprintf(base, sizeof(base), "%s", bt_http_effective_url(u->poll_http));
        if (signature_of(u, base, body, len, &sig, &siglen, &signed_at, msg, sizeof(msg)) != 0) {
            // Said once; the whole document is asked for again at the next poll (a signature
            // may be uploaded after its playlist), and the last good one plays meanwhile.
            pl->v = (struct bt_validators){0};
            free(body);
            bt_updater_problem(&u->poll_said, BT_LOG_ERROR, NULL, msg);
            set_poll_problem(u, msg);
            return 0;
        }
        hand_over(u, pl, body, len, base, sig, siglen, signed_at);
        return 0;
    }
    if (rc == BT_HTTP_TOO_BIG) {
        // Remembered by its validators: not fetched again while they stand.
        refuse(u, pl, NULL, 0, err);
        return 0;
    }
    bt_updater_problem(&u->poll_said, BT_LOG_WARN, bt_http_failure(u->poll_http), err);
    set_poll_problem(u, err);
    return 1;
}

static void first_poll_done(struct bt_updater *u, unsigned serial)
{
    pthread_mutex_lock(&u->lock);
    u->poll_first_done = 1;
    // Nothing new came: that is the first outcome. (A new document's is the fetch thread's.)
    if (u->inbox_serial == serial)
        u->first_done = 1;
    pthread_cond_broadcast(&u->cond);
    pthread_mutex_unlock(&u->lock);
}

// The alerts document: {"raised": ["ID", …]}, signed when keys are trusted. Returns 0 when it
// was read (or has not changed), -1 when it was refused or could not be fetched (the overrides it
// raised before stay raised: a notice is not lowered by a broken link).
static int alerts_once(struct bt_updater *u, struct bt_validators *v)
{
    char err[1200], *body = NULL, msg[2400];
    size_t len = 0;
    int rc = bt_http_get_doc(u->poll_http, u->opts.alerts_url, v, &body, &len, err, sizeof(err));
    if (rc == 304)
        return 0;
    if (rc != 200) {
        snprintf(msg, sizeof(msg), _("the alerts cannot be fetched: %s"), err);
        bt_updater_problem(&u->alerts_said, BT_LOG_WARN, bt_http_failure(u->poll_http), msg);
        free(body);
        return -1;
    }
    char base[2048], *sig = NULL;
    size_t siglen = 0;
    int64_t signed_at = 0;
    snprintf(base, sizeof(base), "%s", bt_http_effective_url(u->poll_http));
    json_error_t je;
    json_t *j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    json_t *list = json_object_get(j, "raised");
    const char *ids[BT_ALERTS_MAX];
    size_t n = 0, i;
    json_t *x;
    int bad = !json_is_array(list) || json_array_size(list) > BT_ALERTS_MAX;
    json_array_foreach(list, i, x)
    {
        const char *id = json_string_value(x);
        int ctl = 0;
        for (const char *c = id; c && *c; c++)
            ctl |= (unsigned char)*c < 0x20 || *c == 0x7F;
        if (!id || !*id || strlen(id) > 200 || ctl)
            bad = 1;
        else if (n < BT_ALERTS_MAX)
            ids[n++] = id;
    }
    if (bad) {
        snprintf(msg, sizeof(msg),
                 _("the alerts at %s are not {\"raised\": [\"ID\", …]} (at most %d ids of "
                   "printable text); the overrides raised before stay raised"),
                 u->opts.alerts_url, BT_ALERTS_MAX);
    } else if (u->opts.trust) {
        pthread_mutex_lock(&u->lock);
        int64_t before = u->alerts_signed_at;
        pthread_mutex_unlock(&u->lock);
        char url[2100], why[900];
        snprintf(url, sizeof(url), "%s.minisig", base);
        struct bt_validators none = {0};
        int src = bt_http_get_doc(u->poll_http, url, &none, &sig, &siglen, err, sizeof(err));
        if (bt_trust_check(u->opts.trust, body, len, src == 200 ? sig : NULL, siglen, before,
                           &signed_at, why, sizeof(why)) != 0) {
            snprintf(msg, sizeof(msg),
                     _("the alerts at %s are refused, the overrides raised before stay raised: %s"),
                     u->opts.alerts_url, why);
            bad = 1;
        }
        free(sig);
    }
    if (bad) {
        *v = (struct bt_validators){0};   // asked for whole again next time
        bt_updater_problem(&u->alerts_said, BT_LOG_ERROR, NULL, msg);
        json_decref(j);
        free(body);
        return -1;
    }
    pthread_mutex_lock(&u->lock);
    for (size_t k = 0; k < u->nalerts; k++)
        free(u->alerts[k]);
    u->nalerts = 0;
    for (size_t k = 0; k < n; k++)
        if ((u->alerts[u->nalerts] = strdup(ids[k])))
            u->nalerts++;
    if (signed_at)
        u->alerts_signed_at = signed_at;
    u->alerts_serial++;
    pthread_mutex_unlock(&u->lock);
    BT_INFO("fetch", _("alerts: %zu overrides raised from %s"), n, u->opts.alerts_url);
    bt_updater_recovered(&u->alerts_said);
    json_decref(j);
    free(body);
    return 0;
}

void *bt_updater_poll_main(void *arg)
{
    pthread_setname_np(pthread_self(), "bt-poll");
    struct bt_updater *u = arg;
    struct poll pl = {.backoff = BACKOFF_0};
    char base[2048];
    size_t len = 0;
    // The last good document and the validators it came with: a restart asks conditionally.
    pl.known = bt_cache_load_playlist(u->cache, &len, base, sizeof(base));
    if (pl.known) {
        pl.known_len = len;
        bt_cache_load_validators(u->cache, pl.v.etag, sizeof(pl.v.etag), pl.v.last_modified,
                                 sizeof(pl.v.last_modified));
    }
    pl.unconditional_at = bt_time_mono_us() + bt_updater_jitter(u, 86400) * 1000000;
    int first = 1;
    int alerts = u->opts.alerts_url && *u->opts.alerts_url && u->opts.alerts_interval > 0;
    struct bt_validators alerts_v = {0};
    int64_t poll_at = bt_time_mono_us(), alerts_at = poll_at;
    while (!u->quit) {
        int64_t now = bt_time_mono_us();
        if (now >= poll_at) {
            pthread_mutex_lock(&u->lock);
            unsigned serial = u->inbox_serial;
            char rev[201];
            snprintf(rev, sizeof(rev), "%s", u->active_rev);
            pthread_mutex_unlock(&u->lock);
            bt_http_set_revision(u->poll_http, rev);   // the server's log names the one playing
            int failed = poll_once(u, &pl);
            if (!failed && !u->poll_problem[0])
                bt_updater_recovered(&u->poll_said);
            bt_updater_write_status(u, 1);
            bt_updater_report(u);
            bt_updater_send_plays(u);
            if (first)
                first_poll_done(u, serial);
            first = 0;
            // A fleet of hundreds does not poll in step: up to a tenth of the interval more; a
            // failure is asked again sooner, backing off, never in step either.
            int64_t wait = u->opts.poll_interval +
                           (int64_t)(rand_r(&u->seed) % (unsigned)(u->opts.poll_interval / 10 + 1));
            if (failed) {
                wait = bt_updater_jitter(
                    u, pl.backoff < u->opts.poll_interval ? pl.backoff : u->opts.poll_interval);
                pl.backoff = pl.backoff < 3600 ? pl.backoff * 2 : pl.backoff;
            } else {
                pl.backoff = BACKOFF_0;
            }
            poll_at = bt_time_mono_us() + wait * 1000000;
        }
        bt_updater_send_shot(u);
        if (alerts && bt_time_mono_us() >= alerts_at && !u->quit) {
            alerts_once(u, &alerts_v);
            // Every alerts_interval, give or take a tenth: a fleet does not ask in step.
            int64_t us = (int64_t)u->opts.alerts_interval * 1000000;
            alerts_at = bt_time_mono_us() + us - us / 10 +
                        (int64_t)(rand_r(&u->seed) % (unsigned)(us / 5 / 1000 + 1)) * 1000;
        }
        int64_t next = alerts && alerts_at < poll_at ? alerts_at : poll_at;
        int64_t wait_us = next - bt_time_mono_us();
        if (wait_us > 0 && pause_us(u, wait_us))
            break;
    }
    free(pl.known);
    free(pl.refused);
    return NULL;
}
