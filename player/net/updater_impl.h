// The updater's insides, shared by its three files and nobody else: updater.c (the fetch
// thread, which downloads a revision's objects, and the public calls), poll.c (the poll
// thread, which asks for the playlist on its own schedule, downloads or not) and
// updater_status.c (what both say: the status file, the status card's line, `bangtin status`).
//
// The poll thread hands each new document it has read (parsed, its diagnostics logged once)
// to the fetch thread through `inbox`, and wakes it; when the new revision is urgent or does
// not need the object being downloaded, it asks that download to give way (`preempt`: the
// transfer stops within a second and keeps its bytes to resume). Each thread has its own
// libcurl handle; transfers check `quit` at least once a second.
#ifndef BT_NET_UPDATER_IMPL_H
#define BT_NET_UPDATER_IMPL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include "base/log.h"
#include "net/cache.h"
#include "net/http.h"
#include "net/updater.h"

#define BT_OBJECT_MAX   (16LL << 30)   // bytes a file of a revision may declare
#define BT_REVISION_MAX (64LL << 30)   // bytes all of a revision's files may declare
#define BT_OBJS_SHOWN   64             // objects of the pending revision the status lists

// An object the pending revision still needs, and what became of it.
enum bt_obj_state {
    BT_OBJ_QUEUED,
    BT_OBJ_DOWNLOADING,
    BT_OBJ_FAILED,   // tried again at next_mono
    BT_OBJ_NEVER,    // a URL that can never work: not tried until the playlist changes
    BT_OBJ_HERE,
};

struct bt_obj {
    char sha[65];
    char url[512];
    int64_t size;
    enum bt_obj_state state;
    int attempts;         // failed tries
    time_t since, next;   // failing since, next try (wall clock, for people)
    int64_t next_mono;    // next try (monotonic, us)
    char reason[400];
    enum bt_http_kind kind;   // of the last failure
};

// A problem said once: a retry that meets the same one says nothing more.
struct bt_problem {
    char msg[1024];
    char key[1024];
};

// A document the poll thread read, for the fetch thread.
struct bt_doc {
    char *text;
    size_t len;
    char base[2048];   // the URL it came from after redirects: its relative sources' base
    struct bt_validators v;
    struct bt_playlist *p;
    char *sig;   // its signature (PLAYLIST.minisig), verified; NULL when not signed
    size_t sig_len;
    int64_t signed_at;   // when it was signed (the trusted comment's timestamp); 0: not known
};

struct bt_updater {
    struct bt_updater_opts opts;
    char url[2048], cache_dir[2048], screen_id[80], ca_file[1024], proxy[512], clock_sync[1024];
    char netrc_file[1024], ssl_cert[1024], ssl_key[1024];
    char status_path[2048];
    struct bt_cache *cache;      // the fetch thread's
    struct bt_http *http;        // the fetch thread's: objects
    struct bt_http *poll_http;   // the poll thread's: the playlist
    pthread_t thread, poll_thread;
    int started, poll_started;
    atomic_int quit;              // transfers stop when set
    atomic_int preempt;           // the object being downloaded gives way to a new document
    pthread_mutex_t write_lock;   // one status file written at a time

    pthread_mutex_t lock;   // protects what follows, to the blank line
    pthread_cond_t cond;    // quit, a document for the fetch thread, the first outcome
    int first_done;
    int poll_first_done;         // the first poll's outcome (a document handed over counts later)
    struct bt_playlist *ready;   // complete, not yet taken
    struct bt_doc inbox;         // the newest document read, not yet taken by the fetch thread
    unsigned inbox_serial;       // counts documents put there
    char downloading[65];        // the object being downloaded ("" when none)
    char status[512];            // the fetch side's words for the status card
    char poll_problem[640];      // the poll's failure ("" when the last poll went well)
    time_t poll_failing_since;
    time_t last_poll;
    char last_result[640];
    char active_rev[201], active_zone[80], pending_rev[201], base_url[2048];
    char next_rev[201];   // read and waiting for the fetch thread ("" when none)
    int have, total;
    int64_t bytes_have, bytes_total;   // of the pending revision's objects
    int64_t cache_bytes;               // the cache's size, as the fetch thread last read it
    struct bt_obj objs[BT_OBJS_SHOWN];
    size_t nobjs;
    int clock_known;   // a server's Date header was seen
    int clock_plain;   // ... last over plain HTTP: from a server nobody authenticated
    int64_t clock_offset_us;
    int64_t playing_signed_at;   // when the revision playing was signed (0: not signed)
    int display_dark;            // outside operating hours (the main thread says)
    long long frames_dropped;    // since the start (the main thread says)
    unsigned char *shot;         // a picture of the output waiting to be sent (RGB24)
    int shot_w, shot_h;
    // The overrides the alerts document raises (BT_ALERTS_MAX at most), counted by serial.
    char *alerts[BT_ALERTS_MAX];
    size_t nalerts;
    unsigned alerts_serial;
    int64_t alerts_signed_at;            // when the alerts document taken was signed (rollback)
    time_t started_at;                   // when the player started
    int64_t window_from, window_until;   // the download window, as moments

    // The fetch thread's own.
    struct bt_playlist *playing;   // its reading of the revision handed over last
    char *playing_doc;             // that revision's document as served
    size_t playing_len;
    char *playing_sig;   // and its signature (NULL: none)
    size_t playing_sig_len;
    char playing_base[2048];
    struct bt_doc pending;          // a new document whose objects are not all here yet
    struct bt_playlist *deferred;   // a revision an urgent one pre-empted: its partials stay
    int repair;   // the pending document is the playing one, an object of it damaged
    int percent;
    struct bt_problem fetch_said;
    time_t status_written;

    // The poll thread's own.
    struct bt_problem poll_said;
    struct bt_problem report_said;
    struct bt_problem alerts_said;
    char report_url[1024];
    long long frames_reported;   // frames_dropped as the last report told it
    time_t shot_sent_at;         // when screen.jpg was last sent (0: not yet)
    unsigned seed;
};

// updater_status.c
// Writes the status file (atomically; at most every 2 s unless forced). Either thread.
void bt_updater_write_status(struct bt_updater *u, int force);
// Sends SCREEN_ID/status.json to the report folder (when there is one). The poll thread.
void bt_updater_report(struct bt_updater *u);
// Sends the picture waiting, if one is (SCREEN_ID/screen.jpg). The poll thread.
void bt_updater_send_shot(struct bt_updater *u);
// Sends the day files of plays the server lacks (SCREEN_ID/plays/). The poll thread.
void bt_updater_send_plays(struct bt_updater *u);
// Sets the fetch side's words for the status card (and writes the status file soon).
void bt_updater_set_status(struct bt_updater *u, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
// Logs a problem once (`key` tells problems apart; NULL: the message itself); and says when
// it is over.
void bt_updater_problem(struct bt_problem *said, enum bt_log_level level, const char *key,
                        const char *msg);
void bt_updater_recovered(struct bt_problem *said);
// `s` seconds give or take a fifth, so that a fleet does not retry in step.
int64_t bt_updater_jitter(struct bt_updater *u, int64_t s);

// poll.c
void *bt_updater_poll_main(void *arg);
// Whether any item of p (or of its overrides) is urgent.
int bt_updater_urgent(const struct bt_playlist *p);
// Whether p needs the object `sha`.
int bt_updater_needs(const struct bt_playlist *p, const char *sha);
void bt_doc_clear(struct bt_doc *d);

#endif
