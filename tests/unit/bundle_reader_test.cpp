#include "hocso/bundle_reader.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>
#include <vector>

#include "bundle_check.h"
#include "bundle_manifest.h"
#include "bundle_writer.h"
#include "hashing.h"
#include "signing.h"
#include "test_files.h"
#include "test_support.h"
#include "zip_layout.h"

namespace fs = std::filesystem;
using hocso::BundleLimits;
using hocso::BundleReader;
using nlohmann::json;

namespace {

using namespace hocso::test;  // TempDir, read_bytes, write_bytes

// ---------------------------------------------------------------------------
// A hand-written zip builder for the malformed cases the writer never makes.

void put16(std::string& out, std::uint32_t value) {
  out.push_back(static_cast<char>(value & 0xFF));
  out.push_back(static_cast<char>((value >> 8) & 0xFF));
}
void put32(std::string& out, std::uint32_t value) {
  put16(out, value & 0xFFFF);
  put16(out, value >> 16);
}
void put64(std::string& out, std::uint64_t value) {
  put32(out, static_cast<std::uint32_t>(value));
  put32(out, static_cast<std::uint32_t>(value >> 32));
}

std::uint32_t crc_of(const std::string& data) {
  return static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

struct RawEntry {
  std::string name;
  std::string content;  // uncompressed
  bool deflate = false;
  std::uint16_t version_made_by = 0x0314;  // Unix, zip 2.0
  std::uint16_t flags = 0;
  std::optional<std::uint16_t> method;  // default: 8 when deflate, else 0
  std::uint32_t external_attributes = 0100644u << 16;
  std::uint16_t version_needed = 20;
  std::optional<std::uint32_t> declared_size;             // both headers; default content.size()
  std::optional<std::uint32_t> declared_compressed_size;  // both headers; default the data's size
  std::optional<std::uint32_t> central_offset;            // default: where the local header is
  std::optional<std::uint32_t> local_crc;      // default: the real CRC-32
  std::optional<std::string> local_name;       // default: name
  std::string local_extra, central_extra, central_comment;
};

struct RawZip {
  std::vector<RawEntry> entries;
  std::string prefix;                   // bytes before the first local header
  bool offsets_include_prefix = false;  // as `zip -A` adjusts a self-extractor
  std::string before_end_record;        // e.g. a zip64 end record and locator
  bool zip64_markers_in_end_record = false;
  std::string archive_comment;
  std::string suffix;  // bytes after the end record
};

// An end of central directory record (one disk): `entries` entries, the
// directory's size and offset, and the length of the comment that follows.
void put_end_record(std::string& out, std::uint32_t entries, std::uint32_t directory_size,
                    std::uint32_t directory_offset, std::uint32_t comment_length) {
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, entries);
  put16(out, entries);
  put32(out, directory_size);
  put32(out, directory_offset);
  put16(out, comment_length);
}

std::string build_zip(const RawZip& zip) {
  std::string out = zip.prefix;
  const std::uint32_t base = zip.offsets_include_prefix ? 0 : static_cast<std::uint32_t>(zip.prefix.size());
  std::string central;
  for (const auto& e : zip.entries) {
    const std::string data = e.deflate ? raw_deflate(e.content, 9) : e.content;
    const std::uint16_t method = e.method.value_or(e.deflate ? 8 : 0);
    const std::uint32_t size = e.declared_size.value_or(static_cast<std::uint32_t>(e.content.size()));
    const std::uint32_t compressed_size = e.declared_compressed_size.value_or(
        e.declared_size && !e.deflate ? size : static_cast<std::uint32_t>(data.size()));
    const std::uint32_t crc = crc_of(e.content);
    const std::uint32_t offset = static_cast<std::uint32_t>(out.size()) - base;
    const std::string local_name = e.local_name.value_or(e.name);
    put32(out, 0x04034b50);
    put16(out, e.version_needed);
    put16(out, e.flags);
    put16(out, method);
    put16(out, 0);       // time
    put16(out, 0x21);    // date: 1980-01-01
    put32(out, e.local_crc.value_or(crc));
    put32(out, compressed_size);
    put32(out, size);
    put16(out, static_cast<std::uint32_t>(local_name.size()));
    put16(out, static_cast<std::uint32_t>(e.local_extra.size()));
    out += local_name + e.local_extra + data;

    put32(central, 0x02014b50);
    put16(central, e.version_made_by);
    put16(central, e.version_needed);
    put16(central, e.flags);
    put16(central, method);
    put16(central, 0);
    put16(central, 0x21);
    put32(central, crc);
    put32(central, compressed_size);
    put32(central, size);
    put16(central, static_cast<std::uint32_t>(e.name.size()));
    put16(central, static_cast<std::uint32_t>(e.central_extra.size()));
    put16(central, static_cast<std::uint32_t>(e.central_comment.size()));
    put16(central, 0);  // disk
    put16(central, 0);  // internal attributes
    put32(central, e.external_attributes);
    put32(central, e.central_offset.value_or(offset));
    central += e.name + e.central_extra + e.central_comment;
  }
  const std::uint32_t central_offset = static_cast<std::uint32_t>(out.size()) - base;
  out += central;
  out += zip.before_end_record;
  const auto count = static_cast<std::uint32_t>(zip.entries.size());
  const bool markers = zip.zip64_markers_in_end_record;
  put_end_record(out, markers ? 0xFFFF : count, markers ? 0xFFFFFFFF : static_cast<std::uint32_t>(central.size()),
                 markers ? 0xFFFFFFFF : central_offset, static_cast<std::uint32_t>(zip.archive_comment.size()));
  out += zip.archive_comment;
  out += zip.suffix;
  return out;
}

RawZip zip_of(const std::vector<RawEntry>& entries) {
  RawZip zip;
  zip.entries = entries;
  return zip;
}

std::string build_zip(const std::vector<RawEntry>& entries) { return build_zip(zip_of(entries)); }

// ---------------------------------------------------------------------------
// Manifests and signatures.

struct File {
  std::string path;
  std::string content;
  bool deflate = true;
};

struct Listed {
  std::string path;
  std::uint64_t size = 0;
  std::string sha256;
};

std::vector<Listed> listing_of(const std::vector<File>& files) {
  std::vector<Listed> out;
  for (const auto& f : files) out.push_back({f.path, f.content.size(), hocso::to_hex(hocso::sha256(f.content))});
  return out;
}

json manifest_object(const std::vector<Listed>& listed) {
  json entries = json::array();
  for (const auto& l : listed) entries.push_back({{"path", l.path}, {"size", l.size}, {"sha256", l.sha256}});
  json pack = json::object();
  pack["id"] = "vneid-co-ban";
  pack["version"] = "1.0.0";
  pack["title"] = "VNeID cơ bản";
  pack["source_language"] = "vi";
  json language = json::object();
  language["tag"] = "vi";
  language["name"] = "Tiếng Việt";
  language["coverage"] = 1.0;
  json lesson = json::object();
  lesson["id"] = "kich-hoat-vneid";
  lesson["title"] = "Kích hoạt tài khoản định danh điện tử";
  lesson["level"] = "co-ban";
  lesson["requires"] = json::array();
  json manifest = json::object();
  manifest["format"] = "hocso-bundle/1";
  manifest["generator"] = "hocso 0.1.0";
  manifest["pack"] = pack;
  manifest["profile"] = "default";
  manifest["languages"] = json::array({language});
  manifest["lessons"] = json::array({lesson});
  manifest["entries"] = entries;
  return manifest;
}

struct Signer {
  hocso::signing::KeyPair keys = hocso::signing::generate_key_pair();
  std::string public_key() const { return hocso::signing::format_public_key(keys.public_key); }
  std::string sign(const std::string& manifest) const {
    return hocso::signing::sign(manifest, keys.secret_key,
                                hocso::bundle_trusted_comment("vneid-co-ban", "1.0.0", manifest));
  }
};

// The raw entries of a signed bundle: `files` plus manifest.json (listing
// `listed`) and its signature, sorted by name.
std::vector<RawEntry> signed_entries(const std::vector<File>& files, const std::vector<Listed>& listed,
                                     const Signer& signer, std::optional<std::string> manifest_text = std::nullopt) {
  // Invalid UTF-8 in a listed name is replaced: the zip entry name keeps it.
  const std::string manifest =
      manifest_text.value_or(manifest_object(listed).dump(-1, ' ', false, json::error_handler_t::replace));
  std::vector<RawEntry> entries;
  for (const auto& f : files) {
    RawEntry e;
    e.name = f.path;
    e.content = f.content;
    e.deflate = f.deflate;
    entries.push_back(e);
  }
  RawEntry m;
  m.name = "manifest.json";
  m.content = manifest;
  m.deflate = true;
  entries.push_back(m);
  RawEntry s;
  s.name = "manifest.json.minisig";
  s.content = signer.sign(manifest);
  entries.push_back(s);
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return entries;
}

const std::string kLessonHtml = [] {
  std::string html = "<!doctype html><meta charset=utf-8><title>Kích hoạt VNeID</title>\n";
  // Over 64 KiB, so that data crosses the reader's chunk boundaries.
  for (int i = 0; html.size() < 150000; ++i)
    html += "<p>Bước " + std::to_string(i) + ": mở ứng dụng VNeID, chọn \"Kích hoạt tài khoản\".</p>\n";
  return html;
}();

std::string binary_png() {
  std::string png = "\x89PNG\r\n\x1a\n";
  for (int i = 0; i < 70000; ++i) png.push_back(static_cast<char>((i * 7919) & 0xFF));
  return png;
}

const std::vector<File>& sample_files() {
  static const std::vector<File> files = {
      {"index.html", "<!doctype html><a href=vi/index.html>Tiếng Việt</a>\n", true},
      {"media/0f1e2d.png", binary_png(), false},
      {"vi/index.html", "<!doctype html><a href=kich-hoat-vneid.html>Kích hoạt VNeID</a>\n", true},
      {"vi/kich-hoat-vneid.html", kLessonHtml, true},
      {"vi/kich-hoat-vneid.json", R"({"id":"kich-hoat-vneid","steps":[]})", true},
  };
  return files;
}

// A good bundle as hocso writes it: BundleWriter, a manifest, a signature.
fs::path write_good_bundle(const fs::path& dir, const Signer& signer) {
  const fs::path output = dir / "good.hocso";
  hocso::BundleWriter writer(output, dir / "staging", 1747267200);
  std::vector<Listed> listed;
  for (const auto& f : sample_files()) {
    const auto written =
        writer.add(f.path, f.content, f.deflate ? hocso::Compression::deflate : hocso::Compression::store);
    listed.push_back({written.name, written.size, written.sha256});
  }
  const std::string manifest = manifest_object(listed).dump(2);
  writer.add("manifest.json", manifest, hocso::Compression::deflate);
  writer.add("manifest.json.minisig", signer.sign(manifest), hocso::Compression::deflate);
  writer.finish();
  return output;
}

BundleReader open_bytes(const fs::path& dir, const std::string& bytes, const Signer& signer,
                        const BundleLimits& limits = {}) {
  const fs::path file = dir / "test.hocso";
  write_bytes(file, bytes);
  return BundleReader::open(file, {signer.public_key()}, limits);
}

std::string describe(const BundleReader& reader) {
  std::string out;
  for (const auto& p : reader.problems()) out += "[" + p.rule + "] " + p.entry + ": " + p.message + "\n";
  return out;
}

// The bundle is refused, yields no content, and its first problem is `rule` on `entry`.
// A re-signed bundle of `files` whose last entry, deflated, is listed in the
// manifest and declared in the zip with `size` bytes instead of its own.
BundleReader open_declaring_last(const fs::path& dir, const std::vector<File>& files, std::uint32_t size,
                                 const Signer& signer) {
  auto listed = listing_of(files);
  listed.back().size = size;
  auto entries = signed_entries(files, listed, signer);
  for (auto& e : entries)
    if (e.name == files.back().path) e.declared_size = size;
  return open_bytes(dir, build_zip(entries), signer);
}

void check_refused(const BundleReader& reader, const std::string& rule, const std::string& entry) {
  INFO(describe(reader));
  CHECK_FALSE(reader.ok());
  REQUIRE_FALSE(reader.problems().empty());
  CHECK(reader.problems().front().rule == rule);
  CHECK(reader.problems().front().entry == entry);
  CHECK_FALSE(reader.problems().front().message.empty());
  CHECK(reader.entries().empty());
  CHECK(reader.manifest_json().empty());
  CHECK_FALSE(reader.read("index.html").has_value());
}

std::uint32_t get32(const std::string& b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

// The central directory's offset and size in `zip`, a zip without an archive
// comment, from its end record.
std::pair<std::uint32_t, std::uint32_t> central_directory_of(const std::string& zip) {
  return {get32(zip, zip.size() - 6), get32(zip, zip.size() - 10)};
}

}  // namespace

TEST_CASE("a bundle written by BundleWriter, with manifest and signature, is accepted and readable") {
  TempDir dir;
  Signer signer;
  const fs::path bundle = write_good_bundle(dir.path, signer);
  const BundleReader reader = BundleReader::open(bundle, {signer.public_key()});
  INFO(describe(reader));
  REQUIRE(reader.ok());
  CHECK(reader.path() == bundle);
  REQUIRE(reader.entries().size() == 7);
  CHECK(reader.entries()[0].name == "index.html");
  CHECK(reader.entries()[1].name == "manifest.json");
  CHECK(reader.entries()[2].name == "manifest.json.minisig");
  CHECK(reader.entries()[6].name == "vi/kich-hoat-vneid.json");
  CHECK(reader.trusted_comment() ==
        "hocso-bundle/1 pack=vneid-co-ban version=1.0.0 manifest-sha256=" +
            hocso::to_hex(hocso::sha256(reader.manifest_json())));
  CHECK(json::parse(reader.manifest_json())["pack"]["id"] == "vneid-co-ban");
  CHECK(reader.pack_id() == "vneid-co-ban");
  CHECK(reader.pack_version() == "1.0.0");
  CHECK(reader.profile() == "default");

  for (const auto& f : sample_files()) {
    CAPTURE(f.path);
    const auto* entry = reader.find(f.path);
    REQUIRE(entry != nullptr);
    CHECK(entry->size == f.content.size());
    CHECK(entry->deflated == f.deflate);
    CHECK(entry->sha256 == hocso::to_hex(hocso::sha256(f.content)));
    CHECK(entry->crc32 == crc_of(f.content));
    const auto bytes = reader.read(f.path);
    REQUIRE(bytes.has_value());
    CHECK(*bytes == f.content);
  }
  // Stored data sits at data_offset, byte for byte.
  const auto* png = reader.find("media/0f1e2d.png");
  CHECK(read_bytes(bundle).substr(png->data_offset, 8) == "\x89PNG\r\n\x1a\n");
  CHECK(reader.find("missing.html") == nullptr);
  CHECK_FALSE(reader.read("missing.html").has_value());

  // The bare base64 line of the key works too, and so does a second trusted key.
  const std::string pub = signer.public_key();
  const std::string base64_line = pub.substr(pub.find('\n') + 1, pub.find('\n', pub.find('\n') + 1) - pub.find('\n') - 1);
  CHECK(BundleReader::open(bundle, {base64_line}).ok());
  Signer other;
  CHECK(BundleReader::open(bundle, {other.public_key(), pub}).ok());
}

TEST_CASE("a hand-crafted canonical bundle is accepted (so the tampering cases test one change each)") {
  TempDir dir;
  Signer signer;
  const auto reader = open_bytes(dir.path, build_zip(signed_entries(sample_files(), listing_of(sample_files()), signer)), signer);
  INFO(describe(reader));
  CHECK(reader.ok());
  CHECK(reader.read("vi/kich-hoat-vneid.html") == kLessonHtml);
}

TEST_CASE("the stock minisign tool verifies the bundle's manifest signature") {
  if (std::system("command -v minisign >/dev/null 2>&1") != 0) return;
  TempDir dir;
  Signer signer;
  const BundleReader reader = BundleReader::open(write_good_bundle(dir.path, signer), {signer.public_key()});
  REQUIRE(reader.ok());
  write_bytes(dir.path / "manifest.json", *reader.read("manifest.json"));
  write_bytes(dir.path / "manifest.json.minisig", *reader.read("manifest.json.minisig"));
  write_bytes(dir.path / "key.pub", signer.public_key());
  const std::string command = "minisign -Vq -p " + (dir.path / "key.pub").string() + " -m " +
                              (dir.path / "manifest.json").string() + " >/dev/null 2>&1";
  CHECK(std::system(command.c_str()) == 0);
}

TEST_CASE("tampered data, entries and names are refused") {
  TempDir dir;
  Signer signer;
  const std::string good = read_bytes(write_good_bundle(dir.path, signer));
  const BundleReader good_reader = open_bytes(dir.path, good, signer);
  REQUIRE(good_reader.ok());
  auto files = sample_files();
  auto listed = listing_of(files);

  SUBCASE("a flipped byte in stored data") {
    std::string bytes = good;
    bytes[good_reader.find("media/0f1e2d.png")->data_offset + 100] ^= 0x01;
    check_refused(open_bytes(dir.path, bytes, signer), "entry-crc-mismatch", "media/0f1e2d.png");
  }
  SUBCASE("damaged data under a signature that fails: only the signature is reported") {
    // The data is read beside the signature check (bundle_check.cpp); what it
    // found must not count when the signature fails.
    std::string bytes = good;
    bytes[good_reader.find("media/0f1e2d.png")->data_offset + 100] ^= 0x01;
    Signer other;
    const BundleReader reader = open_bytes(dir.path, bytes, other);
    check_refused(reader, "signature-invalid", "manifest.json.minisig");
    CHECK(reader.problems().size() == 1);
  }
  SUBCASE("a flipped byte in deflated data") {
    std::string bytes = good;
    const auto* entry = good_reader.find("vi/kich-hoat-vneid.html");
    bytes[entry->data_offset + entry->compressed_size / 2] ^= 0x10;
    const auto reader = open_bytes(dir.path, bytes, signer);
    CHECK_FALSE(reader.ok());
    REQUIRE_FALSE(reader.problems().empty());
    const std::string rule = reader.problems().front().rule;
    CHECK((rule == "entry-corrupt" || rule == "entry-crc-mismatch" || rule == "entry-size-mismatch"));
    CHECK(reader.problems().front().entry == "vi/kich-hoat-vneid.html");
  }
  SUBCASE("content changed with a matching CRC but not the manifest's SHA-256") {
    auto entries = signed_entries(files, listed, signer);
    for (auto& e : entries)
      if (e.name == "vi/index.html") e.content[5] = 'X';
    check_refused(open_bytes(dir.path, build_zip(entries), signer), "entry-hash-mismatch", "vi/index.html");
  }
  SUBCASE("an extra entry the manifest does not list (re-signed)") {
    files.push_back({"vi/extra.html", "<script>steal()</script>", true});
    check_refused(open_bytes(dir.path, build_zip(signed_entries(files, listed, signer)), signer),
                  "entry-not-in-manifest", "vi/extra.html");
  }
  SUBCASE("an entry the manifest lists is missing (re-signed)") {
    files.erase(files.begin() + 2);
    check_refused(open_bytes(dir.path, build_zip(signed_entries(files, listed, signer)), signer),
                  "manifest-entry-missing", "vi/index.html");
  }
  SUBCASE("the manifest states a wrong size (re-signed)") {
    listed[0].size += 1;
    check_refused(open_bytes(dir.path, build_zip(signed_entries(files, listed, signer)), signer),
                  "manifest-size-mismatch", "index.html");
  }
  SUBCASE("a duplicated entry") {
    auto entries = signed_entries(files, listed, signer);
    RawEntry twin = entries[0];
    twin.content = "<!doctype html>other";
    entries.insert(entries.begin() + 1, twin);
    check_refused(open_bytes(dir.path, build_zip(entries), signer), "name-duplicate", "index.html");
  }

  struct BadName {
    std::string name;
    const char* rule;
  };
  SUBCASE("bad names (re-signed)") {
    for (const BadName& bad : {BadName{"../escape.html", "name-parent-segment"}, BadName{"vi/../../x", "name-parent-segment"},
                               BadName{"/etc/cron.d/x", "name-absolute"}, BadName{"vi\\..\\x.html", "name-backslash"},
                               BadName{"C:/Windows/x.html", "name-drive-letter"}, BadName{"vi//x.html", "name-empty-segment"},
                               BadName{"./x.html", "name-dot-segment"}, BadName{"vi/", "name-trailing-slash"},
                               BadName{"vi/x\n.html", "name-control-character"}, BadName{"vi/x\x7f.html", "name-control-character"},
                               BadName{"vi/\xc2\x85.html", "name-control-character"}, BadName{"vi/\xff.html", "name-not-utf8"},
                               BadName{"vi/\xc0\xaf.html", "name-not-utf8"},
                               // Outside the safe set A-Z a-z 0-9 . _ - / (docs/bundle-format.md, "Entry names").
                               BadName{"vi/x\x1b[2K.html", "name-control-character"},
                               BadName{"vi/x\r.html", "name-control-character"},
                               BadName{"vi/\u202eimth.exe", "name-character"}, BadName{"vi/a\u200bb.html", "name-character"},
                               BadName{"vi/a b.html", "name-character"}, BadName{"vi/a\"b.html", "name-character"},
                               BadName{"vi/b\u00e0i.html", "name-character"}, BadName{"vi/a:b", "name-character"},
                               BadName{"vi/.hidden", "name-segment-start"}, BadName{"-rf", "name-segment-start"},
                               BadName{"vi/_x.html", "name-segment-start"},
                               BadName{"vi/" + std::string(256, 'a'), "name-segment-too-long"}}) {
      CAPTURE(bad.name);
      // Signed with the right key and listed in the manifest: the name alone is at fault.
      files = sample_files();
      files.push_back({bad.name, "pwned", false});
      const auto entries = signed_entries(files, listing_of(files), signer);
      check_refused(open_bytes(dir.path, build_zip(entries), signer), bad.rule, bad.name);
    }
  }
  SUBCASE("upper case is in the safe set (language tags), names equal but for case are not") {
    files.push_back({"blt-Tavt-VN/index.html", "x", false});
    CHECK(open_bytes(dir.path, build_zip(signed_entries(files, listing_of(files), signer)), signer).ok());
    files.push_back({"vi/Index.html", "y", false});
    check_refused(open_bytes(dir.path, build_zip(signed_entries(files, listing_of(files), signer)), signer),
                  "name-case-collision", "vi/index.html");
  }
  SUBCASE("a name too long") {
    const std::string long_name = "vi/" + std::string(1100, 'a') + ".html";
    files.push_back({long_name, "x", false});
    check_refused(open_bytes(dir.path, build_zip(signed_entries(files, listing_of(files), signer)), signer),
                  "name-too-long", long_name);
  }
  SUBCASE("a symlink entry (re-signed)") {
    files.push_back({"vi/link.html", "../../../../etc/passwd", false});
    auto entries = signed_entries(files, listing_of(files), signer);
    for (auto& e : entries)
      if (e.name == "vi/link.html") e.external_attributes = 0120777u << 16;
    check_refused(open_bytes(dir.path, build_zip(entries), signer), "entry-symlink", "vi/link.html");
  }
  SUBCASE("a directory by its Unix mode, by its DOS attribute, and a FIFO") {
    files.push_back({"vi/dir", "", false});
    auto entries = signed_entries(files, listing_of(files), signer);
    auto with_attributes = [&](std::uint16_t made_by, std::uint32_t attributes) {
      auto changed = entries;
      for (auto& e : changed)
        if (e.name == "vi/dir") {
          e.version_made_by = made_by;
          e.external_attributes = attributes;
        }
      return open_bytes(dir.path, build_zip(changed), signer);
    };
    check_refused(with_attributes(0x0314, 0040755u << 16), "entry-directory", "vi/dir");
    check_refused(with_attributes(0x0014, 0x10), "entry-directory", "vi/dir");
    check_refused(with_attributes(0x0314, 0010644u << 16), "entry-not-regular", "vi/dir");
    // A non-Unix host's high bits are not a Unix mode.
    CHECK(with_attributes(0x0014, 0120777u << 16).ok());
  }
}

TEST_CASE("the builder's check: entries copied from a checked bundle are not read again, their local headers are") {
  TempDir dir;
  Signer signer;
  const std::string good = read_bytes(write_good_bundle(dir.path, signer));
  const BundleReader good_reader = open_bytes(dir.path, good, signer);
  REQUIRE(good_reader.ok());
  const hocso::BundleEntry png = *good_reader.find("media/0f1e2d.png");
  const auto copied_png = [&](const hocso::zip::CentralEntry& entry, std::string_view listed_sha256) {
    return entry.name == png.name && entry.crc32 == png.crc32 && listed_sha256 == png.sha256;
  };
  const fs::path file = dir.path / "written.hocso";
  std::vector<hocso::BundleProblem> problems;
  std::string bytes = good;

  SUBCASE("its data is not read: damage there goes unseen, only then") {
    bytes[png.data_offset + 100] ^= 0x01;
    write_bytes(file, bytes);
    CHECK_FALSE(hocso::check_bundle_file(file, {signer.public_key()}, {}, problems));
    REQUIRE_FALSE(problems.empty());
    CHECK(problems.front().rule == "entry-crc-mismatch");
    problems.clear();
    const auto checked = hocso::check_bundle_file(file, {signer.public_key()}, {}, problems, copied_png);
    REQUIRE(checked);
    CHECK(problems.empty());
    CHECK(checked->entries.size() == good_reader.entries().size());
    for (const auto& entry : checked->entries)
      if (entry.name == png.name) CHECK(entry.sha256 == png.sha256);
  }
  SUBCASE("its local header is read") {
    const std::uint64_t local_header = png.data_offset - hocso::zip::kLocalHeaderSize - png.name.size();
    bytes[local_header + 14] ^= 0x01;  // the CRC-32 the local header states
    write_bytes(file, bytes);
    CHECK_FALSE(hocso::check_bundle_file(file, {signer.public_key()}, {}, problems, copied_png));
    REQUIRE_FALSE(problems.empty());
    CHECK(problems.front().rule == "layout-local-header");
    CHECK(problems.front().entry == png.name);
  }
  SUBCASE("the other entries are read as always") {
    const hocso::BundleEntry page = *good_reader.find("vi/kich-hoat-vneid.html");
    bytes[page.data_offset + page.compressed_size / 2] ^= 0x10;
    write_bytes(file, bytes);
    CHECK_FALSE(hocso::check_bundle_file(file, {signer.public_key()}, {}, problems, copied_png));
    REQUIRE_FALSE(problems.empty());
    CHECK(problems.front().entry == page.name);
  }
}

TEST_CASE("edited manifests, trusted comments and wrong keys are refused") {
  TempDir dir;
  Signer signer;
  const auto files = sample_files();
  const auto listed = listing_of(files);
  const std::string manifest = manifest_object(listed).dump();

  SUBCASE("the manifest edited after signing") {
    auto entries = signed_entries(files, listed, signer);
    for (auto& e : entries)
      if (e.name == "manifest.json") e.content.replace(e.content.find("VNeID"), 5, "VNeXD");
    check_refused(open_bytes(dir.path, build_zip(entries), signer), "signature-invalid", "manifest.json.minisig");
  }
  SUBCASE("the trusted comment edited after signing") {
    auto entries = signed_entries(files, listed, signer);
    for (auto& e : entries)
      if (e.name == "manifest.json.minisig") e.content.replace(e.content.find("version=1.0.0"), 13, "version=9.0.0");
    check_refused(open_bytes(dir.path, build_zip(entries), signer), "signature-invalid", "manifest.json.minisig");
  }
  SUBCASE("a valid signature whose trusted comment names another version") {
    auto entries = signed_entries(files, listed, signer);
    for (auto& e : entries)
      if (e.name == "manifest.json.minisig")
        e.content = hocso::signing::sign(manifest, signer.keys.secret_key,
                                         hocso::bundle_trusted_comment("vneid-co-ban", "0.9.0", manifest));
    const auto reader = open_bytes(dir.path, build_zip(entries), signer);
    check_refused(reader, "signature-trusted-comment", "manifest.json.minisig");
    CHECK(reader.problems().front().message.find("version=0.9.0") != std::string::npos);
  }
  SUBCASE("a valid signature whose trusted comment has another manifest hash (an older manifest)") {
    auto entries = signed_entries(files, listed, signer);
    for (auto& e : entries)
      if (e.name == "manifest.json.minisig")
        e.content = hocso::signing::sign(manifest, signer.keys.secret_key,
                                         hocso::bundle_trusted_comment("vneid-co-ban", "1.0.0", "{}"));
    check_refused(open_bytes(dir.path, build_zip(entries), signer), "signature-trusted-comment",
                  "manifest.json.minisig");
  }
  SUBCASE("a valid signature with a free-form trusted comment") {
    auto entries = signed_entries(files, listed, signer);
    for (auto& e : entries)
      if (e.name == "manifest.json.minisig")
        e.content = hocso::signing::sign(manifest, signer.keys.secret_key, "timestamp:1747267200");
    check_refused(open_bytes(dir.path, build_zip(entries), signer), "signature-trusted-comment",
                  "manifest.json.minisig");
  }
  SUBCASE("signed with another key") {
    Signer stranger;
    check_refused(open_bytes(dir.path, build_zip(signed_entries(files, listed, stranger)), signer),
                  "signature-invalid", "manifest.json.minisig");
  }
  SUBCASE("no signature, no manifest") {
    auto entries = signed_entries(files, listed, signer);
    auto without = [&](const std::string& name) {
      auto kept = entries;
      kept.erase(std::remove_if(kept.begin(), kept.end(), [&](const auto& e) { return e.name == name; }), kept.end());
      return open_bytes(dir.path, build_zip(kept), signer);
    };
    check_refused(without("manifest.json.minisig"), "signature-missing", "manifest.json.minisig");
    check_refused(without("manifest.json"), "manifest-missing", "manifest.json");
  }
  SUBCASE("bad or missing trusted keys") {
    const fs::path file = dir.path / "b.hocso";
    write_bytes(file, build_zip(signed_entries(files, listed, signer)));
    check_refused(BundleReader::open(file, {"not a key"}), "key-invalid", "");
    check_refused(BundleReader::open(file, {}), "signature-no-trusted-key", "");
  }
  SUBCASE("manifests that are signed but not usable") {
    auto signed_manifest = [&](const std::string& text) {
      return open_bytes(dir.path, build_zip(signed_entries(files, listed, signer, text)), signer);
    };
    check_refused(signed_manifest("{\"format\": \"hocso-bundle/1\", "), "manifest-json", "manifest.json");
    check_refused(signed_manifest("[1, 2]"), "manifest-json", "manifest.json");
    json other_format = manifest_object(listed);
    other_format["format"] = "hocso-bundle/2";
    check_refused(signed_manifest(other_format.dump()), "manifest-format", "manifest.json");
    json no_entries = manifest_object(listed);
    no_entries.erase("entries");
    check_refused(signed_manifest(no_entries.dump()), "manifest-field", "manifest.json");
    json bad_hash = manifest_object(listed);
    bad_hash["entries"][0]["sha256"] = "ABC";
    check_refused(signed_manifest(bad_hash.dump()), "manifest-field", "index.html");
    json negative = manifest_object(listed);
    negative["entries"][0]["size"] = -1;
    check_refused(signed_manifest(negative.dump()), "manifest-field", "index.html");
    json traversal = manifest_object(listed);
    traversal["entries"][0]["path"] = "../index.html";
    check_refused(signed_manifest(traversal.dump()), "manifest-path-invalid", "../index.html");
    json twice = manifest_object(listed);
    twice["entries"].push_back(twice["entries"][0]);
    check_refused(signed_manifest(twice.dump()), "manifest-duplicate-path", "index.html");
    json bidi_path = manifest_object(listed);
    bidi_path["entries"][0]["path"] = "vi/\u202eindex.html";
    check_refused(signed_manifest(bidi_path.dump()), "manifest-path-invalid", "vi/\u202eindex.html");
    json lists_itself = manifest_object(listed);
    lists_itself["entries"].push_back({{"path", "manifest.json"}, {"size", 1}, {"sha256", std::string(64, '0')}});
    check_refused(signed_manifest(lists_itself.dump()), "manifest-path-invalid", "manifest.json");
  }
}

TEST_CASE("a signed manifest missing a field, or with one of the wrong type, is refused with the field named") {
  TempDir dir;
  Signer signer;
  const auto files = sample_files();
  const auto listed = listing_of(files);
  struct Case {
    const char* what;
    std::function<void(json&)> change;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"no profile", [](json& m) { m.erase("profile"); }, "\"profile\" must be a slug (a-z, 0-9, single hyphens); it is missing"},
      {"profile 5", [](json& m) { m["profile"] = 5; }, "\"profile\" must be a slug (a-z, 0-9, single hyphens)"},
      {"profile with an ESC", [](json& m) { m["profile"] = "de\x1b[2Kfault"; }, "\"profile\" must be a slug"},
      {"no generator", [](json& m) { m.erase("generator"); }, "\"generator\" must be a string; it is missing"},
      {"pack not an object", [](json& m) { m["pack"] = "demo"; }, "\"pack\" must be an object"},
      {"pack id not a slug", [](json& m) { m["pack"]["id"] = "Demo Pack"; }, "\"pack.id\" must be a slug"},
      {"pack version not semantic", [](json& m) { m["pack"]["version"] = "one"; }, "\"pack.version\" must be a semantic version"},
      {"pack title a number", [](json& m) { m["pack"]["title"] = 3; }, "\"pack.title\" must be a string"},
      {"source language not a tag", [](json& m) { m["pack"]["source_language"] = "Vietnamese"; },
       "\"pack.source_language\" must be a language tag"},
      {"languages empty", [](json& m) { m["languages"] = json::array(); }, "\"languages\" must be a non-empty array"},
      {"a language a string", [](json& m) { m["languages"][0] = "vi"; }, "\"languages[0]\" must be an object"},
      {"a language without a name", [](json& m) { m["languages"][0].erase("name"); },
       "\"languages[0].name\" must be a string; it is missing"},
      {"coverage a string", [](json& m) { m["languages"][0]["coverage"] = "all"; },
       "\"languages[0].coverage\" must be a number from 0 to 1"},
      {"coverage negative", [](json& m) { m["languages"][0]["coverage"] = -0.5; },
       "\"languages[0].coverage\" must be a number from 0 to 1"},
      {"lessons an object", [](json& m) { m["lessons"] = json::object(); }, "\"lessons\" must be an array"},
      {"a lesson title null", [](json& m) { m["lessons"][0]["title"] = nullptr; }, "\"lessons[0].title\" must be a string"},
      {"an unknown level", [](json& m) { m["lessons"][0]["level"] = "de"; },
       "\"lessons[0].level\" must be co-ban, trung-binh or nang-cao"},
      {"requires with a number", [](json& m) { m["lessons"][0]["requires"] = json::array({1}); },
       "\"lessons[0].requires\" must be an array of lesson ids (slugs)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    json manifest = manifest_object(listed);
    c.change(manifest);
    const auto reader = open_bytes(dir.path, build_zip(signed_entries(files, listed, signer, manifest.dump())), signer);
    check_refused(reader, "manifest-field", "manifest.json");
    CHECK(reader.problems().front().message.rfind(c.message, 0) == 0);
  }
  // Every field wrong at once: one problem each, at most 20 and a count.
  json manifest = manifest_object(listed);
  for (int i = 0; i < 30; ++i) manifest["lessons"].push_back({{"id", i}});
  const auto reader = open_bytes(dir.path, build_zip(signed_entries(files, listed, signer, manifest.dump())), signer);
  CHECK_FALSE(reader.ok());
  REQUIRE(reader.problems().size() == 21);
  CHECK(reader.problems().back().message == "and 100 more fields missing or of the wrong type");
  // Keys the reader does not know are ignored; items of languages and lessons may grow.
  json more = manifest_object(listed);
  more["languages"][0]["script"] = "Latn";
  more["lessons"][0]["duration_minutes"] = 10;
  more["pack"]["titles"] = {{"en", "VNeID basics"}};
  CHECK(open_bytes(dir.path, build_zip(signed_entries(files, listed, signer, more.dump())), signer).ok());
}

TEST_CASE("files that are not one canonical zip are refused") {
  TempDir dir;
  Signer signer;
  const std::string good = read_bytes(write_good_bundle(dir.path, signer));
  const auto entries = signed_entries(sample_files(), listing_of(sample_files()), signer);

  SUBCASE("not a zip, empty, truncated, missing, a folder") {
    check_refused(open_bytes(dir.path, "<html>this is not a zip file at all, really</html>", signer), "layout-not-zip", "");
    check_refused(open_bytes(dir.path, "", signer), "layout-not-zip", "");
    check_refused(open_bytes(dir.path, good.substr(0, good.size() - 10), signer), "layout-not-zip", "");
    check_refused(open_bytes(dir.path, good.substr(0, good.size() / 2), signer), "layout-not-zip", "");
    check_refused(BundleReader::open(dir.path / "nothing-here.hocso", {signer.public_key()}), "bundle-unreadable", "");
    check_refused(BundleReader::open(dir.path, {signer.public_key()}), "bundle-unreadable", "");
    // A FIFO with no writer: opening it must not hang.
    REQUIRE(::mkfifo((dir.path / "fifo.hocso").c_str(), 0600) == 0);
    check_refused(BundleReader::open(dir.path / "fifo.hocso", {signer.public_key()}), "bundle-unreadable", "");
  }
  SUBCASE("bytes prepended") {
    check_refused(open_bytes(dir.path, "#!/bin/sh\nexec evil\n" + good, signer), "layout-gap", "");
    RawZip zip = zip_of(entries);
    zip.prefix = "MZ self-extractor stub";
    zip.offsets_include_prefix = true;  // offsets adjusted, as `zip -A` does
    check_refused(open_bytes(dir.path, build_zip(zip), signer), "layout-prepended-bytes", "index.html");
  }
  SUBCASE("bytes appended") {
    check_refused(open_bytes(dir.path, good + "trailing junk", signer), "layout-trailing-bytes", "");
    check_refused(open_bytes(dir.path, good + std::string(100000, '\0'), signer), "layout-not-zip", "");
  }
  SUBCASE("an archive comment, and a second end record hidden in it") {
    RawZip commented = zip_of(entries);
    commented.archive_comment = "built by hocso";
    check_refused(open_bytes(dir.path, build_zip(commented), signer), "layout-archive-comment", "");
    // The comment is a fake end record: readers that trust the last 22 bytes and
    // readers that look further back can see different central directories.
    const std::string real = build_zip(entries);
    const auto [directory_offset, directory_size] = central_directory_of(real);
    std::string fake;
    put_end_record(fake, static_cast<std::uint32_t>(entries.size()), directory_size, directory_offset, 0);
    RawZip hidden = zip_of(entries);
    hidden.archive_comment = fake;
    const std::string bytes = build_zip(hidden);
    CHECK(bytes.substr(bytes.size() - 22) == fake);
    check_refused(open_bytes(dir.path, bytes, signer), "layout-archive-comment", "");
  }
  SUBCASE("a zip64 end record and locator") {
    const std::string plain = build_zip(entries);
    const auto [directory_offset, directory_size] = central_directory_of(plain);
    std::string zip64;
    put32(zip64, 0x06064b50);
    put64(zip64, 44);
    put16(zip64, 0x032d);
    put16(zip64, 45);
    put32(zip64, 0);
    put32(zip64, 0);
    put64(zip64, entries.size());
    put64(zip64, entries.size());
    put64(zip64, directory_size);
    put64(zip64, directory_offset);
    put32(zip64, 0x07064b50);  // locator
    put32(zip64, 0);
    put64(zip64, std::uint64_t{directory_offset} + directory_size);
    put32(zip64, 1);
    RawZip marked = zip_of(entries);
    marked.before_end_record = zip64;
    marked.zip64_markers_in_end_record = true;
    check_refused(open_bytes(dir.path, build_zip(marked), signer), "layout-zip64", "");
    RawZip unmarked = zip_of(entries);  // the end record itself looks ordinary
    unmarked.before_end_record = zip64;
    check_refused(open_bytes(dir.path, build_zip(unmarked), signer), "layout-zip64", "");
  }
  SUBCASE("local and central headers disagree") {
    // Patched in the writer's output: the first local header's CRC-32.
    std::string bytes = good;
    bytes[14] ^= 0x5a;
    check_refused(open_bytes(dir.path, bytes, signer), "layout-local-header", "index.html");
    auto renamed = entries;
    REQUIRE(renamed[4].name == "vi/index.html");
    renamed[4].local_name = "vi/INDEX.html";  // same length, other name
    check_refused(open_bytes(dir.path, build_zip(renamed), signer), "layout-local-header", "vi/index.html");
    auto other_crc = entries;
    other_crc[0].local_crc = 0xdeadbeef;
    check_refused(open_bytes(dir.path, build_zip(other_crc), signer), "layout-local-header", "index.html");
  }
  SUBCASE("extra fields, comments, data descriptors, encryption, other methods") {
    auto changed = [&](auto change) {
      auto copy = entries;
      change(copy[0]);
      return open_bytes(dir.path, build_zip(copy), signer);
    };
    const std::string timestamp_extra("UT\x05\x00\x01\x00\x00\x00\x00", 9);
    check_refused(changed([&](RawEntry& e) { e.local_extra = timestamp_extra; }), "layout-gap", "manifest.json");
    check_refused(changed([&](RawEntry& e) { e.central_extra = timestamp_extra; }), "layout-extra-field", "index.html");
    check_refused(changed([&](RawEntry& e) { e.central_comment = "hi"; }), "layout-entry-comment", "index.html");
    check_refused(changed([](RawEntry& e) { e.flags = 0x0008; }), "layout-data-descriptor", "index.html");
    check_refused(changed([](RawEntry& e) { e.flags = 0x0001; }), "layout-encrypted", "index.html");
    check_refused(changed([](RawEntry& e) { e.flags = 0x0010; }), "layout-flags", "index.html");
    check_refused(changed([](RawEntry& e) { e.method = 12; }), "layout-method", "index.html");
    check_refused(changed([](RawEntry& e) { e.declared_size = 0xFFFFFFFF; }), "layout-zip64", "index.html");
    // UTF-8 name flag and deflate level hints are allowed.
    CHECK(changed([](RawEntry& e) { e.flags = 0x0802; }).ok());
  }
  SUBCASE("a local extra field the central directory accounts for") {
    // The declared (stored) size covers the 9 extra bytes, so the offsets agree
    // and only the local header itself shows the extra field.
    auto copy = entries;
    for (auto& e : copy)
      if (e.name == "manifest.json") {
        e.deflate = false;
        e.declared_size = static_cast<std::uint32_t>(e.content.size() + 9);
        e.local_extra = std::string("UT\x05\x00\x01\x00\x00\x00\x00", 9);
      }
    check_refused(open_bytes(dir.path, build_zip(copy), signer), "layout-extra-field", "manifest.json");
  }
  SUBCASE("entries that inflate past, or short of, their declared size (re-signed)") {
    const std::string bomb(300000, 'A');
    auto files = sample_files();
    files.push_back({"vi/bomb.html", bomb, true});
    const auto reader = open_declaring_last(dir.path, files, 1000, signer);
    check_refused(reader, "entry-size-mismatch", "vi/bomb.html");
    CHECK(reader.problems().front().message == "the data inflates past its declared size of 1000 bytes");

    const auto short_reader = open_declaring_last(dir.path, files, 400000, signer);
    check_refused(short_reader, "entry-size-mismatch", "vi/bomb.html");
    CHECK(short_reader.problems().front().message == "the data has 300000 bytes, not the declared 400000");
  }
  SUBCASE("entries too big to inflate whole stream through zlib, with the same rules (re-signed)") {
    // Above zip::kWholeInflateLimit the reader streams instead of using libdeflate.
    const std::uint32_t big = hocso::zip::kWholeInflateLimit + (1u << 20);
    auto files = sample_files();
    files.push_back({"vi/big.html", std::string(big, 'A'), true});
    CHECK(open_bytes(dir.path, build_zip(signed_entries(files, listing_of(files), signer)), signer).ok());

    const auto reader = open_declaring_last(dir.path, files, big - 1000, signer);
    check_refused(reader, "entry-size-mismatch", "vi/big.html");
    CHECK(reader.problems().front().message ==
          fmt::format("the data inflates past its declared size of {} bytes", big - 1000));

    const auto short_reader = open_declaring_last(dir.path, files, big + 1000, signer);
    check_refused(short_reader, "entry-size-mismatch", "vi/big.html");
    CHECK(short_reader.problems().front().message ==
          fmt::format("the data has {} bytes, not the declared {}", big, big + 1000));
  }
  SUBCASE("a stored entry whose sizes disagree") {
    auto copy = entries;
    copy[0].declared_size = 10;
    copy[0].deflate = false;
    // build_zip writes both sizes as 10 for stored data: the data is longer, so
    // the next local header is not where the central directory says.
    check_refused(open_bytes(dir.path, build_zip(copy), signer), "layout-gap", "manifest.json");
  }
}

TEST_CASE("more layout and data rules") {
  TempDir dir;
  Signer signer;
  const auto entries = signed_entries(sample_files(), listing_of(sample_files()), signer);
  const std::string index_html = entries[0].content;
  REQUIRE(entries[0].name == "index.html");
  auto changed = [&](auto change) {
    auto copy = entries;
    change(copy);
    return open_bytes(dir.path, build_zip(copy), signer);
  };
  // The end record's fields, patched in place.
  const std::string plain = build_zip(entries);
  auto patched_end = [&](std::size_t field, std::uint32_t value, int width) {
    std::string bytes = plain;
    std::string le;
    if (width == 2)
      put16(le, value);
    else
      put32(le, value);
    bytes.replace(bytes.size() - 22 + field, le.size(), le);
    return open_bytes(dir.path, bytes, signer);
  };

  check_refused(patched_end(4, 1, 2), "layout-multi-disk", "");
  check_refused(patched_end(8, static_cast<std::uint32_t>(entries.size() - 1), 2), "layout-entry-count", "");
  check_refused(patched_end(10, static_cast<std::uint32_t>(entries.size() + 1), 2), "layout-entry-count", "");
  check_refused(patched_end(12, get32(plain, plain.size() - 10) + 4, 4), "layout-central-directory", "");
  check_refused(patched_end(16, 0xFFFFFFFF, 4), "layout-zip64", "");

  // Fewer entries than the directory holds: bytes are left over.
  {
    std::string bytes = plain;
    std::string le;
    put16(le, static_cast<std::uint32_t>(entries.size() - 1));
    bytes.replace(bytes.size() - 14, 2, le);
    bytes.replace(bytes.size() - 12, 2, le);
    check_refused(open_bytes(dir.path, bytes, signer), "layout-central-directory", "");
  }
  check_refused(changed([](auto& c) { c[1].central_offset = 10; }), "layout-overlap", "manifest.json");
  check_refused(changed([](auto& c) { c[0].version_needed = 45; }), "layout-version-needed", "index.html");
  check_refused(changed([](auto& c) {
                  c[0].deflate = true;
                  c[0].method = 0;  // deflated bytes, labelled stored
                }),
                "layout-stored-size", "index.html");
  check_refused(changed([](auto& c) { c[0].name = ""; }), "name-empty", "");
  check_refused(changed([](auto& c) { c[2].content += std::string(20000, '#'); }), "limit-signature-size",
                "manifest.json.minisig");

  // Deflate data that is not a valid stream, has bytes after its end, or stops early.
  check_refused(changed([&](auto& c) {
                  c[0].content = std::string(index_html.size(), '\xff');
                  c[0].deflate = false;
                  c[0].method = 8;
                }),
                "entry-corrupt", "index.html");
  check_refused(changed([&](auto& c) {
                  c[0].content = raw_deflate(index_html, 9) + "junk";
                  c[0].deflate = false;
                  c[0].method = 8;
                  c[0].declared_size = static_cast<std::uint32_t>(index_html.size());
                  c[0].declared_compressed_size = static_cast<std::uint32_t>(c[0].content.size());
                }),
                "entry-corrupt", "index.html");
  check_refused(changed([&](auto& c) {
                  const std::string deflated = raw_deflate(index_html, 9);
                  c[0].content = deflated.substr(0, deflated.size() - 3);
                  c[0].deflate = false;
                  c[0].method = 8;
                  c[0].declared_size = static_cast<std::uint32_t>(index_html.size());
                  c[0].declared_compressed_size = static_cast<std::uint32_t>(c[0].content.size());
                }),
                "entry-corrupt", "index.html");
}

TEST_CASE("limits are checked from the central directory before any data is read") {
  TempDir dir;
  Signer signer;
  const std::string good = read_bytes(write_good_bundle(dir.path, signer));
  BundleLimits limits;
  SUBCASE("entry count") {
    limits.max_entries = 6;
    check_refused(open_bytes(dir.path, good, signer, limits), "limit-entry-count", "");
    limits.max_entries = 7;
    CHECK(open_bytes(dir.path, good, signer, limits).ok());
  }
  SUBCASE("entry size") {
    limits.max_entry_size = 100000;
    check_refused(open_bytes(dir.path, good, signer, limits), "limit-entry-size", "vi/kich-hoat-vneid.html");
  }
  SUBCASE("total size") {
    limits.max_total_size = 200000;
    check_refused(open_bytes(dir.path, good, signer, limits), "limit-total-size", "");
  }
  SUBCASE("manifest size") {
    limits.max_manifest_size = 100;
    check_refused(open_bytes(dir.path, good, signer, limits), "limit-manifest-size", "manifest.json");
  }
  SUBCASE("a claimed 4 GiB entry is refused, not allocated") {
    auto entries = signed_entries(sample_files(), listing_of(sample_files()), signer);
    entries[0].declared_size = 0xFFFFFFFE;
    check_refused(open_bytes(dir.path, build_zip(entries), signer), "limit-entry-size", "index.html");
  }
}

TEST_CASE("read() re-checks the bytes it returns") {
  TempDir dir;
  Signer signer;
  const fs::path bundle = write_good_bundle(dir.path, signer);
  const BundleReader reader = BundleReader::open(bundle, {signer.public_key()});
  REQUIRE(reader.ok());
  // The file changes after open(): read() notices instead of returning other bytes.
  std::string bytes = read_bytes(bundle);
  const auto* png = reader.find("media/0f1e2d.png");
  bytes[png->data_offset + 10] ^= 0x01;
  write_bytes(bundle, bytes);
  CHECK_FALSE(reader.read("media/0f1e2d.png").has_value());
  CHECK(reader.read("index.html").has_value());
  fs::remove(bundle);
  CHECK_FALSE(reader.read("index.html").has_value());
}

TEST_CASE("manifest.schema.json accepts the manifests hocso writes and refuses broken ones") {
  std::ifstream schema_file(fs::path(HOCSO_SOURCE_DIR) / "schemas" / "manifest.schema.json");
  REQUIRE(schema_file);
  const json schema_json = json::parse(schema_file);
  valijson::Schema schema;
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_json);
  parser.populateSchema(schema_adapter, schema);
  auto valid = [&](const json& document) {
    valijson::Validator validator;
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    return validator.validate(schema, adapter, nullptr);
  };

  const json example = json::parse(R"({"format":"hocso-bundle/1","generator":"hocso 0.1.0",
    "pack":{"id":"vneid-co-ban","version":"1.0.0","title":"VNeID cơ bản","source_language":"vi"},
    "profile":"default","languages":[{"tag":"vi","name":"Tiếng Việt","coverage":1.0}],
    "lessons":[{"id":"kich-hoat-vneid","title":"Kích hoạt","level":"co-ban","requires":[]}],
    "entries":[{"path":"index.html","size":123,"sha256":"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"}]})");
  CHECK(valid(example));
  CHECK(valid(manifest_object(listing_of(sample_files()))));

  json open_items = example;  // languages and lessons items may grow
  open_items["languages"][0]["script"] = "Latn";
  open_items["lessons"][0]["duration_minutes"] = 10;
  CHECK(valid(open_items));

  auto broken = [&](auto change) {
    json copy = example;
    change(copy);
    return !valid(copy);
  };
  CHECK(broken([](json& m) { m["format"] = "hocso-bundle/2"; }));
  CHECK(broken([](json& m) { m["unknown"] = true; }));
  CHECK(broken([](json& m) { m["pack"]["version"] = "1.0"; }));
  CHECK(broken([](json& m) { m["pack"]["extra"] = 1; }));
  CHECK(broken([](json& m) { m.erase("entries"); }));
  CHECK(broken([](json& m) { m["entries"][0].erase("sha256"); }));
  CHECK(broken([](json& m) { m["entries"][0]["sha256"] = std::string(64, 'A'); }));
  CHECK(broken([](json& m) { m["entries"][0]["size"] = -1; }));
  CHECK(broken([](json& m) { m["entries"][0]["mode"] = 420; }));
  CHECK(broken([](json& m) { m["languages"][0]["coverage"] = 1.5; }));
  CHECK(broken([](json& m) { m["lessons"][0]["level"] = "de"; }));
  for (const char* path : {"../x", "a/../b", "/abs", "a\\b", "C:x", "a//b", "./a", "a/.", "dir/", "tab\tx", "",
                           ".well-known/x", "vi/bài-học.html", "a b.html", "vi/-rf", "x\u202e.html", "x\u200b.html",
                           "esc\x1b.html"}) {
    const std::string shown = path;
    CAPTURE(shown);
    CHECK(broken([&](json& m) { m["entries"][0]["path"] = path; }));
  }
  for (const char* path : {"index.html", "vi/kich-hoat-vneid.html", "media/ab.png", "a..b/c.d", "blt-Tavt-VN/x_y.html",
                           "assets/fonts/blt-Tavt-VN/TaiHeritagePro-Regular.woff"}) {
    const std::string shown = path;
    CAPTURE(shown);
    CHECK_FALSE(broken([&](json& m) { m["entries"][0]["path"] = path; }));
  }
}

TEST_CASE("random damage is refused or harmless, never a crash") {
  // Some header bytes carry no meaning the reader relies on (internal
  // attributes, the low byte of "made by"): a bundle damaged there may pass,
  // but then it must give exactly the original bytes.
  TempDir dir;
  Signer signer;
  const std::string good = read_bytes(write_good_bundle(dir.path, signer));
  std::uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
  };
  int refused = 0;
  for (int round = 0; round < 300; ++round) {
    std::string bytes = good;
    const int damage = static_cast<int>(next() % 3);
    if (damage == 0) {
      bytes[next() % bytes.size()] ^= static_cast<char>(1 + next() % 255);
    } else if (damage == 1) {
      // Somewhere in the headers at the end, where the structure lives.
      const std::size_t tail = std::min<std::size_t>(bytes.size(), 700);
      bytes[bytes.size() - 1 - next() % tail] ^= static_cast<char>(1 + next() % 255);
    } else {
      bytes.resize(next() % bytes.size());
    }
    const BundleReader reader = open_bytes(dir.path, bytes, signer);
    if (!reader.ok()) {
      ++refused;
      CHECK(reader.entries().empty());
      continue;
    }
    for (const auto& f : sample_files()) CHECK(reader.read(f.path) == f.content);
  }
  CHECK(refused > 250);
}
