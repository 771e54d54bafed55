#include "app.h"

#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SDL.h>
#include <systemd/sd-daemon.h>

#include "base/file.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/url.h"
#include "base/utf8.h"
#include "media/audio.h"
#include "net/addresses.h"
#include "net/feeds.h"
#include "net/plays.h"
#include "net/trust.h"
#include "net/updater.h"
#include "playlist/playlist.h"
#include "playlist/schedule.h"
#include "screen/card.h"
#include "screen/item.h"
#include "screen/pictures.h"
#include "screen/render.h"
#include "screen/text.h"
#include "screen/zone.h"
#include "staff/control.h"
#include "time/clock.h"
#include "time/clockfmt.h"
#include "time/parse.h"
#include "time/zone.h"

#define IP_REFRESH_US       (5 * 1000000)
#define HOLD_US             (3 * 1000000)
#define BT_SHADER_CACHE_MAX "32M"   // Mesa's shader cache, beside cache_max_bytes

struct app {
    const struct bt_app_opts *opts;
    const char *source;             // playlist path or URL, "" when none
    struct bt_playlist *playlist;   // NULL when none could be read
    char error[1024];               // the last error, in plain words, for the card
    char hint[512];
    char config_error[1024];   // the first config error, "" when none
    char ips[512];
    int64_t ips_at_us;
    struct bt_render *render;
    struct bt_card *card;
    struct bt_fonts *fonts;
    struct bt_item_env env;
    struct bt_audio *audio;
    struct bt_pictures *pictures;    // decoded off the render thread
    struct bt_updater *updater;      // when the playlist comes from a server
    struct bt_plays *plays;          // proof of play: every item shown; NULL: not logged
    struct bt_feeds *feeds;          // the news feeds tickers read
    struct bt_trust *trust;          // the keys playlists must be signed with; NULL: unchecked
    struct bt_zone_player **zones;   // one per playlist zone, made at the first frame
    int drew_card;                   // the last frame drawn was the status card
    // New zones are presented once what they show first is decoded (the frame before stays on
    // the screen meanwhile), for a bound: from when they were made, 0 when not waiting.
    int64_t hold_since_us;
    struct bt_control *control;   // overrides raised by hand
    // The schedule at this frame (per zone arrays, with the zones), and what was drawn.
    struct bt_moment moment;
    const struct bt_override **shown;   // per zone: the override drawn (NULL: its own items)
    struct bt_zone *ov_zones;           // per zone: the override's items as a zone
    struct bt_zone_player **ov_players;
    int dark;   // outside operating hours: black, nothing decoding
    int drawn_on, drawn_woken, drawn_brightness;
    int64_t moment_us;   // when the moment was evaluated
    char zone[80];       // the time zone applied (the playlist's), "" before the first
    int64_t window_from, window_until;   // the download window's span given to the fetch thread
    // The next picture of the screen for the reports (now.mono_us); 0: none due. A new
    // revision asks for one soon.
    int64_t shot_at_us;
    int shot_soon;
    // systemd: READY=1 after the first frame presented, WATCHDOG=1 only while frames are.
    int ready_sent;
    int64_t watchdog_every_us, watchdog_last_us;
};

// A frame was presented: tell systemd (when it runs us as Type=notify, with WatchdogSec=).
static void presented(struct app *a)
{
    int64_t t = bt_time_mono_us();
    if (!a->ready_sent) {
        char rev[300];
        sd_notifyf(0, "READY=1\nSTATUS=%s%s", a->playlist ? "playing revision " : "",
                   a->playlist ? bt_utf8_quote(a->playlist->revision, 80, rev, sizeof(rev))
                               : "showing the status card");
        a->ready_sent = 1;
    }
    if (a->watchdog_every_us > 0 && t - a->watchdog_last_us >= a->watchdog_every_us) {
        sd_notify(0, "WATCHDOG=1");
        a->watchdog_last_us = t;
    }
}

// When the signed playlist played last was signed (local files: a server's are the fetch
// thread's), kept in the cache folder: an older signed playlist is not played again.
static int64_t local_signed_at(const struct app *a, int64_t set)
{
    char path[1100], text[32];
    snprintf(path, sizeof(path), "%s/local-signed-at", a->opts->config->cache_dir);
    if (set > 0) {
        int n = snprintf(text, sizeof(text), "%lld\n", (long long)set);
        if (bt_file_mkdir_p(a->opts->config->cache_dir) == 0)
            bt_file_write_atomic(path, text, (size_t)n);
        return set;
    }
    size_t len;
    char *s = bt_file_read_all(path, 31, &len);
    int64_t at = s ? strtoll(s, NULL, 10) : 0;
    free(s);
    return at > 0 ? at : 0;
}

// A playlist file with trusted keys: read once, its signature beside it checked, and only then
// parsed. Returns 0 when it may not play (a->error says why).
static int load_signed(struct app *a, struct bt_diags *diags)
{
    size_t len = 0, siglen = 0;
    char *data = bt_file_read_all(a->source, 64u * 1024 * 1024, &len);
    if (!data) {
        snprintf(a->error, sizeof(a->error), _("%s: cannot read the file: %s"), a->source,
                 strerror(errno));
        BT_ERR("playlist", "%s", a->error);
        return 0;
    }
    char sigpath[1100];
    snprintf(sigpath, sizeof(sigpath), "%s.minisig", a->source);
    char *sig = bt_file_read_all(sigpath, 4096, &siglen);
    char why[900];
    int64_t at = 0, before = local_signed_at(a, 0);
    int ok = bt_trust_check(a->trust, data, len, sig, siglen, before, &at, why, sizeof(why)) == 0;
    free(sig);
    if (!ok) {
        snprintf(a->error, sizeof(a->error), "%s: %s", a->source, why);
        snprintf(a->hint, sizeof(a->hint), "%s",
                 _("Sign the playlist with the ward's key (bangtin pack --sign, or minisign -S) "
                   "and put PLAYLIST.minisig beside it."));
        BT_ERR("playlist", "%s", a->error);
        free(data);
        return 0;
    }
    char *copy = strdup(a->source);
    a->playlist =
        copy ? bt_playlist_parse(data, len, a->source, dirname(copy), BT_PLAYLIST_PLAY, diags)
             : NULL;
    free(copy);
    free(data);
    if (a->playlist && at > before)
        local_signed_at(a, at);
    return 1;
}

static void load_playlist(struct app *a)
{
    if (!a->source[0]) {
        snprintf(a->error, sizeof(a->error), "%s", _("no playlist is configured"));
        snprintf(a->hint, sizeof(a->hint), "%s",
                 _("Set playlist_url in /etc/bangtin/bangtin.conf, then run: "
                   "systemctl restart bangtin"));
        BT_WARN("app", "%s", a->error);
        return;
    }
    if (bt_url_is_http(a->source)) {
        // The last complete revision plays at once, network or not; the fetch thread brings
        // newer ones.
        a->playlist = bt_updater_last_good(a->opts->config->cache_dir, a->trust);
        if (!a->playlist) {
            snprintf(a->error, sizeof(a->error), _("fetching %s"), a->source);
            snprintf(a->hint, sizeof(a->hint), "%s",
                     _("The first playlist is being downloaded; it plays when all its files "
                       "are here."));
        }
        return;
    }
    struct bt_diags diags = {0};
    if (a->trust) {
        if (!load_signed(a, &diags))
            return;
    } else {
        a->playlist = bt_playlist_load(a->source, BT_PLAYLIST_PLAY, &diags);
    }
    // Problems with parts the player skips are warnings; a rejected document has errors.
    char line[1024];
    for (size_t i = 0; i < diags.count; i++) {
        bt_diag_format(&diags.items[i], a->source, line, sizeof(line));
        bt_log(diags.items[i].severity == BT_SEV_ERROR ? BT_LOG_ERROR : BT_LOG_WARN, "playlist",
               "%s", line);
    }
    const struct bt_diag *first = bt_diags_first_error(&diags);
    if (first)
        bt_diag_format(first, a->source, a->error, sizeof(a->error));
    bt_diags_free(&diags);
    if (!a->playlist) {
        snprintf(a->hint, sizeof(a->hint), "%s",
                 _("Fix the playlist at the place named above, then restart bangtin."));
        return;
    }
    BT_INFO("playlist", _("%s: revision \"%s\", canvas %dx%d, %zu zones"), a->source,
            a->playlist->revision, a->playlist->width, a->playlist->height, a->playlist->nzones);
}

// Runs a display command (display_off_command, display_on_command) without waiting for it
// and without leaving a zombie: a grandchild runs it.
static void run_command(const char *what, const char *cmd)
{
    if (!cmd || !cmd[0])
        return;
    BT_INFO("app", "%s: %s", what, cmd);
    pid_t pid = fork();
    if (pid == 0) {
        if (fork() == 0) {
            setsid();
            signal(SIGPIPE, SIG_DFL);   // the player ignores it; the command must not
            execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
            _exit(127);
        }
        _exit(0);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
}

// An item stopped showing: one record of proof of play, in the playlist's words.
static void on_shown(void *ctx, const struct bt_zone *zone, const struct bt_item *item, int index,
                     int64_t start_us, int64_t end_us, int cut_short)
{
    struct app *a = ctx;
    if (!a->plays || !a->playlist)
        return;
    const char *ov = NULL;
    for (size_t i = 0; a->ov_zones && a->shown && i < a->playlist->nzones; i++)
        if (zone == &a->ov_zones[i] && a->shown[i])
            ov = a->shown[i]->id;   // an override's item, in the zone it took
    char src[1100];
    struct bt_play p = {.zone = zone->id,
                        .override = ov,
                        .item = index,
                        .id = item->id,
                        .src = item->source.src ? bt_url_redact(item->source.src, src, sizeof(src))
                                                : NULL,
                        .sha256 = item->source.has_sha256 ? item->source.sha256 : NULL,
                        .revision = a->playlist->revision,
                        .start_us = start_us,
                        .end_us = end_us,
                        .cut_short = cut_short};
    bt_plays_add(a->plays, &p);
}

static void destroy_zones(struct app *a)
{
    for (size_t i = 0; a->zones && a->playlist && i < a->playlist->nzones; i++) {
        bt_zone_player_destroy(a->zones[i]);
        bt_zone_player_destroy(a->ov_players[i]);
    }
    free(a->zones);
    free(a->ov_players);
    free(a->ov_zones);
    free(a->shown);
    a->zones = NULL;
    a->ov_players = NULL;
    a->ov_zones = NULL;
    a->shown = NULL;
}

// The config's operating hours and brightness, for a playlist that sets none (where both set
// them, the playlist wins: its staff know the hall).
static void config_defaults(struct bt_playlist *p, const struct bt_config *c)
{
    if (!p->operating_hours && c->oh_set) {
        struct bt_schedule *s = calloc(1, sizeof(*s));
        struct bt_window *w = calloc((size_t)c->oh_n, sizeof(*w));
        if (!s || !w) {
            free(s);
            free(w);
            return;
        }
        for (int i = 0; i < c->oh_n; i++)
            w[i] = (struct bt_window){c->oh_start[i], c->oh_end[i]};
        s->days = c->oh_days;
        s->hours = w;
        s->nhours = (size_t)c->oh_n;
        p->operating_hours = s;
        BT_INFO("app", "%s", _("operating hours from the config (the playlist sets none)"));
    }
    if (!p->nbrightness && c->br_n) {
        p->brightness = calloc((size_t)c->br_n, sizeof(*p->brightness));
        for (int i = 0; p->brightness && i < c->br_n; i++) {
            p->brightness[i].hours = calloc(1, sizeof(struct bt_window));
            if (!p->brightness[i].hours)
                break;
            *p->brightness[i].hours = (struct bt_window){c->br_start[i], c->br_end[i]};
            p->brightness[i].nhours = 1;
            p->brightness[i].percent = c->br_percent[i];
            p->nbrightness = (size_t)i + 1;
        }
        BT_INFO("app", "%s", _("brightness from the config (the playlist sets none)"));
    }
}

// What the schedule says at `now`: operating hours, brightness, overrides, zone schedules.
static void eval_moment(struct app *a, const struct bt_now *now)
{
    const struct bt_playlist *p = a->playlist;
    size_t n = p->nzones + 1;
    if (a->moment.override && a->moment_us == now->mono_us)
        return;   // asked already this refresh (changed, then draw)
    a->moment_us = now->mono_us;
    if (!a->moment.override) {
        // A playlist's first moment.
        config_defaults(a->playlist, a->opts->config);
        a->moment.override = calloc(n, sizeof(*a->moment.override));
        a->moment.zone_on = calloc(n, 1);
        if (!a->moment.override || !a->moment.zone_on) {
            a->moment.on = 1;
            a->moment.brightness = 100;
            return;
        }
    }
    bt_schedule_eval(p, now->local, bt_control_raised(a->control), now->clock_trusted, &a->moment);
}

static void free_moment(struct app *a)
{
    free(a->moment.override);
    free(a->moment.zone_on);
    memset(&a->moment, 0, sizeof(a->moment));
}

static void make_zones(struct app *a)
{
    const struct bt_playlist *p = a->playlist;
    a->zones = calloc(p->nzones + 1, sizeof(*a->zones));
    a->ov_players = calloc(p->nzones + 1, sizeof(*a->ov_players));
    a->ov_zones = calloc(p->nzones + 1, sizeof(*a->ov_zones));
    a->shown = calloc(p->nzones + 1, sizeof(*a->shown));
    if (!a->zones || !a->ov_players || !a->ov_zones || !a->shown) {
        destroy_zones(a);
        return;
    }
    for (size_t i = 0; i < p->nzones; i++) {
        const struct bt_zone *z = &p->zones[i];
        SDL_Rect rect = bt_render_to_target(a->render, z->x, z->y, z->w, z->h);
        a->zones[i] = bt_zone_player_create(z, &a->env, rect);
    }
    a->hold_since_us = bt_time_mono_us();
}

// Whether the frame drawn may be presented, or should wait for the zones' first pictures: never
// more than HOLD_US, and the loop goes on turning meanwhile.
static int hold(struct app *a)
{
    if (!a->hold_since_us || a->drew_card || !a->zones)
        return 0;
    int ready = 1;
    for (size_t i = 0; i < a->playlist->nzones; i++) {
        struct bt_zone_player *zp = a->shown[i] ? a->ov_players[i] : a->zones[i];
        ready &= !zp || bt_zone_player_ready(zp);
    }
    int64_t waited = bt_time_mono_us() - a->hold_since_us;
    if (ready || waited >= HOLD_US) {
        if (!ready)
            BT_INFO("app", _("presenting before every picture is decoded (%.1f s)"),
                    (double)waited / 1e6);
        a->hold_since_us = 0;
        return 0;
    }
    return 1;
}

// An override takes zone i, leaves it, or gives way to another.
static void switch_override(struct app *a, size_t i, const struct bt_override *ov,
                            const struct bt_now *now)
{
    const struct bt_zone *z = &a->playlist->zones[i];
    const struct bt_override *was = a->shown[i];
    bt_zone_player_destroy(a->ov_players[i]);
    a->ov_players[i] = NULL;
    if (ov) {
        if (!was && a->zones[i])
            bt_zone_player_suspend(a->zones[i], now);
        // The override's items, played in the zone's place and fitted to it.
        a->ov_zones[i] = (struct bt_zone){.id = z->id,
                                          .x = z->x,
                                          .y = z->y,
                                          .w = z->w,
                                          .h = z->h,
                                          .has_background = z->has_background,
                                          .background = z->background,
                                          .items = ov->items,
                                          .nitems = ov->nitems};
        SDL_Rect rect = bt_render_to_target(a->render, z->x, z->y, z->w, z->h);
        a->ov_players[i] = bt_zone_player_create(&a->ov_zones[i], &a->env, rect);
        BT_INFO("app", _("override \"%s\" takes zone %s"), ov->id, z->id);
    } else {
        // The zone's own items resume as it is drawn (or it stays black while the screen is
        // woken outside operating hours).
        BT_INFO("app", _("override \"%s\" is over; zone %s plays its own items again"), was->id,
                z->id);
    }
    a->shown[i] = ov;
}

static void draw_zones(struct app *a, const struct bt_now *now)
{
    const struct bt_playlist *p = a->playlist;
    const struct bt_config *c = a->opts->config;
    if (a->moment.on && a->drawn_on && a->moment.woken != a->drawn_woken)
        BT_INFO("app", "%s",
                a->moment.woken ? "operating hours end; an override keeps its zones lit"
                                : "operating hours begin: the screen plays");
    a->drawn_on = a->moment.on;
    a->drawn_woken = a->moment.woken;
    a->drawn_brightness = a->moment.brightness;
    if (!a->moment.on) {
        // Outside operating hours: black (many sending cards freeze on the last frame when the
        // signal stops), nothing decoding; a frame is still presented now and then.
        if (!a->dark) {
            BT_INFO("app", "%s", _("outside operating hours: the screen is dark"));
            destroy_zones(a);
            run_command("display off", c->display_off_command);
            bt_updater_note_display(a->updater, 0);
            a->dark = 1;
        }
        return;
    }
    if (a->dark) {
        if (a->moment.woken)
            BT_INFO("app", "%s", _("an override lights the screen outside operating hours"));
        else
            BT_INFO("app", "%s", _("operating hours begin: the screen plays"));
        run_command("display on", c->display_on_command);
        bt_updater_note_display(a->updater, 1);
        a->dark = 0;
    }
    if (!a->zones) {
        make_zones(a);
        if (!a->zones)
            return;
    }
    for (size_t i = 0; i < p->nzones; i++) {
        if (a->moment.override[i] != a->shown[i])
            switch_override(a, i, a->moment.override[i], now);
        if (a->shown[i]) {
            if (a->ov_players[i])
                bt_zone_player_draw(a->ov_players[i], now);
        } else if (a->zones[i] && a->moment.woken) {
            // Woken outside operating hours by an override elsewhere: black, nothing decoding.
            bt_zone_player_suspend(a->zones[i], now);
        } else if (a->zones[i]) {
            bt_zone_player_resume(a->zones[i], now);   // after an override or a woken night
            bt_zone_player_draw(a->zones[i], now);
        }
    }
    if (a->moment.brightness < 100)
        bt_render_dim(a->render, a->moment.brightness);
}

static void draw_card(struct app *a, const struct bt_now *now)
{
    if (!a->ips[0] || now->mono_us - a->ips_at_us >= IP_REFRESH_US) {
        bt_net_addresses(a->ips, sizeof(a->ips));   // DHCP may answer after start
        a->ips_at_us = now->mono_us;
    }
    int cw, ch;
    bt_render_output_canvas_size(a->render, &cw, &ch);
    if (bt_render_begin(a->render, cw, ch, BT_CARD_BACKGROUND) != 0)
        return;
    int config_only = a->playlist != NULL;
    if (!a->playlist && a->updater)
        bt_updater_status(a->updater, a->error, sizeof(a->error));
    struct bt_card_info info = {
        .screen_id = a->opts->config->screen_id,
        .source = a->source,
        .ips = a->ips,
        .error = config_only ? a->config_error : a->error,
        .hint = config_only ? _("Check it with: bangtin check-config") : a->hint,
    };
    if (a->card)
        bt_card_draw(a->card, a->render, cw, ch, &info);
}

// Whether the status card is what shows at `now`.
static int card_now(const struct app *a, const struct bt_now *now)
{
    return !a->playlist ||
           (a->config_error[0] && now->mono_us < (int64_t)BT_CONFIG_ERROR_CARD_SECONDS * 1000000);
}

static void draw(struct app *a, const struct bt_now *now)
{
    a->drew_card = card_now(a, now);
    if (a->drew_card) {
        draw_card(a, now);
    } else {
        const struct bt_playlist *p = a->playlist;
        eval_moment(a, now);
        struct bt_color black = {0, 0, 0, 255};
        // Woken outside operating hours, only the override's zones show, on black.
        int lit = a->moment.on && !a->moment.woken;
        if (bt_render_begin(a->render, p->width, p->height, lit ? p->background : black) == 0)
            draw_zones(a, now);
    }
    bt_render_end(a->render);
}

// The display's refresh rate: as it reports it, else measured over vsync'd presents.
// *paced: whether presents wait for the display (else the loop must pace itself).
static double refresh_rate(struct bt_render *r, int *paced)
{
    *paced = 1;
    int reported = bt_render_reported_hz(r);
    if (reported > 0)
        return reported;
    enum {
        N = 24
    };
    int64_t t[N];
    for (int i = 0; i < N; i++) {
        SDL_SetRenderDrawColor(bt_render_sdl(r), 0, 0, 0, 255);
        SDL_RenderClear(bt_render_sdl(r));
        bt_render_present(r);
        t[i] = bt_time_mono_us();
    }
    // The median interval, in case a present was delayed.
    int64_t d[N - 1];
    for (int i = 0; i < N - 1; i++)
        d[i] = t[i + 1] - t[i];
    for (int i = 1; i < N - 1; i++)
        for (int k = i; k > 0 && d[k - 1] > d[k]; k--) {
            int64_t x = d[k];
            d[k] = d[k - 1];
            d[k - 1] = x;
        }
    double hz = d[(N - 1) / 2] > 0 ? 1e6 / (double)d[(N - 1) / 2] : 0;
    if (hz < 20 || hz > 250) {
        BT_INFO("render",
                _("the display reports no refresh rate and presents are not paced "
                  "(measured %.0f Hz); assuming 60 Hz"),
                hz);
        *paced = 0;
        return 60;
    }
    BT_INFO("render", _("the display reports no refresh rate; measured %.2f Hz"), hz);
    return hz;
}

// Whether this refresh would look different from the last one presented.
static int changed(struct app *a, const struct bt_now *now)
{
    // The card is still (its addresses are looked at again with the once-a-second redraw).
    if (card_now(a, now))
        return !a->drew_card;
    if (a->drew_card)
        return 1;   // from the card to the playlist
    eval_moment(a, now);
    if (a->moment.on != a->drawn_on || a->moment.woken != a->drawn_woken ||
        (a->moment.on && a->moment.brightness != a->drawn_brightness))
        return 1;
    if (!a->moment.on)
        return 0;   // dark, and still
    if (!a->zones)
        return 1;   // its first frame
    int any = 0;
    for (size_t i = 0; i < a->playlist->nzones; i++) {
        if (a->moment.override[i] != a->shown[i])
            return 1;
        struct bt_zone_player *zp = a->shown[i] ? a->ov_players[i] : a->zones[i];
        any |= zp && bt_zone_player_changed(zp, now);
    }
    return any;
}

static const struct bt_config *c_of(const struct bt_app_opts *o)
{
    return o->config;
}

// The download window's span that is open now or opens next, as moments, for the fetch thread
// (which reads no local time): again once that span is over (force: at once, the zone changed).
static void give_window(struct app *a, int force)
{
    const struct bt_config *c = a->opts->config;
    int64_t now = bt_time_wall_us() / 1000000;
    if (c->window_start < 0 || (!force && now < a->window_until))
        return;
    struct bt_window w = {c->window_start, c->window_end};
    bt_local_window_next(&w, now, &a->window_from, &a->window_until);
    if (a->updater)
        bt_updater_set_window(a->updater, a->window_from, a->window_until);
}

// Makes the playlist's time zone the process's (the default one before there is a playlist):
// schedules, operating hours, brightness, clocks and the config's windows are all in it. Main
// thread; no other thread reads local time (time/zone.h). Returns 1 when the zone changed.
static int apply_zone(struct app *a)
{
    const char *name = a->playlist ? a->playlist->timezone : BT_DEFAULT_TIMEZONE;
    if (strcmp(name, a->zone) == 0)
        return 0;
    if (bt_timezone_set(name) != 0)
        BT_WARN("app",
                _("time zone %s is not installed (package tzdata); clocks show the system's"),
                name);
    else if (a->zone[0])
        BT_INFO("app", _("the time zone is now %s"), name);
    snprintf(a->zone, sizeof(a->zone), "%s", name);
    give_window(a, 1);
    return 1;
}

static void want_feeds(struct app *a);

// Plays revision p (taking it) in place of the playing one, whole, in its time zone. Returns 1
// when that zone differs from the one before.
static int use_revision(struct app *a, struct bt_playlist *p)
{
    destroy_zones(a);
    free_moment(a);
    bt_pictures_forget(a->pictures);   // the files may differ under the same names
    bt_playlist_destroy(a->playlist);
    a->playlist = p;
    a->shot_soon = 1;
    a->error[0] = a->hint[0] = '\0';
    BT_INFO("playlist", _("now playing revision \"%s\" (%zu zones)"), p->revision, p->nzones);
    want_feeds(a);
    char rev[300];   // one line, whatever the document holds
    sd_notifyf(0, "STATUS=playing revision %s", bt_utf8_quote(p->revision, 80, rev, sizeof(rev)));
    return apply_zone(a);
}

// What a ticker of `it` asks of its feed.
static struct bt_feed_spec feed_spec(const struct bt_item *it)
{
    return (struct bt_feed_spec){it->feed, it->feed_items, it->feed_days, it->separator};
}

static void add_feeds(const struct bt_item *items, size_t n, struct bt_feed_spec *specs, size_t *ns)
{
    for (size_t i = 0; i < n && *ns < BT_FEEDS_MAX; i++)
        if (items[i].type == BT_ITEM_TICKER && items[i].feed)
            specs[(*ns)++] = feed_spec(&items[i]);
}

// The feeds the playlist's tickers read, given to the feeds' thread (which reads their cached
// lines first). A headless preview waits for their first polls, as for the playlist's.
static void want_feeds(struct app *a)
{
    struct bt_feed_spec specs[BT_FEEDS_MAX] = {{0}};
    size_t n = 0;
    const struct bt_playlist *p = a->playlist;
    for (size_t z = 0; p && z < p->nzones; z++) {
        add_feeds(p->zones[z].items, p->zones[z].nitems, specs, &n);
        if (p->zones[z].fallback)
            add_feeds(p->zones[z].fallback, 1, specs, &n);
    }
    for (size_t o = 0; p && o < p->noverrides; o++)
        add_feeds(p->overrides[o].items, p->overrides[o].nitems, specs, &n);
    bt_feeds_want(a->feeds, specs, n);
    if (n && a->opts->headless)
        bt_feeds_wait(a->feeds, 30);
}

static char *on_feed_line(void *ctx, const struct bt_item *item, unsigned *serial)
{
    struct app *a = ctx;
    struct bt_feed_spec spec = feed_spec(item);
    unsigned s = 0;
    char *line = bt_feeds_line(a->feeds, &spec, &s);
    if (!line || s == *serial) {
        free(line);
        return NULL;
    }
    *serial = s;
    return line;
}

// A newer complete revision from the fetch thread, if one came. Returns 1 when it changed the
// time zone.
static int take_revision(struct app *a)
{
    struct bt_playlist *p = a->updater ? bt_updater_take(a->updater) : NULL;
    return p ? use_revision(a, p) : 0;
}

static int snapshot_due(const struct bt_app_opts *o, size_t *next, uint64_t frame)
{
    while (*next < o->nsnapshots && o->snapshots[*next] < frame)
        (*next)++;
    return *next < o->nsnapshots && o->snapshots[*next] == frame;
}

static void write_snapshot(struct app *a, uint64_t frame)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/frame-%06llu.png", a->opts->out_dir,
             (unsigned long long)frame);
    if (bt_render_snapshot(a->render, path) == 0) {
        printf("%s\n", path);
        fflush(stdout);
    }
}

static void set_config_error(struct app *a)
{
    const struct bt_config_errors *errs = a->opts->config_errors;
    if (!errs || errs->count == 0)
        return;
    char first[700];
    bt_config_error_format(&errs->items[0], first, sizeof(first));
    int more = errs->count - 1 + errs->dropped;
    if (more > 0)
        snprintf(a->config_error, sizeof(a->config_error), _("%s (and %d more)"), first, more);
    else
        snprintf(a->config_error, sizeof(a->config_error), "%s", first);
    if (!a->error[0])
        snprintf(a->error, sizeof(a->error), "%s", a->config_error);
}

// Mesa keeps the shaders it compiled (llvmpipe's, a Pi's v3d) so the next start is faster: in a
// folder of its own in the cache directory, capped, so that it neither hides in the service's
// home nor grows past what the screen's cache may take. Before any thread runs (setenv).
static void shader_cache(const char *cache_dir)
{
    char dir[4200];
    snprintf(dir, sizeof(dir), "%s/mesa-shaders", cache_dir);
    if (getenv("MESA_SHADER_CACHE_DIR") || bt_file_mkdir_p(dir) != 0)
        return;   // the installer chose, or a preview cannot write there: Mesa's default
    setenv("MESA_SHADER_CACHE_DIR", dir, 1);
    setenv("MESA_SHADER_CACHE_MAX_SIZE", BT_SHADER_CACHE_MAX, 0);
}

int bt_app_run(const struct bt_app_opts *o)
{
    struct app a = {.opts = o};
    // A client that leaves before its answer (the control socket), or a server that closes a
    // connection, is not a reason to stop playing: write errors are handled where they occur.
    signal(SIGPIPE, SIG_IGN);
    shader_cache(o->config->cache_dir);
    a.source = o->playlist ? o->playlist : o->config->playlist_url;
    a.trust = bt_trust_load((const char(*)[1024])o->config->trusted_keys, o->config->ntrusted_keys);
    load_playlist(&a);
    // Everything local is in the playlist's time zone, whatever the system's. No thread runs
    // yet (the first change of TZ must come before any).
    apply_zone(&a);
    set_config_error(&a);

    if (o->config->plays_keep_days > 0) {
        char dir[1100];
        snprintf(dir, sizeof(dir), "%s/plays", o->config->cache_dir);
        a.plays = bt_plays_open(dir, o->config->plays_keep_days,
                                bt_url_is_http(a.source) && o->config->report_url[0]);
    }
    const struct bt_config *fc = o->config;
    struct bt_feeds_opts fo = {
        .cache_dir = fc->cache_dir,
        .interval = fc->feed_interval,
        .http = {.screen_id = fc->screen_id,
                 .ca_file = fc->ca_file,
                 .netrc_file = fc->netrc_file,
                 .ssl_cert = fc->ssl_cert,
                 .ssl_key = fc->ssl_key,
                 .proxy = fc->proxy,
                 .stall_timeout = fc->stall_timeout},
    };
    a.feeds = bt_feeds_start(&fo);
    want_feeds(&a);
    if (bt_url_is_http(a.source)) {
        char err[400];
        const struct bt_config *cf = c_of(o);
        char status_path[1100];
        struct stat st;
        int have_runtime = stat(cf->runtime_dir, &st) == 0 && S_ISDIR(st.st_mode);
        snprintf(status_path, sizeof(status_path), "%s/status.json", cf->runtime_dir);
        struct bt_updater_opts uo = {
            .url = a.source,
            .cache_dir = cf->cache_dir,
            .screen_id = cf->screen_id,
            .poll_interval = cf->poll_interval,
            .cache_max_bytes = cf->cache_max_bytes,
            .ca_file = cf->ca_file,
            .netrc_file = cf->netrc_file,
            .ssl_cert = cf->ssl_cert,
            .ssl_key = cf->ssl_key,
            .proxy = cf->proxy,
            .max_rate = (long)cf->max_download_rate,
            .window_start = cf->window_start,
            .window_end = cf->window_end,
            .window_from = a.window_from,
            .window_until = a.window_until,
            .status_path = have_runtime ? status_path : NULL,
            .stall_timeout = cf->stall_timeout,
            .cache_min_free = cf->cache_min_free,
            .clock_sync = cf->clock_sync,
            .trust = a.trust,
            .report_url = cf->report_url,
            .alerts_url = cf->alerts_url,
            .alerts_interval = cf->alerts_interval,
            .plays = a.plays,
            .plays_upload_interval = cf->plays_upload_interval,
        };
        a.updater = bt_updater_start(&uo, err, sizeof(err));
        if (!a.updater) {
            snprintf(a.error, sizeof(a.error), "%s", err);
            BT_ERR("fetch", "%s", err);
        } else if (o->headless) {
            // A headless preview of a server's playlist shows what the first poll brings,
            // not the wait for it.
            bt_updater_wait_first(a.updater, 120);
            take_revision(&a);
        }
    }
    if (o->nsnapshots && bt_file_mkdir_p(o->out_dir) != 0) {
        BT_ERR("app", _("cannot make the snapshot folder %s: %s"), o->out_dir, strerror(errno));
        bt_updater_stop(a.updater);
        bt_feeds_stop(a.feeds);
        bt_plays_close(a.plays);
        bt_playlist_destroy(a.playlist);
        return 1;
    }
    const struct bt_config *c = o->config;
    struct bt_render_opts ro = {
        .headless = o->headless,
        .window_w = o->window_w,
        .window_h = o->window_h,
        .renderer = c->renderer,
        .output_set = c->output_set,
        .output = c->output,
        .rotate = c->rotate,
        .integer_scale = c->integer_scale,
        .scale_filter = c->scale_filter,
        .display = c->display,
        .mode_w = c->mode_w,
        .mode_h = c->mode_h,
        .mode_hz = c->mode_hz,
    };
    a.render = bt_render_create(&ro);
    // A display (or an LED sending card) switched on after the board: keep trying, alive and
    // not yet ready, rather than die into a restart loop. Windows and previews do not wait.
    for (int tries = 1; !a.render && !o->headless && !o->window_w && o->display_retry_s > 0;
         tries++) {
        if (tries == 1)
            BT_WARN("app", _("no display yet; trying again every %d s"), o->display_retry_s);
        sleep((unsigned)o->display_retry_s);
        // Downloads go on meanwhile, in the revisions' time zones.
        take_revision(&a);
        give_window(&a, 0);
        a.render = bt_render_create(&ro);
        if (a.render)
            BT_INFO("app", _("a display is there after %d tries"), tries + 1);
    }
    if (!a.render) {
        bt_updater_stop(a.updater);
        bt_feeds_stop(a.feeds);
        bt_plays_close(a.plays);
        bt_playlist_destroy(a.playlist);
        return 1;
    }
    a.fonts = bt_fonts_create();
    a.card = a.fonts ? bt_card_create(a.fonts) : NULL;

    int64_t at_us = 0;
    if (o->at && bt_time_parse(o->at, &at_us, NULL, 0) != 0)
        at_us = 0;   // main has checked it
    struct bt_clock clock;
    if (o->headless)
        bt_clock_init_sim(&clock, at_us, o->fps);
    else
        bt_clock_init_real(&clock, at_us, c->clock_sync);
    if (c->trust_system_clock)
        clock.trusted = 1;
    if (!clock.trusted)
        BT_WARN("app", "%s",
                "the system's clock is not synchronised yet (no NTP): items with "
                "dates wait until it is, or until the playlist's server gives the "
                "time");
    int paced = 1;
    if (!o->headless)
        clock.refresh_hz = refresh_rate(a.render, &paced);
    int max_w = bt_render_max_texture_width(a.render);
    if (c->ticker_strip_width && (max_w == 0 || c->ticker_strip_width < max_w))
        max_w = c->ticker_strip_width;
    a.audio = bt_audio_create(c->audio_device, o->headless);
    a.pictures = bt_pictures_create(a.render, BT_PICTURES_BUDGET);
    a.env =
        (struct bt_item_env){a.render, a.fonts,    clock.refresh_hz, max_w, o->headless,  c->hwdec,
                             a.audio,  a.pictures, on_shown,         &a,    on_feed_line, &a};
    SDL_RendererInfo info;
    SDL_GetRendererInfo(bt_render_sdl(a.render), &info);
    // Without vsync (or with presents that do not wait) a screen still must not spin: cap
    // it. --fps caps it anyway, and then a refresh is 1/fps.
    int vsync = (info.flags & SDL_RENDERER_PRESENTVSYNC) && paced;
    double cap = o->fps > 0 ? o->fps : vsync ? 0 : 60;
    if (cap > 0 && !o->headless)
        clock.refresh_hz = a.env.refresh_hz = cap;
    size_t next_snap = 0;
    int64_t last_present = 0;
    // The render loop's turns, to say at the end how long the longest took (a stall shows).
    int64_t turn_at = 0, longest_turn = 0;
    uint64_t npresented = 0;

    a.control = bt_control_open(c->runtime_dir, c->cache_dir);
    unsigned alerts_serial = 0;
    // Pictures for the reports: the first once the screen has settled, then every interval.
    const int64_t shot_every = (int64_t)c->screenshot_interval * 1000000;
    const int64_t shot_settle = 5000000;
    a.shot_at_us = shot_every > 0 ? shot_settle : 0;
    // Refreshes missed between frames presented one after the other (a still picture is not).
    long long dropped = 0;
    int64_t plays_day = INT64_MIN;
    uint64_t prev_refresh = 0;
    int prev_valid = 0;
    uint64_t watchdog_us = 0;
    if (sd_watchdog_enabled(0, &watchdog_us) > 0)
        a.watchdog_every_us = (int64_t)watchdog_us / 2;   // twice within systemd's limit
    while (o->frames < 0 || clock.frame < (uint64_t)o->frames) {
        int64_t turn = bt_time_mono_us();
        if (turn_at && turn - turn_at > longest_turn)
            longest_turn = turn - turn_at;
        turn_at = turn;
        if (bt_render_poll_quit(a.render)) {
            BT_INFO("app", "%s", _("asked to stop"));
            break;
        }
        if (take_revision(&a) && o->at) {
            // --at names a local time: in another zone it is another moment.
            int64_t at2;
            if (bt_time_parse(o->at, &at2, NULL, 0) == 0) {
                clock.start_wall_us += at2 - at_us;
                at_us = at2;
            }
        }
        give_window(&a, 0);
        int64_t offset;
        if (!clock.trusted && a.updater && bt_updater_clock(a.updater, &offset)) {
            // The server's Date header vouches for the time; a small difference is the
            // header's one-second resolution and the trip, not a wrong clock.
            bt_clock_confirm(&clock, llabs(offset) < 2000000 ? 0 : offset);
            BT_INFO("app",
                    _("the clock is confirmed by the server's Date header (%+.0f s); "
                      "dated items may play"),
                    (double)clock.offset_us / 1e6);
        }
        struct bt_now now = bt_clock_now(&clock);
        bt_control_poll(a.control, a.playlist, now.local, now.clock_trusted);
        if (a.plays && bt_local_day(now.local) != plays_day) {
            // The day whose plays are still growing, for the fetch side (which reads no local
            // time): a screen dark all night still sends yesterday's whole file.
            plays_day = bt_local_day(now.local);
            struct tm tm;
            bt_localtime(now.wall_us, &tm);
            char date[40];
            snprintf(date, sizeof(date), "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000,
                     tm.tm_mon + 1, tm.tm_mday);
            bt_plays_set_today(a.plays, date);
        }
        {
            // Overrides raised from afar (alerts_url), when the poll thread took a new document.
            char *ids[BT_ALERTS_MAX];
            size_t n = 0;
            if (a.control && bt_updater_alerts(a.updater, &alerts_serial, ids, &n)) {
                bt_control_set_remote(a.control, (const char *const *)ids, n);
                for (size_t i = 0; i < n; i++)
                    free(ids[i]);
            }
        }
        if (o->headless) {
            // The simulated display pulls one refresh's worth of sound.
            long long k = (long long)now.frame;
            int frames = (int)(llround((double)(k + 1) * BT_AUDIO_RATE / clock.fps) -
                               llround((double)k * BT_AUDIO_RATE / clock.fps));
            bt_audio_pull_refresh(a.audio, frames);
        }
        int snap = snapshot_due(o, &next_snap, now.frame);
        // A still picture is not drawn again: it is presented once a second (so a watchdog
        // sees the loop alive) and otherwise the loop waits a refresh (no wait headless).
        if (!snap && !a.hold_since_us && !changed(&a, &now) &&
            bt_time_mono_us() - last_present < 1000000) {
            if (!o->headless)
                SDL_Delay((Uint32)(1000.0 / clock.refresh_hz));
            bt_clock_advance(&clock);
            prev_valid = 0;
            continue;
        }
        draw(&a, &now);
        if (!o->headless && hold(&a)) {
            SDL_Delay(4);   // the frame on the screen stays; this one is drawn again
            prev_valid = 0;
            continue;
        }
        if (snap)
            write_snapshot(&a, now.frame);
        if (a.shot_soon && shot_every > 0 && now.mono_us + shot_settle < a.shot_at_us)
            a.shot_at_us = now.mono_us + shot_settle;   // the new revision, once it settled
        a.shot_soon = 0;
        if (a.shot_at_us && now.mono_us >= a.shot_at_us) {
            // The frame just drawn, read back once (bench/screenshot.sh measures it); scaled
            // and encoded on the poll thread.
            if (bt_updater_reports(a.updater)) {
                int w, h;
                unsigned char *rgb = bt_render_read_output(a.render, &w, &h);
                if (rgb)
                    bt_updater_give_shot(a.updater, rgb, w, h);
            }
            a.shot_at_us = now.mono_us + shot_every;
        }
        if (!o->headless && cap > 0) {
            // No vsync: presents keep a grid of refreshes from the clock's start (a period from
            // the last present would stretch by each present's own time, and a clip in step
            // with the rate would lose a frame every few hundred).
            int64_t due =
                clock.start_mono_us + llround((double)(now.refresh + 1) * 1e6 / clock.refresh_hz);
            int64_t wait = due - bt_time_mono_us();
            if (wait > 0)
                usleep((useconds_t)wait);
        }
        bt_render_present(a.render);
        last_present = bt_time_mono_us();
        if (!o->headless && cap <= 0)
            bt_clock_presented(&clock);   // refreshes counted from the display's own phase
        if (!o->headless) {
            if (prev_valid && now.refresh > prev_refresh + 1) {
                dropped += (long long)(now.refresh - prev_refresh - 1);
                bt_updater_note_frames(a.updater, dropped);
            }
            prev_refresh = now.refresh;
            prev_valid = 1;
        }
        presented(&a);
        npresented++;
        if (now.frame == 0)
            BT_INFO("app", _("first frame presented %.1f ms after start"),
                    (double)(last_present - o->start_mono_us) / 1000.0);
        bt_clock_advance(&clock);
    }

    BT_INFO("app", _("%llu frames presented; the longest turn of the render loop took %.1f ms"),
            (unsigned long long)npresented, (double)longest_turn / 1000.0);
    bt_updater_stop(a.updater);
    bt_trust_free(a.trust);
    destroy_zones(&a);   // the plays showing end here, cut short
    bt_feeds_stop(a.feeds);
    bt_plays_close(a.plays);
    free_moment(&a);
    bt_control_close(a.control);
    bt_audio_destroy(a.audio);
    bt_pictures_destroy(a.pictures);
    bt_card_destroy(a.card);
    bt_fonts_destroy(a.fonts);
    bt_render_destroy(a.render);
    bt_playlist_destroy(a.playlist);
    return 0;
}
