# Bundles signed with a trusted key but made by someone else: verify and inspect
# refuse a manifest with a missing or mistyped field with its rule (exit 1,
# never an abort), refuse names outside the safe set, and print every name and
# title from a bundle escaped, so that no name can draw on the terminal.
source "$(dirname "$0")/lib.sh"
make_test_key
cd "$SCRATCH"
esc=$(printf '\033')
cr=$(printf '\r')
rlo=$(printf '\xe2\x80\xae')  # U+202E RIGHT-TO-LEFT OVERRIDE

# Every bundle of this test, made by one python (craft_bundle.py says how).
python3 "$HOCSO_SOURCE_DIR/tests/cli/craft_bundle.py" "$SCRATCH/keys/test.key" <<'PY'
page = {"index.html": "<!doctype html>"}
bundle("good.hocso", page)
fields = {
    "no-profile": 'del m["profile"]',
    "profile-5": 'm["profile"] = 5',
    "lessons-object": 'm["lessons"] = {"id": "bai-1"}',
    "title-list": 'm["lessons"][0]["title"] = ["x"]',
    "no-language-name": 'del m["languages"][0]["name"]',
    "coverage-7": 'm["languages"][0]["coverage"] = 7',
    "no-pack-title": 'del m["pack"]["title"]',
    "languages-null": 'm["languages"] = None',
}
for name, change in fields.items():
    bundle(name + ".hocso", page, change)
# A name that clears the line, returns to its start and draws a fake OK line.
bundle("names.hocso", {"index.html": "x", "vi/x\x1b[2K\rbad.hocso: OK: pack demo 1.0.0, profile default, "
                       "3 entries, signature and every entry verified\x1b[8m.html": "x"})
for out, name in [("rlo", "vi/\u202eimth.exe"), ("zwsp", "vi/a\u200bb.html"), ("space", "vi/a b.html"),
                  ("dot", "vi/.hidden"), ("dash", "vi/-rf"), ("c1", "vi/x\u0085.html"), ("case", "INDEX.html")]:
    bundle("name-" + out + ".hocso", {"index.html": "x", name: "x"})
# Titles are free text: bidi overrides and escapes may be in a signed bundle.
bundle("titles.hocso", page, 'm["pack"]["title"] = "Demo \u202egnp.exe"; '
       'm["lessons"][0]["title"] = "Bài\x1b[31m 1\u200b"; m["languages"][0]["name"] = "Ti\x07ếng"')
PY

# A good crafted bundle passes: the tool makes what the reader accepts.
run "$HOCSO" verify good.hocso --pubkey keys/test.pub
expect_status 0 "a crafted bundle in the canonical layout"
expect_in "$OUT" "good.hocso: OK: pack demo 1.0.0, profile default, 3 entries"

# Missing and mistyped fields: refused with manifest-field by verify and inspect.
check_field() {  # check_field BUNDLE NEEDLE
  for cmd in verify inspect; do
    run "$HOCSO" $cmd "$1.hocso" --pubkey keys/test.pub
    expect_status 1 "$cmd $1"
    expect_in "$ERR" "$1.hocso: error: $2" "$cmd $1"
    expect_in "$ERR" "[manifest-field]" "$cmd $1"
  done
  run "$HOCSO" verify "$1.hocso" --pubkey keys/test.pub --format json
  expect_status 1 "verify --format json $1"
  expect_in "$OUT" '"ok": false' "json $1"
  expect_in "$OUT" '"rule": "manifest-field"' "json $1"
}
check_field no-profile '"profile" must be a slug (a-z, 0-9, single hyphens); it is missing'
check_field profile-5 '"profile" must be a slug (a-z, 0-9, single hyphens) (entry'
check_field lessons-object '"lessons" must be an array'
check_field title-list '"lessons[0].title" must be a string'
check_field no-language-name '"languages[0].name" must be a string; it is missing'
check_field coverage-7 '"languages[0].coverage" must be a number from 0 to 1'
check_field no-pack-title '"pack.title" must be a string; it is missing'
check_field languages-null '"languages" must be a non-empty array'

# The name with ESC, CR and a fake OK line: refused and shown escaped. No raw
# ESC or CR reaches the terminal, nothing on stdout, no line starts like OK.
run "$HOCSO" verify names.hocso --pubkey keys/test.pub
expect_status 1 "a name with ESC and CR"
expect_in "$ERR" "[name-control-character]"
expect_in "$ERR" 'vi/x\x1b[2K\x0dbad.hocso: OK' "the name shown with visible escapes"
expect_in "$ERR" "names.hocso: REFUSED: 1 problem"
expect_not_in "$OUT$ERR" "$esc" "no raw ESC in the output"
expect_not_in "$OUT$ERR" "$cr" "no raw CR in the output"
[ -z "$OUT" ] && pass || fail "a refused bundle printed on stdout: $OUT"
grep -qE '^[^ ]*: OK' <<<"$ERR" && fail "a line starts like an OK line: $ERR" || pass
run "$HOCSO" inspect names.hocso --pubkey keys/test.pub
expect_status 1 "inspect, a name with ESC"
expect_in "$ERR" 'vi/x\x1b[2K\x0dbad.hocso' "inspect shows the name escaped"
expect_not_in "$OUT$ERR" "$esc" "inspect: no raw ESC"
run "$HOCSO" verify names.hocso --pubkey keys/test.pub --format json
expect_status 1 "json, a name with ESC"
expect_not_in "$OUT" "$esc" "no raw ESC in the JSON"
expect_in "$OUT" '"entry": "vi/x\u001b[2K\rbad.hocso: OK' "the JSON has the exact name, as JSON escapes"

# Names outside the safe set A-Z a-z 0-9 . _ - /: refused with the rule, shown escaped.
check_name() {  # check_name BUNDLE RULE SHOWN
  run "$HOCSO" verify "name-$1.hocso" --pubkey keys/test.pub
  expect_status 1 "name $1"
  expect_in "$ERR" "(entry '$3') [$2]" "name $1"
  expect_not_in "$ERR" "$rlo" "name $1: no raw U+202E"
}
check_name rlo name-character 'vi/\u202eimth.exe'
check_name zwsp name-character 'vi/a\u200bb.html'
check_name space name-character 'vi/a b.html'
check_name dot name-segment-start 'vi/.hidden'
check_name dash name-segment-start 'vi/-rf'
check_name c1 name-control-character 'vi/x\u0085.html'
check_name case name-case-collision 'index.html'

# Hostile titles in a bundle that passes: inspect shows them escaped, its JSON
# keeps them (as JSON escapes).
run "$HOCSO" inspect titles.hocso --pubkey keys/test.pub
expect_status 0 "inspect, hostile titles"
expect_in "$OUT" 'pack     demo 1.0.0 — Demo \u202egnp.exe'
expect_in "$OUT" 'bai-1                        co-ban     Bài\x1b[31m 1\u200b'
expect_in "$OUT" 'Ti\x07ếng'
expect_not_in "$OUT" "$esc" "inspect: no raw ESC"
expect_not_in "$OUT" "$rlo" "inspect: no raw U+202E"
run "$HOCSO" inspect titles.hocso --pubkey keys/test.pub --format json
expect_status 0 "inspect json, hostile titles"
expect_not_in "$OUT" "$rlo" "inspect json: no raw U+202E"
expect_not_in "$OUT" "$esc" "inspect json: no raw ESC"
expect_in "$OUT" '"title": "Demo \u202egnp.exe"' "inspect json: the title, U+202E as a JSON escape"

# Sources too: a diagnostic quoting a source line with a bidi override shows
# it escaped, in the message and in the source line.
copy_content src
lesson=content/lessons/cai-dat-vneid/lesson.md
sed -i "s/^level: co-ban\$/level: co-ban${rlo}x/" "src/$lesson"
(cd src && run "$HOCSO" check; declare -p STATUS OUT ERR > "$SCRATCH/.r")
source "$SCRATCH/.r"
expect_status 1 "a lesson with U+202E in its level"
expect_in "$ERR" "$lesson:5:8: error: level: expected one of co-ban, trung-binh, nang-cao; got 'co-ban\u202ex' [schema]"
grep -qxF 'level: co-ban\u202ex' <<<"$ERR" && pass || fail "the source line, escaped: $ERR"
expect_not_in "$ERR" "$rlo" "check: no raw U+202E"
finish
