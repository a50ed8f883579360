# The first pack as learners get it (issue 17): the phone bundle of
# content/packs/hocso-co-ban.yaml, every lesson in every language of the pack,
# walked in Chromium at 360x640 — all steps with their pictures, then the quiz
# (tests/browser/walk-pack.test.js). The number of steps and questions a page
# must have is counted from each lesson.md here, not taken from the page.
source "$(dirname "$0")/lib.sh"
: "${HOCSO_BINARY_DIR:?set by ctest}"

node_dir="$HOCSO_BINARY_DIR/browser-test"
"$HOCSO_SOURCE_DIR/build-tools/setup-browser" "$node_dir"
walk() { NODE_PATH="$node_dir/node_modules" node "$HOCSO_SOURCE_DIR/tests/browser/walk-pack.test.js" "$@"; }

copy_content work
cd "$SCRATCH/work"
run "$HOCSO" build --profile phone
expect_status 0 "the first pack builds"
mkdir unzipped && (cd unzipped && unzip -q ../dist/hocso-co-ban-*-phone.hocso)

# What each page must show, from the sources: `## ` headings are steps,
# `- question:` items are quiz questions.
ids=$(sed -n '/^lessons:$/,/^[a-z_]*:/s/^  - //p' content/packs/hocso-co-ban.yaml)
langs=$(sed -n 's/^languages: \[\(.*\)\]$/\1/p' content/packs/hocso-co-ban.yaml | tr -d ' ' | tr ',' ' ')
python3 - "$langs" $ids >"$SCRATCH/expected.json" <<'PY'
import json, pathlib, re, sys
right = {"vi": "Đúng rồi!", "en": "Right!"}
out = []
for lang in sys.argv[1].split():
    for id in sys.argv[2:]:
        front, body = pathlib.Path(f"content/lessons/{id}/lesson.md").read_text(encoding="utf-8").split("\n---\n", 1)
        out.append({"lang": lang, "id": id, "steps": len(re.findall(r"^## ", body, re.M)),
                    "questions": len(re.findall(r"^  - question:", front, re.M)), "right": right[lang]})
json.dump(out, sys.stdout, ensure_ascii=False)
PY
lessons=$(wc -w <<<"$ids")
[ "$lessons" -ge 11 ] && pass || fail "the pack lists $lessons lessons"

run walk "file://$SCRATCH/work/unzipped/" "$SCRATCH/expected.json"
expect_status 0 "every lesson walked in Chromium at 360x640"
echo "$OUT"
# One line a lesson and language: every lesson was walked, none skipped.
[ "$(grep -c ' steps, .* pictures, .* questions$' <<<"$OUT")" -eq "$((lessons * $(wc -w <<<"$langs")))" ] && pass ||
  fail "walked $(grep -c ' steps, ' <<<"$OUT") lesson pages, expected $lessons lessons in: $langs"
expect_in "$OUT" "vi/vnpt-smartca: 7 steps, 7 pictures, 3 questions"
expect_in "$OUT" "en/chuyen-vneid-sang-may-moi: 7 steps, 7 pictures, 3 questions"

# A picture that does not load is caught (the walk is not blind).
rm unzipped/media/"$(ls unzipped/media | head -1)"
run walk "file://$SCRATCH/work/unzipped/" "$SCRATCH/expected.json"
expect_status 1 "a missing picture fails the walk"
expect_in "$OUT" "did not load"
finish
