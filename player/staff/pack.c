#include "staff/pack.h"

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/sha256.h"
#include "base/url.h"
#include "staff/check.h"
#include "staff/keys.h"

struct pack {
    const char *dir;   // the playlist's folder: where relative sources are
    char **allowed;    // where sources may be: that folder and the media folders, resolved
    int nallowed;
    const char *outdir;
    FILE *out;
    int objects;
    int64_t bytes;
    int failed;
};

static int copy_file(const char *from, const char *to)
{
    int fd = bt_file_open_regular(from, NULL);
    FILE *in = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!in) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    struct bt_file_writer *o = bt_file_begin(to);
    if (!o) {
        fclose(in);
        return -1;
    }
    char buf[65536];
    size_t n;
    int rc = 0;
    while (rc == 0 && (n = fread(buf, 1, sizeof(buf), in)) > 0)
        rc = bt_file_write(o, buf, n);
    if (rc == 0 && ferror(in)) {
        errno = EIO;
        rc = -1;
    }
    fclose(in);
    if (rc != 0) {
        bt_file_abort(o);
        return -1;
    }
    return bt_file_commit(o);
}

// The file's extension, lower case, or "" (at most 8 characters).
static void extension(const char *src, char *ext, size_t size)
{
    const char *dot = strrchr(src, '.');
    const char *slash = strrchr(src, '/');
    ext[0] = '\0';
    if (!dot || (slash && dot < slash) || strlen(dot) > 9)
        return;
    size_t i;
    for (i = 0; dot[i] && i + 1 < size; i++)
        ext[i] = (char)tolower((unsigned char)dot[i]);
    ext[i] = '\0';
}

// Whether the file at `path` (links resolved) lies inside one of the allowed folders, and is a
// regular file. Says why not.
static int publishable(struct pack *p, const char *src, const char *path)
{
    char *real = realpath(path, NULL);
    struct stat st;
    if (!real) {
        fprintf(p->out, _("cannot read %s: %s\n"), path, strerror(errno));
        return 0;
    }
    int inside = 0;
    for (int i = 0; i < p->nallowed && !inside; i++) {
        size_t n = strlen(p->allowed[i]);
        inside = strncmp(real, p->allowed[i], n) == 0 && (real[n] == '/' || n == 1);
    }
    int ok = 0;
    if (!inside)
        fprintf(p->out,
                _("%s: \"%s\" leads to %s, outside the playlist's folder; pack publishes only "
                  "the playlist's own media: copy the file into its folder (or name its folder "
                  "after OUTDIR)\n"),
                p->dir, src, real);
    else if (stat(real, &st) != 0 || !S_ISREG(st.st_mode))
        fprintf(p->out, _("%s: \"%s\" is not a regular file; pack publishes only media files\n"),
                p->dir, src);
    else
        ok = 1;
    free(real);
    return ok;
}

// Whether every local source may be published, before anything is read or copied.
static int sources_publishable(struct pack *p, json_t *list)
{
    int ok = 1;
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        const char *type = json_string_value(json_object_get(item, "type"));
        const char *s = json_string_value(json_object_get(item, "src"));
        if (!type || !s || bt_url_is_http(s) ||
            (strcmp(type, "image") != 0 && strcmp(type, "video") != 0))
            continue;
        char err[200];
        char *path = bt_url_join(p->dir, s, err, sizeof(err));
        ok &= path && publishable(p, s, path);
        free(path);
    }
    return ok;
}

// Gathers one item's local source and rewrites its fields.
static void pack_item(struct pack *p, json_t *item)
{
    const char *type = json_string_value(json_object_get(item, "type"));
    json_t *src = json_object_get(item, "src");
    if (!type || !json_is_string(src) || (strcmp(type, "image") != 0 && strcmp(type, "video") != 0))
        return;
    const char *s = json_string_value(src);
    if (bt_url_is_http(s))
        return;   // already on a server: it carries its own sha256 and size
    char hex[65], ext[16], name[128], to[4400], err[200];
    char *path = bt_url_join(p->dir, s, err, sizeof(err));
    int64_t size;
    if (!path || bt_sha256_file(path, hex, &size) != 0) {
        fprintf(p->out, _("cannot read %s: %s\n"), path ? path : s, path ? strerror(errno) : err);
        p->failed = 1;
        free(path);
        return;
    }
    extension(s, ext, sizeof(ext));
    snprintf(name, sizeof(name), "objects/%s%s", hex, ext);
    snprintf(to, sizeof(to), "%s/%s", p->outdir, name);
    struct stat st;
    if (stat(to, &st) != 0 || st.st_size != size) {   // a name is its content: copy once
        if (copy_file(path, to) != 0) {
            fprintf(p->out, _("cannot write %s: %s\n"), to, strerror(errno));
            p->failed = 1;
            free(path);
            return;
        }
        p->objects++;
        p->bytes += size;
    }
    free(path);
    json_object_set_new(item, "src", json_string(name));
    json_object_set_new(item, "sha256", json_string(hex));
    json_object_set_new(item, "size", json_integer(size));
}

static void pack_items(struct pack *p, json_t *list)
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        pack_item(p, item);
    }
}

// Whether every local source of the document at `playlist` lies where it may.
static int publishable_all(struct pack *p, const char *playlist)
{
    json_error_t je;
    json_t *root = json_load_file(playlist, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return 1;   // check says what is wrong with it
    int ok = 1;
    size_t i;
    json_t *z, *o;
    json_array_foreach(json_object_get(root, "zones"), i, z)
    {
        ok &= sources_publishable(p, json_object_get(z, "items"));
        json_t *fb = json_object_get(z, "fallback");
        if (fb) {
            json_t *one = json_pack("[O]", fb);
            ok &= sources_publishable(p, one);
            json_decref(one);
        }
    }
    json_array_foreach(json_object_get(root, "overrides"), i, o)
    {
        ok &= sources_publishable(p, json_object_get(o, "items"));
    }
    json_decref(root);
    return ok;
}

// Writes OUTDIR/playlist.json.minisig for `text`, the playlist.json just written: its trusted
// comment says when it was signed, the file and the playlist's revision (a screen refuses a
// signature older than the one it played). Returns 0, or -1 with the reason printed.
static int write_signature(struct bt_minisign_secret *key, const char *outdir, const char *text,
                           const char *revision, FILE *out)
{
    char comment[BT_MINISIGN_TRUSTED_MAX + 1], err[1200], path[4200], *sig = NULL;
    snprintf(path, sizeof(path), "%s/playlist.json.minisig", outdir);
    if (bt_minisign_comment_format(comment, sizeof(comment), (int64_t)time(NULL), "playlist.json",
                                   revision) != 0) {
        fprintf(out, _("%s: the revision cannot go into a signature's trusted comment\n"),
                "playlist.json");
        return -1;
    }
    if (bt_minisign_secret_sign(key, text, strlen(text), comment, NULL, &sig, err, sizeof(err)) !=
        BT_MINISIGN_OK) {
        fprintf(out, "%s\n", err);
        return -1;
    }
    int rc = bt_file_write_atomic(path, sig, strlen(sig));
    if (rc != 0)
        fprintf(out, _("cannot write %s: %s\n"), path, strerror(errno));
    else
        fprintf(out, _("Signed with the key %s: %s\n"), bt_minisign_secret_id(key), path);
    free(sig);
    return rc;
}

// A signature left from an earlier pack signs another playlist: it goes before the new one is
// written. Says so when nothing will replace it.
static void remove_old_signature(const char *outdir, int signing, FILE *out)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/playlist.json.minisig", outdir);
    if (unlink(path) == 0 && !signing)
        fprintf(out, _("Removed %s: it signed an earlier playlist (sign again with --sign)\n"),
                path);
}

static int pack_files(const char *playlist, const char *outdir, char *const *folders, int nfolders,
                      struct bt_minisign_secret *key, FILE *out)
{
    char *copy = strdup(playlist);
    struct pack p = {.dir = copy ? dirname(copy) : ".", .outdir = outdir, .out = out};
    p.allowed = calloc((size_t)nfolders + 1, sizeof(*p.allowed));
    for (int i = 0; p.allowed && i <= nfolders; i++) {
        const char *f = i == 0 ? p.dir : folders[i - 1];
        if (!(p.allowed[p.nallowed] = realpath(f, NULL)))
            fprintf(out, _("cannot read %s: %s\n"), f, strerror(errno));
        else
            p.nallowed++;
    }
    // Only the playlist's own media leave this machine, and the playlist must pass check
    // (whose media probe is the player's): nothing broken or private goes to a fleet.
    char *const files[1] = {(char *)playlist};
    int refused = !publishable_all(&p, playlist);
    if (refused || bt_check_run(files, 1, 0, out) != 0) {
        fprintf(out, "%s", _("Nothing was packed: correct the errors above first.\n"));
        for (int i = 0; i < p.nallowed; i++)
            free(p.allowed[i]);
        free(p.allowed);
        free(copy);
        return 2;
    }
    json_error_t je;
    json_t *root = json_load_file(playlist, JSON_REJECT_DUPLICATES, &je);
    char objects[4200];
    snprintf(objects, sizeof(objects), "%s/objects", outdir);
    if (!root || bt_file_mkdir_p(objects) != 0) {
        fprintf(out, _("cannot make %s: %s\n"), objects, strerror(errno));
        json_decref(root);
        for (int k = 0; k < p.nallowed; k++)
            free(p.allowed[k]);
        free(p.allowed);
        free(copy);
        return 1;
    }
    size_t i;
    json_t *z, *o;
    json_array_foreach(json_object_get(root, "zones"), i, z)
    {
        pack_items(&p, json_object_get(z, "items"));
        if (json_object_get(z, "fallback"))
            pack_item(&p, json_object_get(z, "fallback"));
    }
    json_array_foreach(json_object_get(root, "overrides"), i, o)
    {
        pack_items(&p, json_object_get(o, "items"));
    }
    char target[4200];
    snprintf(target, sizeof(target), "%s/playlist.json", outdir);
    char *text = p.failed ? NULL : json_dumps(root, JSON_INDENT(2));
    if (!p.failed)
        remove_old_signature(outdir, key != NULL, out);
    if (!p.failed && (!text || bt_file_write_atomic(target, text, strlen(text)) != 0)) {
        fprintf(out, _("cannot write %s: %s\n"), target, strerror(errno));
        p.failed = 1;
    }
    const char *rev = json_string_value(json_object_get(root, "revision"));
    char *revision = strdup(rev ? rev : "");
    json_decref(root);
    for (int k = 0; k < p.nallowed; k++)
        free(p.allowed[k]);
    free(p.allowed);
    free(copy);
    // What a screen will read, checked the same way (objects against their sha256); signed
    // only then.
    char *const packed[1] = {target};
    int rc = p.failed || !revision ? 1 : bt_check_run(packed, 1, 0, out);
    if (rc == 0 && key && write_signature(key, outdir, text, revision, out) != 0)
        rc = 1;
    free(text);
    free(revision);
    if (rc != 0)
        return rc;
    fprintf(out,
            _("Packed into %s: playlist.json and %d new objects (%.1f MB).\n"
              "Upload the whole folder to your web server, then set on each screen:\n"
              "  playlist_url = https://YOUR-SERVER/PATH/playlist.json\n"),
            outdir, p.objects, (double)p.bytes / 1e6);
    return 0;
}

int bt_pack_run(const char *playlist, const char *outdir, char *const *folders, int nfolders,
                const char *sign_key, FILE *out)
{
    // The key and its password first: a wrong one stops the pack before anything is written.
    struct bt_minisign_secret *key = NULL;
    if (sign_key && bt_keys_load_secret(sign_key, &key, out) != 0) {
        fprintf(out, "%s", _("Nothing was packed: the secret key cannot sign.\n"));
        return 1;
    }
    int rc = pack_files(playlist, outdir, folders, nfolders, key, out);
    bt_minisign_secret_destroy(key);
    return rc;
}
