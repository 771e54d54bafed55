// The logger: one for the whole process, to stderr (journald under systemd).
//
// Lines read "LEVEL module: message". Under journald (JOURNAL_STREAM set) each line starts
// with a syslog priority prefix such as "<4>" so `journalctl -p warning` works.
// A line repeated many times is printed once and then collapsed into a count: the next
// different line, or bt_log_flush(), prints "last message repeated N times". While it repeats,
// a count is printed every BT_LOG_REPEAT_REPORT repetitions so a stuck error stays visible
// without filling a disk.
// FFmpeg's and SDL's logs are routed here by bt_log_route_libraries().
// Thread-safe: any thread may log.
#ifndef BT_BASE_LOG_H
#define BT_BASE_LOG_H

#include <stdarg.h>
#include <stdio.h>

enum bt_log_level {
    BT_LOG_ERROR = 0,
    BT_LOG_WARN = 1,
    BT_LOG_INFO = 2,
    BT_LOG_DEBUG = 3,
    BT_LOG_TRACE = 4,
};

#define BT_LOG_REPEAT_REPORT 1000

// Parses "error", "warn", "info", "debug", "trace". Returns the level or -1.
int bt_log_level_parse(const char *name);
const char *bt_log_level_name(enum bt_log_level level);

void bt_log_set_level(enum bt_log_level level);
enum bt_log_level bt_log_get_level(void);

// Send output to a stream other than stderr (tests). NULL restores stderr.
void bt_log_set_stream(FILE *stream);

void bt_log(enum bt_log_level level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void bt_logv(enum bt_log_level level, const char *module, const char *fmt, va_list ap);

// 1 the first time `key` is asked about (of the last 256 keys), 0 after: for a message worth
// saying once per run, not at every showing of the item it is about.
int bt_log_first(const char *key);

// Prints a pending "repeated N times" line, if any.
void bt_log_flush(void);

// Routes av_log and SDL_Log into this logger. Call once from main. FFmpeg's own lines are
// logged at debug level (trace for its debug output); its errors are reasons to fold into a
// message of bangtin's:
void bt_log_route_libraries(void);
// The last error or warning line FFmpeg logged on the calling thread since the last clear
// ("h264: ..."), "" when none.
const char *bt_log_library_error(void);
void bt_log_library_clear(void);

#define BT_ERR(mod, ...)   bt_log(BT_LOG_ERROR, mod, __VA_ARGS__)
#define BT_WARN(mod, ...)  bt_log(BT_LOG_WARN, mod, __VA_ARGS__)
#define BT_INFO(mod, ...)  bt_log(BT_LOG_INFO, mod, __VA_ARGS__)
#define BT_DEBUG(mod, ...) bt_log(BT_LOG_DEBUG, mod, __VA_ARGS__)

#endif
