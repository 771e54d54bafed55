// URLs: which strings are http(s) addresses, and a document's relative references (a
// playlist's `src`) joined to where the document came from, through libcurl's URL API as RFC
// 3986 section 5 says. Any thread.
#ifndef BT_BASE_URL_H
#define BT_BASE_URL_H

#include <stddef.h>

// Whether `s` is an http:// or https:// URL. The scheme may be in any case (RFC 3986: HTTP://
// is http://).
int bt_url_is_http(const char *s);
// Whether `s` is an https:// URL (any case).
int bt_url_is_https(const char *s);

// What `ref`, written in a document found at `base`, names:
// - an http(s) `ref`, or any `ref` when `base` is an http(s) URL: the absolute URL, resolved as
//   RFC 3986 section 5 says (./ and ../, ?query, #fragment, /path from the server's root,
//   //host), the scheme in lower case, and spaces and other bytes a URL cannot hold (UTF-8
//   file names) percent-encoded;
// - otherwise `base` is a folder (NULL or "": the current one): an absolute path is itself, a
//   relative one is base/ref.
// Returns a new string (free it), or NULL with err set (libcurl's words: "Bad path", or that it
// is not an http(s) address).
char *bt_url_join(const char *base, const char *ref, char *err, size_t errsize);

// `text` (a URL, or a message naming URLs) as a person or a log may see it: in every URL, a user
// and password become "***" and each query value becomes "***" (its name stays), so that
// credentials written into a playlist_url never show. Returns out.
const char *bt_url_redact(const char *text, char *out, size_t size);

#endif
