// validate-privacy's rules for what personal data looks like, on the texts
// writers and OCR produce: what is found (kind, place, value), what is not
// (dates, amounts, versions, numbers glued to words), allow-list keys, masking;
// and on OCR results: the rectangles reported, labels beside or above their
// fields, and the cache's form of a reading.

#include "ocr_text.h"
#include "private_data.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

using namespace validate_privacy;

namespace {

// "kind:written" for each finding, in order.
std::vector<std::string> found_in(const std::string& text) {
  std::vector<std::string> out;
  for (const Found& f : find_private_data(text))
    out.push_back(std::string(check_id(f.kind)) + (f.kind == Kind::old_id ? "(9)" : "") + ":" +
                  text.substr(f.begin, f.end - f.begin));
  return out;
}

using List = std::vector<std::string>;

}  // namespace

TEST_CASE("citizen ID numbers: 12 digits; old ID numbers: 9") {
  CHECK(found_in("Số CCCD: 079123456789.") == List{"privacy-id-number:079123456789"});
  CHECK(found_in("CCCD 079 123 456 789 và 0791.2345.6789") ==
        List{"privacy-id-number:079 123 456 789", "privacy-id-number:0791.2345.6789"});
  CHECK(found_in("CMND số 123456789") == List{"privacy-id-number(9):123456789"});
  // Grouped twelve digits are an ID only from 0 (every province code starts so).
  CHECK(found_in("tổng 100 000 000 000 đồng").empty());
  // Glued to letters (a hash, a code word), part of a longer run: not an ID.
  CHECK(found_in("a079123456789 0791234567890 079123456789b").empty());
}

TEST_CASE("phone numbers: 0… and +84…, with spaces, dots or hyphens") {
  CHECK(found_in("Gọi 0912 345 678 hoặc 0912.345.678 hoặc 0912-345-678.") ==
        List{"privacy-phone:0912 345 678", "privacy-phone:0912.345.678", "privacy-phone:0912-345-678"});
  CHECK(found_in("0912345678, +84 912 345 678, (+84) 912345678, +84912345678, 84912345678") ==
        List{"privacy-phone:0912345678", "privacy-phone:+84 912 345 678", "privacy-phone:(+84) 912345678",
             "privacy-phone:+84912345678", "privacy-phone:84912345678"});
  CHECK(found_in("Bàn: 024 3826 1234") == List{"privacy-phone:024 3826 1234"});
  // After a year in the same run of groups.
  CHECK(found_in("năm 2025 0912 345 678") == List{"privacy-phone:0912 345 678"});
  // Hotlines, amounts, dates, times, versions, ranges: not phone numbers.
  CHECK(found_in("Gọi 1900 1234 hoặc 113; 10.000.000 đ; 01/07/2025; 10:30; 5.3.0; 8-20 ký tự").empty());
  CHECK(found_in("0612345678 0112345678").empty());  // no mobile network starts so
  CHECK(found_in("https://x.vn/p?sdt=0912345678") == List{"privacy-phone:0912345678"});
  CHECK(found_in("nguyen.0912345678@example.com").empty());  // part of an (example) address
}

TEST_CASE("card numbers pass the Luhn check") {
  CHECK(found_in("Thẻ 4111 1111 1111 1111 hoặc 4111-1111-1111-1111 hoặc 4111111111111111") ==
        List{"privacy-card-number:4111 1111 1111 1111", "privacy-card-number:4111-1111-1111-1111",
             "privacy-card-number:4111111111111111"});
  CHECK(found_in("Thẻ 4111 1111 1111 1112").empty());
  CHECK(found_in("bài 188250208132619875.chn").empty());  // 18 digits, not Luhn
}

TEST_CASE("bank accounts and one-time codes need their word nearby") {
  CHECK(found_in("STK: 1903 4567 8901 (Techcombank)") == List{"privacy-bank-account:1903 4567 8901"});
  CHECK(found_in("Số tài khoản 0123456789") == List{"privacy-bank-account:0123456789"});
  CHECK(found_in("SO TAI KHOAN: 12345678") == List{"privacy-bank-account:12345678"});
  CHECK(found_in("Mã OTP của bạn là 482913") == List{"privacy-otp:482913"});
  CHECK(found_in("482 913 là mã xác thực") == List{"privacy-otp:482 913"});
  CHECK(found_in("Nhập số tài khoản của người nhận; mã OTP gồm 6 số.").empty());
  // "ma" without its mark is another word; a year is not a code; too far away.
  CHECK(found_in("mà 482913").empty());
  CHECK(found_in("Từ năm 2025, mã OTP").empty());
  CHECK(found_in("OTP\n482913").empty());
  CHECK(found_in("Mật khẩu 12345678 có dùng được không?").empty());
}

TEST_CASE("e-mail addresses, except reserved example domains") {
  CHECK(found_in("Email: nguyen.van.a@gmail.com_ hoặc <Hotro@Dichvucong.gov.vn>.") ==
        List{"privacy-email:nguyen.van.a@gmail.com", "privacy-email:Hotro@Dichvucong.gov.vn"});
  CHECK(found_in("ten@example.com, a@b.test, ký tự đặc biệt (như @), a@b").empty());
}

TEST_CASE("offsets are bytes into the text; values are normalized") {
  const std::string text = "Số điện thoại: +84 912 345 678";
  const auto found = find_private_data(text);
  REQUIRE(found.size() == 1);
  CHECK(text.substr(found[0].begin) == "+84 912 345 678");
  CHECK(found[0].value == "0912345678");
  CHECK(allow_key("0912.345.678") == "0912345678");
  CHECK(allow_key(" Hotro@DichVuCong.gov.vn ") == "hotro@dichvucong.gov.vn");
  CHECK(allow_key("không số") == "");
}

TEST_CASE("messages show little of what was found") {
  CHECK(masked(Kind::phone, "0912 345 678") == "09•• ••• •78");
  CHECK(masked(Kind::citizen_id, "079123456789") == "07••••••••89");
  CHECK(masked(Kind::otp, "482913") == "4••••3");
  CHECK(masked(Kind::email, "nguyen.van.a@gmail.com") == "n•••@gmail.com");
}

// ---- what OCR read ----------------------------------------------------------------

namespace {

OcrWord word(std::string text, int x, int y, int w, int h) { return {std::move(text), x, y, w, h}; }

std::string rect(const hocso::screenshots::Rect& r) {
  return std::to_string(r.x) + "," + std::to_string(r.y) + "," + std::to_string(r.w) + "," + std::to_string(r.h);
}

}  // namespace

TEST_CASE("OCR words: the box of what was found and a covering rectangle inside the picture") {
  OcrText text{540, 1170, {}};
  text.lines.push_back({word("Gọi", 30, 600, 40, 16), word("0912", 80, 600, 50, 16), word("345", 136, 600, 40, 16),
                        word("678", 182, 600, 40, 16)});
  text.lines.push_back({word("079123456789", 500, 1160, 40, 10)});  // at the corner: the cover is clipped
  const auto found = findings_in(text);
  REQUIRE(found.size() == 2);
  CHECK(found[0].kind == Kind::phone);
  CHECK(found[0].written == "0912 345 678");
  CHECK(found[0].value == "0912345678");
  CHECK(rect(found[0].box) == "80,600,142,16");    // the three words, not "Gọi"
  CHECK(rect(found[0].cover) == "76,596,150,24");  // a quarter of the height around
  CHECK(found[1].kind == Kind::citizen_id);
  CHECK(rect(found[1].cover) == "498,1158,42,12");
}

TEST_CASE("OCR lines: a label above or beside its field counts as near") {
  OcrText text{540, 1170, {}};
  text.lines.push_back({word("Số", 40, 300, 30, 20), word("tài", 76, 300, 30, 20), word("khoản", 112, 300, 60, 20)});
  text.lines.push_back({word("1903", 40, 330, 50, 20), word("4567", 96, 330, 50, 20), word("8901", 152, 330, 50, 20)});
  text.lines.push_back({word("Mã", 40, 500, 30, 20), word("OTP", 76, 500, 40, 20)});
  text.lines.push_back({word("482913", 300, 502, 80, 18)});
  const auto found = findings_in(text);
  REQUIRE(found.size() == 2);
  CHECK(found[0].kind == Kind::bank_account);
  CHECK(found[0].written == "1903 4567 8901");
  CHECK(found[1].kind == Kind::otp);
  CHECK(found[1].written == "482913");
  // Far apart, the same digits are nothing.
  text.lines[1] = {word("1903", 40, 900, 50, 20), word("4567", 96, 900, 50, 20), word("8901", 152, 900, 50, 20)};
  text.lines[3] = {word("482913", 300, 800, 80, 18)};
  CHECK(findings_in(text).empty());
}

TEST_CASE("OCR readings in the cache: what was written comes back; anything else does not") {
  OcrText text{540, 1170, {}};
  text.lines.push_back({word("Số", 40, 300, 30, 20), word("0912345678", 76, 300, 130, 20)});
  const std::string bytes = to_cache_bytes(text);
  const auto back = from_cache_bytes(bytes);
  REQUIRE(back);
  CHECK(back->width == 540);
  REQUIRE(back->lines.size() == 1);
  CHECK(back->lines[0][1].text == "0912345678");
  CHECK(rect({back->lines[0][1].x, back->lines[0][1].y, back->lines[0][1].w, back->lines[0][1].h}) == "76,300,130,20");
  CHECK_FALSE(from_cache_bytes("not json"));
  CHECK_FALSE(from_cache_bytes(R"({"format":"hocso-privacy-ocr/0","width":540,"height":1170,"lines":[]})"));
  CHECK_FALSE(from_cache_bytes(R"({"format":"hocso-privacy-ocr/1","width":540,"height":1170,"lines":[[[530,0,20,10,"x"]]]})"));
  CHECK_FALSE(from_cache_bytes(R"({"format":"hocso-privacy-ocr/1","width":540,"height":1170,"lines":[[[0,0,20,10,5]]]})"));
  CHECK_FALSE(from_cache_bytes(R"({"format":"hocso-privacy-ocr/1","width":0,"height":1170,"lines":[]})"));
}
