# Diagnostics for CI: `--format github` writes GitHub Actions workflow commands
# (annotations at file, line and column, escaped so that a message cannot end
# the command or start another); `--format sarif` writes a SARIF 2.1.0 log that
# the OASIS schema accepts (ajv, tests/browser/sarif-valid.js). Only check,
# build and i18n take them.
source "$(dirname "$0")/lib.sh"
: "${HOCSO_BINARY_DIR:?set by ctest}"

node_dir="$HOCSO_BINARY_DIR/browser-test"
"$HOCSO_SOURCE_DIR/build-tools/setup-browser" "$node_dir"
sarif_valid() { NODE_PATH="$node_dir/node_modules" node "$HOCSO_SOURCE_DIR/tests/browser/sarif-valid.js" "$@"; }

copy_content work
cd "$SCRATCH/work"
lesson=content/lessons/nhan-biet-lua-dao/lesson.md
# An unknown key (an error at line 4) whose message carries ':' ',' '%' and a
# line break in the key's name: none may leak out of its workflow command.
sed -i 's/^summary: Nhận ra/"sumary,a:b%c\\nd": x\nsummary: Nhận ra/' "$lesson"
grep -q '^"sumary,a:b%c\\nd": x$' "$lesson" && pass || fail "the test's broken lesson"

run "$HOCSO" check --format github
expect_status 1 "check --format github with an error"
annotation="::error file=content/lessons/nhan-biet-lua-dao/lesson.md,line=4,col=1,title=hocso schema::unknown key 'sumary,a:b%25c\\x0ad' in lesson front matter;"
expect_in "$OUT" "$annotation" "the error as an annotation at its line and column, message escaped"
[ "$(grep -c '^::' <<<"$OUT")" = "$(wc -l <<<"$OUT")" ] && pass || fail "every stdout line is a workflow command: $OUT"
expect_in "$ERR" "hocso check: 1 error, " "the count stays on stderr"
expect_not_in "$ERR" "lesson.md:4:1: error" "no compiler-style lines besides"

run "$HOCSO" build --format github
expect_status 1 "build --format github"
expect_in "$OUT" "$annotation" "build annotates too"

run "$HOCSO" check --format sarif
expect_status 1 "check --format sarif"
printf '%s\n' "$OUT" >check.sarif
summary=$(python3 -c '
import json, sys
log = json.load(open("check.sarif"))
run = log["runs"][0]
errors = [r for r in run["results"] if r["level"] == "error"]  # the writing checks warn besides
r = errors[0]
loc = r["locations"][0]["physicalLocation"]
print(log["version"], run["tool"]["driver"]["name"], run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"], r["ruleId"],
      r["level"], loc["artifactLocation"]["uri"], loc["region"]["startLine"], loc["region"]["startColumn"], len(errors))
print(r["message"]["text"])')
expect_in "$summary" "2.1.0 hocso schema schema error content/lessons/nhan-biet-lua-dao/lesson.md 4 1 1" "the SARIF result"
expect_in "$summary" "unknown key 'sumary,a:b%c"$'\n'"d' in lesson front matter" "the message as it is (JSON escapes it)"
run sarif_valid check.sarif
expect_status 0 "the SARIF log passes the SARIF 2.1.0 schema"

# A clean build: a SARIF log without errors on stdout, what was written on stderr.
cp "$HOCSO_SOURCE_DIR/$lesson" "$lesson"
make_test_key
run "$HOCSO" build --format sarif --profile phone --key "$SCRATCH/keys/test.key"
expect_status 0 "a clean build --format sarif"
expect_in "$ERR" "wrote dist/hocso-co-ban-1.1.0-phone.hocso" "what was written goes to stderr"
printf '%s\n' "$OUT" >build.sarif
[ "$(python3 -c 'import json; print(sum(r["level"] == "error" for r in json.load(open("build.sarif"))["runs"][0]["results"]))')" = 0 ] &&
  pass || fail "a clean build has no error results: $OUT"
run sarif_valid build.sarif
expect_status 0 "the clean log passes the schema"

# A file name with a space and a letter outside ASCII is a relative URI, percent-encoded.
sed 's/^title: /titel: /' content/packs/hocso-co-ban.yaml >"content/packs/gói thử.yaml"
run "$HOCSO" check --format sarif "content/packs/gói thử.yaml"
expect_status 1 "a broken pack file with a space in its name"
printf '%s\n' "$OUT" >pack.sarif
expect_in "$(python3 -c 'import json; print(json.load(open("pack.sarif"))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])')" \
  "content/packs/g%C3%B3i%20th%E1%BB%AD.yaml" "the file's URI"
run sarif_valid pack.sarif
expect_status 0 "that log passes the schema"
rm "content/packs/gói thử.yaml"

run "$HOCSO" i18n stats --format github
expect_status 0 "i18n stats --format github"
expect_in "$OUT" "hocso-co-ban" "stats lines stay on stdout"

# Other commands refuse the CI formats: a usage error.
run "$HOCSO" verify dist/hocso-co-ban-1.1.0-phone.hocso --pubkey "$SCRATCH/keys/test.pub" --format github
expect_status 2 "verify --format github"
expect_in "$ERR" "hocso verify: error: --format github is for check, build and i18n (their diagnostics); use human or json"
run "$HOCSO" channel init --format sarif x --root-key k --channel-key k
expect_status 2 "channel init --format sarif"
finish
