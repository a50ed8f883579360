# hocso check runs every check hocso build runs that needs no output (issue 15
# point 2), also on one lesson named by its folder or lesson.md; the writing
# checks and their messages through the real YAML and Markdown loaders
# (point 3 and 4; docs/writers.md, "Checks"), with the severity a pack's
# `checks:` sets. Unit tests: writing_checks_test, validate_core_test.
source "$(dirname "$0")/lib.sh"

copy_content work
cd "$SCRATCH/work"
lesson=content/lessons/cai-dat-vneid/lesson.md
pack=content/packs/hocso-co-ban.yaml
# A fresh copy of the sample, without its pack's `checks:` (step-no-picture
# off): the tests below set severities themselves.
fresh() { rm -rf content && cp -R "$HOCSO_SOURCE_DIR/content" . && sample_pack "$pack" && sed -i '/^checks:/,$d' "$pack"; }
# The line of `pattern` in the sample lesson.
line_of() { grep -n -- "$1" "$HOCSO_SOURCE_DIR/$lesson" | sed -n 1p | cut -d: -f1; }

# ---- check = build's checks ----------------------------------------------------

# Every diagnostic of a build of the sample is in the check's output too
# (step-too-long of every profile and language included). The sample checks
# clean, so it gets some: step-no-picture back on, and an English step made
# too long for a phone screen.
fresh
python3 - content/i18n/en/cai-dat-vneid.po <<'PY2'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
assert '"tap continue."' in s
s = s.replace('"tap continue."', '"tap continue. Take your time: read the screen slowly, and ask the volunteer "\n"beside you whenever a word is new to you."', 1)
open(p, "w", encoding="utf-8").write(s)
PY2
run "$HOCSO" build --out "$SCRATCH/dist"
expect_status 0 "the sample builds"
build_lines=$(grep -E '^content/[^ ]+:[0-9]+:[0-9]+: (warning|error): ' <<<"$ERR" | sort -u)
[ -n "$build_lines" ] && pass || fail "the build of the sample reported no diagnostics to compare: $ERR"
run "$HOCSO" check
expect_status 0 "check of the sample"
check_lines=$(grep -E '^content/[^ ]+:[0-9]+:[0-9]+: (warning|error): ' <<<"$ERR" | sort -u)
missing=$(comm -23 <(printf '%s\n' "$build_lines") <(printf '%s\n' "$check_lines"))
[ -z "$missing" ] && pass || fail "build reported what check did not: $missing"
expect_in "$ERR" "more than fit on one screen of the 'phone' profile" "step-too-long in check"

# An overlay outside its picture: check finds it, pointed at the rectangle, as build does.
line=$(line_of 'highlight: \[\[40, 400, 460, 80\]\]')
sed -i 's/highlight: \[\[40, 400, 460, 80\]\]/highlight: [[40, 1100, 460, 80]]/' "$lesson"
bounds="$lesson:$line:17: error: screens: screens/tim-ung-dung.png, highlight rectangle 1 [40, 1100, 460, 80] is not inside the picture screens/tim-ung-dung.png (540×1170 pixels): it ends at x = 500, y = 1180; move it or make it smaller [overlay-out-of-bounds]"
run "$HOCSO" check
expect_status 1 "check: an overlay outside its picture"
expect_in "$ERR" "$bounds" "check: out of bounds, at the rectangle"
run "$HOCSO" build --out "$SCRATCH/dist-bad"
expect_status 1 "build: an overlay outside its picture"
expect_in "$ERR" "$bounds" "build: the same message at the same place"
[ ! -e "$SCRATCH/dist-bad" ] && pass || fail "a failed build left dist-bad"

# ---- one lesson ------------------------------------------------------------------

for target in "$lesson" content/lessons/cai-dat-vneid content/lessons/cai-dat-vneid/; do
  run "$HOCSO" check "$target"
  expect_status 1 "check $target"
  expect_in "$ERR" "$bounds" "check $target finds the lesson's problem"
  expect_not_in "$ERR" "second YAML document" "check $target is not read as a pack"
done
fresh
run "$HOCSO" check "$lesson"
expect_status 0 "check of one good lesson"
expect_in "$OUT" "lesson cai-dat-vneid (pack content/packs/hocso-co-ban.yaml) checked: 0 errors, " "what was checked"
expect_not_in "$ERR" "content/lessons/tai-khoan-muc-2/" "only that lesson is read"
run "$HOCSO" check --format json "$lesson"
expect_status 0 "check --format json of one lesson"
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["command"] == "check" and d["ok"] and d["errors"] == 0 and all(x["file"].startswith("content/lessons/cai-dat-vneid/") for x in d["diagnostics"]), d' "$OUT" \
  && pass || fail "json of one lesson: $OUT"

# A lesson folder that no pack lists: an error when it is named, a warning in a pack's check.
mkdir content/lessons/mo-coi && cp "$lesson" content/lessons/mo-coi/lesson.md
run "$HOCSO" check content/lessons/mo-coi
expect_status 1 "check of a lesson in no pack"
expect_in "$ERR" "content/lessons/mo-coi/lesson.md: error: the lesson folder 'mo-coi' is in no pack: no file in content/packs lists it, so it is never checked or built; add 'mo-coi' to a pack's lessons: list, or remove the folder [lesson-not-in-pack]"
run "$HOCSO" check
expect_status 0 "a pack's check with a lesson folder in no pack"
expect_in "$ERR" "content/lessons/mo-coi/lesson.md: warning: the lesson folder 'mo-coi' is in no pack" "a warning in a pack's check"
rm -rf content/lessons/mo-coi

# What is neither a pack nor a lesson is a usage error (exit 2), for build a lesson too.
run "$HOCSO" check content/README.md
expect_status 2 "check of a Markdown file that is no lesson"
expect_in "$ERR" "hocso check: error: content/README.md is a Markdown file, not a pack file; hocso check takes a pack file (content/packs/NAME.yaml), a lesson folder or its lesson.md"
run "$HOCSO" build "$lesson"
expect_status 2 "build of a lesson"
expect_in "$ERR" "hocso build: error: $lesson is a lesson; hocso build takes pack files (check one lesson with hocso check $lesson)"
run "$HOCSO" check --help
expect_in "$OUT" "PACK.yaml|LESSON" "check --help names lessons"
expect_in "$OUT" "Runs every check \`hocso build\` runs that needs no output" "check --help says what it runs"

# ---- messages a writer can act on -------------------------------------------------

# A tab in YAML indentation is named as such (yaml-cpp says "end of map not found").
line=$(line_of '^    highlight: \[\[40, 760, 460, 110\]\]')
sed -i 's/^    highlight: \[\[40, 760, 460, 110\]\]/\thighlight: [[40, 760, 460, 110]]/' "$lesson"
run "$HOCSO" check "$lesson"
expect_status 1 "a tab in the front matter"
expect_in "$ERR" "$lesson:$line:1: error: YAML syntax error: a tab indents this line; YAML indents with spaces only: replace the tab with spaces [yaml-tab]"
expect_not_in "$ERR" "end of map not found" "not yaml-cpp's words"
fresh

# A flat rectangle: one message saying how to write it, not four.
line=$(line_of 'highlight: \[\[40, 400, 460, 80\]\]')
sed -i 's/highlight: \[\[40, 400, 460, 80\]\]/highlight: [40, 400, 460, 80]/' "$lesson"
run "$HOCSO" check "$lesson"
expect_status 1 "a flat rectangle"
expect_in "$ERR" "$lesson:$line:16: error: screens: screens/tim-ung-dung.png, highlight: a rectangle goes inside a list of rectangles, even when there is only one: write highlight: [[40, 400, 460, 80]] [overlay-invalid]"
expect_in "$ERR" "hocso check: 1 error," "one error"
fresh

# A misspelt required key: the unknown key first (alone), saying it is required.
sed -i 's/^summary:/sumary:/' "$lesson"
run "$HOCSO" check "$lesson"
expect_status 1 "sumary"
expect_in "$ERR" "$lesson:4:1: error: unknown key 'sumary' in lesson front matter; did you mean 'summary', which is required? [schema]"
expect_not_in "$ERR" "missing required key 'summary'" "no second error for the same slip"
fresh

# Quiz questions and choices are numbered from 1.
line=$(grep -n '^      - Từ CH Play hoặc App Store' "$lesson" | sed -n 1p | cut -d: -f1)
sed -i "${line}s/- Từ CH Play hoặc App Store.*/- 5/" "$lesson"
run "$HOCSO" check "$lesson"
expect_status 1 "a choice that is not text"
expect_in "$ERR" "$lesson:$line:9: error: quiz question 1, choice 2: expected text, got 5 [schema]"
fresh

# A screens: key with a typo, and a link where a picture was meant.
line=$(line_of '^  screens/tim-ung-dung.png:')
sed -i 's|^  screens/tim-ung-dung.png:|  screens/tim-ung-dug.png:|' "$lesson"
image_line=$(line_of '](screens/tim-ung-dung.png)')
sed -i 's|^!\[Kho ứng dụng|[Kho ứng dụng|' "$lesson"
run "$HOCSO" check "$lesson"
expect_status 1 "a misspelt screens: key and a link to a picture"
expect_in "$ERR" "$lesson:$line:3: error: overlay image 'screens/tim-ung-dug.png' does not exist in the lesson folder; did you mean 'screens/tim-ung-dung.png'? [image-missing]"
expect_in "$ERR" "$lesson:$image_line:1: error: link 'screens/tim-ung-dung.png' goes to a picture, and a link cannot show one; did you mean the picture ![what it shows](screens/tim-ung-dung.png)? Put a ! before the [ [link-to-image]"
fresh

# Markup that would show as typed.
sed -i "${image_line}s|](screens/tim-ung-dung.png)|] (screens/tim-ung-dung.png)|" "$lesson"
run "$HOCSO" check "$lesson"
expect_status 1 "markup shown as typed"
expect_in "$ERR" "$lesson:$image_line:1: error: '![Kho ứng dụng: ô tìm kiếm có chữ VNeID, nút…' will show as typed, not as a picture: remove the space between ] and ( [markup-as-text]"
fresh

# ---- the pack's settings -----------------------------------------------------------

# A language without a language plugin.
sed -i 's/^languages: .*/languages: [vi, mtq]/' "$pack"
run "$HOCSO" check
expect_status 1 "a language without a plugin"
expect_in "$ERR" "$pack:6:17: error: language 'mtq' has no language plugin, so its texts cannot be checked or shown; did you mean 'mtq-Latn-VN'? [language-plugin-missing]"
# Turned down to a warning by the pack.
printf 'checks:\n  language-plugin-missing: warning\n' >>"$pack"
run "$HOCSO" check
expect_status 0 "a language without a plugin, as a warning"
expect_in "$ERR" "$pack:6:17: warning: language 'mtq' has no language plugin"
fresh

# Steps without a picture (the sample has some): off, then an error; an unknown check-id.
run "$HOCSO" check "$lesson"
step_line=$(line_of '^## Giữ bí mật mã OTP, mật khẩu và passcode')
expect_in "$ERR" "$lesson:$step_line:1: warning: step 8 ('Giữ bí mật mã OTP, mật khẩu và passcode') has no picture; add a picture of what the learner sees, with the thing to tap marked [step-no-picture]"
printf 'checks:\n  step-no-picture: off\n' >>"$pack"
run "$HOCSO" check "$lesson"
expect_status 0 "step-no-picture off"
expect_not_in "$ERR" "[step-no-picture]" "turned off"
fresh
printf 'checks:\n  step-no-picture: error\n' >>"$pack"
run "$HOCSO" check "$lesson"
expect_status 1 "step-no-picture as an error"
expect_in "$ERR" "$lesson:$step_line:1: error: step 8 ('Giữ bí mật mã OTP, mật khẩu và passcode') has no picture"
fresh
pack_lines=$(wc -l <"$pack")
printf 'checks:\n  step-no-pictures: off\n' >>"$pack"
run "$HOCSO" check
expect_status 1 "an unknown check-id"
expect_in "$ERR" "$pack:$((pack_lines + 2)):3: error: checks: 'step-no-pictures' is not a check a pack can set; did you mean 'step-no-picture'? [checks-unknown]"
fresh
printf 'checks:\n  step-no-picture: sometimes\n' >>"$pack"
run "$HOCSO" check
expect_status 1 "a severity that is none"
expect_in "$ERR" "$pack:$((pack_lines + 2)):20: error: checks/step-no-picture: expected one of error, warning, off; got 'sometimes' [schema]"
fresh

# The tone-mark style is the pack's: new style in an old-style pack, then the other way round.
sed -i 's/^summary: Cài ứng dụng VNeID/summary: Giữ máy cho khoẻ. Cài ứng dụng VNeID/' "$lesson"
run "$HOCSO" check "$lesson"
expect_status 0 "tone marks are warnings"
expect_in "$ERR" "$lesson:4:10: warning: 'khoẻ' has its tone mark in the new style; this pack writes the old style: 'khỏe' [tone-mark-style]"
printf 'writing:\n  tone_marks: new\n' >>"$pack"
run "$HOCSO" check
expect_not_in "$ERR" "'khoẻ' has its tone mark" "new style wanted"
expect_in "$ERR" "content/lessons/mat-khau-va-otp/lesson.md:14:5: warning: 'khóa' has its tone mark in the old style; this pack writes the new style: 'khoá' [tone-mark-style]" "the sample's old style is now the other one"
fresh

finish
