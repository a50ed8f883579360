#include "bundle_writer.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <zlib.h>

#include "fatal.h"
#include "hashing.h"
#include "test_files.h"

namespace fs = std::filesystem;
using hocso::BundleWriter;
using hocso::Compression;

namespace {

using namespace hocso::test;  // TempDir, ScopedEnv, read_bytes, write_bytes

class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(old_); }
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;

 private:
  mode_t old_;
};

const std::string kIndexHtml = "<!doctype html><title>Bình dân học vụ số</title><p>Xin chào</p>\n";
const std::string kLessonJson = R"({"id":"kich-hoat-vneid","steps":["Cài ứng dụng","Kích hoạt"]})";

// Writes the same small bundle; `media_source` is a file added with add_file.
std::string write_sample(const fs::path& dir, const std::string& staging_name, const fs::path& media_source,
                         std::int64_t epoch) {
  const fs::path output = dir / (staging_name + ".hocso");
  BundleWriter writer(output, dir / staging_name, epoch);
  // Added out of order on purpose: the zip is sorted by name.
  writer.add("vi/kich-hoat-vneid.json", kLessonJson, Compression::deflate);
  writer.add_file("media/screen.png", media_source, Compression::store);
  writer.add("index.html", kIndexHtml, Compression::deflate);
  writer.add("assets/empty.css", "", Compression::deflate);
  writer.finish();
  return read_bytes(output);
}

std::uint16_t u16(const std::string& b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | (static_cast<unsigned char>(b[at + 1]) << 8));
}
std::uint32_t u32(const std::string& b, std::size_t at) {
  return std::uint32_t{u16(b, at)} | (std::uint32_t{u16(b, at + 2)} << 16);
}

// What the test reads back from the bytes, independently of the reader module.
struct ParsedHeader {
  std::string name;
  std::uint16_t version_made_by = 0, flags = 0, method = 0, time = 0, date = 0, extra_length = 0,
                comment_length = 0;
  std::uint32_t compressed_size = 0, size = 0, external_attributes = 0, offset = 0;
};

struct ParsedZip {
  std::vector<ParsedHeader> local, central;
  std::size_t central_directory_offset = 0;
  std::uint16_t archive_comment_length = 0;
  std::size_t end_record_offset = 0;
};

// The fields a local header and a central directory header share, laid out
// alike from `fields` (the "version needed to extract": after the signature,
// and in a central header after "version made by" too): flags, method, time,
// date, sizes, name and extra lengths. The name itself is at `name_at`.
ParsedHeader shared_fields(const std::string& b, std::size_t fields, std::size_t name_at) {
  ParsedHeader h;
  h.flags = u16(b, fields + 2);
  h.method = u16(b, fields + 4);
  h.time = u16(b, fields + 6);
  h.date = u16(b, fields + 8);
  h.compressed_size = u32(b, fields + 14);
  h.size = u32(b, fields + 18);
  h.extra_length = u16(b, fields + 24);
  h.name = b.substr(name_at, u16(b, fields + 22));
  return h;
}

ParsedZip parse_zip(const std::string& b) {
  ParsedZip zip;
  std::size_t at = 0;
  while (u32(b, at) == 0x04034b50) {
    ParsedHeader h = shared_fields(b, at + 4, at + 30);
    h.offset = static_cast<std::uint32_t>(at);
    at += 30 + h.name.size() + h.extra_length + h.compressed_size;
    zip.local.push_back(h);
  }
  zip.central_directory_offset = at;
  while (u32(b, at) == 0x02014b50) {
    ParsedHeader h = shared_fields(b, at + 6, at + 46);
    h.version_made_by = u16(b, at + 4);
    h.comment_length = u16(b, at + 32);
    h.external_attributes = u32(b, at + 38);
    h.offset = u32(b, at + 42);
    at += 46 + h.name.size() + h.extra_length + h.comment_length;
    zip.central.push_back(h);
  }
  zip.end_record_offset = at;
  REQUIRE(u32(b, at) == 0x06054b50);
  zip.archive_comment_length = u16(b, at + 20);
  return zip;
}

bool run_quietly(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()) == 0; }

}  // namespace

TEST_CASE("the writer's bytes do not depend on TZ, umask, staging folder or source mtimes") {
  TempDir dir;
  const fs::path media_a = dir.path / "a.png";
  const fs::path media_b = dir.path / "b.png";
  const std::string png(5000, '\x89');
  write_bytes(media_a, png);
  write_bytes(media_b, png);
  fs::last_write_time(media_a, fs::file_time_type::clock::now() - std::chrono::hours(24 * 400));
  fs::last_write_time(media_b, fs::file_time_type::clock::now());

  const std::int64_t epoch = 1747267200;  // 2025-05-15T00:00:00Z
  std::string first, second;
  {
    ScopedEnv tz("TZ", "UTC");
    ScopedUmask mask(022);
    first = write_sample(dir.path, "one", media_a, epoch);
  }
  {
    ScopedEnv tz("TZ", "Asia/Ho_Chi_Minh");
    ScopedUmask mask(077);
    second = write_sample(dir.path, "two", media_b, epoch);
  }
  CHECK(first.size() > 100);
  CHECK(first == second);
  {
    ScopedEnv tz("TZ", "America/Los_Angeles");
    CHECK(write_sample(dir.path, "three", media_a, epoch) == first);
  }

  // The DOS time is the epoch read as UTC: 2025-05-15 00:00:00.
  const ParsedZip zip = parse_zip(first);
  REQUIRE(zip.central.size() == 4);
  for (const auto& h : zip.central) {
    CHECK(h.time == 0);
    CHECK(h.date == (((2025 - 1980) << 9) | (5 << 5) | 15));
  }
}

TEST_CASE("a DOS time inside the local DST gap is still written as UTC") {
  // 2021-03-14 02:30 does not exist in New York (clocks jump from 02:00 to
  // 03:00); libzip's mktime/localtime round trip would move it to 03:30.
  TempDir dir;
  const fs::path media = dir.path / "m.png";
  write_bytes(media, "png");
  const std::int64_t epoch = 1615689000;  // 2021-03-14T02:30:00Z
  std::string in_utc, in_new_york;
  {
    ScopedEnv tz("TZ", "UTC");
    in_utc = write_sample(dir.path, "utc", media, epoch);
  }
  {
    ScopedEnv tz("TZ", "EST5EDT,M3.2.0,M11.1.0");
    in_new_york = write_sample(dir.path, "ny", media, epoch);
  }
  CHECK(in_utc == in_new_york);
  const ParsedZip zip = parse_zip(in_new_york);
  for (const auto& headers : {zip.local, zip.central})
    for (const auto& h : headers) {
      CHECK(h.time == ((2 << 11) | (30 << 5)));
      CHECK(h.date == (((2021 - 1980) << 9) | (3 << 5) | 14));
    }
}

TEST_CASE("SOURCE_DATE_EPOCH changes the bytes only when it is set and valid") {
  {
    ScopedEnv unset("SOURCE_DATE_EPOCH", nullptr);
    CHECK(hocso::source_date_epoch_from_environment() == 315532800);
  }
  {
    ScopedEnv set("SOURCE_DATE_EPOCH", "1747267200");
    CHECK(hocso::source_date_epoch_from_environment() == 1747267200);
  }
  for (const char* invalid : {"", "17x", "-5", " 1747267200", "1.5", "99999999999999999999999"}) {
    CAPTURE(invalid);
    ScopedEnv set("SOURCE_DATE_EPOCH", invalid);
    CHECK(hocso::source_date_epoch_from_environment() == 315532800);
  }

  TempDir dir;
  const fs::path media = dir.path / "m.png";
  write_bytes(media, "png");
  const std::string default_time = write_sample(dir.path, "a", media, 315532800);
  const std::string default_again = write_sample(dir.path, "b", media, 315532800);
  const std::string other_time = write_sample(dir.path, "c", media, 1747267200);
  CHECK(default_time == default_again);
  CHECK(default_time != other_time);
  CHECK(default_time.size() == other_time.size());
  // Times before 1980 are clamped to the earliest DOS time.
  CHECK(write_sample(dir.path, "d", media, 0) == default_time);
  const ParsedZip zip = parse_zip(default_time);
  CHECK(zip.central.front().time == 0);
  CHECK(zip.central.front().date == ((1 << 5) | 1));  // 1980-01-01
}

TEST_CASE("the writer's layout: sorted, no extra fields, no descriptors, no zip64, mode 0644, no comments") {
  TempDir dir;
  const fs::path media = dir.path / "m.png";
  write_bytes(media, std::string(3000, 'x'));
  const std::string bytes = write_sample(dir.path, "s", media, 1747267200);
  const ParsedZip zip = parse_zip(bytes);

  const std::vector<std::string> sorted = {"assets/empty.css", "index.html", "media/screen.png",
                                           "vi/kich-hoat-vneid.json"};
  REQUIRE(zip.local.size() == sorted.size());
  REQUIRE(zip.central.size() == sorted.size());
  std::size_t expected_offset = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const auto& local = zip.local[i];
    const auto& central = zip.central[i];
    CAPTURE(sorted[i]);
    CHECK(local.name == sorted[i]);
    CHECK(central.name == sorted[i]);
    CHECK(local.offset == expected_offset);  // back to back from offset 0
    CHECK(central.offset == local.offset);
    expected_offset = local.offset + 30 + local.name.size() + local.compressed_size;
    CHECK(local.extra_length == 0);
    CHECK(central.extra_length == 0);
    CHECK(central.comment_length == 0);
    CHECK((local.flags & 0x0008) == 0);  // no data descriptor
    CHECK((local.flags & 0x0001) == 0);
    CHECK(local.flags == central.flags);
    CHECK((central.version_made_by >> 8) == 3);  // made by Unix
    CHECK(central.external_attributes == (0100644u << 16));
    CHECK(local.size == central.size);
    CHECK(local.compressed_size == central.compressed_size);
  }
  CHECK(zip.central[0].offset == 0);
  CHECK(zip.local[2].method == 0);  // media stored
  CHECK(zip.local[2].size == 3000);
  CHECK(zip.local[2].compressed_size == 3000);
  CHECK(zip.local[1].method == 8);  // text deflated
  CHECK(zip.local[1].size == kIndexHtml.size());
  CHECK(expected_offset == zip.central_directory_offset);  // the last entry's data ends where the directory starts
  CHECK(zip.archive_comment_length == 0);
  CHECK(zip.end_record_offset + 22 == bytes.size());  // nothing after the end record
  CHECK(bytes.find(std::string("PK\x06\x06", 4)) == std::string::npos);  // no zip64 end record
  CHECK(bytes.find(std::string("PK\x06\x07", 4)) == std::string::npos);  // no zip64 locator
  CHECK(bytes.find(std::string("PK\x07\x08", 4)) == std::string::npos);  // no data descriptor
}

TEST_CASE("unzip -t and zip -T accept the writer's output, and unzip extracts the bytes") {
  TempDir dir;
  const fs::path media = dir.path / "m.png";
  write_bytes(media, std::string(70000, '\x01'));
  write_sample(dir.path, "z", media, 1747267200);
  const fs::path zip_file = dir.path / "z.hocso";
  CHECK(run_quietly("unzip -t " + zip_file.string()));
  CHECK(run_quietly("zip -T " + zip_file.string()));
  const fs::path extracted = dir.path / "out";
  REQUIRE(run_quietly("unzip -q " + zip_file.string() + " -d " + extracted.string()));
  CHECK(read_bytes(extracted / "index.html") == kIndexHtml);
  CHECK(read_bytes(extracted / "vi" / "kich-hoat-vneid.json") == kLessonJson);
  CHECK(read_bytes(extracted / "media" / "screen.png") == std::string(70000, '\x01'));
  CHECK(fs::file_size(extracted / "assets" / "empty.css") == 0);
  // Mode 0644 survives extraction (unzip restores the Unix mode).
  const auto permissions = fs::status(extracted / "index.html").permissions();
  CHECK((permissions & fs::perms::owner_exec) == fs::perms::none);
  CHECK((permissions & fs::perms::others_read) != fs::perms::none);
}

TEST_CASE("add() spools to the staging folder and reports size and SHA-256") {
  TempDir dir;
  BundleWriter writer(dir.path / "out.hocso", dir.path / "staging", 315532800);
  const auto written = writer.add("hello.txt", "hello", Compression::store);
  CHECK(written.name == "hello.txt");
  CHECK(written.size == 5);
  CHECK(written.sha256 == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  // The bytes live in the staging folder until finish(), not in memory.
  std::size_t spooled = 0;
  for (const auto& file : fs::directory_iterator(dir.path / "staging")) {
    ++spooled;
    CHECK(read_bytes(file.path()) == "hello");
  }
  CHECK(spooled == 1);

  write_bytes(dir.path / "source.bin", "hello");
  const auto from_file = writer.add_file("b/hello.bin", dir.path / "source.bin", Compression::store);
  CHECK(from_file.size == 5);
  CHECK(from_file.sha256 == written.sha256);
  // Files are read where they are, at finish(): a source changed in between is
  // written as it is then, and no longer matches the hash add_file returned, which
  // the builder's reader check refuses (tests/cli/build.test.sh covers the check).
  write_bytes(dir.path / "source.bin", "changed");
  writer.finish();
  REQUIRE(fs::exists(dir.path / "out.hocso"));
  const ParsedZip zip = parse_zip(read_bytes(dir.path / "out.hocso"));
  REQUIRE(zip.local.size() == 2);
  CHECK(zip.local[0].name == "b/hello.bin");
  CHECK(zip.local[0].size == 7);
}

TEST_CASE("spooled entries, empty entries and slices of a file come out byte for byte") {
  TempDir dir;
  BundleWriter writer(dir.path / "out.hocso", dir.path / "staging", 315532800);
  writer.add("a.txt", "first entry", Compression::deflate);
  writer.add("b.txt", "", Compression::deflate);  // libzip reads length 0 as "the whole file"
  writer.add("c.txt", "third", Compression::store);
  // Two entries from one file, as the media spool and the build cache give them.
  write_bytes(dir.path / "pack.bin", "HEADER\nimage-one|image-two");
  const std::string sha_one = hocso::to_hex(hocso::sha256("image-one"));
  const std::string sha_two = hocso::to_hex(hocso::sha256("image-two"));
  writer.add_hashed_file({"m/2.bin", 9, sha_two}, dir.path / "pack.bin", Compression::store, 17);
  writer.add_hashed_file({"m/1.bin", 9, sha_one}, dir.path / "pack.bin", Compression::store, 7);
  // What the manifest lists: every entry in name order, with its size and SHA-256.
  std::vector<std::string> listed;
  writer.for_each_entry([&](const std::string& name, std::uint64_t size, std::string_view sha256) {
    listed.push_back(name + " " + std::to_string(size) + " " + std::string(sha256));
  });
  CHECK(listed == std::vector<std::string>{"a.txt 11 " + hocso::to_hex(hocso::sha256("first entry")),
                                           "b.txt 0 " + hocso::to_hex(hocso::sha256("")),
                                           "c.txt 5 " + hocso::to_hex(hocso::sha256("third")),
                                           "m/1.bin 9 " + sha_one, "m/2.bin 9 " + sha_two});
  CHECK(writer.contains("m/1.bin"));
  CHECK_FALSE(writer.contains("m/3.bin"));
  CHECK(writer.entry_count() == 5);
  CHECK_THROWS_AS(writer.add_hashed_file({"m/3.bin", 9, "not a hash"}, dir.path / "pack.bin", Compression::store, 7),
                  hocso::FatalError);
  writer.finish();
  const fs::path extracted = dir.path / "x";
  REQUIRE(run_quietly("unzip -q " + (dir.path / "out.hocso").string() + " -d " + extracted.string()));
  CHECK(read_bytes(extracted / "a.txt") == "first entry");
  CHECK(fs::file_size(extracted / "b.txt") == 0);
  CHECK(read_bytes(extracted / "c.txt") == "third");
  CHECK(read_bytes(extracted / "m/1.bin") == "image-one");
  CHECK(read_bytes(extracted / "m/2.bin") == "image-two");
}

TEST_CASE("bad names, duplicates, late adds and empty bundles are caller bugs: FatalError") {
  TempDir dir;
  BundleWriter writer(dir.path / "out.hocso", dir.path / "staging", 315532800);
  for (const char* bad : {"", "../x", "a/../b", "/etc/passwd", "a\\b", "C:x", "a//b", "./a", "dir/", "tab\there",
                          "vi/bài.html"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(writer.add(bad, "x", Compression::store), hocso::FatalError);
  }
  CHECK_THROWS_WITH_AS(writer.add("../x", "x", Compression::store),
                       "bundle entry name \"../x\": the name has a '..' segment [name-parent-segment]",
                       hocso::FatalError);
  writer.add("a.txt", "x", Compression::store);
  CHECK_THROWS_WITH_AS(writer.add("a.txt", "y", Compression::store), "bundle entry \"a.txt\" added twice",
                       hocso::FatalError);
  CHECK_THROWS_AS(writer.add_file("missing.bin", dir.path / "does-not-exist", Compression::store),
                  hocso::FatalError);
  writer.finish();
  CHECK_THROWS_AS(writer.add("b.txt", "x", Compression::store), hocso::FatalError);
  CHECK_THROWS_AS(writer.finish(), hocso::FatalError);

  BundleWriter empty(dir.path / "empty.hocso", dir.path / "staging2", 315532800);
  CHECK_THROWS_AS(empty.finish(), hocso::FatalError);
  CHECK(!fs::exists(dir.path / "empty.hocso"));

  BundleWriter unwritable(dir.path / "no-such-dir" / "out.hocso", dir.path / "staging3", 315532800);
  unwritable.add("a.txt", "x", Compression::store);
  CHECK_THROWS_AS(unwritable.finish(), hocso::FatalError);
}

namespace {
// Inflates a raw deflate stream (as zip stores it) with zlib.
std::string inflate_raw(const std::string& compressed, std::size_t size) {
  std::string out(size, '\0');
  z_stream z{};
  REQUIRE(inflateInit2(&z, -MAX_WBITS) == Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int result = inflate(&z, Z_FINISH);
  inflateEnd(&z);
  CHECK(result == Z_STREAM_END);
  CHECK(z.total_out == size);
  return out;
}
}  // namespace

TEST_CASE("deflate_text gives a raw deflate stream with the text's size, CRC-32 and SHA-256") {
  const std::string text = "<p>Bấm vào nút <strong>Đăng nhập</strong>.</p>\n" + std::string(5000, 'a');
  const auto deflated = hocso::deflate_text(text);
  CHECK(deflated.size == text.size());
  CHECK(deflated.compressed.size() < text.size() / 10);
  CHECK(inflate_raw(deflated.compressed, text.size()) == text);
  CHECK(deflated.crc32 == crc32_z(0L, reinterpret_cast<const Bytef*>(text.data()), text.size()));
  CHECK(deflated.sha256 == hocso::to_hex(hocso::sha256(text)));
  // The same text gives the same bytes (bundles are reproducible).
  CHECK(hocso::deflate_text(text).compressed == deflated.compressed);
  const auto empty = hocso::deflate_text("");
  CHECK(empty.size == 0);
  CHECK(inflate_raw(empty.compressed, 0).empty());
}

TEST_CASE("an entry deflated ahead of time is stored as that stream, and unzip reads the text back") {
  TempDir dir;
  const std::string text = "<h1>Xin chào</h1>\n" + std::string(20000, 'x');
  const auto deflated = hocso::deflate_text(text);
  {
    BundleWriter writer(dir.path / "out.hocso", dir.path / "staging", 315532800);
    const auto written = writer.add_deflated("vi/a.html", deflated);
    CHECK(written.size == text.size());
    CHECK(written.sha256 == deflated.sha256);
    writer.add("vi/empty.json", "", Compression::deflate);
    writer.finish();
  }
  const std::string zip = read_bytes(dir.path / "out.hocso");
  // The local header of the first entry (sorted: "vi/a.html"): method 8, the CRC
  // and sizes given, then the name and our compressed bytes as they are.
  REQUIRE(zip.size() > 30 + 9 + deflated.compressed.size());
  auto u16 = [&](std::size_t at) { return static_cast<unsigned>(static_cast<unsigned char>(zip[at]) | static_cast<unsigned char>(zip[at + 1]) << 8); };
  auto u32 = [&](std::size_t at) { return static_cast<std::uint32_t>(u16(at) | static_cast<std::uint32_t>(u16(at + 2)) << 16); };
  CHECK(u16(8) == 8);
  CHECK(u32(14) == deflated.crc32);
  CHECK(u32(18) == deflated.compressed.size());
  CHECK(u32(22) == text.size());
  CHECK(zip.substr(30, 9) == "vi/a.html");
  CHECK(zip.substr(30 + 9, deflated.compressed.size()) == deflated.compressed);
  const fs::path extracted = dir.path / "x";
  REQUIRE(std::system(("unzip -q -d '" + extracted.string() + "' '" + (dir.path / "out.hocso").string() + "'").c_str()) == 0);
  CHECK(read_bytes(extracted / "vi" / "a.html") == text);
  CHECK(fs::file_size(extracted / "vi" / "empty.json") == 0);
}

TEST_CASE("a source that is gone at finish() is an error and leaves no output file") {
  TempDir dir;
  write_bytes(dir.path / "gone.png", std::string(3 * 1024 * 1024, '\x02'));  // more than one output buffer
  const fs::path out = dir.path / "out.hocso";
  {
    BundleWriter writer(out, dir.path / "staging", 315532800);
    writer.add("index.html", std::string(2 * 1024 * 1024, 'a'), Compression::store);
    writer.add_file("media/gone.png", dir.path / "gone.png", Compression::store);
    fs::remove(dir.path / "gone.png");
    CHECK_THROWS_AS(writer.finish(), hocso::FatalError);
  }
  CHECK_FALSE(fs::exists(out));
  // Nothing else is left beside it either (libzip's own temporary files included).
  std::size_t others = 0;
  for (const auto& entry : fs::directory_iterator(dir.path))
    if (entry.path().filename() != "staging") ++others;
  CHECK(others == 0);
}

TEST_CASE("entries larger than the writer's 1 MiB buffers come out byte for byte") {
  // libzip goes back to rewrite each local header after the entry's data: with
  // entries this size that header is already flushed from the output buffer.
  TempDir dir;
  std::string big_a(1536 * 1024, '\0'), big_b(2 * 1024 * 1024 + 17, '\0');
  for (std::size_t i = 0; i < big_a.size(); ++i) big_a[i] = static_cast<char>((i * 131) % 251);
  for (std::size_t i = 0; i < big_b.size(); ++i) big_b[i] = static_cast<char>((i * 7 + i / 1000) % 253);
  write_bytes(dir.path / "b.bin", big_b);
  const std::string text = [] {
    std::string t;
    for (int i = 0; t.size() < 3 * 1024 * 1024; ++i) t += "<p>Bước " + std::to_string(i) + ": bấm Tiếp tục.</p>\n";
    return t;
  }();
  {
    BundleWriter writer(dir.path / "big.hocso", dir.path / "staging", 315532800);
    writer.add("a.bin", big_a, Compression::store);
    writer.add_file("b.bin", dir.path / "b.bin", Compression::store);
    writer.add("c.html", text, Compression::deflate);
    writer.add("d.txt", "small", Compression::deflate);
    writer.finish();  // also reads the layout back (the reader's rules)
  }
  const fs::path extracted = dir.path / "x";
  REQUIRE(std::system(("unzip -q -d '" + extracted.string() + "' '" + (dir.path / "big.hocso").string() + "'").c_str()) == 0);
  CHECK(read_bytes(extracted / "a.bin") == big_a);
  CHECK(read_bytes(extracted / "b.bin") == big_b);
  CHECK(read_bytes(extracted / "c.html") == text);
  CHECK(read_bytes(extracted / "d.txt") == "small");
}
