# The writing side of an update channel (docs/channel-format.md): channel init,
# publish, status (with what a client would do) and rotate. What is written is checked with the stock minisign
# and against what the spec says; refusals leave the channel as it was.
source "$(dirname "$0")/lib.sh"

keys=$SCRATCH/keys
mkdir -p "$keys"
for k in root chan chan2 other; do "$HOCSO" keygen --out "$keys/$k" --unencrypted >/dev/null; done

# envelope_part FILE signed|0|1: the signed text, or signature N, of a signed envelope.
envelope_part() {
  python3 - "$@" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
sys.stdout.write(e["signed"] if sys.argv[2] == "signed" else e["signatures"][int(sys.argv[2])])
PY
}
# minisign_check FILE PUB: the stock minisign verifies the envelope's first signature.
minisign_check() {
  envelope_part "$1" signed > "$SCRATCH/doc"
  envelope_part "$1" 0 > "$SCRATCH/doc.minisig"
  minisign -Vm "$SCRATCH/doc" -x "$SCRATCH/doc.minisig" -p "$2"
}
json_field() { python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).read()); print(eval("d"+sys.argv[2]))' "$@"; }


ch=$SCRATCH/channel
# ---- init ----------------------------------------------------------------------
run "$HOCSO" channel init "$ch" --name bac-ninh --root-key "$keys/root.key" --channel-key "$keys/chan.pub"
expect_status 0 "channel init"
expect_in "$OUT" "created channel bac-ninh"
[ -f "$ch/root/1.json" ] && cmp -s "$ch/root/1.json" "$ch/root.json" && pass || fail "root/1.json and root.json"
run minisign_check "$ch/root.json" "$keys/root.pub"
expect_status 0 "stock minisign verifies root.json with the root key"
root_doc=$(envelope_part "$ch/root.json" signed)
expect_in "$root_doc" '"format":"hocso-root/1","channel":"bac-ninh","version":1'
root_comment=$(envelope_part "$ch/root.json" 0 | sed -n 's/^trusted comment: //p')
expect_in "$root_comment" "hocso-root/1 channel=bac-ninh version=1 sha256=$(printf '%s' "$root_doc" | sha256sum | cut -c1-64)"
chan_id=$(sed -n '1s/.* //p' "$keys/chan.pub")  # hocso keygen writes the 16-digit id
expect_in "$root_doc" "\"channel\":{\"keys\":[\"$chan_id\"],\"threshold\":1}" "the channel role holds chan.pub's id"
expect_in "$root_doc" "\"bundles\":{\"keys\":[\"$chan_id\"],\"threshold\":1}" "bundle keys default to the channel keys"

run "$HOCSO" channel init "$ch" --root-key "$keys/root.key" --channel-key "$keys/chan.pub"
expect_status 2 "init into a channel that exists"
expect_in "$ERR" "not empty"
run "$HOCSO" channel init "$SCRATCH/x" --root-key "$keys/root.pub" --channel-key "$keys/chan.pub"
expect_status 2 "a public key cannot sign the root"
[ ! -e "$SCRATCH/x" ] && pass || fail "a refused init left a folder"

run "$HOCSO" channel status "$ch"
expect_status 1 "status of a channel with nothing published"
expect_in "$OUT" "nothing published yet"

# ---- publish v1 ------------------------------------------------------------------
v1=$(build_sample_at a 1.0.0 "$keys/chan.key")
sha1=$(sha256sum "$v1" | cut -c1-64)
run "$HOCSO" publish "$v1" --channel "$ch" --key "$keys/chan.key"
expect_status 0 "publish v1"
file1="bundles/hocso-co-ban-1.0.0-phone.${sha1:0:16}.hocso"
expect_in "$OUT" "published hocso-co-ban 1.0.0 (phone) as $file1"
cmp -s "$v1" "$ch/$file1" && pass || fail "the published bundle differs from the built one"
run minisign_check "$ch/channel.json" "$keys/chan.pub"
expect_status 0 "stock minisign verifies channel.json with the channel key"
doc=$(envelope_part "$ch/channel.json" signed)
expect_in "$doc" '"format":"hocso-channel/1","channel":"bac-ninh","version":1,"root_version":1'
expect_in "$doc" "{\"pack\":\"hocso-co-ban\",\"profile\":\"phone\",\"version\":\"1.0.0\",\"file\":\"$file1\",\"size\":$(stat -c %s "$v1"),\"sha256\":\"$sha1\""
manifest_sha=$(unzip -p "$v1" manifest.json | sha256sum | cut -c1-64)
expect_in "$doc" "\"manifest_sha256\":\"$manifest_sha\""
[ -z "$(ls -A "$ch/bundles" | grep -v '\.hocso$')" ] && pass || fail "left-overs in bundles/: $(ls -A "$ch/bundles")"

# The same again: nothing changes, not even channel.json's bytes.
cp "$ch/channel.json" "$SCRATCH/channel.v1"
run "$HOCSO" publish "$v1" --channel "$ch" --key "$keys/chan.key"
expect_status 0 "publish v1 again"
expect_in "$OUT" "nothing changed: channel.json stays version 1"
cmp -s "$ch/channel.json" "$SCRATCH/channel.v1" && pass || fail "re-running publish changed channel.json"

# ---- refusals: nothing changes ---------------------------------------------------
# The same version with other bytes.
echo "Thêm một dòng." >> "$SCRATCH/a/content/lessons/cai-dat-vneid/lesson.md"
v1b=$(build_sample_at a 1.0.0 "$keys/chan.key")
run "$HOCSO" publish "$v1b" --channel "$ch" --key "$keys/chan.key"
expect_status 1 "same version, other bytes"
expect_in "$ERR" "[bundle-version-reused]"
expect_in "$ERR" "raise the pack's version"
cmp -s "$ch/channel.json" "$SCRATCH/channel.v1" && pass || fail "a refused publish changed channel.json"
[ "$(ls -A "$ch/bundles")" = "$(basename "$file1")" ] && pass || fail "a refused publish left files: $(ls -A "$ch/bundles")"

# A bundle signed by a key the channel does not trust for bundles.
vo=$(build_sample_at o 1.0.1 "$keys/other.key")
run "$HOCSO" publish "$vo" --channel "$ch" --key "$keys/chan.key"
expect_status 1 "a bundle signed with another key"
expect_in "$ERR" "[bundle-verify]"
cmp -s "$ch/channel.json" "$SCRATCH/channel.v1" && pass || fail "channel.json changed"

# Signing channel.json with a key that is not a channel key.
v2=$(build_sample_at a 1.0.1 "$keys/chan.key")
run "$HOCSO" publish "$v2" --channel "$ch" --key "$keys/other.key"
expect_status 2 "publish with a key outside the channel role"
expect_in "$ERR" "channel.json needs 1 key of its role, 0 given"
cmp -s "$ch/channel.json" "$SCRATCH/channel.v1" && pass || fail "channel.json changed"

# ---- publish v2, then a downgrade ---------------------------------------------------
run "$HOCSO" publish "$v2" --channel "$ch" --key "$keys/chan.key" --expires 7d
expect_status 0 "publish v2"
doc=$(envelope_part "$ch/channel.json" signed)
expect_in "$doc" '"version":2,'
expect_in "$doc" "\"previous\":[{\"pack\":\"hocso-co-ban\",\"profile\":\"phone\",\"version\":\"1.0.0\",\"file\":\"$file1\""
published=$(json_field <(echo "$doc") '["published"]'); expires=$(json_field <(echo "$doc") '["expires"]')
[ $(( $(date -ud "$expires" +%s) - $(date -ud "$published" +%s) )) -eq $((7 * 86400)) ] && pass || fail "--expires 7d: $published → $expires"
cp "$ch/channel.json" "$SCRATCH/channel.v2"
run "$HOCSO" publish "$v1" --channel "$ch" --key "$keys/chan.key"
expect_status 1 "a lower pack version"
expect_in "$ERR" "version 1.0.0 is lower than the published 1.0.1 (profile phone) [bundle-downgrade]"
cmp -s "$ch/channel.json" "$SCRATCH/channel.v2" && pass || fail "channel.json changed"

# ---- status ------------------------------------------------------------------------
run "$HOCSO" channel status "$ch"
expect_status 0 "status"
expect_in "$OUT" "channel version 2"
expect_in "$OUT" "hocso-co-ban 1.0.1 (phone)"
expect_in "$OUT" "and 1 older bundle kept"
run "$HOCSO" channel status "$ch" --format json
expect_in "$OUT" '"ok": true'

# ---- status: what a client would do ----------------------------------------------------
size2=$(stat -c %s "$v2")
run "$HOCSO" channel status "$ch"
expect_in "$OUT" "a new client would:
  install hocso-co-ban (phone) 1.0.1: $size2 bytes in full"
run "$HOCSO" channel status "$ch" --installed 1.0.0
expect_status 0 "status for a client with 1.0.0"
expect_in "$OUT" "a client with 1.0.0 installed would:
  update hocso-co-ban (phone) 1.0.0 -> 1.0.1: $size2 bytes in full"
run "$HOCSO" channel status "$ch" --installed 1.0.1
expect_status 0 "status for an up-to-date client"
expect_in "$OUT" "  keep hocso-co-ban 1.0.1 (phone): up to date"
run "$HOCSO" channel status "$ch" --installed 2.0.0 --format json
expect_status 1 "status for a client with a newer pack"
[ "$(json_field <(echo "$OUT") '["client"]["bundles"][0]["refusal"]["rule"]')" = bundle-downgrade ] && pass || fail "no bundle-downgrade: $OUT"
run "$HOCSO" channel status "$ch" --installed 1.0.0 --state "$SCRATCH/x"
expect_status 2 "--installed and --state together"

# A kiosk that pulled version 1: an update, with the delta a pull would fetch.
ch1=$SCRATCH/channel-at-v1
cp -r "$ch" "$ch1" && cp "$SCRATCH/channel.v1" "$ch1/channel.json"
kiosk=$SCRATCH/kiosk
"$HOCSO" pull "$ch1" --into "$kiosk" --trust "$keys/root.pub" >/dev/null 2>&1
run "$HOCSO" channel status "$ch" --state "$kiosk" --format json
expect_status 0 "status for the kiosk's state"
read -r action installed_version full delta <<<"$(python3 -c 'import json,sys; b=json.load(sys.stdin)["client"]["bundles"][0]; print(b["action"], b["installed_version"], b["full_bytes"], b["delta_bytes"])' <<<"$OUT")"
[ "$action $installed_version $full" = "update 1.0.0 $size2" ] && pass || fail "the kiosk's forecast: $OUT"
[ "$delta" -gt 0 ] && [ "$delta" -lt $((size2 / 4)) ] && pass || fail "delta estimate $delta of $size2"
run "$HOCSO" channel status "$ch" --state "$kiosk"
expect_in "$OUT" "a client with state $kiosk would:
  update hocso-co-ban (phone) 1.0.0 -> 1.0.1: $size2 bytes in full, or about $delta bytes as a delta ("
run "$HOCSO" pull "$ch" --into "$kiosk" --format json
fetched=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["bundles"][0]["bytes_fetched"])' <<<"$OUT")
echo "channel status estimated a delta of $delta bytes; the pull fetched $fetched (of $size2)"
[ "$fetched" -lt $((delta * 2 + 65536)) ] && pass || fail "the pull fetched $fetched bytes, the estimate was $delta"
# The kiosk has now seen version 2: the channel at version 1 is a rollback.
run "$HOCSO" channel status "$ch1" --state "$kiosk"
expect_status 1 "status of an older channel for the kiosk"
expect_in "$OUT" "a client with state $kiosk would refuse this channel: channel.json is version 1, the state has seen version 2 [channel-rollback]"
# An expired channel.json (validly signed) and a missing bundle.
che=$SCRATCH/channel-expired
cp -r "$ch" "$che"
python3 "$HOCSO_SOURCE_DIR/tests/cli/craft_channel.py" "$keys/chan.key" "$ch/channel.json" "$che/channel.json" \
  'd["published"] = "2020-01-01T00:00:00Z"; d["expires"] = "2020-01-31T00:00:00Z"'
run "$HOCSO" channel status "$che" --format json
expect_status 1 "status of an expired channel"
[ "$(json_field <(echo "$OUT") '["client"]["refusal"]["rule"]')" = channel-expired ] && pass || fail "no channel-expired: $OUT"
chm=$SCRATCH/channel-missing
cp -r "$ch" "$chm"
file2=$(cd "$chm" && ls bundles/*-1.0.1-*)
rm "$chm/$file2"
run "$HOCSO" channel status "$chm" --installed 1.0.0
expect_status 1 "status with the current bundle missing"
expect_in "$OUT" "  refuse hocso-co-ban 1.0.1 (phone): $file2: missing [channel-unreachable]"

printf 'x' >> "$ch/$file1"
run "$HOCSO" channel status "$ch"
expect_status 1 "status finds a damaged bundle file"
expect_in "$ERR" "$file1: its size or SHA-256 differs from channel.json"

# ---- keep ---------------------------------------------------------------------------
run "$HOCSO" publish --channel "$ch" --key "$keys/chan.key" --keep 0
expect_status 0 "prune"
expect_in "$OUT" "removed $file1 (no longer kept)"
[ ! -e "$ch/$file1" ] && pass || fail "the pruned file is still there"
expect_in "$(envelope_part "$ch/channel.json" signed)" '"version":3,'
expect_in "$(envelope_part "$ch/channel.json" signed)" '"previous":[]'

# ---- rotate: chan is replaced by chan2 ------------------------------------------------
run "$HOCSO" channel rotate "$ch" --sign "$keys/root.key" --add-channel "$keys/chan2.pub" --add-bundle-key "$keys/chan2.pub" --remove "$keys/chan.pub"
expect_status 0 "rotate"
expect_in "$OUT" "wrote root version 2"
[ -f "$ch/root/2.json" ] && cmp -s "$ch/root/2.json" "$ch/root.json" && pass || fail "root/2.json"
run minisign_check "$ch/root/2.json" "$keys/root.pub"
expect_status 0 "root/2.json signed by the root key"
expect_not_in "$(envelope_part "$ch/root/2.json" signed)" "$chan_id" "the revoked key is gone from every role"
run "$HOCSO" channel status "$ch"
expect_status 0 "status just after the rotation (channel.json still by the old channel key)"
run "$HOCSO" publish "$v2" --channel "$ch" --key "$keys/chan.key" --refresh
expect_status 2 "the revoked key cannot publish"
run "$HOCSO" publish --channel "$ch" --key "$keys/chan2.key" --refresh
expect_status 0 "the new channel key publishes"
run minisign_check "$ch/channel.json" "$keys/chan2.pub"
expect_status 0 "channel.json now signed by chan2"
expect_in "$(envelope_part "$ch/channel.json" signed)" '"version":4,"root_version":2'
finish
