#!/usr/bin/env bash
# Video playback cost against peers, one run, players interleaved, on a 10 s 1080p30 H.264 clip
# made here with ffmpeg (libx264 veryfast), on Xvfb at 1920x1080x24: user+sys CPU seconds and
# peak RSS for bangtin fullscreen, mpv --vo=x11, ffplay, ffmpeg decode-only (the floor) and
# decode plus the one conversion a display without a GPU needs; then bangtin headless.
# bangtin and ffplay use SDL's software renderer. Needs: xvfb ffmpeg mpv time.
#   bash bench/video.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-1}
bin=$(readlink -f "${BANGTIN:-build/player/bangtin}")
for tool in Xvfb ffmpeg ffplay mpv /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "needs $tool (Debian: xvfb ffmpeg mpv time)" >&2; exit 1; }
done
tmp=$(mktemp -d)
display=:91
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$tmp"' EXIT
sleep 1
clip=$tmp/clip.mp4
ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=s=1920x1080:r=30:d=10 -c:v libx264 \
    -preset veryfast -pix_fmt yuv420p "$clip"
printf '{"version": 1, "canvas": {"width": 1920, "height": 1080}, "zones": [{"id": "v", "x": 0, "y": 0, "w": 1920, "h": 1080, "items": [{"type": "video", "src": "%s", "plays": 1}, {"type": "text", "text": "end"}]}]}\n' "$clip" >"$tmp/p.json"

measure() {   # measure LABEL COMMAND...
    local label=$1
    shift
    /usr/bin/time -f '%U %S %M' -o "$tmp/t" "$@" >"$tmp/out" 2>&1 || true
    read -r user sys rss < <(tail -1 "$tmp/t")
    local frames
    frames=$(sed -n 's/.*presented \([0-9]*\) frames, dropped \([0-9]*\).*/presented \1, dropped \2/p' \
        "$tmp/out" | head -1)
    printf '%-44s %6.2f s CPU %9s KiB  %s\n' "$label" "$(echo "$user + $sys" | bc)" "$rss" "$frames"
}

for _ in $(seq "$rounds"); do
    # Fullscreen plays in real time until stopped (SIGINT), just after the clip's 10 s.
    measure "bangtin fullscreen (software, Xvfb)" env DISPLAY=$display SDL_RENDER_DRIVER=software \
        timeout -s INT 10.8 "$bin" --config /dev/null --set renderer=software "$tmp/p.json"
    measure "mpv --vo=x11" env DISPLAY=$display mpv --really-quiet --no-config --vo=x11 --fs \
        --no-audio "$clip"
    measure "ffplay (software)" env DISPLAY=$display SDL_RENDER_DRIVER=software ffplay \
        -loglevel error -autoexit -fs -an "$clip"
    measure "ffmpeg decode only" ffmpeg -nostdin -v error -i "$clip" -f null -
    measure "ffmpeg decode + bgra conversion" ffmpeg -nostdin -v error -i "$clip" -pix_fmt bgra \
        -f null -
    measure "bangtin headless software" "$bin" --config /dev/null --headless --renderer software \
        --fps 30 --frames 300 "$tmp/p.json"
    measure "bangtin headless opengles2" "$bin" --config /dev/null --headless \
        --renderer opengles2 --fps 30 --frames 300 "$tmp/p.json"
done
