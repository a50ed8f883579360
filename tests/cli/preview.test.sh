# hocso preview on a copy of content/: the command's contract (help, address,
# refusals, Ctrl-C, nothing written into the sources, nothing of it in a
# bundle) here, and in headless Chromium (tests/browser/preview.test.js) an
# edit reloading the open page at the edited step, a broken edit's
# diagnostic in the page, and the rectangle picker in source pixels.
# Screenshots of the preview at 360x640 and 1280x800 go to build/test-artifacts/.
source "$(dirname "$0")/lib.sh"
: "${HOCSO_BINARY_DIR:?set by ctest}"

node_dir="$HOCSO_BINARY_DIR/browser-test"
"$HOCSO_SOURCE_DIR/build-tools/setup-browser" "$node_dir"
artifacts="$HOCSO_BINARY_DIR/test-artifacts"
rm -f "$artifacts"/preview-*.png

run "$HOCSO" preview --help
expect_status 0 "preview --help"
expect_in "$OUT" "Usage: hocso preview [OPTIONS] [pack]" "help: usage"
expect_in "$OUT" "pack PACK.yaml              Pack file (default: the only one in content/packs/)" "help: the pack"
expect_in "$OUT" "--port INT:INT in [0 - 65535]=8710" "help: the port and its default"
expect_in "$OUT" "0 picks a free one" "help: --port 0"
expect_in "$OUT" "drag over a picture to get a \`highlight:\` or" "help: the picker"
expect_in "$OUT" "Stop with Ctrl-C." "help: how to stop"

copy_content work
cd "$SCRATCH/work"
# What the sources are before the preview runs (the test's own edits are put back).
before=$(find content -type f -exec sha256sum {} + | sort)

"$HOCSO" preview --port 0 >"$SCRATCH/preview.out" 2>"$SCRATCH/preview.err" &
preview=$!
trap 'kill $preview 2>/dev/null || true; wait $preview 2>/dev/null || true; rm -rf "$SCRATCH"' EXIT
# The first read checks the whole pack, pictures' OCR included (eleven lessons:
# some seconds, more on a loaded machine): wait up to a minute for it.
port=$(printed_by "$SCRATCH/preview.out" \
  '^Xem trước tại http://127.0.0.1:\([0-9]*\)/ — sửa bài và lưu, trang tự tải lại. Dừng: Ctrl-C$' $preview 1200)
[ -n "$port" ] && pass || { fail "hocso preview did not start: $(cat "$SCRATCH/preview.err")"; finish; }
expect_in "$(cat "$SCRATCH/preview.out")" "hocso preview: đọc cả gói bài (14 bài) trong" "the first read, on stdout"
base="http://127.0.0.1:$port"

# Only 127.0.0.1, and only for its own address (a name pointing here from
# elsewhere, DNS rebinding, gets nothing).
ss -ltn "sport = :$port" | grep -q "127.0.0.1:$port" && pass || fail "not listening on 127.0.0.1:$port: $(ss -ltn)"
ss -ltn "sport = :$port" | grep -q "0.0.0.0:$port\|\*:$port" && fail "listening on every address" || pass
run curl -s -o /dev/null -w '%{http_code}' "$base/vi/cai-dat-vneid.html"
expect_in "$OUT" "200" "a lesson page"
run curl -s -o /dev/null -w '%{http_code}' -H "Host: localhost:$port" "$base/vi/index.html"
expect_in "$OUT" "200" "localhost is its own address"
run curl -s -w '%{http_code}' -H 'Host: evil.example:80' "$base/vi/cai-dat-vneid.html"
expect_in "$OUT" "403 Forbidden: hocso preview answers only at its own address" "another Host is refused"
# hocso serve's request rules: no path tricks, GET and HEAD only.
run curl -s --path-as-is -o /dev/null -w '%{http_code}' "$base/../content/packs/hocso-co-ban.yaml"
expect_in "$OUT" "400" "a path out of the site"
run curl -s -o /dev/null -w '%{http_code}' -X POST "$base/vi/index.html"
expect_in "$OUT" "405" "POST"
run curl -s -o /dev/null -w '%{http_code}' "$base/lessons/cai-dat-vneid/lesson.md"
expect_in "$OUT" "404" "sources are not served"
run curl -s -D - -o /dev/null "$base/vi/cai-dat-vneid.html"
expect_in "$OUT" "Content-Security-Policy: default-src 'self'" "the viewer's headers"
run curl -s "$base/assets/preview.js"
expect_in "$OUT" "hocso preview only" "the preview's script"

# The port is taken: a clear refusal.
run "$HOCSO" preview --port "$port"
expect_status 2 "a port in use"
expect_in "$ERR" "hocso preview: error: cannot listen on 127.0.0.1:$port (in use, or not an address of this machine)" "a port in use: said"

run env NODE_PATH="$node_dir/node_modules" node "$HOCSO_SOURCE_DIR/tests/browser/preview.test.js" "$base/" "$SCRATCH/work/content" "$artifacts"
expect_status 0 "preview in Chromium"
echo "$OUT"

# The broken edit, in the terminal as in the page.
err=$(cat "$SCRATCH/preview.err")
expect_in "$err" 'content/lessons/cai-dat-vneid/lesson.md:6:1: error: duplicate key "level" (first defined on line 5) [yaml-duplicate-key]
level: <img src=x onerror="window.hocsoInjected=1">
^' "the broken edit's diagnostic in the terminal"
out=$(cat "$SCRATCH/preview.out")
expect_in "$out" "hocso preview: đọc lại bài cai-dat-vneid trong" "each rebuild on stdout"
expect_in "$out" ": 1 lỗi; 5 trang đổi" "the broken edit: one error, the lesson's pages and the indexes changed"

# Ctrl-C: a clean stop.
kill -INT $preview
set +e
wait $preview
status=$?
set -e
[ "$status" -eq 0 ] && pass || fail "Ctrl-C: exit $status"
expect_in "$(cat "$SCRATCH/preview.out")" "hocso preview: đã dừng" "Ctrl-C: says it stopped"

# --format json: one object a line.
"$HOCSO" preview --port 0 --format json >"$SCRATCH/json.out" 2>"$SCRATCH/json.err" &
json_preview=$!
for _ in $(seq 1 200); do grep -q '"event":"listening"' "$SCRATCH/json.out" && break; sleep 0.05; done
kill -INT $json_preview
wait $json_preview || true
python3 - "$SCRATCH/json.out" <<'PY' && pass || fail "--format json: $(cat "$SCRATCH/json.out")"
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
assert [e["event"] for e in events] == ["pack-read", "listening", "stopped"], events
assert events[0]["lessons"][0] == "cai-dat-vneid" and events[0]["errors"] == 0 and events[0]["diagnostics"] == []
assert events[1]["url"].startswith("http://127.0.0.1:")
PY

# Nothing written into the content folder, nothing beside it.
after=$(find content -type f -exec sha256sum {} + | sort)
[ "$before" = "$after" ] && pass || fail "the content folder changed: $(diff <(echo "$before") <(echo "$after"))"
[ "$(ls -A "$SCRATCH/work")" = "content" ] && pass || fail "written beside the content: $(ls -A "$SCRATCH/work")"

# A bundle of the same content has nothing of the preview.
"$HOCSO" build --profile phone >/dev/null 2>&1 || fail "build failed"
names=$(unzip -Z1 dist/hocso-co-ban-1.1.0-phone.hocso)
expect_not_in "$names" "preview" "no preview entry in the bundle"
pages=$(unzip -p dist/hocso-co-ban-1.1.0-phone.hocso 'vi/*.html' 'assets/*')
expect_not_in "$pages" "preview.js" "no page of the bundle links the preview's script"
expect_not_in "$pages" "hocso-preview" "no page of the bundle has the preview's data"

# Usage errors.
run "$HOCSO" preview nothing.yaml
expect_status 2 "a pack that does not exist"
expect_in "$ERR" "hocso preview: error: nothing.yaml: no such file" "a pack that does not exist: said"
cp content/packs/hocso-co-ban.yaml content/packs/second.yaml
run "$HOCSO" preview
expect_status 2 "two packs and none named"
expect_in "$ERR" "several packs found (content/packs/hocso-co-ban.yaml, content/packs/second.yaml); name the one to preview: hocso preview PACK.yaml" "two packs: said"

[ -f "$artifacts/preview-picker-360x640.png" ] && [ -f "$artifacts/preview-picker-1280x800.png" ] &&
  [ -f "$artifacts/preview-problems-360x640.png" ] && pass || fail "screenshots missing"
finish
