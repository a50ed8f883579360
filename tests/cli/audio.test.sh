# Narration (issue 18; decision 0023): recordings in content/audio/LANG/LESSON/UNIT.*
# made here with sox (WAV, FLAC, MP3, Ogg Vorbis) come out of the audio stage
# as mono Ogg Opus at the profile's bitrate, trimmed, at -18 LUFS (measured
# after opusdec with libebur128), listed in the lesson JSON and counted in the
# manifest, with the same bytes from two builds and from --jobs 1 and 2. A
# changed step makes its recording stale (warned, left out) until
# `hocso audio confirm`; hostile recordings stop the build with the file named.
source "$(dirname "$0")/lib.sh"
: "${HOCSO_TEST_LOUDNESS:?set by ctest}"
make_test_key
KEY="$SCRATCH/keys/test.key"
export SOURCE_DATE_EPOCH=1767225600
L=cai-dat-vneid
A=content/audio/vi/$L
PACK=content/packs/hocso-co-ban.yaml
BUNDLE=dist/hocso-co-ban-1.1.0-phone.hocso
KIOSK=dist/hocso-co-ban-1.1.0-kiosk.hocso

# json_get BUNDLE ENTRY PYTHON-EXPRESSION-OF-doc
json_get() { python3 -c '
import sys, json, zipfile
doc = json.loads(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))
print(eval(sys.argv[3]))' "$@"; }
zip_get() { python3 -c 'import sys, zipfile; open(sys.argv[3], "wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$@"; }
names() { python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1"; }
build() { run "$HOCSO" build --key "$KEY" "$@"; }
near() { python3 -c 'import sys; sys.exit(0 if abs(float(sys.argv[1]) - float(sys.argv[2])) <= float(sys.argv[3]) else 1)' "$@"; }

copy_content a
keep_lessons a $L nhan-biet-lua-dao
cd "$SCRATCH/a"
# The sample pack's kiosk profile stores narration at 48 kbit/s, the phone at 24 (the default).
grep -q "^  kiosk: .*audio: {bitrate_kbps: 48}" $PACK && pass || fail "fixture: kiosk audio setting"

# ---- recordings: quiet tones with silence around them, in four formats ----------
mkdir -p $A
# step 1: WAV, stereo 44.1 kHz, 1 s of silence before the sound and 1.5 s after
sox -n -r 44100 -c 2 -b 16 $A/step-1.wav synth 2 sine 440 vol 0.05 pad 1 1.5
sox -n -r 48000 -c 1 $A/step-2.flac synth 2 sine 523 vol 0.5 pad 1 1.5
sox -n -r 44100 -c 1 $A/step-3.mp3 synth 2 sine 659 vol 0.2 pad 1 1.5
sox -n -r 22050 -c 1 $A/step-4.ogg synth 2 sine 784 vol 0.2 pad 1 1.5
cp $A/step-1.wav "$SCRATCH/step-1.orig.wav"

# ---- not confirmed yet: warned, not shipped ------------------------------------
run "$HOCSO" check
expect_status 0 "check with unconfirmed recordings"
expect_in "$ERR" "$A/step-1.wav: warning: this recording has no step-1.source file saying which text it was recorded for, so it is left out; listen to it, and if it says what step 1 says now, run: hocso audio confirm vi $L step-1 [audio-unconfirmed]"
expect_in "$ERR" "$A/step-3.mp3: warning: this recording has no step-3.source file"
# hocso audio stats: the parts of each lesson by what their recording is.
run "$HOCSO" audio stats vi --format json
expect_status 0 "audio stats"
expect_in "$(python3 -c '
import json, sys
doc = json.loads(sys.stdin.read())
[vi] = doc["languages"]
lesson = next(l for l in vi["lessons"] if l["lesson"] == sys.argv[1])
print(vi["language"], vi["recorded"], vi["unconfirmed"], vi["stale"], lesson["unconfirmed"],
      vi["parts"] == vi["recorded"] + vi["stale"] + vi["unconfirmed"] + vi["missing"], vi["parts"] > 8)' $L <<<"$OUT")" \
  "vi 0 4 0 4 True True" "stats: four unconfirmed recordings, nothing recorded yet"

# ---- hocso audio confirm: writes the .source only --------------------------------
for unit in step-1 step-2 step-3 step-4; do
  run "$HOCSO" audio confirm vi $L $unit
  expect_status 0 "confirm $unit"
done
expect_in "$OUT" "wrote $A/step-4.source: $A/step-4.ogg is now the recording of step-4's current text"
grep -qE '^[0-9a-f]{64}$' $A/step-1.source && pass || fail "step-1.source holds a SHA-256: $(cat $A/step-1.source)"
cmp -s $A/step-1.wav "$SCRATCH/step-1.orig.wav" && pass || fail "confirm changed the recording"
run "$HOCSO" audio confirm vi $L step-9
expect_status 2 "confirm of a unit the lesson does not have"
expect_in "$ERR" "lesson '$L' has no part 'step-9' (did you mean 'step-1'?); its parts are: intro, step-1, step-2"
run "$HOCSO" audio confirm vi $L step-9 --lang vi
expect_status 2 "confirm of a unit the lesson does not have, in Vietnamese"
expect_in "$ERR" "bài '$L' không có phần 'step-9' (có phải là 'step-1'?); các phần của bài là: intro, step-1, step-2"
run "$HOCSO" audio confirm vi $L quiz-1
expect_status 2 "confirm without a recording"
expect_in "$ERR" "there is no recording of 'quiz-1' in $A; save it there as quiz-1.wav (or .flac, .ogg, .opus, .mp3) first"
run "$HOCSO" audio confirm vi $L step-1 --format json
expect_in "$OUT" "\"source_file\": \"$A/step-1.source\""

# ---- the build: Ogg Opus, mono, trimmed, -18 LUFS, at the profile's bitrate -------
run "$HOCSO" check
expect_status 0 "check with confirmed recordings"
expect_not_in "$ERR" "audio-" "confirmed recordings are not warned about"
build
expect_status 0 "build with recordings"
for step in 1 2 3 4; do
  path=$(json_get $BUNDLE vi/$L.json "doc['steps'][$((step - 1))]['audio']['path']")
  [[ $path =~ ^media/[0-9a-f]{64}\.opus$ ]] && pass || fail "step $step audio path: $path"
  expect_in "$(json_get $BUNDLE vi/$L.json "doc['steps'][$((step - 1))]['audio']['lang'], doc['steps'][$((step - 1))]['audio']['recorded']")" "('vi', True)"
  zip_get $BUNDLE "$path" "$SCRATCH/s$step.opus"
  info=$(opusinfo "$SCRATCH/s$step.opus")
  expect_in "$info" "Channels: 1" "step $step mono"
  rate=$(sed -n 's/.*w\/o overhead: \([0-9.]*\) kbit\/s.*/\1/p' <<<"$info")
  near "$rate" 24 4 && pass || fail "step $step bitrate $rate kbit/s, expected about 24: $info"
  opusdec --quiet "$SCRATCH/s$step.opus" "$SCRATCH/s$step.wav"
  read -r _ lufs _ channels _ _ _ seconds _ <<<"$("$HOCSO_TEST_LOUDNESS" "$SCRATCH/s$step.wav")"
  near "$lufs" -18 1 && pass || fail "step $step loudness $lufs LUFS, expected -18 ±1"
  # 2 s of sound and 0.05 s kept each side: the 2.5 s of silence are gone
  near "$seconds" 2.1 0.1 && pass || fail "step $step lasts $seconds s, expected 2.1 (silence trimmed)"
  duration=$(json_get $BUNDLE vi/$L.json "doc['steps'][$((step - 1))]['audio']['duration_seconds']")
  near "$duration" "$seconds" 0.05 && pass || fail "step $step JSON duration $duration, decoded $seconds"
done
expect_in "$(json_get $BUNDLE vi/$L.json "'audio' in doc['steps'][4], 'intro_audio' in doc, 'audio' in doc['quiz'][0]")" \
  "(False, False, False)" "units without a recording have no audio"
expect_in "$(json_get $BUNDLE manifest.json "[l['audio'] for l in doc['languages']]")" "'recorded': 4" "manifest audio coverage"
units=$(json_get $BUNDLE manifest.json "doc['languages'][0]['audio']['units']")
[ "$units" -ge 9 ] && pass || fail "manifest counts the lesson's units: $units"
# The kiosk profile's audio is at 48 kbit/s.
path=$(json_get $KIOSK vi/$L.json "doc['steps'][1]['audio']['path']")
zip_get $KIOSK "$path" "$SCRATCH/k2.opus"
rate=$(opusinfo "$SCRATCH/k2.opus" | sed -n 's/.*w\/o overhead: \([0-9.]*\) kbit\/s.*/\1/p')
near "$rate" 48 8 && pass || fail "kiosk bitrate $rate kbit/s, expected about 48"

# ---- the same bytes: a second build, without the cache, and with --jobs 1 and 2 --
cp $BUNDLE "$SCRATCH/first.hocso"
build --no-cache --jobs 1 --profile phone
expect_status 0 "rebuild --jobs 1"
cmp -s $BUNDLE "$SCRATCH/first.hocso" && pass || fail "--no-cache --jobs 1 build differs from the first"
build --no-cache --jobs 2 --profile phone
cmp -s $BUNDLE "$SCRATCH/first.hocso" && pass || fail "--jobs 2 build differs from the first"
# From the build cache (kind audio, filled by the first build): the same bytes again.
build --profile phone
cmp -s $BUNDLE "$SCRATCH/first.hocso" && pass || fail "a build from the cache differs from the first"
ls "$CACHE" | grep -q . && pass || fail "the build cache is empty"

# ---- stale: the step's text changes --------------------------------------------
step1_audio=$(json_get $BUNDLE vi/$L.json "doc['steps'][0]['audio']['path']")
sed -i '0,/^## Tải VNeID từ CH Play hoặc App Store$/s//## Tải ứng dụng VNeID từ CH Play hoặc App Store/' content/lessons/$L/lesson.md
grep -q "^## Tải ứng dụng VNeID" content/lessons/$L/lesson.md && pass || fail "fixture: step 1 edited"
build --profile phone
expect_status 0 "build with a stale recording"
expect_in "$ERR" "$A/step-1.wav: warning: the text of step 1 changed after this recording was made, so it is left out (the step plays nothing rather than old words); record it again, or if it still says the same, run: hocso audio confirm vi $L step-1 [audio-stale]"
expect_in "$(json_get $BUNDLE vi/$L.json "'audio' in doc['steps'][0], 'audio' in doc['steps'][1]")" "(False, True)" "stale step 1 has no audio"
run "$HOCSO" check --lang vi
expect_in "$ERR" "$A/step-1.wav: cảnh báo: chữ của bước 1 đã đổi sau khi ghi âm, nên bản ghi âm bị bỏ qua (thà bước đó im lặng còn hơn đọc lời cũ); hãy ghi âm lại, hoặc nếu bản ghi âm vẫn nói đúng thì chạy: hocso audio confirm vi $L step-1 [audio-stale]" \
  "the stale warning in Vietnamese"
# The pack's checks: make it an error (narration must be complete), or hide it.
cp $PACK "$SCRATCH/pack.yaml"
sed -i 's/^  step-no-picture: off$/&\n  audio-stale: error/' $PACK
run "$HOCSO" check
expect_status 1 "check with audio-stale: error"
expect_in "$ERR" "$A/step-1.wav: error: the text of step 1 changed after this recording was made" "audio-stale as an error"
sed -i 's/^  audio-stale: error$/  audio-stale: off/' $PACK
run "$HOCSO" check
expect_status 0 "check with audio-stale: off"
expect_not_in "$ERR" "audio-stale" "audio-stale turned off"
cp "$SCRATCH/pack.yaml" $PACK
expect_not_in "$(names $BUNDLE)" "$step1_audio" "the stale recording's audio is not in the bundle"
expect_in "$(json_get $BUNDLE manifest.json "doc['languages'][0]['audio']")" "'recorded': 3"
run "$HOCSO" audio stats
expect_status 0 "audio stats with a stale recording"
expect_in "$OUT" "vi (hocso-co-ban): 3 of " "stats: the language line"
expect_in "$OUT" " lesson parts recorded, 1 stale, 0 unconfirmed, " "stats: the stale one counted"
expect_in "$(grep " $L " <<<"$OUT")" "  3 recorded   1 stale   0 unconfirmed" "stats: the lesson's line"
expect_in "$ERR" "[audio-stale]" "stats says why a recording is left out"
run "$HOCSO" audio stats vi --min-coverage 100
expect_status 1 "audio stats under --min-coverage"
expect_in "$OUT" "BELOW 100%"
run "$HOCSO" audio stats vi --min-coverage 100 --lang vi
expect_in "$OUT" "  DƯỚI 100%" "stats in Vietnamese: below the minimum"
expect_in "$(grep " $L " <<<"$OUT")" "  3 đã ghi âm   1 bản cũ   0 chưa xác nhận" "stats in Vietnamese: the lesson's line"
run "$HOCSO" audio stats en --min-coverage 0 --format json
expect_status 0 "audio stats en at 0%"
expect_in "$(python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print([(l["language"], l["recorded"]) for l in d["languages"]])' <<<"$OUT")" "[('en', 0)]"
run "$HOCSO" audio confirm vi $L step-1
expect_status 0 "confirm after the edit"
build --profile phone
expect_not_in "$ERR" "audio-stale" "confirmed again"
expect_in "$(json_get $BUNDLE vi/$L.json "doc['steps'][0]['audio']['path']")" "$step1_audio" "confirmed: step 1 has its audio back"

# ---- misplaced recordings: warned, left out --------------------------------------
sox -n -r 16000 -c 1 $A/step-99.wav synth 1 sine 440 vol 0.3
echo "ghi chú" > $A/notes.txt
run "$HOCSO" check
expect_in "$ERR" "$A/step-99.wav: warning: lesson '$L' has no part 'step-99', so this recording is left out; name it after a part of the lesson: intro, step-1, step-2"
expect_in "$ERR" "$A/notes.txt: warning: not a recording hocso reads (it reads .wav, .flac, .ogg, .opus and .mp3 files); it is left out [audio-unknown-unit]"
cp $A/step-2.flac $A/step-2.wav
run "$HOCSO" check
expect_status 1 "two recordings of one unit"
expect_in "$ERR" "$A/step-2.wav: error: step 2 of lesson '$L' has two recordings, $A/step-2.flac and this one; keep one [audio-duplicate]"
rm $A/step-2.wav $A/step-99.wav $A/notes.txt

# ---- hostile recordings: exit 1, the file named, the earlier bundle intact -------
build --profile phone
expect_status 0 "good build before the hostile ones"
cp $BUNDLE "$SCRATCH/good.hocso"
# hostile NAME MESSAGE: step-5.wav is the bad file (made by the caller), confirmed.
hostile() {
  [ -L $A/step-5.wav ] || { run "$HOCSO" audio confirm vi $L step-5; expect_status 0 "$1: confirm"; }
  build --profile phone
  expect_status 1 "$1"
  expect_in "$ERR" "$2" "$1"
  cmp -s $BUNDLE "$SCRATCH/good.hocso" && pass || fail "$1: the earlier bundle was changed"
  [ -z "$(ls dist | grep -v '^hocso-co-ban-1.1.0-\(phone\|kiosk\).hocso$')" ] && pass || fail "$1: left behind: $(ls dist)"
  rm -f $A/step-5.wav $A/step-5.flac $A/step-5.source
}
echo "Đây không phải là âm thanh" > $A/step-5.wav
hostile "not audio" "$A/step-5.wav: error: this recording is not audio hocso can read (Format not recognised.); save it as WAV, FLAC, Ogg or MP3 from the recorder app [audio-unreadable]"
sox -n -r 44100 -c 1 -b 16 "$SCRATCH/whole.wav" synth 3 sine 440 vol 0.3
head -c $(( $(stat -c %s "$SCRATCH/whole.wav") / 2 )) "$SCRATCH/whole.wav" > $A/step-5.wav
hostile "truncated" "$A/step-5.wav: error: this recording is cut short (the file ends before the recording does); copy it again from the recorder [audio-unreadable]"
sox -n -r 8000 -c 1 $A/step-5.wav synth 660 sine 300 vol 0.2
hostile "11 minutes" "$A/step-5.wav: error: this recording lasts 11 min 0 s; a recording may last at most 10 min 0 s: split the part, or read it more briefly [audio-too-long]"
# A header that claims hours: a FLAC of 3 s whose STREAMINFO says 2 hours
# (its 36-bit sample count ends at byte 25), refused before it is decoded.
sox -n -r 44100 -c 1 "$SCRATCH/whole.flac" synth 3 sine 440 vol 0.3
python3 - "$SCRATCH/whole.flac" $A/step-5.flac <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
assert d[:4] == b"fLaC"
d[21] &= 0xF0
struct.pack_into(">I", d, 22, 44100 * 7200)
open(sys.argv[2], "wb").write(d)
PY
hostile "header claims hours" "$A/step-5.flac: error: this recording lasts 120 min 0 s; a recording may last at most 10 min 0 s: split the part, or read it more briefly [audio-too-long]"
sox -n -r 16000 -c 1 $A/step-5.wav trim 0 3
hostile "silent" "$A/step-5.wav: error: this recording has no sound, only silence; check the microphone and record it again [audio-silent]"
python3 - "$SCRATCH/whole.wav" $A/step-5.wav <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
struct.pack_into("<I", d, 24, 1)   # sample rate
struct.pack_into("<I", d, 28, 2)   # bytes per second
open(sys.argv[2], "wb").write(d)
PY
hostile "1 Hz" "$A/step-5.wav: error: this recording has a sample rate of 1 Hz; a recording must have 8000 to 192000 Hz"
cp $A/step-2.source $A/step-5.source
ln -s "$SCRATCH/whole.wav" $A/step-5.wav
hostile "symlink" "$A/step-5.wav: error: this recording is a symbolic link; copy the recording itself here [path-symlink]"
build --profile phone
expect_status 0 "good again once the hostile file is gone"

# ---- in Chromium: the listen button plays a step to its end, in vi and in en ----
# Step 1 is shown in Vietnamese on the English page since its heading changed
# (its translation is fuzzy): it plays the Vietnamese recording, labelled in
# English. Step 2 has an English recording (a tone stands in for a voice).
mkdir -p content/audio/en/$L
sox -n -r 48000 -c 1 content/audio/en/$L/step-2.wav synth 1.5 sine 392 vol 0.3 pad 0.5 0.5
run "$HOCSO" audio confirm en $L step-2
expect_status 0 "confirm the en recording"
build --profile phone
expect_status 0 "build with an en recording"
expect_in "$(json_get $BUNDLE en/$L.json "[doc['steps'][i]['audio']['lang'] for i in range(2)]")" "['vi', 'en']" \
  "the en page: step 1 (shown in vi) plays vi, step 2 plays en"
expect_in "$(unzip -p $BUNDLE en/$L.html)" '<p class="listen"><button type="button" class="listen" lang="en">Listen</button>' \
  "a vi step on the en page: its button is labelled in en"
page=$(unzip -p $BUNDLE vi/$L.html)
expect_in "$page" '<p class="listen"><button type="button" class="listen">Nghe</button><audio preload="none" src="../media/' "the vi page's listen button"
expect_not_in "$page" "autoplay" "nothing plays by itself"
node_dir="$HOCSO_BINARY_DIR/browser-test"
"$HOCSO_SOURCE_DIR/build-tools/setup-browser" "$node_dir"
mkdir unzipped && (cd unzipped && unzip -q "../$BUNDLE")
run env NODE_PATH="$node_dir/node_modules" node "$HOCSO_SOURCE_DIR/tests/browser/audio.test.js" "file://$SCRATCH/a/unzipped/" $L
expect_status 0 "the listen button in Chromium"
echo "$OUT"
# A kiosk that reads aloud (kiosk: {autoplay: true}) plays each step as it comes.
sed -i 's/^  kiosk: {max_width: 1280, format: webp, quality: 85, audio: {bitrate_kbps: 48}}$/  kiosk: {max_width: 1280, format: webp, quality: 85, audio: {bitrate_kbps: 48}, kiosk: {idle_seconds: 600, autoplay: true}}/' $PACK
grep -q "autoplay: true" $PACK && pass || fail "fixture: a kiosk that reads aloud"
build --profile kiosk
expect_status 0 "build a kiosk that reads aloud"
expect_in "$(unzip -p $KIOSK assets/hocso.js)" "var kioskAutoplay = true;" "the kiosk's script reads aloud"
expect_in "$(unzip -p $BUNDLE assets/hocso.js)" "var kioskAutoplay = false;" "the phone's does not"
mkdir kiosk-unzipped && (cd kiosk-unzipped && unzip -q "../$KIOSK")
run env NODE_PATH="$node_dir/node_modules" node "$HOCSO_SOURCE_DIR/tests/browser/audio.test.js" "file://$SCRATCH/a/kiosk-unzipped/" $L autoplay
expect_status 0 "a kiosk reads each step aloud as it comes, in Chromium"
echo "$OUT"

# ---- a machine voice (decision 0024): audio: {tts: [vi]} -------------------------
# Every unit no one has recorded (or whose recording is stale) is read by
# espeak-ng in Vietnamese, marked as a machine voice in the JSON, the manifest
# and on the page; a fresh recording wins; translations get no machine voice.
sed -i 's/^profiles:$/audio: {tts: [vi]}\nprofiles:/' $PACK
grep -q '^audio: {tts: \[vi\]}$' $PACK && pass || fail "fixture: tts in the pack"
build --profile phone
expect_status 0 "build with a machine voice"
expect_in "$(json_get $BUNDLE vi/$L.json "doc['steps'][1]['audio']['recorded'], 'voice' in doc['steps'][1]['audio'], doc['steps'][4]['audio']['recorded'], doc['intro_audio']['recorded'], doc['quiz'][0]['audio']['recorded'], doc['quiz'][0]['audio']['lang']")" \
  "(True, False, False, False, False, 'vi')" "recorded steps keep their recording; the others, the intro and the quiz get the machine voice"
voice=$(json_get $BUNDLE vi/$L.json "doc['steps'][4]['audio']['voice']")
[[ $voice =~ ^espeak-ng\ [0-9.]+\ \(vi\)$ ]] && pass || fail "the machine voice is named: $voice"
expect_in "$(json_get $BUNDLE en/$L.json "[('audio' in s, s.get('audio', {}).get('recorded')) for s in doc['steps'][:4]], 'intro_audio' in doc")" \
  "([(True, True), (True, True), (False, None), (False, None)], False)" \
  "the en page: recordings only (step 1 shown in vi, step 2 recorded in en); no machine voice for English"
expect_in "$(json_get $BUNDLE manifest.json "[(l['tag'], l['audio']['recorded'], l['audio'].get('machine', 0) + l['audio']['recorded'] == l['audio']['units'], l['audio'].get('machine_voice') == '$voice') for l in doc['languages']]")" \
  "[('vi', 4, True, True), ('en', 1, False, False)]" "the manifest counts the machine voice's parts and names it"
page=$(unzip -p $BUNDLE vi/$L.html)
expect_in "$page" '<p class="listen machine"><button type="button" class="listen">Nghe</button><audio preload="none" src="../media/' \
  "a machine-read step's listen button"
expect_in "$page" '</audio><span class="voice-note">Giọng máy</span></p>' "the page says it is a machine voice"
expect_in "$(grep -c 'class="voice-note"' <<<"$page")" \
  "$(json_get $BUNDLE vi/$L.json "sum(1 for a in [doc.get('intro_audio')] + [s.get('audio') for s in doc['steps'] + doc['quiz']] if a and not a['recorded'])")" \
  "one machine-voice note for each machine-read part of the page"
path=$(json_get $BUNDLE vi/$L.json "doc['steps'][4]['audio']['path']")
zip_get $BUNDLE "$path" "$SCRATCH/m5.opus"
opusdec --quiet "$SCRATCH/m5.opus" "$SCRATCH/m5.wav"
read -r _ lufs _ channels _ _ _ seconds _ peak <<<"$("$HOCSO_TEST_LOUDNESS" "$SCRATCH/m5.wav")"
near "$lufs" -18 1 && pass || fail "machine voice loudness $lufs LUFS (peak $peak dBFS), expected -18 ±1"
# Its peaks were limited to -1 dBFS, not clipped (Opus's decoder may overshoot them by up to ~0.6 dB).
python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= -0.1 else 1)' "$peak" && pass || fail "machine voice peak $peak dBFS"
python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) > 2 else 1)' "$seconds" && pass || fail "step 5 read in $seconds s"
# audio stats counts people's recordings only, and says the machine reads the rest.
run "$HOCSO" audio stats vi --format json
expect_in "$(python3 -c 'import json,sys; d=json.loads(sys.stdin.read())["languages"][0]; print(d["recorded"], d["machine_voice_reads_the_rest"])' <<<"$OUT")" \
  "4 True" "stats: the machine voice is not counted as recorded"
run "$HOCSO" audio stats vi
expect_in "$OUT" "  (until they are recorded, the pack's machine voice reads the other " "stats says the machine reads the rest"
# The same bytes from the machine voice too, without the cache.
cp $BUNDLE "$SCRATCH/voice.hocso"
build --no-cache --profile phone --jobs 2
cmp -s $BUNDLE "$SCRATCH/voice.hocso" && pass || fail "a second build with the machine voice differs"
# A stale recording: the machine voice reads the new text instead.
sed -i '0,/^## Tải ứng dụng VNeID từ CH Play hoặc App Store$/s//## Tải VNeID từ CH Play hoặc App Store/' content/lessons/$L/lesson.md
build --profile phone
expect_in "$ERR" "[audio-stale]" "the stale recording is still reported"
expect_in "$(json_get $BUNDLE vi/$L.json "doc['steps'][0]['audio']['recorded']")" "False" "a stale step is read by the machine voice"
# The machine voice reads a text the same whatever it read before (decision
# 0025; libespeak-ng in-process did not): with step 1 now read by it too, step
# 5's speech is byte for byte the same, made again without the cache by one job
# reading the lesson's texts in order.
before=$(json_get "$SCRATCH/voice.hocso" vi/$L.json "doc['steps'][4]['audio']['path']")
build --no-cache --profile phone --jobs 1
expect_status 0 "build again without the cache"
after=$(json_get $BUNDLE vi/$L.json "doc['steps'][4]['audio']['path']")
[ -n "$before" ] && [ "$after" = "$before" ] && pass || fail "step 5's machine speech changed when step 1 was read before it: $before -> $after"
# A machine voice for a translation, or without a speech stage: an error at the pack file.
sed -i 's/^audio: {tts: \[vi\]}$/audio: {tts: [vi, en]}/' $PACK
cp $BUNDLE "$SCRATCH/good.hocso"
run "$HOCSO" check
expect_status 1 "tts for English"
line=$(grep -n '^audio: ' $PACK | cut -d: -f1)
expect_in "$ERR" "$PACK:$line:19: error: a machine voice may read only the language the lessons are written in (vi), not en: a translation needs a person's voice (docs/recording.md) [audio-tts]"
build --profile phone
expect_status 1 "build with tts for English"
cmp -s $BUNDLE "$SCRATCH/good.hocso" && pass || fail "the refused build changed the bundle"
sed -i 's/^audio: {tts: \[vi, en\]}$/audio: {tts: [vi]}/' $PACK
prefix=$SCRATCH/prefix
install_without "$prefix" tts
run "$prefix/bin/hocso" check
expect_status 1 "tts without a speech stage"
expect_in "$ERR" "$PACK:$line:14: error: a machine voice is asked for (audio: tts:), but no speech stage is installed or listed under plugins: (the standard one is tts) [audio-tts]"

finish
