#!/usr/bin/env bash
# Builds bangtin_<version>_<arch>.deb into build/deb/. dpkg-buildpackage wants debian/ at the
# top of the tree: this copies packaging/debian there (it is generated, not kept) and writes
# debian/changelog from the one version, project(VERSION) in CMakeLists.txt.
#   bash packaging/build-deb.sh                         # builds, runs the tests in the build
#   DEB_BUILD_OPTIONS=nocheck bash packaging/build-deb.sh   # the tests have run already
# Extra arguments go to dpkg-buildpackage (e.g. -aarm64 for a cross build).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version=$(sed -n 's/^project(bangtin VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || { echo "no version in CMakeLists.txt" >&2; exit 1; }
rm -rf debian obj-*
cp -r packaging/debian debian
cat >debian/changelog <<CHANGES
bangtin ($version) unstable; urgency=medium

  * Release $version.

 -- bangtin developers <dev@bangtin.vn>  $(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")
CHANGES
dpkg-buildpackage -us -uc -b "$@"
mkdir -p build/deb
mv ../bangtin_"$version"_*.deb ../bangtin_"$version"_*.buildinfo ../bangtin_"$version"_*.changes \
    build/deb/ 2>/dev/null || true
mv ../bangtin-dbgsym_"$version"_*.deb build/deb/ 2>/dev/null || true
rm -rf debian obj-*
ls -l build/deb/
