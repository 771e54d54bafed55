#!/usr/bin/env bash
# Updates po/bangtin.pot from the sources and merges it into po/vi.po (msgmerge keeps every
# translation; new messages arrive untranslated, changed ones fuzzy).
#   bash po/update.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
git ls-files 'player/*.c' | sort >po/.sources
xgettext -k_ -kN_ -kngettext:1,2 --from-code=UTF-8 --no-wrap --add-comments=TRANSLATORS: \
    --package-name=bangtin --msgid-bugs-address=bangtin -f po/.sources -o po/bangtin.pot
rm -f po/.sources
msgmerge --quiet --update --backup=none --no-wrap po/vi.po po/bangtin.pot
