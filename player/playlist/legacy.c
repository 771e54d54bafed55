// Legacy Vietnamese text: the tables, syllables and recognition (legacy.h). Files:
// legacy_file.c.
#include "playlist/legacy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "base/utf8.h"

// A syllable has at most seven letters ("nghiêng"); a word is judged from its first 40 bytes.
#define WORD_BYTES 48

// Windows-1252's 0x80-0x9F, from the Unicode Consortium's mapping
// (https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT); 0 where it assigns
// nothing (Windows then gives U+0081 and the like, as Latin-1 does for all 32). A table rather
// than iconv: the scan asks for one character at a time, without state or allocation.
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

// TCVN3 (TCVN 5712:1993 VN3, the ABC fonts' encoding): ASCII, and at 0xA0-0xFF the no-break
// space, Ă Â Ê Ô Ơ Ư Đ, ă â ê ô ơ ư đ and the 60 small vowels with a tone; 0 where VN3 assigns
// nothing. VN3's 75 characters are those of the standard (TCVN 5712:1993, Bộ Khoa học, Công nghệ
// và Môi trường, Quyết định 213/QĐ of 12 May 1993) as the VSCII article lists them
// (https://en.wikipedia.org/wiki/VSCII); each is at the byte glibc's TCVN5712-1
// (/usr/share/i18n/charmaps/TCVN5712-1.gz) gives it. That charmap is VN1, the full set: it also
// puts capitals with a tone in 0x01-0x17, 0x80-0x9F and at the bytes left 0 here (0xAF, 0xBA,
// 0xBF-0xC5, 0xCD, 0xD9-0xDB, 0xE0, 0xF0, 0xFF) and combining tones at 0xB0-0xB4, which the ABC
// fonts do not have (a capital with a tone is a small letter's byte in a .VnTimeH font). The
// tests check every entry against glibc's iconv.
static const uint16_t tcvn3_high[96] = {
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,   // A0: NBSP Ă Â Ê Ô Ơ Ư Đ
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0,        // A8: ă â ê ô ơ ư đ
    0,      0,      0,      0,      0,      0x00E0, 0x1EA3, 0x00E3,   // B0: à ả ã
    0x00E1, 0x1EA1, 0,      0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0,        // B8: á ạ ằ ẳ ẵ ắ
    0,      0,      0,      0,      0,      0,      0x1EB7, 0x1EA7,   // C0: ặ ầ
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0,      0x1EBB, 0x1EBD,   // C8: ẩ ẫ ấ ậ è ẻ ẽ
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,   // D0: é ẹ ề ể ễ ế ệ ì
    0x1EC9, 0,      0,      0,      0x0129, 0x00ED, 0x1ECB, 0x00F2,   // D8: ỉ ĩ í ị ò
    0,      0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,   // E0: ỏ õ ó ọ ồ ổ ỗ
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,   // E8: ố ộ ờ ở ỡ ớ ợ ù
    0,      0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,   // F0: ủ ũ ú ụ ừ ử ữ
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0,   // F8: ứ ự ỳ ỷ ỹ ý ỵ
};

// VNI-Windows: a letter with marks is its letter without them followed by one byte for the marks,
// except ơ ư đ, the i's and ỵ, which are one byte each (ơ and ư then take a tone's byte). From
// VNI's code table as xvnkb gives it (vni.h, https://github.com/lamdao/xvnkb) and as the first
// version of vietnamese-conversion does (src/charsets.ts at 46413a0,
// https://github.com/duydev/vietnamese-conversion): the two agree on all 134 letters (that
// project's later versions give ỷ and ỹ as ë and ì, ẹ's mark and ì itself: a slip). A small
// letter's byte; a capital's is 0x20 less (A + 0xD9 is Á). The tests check the 134 letters
// against that table laid out as its sources give it, letter by letter.
static const struct vni_mark {
    unsigned char byte;
    char bases[8];         // the letters it follows; 'w' stands for ơ and ư (0xF4, 0xF6)
    int32_t shape, tone;   // combining marks: circumflex or breve; a tone
} vni_marks[] = {
    {0xF9, "aeouyw", 0, 0x0301},   {0xF8, "aeouyw", 0, 0x0300},   {0xFB, "aeouyw", 0, 0x0309},
    {0xF5, "aeouyw", 0, 0x0303},   {0xEF, "aeouw", 0, 0x0323},    {0xE2, "aeo", 0x0302, 0},
    {0xE1, "aeo", 0x0302, 0x0301}, {0xE0, "aeo", 0x0302, 0x0300}, {0xE5, "aeo", 0x0302, 0x0309},
    {0xE3, "aeo", 0x0302, 0x0303}, {0xE4, "aeo", 0x0302, 0x0323}, {0xEA, "a", 0x0306, 0},
    {0xE9, "a", 0x0306, 0x0301},   {0xE8, "a", 0x0306, 0x0300},   {0xFA, "a", 0x0306, 0x0309},
    {0xFC, "a", 0x0306, 0x0303},   {0xEB, "a", 0x0306, 0x0323},
};
static const struct vni_single {
    unsigned char byte;
    int32_t cp;
} vni_singles[] = {
    {0xF4, 0x01A1}, {0xF6, 0x01B0}, {0xF1, 0x0111}, {0xED, 0x00ED}, {0xEC, 0x00EC},
    {0xE6, 0x1EC9}, {0xF3, 0x0129}, {0xF2, 0x1ECB}, {0xEE, 0x1EF5},
};

// The rhymes of Vietnamese (what follows the initial consonant), without their tone.
static const char *const rhymes[] = {
    "a",    "ac",  "ach", "ai",   "am",   "an",   "ang",  "anh",  "ao",   "ap",   "at",   "au",
    "ay",   "ăc",  "ăm",  "ăn",   "ăng",  "ăp",   "ăt",   "âc",   "âm",   "ân",   "âng",  "âp",
    "ât",   "âu",  "ây",  "e",    "ec",   "em",   "en",   "eng",  "eo",   "ep",   "et",   "ê",
    "êch",  "êm",  "ên",  "ênh",  "êp",   "êt",   "êu",   "i",    "ia",   "ich",  "im",   "in",
    "inh",  "ip",  "it",  "iu",   "iêc",  "iêm",  "iên",  "iêng", "iêp",  "iêt",  "iêu",  "o",
    "oc",   "oi",  "om",  "on",   "ong",  "op",   "ot",   "ooc",  "oong", "oa",   "oac",  "oach",
    "oai",  "oam", "oan", "oang", "oanh", "oao",  "oap",  "oat",  "oay",  "oăc",  "oăm",  "oăn",
    "oăng", "oăt", "oe",  "oen",  "oeo",  "oet",  "ô",    "ôc",   "ôi",   "ôm",   "ôn",   "ông",
    "ôp",   "ôt",  "ơ",   "ơi",   "ơm",   "ơn",   "ơp",   "ơt",   "u",    "uc",   "ui",   "um",
    "un",   "ung", "up",  "ut",   "ua",   "uân",  "uâng", "uât",  "uây",  "uê",   "uêch", "uênh",
    "uơ",   "uôc", "uôi", "uôm",  "uôn",  "uông", "uôt",  "uy",   "uya",  "uych", "uyên", "uyêt",
    "uynh", "uyp", "uyt", "uyu",  "ư",    "ưa",   "ưc",   "ưi",   "ưm",   "ưn",   "ưng",  "ưt",
    "ưu",   "ươc", "ươi", "ươm",  "ươn",  "ương", "ươp",  "ươt",  "ươu",  "y",    "yêm",  "yên",
    "yêt",  "yêu",
};
// After qu, whose u is the rhyme's own: quỳnh, quýt, quých.
static const char *const qu_rhymes[] = {"ych", "ynh", "yp", "yt"};
static const char *const initials[] = {"ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch",
                                       "qu",  "b",  "c",  "d",  "đ",  "g",  "h",  "k",  "l",  "m",
                                       "n",   "p",  "r",  "s",  "t",  "v",  "x",  ""};
#define N(a) (sizeof(a) / sizeof((a)[0]))

const char *bt_legacy_name(enum bt_legacy e)
{
    switch (e) {
    case BT_LEGACY_TCVN3: return "TCVN3 (ABC)";
    case BT_LEGACY_VNI: return "VNI-Windows";
    default: return "Unicode";
    }
}

static int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(s, list[i]) == 0)
            return 1;
    }
    return 0;
}

// Whether the rhyme r starts with one of the letters in `set` (UTF-8, space-separated).
static int starts_with_any(const char *r, const char *set)
{
    for (const char *p = set; *p;) {
        size_t n = strcspn(p, " ");
        if (n && strncmp(r, p, n) == 0)
            return 1;
        p += n + (p[n] == ' ');
    }
    return 0;
}

// Whether initial + rest (both toneless) spell a syllable.
static int spelled(const char *initial, const char *rest)
{
    if (!*rest)
        return 0;
    int front = starts_with_any(rest, "i y e ê");   // the vowels k, gh and ngh go before
    if (!strcmp(initial, "k") || !strcmp(initial, "gh") || !strcmp(initial, "ngh")) {
        if (!front || (strcmp(initial, "k") != 0 && rest[0] == 'y'))
            return 0;
    } else if (!strcmp(initial, "c") || !strcmp(initial, "ng")) {
        if (front)
            return 0;
    } else if (!strcmp(initial, "g")) {
        if (starts_with_any(rest, "e ê y"))   // gì, gìn: g before i spells gi
            return 0;
    } else if (!strcmp(initial, "gi")) {
        if (rest[0] == 'i')
            return 0;
    } else if (!strcmp(initial, "qu")) {
        if (starts_with_any(rest, "u o ư"))
            return 0;
        return in_list(rest, rhymes, N(rhymes)) || in_list(rest, qu_rhymes, N(qu_rhymes));
    }
    return in_list(rest, rhymes, N(rhymes));
}

// The letter of code point cp without its tone, lower-case: its code point, or -1 for what is
// not a Vietnamese letter; *tone gets its tone's combining mark (0 for none), *vowel whether it
// is a vowel.
static int32_t toneless(int32_t cp, int32_t *tone, int *vowel)
{
    utf8proc_int32_t d[4];
    int boundclass = 0;
    utf8proc_ssize_t n =
        utf8proc_decompose_char(utf8proc_tolower(cp), d, 4, UTF8PROC_DECOMPOSE, &boundclass);
    *tone = 0;
    if (n < 1 || n > 4)
        return -1;
    int32_t base = d[0], shape = 0;
    if (base != 0x0111 && !(base >= 'a' && base <= 'z' && !strchr("fjwz", base)))
        return -1;
    for (utf8proc_ssize_t i = 1; i < n; i++) {
        switch (d[i]) {
        case 0x0302:
        case 0x0306:
        case 0x031B:
            if (shape)
                return -1;
            shape = d[i];
            break;
        case 0x0300:
        case 0x0301:
        case 0x0303:
        case 0x0309:
        case 0x0323:
            if (*tone)
                return -1;
            *tone = d[i];
            break;
        default: return -1;
        }
    }
    *vowel = base < 0x80 && strchr("aeiouy", base) != NULL;
    if (*tone && !*vowel)
        return -1;
    if (!shape)
        return base;
    if (shape == 0x0302 && (base == 'a' || base == 'e' || base == 'o'))
        return base == 'a' ? 0x00E2 : base == 'e' ? 0x00EA : 0x00F4;
    if (shape == 0x0306 && base == 'a')
        return 0x0103;
    if (shape == 0x031B && (base == 'o' || base == 'u'))
        return base == 'o' ? 0x01A1 : 0x01B0;
    return -1;
}

int bt_legacy_is_syllable(const char *word, size_t len)
{
    char bare[WORD_BYTES];
    size_t nb = 0, letters = 0;
    int32_t tone = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp, t;
        int vowel;
        i += bt_utf8_decode(word + i, len - i, &cp);
        int32_t l = cp < 0 ? -1 : toneless(cp, &t, &vowel);
        if (l < 0 || ++letters > 7 || (t && tone))
            return 0;
        if (t)
            tone = t;
        utf8proc_ssize_t k = utf8proc_encode_char(l, (utf8proc_uint8_t *)bare + nb);
        nb += (size_t)k;
    }
    bare[nb] = '\0';
    // A rhyme that ends in a stop takes sắc or nặng (or, unaccented, no tone).
    int stop = nb && strchr("ptc", bare[nb - 1]) != NULL;
    stop |= nb >= 2 && !strcmp(bare + nb - 2, "ch");
    if (stop && tone && tone != 0x0301 && tone != 0x0323)
        return 0;
    for (size_t i = 0; i < N(initials); i++) {
        size_t n = strlen(initials[i]);
        if (strncmp(bare, initials[i], n) == 0 && spelled(initials[i], bare + n))
            return 1;
    }
    return 0;
}

static int is_letter(int32_t cp)
{
    if (cp < 0)
        return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
           c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO;
}

static int has_vowel(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        int32_t cp, tone;
        int vowel = 0;
        i += bt_utf8_decode(s + i, len - i, &cp);
        if (cp >= 0 && toneless(cp, &tone, &vowel) >= 0 && vowel)
            return 1;
    }
    return 0;
}

int bt_legacy_reads_vietnamese(const char *text, size_t len)
{
    size_t words = 0, syllables = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t k = bt_utf8_decode(text + i, len - i, &cp);
        if (!is_letter(cp)) {
            i += k;
            continue;
        }
        size_t from = i;
        int wide = 0;
        while (i < len) {
            k = bt_utf8_decode(text + i, len - i, &cp);
            utf8proc_category_t c = cp < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category(cp);
            if (!is_letter(cp) && c != UTF8PROC_CATEGORY_MN)
                break;
            wide |= cp >= 0x80;
            i += k;
        }
        if (wide) {
            words++;
            syllables += bt_legacy_is_syllable(text + from, i - from);
        }
    }
    return syllables >= 2 && 3 * syllables >= 2 * words;
}

// The byte a character stands for when a legacy font's bytes were read as Windows-1252 or as
// Latin-1 (the two agree but at 0x80-0x9F, where each reading's characters are taken), or -1.
static int misread_byte(int32_t cp)
{
    if (cp >= 0 && cp < 0x100)
        return cp;
    for (int i = 0; i < 32; i++) {
        if (cp1252_high[i] == cp)
            return 0x80 + i;
    }
    return -1;
}

enum kind {
    K_OTHER,    // not a letter: a space, punctuation
    K_DIGIT,    // 0-9
    K_ASCII,    // an ASCII letter
    K_LETTER,   // a Vietnamese letter the encoding gives
    K_KEPT,     // a letter the encoding does not give, kept as written
};

// One character of the reading (two for a VNI letter and its marks).
struct unit {
    size_t from, to;      // its bytes in the text
    int32_t cp;           // what it reads as
    unsigned char byte;   // the (first) byte it stands for
    unsigned char kind, changed;
};

struct reading {
    const char *s;
    size_t n;              // characters
    unsigned char *byte;   // the byte each stands for
    size_t *off;           // where each starts in s (off[n]: the end)
    struct unit *units;
    size_t nunits;
};

// What a byte that the encoding gives no letter reads as: 0x80-0x9F as Windows-1252's
// punctuation (the fonts are Windows fonts), others as written.
static void keep(struct reading *r, size_t k, struct unit *u)
{
    int32_t cp;
    bt_utf8_decode(r->s + r->off[k], r->off[k + 1] - r->off[k], &cp);
    unsigned char b = r->byte[k];
    u->cp = cp;
    if (b >= 0x80 && b < 0xA0 && cp1252_high[b - 0x80])
        u->cp = cp1252_high[b - 0x80];
    u->changed = u->cp != cp;
    if (b < 0x80)
        u->kind = b >= '0' && b <= '9' ? K_DIGIT : is_letter(b) ? K_ASCII : K_OTHER;
    else
        u->kind = is_letter(u->cp) ? K_KEPT : K_OTHER;
}

// VNI's letter of base byte b and marks byte m (both of one case), or -1.
static int32_t vni_pair(unsigned char b, unsigned char m)
{
    int upper = (b >= 'A' && b <= 'Z') || b == 0xD4 || b == 0xD6;
    unsigned char lb = upper ? (unsigned char)(b + 0x20) : b;
    unsigned char lm = upper ? (unsigned char)(m + 0x20) : m;
    if (upper && (m < 0xC0 || m > 0xDF))
        return -1;
    char key = lb == 0xF4 || lb == 0xF6 ? 'w' : (char)lb;
    if (lb >= 0x80 && key != 'w')
        return -1;
    for (size_t i = 0; i < N(vni_marks); i++) {
        const struct vni_mark *v = &vni_marks[i];
        if (v->byte != lm || !strchr(v->bases, key) || !key)
            continue;
        // Marks in canonical order: a dot below (class 220) before a circumflex or breve (230).
        utf8proc_int32_t seq[3];
        utf8proc_ssize_t n = 0;
        seq[n++] = key == 'w' ? (lb == 0xF4 ? 0x01A1 : 0x01B0) : lb;
        if (v->tone == 0x0323)
            seq[n++] = v->tone;
        if (v->shape)
            seq[n++] = v->shape;
        if (v->tone && v->tone != 0x0323)
            seq[n++] = v->tone;
        if (utf8proc_normalize_utf32(seq, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE) != 1)
            return -1;
        return upper ? utf8proc_toupper(seq[0]) : seq[0];
    }
    return -1;
}

static int32_t vni_single(unsigned char b)
{
    int upper = b >= 0xC0 && b < 0xE0;
    unsigned char lb = upper ? (unsigned char)(b + 0x20) : b;
    for (size_t i = 0; i < N(vni_singles); i++) {
        if (vni_singles[i].byte == lb)
            return upper ? utf8proc_toupper(vni_singles[i].cp) : vni_singles[i].cp;
    }
    return -1;
}

static void decode(struct reading *r, enum bt_legacy enc)
{
    r->nunits = 0;
    for (size_t k = 0; k < r->n;) {
        struct unit *u = &r->units[r->nunits++];
        unsigned char b = r->byte[k];
        int32_t cp = -1;
        size_t used = 1;
        if (enc == BT_LEGACY_TCVN3 && b >= 0xA0 && tcvn3_high[b - 0xA0] && b != 0xA0) {
            cp = tcvn3_high[b - 0xA0];
        } else if (enc == BT_LEGACY_VNI && k + 1 < r->n && r->byte[k + 1] >= 0xC0 &&
                   (cp = vni_pair(b, r->byte[k + 1])) >= 0) {
            used = 2;
        } else if (enc == BT_LEGACY_VNI && b >= 0xC0) {
            cp = vni_single(b);
        }
        u->from = r->off[k];
        u->to = r->off[k + used];
        u->byte = b;
        if (cp >= 0) {
            int32_t was;
            bt_utf8_decode(r->s + u->from, u->to - u->from, &was);
            u->cp = cp;
            u->kind = K_LETTER;
            u->changed = used > 1 || cp != was;
        } else {
            keep(r, k, u);
        }
        k += used;
    }
}

static int ascii_upper(const struct unit *u)
{
    return u->kind == K_ASCII && u->cp >= 'A' && u->cp <= 'Z';
}

static int ascii_lower(const struct unit *u)
{
    return u->kind == K_ASCII && u->cp >= 'a' && u->cp <= 'z';
}

static int wordlike(const struct unit *u)
{
    return u->kind == K_ASCII || u->kind == K_LETTER || u->kind == K_KEPT;
}

// TCVN3's capitals with a tone: see bt_legacy_detect.
static void restore_capitals(struct reading *r)
{
    size_t up = 0, low = 0;
    for (size_t i = 0; i < r->nunits; i++) {
        up += ascii_upper(&r->units[i]);
        low += ascii_lower(&r->units[i]);
    }
    int text_upper = up >= 2 && low == 0, sentence = 1;
    for (size_t i = 0; i < r->nunits;) {
        if (!wordlike(&r->units[i])) {
            int32_t c = r->units[i].cp;
            if (c == '.' || c == '!' || c == '?')
                sentence = 1;
            else if (c != ' ' && c != '\n' && c != '\t' && c != '"' && c != '(' && c != '-')
                sentence = 0;
            i++;
            continue;
        }
        // A sentence's first letter, when TCVN3 has no capital of it (Ủy ban: ñy ban; a small
        // đ was typed small, there being a capital Đ).
        if (sentence && r->units[i].kind == K_LETTER && r->units[i].byte >= 0xB5)
            r->units[i].cp = utf8proc_toupper(r->units[i].cp);
        sentence = 0;
        size_t j = i, wup = 0, wlow = 0;
        for (; j < r->nunits && wordlike(&r->units[j]); j++) {
            wup += ascii_upper(&r->units[j]);
            wlow += ascii_lower(&r->units[j]);
        }
        int caps =
            wlow == 0 && (wup >= 2 || text_upper || (wup == 1 && !ascii_upper(&r->units[i])));
        for (size_t k = i; caps && k < j; k++) {
            if (r->units[k].kind == K_LETTER)
                r->units[k].cp = utf8proc_toupper(r->units[k].cp);
        }
        i = j;
    }
}

// What the words of a reading say.
struct tally {
    size_t legacy;    // read, a syllable; as written, not one
    size_t both;      // a syllable either way
    size_t broken;    // read, not a syllable (and not an abbreviation)
    size_t plain;     // unchanged by the reading, a syllable
    size_t foreign;   // unchanged, not a syllable (and not in capitals)
};

static void judge_word(const struct reading *r, size_t i, size_t j, struct tally *t)
{
    char word[WORD_BYTES];
    size_t n = 0, changed = 0, lower = 0;
    int fits = 1;
    for (size_t k = i; k < j; k++) {
        const struct unit *u = &r->units[k];
        changed += u->changed;
        lower += utf8proc_category(u->cp) == UTF8PROC_CATEGORY_LL;
        if (n + 4 >= sizeof(word))
            fits = 0;
        else
            n += (size_t)utf8proc_encode_char(u->cp, (utf8proc_uint8_t *)word + n);
    }
    const char *written = r->s + r->units[i].from;
    size_t wlen = r->units[j - 1].to - r->units[i].from;
    if (!changed) {
        // Unchanged: what the other words are (single letters and abbreviations say nothing).
        if (j - i >= 2 && lower && bt_legacy_is_syllable(written, wlen))
            t->plain++;
        else if (j - i >= 2 && lower)
            t->foreign++;
        return;
    }
    // Next to a digit: a unit (5µm), a year (©2026), an ordinal; not a word.
    if ((i > 0 && r->units[i - 1].kind == K_DIGIT) ||
        (j < r->nunits && r->units[j].kind == K_DIGIT))
        return;
    if (!fits || !bt_legacy_is_syllable(word, n)) {
        t->broken += has_vowel(word, fits ? n : 0) || !fits;
        return;
    }
    if (bt_legacy_is_syllable(written, wlen))
        t->both++;
    else
        t->legacy++;
}

static struct tally judge(struct reading *r, enum bt_legacy enc)
{
    struct tally t = {0};
    decode(r, enc);
    if (enc == BT_LEGACY_TCVN3)
        restore_capitals(r);
    for (size_t i = 0; i < r->nunits;) {
        if (!wordlike(&r->units[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < r->nunits && wordlike(&r->units[j]))
            j++;
        judge_word(r, i, j, &t);
        i = j;
    }
    return t;
}

// Legacy when at least two words read as syllables that are not syllables as written, four
// times as many as read as none, and no fewer than the words that are syllables, read or as
// written, left unchanged that are not syllables. Or, in a short text, when one word does and
// another reads as a syllable either way, and no word is anything else (Môc ®Ých: Mục đích).
static int decided(const struct tally *t)
{
    if (t->legacy >= 2 && 4 * t->broken <= t->legacy &&
        t->foreign <= t->legacy + t->both + t->plain)
        return 1;
    return t->legacy >= 1 && t->legacy + t->both >= 2 && !t->broken && !t->foreign;
}

static char *convert(const struct reading *r)
{
    size_t cap = 1;
    for (size_t i = 0; i < r->nunits; i++)
        cap += 4 + (r->units[i].to - r->units[i].from);
    char *text = malloc(cap);
    if (!text)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < r->nunits; i++) {
        const struct unit *u = &r->units[i];
        if (u->kind == K_LETTER || u->changed) {
            n += (size_t)utf8proc_encode_char(u->cp, (utf8proc_uint8_t *)text + n);
        } else {
            memcpy(text + n, r->s + u->from, u->to - u->from);
            n += u->to - u->from;
        }
    }
    text[n] = '\0';
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)text);
    free(text);
    return nfc;
}

// Reads s back into the bytes it was read from. Returns 1 with *r filled (free it with
// reading_free) when every character is one a byte gives and some byte is past ASCII (`any`: or
// not), else 0 (-1 when out of memory).
static int reading_of(const char *s, int any, struct reading *r)
{
    size_t len = strlen(s), n = 0;
    int high = 0;
    memset(r, 0, sizeof(*r));
    for (size_t i = 0; i < len; n++) {
        int32_t cp;
        i += bt_utf8_decode(s + i, len - i, &cp);
        int b = misread_byte(cp);
        if (b < 0)
            return 0;
        high |= b >= 0x80;
    }
    if (!high && !any)
        return 0;
    r->s = s;
    r->n = n;
    r->byte = malloc(n + 1);
    r->off = malloc((n + 1) * sizeof(*r->off));
    r->units = malloc((n + 1) * sizeof(*r->units));
    if (!r->byte || !r->off || !r->units)
        return -1;
    for (size_t i = 0, k = 0; i < len; k++) {
        int32_t cp;
        r->off[k] = i;
        i += bt_utf8_decode(s + i, len - i, &cp);
        r->byte[k] = (unsigned char)misread_byte(cp);
    }
    r->off[n] = len;
    return 1;
}

static void reading_free(struct reading *r)
{
    free(r->byte);
    free(r->off);
    free(r->units);
}

enum bt_legacy bt_legacy_detect(const char *s, char **converted)
{
    struct reading r;
    enum bt_legacy found = BT_LEGACY_NONE;
    if (converted)
        *converted = NULL;
    if (reading_of(s, 0, &r) == 1) {
        size_t best = 0;
        const enum bt_legacy encs[] = {BT_LEGACY_TCVN3, BT_LEGACY_VNI};
        for (size_t e = 0; e < N(encs); e++) {
            struct tally t = judge(&r, encs[e]);
            if (decided(&t) && t.legacy > best) {
                best = t.legacy;
                found = encs[e];
            }
        }
        if (found && converted) {
            judge(&r, found);
            *converted = convert(&r);
        }
    }
    reading_free(&r);
    return found;
}

char *bt_legacy_convert(const char *s, enum bt_legacy e)
{
    struct reading r;
    char *text = NULL;
    if (e != BT_LEGACY_NONE && reading_of(s, 1, &r) == 1) {
        judge(&r, e);
        text = convert(&r);
    }
    reading_free(&r);
    return text;
}
