# hocso i18n: the round trip extract -> init -> translate -> source change ->
# update (exactly that entry fuzzy) -> build falls back for that step and marks
# it -> re-translate -> fresh again; broken translations and catalogs are errors
# naming the PO file and line, and nothing is written.
source "$(dirname "$0")/lib.sh"

copy_content work
cd "$SCRATCH/work"

# The sample content: English complete, the minority languages honestly empty.
# Segments to translate: the entries of the templates of the lessons the pack
# lists (msgcat counts them, the header aside), at least the first three lessons',
# and of the page labels' template (the viewer's words and the pack's title).
segments=0
for id in $(sed -n '/^lessons:/,/^[a-z_]*:/s/^  - //p' content/packs/hocso-co-ban.yaml); do
  n=$(msgattrib --no-wrap "content/i18n/$id.pot" | grep -c '^msgid ')
  segments=$((segments + n - 1))
done
[ "$segments" -ge 137 ] && pass || fail "only $segments segments in the pack's templates"
labels=$(( $(msgattrib --no-wrap content/i18n/ui.pot | grep -c '^msgid ') - 1 ))
[ "$labels" -ge 20 ] && pass || fail "only $labels page labels in ui.pot"
segments=$((segments + labels))
run "$HOCSO" i18n stats en --min-coverage 100
expect_status 0 "sample content: en at 100%"
expect_in "$OUT" "en (hocso-co-ban): $segments of $segments segments translated, 0 fuzzy, 0 missing: 100.0%"
run "$HOCSO" i18n stats
expect_in "$OUT" "vi (hocso-co-ban): the source language: the lessons are written in it (100%)" "the source language said"
expect_in "$OUT" "en (hocso-co-ban): $segments of $segments segments translated, 0 fuzzy, 0 missing: 100.0%" "en counted"
# One column of names as wide as the longest lesson id (at least 24), so the
# figures line up: "translated" stands at one place on every line.
width=$(sed -n '/^lessons:/,/^[a-z_]*:/s/^  - //p' content/packs/hocso-co-ban.yaml | awk '{ if (length($0) > w) w = length($0) } END { print (w > 24 ? w : 24) }')
[ "$width" -gt 24 ] && pass || fail "the sample pack has no lesson id over 24 characters to line up"
expect_in "$OUT" "$(printf "  %-${width}s %4d translated    0 fuzzy    0 missing  100.0%%" '(page labels)' "$labels")"
columns=$(grep '^  .* translated ' <<<"$OUT" | awk '{ print index($0, " translated ") }' | sort -u | wc -l)
[ "$columns" -eq 1 ] && pass || fail "the figures of i18n stats do not line up: $OUT"
# A translator may read it in Vietnamese: the same figures, the same columns.
run "$HOCSO" i18n stats en --lang vi
expect_in "$OUT" "en (hocso-co-ban): đã dịch $segments trong $segments đoạn, 0 cần xem lại, 0 còn thiếu: 100.0%"
expect_in "$(grep '^  (nhãn của trang) ' <<<"$OUT")" "$labels đã dịch    0 cần xem lại    0 còn thiếu  100.0%" \
  "the page labels' line in Vietnamese"
# Only the pack's languages count: the minority catalogs exist, but the pack
# does not list those languages yet (their catalogs are empty).
run "$HOCSO" i18n stats --min-coverage 100
expect_status 0 "sample content: the pack's languages (vi, en) at 100%"
for tag in mtq-Latn-VN blt-Tavt-VN tyz-Latn-VN hmn-Latn-VN ium-Latn-VN; do
  expect_in "$OUT" "$tag (hocso-co-ban): not counted: the pack does not list it in \`languages:\` (hocso i18n stats $tag counts it)"
done
# Named, a started language counts (a translator checks it before the pack lists it).
run "$HOCSO" i18n stats mtq-Latn-VN
expect_status 0 "stats of a started language the pack does not list"
expect_in "$OUT" "mtq-Latn-VN (hocso-co-ban): 0 of $segments segments translated, 0 fuzzy, $segments missing: 0.0%"
run "$HOCSO" i18n stats fr
expect_status 2 "stats of a language with neither catalogs nor a place in the pack"
expect_in "$ERR" "'fr' is not one of the languages of pack hocso-co-ban (vi, en) and has no catalogs in content/i18n/fr; start them with: hocso i18n init fr"
run "$HOCSO" i18n stats xx_YY
expect_status 2 "stats of something that is no language tag"
expect_in "$ERR" "'xx_YY' is not a language tag like en, mtq-Latn-VN or blt-Tavt-VN"
run "$HOCSO" i18n stats xx_YY --lang vi
expect_in "$ERR" "'xx_YY' không phải là mã ngôn ngữ như en, mtq-Latn-VN hay blt-Tavt-VN"
cp content/packs/hocso-co-ban.yaml "$SCRATCH/pack.yaml"
sed -i 's/^languages: \[vi, en\]$/languages: [vi, en, mtq-Latn-VN, blt-Tavt-VN, tyz-Latn-VN, hmn-Latn-VN, ium-Latn-VN]/' \
  content/packs/hocso-co-ban.yaml
run "$HOCSO" i18n stats --min-coverage 100
expect_status 1 "sample content: minority languages under 100%"
for tag in mtq-Latn-VN blt-Tavt-VN tyz-Latn-VN hmn-Latn-VN ium-Latn-VN; do
  expect_in "$OUT" "$tag (hocso-co-ban): 0 of $segments segments translated, 0 fuzzy, $segments missing: 0.0%  BELOW 100%"
done
cp "$SCRATCH/pack.yaml" content/packs/hocso-co-ban.yaml
for f in content/i18n/*.pot content/i18n/*/*.po; do
  msgfmt --check -o /dev/null "$f" 2>/dev/null && pass || fail "msgfmt --check rejects $f"
done
run "$HOCSO" i18n update
git_like=$(cd content/i18n && find . -type f | sort | xargs sha256sum)
[ "$git_like" = "$(cd "$HOCSO_SOURCE_DIR/content/i18n" && find . -type f | sort | xargs sha256sum)" ] && pass \
  || fail "hocso i18n update changes the committed catalogs"

# Pages and the language index use the translated titles; a front-matter text
# that falls back (here the title of one lesson and one quiz choice) is marked
# like a step: its `lang`, the class "fallback" and a quiet note.
make_test_key
en_po=content/i18n/en/cai-dat-vneid.po
cp "$en_po" "$SCRATCH/en-sample.po"
sed -i -e 's/^msgstr "Install and activate VNeID"$/msgstr ""/' -e 's/^msgstr "From CH Play or the App Store"$/msgstr ""/' "$en_po"
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key"
expect_status 0 "build with an untranslated title and quiz choice"
sample=dist/hocso-co-ban-1.1.0-phone.hocso
index=$(unzip -p "$sample" en/index.html)
expect_in "$index" '<a href="tai-khoan-muc-2.html">Level 2 electronic identity account</a>' "index: translated title"
expect_in "$index" '<a href="nhan-biet-lua-dao.html">Recognize scammers posing as police</a>' "index: translated title"
expect_in "$index" '<a href="cai-dat-vneid.html" class="fallback" lang="vi">Cài đặt và kích hoạt VNeID</a>' \
  "index: a title that falls back is marked"
expect_in "$index" '<p class="fallback-note quiet">Not translated yet; shown in Tiếng Việt.</p>' "index: quiet note, in English"
expect_in "$index" '<h1>Basic digital skills</h1>' "index: the pack title from en/ui.po"
expect_not_in "$(unzip -p "$sample" vi/index.html)" 'fallback' "the Vietnamese index has no marks"
page=$(unzip -p "$sample" en/cai-dat-vneid.html)
expect_in "$page" '<h1 class="fallback" lang="vi">Cài đặt và kích hoạt VNeID</h1>' "page: fallback title marked"
expect_in "$page" '<li class="fallback" lang="vi">Từ CH Play hoặc App Store</li>' "page: fallback quiz choice marked"
expect_in "$page" '<details><summary>Show the answer</summary><p class="fallback" lang="vi">Từ CH Play hoặc App Store</p>' \
  "page: the answer that falls back is marked"
[ "$(grep -c '<p class="fallback-note quiet">Not translated yet; shown in Tiếng Việt.</p>' <<<"$page")" = 2 ] && pass \
  || fail "one quiet note for the title, one for the question (in English, naming the language shown)"
expect_in "$page" '<li>From a link a stranger sent in a message</li>' "page: translated choices are not marked"
page=$(unzip -p "$sample" en/tai-khoan-muc-2.html)
expect_in "$page" '<h1>Level 2 electronic identity account</h1>' "page: translated title not marked"
expect_in "$page" '<a href="cai-dat-vneid.html" class="fallback" lang="vi">Cài đặt và kích hoạt VNeID</a>' \
  "page: a prerequisite's title that falls back is marked"
expect_not_in "$page" 'fallback-note quiet' "page: no note when the front matter is translated"
cp "$SCRATCH/en-sample.po" "$en_po"
rm -rf dist

rm -rf content/i18n
lesson=cai-dat-vneid
po=content/i18n/en/$lesson.po
pot=content/i18n/$lesson.pot

run "$HOCSO" i18n extract
expect_status 0 "extract"
expect_in "$OUT" "wrote $pot"
expect_in "$(cat "$pot")" $'msgctxt "cai-dat-vneid|title"\nmsgid "Cài đặt và kích hoạt VNeID"' "msgctxt: the lesson id and the role"
expect_in "$(cat "$pot")" $'msgctxt "cai-dat-vneid|heading"\nmsgid "Tải VNeID từ CH Play hoặc App Store"' "a step heading's role"
expect_in "$(cat "$pot")" $'msgctxt "cai-dat-vneid|label"\nmsgid "Chạm để đi tiếp"' "a picture label's role"
# Each entry says what it is for its translator, in Vietnamese then English.
expect_in "$(cat "$pot")" $'#. Tên bài học / Title of the lesson\n#: content/lessons/cai-dat-vneid/lesson.md:3\nmsgctxt "cai-dat-vneid|title"' "the title's comment"
expect_in "$(cat "$pot")" $'#. Nhãn vẽ trên hình: nhiều nhất 40 ký tự / Label drawn on a picture: at most 40 characters\n' "a picture label's comment"
expect_in "$(cat "$pot")" $'#. Một câu trả lời để chọn của câu hỏi kiểm tra / A choice of a quiz question\n#: content/lessons/cai-dat-vneid/lesson.md:41\nmsgctxt "cai-dat-vneid|quiz-choice"' "a quiz choice's comment"
expect_in "$(cat "$pot")" $'#. Đoạn văn của một bước / Paragraph of a step\n' "a step paragraph's comment"
expect_in "$(cat "$pot")" $'#. Tiêu đề của một bước: việc người học làm ở bước đó / Heading of a step: what the learner does in it\n' "a step heading's comment"
expect_in "$(cat content/i18n/ui.pot)" $'#. Nút của trình xem: bước tiếp theo / Viewer button: the next step\n' "a page label's comment"
expect_in "$(cat content/i18n/ui.pot)" $'#. Tên của gói bài / The title of the pack\n' "the pack title's comment"
expect_in "$(cat "$pot")" "#: content/lessons/$lesson/lesson.md:3" "title reference"
expect_in "$(cat "$pot")" 'msgid "Cài đặt và kích hoạt VNeID"' "title segment"
expect_in "$(cat "$pot")" 'msgid "Tải VNeID từ CH Play hoặc App Store"' "heading segment"
# One entry for a label used four times, with four references.
[ "$(grep -c '^msgid "Chạm để đi tiếp"' "$pot")" = 1 ] && pass || fail "repeated label not merged"
for f in content/i18n/*.pot; do
  msgfmt --check -o /dev/null "$f" && pass || fail "msgfmt --check rejects $f"
done
before=$(sha256sum "$pot")
run "$HOCSO" i18n extract
[ "$(sha256sum "$pot")" = "$before" ] && pass || fail "extract is not deterministic"

run "$HOCSO" i18n init en
expect_status 0 "init en"
expect_in "$OUT" "created $po"
expect_in "$(cat "$po")" '"Language: en\n"'
msgfmt --check -o /dev/null "$po" && pass || fail "msgfmt --check rejects the new catalog"

run "$HOCSO" i18n stats en --min-coverage 100
expect_status 1 "stats of an empty catalog is under 100%"
expect_in "$OUT" "BELOW 100%"
run "$HOCSO" i18n stats en --min-coverage 100 --lang vi
expect_in "$OUT" "DƯỚI 100%"

# "Translate": msgen copies each msgid (markup intact) into the msgstr.
for f in content/i18n/en/*.po; do msgen -o "$f" "$f"; done
run "$HOCSO" i18n stats en --min-coverage 100 --format json
expect_status 0 "stats after translating everything"
expect_in "$OUT" '"coverage": 100.0'

# Re-wrap one source paragraph (the same words, another line break): its
# translation stays current, in a build before any update and after one.
cp content/lessons/$lesson/lesson.md "$SCRATCH/lesson.md"
python3 - content/lessons/$lesson/lesson.md <<'PY2'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
old = "Chỉ cài VNeID từ CH Play hoặc App Store. Không cài từ đường link hay tệp\nngười khác gửi"
assert old in s
s = s.replace(old, "Chỉ cài VNeID từ CH Play hoặc App Store.\nKhông cài từ đường link hay tệp người khác gửi", 1)
open(p, "w", encoding="utf-8").write(s)
PY2
run "$HOCSO" i18n stats en --format json
expect_in "$OUT" '"fuzzy": 0' "a re-wrapped paragraph is not fuzzy before update"
expect_in "$OUT" '"coverage": 100.0' "a re-wrapped paragraph is still translated before update"
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key" --out "$SCRATCH/rewrap"
expect_status 0 "build after re-wrapping"
step1=$(unzip -p "$SCRATCH/rewrap/hocso-co-ban-1.1.0-phone.hocso" en/$lesson.json | python3 -c 'import json,sys; s=json.load(sys.stdin)["steps"]; print(s[0]["shown_lang"], s[0]["fallback"])')
[ "$step1" = "en False" ] && pass || fail "the re-wrapped step falls back before update: $step1"
run "$HOCSO" i18n update en
expect_status 0 "update en after re-wrapping"
[ "$(grep -c '^#, fuzzy' "$po")" = 0 ] && pass || fail "re-wrapping made $(grep -c '^#, fuzzy' "$po") entries fuzzy"
expect_in "$(cat "$po")" '"Chỉ cài VNeID từ CH Play hoặc App Store.\n"' "the entry has the new wrapping"
expect_not_in "$(cat "$po")" '#| ' "no previous msgid left"
msgfmt --check -o /dev/null "$po" && pass || fail "msgfmt --check rejects the catalog after re-wrapping"
cp "$SCRATCH/lesson.md" content/lessons/$lesson/lesson.md
run "$HOCSO" i18n update en
expect_status 0 "update en after putting the wrapping back"
[ "$(grep -c '^#, fuzzy' "$po")" = 0 ] && pass || fail "putting the wrapping back made entries fuzzy"

# A catalog written before msgctxt had roles (the lesson id alone) still
# works, and update gives its entries their roles, keeping every translation.
cp "$po" "$SCRATCH/roles.po"
sed 's/^msgctxt "cai-dat-vneid|[a-z-]*"$/msgctxt "cai-dat-vneid"/' "$SCRATCH/roles.po" | msguniq --use-first -o "$po" -
expect_not_in "$(cat "$po")" 'msgctxt "cai-dat-vneid|' "the old-style fixture has no roles"
run "$HOCSO" i18n stats en --format json
expect_in "$OUT" '"coverage": 100.0' "an old-style catalog still counts as translated"
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key" --out "$SCRATCH/old-style"
step1=$(unzip -p "$SCRATCH/old-style/hocso-co-ban-1.1.0-phone.hocso" en/$lesson.json | python3 -c 'import json,sys; s=json.load(sys.stdin)["steps"]; print(" ".join(x["shown_lang"] for x in s))')
[ "$step1" = "en en en en en en en en" ] && pass || fail "an old-style catalog is not used in a build: $step1"
run "$HOCSO" i18n update en
expect_status 0 "update migrates an old-style catalog"
[ "$(grep -c '^#, fuzzy' "$po")" = 0 ] && pass || fail "migration made $(grep -c '^#, fuzzy' "$po") entries fuzzy"
[ "$(grep -c '^msgctxt "cai-dat-vneid"$' "$po")" = 0 ] && pass || fail "entries without a role left after update"
[ "$(msgattrib --no-obsolete --no-wrap "$po" | grep -c '^msgctxt')" = "$(msgattrib --no-obsolete --no-wrap "$SCRATCH/roles.po" | grep -c '^msgctxt')" ] \
  && pass || fail "update did not give every role its entry back"
run "$HOCSO" i18n stats en --format json
expect_in "$OUT" '"coverage": 100.0' "the migrated catalog is complete"

# Change one source paragraph (in step 1); update marks exactly that entry fuzzy.
sed -i 's/^Chỉ cài VNeID từ CH Play hoặc App Store. Không cài từ đường link hay tệp$/Chỉ nên cài VNeID từ CH Play hoặc App Store. Không cài từ đường link hay tệp/' \
  content/lessons/$lesson/lesson.md
run "$HOCSO" i18n update en
expect_status 0 "update en"
expect_in "$OUT" "updated $po"
[ "$(grep -c '^#, fuzzy' "$po")" = 1 ] && pass || fail "expected exactly one fuzzy entry: $(grep -c '^#, fuzzy' "$po")"
expect_in "$(cat "$po")" '#| "Chỉ cài VNeID từ CH Play hoặc App Store. Không cài từ đường link hay tệp\n"' "previous msgid kept"
msgfmt --check -o /dev/null "$po" && pass || fail "msgfmt --check rejects the merged catalog"
run "$HOCSO" i18n stats en --format json
expect_in "$OUT" '"fuzzy": 1'
expect_status 0 "stats with a fuzzy entry"
run "$HOCSO" i18n stats en --fail-on-fuzzy
expect_status 1 "stats --fail-on-fuzzy with a fuzzy entry"
expect_in "$OUT" "1 fuzzy"
expect_in "$OUT" "FUZZY ENTRIES"
run "$HOCSO" i18n stats en --fail-on-fuzzy --lang vi
expect_in "$OUT" "%  CÓ BẢN DỊCH CẦN XEM LẠI"

# Build with en: step 1 falls back to Vietnamese, marked; the other steps are English.
sed -i 's/^languages: \[vi\]$/languages: [vi, en]/' content/packs/hocso-co-ban.yaml
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key"
expect_status 0 "build with a fuzzy entry"
bundle=dist/hocso-co-ban-1.1.0-phone.hocso
json=$(unzip -p "$bundle" en/$lesson.json)
html=$(unzip -p "$bundle" en/$lesson.html)
step1=$(printf '%s' "$json" | python3 -c 'import json,sys; s=json.load(sys.stdin)["steps"]; print(s[0]["shown_lang"], s[0]["fallback"], s[1]["shown_lang"], s[1]["fallback"], len(s[0]["source_sha256"]))')
[ "$step1" = "vi True en False 64" ] && pass || fail "step freshness: $step1"
expect_in "$html" '<li class="step fallback" id="buoc-1" lang="vi"' "fallback step marked in HTML"
expect_in "$html" 'class="fallback-note"' "visible fallback note"
expect_not_in "$html" 'id="buoc-2" lang=' "a translated step is not marked"
coverage=$(unzip -p "$bundle" manifest.json | python3 -c 'import json,sys; print([l["coverage"] for l in json.load(sys.stdin)["languages"]])')
expect_in "$coverage" "[1.0, 0.9" "manifest coverage of en under 1"
expect_not_in "$(unzip -Z1 "$bundle")" "assets/fonts/" "no font embedded for vi and en"

# Re-translate: the translator writes the new text and clears the fuzzy flag.
sed -i 's/^"Chỉ cài VNeID từ CH Play/"Only install VNeID from CH Play/' "$po"
msgattrib --clear-fuzzy --clear-previous -o "$po" "$po"
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key"
expect_status 0 "build after re-translating"
json=$(unzip -p "$bundle" en/$lesson.json)
step1=$(printf '%s' "$json" | python3 -c 'import json,sys; s=json.load(sys.stdin)["steps"]; print(s[0]["shown_lang"], s[0]["fallback"])')
[ "$step1" = "en False" ] && pass || fail "step 1 not fresh again: $step1"
expect_in "$(unzip -p "$bundle" en/$lesson.html)" "Only install VNeID from CH Play" "translation shown"
expect_in "$(unzip -p "$bundle" manifest.json)" '"coverage": 1.0' "coverage back to 1"

# A translation that drops a link: a warning at the PO file and line; that
# step falls back to Vietnamese and the rest of the language builds. --strict
# (for CI) makes it an error and writes nothing.
rm -rf dist
cp "$po" "$SCRATCH/good.po"
python3 - "$po" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace('msgstr ""\n"Bài [Nhận biết lừa đảo giả danh công an](../nhan-biet-lua-dao/lesson.md)\\n"',
              'msgstr ""\n"Bài Nhận biết lừa đảo giả danh công an\\n"', 1)
open(p, "w", encoding="utf-8").write(s)
PY
line=$(grep -n '^msgid ""$' "$po" | awk -F: 'NR>1{print $1}' | while read -r n; do sed -n "$((n+1))p" "$po" | grep -q '^"Bài \[Nhận biết' && echo "$n"; done | sed -n 1p)
[ -n "$line" ] && pass || fail "the test's catalog entry was not found"
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key"
expect_status 0 "build with a link dropped in one translation"
expect_in "$ERR" "$po:$line:1: warning: the translation of" "the warning names the PO file and line"
expect_in "$ERR" "its link targets differ from the source's; it is not used until it is fixed (learners see the text in the next language of the fallback chain) [translation-markup]"
en_page=$(unzip -p dist/hocso-co-ban-1.1.0-phone.hocso en/$lesson.html)
# The step with the broken translation (step 8) is the source, marked as a
# fallback; the steps before it stay in English.
steps=$(unzip -p dist/hocso-co-ban-1.1.0-phone.hocso en/$lesson.json | python3 -c 'import json,sys; s=json.load(sys.stdin)["steps"]; print(" ".join(x["shown_lang"] + ("*" if x["fallback"] else "") for x in s))')
[ "$steps" = "en en en en en en en vi*" ] && pass || fail "step languages with the broken translation: $steps"
expect_in "$en_page" '<li class="step fallback" id="buoc-8" lang="vi"' "the step with the broken translation is shown in Vietnamese"
expect_in "$en_page" "Only install VNeID from CH Play" "the other steps are in English"
rm -rf dist
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key" --strict
expect_status 1 "build --strict with a link dropped"
expect_in "$ERR" "$po:$line:1: error: the translation of" "--strict: an error"
[ ! -e dist/hocso-co-ban-1.1.0-phone.hocso ] && pass || fail "--strict: a bundle was written"

# A translation that adds <script>: never reaches a page.
cp "$SCRATCH/good.po" "$po"
sed -i 's/^"Only install VNeID from CH Play/"<script>alert(1)<\/script> Only install VNeID from CH Play/' "$po"
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key"
expect_status 0 "build with <script> in one translation"
expect_in "$ERR" "it contains raw HTML; it is not used until it is fixed"
expect_in "$ERR" "$po:"
for entry in $(unzip -Z1 dist/hocso-co-ban-1.1.0-phone.hocso); do
  unzip -p dist/hocso-co-ban-1.1.0-phone.hocso "$entry" | grep -aq 'alert(1)' && fail "the translation's script reached $entry"
done
pass
rm -rf dist
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key" --strict
expect_status 1 "build --strict with <script>"
[ ! -e dist/hocso-co-ban-1.1.0-phone.hocso ] && pass || fail "--strict: a bundle was written"

# A PO syntax error: file and line, from msgfmt --check, for build and stats.
# First the good catalog passes and its verdict is remembered (by its bytes).
cp "$SCRATCH/good.po" "$po"
run "$HOCSO" check
expect_status 0 "check with the good catalog"
sha=$(sha256sum < "$po" | cut -c1-64)
[ -f "$CACHE/po-checked/${sha:0:2}/$sha" ] && pass || fail "the good catalog's verdict is not remembered"
# The parsed catalog is kept too; a copy that does not match its own hash is
# not used: the catalog is read again and the true text shown.
parsed="$CACHE/po-parsed/${sha:0:2}/$sha"
[ -f "$parsed" ] && pass || fail "the parsed catalog is not kept"
expect_in "$(sed -n 3p "$parsed")" "hocso-po-parsed/3" "parsed catalog format line"
sed -i 's/Only install VNeID from CH Play/Only TAMPERED VNeID from CH Play/' "$parsed"
expect_in "$(cat "$parsed")" "TAMPERED" "the parsed copy was damaged for the test"
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key"
expect_status 0 "build with a damaged parsed catalog"
expect_in "$(unzip -p "$bundle" en/$lesson.html)" "Only install VNeID from CH Play" "the catalog is read again"
expect_not_in "$(unzip -p "$bundle" en/$lesson.html)" "TAMPERED" "the damaged copy is not used"
expect_not_in "$(cat "$parsed")" "TAMPERED" "the damaged copy is replaced"
rm -rf dist
printf '\nmsgid "broken\nmsgstr "x"\n' >> "$po"
# msgfmt reports an unterminated string on the line after it.
broken=$(($(wc -l < "$SCRATCH/good.po") + 3))
run "$HOCSO" i18n stats en
expect_status 1 "stats on a broken catalog"
expect_in "$ERR" "$po:$broken:" "syntax error located"
expect_in "$ERR" "[po-syntax]"
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key"
expect_status 1 "build with a broken catalog"
expect_in "$ERR" "$po:$broken:" "syntax error located by the translate-po plugin"
expect_in "$ERR" "[po-syntax]"
[ ! -e dist/hocso-co-ban-1.1.0-phone.hocso ] && pass || fail "a bundle was written"

# A catalog in another charset passes msgfmt --check, but libgettextpo returns
# its bytes unconverted: refused, naming the charset (found by fuzz-po_catalog).
cp "$SCRATCH/good.po" "$po"
printf '\nmsgctxt "cai-dat-vneid"\nmsgid "caf\xe9"\nmsgstr "caf\xe9"\n' >> "$po"
sed -i 's/charset=UTF-8/charset=ISO-8859-1/' "$po"
msgfmt --check -o /dev/null "$po" 2>/dev/null && pass || fail "the ISO-8859-1 fixture itself is invalid"
latin1_line=$(grep -an 'msgid "caf' "$po" | cut -d: -f1)
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key"
expect_status 1 "build with an ISO-8859-1 catalog"
expect_in "$ERR" "$po:$latin1_line: error: the catalog's text is not UTF-8 (its header says \"text/plain; charset=ISO-8859-1\")" "the charset is named"
expect_in "$ERR" "[po-encoding]"
[ ! -e dist/hocso-co-ban-1.1.0-phone.hocso ] && pass || fail "a bundle was written from an ISO-8859-1 catalog"
run "$HOCSO" i18n stats en
expect_status 1 "stats on an ISO-8859-1 catalog"
expect_in "$ERR" "[po-encoding]"

# Poedit-style catalogs are read: other headers, wrapped lines, plural and obsolete entries.
cp "$SCRATCH/good.po" "$po"
cat >> "$po" <<'PO'

msgctxt "cai-dat-vneid"
msgid "one apple"
msgid_plural "%d apples"
msgstr[0] "một quả"
msgstr[1] "%d quả"

#~ msgctxt "cai-dat-vneid"
#~ msgid "Gone"
#~ msgstr "Đã bỏ"
PO
sed -i 's/^"Language: en\\n"$/"Language: en\\n"\n"X-Generator: Poedit 3.4\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"/' "$po"
msgfmt --check -o /dev/null "$po" && pass || fail "the Poedit-style fixture itself is invalid"
run "$HOCSO" i18n stats en --min-coverage 100
expect_status 0 "Poedit-style catalog read"

# A language plugin's orthography check runs on translations at the PO line:
# Latin text in a Tai Viet catalog is flagged (a test fixture, not a translation).
cp "$SCRATCH/good.po" "$po"
sed -i 's/^languages: \[vi, en\]$/languages: [vi, en, blt-Tavt-VN]/' content/packs/hocso-co-ban.yaml
run "$HOCSO" i18n init blt-Tavt-VN
expect_in "$(cat content/i18n/blt-Tavt-VN/$lesson.po)" '"Plural-Forms: nplurals=1; plural=0;\n"' "plural rule from the plugin"
blt=content/i18n/blt-Tavt-VN/$lesson.po
title_line=$(grep -n '^msgid "Cài đặt và kích hoạt VNeID"$' "$blt" | cut -d: -f1)
sed -i "$((title_line + 1))s/^msgstr \"\"$/msgstr \"Install VNeID\"/" "$blt"
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key"
expect_status 0 "a warning does not stop the build"
expect_in "$ERR" "$blt:$title_line:1: warning: character U+0049 is not written in Tai Dam (blt-Tavt-VN)"
expect_in "$ERR" "[orthography-script]"
cov=$(unzip -p dist/hocso-co-ban-1.1.0-phone.hocso manifest.json | python3 -c 'import json,sys; print([(l["tag"], l["coverage"]) for l in json.load(sys.stdin)["languages"]])')
expect_in "$cov" "('blt-Tavt-VN', 0.0" "honest coverage for Tai Dam"
expect_in "$(unzip -p dist/hocso-co-ban-1.1.0-phone.hocso blt-Tavt-VN/$lesson.html)" '<li class="step fallback" id="buoc-1" lang="vi"' \
  "Tai Dam falls back to Vietnamese (its chain), not English"

# Tai Dam's font (SIL Tai Heritage Pro) and its licence are in the bundle, and
# the Tai Dam pages load it from the bundle itself.
bundle=dist/hocso-co-ban-1.1.0-phone.hocso
fonts=assets/fonts/blt-Tavt-VN
cmp -s <(unzip -p "$bundle" $fonts/TaiHeritagePro-Regular.woff) /usr/share/fonts-sil-taiheritagepro/woff/TaiHeritagePro-Regular.woff \
  && pass || fail "the Tai Heritage Pro font is not in the bundle"
expect_in "$(unzip -p "$bundle" $fonts/TaiHeritagePro-OFL.txt)" "SIL OPEN FONT LICENSE Version 1.1" "the font's licence"
css=$(unzip -p "$bundle" $fonts/fonts.css)
expect_in "$css" '@font-face { font-family: "hocso blt-Tavt-VN 1"; src: url("TaiHeritagePro-Regular.woff") format("woff");'
expect_in "$css" ':lang(blt-Tavt-VN) { font-family: "hocso blt-Tavt-VN 1", '
expect_not_in "$css" "//" "the font comes from the bundle, not from outside"
for page in blt-Tavt-VN/$lesson.html blt-Tavt-VN/index.html; do
  expect_in "$(unzip -p "$bundle" $page)" '<link rel="stylesheet" href="../assets/fonts/blt-Tavt-VN/fonts.css">' "$page links the font"
done
expect_not_in "$(unzip -p "$bundle" en/$lesson.html)" "fonts.css" "English pages need no font"
expect_in "$(unzip -p "$bundle" manifest.json)" "\"$fonts/TaiHeritagePro-Regular.woff\"" "the font is listed (and signed) in the manifest"

# Without the font in the plugin's data folder, a Tai Dam pack is an error that
# says how to supply it, and nothing is written.
fontless=$SCRATCH/fontless
mkdir -p "$fontless/bin" "$fontless/lib/hocso" "$fontless/share"
cp "$HOCSO" "$fontless/bin/"
cp -P "$HOCSO_BINARY_DIR"/lib/libhocso-core.so* "$HOCSO_BINARY_DIR"/lib/libhocso-bundle.so* "$HOCSO_BINARY_DIR"/lib/libhocso-pull.so* "$fontless/lib/"  # hocso's RUNPATH is $ORIGIN/../lib
cp -R "$HOCSO_BINARY_DIR/lib/hocso/plugins" "$fontless/lib/hocso/"
cp -R "$HOCSO_BINARY_DIR/share/hocso" "$fontless/share/"
rm "$fontless/lib/hocso/plugins/lang-blt-Tavt-VN/TaiHeritagePro-Regular.woff"
rm -rf dist
run "$fontless/bin/hocso" build --profile phone --key "$SCRATCH/keys/test.key"
expect_status 1 "build of a Tai Dam pack without its font"
expect_in "$ERR" "content/packs/hocso-co-ban.yaml:6:12: error: Tai Dam (blt-Tavt-VN) needs the font 'TaiHeritagePro-Regular.woff' in its plugin's data folder"
expect_in "$ERR" "[font-missing]"
[ ! -e "$bundle" ] && pass || fail "a bundle was written without the font"

# Translation is the localize stage's work, a plugin: without translate-po on
# the plugin path a pack in two languages is a clear error, and nothing is written.
cp "$SCRATCH/good.po" "$po"
pack=content/packs/hocso-co-ban.yaml
sed -i 's/^languages: \[vi, en, blt-Tavt-VN\]$/languages: [vi, en]/' "$pack"
prefix=$SCRATCH/prefix
install_without "$prefix" translate-po
rm -rf dist
run "$prefix/bin/hocso" build --profile phone --key "$SCRATCH/keys/test.key"
expect_status 1 "build without translate-po"
expect_in "$ERR" "$pack:6:12: error: the pack's language en needs a localize stage to translate its lessons, and 'translate-po' is not installed or could not be loaded" \
  "missing localize stage named at the pack's languages"
expect_in "$ERR" "[localize-stage-missing]"
[ ! -e dist/hocso-co-ban-1.1.0-phone.hocso ] && pass || fail "a bundle was written without translate-po"
run "$prefix/bin/hocso" check
expect_status 1 "check without translate-po"
expect_in "$ERR" "[localize-stage-missing]"
sed -i 's/^languages: \[vi, en\]$/languages: [vi]/' "$pack"
run "$prefix/bin/hocso" build --profile phone --key "$SCRATCH/keys/test.key"
expect_status 0 "a pack in its source language alone needs no localize stage"

# The pack's own localize stage is the one used: the test stage translates plain
# texts as "<source> (sample)", where translate-po would give the English catalog.
sed -i 's/^languages: \[vi\]$/languages: [vi, en]/' "$pack"
printf 'plugins:\n  - name: validate-core\n  - name: sample-localize\n' >> "$pack"
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key" --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
expect_status 0 "build with the pack's localize stage"
html=$(unzip -p dist/hocso-co-ban-1.1.0-phone.hocso en/$lesson.html)
expect_in "$html" "<h1>Cài đặt và kích hoạt VNeID (sample)</h1>" "the pack's stage translated the title"
expect_not_in "$html" "Only install VNeID" "translate-po was not used"
sample_pack "$pack"

run "$HOCSO" i18n --help
expect_status 0 "i18n --help"
expect_in "$OUT" "extract"
expect_in "$OUT" "stats"
run "$HOCSO" i18n init vi
expect_status 2 "init of the source language"
expect_in "$ERR" "source language"

finish
