// Legacy Vietnamese files (legacy.h): Windows-1258, and a JSON document's legacy text rewritten in
// place.
#include "playlist/legacy.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

#include "base/utf8.h"
#include "playlist/jsonpos.h"
#include "playlist/read_fields.h"

// Bigger files are not tried as Windows-1258 (converting one costs some ten times its size); a
// ward's playlist is a few kilobytes.
#define CP1258_MAX_BYTES (4 * 1024 * 1024)

int bt_legacy_from_cp1258(const char *data, size_t len, char **out, size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    if (len > CP1258_MAX_BYTES)
        return 1;
    iconv_t cd = iconv_open("UTF-8", "CP1258");
    if (cd == (iconv_t)-1)
        return 1;
    // A byte is one character of the BMP: at most three bytes of UTF-8.
    size_t cap = 3 * len + 1;
    char *buf = malloc(cap);
    if (!buf) {
        iconv_close(cd);
        return -1;
    }
    char *in = (char *)data, *o = buf;
    size_t inleft = len, oleft = cap - 1;
    size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
    if (rc != (size_t)-1)   // the last letter, held back for a tone that might follow it
        rc = iconv(cd, NULL, NULL, &o, &oleft);
    iconv_close(cd);
    if (rc == (size_t)-1) {   // a byte Windows-1258 does not assign
        free(buf);
        return 1;
    }
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)buf, (utf8proc_ssize_t)(o - buf),
                                      &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    free(buf);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM ? -1 : 1;
    if (!bt_legacy_reads_vietnamese((const char *)nfc, (size_t)n)) {
        free(nfc);
        return 1;
    }
    *out = (char *)nfc;
    *outlen = (size_t)n;
    return 0;
}

struct buf {
    char *s;
    size_t n, cap;
    int failed;
};

static void put(struct buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *t = realloc(b->s, cap);
        if (!t) {
            b->failed = 1;
            return;
        }
        b->s = t;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

// s as a JSON string literal: quotes, backslashes and control characters escaped, the rest as
// UTF-8.
static void put_literal(struct buf *b, const char *s)
{
    put(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(b, esc, 2);
        } else if (c < 0x20) {
            int n = c == '\n'   ? snprintf(esc, sizeof(esc), "\\n")
                    : c == '\t' ? snprintf(esc, sizeof(esc), "\\t")
                    : c == '\r' ? snprintf(esc, sizeof(esc), "\\r")
                                : snprintf(esc, sizeof(esc), "\\u%04x", c);
            put(b, esc, (size_t)n);
        } else {
            put(b, p, 1);
        }
    }
    put(b, "\"", 1);
}

// Converts the string values of an accepted JSON text (see bt_legacy_fix_json).
static int fix_strings(const char *text, size_t len, struct buf *b, struct bt_legacy_fixed *what)
{
    struct bt_jsonpos *jp = bt_jsonpos_scan(text, len);
    if (!jp)
        return -1;
    size_t last = 0;
    for (size_t i = 0; i < bt_jsonpos_count(jp); i++) {
        size_t start, end;
        bt_jsonpos_get(jp, i, NULL, &start, &end);
        if (text[start] != '"')
            continue;
        json_error_t je;
        json_t *v = json_loadb(text + start, end - start, JSON_DECODE_ANY, &je);
        const char *value = json_string_value(v);
        char *nfc = value && strlen(value) == json_string_length(v)
                        ? (char *)utf8proc_NFC((const utf8proc_uint8_t *)value)
                        : NULL;
        json_decref(v);
        char *converted = NULL;
        enum bt_legacy enc = nfc ? bt_legacy_detect(nfc, &converted) : BT_LEGACY_NONE;
        free(nfc);
        if (enc == BT_LEGACY_NONE)
            continue;
        if (!converted) {
            b->failed = 1;
            break;
        }
        put(b, text + last, start - last);
        put_literal(b, converted);
        free(converted);
        last = end;
        if (enc == BT_LEGACY_TCVN3)
            what->tcvn3++;
        else
            what->vni++;
    }
    put(b, text + last, len - last);
    bt_jsonpos_destroy(jp);
    return b->failed ? -1 : 0;
}

int bt_legacy_fix_json(const char *data, size_t len, char **out, size_t *outlen,
                       struct bt_legacy_fixed *what)
{
    memset(what, 0, sizeof(*what));
    *out = NULL;
    *outlen = 0;
    struct buf b = {0};
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {   // Notepad's BOM, kept
        put(&b, data, 3);
        data += 3;
        len -= 3;
    }
    char *decoded = NULL;
    if (bt_utf8_invalid(data, len) < len) {
        size_t n;
        int rc = bt_legacy_from_cp1258(data, len, &decoded, &n);
        if (rc) {
            free(b.s);
            return rc < 0 ? -1 : BT_LEGACY_FIX_NOT_UTF8;
        }
        data = decoded;
        len = n;
        what->cp1258 = 1;
    }
    int rc = BT_LEGACY_FIX_NOT_JSON;
    json_error_t je;
    json_t *root = pl_count_values(data, len) <= BT_JSON_VALUES_MAX
                       ? json_loadb(data, len, JSON_REJECT_DUPLICATES, &je)
                       : NULL;
    if (root) {
        json_decref(root);
        rc = fix_strings(data, len, &b, what);
    }
    free(decoded);
    if (rc != 0) {
        free(b.s);
        return rc;
    }
    *out = b.s;
    *outlen = b.n;
    return 0;
}
