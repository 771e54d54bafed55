#include "net/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "base/i18n.h"
#include "base/url.h"
#include "base/version.h"

#define DOC_MAX BT_HTTP_DOC_MAX

struct bt_http {
    CURL *curl;
    int64_t date_us;   // the last response's Date header, and when it came (wall, us)
    int64_t date_at_us;
    int64_t headers_at_us;         // when the last header line of the transfer came (wall, us)
    enum bt_http_kind kind;        // of the last request's failure
    int not_yet_valid;             // it failed only on a certificate valid from a later time
    char effective[2048];          // the URL the last request ended at
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

// A document's string as part of a header: printable ASCII stays (but for the characters that
// would end the comment it sits in), every other byte is percent-encoded, so no line break can
// add a header and a Vietnamese revision stays readable in a server's log ("%C4%90%E1%BB%A3t").
static const char *header_safe(const char *s, char *out, size_t size)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)(s && *s ? s : "-"); *p; p++) {
        int plain = *p > 0x20 && *p < 0x7F && !strchr("%();\\", *p);
        if (o + (plain ? 1 : 3) + 1 > size)
            break;
        if (plain) {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    out[o] = '\0';
    return out;
}

void bt_http_set_revision(struct bt_http *h, const char *revision)
{
    char screen[200], rev[400];
    snprintf(h->agent, sizeof(h->agent), "bangtin/%s (screen %s; revision %s)", BT_VERSION,
             header_safe(h->opts.screen_id, screen, sizeof(screen)),
             header_safe(revision, rev, sizeof(rev)));
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

static int interrupted(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    struct bt_http *h = user;
    return h->opts.interrupt && h->opts.interrupt(h->opts.interrupt_user);
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
    // A redirect goes to http or https, and never from https down to plain http.
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, bt_url_is_https(url) ? "https" : "http,https");
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
    // Credentials stay out of URLs: a server that asks is answered from the netrc file (libcurl
    // reads it, for the host asked, basic authentication), or by a client certificate.
    if (h->opts.netrc_file && *h->opts.netrc_file) {
        curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
        curl_easy_setopt(c, CURLOPT_NETRC_FILE, h->opts.netrc_file);
    }
    if (h->opts.ssl_cert && *h->opts.ssl_cert)
        curl_easy_setopt(c, CURLOPT_SSLCERT, h->opts.ssl_cert);
    if (h->opts.ssl_key && *h->opts.ssl_key)
        curl_easy_setopt(c, CURLOPT_SSLKEY, h->opts.ssl_key);
    if (h->opts.proxy && *h->opts.proxy)
        curl_easy_setopt(c, CURLOPT_PROXY, h->opts.proxy);
    if (h->opts.max_rate > 0)
        curl_easy_setopt(c, CURLOPT_MAX_RECV_SPEED_LARGE, (curl_off_t)h->opts.max_rate);
    // libcurl calls this at least once a second, whatever the transfer does: a stop is quick.
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, interrupted);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, h);
    h->kind = BT_HTTP_OK;
    h->not_yet_valid = 0;
    snprintf(h->effective, sizeof(h->effective), "%s", url);
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
    // A time no server's clock can hold (before 2000, after 2200) is no time at all: ignored,
    // not multiplied into an overflow.
    if (t >= 946684800 && t < 7258118400) {
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

// Why the server's certificate was refused, from OpenSSL's verify result (X509_V_ERR_*) and,
// for a wrong host name (which libcurl checks itself), libcurl's words.
static const char *cert_reason(long verify, const char *words)
{
    switch (verify) {
    case 9: return _("it is not valid yet (is this board's clock behind?)");
    case 10: return _("it has expired");
    case 18:
    case 19: return _("it is self-signed");
    case 2:
    case 20:
    case 21: return _("no authority this screen trusts signed it");
    case 23: return _("it was revoked");
    default: break;
    }
    if (strstr(words, "host name") || strstr(words, "subject name"))
        return _("it is for another host name");
    return _("it did not pass the check");
}

// Words and a kind for a transfer that failed in a way of its own: a certificate, a redirect,
// a URL that cannot work. Returns BT_HTTP_OK when rc is none of those (the caller words it).
static enum bt_http_kind describe(struct bt_http *h, const char *url, CURLcode rc, char *err,
                                  size_t errsize)
{
    const char *why = h->error[0] ? h->error : curl_easy_strerror(rc);
    char *at = NULL;
    curl_easy_getinfo(h->curl, CURLINFO_EFFECTIVE_URL, &at);
    int redirected = at && strcmp(at, url) != 0;
    long verify = 0;
    switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
        curl_easy_getinfo(h->curl, CURLINFO_SSL_VERIFYRESULT, &verify);
        h->not_yet_valid = verify == 9;
        snprintf(err, errsize, _("%s: the server's certificate is refused: %s (%s)"),
                 redirected ? at : url, cert_reason(verify, why), why);
        return BT_HTTP_BROKE;
    case CURLE_TOO_MANY_REDIRECTS:
        snprintf(err, errsize, _("%s: more than 5 redirects are refused (the last to %s)"), url,
                 at ? at : "-");
        return BT_HTTP_BROKE;
    case CURLE_UNSUPPORTED_PROTOCOL:
        if (redirected) {
            snprintf(err, errsize,
                     _("%s redirects to %s, which is refused (http and https only, never from "
                       "https to http)"),
                     url, at);
            return BT_HTTP_BROKE;
        }
        // not http(s) in the first place: as a URL that is not one
        __attribute__((fallthrough));
    case CURLE_URL_MALFORMAT:
        snprintf(err, errsize, _("%s can never be downloaded (%s); it is not tried again"), url,
                 why);
        return BT_HTTP_NEVER;
    default: return BT_HTTP_OK;
    }
}

struct doc {
    struct bt_http *http;
    struct bt_validators *v;
    char *buf;
    size_t len, cap;
    int too_big;
};

// The response's validators, to ask conditionally from now on; none when the document changed
// in the second it was served (RFC 7232 2.2.2: then they are weak; nginx's ETag is its time in
// seconds and its size, and a change in the same second to the same size would be a 304).
static void keep_validators(struct bt_http *h, struct bt_validators *v)
{
    char date[128];
    header(h, "ETag", v->etag, sizeof(v->etag));
    header(h, "Last-Modified", v->last_modified, sizeof(v->last_modified));
    header(h, "Date", date, sizeof(date));
    time_t modified = v->last_modified[0] ? curl_getdate(v->last_modified, NULL) : -1;
    time_t served = date[0] ? curl_getdate(date, NULL) : -1;
    if (modified > 0 && served > 0 && served - modified < 2) {
        v->etag[0] = '\0';
        v->last_modified[0] = '\0';
    }
}

// A document too big to read: what it is, kept, so it is asked for conditionally from now on.
static size_t doc_refused(struct doc *d)
{
    d->too_big = 1;
    keep_validators(d->http, d->v);
    return 0;
}

static size_t doc_body(char *data, size_t size, size_t n, void *user)
{
    struct doc *d = user;
    size_t k = size * n;
    long status = 0;
    curl_easy_getinfo(d->http->curl, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200)
        return k;   // an error page: read and dropped
    if (d->len == 0) {
        // A length the server says (before any decompression) already too big: not one byte
        // more is read.
        curl_off_t declared = -1;
        curl_easy_getinfo(d->http->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &declared);
        if (declared > (curl_off_t)DOC_MAX)
            return doc_refused(d);
    }
    if (d->len + k + 1 > DOC_MAX)
        return doc_refused(d);
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

// Words for a failed transfer that describe() did not word.
static void broke(struct bt_http *h, const char *url, CURLcode rc, char *err, size_t errsize)
{
    if (rc == CURLE_ABORTED_BY_CALLBACK) {
        h->kind = BT_HTTP_STOPPED;
        snprintf(err, errsize, _("%s: stopped"), url);
        return;
    }
    h->kind = describe(h, url, rc, err, errsize);
    if (h->kind != BT_HTTP_OK)
        return;
    h->kind = BT_HTTP_BROKE;
    snprintf(err, errsize, _("no answer from %s: %s"), url,
             h->error[0] ? h->error : curl_easy_strerror(rc));
}

int bt_http_get_doc(struct bt_http *h, const char *url, struct bt_validators *v, char **body,
                    size_t *len, char *err, size_t errsize)
{
    struct doc d = {.http = h, .v = v};
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
    // Whatever the server can compress with (gzip, br, zstd), undone by libcurl.
    curl_easy_setopt(h->curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, doc_body);
    curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, &d);
    curl_easy_setopt(h->curl, CURLOPT_HEADERFUNCTION, stamp);
    curl_easy_setopt(h->curl, CURLOPT_HEADERDATA, h);
    CURLcode rc = curl_easy_perform(h->curl);
    curl_slist_free_all(hdr);
    note_date(h);
    char *at = NULL;
    if (curl_easy_getinfo(h->curl, CURLINFO_EFFECTIVE_URL, &at) == CURLE_OK && at)
        snprintf(h->effective, sizeof(h->effective), "%s", at);
    long status = 0;
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
    note_failure(h, url, rc, status, d.too_big ? "too big" : "");
    if (d.too_big) {
        h->kind = BT_HTTP_REFUSED;
        snprintf(err, errsize, _("the playlist at %s is larger than 64 MiB"), url);
        free(d.buf);
        return BT_HTTP_TOO_BIG;
    }
    if (rc != CURLE_OK) {
        broke(h, url, rc, err, errsize);
        free(d.buf);
        return -1;
    }
    if (status == 200) {
        keep_validators(h, v);
        *body = d.buf ? d.buf : strdup("");
        *len = d.len;
        return 200;
    }
    free(d.buf);
    if (status != 304) {
        h->kind = BT_HTTP_BROKE;
        snprintf(err, errsize, _("%s answered HTTP %ld"), url, status);
    }
    return (int)status;
}

const char *bt_http_effective_url(const struct bt_http *h)
{
    return h->effective;
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
        // A server that says a larger length than the playlist is refused before its body.
        curl_off_t declared = -1;
        curl_easy_getinfo(o->http->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &declared);
        if (declared > o->size) {
            snprintf(o->err, sizeof(o->err), _("is longer than the %lld bytes the playlist says"),
                     (long long)o->size);
            o->bad = 1;
            return 0;
        }
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
        // Cut off at the size the playlist says: not one byte more is kept.
        snprintf(o->err, sizeof(o->err), _("is longer than the %lld bytes the playlist says"),
                 (long long)o->size);
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
        h->kind = BT_HTTP_REFUSED;
        snprintf(err, errsize, "%s %s", url, o.err);
        return -1;
    }
    if (o.w)
        bt_cache_abort(o.w, !o.bad);   // a broken transfer resumes; wrong bytes do not
    h->kind = BT_HTTP_BROKE;
    if (o.bad) {
        h->kind = BT_HTTP_REFUSED;
        snprintf(err, errsize, "%s %s", url, o.err);
    } else if (o.err[0]) {
        snprintf(err, errsize, "%s %s", url, o.err);
    } else if (rc == CURLE_OPERATION_TIMEDOUT && status != 0) {
        snprintf(err, errsize,
                 _("%s: the server sent less than 1 kB/s for %d s; the download "
                   "resumes later"),
                 url, stall_timeout(h));
    } else if (rc == CURLE_ABORTED_BY_CALLBACK) {
        h->kind = BT_HTTP_STOPPED;
        snprintf(err, errsize, _("%s: stopped; the download resumes later"), url);
    } else if (rc != CURLE_OK) {
        h->kind = describe(h, url, rc, err, errsize);
        if (h->kind == BT_HTTP_OK) {
            h->kind = BT_HTTP_BROKE;
            snprintf(err, errsize, _("%s: the download broke off (%s); it resumes later"), url,
                     h->error[0] ? h->error : curl_easy_strerror(rc));
        }
    } else {
        snprintf(err, errsize, _("%s answered HTTP %ld"), url, status);
    }
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

enum bt_http_kind bt_http_kind(const struct bt_http *h)
{
    return h->kind;
}

int bt_http_cert_not_yet_valid(const struct bt_http *h)
{
    return h->not_yet_valid;
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

struct upload {
    const char *data;
    size_t len, at;
};

static size_t upload_read(char *buf, size_t size, size_t n, void *user)
{
    struct upload *u = user;
    size_t want = size * n, left = u->len - u->at;
    size_t k = want < left ? want : left;
    memcpy(buf, u->data + u->at, k);
    u->at += k;
    return k;
}

int bt_http_put(struct bt_http *h, const char *url, const void *data, size_t len,
                const char *content_type, char *err, size_t errsize)
{
    common(h, url);
    struct upload up = {data, len, 0};
    char type[200];
    snprintf(type, sizeof(type), "Content-Type: %s", content_type);
    struct curl_slist *hdr = curl_slist_append(NULL, type);
    curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h->curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h->curl, CURLOPT_READFUNCTION, upload_read);
    curl_easy_setopt(h->curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(h->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, drop);
    CURLcode rc = curl_easy_perform(h->curl);
    curl_slist_free_all(hdr);
    long status = 0;
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK) {
        broke(h, url, rc, err, errsize);
        return -1;
    }
    if (status < 200 || status > 299) {
        char shown[1200];
        snprintf(err, errsize, _("%s answered HTTP %ld"), bt_url_redact(url, shown, sizeof(shown)),
                 status);
        note_failure(h, url, rc, status, "put");
        h->kind = BT_HTTP_BROKE;
    }
    return (int)status;
}
