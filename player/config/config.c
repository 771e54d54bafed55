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
#include "time/parse.h"

// A key's parser: sets its field from `value`, or writes a message and returns -1.
typedef int (*parse_fn)(struct bt_config *c, const char *value, char *msg, size_t msgsize);

struct key_def {
    const char *name;
    const char *default_value;
    parse_fn parse;
};

static int parse_playlist_url(struct bt_config *c, const char *v, char *msg, size_t n)
{
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

static int parse_screen_id(struct bt_config *c, const char *v, char *msg, size_t n)
{
    size_t len = strlen(v);
    if (len >= sizeof(c->screen_id)) {
        snprintf(msg, n, _("is longer than %zu characters"), sizeof(c->screen_id) - 1);
        return -1;
    }
    for (const char *p = v; *p; p++) {
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.') {
            snprintf(msg, n,
                     _("'%s' has the character '%c'; use only letters a-z, digits, '-', '_' "
                       "and '.' (e.g. phu-luong-01)"),
                     v, *p);
            return -1;
        }
    }
    snprintf(c->screen_id, sizeof(c->screen_id), "%s", v);
    return 0;
}

// Parses a whole decimal integer. Returns 0 or -1.
static int parse_int(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    while (end && isspace((unsigned char)*end))
        end++;
    if (errno || end == s || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static int parse_output(struct bt_config *c, const char *v, char *msg, size_t n)
{
    if (v[0] == '\0' || strcmp(v, "auto") == 0) {
        c->output_set = 0;
        c->output = (struct bt_rect){0, 0, 0, 0};
        return 0;
    }
    long f[4];
    char buf[128];
    char *field[5];
    int nfields = 0;
    snprintf(buf, sizeof(buf), "%s", v);
    for (char *p = buf; nfields < 5; p++) {
        field[nfields++] = p;
        p = strchr(p, ',');
        if (!p)
            break;
        *p = '\0';
    }
    int ok = nfields == 4 && strlen(v) < sizeof(buf);
    for (int i = 0; ok && i < 4; i++)
        ok = parse_int(field[i], i < 2 ? 0 : 1, 16384, &f[i]) == 0;
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

static int parse_rotate(struct bt_config *c, const char *v, char *msg, size_t n)
{
    long r;
    if (parse_int(v, 0, 270, &r) || r % 90) {
        snprintf(msg, n, _("'%s' is not one of 0, 90, 180, 270"), v);
        return -1;
    }
    c->rotate = (int)r;
    return 0;
}

static int parse_bool_value(const char *v)
{
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0)
            return 1;
        if (strcasecmp(v, no[i]) == 0)
            return 0;
    }
    return -1;
}

static int parse_integer_scale(struct bt_config *c, const char *v, char *msg, size_t n)
{
    int b = parse_bool_value(v);
    if (b < 0) {
        snprintf(msg, n, _("'%s' is not true or false"), v);
        return -1;
    }
    c->integer_scale = b;
    return 0;
}

static int parse_trust_clock(struct bt_config *c, const char *v, char *msg, size_t n)
{
    int b = parse_bool_value(v);
    if (b < 0) {
        snprintf(msg, n, _("'%s' is not true or false"), v);
        return -1;
    }
    c->trust_system_clock = b;
    return 0;
}

static int parse_display_mode(struct bt_config *c, const char *v, char *msg, size_t n)
{
    int w = 0, h = 0, hz = 0, used = 0;
    if (strcmp(v, "auto") == 0) {
        c->mode_w = c->mode_h = c->mode_hz = 0;
        return 0;
    }
    if ((sscanf(v, "%dx%d@%d%n", &w, &h, &hz, &used) != 3 &&
         (used = 0, sscanf(v, "%dx%d%n", &w, &h, &used) != 2)) ||
        v[used] || w < 16 || h < 16 || w > 16384 || h > 16384 || hz < 0 || hz > 500) {
        snprintf(msg, n, _("'%s' is not WxH@HZ (e.g. 1920x1080@60), WxH or auto"), v);
        return -1;
    }
    c->mode_w = w;
    c->mode_h = h;
    c->mode_hz = hz;
    return 0;
}

static int parse_display(struct bt_config *c, const char *v, char *msg, size_t n)
{
    if (!v[0] || strlen(v) >= sizeof(c->display)) {
        snprintf(msg, n, "%s", _("is auto, a display's number (0, 1...) or its name"));
        return -1;
    }
    snprintf(c->display, sizeof(c->display), "%s", v);
    return 0;
}

static int parse_renderer(struct bt_config *c, const char *v, char *msg, size_t n)
{
    static const char *const names[] = {"auto", "opengles2", "opengl", "software"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(v, names[i]) == 0) {
            snprintf(c->renderer, sizeof(c->renderer), "%s", v);
            return 0;
        }
    }
    snprintf(msg, n, _("'%s' is not one of auto, opengles2, opengl, software"), v);
    return -1;
}

static int parse_log_level(struct bt_config *c, const char *v, char *msg, size_t n)
{
    int l = bt_log_level_parse(v);
    if (l < 0) {
        snprintf(msg, n, _("'%s' is not one of error, warn, info, debug, trace"), v);
        return -1;
    }
    c->log_level = l;
    return 0;
}

static int parse_strip_width(struct bt_config *c, const char *v, char *msg, size_t n)
{
    long w;
    if (parse_int(v, 0, 65536, &w) || (w != 0 && w < 256)) {
        snprintf(msg, n, _("'%s' is not 0 (the renderer's maximum) or a width from 256 to 65536"),
                 v);
        return -1;
    }
    c->ticker_strip_width = (int)w;
    return 0;
}

static int parse_hwdec(struct bt_config *c, const char *v, char *msg, size_t n)
{
    static const char *const names[] = {"auto", "none", "h264_v4l2m2m"};
    for (int i = 0; i < 3; i++) {
        if (strcmp(v, names[i]) == 0) {
            c->hwdec = i;
            return 0;
        }
    }
    snprintf(msg, n, _("'%s' is not one of auto, none, h264_v4l2m2m"), v);
    return -1;
}

static int parse_audio_device(struct bt_config *c, const char *v, char *msg, size_t n)
{
    if (strlen(v) >= sizeof(c->audio_device)) {
        snprintf(msg, n, _("is longer than %zu characters"), sizeof(c->audio_device) - 1);
        return -1;
    }
    snprintf(c->audio_device, sizeof(c->audio_device), "%s", v);
    return 0;
}

static int parse_cache_dir(struct bt_config *c, const char *v, char *msg, size_t n)
{
    if (v[0] != '/' || strlen(v) >= sizeof(c->cache_dir)) {
        snprintf(msg, n, _("'%s' is not an absolute folder, e.g. /var/cache/bangtin"), v);
        return -1;
    }
    snprintf(c->cache_dir, sizeof(c->cache_dir), "%s", v);
    return 0;
}

static int parse_poll_interval(struct bt_config *c, const char *v, char *msg, size_t n)
{
    long s;
    if (parse_int(v, 1, 86400, &s)) {
        snprintf(msg, n, _("'%s' is not a number of seconds from 1 to 86400"), v);
        return -1;
    }
    c->poll_interval = (int)s;
    return 0;
}

static int parse_cache_max(struct bt_config *c, const char *v, char *msg, size_t n)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    double unit = 1;
    if (end != v && (*end == 'K' || *end == 'k'))
        unit = 1024, end++;
    else if (end != v && (*end == 'M' || *end == 'm'))
        unit = 1024.0 * 1024, end++;
    else if (end != v && (*end == 'G' || *end == 'g'))
        unit = 1024.0 * 1024 * 1024, end++;
    if (errno || end == v || *end || x < 0) {
        snprintf(msg, n, _("'%s' is not a size such as 0 (no limit), 500M or 8G"), v);
        return -1;
    }
    c->cache_max_bytes = (long long)(x * unit);
    return 0;
}

static int parse_cache_min_free(struct bt_config *c, const char *v, char *msg, size_t n)
{
    long long saved = c->cache_max_bytes;
    if (parse_cache_max(c, v, msg, n) != 0) {
        snprintf(msg, n, _("'%s' is not a size such as 0 (no floor), 256M or 1G"), v);
        return -1;
    }
    c->cache_min_free = c->cache_max_bytes;
    c->cache_max_bytes = saved;
    return 0;
}

static int parse_stall_timeout(struct bt_config *c, const char *v, char *msg, size_t n)
{
    long s;
    if (parse_int(v, 1, 3600, &s)) {
        snprintf(msg, n, _("'%s' is not a number of seconds from 1 to 3600"), v);
        return -1;
    }
    c->stall_timeout = (int)s;
    return 0;
}

static int parse_ca_file(struct bt_config *c, const char *v, char *msg, size_t n)
{
    if ((v[0] && v[0] != '/') || strlen(v) >= sizeof(c->ca_file)) {
        snprintf(msg, n, _("'%s' is not an absolute file path"), v);
        return -1;
    }
    snprintf(c->ca_file, sizeof(c->ca_file), "%s", v);
    return 0;
}

static int parse_proxy(struct bt_config *c, const char *v, char *msg, size_t n)
{
    if (strlen(v) >= sizeof(c->proxy)) {
        snprintf(msg, n, _("is longer than %zu characters"), sizeof(c->proxy) - 1);
        return -1;
    }
    snprintf(c->proxy, sizeof(c->proxy), "%s", v);
    return 0;
}

static int parse_rate(struct bt_config *c, const char *v, char *msg, size_t n)
{
    long long saved = c->cache_max_bytes;
    if (parse_cache_max(c, v, msg, n) != 0) {
        snprintf(msg, n,
                 _("'%s' is not a rate such as 0 (no limit), 500K or 2M (bytes a "
                   "second)"),
                 v);
        return -1;
    }
    c->max_download_rate = c->cache_max_bytes;
    c->cache_max_bytes = saved;
    return 0;
}

static int parse_window(struct bt_config *c, const char *v, char *msg, size_t n)
{
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

static int parse_runtime_dir(struct bt_config *c, const char *v, char *msg, size_t n)
{
    if (v[0] != '/' || strlen(v) >= sizeof(c->runtime_dir)) {
        snprintf(msg, n, _("'%s' is not an absolute folder, e.g. /run/bangtin"), v);
        return -1;
    }
    snprintf(c->runtime_dir, sizeof(c->runtime_dir), "%s", v);
    return 0;
}

static int parse_command(char *dst, size_t cap, const char *v, char *msg, size_t n)
{
    if (strlen(v) >= cap) {
        snprintf(msg, n, _("is longer than %zu characters"), cap - 1);
        return -1;
    }
    snprintf(dst, cap, "%s", v);
    return 0;
}

static int parse_display_off(struct bt_config *c, const char *v, char *msg, size_t n)
{
    return parse_command(c->display_off_command, sizeof(c->display_off_command), v, msg, n);
}

static int parse_display_on(struct bt_config *c, const char *v, char *msg, size_t n)
{
    return parse_command(c->display_on_command, sizeof(c->display_on_command), v, msg, n);
}

static int parse_operating_hours(struct bt_config *c, const char *v, char *msg, size_t n)
{
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

static int parse_brightness(struct bt_config *c, const char *v, char *msg, size_t n)
{
    c->br_n = 0;
    char buf[256], why[200] = "";
    snprintf(buf, sizeof(buf), "%s", v);
    for (char *save = NULL, *e = strtok_r(buf, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
        char window[64];
        int pct, used = 0;
        struct bt_window w;
        if (c->br_n == 8 || sscanf(e, " %63s %d %n", window, &pct, &used) != 2 || e[used] ||
            pct < 0 || pct > 100 || bt_window_parse(window, &w, why, sizeof(why)) != 0) {
            c->br_n = 0;
            if (why[0])
                snprintf(msg, n, "%s", why);
            else
                snprintf(msg, n,
                         _("'%s' is not HH:MM-HH:MM PERCENT[, ...], e.g. "
                           "18:00-06:00 40, 06:00-18:00 100"),
                         v);
            return -1;
        }
        c->br_start[c->br_n] = w.start;
        c->br_end[c->br_n] = w.end;
        c->br_percent[c->br_n++] = pct;
    }
    return 0;
}

static const struct key_def keys[] = {
    {"playlist_url", "", parse_playlist_url},
    {"screen_id", "", parse_screen_id},
    {"output", "auto", parse_output},
    {"rotate", "0", parse_rotate},
    {"integer_scale", "false", parse_integer_scale},
    {"renderer", "auto", parse_renderer},
    {"display_mode", "auto", parse_display_mode},
    {"display", "auto", parse_display},
    {"log_level", "info", parse_log_level},
    {"ticker_strip_width", "0", parse_strip_width},
    {"hwdec", "auto", parse_hwdec},
    {"audio_device", "", parse_audio_device},
    {"cache_dir", "/var/cache/bangtin", parse_cache_dir},
    {"poll_interval", "300", parse_poll_interval},
    {"cache_max_bytes", "0", parse_cache_max},
    {"cache_min_free", "256M", parse_cache_min_free},
    {"stall_timeout", "30", parse_stall_timeout},
    {"ca_file", "", parse_ca_file},
    {"proxy", "", parse_proxy},
    {"max_download_rate", "0", parse_rate},
    {"download_window", "00:30-05:30", parse_window},
    {"runtime_dir", "/run/bangtin", parse_runtime_dir},
    {"display_off_command", "", parse_display_off},
    {"display_on_command", "", parse_display_on},
    {"trust_system_clock", "false", parse_trust_clock},
    {"operating_hours", "", parse_operating_hours},
    {"brightness", "", parse_brightness},
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

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
        keys[i].parse(c, keys[i].default_value, msg, sizeof(msg));
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
        if (keys[i].parse(c, value, msg, sizeof(msg)) == 0)
            return 0;
        add_error(errs, file, line, name, _("%s; using the default '%s'"), msg,
                  keys[i].default_value);
        keys[i].parse(c, keys[i].default_value, msg, sizeof(msg));
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
