// Field readers shared by the playlist reader: each reports a problem at the value's position.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "base/didyoumean.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "playlist/legacy.h"
#include "playlist/read_fields.h"

void bt_diags_add(struct bt_diags *d, enum bt_severity sev, int line, int column, const char *path,
                  const char *message)
{
    if (sev == BT_SEV_ERROR)
        d->errors++;
    else
        d->warnings++;
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        if (cap > 1000)   // beyond this, problems are only counted
            return;
        struct bt_diag *n = realloc(d->items, cap * sizeof(*n));
        if (!n)
            return;
        d->items = n;
        d->cap = cap;
    }
    struct bt_diag *g = &d->items[d->count++];
    g->severity = sev;
    g->line = line;
    g->column = column;
    snprintf(g->path, sizeof(g->path), "%s", path);
    snprintf(g->message, sizeof(g->message), "%s", message);
}

static void report(struct pl_ctx *c, enum pl_level level, struct bt_pos where, const char *path,
                   const char *msg)
{
    enum bt_severity sev = BT_SEV_ERROR;
    if (level == PL_WARN || (level == PL_PART && c->mode == BT_PLAYLIST_PLAY))
        sev = BT_SEV_WARNING;
    if (level == PL_FATAL)
        c->diags->fatal = 1;
    bt_diags_add(c->diags, sev, where.line, where.column, path, msg);
}

void pl_problem_at(struct pl_ctx *c, enum pl_level level, struct bt_pos pos, const char *path,
                   const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    report(c, level, pos, path, msg);
}

void pl_problem(struct pl_ctx *c, enum pl_level level, const char *path, int at_key,
                const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);

    // The value, or the nearest enclosing value that exists (for a missing field).
    struct bt_pos key = {0, 0}, value = {0, 0};
    char p[PL_PATH];
    snprintf(p, sizeof(p), "%s", path);
    int found = 0;
    while (!(found = bt_jsonpos_find(c->pos, p, &key, &value) == 0) && p[0]) {
        char *cut = strrchr(p, '.');
        char *bracket = strrchr(p, '[');
        if (bracket && (!cut || bracket > cut))
            cut = bracket;
        if (!cut)
            cut = p;
        *cut = '\0';
        at_key = 0;
    }
    report(c, level, found ? (at_key ? key : value) : (struct bt_pos){0, 0}, path, msg);
}

const char *pl_join(char *buf, const char *parent, const char *key)
{
    snprintf(buf, PL_PATH, "%s%s%s", parent, parent[0] ? "." : "", key);
    return buf;
}

const char *pl_index(char *buf, const char *parent, size_t i)
{
    snprintf(buf, PL_PATH, "%s[%zu]", parent, i);
    return buf;
}

static const char *json_type_name(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return _("an object {…}");
    case JSON_ARRAY: return _("a list […]");
    case JSON_STRING: return _("text in quotes");
    case JSON_INTEGER:
    case JSON_REAL: return _("a number");
    case JSON_TRUE:
    case JSON_FALSE: return _("true/false");
    default: return "null";
    }
}

int pl_int(struct pl_ctx *c, enum pl_level level, json_t *obj, const char *path, const char *key,
           int required, long min, long max, int *out)
{
    char p[PL_PATH];
    pl_join(p, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (!required)
            return 1;
        pl_problem(c, level, p, 0, _("is missing; add a whole number from %ld to %ld"), min, max);
        return -1;
    }
    if (json_is_real(v)) {
        pl_problem(c, level, p, 0, _("must be a whole number from %ld to %ld, not %g"), min, max,
                   json_real_value(v));
        return -1;
    }
    if (!json_is_integer(v)) {
        pl_problem(c, level, p, 0, _("must be a whole number from %ld to %ld, not %s"), min, max,
                   json_type_name(v));
        return -1;
    }
    json_int_t i = json_integer_value(v);
    if (i < min || i > max) {
        pl_problem(c, level, p, 0, _("is %lld; it must be from %ld to %ld"), (long long)i, min,
                   max);
        return -1;
    }
    *out = (int)i;
    return 0;
}

int pl_number(struct pl_ctx *c, enum pl_level level, json_t *obj, const char *path, const char *key,
              int required, double min, double max, double *out)
{
    char p[PL_PATH];
    pl_join(p, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (!required)
            return 1;
        pl_problem(c, level, p, 0, _("is missing; add a number greater than %g"), min);
        return -1;
    }
    if (json_is_string(v)) {
        pl_problem(c, level, p, 0, _("must be a number greater than %g, written without quotes"),
                   min);
        return -1;
    }
    if (!json_is_number(v) || !(json_number_value(v) > min)) {
        pl_problem(c, level, p, 0, _("must be a number greater than %g"), min);
        return -1;
    }
    if (json_number_value(v) > max) {
        pl_problem(c, level, p, 0, _("is %g; it must be at most %g"), json_number_value(v), max);
        return -1;
    }
    *out = json_number_value(v);
    return 0;
}

int pl_bool(struct pl_ctx *c, enum pl_level level, json_t *obj, const char *path, const char *key,
            int *out)
{
    char p[PL_PATH];
    pl_join(p, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v)
        return 1;
    if (!json_is_boolean(v)) {
        pl_problem(c, level, p, 0, _("must be true or false (without quotes), not %s"),
                   json_type_name(v));
        return -1;
    }
    *out = json_is_true(v);
    return 0;
}

// Ids, revisions and sources go to logs, headers and systemd: no control character. check refuses
// one; the player shows U+FFFD in its place (and says so).
static int plain(struct pl_ctx *c, enum pl_level level, const char *path, char **s)
{
    size_t n = strlen(*s), bad = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = bt_utf8_decode(*s + i, n - i, &cp);
        bad += bt_utf8_is_control(cp);
        i += k;
    }
    if (!bad)
        return 0;
    if (c->mode == BT_PLAYLIST_CHECK) {
        pl_problem(c, level, path, 0,
                   _("holds a control character (a line break, a tab, an escape or a direction "
                     "mark); write it on one line, with letters, digits and punctuation"));
        return -1;
    }
    char *t = malloc(n + 2 * bad + 1), *o = t;
    if (!t)
        return -1;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = bt_utf8_decode(*s + i, n - i, &cp);
        if (bt_utf8_is_control(cp)) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
        } else {
            memcpy(o, *s + i, k);
            o += k;
        }
        i += k;
    }
    *o = '\0';
    free(*s);
    *s = t;
    pl_problem(c, PL_WARN, path, 0, "%s", _("holds a control character; it is shown as �"));
    return 0;
}

// Combining marks stacked on one character beyond BT_MARKS_MAX (Vietnamese needs two): each
// costs the text's layout and drawing; check refuses them, the player drops the extra ones.
static int marks(struct pl_ctx *c, enum pl_level level, const char *path, char *s)
{
    size_t n = strlen(s), run = 0, longest = 0, o = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = bt_utf8_decode(s + i, n - i, &cp);
        utf8proc_category_t cat = cp < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category(cp);
        int mark = cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
                   cat == UTF8PROC_CATEGORY_ME;
        run = mark ? run + 1 : 0;
        if (run > longest)
            longest = run;
        if (run <= BT_MARKS_MAX) {
            memmove(s + o, s + i, k);
            o += k;
        }
        i += k;
    }
    s[o] = '\0';
    if (longest <= BT_MARKS_MAX)
        return 0;
    pl_problem(c, c->mode == BT_PLAYLIST_CHECK ? level : PL_WARN, path, 0,
               _("has %zu accents (combining marks) on one letter; at most %d are shown: remove "
                 "the extra ones"),
               longest, BT_MARKS_MAX);
    return c->mode == BT_PLAYLIST_CHECK ? -1 : 0;
}

// Text typed with an old Vietnamese font encoding and pasted as Unicode: check names the
// encoding and shows what the text should be (the player shows it as written).
static void legacy(struct pl_ctx *c, const char *path, const char *text)
{
    char *converted = NULL, quoted[200];
    enum bt_legacy enc = bt_legacy_detect(text, &converted);
    if (enc == BT_LEGACY_NONE)
        return;
    if (converted)
        pl_problem(c, PL_WARN, path, 0,
                   _("looks typed in %s and pasted as Unicode; it should read \"%s\": run "
                     "bangtin check --fix-encoding %s to write a corrected copy"),
                   bt_legacy_name(enc), bt_utf8_quote(converted, 50, quoted, sizeof(quoted)),
                   c->name ? c->name : "FILE");
    free(converted);
}

int pl_string(struct pl_ctx *c, enum pl_level level, json_t *obj, const char *path, const char *key,
              int required, size_t maxlen, char **out)
{
    char p[PL_PATH];
    pl_join(p, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (!required)
            return 1;
        pl_problem(c, level, p, 0, _("is missing; add it as text in quotes"));
        return -1;
    }
    if (!json_is_string(v)) {
        pl_problem(c, level, p, 0, _("must be text in quotes, not %s"), json_type_name(v));
        return -1;
    }
    // Too long whatever it holds (a character is at most 4 bytes): refused before normalising,
    // which takes four times its bytes.
    if (json_string_length(v) > maxlen * 4) {
        pl_problem(c, level, p, 0, _("is %zu bytes long; at most %zu characters are allowed"),
                   json_string_length(v), maxlen);
        return -1;
    }
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)json_string_value(v));
    if (!nfc) {
        pl_problem(c, level, p, 0, _("is not valid UTF-8 text"));
        return -1;
    }
    size_t chars = bt_utf8_count((const char *)nfc);
    if (chars == 0 || chars > maxlen) {
        pl_problem(c, level, p, 0,
                   chars ? _("is %zu characters long; at most %zu are allowed")
                         : _("is empty; write something between the quotes"),
                   chars, maxlen);
        free(nfc);
        return -1;
    }
    char *text = (char *)nfc;
    if (marks(c, level, p, text) != 0 || ((strcmp(key, "id") == 0 || strcmp(key, "revision") == 0 ||
                                           strcmp(key, "src") == 0 || strcmp(key, "feed") == 0) &&
                                          plain(c, level, p, &text) != 0)) {
        free(text);
        return -1;
    }
    if (c->mode == BT_PLAYLIST_CHECK)
        legacy(c, p, text);
    *out = text;
    return 0;
}

int pl_enum(struct pl_ctx *c, enum pl_level level, json_t *obj, const char *path, const char *key,
            const char *const *names, int n, int *out)
{
    char p[PL_PATH], list[256] = "";
    pl_join(p, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v)
        return 1;
    if (json_is_string(v)) {
        for (int i = 0; i < n; i++) {
            if (strcmp(json_string_value(v), names[i]) == 0) {
                *out = i;
                return 0;
            }
        }
    }
    size_t used = 0;
    for (int i = 0; i < n && used < sizeof(list); i++)
        used += (size_t)snprintf(list + used, sizeof(list) - used, "%s\"%s\"",
                                 i == 0       ? ""
                                 : i == n - 1 ? _(" or ")
                                              : ", ",
                                 names[i]);
    if (json_is_string(v))
        pl_problem(c, level, p, 0, _("\"%s\" is not one of %s"), json_string_value(v), list);
    else
        pl_problem(c, level, p, 0, _("must be one of %s"), list);
    return -1;
}

int pl_color(struct pl_ctx *c, enum pl_level level, json_t *obj, const char *path, const char *key,
             struct bt_color *out)
{
    char p[PL_PATH];
    pl_join(p, path, key);
    json_t *v = json_object_get(obj, key);
    if (!v)
        return 1;
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    size_t len = strlen(s);
    if ((len != 7 && len != 9) || bt_color_parse(s, out) != 0) {
        pl_problem(c, level, p, 0,
                   _("must be a colour \"#RRGGBB\" in hexadecimal, e.g. \"#DA251D\" for red"));
        return -1;
    }
    return 0;
}

void pl_unknown_keys(struct pl_ctx *c, json_t *obj, const char *path, const char *const *known,
                     size_t n)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        size_t i;
        for (i = 0; i < n && strcmp(key, known[i]) != 0; i++)
            ;
        if (i < n)
            continue;
        // An error for check (a misspelt "untill" would leave an item playing for ever); the
        // player ignores the field, so a newer playlist still plays.
        char p[PL_PATH];
        const char *hint = bt_suggest(key, known, n);
        pl_join(p, path, key);
        if (c->mode == BT_PLAYLIST_PLAY && hint)
            pl_problem(c, PL_WARN, p, 1, _("unknown field, ignored; did you mean \"%s\"?"), hint);
        else if (c->mode == BT_PLAYLIST_PLAY)
            pl_problem(c, PL_WARN, p, 1, _("unknown field, ignored"));
        else if (hint)
            pl_problem(c, PL_PART, p, 1,
                       _("unknown field, which a screen ignores; did you mean \"%s\"?"), hint);
        else
            pl_problem(c, PL_PART, p, 1,
                       _("unknown field, which a screen ignores; correct its name or remove it"));
    }
}
