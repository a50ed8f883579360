# hocso plugin new language: a scaffolded language plugin builds out of tree
# against an installed hocso (find_package(hocso)) and shows in plugin list.
source "$(dirname "$0")/lib.sh"
: "${HOCSO_BINARY_DIR:?}"
prefix="$SCRATCH/prefix"
run cmake --install "$HOCSO_BINARY_DIR" --prefix "$prefix"
expect_status 0 "cmake --install"

cd "$SCRATCH"
run "$prefix/bin/hocso" plugin new language --tag xx-Latn-VN --name "Tiếng \"Thử\"" --english-name Testish --out "$SCRATCH"
expect_status 0 "plugin new language"
expect_in "$OUT" "created $SCRATCH/lang-xx-Latn-VN"
for f in CMakeLists.txt language.cpp README.md; do
  [ -f "$SCRATCH/lang-xx-Latn-VN/$f" ] && pass || fail "no $f"
done
run "$prefix/bin/hocso" plugin new language --tag xx-Latn-VN --name X --out "$SCRATCH"
expect_status 2 "refuses to overwrite"
expect_in "$ERR" "already exists; nothing written"
run "$prefix/bin/hocso" plugin new language --tag "../evil" --name X --out "$SCRATCH"
expect_status 2 "refuses a bad tag"

run cmake -S "$SCRATCH/lang-xx-Latn-VN" -B "$SCRATCH/lang-build" -DCMAKE_PREFIX_PATH="$prefix"
expect_status 0 "configure the scaffolded plugin"
run cmake --build "$SCRATCH/lang-build"
expect_status 0 "build the scaffolded plugin"
run "$prefix/bin/hocso" plugin list --plugin-dir "$SCRATCH/lang-build"
expect_in "$OUT" "lang-xx-Latn-VN 0.1.0 — Testish (xx-Latn-VN)"
expect_in "$OUT" "language xx-Latn-VN: Tiếng \"Thử\" (Testish)"
run "$prefix/bin/hocso" plugin list --plugin-dir "$SCRATCH/lang-build" --format json
expect_in "$OUT" '"kind": "language"'
expect_in "$OUT" '"tag": "xx-Latn-VN"'
finish
