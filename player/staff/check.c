#include "staff/check.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "playlist/playlist.h"
#include "screen/text.h"

struct counts {
    size_t items[BT_ITEM_TYPES];
    size_t nitems;
};

static void count_items(const struct bt_playlist *p, struct counts *c)
{
    memset(c, 0, sizeof(*c));
    for (size_t z = 0; p && z < p->nzones; z++) {
        for (size_t i = 0; i < p->zones[z].nitems; i++) {
            c->items[p->zones[z].items[i].type]++;
            c->nitems++;
        }
    }
}

static void glyph_warning(struct bt_diags *d, const struct bt_item *it, const char *path, Uint32 cp)
{
    char msg[200];
    snprintf(msg, sizeof(msg),
             _("the font has no character U+%04X; the screen shows an empty box for it"),
             (unsigned)cp);
    bt_diags_add(d, BT_SEV_WARNING, it->text_line, it->text_column, path, msg);
}

// Warns about characters the bundled fonts lack (both weights have the same repertoire).
static void check_glyphs(const struct bt_playlist *p, struct bt_diags *d, struct bt_fonts *fonts)
{
    TTF_Font *font = fonts ? bt_fonts_get(fonts, 0, 24) : NULL;
    if (!font)
        return;
    char path[160];
    for (size_t z = 0; z < p->nzones; z++) {
        for (size_t i = 0; i < p->zones[z].nitems; i++) {
            const struct bt_item *it = &p->zones[z].items[i];
            Uint32 cp;
            if (it->text && it->type != BT_ITEM_CLOCK && !bt_text_covers(font, it->text, &cp)) {
                snprintf(path, sizeof(path), "zones[%zu].items[%zu].text", z, i);
                glyph_warning(d, it, path, cp);
            }
        }
    }
}

static void print_text(FILE *out, const char *file, const struct bt_playlist *p,
                       const struct bt_diags *d)
{
    char line[1200];
    for (size_t i = 0; i < d->count; i++) {
        bt_diag_format(&d->items[i], file, line, sizeof(line));
        fprintf(out, "%s\n", line);
    }
    if (d->count < d->errors + d->warnings)
        fprintf(out, _("%s: … and %zu more problems\n"), file, d->errors + d->warnings - d->count);
    if (!p) {
        fprintf(out, _("%s: rejected: "), file);
        fprintf(out, ngettext("%zu error, ", "%zu errors, ", d->errors), d->errors);
        fprintf(out, ngettext("%zu warning\n", "%zu warnings\n", d->warnings), d->warnings);
        return;
    }
    struct counts c;
    count_items(p, &c);
    char types[256] = "";
    size_t used = 0;
    for (int t = 0; t < BT_ITEM_TYPES; t++) {
        if (c.items[t] && used < sizeof(types))
            used += (size_t)snprintf(types + used, sizeof(types) - used, "%s%zu %s",
                                     used ? ", " : "", c.items[t], bt_item_type_name(t));
    }
    fprintf(out, "%s: ", file);
    fprintf(out, ngettext("%zu zone, ", "%zu zones, ", p->nzones), p->nzones);
    fprintf(out, ngettext("%zu item", "%zu items", c.nitems), c.nitems);
    fprintf(out, "%s%s%s, ", used ? " (" : "", types, used ? ")" : "");
    fprintf(out, ngettext("%zu override: ", "%zu overrides: ", p->noverrides), p->noverrides);
    fprintf(out, ngettext("%zu error, ", "%zu errors, ", d->errors), d->errors);
    fprintf(out, ngettext("%zu warning\n", "%zu warnings\n", d->warnings), d->warnings);
}

static json_t *to_json(const char *file, const struct bt_playlist *p, const struct bt_diags *d)
{
    json_t *problems = json_array();
    for (size_t i = 0; i < d->count; i++) {
        const struct bt_diag *g = &d->items[i];
        json_array_append_new(problems, json_pack("{s:s, s:i, s:i, s:s, s:s}", "severity",
                                                  g->severity == BT_SEV_ERROR ? "error" : "warning",
                                                  "line", g->line, "column", g->column, "path",
                                                  g->path, "message", g->message));
    }
    // Accepted: read, and with no error (warnings allowed), as the exit status says.
    json_t *f = json_pack("{s:s, s:b, s:I, s:I, s:o}", "file", file, "accepted",
                          p != NULL && d->errors == 0, "errors", (json_int_t)d->errors, "warnings",
                          (json_int_t)d->warnings, "problems", problems);
    if (p) {
        struct counts c;
        count_items(p, &c);
        json_t *items = json_object();
        for (int t = 0; t < BT_ITEM_TYPES; t++)
            json_object_set_new(items, bt_item_type_name(t), json_integer((json_int_t)c.items[t]));
        json_object_set_new(f, "zones", json_integer((json_int_t)p->nzones));
        json_object_set_new(f, "items", items);
        json_object_set_new(f, "overrides", json_integer((json_int_t)p->noverrides));
        json_object_set_new(f, "revision", json_string(p->revision));
    }
    return f;
}

int bt_check_run(char *const *files, int nfiles, int json, FILE *out)
{
    int status = 0;
    json_t *all = json ? json_array() : NULL;
    struct bt_fonts *fonts = bt_fonts_create();
    for (int i = 0; i < nfiles; i++) {
        struct bt_diags d = {0};
        struct bt_playlist *p = bt_playlist_load(files[i], BT_PLAYLIST_CHECK, &d);
        if (p)
            check_glyphs(p, &d, fonts);
        if (d.errors)
            status = 2;
        if (json)
            json_array_append_new(all, to_json(files[i], p, &d));
        else
            print_text(out, files[i], p, &d);
        bt_playlist_destroy(p);
        bt_diags_free(&d);
    }
    bt_fonts_destroy(fonts);
    if (json) {
        json_t *doc = json_pack("{s:o}", "files", all);
        json_dumpf(doc, out, JSON_INDENT(2));
        fputc('\n', out);
        json_decref(doc);
    }
    return status;
}
