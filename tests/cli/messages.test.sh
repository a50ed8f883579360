# hocso's own messages in English and Vietnamese (issue 15 point 5;
# docs/decisions/0022): the writing checks, the privacy check, the translation
# warnings and the summary lines, with --lang en and --lang vi and from the
# environment (LANGUAGE, LANG), word for word; file:line:col, check ids and
# JSON's machine names the same in both languages.
source "$(dirname "$0")/lib.sh"

copy_content work
cd "$SCRATCH/work"
lesson=content/lessons/cai-dat-vneid/lesson.md
pack=content/packs/hocso-co-ban.yaml
po=content/i18n/en/cai-dat-vneid.po

# ---- a lesson that trips every check ------------------------------------------------
sed -i '/^checks:/,$d' "$pack"  # step-no-picture back on (its last step has no picture)
python3 - "$lesson" "$po" <<'PY'
import sys
lesson, po = sys.argv[1], sys.argv[2]
s = open(lesson, encoding="utf-8").read()
def swap(old, new):
    global s
    assert old in s, old
    s = s.replace(old, new, 1)
swap("screens:\n", "screens:\n  screens/thua.png:\n    highlight: [[10, 10, 100, 50]]\n")
swap("## Chọn Kích hoạt tài khoản định danh điện tử", "## Bước 2: Chọn Kích hoạt tài khoản định danh điện tử")
swap("Gõ chữ VNeID vào ô tìm kiếm, rồi chạm nút tải về.\n",
     "Gõ chữ VNeID vào ô tìm kiếm, rồi chạm nút tải về.\n\n"
     "![Nút tải về] (screens/tim-ung-dung.png)\n\n"
     "Nếu chưa thấy kho ứng dụng thì bác hãy hỏi con cháu hoặc tình nguyện viên ngồi bên cạnh để họ chỉ cho "
     "bác chỗ của kho ứng dụng trên màn hình điện thoại.\n\n"
     "Cần hỏi thì gọi 0912 345 678. Học xong bác sẽ hoà nhập dễ hơn.\n")
swap("    answer: 1\nsources:", "    answer: 3\nsources:")
open(lesson, "w", encoding="utf-8").write(s)
second = lesson.replace("cai-dat-vneid/", "tai-khoan-muc-2/")
t = open(second, encoding="utf-8").read()
assert "requires: [cai-dat-vneid]" in t
open(second, "w", encoding="utf-8").write(t.replace("requires: [cai-dat-vneid]", "requires: [cai-dat-vneid, nhan-biet-lua-dao]", 1))
p = open(po, encoding="utf-8").read()
old = '"On an Android phone, open **CH Play**.'
assert old in p
open(po, "w", encoding="utf-8").write(p.replace(old, '"On an Android phone, open *CH Play**.', 1))
PY
cp content/lessons/cai-dat-vneid/screens/tim-ung-dung.png content/lessons/cai-dat-vneid/screens/thua.png
cp content/lessons/cai-dat-vneid/screens/tim-ung-dung.png "content/lessons/cai-dat-vneid/screens/anh moi.png"
mkdir content/lessons/mo-coi && cp "$lesson" content/lessons/mo-coi/lesson.md

# ---- every message in both languages, word for word -----------------------------------
run "$HOCSO" check --lang en
expect_status 1 "check --lang en"
en_err=$ERR
run "$HOCSO" check --lang vi
expect_status 1 "check --lang vi"
vi_err=$ERR
# both WHAT ENGLISH VIETNAMESE: each line in its language's output.
both() {
  expect_in "$en_err" "$2" "$1 in English"
  expect_in "$vi_err" "$3" "$1 in Vietnamese"
}
both quiz-answer-range \
  "$lesson:58:13: error: quiz question 3: answer 3 is not one of its 3 choices; answer counts from 0: write 0 for choice 1, up to 2 for choice 3 [quiz-answer-range]" \
  "$lesson:58:13: lỗi: câu hỏi ôn tập 3: answer: 3 không phải một trong 3 lựa chọn của câu; answer đếm từ 0: ghi 0 cho lựa chọn thứ 1, đến 2 cho lựa chọn thứ 3 [quiz-answer-range]"
both lesson-not-in-pack \
  "content/lessons/mo-coi/lesson.md: warning: the lesson folder 'mo-coi' is in no pack: no file in content/packs lists it, so it is never checked or built; add 'mo-coi' to a pack's lessons: list, or remove the folder [lesson-not-in-pack]" \
  "content/lessons/mo-coi/lesson.md: cảnh báo: thư mục bài học 'mo-coi' không thuộc gói nào: không tệp nào trong content/packs ghi tên nó, nên nó không bao giờ được kiểm tra hay đóng gói; hãy thêm 'mo-coi' vào danh sách lessons: của một gói, hoặc xóa thư mục này [lesson-not-in-pack]"
both file-name-space \
  "content/lessons/cai-dat-vneid/screens/anh moi.png: warning: the file name 'screens/anh moi.png' has a space, which breaks a picture's Markdown: rename the file without spaces, like screens/anh-moi.png, and write that name in the lesson [file-name-space]" \
  "content/lessons/cai-dat-vneid/screens/anh moi.png: cảnh báo: tên tệp 'screens/anh moi.png' có dấu cách, làm hỏng cách ghi hình trong Markdown: hãy đổi tên tệp cho không còn dấu cách, ví dụ screens/anh-moi.png, rồi ghi tên đó trong bài học [file-name-space]"
both screenshot-unused \
  "content/lessons/cai-dat-vneid/screens/thua.png: warning: the picture 'screens/thua.png' is not shown by any step: show it with ![what it shows](screens/thua.png) or delete the file [screenshot-unused]" \
  "content/lessons/cai-dat-vneid/screens/thua.png: cảnh báo: hình 'screens/thua.png' không được bước nào hiển thị: hãy đưa nó vào bài bằng ![hình cho thấy gì](screens/thua.png) hoặc xóa tệp [screenshot-unused]"
both overlay-unused \
  "content/lessons/cai-dat-vneid/lesson.md:16:3: warning: screens: 'screens/thua.png' draws on a picture that no step shows; show the picture with ![what it shows](screens/thua.png) or remove this entry [overlay-unused]" \
  "content/lessons/cai-dat-vneid/lesson.md:16:3: cảnh báo: screens: 'screens/thua.png' vẽ lên một hình mà không bước nào hiển thị; hãy đưa hình vào bài bằng ![hình cho thấy gì](screens/thua.png) hoặc xóa mục này [overlay-unused]"
both privacy-phone \
  "content/lessons/cai-dat-vneid/lesson.md:83:17: error: this looks like a phone number, 09•• ••• •78; personal data must not be published: write a made-up one such as 0xx xxx xxxx, or, if it is not personal (a public hotline, an example), list it under \`privacy: allow:\` in content/packs/hocso-co-ban.yaml [privacy-phone]" \
  "content/lessons/cai-dat-vneid/lesson.md:83:17: lỗi: chỗ này giống số điện thoại, 09•• ••• •78; không được đưa thông tin cá nhân ra ngoài: hãy thay bằng một giá trị giả, ví dụ 0xx xxx xxxx, hoặc nếu đó không phải thông tin cá nhân (số đường dây nóng công khai, số ví dụ), hãy ghi nó vào \`privacy: allow:\` trong content/packs/hocso-co-ban.yaml [privacy-phone]"
both markup-as-text \
  "content/lessons/cai-dat-vneid/lesson.md:79:1: error: '![Nút tải về] (screens/tim-ung-dung.png)' will show as typed, not as a picture: remove the space between ] and ( [markup-as-text]" \
  "content/lessons/cai-dat-vneid/lesson.md:79:1: lỗi: '![Nút tải về] (screens/tim-ung-dung.png)' sẽ hiện nguyên như đã gõ, không thành hình: hãy xóa dấu cách giữa ] và ( [markup-as-text]"
both step-too-many-words \
  "content/lessons/cai-dat-vneid/lesson.md:74:1: warning: step 1 ('Tải VNeID từ CH Play hoặc App Store') has 104 words, more than 70 for learners who read slowly: split it into two steps (one action each) or shorten it [step-too-many-words]" \
  "content/lessons/cai-dat-vneid/lesson.md:74:1: cảnh báo: bước 1 ('Tải VNeID từ CH Play hoặc App Store') có 104 chữ, nhiều hơn 70 chữ đối với người học đọc chậm: hãy tách thành hai bước (mỗi bước một thao tác) hoặc viết ngắn lại [step-too-many-words]"
both heading-step-number \
  "content/lessons/cai-dat-vneid/lesson.md:90:1: warning: the heading 'Bước 2: Chọn Kích hoạt tài khoản định danh…' starts with a step number; the viewer numbers steps itself (it would show 'Bước 2: Bước 2: Chọn Kích hoạt tài khoản định danh điện tử'): write only the action, 'Chọn Kích hoạt tài khoản định danh điện tử' [heading-step-number]" \
  "content/lessons/cai-dat-vneid/lesson.md:90:1: cảnh báo: tiêu đề 'Bước 2: Chọn Kích hoạt tài khoản định danh…' bắt đầu bằng số bước; trình xem tự đánh số các bước (sẽ hiện thành 'Bước 2: Bước 2: Chọn Kích hoạt tài khoản định danh điện tử'): chỉ cần ghi thao tác, 'Chọn Kích hoạt tài khoản định danh điện tử' [heading-step-number]"
both step-no-picture \
  "content/lessons/cai-dat-vneid/lesson.md:139:1: warning: step 8 ('Giữ bí mật mã OTP, mật khẩu và passcode') has no picture; add a picture of what the learner sees, with the thing to tap marked [step-no-picture]" \
  "content/lessons/cai-dat-vneid/lesson.md:139:1: cảnh báo: bước 8 ('Giữ bí mật mã OTP, mật khẩu và passcode') chưa có hình; hãy thêm một hình chụp những gì người học nhìn thấy, có đánh dấu chỗ cần chạm [step-no-picture]"
both sentence-too-long \
  "content/lessons/cai-dat-vneid/lesson.md:81:1: warning: the sentence 'Nếu chưa thấy kho ứng dụng thì bác hãy hỏi con…' has 34 words, more than 25: split it into shorter sentences, one idea each [sentence-too-long]" \
  "content/lessons/cai-dat-vneid/lesson.md:81:1: cảnh báo: câu 'Nếu chưa thấy kho ứng dụng thì bác hãy hỏi con…' có 34 chữ, nhiều hơn 25: hãy tách thành những câu ngắn hơn, mỗi câu một ý [sentence-too-long]"
both tone-mark-style \
  "content/lessons/cai-dat-vneid/lesson.md:83:47: warning: 'hoà' has its tone mark in the new style; this pack writes the old style: 'hòa' [tone-mark-style]" \
  "content/lessons/cai-dat-vneid/lesson.md:83:47: cảnh báo: 'hoà' đặt dấu thanh theo kiểu mới; gói này viết theo kiểu cũ: 'hòa' [tone-mark-style]"
both requires-later \
  "content/lessons/tai-khoan-muc-2/lesson.md:9:27: warning: requires 'nhan-biet-lua-dao', which comes later in the pack; learners take lessons in pack order: list 'nhan-biet-lua-dao' before 'tai-khoan-muc-2' in the pack's lessons: [requires-later]" \
  "content/lessons/tai-khoan-muc-2/lesson.md:9:27: cảnh báo: cần bài 'nhan-biet-lua-dao' trước, nhưng bài đó đứng sau trong gói; người học học theo thứ tự của gói: hãy ghi 'nhan-biet-lua-dao' trước 'tai-khoan-muc-2' trong danh sách lessons: của gói [requires-later]"
both translation-markup \
  "content/i18n/en/cai-dat-vneid.po:194:1: warning: the translation of \"Điện thoại Android thì mở **CH Play**. iPhone thì…\" (content/lessons/cai-dat-vneid/lesson.md:76) cannot be used: its emphasis markers (* _ ** __) differ from the source's; it is not used until it is fixed (learners see the text in the next language of the fallback chain) [translation-markup]" \
  "content/i18n/en/cai-dat-vneid.po:194:1: cảnh báo: không dùng được bản dịch của \"Điện thoại Android thì mở **CH Play**. iPhone thì…\" (content/lessons/cai-dat-vneid/lesson.md:76): các dấu nhấn mạnh (* _ ** __) trong bản dịch khác với bản gốc; bản dịch sẽ không được dùng cho đến khi sửa xong (người học sẽ thấy chữ bằng ngôn ngữ kế tiếp trong chuỗi ngôn ngữ thay thế) [translation-markup]"
both step-too-long \
  "content/lessons/cai-dat-vneid/lesson.md:74:1: warning: step 1 (\"Tải VNeID từ CH Play hoặc App Store\") has 474 characters of text in vi, more than fit on one screen of the 'phone' profile beside its picture (320): split it into two steps or shorten it [step-too-long]" \
  "content/lessons/cai-dat-vneid/lesson.md:74:1: cảnh báo: bước 1 (\"Tải VNeID từ CH Play hoặc App Store\") có 474 ký tự chữ bằng vi, nhiều hơn một màn hình của loại thiết bị 'phone' chứa được bên cạnh hình (320): hãy tách thành hai bước hoặc viết ngắn lại [step-too-long]"
both summary "hocso check: 3 errors, 27 warnings" "hocso check: 3 lỗi, 27 cảnh báo"

# The places, check ids and severities are the same in both languages, line for line.
places() {  # "file:line:col: severity [check-id]", severity in English
  sed -nE 's/^([^ ]+): (error|lỗi): .* (\[[a-z0-9-]+\])$/\1 error \3/p; s/^([^ ]+): (warning|cảnh báo): .* (\[[a-z0-9-]+\])$/\1 warning \3/p' <<<"$1"
}
en_places=$(places "$en_err"); vi_places=$(places "$vi_err")
[ "$(wc -l <<<"$en_places")" -ge 15 ] && pass || fail "too few diagnostics read: $en_places"
[ "$en_places" == "$vi_places" ] && pass || fail "places differ between en and vi: $(diff <(echo "$en_places") <(echo "$vi_places"))"

# JSON: the same ids, severities and places; the messages in the language asked.
run "$HOCSO" check --lang en --format json
en_json=$OUT
run "$HOCSO" check --lang vi --format json
python3 - "$en_json" "$OUT" <<'PY' && pass || fail "json en/vi"
import json, sys
en, vi = (json.loads(a)["diagnostics"] for a in sys.argv[1:3])
key = lambda d: (d["file"], d["line"], d["column"], d["severity"], d["check"])
assert [key(d) for d in en] == [key(d) for d in vi], "ids or places differ"
assert {d["severity"] for d in vi} == {"error", "warning"}, {d["severity"] for d in vi}
step = [d["message"] for d in vi if d["check"] == "step-no-picture"][0]
assert step.startswith("bước 8 ('Giữ bí mật mã OTP, mật khẩu và passcode') chưa có hình;"), step
assert [d["message"] for d in en if d["check"] == "step-no-picture"][0].startswith("step 8 (")
PY

# ---- the environment chooses when --lang does not -------------------------------------
vi_line="content/lessons/cai-dat-vneid/lesson.md:139:1: cảnh báo: bước 8 ('Giữ bí mật mã OTP, mật khẩu và passcode') chưa có hình; hãy thêm một hình chụp những gì người học nhìn thấy, có đánh dấu chỗ cần chạm [step-no-picture]"
en_line="content/lessons/cai-dat-vneid/lesson.md:139:1: warning: step 8 ('Giữ bí mật mã OTP, mật khẩu và passcode') has no picture; add a picture of what the learner sees, with the thing to tap marked [step-no-picture]"
run env -u LANGUAGE LANG=vi_VN.UTF-8 "$HOCSO" check
expect_in "$ERR" "$vi_line" "LANG=vi_VN.UTF-8 (a locale this machine need not have)"
run env LANGUAGE=vi "$HOCSO" check
expect_in "$ERR" "$vi_line" "LANGUAGE=vi"
run env LANGUAGE=fr:vi LANG=en_US.UTF-8 "$HOCSO" check
expect_in "$ERR" "$vi_line" "LANGUAGE=fr:vi: the first language hocso has"
run env -u LANGUAGE LC_ALL=C LANG=vi_VN.UTF-8 "$HOCSO" check
expect_in "$ERR" "$en_line" "LC_ALL=C comes before LANG"
run env LANGUAGE=vi "$HOCSO" check --lang en
expect_in "$ERR" "$en_line" "--lang en over LANGUAGE=vi"
run env -u LANGUAGE -u LANG -u LC_ALL -u LC_MESSAGES "$HOCSO" check
expect_in "$ERR" "$en_line" "no language set: English"

# ---- usage ----------------------------------------------------------------------------
run "$HOCSO" check --lang fr
expect_status 2 "--lang fr"
expect_in "$ERR" "--lang: hocso has no messages in 'fr': write en (English) or vi (Vietnamese)"
run "$HOCSO" check --lang vi --lang-x
expect_status 2 "an unknown option"
expect_in "$ERR" $'không cần ở đây: --lang-x\nChạy kèm --help để xem các tùy chọn.' "CLI11's slip in Vietnamese"
run "$HOCSO" check --lang en --lang-x
expect_in "$ERR" $'not expected here: --lang-x\nRun with --help to see the options.' "CLI11's slip in English"
run "$HOCSO" --lang vi verify
expect_status 2 "verify without its bundle"
expect_in "$ERR" "cần có bundle" "a missing argument in Vietnamese"
run "$HOCSO" --lang vi --help
expect_status 0 "hocso --lang vi --help"
expect_in "$OUT" "  --lang en|vi                Ngôn ngữ của thông báo: en (tiếng Anh) hoặc vi (tiếng Việt); mặc định theo LANGUAGE, LC_ALL, LC_MESSAGES hoặc LANG"
expect_in "$OUT" "  check                       Kiểm tra các gói và bài học, không ghi gì ra"
run "$HOCSO" --help
expect_in "$OUT" "  check                       Validate packs and lessons without writing anything"
expect_in "$OUT" "Messages are in English or Vietnamese: --lang en|vi, else LANGUAGE or LANG (vi_VN.UTF-8)."
run "$HOCSO" check --help --lang vi
expect_in "$OUT" "--lang en|vi" "check --help lists --lang"
# The whole help of check in Vietnamese: CLI11's own words, every option, the footer.
expect_in "$OUT" "Cách dùng: hocso check [TÙY CHỌN] [packs...]"
expect_in "$OUT" $'Tùy chọn:\n  -h,--help                   Xem hướng dẫn này rồi thoát'
expect_in "$OUT" "  --strict                    Coi mọi cảnh báo là lỗi (thoát với mã 1, không ghi gói nào)"
expect_in "$OUT" "Mã thoát: 0 không có lỗi, 1 lỗi nội dung, 2 lỗi cách dùng hoặc lỗi môi trường."
expect_not_in "$OUT" "Options:" "no English group name"
expect_not_in "$OUT" "Print this help" "no English help flag"
run "$HOCSO" serve --help --lang vi
expect_in "$OUT" "  bundle BUNDLE               Gói .hocso" "serve's help in Vietnamese (volunteers run it on kiosks)"
expect_in "$OUT" "Giới hạn cố định: phần đầu yêu cầu tối đa 8192 byte và 64 trường" "serve's footer, its numbers filled in"
run "$HOCSO" i18n --help --lang vi
expect_in "$OUT" $'Các lệnh:\n  extract' "i18n lists its commands under Các lệnh"
run "$HOCSO" check --help --lang en
expect_in "$OUT" "Usage: hocso check [OPTIONS] [packs...]"
expect_in "$OUT" $'Options:\n  -h,--help                   Print this help message and exit'
run "$HOCSO" handout --help
expect_in "$OUT" "The language of the handout (one of the pack's languages)" "handout keeps its own --lang"

# ---- messages a writer can act on (issue 15 point 4) -------------------------------------
copy_content more
cd "$SCRATCH/more"
python3 - <<'PY'
def swap(path, old, new):
    s = open(path, encoding="utf-8").read()
    assert old in s, old
    open(path, "w", encoding="utf-8").write(s.replace(old, new, 1))
swap("content/lessons/nhan-biet-lua-dao/lesson.md", "objectives:\n  - ", "objectives:\n\t- ")
swap("content/lessons/cai-dat-vneid/lesson.md", "highlight: [[40, 400, 460, 80]]", "highlight: [40, 400, 460, 80]")
swap("content/lessons/mat-khau-va-otp/lesson.md", "## Chọn mật khẩu người khác khó đoán\n",
     "## Chọn mật khẩu người khác khó đoán\n\n[Mật khẩu mạnh](screens/mat-khau-manh.png)\n")
swap("content/lessons/thanh-toan-vietqr/lesson.md", "duration_minutes: 15\n", "duration_minutes: 15\nlevel: co-ban\n")
swap("content/lessons/sinh-trac-hoc-ngan-hang/lesson.md", "level: co-ban\n", "level: co-ban\n2024: nam\n")
# A paragraph typed in the old TCVN3 (ABC) encoding, as old Word files have it.
swap("content/lessons/nhan-biet-tin-gia/lesson.md", "\n## ", "\nXin chµo c¸c b¹n.\n\n## ")
PY
sed -i 's|^summary: .*|&\nshare_url: hocso.example.org/co-ban/|' content/packs/hocso-co-ban.yaml
echo "not a picture" > content/lessons/vnpt-smartca/screens/bat-van-tay.png
run "$HOCSO" check --lang en
en_err=$ERR
run "$HOCSO" check --lang vi
vi_err=$ERR
both yaml-tab \
  "content/lessons/nhan-biet-lua-dao/lesson.md:11:1: error: YAML syntax error: a tab indents this line; YAML indents with spaces only: replace the tab with spaces [yaml-tab]" \
  "content/lessons/nhan-biet-lua-dao/lesson.md:11:1: lỗi: YAML sai cú pháp: dòng này thụt vào bằng phím tab; YAML chỉ thụt vào bằng dấu cách: hãy thay tab bằng dấu cách [yaml-tab]"
both legacy-encoding \
  "content/lessons/nhan-biet-tin-gia/lesson.md:79:7: error: \"chµo\" looks like text in the TCVN3 (ABC) legacy encoding (it would read \"chào\"); convert the file to Unicode (UTF-8), e.g. with UniKey's converter [legacy-encoding]" \
  "content/lessons/nhan-biet-tin-gia/lesson.md:79:7: lỗi: \"chµo\" giống chữ gõ bằng bảng mã cũ TCVN3 (ABC) (đọc đúng sẽ là \"chào\"); hãy chuyển tệp sang Unicode (UTF-8), ví dụ bằng công cụ chuyển mã của UniKey [legacy-encoding]"
both image-format \
  "content/lessons/vnpt-smartca/lesson.md:19:3: error: overlay image 'screens/bat-van-tay.png' is not a PNG, JPEG or WebP image [image-format]" \
  "content/lessons/vnpt-smartca/lesson.md:19:3: lỗi: hình 'screens/bat-van-tay.png' (trong screens:) không phải hình PNG, JPEG hay WebP [image-format]"
both image-format \
  "content/lessons/vnpt-smartca/lesson.md:86:1: error: image 'screens/bat-van-tay.png' is not a PNG, JPEG or WebP image [image-format]" \
  "content/lessons/vnpt-smartca/lesson.md:86:1: lỗi: hình 'screens/bat-van-tay.png' không phải hình PNG, JPEG hay WebP [image-format]"
both share-url-invalid \
  "content/packs/hocso-co-ban.yaml:5:12: error: share_url 'hocso.example.org/co-ban/': not a whole http or https address (Bad scheme) [share-url-invalid]" \
  "content/packs/hocso-co-ban.yaml:5:12: lỗi: share_url 'hocso.example.org/co-ban/': không phải một địa chỉ http hay https đầy đủ (Bad scheme) [share-url-invalid]"
both yaml-duplicate-key \
  "content/lessons/thanh-toan-vietqr/lesson.md:7:1: error: duplicate key \"level\" (first defined on line 5) [yaml-duplicate-key]" \
  "content/lessons/thanh-toan-vietqr/lesson.md:7:1: lỗi: khóa \"level\" bị lặp (đã có ở dòng 5) [yaml-duplicate-key]"
both yaml-key-type \
  "content/lessons/sinh-trac-hoc-ngan-hang/lesson.md:6:1: error: the key 2024 is a number; mapping keys must be text (write it in quotes: \"2024\") [yaml-key-type]" \
  "content/lessons/sinh-trac-hoc-ngan-hang/lesson.md:6:1: lỗi: khóa 2024 là một số; khóa phải là chữ (hãy đặt trong ngoặc kép: \"2024\") [yaml-key-type]"
both overlay-invalid \
  "content/lessons/cai-dat-vneid/lesson.md:17:16: error: screens: screens/tim-ung-dung.png, highlight: a rectangle goes inside a list of rectangles, even when there is only one: write highlight: [[40, 400, 460, 80]] [overlay-invalid]" \
  "content/lessons/cai-dat-vneid/lesson.md:17:16: lỗi: screens: screens/tim-ung-dung.png, highlight: mỗi hình chữ nhật phải nằm trong một danh sách hình chữ nhật, kể cả khi chỉ có một: hãy ghi highlight: [[40, 400, 460, 80]] [overlay-invalid]"
both link-to-image \
  "content/lessons/mat-khau-va-otp/lesson.md:66:1: error: link 'screens/mat-khau-manh.png' goes to a picture, and a link cannot show one; did you mean the picture ![what it shows](screens/mat-khau-manh.png)? Put a ! before the [ [link-to-image]" \
  "content/lessons/mat-khau-va-otp/lesson.md:66:1: lỗi: liên kết 'screens/mat-khau-manh.png' dẫn tới một hình, mà liên kết thì không hiện được hình; có phải ý bạn là hình ![hình cho thấy gì](screens/mat-khau-manh.png)? Hãy thêm dấu ! trước dấu [ [link-to-image]"
cd "$SCRATCH"

# ---- the result lines of check and build, on the sample as it is ----------------------
copy_content clean
cd "$SCRATCH/clean"
run "$HOCSO" check --lang en
expect_status 0 "check of the sample"
expect_in "$OUT" "1 pack checked: 0 errors, 0 warnings"
run "$HOCSO" check --lang vi
expect_status 0 "check --lang vi of the sample"
expect_in "$OUT" "đã kiểm tra 1 gói: 0 lỗi, 0 cảnh báo"
run "$HOCSO" check --lang en content/lessons/cai-dat-vneid
expect_in "$OUT" "lesson cai-dat-vneid (pack content/packs/hocso-co-ban.yaml) checked: 0 errors, 0 warnings"
run "$HOCSO" check --lang vi content/lessons/cai-dat-vneid
expect_in "$OUT" "đã kiểm tra bài cai-dat-vneid (gói content/packs/hocso-co-ban.yaml): 0 lỗi, 0 cảnh báo"

# lesson_says EN VI: `hocso check` of the lesson prints the line EN with --lang
# en (kept in $en_err) and VI with --lang vi.
lesson_says() {
  run "$HOCSO" check --lang en content/lessons/cai-dat-vneid
  expect_in "$ERR" "$1"
  en_err=$ERR
  run "$HOCSO" check --lang vi content/lessons/cai-dat-vneid
  expect_in "$ERR" "$2"
}

# A misspelt picture name in screens: gets "did you mean", in both languages.
sed -i 's|^  screens/tim-ung-dung.png:$|  screens/tim-ung-dung.pgn:|' "$lesson"
lesson_says "$lesson:16:3: error: overlay image 'screens/tim-ung-dung.pgn' does not exist in the lesson folder; did you mean 'screens/tim-ung-dung.png'? [image-missing]" \
  "$lesson:16:3: lỗi: hình 'screens/tim-ung-dung.pgn' (trong screens:) không có trong thư mục bài học; có phải ý bạn là 'screens/tim-ung-dung.png'? [image-missing]"
sed -i 's|^  screens/tim-ung-dung.pgn:$|  screens/tim-ung-dung.png:|' "$lesson"

# A misspelt required key: one error at the key, naming the key it should be.
sed -i 's/^summary:/sumary:/' "$lesson"
lesson_says "$lesson:4:1: error: unknown key 'sumary' in lesson front matter; did you mean 'summary', which is required? [schema]" \
  "$lesson:4:1: lỗi: khóa lạ 'sumary' trong phần đầu YAML của bài; có phải ý bạn là 'summary' (khóa bắt buộc phải có)? [schema]"
expect_not_in "$en_err" "missing required key" "the missing key is the same error"
sed -i 's/^sumary:/summary:/' "$lesson"

# Values of the wrong kind, out of range, not in the list or repeated (the
# schema's own messages), with the list items they name.
sed -i 's/^duration_minutes: 20$/duration_minutes: hai mươi/; s/^level: co-ban$/level: kho/; s/^audience: \[nguoi-cao-tuoi, nguoi-dan\]$/audience: [nguoi-dan, nguoi-dan]/' "$lesson"
run "$HOCSO" check --lang en content/lessons/cai-dat-vneid
expect_in "$ERR" "$lesson:6:19: error: duration_minutes: expected a whole number, got text 'hai mươi' [schema]"
expect_in "$ERR" "$lesson:5:8: error: level: expected one of co-ban, trung-binh, nang-cao; got 'kho' [schema]"
expect_in "$ERR" "$lesson:7:23: error: audience item 2: 'nguoi-dan' repeats audience item 1; list each once [schema]"
run "$HOCSO" check --lang vi content/lessons/cai-dat-vneid
expect_in "$ERR" "$lesson:6:19: lỗi: duration_minutes: cần một số nguyên, nhưng ở đây là chữ 'hai mươi' [schema]"
expect_in "$ERR" "$lesson:5:8: lỗi: level: cần một trong các giá trị co-ban, trung-binh, nang-cao; nhưng ở đây là 'kho' [schema]"
expect_in "$ERR" "$lesson:7:23: lỗi: mục 2 của audience: 'nguoi-dan' lặp lại mục 1 của audience; mỗi giá trị chỉ ghi một lần [schema]"
sed -i 's/^duration_minutes: hai mươi$/duration_minutes: 999/' "$lesson"
run "$HOCSO" check --lang vi content/lessons/cai-dat-vneid
expect_in "$ERR" "$lesson:6:19: lỗi: duration_minutes: cần một số nguyên từ 1 đến 240, nhưng ở đây là 999 [schema]"
sed -i 's/^duration_minutes: 999$/duration_minutes: 20/; s/^level: kho$/level: co-ban/; s/^audience: \[nguoi-dan, nguoi-dan\]$/audience: [nguoi-cao-tuoi, nguoi-dan]/' "$lesson"
run "$HOCSO" check --lang vi content/lessons/cai-dat-vneid
expect_not_in "$ERR" "[schema]" "the lesson is whole again"

# What a value must look like (the schema's description of its pattern, in
# the catalog through build-tools/update-pot), and the review date's rules.
sed -i 's|^    url: https://cafef.vn/|    url: ftp://cafef.vn/|; s|^reviewed: 2026-12-03$|reviewed: 03/12/2026|' "$lesson"
grep -q '^reviewed: 03/12/2026$' "$lesson" && grep -q 'url: ftp://cafef' "$lesson" && pass || fail "the url and reviewed lines changed"
run "$HOCSO" check --lang en content/lessons/cai-dat-vneid
expect_in "$ERR" "$lesson:60:10: error: source 2, url: expected a whole https:// or http:// address, only one you have opened yourself; got 'ftp://cafef.vn/bo-cong-an-khuyen-cao-4-dieu-nguoi-dan-can-lu…' [schema]"
expect_in "$ERR" "$lesson:61:11: error: reviewed: '03/12/2026' is not a day of the calendar written YYYY-MM-DD, like 2026-12-02 [reviewed-date]"
run "$HOCSO" check --lang vi content/lessons/cai-dat-vneid
expect_in "$ERR" "$lesson:60:10: lỗi: nguồn 2, url: cần một địa chỉ https:// hoặc http:// đầy đủ, chỉ ghi địa chỉ đã tự mở xem; nhưng ở đây là 'ftp://cafef.vn/bo-cong-an-khuyen-cao-4-dieu-nguoi-dan-can-lu…' [schema]"
expect_in "$ERR" "$lesson:61:11: lỗi: reviewed: '03/12/2026' không phải một ngày có thật viết theo dạng NĂM-THÁNG-NGÀY (YYYY-MM-DD), ví dụ 2026-12-02 [reviewed-date]"
sed -i 's|^reviewed: 03/12/2026$|reviewed: 2999-01-01|' "$lesson"
run "$HOCSO" check --lang vi content/lessons/cai-dat-vneid
expect_in "$ERR" "$lesson:61:11: lỗi: reviewed: '2999-01-01' là một ngày sau hôm nay; hãy ghi ngày đã kiểm tra các thông tin của bài [reviewed-date]"
sed -i 's|^    url: ftp://cafef.vn/|    url: https://cafef.vn/|; s|^reviewed: 2999-01-01$|reviewed: 2026-12-03|' "$lesson"
run "$HOCSO" check --lang vi content/lessons/cai-dat-vneid
expect_not_in "$ERR" "[schema]" "the sources are whole again"
expect_not_in "$ERR" "[reviewed-date]" "the review date is whole again"

# A lesson id that is a path: the pack loader and validate-core word it alike in
# each language, so it is one error, not two.
sed -i 's|^  - ky-so-tren-vneid$|  - ../../etc|' content/packs/hocso-co-ban.yaml
run "$HOCSO" check --lang vi
expect_in "$ERR" "lỗi: mã bài '../../etc' không hợp lệ: mã bài là tên một thư mục, không phải đường dẫn; hãy dùng chữ thường a-z không dấu, chữ số 0-9 và dấu gạch nối đơn, ví dụ cai-dat-vneid [lesson-id-invalid]"
[ "$(grep -c 'lesson-id-invalid' <<<"$ERR")" -eq 1 ] && pass || fail "the invalid id reported more than once in vi: $ERR"
sed -i 's|^  - \.\./\.\./etc$|  - ky-so-tren-vneid|' content/packs/hocso-co-ban.yaml
grep -q '^  - ky-so-tren-vneid$' content/packs/hocso-co-ban.yaml && pass || fail "fixture: the pack is whole again"

# A language without its plugin: the error, and a build that writes nothing.
sed -i 's/^languages: \[vi, en\]$/languages: [vi, en, mtq]/' content/packs/hocso-co-ban.yaml
run "$HOCSO" build --lang en --profile phone --out "$SCRATCH/dist"
expect_status 1 "build with mtq"
expect_in "$ERR" "content/packs/hocso-co-ban.yaml:6:21: error: language 'mtq' has no language plugin, so its texts cannot be checked or shown; did you mean 'mtq-Latn-VN'? [language-plugin-missing]"
expect_in "$ERR" "hocso build: 1 error, 0 warnings"
expect_in "$ERR" "hocso build: no bundle written"
run "$HOCSO" build --lang vi --profile phone --out "$SCRATCH/dist"
expect_status 1 "build --lang vi with mtq"
expect_in "$ERR" "content/packs/hocso-co-ban.yaml:6:21: lỗi: ngôn ngữ 'mtq' chưa có phần bổ trợ ngôn ngữ, nên không thể kiểm tra hay hiển thị chữ của nó; có phải ý bạn là 'mtq-Latn-VN'? [language-plugin-missing]"
expect_in "$ERR" "hocso build: 1 lỗi, 0 cảnh báo"
expect_in "$ERR" "hocso build: không ghi gói bài học nào"
[ ! -e "$SCRATCH/dist" ] && pass || fail "a failed build wrote $SCRATCH/dist"
sed -i 's/^languages: \[vi, en, mtq\]$/languages: [vi, en]/' content/packs/hocso-co-ban.yaml

# Loading a pack and a lesson body: a lesson listed without its folder, raw HTML.
sed -i 's/^  - ky-so-tren-vneid$/&\n  - bai-khong-co/' content/packs/hocso-co-ban.yaml
printf '\n<b>Chú ý</b>\n' >> "$lesson"
run "$HOCSO" check --lang en
expect_status 1 "check with a missing lesson and raw HTML"
expect_in "$ERR" "error: lesson 'bai-khong-co' is listed but its folder content/lessons/bai-khong-co does not exist [lesson-missing]"
expect_in "$ERR" "error: raw HTML (HTML comments too) is not allowed in a lesson; write Markdown [raw-html]"
run "$HOCSO" check --lang vi
expect_in "$ERR" "lỗi: bài 'bai-khong-co' có tên trong gói nhưng không có thư mục content/lessons/bai-khong-co [lesson-missing]"
expect_in "$ERR" "lỗi: không được viết HTML trong bài (kể cả chú thích HTML); hãy viết bằng Markdown [raw-html]"

# ---- messages for volunteers, operators and plugin authors (issue 15 point 5) -----------
# A key with a password and no way to ask for it; a plugin that is not one;
# publish, pull and serve refusing to start; CLI11's value out of range; a
# language.yaml's schema slip: each word for word in both languages.
mkdir -p "$SCRATCH/ops"
cd "$SCRATCH/ops"
HOCSO_KEY_PASSWORD=mat-khau "$HOCSO" keygen --out locked >/dev/null
"$HOCSO" keygen --out open --unencrypted >/dev/null
# en_vi WHAT STATUS ENGLISH VIETNAMESE -- CMD...: CMD's stderr with --lang en
# and with --lang vi holds each line.
en_vi() {
  local what=$1 status=$2 en=$3 vi=$4
  shift 5
  run env -u HOCSO_KEY_PASSWORD "$@" --lang en </dev/null
  expect_status "$status" "$what (en)"
  expect_in "$ERR" "$en" "$what in English"
  run env -u HOCSO_KEY_PASSWORD "$@" --lang vi </dev/null
  expect_status "$status" "$what (vi)"
  expect_in "$ERR" "$vi" "$what in Vietnamese"
}
en_vi "an encrypted key without its password" 2 \
  "hocso build: error: $SCRATCH/ops/locked.key is encrypted: set HOCSO_KEY_PASSWORD to its password, or run from a terminal to be asked for it" \
  "hocso build: lỗi: $SCRATCH/ops/locked.key có mật khẩu: hãy đặt mật khẩu của nó vào HOCSO_KEY_PASSWORD, hoặc chạy trong cửa sổ dòng lệnh để được hỏi mật khẩu" \
  -- "$HOCSO" build "$SCRATCH/clean/$pack" --key "$SCRATCH/ops/locked.key"
en_vi "a file in the plugin folder that is not a plugin" 0 \
  "$HOCSO_TEST_PLUGIN_DIR/hocso-not-a-plugin.so: warning: plugin not loaded: is not a hocso plugin: it has no 'hocso_plugin_entry' entry point [plugin-not-a-plugin]" \
  "$HOCSO_TEST_PLUGIN_DIR/hocso-not-a-plugin.so: cảnh báo: không nạp phần bổ trợ: không phải phần bổ trợ của hocso: nó không có điểm vào 'hocso_plugin_entry' [plugin-not-a-plugin]" \
  -- "$HOCSO" plugin list --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
(cd "$SCRATCH/clean" && "$HOCSO" check --plugin-dir "$HOCSO_TEST_PLUGIN_DIR" --lang vi >/dev/null 2>"$SCRATCH/ops/check.err") || true
expect_in "$(cat "$SCRATCH/ops/check.err")" \
  "cảnh báo: phần bổ trợ $HOCSO_TEST_PLUGIN_DIR/hocso-bad-version.so được dựng cho API phần bổ trợ phiên bản 2, còn hocso này có phiên bản 6.4; hãy dựng lại nó với các tệp header của hocso này [plugin-api-version]" \
  "a plugin for another API version in check, in Vietnamese"
mkdir -p full empty && echo x > full/root.json
en_vi "channel init into a folder that is not empty" 2 \
  "hocso channel: error: full: not empty; a channel is created in a new or empty folder" \
  "hocso channel: lỗi: full: không trống; kênh phải được tạo trong một thư mục mới hoặc trống" \
  -- "$HOCSO" channel init full --root-key open.key --channel-key open.pub
en_vi "publish into a folder that is no channel" 2 \
  "hocso publish: error: empty: no root.json; create the channel with \`hocso channel init\`" \
  "hocso publish: lỗi: empty: không có root.json; hãy tạo kênh bằng \`hocso channel init\`" \
  -- "$HOCSO" publish open.pub --channel empty --key open.key
en_vi "a first pull without --trust" 2 \
  "hocso pull: error: kiosk: no trusted root yet; give the channel's root public key with --trust ROOT.pub" \
  "hocso pull: lỗi: kiosk: chưa có tệp gốc tin cậy; hãy đưa khóa công khai gốc của kênh bằng --trust ROOT.pub" \
  -- "$HOCSO" pull full --into kiosk
en_vi "serve without its bundle" 2 \
  "hocso serve: error: mat.hocso: no such file" \
  "hocso serve: lỗi: mat.hocso: không có tệp này" \
  -- "$HOCSO" serve mat.hocso
en_vi "a port out of range (CLI11)" 2 \
  "--port: 70000 is out of range: write a number from 0 to 65535" \
  "--port: 70000 nằm ngoài giới hạn: hãy ghi một số từ 0 đến 65535" \
  -- "$HOCSO" serve mat.hocso --port 70000
en_vi "a port that is not a number (CLI11)" 2 \
  "--port: tam is not a number: write a number from 0 to 65535" \
  "--port: tam không phải là số: hãy ghi một số từ 0 đến 65535" \
  -- "$HOCSO" serve mat.hocso --port tam
"$HOCSO" plugin new language --tag xx-Latn-VN --name Thử --english-name Testish --out langs >/dev/null
sed -i 's/^direction: ltr$/direction: sideways/' langs/lang-xx-Latn-VN/language.yaml
grep -q '^direction: sideways$' langs/lang-xx-Latn-VN/language.yaml && pass || fail "fixture: language.yaml's direction line changed"
en_vi "a language.yaml value not in its list" 0 \
  "langs/lang-xx-Latn-VN/language.yaml:6:12: error: /direction: expected one of ltr, rtl; got 'sideways' [language-schema]" \
  "langs/lang-xx-Latn-VN/language.yaml:6:12: lỗi: /direction: cần một trong các giá trị ltr, rtl; nhưng ở đây là 'sideways' [language-schema]" \
  -- "$HOCSO" plugin list --plugin-dir langs
sed -i 's/^direction: sideways$/direction: ltr/; s/^native_name: .*$/native_name: [Thử]/' langs/lang-xx-Latn-VN/language.yaml
en_vi "a language.yaml value of the wrong type" 0 \
  "/native_name: expected text, got a list [language-schema]" \
  "/native_name: cần chữ, nhưng ở đây là một danh sách [language-schema]" \
  -- "$HOCSO" plugin list --plugin-dir langs
cd "$SCRATCH"

finish
