#include "share_link.h"

#include <doctest/doctest.h>

#include "qr_code.h"

using hocso::lesson_share_url;
using hocso::share_url_problem;

TEST_CASE("share_url: a whole http or https address, nothing else") {
  CHECK_FALSE(share_url_problem("https://hocso.example.org/co-ban/"));
  CHECK_FALSE(share_url_problem("http://192.168.1.10:8080"));
  CHECK(share_url_problem("hocso.example.org/co-ban/").value().find("not a whole") != std::string::npos);
  CHECK(share_url_problem("ftp://hocso.example.org/").value().find("https:// or http://") != std::string::npos);
  CHECK(share_url_problem("https://u:p@hocso.example.org/").value().find("user name or password") != std::string::npos);
  CHECK(share_url_problem("https://hocso.example.org/?a=1").value().find("?query") != std::string::npos);
  CHECK(share_url_problem("https://hocso.example.org/#x").value().find("#fragment") != std::string::npos);
  CHECK(share_url_problem("https://"));
  CHECK(share_url_problem("https://hocso.example.org/a b"));
}

TEST_CASE("a lesson's address is share_url/lang/lesson.html") {
  CHECK(lesson_share_url("https://h.example/co-ban/", "vi", "cai-dat-vneid") ==
        "https://h.example/co-ban/vi/cai-dat-vneid.html");
  CHECK(lesson_share_url("http://10.0.0.1:8080", "en", "x") == "http://10.0.0.1:8080/en/x.html");
}

TEST_CASE("the QR code is an SVG with a white quiet zone and an accessible name") {
  const std::string svg = hocso::qr_svg("https://h.example/vi/a.html", "Mã QR & <bài>");
  // Version 3 (29 modules: version 2 at level M holds 26 bytes, this is 27), plus 4 on each side.
  CHECK(svg.find("viewBox=\"0 0 37 37\"") != std::string::npos);
  CHECK(svg.find("aria-label=\"Mã QR &amp; &lt;bài&gt;\"") != std::string::npos);
  CHECK(svg.find("role=\"img\"") != std::string::npos);
  // The top-left finder pattern: a run of 7 dark modules at (4, 4).
  CHECK(svg.find("M4 4h7v1h-7z") != std::string::npos);
}
