#!/usr/bin/env bash
# What a transition costs: two full-HD pictures, 2 s each, for 30 simulated seconds at 60 Hz
# (headless, no sleeping: CPU time is the work of the frames), cut from one to the other and
# then with each kind of transition of 1 s: 15 transitions, 900 frames drawn as two layers put
# together. The cost of a transition frame is the CPU time over the cuts' run, per transition
# frame; beside it, the 16.7 ms a 60 Hz refresh gives.
# Each for the renderers given (default: opengles2 software).
#   bash bench/transitions.sh [RENDERER...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=${BANGTIN:-build/player/bangtin}
[ -x "$bin" ] || { echo "build first: bash packaging/setup.sh demo (or cmake)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 1; }
renderers=("$@")
[ ${#renderers[@]} -gt 0 ] || renderers=(opengles2 software)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ffmpeg -v error -f lavfi -i testsrc2=s=1920x1080 -frames:v 1 "$tmp/a.png"
ffmpeg -v error -f lavfi -i mandelbrot=s=1920x1080 -frames:v 1 "$tmp/b.png"
playlist() {   # playlist NAME TRANSITION
    printf '{"version": 1, "canvas": {"width": 1920, "height": 1080}, "zones": [{"id": "z", "x": 0, "y": 0, "w": 1920, "h": 1080, "transition": %s, "items": [{"type": "image", "src": "a.png", "duration": 2}, {"type": "image", "src": "b.png", "duration": 2}]}]}\n' "$2" >"$tmp/$1.json"
}
playlist cut '"cut"'
playlist fade '{"type": "fade", "duration": 1}'
playlist slide '{"type": "slide", "duration": 1}'
playlist slide-up '{"type": "slide", "direction": "up", "duration": 1}'
playlist wipe '{"type": "wipe", "duration": 1}'
cpu() {   # cpu RENDERER NAME -> CPU seconds
    /usr/bin/time -f '%U %S' -o "$tmp/t" "$bin" --config /dev/null --headless --renderer "$1" \
        --window 1920x1080 --fps 60 --frames 1800 "$tmp/$2.json" 2>"$tmp/log" >/dev/null
    read -r user sys <"$tmp/t"
    echo "$user + $sys" | bc
}
for r in "${renderers[@]}"; do
    base=$(cpu "$r" cut)
    printf '%-10s %-9s %6.2f s CPU\n' "$r" cut "$base"
    for k in fade slide slide-up wipe; do
        t=$(cpu "$r" "$k")
        printf '%-10s %-9s %6.2f s CPU  %6.2f ms a transition frame (of 16.7 ms at 60 Hz)\n' \
            "$r" "$k" "$t" "$(echo "($t - $base) * 1000 / 900" | bc -l)"
    done
done
