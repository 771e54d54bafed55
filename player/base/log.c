#include "base/log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <libavutil/log.h>

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
    // One record is one line: strip trailing newlines, fold inner ones.
    size_t len = strlen(line);
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
    for (char *p = line; *p; p++) {
        if (*p == '\n' || *p == '\r')
            *p = ' ';
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

static enum bt_log_level from_av(int av_level)
{
    if (av_level <= AV_LOG_ERROR)
        return BT_LOG_ERROR;
    if (av_level <= AV_LOG_WARNING)
        return BT_LOG_WARN;
    if (av_level <= AV_LOG_INFO)
        return BT_LOG_DEBUG;   // FFmpeg's "info" is chatty: stream dumps and the like
    if (av_level <= AV_LOG_VERBOSE)
        return BT_LOG_DEBUG;
    return BT_LOG_TRACE;
}

static void av_callback(void *avcl, int av_level, const char *fmt, va_list vl)
{
    // FFmpeg may log a line in pieces; print_prefix carries that state between calls.
    static pthread_mutex_t av_lock = PTHREAD_MUTEX_INITIALIZER;
    static int print_prefix = 1;
    char buf[LINE_MAX_BYTES];
    if (av_level > AV_LOG_DEBUG)
        return;
    enum bt_log_level level = from_av(av_level);
    if (level > bt_log_get_level())
        return;
    va_list copy;
    va_copy(copy, vl);
    pthread_mutex_lock(&av_lock);
    av_log_format_line2(avcl, av_level, fmt, copy, buf, sizeof(buf), &print_prefix);
    pthread_mutex_unlock(&av_lock);
    va_end(copy);
    if (buf[0] == '\0' || strcmp(buf, "\n") == 0)
        return;
    bt_log(level, "ffmpeg", "%s", buf);
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
