#!/usr/bin/env bash
# FreeType's hinting modes through SDL_ttf on Vietnamese letters with stacked marks (issue 17):
# builds bench/hinting.c with cc (SDL2 and SDL2_ttf from pkg-config), prints its table for the
# bundled Noto Sans Regular and Bold at 10-18 px, and writes the zoomed pictures of every mode
# at 10, 12, 14, 16 and 18 px to docs/hinting/*.png (BMP from SDL, PNG by ffmpeg).
#   bash bench/hinting.sh [hinting's options: -t THRESHOLD, -s FROM-TO, -v]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v ffmpeg >/dev/null || { echo "needs ffmpeg (the pictures): apt-get install ffmpeg" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2046
cc -std=c11 -O2 -Wall -Wextra -o "$tmp/hinting" bench/hinting.c \
    $(pkg-config --cflags --libs sdl2 SDL2_ttf)
"$tmp/hinting" -p "$tmp" "$@" fonts/NotoSans-Regular.ttf fonts/NotoSans-Bold.ttf
mkdir -p docs/hinting
for bmp in "$tmp"/*.bmp; do
    ffmpeg -loglevel error -y -i "$bmp" -pix_fmt rgb24 "docs/hinting/$(basename "$bmp" .bmp).png"
done
