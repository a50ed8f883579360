# What a careless operator (or a crashed build) does to hocso: a pack with
# thousands of errors on one line, temporaries left by kill -9, a key with the
# wrong .pub beside it or readable by all, a FIFO as the key, a full disk.
# Each gets a clear message and a bounded amount of output; nothing hangs.
source "$(dirname "$0")/lib.sh"
make_test_key
KEY="$SCRATCH/keys/test.key"
copy_content work
cd "$SCRATCH/work"
P=content/packs/hocso-co-ban.yaml

# ---- 4,998 missing lessons listed on one 50 KB line ----------------------------------
python3 - "$P" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
ids = ", ".join(f"bai-hoc-khong-co-so-{i:04d}" for i in range(4998))
text = re.sub(r"lessons:\n(  - .*\n)+", "lessons: [" + ids + "]\n", text)
open(path, "w", encoding="utf-8").write(text)
PY
[ "$(wc -c < "$P")" -gt 50000 ] && pass || fail "the pack line is not long"
run "$HOCSO" check
expect_status 1 "check of 4,998 missing lessons"
expect_in "$ERR" "[lesson-missing]"
expect_in "$ERR" "more diagnostics not shown (--format json lists them all)" "the cap"
[ "${#ERR}" -lt 200000 ] && pass || fail "diagnostics are ${#ERR} bytes"
longest=$(awk '{ print length }' "$SCRATCH/.err" | sort -n | tail -1)
[ "$longest" -le 400 ] && pass || fail "a printed line is $longest characters (the 50 KB source line repeated?)"
run "$HOCSO" check --format json
[ "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["diagnostics"]))' <<<"$OUT")" -ge 4998 ] && pass ||
  fail "json does not list every diagnostic"
cp -R "$HOCSO_SOURCE_DIR/content/packs/." content/packs/ && sample_pack content/packs/hocso-co-ban.yaml

# ---- one error after hundreds of warnings is printed, not capped away ---------------
# 229 headings that number their step (a warning each) in the first lesson, a
# misspelt key (an error) in a later one: errors are chosen first for the 200.
cp content/lessons/cai-dat-vneid/lesson.md "$SCRATCH/first.md"
cp content/lessons/nhan-biet-lua-dao/lesson.md "$SCRATCH/later.md"
python3 - <<'PY'
first = "content/lessons/cai-dat-vneid/lesson.md"
text = open(first, encoding="utf-8").read()
text += "".join(f"\n## Bước {i}: Bấm nút Tiếp tục\n\nBấm nút.\n" for i in range(1, 230))
open(first, "w", encoding="utf-8").write(text)
later = "content/lessons/nhan-biet-lua-dao/lesson.md"
text = open(later, encoding="utf-8").read()
open(later, "w", encoding="utf-8").write(text.replace("\nsummary:", "\nsumary:", 1))
PY
run "$HOCSO" check
expect_status 1 "check of 230 warnings and one error"
expect_in "$ERR" "content/lessons/nhan-biet-lua-dao/lesson.md:4:1: error: unknown key 'sumary'" "the one error"
expect_in "$ERR" "31 more diagnostics not shown" "the cap"
[ "$(grep -c 'warning:' "$SCRATCH/.err")" = 199 ] && pass || fail "not 199 warnings beside the error"
cp "$SCRATCH/first.md" content/lessons/cai-dat-vneid/lesson.md
cp "$SCRATCH/later.md" content/lessons/nhan-biet-lua-dao/lesson.md

# ---- temporaries left by a killed build are removed; a running build's are not -------
mkdir -p dist
old_tmp=dist/.hocso-co-ban-1.1.0-phone.hocso.999999.tmp
old_staging=dist/.hocso-co-ban-1.1.0-phone.hocso.999999.staging
old_media=dist/.hocso-co-ban-1.1.0.999998.media
mine_tmp=dist/.hocso-co-ban-1.1.0-kiosk.hocso.$$.tmp   # this shell is alive
not_ours=dist/.notes.999999.tmp
head -c 1200000 /dev/urandom > "$old_tmp"
mkdir -p "$old_staging" "$old_media" && echo x > "$old_staging/entries.spool" && echo y > "$old_media/a"
echo keep > "$mine_tmp"; echo keep > "$not_ours"
touch -d '2 hours ago' "$old_tmp" "$old_staging" "$old_media" "$mine_tmp" "$not_ours"
if [ -e /proc/999999 ] || [ -e /proc/999998 ]; then echo "pid 999999/999998 exists; test assumption broken" >&2; fi
run "$HOCSO" build --key "$KEY" --profile phone
expect_status 0 "build with stale temporaries"
[ ! -e "$old_tmp" ] && [ ! -e "$old_staging" ] && [ ! -e "$old_media" ] && pass || fail "stale temporaries left: $(ls -A dist)"
[ -e "$mine_tmp" ] && pass || fail "a live build's temporary was removed"
[ -e "$not_ours" ] && pass || fail "a file hocso does not name was removed"
expect_in "$ERR" "removed 3 temporary files left by an interrupted build [stale-temporaries]"
rm -f "$mine_tmp" "$not_ours"

# ---- keys ------------------------------------------------------------------------------
# A .pub beside the key that is another key's: refused before signing, nothing written.
"$HOCSO" keygen --out "$SCRATCH/keys/other" --unencrypted >/dev/null
mkdir -p "$SCRATCH/mixed" && cp "$KEY" "$SCRATCH/mixed/ci.key" && cp "$SCRATCH/keys/other.pub" "$SCRATCH/mixed/ci.pub"
chmod 600 "$SCRATCH/mixed/ci.key"
run "$HOCSO" build --key "$SCRATCH/mixed/ci.key" --profile phone --out "$SCRATCH/out-mixed"
expect_status 2 "a key with the wrong .pub"
expect_in "$ERR" "ci.pub does not belong to the secret key" "wrong .pub"
[ ! -e "$SCRATCH/out-mixed" ] && pass || fail "a bundle was written with a mismatched key pair"
# A damaged key id in a key whose checksum minisign never fills (-W): the .pub tells.
python3 - "$KEY" "$SCRATCH/mixed/damaged.key" <<'PY'
import base64, sys
lines = open(sys.argv[1]).read().splitlines()
blob = bytearray(base64.b64decode(lines[1]))
# sig_alg 2, kdf_alg 2, chk_alg 2, salt 32, ops 8, mem 8 = 54; then key id 8, key 64, checksum 32
blob[54] ^= 0xFF
blob[54 + 8 + 64:54 + 8 + 64 + 32] = bytes(32)  # zero checksum, as minisign -G -W writes
open(sys.argv[2], "w").write(lines[0] + "\n" + base64.b64encode(bytes(blob)).decode() + "\n")
PY
cp "$SCRATCH/keys/test.pub" "$SCRATCH/mixed/damaged.pub"; chmod 600 "$SCRATCH/mixed/damaged.key"
run "$HOCSO" build --key "$SCRATCH/mixed/damaged.key" --profile phone --out "$SCRATCH/out-damaged"
expect_status 2 "a damaged key id"
expect_in "$ERR" "damaged.pub does not belong to the secret key" "damaged key id"
# A secret key others can read: a warning, the build goes on.
cp "$KEY" "$SCRATCH/mixed/open.key" && chmod 644 "$SCRATCH/mixed/open.key"
run "$HOCSO" build --key "$SCRATCH/mixed/open.key" --profile phone --out "$SCRATCH/out-open"
expect_status 0 "a world-readable key"
expect_in "$ERR" "can be read by other users; make it private: chmod 600" "key permissions warning"
expect_in "$ERR" "[key-permissions]"
# A FIFO nobody writes to: an error at once, never a hang.
mkfifo "$SCRATCH/mixed/fifo.key"
start=$(date +%s)
run timeout 30 "$HOCSO" build --key "$SCRATCH/mixed/fifo.key" --profile phone --out "$SCRATCH/out-fifo"
expect_status 2 "a FIFO as the key"
[ $(($(date +%s) - start)) -lt 15 ] && pass || fail "the FIFO key took $(($(date +%s) - start)) s"
expect_in "$ERR" "not a minisign secret key" "FIFO key"
# ... but a pipe that is written at once works (--key <(pass show key)).
run "$HOCSO" build --key <(cat "$KEY") --profile phone --out "$SCRATCH/out-pipe"
expect_status 0 "a key from a pipe"

# ---- a full disk is called a full disk -------------------------------------------------
mkdir -p "$SCRATCH/tiny"
if mount -t tmpfs -o size=600k tmpfs "$SCRATCH/tiny" 2>/dev/null; then
  run "$HOCSO" build --key "$KEY" --profile kiosk --out "$SCRATCH/tiny/dist" --no-cache
  umount "$SCRATCH/tiny"
  expect_status 2 "build onto a full disk"
  expect_in "$ERR" "the disk is full" "full disk message"
  expect_in "$ERR" "free some space or choose another output folder"
else
  echo "note: cannot mount a small tmpfs here (not root?); the full-disk case was not run" >&2
fi

finish
