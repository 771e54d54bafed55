// Items: image, text, ticker, clock, video — their fields, defaults and sources.
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/didyoumean.h"
#include "base/i18n.h"
#include "base/sha256.h"
#include "base/url.h"
#include "playlist/read_fields.h"
#include "time/parse.h"

static const char *const type_names[BT_ITEM_TYPES] = {"image", "text", "ticker",   "clock",
                                                      "video", "qr",   "countdown"};

const char *bt_item_type_name(enum bt_item_type t)
{
    return (unsigned)t < BT_ITEM_TYPES ? type_names[t] : "?";
}

// The fields each type knows (besides the common ones).
static const char *const common_keys[] = {"type", "id", "schedule", "urgent", "transition"};
static const char *const keys_image[] = {"src", "sha256", "size", "duration", "fit"};
static const char *const keys_text[] = {"text",       "duration", "font_size", "color",
                                        "background", "align",    "valign",    "bold"};
static const char *const keys_ticker[] = {"text",      "speed",      "color",     "background",
                                          "font_size", "passes",     "duration",  "bold",
                                          "feed",      "feed_items", "feed_days", "separator"};
static const char *const keys_clock[] = {"format",   "color", "background", "font_size",
                                         "duration", "align", "valign",     "bold"};
static const char *const keys_video[] = {"src",    "sha256", "size",     "muted",
                                         "volume", "plays",  "duration", "fit"};
static const char *const keys_qr[] = {"text",       "caption",   "duration", "color",
                                      "background", "font_size", "bold"};
static const char *const keys_countdown[] = {"to",         "text",  "after",  "duration",  "color",
                                             "background", "align", "valign", "font_size", "bold"};

static const struct {
    const char *const *keys;
    size_t n;
} type_keys[BT_ITEM_TYPES] = {
    {keys_image, sizeof(keys_image) / sizeof(keys_image[0])},
    {keys_text, sizeof(keys_text) / sizeof(keys_text[0])},
    {keys_ticker, sizeof(keys_ticker) / sizeof(keys_ticker[0])},
    {keys_clock, sizeof(keys_clock) / sizeof(keys_clock[0])},
    {keys_video, sizeof(keys_video) / sizeof(keys_video[0])},
    {keys_qr, sizeof(keys_qr) / sizeof(keys_qr[0])},
    {keys_countdown, sizeof(keys_countdown) / sizeof(keys_countdown[0])},
};

static const char *const fit_names[] = {"contain", "cover", "stretch"};
static const char *const align_names[] = {"left", "center", "right"};
static const char *const valign_names[] = {"top", "middle", "bottom"};
static const char *const clock_tokens[] = {
    "weekday", "weekday_short", "d", "dd", "m", "mm", "month", "yyyy", "yy", "H", "HH", "MM", "SS"};
static const char *const countdown_tokens[] = {"days", "hours", "minutes"};
static const char *const transition_names[] = {"cut", "fade", "slide", "wipe"};
static const char *const direction_names[] = {"left", "up"};

#define DEFAULT_DURATION   10.0
#define MAX_DURATION       86400.0
#define MAX_TEXT           10000
#define MAX_QR_BYTES       2331   // a QR code's 8-bit capacity at error correction M (version 40)
#define DEFAULT_TRANSITION 0.8    // seconds
#define MAX_TRANSITION     10.0

void pl_item_free(struct bt_item *it)
{
    if (!it)
        return;
    free(it->id);
    free(it->path);
    pl_schedule_free(it->schedule);
    free(it->source.src);
    free(it->source.resolved);
    free(it->text);
    free(it->caption);
    free(it->after);
    free(it->feed);
    free(it->separator);
    memset(it, 0, sizeof(*it));
}

// In check mode, a local file must exist and match the size and sha256 it claims.
static int check_local(struct pl_ctx *c, enum pl_level level, const char *path,
                       const struct bt_source *s)
{
    char p[PL_PATH];
    struct stat st;
    if (stat(s->resolved, &st) != 0) {
        pl_problem(c, level, pl_join(p, path, "src"), 0, _("file not found: %s"), s->resolved);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        pl_problem(c, level, pl_join(p, path, "src"), 0,
                   S_ISDIR(st.st_mode) ? _("%s is not a regular file: it is a folder")
                                       : _("%s is not a regular file: it is a device, a FIFO "
                                           "or a socket"),
                   s->resolved);
        return -1;
    }
    if (s->size >= 0 && st.st_size != s->size) {
        pl_problem(c, level, pl_join(p, path, "size"), 0,
                   _("is %lld but the file has %lld bytes; correct it (bangtin pack writes it)"),
                   (long long)s->size, (long long)st.st_size);
        return -1;
    }
    if (s->has_sha256) {
        char hex[65];
        int64_t size;
        if (bt_sha256_file(s->resolved, hex, &size) != 0) {
            pl_problem(c, level, pl_join(p, path, "src"), 0, _("cannot read %s: %s"), s->resolved,
                       strerror(errno));
            return -1;
        }
        if (strcmp(hex, s->sha256) != 0) {
            pl_problem(c, level, pl_join(p, path, "sha256"), 0,
                       _("does not match the file (its sha256 is %s); the file changed or the "
                         "value is wrong"),
                       hex);
            return -1;
        }
    }
    return 0;
}

static int source(struct pl_ctx *c, enum pl_level level, json_t *j, const char *path,
                  struct bt_source *s)
{
    char p[PL_PATH];
    s->size = -1;
    if (pl_string(c, level, j, path, "src", 1, 4096, &s->src) != 0)
        return -1;
    struct bt_pos at = {0, 0};
    bt_jsonpos_find(c->pos, pl_join(p, path, "src"), NULL, &at);
    s->src_line = at.line;
    s->src_column = at.column;
    if (strstr(s->src, "://") && !bt_url_is_http(s->src)) {
        pl_problem(c, level, pl_join(p, path, "src"), 0,
                   _("\"%s\" is neither an http(s) address nor a file path"), s->src);
        return -1;
    }
    char err[200];
    s->resolved = bt_url_join(c->base, s->src, err, sizeof(err));
    if (!s->resolved) {
        pl_problem(c, level, pl_join(p, path, "src"), 0, _("\"%s\" is not a usable address (%s)"),
                   s->src, err);
        return -1;
    }
    s->remote = bt_url_is_http(s->resolved);
    json_t *sha = json_object_get(j, "sha256");
    if (sha) {
        if (!json_is_string(sha) || !bt_sha256_valid(json_string_value(sha))) {
            pl_problem(c, level, pl_join(p, path, "sha256"), 0,
                       _("must be 64 hexadecimal digits (the file's SHA-256, as sha256sum "
                         "prints it)"));
            return -1;
        }
        s->has_sha256 = 1;
        for (int i = 0; i < 64; i++)
            s->sha256[i] = (char)tolower((unsigned char)json_string_value(sha)[i]);
    }
    json_t *jsize = json_object_get(j, "size");
    if (jsize && json_is_integer(jsize) && json_integer_value(jsize) > 0) {
        s->size = json_integer_value(jsize);
    } else if (jsize) {
        pl_problem(c, level, pl_join(p, path, "size"), 0,
                   _("must be the file's size in bytes, a whole number greater than 0"));
        return -1;
    }
    if (s->remote && (!s->has_sha256 || s->size < 0)) {
        pl_problem(c, level, pl_join(p, path, "src"), 0,
                   _("a file on a server needs \"sha256\" and \"size\" beside \"src\", so the "
                     "screen can verify what it downloads"));
        return -1;
    }
    if (!s->remote && c->mode == BT_PLAYLIST_CHECK)
        return check_local(c, level, path, s);
    return 0;
}

// Formats with {token}s from `tokens` (a clock's or a countdown's); "{{" and "}}" are literal
// braces. `key` is the field, `use` the tokens as a person reads them.
static int token_format(struct pl_ctx *c, enum pl_level level, const char *path, const char *key,
                        const char *f, const char *const *tokens, size_t n, const char *what,
                        const char *use)
{
    char p[PL_PATH];
    pl_join(p, path, key);
    for (const char *s = f; *s; s++) {
        if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
            s++;
            continue;
        }
        if (*s == '}') {
            pl_problem(c, level, p, 0, _("has a '}' with no '{' before it; write }} for a brace"));
            return -1;
        }
        if (*s != '{')
            continue;
        const char *end = strchr(s, '}');
        if (!end) {
            pl_problem(c, level, p, 0, _("has a '{' that is never closed with '}'"));
            return -1;
        }
        char tok[32];
        snprintf(tok, sizeof(tok), "%.*s", (int)(end - s - 1), s + 1);
        size_t i;
        for (i = 0; i < n && strcmp(tok, tokens[i]) != 0; i++)
            ;
        if (i == n) {
            const char *hint = bt_suggest(tok, tokens, n);
            // TRANSLATORS: the second %s is "a clock field" or "a countdown field".
            pl_problem(c, level, p, 0, _("{%s} is not %s%s%s%s; use %s"), tok, what,
                       hint ? _(" (did you mean {") : "", hint ? hint : "", hint ? "})" : "", use);
            return -1;
        }
        s = end;
    }
    return 0;
}

static int clock_format(struct pl_ctx *c, enum pl_level level, const char *path, const char *f)
{
    return token_format(c, level, path, "format", f, clock_tokens,
                        sizeof(clock_tokens) / sizeof(clock_tokens[0]), _("a clock field"),
                        "{weekday} {weekday_short} {d} {dd} {m} {mm} {month} {yyyy} {yy} {H} {HH} "
                        "{MM} {SS}");
}

// Reads an optional enum into *field (an enum's storage). Returns -1 after a problem, else 0.
static int read_enum(struct pl_ctx *c, enum pl_level level, json_t *j, const char *path,
                     const char *key, const char *const *names, int n, unsigned *field)
{
    int v;
    int rc = pl_enum(c, level, j, path, key, names, n, &v);
    if (rc == 0)
        *field = (unsigned)v;
    return rc < 0 ? -1 : 0;
}

// A countdown: "to" a moment, its text (tokens), and what it shows once past.
static int countdown(struct pl_ctx *c, enum pl_level level, json_t *j, const char *path,
                     struct bt_item *it)
{
    char p[PL_PATH], msg[300];
    int bad = 0;
    json_t *to = json_object_get(j, "to");
    struct bt_datetime t;
    if (!to) {
        pl_problem(c, level, path, 0,
                   _("a countdown needs \"to\": the moment it counts down to, e.g. "
                     "\"2026-12-20T08:00\" (in the playlist's time zone)"));
        bad = 1;
    } else if (!json_is_string(to)) {
        pl_problem(c, level, pl_join(p, path, "to"), 0,
                   _("must be a date \"YYYY-MM-DD\" or a date and time \"YYYY-MM-DDTHH:MM\""));
        bad = 1;
    } else if (bt_datetime_parse(json_string_value(to), &t, msg, sizeof(msg)) != 0) {
        pl_problem(c, level, pl_join(p, path, "to"), 0, "%s", msg);
        bad = 1;
    } else {
        it->to_local = t.local;
    }
    int rc = pl_string(c, level, j, path, "text", 0, 500, &it->text);
    bad |= rc < 0 ||
           (rc == 0 && token_format(c, level, path, "text", it->text, countdown_tokens,
                                    sizeof(countdown_tokens) / sizeof(countdown_tokens[0]),
                                    _("a countdown field"), "{days} {hours} {minutes}") != 0);
    if (rc == 1 && !(it->text = strdup("Còn {days} ngày")))
        return -1;
    bad |= pl_string(c, level, j, path, "after", 0, 500, &it->after) < 0;
    return bad ? -1 : 0;
}

// Reads every field of the item's type. All problems are reported, not only the first.
// Returns 0, or -1 when any field is bad.
static int fields(struct pl_ctx *c, enum pl_level level, json_t *j, const char *path,
                  struct bt_item *it)
{
    int rc, bad = 0;
    unsigned e;
    char p[PL_PATH];
    if (it->type == BT_ITEM_IMAGE || it->type == BT_ITEM_VIDEO) {
        bad |= source(c, level, j, path, &it->source) != 0;
        e = it->fit;
        bad |= read_enum(c, level, j, path, "fit", fit_names, 3, &e);
        it->fit = (enum bt_fit)e;
    } else if (it->type == BT_ITEM_CLOCK) {
        rc = pl_string(c, level, j, path, "format", 0, 200, &it->text);
        bad |= rc < 0 || (rc == 0 && clock_format(c, level, path, it->text) != 0);
        if (rc == 1 && !(it->text = strdup("{HH}:{MM}")))
            return -1;
    } else if (it->type == BT_ITEM_QR) {
        rc = pl_string(c, level, j, path, "text", 1, MAX_TEXT, &it->text);
        bad |= rc != 0;
        if (rc == 0 && strlen(it->text) > MAX_QR_BYTES) {
            pl_problem(c, level, pl_join(p, path, "text"), 0,
                       _("is %zu bytes: a QR code holds at most %d; give a shorter address"),
                       strlen(it->text), MAX_QR_BYTES);
            bad = 1;
        }
        bad |= pl_string(c, level, j, path, "caption", 0, 500, &it->caption) < 0;
    } else if (it->type == BT_ITEM_COUNTDOWN) {
        bad |= countdown(c, level, j, path, it) != 0;
    } else if (it->type == BT_ITEM_TICKER) {
        rc = pl_string(c, level, j, path, "feed", 0, 2000, &it->feed);
        bad |= rc < 0;
        if (rc == 0 && !bt_url_is_http(it->feed)) {
            pl_problem(c, level, pl_join(p, path, "feed"), 0,
                       _("must be the address of an RSS or Atom feed, beginning with https:// "
                         "(or http://)"));
            bad = 1;
        }
        int given = rc == 0;
        rc = pl_string(c, level, j, path, "text", 0, MAX_TEXT, &it->text);
        bad |= rc < 0;
        if (rc == 1 && !given) {
            pl_problem(c, level, pl_join(p, path, "text"), 0,
                       _("is missing; add it as text in quotes, or give \"feed\": the address "
                         "of a news feed"));
            bad = 1;
        }
        bad |= pl_int(c, level, j, path, "feed_items", 0, 1, 100, &it->feed_items) < 0;
        bad |= pl_int(c, level, j, path, "feed_days", 0, 1, 3650, &it->feed_days) < 0;
        bad |= pl_string(c, level, j, path, "separator", 0, 20, &it->separator) < 0;
        if (!given && (json_object_get(j, "feed_items") || json_object_get(j, "feed_days") ||
                       json_object_get(j, "separator"))) {
            pl_problem(c, PL_WARN, path, 0,
                       _("feed_items, feed_days and separator are for a ticker with \"feed\"; "
                         "this one has none, so they do nothing"));
        }
        if (!it->feed_items)
            it->feed_items = 10;
        if (given && !it->text && !(it->text = strdup("")))
            return -1;
    } else {
        bad |= pl_string(c, level, j, path, "text", 1, MAX_TEXT, &it->text) != 0;
    }
    if (it->type != BT_ITEM_IMAGE && it->type != BT_ITEM_VIDEO) {
        bad |= pl_int(c, level, j, path, "font_size", 0, 6, 2000, &it->font_size) < 0;
        bad |= pl_color(c, level, j, path, "color", &it->color) < 0;
        rc = pl_color(c, level, j, path, "background", &it->background);
        bad |= rc < 0;
        if (rc == 0)
            it->has_background = 1;
        bad |= pl_bool(c, level, j, path, "bold", &it->bold) < 0;
    }
    if (it->type == BT_ITEM_TEXT || it->type == BT_ITEM_CLOCK || it->type == BT_ITEM_COUNTDOWN) {
        e = it->align;
        bad |= read_enum(c, level, j, path, "align", align_names, 3, &e);
        it->align = (enum bt_align)e;
        e = it->valign;
        bad |= read_enum(c, level, j, path, "valign", valign_names, 3, &e);
        it->valign = (enum bt_valign)e;
    }
    bad |= pl_number(c, level, j, path, "duration", 0, 0, MAX_DURATION, &it->duration) < 0;
    if (it->type == BT_ITEM_TICKER) {
        bad |= pl_number(c, level, j, path, "speed", 0, 0, 10000, &it->speed) < 0;
        bad |= pl_int(c, level, j, path, "passes", 0, 1, 100000, &it->passes) < 0;
        if (it->passes && it->duration > 0) {
            pl_problem(c, level, pl_join(p, path, "passes"), 1,
                       _("give \"passes\" or \"duration\", not both"));
            bad = 1;
        }
    }
    if (it->type == BT_ITEM_VIDEO) {
        bad |= pl_bool(c, level, j, path, "muted", &it->muted) < 0;
        bad |= pl_int(c, level, j, path, "volume", 0, 0, 100, &it->volume) < 0;
        bad |= pl_int(c, level, j, path, "plays", 0, 1, 100000, &it->plays) < 0;
        if (it->plays && it->duration > 0) {
            pl_problem(c, level, pl_join(p, path, "plays"), 1,
                       _("give \"plays\" or \"duration\", not both"));
            bad = 1;
        }
    }
    if (it->duration <= 0 &&
        (it->type == BT_ITEM_IMAGE || it->type == BT_ITEM_TEXT || it->type == BT_ITEM_CLOCK ||
         it->type == BT_ITEM_QR || it->type == BT_ITEM_COUNTDOWN))
        it->duration = DEFAULT_DURATION;
    return bad ? -1 : 0;
}

int pl_transition(struct pl_ctx *c, enum pl_level level, json_t *obj, const char *path,
                  struct bt_transition *out)
{
    char p[PL_PATH];
    json_t *v = json_object_get(obj, "transition");
    if (!v)
        return 1;
    pl_join(p, path, "transition");
    struct bt_transition t = {1, BT_TRANSITION_CUT, BT_DIRECTION_LEFT, DEFAULT_TRANSITION};
    int k, bad = 0;
    if (json_is_string(v)) {
        json_t *wrap = json_pack("{sO}", "transition", v);
        int rc = wrap ? pl_enum(c, level, wrap, path, "transition", transition_names, 4, &k) : -1;
        json_decref(wrap);
        if (rc != 0)
            return -1;
        t.kind = (enum bt_transition_kind)k;
        *out = t;
        return 0;
    }
    if (!json_is_object(v)) {
        pl_problem(c, level, p, 0,
                   _("must be \"cut\", \"fade\", \"slide\" or \"wipe\", or an object such as "
                     "{\"type\": \"slide\", \"direction\": \"up\", \"duration\": 1}"));
        return -1;
    }
    static const char *const keys[] = {"type", "direction", "duration"};
    pl_unknown_keys(c, v, p, keys, 3);
    int rc = pl_enum(c, level, v, p, "type", transition_names, 4, &k);
    if (rc == 1) {
        char tp[PL_PATH];
        pl_problem(c, level, pl_join(tp, p, "type"), 0,
                   _("is missing; add \"type\": \"cut\", \"fade\", \"slide\" or \"wipe\""));
        bad = 1;
    } else if (rc == 0) {
        t.kind = (enum bt_transition_kind)k;
    } else {
        bad = 1;
    }
    rc = pl_enum(c, level, v, p, "direction", direction_names, 2, &k);
    if (rc == 0)
        t.direction = (enum bt_direction)k;
    bad |= rc < 0;
    bad |= pl_number(c, level, v, p, "duration", 0, 0, MAX_TRANSITION, &t.duration) < 0;
    if (bad)
        return -1;
    *out = t;
    return 0;
}

static void defaults(struct bt_item *it)
{
    it->fit = BT_FIT_CONTAIN;
    it->color = (struct bt_color){0xFF, 0xFF, 0xFF, 0xFF};
    it->align = BT_ALIGN_CENTER;
    it->valign = BT_VALIGN_MIDDLE;
    it->muted = 1;
    it->volume = 100;
    it->source.size = -1;
    if (it->type == BT_ITEM_TICKER) {   // the banner: yellow on red
        it->color = (struct bt_color){0xFF, 0xFF, 0x00, 0xFF};
        it->has_background = 1;
        it->background = (struct bt_color){0xDA, 0x25, 0x1D, 0xFF};
        it->speed = 120;
        it->align = BT_ALIGN_LEFT;
    }
}

int pl_item(struct pl_ctx *c, enum pl_level level, json_t *j, const char *path, struct bt_item *it)
{
    char p[PL_PATH];
    memset(it, 0, sizeof(*it));
    if (!json_is_object(j)) {
        pl_problem(c, level, path, 0,
                   _("must be an object, e.g. {\"type\": \"text\", \"text\": \"...\"}"));
        return -1;
    }
    json_t *type = json_object_get(j, "type");
    if (!json_is_string(type)) {
        pl_problem(c, level, pl_join(p, path, "type"), 0,
                   _("is missing; add \"type\": one of image, text, ticker, clock, video, qr, "
                     "countdown"));
        return -1;
    }
    int t;
    for (t = 0; t < BT_ITEM_TYPES && strcmp(json_string_value(type), type_names[t]) != 0; t++)
        ;
    if (t == BT_ITEM_TYPES) {
        const char *hint = bt_suggest(json_string_value(type), type_names, BT_ITEM_TYPES);
        pl_problem(c, level, pl_join(p, path, "type"), 0,
                   _("\"%s\" is not a type this bangtin knows%s%s%s; use image, text, ticker, "
                     "clock, video, qr or countdown"),
                   json_string_value(type), hint ? _(" (did you mean \"") : "", hint ? hint : "",
                   hint ? "\")" : "");
        return -1;
    }
    it->type = (enum bt_item_type)t;
    defaults(it);
    it->path = strdup(path);

    // Unknown fields: the common ones and this type's.
    const char *known[20];
    size_t n = 0;
    for (size_t i = 0; i < sizeof(common_keys) / sizeof(common_keys[0]); i++)
        known[n++] = common_keys[i];
    for (size_t i = 0; i < type_keys[t].n; i++)
        known[n++] = type_keys[t].keys[i];
    pl_unknown_keys(c, j, path, known, n);

    struct bt_pos tp = {0, 0};
    bt_jsonpos_find(c->pos, pl_join(p, path, it->type == BT_ITEM_CLOCK ? "format" : "text"), NULL,
                    &tp);
    it->text_line = tp.line;
    it->text_column = tp.column;
    int bad = pl_string(c, level, j, path, "id", 0, 64, &it->id) < 0;
    bad |= pl_bool(c, level, j, path, "urgent", &it->urgent) < 0;
    bad |= fields(c, level, j, path, it) != 0;
    bad |= pl_transition(c, level, j, path, &it->transition) < 0;
    json_t *sched = json_object_get(j, "schedule");
    if (sched && !(it->schedule = pl_schedule(c, level, sched, pl_join(p, path, "schedule"))))
        bad = 1;
    if (bad)
        goto fail;
    return 0;
fail:
    pl_item_free(it);
    return -1;
}
