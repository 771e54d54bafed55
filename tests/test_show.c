// What reaches the screen as the schedule turns, from real pixels: a campaign's phase boundary
// in the playlist's time zone (the system's is another), operating hours (black, and no decoder
// thread left), brightness (pixel values scale), an override starting and ending mid-item (the
// screen changes within a frame; the zone resumes with the item that would be playing), an
// override raised by hand through the control socket with no network and kept across a
// restart, and a clock that is not trusted until a server's Date header vouches for it.
#include <dirent.h>
#include <glob.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "net.h"
#include "test.h"
#include "time/clock.h"

#define RED    0xC8102E
#define GREEN  0x1E7B34
#define YELLOW 0xFFD400
#define BLUE   0x0B4F8A

static char dir[700];
static char state[800];   // the cache and the control socket's folder: dir, or a case's own

static const char *campaign =
    "{\"version\": 1, \"revision\": \"campaign\", \"timezone\": \"Asia/Ho_Chi_Minh\",\n"
    " \"canvas\": {\"width\": 320, \"height\": 180},\n"
    " \"zones\": [\n"
    "  {\"id\": \"main\", \"x\": 0, \"y\": 0, \"w\": 320, \"h\": 120, \"items\": [\n"
    "    {\"type\": \"text\", \"text\": \"Giai đoạn 2\", \"background\": \"#C8102E\",\n"
    "     \"duration\": 10, \"schedule\": {\"from\": \"2025-12-10\", \"until\": \"2025-12-31\"}},\n"
    "    {\"type\": \"text\", \"text\": \"Chuyển đổi số\", \"background\": \"#1E7B34\",\n"
    "     \"duration\": 10}]},\n"
    "  {\"id\": \"banner\", \"x\": 0, \"y\": 120, \"w\": 320, \"h\": 60,\n"
    "   \"items\": [{\"type\": \"text\", \"text\": \"Bảng tin\", \"background\": \"#0B4F8A\"}]}],\n"
    " \"overrides\": [\n"
    "  {\"id\": \"hop-to-dan-pho\", \"priority\": 10, \"zones\": [\"main\"],\n"
    "   \"items\": [{\"type\": \"text\", \"text\": \"Họp tổ dân phố\", \"background\": "
    "\"#FFD400\"}]},\n"
    "  {\"id\": \"storm\", \"priority\": 100, \"zones\": [\"main\"],\n"
    "   \"schedule\": {\"from\": \"2025-12-10T10:00:00\", \"until\": \"2025-12-10T10:00:05\"},\n"
    "   \"items\": [{\"type\": \"text\", \"text\": \"Bão\", \"background\": \"#FFD400\"}]}],\n"
    " \"operating_hours\": {\"hours\": \"06:30-21:30\"},\n"
    " \"brightness\": [{\"hours\": \"18:00-06:00\", \"percent\": 40}]}\n";

static int near(uint32_t a, uint32_t b, int tol)
{
    for (int s = 0; s < 24; s += 8) {
        int d = (int)((a >> s) & 0xFF) - (int)((b >> s) & 0xFF);
        if (d < -tol || d > tol)
            return 0;
    }
    return 1;
}

// A colour at `pct` percent of its brightness.
static uint32_t dimmed(uint32_t c, int pct)
{
    return ((c >> 16 & 0xFF) * (uint32_t)pct / 100) << 16 |
           ((c >> 8 & 0xFF) * (uint32_t)pct / 100) << 8 | (c & 0xFF) * (uint32_t)pct / 100;
}

// The pixel at (x, y) of a snapshot.
static uint32_t pixel(const char *tag, int frame, int x, int y)
{
    char png[1000];
    snprintf(png, sizeof(png), "%s/%s/frame-%06d.png", dir, tag, frame);
    struct bt_test_image img;
    uint32_t v = bt_test_image_load(png, &img) == 0 ? bt_test_pixel(&img, x, y) : 0xFFFFFFFF;
    bt_test_image_free(&img);
    return v;
}

// Waits (up to 20 s) for the snapshot of `frame` under `tag`: the player writes each one whole,
// by rename, once that frame is drawn.
static int wait_frame(const char *tag, int frame)
{
    char png[1000];
    snprintf(png, sizeof(png), "%s/%s/frame-%06d.png", dir, tag, frame);
    int ok = bt_test_wait_file(png, NULL, 20);
    CHECK(ok, "no frame %d of %s within 20 s", frame, tag);
    return ok;
}

// A headless preview of `file` at `at` (the playlist's time zone), 10 frames a second.
static int preview_set(const char *file, const char *tag, const char *at, const char *snapshots,
                       const char *more, char **log)
{
    char args[3000];
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/cache %s --headless --renderer software "
             "--window 320x180 --fps 10 --at %s --snapshot %s --out %s/%s %s/%s",
             dir, more, at, snapshots, dir, tag, dir, file);
    return bt_test_run_bangtin(tag, args, NULL, log);
}

static int preview_of(const char *file, const char *tag, const char *at, const char *snapshots,
                      char **log)
{
    return preview_set(file, tag, at, snapshots, "", log);
}

static int preview(const char *tag, const char *at, const char *snapshots, char **log)
{
    return preview_of("campaign.json", tag, at, snapshots, log);
}

static void check_phases(void)
{
    bt_test_case = "phase boundary, in the playlist's time zone";
    char *log = NULL;
    // The campaign without its operating hours (midnight is outside them).
    char *doc = strdup(campaign);
    char *oh = strstr(doc, " \"operating_hours\"");
    memmove(oh, strchr(oh, '\n') + 1, strlen(strchr(oh, '\n') + 1) + 1);
    bt_test_write("phases.json", doc);
    free(doc);
    CHECK(preview_of("phases.json", "phase-a", "2025-12-09T23:59:59", "0", &log) == 0, "%s",
          log ? log : "");
    free(log);
    CHECK(preview_of("phases.json", "phase-b", "2025-12-10T00:00:00", "0", &log) == 0, "%s",
          log ? log : "");
    free(log);
    uint32_t a = pixel("phase-a", 0, 4, 4), b = pixel("phase-b", 0, 4, 4);
    // At night the brightness schedule says 40 %.
    CHECK(near(a, dimmed(GREEN, 40), 3), "at 23:59:59 the zone shows #%06X, not phase 1's green",
          a);
    CHECK(near(b, dimmed(RED, 40), 3), "at 00:00:00 the zone shows #%06X, not phase 2's red", b);
}

static void check_hours_and_brightness(void)
{
    bt_test_case = "operating hours end";
    char *log = NULL;
    CHECK(preview("dark", "2025-12-10T21:29:59", "0,2s", &log) == 0, "%s", log ? log : "");
    CHECK(log && strstr(log, "outside operating hours"), "no word of it:\n%s", log ? log : "");
    free(log);
    CHECK(!near(pixel("dark", 0, 4, 4), 0, 3), "dark before 21:30");
    int black = 1;
    for (int y = 2; y < 180; y += 30)
        for (int x = 2; x < 320; x += 40)
            black &= pixel("dark", 20, x, y) == 0;
    CHECK(black, "after 21:30 the screen is not black: #%06X", pixel("dark", 20, 4, 4));

    bt_test_case = "brightness";
    CHECK(preview("bright", "2025-12-10T17:59:59", "0,2s", &log) == 0, "%s", log ? log : "");
    free(log);
    uint32_t full = pixel("bright", 0, 4, 4), dim = pixel("bright", 20, 4, 4);
    uint32_t banner = pixel("bright", 20, 4, 170);
    uint32_t want = dimmed(RED, 40), want_banner = dimmed(BLUE, 40);
    CHECK(near(full, RED, 3), "at 17:59:59: #%06X", full);
    CHECK(near(dim, want, 3) && near(banner, want_banner, 3),
          "at 18:00 (40 %%): #%06X and #%06X, not #%06X and #%06X", dim, banner, want, want_banner);
}

// The config's operating hours and brightness serve a playlist that sets none; where the
// playlist sets them, it wins.
static void check_config_hours(void)
{
    bt_test_case = "the config's operating hours and brightness";
    const char *more = "--set 'operating_hours=07:00-08:00' --set 'brightness=09:00-11:00 50'";
    char *log = NULL;
    // phases.json sets neither: dark at 10:00 by the config.
    CHECK(preview_set("phases.json", "cfg-a", "2025-12-10T10:00", "0", more, &log) == 0, "%s",
          log ? log : "");
    CHECK(log && strstr(log, "operating hours from the config"), "%s", log ? log : "");
    free(log);
    CHECK(pixel("cfg-a", 0, 4, 4) == 0, "not dark: #%06X", pixel("cfg-a", 0, 4, 4));
    CHECK(preview_set("phases.json", "cfg-b", "2025-12-10T07:30", "0", more, &log) == 0, "%s",
          log ? log : "");
    free(log);
    CHECK(near(pixel("cfg-b", 0, 4, 4), RED, 3), "at 07:30: #%06X", pixel("cfg-b", 0, 4, 4));
    // The campaign sets both (06:30-21:30; 40 % from 18:00): at 10:30 it plays, undimmed.
    CHECK(preview_set("campaign.json", "cfg-c", "2025-12-10T10:30", "0", more, &log) == 0, "%s",
          log ? log : "");
    free(log);
    CHECK(near(pixel("cfg-c", 0, 4, 4), RED, 3), "the config won over the playlist: #%06X",
          pixel("cfg-c", 0, 4, 4));
}

// `bangtin plan`: the spans as text, and the chart, read back from its pixels.
static void check_plan(void)
{
    bt_test_case = "plan";
    char args[2000], *out = NULL, png[900];
    snprintf(png, sizeof(png), "%s/plan.png", dir);
    snprintf(args, sizeof(args),
             "plan %s/campaign.json --from 2025-12-09T12:00 --to "
             "2025-12-11T12:00 --out %s",
             dir, png);
    int rc = bt_test_run_bangtin("plan", args, &out, NULL);
    CHECK(rc == 0 && out &&
              strstr(out, "\nZone main:\n  2025-12-09 12:00 Tue  ->  2025-12-09 21:30 Tue   "
                          "2 text \"Chuyển đổi số\"\n  2025-12-09 21:30 Tue  ->  2025-12-10 "
                          "06:30 Wed   dark (outside operating hours)\n  2025-12-10 06:30 Wed  ->"
                          "  2025-12-10 10:00 Wed   1 text \"Giai đoạn 2\", 2 text \"Chuyển đổi "
                          "số\"\n  2025-12-10 10:00 Wed  ->  2025-12-10 10:00:05 Wed   override "
                          "\"storm\"\n") &&
              strstr(out, "Screen:\n  2025-12-09 12:00 Tue  ->  2025-12-09 18:00 Tue   on, "
                          "brightness 100 %\n  2025-12-09 18:00 Tue  ->  2025-12-09 21:30 Tue   "
                          "on, brightness 40 %\n"),
          "exit %d:\n%s", rc, out ? out : "");
    free(out);
    // Rows 44 pixels from y 70 (screen, main, banner); 230 + 1350 pixels for the 48 hours.
    struct bt_test_image img;
    CHECK(bt_test_image_load(png, &img) == 0, "no chart");
    int x_dark = 230 + 14 * 1350 / 48, x_day = 230 + 30 * 1350 / 48;
    CHECK(bt_test_pixel(&img, x_dark, 136) == 0 && bt_test_pixel_is(&img, x_day, 136, BLUE, 2) &&
              bt_test_pixel_is(&img, x_dark, 92, 0, 2),
          "the chart's main row: #%06X at night, #%06X by day", bt_test_pixel(&img, x_dark, 136),
          bt_test_pixel(&img, x_day, 136));

    // In Vietnamese the words change, not the colours: every span's pixels are the English
    // chart's (colours go by what a span is, not by its words).
    bt_test_case = "plan in Vietnamese";
    char png_vi[900];
    snprintf(png_vi, sizeof(png_vi), "%s/plan-vi.png", dir);
    snprintf(args, sizeof(args),
             "plan %s/campaign.json --from 2025-12-09T12:00 --to 2025-12-11T12:00 --out %s", dir,
             png_vi);
    setenv("LANGUAGE", "vi", 1);
    setenv("LC_ALL", "C.UTF-8", 1);
    rc = bt_test_run_bangtin("plan-vi", args, &out, NULL);
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    CHECK(rc == 0 && out && strstr(out, "tắt (ngoài giờ hoạt động)"), "exit %d:\n%s", rc,
          out ? out : "");
    free(out);
    struct bt_test_image vi;
    CHECK(bt_test_image_load(png_vi, &vi) == 0, "no chart");
    int differ = 0;
    for (int y = 74; vi.rgb && img.rgb && y < 70 + 3 * 44 && y < vi.h && y < img.h; y++)
        for (int x = 232; x < 230 + 1350 && x < vi.w; x++)
            differ += bt_test_pixel(&vi, x, y) != bt_test_pixel(&img, x, y);
    CHECK(vi.rgb && differ == 0, "%d pixels of the spans differ from the English chart's", differ);
    bt_test_image_free(&vi);
    bt_test_image_free(&img);
}

static void check_scheduled_override(void)
{
    bt_test_case = "an override starting and ending mid-item";
    // Item 1 (red, 10 s) from 09:59:53, item 2 (green) from 10:00:03; the storm override holds
    // the zone from 10:00:00 to 10:00:05, when item 2 would be playing: it starts then.
    char *log = NULL;
    CHECK(preview("storm", "2025-12-10T09:59:53", "6.9s,7.1s,11.9s,12.1s", &log) == 0, "%s",
          log ? log : "");
    uint32_t before = pixel("storm", 69, 4, 4), during = pixel("storm", 71, 4, 4);
    uint32_t last = pixel("storm", 119, 4, 4), after = pixel("storm", 121, 4, 4);
    CHECK(near(before, RED, 3), "before: #%06X", before);
    CHECK(near(during, YELLOW, 3), "0.1 s after 10:00:00: #%06X", during);
    CHECK(near(last, YELLOW, 3), "at 10:00:04.9: #%06X", last);
    CHECK(near(after, GREEN, 3), "0.1 s after it ends: #%06X, not item 2 (green)\n%s", after,
          log ? log : "");
    CHECK(near(pixel("storm", 71, 4, 170), BLUE, 3), "the banner was taken too");
    free(log);
}

// Starts the player in the background in a window (SDL's offscreen driver, the real clock),
// with snapshots at `snaps`.
static pid_t start_player_frames(const char *tag, const char *more, int frames, const char *source,
                                 const char *snaps)
{
    char cmd[4000];
    snprintf(cmd, sizeof(cmd),
             "exec %s --config /dev/null --set language=en --set cache_dir=%s/cache --set "
             "runtime_dir=%s/run %s "
             "--renderer software --window 320x180 --fps 10 --frames %d --snapshot %s "
             "--out %s/%s %s >%s/%s.out 2>%s/%s.err",
             BT_BINARY, state, state, more, frames, snaps, dir, tag, source, dir, tag, dir, tag);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

// The same, with snapshots at frame 5 and the last.
static pid_t start_player(const char *tag, const char *more, int frames, const char *source)
{
    char snaps[32];
    snprintf(snaps, sizeof(snaps), "5,%d", frames - 1);
    return start_player_frames(tag, more, frames, source, snaps);
}

static int control(const char *verb, const char *id, char **out)
{
    char args[1500];
    snprintf(args, sizeof(args), "--config /dev/null --set runtime_dir=%s/run %s %s", state, verb,
             id);
    return bt_test_run_bangtin(verb, args, out, NULL);
}

static void check_trigger(void)
{
    bt_test_case = "a trigger with no network";
    char src[900], *out = NULL;
    snprintf(src, sizeof(src), "%s/campaign.json", dir);
    // 10:00 on a day of phase 2: the zone shows red until the meeting notice is raised.
    pid_t pid = start_player("raise", "--at 2025-12-11T10:00", 40, src);
    wait_frame("raise", 5);
    int rc = control("trigger", "hop-to-dan-pho", &out);
    CHECK(rc == 0 && out && strstr(out, "ok: \"hop-to-dan-pho\" raised"), "exit %d: %s", rc,
          out ? out : "");
    free(out);
    rc = control("trigger", "no-such", &out);
    CHECK(rc == 1 && out &&
              strstr(out, "has no override \"no-such\"; it has: hop-to-dan-pho "
                          "storm"),
          "exit %d: %s", rc, out ? out : "");
    free(out);
    waitpid(pid, NULL, 0);
    CHECK(near(pixel("raise", 5, 4, 4), RED, 3), "before the trigger: #%06X",
          pixel("raise", 5, 4, 4));
    CHECK(near(pixel("raise", 39, 4, 4), YELLOW, 3), "after the trigger: #%06X",
          pixel("raise", 39, 4, 4));

    bt_test_case = "a raised trigger after a restart";
    pid = start_player("restart", "--at 2025-12-11T10:00", 30, src);
    wait_frame("restart", 5);
    rc = control("release", "hop-to-dan-pho", &out);
    CHECK(rc == 0 && out && strstr(out, "released"), "exit %d: %s", rc, out ? out : "");
    free(out);
    waitpid(pid, NULL, 0);
    CHECK(near(pixel("restart", 5, 4, 4), YELLOW, 3), "after the restart: #%06X",
          pixel("restart", 5, 4, 4));
    CHECK(near(pixel("restart", 29, 4, 4), RED, 3), "after the release: #%06X",
          pixel("restart", 29, 4, 4));
    rc = control("release", "hop-to-dan-pho", &out);
    CHECK(rc == 1, "no player runs, yet: %s", out ? out : "");
    CHECK(out && strstr(out, "is bangtin running?"), "%s", out ? out : "");
    free(out);
}

// A connection to the player's control socket, or -1.
static int connect_control(int nonblock)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if ((size_t)snprintf(addr.sun_path, sizeof(addr.sun_path), "%.*s/run/control",
                         (int)(sizeof(addr.sun_path) - 13), state) >= sizeof(addr.sun_path))
        return -1;
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0), 0);
    if (s >= 0 && connect(s, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
        close(s);
        s = -1;
    }
    return s;
}

// Clients that dribble, stay silent or leave before the answer: the render loop never waits
// for them, the player never dies of SIGPIPE, and a well-behaved client is answered after.
static void check_slow_clients(void)
{
    bt_test_case = "slow and vanishing control clients";
    char src[900], *out = NULL;
    snprintf(src, sizeof(src), "%s/campaign.json", dir);
    pid_t pid = start_player("slow", "--at 2025-12-11T10:00", 80, src);
    if (!wait_frame("slow", 5))
        return;
    // Leaves at once: the answer finds no reader (a write there raises SIGPIPE).
    int s = connect_control(0);
    CHECK(s >= 0 && send(s, "list\n", 5, MSG_NOSIGNAL) == 5, "cannot reach the player");
    if (s >= 0)
        close(s);
    // One byte every 20 ms, for longer than a client is given.
    s = connect_control(0);
    char answer[300] = "";
    struct pollfd pfd = {.fd = s, .events = POLLIN};
    for (int i = 0; s >= 0 && i < 200; i++) {
        if (send(s, "x", 1, MSG_NOSIGNAL) != 1 || poll(&pfd, 1, 20) == 1)
            break;
    }
    if (s >= 0 && poll(&pfd, 1, 3000) == 1) {
        ssize_t n = recv(s, answer, sizeof(answer) - 1, 0);
        answer[n > 0 ? n : 0] = '\0';
    }
    CHECK(strcmp(answer, "error\ttoo-slow\n") == 0, "the dribbling client was told: \"%s\"",
          answer);
    if (s >= 0)
        close(s);
    // More silent clients than the player serves at once.
    int silent[16];
    for (int i = 0; i < 16; i++)
        silent[i] = connect_control(1);
    int rc = control("trigger", "hop-to-dan-pho", &out);
    CHECK(rc == 0 && out && strstr(out, "raised"), "after the silent clients: exit %d: %s", rc,
          out ? out : "");
    free(out);
    for (int i = 0; i < 16; i++)
        if (silent[i] >= 0)
            close(silent[i]);
    int status = 0;
    waitpid(pid, &status, 0);
    char path[900];
    snprintf(path, sizeof(path), "%s/slow.err", dir);
    char *log = bt_test_read(path);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "the player did not end by itself (%s %d):\n%s", WIFSIGNALED(status) ? "signal" : "exit",
          WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status), log ? log : "");
    const char *at = log ? strstr(log, "the longest turn of the render loop took ") : NULL;
    double ms = at ? atof(at + strlen("the longest turn of the render loop took ")) : 1e9;
    // A turn is a refresh (100 ms); a loop that waited for a client takes seconds.
    CHECK(ms < 500, "the render loop stood still for %.0f ms:\n%s", ms, log ? log : "");
    free(log);
}

// Threads of a process whose name is `name`.
static int threads_named(pid_t pid, const char *name)
{
    char path[300];
    snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d))) {
        char comm[700], buf[64] = "";
        snprintf(comm, sizeof(comm), "%s/%s/comm", path, e->d_name);
        FILE *f = fopen(comm, "r");
        if (f && fgets(buf, sizeof(buf), f) && strncmp(buf, name, strlen(name)) == 0)
            n++;
        if (f)
            fclose(f);
    }
    if (d)
        closedir(d);
    return n;
}

// A revision is the document's: whatever it holds, what reaches systemd's notify socket is
// assignments of the player's own, one per line (a revision "demo\nWATCHDOG_USEC=1" once sent
// its own assignment, resent from the cache at every start).
static void check_notify_sanitised(void)
{
    bt_test_case = "a revision with a line break, to systemd";
    char path[900], src[900];
    snprintf(path, sizeof(path), "/tmp/bt-notify-rev-%d", (int)getpid());
    unlink(path);
    bt_test_write(
        "evil.json",
        "{\"version\": 1, \"revision\": \"demo\\nWATCHDOG_USEC=1\\r\\nX: y\",\n"
        " \"canvas\": {\"width\": 64, \"height\": 36}, \"zones\": [{\"id\": \"z\", \"x\": 0, "
        "\"y\": 0, \"w\": 64, \"h\": 36, \"items\": [{\"type\": \"text\", \"text\": \"a\"}]}]}\n");
    snprintf(src, sizeof(src), "%s/evil.json", dir);
    int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    memcpy(addr.sun_path, path, strlen(path) + 1);
    CHECK(s >= 0 && bind(s, (struct sockaddr *)&addr, sizeof(addr)) == 0, "notify socket");
    setenv("NOTIFY_SOCKET", path, 1);
    char args[2000];
    snprintf(args, sizeof(args),
             "--config /dev/null --headless --renderer software --window 64x36 --frames 3 %s", src);
    int rc = bt_test_run_bangtin("evil", args, NULL, NULL);
    unsetenv("NOTIFY_SOCKET");
    CHECK(rc == 0, "exit %d", rc);
    int ready = 0;
    char msg[1024];
    struct pollfd pfd = {s, POLLIN, 0};
    while (poll(&pfd, 1, 0) == 1) {
        ssize_t n = recv(s, msg, sizeof(msg) - 1, 0);
        if (n <= 0)
            break;
        msg[n] = '\0';
        for (char *line = strtok(msg, "\n"); line; line = strtok(NULL, "\n")) {
            ready |= strcmp(line, "READY=1") == 0;
            CHECK(strcmp(line, "READY=1") == 0 || strcmp(line, "WATCHDOG=1") == 0 ||
                      strncmp(line, "STATUS=", 7) == 0,
                  "systemd was sent \"%s\"", line);
            CHECK(!strchr(line, '\r'), "a carriage return reached systemd");
        }
    }
    CHECK(ready, "no READY=1");
    close(s);
    unlink(path);
}

// systemd's notify protocol, read by the test: READY=1 after the first frame, and WATCHDOG=1 on
// through operating hours' end, while black frames are presented.
static void check_watchdog_when_dark(void)
{
    bt_test_case = "frames still presented when dark";
    char path[900], src[900];
    // A socket's path is short (108 bytes): not in the test folder.
    snprintf(path, sizeof(path), "/tmp/bt-notify-%d", (int)getpid());
    unlink(path);
    snprintf(src, sizeof(src), "%s/campaign.json", dir);
    int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    memcpy(addr.sun_path, path, strlen(path) + 1);
    CHECK(s >= 0 && bind(s, (struct sockaddr *)&addr, sizeof(addr)) == 0, "notify socket");
    setenv("NOTIFY_SOCKET", path, 1);
    setenv("WATCHDOG_USEC", "1000000", 1);   // WATCHDOG=1 every half second at most
    // Dark from 21:30:00, two seconds after the start; six seconds in all.
    pid_t pid = start_player("wd", "--at 2025-12-10T21:29:58", 60, src);
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    int64_t t0 = bt_time_mono_us(), ready_at = -1;
    int dark_pings = 0, early_pings = 0;
    for (;;) {
        struct pollfd pfd = {s, POLLIN, 0};
        if (poll(&pfd, 1, 200) == 1) {
            char msg[512];
            ssize_t n = recv(s, msg, sizeof(msg) - 1, 0);
            if (n <= 0)
                continue;
            msg[n] = '\0';
            int64_t at = bt_time_mono_us() - t0;
            if (strstr(msg, "READY=1") && ready_at < 0)
                ready_at = at;
            if (strstr(msg, "WATCHDOG=1")) {
                if (at > 3500000)
                    dark_pings++;   // well after 21:30 (the first frame comes ~0.5 s in)
                else
                    early_pings++;
            }
        } else if (waitpid(pid, NULL, WNOHANG) == pid) {
            break;
        }
    }
    close(s);
    unlink(path);
    CHECK(ready_at >= 0, "no READY=1");
    CHECK(early_pings >= 1 && dark_pings >= 2, "WATCHDOG=1: %d before the dark, %d in it",
          early_pings, dark_pings);
    CHECK(pixel("wd", 59, 4, 4) == 0, "not dark: #%06X", pixel("wd", 59, 4, 4));
}

// No display at all (a sending card still off): the player stays alive, not ready, trying
// again; it stops on SIGTERM.
static void check_no_display_yet(void)
{
    bt_test_case = "a display switched on late";
    char cmd[2000], err_path[900];
    snprintf(err_path, sizeof(err_path), "%s/late.err", dir);
    snprintf(cmd, sizeof(cmd), "exec %s --config /dev/null --set language=en %s/campaign.json 2>%s",
             BT_BINARY, dir, err_path);
    setenv("SDL_VIDEODRIVER", "no-such-display", 1);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    bt_test_wait_file(err_path, "no display yet; trying again every 5 s", 20);
    usleep(200000);   // and still there after it said so
    int alive = waitpid(pid, NULL, WNOHANG) == 0;
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    char *log = bt_test_read(err_path);
    CHECK(alive && log && strstr(log, "no display yet; trying again every 5 s"), "alive %d:\n%s",
          alive, log ? log : "");
    CHECK(log && !strstr(log, "first frame presented"), "a frame without a display?");
    free(log);
}

static void make_clip(void)
{
    char cmd[2000];
    snprintf(cmd, sizeof(cmd),
             "ffmpeg -loglevel error -y -f lavfi -i testsrc=size=160x90:rate=25 -t 1 "
             "-pix_fmt yuv420p %s/clip.mp4",
             dir);
    CHECK(system(cmd) == 0, "ffmpeg");
}

static void check_decoding_stops(void)
{
    bt_test_case = "no decoder thread while dark";
    bt_test_with_plain_tools(make_clip);
    char doc[1500];
    snprintf(doc, sizeof(doc),
             "{\"version\": 1, \"timezone\": \"Asia/Ho_Chi_Minh\", \"canvas\": {\"width\": 320, "
             "\"height\": 180}, \"zones\": [{\"id\": \"v\", \"x\": 0, \"y\": 0, \"w\": 320, "
             "\"h\": 180, \"items\": [{\"type\": \"video\", \"src\": \"clip.mp4\"}]}],"
             " \"operating_hours\": {\"hours\": \"06:30-21:30\"}}\n");
    bt_test_write("clip.json", doc);
    char src[900];
    snprintf(src, sizeof(src), "%s/clip.json", dir);
    pid_t pid = start_player("clip", "--at 2025-12-10T21:29:57", 60, src);
    wait_frame("clip", 5);
    int playing = threads_named(pid, "bt-vdec");
    // 21:30: the player says the screen is dark as it stops the zones; within a second of it
    // no decoder or demuxer thread is left (the player itself runs on to frame 60).
    char err[900];
    snprintf(err, sizeof(err), "%s/clip.err", dir);
    int said = bt_test_wait_file(err, "outside operating hours: the screen is dark", 20);
    int64_t deadline = bt_test_deadline(1);
    int dark;
    while ((dark = threads_named(pid, "bt-vdec") + threads_named(pid, "bt-demux")) > 0 &&
           !bt_test_past(deadline))
        usleep(20000);
    int running = waitpid(pid, NULL, WNOHANG) == 0;
    waitpid(pid, NULL, 0);
    CHECK(said && running, "not dark while running (said %d, running %d)", said, running);
    CHECK(playing == 1 && dark == 0, "decoder threads: %d playing, %d dark", playing, dark);
    CHECK(pixel("clip", 59, 100, 50) == 0, "not black: #%06X", pixel("clip", 59, 100, 50));
}

static void check_clock_trust(void)
{
    bt_test_case = "an untrusted clock, then the server's Date";
    // The clock's state comes from `clock_sync`: a flag file that does not exist is a clock
    // NTP has not set, whatever this machine's own clock is; one that exists is a set clock.
    char noflag[900], flag[900];
    snprintf(noflag, sizeof(noflag), "%s/no-such-ntp-flag", dir);
    snprintf(flag, sizeof(flag), "%s/ntp-flag", dir);
    bt_test_write("ntp-flag", "");
    // Item 1 dated (from 2020: true today), item 2 not; a second each.
    const char *doc =
        "{\"version\": 1, \"canvas\": {\"width\": 320, \"height\": 180}, \"zones\": [{\"id\": "
        "\"z\", \"x\": 0, \"y\": 0, \"w\": 320, \"h\": 180, \"items\": [{\"type\": \"text\", "
        "\"text\": \"a\", \"background\": \"#C8102E\", \"duration\": 0.5, \"schedule\": "
        "{\"from\": \"2020-01-01\"}}, {\"type\": \"text\", \"text\": \"b\", \"background\": "
        "\"#1E7B34\", \"duration\": 0.5}]}]}\n";
    struct bt_nginx ng;
    char www[800];
    snprintf(www, sizeof(www), "%s/web", dir);
    CHECK(bt_nginx_start(&ng, www, NULL) == 0, "nginx");
    bt_nginx_put(&ng, "dated.json", doc, strlen(doc));
    char url[300], local[900];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/dated.json", ng.port);
    snprintf(local, sizeof(local), "%s/web/www/dated.json", dir);
    // Offline (the file itself): the dated item is held. Online: the Date header lets it play.
    // Offline with NTP's flag: it plays.
    int reds[3] = {0, 0, 0};
    for (int run = 0; run < 3; run++) {
        int online = run == 1;
        char tag[32], args[5000];
        snprintf(tag, sizeof(tag), "trust%d", run);
        snprintf(args, sizeof(args),
                 "--config /dev/null --set cache_dir=%s/cache%d --set poll_interval=1 "
                 "--set clock_sync=%s --renderer software --window 320x180 --fps 10 --frames 40 "
                 "--snapshot 20,24,28,32,36,39 --out %s/%s %s",
                 dir, run, run == 2 ? flag : noflag, dir, tag, online ? url : local);
        char *log = NULL;
        CHECK(bt_test_run_bangtin(tag, args, NULL, &log) == 0, "%s", log ? log : "");
        if (online)
            CHECK(log && strstr(log, "the clock is confirmed by the server's Date header"),
                  "no word of the Date header:\n%s", log ? log : "");
        free(log);
        const int frames[] = {20, 24, 28, 32, 36, 39};
        for (int i = 0; i < 6; i++)
            reds[run] += near(pixel(tag, frames[i], 4, 4), RED, 3);
    }
    bt_nginx_stop(&ng);
    CHECK(reds[0] == 0, "a dated item played on an untrusted clock (%d frames)", reds[0]);
    CHECK(reds[1] > 0, "the dated item never played after the server's Date");
    CHECK(reds[2] > 0, "the dated item never played on a clock NTP has set (clock_sync's file)");
}

// libfaketime (Debian's libfaketime), to move the player's wall clock while it runs; NULL
// when it is not installed.
static const char *faketime_lib(void)
{
    static char path[512];
    const char *pre = getenv("LD_PRELOAD");
    const char *asan = getenv("ASAN_OPTIONS");
    if (pre && strstr(pre, "asan") && !(asan && strstr(asan, "release_to_os_interval_ms=-1"))) {
        // With AddressSanitizer, libfaketime deadlocks at start-up: ASan's allocator reads the
        // monotonic clock (to time its release of memory to the system) while it holds its
        // lock, libfaketime's first clock_gettime looks up the real one with dlsym, and dlsym
        // allocates. Releasing memory on no timer takes that clock read away.
        char opts[1000];
        snprintf(opts, sizeof(opts), "%s%sallocator_release_to_os_interval_ms=-1", asan ? asan : "",
                 asan && *asan ? ":" : "");
        setenv("ASAN_OPTIONS", opts, 1);
    }
    glob_t g;
    if (glob("/usr/lib/*/faketime/libfaketime.so.1", 0, NULL, &g) != 0)
        return NULL;
    snprintf(path, sizeof(path), "%s", g.gl_pathv[0]);
    globfree(&g);
    return path;
}

// Sets the faked clock so that it reads `local` (Asia/Ho_Chi_Minh, UTC+7) now.
static void fake_clock_at(const char *rc, const char *local)
{
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    sscanf(local, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
           &tm.tm_min, &tm.tm_sec);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    long long target = (long long)timegm(&tm) - 7 * 3600;
    char text[64];
    snprintf(text, sizeof(text), "%+lld\n", target - (long long)time(NULL));
    bt_test_write(rc, text);
}

// The system's clock jumps forward and back while the player runs (the real clock, through
// libfaketime): the schedule follows at once, and an item that stays allowed is not restarted.
static void check_clock_jump(void)
{
    bt_test_case = "the clock jumps forward and back";
    const char *lib = faketime_lib();
    CHECK(lib != NULL, "libfaketime is not installed (packaging/setup.sh installs it)");
    if (!lib)
        return;
    const char *doc =
        "{\"version\": 1, \"timezone\": \"Asia/Ho_Chi_Minh\", \"canvas\": {\"width\": 320, "
        "\"height\": 180}, \"zones\": [{\"id\": \"main\", \"x\": 0, \"y\": 0, \"w\": 320, "
        "\"h\": 180, \"items\": [{\"type\": \"text\", \"text\": \"a\", \"background\": "
        "\"#C8102E\", \"duration\": 3, \"schedule\": {\"from\": \"2025-12-10\", \"until\": "
        "\"2025-12-31\"}}, {\"type\": \"text\", \"text\": \"b\", \"background\": \"#1E7B34\", "
        "\"duration\": 3}]}], \"overrides\": [{\"id\": \"storm\", \"zones\": \"all\", "
        "\"schedule\": {\"from\": \"2025-12-10T10:00:00\", \"until\": \"2025-12-10T10:00:05\"},"
        " \"items\": [{\"type\": \"text\", \"text\": \"!\", \"background\": \"#FFD400\"}]}]}\n";
    bt_test_write("jump.json", doc);
    char rc[900], more[2500], src[900];
    snprintf(rc, sizeof(rc), "%s/faketime.rc", dir);
    snprintf(src, sizeof(src), "%s/jump.json", dir);
    const char *pre = getenv("LD_PRELOAD");
    snprintf(more, sizeof(more), "--set trust_system_clock=true");
    char env[2000];
    snprintf(env, sizeof(env), "%s%s%s", pre && *pre ? pre : "", pre && *pre ? ":" : "", lib);
    setenv("FAKETIME_TIMESTAMP_FILE", rc, 1);
    setenv("FAKETIME_NO_CACHE", "1", 1);
    setenv("FAKETIME_DONT_FAKE_MONOTONIC", "1", 1);
    fake_clock_at("faketime.rc", "2025-12-10T09:59:40");
    char *saved = pre ? strdup(pre) : NULL;
    setenv("LD_PRELOAD", env, 1);
    pid_t pid = start_player_frames("jump", more, 100, src, "5,25,45,55,75,95");
    if (saved)
        setenv("LD_PRELOAD", saved, 1);
    else
        unsetenv("LD_PRELOAD");
    free(saved);
    // Red 0-3 s, green 3-6 s from the first frame; each jump comes as the frame before the
    // one that should show it is drawn.
    wait_frame("jump", 25);
    fake_clock_at("faketime.rc", "2025-12-10T11:00:44");   // an hour on: both still allowed
    wait_frame("jump", 45);
    fake_clock_at("faketime.rc", "2025-12-10T09:59:45");   // and back
    wait_frame("jump", 55);
    fake_clock_at("faketime.rc", "2025-12-10T10:00:01");   // into the storm override
    wait_frame("jump", 75);
    fake_clock_at("faketime.rc", "2025-12-10T09:59:00");   // out of it, back in time
    waitpid(pid, NULL, 0);
    unsetenv("FAKETIME_TIMESTAMP_FILE");
    CHECK(near(pixel("jump", 5, 4, 4), RED, 3), "frame 5: #%06X", pixel("jump", 5, 4, 4));
    CHECK(near(pixel("jump", 25, 4, 4), RED, 3), "frame 25: #%06X", pixel("jump", 25, 4, 4));
    CHECK(near(pixel("jump", 45, 4, 4), GREEN, 3),
          "after the jump forward the zone restarted: #%06X", pixel("jump", 45, 4, 4));
    CHECK(near(pixel("jump", 55, 4, 4), GREEN, 3), "after the jump back the zone restarted: #%06X",
          pixel("jump", 55, 4, 4));
    CHECK(near(pixel("jump", 75, 4, 4), YELLOW, 3), "the override is not on: #%06X",
          pixel("jump", 75, 4, 4));
    CHECK(!near(pixel("jump", 95, 4, 4), YELLOW, 3), "the override is still on: #%06X",
          pixel("jump", 95, 4, 4));
}

static void make_cert(void)
{
    char cmd[3000];
    snprintf(cmd, sizeof(cmd),
             "openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=127.0.0.1 "
             "-addext subjectAltName=IP:127.0.0.1 -keyout %s/key.pem -out %s/cert.pem "
             ">/dev/null 2>&1",
             dir, dir);
    CHECK(system(cmd) == 0, "openssl");
}

// A board that boots two days in the past: the server's certificate is not valid yet for it,
// so the time alone comes from plain HTTP to the same host and port (nginx answers a plain
// request on its TLS port with a 400 that carries Date); schedules then run on the system's
// time plus that difference, and the dated item of the last good playlist plays (two days
// behind, it would not: it starts today).
static void check_tls_clock(void)
{
    bt_test_case = "a clock before the certificate's start";
    const char *lib = faketime_lib();
    CHECK(lib != NULL, "libfaketime is not installed (packaging/setup.sh installs it)");
    if (!lib)
        return;
    bt_test_with_plain_tools(make_cert);
    // Today in Hà Nội: the dated item's first day.
    time_t now = time(NULL) + 7 * 3600;
    struct tm tm;
    gmtime_r(&now, &tm);
    char doc[2000];
    snprintf(doc, sizeof(doc),
             "{\"version\": 1, \"timezone\": \"Asia/Ho_Chi_Minh\", \"canvas\": {\"width\": 320, "
             "\"height\": 180}, \"zones\": [{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": 320, "
             "\"h\": 180, \"items\": [{\"type\": \"text\", \"text\": \"a\", \"background\": "
             "\"#C8102E\", \"duration\": 0.5, \"schedule\": {\"from\": \"%04d-%02d-%02d\"}}, "
             "{\"type\": \"text\", \"text\": \"b\", \"background\": \"#1E7B34\", "
             "\"duration\": 0.5}]}]}\n",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    struct bt_nginx ng;
    char www[800], extra[2000];
    snprintf(www, sizeof(www), "%s/tls", dir);
    int tls_port = bt_net_free_port();
    snprintf(extra, sizeof(extra),
             "  listen 127.0.0.1:%d ssl; ssl_certificate %s/cert.pem; "
             "ssl_certificate_key %s/key.pem;",
             tls_port, dir, dir);
    CHECK(bt_nginx_start(&ng, www, extra) == 0, "nginx with TLS");
    bt_nginx_put(&ng, "p.json", doc, strlen(doc));
    // The screen played it once (over plain http): it is its last good playlist.
    char args[5000], *log = NULL;
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/tlscache --headless --renderer software "
             "--window 320x180 --frames 1 http://127.0.0.1:%d/p.json",
             dir, ng.port);
    CHECK(bt_test_run_bangtin("tls-seed", args, NULL, &log) == 0, "%s", log ? log : "");
    free(log);
    // Now by https, two days behind.
    char url[200];
    snprintf(url, sizeof(url), "https://127.0.0.1:%d/p.json", tls_port);
    const char *pre = getenv("LD_PRELOAD");
    char *saved = pre ? strdup(pre) : NULL;
    char env[2000];
    snprintf(env, sizeof(env), "%s%s%s", pre && *pre ? pre : "", pre && *pre ? ":" : "", lib);
    setenv("LD_PRELOAD", env, 1);
    setenv("FAKETIME", "-172800", 1);
    setenv("FAKETIME_DONT_FAKE_MONOTONIC", "1", 1);
    snprintf(args, sizeof(args),
             "--config /dev/null --set cache_dir=%s/tlscache --set ca_file=%s/cert.pem "
             "--set clock_sync=%s/no-such-ntp-flag --set poll_interval=1 --renderer software "
             "--window 320x180 --fps 10 --frames 40 "
             "--snapshot 24,28,32,36,39 --out %s/tls-run %s",
             dir, dir, dir, dir, url);
    int rc = bt_test_run_bangtin("tls-run", args, NULL, &log);
    unsetenv("FAKETIME");
    if (saved)
        setenv("LD_PRELOAD", saved, 1);
    else
        unsetenv("LD_PRELOAD");
    free(saved);
    bt_nginx_stop(&ng);
    CHECK(rc == 0 && log && strstr(log, "the time is taken from its plain HTTP Date header") &&
              strstr(log, "the clock is confirmed by the server's Date header (+172"),
          "exit %d:\n%s", rc, log ? log : "");
    CHECK(log && strstr(log, "certificate is not yet valid") &&
              !strstr(log, "last message repeated"),
          "said more than once:\n%s", log ? log : "");
    free(log);
    int reds = 0;
    const int frames[] = {24, 28, 32, 36, 39};
    for (int i = 0; i < 5; i++)
        reds += near(pixel("tls-run", frames[i], 4, 4), RED, 3);
    CHECK(reds > 0, "the dated item never played on the corrected clock");
}

// Runs a case that waits on the real clock beside the others, with its own cache and control
// socket folder (its files are named after it already).
static void beside(const char *name, void (*fn)(void))
{
    char cmd[1000];
    snprintf(state, sizeof(state), "%s/%s", dir, name);
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/run", state);
    CHECK(system(cmd) == 0, "mkdir");
    bt_test_spawn(fn);
    snprintf(state, sizeof(state), "%s", dir);
}

int main(void)
{
    snprintf(dir, sizeof(dir), "%s", bt_test_tmpdir());
    snprintf(state, sizeof(state), "%s", dir);
    // The system's time zone is not the playlist's.
    setenv("TZ", "America/New_York", 1);
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    bt_test_write("campaign.json", campaign);
    char cmd[900];
    snprintf(cmd, sizeof(cmd), "mkdir -p %s/run", dir);   // systemd's RuntimeDirectory
    CHECK(system(cmd) == 0, "mkdir");
    check_phases();
    check_hours_and_brightness();
    check_config_hours();
    check_plan();
    check_scheduled_override();
    check_no_display_yet();
    check_notify_sanitised();
    beside("trigger", check_trigger);
    beside("slow", check_slow_clients);
    beside("decoding", check_decoding_stops);
    beside("watchdog", check_watchdog_when_dark);
    beside("jump", check_clock_jump);
    beside("tls", check_tls_clock);
    beside("trust", check_clock_trust);
    return bt_test_end();
}
