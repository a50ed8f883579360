# hocso serve: a verified bundle served from the zip on 127.0.0.1 with the
# right types, caching, ranges, gzip and refusals, a log line per request; a
# tampered bundle is never served, nor is a bundle changed on disk (503 until a
# verified one is in place).
# (Slow clients, huge heads and connection limits: serve-limits.test.sh.)
source "$(dirname "$0")/lib.sh"

copy_content work
cd "$SCRATCH/work"
"$HOCSO" build --profile kiosk >/dev/null 2>&1 || { echo "build failed"; exit 1; }
bundle=dist/hocso-co-ban-1.1.0-kiosk.hocso
mkdir x && (cd x && unzip -q "../$bundle")

trap 'stop_server; rm -rf "$SCRATCH"' EXIT

# fetch [CURL ARGS...] PATH: $CODE, $TYPE (Content-Type), headers in $SCRATCH/h, body in $SCRATCH/b.
fetch() {
  local path=${*: -1}
  set -- "${@:1:$#-1}"
  # (A failed transfer, e.g. a body that does not decode, leaves the checks to fail.)
  CODE=$(curl -s --path-as-is -o "$SCRATCH/b" -D "$SCRATCH/h" -w '%{http_code}' "$@" "http://127.0.0.1:$PORT$path") || true
  TYPE=$(sed -n 's/^Content-Type: \(.*\)\r$/\1/Ip' "$SCRATCH/h")
}
header() { sed -n "s/^$1: \(.*\)\r$/\1/Ip" "$SCRATCH/h"; }
expect_eq() { if [ "$1" = "$2" ]; then pass; else fail "$3: got '$1', expected '$2'"; fi; }

start_server "$bundle"
expect_in "$(cat "$SCRATCH/serve.out")" "serving $bundle (verified) at http://127.0.0.1:$PORT/"

# / is index.html, byte for byte; security and caching headers.
fetch /
expect_eq "$CODE" 200 "GET /"
expect_eq "$TYPE" "text/html; charset=utf-8" "type of /"
cmp -s "$SCRATCH/b" x/index.html && pass || fail "/ is not index.html"
expect_eq "$(header Content-Security-Policy)" "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'" "CSP"
expect_eq "$(header X-Content-Type-Options)" nosniff "nosniff"
expect_eq "$(header Cache-Control)" no-cache "pages revalidate"
expect_eq "$(header ETag)" "\"$(sha256sum x/index.html | cut -d' ' -f1)\"" "ETag is the entry's sha256"
fetch -H "If-None-Match: \"$(sha256sum x/index.html | cut -d' ' -f1)\"" /index.html
expect_eq "$CODE" 304 "If-None-Match"
fetch /vi/
expect_eq "$CODE" 200 "folder index"
cmp -s "$SCRATCH/b" x/vi/index.html && pass || fail "/vi/ is not vi/index.html"

# MIME types by kind.
# sed reads the whole list: `head -1` would stop early and, with pipefail, a
# long list would fail the script with SIGPIPE.
lesson_json=$(cd x && ls vi/*.json | sed -n 1p)
media=$(cd x && ls media/ | sed -n 1p)
fetch /assets/hocso.css; expect_eq "$TYPE" "text/css; charset=utf-8" "css"
fetch /assets/hocso.js; expect_eq "$TYPE" "text/javascript; charset=utf-8" "js"
fetch "/$lesson_json"; expect_eq "$TYPE" "application/json" "lesson json"
cmp -s "$SCRATCH/b" "x/$lesson_json" && pass || fail "$lesson_json differs"
fetch /manifest.json; expect_eq "$TYPE" "application/json" "manifest"
fetch "/media/$media"
expect_eq "$CODE" 200 "media"
case "$media" in
  *.png) expect_eq "$TYPE" image/png "png" ;;
  *.webp) expect_eq "$TYPE" image/webp "webp" ;;
  *.jpg) expect_eq "$TYPE" image/jpeg "jpg" ;;
  *) fail "unexpected media $media" ;;
esac
expect_eq "$(header Cache-Control)" "public, max-age=31536000, immutable" "media is immutable"

# A byte range of a picture: 206, exactly those bytes.
size=$(stat -c %s "x/media/$media")
fetch -H "Range: bytes=10-29" "/media/$media"
expect_eq "$CODE" 206 "range"
expect_eq "$(header Content-Range)" "bytes 10-29/$size" "Content-Range"
cmp -s "$SCRATCH/b" <(tail -c +11 "x/media/$media" | head -c 20) && pass || fail "range bytes differ"
fetch -H "Range: bytes=-100" "/media/$media"
expect_eq "$CODE" 206 "suffix range"
cmp -s "$SCRATCH/b" <(tail -c 100 "x/media/$media") && pass || fail "suffix range bytes differ"
fetch -H "Range: bytes=$((size + 10))-$((size + 20))" "/media/$media"
expect_eq "$CODE" 416 "range beyond the end"
expect_eq "$(header Content-Range)" "bytes */$size" "416 Content-Range"
# A range of a deflated page counts bytes of the page itself (never gzip).
fetch --compressed -H "Range: bytes=5-104" /index.html
expect_eq "$CODE" 206 "range of a page"
expect_eq "$(header Content-Encoding)" "" "no gzip for a range"
cmp -s "$SCRATCH/b" <(tail -c +6 x/index.html | head -c 100) && pass || fail "range of a page differs"
# Amplification: many overlapping ranges never give more than the entry. The
# 8 KB attack head is over the head limit (431); 1,000 ranges fit and get the
# whole picture once (200).
many=$(printf ',0-%.0s' $(seq 1 2700))
fetch -H "Range: bytes=0-$many" "/media/$media"
if [ "$CODE" = 431 ] || { [ "$CODE" = 200 ] && [ "$(stat -c %s "$SCRATCH/b")" -le "$size" ]; }; then pass
else fail "2,700 ranges: $CODE, $(stat -c %s "$SCRATCH/b") bytes for a $size-byte entry"; fi
many=$(printf ',0-%.0s' $(seq 1 1000))
fetch -H "Range: bytes=0-$many" "/media/$media"
expect_eq "$CODE" 200 "1,000 overlapping ranges"
expect_eq "$(stat -c %s "$SCRATCH/b")" "$size" "1,000 overlapping ranges: body size"
fetch -H "Range: bytes=0-9,20-29" "/media/$media"
expect_eq "$CODE" 200 "two ranges: the whole entry"
cmp -s "$SCRATCH/b" "x/media/$media" && pass || fail "two ranges: body differs"

# gzip: deflated pages go out as their zip deflate stream in a gzip member.
fetch -H "Accept-Encoding: gzip" /index.html
expect_eq "$(header Content-Encoding)" gzip "gzip answer"
expect_eq "$(header Vary)" Accept-Encoding "Vary"
gzip -t <"$SCRATCH/b" && pass || fail "the gzip body does not test as gzip"
cmp -s <(gunzip -c <"$SCRATCH/b") x/index.html && pass || fail "gunzipped body differs from index.html"
expect_eq "$(header Content-Length)" "$(stat -c %s "$SCRATCH/b")" "gzip Content-Length"
fetch --compressed "/$lesson_json"
expect_eq "$(header Content-Encoding)" gzip "curl --compressed"
cmp -s "$SCRATCH/b" "x/$lesson_json" && pass || fail "curl --compressed body differs"
fetch -H "Accept-Encoding: gzip;q=0" /index.html
expect_eq "$(header Content-Encoding)" "" "gzip;q=0"
cmp -s "$SCRATCH/b" x/index.html && pass || fail "identity body differs"
fetch -H "Accept-Encoding: gzip" "/media/$media"
expect_eq "$(header Content-Encoding)" "" "stored media are never gzipped"
cmp -s "$SCRATCH/b" "x/media/$media" && pass || fail "media body differs"
fetch -I -H "Accept-Encoding: gzip" /index.html
expect_eq "$(header Content-Encoding)" gzip "HEAD with gzip"
# Every text entry, both ways, and the large entries streamed past the cache.
for entry in $(cd x && find . -type f \( -name '*.html' -o -name '*.json' -o -name '*.css' -o -name '*.js' \) | sed 's|^\./||' | head -40); do
  fetch "/$entry"
  cmp -s "$SCRATCH/b" "x/$entry" || { fail "identity /$entry differs"; continue; }
  fetch -H "Accept-Encoding: gzip" "/$entry"
  cmp -s <(gunzip -c <"$SCRATCH/b" 2>/dev/null) "x/$entry" && pass || fail "gzip /$entry differs"
done

# HEAD: headers only.
HEAD_SIZE=$(curl -s -I -o /dev/null -w '%{size_download}' "http://127.0.0.1:$PORT/index.html")
fetch -I /index.html
expect_eq "$CODE" 200 "HEAD"
expect_eq "$(header Content-Length)" "$(stat -c %s x/index.html)" "HEAD Content-Length"
expect_eq "$HEAD_SIZE" 0 "HEAD sent a body"

# Unknown paths 404; path tricks 400; other methods 405.
fetch /nope.html; expect_eq "$CODE" 404 "unknown"
fetch /favicon.ico; expect_eq "$CODE" 204 "favicon the bundle lacks"
fetch /vi/nope.html; expect_eq "$CODE" 404 "unknown in a folder"
for trick in "/../manifest.json" "/vi/../index.html" "/vi/%2e%2e/index.html" "/vi%2Findex.html" \
             "/vi%2findex.html" "/vi%5Cindex.html" '/vi\index.html' "/index.html%00.png" "//etc/passwd" \
             "/./index.html" "/vi//index.html" "/%0aindex.html" "/vi%u002findex.html" "/%u002e%u002e/index.html" \
             "/index.html%" "/index.html%2" "/%zzindex.html" "/%c0%afindex.html"; do
  fetch "$trick"
  expect_eq "$CODE" 400 "path trick $trick"
done
for method in POST PUT DELETE OPTIONS PATCH; do
  fetch -X "$method" /index.html
  expect_eq "$CODE" 405 "$method"
  expect_eq "$(header Allow)" "GET, HEAD" "Allow after $method"
done

# Keep-alive: 200 requests of a picture on one connection, quickly (heads and
# bodies are not held back waiting for the client's ACKs: TCP_NODELAY).
urls=()
for _ in $(seq 1 200); do urls+=(-o /dev/null "http://127.0.0.1:$PORT/media/$media"); done
start_ns=$(date +%s%N)
connects=$(curl -s -w '%{num_connects}\n' "${urls[@]}" | awk '{n += $1} END {print n}')
elapsed_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
expect_eq "$connects" 1 "200 requests on one connection"
[ "$elapsed_ms" -lt 3000 ] && pass || fail "200 keep-alive requests took $elapsed_ms ms"

# The request log: one escaped line per request on stderr.
expect_in "$(cat "$SCRATCH/serve.err")" "127.0.0.1 \"GET /index.html\" 200 $(stat -c %s x/index.html) "
expect_in "$(cat "$SCRATCH/serve.err")" "127.0.0.1 \"POST /index.html\" 405 "
# Raw bytes in a target: a right-to-left override and an escape sequence never
# reach the terminal as they are.
python3 "$HOCSO_SOURCE_DIR/tests/cli/serve_clients.py" raw "$PORT" \
  "$(printf 'GET /\xe2\x80\xae\x1b[31m.html HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n' | od -An -tx1 | tr -d ' \n')" >"$SCRATCH/raw.json"
python3 "$HOCSO_SOURCE_DIR/tests/cli/serve_clients.py" raw "$PORT" \
  "$(printf 'GET /\xe2\x80\xaeevil.html HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n' | od -An -tx1 | tr -d ' \n')" >"$SCRATCH/raw2.json"
expect_in "$(cat "$SCRATCH/raw2.json")" '"status": 400' "raw non-ASCII target"
sleep 0.2
expect_in "$(cat "$SCRATCH/serve.err")" '"GET /\xe2\x80\xaeevil.html" 400'
if LC_ALL=C grep -q $'\xe2\x80\xae\|\x1b' "$SCRATCH/serve.err"; then fail "raw bytes reached the log"; else pass; fi

# A port already in use: an environment error (exit 2), said plainly.
run timeout 10 "$HOCSO" serve "$bundle" --port "$PORT"
expect_status 2 "port in use"
expect_in "$ERR" "hocso serve: error: cannot listen on 127.0.0.1:$PORT"

# SIGTERM stops it cleanly, exit 0.
kill -TERM "$SERVER_PID"
set +e; wait "$SERVER_PID"; status=$?; set -e
SERVER_PID=""
expect_eq "$status" 0 "exit after SIGTERM"
expect_in "$(cat "$SCRATCH/serve.out")" "stopped"
expect_in "$(cat "$SCRATCH/serve.err")" "hocso serve: requests: "
expect_in "$(cat "$SCRATCH/serve.err")" " (200: "
expect_in "$(cat "$SCRATCH/serve.err")" ", 405: 5"

# --quiet: no line per request, the summary still.
start_server "$bundle" --quiet
fetch /index.html
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=""
expect_not_in "$(cat "$SCRATCH/serve.err")" '"GET /index.html"'
expect_in "$(cat "$SCRATCH/serve.err")" "hocso serve: requests: 1 (200: 1)"

# Without the cache of verified pages every identity answer is inflated from
# the zip as it is sent (and checked against its SHA-256 at the end).
start_server "$bundle" --cache-bytes 0
for entry in $(cd x && find . -type f \( -name '*.html' -o -name '*.json' \) | sed 's|^\./||' | head -20); do
  fetch "/$entry"
  cmp -s "$SCRATCH/b" "x/$entry" && pass || fail "streamed /$entry differs"
done
fetch -H "Range: bytes=100-1099" "/$lesson_json"
expect_eq "$CODE" 206 "streamed range"
cmp -s "$SCRATCH/b" <(tail -c +101 "x/$lesson_json" | head -c 1000) && pass || fail "streamed range differs"
stop_server

# The server reads the file it verified: a damaged file renamed over the bundle
# is refused (with its rule) and the verified one keeps serving; the bundle
# written in place gets 503 (never unverified bytes) while the server keeps
# running, until a verified file is moved in. (Under load: serve-switch.test.sh.)
wait_for_log() {  # TEXT: until the server's stderr holds it, 10 s at most
  for _ in $(seq 1 200); do grep -qF -- "$1" "$SCRATCH/serve.err" && return 0; sleep 0.05; done
  return 1
}
cp "$bundle" live.hocso
start_server live.hocso
cp "$bundle" next.hocso && printf 'junk' >>next.hocso && mv next.hocso live.hocso
wait_for_log "live.hocso: REFUSED: not switching to a bundle that fails verification; still serving live.hocso (pack hocso-co-ban version 1.1.0)" \
  && pass || fail "damaged file renamed over the bundle not refused: $(cat "$SCRATCH/serve.err")"
expect_in "$(cat "$SCRATCH/serve.err")" "live.hocso: error: " "the refusal's reasons"
fetch "/media/$media"
expect_eq "$CODE" 200 "after a rename over the bundle"
cmp -s "$SCRATCH/b" "x/media/$media" && pass || fail "after a rename: body differs"
stop_server
cp "$bundle" live.hocso
start_server live.hocso
printf 'junk' >>live.hocso
fetch "/media/$media"
expect_eq "$CODE" 503 "the bundle written in place"
expect_eq "$(header Retry-After)" 1 "503 says when to try again"
expect_in "$(cat "$SCRATCH/serve.err")" "live.hocso: the served file was written in place"
wait_for_log "live.hocso: REFUSED: not switching to a bundle that fails verification; answering 503 until a verified bundle is in place" \
  && pass || fail "the file written in place was not refused: $(cat "$SCRATCH/serve.err")"
fetch "/media/$media"
expect_eq "$CODE" 503 "still 503 while no verified bundle is in place"
cp "$bundle" next.hocso && mv next.hocso live.hocso
wait_for_log "switched to live.hocso: pack hocso-co-ban version 1.1.0 (verified)" && pass || fail "no switch: $(cat "$SCRATCH/serve.err")"
fetch "/media/$media"
expect_eq "$CODE" 200 "a verified file moved in after an in-place write"
cmp -s "$SCRATCH/b" "x/media/$media" && pass || fail "after the in-place write: body differs"
kill -0 "$SERVER_PID" 2>/dev/null && pass || fail "the server exited after an in-place write"
stop_server

# A tampered bundle: exit 1 with the reason, nothing listening.
cp "$bundle" tampered.hocso
python3 - tampered.hocso "x/media/$media" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
media = open(sys.argv[2], "rb").read()
chunk = media[len(media) // 2:len(media) // 2 + 32]
i = data.find(chunk)
assert i > 0, "media entry not stored verbatim"
data[i] ^= 0x01
open(sys.argv[1], "wb").write(data)
PY
run timeout 10 "$HOCSO" serve tampered.hocso --port 0
expect_status 1 "tampered bundle"
expect_in "$ERR" "tampered.hocso: REFUSED: not serving a bundle that fails verification"
expect_in "$ERR" "[entry-crc-mismatch]"
expect_not_in "$OUT" "serving"

# Wrong key: refused too.
make_test_key
run timeout 10 "$HOCSO" serve "$bundle" --port 0 --pubkey "$SCRATCH/keys/test.pub"
expect_status 1 "bundle signed by another key"
expect_in "$ERR" "REFUSED"

finish
