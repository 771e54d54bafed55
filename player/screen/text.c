#include "screen/text.h"

#include <stdlib.h>
#include <string.h>

#include "base/datadir.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/utf8.h"

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
        BT_ERR("text", "the bundled fonts are missing (fonts/NotoSans-*.ttf); reinstall bangtin "
                       "or set BANGTIN_DATA_DIR");
        free(f);
        return NULL;
    }
    if (!TTF_WasInit() && TTF_Init() != 0) {
        BT_ERR("text", "cannot start SDL_ttf: %s", TTF_GetError());
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
        BT_ERR("text", "cannot open %s at %d px: %s", f->path[bold], px, TTF_GetError());
        return NULL;
    }
    // One line, left to right, Latin script: shaping does not depend on guessing.
    TTF_SetFontScriptName(c->font, "Latn");
    TTF_SetFontDirection(c->font, TTF_DIRECTION_LTR);
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
        BT_WARN("text", "cannot render text: %s", TTF_GetError());
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

int bt_text_covers(TTF_Font *font, const char *text, Uint32 *missing)
{
    for (const char *p = text; *p;) {
        Uint32 cp = bt_utf8_next(&p);
        if (cp >= 0x20 && !TTF_GlyphIsProvided32(font, cp)) {
            *missing = cp;
            return 0;
        }
    }
    return 1;
}

struct layout {
    char *buf;   // the text, cut into lines in place
    const char *lines[MAX_LINES];
    int widths[MAX_LINES];
    int n;
    int widest;
};

// Greedy wrap at spaces (and '\n'). Returns 0, or -1 when a word is wider than maxw or there
// are too many lines.
static int wrap(TTF_Font *font, const char *text, int maxw, struct layout *l)
{
    free(l->buf);
    memset(l, 0, sizeof(*l));
    size_t len = strlen(text);
    // Each line is copied out with room for its NUL: at most len + MAX_LINES bytes.
    l->buf = malloc(len + MAX_LINES + 1);
    if (!l->buf)
        return -1;
    char *out = l->buf;
    const char *p = text;
    while (*p) {
        if (l->n == MAX_LINES)
            return -1;
        while (*p == ' ')
            p++;
        // Extend the line a word at a time while it fits.
        const char *end = p, *best = NULL;
        int best_w = 0;
        for (;;) {
            const char *e = end;
            while (*e == ' ')
                e++;
            while (*e && *e != ' ' && *e != '\n')
                e++;
            size_t n = (size_t)(e - p);
            memcpy(out, p, n);
            out[n] = '\0';
            int w = 0;
            TTF_SizeUTF8(font, out, &w, NULL);
            if (w > maxw)
                break;
            best = e;
            best_w = w;
            end = e;
            if (!*e || *e == '\n')
                break;
        }
        if (!best)
            return -1;   // one word does not fit
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
    return 0;
}

static int block_height(const struct bt_ink *ink, int lines)
{
    return lines > 0 ? (lines - 1) * ink->line + ink->ascent + ink->descent : 0;
}

SDL_Surface *bt_text_render_block(struct bt_fonts *fonts, const char *text,
                                  const struct bt_text_block *b, int w, int h, int *used_px)
{
    struct layout l = {0};
    TTF_Font *font = NULL;
    struct bt_ink ink = {0};
    int px = b->font_px;
    if (px > 0) {
        font = bt_fonts_get(fonts, b->bold, px);
        if (!font)
            return NULL;
        ink = bt_text_ink(font, text);
        if (wrap(font, text, w, &l) != 0) {
            char q[200];
            BT_WARN("text", _("\"%s\" does not fit its zone at %d px; it is cut"),
                    bt_utf8_quote(text, 40, q, sizeof(q)), px);
        }
    } else {
        // The largest size whose wrapped block fits: sizes grow with whole pixels, and fitting
        // is monotonic enough for a binary search (then checked).
        int lo = 4, hi = h > 4 ? h : 4;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            TTF_Font *f = bt_fonts_get(fonts, b->bold, mid);
            struct bt_ink k = f ? bt_text_ink(f, text) : (struct bt_ink){0};
            if (f && wrap(f, text, w, &l) == 0 && block_height(&k, l.n) <= h)
                lo = mid;
            else
                hi = mid - 1;
        }
        px = lo;
        font = bt_fonts_get(fonts, b->bold, px);
        if (!font)
            return NULL;
        ink = bt_text_ink(font, text);
        wrap(font, text, w, &l);
    }
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
    if (used_px)
        *used_px = px;
    return out;
}
