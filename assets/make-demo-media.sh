#!/usr/bin/env bash
# Re-creates the demo media in assets/demo/ from their sources. The results are committed; this
# script documents how they were made. Needs Debian's librsvg2-bin, ffmpeg and fonts-noto-core
# (the same Noto Sans as fonts/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# Infographics: hand-written SVG in src/, rendered at the main zone's size.
for name in nq57 binh-dan-hoc-vu-so; do
    rsvg-convert -w 1440 -h 900 "src/$name.svg" -o "demo/$name.png"
done
# A 4-second clip, 640x360, 25 fps, H.264, with a 440 Hz tone.
text() {   # text SIZE COLOUR Y FONT "words"
    printf "drawtext=fontfile=%s:fontsize=%s:fontcolor=%s:x=(w-text_w)/2:y=%s:text='%s'" \
        "$4" "$1" "$2" "$3" "$5"
}
ffmpeg -y -v error -f lavfi -i "testsrc2=s=640x360:r=25:d=4" \
    -f lavfi -i "sine=frequency=440:duration=4" -vf "\
$(text 40 white 140 ../fonts/NotoSans-Bold.ttf 'Chuyển đổi số'),\
$(text 28 '#FFFF00' 200 ../fonts/NotoSans-Regular.ttf 'clip tuyên truyền mẫu')" \
    -c:v libx264 -preset veryslow -crf 30 -pix_fmt yuv420p -c:a aac -b:a 48k \
    -movflags +faststart demo/clip-chuyen-doi-so.mp4
ls -l demo
sha256sum demo/*
