#!/usr/bin/env bash
# The Debian package, as an installer meets it: build it (the suite has run already: nocheck),
# lintian with no errors or warnings, install it with apt, check what it put where, run the
# installed player as the bangtin user under systemd's notify protocol (READY=1 after the
# first frame, WATCHDOG=1 while frames are presented, none while the player is frozen), then
# remove (the config stays) and purge (the cache goes, the user stays). Run as root.
#   bash tests/package-test.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
fail() { echo "package test FAILED: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "run it as root (it installs the package)"

mkdir -p build
version=$(sed -n 's/^project(bangtin VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
arch=$(dpkg --print-architecture)
DEB_BUILD_OPTIONS=nocheck bash packaging/build-deb.sh >build/deb-build.log 2>&1 ||
    { tail -30 build/deb-build.log; fail "the package did not build"; }
deb=build/deb/bangtin_${version}_${arch}.deb
echo "== $deb: $(stat -c %s "$deb") bytes"

echo "== lintian"
lintian --allow-root "build/deb/bangtin_${version}_${arch}.changes" | tee build/lintian.txt
! grep -q '^[EW]:' build/lintian.txt || fail "lintian has errors or warnings"

echo "== install"
apt-get install -y -q -o DPkg::Lock::Timeout=600 "./$deb" >build/apt-install.log 2>&1 ||
    { cat build/apt-install.log; fail "apt-get install"; }
for f in /usr/bin/bangtin /etc/bangtin/bangtin.conf /lib/systemd/system/bangtin.service \
    /usr/share/bangtin/fonts/NotoSans-Regular.ttf /usr/share/bangtin/playlists/demo.json \
    /usr/share/bangtin/assets/demo/nq57.png /usr/share/doc/bangtin/nginx-bangtin.conf \
    /usr/share/man/man1/bangtin.1.gz /usr/share/doc/bangtin/copyright \
    /usr/share/bangtin/fleet/index.html; do
    [ -e "$f" ] || fail "$f is missing"
done
grep -qx /etc/bangtin/bangtin.conf /var/lib/dpkg/info/bangtin.conffiles ||
    fail "bangtin.conf is not a conffile"
id bangtin >/dev/null || fail "no user bangtin"
groups=$(id -nG bangtin)
for g in video audio; do [[ " $groups " == *" $g "* ]] || fail "bangtin is not in $g ($groups)"; done
if getent group render >/dev/null; then
    [[ " $groups " == *" render "* ]] || fail "bangtin is not in render ($groups)"
fi
[[ " $groups " != *" input "* ]] || fail "bangtin is in input"
[ "$(stat -c %U /var/cache/bangtin)" = bangtin ] || fail "/var/cache/bangtin is not bangtin's"
mode=$(stat -c '%a %U %G' /etc/bangtin/netrc)
[ "$mode" = "640 root bangtin" ] || fail "/etc/bangtin/netrc is $mode, not 640 root bangtin"
mode=$(stat -c '%a %U %G' /etc/bangtin/bangtin.conf)
[ "$mode" = "640 root bangtin" ] || fail "/etc/bangtin/bangtin.conf is $mode, not 640 root bangtin"
su -s /bin/sh nobody -c 'cat /etc/bangtin/bangtin.conf' >/dev/null 2>&1 &&
    fail "a user outside group bangtin reads the config"
[ "$(bangtin --version)" = "bangtin $version" ] || fail "bangtin --version: $(bangtin --version)"
! grep -q -a -F "$PWD" /usr/bin/bangtin || fail "/usr/bin/bangtin names the build folder $PWD"
bangtin check /usr/share/bangtin/playlists/demo.json || fail "bangtin check on the demo"
bangtin check-config /etc/bangtin/bangtin.conf || fail "the packaged config has errors"
echo "groups: $groups"

echo "== systemd-analyze"
systemd-analyze verify /lib/systemd/system/bangtin.service 2>&1 | tee build/verify.txt
! grep -qi "bangtin.service" build/verify.txt || fail "systemd-analyze verify complains"
systemd-analyze security --offline=true /lib/systemd/system/bangtin.service \
    >build/security.txt 2>&1 || true
tail -1 build/security.txt
grep -q "Overall exposure level" build/security.txt || fail "no security score"

echo "== the installed player as bangtin, under the notify protocol"
tmp=$(mktemp -d)
chmod 755 "$tmp"
python3 - "$tmp" <<'PY' &
import os, socket, sys, time
d = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(os.path.join(d, "notify"))
os.chmod(os.path.join(d, "notify"), 0o777)
open(os.path.join(d, "ready"), "w").close()
s.settimeout(0.2)
t0 = time.monotonic()
with open(os.path.join(d, "messages"), "w") as out:
    while not os.path.exists(os.path.join(d, "stop")) and time.monotonic() - t0 < 60:
        try:
            msg = s.recv(4096).decode()
        except socket.timeout:
            continue
        for line in msg.split("\n"):
            out.write("%.2f %s\n" % (time.monotonic() - t0, line))
        out.flush()
PY
listener=$!
for _ in $(seq 50); do [ -e "$tmp/ready" ] && break; sleep 0.1; done
start=$(python3 -c 'import time; print(time.monotonic())')
setpriv --reuid=bangtin --regid=bangtin --init-groups -- env SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy \
    NOTIFY_SOCKET="$tmp/notify" WATCHDOG_USEC=1000000 \
    /usr/bin/bangtin --set playlist_url=/usr/share/bangtin/playlists/demo.json --window 640x360 \
    --renderer software --fps 10 --frames 80 2>"$tmp/player.log" &
player=$!
# Frozen once it is ready and has pinged the watchdog twice (or after 10 s, and then it fails).
for _ in $(seq 500); do
    [ "$(grep -c -e 'READY=1' -e 'WATCHDOG=1' "$tmp/messages" 2>/dev/null)" -ge 3 ] && break
    sleep 0.02
done
kill -STOP "$player"   # the render loop hangs, for 3 s
sleep 3
kill -CONT "$player"
wait "$player" || fail "the player failed: $(cat "$tmp/player.log")"
touch "$tmp/stop"
wait "$listener"
# Times are from the listener's start; the freeze is 3 s long.
python3 - "$tmp/messages" <<'PY' || { cat "$tmp/messages"; fail "notify messages"; }
import sys
lines = [l.split(" ", 1) for l in open(sys.argv[1]) if l.strip()]
msgs = [(float(t), m.strip()) for t, m in lines]
ready = [t for t, m in msgs if m == "READY=1"]
dogs = [t for t, m in msgs if m == "WATCHDOG=1"]
assert ready, "no READY=1"
before = [t for t in dogs if t < ready[0] + 2.5]
# The longest gap between WATCHDOG=1 is the freeze (3 s); elsewhere they come every ~0.5-1 s.
gaps = sorted(b - a for a, b in zip(dogs, dogs[1:]))
print("READY=1 at %.2f s; %d WATCHDOG=1; longest gap %.2f s, next %.2f s"
      % (ready[0], len(dogs), gaps[-1], gaps[-2]))
assert len(dogs) >= 6, "too few WATCHDOG=1"
assert gaps[-1] >= 2.5, "WATCHDOG=1 went on while the player was frozen"
assert gaps[-2] <= 1.5, "WATCHDOG=1 stopped while frames were presented"
PY
rm -rf "$tmp"

echo "== remove keeps the config; purge takes the cache, keeps the user"
apt-get remove -y -q -o DPkg::Lock::Timeout=600 bangtin >/dev/null
[ -e /etc/bangtin/bangtin.conf ] || fail "remove took the config"
[ ! -e /usr/bin/bangtin ] || fail "remove left the binary"
apt-get purge -y -q -o DPkg::Lock::Timeout=600 bangtin >/dev/null
[ ! -e /etc/bangtin/bangtin.conf ] || fail "purge left the config"
[ ! -e /var/cache/bangtin ] || fail "purge left the cache"
[ ! -e /etc/bangtin/netrc ] || fail "purge left the netrc"
id bangtin >/dev/null || fail "purge removed the user"
dpkg-statoverride --list /etc/bangtin/bangtin.conf >/dev/null && fail "purge left the config's mode override"
echo "== package test passed"
