#include "base/log.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <libavutil/log.h>

#include "base/url.h"
#include "base/utf8.h"

#define LINE_MAX_BYTES 2048

// Everything below is protected by `lock`.
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static enum bt_log_level current_level = BT_LOG_INFO;
static FILE *out_stream;
static int journald = -1;                // -1: not yet checked
static char last_line[LINE_MAX_BYTES];   // the last line printed (without prefix)
static enum bt_log_level last_level;
static unsigned long repeats;   // times last_line came again since printed

static const char *const level_names[] = {"error", "warn", "info", "debug", "trace"};
static const int syslog_prio[] = {3, 4, 6, 7, 7};

int bt_log_level_parse(const char *name)
{
    for (int i = 0; i < (int)(sizeof(level_names) / sizeof(level_names[0])); i++) {
        if (strcmp(name, level_names[i]) == 0)
            return i;
    }
    if (strcmp(name, "warning") == 0)
        return BT_LOG_WARN;
    return -1;
}

const char *bt_log_level_name(enum bt_log_level level)
{
    if ((int)level < 0 || level > BT_LOG_TRACE)
        return "?";
    return level_names[level];
}

void bt_log_set_level(enum bt_log_level level)
{
    pthread_mutex_lock(&lock);
    current_level = level;
    pthread_mutex_unlock(&lock);
}

enum bt_log_level bt_log_get_level(void)
{
    pthread_mutex_lock(&lock);
    enum bt_log_level l = current_level;
    pthread_mutex_unlock(&lock);
    return l;
}

void bt_log_set_stream(FILE *stream)
{
    pthread_mutex_lock(&lock);
    out_stream = stream;
    journald = -1;
    last_line[0] = '\0';
    repeats = 0;
    pthread_mutex_unlock(&lock);
}

// Caller holds the lock.
static void emit(enum bt_log_level level, const char *text)
{
    FILE *f = out_stream ? out_stream : stderr;
    if (journald < 0) {
        const char *js = getenv("JOURNAL_STREAM");
        journald = js && *js;
    }
    if (journald)
        fprintf(f, "<%d>%s\n", syslog_prio[level], text);
    else
        fprintf(f, "%s\n", text);
    fflush(f);
}

// Caller holds the lock.
static void emit_repeats(void)
{
    char buf[96];
    if (repeats == 0)
        return;
    snprintf(buf, sizeof(buf), "%-5s log: last message repeated %lu times", level_names[last_level],
             repeats);
    emit(last_level, buf);
    repeats = 0;
}

void bt_logv(enum bt_log_level level, const char *module, const char *fmt, va_list ap)
{
    char line[LINE_MAX_BYTES];
    if ((int)level < 0)
        level = BT_LOG_ERROR;
    if (level > BT_LOG_TRACE)
        level = BT_LOG_TRACE;

    pthread_mutex_lock(&lock);
    if (level > current_level) {
        pthread_mutex_unlock(&lock);
        return;
    }
    int n = snprintf(line, sizeof(line), "%-5s %s: ", level_names[level], module);
    if (n < 0)
        n = 0;
    if ((size_t)n < sizeof(line))
        vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
    // One record is one line: strip trailing newlines, fold inner ones; no other control
    // character reaches a terminal or the journal, a URL shows no user, password or query
    // value, and the line is valid UTF-8 (a message cut
    // by the buffer ends at a whole character; a stray byte from a file or a library shows as
    // U+FFFD, not as a blob).
    size_t len = strlen(line);
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    if (strstr(line, "://")) {   // no credentials from a URL in any log
        char redacted[LINE_MAX_BYTES];
        bt_url_redact(line, redacted, sizeof(redacted));
        memcpy(line, redacted, sizeof(line));
    }
    {
        char shown[LINE_MAX_BYTES];
        bt_utf8_quote(line, SIZE_MAX, shown, sizeof(shown));
        memcpy(line, shown, sizeof(line));
    }

    if (strcmp(line, last_line) == 0) {
        repeats++;
        if (repeats % BT_LOG_REPEAT_REPORT == 0) {
            char buf[128];
            snprintf(buf, sizeof(buf), "%-5s log: last message repeated %lu times so far",
                     level_names[last_level], repeats);
            emit(last_level, buf);
        }
    } else {
        emit_repeats();
        emit(level, line);
        snprintf(last_line, sizeof(last_line), "%s", line);
        last_level = level;
    }
    pthread_mutex_unlock(&lock);
}

void bt_log(enum bt_log_level level, const char *module, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bt_logv(level, module, fmt, ap);
    va_end(ap);
}

void bt_log_flush(void)
{
    pthread_mutex_lock(&lock);
    emit_repeats();
    last_line[0] = '\0';
    pthread_mutex_unlock(&lock);
}

// FFmpeg's lines, per thread: FFmpeg may log one line in pieces, and its errors are reasons
// that bangtin folds into its own message (a skipped file is one line that says why).
static _Thread_local char av_line[LINE_MAX_BYTES];
static _Thread_local int av_line_level = AV_LOG_DEBUG;
static _Thread_local char av_error[512];

const char *bt_log_library_error(void)
{
    return av_error;
}

void bt_log_library_clear(void)
{
    av_error[0] = '\0';
}

static void av_callback(void *avcl, int av_level, const char *fmt, va_list vl)
{
    // FFmpeg's chatter is not even formatted unless someone debugs.
    if (av_level > AV_LOG_DEBUG || (av_level > AV_LOG_WARNING && bt_log_get_level() < BT_LOG_DEBUG))
        return;
    size_t len = strlen(av_line);
    if (len == 0) {
        // A line begins: the part of FFmpeg that speaks ("h264: ..."), as its own prefix does.
        const AVClass *cls = avcl ? *(const AVClass *const *)avcl : NULL;
        const char *name = cls && cls->item_name ? cls->item_name(avcl) : NULL;
        if (name && *name)
            snprintf(av_line, sizeof(av_line), "%s: ", name);
        len = strlen(av_line);
        av_line_level = av_level;
    }
    va_list copy;
    va_copy(copy, vl);
    vsnprintf(av_line + len, sizeof(av_line) - len, fmt, copy);
    va_end(copy);
    if (av_level < av_line_level)
        av_line_level = av_level;
    len = strlen(av_line);
    if (len + 1 < sizeof(av_line) && (len == 0 || av_line[len - 1] != '\n'))
        return;   // more of the line to come
    while (len > 0 && (av_line[len - 1] == '\n' || av_line[len - 1] == '\r'))
        av_line[--len] = '\0';
    // Even FFmpeg's errors are logged for those who debug: the file they are about is skipped
    // with one warning of bangtin's own, with the reason in it.
    if (len > 0 && av_line_level <= AV_LOG_WARNING)
        bt_utf8_quote(av_line, SIZE_MAX, av_error, sizeof(av_error));
    if (len > 0)
        bt_log(av_line_level <= AV_LOG_VERBOSE ? BT_LOG_DEBUG : BT_LOG_TRACE, "ffmpeg", "%s",
               av_line);
    av_line[0] = '\0';
}

static void sdl_callback(void *userdata, int category, SDL_LogPriority priority,
                         const char *message)
{
    (void)userdata;
    (void)category;
    enum bt_log_level level;
    switch (priority) {
    case SDL_LOG_PRIORITY_CRITICAL:
    case SDL_LOG_PRIORITY_ERROR: level = BT_LOG_ERROR; break;
    case SDL_LOG_PRIORITY_WARN: level = BT_LOG_WARN; break;
    case SDL_LOG_PRIORITY_INFO: level = BT_LOG_INFO; break;
    default: level = BT_LOG_DEBUG; break;
    }
    bt_log(level, "sdl", "%s", message);
}

void bt_log_route_libraries(void)
{
    av_log_set_callback(av_callback);
    av_log_set_level(AV_LOG_DEBUG);
    SDL_LogSetOutputFunction(sdl_callback, NULL);
    SDL_LogSetAllPriority(SDL_LOG_PRIORITY_WARN);
}

int bt_log_first(const char *key)
{
    static uint64_t seen[256];
    static unsigned next;
    uint64_t h = 1469598103934665603ull;   // FNV-1a
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    h |= 1;   // never 0, the empty slot
    pthread_mutex_lock(&lock);
    int first = 1;
    for (unsigned i = 0; i < 256 && first; i++)
        first = seen[i] != h;
    if (first)
        seen[next++ % 256] = h;
    pthread_mutex_unlock(&lock);
    return first;
}
