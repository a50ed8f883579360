#include "source_hash_index.h"

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

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
  const fs::path index_file = dir / "cache" / "source-hashes.txt";
  write_bytes(image, "first bytes");

  {  // A file written just now is hashed but not remembered: it could change within the same timestamp.
    SourceHashIndex index(index_file);
    CHECK(index.hash(image) == sha("first bytes"));
    index.save();
    CHECK_FALSE(fs::exists(index_file));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  {
    SourceHashIndex index(index_file);
    CHECK(index.hash(image) == sha("first bytes"));
    index.save();
    REQUIRE(fs::exists(index_file));
    CHECK(hocso::test::read_bytes(index_file).find(sha("first bytes")) != std::string::npos);
  }
  {  // What a line says is trusted while stat() agrees; a damaged line before it is skipped.
    std::string text = hocso::test::read_bytes(index_file);
    REQUIRE(text.starts_with("hocso-source-hashes/2\n"));
    const std::string planted(64, 'f');
    text.replace(text.find(sha("first bytes")), 64, planted);
    text.insert(text.find('\n') + 1, "1 2 3 not a line\n");
    write_bytes(index_file, text);
    SourceHashIndex index(index_file);
    CHECK(index.hash(image) == planted);
  }
  {  // Rewritten with other bytes and its modification time put back: the change time gives it away.
    const auto mtime = fs::last_write_time(image);
    write_bytes(image, "other bytes");
    fs::last_write_time(image, mtime);
    SourceHashIndex index(index_file);
    CHECK(index.hash(image) == sha("other bytes"));
  }
  {  // A file in the old JSON format is not read.
    write_bytes(index_file, "{\"format\": \"hocso-source-hashes/1\", \"files\": {\"" + image.string() + "\": [1, 2");
    SourceHashIndex index(index_file);
    CHECK(index.hash(image) == sha("other bytes"));
  }
  {  // No index file (no build cache): plain hashing.
    SourceHashIndex index{fs::path()};
    CHECK(index.hash(image) == sha("other bytes"));
    index.save();
  }
}
