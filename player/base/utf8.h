// UTF-8 as utf8proc reads it (utf8proc_iterate): where a character ends, what it is, and
// what is not UTF-8 at all (overlong forms, surrogates, values past U+10FFFF, stray or missing
// continuation bytes), so every part of bangtin draws the same line. Any thread.
#ifndef BT_BASE_UTF8_H
#define BT_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

// Decodes the character at the start of s (len > 0 bytes to read). Returns its length in bytes
// (1 to 4) and sets *cp to its code point; a byte that does not begin valid UTF-8 is a length
// of 1 with *cp = -1, so a scan steps over it.
size_t bt_utf8_decode(const char *s, size_t len, int32_t *cp);

// Decodes the character at *s (NUL-terminated text, not at its end) and moves *s past it.
// Returns the code point, or U+FFFD for a byte that does not begin valid UTF-8 (stepped over
// alone).
uint32_t bt_utf8_next(const char **s);

// The offset of the first byte of s (len bytes) that is not part of valid UTF-8, or len when
// all of it is.
size_t bt_utf8_invalid(const char *s, size_t len);

// The number of characters (code points) in NUL-terminated text; a byte that is not valid
// UTF-8 counts as one.
size_t bt_utf8_count(const char *s);

// A character that would change a terminal, a log line or a header rather than be shown: the C0
// and C1 controls, DEL, the line and paragraph separators, and the marks that reorder text (bidi
// embeddings, overrides, isolates).
int bt_utf8_is_control(int32_t cp);

// Text to quote in a message: the first max_chars characters of s (never part of one), with
// line breaks and other control characters (bt_utf8_is_control) as spaces and what is not UTF-8 as
// U+FFFD, and "…" when s goes on. out always ends in a whole character and a NUL. Returns out.
char *bt_utf8_quote(const char *s, size_t max_chars, char *out, size_t outsize);

#endif
