# The screenshots media stage end to end: redaction and highlights in the output
# pixels, metadata stripped, per-language variants and fallback, identical
# images stored once, bad images refused with nothing written, --jobs 1 and 2
# byte-identical, a damaged cache entry never shipped, and budget_mb enforced.
# Fixture images are made here with the vips and exiftool command-line tools.
source "$(dirname "$0")/lib.sh"
make_test_key
KEY="$SCRATCH/keys/test.key"
LESSON=content/lessons/cai-dat-vneid
PACK=content/packs/hocso-co-ban.yaml

# replace FILE OLD NEW: exact, UTF-8 safe, once.
replace() { python3 - "$@" <<'PY'
import sys
path, old, new = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, encoding="utf-8").read()
assert old in text, old
open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))
PY
}

# zip_get BUNDLE ENTRY OUT: extracts one entry.
zip_get() { python3 -c 'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$@"; }

# step_media BUNDLE LANG LESSON STEP: the stored path of the first image of a step (1-based).
step_media() { python3 -c '
import sys, json, zipfile
doc = json.loads(zipfile.ZipFile(sys.argv[1]).read(f"{sys.argv[2]}/{sys.argv[3]}.json"))
m = doc["steps"][int(sys.argv[4]) - 1]["media"][0]
print(m["path"], m["width"], m["height"], m["size"])' "$@"; }

media_names() { python3 -c 'import sys, zipfile; print("\n".join(sorted(n for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith("media/"))))' "$1"; }

# ---- redaction, highlight, GPS EXIF, per-language variant -------------------------
copy_content px
cd "$SCRATCH/px"
# A PNG output profile keeps pixels exact; 'small' checks resizing to max_width.
replace $PACK "  kiosk: {max_width: 1280, format: webp, quality: 85, audio: {bitrate_kbps: 48}}" "  exact: {max_width: 1280, format: png}
  small: {max_width: 270, format: jpeg, quality: 80}"
grep -q "^languages: \[vi, en\]" $PACK || replace $PACK "languages: [vi]" "languages: [vi, en]"  # en is in the sample pack now
# Labels are drawn in each page's language (tested in their own section below);
# without them, the vi and en pages share every image that has no en variant.
sed -i '/^    label: /d' content/lessons/*/lesson.md
# Step 3's screenshot (redact [40, 270, 460, 80], highlight [40, 600, 460, 90]) becomes noise:
# nothing in the redacted area is one colour unless the redaction made it so.
# The seed is fixed: vips picks a random one, and once in a while the privacy
# check's OCR read twelve digits in the noise below the redaction (a CI run).
vips gaussnoise "$SCRATCH/noise.v" 540 1170 --mean 128 --sigma 60 --seed 1
vips bandjoin "$SCRATCH/noise.v $SCRATCH/noise.v $SCRATCH/noise.v" "$SCRATCH/noise3.v"
vips cast "$SCRATCH/noise3.v" $LESSON/screens/nhap-so-dinh-danh.png uchar
# Step 1's screenshot becomes a JPEG with GPS EXIF.
vips copy $LESSON/screens/tim-ung-dung.png "$SCRATCH/plain.jpg"
exiftool -q -overwrite_original -GPSLatitude=21.0285 -GPSLatitudeRef=N -GPSLongitude=105.8542 -GPSLongitudeRef=E \
  -Comment="secret comment" -XMP:Creator="Nguyen Van A" -o $LESSON/screens/gps.jpg "$SCRATCH/plain.jpg"
exiftool -GPSLatitude $LESSON/screens/gps.jpg | grep -q "21 deg" && pass || fail "fixture: the input JPEG has no GPS"
replace $LESSON/lesson.md "](screens/tim-ung-dung.png)" "](screens/gps.jpg)"
replace $LESSON/lesson.md "  screens/tim-ung-dung.png:" "  screens/gps.jpg:"
# An English variant of step 2's screenshot: a plain blue screen.
mkdir -p $LESSON/screens/en
vips black "$SCRATCH/b.v" 540 1170 --bands 3
vips linear "$SCRATCH/b.v" $LESSON/screens/en/man-hinh-dau.png "1 1 1" "0 0 200" --uchar

run "$HOCSO" build --key "$KEY" --jobs 2
expect_status 0 "build with screenshots"
B="dist/hocso-co-ban-1.1.0-exact.hocso"
read -r path w h size <<<"$(step_media $B vi cai-dat-vneid 3)"
expect_in "$path" "media/" "redacted image stored under media/"
[ "$w $h" = "540 1170" ] && pass || fail "width/height in the lesson JSON: $w $h"
[[ "$path" =~ ^media/[0-9a-f]{64}\.png$ ]] && pass || fail "content-addressed png name: $path"
zip_get $B "$path" "$SCRATCH/out3.png"
[ "$(sha256sum < "$SCRATCH/out3.png" | cut -c1-64)" = "$(basename "$path" .png)" ] && pass || fail "name is the sha256 of the bytes"
# The redacted rectangle is one solid colour (black) in the output pixels.
vips extract_area "$SCRATCH/out3.png" "$SCRATCH/red.v" 40 270 460 80
awk -v m="$(vips max "$SCRATCH/red.v")" 'BEGIN { exit !(m == 0) }' && pass || fail "redacted area not solid black: max $(vips max "$SCRATCH/red.v")"
vips extract_area "$SCRATCH/out3.png" "$SCRATCH/red2.v" 10 200 20 20
awk -v m="$(vips max "$SCRATCH/red2.v")" 'BEGIN { exit !(m > 0) }' && pass || fail "outside the redaction the noise survives"
# The highlight frame is drawn around [40, 600, 460, 90], 8 px wide, in 255 0 144.
for point in "36 640" "503 650" "200 596" "200 693"; do
  [ "$(vips getpoint "$SCRATCH/out3.png" $point | xargs)" = "255 0 144" ] && pass || fail "highlight frame missing at $point: $(vips getpoint "$SCRATCH/out3.png" $point)"
done
[ "$(vips getpoint "$SCRATCH/out3.png" 200 640 | tr -d ' ')" != "2550144" ] && pass || fail "the tap target itself is covered"
expect_in "$(unzip -p $B vi/cai-dat-vneid.html)" "width=\"540\" height=\"1170\"" "page img has width/height"
# Resized to the profile's max_width (270), as JPEG.
S="dist/hocso-co-ban-1.1.0-small.hocso"
read -r spath sw sh _ <<<"$(step_media $S vi cai-dat-vneid 3)"
[[ "$spath" == *.jpg && "$sw $sh" == "270 585" ]] && pass || fail "small profile: $spath $sw $sh"
# No metadata survives: GPS, comment, XMP.
for bundle in $B $S dist/hocso-co-ban-1.1.0-phone.hocso; do
  read -r gpath _ <<<"$(step_media $bundle vi cai-dat-vneid 1)"
  zip_get $bundle "$gpath" "$SCRATCH/gps-out"
  meta=$(exiftool -a -G1 "$SCRATCH/gps-out")
  expect_not_in "$meta" "GPS" "GPS survived in $bundle"
  expect_not_in "$meta" "secret comment" "comment survived in $bundle"
  expect_not_in "$meta" "Nguyen Van A" "XMP survived in $bundle"
  grep -qa -e "Exif" -e "GPS" -e "secret" "$SCRATCH/gps-out" && fail "metadata bytes in $gpath" || pass
done
# Per-language variant for en; the fallback (the shared file) otherwise; stored once.
P="dist/hocso-co-ban-1.1.0-phone.hocso"
read -r vi2 _ <<<"$(step_media $P vi cai-dat-vneid 2)"
read -r en2 _ <<<"$(step_media $P en cai-dat-vneid 2)"
read -r vi3 _ <<<"$(step_media $P vi cai-dat-vneid 3)"
read -r en3 _ <<<"$(step_media $P en cai-dat-vneid 3)"
[ "$vi2" != "$en2" ] && pass || fail "en variant not used: $vi2 $en2"
[ "$vi3" = "$en3" ] && pass || fail "fallback not shared: $vi3 $en3"
# The English one is the blue screen (webp is lossy: blue well above red and green).
zip_get $P "$en2" "$SCRATCH/en2.webp"
read -r r g b <<<"$(vips getpoint "$SCRATCH/en2.webp" 100 100)"
[ "${b%.*}" -gt 150 ] && [ "${r%.*}" -lt 60 ] && pass || fail "en variant pixels: $r $g $b"
# Every picture the pack's lessons show, plus the one English variant, each
# stored once: pictures with the same bytes and the same `screens:` entry
# (overlays and label; the same drawn login screen in three lessons) are one
# media entry, the same bytes with other overlays two.
pictures=$(python3 - content <<'PY2'
import hashlib, json, re, sys, yaml
root = sys.argv[1]
pack = yaml.safe_load(open(f"{root}/packs/hocso-co-ban.yaml", encoding="utf-8"))
seen = set()
for lesson in pack["lessons"]:
    text = open(f"{root}/lessons/{lesson}/lesson.md", encoding="utf-8").read()
    front = yaml.safe_load(text.split("---\n")[1])
    for path in set(re.findall(r"\]\((screens/[^)]+)\)", text)):
        data = open(f"{root}/lessons/{lesson}/{path}", "rb").read()
        entry = (front.get("screens") or {}).get(path)
        seen.add((hashlib.sha256(data).hexdigest(), json.dumps(entry, sort_keys=True)))
print(len(seen))
PY2
)
[ "$pictures" -ge 14 ] && pass || fail "only $pictures pictures in the pack's lessons"
[ "$(media_names $P | wc -l)" = "$((pictures + 1))" ] && pass \
  || fail "media entries: $(media_names $P | wc -l), expected $((pictures + 1))"
run "$HOCSO" verify $P --pubkey "$SCRATCH/keys/test.pub"
expect_status 0 "verify"

# ---- --jobs 1 and --jobs 2 give the same bytes; the cache changes nothing ----------
run "$HOCSO" build --key "$KEY" --jobs 1 --no-cache --out "$SCRATCH/j1"
expect_status 0 "jobs 1"
run "$HOCSO" build --key "$KEY" --jobs 2 --no-cache --out "$SCRATCH/j2"
expect_status 0 "jobs 2"
for f in "$SCRATCH"/j1/*.hocso; do
  cmp -s "$f" "$SCRATCH/j2/$(basename "$f")" && pass || fail "jobs 1 and 2 differ: $(basename "$f")"
  cmp -s "$f" "dist/$(basename "$f")" && pass || fail "cached and uncached builds differ: $(basename "$f")"
done

# ---- a damaged cache entry is detected, recomputed and never shipped --------------
entries=$(find "$CACHE/media" -type f | wc -l)
[ "$entries" -ge 15 ] && pass || fail "cache entries: $entries"
# Flip one byte near the end of every entry (inside the image, after the header).
python3 - "$CACHE" <<'PY'
import pathlib, sys
for p in pathlib.Path(sys.argv[1], "media").rglob("*"):
    if p.is_file():
        b = bytearray(p.read_bytes()); b[-3] ^= 0xFF; p.write_bytes(b)
PY
run "$HOCSO" build --key "$KEY" --jobs 2 --out "$SCRATCH/damaged"
expect_status 0 "build over a damaged cache"
for f in "$SCRATCH"/j1/*.hocso; do
  cmp -s "$f" "$SCRATCH/damaged/$(basename "$f")" && pass || fail "damaged cache shipped in $(basename "$f")"
done
# ... and the damaged entries were written again, whole.
python3 - "$CACHE" <<'PY' && pass || fail "damaged cache entries not rewritten"
import hashlib, pathlib, sys
for p in pathlib.Path(sys.argv[1], "media").rglob("*"):
    if p.is_file():
        head, meta, image = p.read_bytes().split(b"\n", 2)
        if head.split()[2].decode() != hashlib.sha256(image).hexdigest(): sys.exit(f"{p} still damaged")
PY
run "$HOCSO" build --key "$KEY" --jobs 2 --out "$SCRATCH/repaired"
cmp -s "$SCRATCH/j1/hocso-co-ban-1.1.0-exact.hocso" "$SCRATCH/repaired/hocso-co-ban-1.1.0-exact.hocso" && pass || fail "rebuilt cache"
[ -f "$CACHE/source-hashes/in/index" ] && pass || fail "no index of source hashes"
# A screenshot rewritten with its old modification time put back is still seen
# as changed (the index of source hashes compares inode, size and both times).
sleep 2
read -r before _ <<<"$(step_media dist/hocso-co-ban-1.1.0-exact.hocso vi cai-dat-vneid 2)"
touch -r $LESSON/screens/man-hinh-dau.png "$SCRATCH/stamp"
vips invert $LESSON/screens/man-hinh-dau.png "$SCRATCH/inverted.png"
cat "$SCRATCH/inverted.png" > $LESSON/screens/man-hinh-dau.png
touch -r "$SCRATCH/stamp" $LESSON/screens/man-hinh-dau.png
run "$HOCSO" build --key "$KEY" --jobs 2 --out "$SCRATCH/touched"
expect_status 0 "build after a screenshot changed in place"
read -r after _ <<<"$(step_media "$SCRATCH/touched/hocso-co-ban-1.1.0-exact.hocso" vi cai-dat-vneid 2)"
[ "$before" != "$after" ] && pass || fail "a screenshot changed in place was taken from the cache: $after"

# ---- labels: drawn in the page's language; an untranslated label falls back --------
copy_content labels
cd "$SCRATCH/labels"
grep -q "^languages: \[vi, en\]" $PACK || replace $PACK "languages: [vi]" "languages: [vi, en]"
run "$HOCSO" build --key "$KEY" --profile phone
expect_status 0 "build with labels"
expect_in "$ERR" "hocso build: phone: " "a plain log line per stage when stderr is not a terminal"
expect_in "$ERR" " images in " "the log line counts images"
P="dist/hocso-co-ban-1.1.0-phone.hocso"
read -r vi3 _ <<<"$(step_media $P vi cai-dat-vneid 3)"
read -r en3 _ <<<"$(step_media $P en cai-dat-vneid 3)"
[ "$vi3" != "$en3" ] && pass || fail "the English label did not change the English image: $vi3"
# Take the English translation of step 3's label away: en falls back to the
# Vietnamese label, which is the same image as vi's, stored once.
label=$(sed -n 's/^    label: //p' $LESSON/lesson.md | sed -n 3p)
[ "$label" = "Chạm để đi tiếp" ] && pass || fail "fixture: step 3's label is '$label'"
python3 - content/i18n/en/cai-dat-vneid.po "$label" <<'PY'
import sys
path, label = sys.argv[1], sys.argv[2]
lines = open(path, encoding="utf-8").read().split("\n")
i = lines.index(f'msgid "{label}"')
assert lines[i + 1].startswith("msgstr "), lines[i + 1]
lines[i + 1] = 'msgstr ""'
open(path, "w", encoding="utf-8").write("\n".join(lines))
PY
run "$HOCSO" build --key "$KEY" --profile phone --out "$SCRATCH/labels-fallback"
expect_status 0 "build with an untranslated label"
P2="$SCRATCH/labels-fallback/hocso-co-ban-1.1.0-phone.hocso"
read -r vi3b _ <<<"$(step_media $P2 vi cai-dat-vneid 3)"
read -r en3b _ <<<"$(step_media $P2 en cai-dat-vneid 3)"
[ "$vi3b" = "$vi3" ] && pass || fail "the vi image changed: $vi3 $vi3b"
[ "$en3b" = "$vi3" ] && pass || fail "an untranslated label did not fall back to vi: $en3b"
cd "$SCRATCH/px"

# ---- budget_mb -------------------------------------------------------------------
# The noise PNG alone (about 1.9 MB) is over a 1 MB budget.
replace $PACK "  exact: {max_width: 1280, format: png}" "  exact: {max_width: 1280, format: png, budget_mb: 1}"
rm -rf "$SCRATCH/budget"
run "$HOCSO" build --key "$KEY" --out "$SCRATCH/budget"
expect_status 1 "over budget"
expect_in "$ERR" "[bundle-over-budget]" "budget check-id"
expect_in "$ERR" "largest lessons: " "budget lists lessons"
expect_in "$ERR" "bundle hocso-co-ban-1.1.0-exact.hocso is " "budget names the bundle"
expect_in "$ERR" "largest lessons: cai-dat-vneid (" "budget lists lessons, largest first"
expect_in "$ERR" "largest images: lessons/cai-dat-vneid/screens/nhap-so-dinh-danh.png (" "budget lists images, largest first"
run "$HOCSO" build --key "$KEY" --out "$SCRATCH/budget" --lang vi
expect_in "$ERR" "lỗi: gói hocso-co-ban-1.1.0-exact.hocso nặng " "the budget in Vietnamese"
expect_in "$ERR" "; các bài lớn nhất: cai-dat-vneid (" "the budget's lessons in Vietnamese"
[ -z "$(ls -A "$SCRATCH/budget" 2>/dev/null)" ] && pass || fail "over budget: something written: $(ls -A "$SCRATCH/budget")"
cd "$SCRATCH"

# ---- bad images: exit 1, the file named, nothing written ---------------------------
copy_content bad
bad_image() {  # bad_image NAME 'mutation' 'expected' ...
  local name=$1 mutate=$2
  shift 2
  rm -rf "$SCRATCH/case" && cp -a "$SCRATCH/bad" "$SCRATCH/case"
  (cd "$SCRATCH/case" && eval "$mutate")
  (cd "$SCRATCH/case" && run timeout 30 "$HOCSO" build --key "$KEY" --profile phone; declare -p STATUS OUT ERR >"$SCRATCH/.result")
  source <(sed "s/^declare -[a-z-]* /declare -g /" "$SCRATCH/.result")
  expect_status 1 "$name"
  for want in "$@"; do expect_in "$ERR" "$want" "$name"; done
  [ -z "$(ls -A "$SCRATCH/case/dist" 2>/dev/null)" ] && pass || fail "$name: something written to dist/"
}
T=$LESSON/screens/tim-ung-dung.png
bomb_png() { python3 - "$1" <<'PY'
import struct, sys, zlib
def chunk(kind, data): return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
ihdr = struct.pack(">IIBBBBB", 50000, 50000, 8, 2, 0, 0, 0)
row = zlib.compressobj().compress(b"\0" * 1000)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 150001)) + chunk(b"IEND", b""))
PY
}
bad_image bomb "bomb_png $T" "[image-too-large]" "screens/tim-ung-dung.png" "50000×50000"
bad_image truncated "head -c 4000 $LESSON/screens/nhap-otp.png > $SCRATCH/t.png && mv $SCRATCH/t.png $T" "[image-corrupt]" "screens/tim-ung-dung.png"
bad_image not-an-image "echo 'not a picture' > $T" "screens/tim-ung-dung.png" "[image-format]"
bad_image jpeg-named-png "vips copy $LESSON/screens/nhap-otp.png $SCRATCH/x.jpg && mv $SCRATCH/x.jpg $T" "screens/tim-ung-dung.png" "[image-format]"
bad_image symlink "rm $T && ln -s ../../nhan-biet-lua-dao/screens/xin-ma-otp.png $T" "screens/tim-ung-dung.png" "[path-symlink]"
bad_image variant-symlink "mkdir -p $LESSON/screens/vi && ln -s ../nhap-otp.png $LESSON/screens/vi/tim-ung-dung.png" "screens/vi/tim-ung-dung.png" "[path-symlink]"
# validate-core finds it (hocso check finds it too: cli.writing-checks) and points at the rectangle in
# the front matter; the build stops before the screenshots stage would meet it.
line=$(grep -n 'highlight: \[\[40, 400, 460, 80\]\]' "$HOCSO_SOURCE_DIR/content/lessons/cai-dat-vneid/lesson.md" | cut -d: -f1)
bad_image out-of-bounds "replace $LESSON/lesson.md 'highlight: [[40, 400, 460, 80]]' 'highlight: [[40, 1100, 460, 80]]'" \
  "content/lessons/cai-dat-vneid/lesson.md:$line:17: error: screens: screens/tim-ung-dung.png, highlight rectangle 1 [40, 1100, 460, 80] is not inside the picture screens/tim-ung-dung.png (540×1170 pixels): it ends at x = 500, y = 1180; move it or make it smaller [overlay-out-of-bounds]"

finish
