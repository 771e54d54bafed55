#!/usr/bin/env bash
# Checks that po/vi.po translates every message of the current sources. The template is made
# again from player/*.c, as po/update.sh makes it, in a temporary folder; po/vi.po is merged
# with it there; each message of the sources left untranslated or fuzzy is listed, and
# msgfmt --check must pass. The tree is not modified. Needs bash and gettext (git, when
# there, only to list the sources as po/update.sh does); runs from any directory.
#   bash po/check.sh          exit 0: all translated; exit 1: what is missing, on stdout
set -euo pipefail
export LC_ALL=C   # gettext's own messages in English, whatever the caller's locale
po_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=${po_dir%/po}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bangtin-po.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$root"

# The sources: what po/update.sh reads (git's player/*.c, at any depth); outside a git work
# tree (a release tarball), the same files found on disk.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files 'player/*.c' >"$tmp/sources"
else
    shopt -s globstar nullglob
    printf '%s\n' player/**/*.c >"$tmp/sources"
fi
if [ ! -s "$tmp/sources" ]; then
    echo "po/check.sh: no player/*.c in $root" >&2
    exit 1
fi

xgettext -k_ -kN_ -kngettext:1,2 --from-code=UTF-8 --no-wrap --add-comments=TRANSLATORS: \
    --package-name=bangtin --msgid-bugs-address=bangtin -f "$tmp/sources" -o "$tmp/bangtin.pot"
msgmerge --quiet --no-wrap -o "$tmp/vi.po" po/vi.po "$tmp/bangtin.pot"

# Prints the msgids of a PO file, one a line as the file spells them ("…\n" escapes kept; a
# msgid split over lines is joined), the header's empty one left out.
msgids() {
    local line id="" in_id=0
    while IFS= read -r line || [ -n "$line" ]; do
        if [[ $line == 'msgid "'* ]]; then
            id=${line#msgid \"}
            id=${id%\"}
            in_id=1
        elif [ "$in_id" = 1 ] && [[ $line == '"'* ]]; then
            line=${line#\"}
            id+=${line%\"}
        else
            [ "$in_id" = 1 ] && [ -n "$id" ] && printf '  "%s"\n' "$id"
            in_id=0
        fi
    done <"$1"
}

status=0
# --untranslated also selects fuzzy ones in some gettext versions: take fuzzy ones apart first.
msgattrib --force-po --only-fuzzy --no-obsolete --no-wrap --no-location -o "$tmp/fuzzy.po" "$tmp/vi.po"
msgattrib --force-po --no-fuzzy --untranslated --no-obsolete --no-wrap --no-location \
    -o "$tmp/untranslated.po" "$tmp/vi.po"
untranslated=$(msgids "$tmp/untranslated.po")
fuzzy=$(msgids "$tmp/fuzzy.po")
if [ -n "$untranslated" ]; then
    echo "po/vi.po: messages of the sources with no translation (bash po/update.sh, then translate):"
    printf '%s\n' "$untranslated"
    status=1
fi
if [ -n "$fuzzy" ]; then
    echo "po/vi.po: fuzzy translations, not used (the English changed: review, then drop '#, fuzzy'):"
    printf '%s\n' "$fuzzy"
    status=1
fi

# msgfmt --check: po/vi.po as it is (what the build compiles) and merged with the sources.
for f in po/vi.po "$tmp/vi.po"; do
    if ! msgfmt --check -o /dev/null "$f" 2>"$tmp/msgfmt.err"; then
        if [ "$f" = po/vi.po ]; then
            echo "po/vi.po: msgfmt --check fails:"
        else
            echo "po/vi.po merged with the sources: msgfmt --check fails:"
        fi
        while IFS= read -r line; do
            echo "  ${line//"$tmp/vi.po"/po/vi.po merged}"
        done <"$tmp/msgfmt.err"
        status=1
    fi
done
[ "$status" = 0 ] || exit 1

n=$(msgids "$tmp/vi.po" | { c=0; while IFS= read -r _; do c=$((c + 1)); done; echo "$c"; })
echo "po/vi.po: $n messages, all translated"
