# hocso plugin new language: a language as data. The folder it writes (no code,
# no compiler) goes on the plugin path as it is, shows in plugin list, and a pack
# in that language builds, its pages in that language's labels; a broken
# language.yaml is an error naming file:line:col and the rule.
# The labels below are test-only strings, not a language.
source "$(dirname "$0")/lib.sh"

cd "$SCRATCH"
languages=$SCRATCH/languages
folder=$languages/lang-xx-Latn-VN
run "$HOCSO" plugin new language --tag xx-Latn-VN --name "Tiếng \"Thử\"" --english-name Testish --out "$languages"
expect_status 0 "plugin new language"
expect_in "$OUT" "created $folder (language.yaml, labels.yaml, README.md)"
for f in language.yaml labels.yaml README.md; do
  [ -f "$folder/$f" ] && pass || fail "no $f"
done
[ "$(ls "$folder" | wc -l)" = 3 ] && pass || fail "only data in the folder: $(ls "$folder")"
expect_in "$(cat "$folder/language.yaml")" 'native_name: "Tiếng \"Thử\""' "the name, quoted"
expect_in "$(cat "$folder/labels.yaml")" '# next: "Bước tiếp →"  # Nút của trình xem: bước tiếp theo / Viewer button: the next step' "labels to translate, described in Vietnamese and English"
run "$HOCSO" plugin new language --tag xx-Latn-VN --name X --out "$languages"
expect_status 2 "refuses to overwrite"
expect_in "$ERR" "already exists; nothing written"
run "$HOCSO" plugin new language --tag "../evil" --name X --out "$SCRATCH"
expect_status 2 "refuses a bad tag"

run "$HOCSO" plugin list --plugin-dir "$languages"
expect_status 0 "plugin list"
expect_in "$OUT" "lang-xx-Latn-VN — Testish (xx-Latn-VN): language data"
expect_in "$OUT" "  $folder/language.yaml"
expect_in "$OUT" "language xx-Latn-VN: Tiếng \"Thử\" (Testish)"
expect_in "$OUT" "language mtq-Latn-VN: Mường (Muong)" "the shipped languages are data too"
run "$HOCSO" plugin list --plugin-dir "$languages" --format json
expect_in "$OUT" '"kind": "language"'
expect_in "$OUT" '"tag": "xx-Latn-VN"'

# Its own words for two labels; a pack in the language builds with them.
printf 'step: "TEST-step"\nnext: "TEST-next →"\n' >>"$folder/labels.yaml"
copy_content work
cd "$SCRATCH/work/content"
make_test_key
sed -i 's/^languages: \[vi, en\]$/languages: [vi, en, xx-Latn-VN]/' packs/hocso-co-ban.yaml
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key" --plugin-dir "$languages"
expect_status 0 "build with a language added as data"
bundle=dist/hocso-co-ban-1.1.0-phone.hocso
page=$(unzip -p "$bundle" xx-Latn-VN/cai-dat-vneid.html)
expect_in "$page" '<html lang="xx-Latn-VN">' "a page in the new language"
expect_in "$page" '<span class="step-number">TEST-step 1:</span>' "its own label, unmarked"
expect_in "$page" 'data-next="TEST-next →" data-right="Đúng rồi!" data-right-lang="vi"' "the rest falls back to vi, marked"
expect_in "$(unzip -p "$bundle" index.html)" '<a href="xx-Latn-VN/index.html" lang="xx-Latn-VN" hreflang="xx-Latn-VN">Tiếng &quot;Thử&quot;</a>' \
  "the chooser names it natively"
expect_in "$(unzip -p "$bundle" manifest.json)" '"xx-Latn-VN"' "the manifest lists it"

# Falling back to a language with fonts of its own (Tai Dam's), its pages link
# those fonts too: a fallback block is drawn in its own language's font.
cp "$folder/language.yaml" "$SCRATCH/language.yaml.vi"
sed -i 's/^fallbacks: .*/fallbacks: [blt-Tavt-VN, vi]/' "$folder/language.yaml"
sed -i 's/^languages: \[vi, en, xx-Latn-VN\]$/languages: [vi, en, blt-Tavt-VN, xx-Latn-VN]/' packs/hocso-co-ban.yaml
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key" --plugin-dir "$languages"
expect_status 0 "build with a language falling back to Tai Dam"
expect_in "$(unzip -p "$bundle" xx-Latn-VN/cai-dat-vneid.html)" '<link rel="stylesheet" href="../assets/fonts/blt-Tavt-VN/fonts.css">' \
  "the fallback language's fonts are linked"
expect_not_in "$(unzip -p "$bundle" vi/cai-dat-vneid.html)" "fonts.css" "Vietnamese pages need no font"
cp "$SCRATCH/language.yaml.vi" "$folder/language.yaml"
sed -i 's/^languages: .*/languages: [vi, en, xx-Latn-VN]/' packs/hocso-co-ban.yaml

# A broken language.yaml is an error at its line and column, naming the rule; nothing is built.
cp "$folder/language.yaml" "$SCRATCH/language.yaml.good"
sed -i 's/^direction: ltr$/direction: sideways/' "$folder/language.yaml"
rm -rf dist
run "$HOCSO" build --profile phone --key "$SCRATCH/keys/test.key" --plugin-dir "$languages"
expect_status 1 "build with a broken language.yaml"
expect_in "$ERR" "$folder/language.yaml:6:12: error: /direction: " "located at the value"
expect_in "$ERR" "[language-schema]"
[ ! -e "$bundle" ] && pass || fail "no bundle with a broken language"
run "$HOCSO" plugin list --plugin-dir "$languages"
expect_in "$ERR" "$folder/language.yaml:6:12: error: /direction: " "plugin list shows it too"
cp "$SCRATCH/language.yaml.good" "$folder/language.yaml"
sed -i 's/^  - U+0041-U+005A$/  - U+005A-U+0041/' "$folder/language.yaml"
run "$HOCSO" check --plugin-dir "$languages"
expect_status 1 "check with a reversed letter range"
expect_in "$ERR" "$folder/language.yaml:18:5: error: a range must end at or after its start, at most at U+10FFFF [language-data]"
run "$HOCSO" check --plugin-dir "$languages" --lang vi
expect_in "$ERR" "$folder/language.yaml:18:5: lỗi: một khoảng phải kết thúc tại hoặc sau điểm bắt đầu, và không quá U+10FFFF [language-data]"
cp "$SCRATCH/language.yaml.good" "$folder/language.yaml"
printf 'nxt: "TEST"\n' >>"$folder/labels.yaml"
run "$HOCSO" check --plugin-dir "$languages"
expect_status 1 "check with an unknown label"
expect_in "$ERR" "'nxt' is not a page label [language-labels]"
run "$HOCSO" check --plugin-dir "$languages" --lang vi
expect_in "$ERR" "lỗi: 'nxt' không phải tên một nhãn trang [language-labels]"

finish
