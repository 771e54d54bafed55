#include "screen/text.h"

#include <stdlib.h>
#include <string.h>

#include "base/datadir.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/utf8.h"

#include <utf8proc.h>

#define FONT_CACHE 24
#define MAX_LINES  64

// Vietnamese letters that reach highest and lowest: stacked capitals, dots below, descenders.
static const char repertoire[] = "ẤẦẨẪẬỂỔỞỮỖỠẴẲẶỆỘỢỰĐÁgjpqyỵỹỴẠ|";

struct cached_font {
    TTF_Font *font;
    int bold, px;
    unsigned long used;
};

struct bt_fonts {
    char path[2][4096];   // regular, bold
    struct cached_font cache[FONT_CACHE];
    unsigned long tick;
};

struct bt_fonts *bt_fonts_create(void)
{
    struct bt_fonts *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    if (bt_datadir_find("fonts/NotoSans-Regular.ttf", f->path[0], sizeof(f->path[0])) ||
        bt_datadir_find("fonts/NotoSans-Bold.ttf", f->path[1], sizeof(f->path[1]))) {
        BT_ERR("text", "%s",
               _("the bundled fonts are missing (fonts/NotoSans-*.ttf); reinstall bangtin "
                 "or set BANGTIN_DATA_DIR"));
        free(f);
        return NULL;
    }
    if (!TTF_WasInit() && TTF_Init() != 0) {
        BT_ERR("text", _("cannot start SDL_ttf: %s"), TTF_GetError());
        free(f);
        return NULL;
    }
    return f;
}

void bt_fonts_destroy(struct bt_fonts *f)
{
    if (!f)
        return;
    for (int i = 0; i < FONT_CACHE; i++) {
        if (f->cache[i].font)
            TTF_CloseFont(f->cache[i].font);
    }
    free(f);
    TTF_Quit();   // balanced with the TTF_Init in create (SDL_ttf counts them)
}

TTF_Font *bt_fonts_get(struct bt_fonts *f, int bold, int px)
{
    bold = !!bold;
    if (px < 4)
        px = 4;
    int victim = 0;
    for (int i = 0; i < FONT_CACHE; i++) {
        struct cached_font *c = &f->cache[i];
        if (c->font && c->bold == bold && c->px == px) {
            c->used = ++f->tick;
            return c->font;
        }
        if (!c->font || (f->cache[victim].font && c->used < f->cache[victim].used))
            victim = i;
    }
    struct cached_font *c = &f->cache[victim];
    if (c->font)
        TTF_CloseFont(c->font);
    c->font = TTF_OpenFont(f->path[bold], px);
    if (!c->font) {
        BT_ERR("text", _("cannot open %s at %d px: %s"), f->path[bold], px, TTF_GetError());
        return NULL;
    }
    // One line, left to right, Latin script: shaping does not depend on guessing.
    TTF_SetFontScriptName(c->font, "Latn");
    TTF_SetFontDirection(c->font, TTF_DIRECTION_LTR);
    // Hinted for monochrome, drawn blended: as many stacked marks kept apart as the default
    // hinting, fewer above the line, the same widths (docs/measurements.md, issue 17).
    TTF_SetFontHinting(c->font, TTF_HINTING_MONO);
    c->bold = bold;
    c->px = px;
    c->used = ++f->tick;
    return c->font;
}

// Highest ink above and lowest below the baseline among the glyphs of `text`.
static void ink_of(TTF_Font *font, const char *text, int *top, int *bottom)
{
    for (const char *p = text; p && *p;) {
        Uint32 cp = bt_utf8_next(&p);
        int minx, maxx, miny, maxy, adv;
        if (cp == ' ' || TTF_GlyphMetrics32(font, cp, &minx, &maxx, &miny, &maxy, &adv) != 0)
            continue;
        if (maxy > *top)
            *top = maxy;
        if (-miny > *bottom)
            *bottom = -miny;
    }
}

struct bt_ink bt_text_ink(TTF_Font *font, const char *text)
{
    int top = 0, bottom = 0;
    ink_of(font, repertoire, &top, &bottom);
    ink_of(font, text, &top, &bottom);
    struct bt_ink ink = {top + 1, bottom + 1, 0};   // +1: antialiasing spills a pixel
    ink.line = ink.ascent + ink.descent + (ink.ascent + ink.descent) / 8;
    return ink;
}

SDL_Surface *bt_text_line(TTF_Font *font, const char *utf8, SDL_Color color, int *baseline)
{
    SDL_Surface *s = TTF_RenderUTF8_Blended(font, utf8, color);
    if (!s) {
        BT_WARN("text", _("cannot render text: %s"), TTF_GetError());
        return NULL;
    }
    // SDL_ttf puts the baseline at the font's ascent, lowered by however far the highest glyph
    // of this line rises above it.
    int top = 0, bottom = 0;
    ink_of(font, utf8, &top, &bottom);
    int ascent = TTF_FontAscent(font);
    *baseline = ascent + (top > ascent ? top - ascent : 0);
    return s;
}

size_t bt_text_missing(TTF_Font *font, const char *text, Uint32 *missing, size_t max)
{
    size_t n = 0, distinct = 0;
    for (const char *p = text; *p;) {
        Uint32 cp = bt_utf8_next(&p);
        if (cp == '\n' || (cp >= 0x20 && TTF_GlyphIsProvided32(font, cp)))
            continue;
        size_t k = 0;
        while (k < n && missing[k] != cp)
            k++;
        if (k < n)
            continue;   // named already
        distinct++;
        if (n < max)
            missing[n++] = cp;
    }
    return distinct;
}

struct layout {
    char *buf;   // the text, cut into lines in place
    const char *lines[MAX_LINES];
    int widths[MAX_LINES];
    int n;
    int widest;
    int broken;   // a word was broken between characters
};

// The end of the character cluster (a letter and its marks) that starts at p.
static const char *cluster_end(const char *p)
{
    utf8proc_int32_t state = 0;
    int32_t prev = (int32_t)bt_utf8_next(&p);
    while (*p) {
        const char *q = p;
        int32_t cp = (int32_t)bt_utf8_next(&q);
        if (utf8proc_grapheme_break_stateful(prev, cp, &state))
            break;
        prev = cp;
        p = q;
    }
    return p;
}

// The width of text[from, to) as one shaped run (buf holds at least its bytes and a NUL).
static int width_of(TTF_Font *font, const char *from, const char *to, char *buf)
{
    memcpy(buf, from, (size_t)(to - from));
    buf[to - from] = '\0';
    int w = 0;
    TTF_SizeUTF8(font, buf, &w, NULL);
    return w;
}

#define LINE_WORDS 512   // a line ends after this many words, whatever fits

// Greedy wrap at spaces (and '\n'). A word wider than maxw is broken between character clusters
// when `breaks` is set (l->broken says so). Returns 0, or -1 when a word is wider than maxw and
// may not be broken, or there are too many lines.
//
// Linear in the text: each word (or cluster of a broken word) is measured alone and the widths
// summed, then the line is measured whole and, when kerning across the joins makes it wider,
// shortened a word (a cluster) at a time until it fits.
static int wrap(TTF_Font *font, const char *text, int maxw, int breaks, struct layout *l)
{
    free(l->buf);
    memset(l, 0, sizeof(*l));
    size_t len = strlen(text);
    // Each line is copied out with room for its NUL: at most len + MAX_LINES bytes.
    l->buf = malloc(len + MAX_LINES + 1);
    char *scratch = malloc(len + 1);
    if (!l->buf || !scratch) {
        free(scratch);
        return -1;
    }
    int space_w = 0;
    TTF_SizeUTF8(font, " ", &space_w, NULL);
    char *out = l->buf;
    const char *p = text;
    const char *ends[LINE_WORDS];
    int rc = 0;
    while (*p) {
        if (l->n == MAX_LINES) {
            rc = -1;
            break;
        }
        while (*p == ' ')
            p++;
        // Extend the line a word at a time while the sum of widths fits.
        int nends = 0, sum = 0;
        const char *e = p;
        for (;;) {
            const char *s = e;
            int spaces = 0;
            while (*s == ' ')
                s++, spaces++;
            const char *we = s;
            while (*we && *we != ' ' && *we != '\n')
                we++;
            if (we == s) {   // the line's end: its trailing spaces go with it
                ends[nends++] = s;
                break;
            }
            int add = (nends ? spaces * space_w : 0) + width_of(font, s, we, scratch);
            if (sum + add > maxw)
                break;
            sum += add;
            ends[nends++] = we;
            e = we;
            if (!*we || *we == '\n' || nends == LINE_WORDS)
                break;
        }
        const char *best = NULL;
        int best_w = 0;
        while (nends > 0 && !best) {
            int w = width_of(font, p, ends[nends - 1], scratch);
            if (w <= maxw || ends[nends - 1] == p) {
                best = ends[nends - 1];
                best_w = w;
            } else {
                nends--;
            }
        }
        if (!best) {
            // One word wider than the line: as many clusters of it as fit (at least one).
            if (!breaks) {
                rc = -1;
                break;
            }
            const char *stops[LINE_WORDS];
            int nstops = 0;
            sum = 0;
            for (const char *c = p; *c && *c != ' ' && *c != '\n' && nstops < LINE_WORDS;) {
                const char *next = cluster_end(c);
                int add = width_of(font, c, next, scratch);
                if (nstops && sum + add > maxw)
                    break;
                sum += add;
                stops[nstops++] = next;
                c = next;
            }
            while (nstops > 1 && width_of(font, p, stops[nstops - 1], scratch) > maxw)
                nstops--;
            best = stops[nstops - 1];
            best_w = width_of(font, p, best, scratch);
            l->broken = 1;
        }
        size_t n = (size_t)(best - p);
        memcpy(out, p, n);
        out[n] = '\0';
        l->lines[l->n] = out;
        l->widths[l->n] = best_w;
        if (best_w > l->widest)
            l->widest = best_w;
        l->n++;
        out += n + 1;
        p = best;
        if (*p == '\n')
            p++;
    }
    free(scratch);
    return rc;
}

static int block_height(const struct bt_ink *ink, int lines)
{
    return lines > 0 ? (lines - 1) * ink->line + ink->ascent + ink->descent : 0;
}

// Whether text at px, wrapped in w (breaking words or not), fits h. l gets the layout.
static int fits(struct bt_fonts *fonts, const char *text, int bold, int px, int w, int h,
                int breaks, struct layout *l)
{
    TTF_Font *f = bt_fonts_get(fonts, bold, px);
    if (!f)
        return 0;
    struct bt_ink k = bt_text_ink(f, text);
    return wrap(f, text, w, breaks, l) == 0 && block_height(&k, l->n) <= h;
}

// The largest size in [4, hi] at which text fits (sizes grow with whole pixels, and fitting is
// monotonic enough for a binary search, then checked); 0 when not even 4 px does.
static int largest(struct bt_fonts *fonts, const char *text, int bold, int hi, int w, int h,
                   int breaks, struct layout *l)
{
    int lo = 4;
    if (hi < lo || !fits(fonts, text, bold, lo, w, h, breaks, l))
        return 0;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (fits(fonts, text, bold, mid, w, h, breaks, l))
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

// The size and layout of a block (l gets the layout at the chosen size).
static void fit_block(struct bt_fonts *fonts, const char *text, int bold, int want, int w, int h,
                      struct bt_text_fit *r, struct layout *l)
{
    memset(r, 0, sizeof(*r));
    int hi = want > 0 ? want : (h > 4 ? h : 4);
    int px = 0;
    if (want > 0 && fits(fonts, text, bold, want, w, h, 0, l)) {
        px = want;
    } else {
        // Shrink, keeping words whole while the text stays legible; below that (or when no size
        // keeps them whole) break the widest words between letters rather than drop them.
        int whole = largest(fonts, text, bold, hi, w, h, 0, l);
        int floor = hi < BT_TEXT_LEGIBLE_PX ? hi : BT_TEXT_LEGIBLE_PX;
        px = whole;
        if (whole < floor) {
            int broken = largest(fonts, text, bold, hi, w, h, 1, l);
            if (broken > whole) {
                px = broken;
                r->broken = 1;
            }
        }
        if (px == 0) {
            px = 4;   // nothing fits: the smallest size, lines cut at the bottom
            r->cut = 1;
        }
    }
    TTF_Font *font = bt_fonts_get(fonts, bold, px);
    if (font && wrap(font, text, w, r->broken || r->cut, l) != 0)
        r->cut = 1;
    r->broken = r->broken || l->broken;
    r->px = px;
    r->lines = l->n;
}

void bt_text_fit(struct bt_fonts *fonts, const char *text, int bold, int want_px, int w, int h,
                 struct bt_text_fit *out)
{
    struct layout l = {0};
    fit_block(fonts, text, bold, want_px, w, h, out, &l);
    free(l.buf);
}

int bt_text_line_px(struct bt_fonts *fonts, const char *text, int bold, int want_px, int h)
{
    // Asked for: kept while its ink fits; the largest that fills nine tenths of the height
    // otherwise (a fixed size that does not fit shrinks until it does).
    int limit = want_px > 0 ? h : h * 9 / 10;
    int lo = 4, hi = want_px > 0 ? want_px : h;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        TTF_Font *f = bt_fonts_get(fonts, bold, mid);
        struct bt_ink k = f ? bt_text_ink(f, text) : (struct bt_ink){0};
        if (f && k.ascent + k.descent <= limit)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

int bt_text_padding(int w, int h)
{
    int m = w < h ? w : h;
    return m >= 25 ? m / 25 : 1;
}

SDL_Surface *bt_text_render_block(struct bt_fonts *fonts, const char *text,
                                  const struct bt_text_block *b, int w, int h,
                                  struct bt_text_fit *fit)
{
    struct layout l = {0};
    struct bt_text_fit r;
    fit_block(fonts, text, b->bold, b->font_px, w, h, &r, &l);
    int px = r.px;
    TTF_Font *font = bt_fonts_get(fonts, b->bold, px);
    if (!font) {
        free(l.buf);
        return NULL;
    }
    struct bt_ink ink = bt_text_ink(font, text);
    SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!out) {
        free(l.buf);
        return NULL;
    }
    // Transparent, but of the text's colour: blending glyph edges onto it keeps their colour.
    SDL_FillRect(out, NULL, SDL_MapRGBA(out->format, b->color.r, b->color.g, b->color.b, 0));
    int total = block_height(&ink, l.n);
    int top = b->valign == BT_VALIGN_TOP      ? 0
              : b->valign == BT_VALIGN_BOTTOM ? h - total
                                              : (h - total) / 2;
    for (int i = 0; i < l.n; i++) {
        if (!l.lines[i][0])
            continue;
        int baseline_in_line;
        SDL_Surface *ls = bt_text_line(font, l.lines[i], b->color, &baseline_in_line);
        if (!ls)
            continue;
        int x = b->align == BT_ALIGN_LEFT    ? 0
                : b->align == BT_ALIGN_RIGHT ? w - ls->w
                                             : (w - ls->w) / 2;
        int baseline = top + ink.ascent + i * ink.line;
        SDL_Rect dst = {x, baseline - baseline_in_line, ls->w, ls->h};
        SDL_SetSurfaceBlendMode(ls, SDL_BLENDMODE_BLEND);
        SDL_BlitSurface(ls, NULL, out, &dst);
        SDL_FreeSurface(ls);
    }
    free(l.buf);
    if (fit)
        *fit = r;
    return out;
}
