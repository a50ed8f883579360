// validate-privacy's rules for what personal data looks like, on the texts
// writers and OCR produce: what is found (kind, place, value), what is not
// (dates, amounts, versions, numbers glued to words), allow-list keys, masking.

#include "private_data.h"

#include <doctest/doctest.h>

#include <string>
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
