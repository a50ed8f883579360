# The volunteers' recording workflow (issue 18, point 3): `hocso audio list`
# prints each part's text as read aloud in a language (English where it is
# translated; Vietnamese, marked, where not), and `hocso audio import` copies
# a folder of recordings made here with espeak-ng and sox into content/audio
# with their .source, all or nothing: every refusal names the file and its
# rule and leaves content/audio as it was; what it imported, hocso build ships.
source "$(dirname "$0")/lib.sh"
narration_content
# A language nobody translated yet (its catalogs are empty), and in English one
# answer of quiz question 2 left untranslated.
sed -i 's/^languages: \[vi, en\]$/languages: [vi, en, mtq-Latn-VN]/' $PACK
grep -q "mtq-Latn-VN\]" $PACK && pass || fail "fixture: mtq-Latn-VN in the pack"
sed -i 's/^msgstr "Just your name written without spaces"$/msgstr ""/' content/i18n/en/$L.po
grep -q "^msgstr \"Just your name" content/i18n/en/$L.po && fail "fixture: quiz answer untranslated" || pass

# ---- hocso audio list: English where translated --------------------------------
run "$HOCSO" audio list en $L --format json
expect_status 0 "audio list en"
echo "$OUT" > "$SCRATCH/list-en.json"
expect_in "$(units_py '[u["unit"] for u in units.values()]' <<<"$OUT")" \
  "['intro', 'step-1', 'step-2', 'step-3', 'step-4', 'step-5', 'step-6', 'step-7', 'step-8', 'quiz-1', 'quiz-2', 'quiz-3']" \
  "the units in page order"
expect_in "$(units_py 'doc["packs"][0]["fallback_chain"], doc["packs"][0]["lessons"][0]["title"]' <<<"$OUT")" \
  "(['en', 'vi'], 'Install and activate VNeID')"
expect_in "$(units_py 'units["step-1"]["lang"], units["step-1"]["fallback"], units["step-1"]["recording"]' <<<"$OUT")" \
  "('en', False, 'none')" "step 1 has an English translation"
# As read: the heading, then each paragraph without Markdown marks; a picture's alt text is not read.
expect_in "$(units_py 'units["step-1"]["text"]' <<<"$OUT")" "Download VNeID from CH Play or the App Store
On an Android phone, open CH Play. On an iPhone, open the App Store. Type VNeID in the search box, then tap the download button.
Install VNeID only from CH Play or the App Store." "step 1's text, as read"
expect_not_in "$OUT" "**" "no Markdown marks"
# Quiz question 2: asked in English, one answer still in Vietnamese, marked so.
expect_in "$(units_py '[(l["lang"], l["text"]) for l in units["quiz-2"]["lines"]]' <<<"$OUT")" \
  "[('en', 'What does a VNeID password need?'), ('en', 'Just 6 digits'), ('en', '8 to 20 characters, with capital letters, small letters, digits and special characters'), ('vi', 'Chỉ cần tên của mình viết liền')]" \
  "a quiz question's lines each in its language"
expect_in "$(units_py 'units["quiz-2"]["lang"], units["quiz-2"]["fallback"]' <<<"$OUT")" "('en', True)"
# The hashes a .source must hold are the units' (hocso audio confirm writes the same).
mkdir -p content/audio/en/$L
sox -n -r 16000 -c 1 content/audio/en/$L/step-1.wav synth 1 sine 440 vol 0.3
run "$HOCSO" audio confirm en $L step-1 --format json
expect_in "$OUT" "\"source_sha256\": \"$(units_py 'units["step-1"]["source_sha256"]' <"$SCRATCH/list-en.json")\"" \
  "list's source_sha256 is the one confirm writes"
rm -r content/audio
# Human output
run "$HOCSO" audio list en $L
expect_status 0 "audio list en (human)"
expect_in "$OUT" "Recording script in en (hocso-co-ban); a part is shown in the first of en, vi that has its text."
expect_in "$OUT" "== $L: Install and activate VNeID =="
expect_in "$OUT" "0 of 12 parts recorded"
expect_in "$OUT" "step-1  (not recorded)
    Download VNeID from CH Play or the App Store
    On an Android phone, open CH Play."
expect_in "$OUT" "    [vi] Chỉ cần tên của mình viết liền" "a line in another language is marked"

# ---- a language without translations: the Vietnamese text, marked -----------------
run "$HOCSO" audio list mtq-Latn-VN $L --format json
expect_status 0 "audio list mtq-Latn-VN"
expect_in "$(units_py 'doc["packs"][0]["fallback_chain"], sorted({(u["lang"], u["fallback"]) for u in units.values()}), sorted({l["lang"] for u in units.values() for l in u["lines"]})' <<<"$OUT")" \
  "(['mtq-Latn-VN', 'vi'], [('vi', True)], ['vi'])" "every part falls back to Vietnamese, and says so"
expect_in "$(units_py 'units["step-1"]["text"].splitlines()[0]' <<<"$OUT")" "Tải VNeID từ CH Play hoặc App Store"
expect_not_in "$(units_py 'units["step-1"]["text"]' <<<"$OUT")" "Kho ứng dụng" "a picture's alt text is not read"
run "$HOCSO" audio list mtq-Latn-VN $L
expect_in "$OUT" "step-1 [vi: not translated into mtq-Latn-VN yet]  (not recorded)
    Tải VNeID từ CH Play hoặc App Store
    Điện thoại Android thì mở CH Play. iPhone thì mở App Store. Gõ chữ VNeID vào ô tìm kiếm, rồi chạm nút tải về." \
  "the Vietnamese text, marked, without Markdown marks"
expect_in "$OUT" "== $L: Cài đặt và kích hoạt VNeID [vi] =="
# In Vietnamese, nothing falls back; the messages in Vietnamese too.
run "$HOCSO" --lang vi audio list vi $L
expect_in "$OUT" "Kịch bản ghi âm bằng vi (hocso-co-ban)."
expect_in "$OUT" "step-1  (chưa ghi âm)"
expect_not_in "$OUT" "[vi" "no part marked in the source language"
# Every lesson, when none is named.
run "$HOCSO" audio list vi --format json
expect_in "$(units_py '[l["lesson"] for l in doc["packs"][0]["lessons"]]' <<<"$OUT")" "['$L', 'nhan-biet-lua-dao']"
# Usage errors
run "$HOCSO" audio list vi cai-dat-vneld
expect_status 2 "an unknown lesson"
expect_in "$ERR" "no pack in 'vi' has lesson 'cai-dat-vneld' (did you mean '$L'?)"
run "$HOCSO" audio list fr $L
expect_status 2 "a language of no pack"
expect_in "$ERR" "no pack is in language 'fr'; the packs' languages are: vi, en, mtq-Latn-VN"

# ---- hocso audio import: recordings made with espeak-ng and sox --------------------
IMP="$SCRATCH/phone"
mkdir -p "$IMP/$L"
espeak-ng -v vi -w "$IMP/$L/step-1.wav" "Tải VNeID từ CH Play hoặc App Store"
sox "$IMP/$L/step-1.wav" "$IMP/$L/step-2.flac"
sox "$IMP/$L/step-1.wav" "$IMP/$L/intro.mp3"
sox "$IMP/$L/step-1.wav" "$IMP/$L/quiz-1.OGG"  # a phone's upper-case extension
run "$HOCSO" audio list vi $L --format json
echo "$OUT" > "$SCRATCH/list-vi.json"
hash_of() { units_py "units['$1']['source_sha256']" <"$SCRATCH/list-vi.json"; }

# refused NAME RULE MESSAGE ARGS...: exit 1, the file and the rule named, nothing written.
refused() {
  local name=$1 message=$2
  shift 2
  local before
  before=$(audio_listing)
  run "$HOCSO" audio import "$@"
  expect_status 1 "$name"
  expect_in "$ERR" "$message" "$name"
  expect_in "$OUT" "nothing was imported: fix what is listed and run the import again" "$name"
  [ "$(audio_listing)" == "$before" ] && pass || fail "$name: content/audio changed: $(audio_listing)"
}
# A bad file beside good ones: nothing at all is copied.
bad() { rm -rf "$SCRATCH/bad" && cp -R "$IMP" "$SCRATCH/bad"; }
bad; mkdir "$SCRATCH/bad/cai-dat-vneid-2"
refused "unknown lesson" "$SCRATCH/bad/cai-dat-vneid-2: error: there is no lesson 'cai-dat-vneid-2' in vi ('$L'?); recordings go in a folder named after their lesson (\`hocso audio list vi\` names the lessons) [import-unknown-lesson]" vi "$SCRATCH/bad"
bad; cp "$IMP/$L/step-1.wav" "$SCRATCH/bad/$L/step-99.wav"
refused "unknown unit" "$SCRATCH/bad/$L/step-99.wav: error: lesson '$L' has no part 'step-99'; name each recording after a part of the lesson: intro, step-1, step-2, step-3, step-4, step-5, step-6, step-7, step-8, quiz-1, quiz-2, quiz-3 [import-unknown-unit]" vi "$SCRATCH/bad"
bad; cp "$IMP/$L/step-1.wav" "$SCRATCH/bad/$L/step-3.m4a"
refused "wrong extension" "$SCRATCH/bad/$L/step-3.m4a: error: not a recording hocso imports: its name must end in .wav, .flac, .ogg, .opus or .mp3 [import-extension]" vi "$SCRATCH/bad"
bad; ln -s "$IMP/$L/step-1.wav" "$SCRATCH/bad/$L/step-3.wav"
refused "symbolic link" "$SCRATCH/bad/$L/step-3.wav: error: this recording is a symbolic link; copy the recording itself into the folder [path-symlink]" vi "$SCRATCH/bad"
bad; echo "Đây không phải là âm thanh" > "$SCRATCH/bad/$L/step-3.wav"
refused "not audio" "$SCRATCH/bad/$L/step-3.wav: error: this is not audio hocso can read (Format not recognised.); save it as WAV, FLAC, Ogg or MP3 from the recorder app [audio-unreadable]" vi "$SCRATCH/bad"
bad; cp "$IMP/$L/step-2.flac" "$SCRATCH/bad/$L/step-2.wav"
refused "two recordings of a part" "$SCRATCH/bad/$L/step-2.wav: error: step-2 has two recordings here, $SCRATCH/bad/$L/step-2.flac and this one; keep one [audio-duplicate]" vi "$SCRATCH/bad"
bad; cp "$IMP/$L/step-1.wav" "$SCRATCH/bad/step-3.wav"
refused "a recording outside a lesson folder" "$SCRATCH/bad/step-3.wav: error: a recording directly in the folder: put it in a folder named after its lesson, or name the lesson with --lesson [import-unknown-lesson]" vi "$SCRATCH/bad"
refused "--lesson unknown" "$IMP/$L: error: there is no lesson 'cai-dat' in vi" vi "$IMP/$L" --lesson cai-dat
mkdir "$SCRATCH/empty"
refused "an empty folder" "$SCRATCH/empty: error: there is no recording to import in this folder [import-empty]" vi "$SCRATCH/empty"
[ ! -e content/audio ] && pass || fail "refusals created content/audio"

# ---- imported: copied with their .source, listed, shipped ------------------------------
run "$HOCSO" audio import vi "$IMP"
expect_status 0 "import"
expect_in "$OUT" "$IMP/$L/step-1.wav -> $A/step-1.wav"
expect_in "$OUT" "$IMP/$L/quiz-1.OGG -> $A/quiz-1.ogg" "an upper-case extension in lower case"
expect_in "$OUT" "imported 4 recordings in vi, each with its .source; hocso build ships them"
for unit in intro step-1 step-2 quiz-1; do
  [ "$(cat $A/$unit.source)" == "$(hash_of $unit)" ] && pass || fail "$unit.source: $(cat $A/$unit.source 2>&1)"
done
cmp -s "$IMP/$L/step-2.flac" $A/step-2.flac && pass || fail "step-2.flac copied as it was"
run "$HOCSO" audio list vi $L --format json
expect_in "$(units_py '[(u, units[u]["recording"]) for u in ("intro", "step-1", "step-2", "step-3", "quiz-1")]' <<<"$OUT")" \
  "[('intro', 'fresh'), ('step-1', 'fresh'), ('step-2', 'fresh'), ('step-3', 'none'), ('quiz-1', 'fresh')]"
confirmed_build "the imported recordings"
expect_in "$(built_lesson_py '[bool(d.get("intro_audio")), [bool(s.get("audio")) for s in d["steps"][:3]], bool(d["quiz"][0].get("audio")), d["steps"][0]["audio"]["lang"]]')" \
  "[True, [True, True, False], True, 'vi']" "the lesson JSON lists the imported recordings"

# Again without --replace: refused, named, nothing changed.
refused "already recorded" "$IMP/$L/step-1.wav: error: step-1 of lesson '$L' is recorded already ($A/step-1.wav); to put this recording in its place, import with --replace [import-exists]" vi "$IMP"
# --replace with another format: the old recording goes, one recording per part.
mkdir -p "$SCRATCH/again"
sox -n -r 22050 -c 1 "$SCRATCH/again/step-1.ogg" synth 1.5 sine 330 vol 0.3
echo "stale" > $A/step-1.source
run "$HOCSO" audio import vi "$SCRATCH/again" --lesson $L --replace --format json
expect_status 0 "import --replace --lesson"
expect_in "$(units_py '[(i["unit"], i["recording"], i["replaced"], i["removed"]) for i in doc["imported"]]' <<<"$OUT")" \
  "[('step-1', '$A/step-1.ogg', True, ['$A/step-1.wav'])]"
[ ! -e $A/step-1.wav ] && [ -f $A/step-1.ogg ] && pass || fail "step-1.wav replaced by step-1.ogg: $(ls $A)"
[ "$(cat $A/step-1.source)" == "$(hash_of step-1)" ] && pass || fail "step-1.source written again"
run "$HOCSO" check
expect_status 0 "check after --replace"
expect_not_in "$ERR" "audio-duplicate"

# The messages in Vietnamese.
run "$HOCSO" --lang vi audio import vi "$IMP"
expect_in "$ERR" "đã có bản ghi âm" "a refusal in Vietnamese"

finish
