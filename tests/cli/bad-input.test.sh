# Bad input gets a clear error and loses nothing: for each broken source, exit 1,
# a message naming the file (and line), no new file in dist/, the earlier bundle
# untouched, and the sources unchanged.
source "$(dirname "$0")/lib.sh"
make_test_key

copy_content base
(cd "$SCRATCH/base" && "$HOCSO" build --key "$SCRATCH/keys/test.key" >/dev/null)
L=content/lessons/cai-dat-vneid/lesson.md
P=content/packs/hocso-co-ban.yaml
# Lines of the sample pack file that cases below point at: a line appended at
# its end, and the phone profile's line.
P_END=$(($(wc -l < "$SCRATCH/base/$P") + 1))
P_PHONE=$(grep -n '^  phone: {max_width: 720, format: webp, quality: 75, budget_mb: 60}$' "$SCRATCH/base/$P" | cut -d: -f1)

# bad_case NAME 'shell that breaks the copy' 'expected text' ['more expected text' ...]
bad_case() {
  local name=$1 mutate=$2
  shift 2
  local dir="$SCRATCH/case-$name"
  cp -a "$SCRATCH/base" "$dir"
  (cd "$dir" && eval "$mutate")
  local before_sources before_dist
  before_sources=$(cd "$dir" && find content -type f -exec sha256sum {} + | sort)
  before_dist=$(cd "$dir" && ls -A dist && sha256sum dist/*)
  # BAD_CASE_ARGS: more build options for one case (--strict for a warning).
  local extra
  read -ra extra <<<"${BAD_CASE_ARGS:-}"
  (cd "$dir" && run timeout 20 "$HOCSO" build --key "$SCRATCH/keys/test.key" "${extra[@]}"; declare -p STATUS OUT ERR > "$dir/.result")
  source <(sed "s/^declare -[a-z-]* /declare -g /" "$dir/.result")  # globals, for checks after a case
  expect_status 1 "$name"
  for want in "$@"; do expect_in "$ERR" "$want" "$name"; done
  [ "$(cd "$dir" && ls -A dist && sha256sum dist/*)" = "$before_dist" ] && pass || fail "$name: dist/ changed"
  [ "$(cd "$dir" && find content -type f -exec sha256sum {} + | sort)" = "$before_sources" ] && pass || fail "$name: a source file changed"
  rm -rf "$dir"
}

# Replace the front matter line that starts with $1 by $2 (python: exact, UTF-8 safe).
edit() { python3 - "$@" <<'PY'
import sys
path, old, new = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, encoding="utf-8").read()
assert old in text, old
open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))
PY
}

# Mutations too long for one line.
alias_bomb() { python3 - "$L" <<'PY'
import sys
p = sys.argv[1]
lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
for prev, name in zip("abcdefgh", "bcdefghi"):
    lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
t = open(p, encoding="utf-8").read().replace("audience: [nguoi-cao-tuoi, nguoi-dan]", "\n".join(lines), 1)
open(p, "w", encoding="utf-8").write(t)
PY
}
deep_nesting() { python3 - "$L" <<'PY'
import sys
p = sys.argv[1]
t = open(p, encoding="utf-8").read().replace("tags: [vneid, dinh-danh]", "tags: " + "[" * 5000 + "]" * 5000, 1)
open(p, "w", encoding="utf-8").write(t)
PY
}
drop_closing_front_matter() { python3 - "$L" <<'PY'
import sys
p = sys.argv[1]
t = open(p, encoding="utf-8").read()
i = t.index("\n---\n", 4)
open(p, "w", encoding="utf-8").write(t[:i + 1] + t[i + 5:])
PY
}

# --- YAML ---
bad_case alias-bomb alias_bomb "$L:7:" "[yaml-alias]"
bad_case cyclic-alias "edit $L 'tags: [vneid, dinh-danh]' 'tags: &x [1, *x]'" "$L:8:" "[yaml-alias]"
bad_case duplicate-key "edit $L 'level: co-ban' 'level: co-ban
level: nang-cao'" "$L:6:1: error:" "[yaml-duplicate-key]"
bad_case deep-nesting deep_nesting "$L:8:" "[yaml-too-deep]"
bad_case unterminated-front-matter drop_closing_front_matter "$L:1:1: error:" "[front-matter-unterminated]"
bad_case pack-duplicate-key "printf 'version: 2.0.0\n' >> $P" "$P:$P_END:1: error:" "[yaml-duplicate-key]"

# --- text ---
bad_case invalid-utf8 "printf '\nXin ch\xe0o\n' >> $L" "error:" "[invalid-utf8]" "$L:"
bad_case nul-byte "printf '\nabc\x00def\n' >> $L" "[control-character]" "$L:"
bad_case legacy-tcvn3 "printf '\nNinh B×nh lµ tØnh\n' >> $L" "[legacy-encoding]" "$L:"

# --- Markdown ---
bad_case nested-quotes "python3 -c 'import sys; open(sys.argv[1],\"a\").write(\"\\n\" + \">\"*50000 + \" x\\n\")' $L" "$L:" "markdown-too"
bad_case dash-runs "python3 -c 'import sys; open(sys.argv[1],\"a\").write(\"\\n\" + (\"- \" * 60000) + \"\\n\")' $L" "$L:" "[markdown-too-large]"
bad_case raw-html "printf '\n<script>alert(1)</script>\n' >> $L" "$L:" "[raw-html]"
bad_case inline-html "printf '\nBấm <img src=x onerror=alert(1)> đây\n' >> $L" "$L:" "[raw-html]"
bad_case javascript-link "printf '\n[bấm](javascript:alert(1))\n' >> $L" "$L:" "[link-unsafe]"

# --- ids, paths, links ---
bad_case id-mismatch "edit $L 'id: cai-dat-vneid' 'id: cai-dat-vneid-2'" "$L:2:5: error:" "[lesson-id-mismatch]"
# The source line, read back from the file when the diagnostic is printed, with a caret under column 5.
[[ "$ERR" == *$'[lesson-id-mismatch]\nid: cai-dat-vneid-2\n    ^\n'* ]] && pass || fail "id-mismatch: no source line and caret: $ERR"
bad_case id-dotdot "edit $P '  - cai-dat-vneid' '  - ../../etc'" "$P:8:5: error:" "[lesson-id-invalid]"
# The loader and validate-core both refuse it; the user reads it once.
[ "$(printf '%s' "$ERR" | grep -c 'lesson-id-invalid')" -eq 1 ] && pass || fail "id-dotdot reported more than once: $ERR"
bad_case id-absolute "edit $P '  - cai-dat-vneid' '  - /etc/passwd'" "$P:8:5: error:" "[lesson-id-invalid]"
bad_case lesson-folder-symlink "mv content/lessons/cai-dat-vneid /tmp/hocso-moved-\$\$-\$RANDOM && ln -s \$(ls -d /tmp/hocso-moved-* | tail -1) content/lessons/cai-dat-vneid" "$P:8:5: error:" "[path-symlink]"
bad_case lesson-missing "rm -r content/lessons/tai-khoan-muc-2" "$P:9:5: error:" "[lesson-missing]"
bad_case image-dotdot "printf '\n![ảnh](../tai-khoan-muc-2/screens/x.png)\n' >> $L" "$L:" "[path-outside-lesson]"
bad_case image-absolute "printf '\n![ảnh](/etc/passwd)\n' >> $L" "$L:" "error:"
bad_case image-symlink "ln -s /etc/passwd content/lessons/cai-dat-vneid/screens/link.png && printf '\n![ảnh](screens/link.png)\n' >> $L" "$L:" "[path-symlink]"
bad_case image-missing "printf '\n![ảnh](screens/khong-co.png)\n' >> $L" "$L:" "[image-missing]"
bad_case link-unknown-lesson "printf '\n[bài khác](../khong-co/lesson.md)\n' >> $L" "$L:" "[link-unknown-lesson]"

# --- pack rules ---
bad_case requires-cycle "edit $L 'requires: []' 'requires: [nhan-biet-lua-dao]'" "[requires-cycle]" "cai-dat-vneid"
bad_case requires-unknown "edit $L 'requires: []' 'requires: [khong-co]'" "$L:9:12: error:" "[requires-unknown]"
bad_case unknown-key "edit $L 'summary:' 'sumary:'" "$L:4:1: error:" "did you mean 'summary'"
bad_case bad-version "edit $P 'version: 1.1.0' 'version: 1.1'" "$P:2:10: error:" "version"
bad_case quiz-answer "edit $L '    answer: 1' '    answer: 7'" "[quiz-answer-range]" "$L:"
bad_case listed-twice "edit $P '  - nhan-biet-lua-dao' '  - nhan-biet-lua-dao
  - cai-dat-vneid'" "[lesson-listed-twice]" "$P:"

# --- translations and ids a careless operator might ship ---
EN=content/i18n/en/cai-dat-vneid.po
# A translated title gets the source's limit (200 characters), not ten megabytes:
# a warning (the title falls back) that --strict makes an error.
long_title() { edit $EN 'msgstr "Install and activate VNeID"' "msgstr \"$(printf 'A%.0s' $(seq 1 250))\""; }
BAD_CASE_ARGS=--strict bad_case translated-title-too-long long_title \
  "$EN:18:1: error:" "is 250 characters long; this field allows at most 200, as in the source; it is not used until it is fixed (learners see the text in the next language of the fallback chain) [translation-too-long]"
bad_case po-charset "edit $EN 'charset=UTF-8' 'charset=ISO-8859-1'" "$EN:1:" "charset is iso-8859-1" "[po-charset]"
# con, nul, com1 ...: Windows device names, a bundle unzipped there would lose the lesson.
bad_case id-reserved "edit $P '  - cai-dat-vneid' '  - con'" "$P:8:5: error:" "Windows keeps this name for a device" "[lesson-id-invalid]"

# A profile with several bad values: each named at its own place, and the good
# keys beside them are not called unknown (a report of this once; kept as a guard).
bad_case profile-values "edit $P '  phone: {max_width: 720, format: webp, quality: 75, budget_mb: 60}' '  phone: {max_width: wide, quality: 500, colour: red, format: webp, budget_mb: 60.5}'" \
  "$P:$P_PHONE:22: error: profiles/phone/max_width: expected a whole number, got text 'wide' [schema]" \
  "$P:$P_PHONE:37: error: profiles/phone/quality: expected a whole number from 1 to 100, got 500 [schema]" \
  "$P:$P_PHONE:42: error: unknown key 'colour' in profiles/phone" \
  "profiles/phone/budget_mb: expected a whole number, got 60.5 [schema]"
expect_not_in "$ERR" "unknown key 'format'" "a good key named unknown"
expect_not_in "$ERR" "unknown key 'quality'" "a good key named unknown"
expect_not_in "$ERR" "unknown key 'max_width'" "a good key named unknown"

finish
