// bangtin: options, config, start, run, stop. The only place that exits.
#define SDL_MAIN_HANDLED
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <curl/curl.h>

#include "app.h"
#include "base/datadir.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/version.h"
#include "config/config.h"
#include "net/updater.h"
#include "staff/check.h"
#include "staff/control.h"
#include "staff/keys.h"
#include "staff/pack.h"
#include "staff/plan.h"
#include "time/clock.h"
#include "time/parse.h"

#define EXIT_USAGE 2
#define MAX_SETS   64

static const char usage_text[] = N_(
    "Usage:\n"
    "  bangtin [OPTIONS] [PLAYLIST]     play PLAYLIST (a path or URL), else the "
    "config's playlist_url\n"
    "  bangtin check [--json] FILE...   validate playlists; exit 2 with file:line:column errors\n"
    "  bangtin check --fix-encoding FILE...\n"
    "                                   write NAME.unicode.json beside each FILE, its text typed\n"
    "                                   in TCVN3 (ABC) or VNI fonts, or saved as Windows-1258,\n"
    "                                   converted to Unicode\n"
    "  bangtin check-config [FILE]      validate a config file; exit 2 with file:line errors\n"
    "  bangtin pack PLAYLIST OUTDIR [MEDIA_FOLDER...] [--sign SECRET_KEY]\n"
    "                                   gather a playlist's files for a web server\n"
    "  bangtin keygen [-p PUBLIC_KEY] [-s SECRET_KEY]\n"
    "                                   make a key pair for signed playlists (minisign's\n"
    "                                   format; default ./bangtin.pub and ./bangtin.key)\n"
    "  bangtin status                   what a running player fetches and plays\n"
    "  bangtin trigger ID                raise the override ID on this screen (no network)\n"
    "  bangtin release ID                release it\n"
    "  bangtin plan PLAYLIST --from DATE --to DATE [--out CHART.png]\n"
    "                                   what each zone plays when, as spans of time\n"
    "\n"
    "Options:\n"
    "  --config FILE      config file (default %s; may be missing)\n"
    "  --set KEY=VALUE    set any config key; repeatable; wins over the file\n"
    "  --window WxH       play in a window of this size instead of fullscreen\n"
    "  --headless         no display: SDL's offscreen driver, paced by a simulated clock\n"
    "  --at TIME          start the clock at TIME: YYYY-MM-DD[THH:MM[:SS]] in the playlist's\n"
    "                     time zone, or @EPOCH\n"
    "  --fps HZ           headless refresh rate (default 60); on a screen, a frame-rate cap\n"
    "  --frames N         stop after N frames (headless default: up to the last snapshot, or 1)\n"
    "  --snapshot LIST    write these frames as PNG: frame numbers or seconds, e.g. 0,30,2.5s\n"
    "  --out DIR          folder for snapshots (default: the current folder); plan: the chart\n"
    "  --renderer NAME    auto, opengles2, opengl or software (same as --set renderer=NAME)\n"
    "  --log-level LEVEL  error, warn, info, debug or trace (same as --set log_level=LEVEL)\n"
    "  --json             check: print the problems as JSON\n"
    "  --fix-encoding     check: write a Unicode copy of each FILE (see above)\n"
    "  --from, --to DATE  plan: YYYY-MM-DD or YYYY-MM-DDTHH:MM, in the playlist's time zone\n"
    "  --sign SECRET_KEY  pack: also write playlist.json.minisig, signed with this key\n"
    "                     (keygen and --sign read the password from the terminal, echo off,\n"
    "                     or as the first line of standard input when it is not a terminal)\n"
    "  --help             show this help\n"
    "  --version          show the version\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 usage, config or playlist error.\n");

struct cli {
    const char *config_path;
    int config_given;
    const char *sets[MAX_SETS];
    int nsets;
    struct bt_app_opts app;
    const char *snapshot_list;
    int frames_given;
    int json;
    int fix_encoding;
    const char *from, *to;
    int out_given;
    const char *sign_key;
};

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "bangtin: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n%s", _("Run 'bangtin --help' for the options.\n"));
    return EXIT_USAGE;
}

static int parse_size(const char *s, int *w, int *h)
{
    char *end;
    errno = 0;
    long lw = strtol(s, &end, 10);
    if (errno || end == s || (*end != 'x' && *end != 'X'))
        return -1;
    const char *p = end + 1;
    long lh = strtol(p, &end, 10);
    if (errno || end == p || *end || lw < 1 || lh < 1 || lw > 16384 || lh > 16384)
        return -1;
    *w = (int)lw;
    *h = (int)lh;
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

// "0,30,2.5s": frame numbers, or seconds with an 's'. Needs the fps.
static int parse_snapshots(const char *list, double fps, struct bt_app_opts *o)
{
    char buf[4096];
    if (strlen(list) >= sizeof(buf))
        return -1;
    snprintf(buf, sizeof(buf), "%s", list);
    o->nsnapshots = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *end;
        errno = 0;
        double v = strtod(tok, &end);
        int secs = *end == 's';
        if (secs)
            end++;
        if (errno || end == tok || *end || v < 0 || (!secs && v != floor(v)) ||
            o->nsnapshots >= BT_SNAPSHOTS_MAX)
            return -1;
        o->snapshots[o->nsnapshots++] = (uint64_t)(secs ? llround(v * fps) : (long long)v);
    }
    qsort(o->snapshots, o->nsnapshots, sizeof(o->snapshots[0]), cmp_u64);
    return o->nsnapshots ? 0 : -1;
}

enum {
    OPT_CONFIG = 256,
    OPT_SET,
    OPT_WINDOW,
    OPT_HEADLESS,
    OPT_AT,
    OPT_FPS,
    OPT_FRAMES,
    OPT_SNAPSHOT,
    OPT_OUT,
    OPT_RENDERER,
    OPT_LOG_LEVEL,
    OPT_HELP,
    OPT_VERSION,
    OPT_JSON,
    OPT_FROM,
    OPT_TO,
    OPT_FIX_ENCODING,
    OPT_SIGN,
};

static const struct option long_opts[] = {
    {"config", required_argument, NULL, OPT_CONFIG},
    {"set", required_argument, NULL, OPT_SET},
    {"window", required_argument, NULL, OPT_WINDOW},
    {"headless", no_argument, NULL, OPT_HEADLESS},
    {"at", required_argument, NULL, OPT_AT},
    {"fps", required_argument, NULL, OPT_FPS},
    {"frames", required_argument, NULL, OPT_FRAMES},
    {"snapshot", required_argument, NULL, OPT_SNAPSHOT},
    {"out", required_argument, NULL, OPT_OUT},
    {"renderer", required_argument, NULL, OPT_RENDERER},
    {"log-level", required_argument, NULL, OPT_LOG_LEVEL},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {"json", no_argument, NULL, OPT_JSON},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"fix-encoding", no_argument, NULL, OPT_FIX_ENCODING},
    {"sign", required_argument, NULL, OPT_SIGN},
    {NULL, 0, NULL, 0},
};

// Parses options into *cli. Returns -1 to go on, or an exit status.
static int parse_options(int argc, char **argv, struct cli *cli)
{
    static char set_buf[2][64];
    char *end;
    int opt;
    while ((opt = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        switch (opt) {
        case OPT_CONFIG:
            cli->config_path = optarg;
            cli->config_given = 1;
            break;
        case OPT_SET:
        case OPT_RENDERER:
        case OPT_LOG_LEVEL:
            if (cli->nsets >= MAX_SETS)
                return usage_error(_("too many --set options (at most %s)"), "64");
            if (opt != OPT_SET) {
                char *b = set_buf[opt == OPT_RENDERER ? 0 : 1];
                snprintf(b, 64, "%s=%s", opt == OPT_RENDERER ? "renderer" : "log_level", optarg);
                cli->sets[cli->nsets++] = b;
            } else {
                cli->sets[cli->nsets++] = optarg;
            }
            break;
        case OPT_WINDOW:
            if (parse_size(optarg, &cli->app.window_w, &cli->app.window_h))
                return usage_error(_("--window '%s' is not WxH, e.g. 1280x720"), optarg);
            break;
        case OPT_HEADLESS: cli->app.headless = 1; break;
        case OPT_FROM: cli->from = optarg; break;
        case OPT_TO: cli->to = optarg; break;
        case OPT_SIGN: cli->sign_key = optarg; break;
        case OPT_AT: {
            int64_t t;
            char why[300];
            if (bt_time_parse(optarg, &t, why, sizeof(why)) != 0)
                return usage_error(_("--at: %s"), why);
            cli->app.at = optarg;
            break;
        }
        case OPT_FPS:
            errno = 0;
            cli->app.fps = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(cli->app.fps >= 1 && cli->app.fps <= 1000))
                return usage_error(_("--fps '%s' is not a rate from 1 to 1000"), optarg);
            break;
        case OPT_FRAMES:
            errno = 0;
            cli->app.frames = strtoll(optarg, &end, 10);
            if (errno || end == optarg || *end || cli->app.frames < 1)
                return usage_error(_("--frames '%s' is not a whole number of at least 1"), optarg);
            cli->frames_given = 1;
            break;
        case OPT_SNAPSHOT: cli->snapshot_list = optarg; break;
        case OPT_OUT:
            cli->app.out_dir = optarg;
            cli->out_given = 1;
            break;
        case OPT_JSON: cli->json = 1; break;
        case OPT_FIX_ENCODING: cli->fix_encoding = 1; break;
        case OPT_HELP: printf(_(usage_text), BT_CONFIG_DEFAULT_PATH); return 0;
        case OPT_VERSION: printf("bangtin %s\n", BT_VERSION); return 0;
        default:
            fprintf(stderr, "%s", _("Run 'bangtin --help' for the options.\n"));
            return EXIT_USAGE;
        }
    }
    return -1;
}

static void print_errors(const struct bt_config_errors *errs, FILE *f)
{
    char line[1024];
    for (int i = 0; i < errs->count; i++) {
        bt_config_error_format(&errs->items[i], line, sizeof(line));
        fprintf(f, "%s\n", line);
    }
    if (errs->dropped)
        fprintf(f, _("... and %d more errors\n"), errs->dropped);
}

// Reads the config file and the --set options. Returns -1 when the file could not be read.
static int load_config(struct cli *cli, struct bt_config *config, struct bt_config_errors *errs)
{
    bt_config_defaults(config);
    int rc = bt_config_load_file(config, cli->config_path, !cli->config_given, errs);
    for (int i = 0; i < cli->nsets; i++)
        bt_config_set(config, cli->sets[i], i + 1, errs);
    bt_config_finish(config);
    return rc;
}

static int check_config(struct cli *cli, int argc, char **argv)
{
    if (argc > 1)
        return usage_error(_("check-config takes one FILE at most, not '%s'"), argv[1]);
    if (argc == 1) {
        cli->config_path = argv[0];
        cli->config_given = 1;
    }
    struct bt_config config;
    struct bt_config_errors errs = {0};
    load_config(cli, &config, &errs);
    if (errs.count || errs.dropped) {
        print_errors(&errs, stderr);
        return EXIT_USAGE;
    }
    printf(_("%s: ok\n"), cli->config_path);
    return 0;
}

int main(int argc, char **argv)
{
    struct cli cli = {
        .config_path = BT_CONFIG_DEFAULT_PATH,
        .app = {.start_mono_us = bt_time_mono_us(),
                .frames = -1,
                .out_dir = ".",
                .display_retry_s = 5},
    };
    // Messages are translated; numbers and time are never locale-dependent.
    bt_i18n_init();
    bt_log_route_libraries();
    curl_global_init(CURL_GLOBAL_DEFAULT);   // before any thread

    if (argc > 1 && strcmp(argv[1], "keygen") == 0)   // its own options, minisign's -p and -s
        return bt_keys_keygen_run(argc - 1, argv + 1, stdout);
    int rc = parse_options(argc, argv, &cli);
    if (rc >= 0)
        return rc;
    argc -= optind;
    argv += optind;
    if (cli.fix_encoding && !(argc > 0 && strcmp(argv[0], "check") == 0))
        return usage_error("%s", _("--fix-encoding goes with check: bangtin check --fix-encoding "
                                   "FILE..."));
    if (argc > 0 && strcmp(argv[0], "check") == 0) {
        if (argc < 2)
            return usage_error("%s", _("check needs at least one playlist FILE"));
        if (cli.fix_encoding && cli.json)
            return usage_error("%s", _("--fix-encoding writes copies and prints what it did; it "
                                       "takes no --json"));
        if (cli.fix_encoding)
            return bt_check_fix_encoding(argv + 1, argc - 1, stdout);
        return bt_check_run(argv + 1, argc - 1, cli.json, stdout);
    }
    if (argc > 0 && strcmp(argv[0], "pack") == 0) {
        if (argc < 3)
            return usage_error("%s", _("pack needs a PLAYLIST and an OUTDIR"));
        return bt_pack_run(argv[1], argv[2], argv + 3, argc - 3, cli.sign_key, stdout);
    }
    if (argc > 0 && strcmp(argv[0], "status") == 0) {
        struct bt_config config;
        struct bt_config_errors errs = {0};
        load_config(&cli, &config, &errs);
        char path[1100];
        snprintf(path, sizeof(path), "%s/status.json", config.runtime_dir);
        return bt_updater_print_status(path, stdout);
    }
    if (argc > 0 && (strcmp(argv[0], "trigger") == 0 || strcmp(argv[0], "release") == 0)) {
        if (argc != 2)
            return usage_error(_("%s needs the ID of an override"), argv[0]);
        struct bt_config config;
        struct bt_config_errors errs = {0};
        load_config(&cli, &config, &errs);
        return bt_control_send(config.runtime_dir, argv[0], argv[1], stdout);
    }
    if (argc > 0 && strcmp(argv[0], "plan") == 0) {
        if (argc != 2)
            return usage_error("%s", _("plan needs a PLAYLIST, --from DATE and --to DATE"));
        return bt_plan_run(argv[1], cli.from, cli.to, cli.out_given ? cli.app.out_dir : NULL,
                           stdout);
    }
    if (argc > 0 && strcmp(argv[0], "check-config") == 0)
        return check_config(&cli, argc - 1, argv + 1);
    if (argc > 1)
        return usage_error(_("only one PLAYLIST may be given; '%s' is one too many"), argv[1]);
    cli.app.playlist = argc == 1 ? argv[0] : NULL;

    struct bt_config config;
    struct bt_config_errors errs = {0};
    load_config(&cli, &config, &errs);
    bt_i18n_use(config.language);   // the screen's language, for the card and the log
    bt_log_set_level(config.log_level);
    // A config error never stops a screen: log it, show it on the card, use the default.
    char line[1024];
    for (int i = 0; i < errs.count; i++) {
        bt_config_error_format(&errs.items[i], line, sizeof(line));
        BT_ERR("config", "%s", line);
    }

    if (cli.app.fps <= 0 && cli.app.headless)
        cli.app.fps = 60;
    if (cli.snapshot_list &&
        parse_snapshots(cli.snapshot_list, cli.app.fps > 0 ? cli.app.fps : 60, &cli.app))
        return usage_error(_("--snapshot '%s' is not a list like 0,30,2.5s"), cli.snapshot_list);
    if (cli.app.headless && !cli.frames_given)
        cli.app.frames =
            cli.app.nsnapshots ? (long long)cli.app.snapshots[cli.app.nsnapshots - 1] + 1 : 1;
    cli.app.config = &config;
    cli.app.config_errors = &errs;

    BT_INFO("main", _("bangtin %s, screen %s"), BT_VERSION, config.screen_id);
    if (SDL_Init(0) != 0) {
        BT_ERR("main", _("cannot start SDL: %s"), SDL_GetError());
        return 1;
    }
    rc = bt_app_run(&cli.app);
    SDL_Quit();
    curl_global_cleanup();
    bt_log_flush();
    return rc;
}
