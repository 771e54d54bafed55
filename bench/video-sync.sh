#!/usr/bin/env bash
# Display-synced video (issue 14): dropped frames and CPU for 10 s H.264 clips at 1080p60,
# 1080p30 and 720p25 (ffmpeg testsrc2, libx264 veryfast, no sound), fullscreen on Xvfb
# 1920x1080x24 (no vsync: bangtin assumes 60 Hz and paces itself), players interleaved:
# bangtin before and after (the commit BEFORE, default the one before the display sync, built
# here with -DBUILD_TESTING=OFF) with SDL's software renderer and with opengles2 (Mesa's
# llvmpipe under Xvfb), and mpv --vo=x11. Dropped: bangtin's "presented N frames, dropped M"
# line; mpv's frame-drop-count + vo-drop-frame-count at unload (a Lua hook). CPU: user+sys from
# GNU time. Needs: xvfb ffmpeg mpv time bc (apt-get install xvfb mpv time bc).
#   bash bench/video-sync.sh [ROUNDS]          (default 3)
#   BEFORE=<commit> BANGTIN=<after binary> bash bench/video-sync.sh
#   EXTRA=<binary> EXTRA_LABEL=<name>: one more bangtin in each round (a change being tried)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-3}
before_rev=${BEFORE:-5f0667b}
after=$(readlink -f "${BANGTIN:-build/player/bangtin}")
for tool in Xvfb ffmpeg mpv /usr/bin/time bc; do
    command -v "$tool" >/dev/null || { echo "needs $tool (Debian: xvfb ffmpeg mpv time bc)" >&2; exit 1; }
done
[ -x "$after" ] || { echo "no $after: build it first (cmake --build build)" >&2; exit 1; }
tmp=$(mktemp -d)
display=:92
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$tmp"' EXIT

# The build before, from the same repository.
git archive --format=tar "$before_rev" | (mkdir -p "$tmp/before-src" && tar -x -C "$tmp/before-src")
cmake -S "$tmp/before-src" -B "$tmp/before-build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBUILD_TESTING=OFF >/dev/null
cmake --build "$tmp/before-build" -j2 --target bangtin >/dev/null
before=$tmp/before-build/player/bangtin

clips=(1080p60 1080p30 720p25)
make_clip() {   # make_clip NAME SIZE RATE
    ffmpeg -nostdin -v error -y -f lavfi -i "testsrc2=s=$2:r=$3:d=10" -c:v libx264 \
        -preset veryfast -pix_fmt yuv420p "$tmp/$1.mp4"
    printf '{"version": 1, "canvas": {"width": 1920, "height": 1080}, "zones": [{"id": "v", "x": 0, "y": 0, "w": 1920, "h": 1080, "items": [{"type": "video", "src": "%s", "plays": 1}, {"type": "text", "text": "end"}]}]}\n' \
        "$tmp/$1.mp4" >"$tmp/$1.json"
}
make_clip 1080p60 1920x1080 60
make_clip 1080p30 1920x1080 30
make_clip 720p25 1280x720 25
cat >"$tmp/drops.lua" <<'EOF'
mp.add_hook("on_unload", 50, function()
    local d = (mp.get_property_number("frame-drop-count") or 0) +
              (mp.get_property_number("vo-drop-frame-count") or 0)
    io.stderr:write(string.format("mpv dropped %d\n", d))
end)
EOF

measure() {   # measure CLIP LABEL COMMAND...
    local clip=$1 label=$2
    shift 2
    /usr/bin/time -f '%U %S' -o "$tmp/t" "$@" >"$tmp/out" 2>&1 || true
    read -r user sys < <(tail -1 "$tmp/t")
    local frames mode
    frames=$(sed -n -e 's/.*presented \([0-9]*\) frames, dropped \([0-9]*\).*/presented \1, dropped \2/p' \
        -e 's/.*mpv dropped \([0-9]*\).*/dropped \1/p' "$tmp/out" | head -1)
    mode=$(sed -n -e 's/.*Hz display: \(.*\)$/\1/p' "$tmp/out" | head -1)
    printf '%-8s %-36s %6.2f s CPU  %-26s %s\n' "$clip" "$label" "$(echo "$user + $sys" | bc)" \
        "$frames" "$mode"
}

bangtin() {   # bangtin CLIP LABEL BINARY RENDERER: fullscreen, in real time, until just after
    measure "$1" "$2" env DISPLAY=$display timeout -s INT 10.8 "$3" --config /dev/null \
        --set renderer="$4" "$tmp/$1.json"
}

sleep 1
for round in $(seq "$rounds"); do
    echo "== round $round"
    for c in "${clips[@]}"; do
        bangtin "$c" "bangtin before (software)" "$before" software
        bangtin "$c" "bangtin after (software)" "$after" software
        bangtin "$c" "bangtin before (opengles2)" "$before" opengles2
        bangtin "$c" "bangtin after (opengles2)" "$after" opengles2
        if [ -n "${EXTRA:-}" ]; then
            bangtin "$c" "bangtin ${EXTRA_LABEL:-extra} (software)" "$EXTRA" software
            bangtin "$c" "bangtin ${EXTRA_LABEL:-extra} (opengles2)" "$EXTRA" opengles2
        fi
        measure "$c" "mpv --vo=x11" env DISPLAY=$display mpv --no-config --really-quiet \
            --vo=x11 --fs --no-audio --script="$tmp/drops.lua" "$tmp/$c.mp4"
    done
done
