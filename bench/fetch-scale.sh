#!/usr/bin/env bash
# The fetch side at fleet scale (issue 15), before and after, on this machine in one run: each
# commit is built (the player only, RelWithDebInfo) from `git archive`, and its player is run
# against one nginx on 127.0.0.1, with tests/faultproxy.py in front where bytes are counted:
#   - a wrong hash: the only item's object is 5.8 MB whose bytes are not its sha256;
#   - a too-big playlist: 200 MB (sparse) that starts as a playlist would;
# each for SECONDS (both commits side by side, polling every POLL seconds), bytes at the proxy
# (and scaled to an hour: run SECONDS=3600 for a real hour);
#   - a new revision while a download crawls on a slow link (20 kB/s for 5.8 MB): how long until
#     the status file names it, then how long SIGTERM takes to end the player.
#   bash bench/fetch-scale.sh [BEFORE [AFTER [SECONDS [POLL]]]]
# BEFORE defaults to e49fbec (the commit issue 15's work started from), AFTER to HEAD, SECONDS
# to 600, POLL to 60. With FETCH_SCALE_BUILDS=DIR the two builds are kept in DIR and reused.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
top=$(pwd)
before=${1:-e49fbec}
after=${2:-HEAD}
seconds=${3:-600}
poll=${4:-60}
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT
ln -s "$(cd .. && pwd)/shared" "$tmp/shared"
[ -z "${FETCH_SCALE_BUILDS:-}" ] || [ -e "$FETCH_SCALE_BUILDS/../shared" ] ||
    ln -s "$(cd .. && pwd)/shared" "$(dirname "$FETCH_SCALE_BUILDS")/shared"

builds=${FETCH_SCALE_BUILDS:-$tmp}
build() {   # rev dir
    [ -x "$2/build/player/bangtin" ] && return
    mkdir -p "$2"
    git archive "$1" | tar -x -C "$2"
    cmake -S "$2" -B "$2/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$2/build" -j 2 --target bangtin >/dev/null
}
echo "== building $before and $after"
build "$before" "$builds/$(git rev-parse --short "$before")"
build "$after" "$builds/$(git rev-parse --short "$after")"
bins=("$builds/$(git rev-parse --short "$before")/build/player/bangtin"
    "$builds/$(git rev-parse --short "$after")/build/player/bangtin")
names=("$(git rev-parse --short "$before")" "$(git rev-parse --short "$after")")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The server.
www=$tmp/www
mkdir -p "$www/o" "$www/hash" "$www/huge" "$www/slow" "$tmp/ng"
port=$(free_port)
cat >"$tmp/ng/nginx.conf" <<EOF
daemon off; master_process off; worker_processes 1;
pid $tmp/ng/nginx.pid; error_log $tmp/ng/error.log;
events { worker_connections 64; }
http {
  access_log $tmp/ng/access.log;
  client_body_temp_path $tmp/ng; proxy_temp_path $tmp/ng; fastcgi_temp_path $tmp/ng;
  uwsgi_temp_path $tmp/ng; scgi_temp_path $tmp/ng;
  server { listen 127.0.0.1:$port; root $www; etag on; }
}
EOF
/usr/sbin/nginx -c "$tmp/ng/nginx.conf" -p "$tmp/ng" &
pids+=($!)

proxy() {   # name -> port; state in $tmp/p-name
    local p
    p=$(free_port)
    mkdir -p "$tmp/p-$1"
    FAULTPROXY_LIFETIME=$((seconds + 600)) python3 "$top/tests/faultproxy.py" "$p" "$port" "$tmp/p-$1" &
    pids+=($!)
    echo "$p" >"$tmp/p-$1/port"
}
for c in 0 1; do proxy hash$c; proxy huge$c; proxy slow$c; done
echo "rate:20000" >"$tmp/p-slow0/fault"
echo "rate:20000" >"$tmp/p-slow1/fault"
sleep 1

# 5.8 MB of bytes, under a name that says another sha256; and the slow link's object.
head -c 5800000 /dev/urandom >"$tmp/obj"
sha=$(sha256sum "$tmp/obj" | cut -d' ' -f1)
cp "$tmp/obj" "$www/o/$sha.bin"
wrong=$(printf '%s' "$sha" | sed 's/^./0/')
[ "$wrong" != "$sha" ] || wrong=$(printf '%s' "$sha" | sed 's/^./1/')
playlist() {   # revision items
    printf '{"version": 1, "revision": "%s", "canvas": {"width": 320, "height": 180}, "zones": [{"id": "z", "x": 0, "y": 0, "w": 320, "h": 180, "items": [%s]}]}\n' "$1" "$2"
}
item() {   # url sha
    printf '{"type": "video", "src": "%s", "sha256": "%s", "size": 5800000}' "$1" "$2"
}
cp "$www/o/$sha.bin" "$www/o/$wrong.bin"   # the size the playlist says, not the bytes
playlist B-huge "$(item o/x.bin "$sha")" >"$www/huge/playlist.json"
truncate -s 200000000 "$www/huge/playlist.json"

run() {   # commit tag url frames fps [poll] -> pid (log in $tmp/tag.log)
    mkdir -p "$tmp/$2"
    "${bins[$1]}" --config /dev/null --set cache_dir="$tmp/$2/cache" --set runtime_dir="$tmp/$2" \
        --set screen_id="$2" --set poll_interval="${6:-$poll}" --set download_window=always \
        --set cache_min_free=0 --renderer software --window 320x180 --fps "$5" --frames "$4" \
        "$3" >"$tmp/$2.log" 2>&1 &
    echo $!
}
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy

echo "== a wrong hash and a too-big playlist, $seconds s each, polling every $poll s"
for c in 0 1; do
    hp=$(cat "$tmp/p-hash$c/port")
    mkdir -p "$www/hash$c"
    playlist B-wrong "$(item "http://127.0.0.1:$hp/o/$wrong.bin" "$wrong")" >"$www/hash$c/playlist.json"
done
declare -A pid
for c in 0 1; do
    pid[hash$c]=$(run $c hash$c "http://127.0.0.1:$(cat "$tmp/p-hash$c/port")/hash$c/playlist.json" \
        $((seconds * 2)) 2)
    pid[huge$c]=$(run $c huge$c "http://127.0.0.1:$(cat "$tmp/p-huge$c/port")/huge/playlist.json" \
        $((seconds * 2)) 2)
done
sleep "$seconds"
sleep 3
for k in "${!pid[@]}"; do kill -9 "${pid[$k]}" 2>/dev/null || true; done
wait_idle() { for _ in $(seq 100); do [ "$(cat "$tmp/p-$1/open" 2>/dev/null || echo 0)" = 0 ] && return; sleep 0.1; done; }
printf '%-8s %-18s %14s %10s %18s\n' commit case "bytes sent" requests "bytes per hour"
for c in 0 1; do
    for what in hash huge; do
        wait_idle "$what$c"
        bytes=$(cat "$tmp/p-$what$c/sent" 2>/dev/null || echo 0)
        if [ "$what" = hash ]; then
            n=$(grep -c "GET /o/$wrong.bin .*screen $what$c;" "$tmp/ng/access.log" || true)
            label="wrong hash"
        else
            n=$(grep -c "GET /huge/playlist.json .*screen $what$c;" "$tmp/ng/access.log" || true)
            label="too-big playlist"
        fi
        printf '%-8s %-18s %14s %10s %18s\n' "${names[$c]}" "$label" "$bytes" "$n" \
            "$(awk "BEGIN { printf \"%.0f\", $bytes * 3600 / $seconds }")"
    done
done

echo "== a new revision during a download at 20 kB/s (polling every 5 s), then SIGTERM"
now() { date +%s.%N; }
alive() { [ -e "/proc/$1" ] && ! grep -q ') Z' "/proc/$1/stat" 2>/dev/null; }
for c in 0 1; do
    sp=$(cat "$tmp/p-slow$c/port")
    mkdir -p "$www/slow$c"
    slow=$(item "http://127.0.0.1:$sp/o/$sha.bin" "$sha")
    playlist B-slow "$slow" >"$www/slow$c/playlist.json"
    p=$(run $c slow$c "http://127.0.0.1:$port/slow$c/playlist.json" 1200 10 5)
    # Once the download runs, a revision is published that needs the same file and a text.
    for _ in $(seq 200); do ls "$tmp/slow$c/cache/partial/$sha" >/dev/null 2>&1 && break; sleep 0.05; done
    sleep 2
    playlist B-new "$slow, {\"type\": \"text\", \"text\": \"new\", \"duration\": 10}" \
        >"$www/slow$c/playlist.json"
    t0=$(now)
    seen="not within 60 s"
    while awk "BEGIN { exit !($(now) - $t0 < 60) }"; do
        if grep -q '"B-new"' "$tmp/slow$c/status.json" 2>/dev/null; then
            seen=$(awk "BEGIN { printf \"%.2f s\", $(now) - $t0 }")
            break
        fi
        sleep 0.05
    done
    # SIGTERM while the download runs.
    have=$(stat -c %s "$tmp/slow$c/cache/partial/$sha" 2>/dev/null || echo 0)
    t0=$(now)
    kill -TERM "$p"
    stop="not within 30 s (killed)"
    while awk "BEGIN { exit !($(now) - $t0 < 30) }"; do
        if ! alive "$p"; then
            stop=$(awk "BEGIN { printf \"%.2f s\", $(now) - $t0 }")
            break
        fi
        sleep 0.01
    done
    kill -9 "$p" 2>/dev/null || true
    printf '%-8s new revision named in the status: %-16s SIGTERM mid-download (%s of 5800000 bytes here) to exit: %s\n' \
        "${names[$c]}" "$seen" "$have" "$stop"
done
