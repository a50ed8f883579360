# The same sources give the same bytes: from other folders, with other file
# times, time zones and umasks, on other days; SOURCE_DATE_EPOCH is honoured.
source "$(dirname "$0")/lib.sh"
make_test_key

copy_content a
copy_content b
# Different file times in the second copy, and a different umask and time zone.
find "$SCRATCH/b" -exec touch -d '2031-03-04 05:06:07' {} +
(cd "$SCRATCH/a" && TZ=UTC "$HOCSO" build --key "$SCRATCH/keys/test.key" --profile kiosk >/dev/null)
(cd "$SCRATCH/b" && umask 077 && TZ=Asia/Ho_Chi_Minh "$HOCSO" build --key "$SCRATCH/keys/test.key" --profile kiosk --out "$SCRATCH/b/elsewhere" >/dev/null)
bundle=hocso-co-ban-1.1.0-kiosk.hocso
if cmp -s "$SCRATCH/a/dist/$bundle" "$SCRATCH/b/elsewhere/$bundle"; then pass; else fail "builds differ between folders/times/TZ/umask"; fi

# Another day: the clock is not read at all, so shifting TZ far is the same as another day;
# SOURCE_DATE_EPOCH changes the stored times, and only then.
(cd "$SCRATCH/a" && TZ=Pacific/Kiritimati SOURCE_DATE_EPOCH=1735689600 "$HOCSO" build --key "$SCRATCH/keys/test.key" --profile kiosk --out sde >/dev/null)
if cmp -s "$SCRATCH/a/dist/$bundle" "$SCRATCH/a/sde/$bundle"; then fail "SOURCE_DATE_EPOCH ignored"; else pass; fi
(cd "$SCRATCH/a" && TZ=America/Los_Angeles SOURCE_DATE_EPOCH=1735689600 "$HOCSO" build --key "$SCRATCH/keys/test.key" --profile kiosk --out sde2 >/dev/null)
if cmp -s "$SCRATCH/a/sde/$bundle" "$SCRATCH/a/sde2/$bundle"; then pass; else fail "SOURCE_DATE_EPOCH bundles differ by TZ"; fi
# The stored time is the epoch's UTC date (2025-01-01 00:00).
expect_in "$(cd "$SCRATCH/a" && unzip -Z -T "sde/$bundle" index.html)" "20250101.000000"

# Files in the bundle are mode 0644 whatever the umask was.
expect_in "$(unzip -Z "$SCRATCH/b/elsewhere/$bundle" index.html)" "-rw-r--r--"
finish
