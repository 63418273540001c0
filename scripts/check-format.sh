#!/bin/sh
# Checks that the C++ sources under src/ include/ tests/ bench/ follow .clang-format, with
# clang-format 14 (other versions format some constructs differently). Exits 77, which ctest
# counts as skipped, when clang-format 14 is not installed.
# To fix what it reports: clang-format-14 -i FILE...
set -eu
cd "$(dirname "$0")/.."
tool=""
for candidate in clang-format-14 clang-format; do
  if command -v "$candidate" >/dev/null 2>&1 &&
    "$candidate" --version | grep -q 'version 14\.'; then
    tool=$candidate
    break
  fi
done
if [ -z "$tool" ]; then
  echo "SKIP: clang-format 14 is not installed (Debian package clang-format)"
  exit 77
fi
find src include tests bench -type f \( -name '*.cpp' -o -name '*.hpp' \) | LC_ALL=C sort |
  xargs "$tool" --dry-run -Werror
echo "every C++ source follows .clang-format ($tool)"
