#include "net/plays.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/thread.h"
#include "net/http.h"
#include "time/clock.h"
#include "time/zone.h"

// Records queued and not yet written, at most: a writer stuck on a dying card does not take
// the memory with it (what is dropped is counted and said).
#define QUEUE_MAX  4096
// Day files sent in one go (after weeks offline the rest go at the next polls).
#define UPLOAD_MAX 16

struct rec {
    struct rec *next;
    char date[11];
    size_t len;
    char line[];
};

struct bt_plays {
    char *dir;
    int keep_days, upload;
    pthread_t thread;
    int started;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct rec *head, **tail;
    size_t queued;
    long long dropped;
    int quit;
    // The writer's, told under the lock: the latest day written and its count.
    char today[11];
    long today_count;
    char day[11];   // the local date, as the render thread said it ("" not yet)
    long long records, bytes, syncs;
    // The poll thread's.
    int64_t today_sent_us;
};

static int day_name(const char *name, char date[11])
{
    int y, m, d;
    char rest[8];
    if (strlen(name) != 16 || sscanf(name, "%4d-%2d-%2d%7s", &y, &m, &d, rest) != 4 ||
        strcmp(rest, ".jsonl") != 0 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    memcpy(date, name, 10);
    date[10] = '\0';
    return 1;
}

static int64_t day_number(const char *date)
{
    struct tm tm = {0};
    if (sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm) / 86400;
}

// The acknowledged sizes: lines "YYYY-MM-DD BYTES" in DIR/.acked (replaced whole).
struct acked {
    char date[11];
    long long size;
};

static size_t read_acked(const char *dir, struct acked *a, size_t max)
{
    char path[1100];
    snprintf(path, sizeof(path), "%s/.acked", dir);
    FILE *f = fopen(path, "r");
    size_t n = 0;
    if (!f)
        return 0;
    char date[16];
    long long size;
    while (n < max && fscanf(f, "%15s %lld", date, &size) == 2)
        if (strlen(date) == 10) {
            memcpy(a[n].date, date, 11);
            a[n++].size = size;
        }
    fclose(f);
    return n;
}

static long long acked_size(const struct acked *a, size_t n, const char *date)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(a[i].date, date) == 0)
            return a[i].size;
    return -1;
}

// Removes the day files older than keep_days before `today`, once sent (or never to be).
static void expire(struct bt_plays *pl, const char *today)
{
    struct acked ack[400];
    size_t nack = pl->upload ? read_acked(pl->dir, ack, 400) : 0;
    DIR *d = opendir(pl->dir);
    if (!d)
        return;
    int64_t now = day_number(today);
    struct dirent *e;
    char date[11], path[1200];
    while ((e = readdir(d))) {
        if (!day_name(e->d_name, date) || now - day_number(date) <= pl->keep_days)
            continue;
        snprintf(path, sizeof(path), "%s/%s", pl->dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (pl->upload && acked_size(ack, nack, date) != (long long)st.st_size) {
            char key[64];
            snprintf(key, sizeof(key), "plays-unsent-%s", date);
            if (bt_log_first(key))
                BT_WARN("plays",
                        _("the plays of %s are kept past %d days: the server has not "
                          "acknowledged them yet"),
                        date, pl->keep_days);
            continue;
        }
        if (unlink(path) == 0)
            BT_INFO("plays", _("the plays of %s are removed (older than %d days)"), date,
                    pl->keep_days);
    }
    closedir(d);
}

// Opens the day file for appending. A line torn by a power cut (no newline at its end) is cut
// off, so the next record starts a line of its own; *count: the lines already there.
static int open_day(struct bt_plays *pl, const char *date, long *count, long long *size)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/%s.jsonl", pl->dir, date);
    int created = access(path, F_OK) != 0;
    int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
        BT_ERR("plays", _("cannot write the plays to %s: %s"), path, strerror(errno));
        return -1;
    }
    char buf[65536];
    long long at = 0, last_nl = -1;
    *count = 0;
    for (;;) {
        ssize_t k = pread(fd, buf, sizeof(buf), (off_t)at);
        if (k <= 0)
            break;
        for (ssize_t i = 0; i < k; i++)
            if (buf[i] == '\n') {
                (*count)++;
                last_nl = at + i;
            }
        at += k;
    }
    if (last_nl + 1 != at) {
        BT_WARN("plays", _("%s ended in a torn line (a power cut?): %lld bytes cut off"), path,
                at - last_nl - 1);
        if (ftruncate(fd, (off_t)(last_nl + 1)) == 0)
            at = last_nl + 1;
    }
    *size = at;
    if (created)
        bt_file_sync(fd);   // the file and its name in the folder
    return fd;
}

static void *writer_main(void *arg)
{
    pthread_setname_np(pthread_self(), "bt-plays");
    struct bt_plays *pl = arg;
    int fd = -1;
    char open_date[11] = "";
    long count = 0;
    long long size = 0;
    pthread_mutex_lock(&pl->lock);
    for (;;) {
        while (!pl->head && !pl->quit)
            pthread_cond_wait(&pl->cond, &pl->lock);
        if (!pl->head)
            break;
        struct rec *batch = pl->head;
        pl->head = NULL;
        pl->tail = &pl->head;
        pl->queued = 0;
        pthread_mutex_unlock(&pl->lock);
        long long written = 0, bytes = 0, syncs = 0;
        while (batch) {
            struct rec *r = batch;
            batch = r->next;
            if (strcmp(r->date, open_date) != 0) {
                if (fd >= 0) {
                    fdatasync(fd);
                    syncs++;
                    close(fd);
                }
                snprintf(open_date, sizeof(open_date), "%s", r->date);
                fd = open_day(pl, open_date, &count, &size);
                expire(pl, open_date);
            }
            if (fd >= 0 && size + (long long)r->len > BT_PLAYS_DAY_MAX) {
                char key[64];
                snprintf(key, sizeof(key), "plays-full-%s", r->date);
                if (bt_log_first(key))
                    BT_ERR("plays", _("the plays of %s pass %d MiB: no more are logged that day"),
                           r->date, BT_PLAYS_DAY_MAX >> 20);
            } else if (fd >= 0) {
                const char *p = r->line;
                size_t n = r->len;
                while (n > 0) {
                    ssize_t k = write(fd, p, n);
                    if (k < 0 && errno == EINTR)
                        continue;
                    if (k <= 0) {
                        BT_ERR("plays", _("cannot write the plays of %s: %s"), r->date,
                               strerror(errno));
                        break;
                    }
                    p += k;
                    n -= (size_t)k;
                    size += k;
                }
                if (n == 0) {
                    count++;
                    written++;
                    bytes += (long long)r->len;
                }
            }
            free(r);
        }
        if (fd >= 0 && written) {
            fdatasync(fd);   // one per batch: what was logged survives a power cut
            syncs++;
        }
        pthread_mutex_lock(&pl->lock);
        snprintf(pl->today, sizeof(pl->today), "%s", open_date);
        pl->today_count = count;
        pl->records += written;
        pl->bytes += bytes;
        pl->syncs += syncs;
    }
    pthread_mutex_unlock(&pl->lock);
    if (fd >= 0)
        close(fd);
    return NULL;
}

struct bt_plays *bt_plays_open(const char *dir, int keep_days, int upload)
{
    if (bt_file_mkdir_p(dir) != 0) {
        BT_ERR("plays", _("cannot make the plays folder %s: %s"), dir, strerror(errno));
        return NULL;
    }
    struct bt_plays *pl = calloc(1, sizeof(*pl));
    if (!pl || !(pl->dir = strdup(dir))) {
        free(pl);
        return NULL;
    }
    pl->keep_days = keep_days;
    pl->upload = upload;
    pl->tail = &pl->head;
    pthread_mutex_init(&pl->lock, NULL);
    pthread_cond_init(&pl->cond, NULL);
    if (pthread_create(&pl->thread, NULL, writer_main, pl) != 0) {
        BT_ERR("plays", "%s", _("cannot start the plays' writer"));
        bt_plays_close(pl);
        return NULL;
    }
    pl->started = 1;
    return pl;
}

void bt_plays_close(struct bt_plays *pl)
{
    if (!pl)
        return;
    if (pl->started) {
        pthread_mutex_lock(&pl->lock);
        pl->quit = 1;
        pthread_cond_signal(&pl->cond);
        pthread_mutex_unlock(&pl->lock);
        pthread_join(pl->thread, NULL);
    }
    if (pl->records)
        BT_INFO("plays", _("%lld plays logged (%lld bytes, %lld fdatasyncs)"), pl->records,
                pl->bytes, pl->syncs);
    if (pl->dropped)
        BT_ERR("plays", _("%lld plays were not logged: the card did not keep up"), pl->dropped);
    while (pl->head) {
        struct rec *r = pl->head;
        pl->head = r->next;
        free(r);
    }
    pthread_mutex_destroy(&pl->lock);
    pthread_cond_destroy(&pl->cond);
    free(pl->dir);
    free(pl);
}

// "2026-12-06T08:00:10.250+07:00": the local time in the process's zone, with its offset.
static void local_iso(int64_t us, char *out, size_t n, char date[11])
{
    struct tm tm;
    bt_localtime(us, &tm);
    int off = (int)(tm.tm_gmtoff / 60);
    int ms = (int)(((us % 1000000) + 1000000) % 1000000 / 1000);
    char sign = off < 0 ? '-' : '+';
    off = off < 0 ? -off : off;
    char day[40];
    snprintf(day, sizeof(day), "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000, tm.tm_mon + 1,
             tm.tm_mday);
    snprintf(out, n, "%.10sT%02d:%02d:%02d.%03d%c%02d:%02d", day, tm.tm_hour, tm.tm_min, tm.tm_sec,
             ms, sign, off / 60 % 100, off % 60);
    if (date)
        snprintf(date, 11, "%.10s", day);
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

void bt_plays_add(struct bt_plays *pl, const struct bt_play *p)
{
    if (!pl)
        return;
    char start[64], end[64], date[11];
    local_iso(p->start_us, start, sizeof(start), date);
    local_iso(p->end_us, end, sizeof(end), NULL);
    json_t *j = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:f, s:s, s:b}", "zone",
                          or_empty(p->zone), "item", p->item, "id", or_empty(p->id), "src",
                          or_empty(p->src), "sha256", or_empty(p->sha256), "start", start, "end",
                          end, "duration_s", (double)((p->end_us - p->start_us) / 1000) / 1000.0,
                          "revision", or_empty(p->revision), "cut_short", p->cut_short);
    if (j && p->override)
        json_object_set_new(j, "override", json_string(p->override));
    // Compact and one line: JSON escapes every control character, U+2028 and U+2029 included.
    char *line =
        j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(j);
    if (!line)
        return;
    size_t len = strlen(line);
    struct rec *r = malloc(sizeof(*r) + len + 2);
    if (r) {
        r->next = NULL;
        memcpy(r->date, date, sizeof(r->date));
        memcpy(r->line, line, len);
        r->line[len] = '\n';
        r->line[len + 1] = '\0';
        r->len = len + 1;
    }
    free(line);
    pthread_mutex_lock(&pl->lock);
    if (r && pl->queued < QUEUE_MAX) {
        *pl->tail = r;
        pl->tail = &r->next;
        pl->queued++;
        pthread_cond_signal(&pl->cond);
        r = NULL;
    } else {
        pl->dropped++;
    }
    pthread_mutex_unlock(&pl->lock);
    free(r);
}

void bt_plays_set_today(struct bt_plays *pl, const char *date)
{
    if (!pl)
        return;
    pthread_mutex_lock(&pl->lock);
    snprintf(pl->day, sizeof(pl->day), "%s", date);
    pthread_mutex_unlock(&pl->lock);
}

long bt_plays_today(struct bt_plays *pl, char date[11])
{
    if (!pl) {
        date[0] = '\0';
        return 0;
    }
    pthread_mutex_lock(&pl->lock);
    memcpy(date, pl->day[0] ? pl->day : pl->today, 11);
    long n = strcmp(date, pl->today) == 0 ? pl->today_count : 0;
    pthread_mutex_unlock(&pl->lock);
    return n;
}

void bt_plays_stats(struct bt_plays *pl, long long *records, long long *bytes, long long *syncs)
{
    pthread_mutex_lock(&pl->lock);
    *records = pl->records;
    *bytes = pl->bytes;
    *syncs = pl->syncs;
    pthread_mutex_unlock(&pl->lock);
}

static void write_acked(const char *dir, const struct acked *a, size_t n)
{
    char path[1100], *text = malloc(n * 40 + 1);
    if (!text)
        return;
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(text + len, "%s %lld\n", a[i].date, a[i].size);
    snprintf(path, sizeof(path), "%s/.acked", dir);
    bt_file_write_atomic(path, text, len);
    free(text);
}

int bt_plays_upload(struct bt_plays *pl, struct bt_http *h, const char *folder, int64_t today_every,
                    char *err, size_t errsize)
{
    if (!pl)
        return 0;
    enum {
        MAXACK = 400
    };
    struct acked *ack = calloc(MAXACK, sizeof(*ack));
    if (!ack)
        return 0;
    size_t nack = read_acked(pl->dir, ack, MAXACK);
    char today[11];
    bt_plays_today(pl, today);
    DIR *d = opendir(pl->dir);
    if (!d) {
        free(ack);
        return 0;
    }
    int rc = 0, sent = 0, changed = 0;
    int64_t now = bt_time_mono_us();
    struct dirent *e;
    char date[11], path[1200];
    while ((e = readdir(d)) && sent < UPLOAD_MAX) {
        if (!day_name(e->d_name, date))
            continue;
        int is_today = strcmp(date, today) == 0;
        if (is_today && (today_every <= 0 ||
                         (pl->today_sent_us && now - pl->today_sent_us < today_every * 1000000)))
            continue;
        snprintf(path, sizeof(path), "%s/%s", pl->dir, e->d_name);
        struct stat st;
        long long was = acked_size(ack, nack, date);
        if (stat(path, &st) != 0 || (long long)st.st_size == was)
            continue;
        size_t len = 0;
        char *body = bt_file_read_all(path, BT_PLAYS_DAY_MAX + 65536, &len);
        if (!body)
            continue;
        while (len > 0 && body[len - 1] != '\n')
            len--;   // a line the writer is still writing goes next time
        if ((long long)len == was || len == 0) {
            free(body);
            continue;
        }
        char url[2300];
        snprintf(url, sizeof(url), "%s%s", folder, e->d_name);
        int code = bt_http_put(h, url, body, len, "application/x-ndjson", err, errsize);
        free(body);
        sent++;
        if (code < 200 || code > 299) {
            rc = -1;
            break;   // the server is away or refuses: the rest wait for the next poll
        }
        if (is_today)
            pl->today_sent_us = now;
        size_t i = 0;
        while (i < nack && strcmp(ack[i].date, date) != 0)
            i++;
        if (i == nack && nack < MAXACK)
            memcpy(ack[nack++].date, date, 11);
        if (i < nack)
            ack[i].size = (long long)len;
        changed = 1;
    }
    closedir(d);
    if (changed) {
        // Forget the days whose files are gone.
        size_t k = 0;
        for (size_t i = 0; i < nack; i++) {
            snprintf(path, sizeof(path), "%s/%s.jsonl", pl->dir, ack[i].date);
            if (access(path, F_OK) == 0)
                ack[k++] = ack[i];
        }
        write_acked(pl->dir, ack, k);
    }
    free(ack);
    return rc;
}
