#include "playlist/jsonpos.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

#define MAX_DEPTH      64
#define PATH_MAX_BYTES 512

struct entry {
    size_t path;   // offset of the NUL-terminated path in `paths`
    struct bt_pos key, value;
    uint32_t hash;
    size_t start, end;   // the value's bytes in the text
};

struct bt_jsonpos {
    struct entry *entries;
    size_t count, cap;
    char *paths;   // all paths, back to back
    size_t paths_len, paths_cap;
    size_t *table;       // open addressing: index + 1 into entries, 0 empty
    size_t table_size;   // a power of two
};

struct scanner {
    const char *s;
    size_t len, i;
    int line, column;
    struct bt_jsonpos *jp;
    int failed;
};

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;   // FNV-1a
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

// Steps over one character (all its bytes), counting lines and columns.
static void advance(struct scanner *sc)
{
    if (sc->i >= sc->len)
        return;
    int32_t cp;
    sc->i += bt_utf8_decode(sc->s + sc->i, sc->len - sc->i, &cp);
    if (cp == '\n') {
        sc->line++;
        sc->column = 1;
    } else {
        sc->column++;
    }
}

static void skip_ws(struct scanner *sc)
{
    while (sc->i < sc->len) {
        char c = sc->s[sc->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        advance(sc);
    }
}

static struct bt_pos here(const struct scanner *sc)
{
    return (struct bt_pos){sc->line, sc->column};
}

static int add(struct bt_jsonpos *jp, const char *path, struct bt_pos key, struct bt_pos value,
               size_t start)
{
    size_t plen = strlen(path) + 1;
    if (jp->count == jp->cap) {
        size_t cap = jp->cap ? jp->cap * 2 : 256;
        struct entry *e = realloc(jp->entries, cap * sizeof(*e));
        if (!e)
            return -1;
        jp->entries = e;
        jp->cap = cap;
    }
    if (jp->paths_len + plen > jp->paths_cap) {
        size_t cap = jp->paths_cap ? jp->paths_cap * 2 : 8192;
        while (cap < jp->paths_len + plen)
            cap *= 2;
        char *p = realloc(jp->paths, cap);
        if (!p)
            return -1;
        jp->paths = p;
        jp->paths_cap = cap;
    }
    memcpy(jp->paths + jp->paths_len, path, plen);
    jp->entries[jp->count] =
        (struct entry){jp->paths_len, key, value, hash_str(path), start, start};
    jp->paths_len += plen;
    jp->count++;
    return 0;
}

// Reads a string at sc->i (on its opening quote). With `out`, copies the decoded text of simple
// strings (escapes other than \uXXXX are decoded; \u is kept as written).
static void scan_string(struct scanner *sc, char *out, size_t outsize)
{
    size_t o = 0;
    advance(sc);   // "
    while (sc->i < sc->len && sc->s[sc->i] != '"') {
        if (sc->s[sc->i] == '\\' && sc->i + 1 < sc->len) {
            advance(sc);
            char c = sc->s[sc->i];
            switch (c) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            default: break;
            }
            if (out && o + 1 < outsize)
                out[o++] = c;
            advance(sc);
            continue;
        }
        size_t from = sc->i;
        advance(sc);
        for (size_t k = from; out && k < sc->i && o + 1 < outsize; k++)
            out[o++] = sc->s[k];
    }
    if (sc->i < sc->len)
        advance(sc);   // "
    else
        sc->failed = 1;
    if (out)
        out[o] = '\0';
}

static void scan_value(struct scanner *sc, char *path, size_t plen, struct bt_pos key, int depth);

static void scan_object(struct scanner *sc, char *path, size_t plen, int depth)
{
    advance(sc);   // {
    skip_ws(sc);
    if (sc->i < sc->len && sc->s[sc->i] == '}') {
        advance(sc);
        return;
    }
    while (!sc->failed && sc->i < sc->len) {
        skip_ws(sc);
        if (sc->s[sc->i] != '"') {
            sc->failed = 1;
            return;
        }
        struct bt_pos key = here(sc);
        char name[256];
        scan_string(sc, name, sizeof(name));
        skip_ws(sc);
        if (sc->i >= sc->len || sc->s[sc->i] != ':') {
            sc->failed = 1;
            return;
        }
        advance(sc);
        size_t n =
            (size_t)snprintf(path + plen, PATH_MAX_BYTES - plen, "%s%s", plen ? "." : "", name);
        if (plen + n >= PATH_MAX_BYTES)
            n = PATH_MAX_BYTES - 1 - plen;
        scan_value(sc, path, plen + n, key, depth + 1);
        path[plen] = '\0';
        skip_ws(sc);
        if (sc->i < sc->len && sc->s[sc->i] == ',') {
            advance(sc);
            continue;
        }
        if (sc->i < sc->len && sc->s[sc->i] == '}') {
            advance(sc);
            return;
        }
        sc->failed = 1;
    }
}

static void scan_array(struct scanner *sc, char *path, size_t plen, int depth)
{
    advance(sc);   // [
    skip_ws(sc);
    if (sc->i < sc->len && sc->s[sc->i] == ']') {
        advance(sc);
        return;
    }
    for (size_t index = 0; !sc->failed && sc->i < sc->len; index++) {
        size_t n = (size_t)snprintf(path + plen, PATH_MAX_BYTES - plen, "[%zu]", index);
        if (plen + n >= PATH_MAX_BYTES)
            n = PATH_MAX_BYTES - 1 - plen;
        skip_ws(sc);
        scan_value(sc, path, plen + n, here(sc), depth + 1);
        path[plen] = '\0';
        skip_ws(sc);
        if (sc->i < sc->len && sc->s[sc->i] == ',') {
            advance(sc);
            continue;
        }
        if (sc->i < sc->len && sc->s[sc->i] == ']') {
            advance(sc);
            return;
        }
        sc->failed = 1;
    }
}

static void scan_value(struct scanner *sc, char *path, size_t plen, struct bt_pos key, int depth)
{
    skip_ws(sc);
    if (sc->i >= sc->len || depth > MAX_DEPTH) {
        sc->failed = 1;
        return;
    }
    path[plen] = '\0';
    size_t index = sc->jp->count;
    if (add(sc->jp, path, key, here(sc), sc->i) != 0) {
        sc->failed = 1;
        return;
    }
    char c = sc->s[sc->i];
    if (c == '{') {
        scan_object(sc, path, plen, depth);
    } else if (c == '[') {
        scan_array(sc, path, plen, depth);
    } else if (c == '"') {
        scan_string(sc, NULL, 0);
    } else {
        // number, true, false, null
        while (sc->i < sc->len && !strchr(",]} \t\r\n", sc->s[sc->i]))
            advance(sc);
    }
    sc->jp->entries[index].end = sc->i;
}

static int build_table(struct bt_jsonpos *jp)
{
    size_t size = 64;
    while (size < jp->count * 2)
        size *= 2;
    jp->table = calloc(size, sizeof(*jp->table));
    if (!jp->table)
        return -1;
    jp->table_size = size;
    for (size_t i = 0; i < jp->count; i++) {
        size_t slot = jp->entries[i].hash & (size - 1);
        while (jp->table[slot])
            slot = (slot + 1) & (size - 1);
        jp->table[slot] = i + 1;
    }
    return 0;
}

struct bt_jsonpos *bt_jsonpos_scan(const char *text, size_t len)
{
    struct bt_jsonpos *jp = calloc(1, sizeof(*jp));
    if (!jp)
        return NULL;
    struct scanner sc = {.s = text, .len = len, .line = 1, .column = 1, .jp = jp};
    char path[PATH_MAX_BYTES] = "";
    skip_ws(&sc);
    scan_value(&sc, path, 0, here(&sc), 0);
    if (build_table(jp) != 0) {
        bt_jsonpos_destroy(jp);
        return NULL;
    }
    return jp;
}

void bt_jsonpos_destroy(struct bt_jsonpos *jp)
{
    if (!jp)
        return;
    free(jp->entries);
    free(jp->paths);
    free(jp->table);
    free(jp);
}

int bt_jsonpos_find(const struct bt_jsonpos *jp, const char *path, struct bt_pos *key,
                    struct bt_pos *value)
{
    if (!jp || !jp->table_size)
        return -1;
    uint32_t h = hash_str(path);
    for (size_t slot = h & (jp->table_size - 1); jp->table[slot];
         slot = (slot + 1) & (jp->table_size - 1)) {
        const struct entry *e = &jp->entries[jp->table[slot] - 1];
        if (e->hash == h && strcmp(jp->paths + e->path, path) == 0) {
            if (key)
                *key = e->key;
            if (value)
                *value = e->value;
            return 0;
        }
    }
    return -1;
}

size_t bt_jsonpos_count(const struct bt_jsonpos *jp)
{
    return jp ? jp->count : 0;
}

const char *bt_jsonpos_get(const struct bt_jsonpos *jp, size_t i, struct bt_pos *value,
                           size_t *start, size_t *end)
{
    if (!jp || i >= jp->count)
        return NULL;
    const struct entry *e = &jp->entries[i];
    if (value)
        *value = e->value;
    *start = e->start;
    *end = e->end;
    return jp->paths + e->path;
}

struct bt_pos bt_jsonpos_at(const char *text, size_t len, size_t offset)
{
    struct bt_pos p = {1, 1};
    for (size_t i = 0; i < offset && i < len;) {
        int32_t cp;
        i += bt_utf8_decode(text + i, len - i, &cp);
        if (cp == '\n') {
            p.line++;
            p.column = 1;
        } else {
            p.column++;
        }
    }
    return p;
}
