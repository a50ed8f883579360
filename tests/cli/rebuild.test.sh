# A rebuild follows the edit (decision 0026): with the earlier bundles in
# --out and their build records in the cache, the pages of the lessons whose
# files did not change are carried over from them as they are stored, and the
# bundles are byte for byte those of a clean build of the same sources — after
# no edit, a lesson's text, a translation, a screenshot, a title other pages
# show, a new version of the pack (carried over from the last version's
# bundle), the pack file, a recording; and a deleted, changed or damaged earlier
# bundle makes a clean build that says why; --no-cache one that keeps nothing.
source "$(dirname "$0")/lib.sh"

copy_content work
keep_lessons work cai-dat-vneid tai-khoan-muc-2 nhan-biet-lua-dao mat-khau-va-otp
cd "$SCRATCH/work/content"
make_test_key
KEY="$SCRATCH/keys/test.key"
export SOURCE_DATE_EPOCH=1767225600
PHONE=dist/hocso-co-ban-1.1.0-phone.hocso
KIOSK=dist/hocso-co-ban-1.1.0-kiosk.hocso
STEP=0

# reused PROFILE: how many lessons the last build (its --format json in $OUT)
# carried over into PROFILE's bundle.
reused() {
  python3 -c 'import json, sys
for b in json.loads(sys.stdin.read())["bundles"]:
    if b["profile"] == sys.argv[1]: print(b["reused_lessons"])' "$1" <<<"$OUT"
}

# rebuild WHAT PHONE_REUSED KIOSK_REUSED: builds into dist/ (the earlier
# bundles there), expects that many lessons carried over per bundle, then
# builds the same sources into a folder of its own (no earlier bundle: a clean
# build) and compares the bundles byte for byte.
rebuild() {
  local what=$1 phone=$2 kiosk=$3
  STEP=$((STEP + 1))
  run "$HOCSO" build --key "$KEY" --format json
  expect_status 0 "$what: rebuild"
  [ "$(reused phone)" = "$phone" ] && pass || fail "$what: phone carried over $(reused phone) lessons, expected $phone"
  [ "$(reused kiosk)" = "$kiosk" ] && pass || fail "$what: kiosk carried over $(reused kiosk) lessons, expected $kiosk"
  REBUILT=$OUT
  run "$HOCSO" build --key "$KEY" --format json --out "$SCRATCH/clean-$STEP"
  expect_status 0 "$what: clean build"
  [ "$(reused phone)" = 0 ] && pass || fail "$what: a build into a new folder carried lessons over"
  for b in "$PHONE" "$KIOSK"; do
    cmp -s "$b" "$SCRATCH/clean-$STEP/$(basename "$b")" && pass || fail "$what: $b differs from a clean build's"
  done
  OUT=$REBUILT
}

# ---- the first build, then one with nothing changed ---------------------------------
run "$HOCSO" build --key "$KEY" --format json
expect_status 0 "first build"
[ "$(reused phone)" = 0 ] && pass || fail "the first build carried lessons over"
[ -n "$(find "$CACHE/build-record" -type f)" ] && pass || fail "no build record in the cache"
rebuild "nothing changed" 4 4
# Text output says it too.
run "$HOCSO" build --key "$KEY"
expect_in "$ERR" "phone: 4 lessons, 4 unchanged (carried over from the earlier bundle)" "the log line"

# ---- one lesson's files --------------------------------------------------------------
sed -i '0,/^## /s//Hãy làm chậm rãi từng bước.\n\n## /' lessons/nhan-biet-lua-dao/lesson.md
rebuild "a lesson's text" 3 3
unzip -p "$PHONE" vi/nhan-biet-lua-dao.html | grep -q "Hãy làm chậm rãi từng bước." && pass \
  || fail "the edited text is not in the rebuilt page"

# The first translated paragraph gets a sentence more, at the end of its msgstr
# (a block's last line).
python3 - i18n/en/mat-khau-va-otp.po <<'PY'
import sys
path = sys.argv[1]
blocks = open(path, encoding="utf-8").read().split("\n\n")
for i, block in enumerate(blocks):
    translation = block.split("\nmsgstr ", 1)[-1]
    if '|paragraph"' in block and "#, fuzzy" not in block and translation.strip() != '""':
        blocks[i] = block.rstrip()[:-1] + ' Take your time."'
        break
else:
    sys.exit("no translated paragraph in " + path)
open(path, "w", encoding="utf-8").write("\n\n".join(blocks))
PY
rebuild "a translation" 3 3
unzip -p "$PHONE" en/mat-khau-va-otp.html | grep -q "Take your time." && pass \
  || fail "the edited translation is not in the rebuilt page"

shot=$(ls lessons/cai-dat-vneid/screens/*.png | sed -n 1p)
vips flip "$shot" "$SCRATCH/flipped.png" horizontal
cp "$SCRATCH/flipped.png" "$shot"
rebuild "a screenshot" 3 3

# ---- what pages of other lessons show -------------------------------------------------
# tai-khoan-muc-2 requires cai-dat-vneid: its page shows that lesson's title.
sed -i 's/^title: .*/title: Cài ứng dụng VNeID đúng cách/' lessons/cai-dat-vneid/lesson.md
rebuild "a title other pages show" 0 0
unzip -p "$PHONE" vi/tai-khoan-muc-2.html | grep -q "Cài ứng dụng VNeID đúng cách" && pass \
  || fail "the page that requires the lesson does not show its new title"

# ---- a new version: the last version's bundle is the earlier one ----------------------
sed -i 's/^version: 1.1.0$/version: 1.1.1/' packs/hocso-co-ban.yaml
PHONE=dist/hocso-co-ban-1.1.1-phone.hocso
KIOSK=dist/hocso-co-ban-1.1.1-kiosk.hocso
rebuild "a new version" 4 4
[ -f dist/hocso-co-ban-1.1.0-phone.hocso ] && pass || fail "the last version's bundle is gone"

# ---- the pack file, and the earlier bundle itself -------------------------------------
sed -i 's/^summary: /summary: Bộ bài học. /' packs/hocso-co-ban.yaml
grep -q '^summary: Bộ bài học. ' packs/hocso-co-ban.yaml && pass || fail "the pack has no summary: line to edit"
rebuild "the pack file" 0 0
expect_in "$OUT" "outside its lessons changed since the last build: every lesson is built again" "the note"
expect_in "$OUT" '"check": "clean-build"' "the note's id"

rm "$PHONE"
rebuild "a deleted bundle" 0 4
expect_in "$OUT" "the bundle the last build wrote here is gone" "the note for a deleted bundle"

# One byte changed, the file's times put back: the change time still tells.
python3 - "$KIOSK" <<'PY'
import os, sys
path = sys.argv[1]
st = os.stat(path)
with open(path, "r+b") as f:
    f.seek(st.st_size // 2)
    b = f.read(1)
    f.seek(st.st_size // 2)
    f.write(bytes([b[0] ^ 0xFF]))
os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
PY
rebuild "a damaged bundle" 4 0
expect_in "$OUT" "the bundle changed (or was damaged) since hocso wrote it" "the note for a damaged bundle"

# ---- narration: a lesson's recording, then that lesson carried over -------------------
mkdir -p audio/vi/cai-dat-vneid
sox -n -r 16000 -c 1 audio/vi/cai-dat-vneid/step-1.wav synth 1 sine 440 vol 0.3
run "$HOCSO" audio confirm vi cai-dat-vneid step-1
expect_status 0 "audio confirm"
rebuild "a recording" 3 3
sed -i '0,/^## /s//Nhớ hỏi người thân khi chưa rõ.\n\n## /' lessons/mat-khau-va-otp/lesson.md
rebuild "another lesson, the recorded one carried over" 3 3
# Its share of the manifest's narration coverage came from the record.
unzip -p "$PHONE" manifest.json | python3 -c 'import json, sys
langs = {l["tag"]: l["audio"] for l in json.load(sys.stdin)["languages"]}
sys.exit(0 if langs["vi"]["recorded"] == 1 and langs["vi"]["units"] > 1 else 1)' && pass \
  || fail "the carried lesson's recording is not counted in the manifest: $(unzip -p "$PHONE" manifest.json | head -c 600)"

# ---- no cache, no record ---------------------------------------------------------------
run "$HOCSO" build --key "$KEY" --format json --no-cache
expect_status 0 "--no-cache build"
[ "$(reused phone)" = 0 ] && pass || fail "--no-cache carried lessons over"

finish
