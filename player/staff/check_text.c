#include "staff/check_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "base/utf8.h"
#include "screen/qr.h"
#include "time/clockfmt.h"

#include <utf8proc.h>

// The contrast below which text is hard to read across a hall (WCAG 2's floor for large text).
#define MIN_CONTRAST     3.0
// Laying text out costs about 7 ms per thousand characters: check lays out this many at most
// (a ward's playlist holds a few thousand), so a hostile document costs a second or two, not
// minutes.
#define FIT_BUDGET_CHARS 200000

struct where {
    size_t *budget;   // characters check may still lay out
    const struct bt_playlist *p;
    const struct bt_zone *zone;   // where the item shows (an override's first zone)
    int w, h;                     // the zone, in canvas pixels
    const char *path;             // "zones[0].items[2]"
};

static double channel(double c)
{
    c /= 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(struct bt_color c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

static struct bt_color over(struct bt_color c, struct bt_color under)
{
    double a = c.a / 255.0;
    return (struct bt_color){(uint8_t)lround(c.r * a + under.r * (1 - a)),
                             (uint8_t)lround(c.g * a + under.g * (1 - a)),
                             (uint8_t)lround(c.b * a + under.b * (1 - a)), 255};
}

double bt_check_contrast(struct bt_color fg, struct bt_color bg, struct bt_color under)
{
    struct bt_color b = over(bg, under);
    double l1 = luminance(over(fg, b)), l2 = luminance(b);
    if (l1 < l2) {
        double t = l1;
        l1 = l2;
        l2 = t;
    }
    return (l1 + 0.05) / (l2 + 0.05);
}

static void warn(struct bt_diags *d, const struct bt_item *it, const struct where *w,
                 const char *field, const char *msg)
{
    char path[200];
    snprintf(path, sizeof(path), "%s.%s", it->path ? it->path : w->path, field);
    bt_diags_add(d, BT_SEV_WARNING, it->text_line, it->text_column, path, msg);
}

// One name for a character staff can find in their text.
static void char_name(Uint32 cp, char *buf, size_t size)
{
    if (cp == '\t')
        snprintf(buf, size, "%s", _("a tab (use spaces)"));
    else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        snprintf(buf, size, "U+%04X", (unsigned)cp);
    else {
        char utf8[8] = "";
        int n = (int)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)utf8);
        utf8[n > 0 ? n : 0] = '\0';
        snprintf(buf, size, "U+%04X \"%s\"", (unsigned)cp, utf8);
    }
}

static void check_glyphs(struct bt_diags *d, const struct bt_item *it, const struct where *w,
                         TTF_Font *font, const char *shown)
{
    Uint32 missing[12];
    size_t n = bt_text_missing(font, shown, missing, 12);
    if (n == 0)
        return;
    char list[600] = "", name[60];
    size_t used = 0;
    for (size_t i = 0; i < n && i < 12; i++) {
        char_name(missing[i], name, sizeof(name));
        used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", name);
        if (used >= sizeof(list))
            break;
    }
    char msg[900];
    if (n > 12)
        snprintf(msg, sizeof(msg),
                 _("the font has no character for %zu characters (%s, …); the screen shows an "
                   "empty box for each"),
                 n, list);
    else
        snprintf(msg, sizeof(msg),
                 ngettext("the font has no character for %s; the screen shows an empty box for it",
                          "the font has no character for %s; the screen shows an empty box for "
                          "each",
                          (unsigned long)n),
                 list);
    warn(d, it, w, it->type == BT_ITEM_CLOCK ? "format" : "text", msg);
}

// The clock's text on each day of a week (the longest weekday names included).
static void clock_samples(const char *format, char samples[7][256])
{
    for (int wd = 0; wd < 7; wd++)
        bt_clockfmt_sample(format, wd, samples[wd], sizeof(samples[wd]));
}

static void check_size(struct bt_diags *d, const struct bt_item *it, const struct where *w,
                       struct bt_fonts *fonts)
{
    char msg[600], q[200];
    int px, want = it->font_size, broken = 0, cut = 0;
    if (it->type == BT_ITEM_TICKER) {
        px = bt_text_line_px(fonts, it->text, it->bold, want, w->h);
    } else {
        int pad = bt_text_padding(w->w, w->h);
        char samples[7][256];
        int n = 1;
        if (it->type == BT_ITEM_CLOCK)
            clock_samples(it->text, samples), n = 7;
        else
            snprintf(samples[0], sizeof(samples[0]), "%s", "");
        px = 0;
        for (int i = 0; i < n; i++) {
            struct bt_text_fit f;
            bt_text_fit(fonts, it->type == BT_ITEM_CLOCK ? samples[i] : it->text, it->bold, want,
                        w->w - 2 * pad, w->h - 2 * pad, &f);
            if (px == 0 || f.px < px)
                px = f.px;
            broken |= f.broken;
            cut |= f.cut;
        }
    }
    if (cut) {
        snprintf(msg, sizeof(msg),
                 _("does not fit its zone (%d×%d px) even at %d px; the screen cuts the lines "
                   "below: shorten it or give the zone more room"),
                 w->w, w->h, px);
        warn(d, it, w, it->type == BT_ITEM_CLOCK ? "format" : "text", msg);
        return;
    }
    if (want > 0 && px < want) {
        snprintf(msg, sizeof(msg),
                 _("%d px does not fit its zone (%d×%d px); the screen draws it at %d px: write "
                   "\"font_size\": %d, or leave font_size out to fit the zone"),
                 want, w->w, w->h, px, px);
        warn(d, it, w, "font_size", msg);
    }
    if (broken) {
        snprintf(msg, sizeof(msg),
                 _("has a word wider than its zone (%d px wide) at %d px; the screen breaks it "
                   "between letters: \"%s\""),
                 w->w, px, bt_utf8_quote(it->text, 40, q, sizeof(q)));
        warn(d, it, w, "text", msg);
    }
    if (px < BT_TEXT_LEGIBLE_PX) {
        snprintf(msg, sizeof(msg),
                 _("is drawn at %d px on the canvas, below the %d px at which every Vietnamese "
                   "mark can be told apart: shorten the text or give the zone more room"),
                 px, BT_TEXT_LEGIBLE_PX);
        warn(d, it, w, it->type == BT_ITEM_CLOCK ? "format" : "text", msg);
    }
}

static void check_contrast(struct bt_diags *d, const struct bt_item *it, const struct where *w)
{
    struct bt_color canvas = w->p->background;
    canvas.a = 255;
    struct bt_color under = canvas;
    if (w->zone && w->zone->has_background)
        under = over(w->zone->background, canvas);
    struct bt_color bg = it->has_background ? it->background : under;
    double ratio = bt_check_contrast(it->color, bg, under);
    if (ratio >= MIN_CONTRAST)
        return;
    struct bt_color b = over(bg, under), f = over(it->color, b);
    char msg[400];
    snprintf(msg, sizeof(msg),
             _("the text colour #%02X%02X%02X on #%02X%02X%02X has a contrast of %.1f:1, below "
               "the 3:1 needed to read it across a hall: choose a lighter colour or a darker "
               "background (or the other way round)"),
             f.r, f.g, f.b, b.r, b.g, b.b, ratio);
    warn(d, it, w, "color", msg);
}

// A QR code a phone can read: its modules whole pixels, at least 2 each, in its zone.
static void check_qr(struct bt_diags *d, const struct bt_item *it, const struct where *w)
{
    int width = 0;
    unsigned char *m = bt_qr_encode(it->text, &width);
    free(m);
    if (!m || w->w <= 0 || w->h <= 0)
        return;
    int cap = it->caption && *it->caption ? bt_qr_caption_px(w->h, it->font_size) : 0;
    struct bt_qr_layout l = bt_qr_layout(width, w->w, w->h, cap);
    int n = width + 2 * BT_QR_QUIET;
    char msg[400];
    if (!l.module && cap && bt_qr_layout(width, w->w, w->h, 0).module) {
        snprintf(msg, sizeof(msg),
                 _("the caption leaves no room for the code (%d modules with its margin) in a zone "
                   "of %dx%d: the caption is not shown; give the zone more height"),
                 n, w->w, w->h);
    } else if (!l.module) {
        snprintf(msg, sizeof(msg),
                 _("the code needs %d pixels a side (%d modules with its margin) and the zone is "
                   "%dx%d: it is not shown; give it a larger zone or a shorter text"),
                 n, n, w->w, w->h);
    } else if (l.module < 2) {
        snprintf(msg, sizeof(msg),
                 _("each module of the code is %d pixel (%d modules in %dx%d); phones need at "
                   "least 2: give it a larger zone or a shorter text"),
                 l.module, n, w->w, w->h);
    } else {
        return;
    }
    warn(d, it, w, "text", msg);
}

static void check_item(struct bt_diags *d, const struct bt_item *it, const struct where *w,
                       struct bt_fonts *fonts)
{
    if (it->type == BT_ITEM_QR && it->text) {
        check_qr(d, it, w);
        return;
    }
    if (it->type == BT_ITEM_COUNTDOWN && it->text) {
        // Judged as the texts it shows: the widest count, and the words after.
        char sample[512];
        bt_countdown_sample(it->text, sample, sizeof(sample));
        struct bt_item as = *it;
        as.type = BT_ITEM_TEXT;
        as.text = sample;
        check_item(d, &as, w, fonts);
        if (it->after) {
            as.text = it->after;
            check_item(d, &as, w, fonts);
        }
        return;
    }
    if (!it->text ||
        (it->type != BT_ITEM_TEXT && it->type != BT_ITEM_TICKER && it->type != BT_ITEM_CLOCK))
        return;
    TTF_Font *font = bt_fonts_get(fonts, it->bold, 24);
    if (!font)
        return;
    if (it->type == BT_ITEM_CLOCK) {
        char samples[7][256], all[7 * 256 + 8] = "";
        clock_samples(it->text, samples);
        for (int i = 0; i < 7; i++)
            strcat(all, samples[i]);
        check_glyphs(d, it, w, font, all);
    } else {
        check_glyphs(d, it, w, font, it->text);
    }
    size_t chars = bt_utf8_count(it->text) * (it->type == BT_ITEM_CLOCK ? 7 : 1);
    if (w->w > 0 && w->h > 0 && *w->budget != (size_t)-1 && *w->budget >= chars) {
        *w->budget -= chars;
        check_size(d, it, w, fonts);
    } else if (w->w > 0 && w->h > 0 && *w->budget != (size_t)-1) {
        *w->budget = (size_t)-1;   // said once
        char msg[300];
        snprintf(msg, sizeof(msg),
                 _("the playlist holds more text than check lays out (%d characters); from "
                   "here on, whether text fits its zone is not checked"),
                 FIT_BUDGET_CHARS);
        warn(d, it, w, "text", msg);
    }
    check_contrast(d, it, w);
}

void bt_check_text(const struct bt_playlist *p, struct bt_diags *d, struct bt_fonts *fonts)
{
    if (!fonts)
        return;
    char path[160];
    size_t budget = FIT_BUDGET_CHARS;
    for (size_t z = 0; z < p->nzones; z++) {
        const struct bt_zone *zn = &p->zones[z];
        struct where w = {&budget, p, zn, zn->w, zn->h, path};
        for (size_t i = 0; i < zn->nitems; i++) {
            snprintf(path, sizeof(path), "zones[%zu].items[%zu]", z, i);
            check_item(d, &zn->items[i], &w, fonts);
        }
        if (zn->fallback) {
            snprintf(path, sizeof(path), "zones[%zu].fallback", z);
            check_item(d, zn->fallback, &w, fonts);
        }
    }
    // An override's items are judged in each zone it takes (the first of them when it takes
    // all), as they show there.
    for (size_t o = 0; o < p->noverrides; o++) {
        const struct bt_override *ov = &p->overrides[o];
        for (size_t z = 0; z < p->nzones; z++) {
            const struct bt_zone *zn = &p->zones[z];
            int takes = ov->all_zones ? z == 0 : 0;
            for (size_t k = 0; k < ov->nzones && !takes; k++)
                takes = strcmp(ov->zones[k], zn->id) == 0;
            if (!takes)
                continue;
            struct where w = {&budget, p, zn, zn->w, zn->h, path};
            for (size_t i = 0; i < ov->nitems; i++) {
                snprintf(path, sizeof(path), "overrides[%zu].items[%zu]", o, i);
                check_item(d, &ov->items[i], &w, fonts);
            }
            break;
        }
    }
}
