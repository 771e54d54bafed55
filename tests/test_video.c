// Video through the player, headless, from real pixels, with clips the ffmpeg command makes:
// frames carry their own number (as luma), so every refresh can be checked against
// floor((t - t0) * fps); gapless changes on a magenta zone; codecs and shapes; rotation
// metadata; and hostile or broken files skipped with one line while the zone moves on.
// Every case runs under each renderer named on the command line.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media/video.h"
#include "test.h"

#define W 160
#define H 90

static char dir[600];

static void sh(const char *command)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "cd %s && %s", dir, command);
    if (system(cmd) != 0) {
        fprintf(stderr, "failed: %s\n", cmd);
        exit(1);
    }
}

// A clip whose frame N has luma 56 + 3N (and chroma cb), lossless so the number survives.
static void counting_clip(const char *name, int fps, double secs, int cb, const char *extra)
{
    char args[1024];
    snprintf(args, sizeof(args),
             "ffmpeg -nostdin -v error -y -f lavfi -i color=c=black:s=64x36:r=%d:d=%g "
             "-vf \"geq=lum='56+N*3':cb=%d:cr=128\" -c:v libx264 -qp 0 -pix_fmt yuv420p %s %s",
             fps, secs, cb, extra ? extra : "", name);
    sh(args);
}

static void make_media(void)
{
    snprintf(dir, sizeof(dir), "%s", bt_test_tmpdir());
    counting_clip("c25.mp4", 25, 2, 128, NULL);
    counting_clip("c30.mp4", 30, 2, 128, NULL);
    counting_clip("a.mp4", 25, 1, 150, NULL);
    counting_clip("c60.mp4", 60, 1, 128, NULL);
    counting_clip("c24.mp4", 24, 2, 128, NULL);
    // Sound that tells the time: a stereo ramp from 0 at the start to 1 at 2 s (PCM, exact).
    sh("ffmpeg -nostdin -v error -y -f lavfi -i color=c=black:s=64x36:r=25:d=2 -f lavfi -i "
       "aevalsrc='t/2|t/2':s=48000:d=2 -vf \"geq=lum='56+N*3':cb=128:cr=128\" -c:v libx264 -qp 0 "
       "-pix_fmt yuv420p -c:a pcm_s16le av.mkv");
    sh("ffmpeg -nostdin -v error -y -f lavfi -i color=c=black:s=64x36:r=30:d=2 -f lavfi -i "
       "aevalsrc='t/2|t/2':s=48000:d=2 -vf \"geq=lum='56+N*3':cb=128:cr=128\" -c:v libx264 -qp 0 "
       "-pix_fmt yuv420p -c:a pcm_s16le av30.mkv");
    // The same with 0.1 s of sound cut out at 0.5 s, its timestamps kept: past the cut the sound
    // is 0.1 s ahead of the pictures.
    sh("ffmpeg -nostdin -v error -y -f lavfi -i color=c=black:s=64x36:r=30:d=2 -f lavfi -i "
       "aevalsrc='t/2|t/2':s=48000:d=2 -vf \"geq=lum='56+N*3':cb=128:cr=128\" -af "
       "\"aselect='not(between(t,0.5,0.6))'\" -c:v libx264 -qp 0 -pix_fmt yuv420p -c:a pcm_s16le "
       "av30-cut.mkv");
    counting_clip("b.mp4", 25, 1, 106, NULL);
    // Variable frame rate: 25 frames 40 ms apart, then 25 frames 20 ms apart.
    sh("ffmpeg -nostdin -v error -y -f lavfi -i color=c=black:s=64x36:r=50:d=1 -vf "
       "\"geq=lum='56+N*3':cb=128:cr=128,settb=1/1000,setpts='if(lt(N,25),N*40,1000+(N-25)*20)'\""
       " -fps_mode passthrough -c:v libx264 -qp 0 -pix_fmt yuv420p vfr.mkv");
    // Codecs and shapes.
    sh("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=s=1366x768:r=25:d=0.5 -f lavfi -i "
       "sine=d=0.5 -c:v libx264 -preset ultrafast -c:a aac -shortest h264-1366x768-aac.mp4");
    sh("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=s=320x180:r=25:d=0.5 -c:v libx265 "
       "-preset ultrafast -x265-params log-level=none hevc.mp4");
    sh("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=s=320x180:r=25:d=0.5 -f lavfi -i "
       "sine=d=0.5 -c:v libvpx-vp9 -deadline realtime -c:a libopus -shortest vp9-opus.webm");
    sh("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=s=320x180:r=25:d=0.5 -c:v mjpeg "
       "mjpeg.mkv");
    sh("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=s=720x1280:r=25:d=0.5 -c:v libx264 "
       "-preset ultrafast portrait-720x1280.mp4");
    sh("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=s=320x180:r=25:d=0.5 -c:v libx264 "
       "-preset ultrafast -f mpegts h264.ts");
    // Red above, blue below, tagged rotate=90: shown as FFmpeg shows it, red on the left.
    // (FFmpeg 5.1 writes the display matrix for a "rotate" tag when it copies the stream.)
    sh("ffmpeg -nostdin -v error -y -f lavfi -i \"color=c=0xDA251D:s=64x64:d=0.5[a];"
       "color=c=0x0B4F8A:s=64x32:d=0.5[b];[a][b]overlay=0:32\" -c:v libx264 -preset ultrafast "
       "upright.mp4 && ffmpeg -nostdin -v error -y -i upright.mp4 -c copy "
       "-metadata:s:v:0 rotate=90 rotated.mp4");
    // Bad input.
    sh("head -c 20000 h264-1366x768-aac.mp4 > /dev/null; ffmpeg -nostdin -v error -y -f lavfi "
       "-i testsrc2=s=320x180:r=25:d=1 -c:v libx264 -preset ultrafast moov-last.mp4 && "
       "head -c 30000 moov-last.mp4 > truncated.mp4");
    // MPEG-TS whose sound first comes 6 s in, as in a recording of a broadcast: FFmpeg adds the
    // stream while the clip plays (its start and its last 250 kB, where FFmpeg looks for the
    // duration, have video alone). 200 frames.
    sh("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=s=64x36:r=25:d=6 -c:v libx264 -preset "
       "ultrafast -f mpegts grow1.ts && ffmpeg -nostdin -v error -y -f lavfi -i "
       "testsrc2=s=64x36:r=25:d=1 -f lavfi -i sine=d=1 -c:v libx264 -preset ultrafast -c:a mp2 "
       "-f mpegts -output_ts_offset 6 grow2.ts && ffmpeg -nostdin -v error -y -f lavfi -i "
       "testsrc2=s=64x36:r=25:d=1 -c:v libx264 -preset ultrafast -f mpegts -muxrate 3M "
       "-output_ts_offset 7 grow3.ts && cat grow1.ts grow2.ts grow3.ts > grows.ts");
    // 200 frames: more than the packet queue and frame ring hold ahead.
    sh("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=s=320x180:r=100:d=2 -c:v libx264 "
       "-preset ultrafast -g 1 -movflags +faststart cut-live.mp4");
    // Aspect: a 5:4 frame of anamorphic pixels (SAR 64:45, as PAL 720x576 16:9) and one of
    // square pixels.
    sh("ffmpeg -nostdin -v error -y -f lavfi -i color=c=0x0B4F8A:s=180x144:r=25:d=0.5 -vf "
       "setsar=64/45 -c:v libx264 -preset ultrafast -pix_fmt yuv420p sar-64-45.mp4 && "
       "ffmpeg -nostdin -v error -y -f lavfi -i color=c=0x0B4F8A:s=180x144:r=25:d=0.5 -vf "
       "setsar=1 -c:v libx264 -preset ultrafast -pix_fmt yuv420p sar-1.mp4");
    // Scaling: 640x360 of noise (luma), lossless, to be shown three times as large.
    sh("ffmpeg -nostdin -v error -y -f lavfi -i nullsrc=s=640x360:r=25:d=0.2 -vf "
       "\"geq=lum='random(1)*255':cb=128:cr=128\" -c:v libx264 -qp 0 -pix_fmt yuv420p "
       "noise-640x360.mp4");
    sh(": > empty.mp4 && head -c 50000 /dev/urandom > random.mp4 && "
       "printf '#EXTM3U\\n#EXT-X-TARGETDURATION:10\\n#EXTINF:10,\\nfile:///etc/passwd\\n"
       "#EXT-X-ENDLIST\\n' > hls.mp4 && cp a.mp4 'x%03d.mp4' && mkfifo stall.mp4 && "
       "sed 's/avc1/zzzz/g' a.mp4 > unknown-codec.mp4 && ffmpeg -nostdin -v error -y -f lavfi "
       "-i sine=d=0.5 -c:a aac audio-only.mp4");
}

struct run {
    struct bt_test_image frames[256];
    int n;
    char *log;
};

// Plays `items` (JSON) in one zone of W x H on a magenta background; snapshots refreshes
// 0..n-1 at 60 Hz.
static const char *extra_args = "";   // more options for the next play()
static int play_w = W, play_h = H;    // the next play()'s canvas and window

static int play(const char *renderer, const char *tag, const char *items, int n, struct run *r)
{
    char json[4096], args[8192], list[2048] = "", name[96];
    snprintf(json, sizeof(json),
             "{\"version\": 1, \"canvas\": {\"width\": %d, \"height\": %d}, \"zones\": [{\"id\": "
             "\"z\", \"x\": 0, \"y\": 0, \"w\": %d, \"h\": %d, \"background\": \"#FF00FF\", "
             "\"items\": [%s]}]}",
             play_w, play_h, play_w, play_h, items);
    snprintf(name, sizeof(name), "%s-%s.json", tag, renderer);
    const char *pl = bt_test_write(name, json);
    size_t used = 0;
    for (int i = 0; i < n && used < sizeof(list) - 8; i++)
        used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%d", i ? "," : "", i);
    snprintf(args, sizeof(args),
             "--config /dev/null --headless --renderer %s --window %dx%d --fps 60 --frames %d "
             "--snapshot %s --out %s/%s-%s %s %s",
             renderer, play_w, play_h, n, list, dir, tag, renderer, extra_args, pl);
    snprintf(name, sizeof(name), "%s-%s", tag, renderer);
    memset(r, 0, sizeof(*r));
    int rc = bt_test_run_bangtin(name, args, NULL, &r->log);
    for (int i = 0; i < n; i++) {
        char png[1400];
        snprintf(png, sizeof(png), "%s/%s-%s/frame-%06d.png", dir, tag, renderer, i);
        if (bt_test_image_load(png, &r->frames[i]) != 0)
            return -1;
        r->n++;
        remove(png);
    }
    return rc;
}

static void run_free(struct run *r)
{
    for (int i = 0; i < r->n; i++)
        bt_test_image_free(&r->frames[i]);
    free(r->log);
}

// The frame number a counting clip shows at the zone's centre, and its chroma (cb) side:
// -1 magenta (the zone's background), -2 black.
static int frame_at(const struct bt_test_image *img, int *cb_high)
{
    uint32_t p = bt_test_pixel(img, W / 2, H / 2);
    int r = (int)(p >> 16 & 0xFF), g = (int)(p >> 8 & 0xFF), b = (int)(p & 0xFF);
    if (r > 200 && b > 200 && g < 60)
        return -1;
    if (r + g + b < 10)
        return -2;
    double y = 16 + 0.257 * r + 0.504 * g + 0.098 * b;   // BT.601, limited range
    if (cb_high)
        *cb_high = b > r;
    return (int)lround((y - 56) / 3);
}

static int expected_cfr(int k, int fps)
{
    return (int)floor(k * fps / 60.0 + 1e-9);
}

static int expected_vfr(int k)
{
    double t = k / 60.0;
    int best = 0;
    for (int n = 0; n < 50; n++) {
        double pts = n < 25 ? n * 0.040 : 1.0 + (n - 25) * 0.020;
        if (pts <= t + 1e-9)
            best = n;
    }
    return best;
}

static void check_accuracy(const char *renderer)
{
    static const struct {
        const char *name, *file;
        int fps;   // 0: variable
    } clips[] = {{"25 fps", "c25.mp4", 25}, {"30 fps", "c30.mp4", 30}, {"vfr", "vfr.mkv", 0}};
    for (int c = 0; c < 3; c++) {
        char name[96], items[512];
        snprintf(name, sizeof(name), "frame accuracy %s/%s", clips[c].name, renderer);
        bt_test_case = name;
        snprintf(items, sizeof(items),
                 "{\"type\": \"video\", \"src\": \"%s\", \"plays\": 1}, "
                 "{\"type\": \"text\", \"text\": \"x\"}",
                 clips[c].file);
        struct run r;
        int rc = play(renderer, clips[c].file, items, 120, &r);
        CHECK(rc == 0 && r.n == 120, "exit %d, %d frames", rc, r.n);
        int wrong = 0, first_wrong = -1, got = 0, want = 0;
        int shown = clips[c].fps ? r.n : 90;   // the variable-rate clip lasts 1.5 s
        for (int k = 0; k < shown; k++) {
            int f = frame_at(&r.frames[k], NULL);
            int e = clips[c].fps ? expected_cfr(k, clips[c].fps) : expected_vfr(k);
            if (f != e && wrong++ == 0) {
                first_wrong = k;
                got = f;
                want = e;
            }
        }
        CHECK(wrong == 0,
              "%d refreshes show the wrong frame; the first, refresh %d, shows %d, "
              "want %d",
              wrong, first_wrong, got, want);
        CHECK(r.log && strstr(r.log, "dropped 0"), "frames were dropped:\n%s", r.log);
        run_free(&r);
    }
}

static void check_gapless(const char *renderer)
{
    char name[96];
    snprintf(name, sizeof(name), "gapless/%s", renderer);
    bt_test_case = name;
    struct run r;
    int rc = play(renderer, "gapless",
                  "{\"type\": \"video\", \"src\": \"a.mp4\"}, {\"type\": \"video\", \"src\": "
                  "\"b.mp4\"}",
                  150, &r);
    CHECK(rc == 0 && r.n == 150, "exit %d", rc);
    int bad = 0;
    for (int k = 0; k < r.n; k++) {
        int high = 0;
        int f = frame_at(&r.frames[k], &high);
        // A for a second, B for a second, then A again.
        int in_b = k >= 60 && k < 120;
        int want = expected_cfr(k % 60, 25);
        if (f != want || high == in_b) {
            if (bad++ < 3)
                CHECK(0, "refresh %d shows %s frame %d, want %s frame %d", k,
                      f == -1   ? "the background"
                      : f == -2 ? "black"
                      : high    ? "A"
                                : "B",
                      f, in_b ? "B" : "A", want);
        }
    }
    CHECK(bad == 0, "%d refreshes wrong across the changes", bad);
    run_free(&r);

    snprintf(name, sizeof(name), "looping/%s", renderer);
    bt_test_case = name;
    rc = play(renderer, "loop", "{\"type\": \"video\", \"src\": \"a.mp4\"}", 150, &r);
    CHECK(rc == 0 && r.n == 150, "exit %d", rc);
    bad = 0;
    for (int k = 0; k < r.n; k++) {
        int f = frame_at(&r.frames[k], NULL);
        if (f != expected_cfr(k % 60, 25) && bad++ < 3)
            CHECK(0, "refresh %d shows %d, want %d", k, f, expected_cfr(k % 60, 25));
    }
    CHECK(bad == 0, "%d refreshes wrong across the loops", bad);
    run_free(&r);
}

static void check_codecs(const char *renderer)
{
    static const char *const files[] = {
        "h264-1366x768-aac.mp4", "hevc.mp4", "vp9-opus.webm", "mjpeg.mkv",
        "portrait-720x1280.mp4", "h264.ts",  "x%03d.mp4"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char name[128], items[256];
        snprintf(name, sizeof(name), "%s/%s", files[i], renderer);
        bt_test_case = name;
        snprintf(items, sizeof(items), "{\"type\": \"video\", \"src\": \"%s\"}", files[i]);
        char tag[64];
        snprintf(tag, sizeof(tag), "codec%zu", i);
        struct run r;
        int rc = play(renderer, tag, items, 12, &r);
        CHECK(rc == 0 && r.n == 12, "exit %d", rc);
        int f = r.n ? frame_at(&r.frames[10], NULL) : -1;
        CHECK(f != -1, "refresh 10 shows the zone's background");
        CHECK(r.log && !strstr(r.log, "warn") && !strstr(r.log, "error"), "log:\n%s", r.log);
        run_free(&r);
    }
    // Rotation: the red top of the stored picture shows on the left, as ffmpeg and ffplay
    // show it (the display matrix turns it 90 degrees counterclockwise).
    char name[96];
    snprintf(name, sizeof(name), "rotation/%s", renderer);
    bt_test_case = name;
    struct run r;
    int rc = play(renderer, "rotated", "{\"type\": \"video\", \"src\": \"rotated.mp4\"}", 4, &r);
    CHECK(rc == 0 && r.n == 4, "exit %d", rc);
    if (r.n == 4) {
        // 64x64 turned in a 160x90 zone: 90x90 in the middle, red on the left.
        CHECK(bt_test_pixel_is(&r.frames[2], W / 2 - 30, H / 2, 0xDA251D, 40) &&
                  bt_test_pixel_is(&r.frames[2], W / 2 + 30, H / 2, 0x0B4F8A, 40),
              "not turned: left #%06X, right #%06X", bt_test_pixel(&r.frames[2], W / 2 - 30, H / 2),
              bt_test_pixel(&r.frames[2], W / 2 + 30, H / 2));
    }
    run_free(&r);
}

// Lateness: a display slower than the clip (a 30 fps clip on a 12 Hz display) must drop frames
// and count them; the accuracy runs above keep the count at 0.
static void check_dropping(const char *renderer)
{
    char name[96], json[512], args[2048], png[256];
    snprintf(name, sizeof(name), "dropped frames counted/%s", renderer);
    bt_test_case = name;
    snprintf(json, sizeof(json),
             "{\"version\": 1, \"canvas\": {\"width\": %d, \"height\": %d}, \"zones\": ["
             "{\"id\": \"z\", \"x\": 0, \"y\": 0, \"w\": %d, \"h\": %d, \"items\": "
             "[{\"type\": \"video\", \"src\": \"c30.mp4\", \"plays\": 1}, "
             "{\"type\": \"text\", \"text\": \"x\"}]}]}",
             W, H, W, H);
    snprintf(png, sizeof(png), "drop-%s.json", renderer);
    const char *pl = bt_test_write(png, json);
    snprintf(args, sizeof(args),
             "--config /dev/null --headless --renderer %s --window %dx%d --fps 12 --frames 30 %s",
             renderer, W, H, pl);
    snprintf(png, sizeof(png), "drop-%s", renderer);
    char *err = NULL;
    CHECK(bt_test_run_bangtin(png, args, NULL, &err) == 0, "exit");
    long presented = -1, dropped = -1;
    const char *p = err ? strstr(err, ": presented ") : NULL;
    CHECK(p && sscanf(p, ": presented %ld frames, dropped %ld", &presented, &dropped) == 2,
          "no count in the log:\n%s", err ? err : "");
    // 2 s at 12 Hz: 24 refreshes show 24 of the 60 frames; the other 36 are dropped.
    CHECK(presented == 24 && dropped == 36, "presented %ld, dropped %ld", presented, dropped);
    free(err);
}

// Two zones playing video at once, each on its own clip's time.
static void check_two_zones(const char *renderer)
{
    char name[96], json[1024], args[2048], png[1400];
    snprintf(name, sizeof(name), "two zones/%s", renderer);
    bt_test_case = name;
    snprintf(json, sizeof(json),
             "{\"version\": 1, \"canvas\": {\"width\": %d, \"height\": %d}, \"zones\": ["
             "{\"id\": \"l\", \"x\": 0, \"y\": 0, \"w\": %d, \"h\": %d, \"items\": "
             "[{\"type\": \"video\", \"src\": \"c25.mp4\"}]}, "
             "{\"id\": \"r\", \"x\": %d, \"y\": 0, \"w\": %d, \"h\": %d, \"items\": "
             "[{\"type\": \"video\", \"src\": \"c30.mp4\"}]}]}",
             W, H, W / 2, H, W / 2, W / 2, H);
    snprintf(png, sizeof(png), "two-%s.json", renderer);
    const char *pl = bt_test_write(png, json);
    snprintf(args, sizeof(args),
             "--config /dev/null --headless --renderer %s --window %dx%d --fps 60 --frames 100 "
             "--snapshot 37,99 --out %s/two-%s %s",
             renderer, W, H, dir, renderer, pl);
    snprintf(png, sizeof(png), "two-%s", renderer);
    CHECK(bt_test_run_bangtin(png, args, NULL, NULL) == 0, "exit");
    static const int ks[] = {37, 99};
    for (int i = 0; i < 2; i++) {
        struct bt_test_image img;
        snprintf(png, sizeof(png), "%s/two-%s/frame-%06d.png", dir, renderer, ks[i]);
        CHECK(bt_test_image_load(png, &img) == 0, "no frame %d", ks[i]);
        uint32_t l = bt_test_pixel(&img, W / 4, H / 2), r = bt_test_pixel(&img, 3 * W / 4, H / 2);
        double yl = 16 + 0.257 * (l >> 16 & 0xFF) + 0.504 * (l >> 8 & 0xFF) + 0.098 * (l & 0xFF);
        double yr = 16 + 0.257 * (r >> 16 & 0xFF) + 0.504 * (r >> 8 & 0xFF) + 0.098 * (r & 0xFF);
        CHECK(lround((yl - 56) / 3) == expected_cfr(ks[i], 25) &&
                  lround((yr - 56) / 3) == expected_cfr(ks[i], 30),
              "refresh %d: left %ld (want %d), right %ld (want %d)", ks[i], lround((yl - 56) / 3),
              expected_cfr(ks[i], 25), lround((yr - 56) / 3), expected_cfr(ks[i], 30));
        bt_test_image_free(&img);
    }
}

// Sound through the test sink: the sample the output reached and the frame shown agree within
// one frame, at the start, mid-clip and after a loop; and the sound is really there.
static void check_av_sync(const char *renderer)
{
    char name[96], raw[800], arg[900];
    snprintf(name, sizeof(name), "a/v sync/%s", renderer);
    bt_test_case = name;
    snprintf(raw, sizeof(raw), "%s/sound-%s.raw", dir, renderer);
    snprintf(arg, sizeof(arg), "--set audio_device=file:%s", raw);
    extra_args = arg;
    struct run r;
    int rc = play(renderer, "avsync",
                  "{\"type\": \"video\", \"src\": \"av.mkv\", "
                  "\"muted\": false}",
                  150, &r);
    extra_args = "";
    CHECK(rc == 0 && r.n == 150, "exit %d", rc);
    FILE *f = fopen(raw, "rb");
    int16_t *pcm = malloc(150 * 800 * 2 * sizeof(int16_t));
    size_t got = f && pcm ? fread(pcm, 4, 150 * 800, f) : 0;
    if (f)
        fclose(f);
    CHECK(got == 150 * 800, "the sink took %zu sample frames, want %d", got, 150 * 800);
    static const int ks[] = {1, 2, 3, 5, 30, 60, 90, 119, 121, 125, 130, 149};
    for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]) && got == 150 * 800 && r.n == 150; i++) {
        int k = ks[i];
        // The last sample the output took by refresh k, as time within the loop.
        double t_sound = 2.0 * pcm[((size_t)(k + 1) * 800 - 1) * 2] / 32768.0 + 1.0 / 48000;
        int frame = frame_at(&r.frames[k], NULL);
        double t_picture = frame / 25.0;
        CHECK(frame >= 0 && fabs(t_sound - t_picture) <= 1.0 / 25 + 1e-9,
              "refresh %d: sound at %.4f s, picture frame %d (%.4f s)", k, t_sound, frame,
              t_picture);
    }
    free(pcm);
    run_free(&r);
}

// Whether a pixel is the picture (blue) rather than the zone's magenta; an edge blended half
// way counts as the picture.
static int is_picture(const struct bt_test_image *img, int x, int y)
{
    return (bt_test_pixel(img, x, y) >> 8 & 0xFF) > 39;
}

// Anamorphic pixels shown at their aspect: a 5:4 frame of SAR 64:45 fills 16:9 of a square
// zone; one of square pixels stays 5:4.
static void check_aspect(const char *renderer)
{
    static const struct {
        const char *file;
        double ratio;
    } clips[] = {{"sar-64-45.mp4", 16.0 / 9}, {"sar-1.mp4", 5.0 / 4}};
    for (int c = 0; c < 2; c++) {
        char name[96], items[256], tag[32];
        snprintf(name, sizeof(name), "aspect %s/%s", clips[c].file, renderer);
        bt_test_case = name;
        snprintf(items, sizeof(items), "{\"type\": \"video\", \"src\": \"%s\"}", clips[c].file);
        snprintf(tag, sizeof(tag), "aspect%d", c);
        play_w = play_h = 160;
        struct run r;
        int rc = play(renderer, tag, items, 4, &r);
        play_w = W;
        play_h = H;
        CHECK(rc == 0 && r.n == 4, "exit %d", rc);
        if (r.n == 4) {
            const struct bt_test_image *img = &r.frames[3];
            int w = 0, h = 0;
            for (int x = 0; x < img->w; x++)
                w += is_picture(img, x, img->h / 2);
            for (int y = 0; y < img->h; y++)
                h += is_picture(img, img->w / 2, y);
            double ratio = h ? (double)w / h : 0;
            CHECK(fabs(ratio - clips[c].ratio) < 0.04, "drawn %dx%d (%.3f), want %.3f", w, h, ratio,
                  clips[c].ratio);
        }
        run_free(&r);
    }
}

// The share of 3x3 blocks of one colour in a picture scaled up three times (the best of the
// three phases in each direction): 1 by nearest pixel, about 0 when filtered.
static double blocky(const struct bt_test_image *img)
{
    double best = 0;
    for (int py = 0; py < 3; py++)
        for (int px = 0; px < 3; px++) {
            int blocks = 0, uniform = 0;
            for (int by = img->h / 4 + py; by + 3 <= img->h * 3 / 4; by += 3)
                for (int bx = img->w / 4 + px; bx + 3 <= img->w * 3 / 4; bx += 3) {
                    uint32_t p = bt_test_pixel(img, bx, by);
                    int same = 1;
                    for (int k = 1; k < 9 && same; k++)
                        same = bt_test_pixel(img, bx + k % 3, by + k / 3) == p;
                    blocks++;
                    uniform += same;
                }
            if (blocks && (double)uniform / blocks > best)
                best = (double)uniform / blocks;
        }
    return best;
}

// A 640x360 clip on a 1920x1080 screen is filtered as it is scaled up, unless the output asks
// for hard pixels.
static void check_filtering(const char *renderer)
{
    static const struct {
        const char *what, *args;
        int sharp;
    } cases[] = {{"linear", "", 0},
                 {"integer_scale", "--set integer_scale=true", 1},
                 {"scale_filter=nearest", "--set scale_filter=nearest", 1}};
    for (int c = 0; c < 2; c++) {
        char name[96], tag[32];
        snprintf(name, sizeof(name), "scaling %s/%s", cases[c].what, renderer);
        bt_test_case = name;
        snprintf(tag, sizeof(tag), "scale%d", c);
        play_w = 1920;
        play_h = 1080;
        extra_args = cases[c].args;
        struct run r;
        int rc =
            play(renderer, tag, "{\"type\": \"video\", \"src\": \"noise-640x360.mp4\"}", 2, &r);
        play_w = W;
        play_h = H;
        extra_args = "";
        CHECK(rc == 0 && r.n == 2, "exit %d", rc);
        if (r.n == 2) {
            double share = blocky(&r.frames[1]);
            CHECK(cases[c].sharp ? share > 0.9 : share < 0.05, "%.1f %% of 3x3 blocks are uniform",
                  share * 100);
        }
        run_free(&r);
    }
}

// In step with the display: refreshes that come up to 40 % of an interval early or late (the
// simulated clock's jitter) still show each frame of a 60 fps clip on one refresh of 60 Hz, and
// each of a 30 fps clip on two, none dropped; a 24 fps clip is shown by its timestamps.
static void check_display_sync(const char *renderer)
{
    static const struct {
        const char *file, *mode;
        int fps, refreshes;   // refreshes: each frame's, when in step
    } clips[] = {
        {"c60.mp4", "60.00 fps on a 60.00 Hz display: one frame per refresh", 60, 1},
        {"c30.mp4", "30.00 fps on a 60.00 Hz display: one frame per 2 refreshes", 30, 2},
        {"c24.mp4", "24.000 fps on a 60.00 Hz display: frames by their timestamps", 24, 0}};
    setenv("BT_SIM_JITTER", "0.4:7", 1);
    for (int c = 0; c < 3; c++) {
        char name[96], items[512], tag[32];
        snprintf(name, sizeof(name), "display sync %s/%s", clips[c].file, renderer);
        bt_test_case = name;
        snprintf(items, sizeof(items),
                 "{\"type\": \"video\", \"src\": \"%s\", \"plays\": 1}, "
                 "{\"type\": \"text\", \"text\": \"x\"}",
                 clips[c].file);
        snprintf(tag, sizeof(tag), "sync%d", c);
        struct run r;
        int rc = play(renderer, tag, items, 120, &r);
        CHECK(rc == 0 && r.n == 120, "exit %d, %d frames", rc, r.n);
        CHECK(r.log && strstr(r.log, clips[c].mode), "not said \"%s\":\n%s", clips[c].mode,
              r.log ? r.log : "");
        if (!clips[c].refreshes) {
            run_free(&r);
            continue;
        }
        // How many refreshes show each frame of the clip, in order: its 60 frames take the
        // first 60 or 120 refreshes.
        int shown[128] = {0}, order = 1, last = -1, frames = 60;
        for (int k = 0; k < frames * clips[c].refreshes && k < r.n; k++) {
            int f = frame_at(&r.frames[k], NULL);
            if (f >= 0 && f < 128)
                shown[f]++;
            order &= f >= last;
            last = f;
        }
        int wrong = 0, first = -1;
        for (int f = 0; f < frames; f++)
            if (shown[f] != clips[c].refreshes && wrong++ == 0)
                first = f;
        CHECK(order && wrong == 0, "%d frames not shown on %d refreshes each; frame %d on %d%s",
              wrong, clips[c].refreshes, first, first >= 0 ? shown[first] : 0,
              order ? "" : "; out of order");
        CHECK(r.log && strstr(r.log, "dropped 0"), "frames were dropped:\n%s", r.log);
        run_free(&r);
    }
    unsetenv("BT_SIM_JITTER");
}

// In step with a display a little slower than the clip (30 fps on 59.5 Hz, each frame on two
// refreshes, the clip played 0.8 % slow): the sound is resampled to the same pace, so the
// sample the output reached by each refresh is the pictures' time, not the clock's.
static void check_resampled(const char *renderer)
{
    char name[96], raw[800], arg[900], json[1024], args[2048], tag[64];
    snprintf(name, sizeof(name), "sound resampled to the display/%s", renderer);
    bt_test_case = name;
    snprintf(raw, sizeof(raw), "%s/resampled-%s.raw", dir, renderer);
    snprintf(json, sizeof(json),
             "{\"version\": 1, \"canvas\": {\"width\": %d, \"height\": %d}, \"zones\": [{\"id\": "
             "\"z\", \"x\": 0, \"y\": 0, \"w\": %d, \"h\": %d, \"items\": [{\"type\": \"video\", "
             "\"src\": \"av30.mkv\", \"muted\": false}]}]}",
             W, H, W, H);
    snprintf(tag, sizeof(tag), "resampled-%s.json", renderer);
    const char *pl = bt_test_write(tag, json);
    snprintf(arg, sizeof(arg), "--set audio_device=file:%s", raw);
    snprintf(args, sizeof(args),
             "--config /dev/null --headless --renderer %s --window %dx%d --fps 59.5 --frames 119 "
             "--snapshot 100 --out %s/resampled-%s %s %s",
             renderer, W, H, dir, renderer, arg, pl);
    snprintf(tag, sizeof(tag), "resampled-%s", renderer);
    char *err = NULL;
    CHECK(bt_test_run_bangtin(tag, args, NULL, &err) == 0, "exit");
    CHECK(err && strstr(err, "30.00 fps on a 59.50 Hz display: one frame per 2 refreshes"),
          "not in step:\n%s", err ? err : "");
    free(err);
    FILE *f = fopen(raw, "rb");
    const size_t FRAMES = 2 * 48000 + 2;   // 119 refreshes at 59.5 Hz: 2 s
    int16_t *pcm = malloc(FRAMES * 2 * sizeof(int16_t));
    size_t got = f && pcm ? fread(pcm, 4, FRAMES, f) : 0;
    if (f)
        fclose(f);
    static const int ks[] = {10, 30, 60, 90, 110, 118};
    for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) {
        int k = ks[i];
        size_t n = (size_t)llround((k + 1) * 48000 / 59.5);   // taken by the end of refresh k
        if (n > got) {
            CHECK(0, "the sink took %zu sample frames, want %zu", got, n);
            break;
        }
        double t_sound = 2.0 * pcm[(n - 1) * 2] / 32768.0 + 1.0 / 48000;
        double t_pictures = k / 60.0;   // (the clip starts on refresh 0, its sound on 1)
        CHECK(fabs(t_sound - t_pictures) < 0.002, "refresh %d: sound at %.4f s, pictures at %.4f s",
              k, t_sound, t_pictures);
    }
    free(pcm);
    struct bt_test_image img;
    char png[1400];
    snprintf(png, sizeof(png), "%s/resampled-%s/frame-%06d.png", dir, renderer, 100);
    CHECK(bt_test_image_load(png, &img) == 0, "no frame 100");
    CHECK(frame_at(&img, NULL) == 50, "refresh 100 shows frame %d, want 50", frame_at(&img, NULL));
    bt_test_image_free(&img);
}

// Pictures in step with the display and sound that jumps 0.1 s ahead (a cut in it): frames are
// skipped, one at a time and said, until the pictures are back with the sound.
static void check_drift(const char *renderer)
{
    char name[96], raw[800], arg[900];
    snprintf(name, sizeof(name), "drift corrected/%s", renderer);
    bt_test_case = name;
    snprintf(raw, sizeof(raw), "%s/cut-%s.raw", dir, renderer);
    snprintf(arg, sizeof(arg), "--set audio_device=file:%s --set log_level=debug", raw);
    extra_args = arg;
    struct run r;
    int rc = play(renderer, "cut",
                  "{\"type\": \"video\", \"src\": \"av30-cut.mkv\", \"muted\": false}", 110, &r);
    extra_args = "";
    CHECK(rc == 0 && r.n == 110, "exit %d", rc);
    int skipped = 0;
    for (const char *p = r.log; p && (p = strstr(p, "; a frame skipped")); p++)
        skipped++;
    CHECK(skipped >= 1 && skipped <= 4, "%d frames skipped:\n%s", skipped, r.log ? r.log : "");
    FILE *f = fopen(raw, "rb");
    int16_t *pcm = malloc(110 * 800 * 2 * sizeof(int16_t));
    size_t got = f && pcm ? fread(pcm, 4, 110 * 800, f) : 0;
    if (f)
        fclose(f);
    CHECK(got == 110 * 800, "the sink took %zu sample frames", got);
    static const int ks[] = {20, 80, 100, 109};
    for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]) && got == 110 * 800 && r.n == 110; i++) {
        int k = ks[i];
        double t_sound = 2.0 * pcm[((size_t)k * 800 - 1) * 2] / 32768.0 + 1.0 / 48000;
        double t_picture = frame_at(&r.frames[k], NULL) / 30.0;
        // Within the bound (two refreshes) and a frame.
        CHECK(fabs(t_sound - t_picture) <= 2 / 60.0 + 1 / 30.0 + 1e-9,
              "refresh %d: sound at %.4f s, picture at %.4f s", k, t_sound, t_picture);
    }
    free(pcm);
    run_free(&r);
}

// Asked for the Pi's H.264 hardware decoder where there is none: one line, then software.
static void check_hwdec(const char *renderer)
{
    char name[96];
    snprintf(name, sizeof(name), "hwdec fallback/%s", renderer);
    bt_test_case = name;
    struct run r;
    extra_args = "--set hwdec=h264_v4l2m2m";
    int rc = play(renderer, "hwdec", "{\"type\": \"video\", \"src\": \"c25.mp4\"}", 30, &r);
    extra_args = "";
    CHECK(rc == 0 && r.n == 30, "exit %d", rc);
    int lines = 0;
    for (const char *p = r.log; p && (p = strstr(p, "decoding in software")); p++)
        lines++;
    CHECK(lines == 1, "said %d times:\n%s", lines, r.log ? r.log : "");
    CHECK(r.n == 30 && frame_at(&r.frames[29], NULL) == expected_cfr(29, 25), "wrong frame");
    run_free(&r);
}

static const struct {
    const char *file, *reason;
} bad_files[] = {
    {"truncated.mp4", "is not a video bangtin plays"},
    {"empty.mp4", "is empty (0 bytes)"},
    {"random.mp4", "is not a video bangtin plays"},
    {"hls.mp4", "is not a video bangtin plays"},
    {"stall.mp4", "is not a regular file"},
    {"unknown-codec.mp4", "which this system's FFmpeg cannot decode"},
    {"audio-only.mp4", "has no video stream"},
    {"missing.mp4", "cannot read it"},
};

// Each bad file before a good clip: one line with the reason, and the good clip plays.
static void check_bad(const char *renderer)
{
    for (size_t i = 0; i < sizeof(bad_files) / sizeof(bad_files[0]); i++) {
        char name[128], items[512], tag[64];
        snprintf(name, sizeof(name), "%s/%s", bad_files[i].file, renderer);
        bt_test_case = name;
        snprintf(items, sizeof(items),
                 "{\"type\": \"video\", \"src\": \"%s\"}, {\"type\": \"video\", \"src\": "
                 "\"a.mp4\"}",
                 bad_files[i].file);
        snprintf(tag, sizeof(tag), "bad%zu", i);
        struct run r;
        int rc = play(renderer, tag, items, 90, &r);
        CHECK(rc == 0 && r.n == 90, "exit %d (a hang would not exit)", rc);
        int lines = 0;
        for (const char *p = r.log; p && (p = strstr(p, bad_files[i].reason)); p++)
            lines++;
        CHECK(lines == 1, "the reason \"%s\" is logged %d times:\n%s", bad_files[i].reason, lines,
              r.log ? r.log : "");
        // The zone moved on to the good clip by the second refresh at the latest.
        int good = 0;
        for (int k = 2; k < r.n; k++)
            good += frame_at(&r.frames[k], NULL) >= 0;
        CHECK(good == r.n - 2, "the good clip shows on only %d of %d refreshes", good, r.n - 2);
        run_free(&r);
    }
}

// A file cut short while it plays: the clip ends early, nothing hangs.
static void check_truncated_while_playing(void)
{
    bt_test_case = "truncated while playing";
    char path[800];
    snprintf(path, sizeof(path), "%s/cut-live.mp4", dir);
    struct bt_video *v = bt_video_open(path, 1, 0, 0, 0);
    double t;
    int frames = 0;
    CHECK(v && bt_video_peek(v, 0, &t, 1) != NULL, "no first frame");
    struct stat st;
    if (stat(path, &st) == 0 && truncate(path, st.st_size / 2) != 0)
        CHECK(0, "cannot truncate");
    while (v && bt_video_peek(v, 0, &t, 1)) {
        bt_video_pop(v);
        frames++;
    }
    CHECK(v && bt_video_drained(v), "not drained");
    CHECK(frames > 0 && frames < 200, "%d frames of 200 from a file cut in half", frames);
    bt_video_close(v);
}

// A stream added while the clip plays (the sound of grows.ts): every frame still comes, in order.
// Under ThreadSanitizer this also checks that the decoder leaves the demuxer's streams alone.
static void check_stream_added(void)
{
    bt_test_case = "a stream added while playing";
    char path[800];
    snprintf(path, sizeof(path), "%s/grows.ts", dir);
    struct bt_video *v = bt_video_open(path, 1, 0, 0, 0);
    double t, last = -1;
    int frames = 0, ordered = 1;
    while (v && bt_video_peek(v, 0, &t, 1)) {
        ordered &= t > last;
        last = t;
        bt_video_pop(v);
        frames++;
    }
    CHECK(v && bt_video_status(v) > 0 && bt_video_drained(v), "not played to its end");
    CHECK(frames == 200 && ordered, "%d frames of 200%s", frames, ordered ? "" : ", out of order");
    bt_video_close(v);
}

int main(int argc, char **argv)
{
    bt_test_with_plain_tools(make_media);
    check_truncated_while_playing();
    check_stream_added();
    for (int i = 1; i < argc; i++) {
        check_aspect(argv[i]);
        check_filtering(argv[i]);
        check_accuracy(argv[i]);
        check_display_sync(argv[i]);
        check_gapless(argv[i]);
        check_codecs(argv[i]);
        check_bad(argv[i]);
        check_hwdec(argv[i]);
        check_two_zones(argv[i]);
        check_dropping(argv[i]);
        check_av_sync(argv[i]);
        check_resampled(argv[i]);
        check_drift(argv[i]);
    }
    return bt_test_end();
}
