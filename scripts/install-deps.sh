#!/bin/sh
# Installs everything speclint needs to build and test, from Debian's packages (run as root).
# `--list` prints the packages instead (.ci/run installs them itself).
set -eu
packages="
  build-essential cmake ninja-build pkg-config git
  libcmark-gfm-dev libcmark-gfm-extensions-dev cmark-gfm
  libyaml-cpp-dev libfmt-dev libcli11-dev nlohmann-json3-dev catch2
  python3 python3-jsonschema zsh neovim
  libpg-query-dev libprotobuf-c-dev libpq-dev postgresql
  libbenchmark-dev clang clang-format libclang-rt-14-dev libmimalloc-dev
"
if [ "${1:-}" = "--list" ]; then
  echo $packages
  exit 0
fi
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
fi
