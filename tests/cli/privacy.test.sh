# The privacy check (validate-privacy, decision 0017) end to end, on a one-lesson
# pack made here: a citizen ID number and a phone number drawn into a screenshot
# with libvips are found by OCR, with a `redact:` line that covers them; pasted
# into the lesson, the build is clean (unless the pack's stages leave out the
# screenshots stage, which paints them). A phone number in the lesson text is an
# error at its line and column until the pack's `privacy: allow:` lists it; a
# bank account in the front matter and an e-mail address in a translation are
# errors where they are written. A poisoned OCR cache entry hides nothing.
source "$(dirname "$0")/lib.sh"

C="$SCRATCH/p/content"
mkdir -p "$C/packs" "$C/lessons/bai/screens" "$C/i18n/en"
cat > "$C/packs/p.yaml" <<'EOF'
id: p
version: 1.0.0
title: Gói thử
source_language: vi
languages: [vi, en]
lessons: [bai]
profiles:
  phone: {max_width: 540, format: png}
# A two-step test lesson: the writing checks would only add noise here.
checks: {step-count: off, heading-step-number: off, step-no-picture: off}
EOF
cat > "$C/lessons/bai/lesson.md" <<'EOF'
---
id: bai
title: Bài thử
summary: Một bài để thử kiểm tra dữ liệu cá nhân.
level: co-ban
duration_minutes: 5
objectives:
  - Biết che số căn cước trên ảnh.
---
# Bài thử

## Bước 1: Xem màn hình

Màn hình trông như sau.

![Màn hình có số căn cước và số điện thoại](screens/a.png)

## Bước 2: Gọi hỏi

Nếu chưa rõ, bác gọi 0912 345 678 để hỏi.
EOF

# draw NAME TEXT X Y: black text (DejaVu Sans, libvips) pasted on the picture at
# X, Y; prints the text box's width and height.
cp "$HOCSO_SOURCE_DIR/content/lessons/cai-dat-vneid/screens/man-hinh-dau.png" "$SCRATCH/picture.png"
draw() {
  vips text "$SCRATCH/$1.v" "$2" --font "DejaVu Sans 22" --dpi 72
  vips invert "$SCRATCH/$1.v" "$SCRATCH/$1-ink.v"
  vips colourspace "$SCRATCH/$1-ink.v" "$SCRATCH/$1-rgb.v" srgb
  vips insert "$SCRATCH/picture.png" "$SCRATCH/$1-rgb.v" "$SCRATCH/next.png" "$3" "$4"
  mv "$SCRATCH/next.png" "$SCRATCH/picture.png"
  echo "$(vipsheader -f width "$SCRATCH/$1.v") $(vipsheader -f height "$SCRATCH/$1.v")"
}
read -r id_w id_h < <(draw id "079123456789" 160 520)
read -r phone_w phone_h < <(draw phone "0912 345 678" 160 600)
cp "$SCRATCH/picture.png" "$C/lessons/bai/screens/a.png"
cd "$C"

# ---- the picture and the text ----------------------------------------------------
NOT_PERSONAL="if it is not personal (a public hotline, an example), list it under \`privacy: allow:\` in packs/p.yaml"
run "$HOCSO" check
expect_status 1 "check finds personal data"
expect_in "$ERR" "lessons/bai/lesson.md:20:22: error: this looks like a phone number, 09•• ••• •78; personal data must not be published: write a made-up one such as 0xx xxx xxxx, or, $NOT_PERSONAL [privacy-phone]
Nếu chưa rõ, bác gọi 0912 345 678 để hỏi.
                     ^" "the phone number in the text, at its line and column"
FIX="cover it with a black box: in lessons/bai/lesson.md, under \`screens:\` → \`screens/a.png:\`, add the line  redact: [[156, 516, 174, 24], [156, 596, 160, 24]]  (the line covers all 2 found in this picture) — or, $NOT_PERSONAL"
expect_in "$ERR" "lessons/bai/screens/a.png: error: the picture shows what looks like a citizen ID number (căn cước, 12 digits), 07••••••••89, at [160, 520, $id_w, $id_h]; $FIX [privacy-id-number]" "the ID number in the picture"
expect_in "$ERR" "lessons/bai/screens/a.png: error: the picture shows what looks like a phone number, 09•• ••• •78, at [160, 600, $phone_w, $phone_h]; $FIX [privacy-phone]" "the phone number in the picture"
expect_in "$ERR" "hocso check: 3 errors, 0 warnings" "nothing else"
# The same findings in Vietnamese (docs/decisions/0022): the same places and check ids.
NOT_PERSONAL_VI="nếu đó không phải thông tin cá nhân (số đường dây nóng công khai, số ví dụ), hãy ghi nó vào \`privacy: allow:\` trong packs/p.yaml"
FIX_VI="hãy che bằng một ô đen: trong lessons/bai/lesson.md, dưới \`screens:\` → \`screens/a.png:\`, thêm dòng  redact: [[156, 516, 174, 24], [156, 596, 160, 24]]  (dòng này che cả 2 chỗ tìm thấy trong hình) — hoặc $NOT_PERSONAL_VI"
run "$HOCSO" check --lang vi
expect_status 1 "check --lang vi finds personal data"
expect_in "$ERR" "lessons/bai/lesson.md:20:22: lỗi: chỗ này giống số điện thoại, 09•• ••• •78; không được đưa thông tin cá nhân ra ngoài: hãy thay bằng một giá trị giả, ví dụ 0xx xxx xxxx, hoặc $NOT_PERSONAL_VI [privacy-phone]" "the phone number in the text, in Vietnamese"
expect_in "$ERR" "lessons/bai/screens/a.png: lỗi: hình có chỗ giống số căn cước (12 chữ số), 07••••••••89, tại [160, 520, $id_w, $id_h]; $FIX_VI [privacy-id-number]" "the ID number in the picture, in Vietnamese"
expect_in "$ERR" "lessons/bai/screens/a.png: lỗi: hình có chỗ giống số điện thoại, 09•• ••• •78, tại [160, 600, $phone_w, $phone_h]; $FIX_VI [privacy-phone]" "the phone number in the picture, in Vietnamese"
expect_in "$ERR" "hocso check: 3 lỗi, 0 cảnh báo" "nothing else, in Vietnamese"
# The rectangles cover the text drawn (a margin around it, inside the picture).
covers() {  # covers "X Y W H" "x y w h": the first holds the second
  read -r X Y W H <<<"$1"; read -r x y w h <<<"$2"
  [ "$X" -le "$x" ] && [ "$Y" -le "$y" ] && [ $((X + W)) -ge $((x + w)) ] && [ $((Y + H)) -ge $((y + h)) ]
}
covers "156 516 174 24" "160 520 $id_w $id_h" && pass || fail "the first rectangle does not cover the ID number"
covers "156 596 160 24" "160 600 $phone_w $phone_h" && pass || fail "the second rectangle does not cover the phone number"
run "$HOCSO" build --profile phone
expect_status 1 "build with personal data"
expect_in "$ERR" "[privacy-id-number]"
expect_in "$ERR" "hocso build: no bundle written"
[ ! -e dist ] && pass || fail "a bundle was written"

# ---- a poisoned OCR reading in the cache hides nothing ------------------------------
entry=$(find "$CACHE/privacy-ocr" -type f)
[ "$(wc -l <<<"$entry")" = 1 ] && pass || fail "one OCR reading cached: $entry"
printf '{"format":"hocso-privacy-ocr/1","width":540,"height":1170,"lines":[]}' > "$SCRATCH/nothing.json"
poison_cache_entry "$entry" "$SCRATCH/nothing.json"
run "$HOCSO" check
expect_status 1 "check over a poisoned OCR reading"
expect_in "$ERR" "at [160, 520, $id_w, $id_h]; $FIX [privacy-id-number]" "found again despite the poisoned entry"
run "$HOCSO" check --no-cache --format json
expect_status 1 "check --no-cache"
expect_in "$OUT" '"check": "privacy-id-number"'
expect_in "$OUT" '"file": "lessons/bai/screens/a.png"'

# ---- fixed: the redaction pasted, the public number allowed --------------------------
python3 - lessons/bai/lesson.md <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = text.replace("  - Biết che số căn cước trên ảnh.\n", "  - Biết che số căn cước trên ảnh.\nscreens:\n  screens/a.png:\n    redact: [[156, 516, 174, 24], [156, 596, 160, 24]]\n", 1)
open(path, "w", encoding="utf-8").write(text)
PY
run "$HOCSO" check
expect_status 1 "the picture is covered, the text is not"
expect_not_in "$ERR" "screens/a.png: error" "nothing left in the picture"
expect_in "$ERR" "lessons/bai/lesson.md:23:22: error: this looks like a phone number" "the text still"
printf 'privacy:\n  allow: ["0912.345.678"]\n' >> packs/p.yaml
run "$HOCSO" build --profile phone
expect_status 0 "clean build"
expect_in "$ERR$OUT" "wrote dist/p-1.0.0-phone.hocso"
expect_not_in "$ERR" "privacy-"

# Without the screenshots stage nothing paints `redact:` (pictures are stored as
# they are), so OCR reads the picture without the boxes.
cp packs/p.yaml "$SCRATCH/p.yaml"
printf 'plugins:\n  - name: validate-core\n' >> packs/p.yaml
run "$HOCSO" check
expect_status 1 "no screenshots stage"
expect_in "$ERR" "lessons/bai/screens/a.png: error: the picture shows what looks like a citizen ID number (căn cước, 12 digits), 07••••••••89, at [160, 520, $id_w, $id_h]; its \`redact:\` box in lessons/bai/lesson.md covers it, but nothing paints it: add \`- name: screenshots\` to the \`plugins:\` list in packs/p.yaml: without that stage no \`redact:\` box is painted [privacy-id-number]" "redact: boxes count only where they are painted"
cp "$SCRATCH/p.yaml" packs/p.yaml

# ---- front matter and translations ----------------------------------------------------
sed -i 's/^summary: .*/summary: Chuyển tiền về STK 1903 4567 8901 cho con./' lessons/bai/lesson.md
cat > i18n/en/bai.po <<'EOF'
msgid ""
msgstr ""
"Language: en\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"

msgctxt "bai"
msgid "Bài thử"
msgstr ""
"A test lesson: write to "
"nguyen.van.a@gmail.com"
EOF
run "$HOCSO" check
expect_status 1 "front matter and translation"
expect_in "$ERR" "lessons/bai/lesson.md:4:10: error: this looks like a bank account number, 19•• •••• ••01; personal data must not be published: write a made-up one such as xxxx xxxx xxxx, or, $NOT_PERSONAL [privacy-bank-account]" "the front matter value"
expect_in "$ERR" "i18n/en/bai.po:10: error: this translation contains what looks like an e-mail address, n•••@gmail.com; personal data must not be published: write a made-up one such as ten@example.com, or, $NOT_PERSONAL [privacy-email]" "the translation, at its msgstr"
expect_in "$ERR" "hocso check: 2 errors, 0 warnings"

finish
