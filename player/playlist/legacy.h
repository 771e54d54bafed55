// Vietnamese text in the encodings of before Unicode, as it reaches a playlist. Text typed with
// the ABC fonts (".VnTime": TCVN3) or VNI's ("VNI-Times": VNI-Windows) is those fonts' bytes;
// pasted into a Unicode editor it arrives as the characters Windows-1252 (or Latin-1) gives those
// bytes: "Céng hoµ x· héi" for "Cộng hoà xã hội", "Coäng hoøa xaõ hoäi" for the same in VNI. A
// file saved in Windows-1258 is not UTF-8 at all.
//
// Recognition judges by Vietnamese syllable structure: a text is legacy when the words its bytes
// give in TCVN3 or VNI are Vietnamese syllables (an initial, a rhyme, a tone the rhyme allows)
// while the words as written are not, and when words that are neither do not outweigh them (see
// bt_legacy_detect). legacy.c recognises; legacy_file.c reads Windows-1258 and rewrites a JSON
// document. Pure functions of their input: any thread.
#ifndef BT_PLAYLIST_LEGACY_H
#define BT_PLAYLIST_LEGACY_H

#include <stddef.h>

enum bt_legacy {
    BT_LEGACY_NONE,
    BT_LEGACY_TCVN3,   // TCVN 5712:1993 VN3, the ABC fonts (.VnTime, and .VnTimeH for capitals)
    BT_LEGACY_VNI,     // VNI-Windows (VNI-Times and the other VNI- fonts)
};

// The encoding's name as staff know it: "TCVN3 (ABC)", "VNI-Windows".
const char *bt_legacy_name(enum bt_legacy e);

// Whether s (NUL-terminated UTF-8, NFC) is text typed in TCVN3 or VNI and read as Windows-1252 or
// Latin-1. Returns the encoding, or BT_LEGACY_NONE (for text with a character neither reading
// gives, such as any Vietnamese letter outside Latin-1, at once). When it returns an encoding and
// `converted` is not NULL, *converted is the text it should be (NFC; the caller frees it), or NULL
// when out of memory.
//
// Capitals: VNI has its own. TCVN3 has only Ă Â Ê Ô Ơ Ư Đ; capitals with a tone were typed with
// the capitals' fonts (.VnTimeH), which show the small letters' bytes as capitals, so such a
// letter is made a capital when the ASCII letters of its word are (two or more, or one not at
// the word's start), when the whole text's are (two or more), and when it begins the text or a
// sentence. Elsewhere ("của Ủy ban" typed with one letter in .VnTimeH) it stays small.
enum bt_legacy bt_legacy_detect(const char *s, char **converted);

// Converts s as text typed in `e` and read as Windows-1252 or Latin-1, whatever it looks like
// (bt_legacy_detect judges first), capitals as there. Returns the text (NFC; the caller frees
// it), or NULL when a character of s is none a byte gives, or when out of memory.
char *bt_legacy_convert(const char *s, enum bt_legacy e);

// Whether the `len` bytes at `word` (UTF-8) are one Vietnamese syllable, in either case: an
// initial consonant that may stand before its rhyme (k, gh and ngh before i, e, ê; c, g and ng
// not), a rhyme of the language, and at most one tone, sắc or nặng where the rhyme ends in
// p, t, c or ch.
int bt_legacy_is_syllable(const char *word, size_t len);

// Whether UTF-8 text reads as Vietnamese: at least two of its words hold a letter outside ASCII,
// and two thirds of those words are syllables.
int bt_legacy_reads_vietnamese(const char *text, size_t len);

// Reads `len` bytes of Windows-1258 (glibc's iconv "CP1258", which gives tones as combining
// marks) into UTF-8, composed to NFC. Returns 0 with *out (NUL-terminated, the caller frees it)
// and *outlen when the bytes are Windows-1258 and the text reads as Vietnamese, 1 when they are
// not or it does not, -1 when out of memory.
int bt_legacy_from_cp1258(const char *data, size_t len, char **out, size_t *outlen);

// What bt_legacy_fix_json changed.
struct bt_legacy_fixed {
    int cp1258;          // the file was Windows-1258, now UTF-8
    size_t tcvn3, vni;   // string values converted from each
};

enum {
    BT_LEGACY_FIX_NOT_UTF8 = -2,   // not UTF-8, nor Windows-1258 that reads as Vietnamese
    BT_LEGACY_FIX_NOT_JSON = -3,   // not a JSON text jansson accepts (or more values than a
                                   // playlist may hold)
};

// A JSON document with its legacy text converted: the whole of it from Windows-1258 when it is
// not UTF-8, then each string value bt_legacy_detect recognises (keys and other values are left
// alone), replaced in place so that everything else keeps its bytes, layout and order.
// Returns 0 with *out (NUL-terminated, the caller frees it), *outlen and *what; -1 when out of
// memory; or a BT_LEGACY_FIX_ code.
int bt_legacy_fix_json(const char *data, size_t len, char **out, size_t *outlen,
                       struct bt_legacy_fixed *what);

#endif
