# A lesson's `sources:` and `reviewed:` (docs/writers.md, section 3): every
# lesson of the sample pack has both; a source without a title and a reviewed
# date that is no day of the calendar are errors at their line and column in
# lesson.md; neither key reaches a page of the bundle.
source "$(dirname "$0")/lib.sh"
copy_content w
cd "$SCRATCH/w/content"
lesson=lessons/tai-khoan-muc-2/lesson.md
# fresh_content: a new copy of the sample content, the current folder.
fresh_content() { cd "$SCRATCH/w" && rm -rf content && copy_content w && cd "$SCRATCH/w/content"; }
# rewrite_line PATTERN NEW: the line of $lesson that matches the grep PATTERN
# becomes NEW; its number is in $line.
rewrite_line() {
  line=$(grep -n "$1" "$lesson" | cut -d: -f1)
  sed -i "${line}s|.*|$2|" "$lesson"
}

# Every lesson the pack lists states where its facts come from and when they were checked.
for id in $(sed -n '/^lessons:/,/^[a-z_]*:/s/^  - //p' packs/hocso-co-ban.yaml); do
  file=lessons/$id/lesson.md
  grep -qE '^reviewed: [0-9]{4}-[0-9]{2}-[0-9]{2}$' "$file" && pass || fail "$file has no reviewed: date"
  grep -qE '^  - title: .+' "$file" && grep -q '^sources:$' "$file" && pass || fail "$file has no sources"
done

run "$HOCSO" check
expect_status 0 "the sample pack checks clean"

# Neither key is on a page: the bundle is the same without them.
SOURCE_DATE_EPOCH=1767225600 "$HOCSO" build --profile phone >/dev/null 2>&1 || fail "build with the keys"
mkdir with && (cd with && unzip -q ../dist/*-phone.hocso)
for id in $(sed -n '/^lessons:/,/^[a-z_]*:/s/^  - //p' packs/hocso-co-ban.yaml); do
  # Drop the keys: `sources:` with its indented lines, and `reviewed:`.
  sed -i -e '/^sources:$/,/^[a-z_]*:/{/^sources:$/d;/^  /d}' -e '/^reviewed: /d' "lessons/$id/lesson.md"
  grep -q '^sources:\|^reviewed:' "lessons/$id/lesson.md" && fail "$id: keys not removed"
done
rm -rf dist
SOURCE_DATE_EPOCH=1767225600 "$HOCSO" build --profile phone >/dev/null 2>&1 || fail "build without the keys"
mkdir without && (cd without && unzip -q ../dist/*-phone.hocso)
# Pages, pictures, search index: byte for byte. A lesson's JSON records each
# step's line in lesson.md (source_line), which moves down by the keys' lines:
# that is all that may differ there.
diff -r -x manifest.json -x '*.minisig' -x signature.json -x '*.json' with without >"$SCRATCH/pages.diff" \
  && pass || fail "the pages differ with and without sources/reviewed: $(head -c 2000 "$SCRATCH/pages.diff")"
python3 - with without <<'PY' && pass || fail "lesson JSON differs beyond source_line"
import json, pathlib, sys
def drop(node):
    if isinstance(node, dict): return {k: drop(v) for k, v in node.items() if k != "source_line"}
    if isinstance(node, list): return [drop(v) for v in node]
    return node
a, b = map(pathlib.Path, sys.argv[1:])
names = sorted(p.relative_to(a) for p in a.rglob("*.json") if p.name not in ("manifest.json", "signature.json"))
assert names, "no lesson JSON in the bundle"
assert names == sorted(p.relative_to(b) for p in b.rglob("*.json") if p.name not in ("manifest.json", "signature.json"))
bad = [str(n) for n in names if drop(json.loads((a / n).read_text())) != drop(json.loads((b / n).read_text()))]
sys.exit(f"differ: {bad}" if bad else 0)
PY
fresh_content

# A source without a title: an error at that list item's line.
rewrite_line '^  - title: Nghị định quy định về định danh' '  - url: https://example.org/'
run "$HOCSO" check
expect_status 1 "a source without a title"
expect_in "$ERR" "$lesson:$line:5: error: missing required key 'title' in source 1 of lesson front matter [schema]"

# A reviewed date that is no day of the calendar: an error at its value.
fresh_content
rewrite_line '^reviewed: ' 'reviewed: 2025-02-30'
run "$HOCSO" check
expect_status 1 "reviewed on 30 February"
expect_in "$ERR" "$lesson:$line:11: error: reviewed: '2025-02-30' is not a day of the calendar written YYYY-MM-DD, like 2026-12-02 [reviewed-date]"
rewrite_line '^reviewed: ' 'reviewed: 2/12/2025'
run "$HOCSO" check
expect_in "$ERR" "$lesson:$line:11: error: reviewed: '2/12/2025' is not a day of the calendar written YYYY-MM-DD, like 2026-12-02 [reviewed-date]"
finish
