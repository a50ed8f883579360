# [step-too-long]: a step whose text does not fit one screen of a profile is a
# writer's warning at build time, naming the lesson file, the step's line and
# number, the language and the profile; the bundle is still written.
source "$(dirname "$0")/lib.sh"

copy_content work
cd "$SCRATCH/work"
lesson=content/lessons/cai-dat-vneid/lesson.md
line=$(grep -n '^## Đặt mật khẩu$' "$lesson" | cut -d: -f1)
[ -n "$line" ] && pass || fail "the password step is not in the sample lesson"
# The step's own advice, said five times more: about 330 more characters.
advice='Chọn mật khẩu bác nhớ được nhưng người khác khó đoán.'
sed -i "/^Chọn mật khẩu bác nhớ được nhưng người khác khó đoán. Đừng dùng ngày sinh$/i $advice $advice $advice $advice $advice\n" "$lesson"
run "$HOCSO" build --profile phone --profile kiosk
expect_status 0 "a step over budget is a warning, not an error"
expect_in "$ERR" "content/lessons/cai-dat-vneid/lesson.md:$line:1: warning: step 5 (\"Đặt mật khẩu\") has " "where and which step"
expect_in "$ERR" "characters of text in vi, more than fit on one screen of the 'phone' profile beside its picture (320)" "the phone's budget"
expect_in "$ERR" "[step-too-long]" "the rule id"
expect_not_in "$ERR" "text in vi, more than fit on one screen of the 'kiosk' profile" "the kiosk holds it beside the picture"
[ -f dist/hocso-co-ban-1.1.0-phone.hocso ] && pass || fail "the phone bundle was not written"

# The sample as it is: its Vietnamese steps all fit a phone.
copy_content sample
cd "$SCRATCH/sample"
run "$HOCSO" build --profile phone
expect_status 0 "the sample builds"
expect_not_in "$ERR" "in vi, more than fit" "the sample's Vietnamese steps fit"
finish
