// Config: each key, --set over the file, unknown keys and bad values reported as
// FILE:LINE: key: message, `bangtin check-config`, and the play-mode rule: an error shows on the
// status card and the player keeps running with the default.
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "test.h"

struct config_case {
    const char *name;
    const char *file;        // config file text
    const char *sets[4];     // --set options
    const char *errors[8];   // expected error lines, "F" standing for the file's path
    // Expected values (checked for every case).
    const char *playlist_url;
    const char *screen_id;   // NULL: derived from the host name, not checked
    int output_set;
    struct bt_rect output;
    int rotate;
    int integer_scale;
    const char *renderer;
    int log_level;
};

static const struct config_case cases[] = {
    {"defaults", "", {0}, {0}, "", NULL, 0, {0, 0, 0, 0}, 0, 0, "auto", 2},
    {"every key",
     "# a comment\n"
     "playlist_url = https://cms.example.vn/phu-luong/playlist.json\n"
     "screen_id = phu-luong-01\n"
     "output = 0,0,768,384\n"
     "rotate = 270\n"
     "integer_scale = yes\n"
     "scale_filter = nearest\n"
     "renderer = software\n"
     "log_level = debug\n"
     "hwdec = none\n"
     "ticker_strip_width = 2048\n"
     "poll_interval = 60\n"
     "cache_dir = /srv/cache\n"
     "cache_max_bytes = 8G\n",
     {0},
     {0},
     "https://cms.example.vn/phu-luong/playlist.json",
     "phu-luong-01",
     1,
     {0, 0, 768, 384},
     270,
     1,
     "software",
     3},
    {"local path and auto output",
     "playlist_url = /media/usb/playlist.json\noutput = auto\n",
     {0},
     {0},
     "/media/usb/playlist.json",
     NULL,
     0,
     {0, 0, 0, 0},
     0,
     0,
     "auto",
     2},
    {"--set wins over the file",
     "rotate = 90\nscreen_id = a\n",
     {"rotate=180", "screen_id=b", "renderer=opengles2"},
     {0},
     "",
     "b",
     0,
     {0, 0, 0, 0},
     180,
     0,
     "opengles2",
     2},
    {"unknown key with a suggestion",
     "screen_id = x1\nrotation = 90\n",
     {0},
     {"F:2: rotation: unknown key; did you mean 'rotate'?"},
     "",
     "x1",
     0,
     {0, 0, 0, 0},
     0,
     0,
     "auto",
     2},
    {"unknown key without a suggestion",
     "\n\nbrightness_curve = 3\n",
     {0},
     {"F:3: brightness_curve: unknown key; see bangtin(1)"},
     "",
     NULL,
     0,
     {0, 0, 0, 0},
     0,
     0,
     "auto",
     2},
    {"bad values keep defaults",
     "rotate = 45\noutput = 0,0,768\ninteger_scale = maybe\nrenderer = vulkan\n"
     "log_level = loud\nscreen_id = phường 1\nplaylist_url = ftp://x/y.json\n",
     {0},
     {"F:1: rotate: '45' is not one of 0, 90, 180, 270; using the default '0'",
      "F:2: output: '0,0,768' is not X,Y,W,H", "F:3: integer_scale: 'maybe' is not true or false",
      "F:4: renderer: 'vulkan' is not one of", "F:5: log_level: 'loud' is not one of",
      "F:6: screen_id: 'phường 1' has the character",
      "F:7: playlist_url: 'ftp://x/y.json' is neither an http(s) URL nor a file path"},
     "",
     NULL,
     0,
     {0, 0, 0, 0},
     0,
     0,
     "auto",
     2},
    {"bad --set",
     "rotate = 90\n",
     {"rotate=91", "nokey", "outptu=1,2,3,4"},
     {"--set:1: rotate: '91' is not one of", "--set:2: 'nokey' is not KEY=VALUE",
      "--set:3: outptu: unknown key; did you mean 'output'?"},
     "",
     NULL,
     0,
     {0, 0, 0, 0},
     0,
     0,
     "auto",
     2},
    {"syntax error",
     "rotate = 90\nthis is not a setting\n",
     {0},
     {"F:2: this line is not 'key = value'"},
     "",
     NULL,
     0,
     {0, 0, 0, 0},
     90,
     0,
     "auto",
     2},
    {"section",
     "[display]\nrotate = 90\n",
     {0},
     {"F:2: rotate: is in section [display]"},
     "",
     NULL,
     0,
     {0, 0, 0, 0},
     0,
     0,
     "auto",
     2},
    {"output bounds",
     "output = 0,0,0,100\n",
     {0},
     {"F:1: output: '0,0,0,100' is not X,Y,W,H"},
     "",
     NULL,
     0,
     {0, 0, 0, 0},
     0,
     0,
     "auto",
     2},
    {"hours and brightness",
     "operating_hours = mon-xx 07:00-17:00\nbrightness = 7 %\n"
     "operating_hours = 07:00\n",
     {0},
     {"F:1: operating_hours: \"xx\" is not a day; use mon, tue, wed, thu, fri, sat or sun; "
      "using the default ''",
      "F:2: brightness: '7 %' is not HH:MM-HH:MM PERCENT",
      "F:3: operating_hours: \"07:00\" is not a window; write \"HH:MM-HH:MM\""},
     "",
     NULL,
     0,
     {0, 0, 0, 0},
     0,
     0,
     "auto",
     2},
    // One rule for a window whose start is its end, whichever key: empty, refused.
    {"windows with equal ends",
     "download_window = 01:00-01:00\noperating_hours = 01:00-01:00\n"
     "brightness = 18:00-18:00 40\ndownload_window = 1:00-5:00\n"
     "operating_hours = mon-sat 06:30-21:30 ,22:00-23:00\n",
     {0},
     {"F:1: download_window: the window \"01:00-01:00\" is empty and never matches; for all day "
      "write \"00:00-24:00\" (or always, for any time); using the default '00:30-05:30'",
      "F:2: operating_hours: the window \"01:00-01:00\" is empty and never matches; for all day "
      "write \"00:00-24:00\"; using the default ''",
      "F:3: brightness: the window \"18:00-18:00\" is empty and never matches",
      "F:4: download_window: \"1:00\" is not a time of day as a screen reads it; write \"01:00\"",
      "F:5: operating_hours: \"21:30 \" is not a time of day"},
     "",
     NULL,
     0,
     {0, 0, 0, 0},
     0,
     0,
     "auto",
     2},
    {"fetching",
     "poll_interval = 0\ncache_dir = var/cache\ncache_max_bytes = lots\n",
     {0},
     {"F:1: poll_interval: '0' is not a number of seconds from 1 to 86400",
      "F:2: cache_dir: 'var/cache' is not an absolute folder",
      "F:3: cache_max_bytes: 'lots' is not a size"},
     "",
     NULL,
     0,
     {0, 0, 0, 0},
     0,
     0,
     "auto",
     2},
    {"hardware decoding and strips",
     "hwdec = vaapi\nticker_strip_width = 100\n",
     {0},
     {"F:1: hwdec: 'vaapi' is not one of auto, none, h264_v4l2m2m",
      "F:2: ticker_strip_width: '100' is not 0 (the renderer's maximum) or a width from 256"},
     "",
     NULL,
     0,
     {0, 0, 0, 0},
     0,
     0,
     "auto",
     2},
};

// Numbers are read strictly, within each key's range: 1e30, inf, nan, hex, a sign where none is
// allowed and trailing junk are refused with the range; each range's ends, just inside and just
// outside. `value` is the key's value after the --set: what was written, or its default.
struct number_case {
    const char *set;     // KEY=VALUE
    const char *error;   // the message before "; using the default", NULL when taken
    long long value;
};

#define GIB (1LL << 30)

static const struct number_case numbers[] = {
    {"cache_max_bytes=1e30", "'1e30' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=inf", "'inf' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=nan", "'nan' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=-1", "'-1' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=-0", "'-0' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=0x10", "'0x10' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=12abc", "'12abc' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=1e3K", "'1e3K' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=8GB", "'8GB' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=1 G", "'1 G' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=+1", "'+1' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=1.5", "'1.5' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=.5G", "'.5G' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=", "'' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=99999999999999999999", "'99999999999999999999' is not a size", 0},
    {"cache_max_bytes=9999999999G", "'9999999999G' is not a size", 0},
    {"cache_max_bytes=16385G", "'16385G' is not a size from 0 (no limit) to 16384G", 0},
    {"cache_max_bytes=17592186044417", "'17592186044417' is not a size", 0},
    {"cache_max_bytes=17592186044416", NULL, 16384 * GIB},
    {"cache_max_bytes=16384G", NULL, 16384 * GIB},
    {"cache_max_bytes=0", NULL, 0},
    {"cache_max_bytes=8G", NULL, 8 * GIB},
    {"cache_max_bytes=500m", NULL, 500LL << 20},
    {"cache_max_bytes=1.5G", NULL, 1610612736},
    {"cache_max_bytes=0.5K", NULL, 512},
    {"cache_max_bytes=1234", NULL, 1234},
    {"cache_max_bytes= 2K ", NULL, 2048},
    {"cache_min_free=16385G", "'16385G' is not a size from 0 (no floor) to 16384G", 256LL << 20},
    {"cache_min_free=16384G", NULL, 16384 * GIB},
    {"cache_min_free=0", NULL, 0},
    {"max_download_rate=1e9", "'1e9' is not a rate in bytes a second from 0 (no limit) to 1G", 0},
    {"max_download_rate=1073741825", "'1073741825' is not a rate in bytes a second", 0},
    {"max_download_rate=1048577K", "'1048577K' is not a rate in bytes a second", 0},
    {"max_download_rate=1048576K", NULL, GIB},
    {"max_download_rate=500K", NULL, 500 << 10},
    {"poll_interval=0", "'0' is not a number of seconds from 1 to 86400", 300},
    {"poll_interval=86401", "'86401' is not a number of seconds from 1 to 86400", 300},
    {"poll_interval=-1", "'-1' is not a number of seconds from 1 to 86400", 300},
    {"poll_interval=1e3", "'1e3' is not a number of seconds from 1 to 86400", 300},
    {"poll_interval=0x10", "'0x10' is not a number of seconds from 1 to 86400", 300},
    {"poll_interval=12abc", "'12abc' is not a number of seconds from 1 to 86400", 300},
    {"poll_interval=inf", "'inf' is not a number of seconds from 1 to 86400", 300},
    {"poll_interval=nan", "'nan' is not a number of seconds from 1 to 86400", 300},
    {"poll_interval=60.0", "'60.0' is not a number of seconds from 1 to 86400", 300},
    {"poll_interval=+60", "'+60' is not a number of seconds from 1 to 86400", 300},
    {"poll_interval=9223372036854775808", "'9223372036854775808' is not a number of seconds", 300},
    {"poll_interval=1", NULL, 1},
    {"poll_interval=86400", NULL, 86400},
    {"poll_interval= 60 ", NULL, 60},
    {"poll_interval=0060", NULL, 60},
    {"stall_timeout=0", "'0' is not a number of seconds from 1 to 3600", 30},
    {"stall_timeout=3601", "'3601' is not a number of seconds from 1 to 3600", 30},
    {"stall_timeout=1", NULL, 1},
    {"stall_timeout=3600", NULL, 3600},
    {"ticker_strip_width=255",
     "'255' is not 0 (the renderer's maximum) or a width from 256 to 65536", 0},
    {"ticker_strip_width=65537",
     "'65537' is not 0 (the renderer's maximum) or a width from 256 to 65536", 0},
    {"ticker_strip_width=-1", "'-1' is not 0 (the renderer's maximum) or a width", 0},
    {"ticker_strip_width=0x100", "'0x100' is not 0 (the renderer's maximum) or a width", 0},
    {"ticker_strip_width=256", NULL, 256},
    {"ticker_strip_width=65536", NULL, 65536},
    {"ticker_strip_width=0", NULL, 0},
    {"rotate=0x5A", "'0x5A' is not one of 0, 90, 180, 270", 0},
    {"rotate=90.0", "'90.0' is not one of 0, 90, 180, 270", 0},
    {"rotate=270", NULL, 270},
    {"brightness=18:00-06:00 101", "'18:00-06:00 101' is not HH:MM-HH:MM PERCENT", -1},
    {"brightness=18:00-06:00 -1", "'18:00-06:00 -1' is not HH:MM-HH:MM PERCENT", -1},
    {"brightness=18:00-06:00 4e1", "'18:00-06:00 4e1' is not HH:MM-HH:MM PERCENT", -1},
    {"brightness=18:00-06:00 100", NULL, 100},
    {"brightness=18:00-06:00\t0", NULL, 0},
    {"display_mode=15x16", "'15x16' is not WxH@HZ", 0},
    {"display_mode=16384x16385", "'16384x16385' is not WxH@HZ", 0},
    {"display_mode=1920x1080@501", "'1920x1080@501' is not WxH@HZ", 0},
    {"display_mode=1920x1080@0x3C", "'1920x1080@0x3C' is not WxH@HZ", 0},
    {"display_mode=1920x1080@60@60", "'1920x1080@60@60' is not WxH@HZ", 0},
    {"display_mode=99999999999x1080", "'99999999999x1080' is not WxH@HZ", 0},
    {"display_mode=16x16", NULL, 16},
    {"display_mode=16384x16384@500", NULL, 16384},
    {"output=0,0,16385,10", "'0,0,16385,10' is not X,Y,W,H", 0},
    {"output=0,0,1e3,10", "'0,0,1e3,10' is not X,Y,W,H", 0},
    {"output=0,0,768,384,1", "'0,0,768,384,1' is not X,Y,W,H", 0},
    {"output=0,0,16384,10", NULL, 16384},
};

// The number a case's key holds.
static long long number_of(const struct bt_config *c, const char *set)
{
    static const struct {
        const char *key;
        size_t offset;
        int is_long;
    } fields[] = {
        {"cache_max_bytes=", offsetof(struct bt_config, cache_max_bytes), 1},
        {"cache_min_free=", offsetof(struct bt_config, cache_min_free), 1},
        {"max_download_rate=", offsetof(struct bt_config, max_download_rate), 1},
        {"poll_interval=", offsetof(struct bt_config, poll_interval), 0},
        {"stall_timeout=", offsetof(struct bt_config, stall_timeout), 0},
        {"ticker_strip_width=", offsetof(struct bt_config, ticker_strip_width), 0},
        {"rotate=", offsetof(struct bt_config, rotate), 0},
        {"display_mode=", offsetof(struct bt_config, mode_w), 0},
        {"output=", offsetof(struct bt_config, output.w), 0},
    };
    if (strncmp(set, "brightness=", 11) == 0)
        return c->br_n ? c->br_percent[0] : -1;
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        if (strncmp(set, fields[i].key, strlen(fields[i].key)) != 0)
            continue;
        const char *p = (const char *)c + fields[i].offset;
        return fields[i].is_long ? *(const long long *)(const void *)p
                                 : *(const int *)(const void *)p;
    }
    return -12345;
}

static void check_numbers(void)
{
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        const struct number_case *t = &numbers[i];
        bt_test_case = t->set;
        struct bt_config c;
        struct bt_config_errors errs = {0};
        bt_config_defaults(&c);
        int rc = bt_config_set(&c, t->set, 1, &errs);
        CHECK((rc == 0) == !t->error && errs.count == (t->error ? 1 : 0), "rc %d, %d errors", rc,
              errs.count);
        if (t->error && errs.count == 1) {
            char got[1024], want[600];
            bt_config_error_format(&errs.items[0], got, sizeof(got));
            snprintf(want, sizeof(want), "--set:1: %.*s: %s", (int)strcspn(t->set, "="), t->set,
                     t->error);
            CHECK(strncmp(got, want, strlen(want)) == 0 && strstr(got, "; using the default '"),
                  "error is\n  %s\nwant\n  %s...; using the default", got, want);
        }
        long long v = number_of(&c, t->set);
        CHECK(v == t->value, "value %lld, want %lld", v, t->value);
    }
}

static void run_case(const struct config_case *c)
{
    bt_test_case = c->name;
    const char *path = bt_test_write("case.conf", c->file);
    struct bt_config cfg;
    struct bt_config_errors errs = {0};
    bt_config_defaults(&cfg);
    CHECK(bt_config_load_file(&cfg, path, 0, &errs) == 0, "load failed");
    for (int i = 0; i < 4 && c->sets[i]; i++)
        bt_config_set(&cfg, c->sets[i], i + 1, &errs);
    bt_config_finish(&cfg);

    int want = 0;
    while (want < 8 && c->errors[want])
        want++;
    CHECK(errs.count == want, "%d errors, want %d", errs.count, want);
    for (int i = 0; i < 8 && c->errors[i] && i < errs.count; i++) {
        char got[1024], expect[1024];
        bt_config_error_format(&errs.items[i], got, sizeof(got));
        if (c->errors[i][0] == 'F')
            snprintf(expect, sizeof(expect), "%s%s", path, c->errors[i] + 1);
        else
            snprintf(expect, sizeof(expect), "%s", c->errors[i]);
        CHECK(strncmp(got, expect, strlen(expect)) == 0, "error %d is\n  %s\nwant\n  %s", i, got,
              expect);
    }
    CHECK(strcmp(cfg.playlist_url, c->playlist_url) == 0, "playlist_url '%s'", cfg.playlist_url);
    if (c->screen_id)
        CHECK(strcmp(cfg.screen_id, c->screen_id) == 0, "screen_id '%s'", cfg.screen_id);
    CHECK(cfg.screen_id[0] != '\0', "screen_id is empty");
    CHECK(cfg.output_set == c->output_set, "output_set %d", cfg.output_set);
    CHECK(memcmp(&cfg.output, &c->output, sizeof(cfg.output)) == 0, "output %d,%d,%d,%d",
          cfg.output.x, cfg.output.y, cfg.output.w, cfg.output.h);
    CHECK(cfg.rotate == c->rotate, "rotate %d", cfg.rotate);
    CHECK(cfg.integer_scale == c->integer_scale, "integer_scale %d", cfg.integer_scale);
    CHECK(strcmp(cfg.renderer, c->renderer) == 0, "renderer '%s'", cfg.renderer);
    CHECK(cfg.log_level == c->log_level, "log_level %d", cfg.log_level);
    int every = strcmp(c->name, "every key") == 0;
    CHECK(cfg.hwdec == (every ? BT_HWDEC_NONE : BT_HWDEC_AUTO), "hwdec %d", cfg.hwdec);
    CHECK(cfg.scale_filter == (every ? BT_SCALE_NEAREST : BT_SCALE_LINEAR), "scale_filter %d",
          cfg.scale_filter);
    CHECK(cfg.ticker_strip_width == (every ? 2048 : 0), "ticker_strip_width %d",
          cfg.ticker_strip_width);
    CHECK(cfg.poll_interval == (every ? 60 : 300), "poll_interval %d", cfg.poll_interval);
    CHECK(cfg.cache_max_bytes == (every ? 8LL << 30 : 0), "cache_max_bytes %lld",
          cfg.cache_max_bytes);
    CHECK(strcmp(cfg.cache_dir, every ? "/srv/cache" : "/var/cache/bangtin") == 0, "cache_dir %s",
          cfg.cache_dir);
}

static void check_missing_file(void)
{
    bt_test_case = "missing file";
    struct bt_config cfg;
    struct bt_config_errors errs = {0};
    bt_config_defaults(&cfg);
    CHECK(bt_config_load_file(&cfg, "/nonexistent/bangtin.conf", 1, &errs) == 0 && errs.count == 0,
          "a missing default file must be fine");
    CHECK(bt_config_load_file(&cfg, "/nonexistent/bangtin.conf", 0, &errs) == -1 && errs.count == 1,
          "a missing named file is an error");
}

// The binary: check-config's output and exit status.
static void check_cli(void)
{
    bt_test_case = "check-config";
    const char *good = bt_test_write("good.conf", "screen_id = ward-7\nrotate = 90\n");
    char args[2048], *out = NULL, *err = NULL;
    snprintf(args, sizeof(args), "check-config %s", good);
    int rc = bt_test_run_bangtin("cc-good", args, &out, &err);
    CHECK(rc == 0, "exit %d for a good file: %s", rc, err ? err : "");
    CHECK(out && strstr(out, "ok"), "no ok: %s", out ? out : "");
    free(out);
    free(err);

    const char *bad = bt_test_write("bad.conf", "screen_id = ward-7\n\nrotaet = 90\n");
    snprintf(args, sizeof(args), "check-config %s", bad);
    rc = bt_test_run_bangtin("cc-bad", args, &out, &err);
    CHECK(rc == 2, "exit %d for a bad file", rc);
    char want[1200];
    snprintf(want, sizeof(want), "%s:3: rotaet: unknown key; did you mean 'rotate'?", bad);
    CHECK(err && strstr(err, want), "stderr lacks '%s': %s", want, err ? err : "");
    free(out);
    free(err);

    const char *big = bt_test_write("big.conf", "cache_max_bytes = 1e30\nrotate = 90\n");
    snprintf(args, sizeof(args), "check-config %s", big);
    rc = bt_test_run_bangtin("cc-number", args, &out, &err);
    CHECK(rc == 2, "exit %d for an out-of-range number", rc);
    snprintf(want, sizeof(want),
             "%s:1: cache_max_bytes: '1e30' is not a size from 0 (no limit) to 16384G; using the "
             "default '0'\n",
             big);
    CHECK(err && strcmp(err, want) == 0, "stderr is not '%s': %s", want, err ? err : "");
    free(out);
    free(err);

    snprintf(args, sizeof(args), "check-config --set rotate=33 %s", good);
    rc = bt_test_run_bangtin("cc-set", args, NULL, &err);
    CHECK(rc == 2 && err && strstr(err, "--set:1: rotate:"), "exit %d: %s", rc, err ? err : "");
    free(err);

    rc = bt_test_run_bangtin("cc-missing", "check-config /nonexistent/x.conf", NULL, &err);
    CHECK(rc == 2 && err && strstr(err, "/nonexistent/x.conf: cannot read the file"), "exit %d: %s",
          rc, err ? err : "");
    free(err);

    bt_test_case = "usage";
    rc = bt_test_run_bangtin("usage", "--window big", NULL, &err);
    CHECK(rc == 2 && err && strstr(err, "--window 'big'"), "exit %d: %s", rc, err ? err : "");
    free(err);
    rc = bt_test_run_bangtin("help", "--help", &out, NULL);
    CHECK(rc == 0 && out && strstr(out, "check-config [FILE]") && strstr(out, "--snapshot LIST"),
          "exit %d: %s", rc, out ? out : "");
    free(out);
}

// Play mode: a config error never stops the screen. The card shows the error first; the player
// keeps running, with the default for the bad key, and then plays the playlist.
static void check_play_mode(void)
{
    bt_test_case = "play mode";
    const char *conf = bt_test_write("play.conf", "screen_id = ward-7\nrotate = 45\n");
    const char *pl = bt_test_write(
        "play.json", "{\"version\": 1, \"canvas\": {\"width\": 320, \"height\": 180}, \"zones\": "
                     "[{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": 320, \"h\": 180, "
                     "\"background\": \"#DA251D\"}]}");
    char args[4096], *err = NULL;
    snprintf(args, sizeof(args),
             "--config %s --headless --renderer software --window 320x180 --fps 2 "
             "--snapshot 0,31s --out %s/play %s",
             conf, bt_test_tmpdir(), pl);
    int rc = bt_test_run_bangtin("play", args, NULL, &err);
    CHECK(rc == 0, "exit %d: %s", rc, err ? err : "");
    char want[1200];
    snprintf(want, sizeof(want), "%s:2: rotate: '45' is not one of 0, 90, 180, 270", conf);
    CHECK(err && strstr(err, want), "log lacks '%s': %s", want, err ? err : "");
    CHECK(err && strstr(err, "rotate 0"), "rotate is not the default: %s", err ? err : "");

    char png[1200];
    struct bt_test_image img;
    snprintf(png, sizeof(png), "%s/play/frame-000000.png", bt_test_tmpdir());
    CHECK(bt_test_image_load(png, &img) == 0 && bt_test_pixel_is(&img, 1, 1, 0x0B2A4A, 2),
          "frame 0 is not the status card: #%06X", bt_test_pixel(&img, 1, 1));
    bt_test_image_free(&img);
    snprintf(png, sizeof(png), "%s/play/frame-000062.png", bt_test_tmpdir());
    CHECK(bt_test_image_load(png, &img) == 0 && bt_test_pixel_is(&img, 160, 90, 0xDA251D, 0),
          "after 31 s the playlist does not play: #%06X", bt_test_pixel(&img, 160, 90));
    bt_test_image_free(&img);
    free(err);
}

// Operating hours and brightness as the config writes them.
static void check_hours(void)
{
    bt_test_case = "operating hours and brightness, read";
    struct bt_config c;
    struct bt_config_errors errs = {0};
    bt_config_defaults(&c);
    CHECK(!c.oh_set && c.br_n == 0, "set by default");
    bt_config_set(&c, "operating_hours=sat-mon 06:30-11:30, 13:30-24:00", 1, &errs);
    bt_config_set(&c, "brightness=18:00-06:00 40, 06:00-18:00 100", 2, &errs);
    CHECK(errs.count == 0, "%d errors", errs.count);
    // sat-mon wraps the week: Saturday, Sunday, Monday (bits 5, 6, 0).
    CHECK(c.oh_set && c.oh_days == 0x61 && c.oh_n == 2 && c.oh_start[0] == 390 &&
              c.oh_end[0] == 690 && c.oh_start[1] == 810 && c.oh_end[1] == 1440,
          "days %#x, %d windows", c.oh_days, c.oh_n);
    CHECK(c.br_n == 2 && c.br_start[0] == 1080 && c.br_end[0] == 360 && c.br_percent[0] == 40 &&
              c.br_percent[1] == 100,
          "%d brightness entries", c.br_n);

    bt_test_case = "the download window";
    CHECK(c.window_start == 30 && c.window_end == 330, "default %d-%d", c.window_start,
          c.window_end);
    bt_config_set(&c, "download_window=22:00-06:00", 3, &errs);
    CHECK(c.window_start == 1320 && c.window_end == 360, "across midnight: %d-%d", c.window_start,
          c.window_end);
    bt_config_set(&c, "download_window=00:00-24:00", 4, &errs);
    CHECK(c.window_start == 0 && c.window_end == 1440, "all day: %d-%d", c.window_start,
          c.window_end);
    bt_config_set(&c, "download_window=always", 5, &errs);
    CHECK(c.window_start < 0, "always: %d", c.window_start);
    bt_config_set(&c, "operating_hours=00:00-24:00", 6, &errs);
    CHECK(c.oh_set && c.oh_days == 0x7F && c.oh_n == 1 && c.oh_start[0] == 0 && c.oh_end[0] == 1440,
          "operating hours all day: %d windows", c.oh_n);
    CHECK(errs.count == 0, "%d errors", errs.count);
}

// The table itself: every default reads, help is one line, a number's range fits its field.
static void check_table(void)
{
    const struct bt_option *o;
    for (size_t i = 0; (o = bt_config_option(i)); i++) {
        bt_test_case = o->name;
        char set[300], range[300];
        struct bt_config c;
        struct bt_config_errors errs = {0};
        bt_config_defaults(&c);
        snprintf(set, sizeof(set), "%s=%s", o->name, o->default_value);
        CHECK(bt_config_set(&c, set, 1, &errs) == 0, "the default '%s' is refused: %s",
              o->default_value, errs.count ? errs.items[0].message : "");
        CHECK(o->help && o->help[0] && !strchr(o->help, '\n') && strlen(o->help) <= 100,
              "help is not one line");
        CHECK(o->type != BT_OPT_INT || (o->min <= o->max && o->max <= INT_MAX),
              "range %lld to %lld", o->min, o->max);
        bt_option_range(o, range, sizeof(range));
        int has_range = o->type != BT_OPT_FOLDER && o->type != BT_OPT_FILE &&
                        (o->type != BT_OPT_TEXT || o->choices);
        CHECK(has_range == (range[0] != '\0'), "range '%s'", range);
        CHECK(bt_config_suggest_key(o->name) == o->name, "did-you-mean does not know it");
    }
    bt_test_case = "the table's ranges, as said";
    char range[300];
    for (size_t i = 0; (o = bt_config_option(i)); i++) {
        bt_option_range(o, range, sizeof(range));
        if (strcmp(o->name, "ticker_strip_width") == 0)
            CHECK(strcmp(range, "0 (the renderer's maximum), or 256 to 65536") == 0, "%s", range);
        if (strcmp(o->name, "cache_min_free") == 0)
            CHECK(strcmp(range, "0 (no floor) to 16384G") == 0, "%s", range);
        if (strcmp(o->name, "poll_interval") == 0)
            CHECK(strcmp(range, "1 to 86400") == 0, "%s", range);
        if (strcmp(o->name, "log_level") == 0)
            CHECK(strcmp(range, "error, warn, info, debug, trace") == 0, "%s", range);
        if (strcmp(o->name, "integer_scale") == 0)
            CHECK(strcmp(range, "true or false") == 0, "%s", range);
        if (strcmp(o->name, "scale_filter") == 0)
            CHECK(strcmp(range, "linear, nearest") == 0, "%s", range);
    }
}

// The packaged /etc/bangtin/bangtin.conf shows every key of the table, commented, with its
// default, in the table's order, and no other key; it reads without an error (everything
// commented: the defaults).
static void check_packaged_conf(void)
{
    bt_test_case = "packaging/bangtin.conf";
    char path[900];
    snprintf(path, sizeof(path), "%s/packaging/bangtin.conf", BT_SOURCE_DIR);
    char *text = bt_test_read(path);
    CHECK(text != NULL, "cannot read %s", path);
    const char *def;
    const char *key;
    for (size_t i = 0; text && (key = bt_config_key(i, &def)); i++) {
        char line[300];
        snprintf(line, sizeof(line), "\n# %s =%s%s\n", key, def[0] ? " " : "", def);
        CHECK(strstr(text, line) != NULL, "no line \"%s\"", line + 1);
    }
    // Every line that sets a key, commented or not, sets the table's next one.
    size_t next = 0;
    for (const char *line = text, *eol; line && *line; line = eol ? eol + 1 : NULL) {
        eol = strchr(line, '\n');
        const char *p = line + (*line == '#');
        p += strspn(p, " \t");
        size_t len = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
        if (!len || p[len + strspn(p + len, " \t")] != '=')
            continue;
        key = bt_config_key(next++, NULL);
        if (!key || strlen(key) != len || strncmp(p, key, len) != 0) {
            CHECK(0, "sets '%.*s' where the table's next key is %s", (int)len, p,
                  key ? key : "none");
            break;
        }
    }
    CHECK(bt_config_key(next, NULL) == NULL, "%zu keys, the table has more", next);
    free(text);
    struct bt_config c;
    struct bt_config_errors errs = {0};
    bt_config_defaults(&c);
    CHECK(bt_config_load_file(&c, path, 0, &errs) == 0 && errs.count == 0, "%d errors", errs.count);
}

// Appends text to buf as roff: '-' as "\-", '\' as "\e".
static void roff_append(char *buf, size_t size, const char *text)
{
    size_t len = strlen(buf);
    for (; *text && len + 3 < size; text++) {
        if (*text == '-' || *text == '\\')
            buf[len++] = '\\';
        buf[len++] = *text == '\\' ? 'e' : *text;
    }
    buf[len] = '\0';
}

// The man page's entry for one key, as the table says it.
static void man_entry(const struct bt_option *o, char *buf, size_t size)
{
    char range[300];
    bt_option_range(o, range, sizeof(range));
    snprintf(buf, size, ".TP\n.B ");
    roff_append(buf, size, o->name);
    roff_append(buf, size, "\n");
    roff_append(buf, size, o->help);
    if (range[0]) {
        roff_append(buf, size, "\nValues: ");
        roff_append(buf, size, range);
        roff_append(buf, size, ".");
    }
    roff_append(buf, size, "\nDefault: ");
    roff_append(buf, size, o->default_value[0] ? o->default_value : "empty");
    roff_append(buf, size, ".\n");
}

// The man page's CONFIGURATION section lists every key of the table, in its order, with its
// help, values and default, as man_entry writes them, and nothing else after its first .TP.
static void check_man_page(void)
{
    bt_test_case = "packaging/bangtin.1";
    char path[900];
    snprintf(path, sizeof(path), "%s/packaging/bangtin.1", BT_SOURCE_DIR);
    char *text = bt_test_read(path);
    CHECK(text != NULL, "cannot read %s", path);
    char *section = text ? strstr(text, "\n.SH CONFIGURATION\n") : NULL;
    CHECK(section != NULL, "no CONFIGURATION section");
    if (!section) {
        free(text);
        return;
    }
    char *end = strstr(section + 1, "\n.SH ");
    if (end)
        end[1] = '\0';
    char *list = strstr(section, "\n.TP\n");
    list = list ? list + 1 : section + strlen(section);

    static char want[16384];
    char entry[1024];
    const struct bt_option *o;
    want[0] = '\0';
    for (size_t i = 0; (o = bt_config_option(i)); i++) {
        man_entry(o, entry, sizeof(entry));
        CHECK(!strstr(entry, "\n.\n") && !strstr(entry, "\n'"), "a line starts with . or '");
        if (!strstr(list, entry))
            CHECK(0, "no entry, or not this one, for %s:\n%s", o->name, entry);
        snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s", entry);
    }
    CHECK(strcmp(list, want) == 0,
          "the list is not the table's keys in order and nothing else; it would be:\n%s", want);
    free(text);
}

int main(void)
{
    check_hours();
    check_numbers();
    check_table();
    check_packaged_conf();
    check_man_page();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        run_case(&cases[i]);
    check_missing_file();
    check_cli();
    check_play_mode();
    return bt_test_end();
}
