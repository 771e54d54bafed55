// Proof of play: every item shown, a JSON line in a day file (CACHE_DIR/plays/YYYY-MM-DD.jsonl,
// the screen's local date when the item began), written so that a power cut loses nothing
// already logged, and uploaded whole to the report folder (SCREEN_ID/plays/YYYY-MM-DD.jsonl).
//
// The render thread only formats a line and queues it (bt_plays_add); a writer thread of its
// own appends what is queued and fdatasyncs once per batch (an SD card wears by its writes: a
// batch is what came while the last one was written, one record when items end one by one).
// The poll thread uploads (bt_plays_upload): a past day's file until the server acknowledged
// its last byte, today's at most every `today_every` seconds; the same PUT again is harmless.
// A file is removed once it is older than keep_days and acknowledged (or never to be sent).
#ifndef BT_NET_PLAYS_H
#define BT_NET_PLAYS_H

#include <stddef.h>
#include <stdint.h>

struct bt_http;
struct bt_plays;

// One item shown. Strings may be NULL (written as ""); times are wall-clock microseconds.
struct bt_play {
    const char *zone;
    const char *override;   // the override whose item it was; NULL: the zone's own
    int item;               // its index in the zone's (or override's) items; -1: the fallback
    const char *id, *src, *sha256, *revision;
    int64_t start_us, end_us;
    int cut_short;   // ended before its time: an override, a new revision, a schedule, a stop
};

// A day file grows no larger: what a hostile playlist of tiny items could cost a day.
#define BT_PLAYS_DAY_MAX (32 * 1024 * 1024)

// Opens the log in `dir` (made if missing) and starts its writer. keep_days: how long a day's
// file stays; upload: whether there is a report folder to acknowledge them. NULL on failure
// (logged).
struct bt_plays *bt_plays_open(const char *dir, int keep_days, int upload);
// Writes what is queued and stops the writer. NULL is fine.
void bt_plays_close(struct bt_plays *pl);

// Queues one record. Any thread (the render thread: no disk, no wait but a short lock). Local
// times are the process's time zone (the playlist's).
void bt_plays_add(struct bt_plays *pl, const struct bt_play *p);

// The local date now ("YYYY-MM-DD"), as the render thread sees it (the only thread that reads
// local time): the day whose file is still growing. Before it is told, the latest record's.
void bt_plays_set_today(struct bt_plays *pl, const char *date);
// Today's date (as above; "" when unknown) and the plays logged today (0 until this run has
// written one: the count is the writer's).
long bt_plays_today(struct bt_plays *pl, char date[11]);

// Sends the day files that the server has not acknowledged to `folder` (ending in '/'), today's
// at most every today_every seconds (0: only once the day is over). Returns 0 when nothing failed,
// else -1 with err set. The poll thread.
int bt_plays_upload(struct bt_plays *pl, struct bt_http *h, const char *folder, int64_t today_every,
                    char *err, size_t errsize);

// What the writer did since it started, for the benchmarks: records, bytes, fdatasyncs.
void bt_plays_stats(struct bt_plays *pl, long long *records, long long *bytes, long long *syncs);

#endif
