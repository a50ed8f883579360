# hocso handout: an A4 PDF of a lesson through Debian's Chromium, checked with
# poppler-utils (pdfinfo, pdfimages, pdftotext, pdftoppm) and zbarimg; the QR
# code of share_url on lesson pages; usage and content errors.
source "$(dirname "$0")/lib.sh"
"$HOCSO_SOURCE_DIR/build-tools/setup-browser" "$HOCSO_BINARY_DIR/browser-test" >/dev/null
for tool in pdfinfo pdfimages pdftotext pdftoppm pdfunite zbarimg; do
  command -v "$tool" >/dev/null || { fail "$tool missing (build-tools/packages.txt: poppler-utils, zbar-tools)"; finish; }
done
make_test_key

copy_content work
cd "$SCRATCH/work"
pack=content/packs/hocso-co-ban.yaml
share=https://hocso.example.org/co-ban/
# A bundle without share_url, to count the lesson's pictures and to see no QR code.
"$HOCSO" build --key "$SCRATCH/keys/test.key" --profile kiosk --out built >/dev/null 2>&1
sed -i "s|^summary: .*|&\nshare_url: $share|" "$pack"

# One lesson.
run "$HOCSO" handout "$pack" --lang vi --lesson cai-dat-vneid --out one.pdf
expect_status 0 "handout of one lesson"
expect_in "$OUT" "wrote one.pdf (1 lesson in vi)"
info=$(pdfinfo one.pdf)
expect_in "$info" "(A4)" "A4 pages"
pages=$(sed -n 's/^Pages: *//p' <<<"$info")
[ "${pages:-0}" -ge 3 ] && pass || fail "one lesson printed on ${pages:-0} pages, expected at least 3: $info"
# Every picture of the lesson is in the PDF (pdfimages lists each drawn image).
pictures=$(unzip -p built/hocso-co-ban-1.1.0-kiosk.hocso vi/cai-dat-vneid.html | grep -o '<img ' | wc -l)
images=$(pdfimages -list one.pdf | tail -n +3 | awk '$3 == "image"' | wc -l)
[ "$pictures" -ge 5 ] && [ "$images" -ge "$pictures" ] && pass || fail "$images images in the PDF, the lesson has $pictures"
# Title and every step; no navigation, no answers, no step buttons.
text=$(pdftotext -layout one.pdf -)
expect_in "$text" "Cài đặt và kích hoạt VNeID"
expect_in "$text" "Đặt mật khẩu"
expect_in "$text" "Giữ bí mật mã OTP"
expect_in "$text" "Câu hỏi ôn tập"
expect_not_in "$text" "Danh sách bài học" "navigation printed"
expect_not_in "$text" "Xem đáp án" "answers printed"
expect_not_in "$text" "Bước tiếp" "step buttons printed"
# The QR code on the last page opens the lesson at share_url.
pdftoppm -r 150 -png -f "$pages" -l "$pages" one.pdf last
run zbarimg --raw -q last-*.png
expect_status 0 "a QR code on the last page"
[ "$OUT" = "${share}vi/cai-dat-vneid.html" ] && pass || fail "QR code reads '$OUT'"

# The whole pack, in English, as JSON.
run "$HOCSO" handout "$pack" --lang en --out all.pdf --profile phone --format json
expect_status 0 "handout of every lesson"
summary=$(python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["ok"], d["out"], d["lang"], d["profile"], " ".join(d["lessons"]), d["share_url"])' <<<"$OUT")
# Every lesson the pack lists, in its order.
listed=$(sed -n '/^lessons:/,/^[a-z_]*:/s/^  - //p' "$pack" | tr '\n' ' ' | sed 's/ $//')
[ "$summary" = "True all.pdf en phone $listed $share" ] && pass || fail "handout JSON: $summary (the pack lists: $listed)"
all_pages=$(pdfinfo all.pdf | sed -n 's/^Pages: *//p')
[ "${all_pages:-0}" -gt "$pages" ] && pass || fail "the whole pack printed on ${all_pages:-0} pages"
codes=$(for p in $(seq 1 "$all_pages"); do pdftoppm -r 150 -png -f "$p" -l "$p" all.pdf "page$p"; done; zbarimg --raw -q page*.png || true)
for lesson in $listed; do
  expect_in "$codes" "${share}en/$lesson.html" "QR code of $lesson"
done

# The lesson page carries the same code; without share_url no page has one.
run "$HOCSO" build --key "$SCRATCH/keys/test.key" --profile phone --out shared
page=$(unzip -p shared/hocso-co-ban-1.1.0-phone.hocso vi/cai-dat-vneid.html)
expect_in "$page" '<aside class="share">'
expect_in "$page" "<p class=\"share-url\">${share}vi/cai-dat-vneid.html</p>"
expect_in "$page" 'role="img" aria-label="Mã QR mở bài này: https://hocso.example.org/co-ban/vi/cai-dat-vneid.html"'
expect_not_in "$(unzip -p built/hocso-co-ban-1.1.0-kiosk.hocso vi/cai-dat-vneid.html)" "<svg" "a QR code without share_url"
sed -i '/^share_url:/d' "$pack"
run "$HOCSO" handout "$pack" --lang vi --lesson tai-khoan-muc-2 --out plain.pdf
expect_status 0 "handout without share_url"
expect_in "$OUT" "no QR codes: the pack has no share_url"
pdftoppm -r 150 -png plain.pdf plain
run zbarimg --raw -q plain-*.png
[ "$STATUS" -ne 0 ] && [ -z "$OUT" ] && pass || fail "a QR code without share_url: $OUT"

# Bad share_url: a content error naming the pack file and line.
for bad in "ftp://hocso.example.org/" "hocso.example.org" "https://user:pw@hocso.example.org/" "https://hocso.example.org/?x=1"; do
  sed -i '/^share_url:/d' "$pack"
  sed -i "s|^summary: .*|&\nshare_url: \"$bad\"|" "$pack"
  run "$HOCSO" check "$pack"
  expect_status 1 "share_url $bad"
  expect_in "$ERR" "hocso-co-ban.yaml:5:" "share_url $bad: file and line"
  expect_in "$ERR" "[share-url-invalid]" "share_url $bad"
done
run "$HOCSO" handout "$pack" --lang vi --out bad.pdf
expect_status 1 "handout of a pack with a bad share_url"
[ ! -e bad.pdf ] && pass || fail "a handout was written for a bad pack"
sed -i '/^share_url:/d' "$pack"

# Usage errors: exit 2, naming what is wrong; nothing written.
run "$HOCSO" handout "$pack" --lang xx --out x.pdf
expect_status 2 "unknown language"
expect_in "$ERR" "--lang xx: content/packs/hocso-co-ban.yaml has the languages vi, en"
run "$HOCSO" handout "$pack" --lang vi --lesson nope --out x.pdf
expect_status 2 "unknown lesson"
expect_in "$ERR" "--lesson nope: content/packs/hocso-co-ban.yaml does not list it"
run "$HOCSO" handout "$pack" --lang vi --out missing/x.pdf
expect_status 2 "output folder missing"
expect_in "$ERR" "cannot write missing/x.pdf: the folder"
run "$HOCSO" handout "$pack" --lang vi --profile tv --out x.pdf
expect_status 2 "unknown profile"
expect_in "$ERR" "--profile tv: content/packs/hocso-co-ban.yaml has the profiles kiosk, phone"
run "$HOCSO" handout "$pack" --out x.pdf
expect_status 2 "no --lang"
run "$HOCSO" handout content/packs/none.yaml --lang vi --out x.pdf --format json
expect_status 1 "missing pack"
expect_in "$OUT" '"ok": false'
expect_in "$OUT" 'none.yaml'
HOCSO_CHROMIUM=/nonexistent/chromium run "$HOCSO" handout "$pack" --lang vi --lesson cai-dat-vneid --out x.pdf
expect_status 2 "no chromium"
expect_in "$ERR" "cannot run /nonexistent/chromium"
[ ! -e x.pdf ] && pass || fail "x.pdf written by a failed handout"
run "$HOCSO" handout --help
expect_status 0 "--help"
expect_in "$OUT" "--lesson ID"
finish
