# The build cache is a hint, never a source (decision 0009): each kind of entry
# (processed images, parsed catalogs, msgfmt verdicts, the index of source
# hashes) poisoned with a correct self-hash gives the bundle the sources alone
# give, with and without --no-cache; --no-cache reads and writes nothing; a cache
# other users can write is not used unless --trust-cache.
source "$(dirname "$0")/lib.sh"

copy_content work
keep_lessons work cai-dat-vneid tai-khoan-muc-2 nhan-biet-lua-dao
cd "$SCRATCH/work"
make_test_key
KEY="$SCRATCH/keys/test.key"
B=hocso-co-ban-1.1.0-phone.hocso
lesson=cai-dat-vneid

tree_state() { (cd "$CACHE" && find . -type f -exec sha256sum {} + | sort); }

# The bundle from the sources alone, and a build that fills the cache.
run "$HOCSO" build --profile phone --key "$KEY" --no-cache --out "$SCRATCH/clean"
expect_status 0 "clean build"
[ ! -e "$CACHE" ] && pass || fail "--no-cache wrote a cache"
run "$HOCSO" build --profile phone --key "$KEY" --out "$SCRATCH/first"
expect_status 0 "build filling the cache"
cmp -s "$SCRATCH/clean/$B" "$SCRATCH/first/$B" && pass || fail "cached build differs from the clean one"
[ "$(find "$CACHE/media" -type f | wc -l)" -ge 3 ] && pass || fail "no images cached"
[ "$(stat -c %a "$XDG_STATE_HOME/hocso/cache.key")" = 600 ] && pass || fail "the cache secret is not private"
expect_not_in "$(find "$CACHE" -type f -exec cat {} +)" "$(cat "$XDG_STATE_HOME/hocso/cache.key")" "the secret is not in the cache"

# ---- poison every kind ------------------------------------------------------------
# The English title's catalog, parsed: "Install the VNeID app" -> a scam number.
po=content/i18n/en/$lesson.po
sha=$(sha256sum < "$po" | cut -c1-64)
parsed="$CACHE/po-parsed/${sha:0:2}/$sha"
[ -f "$parsed" ] && pass || fail "no parsed catalog cached"
# (The parsed form is "hocso-po-parsed/3", then each string as LENGTH:BYTES; the
# poisoner keeps it well-formed.)
tail -n +3 "$parsed" | python3 -c '
import sys
data = sys.stdin.buffer.read()
head, _, body = data.partition(b"\n")
out, at = [], 0
while at < len(body):
    colon = body.index(b":", at)
    n = int(body[at:colon]); text = body[colon + 1:colon + 1 + n]; at = colon + 1 + n
    text = text.replace(b"Install the VNeID app only from CH Play", b"Call 0900 000 000 to install VNeID")
    out.append(str(len(text)).encode() + b":" + text)
sys.stdout.buffer.write(head + b"\n" + b"".join(out))
' > "$SCRATCH/evil-parsed"
expect_in "$(cat "$SCRATCH/evil-parsed")" "0900 000 000" "the poisoned catalog text"
poison_cache_entry "$parsed" "$SCRATCH/evil-parsed"
# Every cached picture -> one solid red picture.
vips black "$SCRATCH/black.v" 64 64 --bands 3
vips linear "$SCRATCH/black.v" "$SCRATCH/red.webp" "1 1 1" "255 0 0"
for f in $(find "$CACHE/media" -type f); do poison_cache_entry "$f" "$SCRATCH/red.webp"; done
# A verdict of "passed" planted for a broken catalog, so libgettextpo would read it unchecked.
cp content/i18n/en/tai-khoan-muc-2.po "$SCRATCH/good-tk.po"
printf '\nmsgid "broken\nmsgstr "x"\n' >> content/i18n/en/tai-khoan-muc-2.po
bsha=$(sha256sum < content/i18n/en/tai-khoan-muc-2.po | cut -c1-64)
good_verdict=$(find "$CACHE/po-checked" -type f | sed -n 1p)
mkdir -p "$CACHE/po-checked/${bsha:0:2}"
cp "$good_verdict" "$CACHE/po-checked/${bsha:0:2}/$bsha"
run "$HOCSO" build --profile phone --key "$KEY" --out "$SCRATCH/broken"
expect_status 1 "a broken catalog with a planted verdict"
expect_in "$ERR" "content/i18n/en/tai-khoan-muc-2.po:" "the broken catalog is named"
expect_in "$ERR" "[po-syntax]" "msgfmt --check ran"
[ ! -e "$SCRATCH/broken/$B" ] && pass || fail "a bundle was written"
cp "$SCRATCH/good-tk.po" content/i18n/en/tai-khoan-muc-2.po

poisoned_state=$(tree_state)
# --no-cache: the sources alone, and nothing in the cache read or written.
run "$HOCSO" build --profile phone --key "$KEY" --no-cache --out "$SCRATCH/nocache"
expect_status 0 "--no-cache over a poisoned cache"
cmp -s "$SCRATCH/clean/$B" "$SCRATCH/nocache/$B" && pass || fail "--no-cache build differs from the clean one"
[ "$(tree_state)" = "$poisoned_state" ] && pass || fail "--no-cache touched the cache"
# With the cache: every poisoned entry is refused and made again.
run "$HOCSO" build --profile phone --key "$KEY" --out "$SCRATCH/poisoned"
expect_status 0 "build over a poisoned cache"
cmp -s "$SCRATCH/clean/$B" "$SCRATCH/poisoned/$B" && pass || fail "a poisoned cache entry reached the bundle"
expect_not_in "$(unzip -p "$SCRATCH/poisoned/$B" en/$lesson.html)" "0900 000 000" "the poisoned title"
expect_in "$(unzip -p "$SCRATCH/poisoned/$B" en/$lesson.html)" "Install the VNeID app only from CH Play" "the catalog's text"
run "$HOCSO" verify "$SCRATCH/poisoned/$B" --pubkey "$SCRATCH/keys/test.pub"
expect_status 0 "verify"

# ---- the index of source hashes: a changed screenshot claimed unchanged ------------
# The index says what stat() says of each file and its hash. A planted line gives
# a changed screenshot (its new stat) the old hash, so the old picture's cache
# entry would be used.
shot=content/lessons/$lesson/screens/man-hinh-dau.png
sleep 2  # the index remembers only settled files
run "$HOCSO" build --profile phone --key "$KEY" --out "$SCRATCH/settled"
index="$CACHE/source-hashes/in/index"
[ -f "$index" ] && pass || fail "no index of source hashes"
old_sha=$(sha256sum < "$shot" | cut -c1-64)
vips invert "$shot" "$SCRATCH/inverted.png"
cat "$SCRATCH/inverted.png" > "$shot"
tail -n +3 "$index" | python3 -c '
import os, sys
shot, old = os.path.abspath(sys.argv[1]), sys.argv[2]
st = os.stat(shot)
for line in sys.stdin:
    parts = line.rstrip("\n").split(" ", 6)
    if len(parts) == 7 and parts[6] == shot:
        line = f"{st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {old} {shot}\n"
    sys.stdout.write(line)
' "$shot" "$old_sha" > "$SCRATCH/evil-index"
expect_in "$(cat "$SCRATCH/evil-index")" "$old_sha $(realpath "$shot")" "the planted index line"
poison_cache_entry "$index" "$SCRATCH/evil-index"
run "$HOCSO" build --profile phone --key "$KEY" --no-cache --out "$SCRATCH/changed-clean"
run "$HOCSO" build --profile phone --key "$KEY" --out "$SCRATCH/changed"
expect_status 0 "build over a poisoned index"
cmp -s "$SCRATCH/changed-clean/$B" "$SCRATCH/changed/$B" && pass || fail "a poisoned index kept the old screenshot"
cmp -s "$SCRATCH/clean/$B" "$SCRATCH/changed/$B" && fail "the changed screenshot made no difference" || pass

# ---- a cache others can write: not used, unless --trust-cache -----------------------
chmod 0777 "$CACHE"
run "$HOCSO" build --profile phone --key "$KEY" --out "$SCRATCH/shared"
expect_status 0 "build with a shared cache folder"
expect_in "$ERR" "the build cache is not used: the folder can be written by other users" "the note"
expect_in "$ERR" "[cache-not-used]"
cmp -s "$SCRATCH/changed-clean/$B" "$SCRATCH/shared/$B" && pass || fail "build with a shared cache"
run "$HOCSO" build --profile phone --key "$KEY" --out "$SCRATCH/shared-vi" --lang vi
expect_in "$ERR" "không dùng bộ nhớ tạm của lần dựng trước: người dùng khác ghi được vào thư mục; mọi thứ được làm lại từ nguồn (--trust-cache vẫn dùng nó, --no-cache thì không báo gì) [cache-not-used]" "the note in Vietnamese"
run "$HOCSO" build --profile phone --key "$KEY" --out "$SCRATCH/trusted" --trust-cache
expect_status 0 "--trust-cache"
expect_not_in "$ERR" "[cache-not-used]" "--trust-cache"
cmp -s "$SCRATCH/changed-clean/$B" "$SCRATCH/trusted/$B" && pass || fail "build with --trust-cache"
chmod 0700 "$CACHE"

# ---- --cache-dir, and the old cache beside the content is never read ------------------
mkdir -p .hocso/cache/po-checked
cp "$parsed" ".hocso/cache/po-checked/$sha.parsed"
run "$HOCSO" build --profile phone --key "$KEY" --out "$SCRATCH/elsewhere" --cache-dir "$SCRATCH/other-cache"
expect_status 0 "--cache-dir"
[ "$(find "$SCRATCH/other-cache/media" -type f | wc -l)" -ge 3 ] && pass || fail "--cache-dir not used"
cmp -s "$SCRATCH/changed-clean/$B" "$SCRATCH/elsewhere/$B" && pass || fail "build with --cache-dir"

# ---- the fonts a label falls back to are part of a picture's key ---------------------
# A Tai Viet label is drawn with a system font that fontconfig finds: with
# another set of fonts (here one more font file) no cached picture is used, and
# the pictures made again are the same (the labels' font is still DejaVu).
media_entries() { find "$SCRATCH/other-cache/media" -type f | wc -l; }
entries_before=$(media_entries)
mkdir -p "$SCRATCH/more-fonts" "$SCRATCH/fc-cache"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$SCRATCH/more-fonts/Extra.ttf"
cat > "$SCRATCH/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>$SCRATCH/more-fonts</dir>
  <cachedir>$SCRATCH/fc-cache</cachedir>
</fontconfig>
CONF
export FONTCONFIG_FILE="$SCRATCH/fonts.conf"
run "$HOCSO" build --profile phone --key "$KEY" --out "$SCRATCH/more-fonts-out" --cache-dir "$SCRATCH/other-cache"
unset FONTCONFIG_FILE
expect_status 0 "a build with one more font"
[ "$(media_entries)" -ge $((2 * entries_before)) ] && pass \
  || fail "cached pictures were used with another set of fonts ($entries_before entries before, $(media_entries) after)"
cmp -s "$SCRATCH/changed-clean/$B" "$SCRATCH/more-fonts-out/$B" && pass || fail "build with one more font"

finish
