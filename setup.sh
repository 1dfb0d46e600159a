#!/usr/bin/env bash
# Installs what rapport needs to build, test and benchmark on Debian 12 (bookworm).
# Safe to run more than once: it only touches apt when a package is missing.
set -euo pipefail

bookworm_packages=(g++ clang-14 cmake ninja-build libbenchmark-dev libcli11-dev)
backports_packages=(libboost1.83-dev libboost-json1.83-dev libcatch2-dev)

missing() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
  done
}

need_bookworm=$(missing "${bookworm_packages[@]}")
need_backports=$(missing "${backports_packages[@]}")
[ -z "$need_bookworm$need_backports" ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

backports_list=/etc/apt/sources.list.d/bookworm-backports.sources
# Only an active entry counts: a commented-out line or a disabled file does not make the suite available.
if [ -n "$need_backports" ] && ! grep -qsE '^[^#]*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
  /etc/apt/sources.list.d/*.sources; then
  $sudo tee "$backports_list" >/dev/null <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
[ -z "$need_bookworm" ] || $sudo apt-get install -y -qq --no-install-recommends $need_bookworm
# shellcheck disable=SC2086
[ -z "$need_backports" ] || $sudo apt-get install -y -qq --no-install-recommends -t bookworm-backports $need_backports
