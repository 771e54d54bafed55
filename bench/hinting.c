// FreeType's hinting modes through SDL_ttf on Vietnamese letters with stacked marks (issue 17).
// Each letter is rendered alone the way the player renders text (screen/text.c: TTF_OpenFont,
// script "Latn", left to right, TTF_RenderUTF8_Blended, white), once per hinting mode, and put
// on a canvas with its baseline and origin fixed. "Ink" is a pixel of alpha >= the threshold.
// Per font, size and mode, over 30 capitals and 30 small letters in six families
// (Â Ấ Ầ Ẩ Ẫ Ậ, Ă…, Ê…, Ô…, Ơ…, Ư…):
//   pairs     pairs of letters of one family that are distinct: at least 2 pixels whose alpha
//             differs by >= the threshold (15 pairs a family, 90 in all);
//   distinct  toned letters (Ấ … Ự, 30) distinct from all 5 others of their family;
//   marked    toned letters whose marks stand apart from the base letter (A, E, O, Ơ, Ư; a, …,
//             drawn alone): ink lies above the base's top ink row (below its bottom one for a
//             dot below), and none of it touches the base: no 8-connected patch of ink that
//             holds ink of the base reaches past those rows. A blank line between mark and
//             letter, which need not be a whole row: the horn of Ơ and Ư rises beside the mark;
//   over      toned letters with any ink (alpha > 0) above the line box SDL_ttf gives
//             (TTF_FontAscent rows above the baseline), and the most rows over.
// Also the font's ascent, height (TTF_FontHeight) and the cap height (ink rows of "H").
// MONO is measured twice: blended as the player would draw it, and TTF_RenderUTF8_Solid.
// Then the figures summed over the sizes, and per mode the first size at which all 30 capitals
// are distinct and marked and the size from which every larger size measured has them so.
//   hinting [-v] [-t THRESHOLD] [-s FROM-TO] [-p DIR] REGULAR.ttf BOLD.ttf
// Defaults: threshold 128, sizes 10-18. -v lists the letters that fail, on stderr.
// -p writes DIR/{regular,bold}-{10,12,14,16,18}.bmp: the line "ẤẦẨẪẬ ẮẰẲẴẶ ẾỀỂỄỆ ỐỒỔỖỘ" in
// every mode, each pixel drawn 8x8 (7x7 and a 1-pixel grid); the red grid lines are the line
// box (ascent above the baseline, height in all), the blue one the baseline.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_ttf.h>

#define FAMILIES 6
#define PER      6   // the family's head (Â) and its 5 toned letters
#define MIN_DIFF 2   // pixels that must differ for two letters to count as distinct
#define ZOOM     8

struct mode {
    const char *name;
    int hinting;
    int solid;
};

static const struct mode modes[] = {
    {"normal", TTF_HINTING_NORMAL, 0}, {"light", TTF_HINTING_LIGHT, 0},
    {"mono", TTF_HINTING_MONO, 0},     {"mono-solid", TTF_HINTING_MONO, 1},
    {"none", TTF_HINTING_NONE, 0},     {"light-subpixel", TTF_HINTING_LIGHT_SUBPIXEL, 0},
};
#define MODES ((int)(sizeof(modes) / sizeof(modes[0])))

struct set {
    Uint32 base[FAMILIES];
    Uint32 letter[FAMILIES][PER];
};

static const struct set sets[2] = {
    {{'A', 'A', 'E', 'O', 0x01A0, 0x01AF},
     {{0x00C2, 0x1EA4, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EAC},     // Â Ấ Ầ Ẩ Ẫ Ậ
      {0x0102, 0x1EAE, 0x1EB0, 0x1EB2, 0x1EB4, 0x1EB6},     // Ă Ắ Ằ Ẳ Ẵ Ặ
      {0x00CA, 0x1EBE, 0x1EC0, 0x1EC2, 0x1EC4, 0x1EC6},     // Ê Ế Ề Ể Ễ Ệ
      {0x00D4, 0x1ED0, 0x1ED2, 0x1ED4, 0x1ED6, 0x1ED8},     // Ô Ố Ồ Ổ Ỗ Ộ
      {0x01A0, 0x1EDA, 0x1EDC, 0x1EDE, 0x1EE0, 0x1EE2},     // Ơ Ớ Ờ Ở Ỡ Ợ
      {0x01AF, 0x1EE8, 0x1EEA, 0x1EEC, 0x1EEE, 0x1EF0}}},   // Ư Ứ Ừ Ử Ữ Ự
    {{'a', 'a', 'e', 'o', 0x01A1, 0x01B0},
     {{0x00E2, 0x1EA5, 0x1EA7, 0x1EA9, 0x1EAB, 0x1EAD},     // â ấ ầ ẩ ẫ ậ
      {0x0103, 0x1EAF, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EB7},     // ă ắ ằ ẳ ẵ ặ
      {0x00EA, 0x1EBF, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EC7},     // ê ế ề ể ễ ệ
      {0x00F4, 0x1ED1, 0x1ED3, 0x1ED5, 0x1ED7, 0x1ED9},     // ô ố ồ ổ ỗ ộ
      {0x01A1, 0x1EDB, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EE3},     // ơ ớ ờ ở ỡ ợ
      {0x01B0, 0x1EE9, 0x1EEB, 0x1EED, 0x1EEF, 0x1EF1}}},   // ư ứ ừ ử ữ ự
};

static const char picture_line[] = "ẤẦẨẪẬ ẮẰẲẴẶ ẾỀỂỄỆ ỐỒỔỖỘ";
static const int picture_px[] = {10, 12, 14, 16, 18};

// A letter on a fixed canvas: baseline at row `base`, origin at column `ox`.
struct canvas {
    int w, h, base, ox;
    Uint8 *a;   // alpha, w * h
};

struct figures {
    int pairs, distinct, marked, over, over_max;
};

static void encode(Uint32 cp, char out[5])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        out[1] = 0;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        out[2] = 0;
    } else {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        out[3] = 0;
    }
}

// Alpha of (x, y) in a surface from TTF_RenderUTF8_Blended (ARGB) or _Solid (palette index 1).
static Uint8 alpha_at(SDL_Surface *s, int x, int y)
{
    Uint8 *row = (Uint8 *)s->pixels + y * s->pitch;
    if (s->format->BytesPerPixel == 1)
        return row[x] ? 255 : 0;
    Uint8 r, g, b, a;
    SDL_GetRGBA(((Uint32 *)row)[x], s->format, &r, &g, &b, &a);
    return a;
}

// Renders `utf8` as the player does and returns the surface; *baseline and *origin get the row
// of the baseline and the column of the pen's start in it (SDL_ttf moves both to keep ink that
// rises above the ascent or starts left of the origin).
static SDL_Surface *render(TTF_Font *font, const char *utf8, int solid, int *baseline, int *origin)
{
    SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *s =
        solid ? TTF_RenderUTF8_Solid(font, utf8, white) : TTF_RenderUTF8_Blended(font, utf8, white);
    if (!s)
        return NULL;
    int top = 0, left = -1;
    for (const unsigned char *p = (const unsigned char *)utf8; *p;) {
        Uint32 cp = *p++;
        if (cp >= 0xE0) {
            cp = (cp & 0x0F) << 12 | (p[0] & 0x3Fu) << 6 | (p[1] & 0x3Fu);
            p += 2;
        } else if (cp >= 0xC0) {
            cp = (cp & 0x1F) << 6 | (p[0] & 0x3Fu);
            p += 1;
        }
        int minx, maxy;
        if (cp == ' ' || TTF_GlyphMetrics32(font, cp, &minx, NULL, NULL, &maxy, NULL) != 0)
            continue;
        if (maxy > top)
            top = maxy;
        if (left < 0)
            left = minx < 0 ? -minx : 0;   // the first glyph's ink left of the pen
    }
    int ascent = TTF_FontAscent(font);
    *baseline = ascent + (top > ascent ? top - ascent : 0);
    *origin = left > 0 ? left : 0;
    return s;
}

static int draw(TTF_Font *font, Uint32 cp, int solid, struct canvas *c)
{
    char utf8[5];
    encode(cp, utf8);
    int baseline, origin;
    SDL_Surface *s = render(font, utf8, solid, &baseline, &origin);
    if (!s)
        return -1;
    memset(c->a, 0, (size_t)c->w * c->h);
    SDL_LockSurface(s);
    for (int y = 0; y < s->h; y++) {
        int cy = y - baseline + c->base;
        for (int x = 0; x < s->w; x++) {
            int cx = x - origin + c->ox;
            if (cy >= 0 && cy < c->h && cx >= 0 && cx < c->w)
                c->a[cy * c->w + cx] = alpha_at(s, x, y);
        }
    }
    SDL_UnlockSurface(s);
    SDL_FreeSurface(s);
    return 0;
}

static int row_max(const struct canvas *c, int y)
{
    int m = 0;
    if (y < 0 || y >= c->h)
        return 0;
    for (int x = 0; x < c->w; x++)
        m = c->a[y * c->w + x] > m ? c->a[y * c->w + x] : m;
    return m;
}

// First row from the top (dir 1) or the bottom (dir -1) whose ink reaches `t`; -1 if none.
static int edge(const struct canvas *c, int t, int dir)
{
    for (int i = 0; i < c->h; i++) {
        int y = dir > 0 ? i : c->h - 1 - i;
        if (row_max(c, y) >= t)
            return y;
    }
    return -1;
}

// Whether the marks of `l` stand apart from its base letter `base` (drawn alone at the same
// place): no 8-connected patch of ink that holds ink of the base reaches above the base's top
// ink row (`above`) or below its bottom one (`below`), and ink lies beyond those rows.
static int marks_apart(const struct canvas *l, const struct canvas *base, int t, int above,
                       int below)
{
    int top = edge(base, t, 1), bottom = edge(base, t, -1), n = l->w * l->h;
    int *stack = malloc(sizeof(int) * (size_t)n);
    Uint8 *seen = calloc((size_t)n, 1);
    int mark_above = 0, mark_below = 0, merged = 0;
    if (!stack || !seen) {
        free(stack);
        free(seen);
        return 0;
    }
    for (int start = 0; start < n; start++) {
        if (seen[start] || l->a[start] < t)
            continue;
        // One patch: its rows, and whether it holds ink of the base letter.
        int sp = 0, lo = l->h, hi = -1, on_base = 0;
        stack[sp++] = start;
        seen[start] = 1;
        while (sp) {
            int p = stack[--sp], x = p % l->w, y = p / l->w;
            lo = y < lo ? y : lo;
            hi = y > hi ? y : hi;
            on_base |= base->a[p] >= t;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = x + dx, ny = y + dy, q = ny * l->w + nx;
                    if (nx < 0 || ny < 0 || nx >= l->w || ny >= l->h || seen[q] || l->a[q] < t)
                        continue;
                    seen[q] = 1;
                    stack[sp++] = q;
                }
            }
        }
        if (on_base) {
            merged |= (above && lo < top) || (below && hi > bottom);
        } else {
            mark_above |= lo < top;
            mark_below |= hi > bottom;
        }
    }
    free(stack);
    free(seen);
    return !merged && (!above || mark_above) && (!below || mark_below);
}

static int differ(const struct canvas *a, const struct canvas *b, int t)
{
    int n = 0;
    for (int i = 0; i < a->w * a->h; i++)
        n += abs(a->a[i] - b->a[i]) >= t;
    return n >= MIN_DIFF;
}

// The figures of one set of letters in one font and mode; -1 if a glyph cannot be rendered.
static int measure(TTF_Font *font, const struct set *set, int solid, int t, int verbose,
                   struct figures *f)
{
    int px = TTF_FontHeight(font);
    struct canvas c[PER + 1];
    int ascent = TTF_FontAscent(font), rc = 0;
    for (int i = 0; i <= PER; i++) {
        c[i] = (struct canvas){3 * px, 3 * px, 2 * px, px, calloc((size_t)9 * px * px, 1)};
        rc |= c[i].a ? 0 : -1;
    }
    memset(f, 0, sizeof(*f));
    for (int fam = 0; fam < FAMILIES && !rc; fam++) {
        struct canvas *base = &c[PER];
        for (int i = 0; i < PER && !rc; i++)
            rc = draw(font, set->letter[fam][i], solid, &c[i]);
        if (rc || draw(font, set->base[fam], solid, base)) {
            rc = -1;
            break;
        }
        int same[PER] = {0};
        for (int i = 0; i < PER; i++) {
            for (int j = i + 1; j < PER; j++) {
                if (differ(&c[i], &c[j], t)) {
                    f->pairs++;
                } else {
                    same[i] = same[j] = 1;
                    if (verbose)
                        fprintf(stderr, "    same: U+%04X U+%04X\n", set->letter[fam][i],
                                set->letter[fam][j]);
                }
            }
        }
        for (int i = 1; i < PER; i++) {
            const struct canvas *l = &c[i];
            f->distinct += !same[i];
            // Ợ and Ự have no mark above: the horn belongs to the base letter.
            int above = !(i == PER - 1 && set->base[fam] == set->letter[fam][0]);
            int below = i == PER - 1;
            int ok = marks_apart(l, base, t, above, below);
            f->marked += ok;
            if (!ok && verbose)
                fprintf(stderr, "    merged: U+%04X\n", set->letter[fam][i]);
            int rows = l->base - edge(l, 1, 1) - ascent;
            if (rows > 0) {
                f->over++;
                f->over_max = rows > f->over_max ? rows : f->over_max;
            }
        }
    }
    for (int i = 0; i <= PER; i++)
        free(c[i].a);
    return rc;
}

// Rows of ink of "H" above the baseline.
static int cap_height(TTF_Font *font, int solid, int t)
{
    int px = TTF_FontHeight(font);
    struct canvas c = {3 * px, 3 * px, 2 * px, px, calloc((size_t)9 * px * px, 1)};
    int h = -1;
    if (c.a && draw(font, 'H', solid, &c) == 0)
        h = c.base - edge(&c, t, 1);
    free(c.a);
    return h;
}

static TTF_Font *open_font(const char *path, int px, int hinting)
{
    TTF_Font *font = TTF_OpenFont(path, px);
    if (!font) {
        fprintf(stderr, "hinting: cannot open %s at %d px: %s\n", path, px, TTF_GetError());
        return NULL;
    }
    TTF_SetFontScriptName(font, "Latn");
    TTF_SetFontDirection(font, TTF_DIRECTION_LTR);
    TTF_SetFontHinting(font, hinting);
    return font;
}

static void put(SDL_Surface *img, int x, int y, Uint8 r, Uint8 g, Uint8 b)
{
    if (x < 0 || y < 0 || x >= img->w || y >= img->h)
        return;
    Uint8 *p = (Uint8 *)img->pixels + y * img->pitch + x * 3;
    p[0] = b;   // SDL_PIXELFORMAT_BGR24 in memory order: blue, green, red
    p[1] = g;
    p[2] = r;
}

// One picture: the line in every mode, a label above each, each pixel ZOOM x ZOOM.
static int picture(const char *path, const char *label_font, int px, int t, const char *dir,
                   const char *weight, const char *title)
{
    SDL_Surface *line[MODES] = {NULL}, *img = NULL;
    struct figures fig[MODES];
    int base[MODES], org[MODES], above = 0, below = 0, width = 0, rc = -1;
    int ascent = 0, height = 0, label_h, strip;
    TTF_Font *lf = open_font(label_font, 16, TTF_HINTING_NORMAL);
    if (!lf)
        return -1;
    for (int m = 0; m < MODES; m++) {
        TTF_Font *font = open_font(path, px, modes[m].hinting);
        line[m] = font ? render(font, picture_line, modes[m].solid, &base[m], &org[m]) : NULL;
        if (font && measure(font, &sets[0], modes[m].solid, t, 0, &fig[m])) {
            SDL_FreeSurface(line[m]);
            line[m] = NULL;
        }
        if (font) {
            ascent = TTF_FontAscent(font);
            height = TTF_FontHeight(font);
            TTF_CloseFont(font);
        }
        if (!line[m]) {
            fprintf(stderr, "hinting: cannot render the picture line: %s\n", TTF_GetError());
            goto out;
        }
        above = base[m] > above ? base[m] : above;
        below = line[m]->h - base[m] > below ? line[m]->h - base[m] : below;
        width = line[m]->w > width ? line[m]->w : width;
    }
    label_h = TTF_FontLineSkip(lf) + 4;
    below += 1;   // a blank row under the line box, to show its bottom
    strip = (above + below) * ZOOM;
    img = SDL_CreateRGBSurfaceWithFormat(0, (width + 2) * ZOOM, MODES * (label_h + strip), 24,
                                         SDL_PIXELFORMAT_BGR24);
    if (!img)
        goto out;
    SDL_FillRect(img, NULL, 0);
    for (int m = 0; m < MODES; m++) {
        int y0 = m * (label_h + strip) + label_h;
        char text[160];
        snprintf(text, sizeof(text),
                 "%s %d px, %s (%s): capitals distinct %d/30, marked %d/30, over the line box "
                 "%d/30",
                 title, px, modes[m].name, modes[m].solid ? "Solid" : "Blended", fig[m].distinct,
                 fig[m].marked, fig[m].over);
        SDL_Surface *ls = TTF_RenderUTF8_Blended(lf, text, (SDL_Color){230, 200, 90, 255});
        if (ls) {
            SDL_Rect at = {ZOOM, y0 - label_h + 2, ls->w, ls->h};
            SDL_SetSurfaceBlendMode(ls, SDL_BLENDMODE_BLEND);
            SDL_BlitSurface(ls, NULL, img, &at);
            SDL_FreeSurface(ls);
        }
        SDL_LockSurface(line[m]);
        for (int row = 0; row < above + below; row++) {
            int sy = row - above + base[m];   // row in the line's surface
            int box = row - above + ascent;   // row in the line box: 0 .. height - 1
            for (int col = 0; col < width + 2; col++) {
                int sx = col - 1;   // one blank column each side
                Uint8 a = 0;
                if (sy >= 0 && sy < line[m]->h && sx >= 0 && sx < line[m]->w)
                    a = alpha_at(line[m], sx, sy);
                for (int dy = 0; dy < ZOOM; dy++) {
                    for (int dx = 0; dx < ZOOM; dx++) {
                        int x = col * ZOOM + dx, y = y0 + row * ZOOM + dy;
                        if (dy == 0 && (box == 0 || box == height))
                            put(img, x, y, 220, 40, 40);   // the line box's top and bottom
                        else if (dy == 0 && box == ascent)
                            put(img, x, y, 60, 120, 230);   // the baseline
                        else if (dx == 0 || dy == 0)
                            put(img, x, y, 36, 36, 36);
                        else
                            put(img, x, y, a, a, a);
                    }
                }
            }
        }
        SDL_UnlockSurface(line[m]);
    }
    char file[4096];
    snprintf(file, sizeof(file), "%s/%s-%d.bmp", dir, weight, px);
    rc = SDL_SaveBMP(img, file);
    if (rc)
        fprintf(stderr, "hinting: cannot write %s: %s\n", file, SDL_GetError());
out:
    SDL_FreeSurface(img);
    for (int m = 0; m < MODES; m++)
        SDL_FreeSurface(line[m]);
    TTF_CloseFont(lf);
    return rc;
}

static int parse_int(const char *s, char **end, int lo, int hi, int *out)
{
    long v = strtol(s, end, 10);
    if (*end == s || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

int main(int argc, char **argv)
{
    int t = 128, from = 10, to = 18, verbose = 0, i = 1;
    const char *dir = NULL;
    for (; i < argc && argv[i][0] == '-'; i++) {
        char *end;
        if (!strcmp(argv[i], "-v")) {
            verbose = 1;
        } else if (!strcmp(argv[i], "-t") && i + 1 < argc) {
            if (parse_int(argv[++i], &end, 1, 255, &t) || *end)
                goto usage;
        } else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
            if (parse_int(argv[++i], &end, 4, 200, &from) || *end != '-' ||
                parse_int(end + 1, &end, from, 200, &to) || *end)
                goto usage;
        } else if (!strcmp(argv[i], "-p") && i + 1 < argc) {
            dir = argv[++i];
        } else {
            goto usage;
        }
    }
    if (argc - i != 2)
        goto usage;
    const char *paths[2] = {argv[i], argv[i + 1]}, *weights[2] = {"regular", "bold"};
    const char *titles[2] = {"Regular", "Bold"};
    if (TTF_Init() != 0) {
        fprintf(stderr, "hinting: cannot start SDL_ttf: %s\n", TTF_GetError());
        return 1;
    }
    int ft[3];
    TTF_GetFreeTypeVersion(&ft[0], &ft[1], &ft[2]);
    printf("SDL_ttf %d.%d.%d, FreeType %d.%d.%d; ink: alpha >= %d of 255; distinct: >= %d pixels "
           "differ by >= %d\n",
           TTF_Linked_Version()->major, TTF_Linked_Version()->minor, TTF_Linked_Version()->patch,
           ft[0], ft[1], ft[2], t, MIN_DIFF, t);
    // Per weight and mode: the figures summed over the sizes, the first size at which all 30
    // capitals are distinct and marked, and the size from which every larger one is.
    struct figures sum[2][MODES][2];
    int first[2][MODES], holds[2][MODES];
    memset(sum, 0, sizeof(sum));
    for (int w = 0; w < 2; w++) {
        printf("\n%-7s %3s %-14s %3s %3s %3s | %-27s | %-21s\n", weights[w], "px", "mode", "asc",
               "hgt", "cap", "capitals: pairs dist mark over", "small: pairs dist mark");
        for (int m = 0; m < MODES; m++)
            first[w][m] = holds[w][m] = 0;
        for (int px = from; px <= to; px++) {
            for (int m = 0; m < MODES; m++) {
                TTF_Font *font = open_font(paths[w], px, modes[m].hinting);
                if (!font)
                    return 1;
                struct figures f[2];
                if (verbose)
                    fprintf(stderr, "%s %d %s\n", weights[w], px, modes[m].name);
                for (int s = 0; s < 2; s++) {
                    if (measure(font, &sets[s], modes[m].solid, t, verbose, &f[s])) {
                        fprintf(stderr, "hinting: cannot render: %s\n", TTF_GetError());
                        return 1;
                    }
                    sum[w][m][s].pairs += f[s].pairs;
                    sum[w][m][s].distinct += f[s].distinct;
                    sum[w][m][s].marked += f[s].marked;
                    sum[w][m][s].over += f[s].over;
                }
                char over[16];
                snprintf(over, sizeof(over), f[0].over ? "%2d/30 +%d" : "%2d/30   ", f[0].over,
                         f[0].over_max);
                printf("%-7s %3d %-14s %3d %3d %3d |       %2d/90 %2d/30 %2d/30 %s | %9d/90 "
                       "%2d/30 %2d/30\n",
                       weights[w], px, modes[m].name, TTF_FontAscent(font), TTF_FontHeight(font),
                       cap_height(font, modes[m].solid, t), f[0].pairs, f[0].distinct, f[0].marked,
                       over, f[1].pairs, f[1].distinct, f[1].marked);
                int pass = f[0].distinct == 30 && f[0].marked == 30;
                if (pass && !first[w][m])
                    first[w][m] = px;
                if (!pass)
                    holds[w][m] = 0;
                else if (!holds[w][m])
                    holds[w][m] = px;
                TTF_CloseFont(font);
            }
        }
    }
    int sizes = to - from + 1;
    printf("\nsums over %d-%d px (%d sizes: at most %d pairs, %d letters); all 30 capitals "
           "distinct and marked: first at, and at every size from\n",
           from, to, sizes, 90 * sizes, 30 * sizes);
    printf("%-7s %-14s | capitals: pairs dist mark over | small: pairs dist mark | first  from\n",
           "weight", "mode");
    for (int w = 0; w < 2; w++) {
        for (int m = 0; m < MODES; m++) {
            const struct figures *c = &sum[w][m][0], *l = &sum[w][m][1];
            char a[8] = "-", b[8] = "-";
            if (first[w][m])
                snprintf(a, sizeof(a), "%d", first[w][m]);
            if (holds[w][m])
                snprintf(b, sizeof(b), "%d", holds[w][m]);
            printf("%-7s %-14s | %16d %4d %4d %4d | %12d %4d %4d | %5s %5s\n", weights[w],
                   modes[m].name, c->pairs, c->distinct, c->marked, c->over, l->pairs, l->distinct,
                   l->marked, a, b);
        }
    }
    if (dir) {
        for (int w = 0; w < 2; w++) {
            for (size_t k = 0; k < sizeof(picture_px) / sizeof(picture_px[0]); k++) {
                if (picture(paths[w], paths[0], picture_px[k], t, dir, weights[w], titles[w]))
                    return 1;
            }
        }
    }
    TTF_Quit();
    return 0;
usage:
    fprintf(stderr, "usage: hinting [-v] [-t THRESHOLD] [-s FROM-TO] [-p DIR] REGULAR.ttf "
                    "BOLD.ttf\n");
    return 2;
}
