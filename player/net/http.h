// HTTP for the screen, through libcurl: conditional requests for the playlist (a 304 costs
// nothing; gzip and the like offered and undone by libcurl) and object downloads into the cache
// that resume with Range and an If-Range the player sets itself (libcurl does not), verified by
// the cache as bytes arrive and cut off at the size the playlist says. TLS verification is
// always on; plain http works with one warning from the caller. Every transfer can be
// interrupted within a second (opts.interrupt). A failure says what it was in plain words and
// of which kind (bt_http_kind), so the caller knows when to try again.
// One bt_http is used by one thread at a time (the poll thread has one, the fetch thread
// another); call curl_global_init in main first.
#ifndef BT_NET_HTTP_H
#define BT_NET_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "net/cache.h"

struct bt_http_opts {
    const char *screen_id;
    const char *revision;             // the active revision, for the server's log; may be NULL
    const char *ca_file;              // NULL: the system's
    const char *netrc_file;           // user names and passwords by host (netrc); NULL: none
    const char *ssl_cert, *ssl_key;   // a client certificate and its key (PEM); NULL: none
    const char *proxy;                // NULL: none (a service inherits no http_proxy)
    long max_rate;                    // bytes per second; 0: no limit
    int stall_timeout;                // seconds under 1 kB/s before a transfer is given up; 0: 30
    // Called as an object's bytes arrive (have: bytes of it in the cache so far); may be NULL.
    void (*progress)(void *user, int64_t have, int64_t size);
    void *progress_user;
    // Called at least once a second during a transfer (a DNS lookup and a stalled server
    // included), on the transfer's thread: non-zero stops it (BT_HTTP_STOPPED). May be NULL.
    int (*interrupt)(void *user);
    void *interrupt_user;
};

// The largest playlist read (a larger one is cut off at the first bytes past it, or before
// any when the server says its length).
#define BT_HTTP_DOC_MAX (64 * 1024 * 1024)

// What the last failure was, to know when to try again.
enum bt_http_kind {
    BT_HTTP_OK = 0,
    BT_HTTP_BROKE,     // no answer, broke off, too slow, an HTTP error: try again later
    BT_HTTP_REFUSED,   // the bytes are wrong (hash, size, longer than said): not soon again
    BT_HTTP_NEVER,     // the URL can never work (not a URL, not http(s)): not again
    BT_HTTP_STOPPED,   // interrupted (opts.interrupt): not a failure of the server
};

// What a server said of a document, to ask again conditionally.
struct bt_validators {
    char etag[256];
    char last_modified[64];
};

struct bt_http;

struct bt_http *bt_http_create(const struct bt_http_opts *o);
void bt_http_destroy(struct bt_http *h);
// The revision now playing, named in every request from now on.
void bt_http_set_revision(struct bt_http *h, const char *revision);

// Fetches a document (conditionally when v holds validators; v empty: unconditionally).
// Returns 200 with *body (free it) and the validators updated, 304 when it has not changed,
// BT_HTTP_TOO_BIG when it is larger than BT_HTTP_DOC_MAX (the validators updated too, so it is
// not fetched whole again while they stand), or another HTTP status / -1 (no answer, or
// stopped: see bt_http_kind) with err set.
enum {
    BT_HTTP_TOO_BIG = -2
};
int bt_http_get_doc(struct bt_http *h, const char *url, struct bt_validators *v, char **body,
                    size_t *len, char *err, size_t errsize);
// The URL the last request ended at, after redirects (the request's own when none). Valid
// until the next request.
const char *bt_http_effective_url(const struct bt_http *h);

// Downloads an object into the cache, resuming a partial download when the server still has
// the same file (If-Range), restarting it when not. Returns 0 when the object is in the cache,
// verified; -1 with err set (a partial is kept when the transfer broke, not when the bytes were
// wrong).
int bt_http_get_object(struct bt_http *h, struct bt_cache *c, const char *url, const char *sha256,
                       int64_t size, char *err, size_t errsize);

// Sends data (len bytes) by HTTP PUT to url (a WebDAV folder's file: reports), with the same
// credentials, certificates and proxy as every request; no redirect is followed. Returns the
// HTTP status (2xx: stored), or -1 (no answer, or stopped) with err set.
int bt_http_put(struct bt_http *h, const char *url, const void *data, size_t len,
                const char *content_type, char *err, size_t errsize);

// The last response's Date header as an offset from this machine's clock (server minus
// local, microseconds). Returns 1 when there was one.
int bt_http_server_time(struct bt_http *h, int64_t *offset_us);
// What the last request met, in words that do not change from one try of the same failure
// to the next (a URL, libcurl's code, the HTTP status): for telling a new problem from a retry
// of the same one. Not for people to read. Valid until the next request.
const char *bt_http_failure(const struct bt_http *h);
// The kind of the last request's failure (BT_HTTP_OK when it did not fail).
enum bt_http_kind bt_http_kind(const struct bt_http *h);
// Whether the last request failed only because the server's certificate is not valid yet (its
// validity starts after this machine's clock): the one failure the clock fallback is for.
int bt_http_cert_not_yet_valid(const struct bt_http *h);
// Reads the time only from a plain HTTP HEAD to the host of an https URL (nothing else of it
// is used). Returns 0 when a Date came (see bt_http_server_time).
int bt_http_date_plain(struct bt_http *h, const char *https_url);

#endif
