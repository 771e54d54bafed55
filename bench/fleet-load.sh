#!/usr/bin/env bash
# The report folder and the alerts at fleet scale (issue 19): what one nginx on this machine
# sustains of the requests a fleet makes, measured with a bounded load generator (wrk, Debian's
# package; 2 threads, CONNS connections, SECONDS each), each kind alone and all mixed as 1,000
# screens mix them at the default intervals:
#   - alerts.json revalidated (If-None-Match: 304), every 15 s a screen;
#   - playlist.json revalidated (304), every 300 s;
#   - SCREEN_ID/status.json PUT (the size a player sends), every 300 s, with basic auth;
#   - SCREEN_ID/screen.jpg PUT (the size bench/screenshot.sh measured), every 600 s.
# nginx 1 worker (as a small ward server), access log off (its cost is the disk's), over loopback.
#   bash bench/fleet-load.sh [SECONDS [CONNS]]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
seconds=${1:-10}
conns=${2:-32}
tmp=$(mktemp -d)
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$tmp/www/ward" "$tmp/reports" "$tmp/ng"
echo '{"raised": []}' >"$tmp/www/alerts.json"
cp playlists/demo.json "$tmp/www/ward/playlist.json"
echo 'screen:{PLAIN}pw' >"$tmp/htpasswd"
cat >"$tmp/ng/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1;
pid $tmp/ng/nginx.pid; error_log $tmp/ng/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/ng; proxy_temp_path $tmp/ng; fastcgi_temp_path $tmp/ng;
  uwsgi_temp_path $tmp/ng; scgi_temp_path $tmp/ng;
  server { listen 127.0.0.1:$port; root $tmp/www; etag on;
    location /reports/ { alias $tmp/reports/; dav_methods PUT; create_full_put_path on;
      client_max_body_size 8m; auth_basic "ward"; auth_basic_user_file $tmp/htpasswd; }
  }
}
CONF
/usr/sbin/nginx -c "$tmp/ng/nginx.conf" -p "$tmp/ng" &
pid=$!
sleep 0.5
base=http://127.0.0.1:$port
etag() { curl -s -D - -o /dev/null "$base$1" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p'; }
alerts_etag=$(etag /alerts.json)
playlist_etag=$(etag /ward/playlist.json)
# A status report as a player writes it, and a picture of the size a shot is.
python3 - "$tmp/status.json" <<'PY'
import json, sys, time
json.dump({"screen_id": "phuong-001", "version": "0.1.0", "reported_at": int(time.time()),
           "uptime_s": 86400, "poll_interval_s": 300, "revision": "2026-12-06 tuần 49",
           "pending_revision": "", "problem": "", "cache_bytes": 123456789,
           "clock": {"trusted": True, "source": "ntp", "offset_ms": 0, "server_date": True},
           "display_on": True, "ips": "192.168.1.20 fe80::1", "temperature_c": 47.2,
           "frames_dropped": 0, "plays_today": 5000, "today": "2026-12-06",
           "screenshot_at": int(time.time())}, open(sys.argv[1], "w"), indent=2)
PY
head -c 8300 /dev/urandom >"$tmp/screen.jpg"
auth=$(printf 'screen:pw' | base64)
# One wrk script: each request is the next of a cycle weighted as a fleet's mix (per 300 s a
# screen: 20 alerts, 1 playlist, 1 status, 0.5 picture), screens' folders in turn.
cat >"$tmp/mix.lua" <<LUA
local function slurp(p) local f = io.open(p, "rb"); local s = f:read("*a"); f:close(); return s end
local status, shot = slurp("$tmp/status.json"), slurp("$tmp/screen.jpg")
local kind = os.getenv("KIND") or "mix"
local cycle = {}
if kind == "mix" then
  for i = 1, 40 do cycle[#cycle + 1] = "alerts" end
  cycle[#cycle + 1] = "playlist"; cycle[#cycle + 1] = "playlist"
  cycle[#cycle + 1] = "status"; cycle[#cycle + 1] = "status"
  cycle[#cycle + 1] = "shot"
else
  cycle[1] = kind
end
local n = 0
request = function()
  n = n + 1
  local k = cycle[(n % #cycle) + 1]
  local screen = string.format("phuong-%03d", n % 1000)
  if k == "alerts" then
    return wrk.format("GET", "/alerts.json", {["If-None-Match"] = '$alerts_etag'})
  elseif k == "playlist" then
    return wrk.format("GET", "/ward/playlist.json", {["If-None-Match"] = '$playlist_etag'})
  elseif k == "status" then
    return wrk.format("PUT", "/reports/" .. screen .. "/status.json",
      {["Authorization"] = "Basic $auth", ["Content-Type"] = "application/json"}, status)
  else
    return wrk.format("PUT", "/reports/" .. screen .. "/screen.jpg",
      {["Authorization"] = "Basic $auth", ["Content-Type"] = "image/jpeg"}, shot)
  end
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f %.2f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
printf '%-34s %12s %10s %10s %8s\n' "requests (wrk -t2 -c$conns -d${seconds}s)" "req/s" "p50 ms" "p99 ms" errors
for kind in alerts playlist status shot mix; do
    out=$(KIND=$kind wrk -t2 -c"$conns" -d"${seconds}s" -s "$tmp/mix.lua" "$base" 2>&1 | grep '^RESULT')
    read -r _ rps p50 p99 err <<<"$out"
    printf '%-34s %12s %10s %10s %8s\n' "$kind" "$rps" "$p50" "$p99" "$err"
done
echo "status.json: $(stat -c %s "$tmp/status.json") bytes; screen.jpg: $(stat -c %s "$tmp/screen.jpg") bytes"
echo "folders written: $(find "$tmp/reports" -mindepth 1 -maxdepth 1 -type d | wc -l)"
