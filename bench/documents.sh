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
python3 - "$tmp" <<'EOF'
import json, sys
d = sys.argv[1]
def doc(zone_items, **more):
    p = {"version": 1, "canvas": {"width": 1280, "height": 720},
         "zones": [{"id": "main", "x": 0, "y": 0, "w": 1280, "h": 720, "items": zone_items}]}
    p.update(more)
    return p
text = [{"type": "text", "text": "Bảng tin"}]
def overrides(n):
    return [{"id": "o%d" % i, "priority": 1, "zones": ["main"], "items": text} for i in range(n)]
def write(name, p):
    with open(f"{d}/{name}.json", "w") as f:
        json.dump(p, f, ensure_ascii=False, separators=(",", ":"))
write("overrides-40k", doc(text, overrides=overrides(40000)))
sample = dict(overrides(1)[0], id="o9999999")
one = len(json.dumps(sample, ensure_ascii=False, separators=(",", ":")).encode()) + 1
write("overrides-64MiB", doc(text, overrides=overrides((64 * 1024 * 1024 - 200) // one)))
marks = "a" + "\u0301" * 10000
write("marks-slide", doc([{"type": "text", "text": marks}]))
write("marks-ticker", doc([{"type": "ticker", "text": marks, "speed": 120}]))
clock = {"type": "clock", "format": "{HH}:{MM}"}
n = (61 * 1000 * 1000) // (len(json.dumps(clock, separators=(",", ":"))) + 1)
write("clocks-61MB", doc([clock] * n))
write("text-60MB", doc([{"type": "text", "text": "Bảng tin " * (60 * 1000 * 1000 // 12)}]))
write("brightness-1M", doc(text, brightness=[{"hours": "18:00-06:00", "percent": 40}] * 1000000))
EOF
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
