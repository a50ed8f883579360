# The lesson stream's record (decision 0027): `hocso check` and `hocso build`
# take a lesson whose files did not change since the last read for the same
# purpose from the record instead of reading, checking and translating it again,
# and say exactly what a read would say: the same diagnostics in the same
# order, with the same source lines, the same exit status. Checked after no
# edit, an edit of one lesson, a `requires` cycle that an edited lesson closes
# through a recalled one (validate-core's memo of it), --strict, messages in
# another language; a check with errors keeps the earlier record.
source "$(dirname "$0")/lib.sh"

copy_content work
keep_lessons work cai-dat-vneid nhan-biet-lua-dao nhan-biet-tin-gia mat-khau-va-otp
cd "$SCRATCH/work/content"
make_test_key
KEY="$SCRATCH/keys/test.key"

# Warnings with source lines to show: one step of each of two lessons made too
# long for a phone screen [step-too-long].
for lesson in mat-khau-va-otp nhan-biet-tin-gia; do
  python3 - "lessons/$lesson/lesson.md" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
head, sep, rest = text.partition("\n## ")
line, nl, body = rest.partition("\n")
long = " ".join(["Đọc kỹ từng chữ trên màn hình trước khi bấm nút tiếp theo."] * 30)
open(path, "w", encoding="utf-8").write(head + sep + line + nl + "\n" + long + "\n" + body)
PY
done

recalled() { python3 -c 'import json, sys; print(json.load(sys.stdin)["recalled_lessons"])' <<<"$OUT"; }
# The diagnostics of the last run's JSON, and what its text run said, but for
# what a build says of its earlier bundle (the carried pages, decision 0026:
# a --no-cache build leaves a bundle the next build does not know).
diagnostics() {
  python3 -c 'import json, sys
print(json.dumps([d for d in json.load(sys.stdin)["diagnostics"] if d["check"] != "clean-build"], indent=1))' <<<"$OUT"
}
said() { grep -vE '\[clean-build\]$|^hocso build: (phone|kiosk): [0-9]+ lessons' <<<"$ERR" || true; }

# same_as_read WHAT RECALLED ARGS...: `hocso ARGS --format json` takes RECALLED
# lessons from the record; then `hocso ARGS` in text says, and exits with,
# exactly what `hocso ARGS --no-cache` (every lesson read) says, and the JSON
# diagnostics are the same too. Leaves the text run's stderr in SAID and its
# exit status in STATUS.
same_as_read() {
  local what=$1 expected=$2
  shift 2
  run "$HOCSO" "$@" --format json
  local json_status=$STATUS json=$(diagnostics)
  [ "$(recalled)" = "$expected" ] && pass || fail "$what: $(recalled) lessons taken from the record, expected $expected"
  run "$HOCSO" "$@"
  local status=$STATUS out=$OUT err
  err=$(said)
  run "$HOCSO" "$@" --no-cache
  [ "$status" = "$STATUS" ] && [ "$json_status" = "$STATUS" ] && pass \
    || fail "$what: exit $status (json $json_status) with the record, $STATUS reading every lesson"
  [ "$err" = "$(said)" ] && pass || fail "$what: what it says differs from a read's: $(diff <(echo "$err") <(said) | head -20)"
  [ "$out" = "$OUT" ] && pass || fail "$what: stdout differs from a read's"
  run "$HOCSO" "$@" --no-cache --format json
  [ "$json" = "$(diagnostics)" ] && pass || fail "$what: the JSON diagnostics differ from a read's"
  [ "$(recalled)" = 0 ] && pass || fail "$what: --no-cache took lessons from a record"
  SAID=$err STATUS=$status  # the text run's, for the checks that follow
}

# ---- hocso check ------------------------------------------------------------------------
run "$HOCSO" check --format json
expect_status 0 "first check"
[ "$(recalled)" = 0 ] && pass || fail "the first check took lessons from a record"
expect_in "$OUT" '"check": "step-too-long"' "the long step's warning"
[ -n "$(find "$CACHE/stream-record" -type f)" ] && pass || fail "no stream record in the cache"
same_as_read "nothing changed" 4 check
excerpt=$(printf '[step-too-many-words]\n## Xem tin từ đâu ra\n^')
[[ "$SAID" == *"$excerpt"* ]] && pass || fail "the warning's source line is not said again: $SAID"
expect_in "$SAID" "0 errors, 10 warnings" "the count"

sed -i '0,/^## /s//Hãy làm chậm rãi từng bước.\n\n## /' lessons/cai-dat-vneid/lesson.md
same_as_read "one lesson edited" 3 check

# validate-core checks `requires` cycles at the end of the pack, from what it
# kept of each lesson: nhan-biet-tin-gia (not read again) requires
# nhan-biet-lua-dao; now nhan-biet-lua-dao requires it back.
sed -i 's/^requires: \[cai-dat-vneid\]$/requires: [cai-dat-vneid, nhan-biet-tin-gia]/' lessons/nhan-biet-lua-dao/lesson.md
grep -q 'nhan-biet-tin-gia\]' lessons/nhan-biet-lua-dao/lesson.md && pass || fail "no requires: line to edit"
same_as_read "a cycle closed through a recalled lesson" 3 check
expect_status 1 "the cycle is an error"
expect_in "$SAID" "[requires-cycle]" "the cycle"
# A check with errors keeps the record it had, which is true of nhan-biet-lua-dao
# again once the edit is undone.
sed -i 's/^requires: \[cai-dat-vneid, nhan-biet-tin-gia\]$/requires: [cai-dat-vneid]/' lessons/nhan-biet-lua-dao/lesson.md
same_as_read "the cycle undone" 4 check
expect_status 0 "the cycle undone"

same_as_read "--strict" 4 check --strict
expect_status 1 "--strict: the warnings are errors"
same_as_read "messages in Vietnamese" 0 check --lang vi
expect_in "$SAID" "cảnh báo" "Vietnamese messages"
same_as_read "messages in Vietnamese again" 4 check --lang vi

# ---- hocso build: its own record (per output folder), the same words --------------------
same_as_read "the first build" 0 build --key "$KEY"
same_as_read "a build, nothing changed" 4 build --key "$KEY"
sed -i 's/Hãy làm chậm rãi từng bước./Hãy làm thật chậm rãi từng bước./' lessons/cai-dat-vneid/lesson.md
same_as_read "a build after an edit" 3 build --key "$KEY"
unzip -p dist/hocso-co-ban-1.1.0-phone.hocso vi/cai-dat-vneid.html | grep -q "Hãy làm thật chậm rãi từng bước." && pass \
  || fail "the edited text is not in the page"
unzip -p dist/hocso-co-ban-1.1.0-phone.hocso vi/nhan-biet-tin-gia.html | grep -q "Đọc kỹ từng chữ trên màn hình" && pass \
  || fail "a recalled lesson's page is not in the bundle"
same_as_read "a build into another folder" 0 build --key "$KEY" --out "$SCRATCH/elsewhere"

finish
