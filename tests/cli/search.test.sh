# The search index in the bundle (assets/search-index.js): present, loaded only
# by the lesson lists, and under 5% of the bundle's text (its HTML, JSON, CSS
# and JavaScript entries, uncompressed). The browser test uses it.
source "$(dirname "$0")/lib.sh"
make_test_key

copy_content work
cd "$SCRATCH/work"
# Every language the sample has catalogs for: the index grows with each.
langs=$(ls content/i18n | grep -v '\.pot$' | tr '\n' ',' | sed 's/,$//')
sed -i "s/^languages: .*/languages: [vi, $langs]/" content/packs/hocso-co-ban.yaml
run "$HOCSO" build --key "$SCRATCH/keys/test.key" --profile phone
expect_status 0 "build with every language"
bundle=dist/hocso-co-ban-1.1.0-phone.hocso

sizes=$(python3 - "$bundle" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = sum(i.file_size for i in z.infolist() if i.filename.rsplit('.', 1)[-1] in ('html', 'json', 'css', 'js'))
index = z.getinfo('assets/search-index.js').file_size
print(index, text, '%.2f' % (100.0 * index / text))
PY
)
read -r index text percent <<<"$sizes"
echo "search index: $index bytes of $text bytes of text ($percent %)"
[ "$index" -gt 1000 ] && pass || fail "search index only $index bytes"
[ $((index * 100)) -lt $((text * 5)) ] && pass || fail "search index $index bytes is not under 5% of $text"

# In the manifest like every entry; linked from each lesson list, and only there.
expect_in "$(unzip -p "$bundle" manifest.json)" '"path": "assets/search-index.js"'
expect_in "$(unzip -p "$bundle" vi/index.html)" '<script src="../assets/search-index.js" defer></script>'
expect_not_in "$(unzip -p "$bundle" vi/cai-dat-vneid.html)" 'search-index.js'
expect_not_in "$(unzip -p "$bundle" index.html)" 'search-index.js'
# Each language's titles, folded, and no global.
js=$(unzip -p "$bundle" assets/search-index.js)
expect_in "$js" '"vi","cai-dat-vneid","Cài đặt và kích hoạt VNeID","cai dat va kich hoat vneid'
expect_in "$js" '"en","cai-dat-vneid","Install and activate VNeID"'
expect_not_in "$js" 'window.'
# ES5: node parses it as a script (no module syntax) and it runs without a page.
printf '%s' "$js" > "$SCRATCH/index.js"
run node -e 'global.document = {querySelector: function () { return null; }}; require(process.argv[1]);' "$SCRATCH/index.js"
expect_status 0 "the index script runs"
finish
