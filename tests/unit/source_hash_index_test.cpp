#include "source_hash_index.h"

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "build_cache.h"
#include "hashing.h"
#include "test_files.h"

namespace fs = std::filesystem;
using hocso::SourceHashIndex;
using hocso::test::TempDir;
using hocso::test::write_bytes;

namespace {
std::string sha(const std::string& bytes) { return hocso::to_hex(hocso::sha256(bytes)); }
}  // namespace

TEST_CASE("source hashes: remembered for settled files, recomputed for changed ones, a damaged index only costs time") {
  TempDir dir("hocso-source-index");
  const fs::path image = dir / "a.png";
  hocso::Diagnostics notes;
  const auto cache = hocso::BuildCache::open({true, dir / "cache", dir / "cache.key", false}, notes);
  REQUIRE(cache);
  const fs::path index_file = cache->entry_path("source-hashes", "index");
  write_bytes(image, "first bytes");

  {  // A file written just now is hashed but not remembered: it could change within the same timestamp.
    SourceHashIndex index(cache.get());
    CHECK(index.hash(image) == sha("first bytes"));
    index.save();
    CHECK_FALSE(fs::exists(index_file));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  {
    SourceHashIndex index(cache.get());
    CHECK(index.hash(image) == sha("first bytes"));
    index.save();
    REQUIRE(fs::exists(index_file));
    CHECK(hocso::test::read_bytes(index_file).find(sha("first bytes")) != std::string::npos);
  }
  {  // What a line says is trusted while stat() agrees; a damaged line before it is skipped.
    std::string text = *cache->find("source-hashes", "index");
    REQUIRE(text.starts_with("hocso-source-hashes/3\n"));
    const std::string planted(64, 'f');
    text.replace(text.find(sha("first bytes")), 64, planted);
    text.insert(text.find('\n') + 1, "1 2 3 not a line\n");
    cache->store("source-hashes", "index", text);
    SourceHashIndex index(cache.get());
    CHECK(index.hash(image) == planted);
  }
  {  // ... but an index someone planted without the cache's secret is not read at all.
    std::string text = *cache->find("source-hashes", "index");
    text.replace(text.find(std::string(64, 'f')), 64, std::string(64, 'e'));
    hocso::test::poison_cache_entry(index_file, text, sha(text));
    SourceHashIndex index(cache.get());
    CHECK(index.hash(image) == sha("first bytes"));
  }
  {  // Rewritten with other bytes and its modification time put back: the change time gives it away.
    const auto mtime = fs::last_write_time(image);
    write_bytes(image, "other bytes");
    fs::last_write_time(image, mtime);
    SourceHashIndex index(cache.get());
    CHECK(index.hash(image) == sha("other bytes"));
  }
  {  // An entry in an older format is not read.
    cache->store("source-hashes", "index", "hocso-source-hashes/2\n");
    SourceHashIndex index(cache.get());
    CHECK(index.hash(image) == sha("other bytes"));
  }
  {  // No build cache: plain hashing.
    SourceHashIndex index(nullptr);
    CHECK(index.hash(image) == sha("other bytes"));
    index.save();
  }
}
