// A feed document turned into a ticker's line: libxml2 reads it (no network, no external
// entities, no DTD loaded), the items' titles are sanitised, sorted newest first and joined.
#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/i18n.h"
#include "base/utf8.h"
#include "net/feeds.h"

#define MAX_ENTRIES 1000   // items read from one document

struct entry {
    char *title;
    int64_t when;   // -1: undated
    int order;      // in the document
};

// Days from 1970-01-01 of a date of the proleptic Gregorian calendar.
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

int64_t bt_feed_date(const char *text)
{
    if (!text)
        return -1;
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    int y, mo, d, h, mi, s = 0, n = 0;
    // RFC 3339 (Atom): 2026-12-05T08:00:00+07:00, seconds' fractions and Z allowed.
    if (sscanf(text, "%4d-%2d-%2d%*1[Tt ]%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) == 5 && n > 0) {
        const char *p = text + n;
        if (*p == ':') {
            int k = 0;
            if (sscanf(p, ":%2d%n", &s, &k) != 1)
                return -1;
            p += k;
            if (*p == '.')
                for (p++; *p >= '0' && *p <= '9'; p++)
                    ;
        }
        int off = 0;
        if (*p == '+' || *p == '-') {
            int oh, om;
            if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2)
                return -1;
            off = (oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
        } else if (*p != 'Z' && *p != 'z') {
            return -1;
        }
        if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
            return -1;
        return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s - off;
    }
    // RFC 822 (RSS) and its relatives, as libcurl reads HTTP dates.
    time_t t = curl_getdate(text, NULL);
    return t == -1 ? -1 : (int64_t)t;
}

// Whether a node is the element `name` (in any namespace, or none).
static int is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

// An HTML entity at p ("&amp;", "&#7871;", "&#x1EBF;"): its code point and length, or -1.
static int32_t html_entity(const char *p, size_t *len)
{
    static const struct {
        const char *name;
        int32_t cp;
    } names[] = {{"amp", '&'},       {"lt", '<'},     {"gt", '>'},       {"quot", '"'},
                 {"apos", '\''},     {"nbsp", 0xA0},  {"ndash", 0x2013}, {"mdash", 0x2014},
                 {"hellip", 0x2026}, {"laquo", 0xAB}, {"raquo", 0xBB}};
    const char *semi = strchr(p, ';');
    if (!semi || semi - p > 10 || semi - p < 3)
        return -1;
    *len = (size_t)(semi - p) + 1;
    if (p[1] == '#') {
        char *end;
        long v = p[2] == 'x' || p[2] == 'X' ? strtol(p + 3, &end, 16) : strtol(p + 2, &end, 10);
        return end == semi && v > 0 && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF) ? (int32_t)v
                                                                                      : -1;
    }
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strlen(names[i].name) == (size_t)(semi - p - 1) &&
            strncmp(p + 1, names[i].name, (size_t)(semi - p - 1)) == 0)
            return names[i].cp;
    return -1;
}

// A title as one line to show: markup removed (a title may hold escaped HTML), entities already
// undone by libxml2, NFC, controls and runs of white space made one space, at most
// BT_FEED_TITLE_MAX characters. NULL when nothing is left.
static char *clean_title(const char *raw)
{
    size_t n = strlen(raw);
    char *out = malloc(n + 8);   // an entity is never shorter than its character
    if (!out)
        return NULL;
    size_t len = 0, chars = 0;
    int space = 1, in_tag = 0;
    for (const char *p = raw; *p && chars < BT_FEED_TITLE_MAX;) {
        int32_t cp;
        size_t k = bt_utf8_decode(p, strlen(p), &cp);
        char enc[8];
        const char *bytes = p;
        size_t nbytes = k;
        if (cp == '&' && !in_tag) {
            size_t elen;
            int32_t e = html_entity(p, &elen);
            if (e > 0) {
                k = elen;
                cp = e == 0xA0 ? ' ' : e;
                nbytes = (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)enc);
                bytes = enc;
            }
        }
        if (cp == '<' && (p[1] == '/' || (p[1] >= 'a' && p[1] <= 'z') ||
                          (p[1] >= 'A' && p[1] <= 'Z') || p[1] == '!')) {
            in_tag = 1;
        } else if (in_tag) {
            in_tag = cp != '>';
        } else if (cp < 0 || cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
                   bt_utf8_is_control(cp) || cp == 0xFEFF) {
            if (!space && cp >= 0)
                out[len++] = ' ', chars++;
            space = 1;
        } else {
            memcpy(out + len, bytes, nbytes);
            len += nbytes;
            chars++;
            space = 0;
        }
        p += k;
    }
    while (len && out[len - 1] == ' ')
        len--;
    out[len] = '\0';
    if (!len) {
        free(out);
        return NULL;
    }
    char *nfc = (char *)utf8proc_NFC((const utf8proc_uint8_t *)out);
    free(out);
    return nfc;
}

static int newest_first(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    if ((x->when < 0) != (y->when < 0))
        return x->when < 0 ? 1 : -1;   // dated ones first
    if (x->when != y->when)
        return x->when > y->when ? -1 : 1;
    return x->order - y->order;
}

// The element's text (its descendants' text joined), trimmed; malloc'd.
static char *text_of(const xmlNode *n)
{
    xmlChar *c = n ? xmlNodeGetContent(n) : NULL;
    if (!c)
        return NULL;
    char *s = strdup((const char *)c);
    xmlFree(c);
    return s;
}

int bt_feed_line(const char *doc, size_t len, const struct bt_feed_spec *spec, int64_t now_s,
                 char **line, char *err, size_t errsize)
{
    *line = NULL;
    if (len > BT_FEED_DOC_MAX) {
        snprintf(err, errsize, _("is %zu bytes, more than a feed may be (%d MiB)"), len,
                 BT_FEED_DOC_MAX >> 20);
        return -1;
    }
    xmlDoc *x = xmlReadMemory(doc, (int)len, NULL, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                  XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS);
    if (!x) {
        const xmlError *e = xmlGetLastError();
        char why[200] = "";
        if (e && e->message) {
            snprintf(why, sizeof(why), "%s", e->message);
            size_t k = strlen(why);
            while (k && (why[k - 1] == '\n' || why[k - 1] == ' '))
                why[--k] = '\0';
        }
        snprintf(err, errsize, _("is not XML (line %d: %s)"), e ? e->line : 0,
                 bt_utf8_quote(why, 80, (char[400]){0}, 400));
        return -1;
    }
    const xmlNode *root = xmlDocGetRootElement(x);
    const xmlNode *list = NULL;
    const char *item_name = NULL;
    int atom = 0;
    if (root && is(root, "rss") && (list = child(root, "channel"))) {
        item_name = "item";   // RSS 2.0
    } else if (root && is(root, "RDF")) {
        list = root;   // RSS 1.0: items beside the channel
        item_name = "item";
    } else if (root && is(root, "feed")) {
        list = root;   // Atom
        item_name = "entry";
        atom = 1;
    } else {
        snprintf(err, errsize, _("is XML but neither RSS nor Atom (its root is <%s>)"),
                 root ? bt_utf8_quote((const char *)root->name, 40, (char[200]){0}, 200) : "");
        xmlFreeDoc(x);
        return -1;
    }
    struct entry *es = calloc(MAX_ENTRIES, sizeof(*es));
    int n = 0;
    for (const xmlNode *c = list->children; es && c && n < MAX_ENTRIES; c = c->next) {
        if (!is(c, item_name))
            continue;
        char *raw = text_of(child(c, "title"));
        char *title = raw ? clean_title(raw) : NULL;
        free(raw);
        if (!title)
            continue;
        const xmlNode *d = atom ? child(c, "updated") : child(c, "pubDate");
        if (!d)
            d = atom ? child(c, "published") : child(c, "date");   // dc:date
        char *dt = text_of(d);
        es[n] = (struct entry){title, bt_feed_date(dt), n};
        free(dt);
        n++;
    }
    xmlFreeDoc(x);
    if (!es) {
        snprintf(err, errsize, "%s", _("out of memory"));
        return -1;
    }
    qsort(es, (size_t)n, sizeof(*es), newest_first);
    const char *sep = spec->separator ? spec->separator : "   •   ";
    size_t cap = 1, used = 0;
    for (int i = 0; i < n; i++)
        cap += strlen(es[i].title) + strlen(sep);
    char *out = malloc(cap);
    int shown = 0;
    for (int i = 0; out && i < n; i++) {
        int old = spec->days > 0 && es[i].when >= 0 && es[i].when < now_s - spec->days * 86400LL;
        if (old || (spec->items > 0 && shown >= spec->items))
            continue;
        used += (size_t)sprintf(out + used, "%s%s", shown ? sep : "", es[i].title);
        shown++;
    }
    for (int i = 0; i < n; i++)
        free(es[i].title);
    free(es);
    if (!out) {
        snprintf(err, errsize, "%s", _("out of memory"));
        return -1;
    }
    out[used] = '\0';
    *line = out;
    return shown;
}
