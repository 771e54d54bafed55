// Logger: levels, module tags, repeated lines collapsed into a count, journald priorities,
// and FFmpeg's and SDL's logs routed in.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <libavutil/log.h>

#include "base/log.h"
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

static void libraries(void)
{
    av_log(NULL, AV_LOG_ERROR, "decoder broke\n");
    SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "sdl says hi");
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
        {"libraries",
         libraries,
         0,
         {"error ffmpeg: decoder broke\n", "warn  sdl: sdl says hi\n"},
         NULL},
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
        free(text);
    }
    bt_test_case = "level names";
    CHECK(bt_log_level_parse("debug") == BT_LOG_DEBUG && bt_log_level_parse("warning") == 1 &&
              bt_log_level_parse("loud") == -1,
          "parse");
    return bt_test_end();
}
