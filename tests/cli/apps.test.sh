# The example app (examples/read_bundle.cpp, docs/apps.md) verifies and reads a
# bundle built here, and refuses a tampered one. It links the reader library
# alone (hocso::bundle), which pulls in none of the pipeline's libraries and
# exports only bundle_reader.h; an installed hocso builds it via find_package.
source "$(dirname "$0")/lib.sh"
: "${HOCSO_READ_BUNDLE:?set by ctest}" "${HOCSO_BINARY_DIR:?}"

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
# The linker drops unused libraries (--as-needed), so NEEDED alone would not
# notice the example linking the pipeline: its link line must not name it.
link_txt="$HOCSO_BINARY_DIR/examples/CMakeFiles/hocso-read-bundle.dir/link.txt"  # Makefile generators
if [ -f "$link_txt" ]; then
  for lib in boost yaml-cpp cmark icu libzip hocso-core; do
    expect_not_in "$(cat "$link_txt")" "$lib" "the example's link line has $lib"
  done
fi

# The reader library exports BundleReader's functions and nothing else.
reader_lib="$HOCSO_BINARY_DIR/lib/libhocso-bundle.so.0"
exported=$(nm -D --defined-only -C "$reader_lib" | awk '{ $1 = ""; $2 = ""; sub(/^  /, ""); print }')
expect_in "$exported" "hocso::BundleReader::open(" "exported"
expect_in "$exported" "hocso::BundleReader::read" "exported"
expect_in "$exported" "hocso::BundleReader::find(" "exported"
others=$(grep -v '^hocso::BundleReader::' <<<"$exported" || true)
[ -z "$others" ] && pass || fail "libhocso-bundle exports more than bundle_reader.h: $(head -5 <<<"$others")"

copy_content work
cd "$SCRATCH/work"
"$HOCSO" build --profile phone >/dev/null 2>&1 || { echo "build failed"; exit 1; }
bundle=dist/hocso-co-ban-1.0.0-phone.hocso

run "$HOCSO_READ_BUNDLE" "$bundle" .hocso/dev.pub
expect_status 0 "example app on a good bundle"
expect_in "$OUT" "pack hocso-co-ban 1.0.0 (hocso-bundle/1 pack=hocso-co-ban version=1.0.0 manifest-sha256="
expect_in "$OUT" "language vi Tiếng Việt 100%"
expect_in "$OUT" "lesson cai-dat-vneid: Cài đặt và kích hoạt VNeID (8 steps, 3 questions)"
expect_in "$OUT" "  1. Tải VNeID từ CH Play hoặc App Store"
expect_in "$OUT" "lesson nhan-biet-lua-dao:"
[ "$(printf '%s\n' "$OUT" | grep -c '^lesson ')" -eq 3 ] && pass || fail "three lessons expected: $OUT"
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

# An app outside the tree: find_package(hocso) and hocso::bundle, nothing else.
prefix="$SCRATCH/prefix"
run cmake --install "$HOCSO_BINARY_DIR" --prefix "$prefix"
expect_status 0 "cmake --install"
[ -e "$prefix/lib/libhocso-core.so" ] && fail "the pipeline's development link is installed" || pass
mkdir -p "$SCRATCH/app"
cp "$HOCSO_SOURCE_DIR/examples/read_bundle.cpp" "$SCRATCH/app/"
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
CMAKE
run cmake -S "$SCRATCH/app" -B "$SCRATCH/app/build" -DCMAKE_PREFIX_PATH="$prefix"
expect_status 0 "configure the outside app"
run cmake --build "$SCRATCH/app/build" -- VERBOSE=1
expect_status 0 "build the outside app"
link_line=$(grep -E '(^| )-o read-bundle( |$)' <<<"$OUT" || true)
expect_in "$link_line" "libhocso-bundle.so" "the app's link line"
for lib in boost yaml-cpp cmark icu libzip hocso-core; do
  expect_not_in "$link_line" "$lib" "the app's link line has $lib"
done
no_pipeline_libraries "the outside app" "$SCRATCH/app/build/read-bundle"
run "$SCRATCH/app/build/read-bundle" "$bundle" .hocso/dev.pub
expect_status 0 "the outside app on a good bundle"
expect_in "$OUT" "lesson cai-dat-vneid: Cài đặt và kích hoạt VNeID (8 steps, 3 questions)"
finish
