#!/usr/bin/env bash
# Sets up a Debian 12 machine for bangtin and builds it, then either plays the demo or runs the
# tests. The README's two commands:
#   bash packaging/setup.sh demo    install what is missing, build, play playlists/demo.json
#   bash packaging/setup.sh test    install what is missing, build (plain, ASan+UBSan, TSan), test
# As root, missing Debian packages are installed with apt-get; otherwise the exact apt-get line
# is printed and the script stops.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
mode=${1:-}
case "$mode" in
demo | test) ;;
*)
    echo "usage: bash packaging/setup.sh demo|test" >&2
    exit 2
    ;;
esac

# Build: compiler, CMake, and every library bangtin links, all from Debian 12.
build_pkgs=(build-essential cmake pkg-config gettext
    libsdl2-dev libsdl2-ttf-dev
    libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev
    libcurl4-openssl-dev libjansson-dev libutf8proc-dev libinih-dev libsystemd-dev libsodium-dev
    libqrencode-dev libxml2-dev)
# Run: Mesa's EGL and drivers, for the opengles2 renderer (headless here, as on a Raspberry Pi).
run_pkgs=(libegl1 libegl-mesa0 libgl1-mesa-dri tzdata)
# Tests only: the JSON Schema check, ffmpeg to make test media, nginx to serve over HTTP,
# libfaketime to move a running player's clock, openssl for a certificate, minisign to check
# signed playlists against, chromium (headless) to open the fleet page; and the Debian package's
# tools (debhelper, lintian, systemd-analyze); clang-format for the format check; clang and its
# libFuzzer for the fuzzers.
test_pkgs=(python3-jsonschema ffmpeg nginx-light libfaketime openssl minisign zbar-tools chromium
    debhelper dpkg-dev lintian systemd clang-format clang libclang-rt-14-dev)
pkgs=("${build_pkgs[@]}" "${run_pkgs[@]}")
[ "$mode" = test ] && pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if ((${#missing[@]})); then
    if [ "$(id -u)" -eq 0 ]; then
        echo "== installing: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q --no-install-recommends "${missing[@]}"
    else
        echo "bangtin needs these Debian packages; install them, then run this again:" >&2
        echo "  sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

jobs=$(nproc 2>/dev/null || echo 2)

build() {   # build DIR [cmake options...]
    local dir=$1
    shift
    cmake -S . -B "$dir" "$@" >/dev/null
    cmake --build "$dir" -j "$jobs"
}

if [ "$mode" = demo ]; then
    build build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF
    playlist=playlists/demo.json
    if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
        echo "== playing $playlist in a window (Esc or q to quit)"
        mkdir -p build/run   # the control socket: build/player/bangtin --set runtime_dir=... trigger ID
        exec build/player/bangtin --config /dev/null --set trust_system_clock=true \
            --set runtime_dir="$PWD/build/run" \
            --window 1280x720 "$playlist"
    elif [ -t 0 ] && [[ "$(tty)" == /dev/tty[0-9]* ]]; then
        echo "== playing $playlist fullscreen on this console (Esc or q to quit)"
        exec build/player/bangtin --config /dev/null --set trust_system_clock=true "$playlist"
    else
        out=build/demo-frames
        echo "== no display: playing $playlist headless; frames written to $out/"
        exec build/player/bangtin --config /dev/null --headless --snapshot 0,1s,2s \
            --out "$out" "$playlist"
    fi
fi

# test: the format (.clang-format, Debian 12's clang-format 14), the plain build with warnings
# as errors, then the same suite under ASan and UBSan, then the threads' suites under TSan.
start=$(date +%s)
echo "== format"
if ! find player tests bench -name '*.[ch]' -print0 | xargs -0 clang-format --dry-run --Werror; then
    echo "== the C files above are not formatted: clang-format -i FILE (see .clang-format)" >&2
    exit 1
fi
build build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBT_WERROR=ON
(cd build-test && ctest --output-on-failure -j "$jobs")

build build-asan -DCMAKE_BUILD_TYPE=Debug -DBT_WERROR=ON -DBT_SANITIZE=ON
# Mesa's EGL and drivers are loaded and unloaded by SDL; keep them loaded so LeakSanitizer
# can see what their globals still point to (else their allocations read as leaks of an
# unknown module). libasan must come first.
arch=$(gcc -print-multiarch)
libdir=/usr/lib/$arch
asan=$(readlink -f "$(gcc -print-file-name=libasan.so)")
(
    cd build-asan
    export LD_PRELOAD="$asan:$libdir/libEGL.so.1:$libdir/libEGL_mesa.so.0:$libdir/dri/swrast_dri.so"
    export ASAN_OPTIONS=abort_on_error=0:detect_leaks=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    ctest --output-on-failure -j "$jobs"
)

# ThreadSanitizer (its own build: it cannot share a process with ASan) on the video suite (the
# demux, decoder and sound threads), fetch (the fetch thread, the cache, libcurl), image (the
# picture decoder thread), schedule, signed (the poll thread checking signatures), and plays (the
# plays writer beside the render and poll threads).
# A report stops the program (exit 66, its test fails) and is kept in build-tsan/tsan/,
# the player's as well as the test programs'; any report fails the run. tests/tsan.supp lists
# the races inside Debian's libraries, each with its reason.
echo "== ThreadSanitizer"
build build-tsan -DCMAKE_BUILD_TYPE=Debug -DBT_WERROR=ON -DBT_TSAN=ON
rm -rf build-tsan/tsan
mkdir build-tsan/tsan
tsan_rc=0
(
    cd build-tsan
    # Mesa's EGL and llvmpipe stay loaded, as for ASan: a report that involves Mesa's threads
    # then names its library, which is what the suppression matches, even after SDL unloads it.
    # (libtsan needs no preload: the programs are linked with it.)
    export LD_PRELOAD="$libdir/libEGL.so.1:$libdir/libEGL_mesa.so.0:$libdir/dri/swrast_dri.so"
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$top/tests/tsan.supp"
    TSAN_OPTIONS+=":log_path=$top/build-tsan/tsan/report"
    ctest --output-on-failure -j "$jobs" -R '^(fetch|schedule|video|image|signed|plays|feeds)$'
) || tsan_rc=$?
if compgen -G 'build-tsan/tsan/report.*' >/dev/null; then
    cat build-tsan/tsan/report.*
    echo "== ThreadSanitizer reported the above (kept in build-tsan/tsan/)" >&2
    exit 1
fi
if [ "$tsan_rc" -ne 0 ]; then
    exit "$tsan_rc"
fi

# libFuzzer (clang, ASan and UBSan) on the playlist and config readers, the poll's HTTP
# handling and minisign's formats, 60 s each, the regression
# files first; longer runs on demand: bash tests/fuzz/run.sh SECONDS.
echo "== fuzzing"
bash tests/fuzz/run.sh "${BANGTIN_FUZZ_SECONDS:-60}"

# The Debian package: built, checked by lintian, installed, run, purged (root only: it installs).
if [ "$(id -u)" -eq 0 ]; then
    bash tests/package-test.sh
else
    echo "== the package test installs a package: run it as root (bash tests/package-test.sh)"
fi
# arm64: cross-built, its unit tests under qemu, and its package; on demand (it installs a
# few hundred :arm64 packages first).
if [ "${BANGTIN_CROSS_ARM64:-0}" = 1 ]; then
    bash packaging/cross-arm64.sh
fi
echo "== all tests passed in $(($(date +%s) - start)) s"
