// The build cache is a hint, never a source: entries come back only when this
// user's secret vouches for them and their bytes still hash as recorded.
#include "build_cache.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hashing.h"
#include "test_files.h"
#include "test_support.h"

namespace fs = std::filesystem;
using hocso::BuildCache;
using hocso::CacheSettings;
using hocso::Diagnostics;
using namespace hocso::test;  // TempDir, read_bytes, write_bytes, poison_cache_entry, messages

namespace {

CacheSettings settings_in(const TempDir& dir, const std::string& name = "cache") {
  CacheSettings s;
  s.dir = dir / name;
  s.key_file = dir / "state" / (name + ".key");
  return s;
}

}  // namespace

TEST_CASE("build cache: what is stored comes back; planted, damaged, moved or foreign entries do not") {
  TempDir dir("hocso-build-cache");
  Diagnostics d;
  auto cache = BuildCache::open(settings_in(dir), d);
  REQUIRE(cache);
  CHECK(messages(d).empty());
  const auto key_perms = fs::status(dir / "state" / "cache.key").permissions() & fs::perms::all;
  CHECK(key_perms == (fs::perms::owner_read | fs::perms::owner_write));

  cache->store("po-parsed", "abcd", "the parsed catalog");
  CHECK(cache->find("po-parsed", "abcd") == std::string("the parsed catalog"));
  CHECK_FALSE(cache->find("po-parsed", "abce"));
  CHECK_FALSE(cache->find("po-checked", "abcd"));  // the kind is part of what is vouched for

  SUBCASE("rewritten bytes with a fixed self-hash") {
    poison_cache_entry(cache->entry_path("po-parsed", "abcd"), "Call 0900 000 000 to install VNeID",
                       hocso::to_hex(hocso::sha256("Call 0900 000 000 to install VNeID")));
    CHECK_FALSE(cache->find("po-parsed", "abcd"));
  }
  SUBCASE("damaged bytes") {
    std::string text = read_bytes(cache->entry_path("po-parsed", "abcd"));
    text.back() ^= 1;
    write_bytes(cache->entry_path("po-parsed", "abcd"), text);
    CHECK_FALSE(cache->find("po-parsed", "abcd"));
  }
  SUBCASE("an entry moved to another key") {
    fs::create_directories(cache->entry_path("po-parsed", "ffff").parent_path());
    fs::copy_file(cache->entry_path("po-parsed", "abcd"), cache->entry_path("po-parsed", "ffff"));
    CHECK_FALSE(cache->find("po-parsed", "ffff"));
  }
  SUBCASE("an entry made with another user's secret") {
    Diagnostics d2;
    auto other = BuildCache::open(settings_in(dir, "other"), d2);
    REQUIRE(other);
    other->store("po-parsed", "abcd", "Call 0900 000 000");
    fs::copy_file(other->entry_path("po-parsed", "abcd"), cache->entry_path("po-parsed", "abcd"),
                  fs::copy_options::overwrite_existing);
    CHECK_FALSE(cache->find("po-parsed", "abcd"));
    CHECK(other->find("po-parsed", "abcd") == std::string("Call 0900 000 000"));
  }
  SUBCASE("a FIFO or a link in place of an entry is not read (no hang)") {
    fs::remove(cache->entry_path("po-parsed", "abcd"));
    REQUIRE(::mkfifo(cache->entry_path("po-parsed", "abcd").c_str(), 0600) == 0);
    CHECK_FALSE(cache->find("po-parsed", "abcd"));
    CHECK_FALSE(cache->find_file("po-parsed", "abcd"));
    fs::remove(cache->entry_path("po-parsed", "abcd"));
    cache->store("po-parsed", "0000", "kept");
    fs::create_symlink(cache->entry_path("po-parsed", "0000"), cache->entry_path("po-parsed", "abcd"));
    CHECK_FALSE(cache->find("po-parsed", "abcd"));
  }
  SUBCASE("names outside [a-z0-9-] are never used") {
    cache->store("media", "../../escape", "x");
    CHECK_FALSE(fs::exists(dir / "escape"));
    CHECK(cache->entry_path("media", "../x").empty());
    CHECK(cache->entry_path("Media", "ab").empty());
    CHECK_FALSE(cache->find("media", ""));
  }
}

TEST_CASE("build cache: file entries keep their metadata and are checked before use") {
  TempDir dir("hocso-build-cache");
  Diagnostics d;
  auto cache = BuildCache::open(settings_in(dir), d);
  REQUIRE(cache);
  const std::string image(100000, '\x7f');
  cache->store_file("media", "0123abcd", R"({"extension":"webp"})", image);
  auto found = cache->find_file("media", "0123abcd");
  REQUIRE(found);
  CHECK(found->meta == R"({"extension":"webp"})");
  CHECK(found->size == image.size());
  CHECK(found->sha256 == hocso::to_hex(hocso::sha256(image)));
  CHECK(read_bytes(found->file).substr(found->offset) == image);
  // A poisoned picture with its hash fixed is not found.
  const std::string other(100000, 1);
  poison_cache_entry(found->file, other, hocso::to_hex(hocso::sha256(other)));
  CHECK_FALSE(cache->find_file("media", "0123abcd"));
  // Metadata is vouched for too.
  cache->store_file("media", "0123abcd", R"({"extension":"webp"})", image);
  std::string text = read_bytes(found->file);
  text.replace(text.find("webp"), 4, "png\"");
  write_bytes(found->file, text);
  CHECK_FALSE(cache->find_file("media", "0123abcd"));
}

TEST_CASE("build cache: a folder or secret others can change is not used, unless trusted; --no-cache is nothing") {
  TempDir dir("hocso-build-cache");
  {
    Diagnostics d;
    CacheSettings off = settings_in(dir);
    off.enabled = false;
    CHECK_FALSE(BuildCache::open(off, d));
    CHECK(messages(d).empty());
    CHECK_FALSE(fs::exists(dir / "cache"));
  }
  {
    Diagnostics d;
    REQUIRE(BuildCache::open(settings_in(dir), d));
    ::chmod((dir / "cache").c_str(), 0777);
    Diagnostics shared;
    CHECK_FALSE(BuildCache::open(settings_in(dir), shared));
    CHECK(messages(shared).find("can be written by other users") != std::string::npos);
    CHECK(messages(shared).find("[cache-not-used]") != std::string::npos);
    CacheSettings trusted = settings_in(dir);
    trusted.trust_shared = true;
    Diagnostics t;
    CHECK(BuildCache::open(trusted, t));
    ::chmod((dir / "cache").c_str(), 0700);
  }
  {
    ::chmod((dir / "state" / "cache.key").c_str(), 0644);
    Diagnostics d;
    CHECK_FALSE(BuildCache::open(settings_in(dir), d));
    CHECK(messages(d).find("can be read by other users") != std::string::npos);
    ::chmod((dir / "state" / "cache.key").c_str(), 0600);
  }
  {
    fs::rename(dir / "state" / "cache.key", dir / "state" / "real.key");
    fs::create_symlink(dir / "state" / "real.key", dir / "state" / "cache.key");
    Diagnostics d;
    CHECK_FALSE(BuildCache::open(settings_in(dir), d));
    CHECK(messages(d).find("cannot be read") != std::string::npos);
    fs::remove(dir / "state" / "cache.key");
  }
  {
    write_bytes(dir / "state" / "cache.key", "not a secret at all, but long enough to be read as one, so: damaged!!\n");
    ::chmod((dir / "state" / "cache.key").c_str(), 0600);
    Diagnostics d;
    CHECK_FALSE(BuildCache::open(settings_in(dir), d));
    CHECK(messages(d).find("damaged") != std::string::npos);
  }
  if (::geteuid() == 0) {  // as root, a cache that belongs to another user
    Diagnostics d;
    fs::remove(dir / "state" / "cache.key");
    REQUIRE(BuildCache::open(settings_in(dir), d));
    REQUIRE(::chown((dir / "cache").c_str(), 65534, 65534) == 0);
    Diagnostics other;
    CHECK_FALSE(BuildCache::open(settings_in(dir), other));
    CHECK(messages(other).find("belongs to another user") != std::string::npos);
  }
}
