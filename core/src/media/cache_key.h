#pragma once
// A build cache key (build_cache.h): the SHA-256, in hex, of every input that
// can change a result, each fed as "<size>:<bytes>" so that no two lists of
// inputs give the same bytes. The first field names the kind and its version.

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "hashing.h"

namespace hocso {

class CacheKey {
 public:
  CacheKey& field(std::string_view text) {
    hash_.update(fmt::format("{}:", text.size()));
    hash_.update(text);
    return *this;
  }
  std::string hex() { return to_hex(hash_.finish()); }

 private:
  Sha256 hash_;
};

}  // namespace hocso
