#!/usr/bin/env bash
# Parse time and peak memory for a playlist of N items (default 10,000): bangtin's reader in
# player and check mode, and jansson alone on the same file as the peer.
#   bash bench/playlist.sh [ITEMS] [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
items=${1:-10000}
runs=${2:-21}
bin=${BENCH_PLAYLIST:-build/bench/bench_playlist}
[ -x "$bin" ] || { echo "build first: cmake -S . -B build && cmake --build build" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" gen "$tmp/p.json" "$items"
echo "playlist: $items items, $(stat -c %s "$tmp/p.json") bytes"
for mode in jansson play check; do
    /usr/bin/time -f "  peak RSS %M KiB (one run)" "$bin" "$mode" "$tmp/p.json" 1 2>&1 >/dev/null |
        tail -1 >"$tmp/rss"
    printf '%s; %s\n' "$("$bin" "$mode" "$tmp/p.json" "$runs")" "$(cat "$tmp/rss")"
done
