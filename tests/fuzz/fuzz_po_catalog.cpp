// Fuzz target: a translator's PO catalog through read_po_file(), the path the
// translate-po plugin and `hocso i18n stats` take.
//
// In production every catalog passes `msgfmt --check` in a child process before
// libgettextpo reads it. Running msgfmt for each input costs ~25 ms (about 40
// inputs a second, against thousands in process), so by default this target
// fuzzes the in-process part: it tells read_po_file, through a real build cache
// (build_cache.h) holding msgfmt's verdict, that msgfmt already passed these
// exact bytes.
// libgettextpo and hocso's own code (the error handler's longjmp, the msgid
// line numbers, NFC, the header fields) then see inputs msgfmt may refuse,
// which is stricter than production; a finding is then replayed with
// HOCSO_FUZZ_PO_MSGFMT=1, which puts the real msgfmt gate back in the loop
// (also usable for long runs: build-tools/fuzz po_catalog --msgfmt).
// Oracles beyond "no crash": every string read is valid UTF-8 (it goes into
// pages and JSON), every entry's line is a `msgid` line of the file, and every
// problem points inside the file.

#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/evp.h>

#include "build_cache.h"
#include "fuzz_support.h"
#include "po_catalog.h"

namespace {

namespace fs = std::filesystem;
using hocso::fuzz::require;

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || (n == 2 && c < 0xC2) || i + n > s.size()) return false;
    std::uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n;
  }
  return true;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  require(EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) == 1, "SHA-256 failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

const bool kWithMsgfmt = [] {
  const char* value = std::getenv("HOCSO_FUZZ_PO_MSGFMT");
  return value && std::string_view(value) == "1";
}();

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const fs::path dir = hocso::fuzz::scratch_dir();
  const fs::path file = dir / "vi.po";
  // One cache for the whole run, in the scratch folder with its own secret.
  static const std::unique_ptr<hocso::BuildCache> cache = [&] {
    hocso::Diagnostics notes;
    auto opened = hocso::BuildCache::open({true, dir / "cache", dir / "cache.key", false}, notes);
    require(opened != nullptr, "cannot open a build cache in the scratch folder");
    return opened;
  }();
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    require(out.good(), "cannot write the catalog");
  }
  const std::string key = sha256_hex(bytes);
  if (!kWithMsgfmt) cache->store("po-checked", key, "msgfmt --check passed\n");

  const std::vector<std::string_view> lines = lines_of(bytes);
  std::vector<hocso::Diagnostic> problems;
  std::optional<hocso::PoCatalog> catalog;
  try {
    catalog = hocso::read_po_file(file, "content/i18n/vi/fuzz.po", [&](hocso::Diagnostic d) { problems.push_back(d); },
                                  kWithMsgfmt ? nullptr : cache.get());
  } catch (const hocso::PoToolError& e) {
    // Only for tools that cannot run, never for a catalog's content.
    require(false, e.what());
  }
  std::error_code ec;  // entries of this input only: a long run must not fill the disk
  for (const char* kind : {"po-checked", "po-parsed"}) fs::remove_all(cache->dir() / kind, ec);
  for (const auto& d : problems) {
    require(d.where.line >= 0 && static_cast<std::size_t>(d.where.line) <= lines.size() + 1,
            "a catalog problem located outside the file");
    require(!d.message.empty(), "a catalog problem without a message");
  }
  require(catalog.has_value() == problems.empty(), "a catalog refused without a reason, or read with one");
  if (!catalog) return 0;

  require(valid_utf8(catalog->header), "a header that is not UTF-8");
  for (const char* field : {"Language", "Plural-Forms", "Content-Type"})
    require(valid_utf8(hocso::po_header_field_value(catalog->header, field)), "a header field that is not UTF-8");
  for (const auto& e : catalog->entries) {
    require(valid_utf8(e.context) && valid_utf8(e.msgid) && valid_utf8(e.msgstr) && valid_utf8(e.msgid_plural) &&
                valid_utf8(e.previous_msgid),
            "an entry's text is not UTF-8");
    for (const auto& reference : e.references) require(valid_utf8(reference.first), "a reference that is not UTF-8");
    if (e.line > 0) {
      require(static_cast<std::size_t>(e.line) <= lines.size(), "an entry's line is past the end of the file");
      require(lines[static_cast<std::size_t>(e.line) - 1].find("msgid") != std::string_view::npos,
              "an entry's line is not a msgid line");
    }
  }
  return 0;
}

// libgettextpo is built without frame pointers, so the fast unwinder stops at
// its frames and the precise LSan suppressions of its own leaks
// (tests/fuzz/lsan.supp) could not match: unwind allocations the slow way here.
extern "C" const char* __asan_default_options() { return "fast_unwind_on_malloc=0"; }
