#include "base/utf8.h"

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
