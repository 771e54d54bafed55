// The playlist document: reading the bytes, JSON syntax with messages staff can act on, and the
// document, canvas, zones, overrides, operating hours and brightness. Items and schedules are in
// playlist_item.c and playlist_schedule.c.
#include "playlist/playlist.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/utf8.h"
#include "playlist/legacy.h"
#include "playlist/read_fields.h"
#include "time/zone.h"

#define MAX_FILE_BYTES (64 * 1024 * 1024)

static const char *const doc_keys[] = {"version", "revision",  "timezone",        "canvas",
                                       "zones",   "overrides", "operating_hours", "brightness"};
static const char *const canvas_keys[] = {"width", "height", "background"};
static const char *const zone_keys[] = {
    "id", "x", "y", "w", "h", "background", "items", "fallback", "schedule", "transition"};
static const char *const override_keys[] = {"id", "priority", "zones", "items", "schedule", "wake"};
static const char *const brightness_keys[] = {"hours", "percent"};
#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

static void free_items(struct bt_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pl_item_free(&items[i]);
    free(items);
}

void bt_playlist_destroy(struct bt_playlist *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nzones; i++) {
        struct bt_zone *z = &p->zones[i];
        free(z->id);
        pl_schedule_free(z->schedule);
        free_items(z->items, z->nitems);
        if (z->fallback)
            free_items(z->fallback, 1);
    }
    free(p->zones);
    for (size_t i = 0; i < p->noverrides; i++) {
        struct bt_override *o = &p->overrides[i];
        free(o->id);
        for (size_t k = 0; k < o->nzones; k++)
            free(o->zones[k]);
        free(o->zones);
        free_items(o->items, o->nitems);
        pl_schedule_free(o->schedule);
    }
    free(p->overrides);
    pl_schedule_free(p->operating_hours);
    for (size_t i = 0; i < p->nbrightness; i++)
        free(p->brightness[i].hours);
    free(p->brightness);
    free(p->revision);
    free(p->timezone);
    free(p->base);
    free(p->path);
    free(p);
}

// Reads a list of items at obj[key]. Bad items are reported at `level` and left out.
// Returns 0, or -1 when the list itself is unusable.
static int item_list(struct pl_ctx *c, enum pl_level list_level, json_t *obj, const char *path,
                     const char *key, struct bt_item **out, size_t *n)
{
    char p[PL_PATH], ip[PL_PATH];
    json_t *items = json_object_get(obj, key);
    *out = NULL;
    *n = 0;
    if (!items)
        return 0;
    pl_join(p, path, key);
    if (!json_is_array(items)) {
        pl_problem(c, list_level, p, 0, _("must be a list [ … ] of items"));
        return -1;
    }
    if (json_array_size(items) > BT_ITEMS_MAX) {
        pl_problem(c, list_level, p, 0, _("has %zu items; at most %d are allowed"),
                   json_array_size(items), BT_ITEMS_MAX);
        return -1;
    }
    *out = calloc(json_array_size(items) + 1, sizeof(**out));
    if (!*out)
        return -1;
    for (size_t i = 0; i < json_array_size(items); i++) {
        if (pl_item(c, PL_PART, json_array_get(items, i), pl_index(ip, p, i), &(*out)[*n]) == 0)
            (*n)++;
    }
    return 0;
}

static int parse_zone(struct pl_ctx *c, json_t *jz, const char *path, struct bt_playlist *p,
                      struct bt_zone *z)
{
    char fp[PL_PATH];
    if (!json_is_object(jz)) {
        pl_problem(c, PL_FATAL, path, 0,
                   _("must be an object {\"id\": …, \"x\": …, \"y\": …, \"w\": …, \"h\": …}"));
        return -1;
    }
    pl_unknown_keys(c, jz, path, zone_keys, NKEYS(zone_keys));
    if (pl_string(c, PL_FATAL, jz, path, "id", 1, 64, &z->id) != 0)
        return -1;
    for (size_t i = 0; i < p->nzones; i++) {
        if (strcmp(p->zones[i].id, z->id) == 0) {
            pl_problem(c, PL_FATAL, pl_join(fp, path, "id"), 0,
                       _("\"%s\" is already the id of zones[%zu]; each zone needs its own"), z->id,
                       i);
            return -1;
        }
    }
    if (pl_int(c, PL_FATAL, jz, path, "x", 1, 0, p->width - 1, &z->x) ||
        pl_int(c, PL_FATAL, jz, path, "y", 1, 0, p->height - 1, &z->y) ||
        pl_int(c, PL_FATAL, jz, path, "w", 1, 1, BT_CANVAS_MAX, &z->w) ||
        pl_int(c, PL_FATAL, jz, path, "h", 1, 1, BT_CANVAS_MAX, &z->h))
        return -1;
    if (z->x + z->w > p->width) {
        pl_problem(c, PL_FATAL, pl_join(fp, path, "w"), 0,
                   _("is %d, so the zone ends at x = %d, past the canvas's width of %d; make it "
                     "at most %d"),
                   z->w, z->x + z->w, p->width, p->width - z->x);
        return -1;
    }
    if (z->y + z->h > p->height) {
        pl_problem(c, PL_FATAL, pl_join(fp, path, "h"), 0,
                   _("is %d, so the zone ends at y = %d, past the canvas's height of %d; make it "
                     "at most %d"),
                   z->h, z->y + z->h, p->height, p->height - z->y);
        return -1;
    }
    int rc = pl_color(c, PL_FATAL, jz, path, "background", &z->background);
    if (rc < 0)
        return -1;
    z->has_background = rc == 0;
    json_t *sched = json_object_get(jz, "schedule");
    if (sched && !(z->schedule = pl_schedule(c, PL_FATAL, sched, pl_join(fp, path, "schedule"))))
        return -1;
    if (pl_transition(c, PL_FATAL, jz, path, &z->transition) < 0)
        return -1;
    if (item_list(c, PL_FATAL, jz, path, "items", &z->items, &z->nitems) != 0)
        return -1;
    json_t *fb = json_object_get(jz, "fallback");
    if (fb) {
        z->fallback = calloc(1, sizeof(*z->fallback));
        if (!z->fallback)
            return -1;
        if (pl_item(c, PL_PART, fb, pl_join(fp, path, "fallback"), z->fallback) != 0) {
            free(z->fallback);
            z->fallback = NULL;
        }
    }
    return 0;
}

static int find_zone(const struct bt_playlist *p, const char *id)
{
    for (size_t i = 0; i < p->nzones; i++) {
        if (strcmp(p->zones[i].id, id) == 0)
            return (int)i;
    }
    return -1;
}

static int parse_override(struct pl_ctx *c, json_t *jo, const char *path, struct bt_playlist *p,
                          struct bt_override *o, json_t *seen)
{
    char fp[PL_PATH], zp[PL_PATH];
    if (!json_is_object(jo)) {
        pl_problem(c, PL_PART, path, 0,
                   _("must be an object {\"id\": …, \"zones\": …, "
                     "\"items\": […]}"));
        return -1;
    }
    pl_unknown_keys(c, jo, path, override_keys, NKEYS(override_keys));
    if (pl_string(c, PL_PART, jo, path, "id", 1, 64, &o->id) != 0 ||
        pl_int(c, PL_PART, jo, path, "priority", 0, -1000000, 1000000, &o->priority) < 0 ||
        pl_bool(c, PL_PART, jo, path, "wake", &o->wake) < 0)
        return -1;
    // Ids seen so far, in a hash table (jansson's object): linear in the overrides.
    json_t *earlier = json_object_get(seen, o->id);
    if (earlier) {
        pl_problem(c, PL_PART, pl_join(fp, path, "id"), 0,
                   _("\"%s\" is already the id of overrides[%lld]"), o->id,
                   (long long)json_integer_value(earlier));
        return -1;
    }
    json_t *zones = json_object_get(jo, "zones");
    pl_join(fp, path, "zones");
    if (json_is_string(zones) && strcmp(json_string_value(zones), "all") == 0) {
        o->all_zones = 1;
    } else if (json_is_array(zones) && json_array_size(zones) > 0) {
        o->zones = calloc(json_array_size(zones), sizeof(*o->zones));
        if (!o->zones)
            return -1;
        for (size_t i = 0; i < json_array_size(zones); i++) {
            json_t *z = json_array_get(zones, i);
            if (!json_is_string(z) || find_zone(p, json_string_value(z)) < 0) {
                pl_problem(c, PL_PART, pl_index(zp, fp, i), 0,
                           _("there is no zone \"%s\"; name zones by their id, or write "
                             "\"zones\": \"all\""),
                           json_is_string(z) ? json_string_value(z) : "?");
                return -1;
            }
            o->zones[o->nzones++] = strdup(json_string_value(z));
        }
    } else {
        pl_problem(c, PL_PART, fp, 0, _("must be a list of zone ids, e.g. [\"main\"], or \"all\""));
        return -1;
    }
    if (item_list(c, PL_PART, jo, path, "items", &o->items, &o->nitems) != 0)
        return -1;
    if (o->nitems == 0) {
        pl_problem(c, PL_PART, pl_join(fp, path, "items"), 0,
                   _("an override needs at least one item to show"));
        return -1;
    }
    json_t *sched = json_object_get(jo, "schedule");
    if (sched && !(o->schedule = pl_schedule(c, PL_PART, sched, pl_join(fp, path, "schedule"))))
        return -1;
    return 0;
}

static void parse_overrides(struct pl_ctx *c, json_t *root, struct bt_playlist *p)
{
    char ip[PL_PATH];
    json_t *list = json_object_get(root, "overrides");
    if (!list)
        return;
    if (!json_is_array(list)) {
        pl_problem(c, PL_PART, "overrides", 0, _("must be a list [ … ] of overrides"));
        return;
    }
    if (json_array_size(list) > BT_OVERRIDES_MAX) {
        pl_problem(c, PL_PART, "overrides", 0, _("has %zu overrides; at most %d are allowed"),
                   json_array_size(list), BT_OVERRIDES_MAX);
        return;
    }
    p->overrides = calloc(json_array_size(list) + 1, sizeof(*p->overrides));
    json_t *seen = json_object();
    if (!p->overrides || !seen) {
        json_decref(seen);
        return;
    }
    for (size_t i = 0; i < json_array_size(list); i++) {
        struct bt_override *o = &p->overrides[p->noverrides];
        if (parse_override(c, json_array_get(list, i), pl_index(ip, "overrides", i), p, o, seen) ==
            0) {
            json_object_set_new(seen, o->id, json_integer((json_int_t)i));
            p->noverrides++;
            continue;
        }
        free(o->id);
        for (size_t k = 0; k < o->nzones; k++)
            free(o->zones[k]);
        free(o->zones);
        free_items(o->items, o->nitems);
        memset(o, 0, sizeof(*o));
    }
    json_decref(seen);
}

static void parse_brightness(struct pl_ctx *c, json_t *root, struct bt_playlist *p)
{
    char ip[PL_PATH], fp[PL_PATH];
    json_t *list = json_object_get(root, "brightness");
    if (!list)
        return;
    if (!json_is_array(list)) {
        pl_problem(c, PL_PART, "brightness", 0,
                   _("must be a list, e.g. [{\"hours\": \"18:00-06:00\", \"percent\": 40}]"));
        return;
    }
    if (json_array_size(list) > BT_BRIGHTNESS_MAX) {
        pl_problem(c, PL_PART, "brightness", 0, _("has %zu entries; at most %d are allowed"),
                   json_array_size(list), BT_BRIGHTNESS_MAX);
        return;
    }
    p->brightness = calloc(json_array_size(list) + 1, sizeof(*p->brightness));
    if (!p->brightness)
        return;
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *e = json_array_get(list, i);
        struct bt_brightness *b = &p->brightness[p->nbrightness];
        pl_index(ip, "brightness", i);
        if (!json_is_object(e)) {
            pl_problem(c, PL_PART, ip, 0, _("must be an object {\"hours\": …, \"percent\": …}"));
            continue;
        }
        pl_unknown_keys(c, e, ip, brightness_keys, NKEYS(brightness_keys));
        json_t *hours = json_object_get(e, "hours");
        if (!hours) {
            pl_problem(c, PL_PART, pl_join(fp, ip, "hours"), 0,
                       _("is missing; add the hours it applies to, e.g. \"18:00-06:00\""));
            continue;
        }
        if (pl_windows(c, PL_PART, hours, pl_join(fp, ip, "hours"), &b->hours, &b->nhours))
            continue;
        if (pl_int(c, PL_PART, e, ip, "percent", 1, 0, 100, &b->percent) != 0) {
            free(b->hours);
            memset(b, 0, sizeof(*b));
            continue;
        }
        p->nbrightness++;
    }
}

// An IANA zone name that this machine's tzdata knows.
static int timezone_known(const char *tz)
{
    char path[512];
    if (strstr(tz, "..") || tz[0] == '/')
        return 0;
    snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", tz);
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char magic[4];
    int ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
    fclose(f);
    return ok;
}

static struct bt_playlist *from_json(struct pl_ctx *c, json_t *root, const char *name)
{
    char ip[PL_PATH];
    struct bt_playlist *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->path = strdup(name);
    p->base = strdup(c->base ? c->base : ".");
    if (!json_is_object(root)) {
        pl_problem(c, PL_FATAL, "", 0,
                   _("a playlist is one JSON object: { \"version\": 1, \"canvas\": …, "
                     "\"zones\": […] }"));
        goto fail;
    }
    pl_unknown_keys(c, root, "", doc_keys, NKEYS(doc_keys));
    json_t *version = json_object_get(root, "version");
    if (!json_is_integer(version) || json_integer_value(version) != 1) {
        pl_problem(c, PL_FATAL, "version", 0,
                   version ? _("must be 1: this bangtin reads playlist format version 1")
                           : _("is missing; add \"version\": 1"));
        goto fail;
    }
    p->version = 1;
    if (pl_string(c, PL_PART, root, "", "revision", 0, 200, &p->revision) != 0)
        p->revision = strdup("");
    if (pl_string(c, PL_FATAL, root, "", "timezone", 0, 64, &p->timezone) < 0)
        goto fail;
    if (!p->timezone)
        p->timezone = strdup(BT_DEFAULT_TIMEZONE);
    else if (!timezone_known(p->timezone)) {
        pl_problem(c, PL_FATAL, "timezone", 0,
                   _("\"%s\" is not a time zone this screen knows; write an IANA name such as "
                     "\"Asia/Ho_Chi_Minh\" (or leave it out: that is the default)"),
                   p->timezone);
        goto fail;
    }
    // Checking: schedules that never play are found in the playlist's own zone.
    if (c->mode == BT_PLAYLIST_CHECK)
        bt_timezone_set(p->timezone);

    json_t *canvas = json_object_get(root, "canvas");
    if (!json_is_object(canvas)) {
        pl_problem(c, PL_FATAL, "canvas", 0,
                   _("is missing or not an object; add \"canvas\": {\"width\": 1920, "
                     "\"height\": 1080}"));
        goto fail;
    }
    pl_unknown_keys(c, canvas, "canvas", canvas_keys, NKEYS(canvas_keys));
    p->background = (struct bt_color){0, 0, 0, 255};
    if (pl_int(c, PL_FATAL, canvas, "canvas", "width", 1, 1, BT_CANVAS_MAX, &p->width) ||
        pl_int(c, PL_FATAL, canvas, "canvas", "height", 1, 1, BT_CANVAS_MAX, &p->height) ||
        pl_color(c, PL_FATAL, canvas, "canvas", "background", &p->background) < 0)
        goto fail;

    json_t *zones = json_object_get(root, "zones");
    if (!json_is_array(zones)) {
        pl_problem(c, PL_FATAL, "zones", 0, _("is missing or not a list [ … ] of zones"));
        goto fail;
    }
    if (json_array_size(zones) > BT_ZONES_MAX) {
        pl_problem(c, PL_FATAL, "zones", 0, _("has %zu zones; at most %d are allowed"),
                   json_array_size(zones), BT_ZONES_MAX);
        goto fail;
    }
    p->zones = calloc(json_array_size(zones) + 1, sizeof(*p->zones));
    if (!p->zones)
        goto fail;
    for (size_t i = 0; i < json_array_size(zones); i++) {
        int rc = parse_zone(c, json_array_get(zones, i), pl_index(ip, "zones", i), p, &p->zones[i]);
        p->nzones++;   // even a broken zone, so that destroy frees what it holds
        if (rc)
            goto fail;
    }
    parse_overrides(c, root, p);
    json_t *oh = json_object_get(root, "operating_hours");
    if (oh)
        p->operating_hours = pl_schedule(c, PL_PART, oh, "operating_hours");
    parse_brightness(c, root, p);
    if (c->diags->fatal)
        goto fail;
    // Once the parts read without error (so p's lists match the document's).
    if (c->mode == BT_PLAYLIST_CHECK && c->diags->errors == 0)
        pl_cross_checks(c, root, p);
    return p;
fail:
    bt_playlist_destroy(p);
    return NULL;
}

// Turns jansson's syntax error into one staff can act on, placed at the offending token.
static void syntax_error(struct pl_ctx *c, const char *text, size_t len, const json_error_t *je)
{
    // jansson's position is just past the token it names in "near '…'".
    size_t at = (size_t)je->position <= len ? (size_t)je->position : len;
    const char *near = strstr(je->text, "near '");
    if (near && !strstr(je->text, "near end of file")) {
        size_t tlen = strlen(near + 6);
        if (tlen > 0)
            tlen--;   // the closing quote
        at = at >= tlen ? at - tlen : 0;
    }
    struct bt_pos pos = bt_jsonpos_at(text, len, at);
    char msg[400];
    int32_t cp = -1;
    if (at < len)
        bt_utf8_decode(text + at, len - at, &cp);
    size_t prev = at;
    while (prev > 0 && strchr(" \t\r\n", text[prev - 1]))
        prev--;
    if (cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019) {
        snprintf(msg, sizeof(msg), "%s",
                 _("this is a typographic quote (“ ” ‘ ’); JSON needs straight double quotes \" "
                   "around names and text (a word processor put it there: use a plain text "
                   "editor)"));
    } else if (at < len && (text[at] == '}' || text[at] == ']') && prev > 0 &&
               text[prev - 1] == ',') {
        snprintf(msg, sizeof(msg),
                 _("remove the comma before this '%c': JSON allows no comma "
                   "after the last element"),
                 text[at]);
    } else if (at < len && text[at] == '\'') {
        snprintf(msg, sizeof(msg), "%s",
                 _("JSON needs double quotes \" around text, not single quotes '"));
    } else if (strstr(je->text, "duplicate object key")) {
        snprintf(msg, sizeof(msg), "%s",
                 _("this field is given twice in the same object; keep one"));
    } else if (strstr(je->text, "expected near '\"") && prev > 0 && text[prev - 1] != ',' &&
               text[prev - 1] != '{' && text[prev - 1] != '[') {
        snprintf(msg, sizeof(msg), "%s", _("a comma is missing before this"));
    } else if (strstr(je->text, "end of file")) {
        snprintf(msg, sizeof(msg), "%s",
                 _("the file ends too early: a closing } or ] or \" is missing"));
    } else {
        snprintf(msg, sizeof(msg), _("this is not valid JSON (%s)"), je->text);
    }
    pl_problem_at(c, PL_FATAL, pos, "", "%s", msg);
}

size_t pl_count_values(const char *s, size_t n)
{
    size_t count = 1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') {
            for (i++; i < n && s[i] != '"'; i++)
                i += s[i] == '\\';
        } else if (s[i] == ',' || s[i] == '{' || s[i] == '[' || s[i] == ':') {
            count++;
        }
    }
    return count;
}

// Orders problems by position (stable: insertion sort; there are at most a thousand).
static void sort_diags(struct bt_diags *d)
{
    for (size_t i = 1; i < d->count; i++) {
        struct bt_diag t = d->items[i];
        size_t k = i;
        while (k > 0 && (d->items[k - 1].line > t.line ||
                         (d->items[k - 1].line == t.line && d->items[k - 1].column > t.column))) {
            d->items[k] = d->items[k - 1];
            k--;
        }
        d->items[k] = t;
    }
}

struct bt_playlist *bt_playlist_parse(const char *data, size_t len, const char *name,
                                      const char *base, enum bt_playlist_mode mode,
                                      struct bt_diags *diags)
{
    struct pl_ctx c = {.mode = mode, .base = base, .name = name, .diags = diags};
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF) ||
                     memchr(data, '\0', len < 64 ? len : 64))) {
        pl_problem(&c, PL_FATAL, "", 0,
                   _("the file is saved as UTF-16 (or another encoding); save it as UTF-8"));
        return NULL;
    }
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {   // Notepad's BOM
        data += 3;
        len -= 3;
    }
    size_t bad = bt_utf8_invalid(data, len);
    if (bad < len) {
        // Checking: a file that reads as Vietnamese in Windows-1258 is named so, with the command
        // that converts it.
        char *cp1258 = NULL;
        size_t n;
        struct bt_pos at = bt_jsonpos_at(data, len, bad);
        if (mode == BT_PLAYLIST_CHECK && bt_legacy_from_cp1258(data, len, &cp1258, &n) == 0)
            pl_problem_at(&c, PL_FATAL, at, "",
                          _("the file is not UTF-8 here (byte 0x%02X): it looks saved in "
                            "Windows-1258, an old Vietnamese encoding; run bangtin check "
                            "--fix-encoding %s to write a UTF-8 copy of it"),
                          (unsigned char)data[bad], name);
        else
            pl_problem_at(&c, PL_FATAL, at, "",
                          _("the file is not UTF-8 here (byte 0x%02X; it may have been saved in "
                            "an old Vietnamese encoding such as Windows-1258 or TCVN3); save it "
                            "as UTF-8"),
                          (unsigned char)data[bad]);
        free(cp1258);
        return NULL;
    }
    // What parsing would cost is known before parsing: a document of more values than any
    // ward's playlist is refused unread (jansson takes some hundred bytes a value).
    size_t values = pl_count_values(data, len);
    if (values > BT_JSON_VALUES_MAX) {
        pl_problem(&c, PL_FATAL, "", 0,
                   _("the file holds %zu values (objects, lists, texts and numbers); a playlist "
                     "may hold %d: is it the right file?"),
                   values, BT_JSON_VALUES_MAX);
        return NULL;
    }
    json_error_t je;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        syntax_error(&c, data, len, &je);
        return NULL;
    }
    struct bt_jsonpos *pos = bt_jsonpos_scan(data, len);
    c.pos = pos;
    struct bt_playlist *p = from_json(&c, root, name);
    sort_diags(diags);
    bt_jsonpos_destroy(pos);
    json_decref(root);
    return p;
}

struct bt_playlist *bt_playlist_load(const char *path, enum bt_playlist_mode mode,
                                     struct bt_diags *diags)
{
    struct pl_ctx c = {.mode = mode, .diags = diags};
    FILE *f = fopen(path, "rb");
    if (!f) {
        pl_problem(&c, PL_FATAL, "", 0, _("cannot read the file: %s"), strerror(errno));
        return NULL;
    }
    char *data = NULL;
    size_t len = 0, cap = 0, n;
    do {
        if (len + 65536 > cap) {
            cap = cap ? cap * 2 : 65536 * 2;
            char *nd = cap <= MAX_FILE_BYTES ? realloc(data, cap) : NULL;
            if (!nd) {
                free(data);
                fclose(f);
                pl_problem(&c, PL_FATAL, "", 0, _("the file is larger than %d MiB"),
                           MAX_FILE_BYTES / (1024 * 1024));
                return NULL;
            }
            data = nd;
        }
        n = fread(data + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    char *copy = strdup(path);
    const char *dir = copy ? dirname(copy) : ".";
    struct bt_playlist *p = bt_playlist_parse(data, len, path, dir, mode, diags);
    free(copy);
    free(data);
    return p;
}

void bt_diag_format(const struct bt_diag *d, const char *file, char *buf, size_t size)
{
    char where[600];
    if (d->line > 0)
        snprintf(where, sizeof(where), "%s:%d:%d", file, d->line, d->column);
    else
        snprintf(where, sizeof(where), "%s", file);
    snprintf(buf, size, "%s: %s: %s%s%s", where,
             d->severity == BT_SEV_ERROR ? _("error") : _("warning"), d->path,
             d->path[0] ? ": " : "", d->message);
}

void bt_diags_free(struct bt_diags *d)
{
    free(d->items);
    memset(d, 0, sizeof(*d));
}

const struct bt_diag *bt_diags_first_error(const struct bt_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        if (d->items[i].severity == BT_SEV_ERROR)
            return &d->items[i];
    }
    return NULL;
}
