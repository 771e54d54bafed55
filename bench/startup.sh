#!/usr/bin/env bash
# Start-up cost, headless: time to the first presented frame (the player's own log line) and
# peak resident memory (GNU time), for each renderer, over N runs. Run after a build:
#   bash bench/startup.sh [RUNS]
# Needs /usr/bin/time (Debian package "time").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-10}
bin=${BANGTIN:-build/player/bangtin}
[ -x "$bin" ] || { echo "build first: bash packaging/setup.sh demo (or cmake)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-10s %-12s %8s %8s %8s %10s\n' renderer window "ttff min" median max "peak RSS"
for renderer in opengles2 software; do
    for window in 1920x1080 768x384; do
        : >"$tmp/ttff"
        : >"$tmp/rss"
        for _ in $(seq "$runs"); do
            /usr/bin/time -f '%M' -o "$tmp/t" "$bin" --config /dev/null --headless \
                --renderer "$renderer" --window "$window" --frames 1 playlists/demo.json \
                2>"$tmp/log" >/dev/null
            sed -n 's/.*first frame presented \([0-9.]*\) ms.*/\1/p' "$tmp/log" >>"$tmp/ttff"
            cat "$tmp/t" >>"$tmp/rss"
        done
        sort -n "$tmp/ttff" -o "$tmp/ttff"
        sort -n "$tmp/rss" -o "$tmp/rss"
        n=$(wc -l <"$tmp/ttff")
        printf '%-10s %-12s %6s ms %5s ms %5s ms %7s KiB\n' "$renderer" "$window" \
            "$(head -1 "$tmp/ttff")" "$(sed -n "$(((n + 1) / 2))p" "$tmp/ttff")" \
            "$(tail -1 "$tmp/ttff")" "$(tail -1 "$tmp/rss")"
    done
done
