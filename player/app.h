// The player: opens the display, loads the playlist, and runs the render loop until it is told
// to stop (a signal, Esc in a window, or --frames). Main thread only.
#ifndef BT_APP_H
#define BT_APP_H

#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

// How long a config error keeps the status card up before the playlist plays (seconds of the
// player's clock), so whoever just restarted the screen sees it; the log keeps it after that.
#define BT_CONFIG_ERROR_CARD_SECONDS 30

#define BT_SNAPSHOTS_MAX 256

struct bt_app_opts {
    const struct bt_config *config;
    const struct bt_config_errors *config_errors;   // shown on the status card
    const char *playlist;   // PLAYLIST from the command line; NULL: the config's playlist_url
    int headless;
    int window_w, window_h;   // 0: fullscreen
    const char *at;           // start time as written (--at), read in the playlist's time
                              // zone; NULL: now
    double fps;               // headless refresh rate; on a screen, a cap (0: vsync only)
    long long frames;         // frames to run; < 0: until told to stop
    uint64_t snapshots[BT_SNAPSHOTS_MAX];   // frame numbers to write as PNG, ascending
    size_t nsnapshots;
    const char *out_dir;     // where snapshots go
    int64_t start_mono_us;   // when the process started, for the time to first frame
    int display_retry_s;     // fullscreen: seconds between tries to open a display; 0: none
};

// Runs the player. Returns the process exit status: 0, or 1 when the display cannot be used.
int bt_app_run(const struct bt_app_opts *opts);

#endif
