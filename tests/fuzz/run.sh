#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan and UBSan, in build-fuzz/) and runs each for
# SECONDS (60 by default, as the test command does; longer runs on demand), from seed corpora:
# the playlists in playlists/, every case of the playlist suite's tables (test_playlist
# --fixtures), the packaged config, HTTP answers in tests/fuzz/seeds/http/ (for the poll's
# HTTP handling: status, validators, redirects, encodings, Date), the signatures and keys in
# tests/fuzz/seeds/minisign/ (for minisign's formats); and the regression files in
# tests/fuzz/regressions/<harness>/, which every run replays first. A crash, a leak, a timeout
# or an out-of-memory fails the run and leaves its input in build-fuzz/findings/<harness>/:
# once fixed, copy it into tests/fuzz/regressions/<harness>/.
#   bash tests/fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${1:-60}
top=$PWD
b=build-fuzz
cmake -S . -B "$b" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBT_FUZZ=ON \
    >/dev/null
cmake --build "$b" -j "$(nproc)" --target fuzz_playlist fuzz_config fuzz_http fuzz_minisign \
    test_playlist >/dev/null
rm -rf "$b/corpus" "$b/findings"
for h in playlist config http minisign; do mkdir -p "$b/corpus/$h" "$b/findings/$h"; done
cp tests/fuzz/seeds/http/* "$b/corpus/http/"
cp tests/fuzz/seeds/minisign/* "$b/corpus/minisign/"
cp playlists/*.json "$b/corpus/playlist/"
ASAN_OPTIONS=detect_leaks=0 "$b/tests/test_playlist" --fixtures "$b/corpus/playlist" >/dev/null
cp packaging/bangtin.conf "$b/corpus/config/"
printf 'playlist_url = https://h/p.json\nscreen_id = a\nrotate = 90\noutput = 0,0,384,192\n' \
    >"$b/corpus/config/small.conf"
status=0
# fuzz_http leaves out answers with folded header lines: Debian 12's libcurl mishandles them
# itself (tests/fuzz/known/README.md).
for h in playlist config http minisign; do
    mkdir -p "tests/fuzz/regressions/$h"
    dict=()
    [ "$h" = playlist ] && dict=(-dict=tests/fuzz/json.dict)
    echo "== fuzz_$h, $seconds s"
    # A document takes well under a second; one that takes 10 s is a finding. Memory as the
    # benchmark's bound for any document (300 MB) plus the sanitizers' own.
    opts=detect_leaks=1:allocator_may_return_null=1
    if ! (cd "$b/findings/$h" && ASAN_OPTIONS=$opts \
        "$top/$b/tests/fuzz/fuzz_$h" "${dict[@]/#-dict=/-dict=$top/}" -max_total_time="$seconds" \
        -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        "$top/$b/corpus/$h" "$top/tests/fuzz/regressions/$h" 2>"$top/$b/fuzz_$h.log"); then
        status=1
        tail -40 "$b/fuzz_$h.log"
        echo "== fuzz_$h found a problem; its input is in $b/findings/$h/" >&2
    else
        grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+.*DONE' "$b/fuzz_$h.log" |
            tail -3
    fi
done
exit $status
