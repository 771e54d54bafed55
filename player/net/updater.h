// The updater: a poll thread asks for the playlist URL every poll interval (conditionally: an
// unchanged playlist costs a 304), while a fetch thread downloads every object a new revision
// needs into the cache and hands the revision to the player only when all of them are there
// and verified — until then the previous one plays. A new revision seen during a download waits
// for it, unless it is urgent or no longer needs that object: then the download gives way
// (its bytes kept). Failures are remembered per object (wrong bytes wait hours, a URL that can
// never work waits for a new playlist), other errors back off up to the poll interval, every
// retry jittered. The active revision's document is kept in the cache with the URL it came
// from after redirects, so a screen plays it at the next boot without the network.
// The render loop never waits on it (but headless previews may, see bt_updater_wait_first).
#ifndef BT_NET_UPDATER_H
#define BT_NET_UPDATER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "playlist/playlist.h"

struct bt_updater_opts {
    const char *url;
    const char *cache_dir;
    const char *screen_id;
    int poll_interval;         // seconds
    int64_t cache_max_bytes;   // 0: no budget
    const char *ca_file;
    const char *netrc_file, *ssl_cert, *ssl_key;
    const char *proxy;
    long max_rate;                  // bytes per second; 0: no limit
    int window_start, window_end;   // minutes; start < 0: downloads at any time
    // The window's span that is open now or opens next, as moments (seconds since the epoch),
    // computed by the player in the playlist's time zone: this thread reads no local time.
    int64_t window_from, window_until;
    const char *status_path;   // where to keep the status file (JSON); NULL: none
    int stall_timeout;         // seconds under 1 kB/s before a transfer is given up; 0: 30
    int64_t cache_min_free;    // bytes the cache's disk keeps free; 0: no floor
    const char
        *clock_sync;   // how the system's clock is known synchronised (bt_clock_system_synced)
    const struct bt_trust *trust;   // the keys playlists must be signed with; NULL: unchecked
    const char *report_url;         // a WebDAV folder to report to ("" or NULL: none)
    const char *alerts_url;         // a document raising overrides from afar ("" or NULL: none)
    int alerts_interval;            // seconds between its polls
    struct bt_plays *plays;         // the proof of play to upload (NULL: none)
    int plays_upload_interval;      // seconds between uploads of today's plays
};

struct bt_updater;
struct bt_trust;

// Starts the thread. Returns NULL with err set when the cache cannot be opened.
struct bt_updater *bt_updater_start(const struct bt_updater_opts *o, char *err, size_t errsize);
// Stops both threads (transfers in progress stop within a second, keeping their bytes) and
// frees u (NULL is fine). Main thread.
void bt_updater_stop(struct bt_updater *u);

// The last revision that was complete in the cache, read now (before any thread starts), or
// NULL. Its sources point into the cache. The caller owns it. With trust, only when the
// signature kept with it verifies (the reason is logged otherwise).
struct bt_playlist *bt_updater_last_good(const char *cache_dir, const struct bt_trust *trust);

#define BT_ALERTS_MAX 64   // overrides one alerts document may raise

// The overrides the alerts document raises now, when they changed since *serial (updated):
// ids[] gets at most BT_ALERTS_MAX copies (free each), *n how many. Returns 1 when they changed.
// Main thread.
int bt_updater_alerts(struct bt_updater *u, unsigned *serial, char **ids, size_t *n);

// Whether the display is on (outside operating hours it is dark), for the reports. Main thread.
void bt_updater_note_display(struct bt_updater *u, int on);
// Frames the display missed since the player started (the reports say how many since the
// last one). Main thread.
void bt_updater_note_frames(struct bt_updater *u, long long dropped);
// Whether there is a report folder to send pictures of the screen to. Any thread.
int bt_updater_reports(const struct bt_updater *u);
// A picture of the output to send as SCREEN_ID/screen.jpg (scaled down and encoded on the poll
// thread): RGB24, w x h, rows w * 3 bytes apart. The updater takes rgb (and frees it); one
// waiting is replaced by a newer. Main thread.
void bt_updater_give_shot(struct bt_updater *u, unsigned char *rgb, int w, int h);

// A newer complete revision, if one came since the last call (the caller owns it), else NULL.
// Main thread.
struct bt_playlist *bt_updater_take(struct bt_updater *u);

// Headless previews: waits (at most timeout_s) until the first poll has an outcome.
void bt_updater_wait_first(struct bt_updater *u, int timeout_s);

// `bangtin status`: prints the status file for a person. Returns the exit status (1 when there
// is none).
int bt_updater_print_status(const char *path, FILE *out);

// Whether a server's Date header was seen, and its offset from this machine's clock
// (server minus local). Any thread.
int bt_updater_clock(struct bt_updater *u, int64_t *offset_us);

// The download window's span that is open now or opens next, as moments (seconds since the
// epoch, on the system's clock): media downloads while the system's clock is in it. The player
// gives the next one when this one is over, and again when the time zone changes. Main thread.
void bt_updater_set_window(struct bt_updater *u, int64_t from, int64_t until);

// What it is doing, in plain words, for the status card: a failure says for how long and when
// it is tried again ("failing for 12 min: x.png: …; next try in 48 min"). Any thread.
void bt_updater_status(struct bt_updater *u, char *buf, size_t size);

#endif
