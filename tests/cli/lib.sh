# Helpers for the CLI tests. Each test sources this, runs hocso in a scratch
# folder and asserts on what it printed and wrote.
set -euo pipefail
# With pipefail, `cmd | head -1` fails when head exits before cmd has written
# everything (SIGPIPE, exit 141) and set -e ends the test without a word:
# take the first line with `sed -n 1p`, which reads to the end.
# When set -e does end a test, say where, so that the log shows why.
trap 'ended_with=$?; [[ $- == *e* ]] && echo "FAIL: ${BASH_SOURCE[0]##*/}:$LINENO: a command failed (exit $ended_with) and ended the test" >&2' ERR
: "${HOCSO:?set by ctest}" "${HOCSO_SOURCE_DIR:?}" "${HOCSO_TEST_PLUGIN_DIR:?}"

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/hocso-cli.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
FAILURES=0
CHECKS=0
# Each test has a build cache and cache secret of its own (build_cache.h).
export XDG_CACHE_HOME="$SCRATCH/.cache" XDG_STATE_HOME="$SCRATCH/.state"
CACHE="$XDG_CACHE_HOME/hocso"

# hocso's messages in English whatever the machine's locale (LANGUAGE comes
# first: docs/decisions/0022); cli.messages sets the language itself.
export LANGUAGE=en

fail() { echo "FAIL: $*" >&2; FAILURES=$((FAILURES + 1)); }
pass() { CHECKS=$((CHECKS + 1)); }

# run CMD...: runs a command, keeps its exit code in $STATUS, stdout in $OUT, stderr in $ERR.
run() {
  set +e
  "$@" >"$SCRATCH/.out" 2>"$SCRATCH/.err"
  STATUS=$?
  set -e
  OUT=$(cat "$SCRATCH/.out")
  ERR=$(cat "$SCRATCH/.err")
}

expect_status() {
  if [ "$STATUS" -eq "$1" ]; then pass; else fail "${2:-}: exit $STATUS, expected $1; stderr: $ERR; stdout: $OUT"; fi
}
# A here-string, not a pipe: with pipefail, grep -q stopping early would make
# printf die of SIGPIPE on a large haystack and a found needle count as missing.
expect_in() {  # expect_in HAYSTACK NEEDLE [WHAT]
  if grep -qF -- "$2" <<<"$1"; then pass; else fail "${3:-}: expected to find '$2' in: $1"; fi
}
expect_not_in() {
  if grep -qF -- "$2" <<<"$1"; then fail "${3:-}: did not expect '$2' in: $1"; else pass; fi
}

# A fresh copy of the sample content in $SCRATCH/$1 (its content/ folder).
# The pack's machine voice (`audio: {tts: [vi]}`) reads ~150 lesson parts: about
# 30 s of CPU a profile on a cold cache. Tests of other features leave it out;
# `copy_content DIR --machine-voice` keeps it (cli.audio, cli.browser-pack).
copy_content() {
  mkdir -p "$SCRATCH/$1"
  cp -R "$HOCSO_SOURCE_DIR/content" "$SCRATCH/$1/"
  [ "${2:-}" = --machine-voice ] || sample_pack "$SCRATCH/$1/content/packs/hocso-co-ban.yaml"
}
# sample_pack FILE: the sample pack file, as copy_content leaves it, written to FILE.
sample_pack() {
  sed '/^audio: {tts: \[vi\]}$/d' "$HOCSO_SOURCE_DIR/content/packs/hocso-co-ban.yaml" > "$1"
  ! grep -q '^audio:' "$1" || fail "sample_pack: the pack's audio: line changed"
}

# keep_lessons DIR ID...: the sample content copied to $SCRATCH/DIR cut down to
# these lessons (the others' folders and catalogs removed), for tests about the
# pipeline rather than the course: they need not build fourteen lessons a time.
keep_lessons() {
  local content=$SCRATCH/$1/content
  shift
  python3 - "$content/packs/hocso-co-ban.yaml" "$@" <<'PY'
import re, sys
path, keep = sys.argv[1], sys.argv[2:]
text = open(path, encoding="utf-8").read()
text, n = re.subn(r"(?m)^lessons:\n(?:  - .*\n)+", "lessons:\n" + "".join(f"  - {k}\n" for k in keep), text)
assert n == 1, "no lessons: list in " + path
open(path, "w", encoding="utf-8").write(text)
PY
  local folder id
  for folder in "$content"/lessons/*/; do
    id=$(basename "$folder")
    [[ " $* " == *" $id "* ]] || rm -rf "$folder" "$content/i18n/$id.pot" "$content"/i18n/*/"$id.po"
  done
}

# build_sample_at DIR VERSION KEY: builds the sample pack copied to $SCRATCH/DIR
# (copied on first use) at pack version VERSION for the phone profile, signed
# with KEY; prints the bundle's path. For the channel tests.
build_sample_at() {
  local dir=$1 version=$2 key=$3
  [ -d "$SCRATCH/$dir/content" ] || copy_content "$dir"
  sed -i "s/^version: .*/version: $version/" "$SCRATCH/$dir/content/packs/hocso-co-ban.yaml"
  (cd "$SCRATCH/$dir/content" && SOURCE_DATE_EPOCH=1767225600 "$HOCSO" build --key "$key" --profile phone >/dev/null 2>&1) \
    || { echo "build of $dir at $version failed" >&2; exit 1; }
  echo "$SCRATCH/$dir/content/dist/hocso-co-ban-$version-phone.hocso"
}

# narration_content: the narration tests' fixture (cli.audio-workflow,
# cli.record): a test key in $KEY, SOURCE_DATE_EPOCH fixed, and the sample
# content in $SCRATCH/a cut down to lessons cai-dat-vneid ($L) and
# nhan-biet-lua-dao, made the current folder. $PACK is its pack file, $BUNDLE
# its phone bundle, $A the folder of $L's Vietnamese recordings.
narration_content() {
  make_test_key
  KEY="$SCRATCH/keys/test.key"
  export SOURCE_DATE_EPOCH=1767225600
  L=cai-dat-vneid
  PACK=content/packs/hocso-co-ban.yaml
  BUNDLE=dist/hocso-co-ban-1.1.0-phone.hocso
  A=content/audio/vi/$L
  copy_content a
  keep_lessons a $L nhan-biet-lua-dao
  cd "$SCRATCH/a"
}
# units_py EXPRESSION: evaluated with `doc` the JSON of `hocso audio list
# --format json` on stdin, `units` its lesson's units by id.
units_py() { python3 -c '
import json, sys
doc = json.loads(sys.stdin.read())
units = {u["unit"]: u for p in doc.get("packs", []) for l in p["lessons"] for u in l["units"]}
print(eval(sys.argv[1]))' "$1"; }
# audio_listing: the files under content/audio with their SHA-256, what a
# refusal must leave alone.
audio_listing() { if [ -d content/audio ]; then (cd content/audio && find . \( -type f -o -type l \) -print0 | sort -z | xargs -0r sha256sum); fi; }
# built_lesson_py EXPRESSION: evaluated with `d` the JSON of lesson $L in
# Vietnamese in $BUNDLE.
built_lesson_py() { unzip -p "$BUNDLE" "vi/$L.json" | python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
print(eval(sys.argv[1]))' "$1"; }
# confirmed_build WHAT: `hocso check` says nothing about the recordings (WHAT)
# and hocso build ships the phone profile with them.
confirmed_build() {
  run "$HOCSO" check
  expect_not_in "$ERR" "audio-" "$1 are confirmed"
  run "$HOCSO" build --key "$KEY" --profile phone
  expect_status 0 "build with $1"
}

# poison_cache_entry ENTRY NEW-BODY-FILE: a build cache entry's bytes replaced
# and the SHA-256 it records fixed to match, as a poisoner who does not know the
# cache's secret would; its MAC stays (build_cache.h; cli.cache, cli.privacy).
poison_cache_entry() {
  python3 - "$1" "$2" <<'PY'
import hashlib, sys
entry, body = sys.argv[1], open(sys.argv[2], "rb").read()
head, meta, _ = open(entry, "rb").read().split(b"\n", 2)
fmt, size, sha, mac = head.split(b" ")
head = b" ".join([fmt, str(len(body)).encode(), hashlib.sha256(body).hexdigest().encode(), mac])
open(entry, "wb").write(head + b"\n" + meta + b"\n" + body)
PY
}

# An unencrypted key pair for tests: $SCRATCH/keys/test.{key,pub}
make_test_key() {
  if [ ! -f "$SCRATCH/keys/test.key" ]; then
    mkdir -p "$SCRATCH/keys"
    "$HOCSO" keygen --out "$SCRATCH/keys/test" --unencrypted >/dev/null
  fi
}

# printed_by FILE PATTERN PID [TRIES]: what a server in the background (PID)
# prints when it is ready: \1 of the line of FILE that matches the sed PATTERN
# (delimited by |), looked for every 0.05 s, TRIES times (100) or until PID
# ends. Nothing when it did not come.
printed_by() {
  local found="" _
  for _ in $(seq 1 "${4:-100}"); do
    found=$(sed -n "s|$2|\\1|p" "$1")
    [ -n "$found" ] && break
    kill -0 "$3" 2>/dev/null || break
    sleep 0.05
  done
  echo "$found"
}

# hocso serve in the background (serve tests; they stop it in their EXIT trap).
# start_server ARGS...: starts hocso serve --port 0 and sets $PORT from what it prints.
SERVER_PID=""
stop_server() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi; }
start_server() {
  "$HOCSO" serve "$@" --port 0 >"$SCRATCH/serve.out" 2>"$SCRATCH/serve.err" &
  SERVER_PID=$!
  PORT=$(printed_by "$SCRATCH/serve.out" '^serving .* at http://127.0.0.1:\([0-9]*\)/$' "$SERVER_PID")
  [ -n "$PORT" ] && return 0
  echo "server did not start: $(cat "$SCRATCH/serve.err")" >&2
  exit 1
}

finish() {
  echo "$CHECKS passed, $FAILURES failed"
  [ "$FAILURES" -eq 0 ]
}

# install_without PREFIX PLUGIN: a copy of the built hocso in PREFIX (bin, lib,
# share, as installed) whose plugin folder lacks hocso-PLUGIN.so.
install_without() {
  local prefix=$1
  mkdir -p "$prefix/bin" "$prefix/lib/hocso/plugins" "$prefix/share"
  cp "$HOCSO" "$prefix/bin/"
  cp -P "$HOCSO_BINARY_DIR"/lib/libhocso-core.so* "$HOCSO_BINARY_DIR"/lib/libhocso-bundle.so* "$HOCSO_BINARY_DIR"/lib/libhocso-pull.so* "$prefix/lib/"
  cp -R "$HOCSO_BINARY_DIR"/lib/hocso/plugins/hocso-*.so "$HOCSO_BINARY_DIR"/lib/hocso/plugins/lang-* "$prefix/lib/hocso/plugins/"
  rm "$prefix/lib/hocso/plugins/hocso-$2.so"
  cp -R "$HOCSO_BINARY_DIR/share/hocso" "$prefix/share/"
}
