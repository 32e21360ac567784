#!/usr/bin/env bash
# Builds libstdcxx-shim.so next to this script (see glibcxx_shim.cpp for why it exists).
# Usage: build-shim.sh [path of the system libstdc++.so.6]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
real="${1:-$(g++ -print-file-name=libstdc++.so.6)}"
real="$(readlink -f "$real")"
out="$here/libstdcxx-shim.so"
map="$here/libstdcxx-shim.map"

if [[ ! -f "$real" ]]; then
    echo "build-shim.sh: libstdc++ not found at '$real'; pass its path as the first argument" >&2
    exit 1
fi

# One empty version node per version the real library defines, then GLIBCXX_3.4.32 with the
# symbol. Without the empty nodes, programs that need e.g. GLIBCXX_3.4.29 would be rejected,
# because the loader now checks their requirements against this library.
{
    objdump -p "$real" | awk '/^Version definitions:/ {on = 1; next} /^Version References:/ {on = 0} on && $2 == "0x00" {print $4 " { };"}' | grep -v '^GLIBCXX_3\.4\.32 '
    echo 'GLIBCXX_3.4.32 { global: _ZSt21ios_base_library_initv; local: *; };'
} > "$map"

g++ -std=c++17 -O2 -fPIC -shared -nostdlib -fno-exceptions \
    -Wl,-soname,libstdc++.so.6 -Wl,--version-script="$map" \
    -o "$out" "$here/glibcxx_shim.cpp"
echo "$out"
