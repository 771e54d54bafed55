#!/usr/bin/env bash
# Re-creates the demo media in assets/demo/ with ffmpeg (Debian's package) and the bundled
# fonts. The files are committed; this script documents how they were made.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bold=../fonts/NotoSans-Bold.ttf
regular=../fonts/NotoSans-Regular.ttf
text() {   # text SIZE COLOUR Y FONT "words"
    printf "drawtext=fontfile=%s:fontsize=%s:fontcolor=%s:x=(w-text_w)/2:y=%s:text='%s'" \
        "$4" "$1" "$2" "$3" "$5"
}
# An infographic for Resolution 57, 1440x900.
ffmpeg -y -v error -f lavfi -i "color=c=#DA251D:s=1440x900:d=1" -frames:v 1 -vf "\
drawbox=x=60:y=60:w=1320:h=780:color=#FFCD00@1:t=6,\
$(text 64 '#FFFF00' 150 $bold 'NGHỊ QUYẾT 57-NQ/TW'),\
$(text 44 white 260 $regular 'Đột phá phát triển khoa học, công nghệ,'),\
$(text 44 white 330 $regular 'đổi mới sáng tạo và chuyển đổi số quốc gia'),\
drawbox=x=220:y=470:w=1000:h=4:color=#FFCD00@1:t=fill,\
$(text 52 '#FFFF00' 540 $bold 'BÌNH DÂN HỌC VỤ SỐ'),\
$(text 36 white 640 $regular 'Mỗi người dân biết dùng dịch vụ công trực tuyến'),\
$(text 36 white 700 $regular 'UBND phường Phú Lương')" demo/nq57-infographic.png
# A 4-second clip, 640x360, 25 fps, H.264, with a 440 Hz tone.
ffmpeg -y -v error -f lavfi -i "testsrc2=s=640x360:r=25:d=4" \
    -f lavfi -i "sine=frequency=440:duration=4" -vf "\
$(text 40 white 140 $bold 'Chuyển đổi số'),\
$(text 28 '#FFFF00' 200 $regular 'clip tuyên truyền mẫu')" \
    -c:v libx264 -preset veryslow -crf 30 -pix_fmt yuv420p -c:a aac -b:a 48k \
    -movflags +faststart demo/clip-chuyen-doi-so.mp4
ls -l demo
sha256sum demo/*
