# The reading side of an update channel from a folder (a mirror, a USB stick):
# first pull, delta pull, and every attack the channel format answers, each
# refused with its rule while the installed bundle stays as it was.
source "$(dirname "$0")/lib.sh"

keys=$SCRATCH/keys
mkdir -p "$keys"
for k in root chan chan2; do "$HOCSO" keygen --out "$keys/$k" --unencrypted >/dev/null; done
craft() { python3 "$HOCSO_SOURCE_DIR/tests/cli/craft_channel.py" "$@"; }


ch=$SCRATCH/channel
state=$SCRATCH/kiosk
installed=$state/installed/hocso-co-ban-phone.hocso
"$HOCSO" channel init "$ch" --name bac-ninh --root-key "$keys/root.key" --channel-key "$keys/chan.pub" >/dev/null
v1=$(build_sample_at src 1.0.0 "$keys/chan.key")
"$HOCSO" publish "$v1" --channel "$ch" --key "$keys/chan.key" >/dev/null

# ---- first pull ---------------------------------------------------------------------
run "$HOCSO" pull "$ch" --into "$state"
expect_status 2 "a first pull without --trust"
expect_in "$ERR" "--trust ROOT.pub"
run "$HOCSO" pull "$ch" --into "$state" --trust "$keys/chan.pub"
expect_status 1 "a key that is not a root key"
expect_in "$ERR" "[channel-signature]"
[ ! -e "$installed" ] && pass || fail "installed after a refusal"
run "$HOCSO" pull "$ch" --into "$state" --trust "$keys/root.pub"
expect_status 0 "first pull"
expect_in "$OUT" "installed hocso-co-ban 1.0.0 (phone)"
cmp -s "$v1" "$installed" && pass || fail "installed bundle differs from the published one"
run "$HOCSO" verify "$installed" --pubkey "$keys/chan.pub"
expect_status 0 "the installed bundle verifies"
run "$HOCSO" pull "$ch" --into "$state"
expect_status 0 "pull again"
expect_in "$OUT" "up to date: hocso-co-ban 1.0.0 (phone)"

# ---- a one-lesson edit: only what changed travels -------------------------------------------
cp "$installed" "$SCRATCH/installed.v1"
echo "Bác nhớ hỏi lại người thân khi có nghi ngờ." >> "$SCRATCH/src/content/lessons/nhan-biet-lua-dao/lesson.md"
v2=$(build_sample_at src 1.0.1 "$keys/chan.key")
"$HOCSO" publish "$v2" --channel "$ch" --key "$keys/chan.key" >/dev/null
cp "$ch/channel.json" "$SCRATCH/channel.v2"
run "$HOCSO" pull "$ch" --into "$state" --format json
expect_status 0 "delta pull"
cmp -s "$v2" "$installed" && pass || fail "the rebuilt bundle differs from the published one"
cmp -s "$SCRATCH/installed.v1" "$state/installed/hocso-co-ban-phone.previous.hocso" && pass || fail "the previous bundle was not kept"
fetched=$(python3 -c 'import json,sys; d=json.load(sys.stdin); b=d["bundles"][0]; print(b["bytes_fetched"], b["size"], b["delta"])' <<<"$OUT")
read -r got size delta <<<"$fetched"
[ "$delta" = True ] && pass || fail "not a delta: $OUT"
[ "$got" -lt $((size / 4)) ] && pass || fail "a one-lesson edit fetched $got of $size bytes"

# ---- attacks: each refused with its rule, the installed bundle untouched --------------------------
expect_kept() { cmp -s "$v2" "$installed" && pass || fail "$1: the installed bundle changed"; }
swap_channel() { cp "$1" "$ch/channel.json"; }

# pull_refused WHAT TEXT: the pull from $ch into $state fails (exit 1) saying TEXT.
pull_refused() {
  run "$HOCSO" pull "$ch" --into "$state"
  expect_status 1 "$1"
  expect_in "$ERR" "$2"
}

# An older channel.json replayed.
cp "$ch/channel.json" "$SCRATCH/channel.now"
"$HOCSO" publish --channel "$ch" --key "$keys/chan.key" --refresh >/dev/null
run "$HOCSO" pull "$ch" --into "$state"
expect_status 0 "pull of a refreshed channel"
swap_channel "$SCRATCH/channel.now"
pull_refused "replayed channel.json" "[channel-rollback]"
expect_kept rollback

# The same version number with other contents.
craft "$keys/chan.key" "$SCRATCH/channel.now" "$ch/channel.json" 'd["version"] += 1; d["expires"] = "2027-11-30T00:00:00Z"'
pull_refused "same version, other contents" "[channel-rollback]"
expect_in "$ERR" "with other contents"

# An expired channel; --offline skips only that.
craft "$keys/chan.key" "$SCRATCH/channel.now" "$ch/channel.json" 'd["version"] += 10; d["expires"] = "2026-01-01T00:00:00Z"; d["published"] = "2025-12-01T00:00:00Z"'
pull_refused "expired channel" "[channel-expired]"
run "$HOCSO" pull "$ch" --into "$state" --offline
expect_status 0 "--offline accepts an expired channel"
expect_in "$ERR" "--offline: the expiry"
expect_kept offline

# A time seen in a signed file counts even when the clock is behind (freeze);
# on a copy of the state, whose latest time then stays in the future.
cp -a "$state" "$SCRATCH/frozen"
craft "$keys/chan.key" "$SCRATCH/channel.now" "$ch/channel.json" 'd["version"] += 20; d["published"] = "2027-06-01T00:00:00Z"; d["expires"] = "2027-07-01T00:00:00Z"'
run "$HOCSO" pull "$ch" --into "$SCRATCH/frozen"
expect_status 0 "a channel published later than the clock says"
craft "$keys/chan.key" "$SCRATCH/channel.now" "$ch/channel.json" 'd["version"] += 21; d["expires"] = "2027-05-01T00:00:00Z"'
run "$HOCSO" pull "$ch" --into "$SCRATCH/frozen"
expect_status 1 "expired against the latest time seen, not the clock"
expect_in "$ERR" "[channel-expired]"
expect_in "$ERR" "now 2027-06-01T00:00:00Z"

# Not JSON (an error page), another channel, a signature by a key outside the role.
printf '<html><body>502 Bad Gateway</body></html>' > "$ch/channel.json"
pull_refused "an HTML page" "[channel-not-json]"
craft "$keys/chan.key" "$SCRATCH/channel.now" "$ch/channel.json" 'd["version"] += 30; d["channel"] = "ha-noi"'
pull_refused "another channel's document" "[channel-wrong-channel]"
craft "$keys/chan2.key" "$SCRATCH/channel.now" "$ch/channel.json" 'd["version"] += 30'
pull_refused "signed by a key the root does not list" "0 valid signatures of the trusted keys, 1 needed [channel-signature]"

# A listing whose bundle bytes differ; a size too large to fetch.
craft "$keys/chan.key" "$SCRATCH/channel.now" "$ch/channel.json" 'd["version"] += 40; d["bundles"][0]["version"] = "1.0.2"'
pull_refused "a listing that does not match its file name" "[channel-not-json]"
other=$(ls "$ch"/bundles/*1.0.0*)
craft "$keys/chan.key" "$SCRATCH/channel.now" "$ch/channel.json" "d['version'] += 41; b = d['bundles'][0]; b['size'] = $(stat -c %s "$other")"
cp "$other" "$ch/$(python3 -c 'import json,sys; print(json.loads(json.load(open(sys.argv[1]))["signed"])["bundles"][0]["file"])' "$ch/channel.json")"
pull_refused "bundle bytes that are not the listed ones" "[bundle-hash]"
expect_kept mix-and-match
cp "$v2" "$ch/$(python3 -c 'import json,sys; print(json.loads(json.load(open(sys.argv[1]))["signed"])["bundles"][0]["file"])' "$ch/channel.json")"
craft "$keys/chan.key" "$SCRATCH/channel.now" "$ch/channel.json" 'd["version"] += 42; d["bundles"][0]["size"] = 5 * 1000**3'
pull_refused "a 5 GB size claim" "[bundle-size]"
expect_kept size

# A channel entry that matches its file, for a bundle signed by a key the root
# does not name for bundles (the channel key's holder went rogue, or a mix-up).
"$HOCSO" keygen --out "$keys/rogue" --unencrypted >/dev/null
rogue=$(build_sample_at rogue 1.0.3 "$keys/rogue.key")
python3 - "$rogue" "$SCRATCH/rogue.py" <<'PY'
import hashlib, subprocess, sys
bundle = open(sys.argv[1], "rb").read()
manifest = subprocess.run(["unzip", "-p", sys.argv[1], "manifest.json"], capture_output=True, check=True).stdout
sha = hashlib.sha256(bundle).hexdigest()
open(sys.argv[2], "w").write(
    'b = d["bundles"][0]; d["version"] += 50; b["version"] = "1.0.3"; b["size"] = %d; b["sha256"] = "%s"; '
    'b["manifest_sha256"] = "%s"; b["file"] = "bundles/hocso-co-ban-1.0.3-phone.%s.hocso"'
    % (len(bundle), sha, hashlib.sha256(manifest).hexdigest(), sha[:16]))
PY
cp "$rogue" "$ch/bundles/hocso-co-ban-1.0.3-phone.$(sha256sum "$rogue" | cut -c1-16).hocso"
craft "$keys/chan.key" "$SCRATCH/channel.now" "$ch/channel.json" "$(cat "$SCRATCH/rogue.py")"
pull_refused "a listed bundle signed by a key that is not a bundle key" "[bundle-verify]"
expect_kept rogue-bundle
[ -z "$(ls -A "$state/partial")" ] && pass || fail "refusals left partial files: $(ls -A "$state/partial")"
[ "$(ls "$state" | tr "\n" " ")" = "channel.json installed partial root.json state.json " ] && pass || fail "pull wrote outside its layout: $(ls "$state")"

# ---- rotation: a client that trusts only the first root follows the chain ------------------
# chan stops signing channel.json but still signs bundles (the published ones are its).
"$HOCSO" channel rotate "$ch" --sign "$keys/root.key" --remove "$keys/chan.pub" --add-channel "$keys/chan2.pub" --add-bundle-key "$keys/chan.pub" >/dev/null
cp "$SCRATCH/channel.v2" "$SCRATCH/c2" # a listing the new key signs
craft "$keys/chan2.key" "$SCRATCH/c2" "$ch/channel.json" 'd["version"] += 100; d["root_version"] = 2'
fresh=$SCRATCH/phone
run "$HOCSO" pull "$ch" --into "$fresh" --trust "$keys/root.pub"
expect_status 0 "a new client follows the root chain"
expect_in "$ERR" "trusting root version 2"
cmp -s "$v2" "$fresh/installed/hocso-co-ban-phone.hocso" && pass || fail "the new client's bundle"
# The revoked key signs a newer channel.json: refused by the client that rotated along.
craft "$keys/chan.key" "$SCRATCH/c2" "$ch/channel.json" 'd["version"] += 200'
run "$HOCSO" pull "$ch" --into "$fresh"
expect_status 1 "a channel.json signed by the revoked key"
expect_in "$ERR" "[channel-signature]"
# A root file that the old root keys did not sign breaks the chain.
"$HOCSO" keygen --out "$keys/evil" --unencrypted >/dev/null
rm -rf "$SCRATCH/evil" && "$HOCSO" channel init "$SCRATCH/evil" --name bac-ninh --root-key "$keys/evil.key" --channel-key "$keys/evil.pub" >/dev/null
# A root of the same channel name by a stranger's key, offered as version 3.
python3 - "$SCRATCH/evil/root.json" "$ch/root/3.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
d = json.loads(e["signed"]); d["version"] = 3
json.dump({"signed": json.dumps(d, separators=(",", ":")), "signatures": e["signatures"]}, open(sys.argv[2], "w"))
PY
run "$HOCSO" pull "$ch" --into "$fresh"
expect_status 1 "a root not signed by the old root keys"
expect_in "$ERR" "[channel-root-chain]"
rm "$ch/root/3.json"
finish
