# hocso build on the sample content: bundles per profile that verify with hocso
# and with the stock minisign, and pages that say what the lessons say.
source "$(dirname "$0")/lib.sh"

copy_content work
cd "$SCRATCH/work"
run "$HOCSO" build
expect_status 0 "build of the sample content"
expect_in "$OUT" "wrote dist/hocso-co-ban-1.1.0-kiosk.hocso"
expect_in "$OUT" "wrote dist/hocso-co-ban-1.1.0-phone.hocso"
expect_in "$ERR" "note: signing with the development key"
expect_in "$ERR" "(created now)"
[ -f .hocso/dev.key ] && [ -f .hocso/dev.pub ] && pass || fail "development key pair not created"
[ "$(stat -c %a .hocso/dev.key)" = 600 ] && pass || fail "dev.key is not mode 600"
expect_in "$OUT" "verify with: hocso verify dist/hocso-co-ban-1.1.0-kiosk.hocso --pubkey"

# A second build reuses the development key and says nothing about creating it.
run "$HOCSO" build --profile phone
expect_status 0 "second build"
expect_not_in "$ERR" "(created now)"

for profile in kiosk phone; do
  bundle=dist/hocso-co-ban-1.1.0-$profile.hocso
  run "$HOCSO" verify "$bundle" --pubkey .hocso/dev.pub
  expect_status 0 "verify $profile"
  expect_in "$OUT" "$bundle: OK: pack hocso-co-ban 1.1.0, profile $profile"
done

bundle=dist/hocso-co-ban-1.1.0-kiosk.hocso
# The stock tools read it: unzip tests the archive, minisign checks the signature.
run unzip -tq "$bundle"
expect_status 0 "unzip -t"
mkdir x && (cd x && unzip -q "../$bundle")
run minisign -Vm x/manifest.json -p .hocso/dev.pub
expect_status 0 "stock minisign verifies manifest.json"
expect_in "$OUT$ERR" "Trusted comment: hocso-bundle/1 pack=hocso-co-ban version=1.1.0 manifest-sha256=$(sha256sum x/manifest.json | cut -d' ' -f1)"

# The manifest lists every other entry with its size and hash.
python3 - "$SCRATCH/work/x" content/packs/hocso-co-ban.yaml <<'PY' && pass || fail "manifest does not match the files"
import hashlib, json, os, re, sys
root = sys.argv[1]
# The pack's lessons in its order, read from the pack file (one "  - id" line each).
pack_text = open(sys.argv[2], encoding="utf-8").read()
pack_lessons = re.findall(r"^  - ([a-z0-9-]+)$", pack_text.split("\nlessons:\n", 1)[1].split("\nprofiles:", 1)[0], re.M)
assert pack_lessons[:3] == ["cai-dat-vneid", "tai-khoan-muc-2", "nhan-biet-lua-dao"], pack_lessons
m = json.load(open(os.path.join(root, "manifest.json")))
assert m["format"] == "hocso-bundle/1", m["format"]
assert m["pack"]["id"] == "hocso-co-ban" and m["profile"] == "kiosk"
listed = {e["path"]: e for e in m["entries"]}
files = set()
for d, _, fs in os.walk(root):
    for f in fs:
        files.add(os.path.relpath(os.path.join(d, f), root))
assert files - {"manifest.json", "manifest.json.minisig"} == set(listed), (files, set(listed))
for p, e in listed.items():
    data = open(os.path.join(root, p), "rb").read()
    assert len(data) == e["size"] and hashlib.sha256(data).hexdigest() == e["sha256"], p
assert [l["id"] for l in m["lessons"]] == pack_lessons, ([l["id"] for l in m["lessons"]], pack_lessons)
PY

# Pages: the lesson's title and steps, images from media/, links between lessons.
page=x/vi/cai-dat-vneid.html
expect_in "$(cat $page)" '<html lang="vi">'
expect_in "$(cat $page)" "<h1>Cài đặt và kích hoạt VNeID</h1>"
expect_in "$(cat $page)" 'Tải VNeID từ CH Play hoặc App Store</h2>'
expect_in "$(cat $page)" 'src="../media/'
expect_in "$(cat x/vi/nhan-biet-lua-dao.html)" 'href="cai-dat-vneid.html"'
# The only scripts are the viewer's own files: nothing inline, no event-handler attributes.
expect_not_in "$(cat x/vi/*.html x/index.html | grep '<script' | grep -vE '^<script src="(\.\./)?assets/(hocso|search-index)\.js" defer></script>$')" "<script" "inline or foreign script"
expect_not_in "$(cat x/vi/*.html x/index.html | grep -iE '<[^>]* on[a-z]+=')" "on" "event-handler attribute"
expect_in "$(cat x/index.html)" '<script src="assets/hocso.js" defer></script>'
expect_in "$(cat $page)" '<script src="../assets/hocso.js" defer></script>'
[ -f x/assets/hocso.js ] && pass || fail "assets/hocso.js missing"
# The language chooser shows coverage; the lesson list is grouped by level with prerequisites.
expect_in "$(cat x/index.html)" '<li><a href="vi/index.html" lang="vi" hreflang="vi">Tiếng Việt</a> <span class="meta">100% đã dịch</span></li>'
expect_in "$(cat x/vi/index.html)" '<section class="level">
<h3>Cơ bản</h3>'
expect_in "$(cat $page)" 'data-step="Bước" data-previous="← Bước trước" data-next="Bước tiếp →"'
for img in $(grep -o 'src="../media/[^"]*"' x/vi/*.html | sed 's/.*src="..\///; s/"$//' | sort -u); do
  [ -f "x/$img" ] && pass || fail "page refers to missing $img"
done
# Every stored image is shown by some page, each stored once under its own hash
# (tests/cli/screenshots.test.sh checks that identical images share one file).
shown=$(grep -oh 'src="../media/[^"]*"' x/*/*.html | sort -u | wc -l)
[ "$(ls x/media | wc -l)" -eq "$shown" ] && pass || fail "media files: $(ls x/media | wc -l), shown: $shown"
for f in x/media/*; do
  [ "$(sha256sum < "$f" | cut -c1-64)" = "$(basename "${f%.*}")" ] && pass || fail "$f is not named by its hash"
done

# The lesson JSON for apps.
python3 - "$SCRATCH/work/x/vi/cai-dat-vneid.json" <<'PY' && pass || fail "lesson JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "hocso-lesson/1" and d["lang"] == "vi" and d["id"] == "cai-dat-vneid"
assert 4 <= len(d["steps"]) <= 8, len(d["steps"])
assert d["steps"][0]["title"] == "Tải VNeID từ CH Play hoặc App Store", d["steps"][0]["title"]
assert d["steps"][0]["media"][0]["path"].startswith("media/") and d["steps"][0]["media"][0]["alt"]
assert d["quiz"][0]["answer"] == 1 and len(d["quiz"][0]["choices"]) == 3
PY

# inspect shows what is inside.
run "$HOCSO" inspect "$bundle" --pubkey .hocso/dev.pub
expect_status 0 "inspect"
expect_in "$OUT" "pack     hocso-co-ban 1.1.0 — Kỹ năng số cơ bản"
expect_in "$OUT" "cai-dat-vneid"
expect_in "$OUT" "100% translated"
expect_in "$OUT" "  vi           Tiếng Việt           100% translated"  # padded by characters, not bytes

# --format json
run "$HOCSO" build --format json --out dist2
expect_status 0 "build --format json"
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["ok"] and len(d["bundles"])==2 and d["errors"]==0' "$OUT" && pass || fail "build json: $OUT"
run "$HOCSO" verify --format json "$bundle" --pubkey .hocso/dev.pub
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["ok"] and d["pack"]["id"]=="hocso-co-ban"' "$OUT" && pass || fail "verify json: $OUT"

# A language named by its language plugin: the chooser and the manifest show the
# plugin's native name, not the tag; with an empty catalog its coverage is 0.
sed -i 's/^languages: \[vi, en\]$/languages: [vi, en, mtq-Latn-VN]/' content/packs/hocso-co-ban.yaml
run "$HOCSO" build --profile phone --out dist-mtq
expect_status 0 "build with mtq-Latn-VN"
mkdir m && (cd m && unzip -q ../dist-mtq/hocso-co-ban-1.1.0-phone.hocso index.html manifest.json)
expect_in "$(cat m/index.html)" 'lang="mtq-Latn-VN" hreflang="mtq-Latn-VN">Mường</a>'
python3 -c 'import json,sys; l={x["tag"]: x for x in json.load(open(sys.argv[1]))["languages"]}; assert l["mtq-Latn-VN"]["name"] == "Mường" and l["mtq-Latn-VN"]["coverage"] == 0 and l["en"]["name"] == "English", l' m/manifest.json && pass || fail "manifest language names"
sample_pack content/packs/hocso-co-ban.yaml

# check writes nothing.
rm -rf dist
run "$HOCSO" check
expect_status 0 "check"
expect_in "$OUT" "1 pack checked: 0 errors, "  # the writing checks' warnings may stand (docs/writers.md, "Checks")
[ ! -e dist ] && pass || fail "check wrote dist/"

finish
