// HTTP for the screen, through libcurl: conditional requests for the playlist (a 304 costs
// nothing) and object downloads into the cache that resume with Range and an If-Range the
// player sets itself (libcurl does not), verified by the cache as bytes arrive. TLS
// verification is always on; plain http works with one warning from the caller.
// Used by one thread at a time (the fetch thread); call curl_global_init in main first.
#ifndef BT_NET_HTTP_H
#define BT_NET_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "net/cache.h"

struct bt_http_opts {
    const char *screen_id;
    const char *revision;   // the active revision, for the server's log; may be NULL
    const char *ca_file;    // NULL: the system's
    const char *proxy;      // NULL: none (a service inherits no http_proxy)
    long max_rate;          // bytes per second; 0: no limit
    int stall_timeout;      // seconds under 1 kB/s before a transfer is given up; 0: 30
    // Called as an object's bytes arrive (have: bytes of it in the cache so far); may be NULL.
    void (*progress)(void *user, int64_t have, int64_t size);
    void *progress_user;
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

// Fetches a document. Returns 200 with *body (free it) and the validators updated, 304 when
// it has not changed, or another HTTP status / -1 (no answer) with err set.
int bt_http_get_doc(struct bt_http *h, const char *url, struct bt_validators *v, char **body,
                    size_t *len, char *err, size_t errsize);

// Downloads an object into the cache, resuming a partial download when the server still has
// the same file (If-Range), restarting it when not. Returns 0 when the object is in the cache,
// verified; -1 with err set (a partial is kept when the transfer broke, not when the bytes were
// wrong).
int bt_http_get_object(struct bt_http *h, struct bt_cache *c, const char *url, const char *sha256,
                       int64_t size, char *err, size_t errsize);

// The last response's Date header as an offset from this machine's clock (server minus
// local, microseconds). Returns 1 when there was one.
int bt_http_server_time(struct bt_http *h, int64_t *offset_us);
// What the last request met, in words that do not change from one try of the same failure
// to the next (a URL, libcurl's code, the HTTP status): for telling a new problem from a retry
// of the same one. Not for people to read. Valid until the next request.
const char *bt_http_failure(const struct bt_http *h);
// Whether the last document request failed on the server's certificate (as when the clock is
// before the certificate's start).
int bt_http_tls_failed(const struct bt_http *h);
// Reads the time only from a plain HTTP HEAD to the host of an https URL (nothing else of it
// is used). Returns 0 when a Date came (see bt_http_server_time).
int bt_http_date_plain(struct bt_http *h, const char *https_url);

#endif
