# Every command has --help; usage errors exit 2 with a message; keys are minisign's.
source "$(dirname "$0")/lib.sh"
cd "$SCRATCH"

for cmd in build check verify inspect keygen "plugin list" handout preview; do
  run "$HOCSO" $cmd --help
  expect_status 0 "$cmd --help"
  expect_in "$OUT" "Usage:" "$cmd --help"
  expect_in "$OUT" "--format" "$cmd --help"
done
run "$HOCSO" --help
expect_status 0 "--help"
for cmd in build check verify inspect keygen plugin handout preview; do expect_in "$OUT" "$cmd" "hocso --help lists $cmd"; done

run "$HOCSO" frobnicate
expect_status 2 "unknown command"
run "$HOCSO" build --no-such-option
expect_status 2 "unknown option"
run "$HOCSO" verify x.hocso
expect_status 2 "verify without --pubkey"
expect_in "$ERR" "--pubkey is required"
run "$HOCSO" build --format yaml
expect_status 2 "bad --format"
run "$HOCSO" build
expect_status 2 "no pack here"
expect_in "$ERR" "no pack given and none found"
run "$HOCSO" build --format json
expect_status 2 "no pack here (json)"
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["ok"] is False and "no pack" in d["error"]' "$OUT" && pass || fail "json fatal error: $OUT"

# keygen: unencrypted, then encrypted with HOCSO_KEY_PASSWORD; never overwrites.
run "$HOCSO" keygen --out k1 --unencrypted
expect_status 0 "keygen --unencrypted"
expect_in "$(head -1 k1.pub)" "untrusted comment: minisign public key"
run "$HOCSO" keygen --out k1 --unencrypted
expect_status 2 "keygen refuses to overwrite"
expect_in "$ERR" "already exists"
run "$HOCSO" keygen --out k2 </dev/null
expect_status 2 "keygen without password source"
HOCSO_KEY_PASSWORD=correct-horse run "$HOCSO" keygen --out k2
expect_status 0 "keygen with password"

# Keys from the stock minisign sign hocso bundles, and minisign checks them.
copy_content w
cd w
minisign -G -W -p "$SCRATCH/mk.pub" -s "$SCRATCH/mk.key" >/dev/null 2>&1
run "$HOCSO" build --key "$SCRATCH/mk.key" --profile phone
expect_status 0 "build with a minisign -G -W key"
expect_not_in "$ERR" "development key"
run "$HOCSO" verify dist/hocso-co-ban-1.1.0-phone.hocso --pubkey "$SCRATCH/mk.pub"
expect_status 0 "verify with the minisign public key"
run "$HOCSO" verify dist/hocso-co-ban-1.1.0-phone.hocso --pubkey "$SCRATCH/k1.pub"
expect_status 1 "verify with the wrong key"
expect_in "$ERR" "REFUSED"
# Several trusted keys: any one that signed it is enough.
run "$HOCSO" verify dist/hocso-co-ban-1.1.0-phone.hocso --pubkey "$SCRATCH/k1.pub" --pubkey "$SCRATCH/mk.pub"
expect_status 0 "verify with two trusted keys"
# An encrypted hocso key, password from the environment.
HOCSO_KEY_PASSWORD=correct-horse run "$HOCSO" build --key "$SCRATCH/k2.key" --profile phone --out d2
expect_status 0 "build with an encrypted key"
HOCSO_KEY_PASSWORD=wrong run "$HOCSO" build --key "$SCRATCH/k2.key" --profile phone --out d3
expect_status 2 "wrong password"
[ ! -e d3/hocso-co-ban-1.1.0-phone.hocso ] && pass || fail "bundle written with a wrong password"
mkdir -p u && (cd u && unzip -q ../d2/hocso-co-ban-1.1.0-phone.hocso manifest.json manifest.json.minisig)
run minisign -Vm u/manifest.json -p "$SCRATCH/k2.pub"
expect_status 0 "stock minisign accepts the signature of an encrypted hocso key"
# A password-protected key made by the stock minisign (it reads the password from a pipe).
printf 'stock-pw\nstock-pw\n' | minisign -G -p "$SCRATCH/ek.pub" -s "$SCRATCH/ek.key" >/dev/null 2>&1
HOCSO_KEY_PASSWORD=stock-pw run "$HOCSO" build --key "$SCRATCH/ek.key" --profile phone --out d4
expect_status 0 "build with an encrypted minisign -G key"
run "$HOCSO" verify d4/hocso-co-ban-1.1.0-phone.hocso --pubkey "$SCRATCH/ek.pub"
expect_status 0 "verify with the encrypted minisign key's public key"
# Unknown profile is a usage error.
run "$HOCSO" build --profile tablet
expect_status 2 "unknown profile"
expect_in "$ERR" "has no profile 'tablet' (it has: kiosk, phone)"
finish
