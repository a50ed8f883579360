# cmake --install gives a working hocso that finds its plugins relative to its own
# executable, and a CMake package an outside plugin builds against.
source "$(dirname "$0")/lib.sh"
: "${HOCSO_BINARY_DIR:?}"
prefix="$SCRATCH/prefix"
run cmake --install "$HOCSO_BINARY_DIR" --prefix "$prefix"
expect_status 0 "cmake --install"
[ -x "$prefix/bin/hocso" ] && pass || fail "no bin/hocso"
[ -f "$prefix/include/hocso/plugin.h" ] && pass || fail "no public header"
# Plugins and apps need no Boost: no public header includes it.
expect_not_in "$(cat "$prefix"/include/hocso/*.h)" "#include <boost" "installed headers"
[ -f "$prefix/share/hocso/schemas/lesson.schema.json" ] && pass || fail "no schemas"
# Languages are data folders beside the plugin libraries (docs/decisions/0014).
for f in lang-vi/language.yaml lang-en/language.yaml lang-en/labels.yaml lang-blt-Tavt-VN/TaiHeritagePro-OFL.txt; do
  [ -f "$prefix/lib/hocso/plugins/$f" ] && pass || fail "no installed $f"
done
[ -z "$(ls "$prefix"/lib/hocso/plugins/hocso-lang-* 2>/dev/null)" ] && pass || fail "a language installed as a library"

# No environment variable: the installed hocso finds the installed plugin.
run env -u HOCSO_PLUGIN_PATH "$prefix/bin/hocso" --version
expect_status 0 "installed --version"
expect_in "$OUT" "plugin validate-core"
expect_in "$OUT" "$prefix/lib/hocso/plugins/hocso-validate-core.so"
expect_in "$OUT" "plugin lang-mtq-Latn-VN ($prefix/lib/hocso/plugins/lang-mtq-Latn-VN/language.yaml)"

# The installed hocso checks the sample content with the installed schemas.
copy_content w
(cd "$SCRATCH/w" && run "$prefix/bin/hocso" check; declare -p STATUS OUT ERR > "$SCRATCH/.r")
source "$SCRATCH/.r"
expect_status 0 "installed hocso check"

# An outside plugin: find_package(hocso), add_library(MODULE), nothing else.
mkdir -p "$SCRATCH/outside"
cp "$HOCSO_SOURCE_DIR/tests/plugins/sample-check/plugin.cpp" "$SCRATCH/outside/"
cat > "$SCRATCH/outside/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(outside-check CXX)
find_package(hocso REQUIRED)
add_library(outside MODULE plugin.cpp)
set_target_properties(outside PROPERTIES PREFIX "" OUTPUT_NAME "hocso-sample-check" CXX_VISIBILITY_PRESET hidden)
target_link_libraries(outside PRIVATE hocso::plugin_api)
message(STATUS "hocso plugin API version ${HOCSO_PLUGIN_API_VERSION}")
CMAKE
run cmake -S "$SCRATCH/outside" -B "$SCRATCH/outside/build" -DCMAKE_PREFIX_PATH="$prefix"
expect_status 0 "configure outside plugin"
major=$(sed -n 's/^#define HOCSO_PLUGIN_API_MAJOR \([0-9]*\)u$/\1/p' "$HOCSO_SOURCE_DIR/core/include/hocso/plugin.h")
minor=$(sed -n 's/^#define HOCSO_PLUGIN_API_MINOR \([0-9]*\)u$/\1/p' "$HOCSO_SOURCE_DIR/core/include/hocso/plugin.h")
[ -n "$major" ] && [ -n "$minor" ] && pass || fail "no HOCSO_PLUGIN_API_MAJOR/MINOR in plugin.h"
api="$major.$minor"
grep -qxF -- "-- hocso plugin API version $api" <<<"$OUT" && pass \
  || fail "find_package(hocso) should report the header's plugin API version $api: $OUT"
run cmake --build "$SCRATCH/outside/build"
expect_status 0 "build outside plugin"
run "$prefix/bin/hocso" plugin list --plugin-dir "$SCRATCH/outside/build"
expect_in "$OUT" "sample-check 1.0 — a third-party sample stage"
expect_in "$OUT" "$SCRATCH/outside/build/hocso-sample-check.so"
finish
