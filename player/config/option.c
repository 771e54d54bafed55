#include "config/option.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"

#define KIB (1LL << 10)
#define MIB (1LL << 20)
#define GIB (1LL << 30)

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

// Reads the digits at *p into *v (at most LLONG_MAX) and moves *p past them. Returns 0, or -1
// when there is no digit or the number is too large.
static int read_digits(const char **p, unsigned long long *v)
{
    const char *s = *p;
    if (!is_digit(*s))
        return -1;
    *v = 0;
    for (; is_digit(*s); s++) {
        unsigned d = (unsigned)(*s - '0');
        if (*v > ((unsigned long long)LLONG_MAX - d) / 10)
            return -1;
        *v = *v * 10 + d;
    }
    *p = s;
    return 0;
}

int bt_option_parse_int(const char *text, long long min, long long max, long long *out)
{
    const char *p = skip_blanks(text);
    int negative = *p == '-';
    unsigned long long v;
    if (negative && min >= 0)
        return -1;
    if (negative)
        p++;
    if (read_digits(&p, &v) != 0 || *skip_blanks(p))
        return -1;
    long long x = negative ? -(long long)v : (long long)v;
    if (x < min || x > max)
        return -1;
    *out = x;
    return 0;
}

int bt_option_parse_size(const char *text, long long min, long long max, long long *out)
{
    const char *p = skip_blanks(text);
    unsigned long long whole, frac = 0, scale = 1;
    if (read_digits(&p, &whole) != 0)
        return -1;
    int fraction = *p == '.';
    if (fraction) {
        p++;
        if (!is_digit(*p))
            return -1;
        // Nine digits reach a byte of a G; further ones are read and dropped.
        for (; is_digit(*p); p++) {
            if (scale < 1000000000) {
                frac = frac * 10 + (unsigned)(*p - '0');
                scale *= 10;
            }
        }
    }
    unsigned long long unit = 1;
    if (*p == 'K' || *p == 'k')
        unit = KIB;
    else if (*p == 'M' || *p == 'm')
        unit = MIB;
    else if (*p == 'G' || *p == 'g')
        unit = GIB;
    if (unit != 1)
        p++;
    if ((fraction && unit == 1) || *skip_blanks(p) || whole > (unsigned long long)LLONG_MAX / unit)
        return -1;
    // whole * unit leaves unit - 1 to LLONG_MAX (unit is a power of two); the fraction is less.
    unsigned long long v = whole * unit + frac * unit / scale;
    if (v > (unsigned long long)LLONG_MAX || (long long)v < min || (long long)v > max)
        return -1;
    *out = (long long)v;
    return 0;
}

void bt_option_format_size(long long bytes, char *buf, size_t size)
{
    static const struct {
        long long unit;
        char letter;
    } units[] = {{GIB, 'G'}, {MIB, 'M'}, {KIB, 'K'}};
    for (size_t i = 0; bytes && i < sizeof(units) / sizeof(units[0]); i++) {
        if (bytes % units[i].unit == 0) {
            snprintf(buf, size, "%lld%c", bytes / units[i].unit, units[i].letter);
            return;
        }
    }
    snprintf(buf, size, "%lld", bytes);
}

static void format_number(const struct bt_option *o, long long v, char *buf, size_t size)
{
    if (o->type == BT_OPT_SIZE)
        bt_option_format_size(v, buf, size);
    else
        snprintf(buf, size, "%lld", v);
}

// "auto, none, h264_v4l2m2m": the names a choice lists.
static void format_choices(const struct bt_option_choice *c, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (; c->name; c++) {
        if (c->alias)
            continue;
        int n = snprintf(buf + len, size - len, "%s%s", len ? ", " : "", c->name);
        if (n < 0 || (size_t)n >= size - len)
            return;
        len += (size_t)n;
    }
}

void bt_option_range(const struct bt_option *o, char *buf, size_t size)
{
    char lo[32], hi[32];
    buf[0] = '\0';
    switch (o->type) {
    case BT_OPT_BOOL: snprintf(buf, size, "%s", _("true or false")); break;
    case BT_OPT_TEXT:
    case BT_OPT_CHOICE:
        if (o->choices)
            format_choices(o->choices, buf, size);
        break;
    case BT_OPT_INT:
    case BT_OPT_SIZE:
        format_number(o, o->min, lo, sizeof(lo));
        format_number(o, o->max, hi, sizeof(hi));
        if (o->zero && o->min > 0)
            snprintf(buf, size, _("0 (%s), or %s to %s"), _(o->zero), lo, hi);
        else if (o->zero && o->min == 0)
            snprintf(buf, size, _("0 (%s) to %s"), _(o->zero), hi);
        else
            snprintf(buf, size, _("%s to %s"), lo, hi);
        break;
    case BT_OPT_FORM:
        if (o->values)
            snprintf(buf, size, "%s", o->values);
        break;
    case BT_OPT_FOLDER:
    case BT_OPT_FILE: break;
    }
}

static int parse_bool(const char *v)
{
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (strcasecmp(v, yes[i]) == 0)
            return 1;
        if (strcasecmp(v, no[i]) == 0)
            return 0;
    }
    return -1;
}

// The choice named `v`, or NULL.
static const struct bt_option_choice *find_choice(const struct bt_option *o, const char *v)
{
    for (const struct bt_option_choice *c = o->choices; c->name; c++) {
        if (strcmp(v, c->name) == 0)
            return c;
    }
    return NULL;
}

// A number out of its form or range: "'0' is not a number of seconds from 1 to 86400".
static void number_refused(const struct bt_option *o, const char *v, char *msg, size_t n)
{
    char lo[32], hi[32];
    const char *what = o->what ? _(o->what) : o->type == BT_OPT_SIZE ? _("a size") : _("a number");
    format_number(o, o->min, lo, sizeof(lo));
    format_number(o, o->max, hi, sizeof(hi));
    if (o->zero && o->min > 0)
        snprintf(msg, n, _("'%s' is not 0 (%s) or %s from %s to %s"), v, _(o->zero), what, lo, hi);
    else if (o->zero && o->min == 0)
        snprintf(msg, n, _("'%s' is not %s from 0 (%s) to %s"), v, what, _(o->zero), hi);
    else
        snprintf(msg, n, _("'%s' is not %s from %s to %s"), v, what, lo, hi);
}

// Refuses text that is not of the option's kind: "'maybe' is not true or false". Returns -1.
static int refuse(const struct bt_option *o, const char *v, char *msg, size_t n)
{
    char list[200];
    switch (o->type) {
    case BT_OPT_FOLDER:
        snprintf(msg, n, _("'%s' is not an absolute folder, e.g. %s"), v, o->default_value);
        break;
    case BT_OPT_FILE: snprintf(msg, n, _("'%s' is not an absolute file path"), v); break;
    case BT_OPT_BOOL: snprintf(msg, n, _("'%s' is not true or false"), v); break;
    case BT_OPT_INT:
    case BT_OPT_SIZE: number_refused(o, v, msg, n); break;
    default:
        format_choices(o->choices, list, sizeof(list));
        snprintf(msg, n, _("'%s' is not one of %s"), v, list);
        break;
    }
    return -1;
}

static int parse_text(const struct bt_option *o, char *field, const char *v, char *msg, size_t n)
{
    if (o->choices && !find_choice(o, v))
        return refuse(o, v, msg, n);
    if (strlen(v) >= o->size) {
        snprintf(msg, n, _("is longer than %zu characters"), o->size - 1);
        return -1;
    }
    if (o->type == BT_OPT_FOLDER && v[0] != '/')
        return refuse(o, v, msg, n);
    if (o->type == BT_OPT_FILE && v[0] && v[0] != '/')
        return refuse(o, v, msg, n);
    snprintf(field, o->size, "%s", v);
    return 0;
}

int bt_option_parse(const struct bt_option *o, void *base, const char *v, char *msg, size_t n)
{
    char *field = (char *)base + o->offset;
    const struct bt_option_choice *choice;
    long long x;
    int b;
    switch (o->type) {
    case BT_OPT_TEXT:
    case BT_OPT_FOLDER:
    case BT_OPT_FILE: return parse_text(o, field, v, msg, n);
    case BT_OPT_BOOL:
        b = parse_bool(v);
        if (b < 0)
            return refuse(o, v, msg, n);
        *(int *)(void *)field = b;
        return 0;
    case BT_OPT_INT:
        // 0 may stand outside the range when it means something of its own.
        if (bt_option_parse_int(v, o->zero ? 0 : o->min, o->max, &x) != 0 || (x && x < o->min))
            return refuse(o, v, msg, n);
        *(int *)(void *)field = (int)x;
        return 0;
    case BT_OPT_SIZE:
        if (bt_option_parse_size(v, o->zero ? 0 : o->min, o->max, &x) != 0 || (x && x < o->min))
            return refuse(o, v, msg, n);
        *(long long *)(void *)field = x;
        return 0;
    case BT_OPT_CHOICE:
        choice = find_choice(o, v);
        if (!choice)
            return refuse(o, v, msg, n);
        *(int *)(void *)field = choice->value;
        return 0;
    case BT_OPT_FORM: return o->parse(base, v, msg, n);
    }
    return -1;
}
