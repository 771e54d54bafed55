#include "base/utf8.h"

#include <string.h>

#include <utf8proc.h>

size_t bt_utf8_decode(const char *s, size_t len, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s, len > 4 ? 4 : (utf8proc_ssize_t)len, &c);
    if (n < 1) {
        *cp = -1;
        return 1;
    }
    *cp = c;
    return (size_t)n;
}

uint32_t bt_utf8_next(const char **s)
{
    int32_t cp;
    // Never past the NUL: it is not a continuation byte, so a character ends before it.
    *s += bt_utf8_decode(*s, 4, &cp);
    return cp < 0 ? 0xFFFD : (uint32_t)cp;
}

size_t bt_utf8_invalid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = bt_utf8_decode(s + i, len - i, &cp);
        if (cp < 0)
            return i;
        i += n;
    }
    return len;
}

size_t bt_utf8_count(const char *s)
{
    size_t n = 0;
    while (*s) {
        bt_utf8_next(&s);
        n++;
    }
    return n;
}

int bt_utf8_is_control(int32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

char *bt_utf8_quote(const char *s, size_t max_chars, char *out, size_t outsize)
{
    static const char ellipsis[] = "…";
    size_t o = 0, chars = 0;
    if (outsize == 0)
        return out;
    while (*s && chars < max_chars) {
        int32_t cp;
        size_t n = bt_utf8_decode(s, strnlen(s, 4), &cp);
        const char *from = s;
        char space = ' ';
        size_t len = n;
        if (cp < 0) {
            from = "\xEF\xBF\xBD";
            len = 3;
        } else if (bt_utf8_is_control(cp)) {
            from = &space;
            len = 1;
        }
        // Room for this character, an ellipsis and the NUL.
        if (o + len + sizeof(ellipsis) > outsize)
            break;
        memcpy(out + o, from, len);
        o += len;
        s += n;
        chars++;
    }
    if (*s && o + sizeof(ellipsis) <= outsize) {
        memcpy(out + o, ellipsis, sizeof(ellipsis) - 1);
        o += sizeof(ellipsis) - 1;
    }
    out[o] = '\0';
    return out;
}
