#include "channel/semantic_version.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace hocso::channel {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string_view> split(std::string_view s, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t at = s.find(separator, start);
    parts.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

// Numeric identifiers compare as numbers: by length first (no leading zeros).
int compare_numbers(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

struct Parsed {
  std::vector<std::string_view> core;  // major, minor, patch
  std::vector<std::string_view> pre;   // pre-release identifiers, empty for a release
};

std::optional<Parsed> parse(std::string_view v) {
  v = v.substr(0, v.find('+'));
  Parsed p;
  std::size_t dash = v.find('-');
  p.core = split(v.substr(0, dash), '.');
  if (p.core.size() != 3) return std::nullopt;
  for (auto part : p.core)
    if (!all_digits(part) || (part.size() > 1 && part[0] == '0')) return std::nullopt;
  if (dash != std::string_view::npos) {
    p.pre = split(v.substr(dash + 1), '.');
    for (auto id : p.pre)
      if (id.empty()) return std::nullopt;
  }
  return p;
}

}  // namespace

std::optional<int> compare_versions(std::string_view a, std::string_view b) {
  auto pa = parse(a), pb = parse(b);
  if (!pa || !pb) return std::nullopt;
  for (int i = 0; i < 3; ++i)
    if (int c = compare_numbers(pa->core[i], pb->core[i])) return c;
  // A release is higher than any of its pre-releases.
  if (pa->pre.empty() || pb->pre.empty()) return pa->pre.empty() == pb->pre.empty() ? 0 : (pa->pre.empty() ? 1 : -1);
  for (std::size_t i = 0; i < std::min(pa->pre.size(), pb->pre.size()); ++i) {
    auto x = pa->pre[i], y = pb->pre[i];
    bool nx = all_digits(x), ny = all_digits(y);
    int c = nx && ny ? compare_numbers(x, y) : (nx != ny ? (nx ? -1 : 1) : (x < y ? -1 : (x == y ? 0 : 1)));
    if (c) return c;
  }
  if (pa->pre.size() == pb->pre.size()) return 0;
  return pa->pre.size() < pb->pre.size() ? -1 : 1;
}

}  // namespace hocso::channel
