# A build that streams lessons in batches of 32 (decision 0008): a pack of 70
# lessons (batches 1-32, 33-64, 65-70) in vi and en, with prerequisites that
# cross batches both ways. Pages show other lessons' translated titles from the
# summaries kept by the first pass; the manifest and indexes keep pack order;
# the bundle does not depend on --jobs; check reports errors in every batch and
# requires cycles that span batches.
source "$(dirname "$0")/lib.sh"
make_test_key
cd "$SCRATCH"

# Lesson ids are not in alphabetical order (a letter, then the number), so that
# pack order cannot be mistaken for sorted order.
python3 - "$SCRATCH/content" <<'PY'
import os, sys
root = sys.argv[1]
N = 70
def lid(n): return "%s-bai-%03d" % ("abcdefghijklmnopqrstuvwxyz"[(n * 7) % 26], n)
def vi_title(n): return "Bài số %03d về điện thoại" % n
def en_title(n): return "Lesson number %03d about phones" % n
requires = {1: [70], 65: [2], 40: [39]}
os.makedirs(os.path.join(root, "packs"))
with open(os.path.join(root, "packs", "lo.yaml"), "w") as f:
    f.write("id: lo\nversion: 2.0.0\ntitle: Bảy mươi bài\nsource_language: vi\nlanguages: [vi, en]\n")
    f.write("plugins:\n  - name: validate-core\n  - name: translate-po\n")
    # One-step lessons without pictures, and a lesson that requires a later one, on purpose.
    f.write("checks: {step-count: off, step-no-picture: off, requires-later: off}\n")
    f.write("profiles:\n  kiosk: {max_width: 1280, format: webp, quality: 85}\n  phone: {max_width: 720, format: webp, quality: 75}\n")
    f.write("lessons:\n" + "".join("  - %s\n" % lid(n) for n in range(1, N + 1)))
for n in range(1, N + 1):
    d = os.path.join(root, "lessons", lid(n))
    os.makedirs(d)
    req = "requires: [%s]\n" % ", ".join(lid(r) for r in requires[n]) if n in requires else ""
    with open(os.path.join(d, "lesson.md"), "w") as f:
        f.write("---\n"                                           # 1
                "id: %s\n"                                        # 2
                "title: %s\n"                                     # 3
                "summary: Tóm tắt của bài số %03d.\n"             # 4
                "level: co-ban\n"                                 # 5
                "duration_minutes: 5\n"                           # 6
                "objectives:\n"                                   # 7
                "  - Biết làm việc số %03d.\n"                    # 8
                "%s"
                "---\n\n"
                "## Mở ứng dụng số %03d\n\n"
                "Chạm vào biểu tượng màu xanh của bài số %03d.\n"
                % (lid(n), vi_title(n), n, n, req, n, n))
# English catalogs for some lessons: 070's title (shown on 001's pages), 002's
# (shown on 065's), and a whole lesson (033, first of the second batch).
def po(n, entries):
    os.makedirs(os.path.join(root, "i18n", "en"), exist_ok=True)
    with open(os.path.join(root, "i18n", "en", lid(n) + ".po"), "w") as f:
        f.write('msgid ""\nmsgstr ""\n'
                '"Project-Id-Version: %s\\n"\n'
                '"PO-Revision-Date: 2025-01-01 00:00+0000\\n"\n'
                '"Last-Translator: Test <test@example.org>\\n"\n'
                '"Language-Team: English\\n"\n'
                '"Language: en\\n"\n'
                '"MIME-Version: 1.0\\n"\n'
                '"Content-Type: text/plain; charset=UTF-8\\n"\n'
                '"Content-Transfer-Encoding: 8bit\\n"\n'
                '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n' % lid(n))
        for msgid, msgstr in entries:
            f.write('\nmsgctxt "%s"\nmsgid "%s"\nmsgstr "%s"\n' % (lid(n), msgid, msgstr))
for n in (2, 70):
    po(n, [(vi_title(n), en_title(n))])
po(33, [(vi_title(33), en_title(33)),
        ("Tóm tắt của bài số 033.", "Summary of lesson 033."),
        ("Biết làm việc số 033.", "Know task 033."),
        ("Mở ứng dụng số 033", "Open app 033"),
        ("Chạm vào biểu tượng màu xanh của bài số 033.", "Tap the blue icon of lesson 033.")])
PY
lid() { printf '%s-bai-%03d' "$(echo abcdefghijklmnopqrstuvwxyz | cut -c$(( (10#$1 * 7) % 26 + 1 )))" "$((10#$1))"; }
[ "$(lid 1)" = h-bai-001 ] && [ "$(lid 070)" = w-bai-070 ] && pass || fail "id(): $(lid 1) $(lid 070)"
for f in content/i18n/en/*.po; do msgfmt --check -o /dev/null "$f" && pass || fail "msgfmt --check rejects $f"; done
cp -R content pristine

run "$HOCSO" check
expect_status 0 "check of the 70-lesson pack"
expect_in "$OUT" "1 pack checked: 0 errors, 0 warnings"

export SOURCE_DATE_EPOCH=1735689600
run "$HOCSO" build --key "$SCRATCH/keys/test.key" --jobs 2 --out j2
expect_status 0 "build of the 70-lesson pack"
bundle=lo-2.0.0-phone.hocso
kiosk=lo-2.0.0-kiosk.hocso
expect_in "$OUT" "wrote j2/$bundle"
expect_in "$OUT" "wrote j2/$kiosk"
mkdir x && (cd x && unzip -q "../j2/$bundle") || { fail "no bundle to read"; finish; exit 1; }

# 70 pages per language (plus the language's index), and no other lesson page,
# in each profile's bundle (each reads the lessons again).
for b in "$bundle" "$kiosk"; do
  for lang in vi en; do
    n=$(unzip -Z1 "j2/$b" | grep -cE "^$lang/[a-z]-bai-[0-9]{3}\.html$" || true)
    [ "$n" = 70 ] && pass || fail "$b $lang: $n lesson pages, expected 70"
    [ "$(unzip -Z1 "j2/$b" | grep -c "^$lang/.*\.html$")" = 71 ] && pass || fail "$b $lang: other html pages"
  done
done
[ -f x/vi/index.html ] && [ -f x/en/index.html ] && pass || fail "language index missing"
for n in 001 032 033 064 065 070; do
  for lang in vi en; do [ -f "x/$lang/$(lid $n).html" ] && pass || fail "x/$lang/$(lid $n).html missing"; done
done

# The manifest lists the 70 lessons in pack order, across the batch boundaries.
python3 - x/manifest.json "$(lid 1)" "$(lid 32)" "$(lid 33)" "$(lid 64)" "$(lid 65)" "$(lid 70)" <<'PY' && pass || fail "manifest lessons"
import json, sys
ids = [l["id"] for l in json.load(open(sys.argv[1]))["lessons"]]
assert len(ids) == 70, len(ids)
assert len(set(ids)) == 70, ids
assert ids != sorted(ids)
assert [ids[0], ids[31], ids[32], ids[63], ids[64], ids[69]] == sys.argv[2:], ids
assert ids == ["%s-bai-%03d" % ("abcdefghijklmnopqrstuvwxyz"[(n * 7) % 26], n) for n in range(1, 71)], ids
PY

# Lesson 001 requires 070 (in the last batch): its pages name 070 by the title
# of each language, known from the first pass's summaries.
en001=$(cat "x/en/$(lid 1).html")
vi001=$(cat "x/vi/$(lid 1).html")
expect_in "$en001" "<a href=\"$(lid 70).html\">Lesson number 070 about phones</a>" "en 001 links 070 by its English title"
expect_not_in "$en001" "Bài số 070 về điện thoại" "en 001 does not show 070's Vietnamese title"
expect_in "$(unzip -p "j2/$kiosk" "en/$(lid 1).html")" "<a href=\"$(lid 70).html\">Lesson number 070 about phones</a>" "kiosk: en 001 links 070 by its English title"
expect_in "$vi001" "<a href=\"$(lid 70).html\">Bài số 070 về điện thoại</a>" "vi 001 links 070 by its Vietnamese title"
expect_in "$vi001" "<h1>Bài số 001 về điện thoại</h1>" "vi 001 title"
# Lesson 065 (last batch) requires 002 (first batch).
en065=$(cat "x/en/$(lid 65).html")
expect_in "$en065" "<a href=\"$(lid 2).html\">Lesson number 002 about phones</a>" "en 065 links 002"
expect_in "$(cat "x/vi/$(lid 65).html")" "<a href=\"$(lid 2).html\">Bài số 002 về điện thoại</a>" "vi 065 links 002"
# 040 requires 039, in the same batch; a lesson without prerequisites links none.
expect_in "$(cat "x/vi/$(lid 40).html")" "<a href=\"$(lid 39).html\">Bài số 039 về điện thoại</a>" "vi 040 links 039"
# (Its summary links the next lesson; the prerequisites are another paragraph.)
expect_not_in "$(grep 'class="requires"' "x/vi/$(lid 50).html" || true)" "-bai-" "050 links no prerequisite"
# Each page is its own lesson's, in full: 033 translated (first of batch 2), 064 not.
en033=$(cat "x/en/$(lid 33).html")
expect_in "$en033" "<h1>Lesson number 033 about phones</h1>" "en 033 title"
expect_in "$en033" "Open app 033</h2>" "en 033 step heading"
expect_in "$en033" "Tap the blue icon of lesson 033." "en 033 step text"
expect_in "$(cat "x/vi/$(lid 64).html")" "Chạm vào biểu tượng màu xanh của bài số 064." "vi 064 step text"
expect_in "$(cat "x/en/$(lid 64).html")" "Chạm vào biểu tượng màu xanh của bài số 064." "en 064 falls back to the Vietnamese step"
expect_in "$(cat "x/vi/$(lid 70).html")" "Mở ứng dụng số 070</h2>" "vi 070 step heading"

# The index of each language lists all 70 lessons, each once, in pack order
# (one list item per lesson; prerequisites are linked inside the items).
for lang in en vi; do
  items=$(grep -oE '<li><a href="[a-z]-bai-[0-9]{3}\.html"' "x/$lang/index.html")
  [ "$(wc -l <<<"$items")" = 70 ] && [ "$(sort -u <<<"$items" | wc -l)" = 70 ] && pass \
    || fail "$lang/index.html lists $(wc -l <<<"$items") lessons ($(sort -u <<<"$items" | wc -l) different), expected 70"
  order=$(grep -oE '[0-9]{3}' <<<"$items" | tr '\n' ' ')
  [ "$order" = "$(seq -f '%03g' 1 70 | tr '\n' ' ')" ] && pass || fail "$lang index order: $order"
done
en_index=$(cat x/en/index.html)
expect_in "$en_index" "<a href=\"$(lid 70).html\">Lesson number 070 about phones</a>" "en index: 070's English title"
expect_in "$en_index" "Bài số 069 về điện thoại</a>" "en index: 069 falls back to Vietnamese"
expect_in "$en_index" "Take first: <a href=\"$(lid 70).html\">Lesson number 070 about phones</a>" "en index: 001's prerequisite"

# The bundle does not depend on the number of threads.
run "$HOCSO" build --key "$SCRATCH/keys/test.key" --jobs 1 --out j1
expect_status 0 "build --jobs 1"
for b in "$bundle" "$kiosk"; do
  if cmp -s "j1/$b" "j2/$b"; then pass; else fail "--jobs 1 and --jobs 2 give different $b"; fi
done
unset SOURCE_DATE_EPOCH

# Schema errors in the first, a middle and the last batch are all reported,
# each at its file, line and column.
sed -i 's/^level: co-ban$/level: kho-lam/' "content/lessons/$(lid 50)/lesson.md"
sed -i 's/^duration_minutes: 5$/duration_minutes: 0/' "content/lessons/$(lid 1)/lesson.md"
sed -i 's/^level: co-ban$/level: sieu-kho/' "content/lessons/$(lid 70)/lesson.md"
run "$HOCSO" check
expect_status 1 "check with schema errors in three batches"
expect_in "$OUT$ERR" "content/lessons/$(lid 50)/lesson.md:5:8: error:" "050's level, at line 5 column 8"
expect_in "$OUT$ERR" "kho-lam" "050's bad value named"
expect_in "$OUT$ERR" "content/lessons/$(lid 1)/lesson.md:6:19: error:" "001's duration, at line 6 column 19"
expect_in "$OUT$ERR" "content/lessons/$(lid 70)/lesson.md:5:8: error:" "070's level, at line 5 column 8"
expect_in "$OUT$ERR" "hocso check: 3 errors, 0 warnings" "exactly three errors"
rm -rf content && cp -R pristine content

# A requires cycle between 010 (batch 1) and 060 (batch 2).
sed -i "s/^duration_minutes: 5$/duration_minutes: 5\nrequires: [$(lid 60)]/" "content/lessons/$(lid 10)/lesson.md"
sed -i "s/^duration_minutes: 5$/duration_minutes: 5\nrequires: [$(lid 10)]/" "content/lessons/$(lid 60)/lesson.md"
run "$HOCSO" check
expect_status 1 "check with a requires cycle across batches"
expect_in "$OUT$ERR" "[requires-cycle]"
expect_in "$OUT$ERR" "$(lid 10) → $(lid 60) → $(lid 10)" "the cycle, in pack order"
expect_in "$OUT$ERR" "hocso check: 1 error, 0 warnings" "one error"
# A build with it writes nothing.
run "$HOCSO" build --key "$SCRATCH/keys/test.key" --out cyc
expect_status 1 "build with a requires cycle"
expect_in "$OUT$ERR" "[requires-cycle]"
# The cycle is found after the last batch, when the first profile's pages are
# already in a temporary file: that file, and the folder the build made, are gone.
[ ! -e cyc ] && pass || fail "the build left its output folder behind: $(ls -A cyc 2>&1)"

finish
