#!/usr/bin/env bash
# Playing content, headless, simulated time (no sleeping: CPU time is the work of the frames):
#  - the demo for 60 simulated seconds at 60 Hz: peak RSS, CPU seconds, time to first frame;
#  - one full-width ticker at 1920x1080 for a simulated minute at 60 Hz: CPU seconds;
#  - the memory a 2,000-character ticker holds: RSS with it less RSS with a 20-character one,
#    both after 10 simulated seconds (strips made as they come into view).
# Each for the renderers given (default: opengles2 software).
#   bash bench/content.sh [RENDERER...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=${BANGTIN:-build/player/bangtin}
[ -x "$bin" ] || { echo "build first: bash packaging/setup.sh demo (or cmake)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 1; }
renderers=("$@")
[ ${#renderers[@]} -gt 0 ] || renderers=(opengles2 software)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ticker() {   # ticker FILE TEXT
    printf '{"version": 1, "canvas": {"width": 1920, "height": 1080}, "zones": [{"id": "b", "x": 0, "y": 900, "w": 1920, "h": 180, "items": [{"type": "ticker", "speed": 120, "text": "%s"}]}]}\n' "$2" >"$1"
}
long=$(for _ in $(seq 16); do printf 'Đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia — Bình dân học vụ số. '; done)
ticker "$tmp/long.json" "${long:0:2000}"
ticker "$tmp/short.json" "Bình dân học vụ số!!"

run() {   # run LABEL RENDERER FRAMES PLAYLIST -> "peak_kib cpu_s ttff_ms"
    /usr/bin/time -f '%M %U %S' -o "$tmp/t" "$bin" --config /dev/null --headless \
        --renderer "$2" --fps 60 --frames "$3" --at 2026-11-23T08:05 "$4" 2>"$tmp/log" >/dev/null
    read -r rss user sys <"$tmp/t"
    ttff=$(sed -n 's/.*first frame presented \([0-9.]*\) ms.*/\1/p' "$tmp/log")
    printf '%-10s %-34s %9s KiB %7.2f s CPU  first frame %s ms\n' "$2" "$1" "$rss" \
        "$(echo "$user + $sys" | bc)" "$ttff"
}
for r in "${renderers[@]}"; do
    run "demo, 60 s" "$r" 3600 playlists/demo.json
    run "full-width ticker, 60 s" "$r" 3600 "$tmp/long.json"
    run "2,000-character ticker, 10 s" "$r" 600 "$tmp/long.json"
    run "20-character ticker, 10 s" "$r" 600 "$tmp/short.json"
done
