# hocso pull over HTTP from a real nginx (Debian's nginx-light, started here on
# 127.0.0.1 with a generated config): publish → pull → edit → publish → delta
# pull, with the bytes nginx sent counted from its access log; a server that
# ignores Range; a download cut in the middle that resumes; a bundle file longer than listed; an endless reply;
# an error page larger than a reader takes.
source "$(dirname "$0")/lib.sh"
umask 022
command -v nginx >/dev/null || { echo "nginx is missing: run build-tools/setup"; exit 1; }

keys=$SCRATCH/keys
mkdir -p "$keys"
for k in root chan; do "$HOCSO" keygen --out "$keys/$k" --unencrypted >/dev/null; done
ch=$SCRATCH/www/channel
mkdir -p "$SCRATCH/www"
"$HOCSO" channel init "$ch" --name bac-ninh --root-key "$keys/root.key" --channel-key "$keys/chan.pub" >/dev/null

# ---- nginx on a free port -------------------------------------------------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ng=$SCRATCH/nginx
mkdir -p "$ng"
cat > "$ng/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $ng/nginx.pid;
error_log $ng/error.log;
events { worker_connections 64; }
http {
  log_format counted '\$request_uri \$status \$bytes_sent';
  access_log $ng/access.log counted;
  client_body_temp_path $ng/tmp;
  server {
    listen 127.0.0.1:$port;
    root $SCRATCH/www;
    location /channel/ { }
    # The same files from a server that ignores Range, and one that is slow.
    location /norange/ { alias $SCRATCH/www/channel/; max_ranges 0; }
    location /slow/ { alias $SCRATCH/www/channel/; limit_rate 40k; }
    # A copy whose newest bundle file has 64 MiB more than channel.json lists, sent whole.
    location /padded/ { max_ranges 0; }
    # A reply that never ends: /endless/channel.json is a large file.
    location /endless/ { alias $SCRATCH/www/endless/; }
    # A host whose 404 page is larger than the 64 KiB a reader takes of an
    # error page (a CDN's branded page): for the channel and for an empty folder.
    location /bigerror/ { alias $SCRATCH/www/channel/; error_page 404 /big404.html; }
    location /bigerror-empty/ { alias $SCRATCH/www/empty/; error_page 404 /big404.html; }
    location = /big404.html { internal; }
  }
}
NGINX
# nginx's workers run as nobody when the test runs as root: the channel must be readable to all.
chmod 755 "$SCRATCH"
nginx -c "$ng/nginx.conf" -p "$ng" &
NGINX_PID=$!
trap 'kill $NGINX_PID 2>/dev/null; wait $NGINX_PID 2>/dev/null; rm -rf "$SCRATCH"' EXIT
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/channel/root.json" && break; sleep 0.1; done
url=http://127.0.0.1:$port/channel
# sent: bytes nginx sent for requests logged since the mark (mark_log before).
mark_log() { LOG_MARK=$(wc -l < "$ng/access.log"); }
sent() { tail -n +$((LOG_MARK + 1)) "$ng/access.log" | awk -v p="$1" '$1 ~ p { s += $3 } END { print s + 0 }'; }

# ---- publish v1, pull it ----------------------------------------------------------------
v1=$(build_sample_at src 1.0.0 "$keys/chan.key")
"$HOCSO" publish "$v1" --channel "$ch" --key "$keys/chan.key" >/dev/null
state=$SCRATCH/kiosk
installed=$state/installed/hocso-co-ban-phone.hocso
mark_log
run "$HOCSO" pull "$url" --into "$state" --trust "$keys/root.pub"
expect_status 0 "first pull over http"
cmp -s "$v1" "$installed" && pass || fail "installed v1 differs"
[ "$(sent /channel/bundles/)" -ge "$(stat -c %s "$v1")" ] && pass || fail "the first pull fetched less than the bundle"

# ---- edit one lesson, publish v2, delta pull ----------------------------------------------
echo "Bác nhớ hỏi lại người thân khi có nghi ngờ." >> "$SCRATCH/src/content/lessons/nhan-biet-lua-dao/lesson.md"
v2=$(build_sample_at src 1.0.1 "$keys/chan.key")
"$HOCSO" publish "$v2" --channel "$ch" --key "$keys/chan.key" >/dev/null
mark_log
run "$HOCSO" pull "$url" --into "$state" --format json
expect_status 0 "delta pull over http"
cmp -s "$v2" "$installed" && pass || fail "the rebuilt v2 is not byte-identical to the published one"
bundle_bytes=$(sent /channel/bundles/)
size=$(stat -c %s "$v2")
echo "delta pull: nginx sent $bundle_bytes bytes of the bundle (of $size), $(sent /channel/) in all"
[ "$bundle_bytes" -gt 0 ] && [ "$bundle_bytes" -lt $((size / 5)) ] && pass || fail "delta pull sent $bundle_bytes of $size bytes"
grep -q ' 206 ' <(tail -n +$((LOG_MARK + 1)) "$ng/access.log") && pass || fail "no Range request was answered 206"
reported=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["bundles"][0]["bytes_fetched"])' <<<"$OUT")
[ "$reported" -le "$bundle_bytes" ] && pass || fail "hocso reports $reported bytes, nginx sent $bundle_bytes"

# ---- channel status over http ------------------------------------------------------------
run "$HOCSO" channel status "$url"
expect_status 0 "status of the served channel"
expect_in "$OUT" "hocso-co-ban 1.0.1 (phone)"
expect_in "$OUT" "and 1 older bundle kept"
old_file=$(ls "$ch"/bundles/*-1.0.0-*)
mv "$old_file" "$SCRATCH/aside"
run "$HOCSO" channel status "$url"
expect_status 1 "status notices a bundle the server does not have"
expect_in "$ERR" "bundles/$(basename "$old_file"): missing"
mv "$SCRATCH/aside" "$old_file"

# ---- a server that ignores Range: a full download, still the exact bytes --------------------
state2=$SCRATCH/kiosk2
"$HOCSO" pull "$url" --into "$state2" --trust "$keys/root.pub" --format json > /dev/null  # v2 installed
echo "Thêm một dòng nữa." >> "$SCRATCH/src/content/lessons/nhan-biet-lua-dao/lesson.md"
v3=$(build_sample_at src 1.0.2 "$keys/chan.key")
"$HOCSO" publish "$v3" --channel "$ch" --key "$keys/chan.key" >/dev/null
mark_log
run "$HOCSO" pull "http://127.0.0.1:$port/norange" --into "$state2"
expect_status 0 "pull from a server without Range"
cmp -s "$v3" "$state2/installed/hocso-co-ban-phone.hocso" && pass || fail "full download differs"
expect_not_in "$OUT" "(only what changed)"

# ---- a server that sends more than the listed size: refused, having read little more -----------
mkdir -p "$SCRATCH/www/padded"
cp -R "$ch"/. "$SCRATCH/www/padded/"
chmod -R a+rX "$SCRATCH/www/padded"
head -c $((64 * 1024 * 1024)) /dev/zero >> "$(ls "$SCRATCH/www/padded"/bundles/*-1.0.2-*)"
mark_log
run "$HOCSO" pull "http://127.0.0.1:$port/padded" --into "$SCRATCH/kiosk-padded" --trust "$keys/root.pub"
expect_status 1 "pull from a server that sends more than the listed size"
expect_in "$ERR" "the server sent more than $(stat -c %s "$v3") bytes [channel-too-large]"
[ ! -e "$SCRATCH/kiosk-padded/installed/hocso-co-ban-phone.hocso" ] && pass || fail "an over-long download was installed"
padded_sent=$(sent /padded/bundles/)
[ "$padded_sent" -lt $(( $(stat -c %s "$v3") + 16 * 1024 * 1024 )) ] && pass \
  || fail "hocso kept reading past the listed size: nginx sent $padded_sent bytes"

# ---- a download cut in the middle resumes ---------------------------------------------
state3=$SCRATCH/kiosk3
"$HOCSO" pull "http://127.0.0.1:$port/slow" --into "$state3" --trust "$keys/root.pub" >/dev/null 2>&1 &
pull_pid=$!
partial=$state3/partial/$(sha256sum "$v3" | cut -c1-64).part
for _ in $(seq 1 100); do [ -s "$partial" ] && [ "$(stat -c %s "$partial")" -gt 50000 ] && break; sleep 0.1; done
kill -9 $pull_pid 2>/dev/null; wait $pull_pid 2>/dev/null || true
cut_at=$(stat -c %s "$partial" 2>/dev/null || echo 0)
[ "$cut_at" -gt 0 ] && [ "$cut_at" -lt "$(stat -c %s "$v3")" ] && pass || fail "no partial download to resume ($cut_at bytes)"
[ ! -e "$state3/installed/hocso-co-ban-phone.hocso" ] && pass || fail "a cut download was installed"
mark_log
run "$HOCSO" pull "$url" --into "$state3"
expect_status 0 "resumed pull"
cmp -s "$v3" "$state3/installed/hocso-co-ban-phone.hocso" && pass || fail "resumed download differs"
resumed=$(sent /channel/bundles/)
[ "$resumed" -lt $(( $(stat -c %s "$v3") - cut_at + 4096 )) ] && pass || fail "the resumed pull fetched $resumed bytes; $cut_at were already there"

# ---- endless data: a channel.json far over its cap is stopped, and HTML is refused ------------------
mkdir -p "$SCRATCH/www/endless/root"
cp "$ch"/root/*.json "$SCRATCH/www/endless/root/"
head -c $((8 * 1024 * 1024)) /dev/zero | tr '\0' ' ' > "$SCRATCH/www/endless/channel.json"
mark_log
run "$HOCSO" pull "http://127.0.0.1:$port/endless" --into "$SCRATCH/kiosk4" --trust "$keys/root.pub"
expect_status 1 "an 8 MiB channel.json"
expect_in "$ERR" "[channel-too-large]"
run "$HOCSO" pull "http://127.0.0.1:$port/missing" --into "$SCRATCH/kiosk5" --trust "$keys/root.pub"
expect_status 1 "a channel address that answers 404"
expect_in "$ERR" "[channel-unreachable]"
expect_in "$ERR" "HTTP 404"

# ---- an error page over 64 KiB: still reported by its status --------------------------------
mkdir -p "$SCRATCH/www/empty"
python3 -c 'print("<html><body>" + "<p>Không tìm thấy trang.</p>" * 8000 + "</body></html>")' > "$SCRATCH/www/big404.html"
[ "$(stat -c %s "$SCRATCH/www/big404.html")" -gt 200000 ] && pass || fail "the error page is not large"
mark_log
run "$HOCSO" pull "http://127.0.0.1:$port/bigerror-empty" --into "$SCRATCH/kiosk6" --trust "$keys/root.pub"
expect_status 1 "a channel address whose 404 page is 200 KB"
expect_in "$ERR" "root/1.json: HTTP 404: not a hocso channel"
expect_in "$ERR" "[channel-unreachable]"
expect_not_in "$ERR" "Failed writing"
grep -q '^/bigerror-empty/root/1.json 404 ' <(tail -n +$((LOG_MARK + 1)) "$ng/access.log") && pass || fail "nginx did not answer 404 with the large page"
old_file=$(ls "$ch"/bundles/*-1.0.1-*)
mv "$old_file" "$SCRATCH/aside"
run "$HOCSO" channel status "http://127.0.0.1:$port/bigerror"
expect_status 1 "status through a host with a large 404 page"
expect_in "$ERR" "bundles/$(basename "$old_file"): missing"
mv "$SCRATCH/aside" "$old_file"
finish
