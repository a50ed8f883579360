# hocso record (issue 18, point 3): a page on 127.0.0.1 where a volunteer
# records a lesson part by part. Debian's Chromium with its fake microphone
# (tests/browser/record.test.js) reads the page's texts (those of `hocso
# audio list`, as text), records a take of three seconds, plays it back and
# saves it: content/audio/vi/LESSON/UNIT.flac appears with the unit's hash in
# UNIT.source, and hocso build ships it for that unit. Without the token, with
# another Host or Origin, for a unit the lesson does not have, a part not
# translated yet, silence, a sample rate of 1 Hz or a body over the limit,
# the server refuses and writes nothing. Ctrl-C stops it.
source "$(dirname "$0")/lib.sh"
narration_content
# Step 2's text holds what a browser would read as markup: the page must show it as text.
sed -i 's/^Mở ứng dụng VNeID vừa cài\./Mở ứng dụng VNeID vừa cài `<img src=x onerror=alert(1)>`./' content/lessons/$L/lesson.md
grep -q 'onerror=alert' content/lessons/$L/lesson.md && pass || fail "fixture: step 2 edited"
sed -i 's/^languages: \[vi, en\]$/languages: [vi, en, mtq-Latn-VN]/' $PACK

# --help says what a volunteer does; record's --lang is the recordings' language.
run "$HOCSO" record --help
expect_status 0 "record --help"
expect_in "$OUT" "The language to record (one of the pack's)" "record keeps its own --lang"
expect_in "$OUT" "press Record, read the text, press Stop, Play back to listen, and Save if it is good"
run "$HOCSO" --lang vi record --help
expect_in "$OUT" "bấm Ghi âm, đọc chữ, bấm Dừng" "record --help in Vietnamese"
run "$HOCSO" audio list --help
expect_in "$OUT" "For a volunteer who records: print the script, read each part aloud"
run "$HOCSO" audio import --help
expect_in "$OUT" "For a volunteer who recorded on a phone: name each recording after its part"
run "$HOCSO" --help
expect_in "$OUT" "Record a lesson's parts in a language from this computer's microphone, in the browser"


run "$HOCSO" audio list vi $L --format json
expect_status 0 "audio list vi"
echo "$OUT" > "$SCRATCH/list.json"
expect_in "$(units_py 'units["step-2"]["text"]' <<<"$OUT")" "<img src=x onerror=alert(1)>" "fixture: the text as listed"

# start_record ARGS...: hocso record in the background; sets URL, PORT and RECORD_PID.
RECORD_PID=""
stop_record() { if [ -n "$RECORD_PID" ]; then kill -INT "$RECORD_PID" 2>/dev/null || true; wait "$RECORD_PID" 2>/dev/null || true; RECORD_PID=""; fi; }
trap 'stop_record; rm -rf "$SCRATCH"' EXIT
start_record() {
  "$HOCSO" "$@" --port 0 --format json >"$SCRATCH/record.out" 2>"$SCRATCH/record.err" &
  RECORD_PID=$!
  URL=$(printed_by "$SCRATCH/record.out" '^{"event":"listening","url":"\(http://127.0.0.1:[0-9]*/[0-9a-f]*/\)".*' \
    "$RECORD_PID" 200)
  [ -n "$URL" ] || { echo "hocso record did not start: $(cat "$SCRATCH/record.out" "$SCRATCH/record.err")" >&2; exit 1; }
  PORT=$(sed 's|http://127.0.0.1:\([0-9]*\)/.*|\1|' <<<"$URL")
  TOKEN=$(sed 's|http://127.0.0.1:[0-9]*/\([0-9a-f]*\)/|\1|' <<<"$URL")
}

# The page's words in the language of hocso's messages.
start_record --lang en record --lang vi --lesson $L
page=$(curl -s "$URL")
for word in '>Record<' '>Stop<' '>Play back<' '>Save<' '>Previous<' '>Next<' '<html lang="en">'; do expect_in "$page" "$word" "en page"; done
stop_record
start_record --lang vi record --lang vi --lesson $L
expect_in "$(sed -n 1p "$SCRATCH/record.out")" '"language":"vi","parts":12}' "the listening line"
page=$(curl -s "$URL")
for word in '>Ghi âm<' '>Dừng<' '>Nghe lại<' '>Lưu<' '>Trước<' '>Tiếp<' '<html lang="vi">'; do expect_in "$page" "$word" "vi page"; done
expect_not_in "$page" "VNeID" "the page holds no lesson text (the script puts it in as text)"
head=$(curl -s -D - -o /dev/null "$URL")
expect_in "$head" "Content-Security-Policy: default-src 'none'; script-src 'self'" "no inline script, no other site"
expect_in "$head" "Cache-Control: no-store"
stop_record
start_record record --lang vi --lesson $L  # messages in English (LANGUAGE=en)
[ "$(curl -s "${URL}script.json" | units_py '[u for u in doc["lessons"][0]["units"] if u["unit"] == "step-1"][0]["text"]')" == "$(units_py 'units["step-1"]["text"]' <"$SCRATCH/list.json")" ] \
  && pass || fail "script.json has audio list's text"

# ---- refusals: nothing is written ------------------------------------------------
python3 -c '
import math, struct, sys
rate, seconds, volume = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
n = int(rate * seconds)
open(sys.argv[1], "wb").write(struct.pack("<%df" % n, *(volume * math.sin(2 * math.pi * 440 * i / rate) for i in range(n))))' \
  "$SCRATCH/tone.f32" 48000 2 0.3
head -c 192000 /dev/zero > "$SCRATCH/silence.f32"
# post PATH-AND-QUERY BODY-FILE [CURL-ARGS...]: the status code of a take posted there.
post() {
  local target=$1 body=$2
  shift 2
  curl -s -o "$SCRATCH/post.out" -w '%{http_code}' -X POST -H "Content-Type: ${TYPE:-application/octet-stream}" \
    --data-binary "@$body" "$@" "http://127.0.0.1:$PORT$target"
}
refused() {  # refused WHAT WANTED-STATUS PATH BODY [CURL-ARGS...]
  local what=$1 wanted=$2
  shift 2
  local got
  got=$(post "$@")
  [ "$got" == "$wanted" ] && pass || fail "$what: status $got, expected $wanted: $(cat "$SCRATCH/post.out")"
  [ -z "$(audio_listing)" ] && pass || fail "$what: content/audio changed: $(audio_listing)"
}
q="lesson=$L&unit=step-1&rate=48000"
refused "no token" 403 "/take?$q" "$SCRATCH/tone.f32"
refused "another token" 403 "/0123456789abcdef0123456789abcdef/take?$q" "$SCRATCH/tone.f32"
refused "another Host" 403 "/$TOKEN/take?$q" "$SCRATCH/tone.f32" -H "Host: recorder.example:$PORT"
refused "another Origin" 403 "/$TOKEN/take?$q" "$SCRATCH/tone.f32" -H "Origin: http://example.org"
refused "a page of another site" 403 "/$TOKEN/take?$q" "$SCRATCH/tone.f32" -H "Sec-Fetch-Site: cross-site"
TYPE=text/plain refused "a form's body type" 415 "/$TOKEN/take?$q" "$SCRATCH/tone.f32"
refused "two body types" 415 "/$TOKEN/take?$q" "$SCRATCH/tone.f32" -H "Content-Type: text/plain"
refused "a unit the lesson does not have" 404 "/$TOKEN/take?lesson=$L&unit=step-99&rate=48000" "$SCRATCH/tone.f32"
refused "a lesson not served" 404 "/$TOKEN/take?lesson=nhan-biet-lua-dao&unit=step-1&rate=48000" "$SCRATCH/tone.f32"
refused "a path for a unit" 400 "/$TOKEN/take?lesson=$L&unit=../../../x&rate=48000" "$SCRATCH/tone.f32"
refused "1 Hz" 400 "/$TOKEN/take?lesson=$L&unit=step-1&rate=1" "$SCRATCH/tone.f32"
refused "silence" 422 "/$TOKEN/take?$q" "$SCRATCH/silence.f32"
expect_in "$(cat "$SCRATCH/post.out")" '"error":"this take has no sound, only silence; check the microphone and record it again"' \
  "the page is told why, in the messages' language"
# Over the limit (10 minutes at 8 kHz): refused from its Content-Length, at
# once, before any of the body is sent (a server that waited for it would
# time this client out).
head_only() {  # head_only CONTENT-LENGTH PATH: the status line of the answer to a head alone
  python3 - "$PORT" "$1" "$2" <<'PY'
import socket, sys
port, length, target = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(f"POST {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/octet-stream\r\n"
          f"Content-Length: {length}\r\n\r\n".encode())
try:
    print(s.recv(200).decode(errors="replace").split("\r\n")[0])
except socket.timeout:
    print("no answer within 5 s")
PY
}
expect_in "$(head_only $((600 * 8000 * 4 + 4)) "/$TOKEN/take?lesson=$L&unit=step-1&rate=8000")" "HTTP/1.1 413 Payload Too Large" \
  "over 10 minutes: refused before the body"
expect_in "$(head_only 10000000000 "/$TOKEN/take?$q")" "HTTP/1.1 413 Payload Too Large" "10 GB announced"
[ -z "$(audio_listing)" ] && pass || fail "over the limit: content/audio changed: $(audio_listing)"
# A GET without the token, or with another Host, gets nothing of the script.
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/script.json")" == 403 ] && pass || fail "script.json without the token"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: recorder.example:$PORT" "${URL}script.json")" == 403 ] && pass || fail "script.json with another Host"
stop_record
expect_in "$(sed -n '$p' "$SCRATCH/record.out")" '{"event":"stopped"}' "stopped"
# A part not translated into the language is not recorded in it.
start_record record --lang mtq-Latn-VN --lesson $L
refused "a part not translated yet" 409 "/$TOKEN/take?$q" "$SCRATCH/tone.f32"
expect_in "$(cat "$SCRATCH/post.out")" "step-1 is not translated into mtq-Latn-VN yet"
stop_record

# ---- in Chromium: a take from the fake microphone --------------------------------
start_record --lang vi record --lang vi --lesson $L
node_dir="$HOCSO_BINARY_DIR/browser-test"
"$HOCSO_SOURCE_DIR/build-tools/setup-browser" "$node_dir"
run env NODE_PATH="$node_dir/node_modules" node "$HOCSO_SOURCE_DIR/tests/browser/record.test.js" "$URL" $L step-2 \
  "$SCRATCH/list.json" "Ghi âm|Dừng|Nghe lại|Lưu"
expect_status 0 "recording in Chromium"
echo "$OUT"
[ -n "$ERR" ] && echo "$ERR" >&2
# Saved: FLAC with the unit's hash beside it, and a line printed for it.
[ "$(cat $A/step-2.source 2>&1)" == "$(units_py 'units["step-2"]["source_sha256"]' <"$SCRATCH/list.json")" ] \
  && pass || fail "step-2.source holds the unit's hash: $(cat $A/step-2.source 2>&1)"
info=$(soxi "$A/step-2.flac" 2>&1)
expect_in "$info" "Sample Encoding: 16-bit FLAC"
expect_in "$info" "Channels       : 1"
seconds=$(soxi -D "$A/step-2.flac" 2>/dev/null || echo 0)
python3 -c 'import sys; sys.exit(0 if 2.0 <= float(sys.argv[1]) <= 10 else 1)' "$seconds" && pass || fail "the take lasts $seconds s"
expect_in "$(cat "$SCRATCH/record.out")" "{\"event\":\"saved\",\"lesson\":\"$L\",\"unit\":\"step-2\",\"file\":\"$A/step-2.flac\"" "a line for the take"
[ "$(ls $A)" == "$(printf 'step-2.flac\nstep-2.source')" ] && pass || fail "only the take was written: $(ls $A)"
# Ctrl-C stops it, with exit 0.
kill -INT "$RECORD_PID"
wait "$RECORD_PID" && pass || fail "hocso record exit status after Ctrl-C: $?"
RECORD_PID=""
expect_in "$(sed -n '$p' "$SCRATCH/record.out")" '{"event":"stopped"}' "stopped by Ctrl-C"

# A take replaces a recording of the unit in another format (a unit has one).
sox -n -r 16000 -c 1 $A/step-1.wav synth 1 sine 440 vol 0.3
start_record record --lang vi --lesson $L
[ "$(post "/$TOKEN/take?$q" "$SCRATCH/tone.f32")" == 200 ] && pass || fail "a take posted as the page does: $(cat "$SCRATCH/post.out")"
expect_in "$(cat "$SCRATCH/post.out")" "\"file\":\"$A/step-1.flac\",\"seconds\":2.0,\"recording\":\"fresh\""
[ ! -e $A/step-1.wav ] && [ -f $A/step-1.flac ] && pass || fail "step-1.wav replaced: $(ls $A)"
stop_record

# ---- hocso build ships the takes for their units ---------------------------------
confirmed_build "the takes"
expect_in "$(built_lesson_py '[(s["index"], s["audio"]["lang"], s["audio"]["recorded"], s["audio"]["duration_seconds"] > 1) for s in d["steps"] if s.get("audio")]')" \
  "[(1, 'vi', True, True), (2, 'vi', True, True)]" "steps 1 and 2 have their takes"

finish
