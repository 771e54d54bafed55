#!/usr/bin/env bash
# What a picture of the screen for the reports costs (issue 19), per shot, on this machine: the
# read-back on the render thread and the scaling and JPEG on the poll thread, for both
# renderers at 1920x1080 and 1280x720 (SDL's offscreen driver; Mesa's llvmpipe for opengles2).
#   BUILD=build-test bash bench/screenshot.sh [shots]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${BUILD:-build-test}
cmake --build "$build" --target bench_screenshot -j2 >/dev/null
n=${1:-30}
for r in opengles2 software; do
    for s in 1920x1080 1280x720; do
        SDL_VIDEODRIVER=offscreen "$build/bench/bench_screenshot" -r "$r" -s "$s" -n "$n" 2>/dev/null
    done
done
