#!/usr/bin/env bash
# What stalls a frame, before and after a change, in one run on this machine: each commit is
# built in a temporary worktree and played fullscreen on Xvfb (1920x1080, the software renderer,
# the real clock), taking turns, ROUNDS times:
#   pictures: a video zone (a 10 s 720p30 clip) beside a picture zone that cycles, a second per
#             picture, a 48-megapixel JPEG and a tiny PNG — or, as the baseline, two tiny PNGs;
#             the video zone's dropped frames with each.
#   control:  the same video beside a ticker, while a local client sends the control socket one
#             byte every 20 ms for 10 s (a new connection whenever one is answered or dropped);
#             the video's dropped frames, and the longest turn of the render loop where the
#             commit logs it.
#   bash bench/stalls.sh [BEFORE [AFTER [ROUNDS]]]
# BEFORE defaults to 5f0667b (before pictures left the render thread), AFTER to HEAD, ROUNDS
# to 3. Needs: xvfb ffmpeg python3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
before=${1:-5f0667b}
after=${2:-HEAD}
rounds=${3:-3}
for tool in Xvfb ffmpeg python3; do
    command -v "$tool" >/dev/null || { echo "needs $tool (Debian: xvfb ffmpeg python3)" >&2; exit 1; }
done
tmp=$(mktemp -d)
display=:93
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; for w in "$tmp"/w*; do git worktree remove --force "$w" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT

i=0
for rev in "$before" "$after"; do
    w="$tmp/w$i"
    git worktree add -q --detach "$w" "$rev"
    [ -e "$tmp/shared" ] || ln -s "$(cd .. && pwd)/shared" "$tmp/shared"
    echo "== building $rev ($(git rev-parse --short "$rev"))"
    cmake -S "$w" -B "$w/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$w/build" -j "$(nproc)" >/dev/null
    i=$((i + 1))
done

m=$tmp/media
mkdir -p "$m" "$tmp/run"
ff() { ffmpeg -nostdin -v error -y "$@"; }
ff -f lavfi -i testsrc2=s=1280x720:r=30:d=10 -c:v libx264 -preset veryfast -pix_fmt yuv420p "$m/clip.mp4"
ff -f lavfi -i "gradients=s=8000x6000:seed=1" -frames:v 1 -q:v 3 "$m/huge.jpg"   # 48 MP
ff -f lavfi -i color=c=0x1E7B34:s=64x64 -frames:v 1 "$m/tiny.png"
ff -f lavfi -i color=c=0xC8102E:s=64x64 -frames:v 1 "$m/tiny2.png"
echo "huge.jpg: $(ffprobe -v error -show_entries stream=width,height -of csv=p=0 "$m/huge.jpg") ($(stat -c %s "$m/huge.jpg") bytes)"

zones() {   # zones SECOND_ZONE_ITEMS
    printf '{"version": 1, "canvas": {"width": 1920, "height": 1080}, "zones": [
  {"id": "v", "x": 0, "y": 0, "w": 960, "h": 1080, "items": [{"type": "video", "src": "%s", "duration": 10, "muted": true}]},
  {"id": "p", "x": 960, "y": 0, "w": 960, "h": 1080, "background": "#000000", "items": [%s]}]}\n' "$m/clip.mp4" "$1"
}
pic() { printf '{"type": "image", "src": "%s", "duration": 1, "fit": "cover"}' "$m/$1"; }
zones "$(pic huge.jpg), $(pic tiny.png)" >"$tmp/big.json"
zones "$(pic tiny2.png), $(pic tiny.png)" >"$tmp/tiny.json"
zones '{"type": "ticker", "text": "Bảng tin phường — một byte mỗi 20 ms vào ổ điều khiển", "speed": 240}' >"$tmp/ticker.json"

cat >"$tmp/dribble.py" <<'EOF'
import socket, sys, time
path, seconds = sys.argv[1], float(sys.argv[2])
end = time.monotonic() + seconds
while time.monotonic() < end:
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(path)
    except OSError:
        time.sleep(0.02)
        continue
    s.setblocking(False)
    while time.monotonic() < end:
        try:
            s.send(b"x")
        except OSError:
            break
        time.sleep(0.02)
        try:
            if s.recv(100) is not None:
                break
        except BlockingIOError:
            pass
        except OSError:
            break
    s.close()
EOF

play() {   # play COMMIT_DIR PLAYLIST [dribble] -> "dropped N longest M"
    local w=$1 pl=$2 out=$tmp/out
    rm -rf "$tmp/run" && mkdir -p "$tmp/run"
    env DISPLAY=$display SDL_RENDER_DRIVER=software timeout -s INT 10.8 "$w/build/player/bangtin" \
        --config /dev/null --set renderer=software --set "cache_dir=$tmp/cache" \
        --set "runtime_dir=$tmp/run" "$pl" >"$out" 2>&1 &
    local pid=$!
    if [ "${3:-}" = dribble ]; then
        sleep 0.5
        python3 "$tmp/dribble.py" "$tmp/run/control" 10 || true
    fi
    wait $pid || true
    local dropped longest
    dropped=$(sed -n 's/.*clip.mp4: presented [0-9]* frames, dropped \([0-9]*\).*/\1/p' "$out" | head -1)
    longest=$(sed -n 's/.*the longest turn of the render loop took \([0-9.]*\) ms.*/\1 ms/p' "$out" | tail -1)
    echo "dropped ${dropped:-?}, longest turn ${longest:-not logged}"
}

printf '%-9s %-6s %-34s %s\n' commit round case result
for r in $(seq "$rounds"); do
    i=0
    for rev in "$before" "$after"; do
        w="$tmp/w$i"
        c=$(git rev-parse --short "$rev")
        printf '%-9s %-6s %-34s %s\n' "$c" "$r" "video beside 2 tiny pictures" "$(play "$w" "$tmp/tiny.json")"
        printf '%-9s %-6s %-34s %s\n' "$c" "$r" "video beside 48 MP JPEG + tiny" "$(play "$w" "$tmp/big.json")"
        printf '%-9s %-6s %-34s %s\n' "$c" "$r" "video + ticker, dribbling client" "$(play "$w" "$tmp/ticker.json" dribble)"
        i=$((i + 1))
    done
done
