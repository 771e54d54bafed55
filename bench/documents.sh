#!/usr/bin/env bash
# What a hostile playlist can cost: big documents made here, each read by `bangtin check` and
# played headless for one frame (1280x720, the software renderer), with wall time and peak
# memory (/usr/bin/time), each bounded by a timeout. The documents: 40,000 and as many as fit in
# 64 MiB overrides, a text of 10,000 combining marks on one letter as a slide and as a ticker,
# a text of 60 MB, 3.6 M clock items in 61 MB, 1 M brightness entries.
#   bash bench/documents.sh [TIMEOUT_SECONDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
limit=${1:-60}
bin=$(readlink -f "${BANGTIN:-build/player/bangtin}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 tests/hostile_documents.py "$tmp"
printf '%-18s %9s  %-34s %s\n' document size "bangtin check" "bangtin --headless, 1 frame"
run() {   # run OUT COMMAND... -> "12.3 s, 456 MiB, exit 0" or "> LIMIT s (stopped)"
    local out=$1 rc=0
    shift
    /usr/bin/time -f '%e %M' -o "$out" timeout "$limit" "$@" >/dev/null 2>&1 || rc=$?
    if [ "$rc" = 124 ]; then
        echo "> $limit s (stopped)"
        return
    fi
    read -r secs kib < <(tail -1 "$out")
    printf '%s s, %d MiB, exit %d' "$secs" $((kib / 1024)) "$rc"
}
for f in "$tmp"/*.json; do
    name=$(basename "$f" .json)
    size=$(du -h --apparent-size "$f" | cut -f1)
    c=$(run "$tmp/t1" "$bin" check "$f")
    p=$(run "$tmp/t2" env SDL_VIDEODRIVER=offscreen "$bin" --config /dev/null --headless \
        --renderer software --window 1280x720 --frames 1 "$f")
    printf '%-18s %9s  %-34s %s\n' "$name" "$size" "$c" "$p"
done
