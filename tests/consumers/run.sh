#!/usr/bin/env bash
# Builds rapport from this checkout the ways a user consumes it, each outside the tree, and runs each
# consumer (check.cpp: a scoring call, a JSON round trip, an error caught by type):
#   - installed, static and shared, each into a prefix that is then moved: find_package, pkg-config,
#     a consumer's shared library linking the static rapport, and the installed tool (shared);
#   - embedded with add_subdirectory, the parent installing its own program;
#   - with FetchContent from this checkout.
# Unoptimised builds of the library alone (the shared one with the tool); everything goes to a temporary
# directory, removed unless a step fails. Usage: tests/consumers/run.sh
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
consumers=$source_dir/tests/consumers
work=$(mktemp -d)
trap 'echo "consumers: failed; the builds are in $work" >&2' ERR

# Configure and build quietly; on failure, the output.
quietly() { "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; return 1; }; }
# No build type: unoptimised builds compile fastest, and what is checked here (finding, linking,
# exporting, relocating) does not depend on optimisation.
configure() { quietly cmake -G Ninja -DCMAKE_BUILD_TYPE= "$@"; }
build() { quietly cmake --build "$1"; }
lib_only=(-DRAPPORT_BUILD_TESTS=OFF -DRAPPORT_BUILD_EXAMPLES=OFF -DRAPPORT_BUILD_BENCHMARKS=OFF)

# Installs rapport (static or shared) to a staging prefix, then moves it to $work/$1: nothing installed
# may depend on the prefix it was installed to.
install_rapport() {
  local name=$1
  shift
  echo "== consumers: install, $name"
  configure -S "$source_dir" -B "$work/build-$name" "${lib_only[@]}" "$@"
  build "$work/build-$name"
  cmake --install "$work/build-$name" --prefix "$work/staging-$name" >/dev/null
  mv "$work/staging-$name" "$work/$name"
}

# Builds a consumer project against $2 (a prefix, or the source for the embedding ones) and runs it.
consume() {
  local project=$1 build_dir=$work/$1-$2
  shift 2
  echo "== consumers: $project (${build_dir##*/})"
  configure -S "$consumers/$project" -B "$build_dir" "$@"
  build "$build_dir"
  "$build_dir/consumer"
}

install_rapport static -DRAPPORT_BUILD_TOOL=OFF
install_rapport shared -DBUILD_SHARED_LIBS=ON
library=$(find "$work/shared" -name 'librapport.so.*.*.*')
if nm -DC --defined-only "$library" | grep -q 'rapport::detail'; then
  echo "consumers: $library exports rapport::detail symbols" >&2
  exit 1
fi
echo "== consumers: the moved tool finds its library, which exports $(nm -DC --defined-only "$library" |
  grep -c ' rapport::') rapport:: symbols and none of rapport::detail"
data=$source_dir/examples/data
"$work/shared/bin/rapport" triage "$data/network.json" "$data/requests.json" >/dev/null

consume find_package static -DCMAKE_PREFIX_PATH="$work/static"
consume find_package shared -DCMAKE_PREFIX_PATH="$work/shared"
readelf -d "$work/find_package-shared/consumer" | grep -q 'NEEDED.*librapport\.so' ||
  { echo "consumers: the shared find_package consumer does not link librapport.so" >&2; exit 1; }
consume shared_plugin static -DCMAKE_PREFIX_PATH="$work/static"

echo "== consumers: pkg-config (static)"
pc_path=$(dirname "$(find "$work/static" -name rapport.pc)")
# shellcheck disable=SC2046
c++ -std=c++20 -O1 -o "$work/pkg-config-consumer" "$consumers/main.cpp" "$consumers/check.cpp" \
  $(PKG_CONFIG_PATH=$pc_path pkg-config --cflags --libs rapport)
"$work/pkg-config-consumer"

consume add_subdirectory source -DRAPPORT_SOURCE_DIR="$source_dir"
cmake --install "$work/add_subdirectory-source" --prefix "$work/embedded" >/dev/null
"$work/embedded/bin/consumer" >/dev/null
if [ -e "$work/embedded/include" ]; then
  echo "consumers: the embedding project installed rapport's headers" >&2
  exit 1
fi

consume fetch_content source -DRAPPORT_SOURCE_DIR="$source_dir"

rm -rf "$work"
echo "== consumers: all passed"
