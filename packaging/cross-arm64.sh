#!/usr/bin/env bash
# Cross-builds bangtin for arm64 (a Raspberry Pi's Debian 12) on an amd64 Debian 12 machine,
# runs the arm64 unit tests under qemu-aarch64-static (binfmt is not needed: CMake's
# CMAKE_CROSSCOMPILING_EMULATOR runs them), then builds bangtin_<version>_arm64.deb.
#   sudo bash packaging/cross-arm64.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
deps=(libsdl2-dev libsdl2-ttf-dev libavformat-dev libavcodec-dev libavutil-dev libswscale-dev
    libswresample-dev libcurl4-openssl-dev libjansson-dev libutf8proc-dev libinih-dev
    libsystemd-dev libsodium-dev libqrencode-dev libxml2-dev)
if [ "$(id -u)" -eq 0 ]; then
    dpkg --add-architecture arm64
    apt-get update -q
    apt-get install -y -q crossbuild-essential-arm64 qemu-user-static debhelper dpkg-dev \
        "${deps[@]/%/:arm64}"
fi
start=$(date +%s)
cmake -S . -B build-arm64 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=aarch64 \
    -DCMAKE_C_COMPILER=aarch64-linux-gnu-gcc \
    -DPKG_CONFIG_EXECUTABLE=/usr/bin/aarch64-linux-gnu-pkg-config \
    -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/qemu-aarch64-static
cmake --build build-arm64 -j "$(nproc)"
file build-arm64/player/bangtin
(cd build-arm64 && ctest --output-on-failure -L unit)
echo "== arm64 unit tests under qemu passed in $(($(date +%s) - start)) s"
DEB_BUILD_OPTIONS=nocheck bash packaging/build-deb.sh -aarm64 -Pcross,nocheck
