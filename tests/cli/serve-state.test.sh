# hocso serve --state: a kiosk serves what hocso pull installed, with the keys
# its channel's root names, and switches when a pull installs a newer bundle:
# under load (wrk, 50 keep-alive connections) zero failed or non-2xx answers,
# the old bundle's page before and the new one's after. --follow pulls by itself.
source "$(dirname "$0")/lib.sh"
command -v wrk >/dev/null || { echo "wrk is not installed (build-tools/packages.txt)"; exit 1; }

keys=$SCRATCH/keys
mkdir -p "$keys"
for k in root chan; do "$HOCSO" keygen --out "$keys/$k" --unencrypted >/dev/null; done
copy_content src
page=/vi/cai-dat-vneid.html
old_text="Bài này chỉ cách cài VNeID"
new_text="Bản cập nhật: bài này chỉ cách cài VNeID"
ch=$SCRATCH/channel
state=$SCRATCH/kiosk
"$HOCSO" channel init "$ch" --name bac-ninh --root-key "$keys/root.key" --channel-key "$keys/chan.pub" >/dev/null
"$HOCSO" publish "$(build_sample_at src 1.0.0 "$keys/chan.key")" --channel "$ch" --key "$keys/chan.key" >/dev/null
"$HOCSO" pull "$ch" --into "$state" --trust "$keys/root.pub" >/dev/null 2>&1
sed -i "s/^$old_text/$new_text/" "$SCRATCH/src/content/lessons/cai-dat-vneid/lesson.md"
v2=$(build_sample_at src 1.0.1 "$keys/chan.key")

run "$HOCSO" serve --state "$SCRATCH/empty" --port 0
expect_status 2 "serve --state of a folder nothing was pulled into"
expect_in "$ERR" "no installed bundle"
run "$HOCSO" serve "$v2" --state "$state" --port 0
expect_status 2 "a bundle and --state"

trap 'stop_server; rm -rf "$SCRATCH"' EXIT
page_text() { curl -s "http://127.0.0.1:$PORT$page"; }
wait_for_log() {
  for _ in $(seq 1 200); do grep -qF -- "$1" "$SCRATCH/serve.err" && return 0; sleep 0.05; done
  return 1
}
start_server --state "$state" --max-connections-per-client 200
expect_in "$(cat "$SCRATCH/serve.out")" "serving" "serve --state started"
expect_in "$(page_text)" "$old_text" "v1's page before the pull"

# Publish v2 and pull it while wrk loads the server.
"$HOCSO" publish "$v2" --channel "$ch" --key "$keys/chan.key" >/dev/null
paths=(/ /vi/ "$page" /vi/cai-dat-vneid.json /assets/hocso.css)
wrk -t2 -c50 -d4s -s "$HOCSO_SOURCE_DIR/tests/cli/serve_load.lua" "http://127.0.0.1:$PORT" -- "${paths[@]}" >"$SCRATCH/wrk.out" 2>&1 &
wrk_pid=$!
sleep 1
run "$HOCSO" pull "$ch" --into "$state"
expect_status 0 "pull during the load"
wait_for_log "pack hocso-co-ban version 1.0.1 (verified)" && pass || fail "no switch logged: $(cat "$SCRATCH/serve.err")"
expect_in "$(page_text)" "$new_text" "v2's page after the pull"
wait "$wrk_pid" || fail "wrk failed: $(cat "$SCRATCH/wrk.out")"
statuses=$(sed -n 's/^status \([0-9]*\) \([0-9]*\)$/\1/p' "$SCRATCH/wrk.out" | sort -u | tr '\n' ' ')
[ "$statuses" = "200 " ] && pass || fail "statuses under load: $(cat "$SCRATCH/wrk.out")"
expect_in "$(cat "$SCRATCH/wrk.out")" "errors connect 0 read 0 write 0 timeout 0 status 0" "socket errors under load"
stop_server

# --follow: a fresh kiosk state, the channel pulled before serving and again later.
fresh=$SCRATCH/fresh
"$HOCSO" pull "$ch" --into "$fresh" --trust "$keys/root.pub" >/dev/null 2>&1
cp "$SCRATCH/kiosk/installed/hocso-co-ban-phone.previous.hocso" "$SCRATCH/v1.hocso"
start_server --state "$fresh" --follow "$ch" --every 1s
expect_in "$(page_text)" "$new_text" "--follow serves the pulled bundle"
sed -i "s/^$new_text/Bản thứ ba: bài này chỉ cách cài VNeID/" "$SCRATCH/src/content/lessons/cai-dat-vneid/lesson.md"
"$HOCSO" publish "$(build_sample_at src 1.0.2 "$keys/chan.key")" --channel "$ch" --key "$keys/chan.key" >/dev/null
wait_for_log "pack hocso-co-ban version 1.0.2 (verified)" && pass || fail "--follow did not switch: $(cat "$SCRATCH/serve.err")"
expect_in "$(page_text)" "Bản thứ ba" "the third version after --follow pulled it"
finish
