// The configuration: /etc/bangtin/bangtin.conf (INI, read with inih) plus `--set KEY=VALUE`
// overrides, turned into one struct that is const once the player starts.
//
// A bad line never stops a screen: the key keeps its default, and the error is kept (file, line,
// key, message) for the log, the status card and `bangtin check-config`.
// Main thread only.
#ifndef BT_CONFIG_CONFIG_H
#define BT_CONFIG_CONFIG_H

#include <stddef.h>

#include "config/option.h"

#define BT_CONFIG_DEFAULT_PATH "/etc/bangtin/bangtin.conf"
#define BT_CONFIG_MAX_ERRORS   32

struct bt_rect {
    int x, y, w, h;
};

#define BT_TRUSTED_KEYS_MAX 8

struct bt_config {
    char playlist_url[1024];       // a path or an http(s) URL; "" when not configured
    char screen_id[65];            // [A-Za-z0-9._-]; the host name when not configured
    int language;                  // BT_LANG_*: what the screen and the player's log speak
    int output_set;                // 0: the whole display
    struct bt_rect output;         // the rectangle of the display the canvas is mapped to
    int rotate;                    // 0, 90, 180 or 270 degrees, clockwise
    int integer_scale;             // scale the canvas by whole numbers only
    int scale_filter;              // enum bt_scale_filter (integer_scale: always nearest)
    char renderer[32];             // "auto" or an SDL render driver name
    int mode_w, mode_h, mode_hz;   // display_mode; 0: the display's own
    char display[64];              // "auto", a display's number, or its name
    int log_level;                 // enum bt_log_level
    int ticker_strip_width;        // widest ticker strip in pixels; 0: the renderer's maximum
    int hwdec;                     // enum bt_hwdec
    char audio_device[256];        // SDL's name for the output; "" the default; "none" no sound
    char cache_dir[1024];          // where downloaded revisions are kept
    int poll_interval;             // seconds between polls of playlist_url
    long long cache_max_bytes;     // 0: no budget
    long long cache_min_free;      // bytes the cache's disk keeps free; 0: no floor
    int stall_timeout;             // seconds a transfer may crawl under 1 kB/s before it is dropped
    char ca_file[1024];            // "" the system's certificates
    char netrc_file[1024];         // passwords for servers (netrc), read if it exists
    char ssl_cert[1024], ssl_key[1024];             // a client certificate; "" none
    char trusted_keys[BT_TRUSTED_KEYS_MAX][1024];   // public keys playlists are signed with
    int ntrusted_keys;                              // 0: signatures are not checked
    char alerts_url[1024];                          // raises overrides from afar; "" none
    int alerts_interval;                            // seconds between its polls
    int feed_interval;                              // seconds between polls of each news feed
    char report_url[1024];                          // a WebDAV folder to report to; "" none
    int screenshot_interval;                        // seconds between screen.jpg; 0: none
    int plays_keep_days;                            // days a day file of plays stays; 0: no log
    int plays_upload_interval;                      // seconds between uploads of today's plays
    char proxy[512];                                // "" none
    long long max_download_rate;                    // bytes per second; 0: no limit
    int window_start, window_end;   // the download window in minutes; start < 0: always
    // Operating hours and brightness for playlists that set none (a playlist's own win).
    int oh_set;
    unsigned oh_days;             // bits, Monday first
    int oh_start[8], oh_end[8];   // windows in minutes
    int oh_n;
    int br_start[8], br_end[8], br_percent[8];
    int br_n;
    int trust_system_clock;          // a real-time clock: dated items need no NTP or Date
    char clock_sync[1024];           // how NTP's sync is known: "kernel" or a flag file
    char display_off_command[512];   // run when operating hours end ("" none)
    char display_on_command[512];    // run when they begin
    char runtime_dir[1024];          // the status file lives here (systemd's RuntimeDirectory)
};

enum bt_scale_filter {
    BT_SCALE_LINEAR,
    BT_SCALE_NEAREST
};

enum bt_hwdec {
    BT_HWDEC_AUTO,
    BT_HWDEC_NONE,
    BT_HWDEC_V4L2M2M
};

struct bt_config_error {
    char file[256];   // the config file, or "--set"
    int line;         // line in the file, or the --set's position; 0 when none
    char key[64];     // "" when the error is not about one key
    char message[320];
};

struct bt_config_errors {
    struct bt_config_error items[BT_CONFIG_MAX_ERRORS];
    int count;     // errors kept in items
    int dropped;   // errors beyond the bound, counted only
};

// The i-th key of the option table (NULL past the last): its name, type, default, range and
// help, e.g. for the man page's list. Static; any thread.
const struct bt_option *bt_config_option(size_t i);

// The i-th key's name and default (NULL past the last), e.g. to check a config file lists all.
const char *bt_config_key(size_t i, const char **default_value);

// Fills every key with its default.
void bt_config_defaults(struct bt_config *c);

// Reads an INI file into *c. A missing file is an error unless missing_ok.
// Each bad line adds an error and leaves that key at its default.
// Returns 0 when the file was read (even with errors in it), -1 when it could not be read.
int bt_config_load_file(struct bt_config *c, const char *path, int missing_ok,
                        struct bt_config_errors *errs);

// Applies one "KEY=VALUE" (from --set). `index` is its position among the --set options,
// used as the line number in errors. Returns 0 or -1 (error added, key at its default).
int bt_config_set(struct bt_config *c, const char *assignment, int index,
                  struct bt_config_errors *errs);

// Fills what is derived from the machine: screen_id from the host name when empty.
void bt_config_finish(struct bt_config *c);

// "FILE:LINE: key: message" into buf.
void bt_config_error_format(const struct bt_config_error *e, char *buf, size_t size);

// The key nearest to `name` by edit distance, or NULL when none is close.
const char *bt_config_suggest_key(const char *name);

#endif
