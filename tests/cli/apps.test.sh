# The example app (examples/read_bundle.cpp, docs/apps.md) verifies and reads a
# bundle built here, and refuses a tampered one.
source "$(dirname "$0")/lib.sh"
: "${HOCSO_READ_BUNDLE:?set by ctest}"

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
finish
