#!/usr/bin/env bash
# What proof of play writes to a screen's card (issue 19): one simulated hour of a playlist,
# headless, and the writer's own count (records, bytes, fdatasyncs) from the player's log; per
# day at 14 hours of operation. On the real clock items end one by one, so a batch is one
# record (or the zones ending on the same refresh): fdatasyncs there are about the records.
#   BANGTIN=build-test/player/bangtin bash bench/plays.sh [playlist...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bangtin=${BANGTIN:-build-test/player/bangtin}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ $# -gt 0 ] || set -- playlists/demo.json
printf '%-28s %10s %10s %10s   %s\n' playlist plays/h bytes/h syncs/h "per day (14 h)"
for p in "$@"; do
    rm -rf "$tmp/cache"
    line=$("$bangtin" --config /dev/null --set cache_dir="$tmp/cache" --set language=en \
        --headless --renderer software --window 320x180 --fps 10 --frames 36000 \
        --at 2026-12-07T08:00 "$p" 2>&1 | grep 'plays logged' || true)
    read -r rec bytes syncs < <(echo "$line" | sed -E 's/.* ([0-9]+) plays logged \(([0-9]+) bytes, ([0-9]+) fdatasyncs\).*/\1 \2 \3/')
    printf '%-28s %10s %10s %10s   %s plays, %s KiB\n' "$(basename "$p")" "$rec" "$bytes" "$syncs" \
        $((rec * 14)) $((bytes * 14 / 1024))
done
