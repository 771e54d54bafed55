// Logger: levels, module tags, repeated lines collapsed into a count, journald priorities,
// and FFmpeg's and SDL's logs routed in.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <libavutil/log.h>

#include "base/log.h"
#include "base/utf8.h"
#include "test.h"

static char *capture(void (*fn)(void), int journald)
{
    const char *path = bt_test_write("log.txt", "");
    FILE *f = fopen(path, "w");
    if (journald)
        setenv("JOURNAL_STREAM", "8:1234", 1);
    else
        unsetenv("JOURNAL_STREAM");
    bt_log_set_stream(f);
    fn();
    bt_log_flush();
    bt_log_set_stream(NULL);
    fclose(f);
    return bt_test_read(path);
}

static void levels(void)
{
    bt_log_set_level(BT_LOG_WARN);
    BT_INFO("cache", "hidden");
    BT_WARN("cache", "shown %d", 7);
    BT_ERR("fetch", "also shown");
    bt_log_set_level(BT_LOG_INFO);
}

static void repeats(void)
{
    for (int i = 0; i < 2500; i++)
        BT_ERR("fetch", "cannot reach the server");
    BT_INFO("fetch", "reached it");
}

// FFmpeg's errors are reasons for bangtin's own messages, not lines of their own: below debug
// level they are kept (per thread) and not shown.
static void libraries(void)
{
    bt_log_library_clear();
    av_log(NULL, AV_LOG_ERROR, "decoder broke\n");
    CHECK(strcmp(bt_log_library_error(), "decoder broke") == 0, "kept \"%s\"",
          bt_log_library_error());
    SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "sdl says hi");
}

static const AVClass demo_class = {
    .class_name = "mov,mp4", .item_name = av_default_item_name, .version = LIBAVUTIL_VERSION_INT};

// At debug level they are shown, a line given in pieces as one line, named by its part.
static void libraries_debug(void)
{
    const AVClass *ctx = &demo_class;
    bt_log_set_level(BT_LOG_DEBUG);
    av_log(&ctx, AV_LOG_ERROR, "moov atom ");
    av_log(&ctx, AV_LOG_ERROR, "not found\n");
    bt_log_set_level(BT_LOG_INFO);
    CHECK(strcmp(bt_log_library_error(), "mov,mp4: moov atom not found") == 0, "kept \"%s\"",
          bt_log_library_error());
}

// A line is valid UTF-8 with no control characters, whatever it quotes: a stray byte is
// U+FFFD, an escape sequence is not passed to a terminal, and a line cut by its length ends at a
// whole character.
static void hostile(void)
{
    BT_WARN("x", "caf\xC3 \x1B[31mred\x07\xC2\x9B"
                 "0m");
    char long_line[5000] = "";
    for (int i = 0; i < 1000; i++)
        strcat(long_line, "Ệ");
    BT_WARN("y", "%s", long_line);
}

static void multiline(void)
{
    BT_INFO("x", "one\ntwo\n");
}

int main(void)
{
    bt_log_route_libraries();
    struct {
        const char *name;
        void (*fn)(void);
        int journald;
        const char *want[4];
        const char *not_want;
    } cases[] = {
        {"levels", levels, 0, {"warn  cache: shown 7\n", "error fetch: also shown\n"}, "hidden"},
        {"repeats",
         repeats,
         0,
         {"error fetch: cannot reach the server\n", "last message repeated 1000 times so far\n",
          "last message repeated 2499 times\n", "info  fetch: reached it\n"},
         NULL},
        {"journald",
         levels,
         1,
         {"<4>warn  cache: shown 7\n", "<3>error fetch: also shown\n"},
         NULL},
        {"libraries", libraries, 0, {"warn  sdl: sdl says hi\n"}, "decoder broke"},
        {"libraries at debug level",
         libraries_debug,
         0,
         {"debug ffmpeg: mov,mp4: moov atom not found\n"},
         "debug ffmpeg: not found"},
        {"hostile text", hostile, 0, {"warn  x: caf\xEF\xBF\xBD  [31mred  0m\n"}, "\x9B"},
        {"one record one line", multiline, 0, {"info  x: one two\n"}, NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bt_test_case = cases[i].name;
        char *text = capture(cases[i].fn, cases[i].journald);
        CHECK(text != NULL, "no output");
        for (int w = 0; w < 4 && cases[i].want[w]; w++)
            CHECK(text && strstr(text, cases[i].want[w]), "lacks '%s' in:\n%s", cases[i].want[w],
                  text ? text : "");
        if (cases[i].not_want)
            CHECK(text && !strstr(text, cases[i].not_want), "has '%s'", cases[i].not_want);
        if (strcmp(cases[i].name, "repeats") == 0) {
            int lines = 0;
            for (char *p = text; p && *p; p++)
                lines += *p == '\n';
            CHECK(lines == 5, "2500 repeats took %d lines, want 5", lines);
        }
        if (strcmp(cases[i].name, "hostile text") == 0) {
            const char *y = text ? strstr(text, "warn  y: ") : NULL;
            size_t len = y ? strcspn(y, "\n") : 0;
            CHECK(y && len > 1000 && bt_utf8_invalid(y, len) == len,
                  "the long line is %zu bytes, and not valid UTF-8 from byte %zu", len,
                  y ? bt_utf8_invalid(y, len) : 0);
        }
        free(text);
    }
    bt_test_case = "level names";
    CHECK(bt_log_level_parse("debug") == BT_LOG_DEBUG && bt_log_level_parse("warning") == 1 &&
              bt_log_level_parse("loud") == -1,
          "parse");
    return bt_test_end();
}
