#include "base/url.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "base/i18n.h"

int bt_url_is_http(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 || bt_url_is_https(s);
}

int bt_url_is_https(const char *s)
{
    return strncasecmp(s, "https://", 8) == 0;
}

// Whether `ref` starts with a scheme (RFC 3986 3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
// and a colon).
static int has_scheme(const char *ref)
{
    if (!isalpha((unsigned char)ref[0]))
        return 0;
    size_t n = 1;
    while (isalnum((unsigned char)ref[n]) || ref[n] == '+' || ref[n] == '-' || ref[n] == '.')
        n++;
    return ref[n] == ':';
}

static char *fail(char *err, size_t errsize, const char *why)
{
    snprintf(err, errsize, "%s", why);
    return NULL;
}

// ref resolved against an http(s) base (or standing alone when it is absolute).
static char *join_url(const char *base, const char *ref, char *err, size_t errsize)
{
    CURLU *u = curl_url();
    if (!u)
        return fail(err, errsize, _("out of memory"));
    // Spaces and bytes past ASCII are percent-encoded, in absolute and relative references
    // alike (libcurl always encodes a relative one).
    const unsigned flags = CURLU_URLENCODE;
    CURLUcode rc = base ? curl_url_set(u, CURLUPART_URL, base, flags) : CURLUE_OK;
    char *out = NULL;
    if (!rc && (ref[0] == '\0' || ref[0] == '#')) {
        // The same document (a fragment of it): libcurl 7.88 would drop the base's last
        // segment and query, which RFC 3986 5.2.2 keeps.
        rc = curl_url_set(u, CURLUPART_FRAGMENT, ref[0] ? ref + 1 : NULL, flags);
    } else if (!rc && !has_scheme(ref) && ref[strcspn(ref, ":/?#")] == ':') {
        // A colon in the first segment is not a scheme when what precedes it cannot be one
        // ("12:30.png"); libcurl would read one, so it is made explicit (RFC 3986 4.2).
        char *dotted = NULL;
        if (asprintf(&dotted, "./%s", ref) < 0) {
            curl_url_cleanup(u);
            return fail(err, errsize, _("out of memory"));
        }
        rc = curl_url_set(u, CURLUPART_URL, dotted, flags);
        free(dotted);
    } else if (!rc) {
        rc = curl_url_set(u, CURLUPART_URL, ref, flags);
    }
    if (!rc)
        rc = curl_url_get(u, CURLUPART_URL, &out, 0);
    curl_url_cleanup(u);
    if (rc)
        return fail(err, errsize, curl_url_strerror(rc));
    if (!bt_url_is_http(out)) {
        curl_free(out);
        return fail(err, errsize, _("not an http(s) address"));
    }
    // A plain string for the caller, freed with free().
    char *s = strdup(out);
    curl_free(out);
    return s ? s : fail(err, errsize, _("out of memory"));
}

char *bt_url_join(const char *base, const char *ref, char *err, size_t errsize)
{
    if (bt_url_is_http(ref))
        return join_url(NULL, ref, err, errsize);
    if (base && bt_url_is_http(base))
        return join_url(base, ref, err, errsize);
    char *out = NULL;
    if (ref[0] == '/' || !base || !base[0])
        out = strdup(ref);
    else if (asprintf(&out, "%s/%s", base, ref) < 0)
        out = NULL;
    return out ? out : fail(err, errsize, _("out of memory"));
}

// Where a URL written in running text ends: at a space or a quote, or punctuation before one
// ("… from https://h/x?k=v: timed out").
static int url_end(const char *p)
{
    char ch = *p;
    if (ch == '\0')
        return 1;
    char next = p[1];
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '"' || ch == '\'' || ch == '<' || ch == '>')
        return 1;
    return strchr(":.,;)", ch) && (next == '\0' || next == ' ' || next == '\n' || next == '"');
}

const char *bt_url_redact(const char *text, char *out, size_t size)
{
    size_t o = 0;
#define PUT(ch)                                                                                    \
    do {                                                                                           \
        char put_ = (ch); /* always taken, room or not */                                          \
        if (o + 1 < size)                                                                          \
            out[o++] = put_;                                                                       \
    } while (0)
    if (size == 0)
        return out;
    const char *s = text;
    while (*s) {
        const char *mark = strstr(s, "://");
        if (!mark) {
            while (*s)
                PUT(*s++);
            break;
        }
        mark += 3;
        while (s < mark)
            PUT(*s++);
        // The authority: a user and password end at its last '@'.
        const char *end = s;
        while (!url_end(end) && *end != '/' && *end != '?' && *end != '#')
            end++;
        const char *at = NULL;
        for (const char *q = s; q < end; q++)
            if (*q == '@')
                at = q;
        if (at) {
            for (const char *r = "***"; *r; r++)
                PUT(*r);
            s = at;
        }
        while (s < end)
            PUT(*s++);
        // The path as it is; the query's values hidden.
        while (!url_end(s) && *s != '?' && *s != '#')
            PUT(*s++);
        if (*s == '?') {
            PUT(*s++);
            // Each parameter: its name stays, its value (or a bare token) is hidden.
            while (!url_end(s) && *s != '#') {
                const char *pend = s, *eq = NULL;
                while (!url_end(pend) && *pend != '#' && *pend != '&') {
                    if (*pend == '=' && !eq)
                        eq = pend;
                    pend++;
                }
                while (eq && s <= eq)
                    PUT(*s++);
                if (pend > s)
                    for (const char *r = "***"; *r; r++)
                        PUT(*r);
                s = pend;
                if (*s == '&')
                    PUT(*s++);
            }
        }
    }
#undef PUT
    out[o] = '\0';
    return out;
}
