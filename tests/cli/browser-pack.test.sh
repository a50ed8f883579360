# Every lesson of the sample pack, built as it is in content/ (no lesson left
# out), walked in headless Chromium: the phone bundle at 360x640 in Vietnamese
# and English and at a tablet's 1280x800 in Vietnamese, the kiosk bundle at
# 1920x1080 (text of 24 px or more). Each step (pictures loaded and described,
# one screen, no small text or tap target), every quiz question answered, the
# summary (tests/browser/pack-walk.test.js). A screenshot of the last lesson in
# each language and size goes to build/test-artifacts/.
source "$(dirname "$0")/lib.sh"
: "${HOCSO_BINARY_DIR:?set by ctest}"

node_dir="$HOCSO_BINARY_DIR/browser-test"
"$HOCSO_SOURCE_DIR/build-tools/setup-browser" "$node_dir"
artifacts="$HOCSO_BINARY_DIR/test-artifacts"
rm -f "$artifacts"/pack-walk-*.png
walk() { NODE_PATH="$node_dir/node_modules" node "$HOCSO_SOURCE_DIR/tests/browser/pack-walk.test.js" "$@"; }

copy_content work --machine-voice
cd "$SCRATCH/work/content"
pack=packs/hocso-co-ban.yaml
# The pack's lessons, read with a YAML library (Debian's python3-yaml).
ids=$(/usr/bin/python3 -c 'import sys, yaml; print(",".join(yaml.safe_load(open(sys.argv[1]))["lessons"]))' "$pack")
count=$(tr ',' '\n' <<<"$ids" | wc -l)
[ "$count" -ge 7 ] && pass || fail "only $count lessons read from $pack: $ids"

run "$HOCSO" build --profile phone
expect_status 0 "build the whole pack"
run "$HOCSO" build --profile kiosk
expect_status 0 "build the whole pack for a kiosk"
for profile in phone kiosk; do
  bundle=$(ls dist/hocso-co-ban-*-$profile.hocso)
  mkdir "$profile" && (cd "$profile" && unzip -q "../$bundle")
done
# The pack's machine voice (audio: {tts: [vi]}) reads every part of every
# Vietnamese lesson, since no one has recorded one yet; English has none.
expect_in "$(python3 -c '
import json, sys
missing, parts = [], 0
for lesson in sys.argv[1].split(","):
    doc = json.load(open("phone/vi/%s.json" % lesson))
    units = [("intro", doc.get("intro_audio"))] if doc["intro_html"] else []
    units += [("step-%d" % s["index"], s.get("audio")) for s in doc["steps"]]
    units += [("quiz-%d" % (q + 1), x.get("audio")) for q, x in enumerate(doc["quiz"])]
    parts += len(units)
    missing += [lesson + " " + u for u, a in units if not a or a["recorded"] or not a["voice"].startswith("espeak-ng")]
    en = json.load(open("phone/en/%s.json" % lesson))
    missing += [lesson + " en step" for s in en["steps"] if "audio" in s]
print(parts > 100, missing)' "$ids")" "True []" "the machine voice reads every Vietnamese part, and no English one"

start=$(date +%s)
run walk "file://$SCRATCH/work/content/phone/" "$artifacts" "$ids" vi,en
expect_status 0 "every lesson walked in Chromium on a phone"
echo "$OUT"
expect_in "$OUT" "walked $((count * 2)) lessons (vi, en) at 360x640:" "both languages, every lesson"
expect_in "$OUT" " 0 failed" "no failed check on a phone"
run walk "file://$SCRATCH/work/content/phone/" "$artifacts" "$ids" vi 1280x800
expect_status 0 "every lesson walked in Chromium on a tablet"
echo "$OUT"
expect_in "$OUT" "walked $count lessons (vi) at 1280x800:" "every lesson on a tablet"
run walk "file://$SCRATCH/work/content/kiosk/" "$artifacts" "$ids" vi 1920x1080 24
expect_status 0 "every lesson walked in Chromium on a kiosk"
echo "$OUT"
expect_in "$OUT" "walked $count lessons (vi) at 1920x1080:" "every lesson on a kiosk"
# Within a reasonable time: the walk is a few seconds a lesson, not minutes.
elapsed=$(($(date +%s) - start))
[ "$elapsed" -le 480 ] && pass || fail "the walks took $elapsed s"
for shot in vi-last-lesson-360x640 en-last-lesson-360x640 vi-last-lesson-1280x800 vi-last-lesson-1920x1080; do
  [ -f "$artifacts/pack-walk-$shot.png" ] && pass || fail "screenshot $shot missing"
done
finish
