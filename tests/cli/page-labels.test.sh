# Page labels: the viewer's words come from a catalog. ui.pot is extracted with
# the pack's title and summary; a Mường page shows its words from
# content/i18n/mtq-Latn-VN/ui.po when it has them, else Vietnamese ones marked
# lang="vi"; a translation that drops a placeholder is an error at its line.
# The Mường "translations" below are test-only strings, not Mường.
source "$(dirname "$0")/lib.sh"

copy_content work
cd "$SCRATCH/work/content"
make_test_key
pack=packs/hocso-co-ban.yaml
sed -i 's/^languages: \[vi, en\]$/languages: [vi, en, mtq-Latn-VN]/' "$pack"
grep -q 'mtq-Latn-VN' "$pack" && pass || fail "the pack lists mtq-Latn-VN"
sed -i 's|^summary: .*|&\nshare_url: https://hocso.example.org/co-ban/|' "$pack"  # lesson pages get the share block
build() { run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key"; }
bundle=dist/hocso-co-ban-1.1.0-phone.hocso

# The committed templates and catalogs are what extract and update write, and msgfmt --check passes them.
run "$HOCSO" i18n update
expect_status 0 "i18n update"
expect_in "$OUT" "updated i18n/mtq-Latn-VN/ui.po"
for f in i18n/ui.pot i18n/*/ui.po; do
  cmp -s "$f" "$HOCSO_SOURCE_DIR/content/$f" && pass || fail "i18n update changes the committed $f"
  msgfmt --check -o /dev/null "$f" && pass || fail "msgfmt --check rejects $f"
done
expect_in "$(cat i18n/ui.pot)" $'#. A lesson\'s duration; {n} is the number of minutes\nmsgctxt "ui"\nmsgid "{n} phút"' \
  "a label with its comment for translators"
expect_in "$(cat i18n/ui.pot)" $'#: content/packs/hocso-co-ban.yaml:3\nmsgctxt "pack:hocso-co-ban"\nmsgid "Kỹ năng số cơ bản"' \
  "the pack's title, with its place"

# No Mường words yet (its ui.po is empty): the page's words are Vietnamese, each marked.
build
expect_status 0 "build with mtq-Latn-VN"
page=$(unzip -p "$bundle" mtq-Latn-VN/cai-dat-vneid.html)
expect_in "$page" '<html lang="mtq-Latn-VN">' "the page is a Mường page"
expect_in "$page" $'<nav><a href="index.html" lang="vi">← Danh sách bài học</a>\n<details class="switch-language">' \
  "back link falls back, marked"
# The header names the page's language by its native name (the plugin's), and
# switches to the same lesson in the pack's other languages.
expect_in "$page" $'<summary><span class="page-language">Mường</span></summary>\n<ul>\n<li><a href="../vi/cai-dat-vneid.html" lang="vi" hreflang="vi">Tiếng Việt</a></li>\n<li><a href="../en/cai-dat-vneid.html" lang="en" hreflang="en">English</a></li>\n</ul>' \
  "the header's language and switcher"
expect_in "$page" '<span class="step-number" lang="vi">Bước 1:</span>' "step number falls back, marked"
expect_in "$page" '<p class="meta"><span lang="vi">Cơ bản</span> · <span lang="vi">20 phút</span></p>' "meta falls back, marked"
expect_in "$page" 'data-next="Bước tiếp →" data-next-lang="vi"' "viewer words fall back, marked"
expect_in "$page" '<h2 lang="vi">Mở bài này trên điện thoại</h2>' "share heading falls back, marked"
index=$(unzip -p "$bundle" mtq-Latn-VN/index.html)
expect_in "$index" '<h2 lang="vi">Bài học</h2>' "index heading falls back, marked"
expect_in "$index" '<h1 lang="vi">Kỹ năng số cơ bản</h1>' "pack title falls back, marked"
search=$(unzip -p "$bundle" assets/search-index.js)
expect_in "$search" '"mtq-Latn-VN":{"search":["Tìm bài","vi"],"found":["Tìm thấy: {n}","vi"]' "search words fall back, marked"
expect_in "$search" '"en":{"search":["Find a lesson","en"],"found":["Found: {n}","en"]' "English search words"
# English has its words (lang-en's labels and content/i18n/en/ui.po) and the pack's title in English.
en=$(unzip -p "$bundle" en/cai-dat-vneid.html)
expect_in "$en" $'<nav><a href="index.html">← All lessons</a>\n<details class="switch-language">' "English page: English words, unmarked"
expect_in "$en" 'data-next="Next step →" data-right' "English viewer words, unmarked"
expect_in "$(unzip -p "$bundle" en/index.html)" '<h1>Basic digital skills</h1>' "English pack title"
expect_in "$(unzip -p "$bundle" index.html)" '<span class="meta">100% đã dịch</span>' "chooser: the source language's words"
# The chooser offers languages translated to the pack's minimum (default 50 %);
# the others stand apart, under "Đang dịch", with their percentage.
chooser=$(unzip -p "$bundle" index.html)
full=$(sed -n '/<ul class="languages">/,/<\/ul>/p' <<<"$chooser")
partial=$(sed -n '/<ul class="languages being-translated">/,/<\/ul>/p' <<<"$chooser")
expect_in "$full" '<a href="en/index.html" lang="en" hreflang="en">English</a>' "English (translated) is a full choice"
expect_not_in "$full" 'mtq-Latn-VN' "Mường (0 %) is not a full choice"
expect_in "$chooser" '<h2 class="being-translated">Đang dịch</h2>' "the being-translated heading"
expect_in "$partial" '<a href="mtq-Latn-VN/index.html" lang="mtq-Latn-VN" hreflang="mtq-Latn-VN">Mường</a> <span class="meta">0% đã dịch</span>' \
  "Mường under it, with its percentage"
sed -i 's/^summary: .*/&\ntranslation_minimum: 0/' "$pack"
build
expect_status 0 "build with translation_minimum: 0"
expect_not_in "$(unzip -p "$bundle" index.html)" 'being-translated' "with a minimum of 0 every language is a full choice"
sed -i '/^translation_minimum: 0$/d' "$pack"

# With Mường words in its ui.po (test-only strings), they show, unmarked; the rest still falls back.
po=i18n/mtq-Latn-VN/ui.po
set_msgstr() {  # set_msgstr MSGID TEXT: the msgstr after msgid MSGID in $po
  MSGID="$1" TEXT="$2" perl -0pi -e 's/(msgid "\Q$ENV{MSGID}\E"\nmsgstr )""/$1"$ENV{TEXT}"/' "$po"
}
set_msgstr 'Bước tiếp →' 'TEST-next'
set_msgstr 'Bước' 'TEST-step'
set_msgstr '{n} phút' '{n} TEST-minutes'
set_msgstr 'Kỹ năng số cơ bản' 'TEST-pack'
set_msgstr 'Tìm bài' 'TEST-search'
set_msgstr 'Mở bài này trên điện thoại' 'TEST-share'
msgfmt --check -o /dev/null "$po" && pass || fail "the test's ui.po passes msgfmt --check"
build
expect_status 0 "build with Mường labels"
page=$(unzip -p "$bundle" mtq-Latn-VN/cai-dat-vneid.html)
expect_in "$page" '<span class="step-number">TEST-step 1:</span>' "step word from ui.po"
expect_in "$page" '<p class="meta"><span lang="vi">Cơ bản</span> · 20 TEST-minutes</p>' "minutes from ui.po, level still marked"
expect_in "$page" 'data-step="TEST-step" data-previous="← Bước trước" data-previous-lang="vi" data-next="TEST-next" data-right' \
  "viewer words: from ui.po unmarked, the others marked"
expect_in "$(unzip -p "$bundle" mtq-Latn-VN/index.html)" '<h1>TEST-pack</h1>' "pack title from ui.po"
expect_in "$(unzip -p "$bundle" assets/search-index.js)" '"mtq-Latn-VN":{"search":["TEST-search","mtq-Latn-VN"],"found":["Tìm thấy: {n}","vi"]' \
  "search word from ui.po, the others marked"
expect_in "$page" '<aside class="share">'$'\n''<h2>TEST-share</h2>' "share heading from ui.po"
expect_not_in "$(unzip -p "$bundle" vi/cai-dat-vneid.html)" 'TEST-' "Vietnamese pages keep their words"

# A translation that drops its placeholder is an error at its catalog line, in check and build.
set_msgstr 'Nên học trước' 'TEST-first'
sed -i 's/^msgstr "{n} TEST-minutes"$/msgstr "TEST-minutes"/' "$po"
line=$(grep -n '^msgid "{n} phút"$' "$po" | cut -d: -f1)
run "$HOCSO" check
expect_status 1 "check refuses a label without its placeholder"
expect_in "$ERR" "i18n/mtq-Latn-VN/ui.po:$line:1: error: the translation of the page label \"{n} phút\" must keep its placeholders ({n}) [label-placeholder]"
run "$HOCSO" check --lang vi
expect_in "$ERR" "i18n/mtq-Latn-VN/ui.po:$line:1: lỗi: bản dịch của nhãn trang \"{n} phút\" phải giữ nguyên các chỗ điền ({n}) [label-placeholder]"
rm -rf dist
build
expect_status 1 "build refuses a label without its placeholder"
expect_in "$ERR" "[label-placeholder]"
[ ! -e "$bundle" ] && pass || fail "no bundle after a label error"

# "ui" names the labels' catalog: no lesson may be called so.
cp "$HOCSO_SOURCE_DIR/content/$po" "$po"
sed -i 's/^  - nhan-biet-lua-dao$/  - nhan-biet-lua-dao\n  - ui/' "$pack"
run "$HOCSO" check
expect_status 1 "check refuses a lesson called ui"
expect_in "$ERR" "'ui' cannot be a lesson id: content/i18n/ui.pot and <lang>/ui.po are the page labels' catalogs [lesson-id-reserved]"

finish
