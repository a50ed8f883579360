# The channel test vectors for other clients (tests/vectors/channel/README.md):
# `hocso pull` gives exactly the outcome expected.json lists for every step of
# every case (ok with the versions and the installed bundle's bytes, or the
# refusal's rule with nothing installed by that step), and the stock minisign
# accepts the vectors' signatures, so the vectors cannot drift from hocso.
source "$(dirname "$0")/lib.sh"

vectors=$HOCSO_SOURCE_DIR/tests/vectors/channel
[ -f "$vectors/expected.json" ] && pass || { fail "no $vectors/expected.json"; finish; }

# The vectors are read-only input: each case pulls from a copy.
cp -r "$vectors" "$SCRATCH/vectors"
cd "$SCRATCH/vectors"
cases=$(python3 -c 'import json; print(" ".join(c["name"] for c in json.load(open("expected.json"))["cases"]))')
[ "$(wc -w <<<"$cases")" -ge 8 ] && pass || fail "fewer cases than expected: $cases"

installed_files() {  # installed_files STATE: the installed bundles and their SHA-256, sorted
  if [ -d "$1/installed" ]; then (cd "$1" && find installed -type f -name '*.hocso' -exec sha256sum {} + | sort); fi
}

for case in $cases; do
  state=$SCRATCH/state-$case
  steps=$(python3 -c 'import json,sys; c=[c for c in json.load(open("expected.json"))["cases"] if c["name"]==sys.argv[1]][0]; print(len(c["steps"]))' "$case")
  for ((i = 0; i < steps; i++)); do
    source_dir=$(python3 -c 'import json,sys; c=[c for c in json.load(open("expected.json"))["cases"] if c["name"]==sys.argv[1]][0]; print(c["steps"][int(sys.argv[2])]["source"])' "$case" "$i")
    before=$(installed_files "$state")
    run "$HOCSO" pull "$source_dir" --into "$state" --trust keys/test-only-root-1.pub --format json
    verdict=$(python3 - "$case" "$i" "$STATUS" "$SCRATCH/.out" <<'PY'

import hashlib, json, sys
case, i, status, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
want = [c for c in json.load(open("expected.json"))["cases"] if c["name"] == case][0]["steps"][i]["outcome"]
got = json.load(open(out))
problems = []
if got["ok"] != want["ok"]:
    problems.append("ok is %s, expected %s (%s)" % (got["ok"], want["ok"], got.get("error", "")))
if want["ok"]:
    if status != 0: problems.append("exit %d" % status)
    for field in ("root_version", "channel_version"):
        if got[field] != want[field]: problems.append("%s %s, expected %s" % (field, got[field], want[field]))
    for b in want["installed"]:
        match = [g for g in got["bundles"] if g["pack"] == b["pack"] and g["profile"] == b["profile"]]
        if not match or match[0]["version"] != b["version"]:
            problems.append("%s %s not installed at %s" % (b["pack"], b["profile"], b["version"]))
        else:
            sha = hashlib.sha256(open(match[0]["file"], "rb").read()).hexdigest()
            if sha != b["sha256"]: problems.append("installed bytes %s, expected %s" % (sha, b["sha256"]))
else:
    if status != 1: problems.append("exit %d, expected 1" % status)
    if got.get("rule") != want["rule"]: problems.append("rule %s, expected %s" % (got.get("rule"), want["rule"]))
print("; ".join(problems) or "as expected")
PY
)
    [ "$verdict" = "as expected" ] && pass || fail "case $case, step $((i + 1)) ($source_dir): $verdict"
    if [ "$STATUS" != 0 ]; then
      after=$(installed_files "$state")
      [ "$before" = "$after" ] && pass || fail "case $case, step $((i + 1)): a refusal changed the installed bundles"
    fi
  done
done

# The vectors' signatures are minisign's: the stock tool checks the basic
# channel.json (its signed text and first signature) with the channel key,
# and refuses the wrong-signature case's edited document.
check_envelope() {  # check_envelope ENVELOPE PUBKEY: 0 when minisign accepts one of its signatures
  local n i
  n=$(python3 - "$1" "$SCRATCH/doc" <<'PY'
import json, sys
envelope = json.load(open(sys.argv[1]))
open(sys.argv[2], "w").write(envelope["signed"])
for i, signature in enumerate(envelope["signatures"]):
    open("%s.%d.minisig" % (sys.argv[2], i), "w").write(signature)
print(len(envelope["signatures"]))
PY
)
  for ((i = 0; i < n; i++)); do
    minisign -V -q -p "$2" -m "$SCRATCH/doc" -x "$SCRATCH/doc.$i.minisig" >/dev/null 2>&1 && return 0
  done
  return 1
}
check_envelope cases/basic/channel.json keys/test-only-channel-1.pub && pass || fail "minisign refuses basic/channel.json"
check_envelope cases/rotation/root/2.json keys/test-only-root-1.pub && pass || fail "minisign: root/2.json not signed by root-1"
check_envelope cases/rotation/root/2.json keys/test-only-root-2.pub && pass || fail "minisign: root/2.json not signed by root-2"
check_envelope cases/revoked-key/channel.json keys/test-only-channel-1.pub && pass || fail "minisign: revoked-key not signed by channel-1"
check_envelope cases/wrong-signature/channel.json keys/test-only-channel-1.pub \
  && fail "minisign accepts the wrong-signature case" || pass
# No large files: the vectors stay small enough to read and to commit.
big=$(find "$vectors" -type f -size +16k)
[ -z "$big" ] && pass || fail "files over 16 KiB in the vectors: $big"
finish
