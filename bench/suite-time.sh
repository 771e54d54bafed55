#!/usr/bin/env bash
# The test suite's wall time, before and after a change, on this machine in one run: each
# commit is checked out into a temporary worktree, built as the test command builds
# build-test (RelWithDebInfo), and its plain suite timed with ctest -j 2, RUNS times each,
# the commits taking turns so that both see the same machine.
#   bash bench/suite-time.sh [BEFORE [AFTER [RUNS]]]
# BEFORE defaults to 379014d (the last commit before the suite's sleeps were replaced by
# waits), AFTER to HEAD, RUNS to 2.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
before=${1:-379014d}
after=${2:-HEAD}
runs=${3:-2}
tmp=$(mktemp -d)
trap 'for w in "$tmp"/w*; do git worktree remove --force "$w" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT
i=0
for rev in "$before" "$after"; do
    w="$tmp/w$i"
    git worktree add -q --detach "$w" "$rev"
    # The playlists' demo media and fonts are found through ../shared as in a clone.
    [ -e "$w/../shared" ] || ln -s "$(cd .. && pwd)/shared" "$tmp/shared"
    echo "== building $rev ($(git rev-parse --short "$rev"))"
    cmake -S "$w" -B "$w/build-test" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$w/build-test" -j "$(nproc)" >/dev/null
    i=$((i + 1))
done
printf '%-10s %-8s %10s %s\n' commit run "wall (s)" result
for r in $(seq "$runs"); do
    i=0
    for rev in "$before" "$after"; do
        w="$tmp/w$i"
        t0=$(date +%s.%N)
        res=passed
        if ! (cd "$w/build-test" && ctest -j 2 >"$tmp/ctest.$i.$r" 2>&1); then
            res="FAILED: $(sed -n '/tests FAILED:/,$p' "$tmp/ctest.$i.$r" | grep -o ' - [a-z]*' |
                tr -d '\n')"
            cp "$tmp/ctest.$i.$r" "ctest-$(git rev-parse --short "$rev")-$r.log"
        fi
        t1=$(date +%s.%N)
        printf '%-10s %-8s %10.1f %s\n' "$(git rev-parse --short "$rev")" "$r" \
            "$(awk "BEGIN { print $t1 - $t0 }")" "$res"
        i=$((i + 1))
    done
done
