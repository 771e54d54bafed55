#!/usr/bin/env bash
# Time from a playlist change on the server to the new revision on screen, with
# poll_interval=5: nginx on 127.0.0.1 serves a playlist; the player plays it in a window
# (SDL's offscreen driver, real clock); each round publishes a new revision that adds a new
# picture (so a download is part of it) and times the player's "now playing revision" line
# from the moment the new playlist.json is in place. Run after a build:
#   bash bench/revision.sh [ROUNDS]
# Needs nginx (nginx-light) and ffmpeg.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-10}
bin=$(realpath "${BANGTIN:-build/player/bangtin}")
[ -x "$bin" ] || { echo "build first: bash packaging/setup.sh demo (or cmake)" >&2; exit 1; }
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$tmp/www/objects" "$tmp/tmp"
cat >"$tmp/nginx.conf" <<EOF
daemon off; master_process off; worker_processes 1;
pid $tmp/nginx.pid; error_log $tmp/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $tmp/tmp; proxy_temp_path $tmp/tmp; fastcgi_temp_path $tmp/tmp;
  uwsgi_temp_path $tmp/tmp; scgi_temp_path $tmp/tmp;
  server { listen 127.0.0.1:$port; root $tmp/www; etag on; }
}
EOF
nginx -c "$tmp/nginx.conf" -p "$tmp" &
nginx_pid=$!
player_pid=
trap 'kill $player_pid $nginx_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$tmp"' EXIT

# publish N: a playlist of revision rN with a picture of its own, put in place atomically.
publish() {
    local n=$1 colour
    colour=$(printf '%02x%02x%02x' $((n * 37 % 256)) $((n * 91 % 256)) $((n * 53 % 256)))
    ffmpeg -loglevel error -y -f lavfi -i "color=c=0x$colour:s=640x360" -frames:v 1 \
        "$tmp/p.png"
    local sha size
    sha=$(sha256sum "$tmp/p.png" | cut -d' ' -f1)
    size=$(stat -c %s "$tmp/p.png")
    mv "$tmp/p.png" "$tmp/www/objects/$sha.png"
    cat >"$tmp/www/next.json" <<EOF
{"version": 1, "revision": "r$n", "canvas": {"width": 640, "height": 360},
 "zones": [{"id": "z", "x": 0, "y": 0, "w": 640, "h": 360, "items": [
   {"type": "image", "src": "objects/$sha.png", "sha256": "$sha", "size": $size,
    "duration": 60}]}]}
EOF
    mv "$tmp/www/next.json" "$tmp/www/playlist.json"
}

publish 0
sleep 0.5
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy "$bin" --config /dev/null \
    --set cache_dir="$tmp/cache" --set poll_interval=5 --set download_window=always \
    --renderer software --window 640x360 --fps 30 "http://127.0.0.1:$port/playlist.json" \
    2>&1 | while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done \
    >"$tmp/log" &
player_pid=$!
for _ in $(seq 100); do grep -q 'now playing revision "r0"\|first frame' "$tmp/log" && break; sleep 0.1; done
sleep 1
: >"$tmp/times"
for n in $(seq "$rounds"); do
    # Publish at a random moment of the poll period.
    sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 1 + r % 400 / 100 }')"
    t0=$(date +%s.%N)
    publish "$n"
    for _ in $(seq 200); do
        line=$(grep "now playing revision \"r$n\"" "$tmp/log" || true)
        [ -n "$line" ] && break
        sleep 0.05
    done
    [ -n "$line" ] || { echo "revision r$n never played" >&2; cat "$tmp/log" >&2; exit 1; }
    awk -v t0="$t0" '{ printf "%.2f\n", $1 - t0 }' <<<"$line" >>"$tmp/times"
done
sort -n "$tmp/times" -o "$tmp/times"
n=$(wc -l <"$tmp/times")
echo "time from a new playlist on the server to its revision on screen, poll_interval=5," \
    "$n rounds:"
echo "  min $(head -1 "$tmp/times") s, median $(sed -n "$(((n + 1) / 2))p" "$tmp/times") s," \
    "max $(tail -1 "$tmp/times") s"
echo "  all: $(tr '\n' ' ' <"$tmp/times")"
