#include "config/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <ini.h>

#include "base/didyoumean.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/url.h"
#include "base/utf8.h"
#include "config/option.h"
#include "time/parse.h"

// The forms of their own (BT_OPT_FORM), each reading its text into the struct bt_config at base.

static int parse_playlist_url(void *base, const char *v, char *msg, size_t n)
{
    struct bt_config *c = base;
    if (strstr(v, "://") && !bt_url_is_http(v)) {
        snprintf(msg, n, _("'%s' is neither an http(s) URL nor a file path"), v);
        return -1;
    }
    if (strlen(v) >= sizeof(c->playlist_url)) {
        snprintf(msg, n, _("is longer than %zu characters"), sizeof(c->playlist_url) - 1);
        return -1;
    }
    snprintf(c->playlist_url, sizeof(c->playlist_url), "%s", v);
    return 0;
}

static int parse_screen_id(void *base, const char *v, char *msg, size_t n)
{
    struct bt_config *c = base;
    size_t len = strlen(v);
    if (len >= sizeof(c->screen_id)) {
        snprintf(msg, n, _("is longer than %zu characters"), sizeof(c->screen_id) - 1);
        return -1;
    }
    for (const char *p = v; *p; p++) {
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.') {
            // The whole character (a Vietnamese letter is several bytes), shown as it reads.
            const char *q = p;
            bt_utf8_next(&q);
            char ch[16], shown[40];
            snprintf(ch, sizeof(ch), "%.*s", (int)(q - p), p);
            bt_utf8_quote(ch, 1, shown, sizeof(shown));
            snprintf(msg, n,
                     _("'%s' has the character '%s'; use only letters a-z, digits, '-', '_' "
                       "and '.' (e.g. phu-luong-01)"),
                     v, shown);
            return -1;
        }
    }
    snprintf(c->screen_id, sizeof(c->screen_id), "%s", v);
    return 0;
}

static int parse_trusted_keys(void *base, const char *v, char *msg, size_t n);

// Cuts buf at each `sep` into at most max fields. Returns how many there were (max + 1 when
// there were more).
static int split(char *buf, char sep, char **field, int max)
{
    int count = 0;
    for (char *p = buf; p; count++) {
        if (count < max)
            field[count] = p;
        p = strchr(p, sep);
        if (p)
            *p++ = '\0';
        if (count == max)
            return max + 1;
    }
    return count;
}

// Public key files, comma-separated: every playlist must be signed by one of them.
static int parse_trusted_keys(void *base, const char *v, char *msg, size_t n)
{
    struct bt_config *c = base;
    char buf[sizeof(c->trusted_keys[0]) * BT_TRUSTED_KEYS_MAX];
    if (strlen(v) >= sizeof(buf)) {
        snprintf(msg, n, "%s", _("is too long"));
        return -1;
    }
    snprintf(buf, sizeof(buf), "%s", v);
    char *field[BT_TRUSTED_KEYS_MAX + 1];
    int count = split(buf, ',', field, BT_TRUSTED_KEYS_MAX);
    if (count > BT_TRUSTED_KEYS_MAX) {
        snprintf(msg, n, _("names more than %d key files"), BT_TRUSTED_KEYS_MAX);
        return -1;
    }
    int k = 0;
    for (int i = 0; i < count; i++) {
        char *f = field[i];
        while (*f == ' ')
            f++;
        size_t len = strlen(f);
        while (len && f[len - 1] == ' ')
            f[--len] = '\0';
        if (!len)
            continue;
        if (len >= sizeof(c->trusted_keys[0])) {
            snprintf(msg, n, "%s", _("names a path that is too long"));
            return -1;
        }
        snprintf(c->trusted_keys[k++], sizeof(c->trusted_keys[0]), "%s", f);
    }
    c->ntrusted_keys = k;
    return 0;
}

static int parse_output(void *base, const char *v, char *msg, size_t n)
{
    struct bt_config *c = base;
    if (v[0] == '\0' || strcmp(v, "auto") == 0) {
        c->output_set = 0;
        c->output = (struct bt_rect){0, 0, 0, 0};
        return 0;
    }
    long long f[4];
    char buf[128];
    char *field[4];
    snprintf(buf, sizeof(buf), "%s", v);
    int ok = strlen(v) < sizeof(buf) && split(buf, ',', field, 4) == 4;
    for (int i = 0; ok && i < 4; i++)
        ok = bt_option_parse_int(field[i], i < 2 ? 0 : 1, 16384, &f[i]) == 0;
    if (!ok) {
        snprintf(msg, n,
                 _("'%s' is not X,Y,W,H: four whole numbers in display pixels, "
                   "e.g. 0,0,768,384 for a 768x384 LED wall at the top-left corner"),
                 v);
        return -1;
    }
    c->output_set = 1;
    c->output = (struct bt_rect){(int)f[0], (int)f[1], (int)f[2], (int)f[3]};
    return 0;
}

static int parse_display_mode(void *base, const char *v, char *msg, size_t n)
{
    struct bt_config *c = base;
    if (strcmp(v, "auto") == 0) {
        c->mode_w = c->mode_h = c->mode_hz = 0;
        return 0;
    }
    char buf[64];
    char *size[2], *rate[2];
    long long w, h, hz = 0;
    snprintf(buf, sizeof(buf), "%s", v);
    int rates = split(buf, '@', rate, 2);
    if (strlen(v) >= sizeof(buf) || rates > 2 || split(rate[0], 'x', size, 2) != 2 ||
        bt_option_parse_int(size[0], 16, 16384, &w) != 0 ||
        bt_option_parse_int(size[1], 16, 16384, &h) != 0 ||
        (rates == 2 && bt_option_parse_int(rate[1], 0, 500, &hz) != 0)) {
        snprintf(msg, n, _("'%s' is not WxH@HZ (e.g. 1920x1080@60), WxH or auto"), v);
        return -1;
    }
    c->mode_w = (int)w;
    c->mode_h = (int)h;
    c->mode_hz = (int)hz;
    return 0;
}

static int parse_display(void *base, const char *v, char *msg, size_t n)
{
    struct bt_config *c = base;
    if (!v[0] || strlen(v) >= sizeof(c->display)) {
        snprintf(msg, n, "%s", _("is auto, a display's number (0, 1...) or its name"));
        return -1;
    }
    snprintf(c->display, sizeof(c->display), "%s", v);
    return 0;
}

static int parse_window(void *base, const char *v, char *msg, size_t n)
{
    struct bt_config *c = base;
    struct bt_window w;
    char why[200];
    if (strcmp(v, "always") == 0) {
        c->window_start = c->window_end = -1;
        return 0;
    }
    if (bt_window_parse(v, &w, why, sizeof(why)) != 0) {
        snprintf(msg, n, _("%s (or always, for any time)"), why);
        return -1;
    }
    c->window_start = w.start;
    c->window_end = w.end;
    return 0;
}

static int parse_operating_hours(void *base, const char *v, char *msg, size_t n)
{
    struct bt_config *c = base;
    c->oh_set = 0;
    c->oh_n = 0;
    c->oh_days = BT_DAYS_ALL;
    if (!v[0])
        return 0;
    char buf[256], why[200] = "";
    snprintf(buf, sizeof(buf), "%s", v);
    char *hours = buf;
    char *sp = strchr(buf, ' ');
    if (sp) {   // days first
        *sp = '\0';
        hours = sp + 1;
        while (*hours == ' ')
            hours++;
        if (bt_days_parse(buf, &c->oh_days, why, sizeof(why)) != 0)
            goto bad;
    }
    for (char *save = NULL, *w = strtok_r(hours, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        struct bt_window win;
        while (*w == ' ')
            w++;
        if (c->oh_n == 8 || bt_window_parse(w, &win, why, sizeof(why)) != 0)
            goto bad;
        c->oh_start[c->oh_n] = win.start;
        c->oh_end[c->oh_n] = win.end;
        c->oh_n++;
    }
    if (!c->oh_n)
        goto bad;
    c->oh_set = 1;
    return 0;
bad:
    c->oh_set = c->oh_n = 0;
    // A bad day or window is told as everywhere else; a bad shape, with the key's own form.
    if (why[0])
        snprintf(msg, n, "%s", why);
    else
        snprintf(msg, n,
                 _("'%s' is not [DAYS] HH:MM-HH:MM[,HH:MM-HH:MM], e.g. mon-sat 06:30-21:30"), v);
    return -1;
}

static int parse_brightness(void *base, const char *v, char *msg, size_t n)
{
    struct bt_config *c = base;
    c->br_n = 0;
    char buf[256], why[200] = "";
    snprintf(buf, sizeof(buf), "%s", v);
    for (char *save = NULL, *e = strtok_r(buf, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
        // " 18:00-06:00 40": a window, blanks, a percent.
        e += strspn(e, " \t");
        char *pct = strpbrk(e, " \t");
        long long percent;
        struct bt_window w;
        if (pct)
            *pct++ = '\0';
        if (c->br_n == 8 || !pct || bt_option_parse_int(pct, 0, 100, &percent) != 0 ||
            bt_window_parse(e, &w, why, sizeof(why)) != 0) {
            c->br_n = 0;
            if (why[0])
                snprintf(msg, n, "%s", why);
            else
                snprintf(msg, n,
                         _("'%s' is not HH:MM-HH:MM PERCENT[, ...] with PERCENT from 0 to 100, "
                           "e.g. 18:00-06:00 40, 06:00-18:00 100"),
                         v);
            return -1;
        }
        c->br_start[c->br_n] = w.start;
        c->br_end[c->br_n] = w.end;
        c->br_percent[c->br_n++] = (int)percent;
    }
    return 0;
}

// The field of struct bt_config an option sets: its offset and size. A field not of type T
// does not compile (_Generic has no match), as mpv's OPT_* macros check theirs.
#define FIELD(f, T)                                                                                \
    .offset = offsetof(struct bt_config, f) + _Generic(((struct bt_config *)0)->f, T : 0),         \
    .size = sizeof(((struct bt_config *)0)->f)

#define GIB (1LL << 30)

static const struct bt_option_choice rotations[] = {{.name = "0", .value = 0},
                                                    {.name = "90", .value = 90},
                                                    {.name = "180", .value = 180},
                                                    {.name = "270", .value = 270},
                                                    {.name = NULL}};
static const struct bt_option_choice renderers[] = {{.name = "auto"},
                                                    {.name = "opengles2"},
                                                    {.name = "opengl"},
                                                    {.name = "software"},
                                                    {.name = NULL}};
static const struct bt_option_choice log_levels[] = {
    {.name = "error", .value = BT_LOG_ERROR},
    {.name = "warn", .value = BT_LOG_WARN},
    {.name = "warning", .value = BT_LOG_WARN, .alias = 1},
    {.name = "info", .value = BT_LOG_INFO},
    {.name = "debug", .value = BT_LOG_DEBUG},
    {.name = "trace", .value = BT_LOG_TRACE},
    {.name = NULL}};
static const struct bt_option_choice scale_filters[] = {
    {.name = "linear", .value = BT_SCALE_LINEAR},
    {.name = "nearest", .value = BT_SCALE_NEAREST},
    {.name = NULL}};
static const struct bt_option_choice languages[] = {
    {.name = "vi", .value = BT_LANG_VI}, {.name = "en", .value = BT_LANG_EN}, {.name = NULL}};
static const struct bt_option_choice hwdecs[] = {
    {.name = "auto", .value = BT_HWDEC_AUTO},
    {.name = "none", .value = BT_HWDEC_NONE},
    {.name = "h264_v4l2m2m", .value = BT_HWDEC_V4L2M2M},
    {.name = NULL}};

// Every key, once: the reader, the did-you-mean, bangtin.conf and the man page's list go by it
// (tests/test_config.c checks the last two against it).
static const struct bt_option keys[] = {
    {.name = "playlist_url",
     .type = BT_OPT_FORM,
     .default_value = "",
     .help = "The playlist to play; {screen_id} in it is replaced by this screen's id.",
     .values = "an http(s) URL or a file path",
     .parse = parse_playlist_url},
    {.name = "screen_id",
     .type = BT_OPT_FORM,
     .default_value = "",
     .help = "This screen's name, in the server's log and the status; empty: the host name.",
     .values = "letters, digits, -, _ and ., at most 64",
     .parse = parse_screen_id},
    {.name = "language",
     .type = BT_OPT_CHOICE,
     .default_value = "vi",
     .help = "What the status card and the player's log speak; commands follow LANG.",
     FIELD(language, int),
     .choices = languages},
    {.name = "output",
     .type = BT_OPT_FORM,
     .default_value = "auto",
     .help =
         "The rectangle of the display the canvas is shown in, in display pixels; auto: all of it.",
     .values = "X,Y,W,H or auto",
     .parse = parse_output},
    {.name = "rotate",
     .type = BT_OPT_CHOICE,
     .default_value = "0",
     .help = "Turn the canvas clockwise, in degrees.",
     FIELD(rotate, int),
     .choices = rotations},
    {.name = "integer_scale",
     .type = BT_OPT_BOOL,
     .default_value = "false",
     .help = "Scale the canvas by whole numbers only (sharp pixels on LED panels).",
     FIELD(integer_scale, int)},
    {.name = "scale_filter",
     .type = BT_OPT_CHOICE,
     .default_value = "linear",
     .help = "How video and pictures are scaled: linear is smooth, nearest keeps hard pixels.",
     FIELD(scale_filter, int),
     .choices = scale_filters},
    {.name = "renderer",
     .type = BT_OPT_TEXT,
     .default_value = "auto",
     .help = "The SDL renderer: opengles2 on a Raspberry Pi.",
     FIELD(renderer, char *),
     .choices = renderers},
    {.name = "display_mode",
     .type = BT_OPT_FORM,
     .default_value = "auto",
     .help = "The console mode, e.g. 1920x1080@60; auto: the display's own.",
     .values = "WxH@HZ, WxH or auto",
     .parse = parse_display_mode},
    {.name = "display",
     .type = BT_OPT_FORM,
     .default_value = "auto",
     .help = "Which display; auto is the first connected.",
     .values = "auto, its number from 0, or its connector's name (e.g. HDMI-A-2)",
     .parse = parse_display},
    {.name = "log_level",
     .type = BT_OPT_CHOICE,
     .default_value = "info",
     .help = "How much goes to the journal (journalctl -u bangtin).",
     FIELD(log_level, int),
     .choices = log_levels},
    {.name = "ticker_strip_width",
     .type = BT_OPT_INT,
     .default_value = "0",
     .help = "The widest strip a ticker is drawn in, in pixels.",
     FIELD(ticker_strip_width, int),
     .min = 256,
     .max = 65536,
     .zero = N_("the renderer's maximum"),
     .what = N_("a width")},
    {.name = "hwdec",
     .type = BT_OPT_CHOICE,
     .default_value = "auto",
     .help = "Hardware video decoding: auto uses h264_v4l2m2m where there is one.",
     FIELD(hwdec, int),
     .choices = hwdecs},
    {.name = "audio_device",
     .type = BT_OPT_TEXT,
     .default_value = "",
     .help = "The sound output by SDL's name (aplay -L lists them); none: no sound; empty: the "
             "default.",
     FIELD(audio_device, char *)},
    {.name = "cache_dir",
     .type = BT_OPT_FOLDER,
     .default_value = "/var/cache/bangtin",
     .help = "Where downloaded files and the last good playlist are kept.",
     FIELD(cache_dir, char *)},
    {.name = "poll_interval",
     .type = BT_OPT_INT,
     .default_value = "300",
     .help = "Seconds between polls of playlist_url (a random tenth more).",
     FIELD(poll_interval, int),
     .min = 1,
     .max = 86400,
     .what = N_("a number of seconds")},
    {.name = "cache_max_bytes",
     .type = BT_OPT_SIZE,
     .default_value = "0",
     .help = "The cache's budget, in bytes or with K, M or G.",
     FIELD(cache_max_bytes, long long),
     .min = 0,
     .max = 16384 * GIB,
     .zero = N_("no limit")},
    {.name = "cache_min_free",
     .type = BT_OPT_SIZE,
     .default_value = "256M",
     .help = "Disk space the cache always leaves free.",
     FIELD(cache_min_free, long long),
     .min = 0,
     .max = 16384 * GIB,
     .zero = N_("no floor")},
    {.name = "stall_timeout",
     .type = BT_OPT_INT,
     .default_value = "30",
     .help = "Seconds a download may crawl under 1 kB/s before it is dropped (it resumes later).",
     FIELD(stall_timeout, int),
     .min = 1,
     .max = 3600,
     .what = N_("a number of seconds")},
    {.name = "ca_file",
     .type = BT_OPT_FILE,
     .default_value = "",
     .help = "Certificates to trust for https besides the system's (a PEM file).",
     FIELD(ca_file, char *)},
    {.name = "netrc_file",
     .type = BT_OPT_FILE,
     .default_value = "/etc/bangtin/netrc",
     .help = "Passwords for servers that ask (netrc: machine HOST login USER password PW).",
     FIELD(netrc_file, char *)},
    {.name = "ssl_cert",
     .type = BT_OPT_FILE,
     .default_value = "",
     .help = "A client certificate (PEM) for servers that ask for one.",
     FIELD(ssl_cert, char *)},
    {.name = "ssl_key",
     .type = BT_OPT_FILE,
     .default_value = "",
     .help = "The client certificate's private key (PEM), readable by root and bangtin only.",
     FIELD(ssl_key, char *)},
    {.name = "report_url",
     .type = BT_OPT_TEXT,
     .default_value = "",
     .help = "A WebDAV folder the screen reports to: SCREEN_ID/status.json, screen.jpg, plays/.",
     FIELD(report_url, char *)},
    {.name = "screenshot_interval",
     .type = BT_OPT_INT,
     .default_value = "600",
     .help =
         "Seconds between pictures of the screen sent to report_url (and one per new revision).",
     FIELD(screenshot_interval, int),
     .min = 0,
     .max = 86400,
     .zero = N_("no pictures"),
     .what = N_("a number of seconds")},
    {.name = "plays_keep_days",
     .type = BT_OPT_INT,
     .default_value = "60",
     .help = "Days the proof of play (CACHE_DIR/plays/DATE.jsonl) is kept, and longer until sent.",
     FIELD(plays_keep_days, int),
     .min = 0,
     .max = 3660,
     .zero = N_("no log of plays"),
     .what = N_("a number of days")},
    {.name = "plays_upload_interval",
     .type = BT_OPT_INT,
     .default_value = "10800",
     .help = "Seconds between uploads of today's plays to report_url (a past day goes as it can).",
     FIELD(plays_upload_interval, int),
     .min = 0,
     .max = 86400,
     .zero = N_("only whole days"),
     .what = N_("a number of seconds")},
    {.name = "alerts_url",
     .type = BT_OPT_TEXT,
     .default_value = "",
     .help = "A document {\"raised\": [IDs]} that raises overrides on this screen from afar.",
     FIELD(alerts_url, char *)},
    {.name = "alerts_interval",
     .type = BT_OPT_INT,
     .default_value = "15",
     .help = "Seconds between polls of alerts_url (an unchanged document costs a 304).",
     FIELD(alerts_interval, int),
     .min = 2,
     .max = 3600,
     .what = N_("a number of seconds")},
    {.name = "feed_interval",
     .type = BT_OPT_INT,
     .default_value = "600",
     .help = "Seconds between polls of each news feed a ticker reads (an unchanged feed costs a "
             "304).",
     FIELD(feed_interval, int),
     .min = 30,
     .max = 86400,
     .what = N_("a number of seconds")},
    {.name = "trusted_keys",
     .type = BT_OPT_FORM,
     .default_value = "",
     .help = "Public keys (minisign) a playlist must be signed with; empty: signatures unchecked.",
     .values = "key files, comma-separated, at most 8",
     .parse = parse_trusted_keys},
    {.name = "proxy",
     .type = BT_OPT_TEXT,
     .default_value = "",
     .help = "A proxy for http and https, e.g. http://10.0.0.1:3128 (a service inherits no "
             "http_proxy).",
     FIELD(proxy, char *)},
    {.name = "max_download_rate",
     .type = BT_OPT_SIZE,
     .default_value = "0",
     .help = "Download speed limit, in bytes a second.",
     FIELD(max_download_rate, long long),
     .min = 0,
     .max = GIB,
     .zero = N_("no limit"),
     .what = N_("a rate in bytes a second")},
    {.name = "download_window",
     .type = BT_OPT_FORM,
     .default_value = "00:30-05:30",
     .help = "When media downloads, in the playlist's zone; playlists are polled at any time.",
     .values = "HH:MM-HH:MM or always",
     .parse = parse_window},
    {.name = "runtime_dir",
     .type = BT_OPT_FOLDER,
     .default_value = "/run/bangtin",
     .help = "Where the status file and the control socket are kept.",
     FIELD(runtime_dir, char *)},
    {.name = "display_off_command",
     .type = BT_OPT_TEXT,
     .default_value = "",
     .help = "A command run when operating hours end, e.g. cec-ctl --to 0 --standby.",
     FIELD(display_off_command, char *)},
    {.name = "display_on_command",
     .type = BT_OPT_TEXT,
     .default_value = "",
     .help = "A command run when operating hours begin, e.g. cec-ctl --to 0 --image-view-on.",
     FIELD(display_on_command, char *)},
    {.name = "trust_system_clock",
     .type = BT_OPT_BOOL,
     .default_value = "false",
     .help =
         "true on a board with a real-time clock: dated items play without NTP or a server's time.",
     FIELD(trust_system_clock, int)},
    {.name = "clock_sync",
     .type = BT_OPT_TEXT,
     .default_value = "kernel",
     .help =
         "How the player knows NTP has set the clock: kernel, or a file that exists once it has.",
     FIELD(clock_sync, char *)},
    {.name = "operating_hours",
     .type = BT_OPT_FORM,
     .default_value = "",
     .help =
         "Operating hours for playlists that set none, in the playlist's zone; DAYS as mon-fri or "
         "mon,wed.",
     .values = "[DAYS] HH:MM-HH:MM[,HH:MM-HH:MM...], e.g. mon-sat 06:30-21:30",
     .parse = parse_operating_hours},
    {.name = "brightness",
     .type = BT_OPT_FORM,
     .default_value = "",
     .help =
         "Brightness for playlists that set none (a playlist's own win), in the playlist's zone.",
     .values = "HH:MM-HH:MM PERCENT[, ...], PERCENT from 0 to 100, e.g. 18:00-06:00 40",
     .parse = parse_brightness},
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

const struct bt_option *bt_config_option(size_t i)
{
    return i < NKEYS ? &keys[i] : NULL;
}

const char *bt_config_key(size_t i, const char **default_value)
{
    if (i >= NKEYS)
        return NULL;
    if (default_value)
        *default_value = keys[i].default_value;
    return keys[i].name;
}

void bt_config_defaults(struct bt_config *c)
{
    char msg[8];
    memset(c, 0, sizeof(*c));
    for (size_t i = 0; i < NKEYS; i++)
        bt_option_parse(&keys[i], c, keys[i].default_value, msg, sizeof(msg));
}

static void add_error(struct bt_config_errors *errs, const char *file, int line, const char *key,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add_error(struct bt_config_errors *errs, const char *file, int line, const char *key,
                      const char *fmt, ...)
{
    if (!errs)
        return;
    if (errs->count >= BT_CONFIG_MAX_ERRORS) {
        errs->dropped++;
        return;
    }
    struct bt_config_error *e = &errs->items[errs->count++];
    snprintf(e->file, sizeof(e->file), "%s", file);
    e->line = line;
    snprintf(e->key, sizeof(e->key), "%s", key ? key : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof(e->message), fmt, ap);
    va_end(ap);
}

const char *bt_config_suggest_key(const char *name)
{
    const char *names[NKEYS];
    for (size_t i = 0; i < NKEYS; i++)
        names[i] = keys[i].name;
    return bt_suggest(name, names, NKEYS);
}

// Applies one key. Returns 0 or -1 (error added, key reset to its default).
static int apply(struct bt_config *c, const char *file, int line, const char *name,
                 const char *value, struct bt_config_errors *errs)
{
    char msg[256];
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcmp(name, keys[i].name) != 0)
            continue;
        msg[0] = '\0';
        if (bt_option_parse(&keys[i], c, value, msg, sizeof(msg)) == 0)
            return 0;
        add_error(errs, file, line, name, _("%s; using the default '%s'"), msg,
                  keys[i].default_value);
        bt_option_parse(&keys[i], c, keys[i].default_value, msg, sizeof(msg));
        return -1;
    }
    const char *hint = bt_config_suggest_key(name);
    if (hint)
        add_error(errs, file, line, name, _("unknown key; did you mean '%s'?"), hint);
    else
        add_error(errs, file, line, name, _("unknown key; see bangtin(1) for the keys"));
    return -1;
}

struct ini_state {
    FILE *f;
    int line;   // the line the reader returned last: the one inih is parsing
    const char *path;
    struct bt_config *config;
    struct bt_config_errors *errs;
};

static char *read_line(char *str, int num, void *stream)
{
    struct ini_state *st = stream;
    char *r = fgets(str, num, st->f);
    if (r)
        st->line++;
    return r;
}

static int on_ini_value(void *user, const char *section, const char *name, const char *value)
{
    struct ini_state *st = user;
    if (section && section[0]) {
        add_error(st->errs, st->path, st->line, name,
                  _("is in section [%s]; bangtin.conf has no sections, remove that header"),
                  section);
        return 1;
    }
    apply(st->config, st->path, st->line, name, value ? value : "", st->errs);
    return 1;   // keep going: report every error, not the first
}

int bt_config_load_file(struct bt_config *c, const char *path, int missing_ok,
                        struct bt_config_errors *errs)
{
    struct ini_state st = {.path = path, .config = c, .errs = errs};
    st.f = fopen(path, "r");
    if (!st.f) {
        if (errno == ENOENT && missing_ok)
            return 0;
        add_error(errs, path, 0, NULL, _("cannot read the file: %s"), strerror(errno));
        return -1;
    }
    int rc = ini_parse_stream(read_line, &st, on_ini_value, &st);
    fclose(st.f);
    if (rc > 0) {
        add_error(errs, path, rc, NULL,
                  _("this line is not 'key = value' (nor a comment starting with # or ;)"));
    }
    return 0;
}

int bt_config_set(struct bt_config *c, const char *assignment, int index,
                  struct bt_config_errors *errs)
{
    char name[64];
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment || (size_t)(eq - assignment) >= sizeof(name)) {
        add_error(errs, "--set", index, NULL, _("'%s' is not KEY=VALUE"), assignment);
        return -1;
    }
    memcpy(name, assignment, (size_t)(eq - assignment));
    name[eq - assignment] = '\0';
    return apply(c, "--set", index, name, eq + 1, errs);
}

void bt_config_finish(struct bt_config *c)
{
    if (c->screen_id[0])
        return;
    char host[256];
    if (gethostname(host, sizeof(host)) != 0)
        return;
    host[sizeof(host) - 1] = '\0';
    char msg[8];
    if (parse_screen_id(c, host, msg, sizeof(msg)) != 0)
        snprintf(c->screen_id, sizeof(c->screen_id), "unnamed");
}

void bt_config_error_format(const struct bt_config_error *e, char *buf, size_t size)
{
    char where[300];
    if (e->line > 0)
        snprintf(where, sizeof(where), "%s:%d", e->file, e->line);
    else
        snprintf(where, sizeof(where), "%s", e->file);
    if (e->key[0])
        snprintf(buf, size, "%s: %s: %s", where, e->key, e->message);
    else
        snprintf(buf, size, "%s: %s", where, e->message);
}
