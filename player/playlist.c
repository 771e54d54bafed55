#include "playlist.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "i18n.h"

static void set_error(struct bt_playlist_error *err, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_error(struct bt_playlist_error *err, const char *path, const char *fmt, ...)
{
    snprintf(err->path, sizeof(err->path), "%s", path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
}

// Reads an optional integer field in [min, max]. Returns 0 or -1 with *err set.
static int get_int(json_t *obj, const char *objpath, const char *key, int required, long min,
                   long max, int *out, struct bt_playlist_error *err)
{
    char path[128];
    snprintf(path, sizeof(path), "%s%s%s", objpath, objpath[0] ? "." : "", key);
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (!required)
            return 0;
        set_error(err, path, _("is missing; add a whole number from %ld to %ld"), min, max);
        return -1;
    }
    if (!json_is_integer(v)) {
        set_error(err, path, _("must be a whole number from %ld to %ld"), min, max);
        return -1;
    }
    json_int_t i = json_integer_value(v);
    if (i < min || i > max) {
        set_error(err, path, _("is %lld; it must be from %ld to %ld"), (long long)i, min, max);
        return -1;
    }
    *out = (int)i;
    return 0;
}

static int get_color(json_t *obj, const char *objpath, const char *key, int *present,
                     struct bt_color *out, struct bt_playlist_error *err)
{
    char path[128];
    snprintf(path, sizeof(path), "%s%s%s", objpath, objpath[0] ? "." : "", key);
    json_t *v = json_object_get(obj, key);
    if (!v)
        return 0;
    if (!json_is_string(v) || bt_color_parse(json_string_value(v), out) != 0) {
        set_error(err, path, _("must be a colour like \"#DA251D\" (#RRGGBB or #RRGGBBAA)"));
        return -1;
    }
    if (present)
        *present = 1;
    return 0;
}

static int parse_zone(json_t *jz, size_t index, const struct bt_playlist *p, struct bt_zone *z,
                      struct bt_playlist_error *err)
{
    char path[64];
    snprintf(path, sizeof(path), "zones[%zu]", index);
    if (!json_is_object(jz)) {
        set_error(err, path, _("must be an object {\"id\": ..., \"x\": ..., ...}"));
        return -1;
    }
    json_t *id = json_object_get(jz, "id");
    if (!json_is_string(id) || json_string_length(id) == 0 || json_string_length(id) > 64) {
        char p2[80];
        snprintf(p2, sizeof(p2), "%s.id", path);
        set_error(err, p2, _("must be a name of 1 to 64 characters, e.g. \"banner\""));
        return -1;
    }
    for (size_t i = 0; i < index; i++) {
        if (strcmp(p->zones[i].id, json_string_value(id)) == 0) {
            char p2[80];
            snprintf(p2, sizeof(p2), "%s.id", path);
            set_error(err, p2, _("\"%s\" is already the id of zones[%zu]; ids must differ"),
                      json_string_value(id), i);
            return -1;
        }
    }
    if (get_int(jz, path, "x", 1, 0, p->width - 1, &z->x, err) ||
        get_int(jz, path, "y", 1, 0, p->height - 1, &z->y, err) ||
        get_int(jz, path, "w", 1, 1, p->width - z->x, &z->w, err) ||
        get_int(jz, path, "h", 1, 1, p->height - z->y, &z->h, err) ||
        get_color(jz, path, "background", &z->has_background, &z->background, err))
        return -1;
    z->id = strdup(json_string_value(id));
    return z->id ? 0 : -1;
}

static struct bt_playlist *from_json(json_t *root, const char *name, struct bt_playlist_error *err)
{
    struct bt_playlist *p = calloc(1, sizeof(*p));
    if (!p) {
        set_error(err, "", _("out of memory"));
        return NULL;
    }
    p->path = strdup(name);
    if (!json_is_object(root)) {
        set_error(err, "", _("the playlist must be a JSON object {\"version\": 1, ...}"));
        goto fail;
    }
    if (get_int(root, "", "version", 1, 1, 1, &p->version, err))
        goto fail;
    json_t *rev = json_object_get(root, "revision");
    if (rev && !json_is_string(rev)) {
        set_error(err, "revision", _("must be a string, e.g. \"2026-01-05 phase 2\""));
        goto fail;
    }
    p->revision = strdup(rev ? json_string_value(rev) : "");

    json_t *canvas = json_object_get(root, "canvas");
    if (!json_is_object(canvas)) {
        set_error(err, "canvas",
                  _("is missing or not an object; add \"canvas\": {\"width\": 1920, "
                    "\"height\": 1080}"));
        goto fail;
    }
    p->background = (struct bt_color){0, 0, 0, 255};
    if (get_int(canvas, "canvas", "width", 1, 1, BT_CANVAS_MAX, &p->width, err) ||
        get_int(canvas, "canvas", "height", 1, 1, BT_CANVAS_MAX, &p->height, err) ||
        get_color(canvas, "canvas", "background", NULL, &p->background, err))
        goto fail;

    json_t *zones = json_object_get(root, "zones");
    if (!json_is_array(zones)) {
        set_error(err, "zones", _("is missing or not a list [ ... ] of zones"));
        goto fail;
    }
    if (json_array_size(zones) > BT_ZONES_MAX) {
        set_error(err, "zones", _("has %zu zones; at most %d are allowed"),
                  json_array_size(zones), BT_ZONES_MAX);
        goto fail;
    }
    p->zones = calloc(json_array_size(zones) + 1, sizeof(*p->zones));
    if (!p->zones)
        goto fail;
    for (size_t i = 0; i < json_array_size(zones); i++) {
        if (parse_zone(json_array_get(zones, i), i, p, &p->zones[i], err))
            goto fail;
        p->nzones++;
    }
    return p;
fail:
    bt_playlist_destroy(p);
    return NULL;
}

static void init_error(struct bt_playlist_error *err, const char *name)
{
    memset(err, 0, sizeof(*err));
    snprintf(err->file, sizeof(err->file), "%s", name);
}

// Turns what jansson read (root, or NULL and je) into a playlist or an error.
static struct bt_playlist *finish(json_t *root, const json_error_t *je, const char *name,
                                  struct bt_playlist_error *err)
{
    if (!root) {
        err->line = je->line > 0 ? je->line : 0;
        err->column = je->column > 0 ? je->column : 0;
        snprintf(err->message, sizeof(err->message), "%s", je->text);
        return NULL;
    }
    struct bt_playlist *p = from_json(root, name, err);
    json_decref(root);
    return p;
}

struct bt_playlist *bt_playlist_load(const char *path, struct bt_playlist_error *err)
{
    json_error_t je;
    init_error(err, path);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err->message, sizeof(err->message), _("cannot read the file: %s"),
                 strerror(errno));
        return NULL;
    }
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
    fclose(f);
    return finish(root, &je, path, err);
}

struct bt_playlist *bt_playlist_parse(const char *json, const char *name,
                                      struct bt_playlist_error *err)
{
    json_error_t je;
    init_error(err, name);
    return finish(json_loads(json, JSON_REJECT_DUPLICATES, &je), &je, name, err);
}

void bt_playlist_destroy(struct bt_playlist *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nzones; i++)
        free(p->zones[i].id);
    free(p->zones);
    free(p->revision);
    free(p->path);
    free(p);
}

void bt_playlist_error_format(const struct bt_playlist_error *e, char *buf, size_t size)
{
    char where[300];
    if (e->line > 0 && e->column > 0)
        snprintf(where, sizeof(where), "%s:%d:%d", e->file, e->line, e->column);
    else if (e->line > 0)
        snprintf(where, sizeof(where), "%s:%d", e->file, e->line);
    else
        snprintf(where, sizeof(where), "%s", e->file);
    if (e->path[0])
        snprintf(buf, size, "%s: %s: %s", where, e->path, e->message);
    else
        snprintf(buf, size, "%s: %s", where, e->message);
}
