// What the updater says: the status file (JSON, for `bangtin status` and for tools), the
// status card's line, the log's problems said once, and `bangtin status` itself. The words
// tell the truth: a revision that waits on a failed file says which file, why, since when
// and when it is tried again; a poll that fails says so, whatever the downloads do.
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/jpeg.h"
#include "base/log.h"
#include "base/url.h"
#include "base/utf8.h"
#include "base/version.h"
#include "net/addresses.h"
#include "net/http.h"
#include "net/plays.h"
#include "net/updater_impl.h"
#include "time/clock.h"
#include "time/zone.h"

int64_t bt_updater_jitter(struct bt_updater *u, int64_t s)
{
    // Both threads draw from the one seed: under the lock.
    pthread_mutex_lock(&u->lock);
    unsigned r = (unsigned)rand_r(&u->seed);
    pthread_mutex_unlock(&u->lock);
    int64_t span = s * 2 / 5;   // from 4/5 to 6/5 of s
    return s - s / 5 + (span > 0 ? (int64_t)(r % (uint64_t)(span + 1)) : 0);
}

void bt_updater_problem(struct bt_problem *said, enum bt_log_level level, const char *key,
                        const char *msg)
{
    if (!key)
        key = msg;
    if (strcmp(said->key, key) == 0)
        return;
    snprintf(said->key, sizeof(said->key), "%.1000s", key);
    snprintf(said->msg, sizeof(said->msg), "%.1000s", msg);
    bt_log(level, "fetch", "%s", msg);
}

void bt_updater_recovered(struct bt_problem *said)
{
    if (said->msg[0])
        BT_INFO("fetch", _("back to normal after: %s"), said->msg);
    said->msg[0] = '\0';
    said->key[0] = '\0';
}

void bt_updater_set_status(struct bt_updater *u, const char *fmt, ...)
{
    va_list ap;
    pthread_mutex_lock(&u->lock);
    va_start(ap, fmt);
    vsnprintf(u->status, sizeof(u->status), fmt, ap);
    va_end(ap);
    pthread_mutex_unlock(&u->lock);
    bt_updater_write_status(u, 0);
}

static const char *state_name(enum bt_obj_state s)
{
    static const char *const names[] = {"queued", "downloading", "failed", "never", "here"};
    return names[s];
}

// The file's name in its URL (its last segment), for a short line.
static const char *file_name(const char *url)
{
    const char *q = strchr(url, '?');
    size_t n = q ? (size_t)(q - url) : strlen(url);
    const char *slash = NULL;
    for (size_t i = 0; i < n; i++)
        if (url[i] == '/')
            slash = url + i;
    return slash && slash[1] ? slash + 1 : url;
}

// A span of seconds, short: "40 s", "12 min", "3 h".
static void span(int64_t s, char *buf, size_t size)
{
    if (s < 0)
        s = 0;
    if (s < 120)
        snprintf(buf, size, _("%lld s"), (long long)s);
    else if (s < 2 * 3600)
        snprintf(buf, size, _("%lld min"), (long long)(s / 60));
    else
        snprintf(buf, size, _("%lld h"), (long long)(s / 3600));
}

static const char *short_reason(enum bt_http_kind kind)
{
    switch (kind) {
    case BT_HTTP_REFUSED: return _("its bytes are not what the playlist says");
    case BT_HTTP_NEVER: return _("its address can never work");
    default: return _("the server did not give it");
    }
}

// The failed object that has failed longest (NULL when none). Under the lock.
static const struct bt_obj *first_failure(const struct bt_updater *u, int *nfailed)
{
    const struct bt_obj *first = NULL;
    *nfailed = 0;
    for (size_t i = 0; i < u->nobjs; i++) {
        const struct bt_obj *o = &u->objs[i];
        if (o->state != BT_OBJ_FAILED && o->state != BT_OBJ_NEVER)
            continue;
        (*nfailed)++;
        if (!first || o->since < first->since)
            first = o;
    }
    return first;
}

// What the screen does, in a short line. With `now` (not 0) it says how long ago and how soon,
// for the status card; without, the status file's line (the file has the moments). Under the
// lock.
static void compose(const struct bt_updater *u, time_t now, char *buf, size_t size)
{
    int nfailed;
    const struct bt_obj *f = first_failure(u, &nfailed);
    char ago[40], soon[40];
    if (f) {
        const char *name = file_name(f->url);
        if (!now) {
            snprintf(buf, size, _("revision %s waits: %s failed (%s)"), u->pending_rev, name,
                     short_reason(f->kind));
            return;
        }
        span(now - f->since, ago, sizeof(ago));
        if (f->state == BT_OBJ_NEVER) {
            snprintf(buf, size, _("failing for %s: %s: %s"), ago, name, short_reason(f->kind));
            return;
        }
        span(f->next - now, soon, sizeof(soon));
        snprintf(buf, size, _("failing for %s: %s: %s; next try in %s"), ago, name,
                 short_reason(f->kind), soon);
        return;
    }
    if (u->poll_problem[0] && now) {
        span(now - u->poll_failing_since, ago, sizeof(ago));
        snprintf(buf, size, _("failing for %s: %s"), ago, u->poll_problem);
        return;
    }
    if (u->poll_problem[0]) {
        snprintf(buf, size, "%s", u->poll_problem);
        return;
    }
    snprintf(buf, size, "%s", u->status);
}

void bt_updater_status(struct bt_updater *u, char *buf, size_t size)
{
    pthread_mutex_lock(&u->lock);
    compose(u, time(NULL), buf, size);
    pthread_mutex_unlock(&u->lock);
}

// What the status file may hold of a URL or a message naming one: no user, password or query
// value (the file is read by staff and tools). Valid until the fourth call after.
static const char *shown(const char *s)
{
    static char bufs[4][2400];
    static int next;
    return bt_url_redact(s ? s : "", bufs[next++ % 4], sizeof(bufs[0]));
}

static json_t *objects_json(const struct bt_updater *u)
{
    json_t *a = json_array();
    for (size_t i = 0; i < u->nobjs; i++) {
        const struct bt_obj *o = &u->objs[i];
        char url[2400];
        snprintf(url, sizeof(url), "%s", shown(o->url));
        json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:s, s:i, s:s, s:I, s:I}", "sha256",
                                           o->sha, "url", url, "size", (json_int_t)o->size, "state",
                                           state_name(o->state), "attempts", o->attempts, "reason",
                                           shown(o->reason), "failing_since", (json_int_t)o->since,
                                           "next_try", (json_int_t)o->next));
    }
    return a;
}

// The status as JSON. Under the lock.
static json_t *status_json(struct bt_updater *u)
{
    char text[640];
    compose(u, 0, text, sizeof(text));
    int nfailed;
    const struct bt_obj *f = first_failure(u, &nfailed);
    time_t failing = f ? f->since : u->poll_failing_since;
    int synced = bt_clock_system_synced(u->clock_sync);
    const char *clock = synced                             ? "synchronised"
                        : u->clock_known && u->clock_plain ? "from an unauthenticated server"
                        : u->clock_known                   ? "confirmed by the server"
                                                           : "not trusted";
    int64_t offset = u->clock_known && !synced ? u->clock_offset_us : 0;
    char url[2400], base[2400], problem[2400], result[2400], state[2400];
    snprintf(url, sizeof(url), "%s", shown(u->url));
    snprintf(base, sizeof(base), "%s", shown(u->base_url));
    snprintf(problem, sizeof(problem), "%s", shown(u->poll_problem));
    snprintf(result, sizeof(result), "%s", shown(u->last_result));
    snprintf(state, sizeof(state), "%s", shown(text));
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:i, s:i, s:I, s:I}, s:I, s:s, s:s, "
                     "s:I, s:I, s:o, s:I, s:s, s:{s:s, s:f}}",
                     "screen_id", u->screen_id, "url", url, "base_url", base, "active_revision",
                     u->active_rev, "timezone", u->active_zone, "pending_revision", u->pending_rev,
                     "next_revision", u->next_rev, "download", "have", u->have, "total", u->total,
                     "bytes_have", (json_int_t)u->bytes_have, "bytes_total",
                     (json_int_t)u->bytes_total, "last_poll", (json_int_t)u->last_poll,
                     "last_result", result, "poll_problem", problem, "failing_since",
                     (json_int_t)failing, "failed_files", (json_int_t)nfailed, "objects",
                     objects_json(u), "cache_bytes", (json_int_t)u->cache_bytes, "state", state,
                     "clock", "state", clock, "offset_s", (double)offset / 1e6);
}

void bt_updater_write_status(struct bt_updater *u, int force)
{
    if (!u->status_path[0])
        return;
    pthread_mutex_lock(&u->write_lock);
    time_t now = time(NULL);
    if (!force && now - u->status_written < 2) {
        pthread_mutex_unlock(&u->write_lock);
        return;
    }
    u->status_written = now;
    pthread_mutex_lock(&u->lock);
    json_t *j = status_json(u);
    pthread_mutex_unlock(&u->lock);
    char *doc = j ? json_dumps(j, JSON_INDENT(2)) : NULL;
    json_decref(j);
    if (doc)
        bt_file_write_atomic(u->status_path, doc, strlen(doc));
    free(doc);
    pthread_mutex_unlock(&u->write_lock);
}

// A moment in the playlist's zone, as the screen shows it.
static void moment(int64_t t, char *buf, size_t size)
{
    snprintf(buf, size, "-");
    if (t <= 0)
        return;
    struct tm tm;
    bt_localtime(t * 1000000, &tm);
    strftime(buf, size, "%Y-%m-%d %H:%M:%S %Z", &tm);
}

// A string of the status file as a terminal may show it: one line, no control character, URLs
// without credentials (the file comes from the player, but its strings from documents and
// servers). Valid until the eighth call after.
static const char *str(json_t *j, const char *key)
{
    static char bufs[8][1200];
    static int next;
    char redacted[1200];
    const char *s = json_string_value(json_object_get(j, key));
    char *out = bufs[next++ % 8];
    bt_url_redact(s ? s : "", redacted, sizeof(redacted));
    return bt_utf8_quote(redacted, 300, out, sizeof(bufs[0]));
}

static long long num(json_t *j, const char *key)
{
    return (long long)json_integer_value(json_object_get(j, key));
}

// The objects that failed, one line each.
static void print_failures(json_t *j, FILE *out)
{
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(j, "objects"), i, o)
    {
        const char *state = str(o, "state");
        if (strcmp(state, "failed") != 0 && strcmp(state, "never") != 0)
            continue;
        char next[64];
        moment(num(o, "next_try"), next, sizeof(next));
        fprintf(out, _("  %s: %s\n"), file_name(str(o, "url")), str(o, "reason"));
        if (strcmp(state, "never") == 0)
            fprintf(out, "%s", _("    not tried again until the playlist changes\n"));
        else
            fprintf(out, _("    %lld tries; the next at %s\n"), num(o, "attempts"), next);
    }
}

int bt_updater_print_status(const char *path, FILE *out)
{
    json_error_t je;
    json_t *j = json_load_file(path, 0, &je);
    if (!j) {
        fprintf(out, _("No status at %s: bangtin is not running, or plays a playlist file.\n"),
                path);
        return 1;
    }
    // Times in the playing playlist's zone, as the screen shows them (this command has one
    // thread: see time/zone.h).
    const char *zone = str(j, "timezone");
    if (*zone)
        bt_timezone_set(zone);
    char when[64], since[64];
    moment(num(j, "last_poll"), when, sizeof(when));
    moment(num(j, "failing_since"), since, sizeof(since));
    const char *active = str(j, "active_revision"), *pending = str(j, "pending_revision");
    json_t *d = json_object_get(j, "download");
    fprintf(out, _("Screen:    %s\n"), str(j, "screen_id"));
    fprintf(out, _("Playlist:  %s\n"), str(j, "url"));
    fprintf(out, _("Playing:   %s\n"), *active ? active : _("nothing yet"));
    if (*pending)
        fprintf(out, _("Pending:   %s (%lld of %lld files here)\n"), pending, num(d, "have"),
                num(d, "total"));
    const char *next = str(j, "next_revision");
    if (*next)
        fprintf(out, _("Next:      %s (after the file downloading now)\n"), next);
    fprintf(out, _("Last poll: %s, %s\n"), when, str(j, "last_result"));
    fprintf(out, _("Cache:     %.1f MB\n"), (double)num(j, "cache_bytes") / 1e6);
    if (num(j, "failing_since"))
        fprintf(out, _("Failing:   since %s\n"), since);
    print_failures(j, out);
    fprintf(out, _("Now:       %s\n"), str(j, "state"));
    json_t *ck = json_object_get(j, "clock");
    double off = json_real_value(json_object_get(ck, "offset_s"));
    fprintf(out, _("Clock:     %s"), str(ck, "state"));
    if (off > 1 || off < -1)
        fprintf(out, _(" (the system's clock is %+.0f s off; schedules run on the server's time)"),
                -off);
    fprintf(out, "%s", "\n");
    json_decref(j);
    return 0;
}

// The board's temperature in degrees Celsius, where the kernel has a thermal zone; NAN if not.
static double temperature(void)
{
    FILE *f = fopen("/sys/class/thermal/thermal_zone0/temp", "r");
    long milli = 0;
    int ok = f && fscanf(f, "%ld", &milli) == 1;
    if (f)
        fclose(f);
    return ok ? milli / 1000.0 : NAN;
}

// REPORT_URL/SCREEN_ID/NAME.
static void report_file_url(const struct bt_updater *u, const char *name, char *url, size_t n)
{
    const char *sep = u->report_url[strlen(u->report_url) - 1] == '/' ? "" : "/";
    snprintf(url, n, "%s%s%s/%s", u->report_url, sep, u->screen_id, name);
}

void bt_updater_report(struct bt_updater *u)
{
    if (!u->report_url[0])
        return;
    char ips[512];
    bt_net_addresses(ips, sizeof(ips));
    double temp = temperature();
    pthread_mutex_lock(&u->lock);
    json_t *s = status_json(u);
    char problem[2400];
    snprintf(problem, sizeof(problem), "%s", shown(u->poll_problem));
    time_t now = time(NULL);
    // What the fleet page shows (packaging/fleet/).
    json_t *r =
        json_pack("{s:s, s:s, s:I, s:I, s:i, s:s, s:s, s:s, s:I, s:O, s:b, s:s}", "screen_id",
                  u->screen_id, "version", BT_VERSION, "reported_at", (json_int_t)now, "uptime_s",
                  (json_int_t)(now - u->started_at), "poll_interval_s", u->opts.poll_interval,
                  "revision", u->active_rev, "pending_revision", u->pending_rev, "problem", problem,
                  "cache_bytes", (json_int_t)u->cache_bytes, "clock", json_object_get(s, "clock"),
                  "display_on", !u->display_dark, "ips", ips);
    long long dropped = u->frames_dropped;
    time_t shot_at = u->shot_sent_at;
    pthread_mutex_unlock(&u->lock);
    json_decref(s);
    if (!r)
        return;
    json_object_set_new(r, "temperature_c", isnan(temp) ? json_null() : json_real(temp));
    json_object_set_new(r, "frames_dropped", json_integer(dropped - u->frames_reported));
    char today[11];
    long plays = bt_plays_today(u->opts.plays, today);
    json_object_set_new(r, "plays_today", u->opts.plays ? json_integer(plays) : json_null());
    json_object_set_new(r, "today", today[0] ? json_string(today) : json_null());
    json_object_set_new(r, "screenshot_at", shot_at ? json_integer(shot_at) : json_null());
    char *doc = json_dumps(r, JSON_INDENT(2));
    json_decref(r);
    if (!doc)
        return;
    char url[2300], err[1200];
    report_file_url(u, "status.json", url, sizeof(url));
    int rc = bt_http_put(u->poll_http, url, doc, strlen(doc), "application/json", err, sizeof(err));
    free(doc);
    if (rc >= 200 && rc <= 299) {
        u->frames_reported = dropped;
        bt_updater_recovered(&u->report_said);
        return;
    }
    char msg[1400];
    snprintf(msg, sizeof(msg), _("the report cannot be sent: %s"), err);
    bt_updater_problem(&u->report_said, BT_LOG_WARN, bt_http_failure(u->poll_http), msg);
}

// The picture's width in the report: a thumbnail for the fleet page, legible enough to tell
// which item shows.
#define SHOT_WIDTH 480

void bt_updater_send_shot(struct bt_updater *u)
{
    pthread_mutex_lock(&u->lock);
    unsigned char *rgb = u->shot;
    int w = u->shot_w, h = u->shot_h;
    u->shot = NULL;
    pthread_mutex_unlock(&u->lock);
    if (!rgb || !u->report_url[0]) {
        free(rgb);
        return;
    }
    size_t len = 0;
    int ow, oh;
    uint8_t *jpg = bt_jpeg_encode(rgb, w, h, w * 3, SHOT_WIDTH, 5, &len, &ow, &oh);
    free(rgb);
    if (!jpg)
        return;
    char url[2300], err[1200];
    report_file_url(u, "screen.jpg", url, sizeof(url));
    int rc = bt_http_put(u->poll_http, url, jpg, len, "image/jpeg", err, sizeof(err));
    free(jpg);
    if (rc >= 200 && rc <= 299) {
        pthread_mutex_lock(&u->lock);
        u->shot_sent_at = time(NULL);
        pthread_mutex_unlock(&u->lock);
        bt_updater_recovered(&u->report_said);
        return;
    }
    char msg[1400];
    snprintf(msg, sizeof(msg), _("the picture of the screen cannot be sent: %s"), err);
    bt_updater_problem(&u->report_said, BT_LOG_WARN, bt_http_failure(u->poll_http), msg);
}

void bt_updater_send_plays(struct bt_updater *u)
{
    if (!u->report_url[0] || !u->opts.plays)
        return;
    char folder[2300], err[1200];
    report_file_url(u, "plays/", folder, sizeof(folder));
    if (bt_plays_upload(u->opts.plays, u->poll_http, folder, u->opts.plays_upload_interval, err,
                        sizeof(err)) == 0)
        return;
    char msg[1400];
    snprintf(msg, sizeof(msg), _("the plays cannot be sent (they are kept and sent later): %s"),
             err);
    bt_updater_problem(&u->report_said, BT_LOG_WARN, bt_http_failure(u->poll_http), msg);
}

int bt_updater_reports(const struct bt_updater *u)
{
    return u && u->report_url[0];
}

void bt_updater_note_frames(struct bt_updater *u, long long dropped)
{
    if (!u)
        return;
    pthread_mutex_lock(&u->lock);
    u->frames_dropped = dropped;
    pthread_mutex_unlock(&u->lock);
}

void bt_updater_give_shot(struct bt_updater *u, unsigned char *rgb, int w, int h)
{
    if (!u) {
        free(rgb);
        return;
    }
    pthread_mutex_lock(&u->lock);
    free(u->shot);
    u->shot = rgb;
    u->shot_w = w;
    u->shot_h = h;
    pthread_cond_broadcast(&u->cond);
    pthread_mutex_unlock(&u->lock);
}

void bt_updater_note_display(struct bt_updater *u, int on)
{
    if (!u)
        return;
    pthread_mutex_lock(&u->lock);
    u->display_dark = !on;
    pthread_mutex_unlock(&u->lock);
}

int bt_updater_alerts(struct bt_updater *u, unsigned *serial, char **ids, size_t *n)
{
    if (!u)
        return 0;
    pthread_mutex_lock(&u->lock);
    int changed = u->alerts_serial != *serial;
    if (changed) {
        *serial = u->alerts_serial;
        *n = 0;
        for (size_t i = 0; i < u->nalerts; i++)
            if ((ids[*n] = strdup(u->alerts[i])))
                (*n)++;
    }
    pthread_mutex_unlock(&u->lock);
    return changed;
}
