#include "net/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "base/i18n.h"
#include "base/version.h"

#define DOC_MAX (64 * 1024 * 1024)

struct bt_http {
    CURL *curl;
    int64_t date_us;   // the last response's Date header, and when it came (wall, us)
    int64_t date_at_us;
    int64_t headers_at_us;         // when the last header line of the transfer came (wall, us)
    int tls_failed;                // the last request failed verifying the server's certificate
    char error[CURL_ERROR_SIZE];   // libcurl's own words for the last failure
    char failure[600];             // what failed last, without the words that vary by try
    char agent[400];
    struct bt_http_opts opts;
};

struct bt_http *bt_http_create(const struct bt_http_opts *o)
{
    struct bt_http *h = calloc(1, sizeof(*h));
    if (!h)
        return NULL;
    h->opts = *o;
    h->curl = curl_easy_init();
    if (!h->curl) {
        free(h);
        return NULL;
    }
    // The server's access log shows which screen plays what.
    bt_http_set_revision(h, o->revision);
    return h;
}

void bt_http_set_revision(struct bt_http *h, const char *revision)
{
    snprintf(h->agent, sizeof(h->agent), "bangtin/%s (screen %s; revision %s)", BT_VERSION,
             h->opts.screen_id ? h->opts.screen_id : "-", revision && *revision ? revision : "-");
}

void bt_http_destroy(struct bt_http *h)
{
    if (!h)
        return;
    curl_easy_cleanup(h->curl);
    free(h);
}

static int stall_timeout(const struct bt_http *h)
{
    return h->opts.stall_timeout > 0 ? h->opts.stall_timeout : 30;
}

static void common(struct bt_http *h, const char *url)
{
    CURL *c = h->curl;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, h->agent);
    h->error[0] = '\0';
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->error);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
    // A crawling server is given up: under 1 kB/s for stall_timeout (30 s) seconds.
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1000L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)stall_timeout(h));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (h->opts.ca_file && *h->opts.ca_file)
        curl_easy_setopt(c, CURLOPT_CAINFO, h->opts.ca_file);
    if (h->opts.proxy && *h->opts.proxy)
        curl_easy_setopt(c, CURLOPT_PROXY, h->opts.proxy);
    if (h->opts.max_rate > 0)
        curl_easy_setopt(c, CURLOPT_MAX_RECV_SPEED_LARGE, (curl_off_t)h->opts.max_rate);
}

// A header of the current (or, after the transfer, the final) response, as libcurl keeps it
// (trimmed); "" when the response has none. The transfer's thread.
static void header(struct bt_http *h, const char *name, char *out, size_t size)
{
    struct curl_header *hd;
    out[0] = '\0';
    if (curl_easy_header(h->curl, name, 0, CURLH_HEADER, -1, &hd) == CURLHE_OK)
        snprintf(out, size, "%s", hd->value);
}

// Notes when header lines arrive: the Date a response carries is read against that moment,
// not the end of a long body.
static size_t stamp(char *line, size_t size, size_t n, void *user)
{
    (void)line;
    struct bt_http *h = user;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    h->headers_at_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    return size * n;
}

// The final response's Date header, after the transfer: the time, seen by a machine whose
// clock may be wrong.
static void note_date(struct bt_http *h)
{
    char date[128];
    header(h, "Date", date, sizeof(date));
    time_t t = date[0] ? curl_getdate(date, NULL) : -1;
    if (t > 0) {
        h->date_us = (int64_t)t * 1000000;
        h->date_at_us = h->headers_at_us;
    }
}

// Notes what a request met, in words that stay the same from one try to the next (libcurl's
// own words for a failure name the milliseconds it took, which differ every time).
static void note_failure(struct bt_http *h, const char *url, CURLcode rc, long status,
                         const char *ours)
{
    snprintf(h->failure, sizeof(h->failure), "%.400s %d %ld %.100s", url, (int)rc, status, ours);
}

struct doc {
    char *buf;
    size_t len, cap;
    int too_big;
};

static size_t doc_body(char *data, size_t size, size_t n, void *user)
{
    struct doc *d = user;
    size_t k = size * n;
    if (d->len + k + 1 > DOC_MAX) {
        d->too_big = 1;
        return 0;
    }
    if (d->len + k + 1 > d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 65536;
        while (cap < d->len + k + 1)
            cap *= 2;
        char *nb = realloc(d->buf, cap);
        if (!nb)
            return 0;
        d->buf = nb;
        d->cap = cap;
    }
    memcpy(d->buf + d->len, data, k);
    d->len += k;
    d->buf[d->len] = '\0';
    return k;
}

int bt_http_get_doc(struct bt_http *h, const char *url, struct bt_validators *v, char **body,
                    size_t *len, char *err, size_t errsize)
{
    struct doc d = {0};
    struct curl_slist *hdr = NULL;
    char line[400];
    common(h, url);
    if (v->etag[0]) {
        snprintf(line, sizeof(line), "If-None-Match: %s", v->etag);
        hdr = curl_slist_append(hdr, line);
    }
    if (v->last_modified[0]) {
        snprintf(line, sizeof(line), "If-Modified-Since: %s", v->last_modified);
        hdr = curl_slist_append(hdr, line);
    }
    curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, doc_body);
    curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, &d);
    curl_easy_setopt(h->curl, CURLOPT_HEADERFUNCTION, stamp);
    curl_easy_setopt(h->curl, CURLOPT_HEADERDATA, h);
    CURLcode rc = curl_easy_perform(h->curl);
    curl_slist_free_all(hdr);
    note_date(h);
    h->tls_failed = rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE;
    long status = 0;
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
    note_failure(h, url, rc, status, d.too_big ? "too big" : "");
    if (rc != CURLE_OK) {
        snprintf(err, errsize,
                 d.too_big ? _("the playlist is larger than 64 MiB") : _("no answer from %s: %s"),
                 url, h->error[0] ? h->error : curl_easy_strerror(rc));
        free(d.buf);
        return -1;
    }
    if (status == 200) {
        header(h, "ETag", v->etag, sizeof(v->etag));
        header(h, "Last-Modified", v->last_modified, sizeof(v->last_modified));
        *body = d.buf ? d.buf : strdup("");
        *len = d.len;
        return 200;
    }
    free(d.buf);
    if (status != 304)
        snprintf(err, errsize, _("%s answered HTTP %ld"), url, status);
    return (int)status;
}

struct obj {
    struct bt_http *http;
    struct bt_cache *cache;
    struct bt_cache_writer *w;
    const char *sha;
    int64_t size;
    char err[256];
    int bad;
};

static size_t obj_body(char *data, size_t size, size_t n, void *user)
{
    struct obj *o = user;
    size_t k = size * n;
    long status = 0;
    curl_easy_getinfo(o->http->curl, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200 && status != 206)
        return k;   // an error page: read and dropped
    if (!o->w) {
        // The first bytes: a 206 continues the partial, a 200 starts it again.
        o->w = bt_cache_begin(o->cache, o->sha, o->size, status == 206, o->err, sizeof(o->err));
        if (!o->w)
            return 0;
        // What these bytes are part of, kept now: a player killed mid-download resumes too.
        struct bt_validators seen;
        header(o->http, "ETag", seen.etag, sizeof(seen.etag));
        header(o->http, "Last-Modified", seen.last_modified, sizeof(seen.last_modified));
        bt_cache_set_partial_tag(o->cache, o->sha, seen.etag[0] ? seen.etag : seen.last_modified);
    }
    if (bt_cache_write(o->w, data, k) != 0) {
        snprintf(o->err, sizeof(o->err), "%s", _("sent more bytes than the playlist says"));
        o->bad = 1;
        return 0;
    }
    if (o->http->opts.progress)
        o->http->opts.progress(o->http->opts.progress_user, bt_cache_writer_bytes(o->w), o->size);
    return k;
}

int bt_http_get_object(struct bt_http *h, struct bt_cache *c, const char *url, const char *sha256,
                       int64_t size, char *err, size_t errsize)
{
    if (bt_cache_has(c, sha256, size))
        return 0;
    struct obj o = {.http = h, .cache = c, .sha = sha256, .size = size};
    char validator[300] = "", line[400];
    int64_t have = bt_cache_partial(c, sha256);
    if (have > 0)
        bt_cache_partial_tag(c, sha256, validator, sizeof(validator));
    struct curl_slist *hdr = NULL;
    common(h, url);
    if (have > 0 && validator[0] && have < size) {
        // Resume only the same file: If-Range makes a changed file come whole (200).
        snprintf(line, sizeof(line), "Range: bytes=%lld-", (long long)have);
        hdr = curl_slist_append(hdr, line);
        snprintf(line, sizeof(line), "If-Range: %s", validator);
        hdr = curl_slist_append(hdr, line);
    }
    curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, obj_body);
    curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, &o);
    CURLcode rc = curl_easy_perform(h->curl);
    curl_slist_free_all(hdr);
    long status = 0;
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
    note_failure(h, url, rc, status, o.err);
    if (o.w && rc == CURLE_OK && !o.bad) {
        int ok = bt_cache_commit(o.w, (int64_t)time(NULL), o.err, sizeof(o.err));
        if (ok == 0)
            return 0;
        note_failure(h, url, rc, status, o.err);
        snprintf(err, errsize, "%s %s", url, o.err);
        return -1;
    }
    if (o.w)
        bt_cache_abort(o.w, !o.bad);   // a broken transfer resumes; wrong bytes do not
    if (o.err[0])
        snprintf(err, errsize, "%s %s", url, o.err);
    else if (rc == CURLE_OPERATION_TIMEDOUT && status != 0)
        snprintf(err, errsize,
                 _("%s: the server sent less than 1 kB/s for %d s; the download "
                   "resumes later"),
                 url, stall_timeout(h));
    else if (rc != CURLE_OK)
        snprintf(err, errsize, _("%s: the download broke off (%s); it resumes later"), url,
                 h->error[0] ? h->error : curl_easy_strerror(rc));
    else
        snprintf(err, errsize, _("%s answered HTTP %ld"), url, status);
    return -1;
}

int bt_http_server_time(struct bt_http *h, int64_t *offset_us)
{
    if (!h->date_us)
        return 0;
    *offset_us = h->date_us - h->date_at_us;
    return 1;
}

const char *bt_http_failure(const struct bt_http *h)
{
    return h->failure;
}

int bt_http_tls_failed(const struct bt_http *h)
{
    return h->tls_failed;
}

static size_t drop(char *data, size_t size, size_t n, void *user)
{
    (void)data;
    (void)user;
    return size * n;
}

int bt_http_date_plain(struct bt_http *h, const char *https_url)
{
    // The https URL's host and port over http:// (no user, path or query); only the Date
    // header is read.
    CURLU *u = curl_url();
    char *url = NULL;
    int bad =
        !u || curl_url_set(u, CURLUPART_URL, https_url, 0) ||
        curl_url_set(u, CURLUPART_SCHEME, "http", 0) || curl_url_set(u, CURLUPART_USER, NULL, 0) ||
        curl_url_set(u, CURLUPART_PASSWORD, NULL, 0) || curl_url_set(u, CURLUPART_PATH, "/", 0) ||
        curl_url_set(u, CURLUPART_QUERY, NULL, 0) || curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) ||
        curl_url_get(u, CURLUPART_URL, &url, 0);
    curl_url_cleanup(u);
    if (bad) {
        curl_free(url);
        return -1;
    }
    common(h, url);
    curl_free(url);
    curl_easy_setopt(h->curl, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, drop);
    curl_easy_setopt(h->curl, CURLOPT_HEADERFUNCTION, stamp);
    curl_easy_setopt(h->curl, CURLOPT_HEADERDATA, h);
    h->date_us = 0;
    curl_easy_perform(h->curl);
    note_date(h);
    return h->date_us ? 0 : -1;
}
