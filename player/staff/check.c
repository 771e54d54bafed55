#include "staff/check.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "config/config.h"
#include "media/image.h"
#include "media/video.h"
#include "playlist/legacy.h"
#include "playlist/playlist.h"
#include "screen/text.h"
#include "staff/check_text.h"

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

// The player's own judgement of a local picture or clip: opened with the very code it plays
// them with (the same formats, the same limits, the first frame decoded). Returns 0, or -1 with
// the reason (as the player would log it) in err.
static int judge_media(const struct bt_item *it, int w, int h, char *err, size_t errsize)
{
    const char *file = it->source.resolved;
    if (it->type == BT_ITEM_IMAGE) {
        char why[400] = "";
        SDL_Surface *s =
            bt_image_load(file, w > 0 ? w : 1, h > 0 ? h : 1, it->fit, why, sizeof(why));
        SDL_FreeSurface(s);
        if (!s)
            snprintf(err, errsize, "%s %s", file, why);
        return s ? 0 : -1;
    }
    struct bt_video *v = bt_video_open(file, 1, BT_HWDEC_NONE, 0, 0);
    if (!v) {
        snprintf(err, errsize, "%s: %s", file, _("out of memory"));
        return -1;
    }
    double t;
    AVFrame *f = bt_video_peek(v, 0, &t, 1);
    int ok = f && bt_video_status(v) > 0;
    if (!ok)
        snprintf(err, errsize, "%s %s", file,
                 bt_video_status(v) < 0 ? bt_video_error(v) : _("holds no frame that decodes"));
    bt_video_close(v);
    return ok ? 0 : -1;
}

static void judge_item(struct bt_diags *d, const struct bt_item *it, int w, int h, const char *path)
{
    if ((it->type != BT_ITEM_IMAGE && it->type != BT_ITEM_VIDEO) || it->source.remote ||
        !it->source.resolved)
        return;
    char err[700], msg[900], where[200];
    if (judge_media(it, w, h, err, sizeof(err)) == 0)
        return;
    snprintf(msg, sizeof(msg), _("%s; the screen skips this item"), err);
    snprintf(where, sizeof(where), "%s.src", it->path ? it->path : path);
    bt_diags_add(d, BT_SEV_ERROR, it->source.src_line, it->source.src_column, where, msg);
}

// Every local picture and clip, judged at the size of the zone it shows in (an override's at
// the first zone it takes).
static void check_media(const struct bt_playlist *p, struct bt_diags *d)
{
    char path[160];
    for (size_t z = 0; z < p->nzones; z++) {
        const struct bt_zone *zn = &p->zones[z];
        for (size_t i = 0; i < zn->nitems; i++) {
            snprintf(path, sizeof(path), "zones[%zu].items[%zu]", z, i);
            judge_item(d, &zn->items[i], zn->w, zn->h, path);
        }
        if (zn->fallback) {
            snprintf(path, sizeof(path), "zones[%zu].fallback", z);
            judge_item(d, zn->fallback, zn->w, zn->h, path);
        }
    }
    for (size_t o = 0; o < p->noverrides; o++) {
        const struct bt_override *ov = &p->overrides[o];
        const struct bt_zone *zn = NULL;
        for (size_t z = 0; z < p->nzones && !zn; z++)
            for (size_t k = 0; k < ov->nzones && !zn; k++)
                if (ov->all_zones || strcmp(ov->zones[k], p->zones[z].id) == 0)
                    zn = &p->zones[z];
        if (ov->all_zones && p->nzones)
            zn = &p->zones[0];
        for (size_t i = 0; i < ov->nitems; i++) {
            snprintf(path, sizeof(path), "overrides[%zu].items[%zu]", o, i);
            judge_item(d, &ov->items[i], zn ? zn->w : p->width, zn ? zn->h : p->height, path);
        }
    }
}

static void print_text(FILE *out, const char *file, const struct bt_playlist *p,
                       const struct bt_diags *d)
{
    char line[1200], shown[1300];
    for (size_t i = 0; i < d->count; i++) {
        // A message quotes the document: no control character of it reaches the terminal
        // (an escape sequence, or a line break that would fake a line of check's own).
        bt_diag_format(&d->items[i], file, line, sizeof(line));
        fprintf(out, "%s\n", bt_utf8_quote(line, SIZE_MAX, shown, sizeof(shown)));
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
        if (p) {
            bt_check_text(p, &d, fonts);
            check_media(p, &d);
        }
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

#define FIX_MAX_BYTES (64 * 1024 * 1024)   // as the reader's bound

// The whole of a regular file, up to FIX_MAX_BYTES, as the reader reads one. Returns it (the
// caller frees it) with *len, or NULL with errno set (EFBIG past the bound).
static char *read_all(const char *path, size_t *len)
{
    int fd = bt_file_open_regular(path, NULL);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    char *data = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 65536 > cap) {
            size_t more = cap ? cap * 2 : 65536 * 2;
            char *bigger = more <= FIX_MAX_BYTES ? realloc(data, more) : NULL;
            if (!bigger) {
                free(data);
                fclose(f);
                errno = more <= FIX_MAX_BYTES ? ENOMEM : EFBIG;
                return NULL;
            }
            data = bigger;
            cap = more;
        }
        got = fread(data + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(data);
        errno = EIO;
        return NULL;
    }
    *len = n;
    return data;
}

// NAME.unicode.json for NAME.json (or for any other name, that name with .unicode.json).
static void copy_name(const char *file, char *out, size_t size)
{
    size_t n = strlen(file);
    if (n > 5 && strcmp(file + n - 5, ".json") == 0)
        n -= 5;
    snprintf(out, size, "%.*s.unicode.json", (int)n, file);
}

// Converts one file. Returns its exit status (see bt_check_fix_encoding).
static int fix_one(const char *file, FILE *out)
{
    char target[4200];
    struct stat st;
    copy_name(file, target, sizeof(target));
    if (lstat(target, &st) == 0) {
        fprintf(out,
                _("%s: %s already exists; nothing is written over it: move it away or "
                  "delete it, then run this again\n"),
                file, target);
        return 2;
    }
    size_t len = 0, newlen = 0;
    char *data = read_all(file, &len), *fixed = NULL;
    if (!data) {
        fprintf(out, "%s: ", file);
        fprintf(out, _("cannot read the file: %s"), strerror(errno));
        fputc('\n', out);
        return 2;
    }
    struct bt_legacy_fixed what;
    int rc = bt_legacy_fix_json(data, len, &fixed, &newlen, &what);
    free(data);
    if (rc == BT_LEGACY_FIX_NOT_UTF8) {
        fprintf(out,
                _("%s: the file is not UTF-8, and it does not read as Vietnamese in "
                  "Windows-1258 either; nothing written\n"),
                file);
        return 2;
    }
    if (rc == BT_LEGACY_FIX_NOT_JSON) {
        fprintf(out,
                _("%s: the file is not valid JSON (bangtin check %s says where); nothing "
                  "written\n"),
                file, file);
        return 2;
    }
    if (rc != 0) {
        fprintf(out, "%s: %s\n", file, _("out of memory"));
        return 1;
    }
    if (!what.cp1258 && what.tcvn3 + what.vni == 0) {
        fprintf(out, _("%s: no text in an old Vietnamese encoding was found; nothing written\n"),
                file);
        free(fixed);
        return 0;
    }
    if (bt_file_write_atomic(target, fixed, newlen) != 0) {
        fprintf(out, "%s: ", file);
        fprintf(out, _("cannot write %s: %s"), target, strerror(errno));
        fputc('\n', out);
        free(fixed);
        return 1;
    }
    free(fixed);
    if (what.cp1258)
        fprintf(out, _("%s: read as Windows-1258 and converted to UTF-8\n"), file);
    if (what.tcvn3)
        fprintf(out,
                ngettext("%s: %zu text typed in %s converted to Unicode\n",
                         "%s: %zu texts typed in %s converted to Unicode\n", what.tcvn3),
                file, what.tcvn3, bt_legacy_name(BT_LEGACY_TCVN3));
    if (what.vni)
        fprintf(out,
                ngettext("%s: %zu text typed in %s converted to Unicode\n",
                         "%s: %zu texts typed in %s converted to Unicode\n", what.vni),
                file, what.vni, bt_legacy_name(BT_LEGACY_VNI));
    fprintf(out, _("%s: wrote %s; check it with bangtin check %s\n"), file, target, target);
    return 0;
}

int bt_check_fix_encoding(char *const *files, int nfiles, FILE *out)
{
    int status = 0;
    for (int i = 0; i < nfiles; i++) {
        int rc = fix_one(files[i], out);
        if (rc > status)
            status = rc;
    }
    return status;
}
