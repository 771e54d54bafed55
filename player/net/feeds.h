// News feeds for tickers: RSS 2.0, RSS 1.0 and Atom documents from the ward's portal, read on a
// thread of their own with conditional requests (an unchanged feed costs a 304), parsed with
// libxml2 (no network, no external entities), and turned into one line: the titles, newest
// first, at most N of them and none older than D days, each sanitised (controls, markup and runs
// of spaces removed, at most BT_FEED_TITLE_MAX characters) and joined by a separator. The last
// good line of each feed is kept in the cache (CACHE_DIR/feeds/), so a screen that starts
// without the network shows what it last read; a feed that turns broken keeps its last good
// line, said in one log line (and once more when it mends).
// The render loop never waits on it: it reads the lines the thread has made (a copy taken under
// a lock held for the copy).
#ifndef BT_NET_FEEDS_H
#define BT_NET_FEEDS_H

#include <stddef.h>
#include <stdint.h>

#include "net/http.h"

#define BT_FEED_TITLE_MAX 300                 // characters of one title
#define BT_FEED_DOC_MAX   (4 * 1024 * 1024)   // bytes of a feed document
#define BT_FEEDS_MAX      32                  // feeds one playlist may read

// What a ticker asks of a feed.
struct bt_feed_spec {
    const char *url;
    int items;   // at most this many titles
    int days;    // none older than this many days; 0: any age
    const char *separator;
};

// Pure: the line of a feed document (`len` bytes) at moment now_s (seconds since the epoch),
// as spec says. Returns the number of titles in *line (malloc'd; "" when none), or -1 with err
// set when the document is not a feed (not XML, or neither RSS nor Atom). Any thread.
int bt_feed_line(const char *doc, size_t len, const struct bt_feed_spec *spec, int64_t now_s,
                 char **line, char *err, size_t errsize);

// A moment written as RFC 822 (RSS: "Sat, 05 Dec 2026 08:00:00 +0700") or RFC 3339 (Atom:
// "2026-12-05T08:00:00+07:00"), as seconds since the epoch; -1 when it is neither.
int64_t bt_feed_date(const char *text);

struct bt_feeds;

struct bt_feeds_opts {
    const char *cache_dir;
    int interval;               // seconds between polls of each feed
    struct bt_http_opts http;   // credentials, certificates, proxy (interrupt is set here)
};

// Starts the thread (no feed yet). NULL when it cannot (logged).
struct bt_feeds *bt_feeds_start(const struct bt_feeds_opts *o);
// Stops the thread (a transfer stops within a second) and frees f (NULL is fine).
void bt_feeds_stop(struct bt_feeds *f);
// The feeds the playlist reads from now on (copied); their cached lines are read here, so an
// offline start shows them at once. Main thread.
void bt_feeds_want(struct bt_feeds *f, const struct bt_feed_spec *specs, size_t n);
// The line last read of the feed (as spec asks), malloc'd, or NULL when none has been read yet.
// *serial (may be NULL) gets a number that changes when the line does. Any thread.
char *bt_feeds_line(struct bt_feeds *f, const struct bt_feed_spec *spec, unsigned *serial);
// Headless previews: waits (at most `seconds`) until every feed wanted has been polled once.
// Returns 1 when they have.
int bt_feeds_wait(struct bt_feeds *f, double seconds);

#endif
