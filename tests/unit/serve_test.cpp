// hocso serve's pure parts: what answer a request gets (paths, methods, ranges,
// encodings, conditions, limits), the bytes of entries (inflating, gzip
// framing, the verified cache) and the log's escaping. The sockets are tested
// end to end in tests/cli/serve*.test.sh.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "access_log.h"
#include "entry_data.h"
#include "event_stream.h"
#include "hashing.h"
#include "request.h"
#include "test_files.h"
#include "test_support.h"

namespace {

using namespace hocso;
using namespace hocso::serve;
using http::field;
using http::status;

std::string sha256_hex(std::string_view bytes) { return to_hex(sha256(bytes)); }

BundleEntry stored(std::string name, std::uint64_t size) {
  BundleEntry entry;
  entry.name = std::move(name);
  entry.size = size;
  entry.compressed_size = size;
  entry.sha256 = std::string(64, 'a');
  return entry;
}

BundleEntry deflated(std::string name, std::uint64_t size, std::uint64_t compressed) {
  BundleEntry entry = stored(std::move(name), size);
  entry.deflated = true;
  entry.compressed_size = compressed;
  entry.sha256 = std::string(64, 'b');
  return entry;
}

struct Fixture {
  std::vector<BundleEntry> entries{deflated("index.html", 1000, 400), deflated("vi/index.html", 500, 200),
                                   stored("media/abc.png", 70000), stored("empty.txt", 0)};
  EntryCatalog catalog{entries};
  RequestLimits limits;

  ResponsePlan plan(const std::string& head) { return plan_raw_request(head, catalog, limits); }
  ResponsePlan get(const std::string& target, const std::string& extra = "") {
    return plan("GET " + target + " HTTP/1.1\r\nHost: k\r\n" + extra + "\r\n");
  }
};

std::string field_of(const ResponsePlan& plan, field f) { return std::string(plan.head[f]); }
std::string field_of(const ResponsePlan& plan, std::string_view name) { return std::string(plan.head[name]); }

std::string gunzip(const std::string& gz) {
  z_stream zs{};
  REQUIRE(inflateInit2(&zs, 16 + 15) == Z_OK);
  std::string out(1 << 20, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int result = inflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  const bool whole = zs.avail_in == 0;
  inflateEnd(&zs);
  REQUIRE(result == Z_STREAM_END);  // the gzip trailer's CRC-32 and size were checked by zlib
  REQUIRE(whole);
  return out;
}

}  // namespace

TEST_CASE("targets: plain paths are names, every trick is refused") {
  for (const auto& [target, name] :
       std::vector<std::pair<const char*, const char*>>{{"/", "index.html"},
                                                        {"/vi/", "vi/index.html"},
                                                        {"/vi/index.html?x=1/../..", "vi/index.html"},
                                                        {"/media/a%2Db_c.png", "media/a-b_c.png"},
                                                        {"/%76i/index.html", "vi/index.html"}}) {
    CAPTURE(target);
    CHECK(entry_name_for_target(target) == name);
  }
  // Decoded, but no bundle could hold the name (hocso::check_entry_name): 400, not 404.
  CHECK_FALSE(entry_name_for_target("/media/a%20b.png").has_value());
  CHECK_FALSE(entry_name_for_target("/b%C3%A0i.html").has_value());
  CHECK_FALSE(entry_name_for_target("/100%25.html").has_value());
  CHECK_FALSE(entry_name_for_target("/.hidden").has_value());
  for (const char* trick :
       {"/vi%2Findex.html", "/vi%2findex.html", "/vi%5Cindex.html", "/vi\\index.html", "/%u002f", "/vi%u002findex.html",
        "/%", "/%2", "/%zz", "/%0aindex.html", "/index.html%00.png", "/%7f", "/../manifest.json", "/vi/../index.html",
        "/vi/%2e%2e/index.html", "/./index.html", "/vi//index.html", "//etc/passwd", "index.html", "", "*",
        "http://evil/index.html", "/a#b", "/caf\xc3\xa9", "/%c0%af", "/%ff.html", "/%c2%85.html"}) {
    CAPTURE(trick);
    CHECK_FALSE(entry_name_for_target(trick).has_value());
  }
}

TEST_CASE("ranges: one range exact, overlapping or many never more than the entry") {
  const auto partial = [](std::uint64_t first, std::uint64_t length) {
    return RangeDecision{RangeAnswer::partial, first, length};
  };
  const auto same = [](const RangeDecision& a, const RangeDecision& b) {
    return a.answer == b.answer && a.first == b.first && a.length == b.length;
  };
  CHECK(same(decide_range("bytes=10-29", 100, 8), partial(10, 20)));
  CHECK(same(decide_range("bytes=10-", 100, 8), partial(10, 90)));
  CHECK(same(decide_range("bytes=-30", 100, 8), partial(70, 30)));
  CHECK(same(decide_range("bytes=-300", 100, 8), partial(0, 100)));
  CHECK(same(decide_range("bytes=90-5000", 100, 8), partial(90, 10)));
  CHECK(same(decide_range("BYTES = 0-0 ", 100, 8), partial(0, 1)));
  CHECK(same(decide_range("bytes=0-99999999999999999999999999", 100, 8), partial(0, 100)));
  CHECK(decide_range("bytes=100-200", 100, 8).answer == RangeAnswer::unsatisfiable);
  CHECK(decide_range("bytes=-0", 100, 8).answer == RangeAnswer::unsatisfiable);
  CHECK(decide_range("bytes=0-", 0, 8).answer == RangeAnswer::unsatisfiable);
  CHECK(decide_range("bytes=99999999999999999999999-", 100, 8).answer == RangeAnswer::unsatisfiable);
  // Invalid: ignored, the whole entry.
  for (const char* bad : {"", "bytes", "bytes=", "bytes=,", "items=0-1", "bytes=5-1", "bytes=a-b", "bytes=1-2-3",
                          "bytes=0x10-20", "bytes=-", "bytes=+1-2", "bytes=1 -2"}) {
    CAPTURE(bad);
    CHECK(decide_range(bad, 100, 8).answer == RangeAnswer::whole);
  }
  // Several ranges: no multipart; the whole entry (or 416 when none fits).
  CHECK(decide_range("bytes=0-1,5-6", 100, 8).answer == RangeAnswer::whole);
  CHECK(decide_range("bytes=0-1,,5-6", 100, 8).answer == RangeAnswer::whole);
  CHECK(decide_range("bytes=200-300,400-", 100, 8).answer == RangeAnswer::unsatisfiable);
  // The amplification attack: 2,700 overlapping ranges.
  std::string many = "bytes=0-";
  for (int i = 0; i < 2700; ++i) many += ",0-";
  CHECK(decide_range(many, 70000, 8).answer == RangeAnswer::whole);
  CHECK(decide_range("bytes=0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1,0-1", 100, 8).answer == RangeAnswer::whole);
}

TEST_CASE("Accept-Encoding: gzip unless refused") {
  for (const auto& [header, gzip] : std::vector<std::pair<const char*, bool>>{{"gzip", true},
                                                                              {"gzip, deflate, br", true},
                                                                              {"deflate, GZIP;q=0.5", true},
                                                                              {"x-gzip", true},
                                                                              {"*", true},
                                                                              {"br;q=1.0, gzip;q=0.8, *;q=0.1", true},
                                                                              {"", false},
                                                                              {"identity", false},
                                                                              {"gzip;q=0", false},
                                                                              {"gzip;q=0.000", false},
                                                                              {"*;q=0.5, gzip;q=0", false},
                                                                              {"gzip;q=2", false},
                                                                              {"deflate, br", false}}) {
    CAPTURE(header);
    CHECK(accepts_gzip(header) == gzip);
  }
}

TEST_CASE("If-None-Match: weak comparison over a list") {
  CHECK(if_none_match_matches("\"x\"", {"\"x\""}));
  CHECK(if_none_match_matches("W/\"x\"", {"\"x\""}));
  CHECK(if_none_match_matches("\"a\", \"x\"", {"\"y\"", "\"x\""}));
  CHECK(if_none_match_matches("*", {"\"x\""}));
  CHECK_FALSE(if_none_match_matches("\"a\"", {"\"x\""}));
  CHECK_FALSE(if_none_match_matches("x", {"\"x\""}));
  CHECK_FALSE(if_none_match_matches("", {"\"x\""}));
}

TEST_CASE("Content-Type by extension: narration as Ogg, unknown kinds never sniffed") {
  CHECK(mime_type("media/0123abcd.opus") == "audio/ogg");  // RFC 7845: an Ogg Opus file is audio/ogg
  CHECK(mime_type("media/0123abcd.webp") == "image/webp");
  CHECK(mime_type("vi/lesson.json") == "application/json");
  CHECK(mime_type("manifest.json.minisig") == "application/octet-stream");
  CHECK(mime_type("media/noextension") == "application/octet-stream");
}

TEST_CASE("answers: entries, headers and refusals") {
  Fixture f;
  SUBCASE("GET / is index.html with every header") {
    const auto plan = f.get("/");
    CHECK(plan.head.result() == status::ok);
    CHECK(plan.body == BodyKind::entry);
    REQUIRE(plan.entry == &f.entries[0]);
    CHECK(plan.first == 0);
    CHECK(plan.length == 1000);
    CHECK(field_of(plan, field::content_length) == "1000");
    CHECK(field_of(plan, field::content_type) == "text/html; charset=utf-8");
    CHECK(field_of(plan, field::etag) == "\"" + std::string(64, 'b') + "\"");
    CHECK(field_of(plan, field::cache_control) == "no-cache");
    CHECK(field_of(plan, field::vary) == "Accept-Encoding");
    CHECK(field_of(plan, "Content-Security-Policy") ==
          "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    CHECK(field_of(plan, "X-Content-Type-Options") == "nosniff");
    CHECK(field_of(plan, "Referrer-Policy") == "no-referrer");
    CHECK(field_of(plan, field::x_frame_options) == "DENY");
    CHECK_FALSE(plan.close);
  }
  SUBCASE("media are immutable, stored entries never gzip") {
    const auto plan = f.get("/media/abc.png", "Accept-Encoding: gzip\r\n");
    CHECK(plan.body == BodyKind::entry);
    CHECK(field_of(plan, field::content_type) == "image/png");
    CHECK(field_of(plan, field::cache_control) == "public, max-age=31536000, immutable");
    CHECK(plan.head.count(field::vary) == 0);
    CHECK(plan.head.count(field::content_encoding) == 0);
  }
  SUBCASE("HEAD: the same head, no body") {
    const auto plan = f.plan("HEAD /index.html HTTP/1.1\r\nHost: k\r\n\r\n");
    CHECK(plan.head.result() == status::ok);
    CHECK(plan.body == BodyKind::none);
    CHECK(field_of(plan, field::content_length) == "1000");
  }
  SUBCASE("gzip: the deflate stream in a gzip member, its own ETag") {
    const auto plan = f.get("/index.html", "Accept-Encoding: gzip, deflate\r\n");
    CHECK(plan.body == BodyKind::entry_gzip);
    CHECK(field_of(plan, field::content_encoding) == "gzip");
    CHECK(field_of(plan, field::content_length) == "418");
    CHECK(field_of(plan, field::etag) == "\"" + std::string(64, 'b') + "-gzip\"");
    CHECK(field_of(plan, field::vary) == "Accept-Encoding");
    CHECK(f.get("/index.html", "Accept-Encoding: gzip;q=0\r\n").body == BodyKind::entry);
    // A range counts bytes of the entry itself: no gzip then.
    const auto ranged = f.get("/index.html", "Accept-Encoding: gzip\r\nRange: bytes=0-9\r\n");
    CHECK(ranged.head.result() == status::partial_content);
    CHECK(ranged.body == BodyKind::entry);
    CHECK(ranged.head.count(field::content_encoding) == 0);
  }
  SUBCASE("If-None-Match: 304 without a body, for either representation") {
    const std::string tag = "\"" + std::string(64, 'b') + "\"";
    CHECK(f.get("/", "If-None-Match: " + tag + "\r\n").head.result() == status::not_modified);
    CHECK(f.get("/", "If-None-Match: W/" + tag + "\r\n").head.result() == status::not_modified);
    const auto gz = f.get("/", "Accept-Encoding: gzip\r\nIf-None-Match: \"" + std::string(64, 'b') + "-gzip\"\r\n");
    CHECK(gz.head.result() == status::not_modified);
    CHECK(gz.body == BodyKind::none);
    CHECK(f.get("/", "If-None-Match: \"other\"\r\n").head.result() == status::ok);
  }
  SUBCASE("ranges") {
    const auto plan = f.get("/media/abc.png", "Range: bytes=10-29\r\n");
    CHECK(plan.head.result() == status::partial_content);
    CHECK(plan.first == 10);
    CHECK(plan.length == 20);
    CHECK(field_of(plan, field::content_range) == "bytes 10-29/70000");
    CHECK(field_of(plan, field::content_length) == "20");
    const auto beyond = f.get("/media/abc.png", "Range: bytes=70010-70020\r\n");
    CHECK(beyond.head.result() == status::range_not_satisfiable);
    CHECK(field_of(beyond, field::content_range) == "bytes */70000");
    CHECK(f.get("/empty.txt", "Range: bytes=0-\r\n").head.result() == status::range_not_satisfiable);
    // If-Range with another tag (or a date): the whole entry.
    CHECK(f.get("/media/abc.png", "Range: bytes=10-29\r\nIf-Range: \"old\"\r\n").head.result() == status::ok);
    CHECK(f.get("/media/abc.png", "Range: bytes=10-29\r\nIf-Range: \"" + std::string(64, 'a') + "\"\r\n")
              .head.result() == status::partial_content);
    // Two Range fields are ambiguous: ignored.
    CHECK(f.get("/media/abc.png", "Range: bytes=1-2\r\nRange: bytes=3-4\r\n").head.result() == status::ok);
    // 2,700 overlapping ranges in an 8 KB head: the whole entry once.
    std::string many = "Range: bytes=0-";
    for (int i = 0; i < 2700; ++i) many += ",0-";
    const auto amplified = f.get("/media/abc.png", many + "\r\n");
    CHECK(amplified.head.result() == status::ok);
    CHECK(amplified.length == 70000);
  }
  SUBCASE("unknown, favicon, tricks") {
    CHECK(f.get("/nope.html").head.result() == status::not_found);
    CHECK(f.get("/favicon.ico").head.result() == status::no_content);
    CHECK(f.get("/%u002f").head.result() == status::bad_request);
    CHECK(f.get("/vi%2Findex.html").head.result() == status::bad_request);
    CHECK(f.get("/vi/../index.html").head.result() == status::bad_request);
  }
  SUBCASE("methods: GET and HEAD only") {
    for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "PATCH", "BREW"}) {
      CAPTURE(method);
      const auto plan = f.plan(std::string(method) + " /index.html HTTP/1.1\r\nHost: k\r\n\r\n");
      CHECK(plan.head.result() == status::method_not_allowed);
      CHECK(field_of(plan, field::allow) == "GET, HEAD");
      CHECK_FALSE(plan.close);
    }
    // A body is never read: the connection is closed after the answer.
    const auto post = f.plan("POST / HTTP/1.1\r\nHost: k\r\nContent-Length: 5\r\n\r\nhello");
    CHECK(post.head.result() == status::method_not_allowed);
    CHECK(post.close);
    const auto get_body = f.plan("GET / HTTP/1.1\r\nHost: k\r\nContent-Length: 5\r\n\r\nhello");
    CHECK(get_body.head.result() == status::bad_request);
    CHECK(get_body.close);
    CHECK(f.plan("GET / HTTP/1.1\r\nHost: k\r\nTransfer-Encoding: chunked\r\n\r\n").close);
    CHECK(f.plan("GET / HTTP/1.1\r\nHost: k\r\nContent-Length: 0\r\n\r\n").head.result() == status::ok);
  }
  SUBCASE("heads: Host, size and field limits, malformed") {
    CHECK(f.plan("GET / HTTP/1.1\r\n\r\n").head.result() == status::bad_request);
    CHECK(f.plan("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").head.result() == status::bad_request);
    CHECK(f.plan("GET / HTTP/1.0\r\n\r\n").head.result() == status::ok);
    const auto big = f.get("/", "X-Big: " + std::string(9000, 'a') + "\r\n");
    CHECK(big.head.result() == status::request_header_fields_too_large);
    CHECK(big.close);
    std::string fields;
    for (int i = 0; i < 70; ++i) fields += "X-" + std::to_string(i) + ": 1\r\n";
    const auto many = f.get("/", fields);
    CHECK(many.head.result() == status::request_header_fields_too_large);
    CHECK(many.close);
    CHECK(f.plan("GET / HTTP/1.2\r\nHost: k\r\n\r\n").head.result() == status::http_version_not_supported);
    const auto future = f.plan("GET / HTTP/2.0\r\nHost: k\r\n\r\n");
    CHECK(future.head.result() == status::http_version_not_supported);
    CHECK(future.close);
    for (const char* bad : {"", "GET / HTTP/1.1\r\nHost: k\r\n", "GET /\r\n\r\n",
                            "GET\t/ HTTP/1.1\r\nHost: k\r\n\r\n", "GET / HTTP/1.1\r\nHost k\r\n\r\n",
                            "GET /a\x01 HTTP/1.1\r\nHost: k\r\n\r\n"}) {
      CAPTURE(bad);
      const auto plan = f.plan(bad);
      CHECK(plan.head.result() == status::bad_request);
      CHECK(plan.close);
    }
  }
  SUBCASE("keep-alive follows the request") {
    CHECK(f.get("/", "Connection: close\r\n").close);
    CHECK(f.plan("GET / HTTP/1.0\r\n\r\n").close);
    const auto kept = f.plan("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    CHECK_FALSE(kept.close);
    CHECK(kept.head.keep_alive());
  }
}

TEST_CASE("entry data: inflated and verified, gzip framing, the cache") {
  test::TempDir dir("hocso-serve");
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "dòng " + std::to_string(i) + " của bài học\n";
  const std::string deflate = hocso::test::raw_deflate(text, 6);
  const std::string prefix = "PREFIX";
  const auto path = dir.path / "data.bin";
  test::write_bytes(path, prefix + deflate + "SUFFIX");

  BundleEntry entry;
  entry.name = "vi/lesson.json";
  entry.size = text.size();
  entry.compressed_size = deflate.size();
  entry.deflated = true;
  entry.crc32 = static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size())));
  entry.data_offset = prefix.size();
  entry.sha256 = sha256_hex(text);

  BundleFile file(path);
  CHECK(file.is_file_at(path));
  CHECK(file.unchanged());
  CHECK(file_identity(path) == file.opened());
  CHECK_FALSE(file_identity(dir.path / "missing").has_value());
  CHECK_FALSE(file_identity(dir.path).has_value());  // not a regular file

  SUBCASE("whole and in chunks") {
    CHECK(read_verified(file.fd(), entry) == text);
    InflatingReader reader(file.fd(), entry);
    std::string out;
    while (!reader.done()) REQUIRE(reader.read(out, 777));
    CHECK(out == text);
    CHECK(reader.verified());
  }
  SUBCASE("a wrong hash, size or offset does not verify") {
    BundleEntry wrong = entry;
    wrong.sha256 = sha256_hex("other");
    CHECK_FALSE(read_verified(file.fd(), wrong).has_value());
    wrong = entry;
    wrong.size = entry.size - 1;  // the stream goes on past the size
    CHECK_FALSE(read_verified(file.fd(), wrong).has_value());
    wrong = entry;
    wrong.size = entry.size + 1;  // the stream ends before the size
    CHECK_FALSE(read_verified(file.fd(), wrong).has_value());
    wrong = entry;
    wrong.data_offset = 0;  // not a deflate stream
    CHECK_FALSE(read_verified(file.fd(), wrong).has_value());
  }
  SUBCASE("gzip member: header, the zip's deflate bytes, trailer") {
    const auto header = gzip_header();
    const auto trailer = gzip_trailer(entry);
    const std::string gz = std::string(header.data(), header.size()) + deflate + std::string(trailer.data(), trailer.size());
    CHECK(gunzip(gz) == text);
  }
  SUBCASE("cache: kept once verified, bounded") {
    VerifiedEntryCache cache(file.fd(), text.size() + 10, 1 << 20);
    CHECK(cache.holds(entry));
    const auto first = cache.get(entry);
    REQUIRE(first);
    CHECK(*first == text);
    CHECK(cache.get(entry) == first);  // from memory
    CHECK(cache.bytes() == text.size());
    BundleEntry bad = entry;
    bad.sha256 = sha256_hex("other");
    CHECK(cache.get(bad) == nullptr);
    VerifiedEntryCache small(file.fd(), 100, 100);
    CHECK_FALSE(small.holds(entry));
    CHECK(small.get(entry) != nullptr);  // read and verified, not kept
    CHECK(small.bytes() == 0);
  }
  SUBCASE("a change to the file is seen") {
    test::write_bytes(path.string() + ".new", "x");
    std::filesystem::rename(path.string() + ".new", path);
    CHECK_FALSE(file.is_file_at(path));  // another file at the path now
    CHECK(file.unchanged());             // the open one is as it was
    REQUIRE(file_identity(path).has_value());
    CHECK(file_identity(path)->inode != file.opened().inode);
    CHECK(read_verified(file.fd(), entry) == text);
  }
  SUBCASE("writing the open file is seen") {
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND);
    REQUIRE(fd >= 0);
    CHECK(::write(fd, "more", 4) == 4);
    ::close(fd);
    CHECK_FALSE(file.unchanged());
    REQUIRE(file_identity(path).has_value());
    CHECK(file_identity(path)->inode == file.opened().inode);  // the same file, written in place
    CHECK(file_identity(path)->size == file.opened().size + 4);
  }
}

TEST_CASE("log lines: nothing reaches the terminal but printable ASCII") {
  CHECK(escape_for_log("/vi/index.html") == "/vi/index.html");
  CHECK(escape_for_log("/a b\"c\\d") == "/a\\x20b\\x22c\\x5cd");
  CHECK(escape_for_log("\x1b[31mred\r\n") == "\\x1b[31mred\\x0d\\x0a");
  CHECK(escape_for_log("/\xe2\x80\xae.html") == "/\\xe2\\x80\\xae.html");  // U+202E RIGHT-TO-LEFT OVERRIDE
  CHECK(escape_for_log(std::string(300, 'a'), 10) == "aaaaaaaaaa...");
}

namespace {

// A request head parsed as the server parses it.
http::request_header<> parsed_head(const std::string& head) {
  http::request_parser<http::empty_body> parser;
  boost::beast::error_code error;
  parser.put(boost::asio::const_buffer(head.data(), head.size()), error);
  REQUIRE(!error);
  REQUIRE(parser.is_header_done());
  return parser.get().base();
}

}  // namespace

TEST_CASE("memory entries (hocso preview): the same checks and conditions as a bundle's") {
  RequestLimits limits;
  const std::string sha(64, 'c');
  const MemoryEntry page{1200, sha, "text/html; charset=utf-8", "no-cache"};
  auto plan_for = [&](const std::string& head) {
    const auto request = parsed_head(head);
    RequestTarget target = read_request_target(request, limits);
    ResponsePlan plan = target.refusal ? std::move(*target.refusal) : plan_memory_entry(request, target, page, limits);
    answer_in_kind(plan, request);
    return plan;
  };
  auto plan = plan_for("GET /vi/a.html HTTP/1.1\r\nHost: k\r\n\r\n");
  CHECK(plan.head.result() == status::ok);
  CHECK(plan.body == BodyKind::bytes);
  CHECK(plan.first == 0);
  CHECK(plan.length == 1200);
  CHECK(field_of(plan, field::etag) == "\"" + sha + "\"");
  CHECK(field_of(plan, field::content_type) == "text/html; charset=utf-8");
  CHECK(field_of(plan, "Content-Security-Policy").find("default-src 'self'") == 0);

  plan = plan_for("GET /vi/a.html HTTP/1.1\r\nHost: k\r\nRange: bytes=100-199\r\n\r\n");
  CHECK(plan.head.result() == status::partial_content);
  CHECK(plan.first == 100);
  CHECK(plan.length == 100);
  CHECK(field_of(plan, field::content_range) == "bytes 100-199/1200");

  plan = plan_for("GET /vi/a.html HTTP/1.1\r\nHost: k\r\nIf-None-Match: \"" + sha + "\"\r\n\r\n");
  CHECK(plan.head.result() == status::not_modified);
  CHECK(plan.body == BodyKind::none);

  plan = plan_for("HEAD /vi/a.html HTTP/1.1\r\nHost: k\r\n\r\n");
  CHECK(plan.body == BodyKind::none);
  CHECK(plan.head[field::content_length] == "1200");

  // The refusals are the bundle's.
  CHECK(plan_for("POST /vi/a.html HTTP/1.1\r\nHost: k\r\n\r\n").head.result() == status::method_not_allowed);
  CHECK(plan_for("GET /../etc/passwd HTTP/1.1\r\nHost: k\r\n\r\n").head.result() == status::bad_request);
  CHECK(plan_for("GET /a.html HTTP/1.1\r\n\r\n").head.result() == status::bad_request);

  const RequestTarget missing = read_request_target(parsed_head("GET /nope.html HTTP/1.1\r\nHost: k\r\n\r\n"), limits);
  CHECK(plan_not_found(missing).head.result() == status::not_found);
}

TEST_CASE("event streams: the head stays open, each event is data lines and a blank line") {
  RequestLimits limits;
  const auto request = parsed_head("GET /events HTTP/1.1\r\nHost: k\r\n\r\n");
  ResponsePlan plan = plan_event_stream(read_request_target(request, limits));
  answer_in_kind(plan, request);
  CHECK(plan.body == BodyKind::events);
  CHECK(field_of(plan, field::content_type) == "text/event-stream");
  CHECK(field_of(plan, field::cache_control) == "no-store");
  CHECK(plan.head.count(field::content_length) == 0);

  CHECK(EventStream::event_bytes("{\"a\":1}") == "data: {\"a\":1}\n\n");
  // A newline in the data cannot end the event or start another field.
  CHECK(EventStream::event_bytes("x\n\nretry: 1\r\ny") == "data: x\ndata: \ndata: retry: 1\ndata: y\n\n");

  struct Recorder : EventFollower {
    std::vector<std::string> got;
    void deliver(std::shared_ptr<const std::string> event) override { got.push_back(*event); }
  };
  EventStream stream;
  auto recorder = std::make_shared<Recorder>();
  stream.follow(recorder);
  stream.publish("one");
  CHECK(stream.followers() == 1);
  CHECK(recorder->got == std::vector<std::string>{"data: one\n\n"});
  recorder.reset();  // a follower gone is dropped
  stream.publish("two");
  CHECK(stream.followers() == 0);
}
