#include "screen/card.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_ttf.h>

#include "base/i18n.h"
#include "base/log.h"
#include "base/url.h"
#include "base/utf8.h"
#include "base/version.h"
#include "screen/text.h"

#define CARD_MAX_LINES 24
#define CARD_TEXT_MAX  4096

struct card_line {
    SDL_Texture *tex;
    int x, y, w, h;
};

struct bt_card {
    struct bt_fonts *fonts;
    char text[CARD_TEXT_MAX];   // what the cached lines show, to notice a change
    int cw, ch;
    struct card_line lines[CARD_MAX_LINES];
    int nlines;
};

static const SDL_Color white = {0xFF, 0xFF, 0xFF, 0xFF};
static const SDL_Color grey = {0xB8, 0xC7, 0xD6, 0xFF};
static const SDL_Color amber = {0xFF, 0xC1, 0x07, 0xFF};

struct bt_card *bt_card_create(struct bt_fonts *fonts)
{
    struct bt_card *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->fonts = fonts;
    return c;
}

static void clear_lines(struct bt_card *c)
{
    for (int i = 0; i < c->nlines; i++)
        SDL_DestroyTexture(c->lines[i].tex);
    c->nlines = 0;
}

void bt_card_destroy(struct bt_card *c)
{
    if (!c)
        return;
    clear_lines(c);
    free(c);
}

struct para {
    const char *text;
    int bold;
    double size;   // relative to the body size
    SDL_Color color;
};

// Lays `text` out in lines no wider than maxw (greedy, at spaces) and appends them.
// Returns the height used, or -1 when the card is full.
static int add_wrapped(struct bt_card *c, SDL_Renderer *sr, TTF_Font *font, const struct para *p,
                       int x, int y, int maxw, int measure_only)
{
    char line[1024];
    const char *s = p->text;
    int used = 0;
    int skip = TTF_FontLineSkip(font);
    while (*s) {
        // Longest prefix, ending at a space, that fits.
        size_t best = 0, len = 0;
        size_t n = strlen(s);
        while (len < n) {
            size_t next = len + 1;
            while (next < n && s[next] != ' ')
                next++;
            if (next >= sizeof(line))
                break;
            memcpy(line, s, next);
            line[next] = '\0';
            int tw = 0;
            TTF_SizeUTF8(font, line, &tw, NULL);
            if (tw > maxw && best > 0)
                break;
            best = next;
            len = next;
            if (tw > maxw)
                break;   // a single word wider than the card: it is cut by the card's edge
        }
        if (best == 0)
            break;
        memcpy(line, s, best);
        line[best] = '\0';
        if (!measure_only) {
            if (c->nlines >= CARD_MAX_LINES)
                return -1;
            SDL_Surface *surf = TTF_RenderUTF8_Blended(font, line, p->color);
            if (surf) {
                struct card_line *l = &c->lines[c->nlines];
                l->tex = SDL_CreateTextureFromSurface(sr, surf);
                if (l->tex) {
                    l->x = x;
                    l->y = y + used;
                    l->w = surf->w;
                    l->h = surf->h;
                    c->nlines++;
                }
                SDL_FreeSurface(surf);
            }
        }
        used += skip;
        s += best;
        while (*s == ' ')
            s++;
    }
    return used;
}

// Lays out all paragraphs at body size `body`. Returns the total height, or -1 on failure.
static int layout(struct bt_card *c, SDL_Renderer *sr, const struct para *paras, int n, int body,
                  int margin, int measure_only)
{
    int y = margin;
    for (int i = 0; i < n; i++) {
        int size = (int)(body * paras[i].size);
        TTF_Font *font = bt_fonts_get(c->fonts, paras[i].bold, size < 8 ? 8 : size);
        if (!font)
            return -1;
        int h = add_wrapped(c, sr, font, &paras[i], margin, y, c->cw - 2 * margin, measure_only);
        if (h < 0)
            return -1;
        y += h + (i == 0 ? body / 2 : body / 4);
    }
    return y + margin;
}

// What the public card may show of a string from a config, a document or the network: one line
// of at most `chars` characters, no control character, URLs without credentials.
static const char *shown(const char *s, size_t chars, char *out, size_t size)
{
    char redacted[1200];
    bt_url_redact(s ? s : "", redacted, sizeof(redacted));
    return bt_utf8_quote(redacted, chars, out, size);
}

static void rebuild(struct bt_card *c, SDL_Renderer *sr, const struct bt_card_info *info)
{
    char title[64], screen[400], ips[600], source[1400], error[1400], s[1200];
    snprintf(title, sizeof(title), "bangtin %s", BT_VERSION);
    snprintf(screen, sizeof(screen), _("Screen: %s"), shown(info->screen_id, 64, s, sizeof(s)));
    snprintf(ips, sizeof(ips), _("IP: %s"), info->ips);
    if (info->source && info->source[0])
        snprintf(source, sizeof(source), _("Playlist: %s"), shown(info->source, 200, s, sizeof(s)));
    else
        snprintf(source, sizeof(source), "%s", _("Playlist: not configured"));
    struct para paras[6];
    int n = 0;
    paras[n++] = (struct para){title, 1, 1.6, white};
    paras[n++] = (struct para){screen, 0, 1.0, white};
    paras[n++] = (struct para){ips, 0, 1.0, white};
    paras[n++] = (struct para){source, 0, 1.0, white};
    if (info->error && info->error[0]) {
        snprintf(error, sizeof(error), _("Problem: %s"), shown(info->error, 300, s, sizeof(s)));
        paras[n++] = (struct para){error, 1, 0.9, amber};
    }
    if (info->hint && info->hint[0])
        paras[n++] = (struct para){info->hint, 0, 0.8, grey};

    clear_lines(c);
    // Largest body size whose layout fits the card's height: from ch/14 down.
    int margin = (c->cw < c->ch ? c->cw : c->ch) / 16;
    int body = c->ch / 14;
    if (body < 8)
        body = 8;
    while (body > 8 && layout(c, sr, paras, n, body, margin, 1) > c->ch)
        body = body * 9 / 10;
    if (layout(c, sr, paras, n, body, margin, 0) < 0)
        BT_WARN("card", _("the status card does not fit a %dx%d output"), c->cw, c->ch);
}

void bt_card_draw(struct bt_card *c, struct bt_render *r, int cw, int ch,
                  const struct bt_card_info *info)
{
    SDL_Renderer *sr = bt_render_sdl(r);
    char text[CARD_TEXT_MAX];
    snprintf(text, sizeof(text), "%s\n%s\n%s\n%s\n%s", info->screen_id,
             info->source ? info->source : "", info->ips, info->error ? info->error : "",
             info->hint ? info->hint : "");
    if (cw != c->cw || ch != c->ch || strcmp(text, c->text) != 0) {
        c->cw = cw;
        c->ch = ch;
        snprintf(c->text, sizeof(c->text), "%s", text);
        rebuild(c, sr, info);
    }
    SDL_Rect all = {0, 0, cw, ch};
    bt_render_fill(r, &all, BT_CARD_BACKGROUND);
    for (int i = 0; i < c->nlines; i++) {
        SDL_Rect dst = {c->lines[i].x, c->lines[i].y, c->lines[i].w, c->lines[i].h};
        SDL_RenderCopy(sr, c->lines[i].tex, NULL, &dst);
    }
}
