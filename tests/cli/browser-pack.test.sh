# Every lesson of the sample pack, built as it is in content/ (no lesson left
# out), walked in headless Chromium at 360x640 in Vietnamese and English: each
# step (pictures loaded and described, one screen), every quiz question
# answered, the summary (tests/browser/pack-walk.test.js). A screenshot of the
# last lesson in each language goes to build/test-artifacts/.
source "$(dirname "$0")/lib.sh"
: "${HOCSO_BINARY_DIR:?set by ctest}"

node_dir="$HOCSO_BINARY_DIR/browser-test"
"$HOCSO_SOURCE_DIR/build-tools/setup-browser" "$node_dir"
artifacts="$HOCSO_BINARY_DIR/test-artifacts"
rm -f "$artifacts"/pack-walk-*.png
walk() { NODE_PATH="$node_dir/node_modules" node "$HOCSO_SOURCE_DIR/tests/browser/pack-walk.test.js" "$@"; }

copy_content work
cd "$SCRATCH/work/content"
pack=packs/hocso-co-ban.yaml
# The pack's lessons, read with a YAML library (Debian's python3-yaml).
ids=$(/usr/bin/python3 -c 'import sys, yaml; print(",".join(yaml.safe_load(open(sys.argv[1]))["lessons"]))' "$pack")
count=$(tr ',' '\n' <<<"$ids" | wc -l)
[ "$count" -ge 7 ] && pass || fail "only $count lessons read from $pack: $ids"

run "$HOCSO" build --profile phone
expect_status 0 "build the whole pack"
bundle=$(ls dist/hocso-co-ban-*-phone.hocso)
mkdir unzipped && (cd unzipped && unzip -q "../$bundle")

start=$(date +%s)
run walk "file://$SCRATCH/work/content/unzipped/" "$artifacts" "$ids" vi,en
expect_status 0 "every lesson walked in Chromium"
echo "$OUT"
expect_in "$OUT" "walked $((count * 2)) lessons (vi, en):" "both languages, every lesson"
expect_in "$OUT" " 0 failed" "no failed check"
# Within a reasonable time: the walk is a few seconds a lesson, not minutes.
elapsed=$(($(date +%s) - start))
[ "$elapsed" -le 240 ] && pass || fail "the walk took $elapsed s"
[ -f "$artifacts/pack-walk-vi-last-lesson-360x640.png" ] && [ -f "$artifacts/pack-walk-en-last-lesson-360x640.png" ] &&
  pass || fail "screenshots missing"
finish
