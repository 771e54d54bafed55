#include "time/clockfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const weekdays[] = {"Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư",
                                       "Thứ Năm",  "Thứ Sáu", "Thứ Bảy"};
static const char *const weekdays_short[] = {"CN", "T2", "T3", "T4", "T5", "T6", "T7"};

static void put(char *out, size_t size, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (*len + n >= size)
        n = size - 1 - *len;
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
}

// Writes `format` into out with each {token} replaced by value(token) ("{token}" as written
// when it gives NULL); {{ and }} are braces.
static void expand(const char *format, char *out, size_t size,
                   const char *(*value)(const char *tok, char *buf, size_t n, const void *ctx),
                   const void *ctx)
{
    size_t len = 0;
    char tok[32], buf[40];
    if (size == 0)
        return;
    out[0] = '\0';
    for (const char *p = format; *p && len + 1 < size;) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            buf[0] = p[0];
            buf[1] = '\0';
            put(out, size, &len, buf);
            p += 2;
            continue;
        }
        const char *end = p[0] == '{' ? strchr(p, '}') : NULL;
        if (!end || (size_t)(end - p) >= sizeof(tok)) {
            buf[0] = *p++;
            buf[1] = '\0';
            put(out, size, &len, buf);
            continue;
        }
        snprintf(tok, sizeof(tok), "%.*s", (int)(end - p - 1), p + 1);
        const char *v = value(tok, buf, sizeof(buf), ctx);
        if (!v) {
            snprintf(buf, sizeof(buf), "{%s}", tok);
            v = buf;
        }
        put(out, size, &len, v);
        p = end + 1;
    }
}

static const char *clock_value(const char *tok, char *buf, size_t n, const void *ctx)
{
    const struct tm *tm = ctx;
    if (strcmp(tok, "weekday") == 0)
        return weekdays[tm->tm_wday % 7];
    if (strcmp(tok, "weekday_short") == 0)
        return weekdays_short[tm->tm_wday % 7];
    if (strcmp(tok, "d") == 0)
        snprintf(buf, n, "%d", tm->tm_mday);
    else if (strcmp(tok, "dd") == 0)
        snprintf(buf, n, "%02d", tm->tm_mday);
    else if (strcmp(tok, "m") == 0)
        snprintf(buf, n, "%d", tm->tm_mon + 1);
    else if (strcmp(tok, "mm") == 0)
        snprintf(buf, n, "%02d", tm->tm_mon + 1);
    else if (strcmp(tok, "month") == 0)
        snprintf(buf, n, "tháng %d", tm->tm_mon + 1);
    else if (strcmp(tok, "yyyy") == 0)
        snprintf(buf, n, "%04d", tm->tm_year + 1900);
    else if (strcmp(tok, "yy") == 0)
        snprintf(buf, n, "%02d", (tm->tm_year + 1900) % 100);
    else if (strcmp(tok, "H") == 0)
        snprintf(buf, n, "%d", tm->tm_hour);
    else if (strcmp(tok, "HH") == 0)
        snprintf(buf, n, "%02d", tm->tm_hour);
    else if (strcmp(tok, "MM") == 0)
        snprintf(buf, n, "%02d", tm->tm_min);
    else if (strcmp(tok, "SS") == 0)
        snprintf(buf, n, "%02d", tm->tm_sec);
    else
        return NULL;
    return buf;
}

void bt_clockfmt(const char *format, const struct tm *tm, char *out, size_t size)
{
    expand(format, out, size, clock_value, tm);
}

void bt_clockfmt_sample(const char *format, int wday, char *out, size_t size)
{
    struct tm tm = {.tm_year = 126,
                    .tm_mon = 11,
                    .tm_mday = 28,
                    .tm_hour = 20,
                    .tm_min = 48,
                    .tm_sec = 58,
                    .tm_wday = wday};
    bt_clockfmt(format, &tm, out, size);
}

// Whether `format` has the token {name} (not a brace written {{ or }}).
static int has_token(const char *format, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = format; *p; p++) {
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
            p++;
        else if (p[0] == '{' && strncmp(p + 1, name, n) == 0 && p[1 + n] == '}')
            return 1;
    }
    return 0;
}

static const char *countdown_value(const char *tok, char *buf, size_t n, const void *ctx)
{
    const int64_t *dhm = ctx;
    int i = strcmp(tok, "days") == 0      ? 0
            : strcmp(tok, "hours") == 0   ? 1
            : strcmp(tok, "minutes") == 0 ? 2
                                          : -1;
    if (i < 0)
        return NULL;
    snprintf(buf, n, "%lld", (long long)dhm[i]);
    return buf;
}

void bt_countdown_fmt(const char *format, int64_t days, int64_t seconds_left, char *out,
                      size_t size)
{
    int has_d = has_token(format, "days"), has_h = has_token(format, "hours"),
        has_m = has_token(format, "minutes");
    int64_t dhm[3] = {days < 0 ? 0 : days, 0, 0};
    if (has_h || has_m) {
        // The time left split into the units written, the largest taking all above it.
        int64_t rest = seconds_left < 0 ? 0 : seconds_left;
        dhm[0] = has_d ? rest / 86400 : 0;
        rest -= dhm[0] * 86400;
        dhm[1] = has_h ? rest / 3600 : 0;
        rest -= dhm[1] * 3600;
        dhm[2] = rest / 60;
    }
    expand(format, out, size, countdown_value, dhm);
}

void bt_countdown_sample(const char *format, char *out, size_t size)
{
    bt_countdown_fmt(format, 888, 888 * 86400LL + 23 * 3600 + 59 * 60, out, size);
}
