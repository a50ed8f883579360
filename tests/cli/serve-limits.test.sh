# hocso serve under attack, on 127.0.0.1 and bounded in count and time (about
# 45 s): slow clients are cut off at the head timeout while others are served
# at once, huge heads are refused with memory staying low, connections over
# the per-client limit are refused while other clients are served, and a client
# that stops reading is cut off at the send timeout.
source "$(dirname "$0")/lib.sh"

copy_content work
cd "$SCRATCH/work"
"$HOCSO" build --profile kiosk >/dev/null 2>&1 || { echo "build failed"; exit 1; }
bundle=dist/hocso-co-ban-1.1.0-kiosk.hocso
clients="$HOCSO_SOURCE_DIR/tests/cli/serve_clients.py"

trap 'stop_server; rm -rf "$SCRATCH"' EXIT
expect_eq() { if [ "$1" = "$2" ]; then pass; else fail "$3: got '$1', expected '$2'"; fi; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
status_kib() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB$/\1/p" "/proc/$SERVER_PID/status"; }

# --- Slowloris: 200 connections sending one header byte a second for 20 s,
# reconnecting when cut off. The per-client limit is lifted here so that the
# head timeout (3 s) is what stops them.
start_server "$bundle" --header-timeout 3 --max-connections 400 --max-connections-per-client 400 --quiet
python3 "$clients" slowloris "$PORT" 200 20 >"$SCRATCH/slow.json" &
slow_pid=$!
sleep 1
worst=0
for _ in $(seq 1 30); do
  t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "http://127.0.0.1:$PORT/index.html")
  [ "${t%% *}" = 200 ] || fail "a normal request during the slowloris got ${t%% *}"
  worst=$(awk -v a="$worst" -v b="${t#* }" 'BEGIN{print (b > a) ? b : a}')
  sleep 0.5
done
wait "$slow_pid"
awk -v w="$worst" 'BEGIN{exit !(w < 0.1)}' && pass || fail "a normal request took ${worst}s during the slowloris (limit 0.1 s)"
cat "$SCRATCH/slow.json"
# Every slow connection lived about the head timeout: cut at 3 s, not before, not much after.
closed=$(json "$SCRATCH/slow.json" 'd["closed"]')
[ "$closed" -ge 800 ] && pass || fail "only $closed slow connections were cut off in 20 s (expected about 1,200)"
awk -v a="$(json "$SCRATCH/slow.json" 'd["min_life"]')" 'BEGIN{exit !(a >= 2.8)}' && pass || fail "a slow connection was cut before the head timeout: $(cat "$SCRATCH/slow.json")"
awk -v a="$(json "$SCRATCH/slow.json" 'd["max_life"]')" 'BEGIN{exit !(a < 4.5)}' && pass || fail "a slow connection outlived the head timeout: $(cat "$SCRATCH/slow.json")"
stop_server
expect_in "$(cat "$SCRATCH/serve.err")" "timed out: "

# --- Header bomb: 4 requests at once, each with 40 MiB of fields. Refused with
# 431 (or cut off), never read into memory.
start_server "$bundle"
curl -s -o /dev/null "http://127.0.0.1:$PORT/index.html"
rss_before=$(status_kib VmRSS)
python3 "$clients" headerbomb "$PORT" 4 40 >"$SCRATCH/bomb.json"
cat "$SCRATCH/bomb.json"
for i in 0 1 2 3; do
  st=$(json "$SCRATCH/bomb.json" "d['results'][$i]['status']")
  sent=$(json "$SCRATCH/bomb.json" "d['results'][$i]['sent']")
  if [ "$st" = 431 ] || [ "$sent" -lt $((40 << 20)) ]; then pass; else fail "header bomb $i: status $st after $sent bytes"; fi
done
expect_in "$(json "$SCRATCH/bomb.json" '[r["status"] for r in d["results"]]')" "431" "at least one bomb got 431"
rss_after=$(status_kib VmRSS)
hwm=$(status_kib VmHWM)
echo "memory: VmRSS $rss_before -> $rss_after kB, VmHWM $hwm kB"
# Under AddressSanitizer (build-asan/) shadow memory and the free quarantine
# add their own hundred-odd MiB: the bound that matters is the normal build's.
limit_mib=64
grep -q libasan <<<"$(ldd "$HOCSO" 2>/dev/null)" && limit_mib=256
[ "$hwm" -lt $((limit_mib * 1024)) ] && pass || fail "peak memory $hwm kB (limit $limit_mib MiB)"
[ "$rss_after" -lt $((rss_before + 8 * 1024)) ] && pass || fail "memory grew from $rss_before to $rss_after kB"
t=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/index.html")
expect_eq "$t" 200 "served after the header bomb"
expect_in "$(cat "$SCRATCH/serve.err")" '"- -" 431'
stop_server

# --- Connection limits: 4 per client. The fifth connection from 127.0.0.1 is
# refused (503 or closed) while 127.0.0.2 is served.
start_server "$bundle" --max-connections-per-client 4 --max-connections 6
python3 "$clients" hold "$PORT" 5 /index.html >"$SCRATCH/hold.json"
cat "$SCRATCH/hold.json"
expect_eq "$(json "$SCRATCH/hold.json" 'd["statuses"][:4]')" "[200, 200, 200, 200]" "four connections served"
expect_eq "$(json "$SCRATCH/hold.json" 'd["statuses"][4] in (503, None)')" True "fifth connection refused"
expect_eq "$(json "$SCRATCH/hold.json" 'd["other_client"]')" 200 "another client served meanwhile"
# With 127.0.0.2's connection gone: 4 held + 1 = 5 of 6; the extra from 127.0.0.1 is still over its own limit.
expect_eq "$(json "$SCRATCH/hold.json" 'd["extra"] in (503, None)')" True "still refused over the per-client limit"
expect_in "$(cat "$SCRATCH/serve.err")" "127.0.0.1 refused: too many connections"
# Total limit: 6 connections in all.
python3 - "$PORT" >"$SCRATCH/total.json" <<'PY'
import json, socket, sys, time
port = int(sys.argv[1])
held = []
for src in ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6", "127.0.0.7"]:
    s = socket.socket(); s.bind((src, 0)); s.connect(("127.0.0.1", port)); held.append(s)
time.sleep(0.3)
s = socket.socket(); s.bind(("127.0.0.8", 0)); s.connect(("127.0.0.1", port))
s.settimeout(3)
s.sendall(b"GET / HTTP/1.1\r\nHost: k\r\n\r\n")
try:
    data = s.recv(4096)
except OSError:
    data = b""
print(json.dumps({"seventh": data.split(b"\r\n")[0].decode()}))
PY
expect_in "$(cat "$SCRATCH/total.json")" "503 Service Unavailable" "seventh connection in all"
stop_server

# --- A client that asks and never reads: cut off once the answers stall for
# the send timeout (2 s here), while others are served.
start_server "$bundle" --send-timeout 2
media=$(unzip -Z1 "$bundle" | grep '^media/' | sed -n 1p)
python3 "$clients" stall "$PORT" "/$media" 5 >"$SCRATCH/stall.json" &
stall_pid=$!
sleep 1
expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/index.html")" 200 "served beside a stalled client"
wait "$stall_pid"
cat "$SCRATCH/stall.json"
expect_eq "$(json "$SCRATCH/stall.json" 'd["closed"]')" True "stalled connection closed"
expect_in "$(cat "$SCRATCH/serve.err")" "127.0.0.1 closed: the client stopped reading"
stop_server

finish
