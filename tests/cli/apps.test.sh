# The example apps (docs/apps.md): examples/read_bundle.cpp verifies and reads a
# bundle built here, and refuses a tampered one; examples/pull_channel.cpp
# follows a folder channel (first pull, delta pull, a replayed channel.json
# refused). They link the app libraries alone (hocso::bundle, hocso::pull),
# which pull in none of the pipeline's libraries and export only their
# headers; an installed hocso builds both via find_package.
source "$(dirname "$0")/lib.sh"
: "${HOCSO_READ_BUNDLE:?set by ctest}" "${HOCSO_PULL_CHANNEL:?set by ctest}" "${HOCSO_BINARY_DIR:?}"

# no_pipeline_libraries WHAT FILE: FILE needs (directly or through its
# libraries) none of Boost, yaml-cpp, cmark, ICU, libzip or the pipeline.
no_pipeline_libraries() {
  local what=$1 file=$2 needed loaded
  needed=$(readelf -d "$file" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  expect_in "$needed" "libhocso-bundle.so.0" "$what: NEEDED"
  loaded=$(ldd "$file")
  expect_in "$loaded" "libhocso-bundle.so.0 => " "$what: ldd"
  expect_not_in "$loaded" "=> not found" "$what: ldd"
  for lib in libboost libyaml-cpp libcmark libicu libzip libhocso-core; do
    expect_not_in "$loaded" "$lib" "$what loads $lib"
  done
}
no_pipeline_libraries "the example app" "$HOCSO_READ_BUNDLE"
no_pipeline_libraries "the pull example" "$HOCSO_PULL_CHANNEL"
no_pipeline_libraries "the pull library" "$HOCSO_BINARY_DIR/lib/libhocso-pull.so.0"
expect_in "$(readelf -d "$HOCSO_PULL_CHANNEL")" "[libhocso-pull.so.0]" "the pull example's NEEDED"
expect_in "$(readelf -d "$HOCSO_BINARY_DIR/lib/libhocso-pull.so.0")" "[libcurl.so.4]" "the pull library's NEEDED"
# The linker drops unused libraries (--as-needed), so NEEDED alone would not
# notice an example linking the pipeline: its link line must not name it.
for example in hocso-read-bundle hocso-pull-channel; do
  link_txt="$HOCSO_BINARY_DIR/examples/CMakeFiles/$example.dir/link.txt"  # Makefile generators
  if [ -f "$link_txt" ]; then
    for lib in boost yaml-cpp cmark icu libzip hocso-core; do
      expect_not_in "$(cat "$link_txt")" "$lib" "$example's link line has $lib"
    done
  fi
done

# The reader library exports BundleReader's functions and nothing else.
reader_lib="$HOCSO_BINARY_DIR/lib/libhocso-bundle.so.0"
exported=$(nm -D --defined-only -C "$reader_lib" | awk '{ $1 = ""; $2 = ""; sub(/^  /, ""); print }')
expect_in "$exported" "hocso::BundleReader::open(" "exported"
expect_in "$exported" "hocso::BundleReader::read" "exported"
expect_in "$exported" "hocso::BundleReader::find(" "exported"
others=$(grep -v '^hocso::BundleReader::' <<<"$exported" || true)
[ -z "$others" ] && pass || fail "libhocso-bundle exports more than bundle_reader.h: $(head -5 <<<"$others")"
# The pull library exports PullState's functions and nothing else.
exported=$(nm -D --defined-only -C "$HOCSO_BINARY_DIR/lib/libhocso-pull.so.0" | awk '{ $1 = ""; $2 = ""; sub(/^  /, ""); print }')
for fn in "open(" "pull(" "installed(" "bundle_keys"; do expect_in "$exported" "hocso::PullState::$fn" "exported"; done
others=$(grep -v '^hocso::PullState::' <<<"$exported" || true)
[ -z "$others" ] && pass || fail "libhocso-pull exports more than pull.h: $(head -5 <<<"$others")"

copy_content work
cd "$SCRATCH/work"
"$HOCSO" build --profile phone >/dev/null 2>&1 || { echo "build failed"; exit 1; }
bundle=dist/hocso-co-ban-1.1.0-phone.hocso

run "$HOCSO_READ_BUNDLE" "$bundle" .hocso/dev.pub
expect_status 0 "example app on a good bundle"
expect_in "$OUT" "pack hocso-co-ban 1.1.0 (hocso-bundle/1 pack=hocso-co-ban version=1.1.0 manifest-sha256="
expect_in "$OUT" "language vi Tiếng Việt 100%"
expect_in "$OUT" "lesson cai-dat-vneid: Cài đặt và kích hoạt VNeID (8 steps, 3 questions)"
expect_in "$OUT" "  1. Tải VNeID từ CH Play hoặc App Store"
expect_in "$OUT" "lesson nhan-biet-lua-dao:"
# Every lesson the pack lists, in its order, and no other.
listed=$(sed -n '/^lessons:/,/^[a-z_]*:/s/^  - //p' content/packs/hocso-co-ban.yaml)
lesson_count=$(wc -l <<<"$listed")
[ "$lesson_count" -ge 3 ] && pass || fail "the pack lists $lesson_count lessons: $listed"
[ "$(printf '%s\n' "$OUT" | sed -n 's/^lesson \([a-z0-9-]*\):.*/\1/p')" = "$listed" ] && pass \
  || fail "the pack's lessons in order expected: $listed; got: $OUT"
printf '%s\n' "$OUT" | grep -qE '^     picture [0-9]+x[0-9]+, [1-9][0-9]* bytes: .+' && pass || fail "pictures not read: $OUT"

# A flipped byte in a stored picture: refused, nothing printed on stdout.
cp "$bundle" tampered.hocso
python3 - tampered.hocso <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
i = data.find(b"IDAT")
data[i + 20] ^= 0x01
open(sys.argv[1], "wb").write(data)
PY
run "$HOCSO_READ_BUNDLE" tampered.hocso .hocso/dev.pub
expect_status 1 "example app on a tampered bundle"
expect_in "$ERR" "refused: "
[ -z "$OUT" ] && pass || fail "a refused bundle printed: $OUT"

run "$HOCSO_READ_BUNDLE" "$bundle"
expect_status 2 "usage"

# ---- the pull example on a folder channel -------------------------------------------
keys=$SCRATCH/keys
mkdir -p "$keys"
for k in root chan; do "$HOCSO" keygen --out "$keys/$k" --unencrypted >/dev/null; done
ch=$SCRATCH/channel
app_state=$SCRATCH/app-state
"$HOCSO" channel init "$ch" --name bac-ninh --root-key "$keys/root.key" --channel-key "$keys/chan.pub" >/dev/null
v1=$(build_sample_at pullsrc 1.0.0 "$keys/chan.key")
"$HOCSO" publish "$v1" --channel "$ch" --key "$keys/chan.key" >/dev/null
run "$HOCSO_PULL_CHANNEL" "$ch" "$app_state"
expect_status 2 "a first pull without the root key"
expect_in "$ERR" "no trusted root yet"
run "$HOCSO_PULL_CHANNEL" "$ch" "$app_state" "$keys/root.pub"
expect_status 0 "the app's first pull"
expect_in "$OUT" "channel version 1, root version 1, "
expect_in "$OUT" "installed hocso-co-ban 1.0.0 (phone)"
expect_in "$OUT" "reading hocso-co-ban 1.0.0: $lesson_count lessons"
cmp -s "$v1" "$app_state/installed/hocso-co-ban-phone.hocso" && pass || fail "the app installed other bytes"
cp "$ch/channel.json" "$SCRATCH/channel.v1"
echo "Bác nhớ hỏi lại người thân khi có nghi ngờ." >> "$SCRATCH/pullsrc/content/lessons/nhan-biet-lua-dao/lesson.md"
v2=$(build_sample_at pullsrc 1.0.1 "$keys/chan.key")
"$HOCSO" publish "$v2" --channel "$ch" --key "$keys/chan.key" >/dev/null
run "$HOCSO_PULL_CHANNEL" "$ch" "$app_state"
expect_status 0 "the app's delta pull"
expect_in "$OUT" "installed hocso-co-ban 1.0.1 (phone) from what changed"
expect_in "$OUT" "reading hocso-co-ban 1.0.1: $lesson_count lessons"
cmp -s "$v2" "$app_state/installed/hocso-co-ban-phone.hocso" && pass || fail "the delta pull rebuilt other bytes"
cp "$ch/channel.json" "$SCRATCH/channel.v2"
cp "$SCRATCH/channel.v1" "$ch/channel.json"
run "$HOCSO_PULL_CHANNEL" "$ch" "$app_state"
expect_status 1 "a replayed channel.json"
expect_in "$ERR" "[channel-rollback]"
cmp -s "$v2" "$app_state/installed/hocso-co-ban-phone.hocso" && pass || fail "a refused pull changed the installed bundle"
cp "$SCRATCH/channel.v2" "$ch/channel.json"

# An app outside the tree: find_package(hocso) and hocso::bundle, nothing else.
prefix="$SCRATCH/prefix"
run cmake --install "$HOCSO_BINARY_DIR" --prefix "$prefix"
expect_status 0 "cmake --install"
[ -e "$prefix/lib/libhocso-core.so" ] && fail "the pipeline's development link is installed" || pass
mkdir -p "$SCRATCH/app"
cp "$HOCSO_SOURCE_DIR/examples/read_bundle.cpp" "$HOCSO_SOURCE_DIR/examples/pull_channel.cpp" "$SCRATCH/app/"
cat > "$SCRATCH/app/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(outside-app CXX)
find_package(hocso REQUIRED)
find_package(nlohmann_json REQUIRED)
if(TARGET hocso::core)
  message(FATAL_ERROR "find_package(hocso) offers the pipeline library hocso::core to apps")
endif()
add_executable(read-bundle read_bundle.cpp)
target_link_libraries(read-bundle PRIVATE hocso::bundle nlohmann_json::nlohmann_json)
add_executable(pull-channel pull_channel.cpp)
target_link_libraries(pull-channel PRIVATE hocso::pull hocso::bundle nlohmann_json::nlohmann_json)
CMAKE
# Libraries built with sanitizers (the ASan pass of build-tools/test) need the
# sanitizer runtime first in the app too.
app_flags=()
if grep -q '^HOCSO_SANITIZE:BOOL=ON' "$HOCSO_BINARY_DIR/CMakeCache.txt"; then
  app_flags=(-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined)
fi
run cmake -S "$SCRATCH/app" -B "$SCRATCH/app/build" -DCMAKE_PREFIX_PATH="$prefix" "${app_flags[@]}"
expect_status 0 "configure the outside app"
run cmake --build "$SCRATCH/app/build" -- VERBOSE=1
expect_status 0 "build the outside app"
OUT_BUILD=$OUT
# outside_app_links PROGRAM LIBRARY WHAT: the outside app's PROGRAM (WHAT, e.g.
# "pull app") is linked with LIBRARY and none of the pipeline's libraries.
outside_app_links() {
  local link_line lib
  link_line=$(grep -E "(^| )-o $1( |\$)" <<<"$OUT_BUILD" || true)
  expect_in "$link_line" "$2" "the $3's link line"
  for lib in boost yaml-cpp cmark icu libzip hocso-core; do
    expect_not_in "$link_line" "$lib" "the $3's link line has $lib"
  done
  no_pipeline_libraries "the outside $3" "$SCRATCH/app/build/$1"
}
outside_app_links read-bundle libhocso-bundle.so app
run "$SCRATCH/app/build/read-bundle" "$bundle" .hocso/dev.pub
expect_status 0 "the outside app on a good bundle"
expect_in "$OUT" "lesson cai-dat-vneid: Cài đặt và kích hoạt VNeID (8 steps, 3 questions)"
outside_app_links pull-channel libhocso-pull.so "pull app"
run "$SCRATCH/app/build/pull-channel" "$ch" "$SCRATCH/outside-state" "$keys/root.pub"
expect_status 0 "the outside pull app"
expect_in "$OUT" "reading hocso-co-ban 1.0.1: $lesson_count lessons"
finish
