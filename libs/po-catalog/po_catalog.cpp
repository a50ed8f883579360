#include "po_catalog.h"

#include <cmark.h>
#include <gettext-po.h>
#include <unistd.h>

#include <csetjmp>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <openssl/evp.h>
#include <unicode/normalizer2.h>
#include <unicode/bytestream.h>
#include <unicode/utf8.h>

#include "child_process.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

// msgfmt or msgmerge, run as a child process; throws PoToolError when gettext
// is not installed.
ChildResult run_gettext(const std::vector<std::string>& argv) {
  try {
    return run_child(argv);
  } catch (const ChildError& e) {
    throw PoToolError(std::string(e.what()) + " (install GNU gettext: apt-get install gettext)");
  }
}

// ---- libgettextpo's error handler ---------------------------------------------
// The handler must not return on a fatal error; it jumps back to the call that
// started the library operation. Only that C call lies between setjmp and the
// jump, so no C++ destructor is skipped.

struct HandlerState {
  std::vector<std::pair<int, std::string>> problems;  // (line, message)
  bool failed = false;
  std::jmp_buf fatal;
};
thread_local HandlerState* g_state = nullptr;

void on_xerror(int severity, po_message_t, const char*, size_t lineno, size_t, int, const char* text) {
  HandlerState& s = *g_state;
  const int line = lineno == static_cast<size_t>(-1) ? 0 : static_cast<int>(lineno);
  if (severity != PO_SEVERITY_WARNING) {
    s.failed = true;
    s.problems.emplace_back(line, text ? text : "");
  }
  if (severity == PO_SEVERITY_FATAL_ERROR) std::longjmp(s.fatal, 1);
}

void on_xerror2(int severity, po_message_t m1, const char* f1, size_t l1, size_t c1, int ml1, const char* t1,
                po_message_t, const char*, size_t, size_t, int, const char*) {
  on_xerror(severity, m1, f1, l1, c1, ml1, t1);
}

const po_xerror_handler kHandler = {on_xerror, on_xerror2};

// setjmp must be in a frame that is still live when the handler jumps.
po_file_t read_with_handler(const char* filename, HandlerState& state) {
  g_state = &state;
  po_file_t file = nullptr;
  if (setjmp(state.fatal) == 0) file = po_file_read(filename, &kHandler);
  g_state = nullptr;
  return file;
}

bool write_with_handler(po_file_t file, const char* filename, HandlerState& state) {
  g_state = &state;
  if (setjmp(state.fatal) == 0) po_file_write(file, filename, &kHandler);
  g_state = nullptr;
  return !state.failed;
}

struct FileFree {
  void operator()(po_file_t f) const { po_file_free(f); }
};
using PoFilePtr = std::unique_ptr<std::remove_pointer_t<po_file_t>, FileFree>;

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Line numbers of the catalog's entries in file order (the header first), found
// from their `msgid` lines: libgettextpo does not tell where a message is.
std::vector<int> msgid_lines(const std::string& text) {
  std::vector<int> lines;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.starts_with("msgid ") || line.starts_with("#~ msgid ")) lines.push_back(number);
  }
  return lines;
}

// NFC, as lesson text is: catalogs from editors on macOS can be NFD.
std::string to_nfc(const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || !nfc) throw PoToolError(std::string("ICU normalization data is missing: ") + u_errorName(status));
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  nfc->normalizeUTF8(0, icu::StringPiece(text), sink, nullptr, status);
  if (U_FAILURE(status)) throw PoToolError(std::string("cannot normalize text: ") + u_errorName(status));
  return out;
}

// Whether each of `texts` (nullptr: absent) is valid UTF-8.
bool all_utf8(std::initializer_list<const char*> texts) {
  for (const char* text : texts) {
    if (!text) continue;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text);
    const auto length = static_cast<std::int32_t>(std::strlen(text));
    for (std::int32_t i = 0; i < length;) {
      UChar32 c;
      U8_NEXT(bytes, i, length, c);
      if (c < 0) return false;
    }
  }
  return true;
}

std::string temp_name(const fs::path& file) {
  return (file.parent_path() / fmt::format(".{}.tmp{}", file.filename().string(), ::getpid())).string();
}

// SHA-256 of `bytes` in hex, or nullopt if OpenSSL fails.
std::optional<std::string> sha256_of(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) return std::nullopt;
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

// ---- checked and parsed catalogs in the build cache -------------------------------
// Both are keyed by the SHA-256 of the catalog's bytes: kind "po-checked" holds
// msgfmt's pass, kind "po-parsed" the catalog as parsed, since reading it with
// libgettextpo (and its iconv) was most of what a rebuild spent on translation.
// A parsed entry is its format line, then each string as its byte length, ':',
// the bytes (JSON was as slow to read as the PO file itself). The host's cache
// authenticates entries; one that does not parse is ignored and the catalog read again.
constexpr std::string_view kParsedFormat = "hocso-po-parsed/3";
constexpr std::string_view kCheckedKind = "po-checked", kParsedKind = "po-parsed";
constexpr std::string_view kPassed = "msgfmt --check passed\n";

class ParsedWriter {
 public:
  void text(std::string_view s) {
    out_ += std::to_string(s.size());
    out_ += ':';
    out_ += s;
  }
  void number(long long n) { text(std::to_string(n)); }
  const std::string& bytes() const { return out_; }

 private:
  std::string out_;
};

class ParsedReader {
 public:
  explicit ParsedReader(std::string_view in) : in_(in) {}
  // nullopt at the end or on damage.
  std::optional<std::string> text() {
    const std::size_t colon = in_.find(':', at_);
    if (colon == std::string_view::npos || colon == at_ || colon - at_ > 10) return std::nullopt;
    std::size_t length = 0;
    for (std::size_t i = at_; i < colon; ++i) {
      if (in_[i] < '0' || in_[i] > '9') return std::nullopt;
      length = length * 10 + static_cast<std::size_t>(in_[i] - '0');
    }
    if (length > in_.size() - colon - 1) return std::nullopt;
    at_ = colon + 1 + length;
    return std::string(in_.substr(colon + 1, length));
  }
  std::optional<long long> number() {
    auto t = text();
    if (!t || t->empty() || t->size() > 18) return std::nullopt;
    long long n = 0;
    for (char c : *t) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
    }
    return n;
  }
  bool at_end() const { return at_ == in_.size(); }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
};

std::optional<PoCatalog> read_parsed(std::string_view text) {
  const std::size_t newline = text.find('\n');
  if (newline == std::string_view::npos || text.substr(0, newline) != kParsedFormat) return std::nullopt;
  const std::string_view body = text.substr(newline + 1);
  ParsedReader r(body);
  PoCatalog catalog;
  auto header = r.text();
  auto count = r.number();
  if (!header || !count) return std::nullopt;
  catalog.header = std::move(*header);
  for (long long i = 0; i < *count; ++i) {
    PoEntry e;
    auto context = r.text(), msgid = r.text(), msgstr = r.text(), plural = r.text(), previous = r.text();
    auto flags = r.number(), line = r.number(), references = r.number();
    if (!context || !msgid || !msgstr || !plural || !previous || !flags || !line || !references) return std::nullopt;
    e.context = std::move(*context);
    e.msgid = std::move(*msgid);
    e.msgstr = std::move(*msgstr);
    e.msgid_plural = std::move(*plural);
    e.previous_msgid = std::move(*previous);
    e.fuzzy = (*flags & 1) != 0;
    e.obsolete = (*flags & 2) != 0;
    e.line = static_cast<int>(*line);
    for (long long k = 0; k < *references; ++k) {
      auto file = r.text();
      auto at = r.number();
      if (!file || !at) return std::nullopt;
      e.references.emplace_back(std::move(*file), static_cast<int>(*at));
    }
    catalog.entries.push_back(std::move(e));
  }
  if (!r.at_end()) return std::nullopt;
  return catalog;
}

// A cache that cannot be written only costs time.
void write_parsed(const StageCache& cache, const std::string& key, const PoCatalog& catalog) {
  ParsedWriter w;
  w.text(catalog.header);
  w.number(static_cast<long long>(catalog.entries.size()));
  for (const auto& e : catalog.entries) {
    w.text(e.context);
    w.text(e.msgid);
    w.text(e.msgstr);
    w.text(e.msgid_plural);
    w.text(e.previous_msgid);
    w.number((e.fuzzy ? 1 : 0) | (e.obsolete ? 2 : 0));
    w.number(std::max(0, e.line));
    w.number(static_cast<long long>(e.references.size()));
    for (const auto& [file, line] : e.references) {
      w.text(file);
      w.number(std::max(0, line));
    }
  }
  cache.store(kParsedKind, key, std::string(kParsedFormat) + "\n" + w.bytes());
}

}  // namespace

std::string catalog_display_path(const std::filesystem::path& file) {
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(file, ec).lexically_normal();
  const std::filesystem::path relative = std::filesystem::relative(absolute, std::filesystem::current_path(ec), ec);
  if (!ec && !relative.empty() && *relative.begin() != "..") return relative.generic_string();
  return absolute.generic_string();
}

std::string po_charset(const std::string& header) {
  const std::string type = po_header_field_value(header, "Content-Type");
  std::string lower;
  for (char c : type) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  const std::size_t at = lower.find("charset=");
  if (at == std::string::npos) return "";
  std::string charset = lower.substr(at + 8);
  charset = charset.substr(0, charset.find_first_of("; \t"));
  return charset == "utf8" ? "utf-8" : charset;
}

std::string po_header_field_value(const std::string& header, const std::string& field) {
  char* value = po_header_field(header.c_str(), field.c_str());
  std::string out = value ? value : "";
  std::free(value);
  return out;
}

namespace {

// The cache key of these exact catalog bytes ("" without a cache).
std::string catalog_key(const StageCache* cache, const std::string& bytes) {
  if (!cache) return "";
  auto digest = sha256_of(bytes);
  return digest ? *digest : "";
}

// check_po_file() with the catalog's cache key already known.
bool check_with_verdict(const fs::path& file, const std::string& display_path, const PoReport& report,
                        const StageCache* cache, const std::string& key) {
  if (!key.empty() && cache->find(kCheckedKind, key) == std::string(kPassed)) return true;
  ChildResult r = run_gettext({"msgfmt", "--check", "-o", "/dev/null", file.string()});
  if (r.exit_code == 0) {
    if (!key.empty()) cache->store(kCheckedKind, key, kPassed);
    return true;
  }
  // msgfmt prints "FILE:LINE: message" (sometimes "FILE:LINE:COL: message"), then a summary.
  static const std::regex located(R"(^(.*?):(\d+):(?:(\d+):)? (.*)$)");
  const std::string prefix = file.string();
  std::istringstream lines(r.err);
  std::string line;
  bool reported = false;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (line.starts_with(prefix + ":") && std::regex_match(line, m, located)) {
      report({Severity::error, {display_path, std::stoi(m[2]), m[3].matched ? std::stoi(m[3]) : 0},
              "invalid PO catalog: " + m[4].str(), "po-syntax"});
      reported = true;
    }
  }
  if (!reported)
    report({Severity::error, {display_path, 0, 0}, "invalid PO catalog: msgfmt --check says: " + r.err, "po-syntax"});
  return false;
}

bool is_catalog_file(const fs::path& file, const std::string& display_path, const PoReport& report) {
  if (fs::is_regular_file(file)) return true;
  report({Severity::error, {display_path, 0, 0}, "the catalog is missing or not a regular file", "po-syntax"});
  return false;
}

}  // namespace

bool check_po_file(const fs::path& file, const std::string& display_path, const PoReport& report,
                   const StageCache* cache) {
  if (!is_catalog_file(file, display_path, report)) return false;
  return check_with_verdict(file, display_path, report, cache, catalog_key(cache, read_bytes(file)));
}

std::optional<PoCatalog> read_po_file(const fs::path& file, const std::string& display_path,
                                      const PoReport& report, const StageCache* cache) {
  if (!is_catalog_file(file, display_path, report)) return std::nullopt;
  const std::string bytes = read_bytes(file);
  const std::string key = catalog_key(cache, bytes);
  if (!key.empty()) {
    if (auto parsed = cache->find(kParsedKind, key))
      if (auto catalog = read_parsed(*parsed)) return catalog;
  }
  if (!check_with_verdict(file, display_path, report, cache, key)) return std::nullopt;
  HandlerState state;
  PoFilePtr po(read_with_handler(file.c_str(), state));
  if (!po || state.failed) {
    for (const auto& [line, message] : state.problems)
      report({Severity::error, {display_path, line, 0}, "invalid PO catalog: " + message, "po-syntax"});
    if (state.problems.empty())
      report({Severity::error, {display_path, 0, 0}, "the catalog could not be read", "po-syntax"});
    return std::nullopt;
  }
  const std::vector<int> lines = msgid_lines(bytes);
  PoCatalog catalog;
  po_message_iterator_t it = po_message_iterator(po.get(), nullptr);
  std::size_t index = 0;
  int header_line = 0;
  int not_utf8_line = -1;  // where text that is not UTF-8 was found
  while (po_message_t m = po_next_message(it)) {
    const int line = index < lines.size() ? lines[index] : 0;
    ++index;
    // libgettextpo returns text in the catalog's charset, unconverted.
    if (!all_utf8({po_message_msgctxt(m), po_message_msgid(m), po_message_msgid_plural(m), po_message_msgstr(m),
                   po_message_msgstr_plural(m, 0), po_message_prev_msgid(m)})) {
      not_utf8_line = line;
      break;
    }
    bool references_utf8 = true;
    for (int i = 0; po_filepos_t pos = po_message_filepos(m, i); ++i) references_utf8 = references_utf8 && all_utf8({po_filepos_file(pos)});
    if (!references_utf8) {
      not_utf8_line = line;
      break;
    }
    const std::string msgid = po_message_msgid(m);
    const char* ctx = po_message_msgctxt(m);
    if (msgid.empty() && !ctx && !po_message_is_obsolete(m)) {
      catalog.header = po_message_msgstr(m);
      header_line = line;
      continue;
    }
    PoEntry e;
    e.context = ctx ? to_nfc(ctx) : "";
    e.msgid = to_nfc(msgid);
    const char* plural = po_message_msgid_plural(m);
    e.msgid_plural = plural ? plural : "";
    e.msgstr = to_nfc(plural ? (po_message_msgstr_plural(m, 0) ? po_message_msgstr_plural(m, 0) : "") : po_message_msgstr(m));
    const char* prev = po_message_prev_msgid(m);
    e.previous_msgid = prev ? prev : "";
    e.fuzzy = po_message_is_fuzzy(m) != 0;
    e.obsolete = po_message_is_obsolete(m) != 0;
    for (int i = 0; po_filepos_t pos = po_message_filepos(m, i); ++i)
      e.references.emplace_back(po_filepos_file(pos), static_cast<int>(po_filepos_start_line(pos)));
    e.line = line;
    catalog.entries.push_back(std::move(e));
  }
  po_message_iterator_free(it);
  if (not_utf8_line >= 0) {
    // A copy the caller frees, although the declaration says const.
    char* header = const_cast<char*>(po_file_domain_header(po.get(), nullptr));
    const std::string charset = header ? po_header_field_value(header, "Content-Type") : "";
    std::free(header);
    report({Severity::error, {display_path, not_utf8_line, 0},
            fmt::format("the catalog's text is not UTF-8 ({}); hocso reads UTF-8 catalogs: convert it with "
                        "`msgconv --to-code=UTF-8` and set charset=UTF-8",
                        charset.empty() ? "its header names no charset" : "its header says \"" + charset + "\""),
            "po-encoding"});
    return std::nullopt;
  }
  // Valid UTF-8 under a header naming another charset is still refused: other
  // tools (msgfmt, Poedit) would read the same bytes as that charset.
  const std::string charset = po_charset(catalog.header);
  if (!charset.empty() && charset != "utf-8") {
    report({Severity::error, {display_path, header_line, 0},
            "the catalog's charset is " + charset + "; hocso reads catalogs as UTF-8 only: convert it with "
            "`msgconv --to-code=UTF-8` (Poedit: save as UTF-8)",
            "po-charset"});
    return std::nullopt;
  }
  if (!key.empty()) write_parsed(*cache, key, catalog);
  return catalog;
}

void write_po_file(const fs::path& file, const PoCatalog& catalog) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) throw PoToolError(fmt::format("cannot create {}: {}", file.parent_path().string(), ec.message()));
  PoFilePtr po(po_file_create());
  if (!po) throw PoToolError("libgettextpo could not create a catalog (out of memory?)");
  po_message_iterator_t it = po_message_iterator(po.get(), nullptr);
  auto insert = [&](const PoEntry& e, bool header) {
    po_message_t m = po_message_create();
    if (!e.context.empty()) po_message_set_msgctxt(m, e.context.c_str());
    po_message_set_msgid(m, e.msgid.c_str());
    if (!e.msgid_plural.empty()) {
      po_message_set_msgid_plural(m, e.msgid_plural.c_str());
      po_message_set_msgstr_plural(m, 0, e.msgstr.c_str());
    } else {
      po_message_set_msgstr(m, header ? catalog.header.c_str() : e.msgstr.c_str());
    }
    if (!e.previous_msgid.empty()) po_message_set_prev_msgid(m, e.previous_msgid.c_str());
    if (!e.comments.empty()) po_message_set_extracted_comments(m, e.comments.c_str());
    for (const auto& [ref_file, ref_line] : e.references)
      po_message_add_filepos(m, ref_file.c_str(), static_cast<size_t>(ref_line));
    po_message_set_fuzzy(m, e.fuzzy);
    po_message_set_obsolete(m, e.obsolete);
    po_message_insert(it, m);
  };
  insert(PoEntry{}, true);
  for (const auto& e : catalog.entries) insert(e, false);
  po_message_iterator_free(it);

  const std::string temp = temp_name(file);
  HandlerState state;
  if (!write_with_handler(po.get(), temp.c_str(), state)) {
    fs::remove(temp, ec);
    throw PoToolError(fmt::format("cannot write {}: {}", file.string(),
                                 state.problems.empty() ? "libgettextpo failed" : state.problems.front().second));
  }
  if (fs::exists(file) && read_bytes(file) == read_bytes(temp)) {
    fs::remove(temp, ec);
    return;
  }
  fs::rename(temp, file, ec);
  if (ec) {
    fs::remove(temp);
    throw PoToolError(fmt::format("cannot write {}: {}", file.string(), ec.message()));
  }
}

std::string segment_key(const std::string& msgid) {
  // CMARK_OPT_UNSAFE: raw HTML stays in the key (the key is never shown), so
  // texts that differ in it never share a key.
  char* html = cmark_markdown_to_html(msgid.data(), msgid.size(), CMARK_OPT_NOBREAKS | CMARK_OPT_UNSAFE);
  if (!html) return msgid;
  std::string key(html);
  std::free(html);
  return key;
}

PoIndex::PoIndex(const PoCatalog* catalog) {
  if (!catalog) return;
  for (const auto& e : catalog->entries)
    if (!e.obsolete) entries_.emplace(std::pair{e.context, segment_key(e.msgid)}, &e);
}

const PoEntry* PoIndex::find(const std::string& context, const std::string& msgid) const {
  const std::string key = segment_key(msgid);
  if (auto found = entries_.find({context, key}); found != entries_.end()) return found->second;
  const std::size_t bar = context.find('|');
  if (bar == std::string::npos) return nullptr;
  auto found = entries_.find({context.substr(0, bar), key});
  return found == entries_.end() ? nullptr : found->second;
}

namespace {

// Before msgmerge: gives the entries of a catalog written before msgctxt had
// roles ("<lesson>") the template's contexts for their text ("<lesson>|<role>"),
// one copy each, translation and fuzzy flag kept; msgmerge would take them for
// new texts. Writes the result to `out`; returns false when libgettextpo fails
// (then `out` is not written), true otherwise.
bool give_contexts_roles(const std::string& po_file, const std::string& pot_file, const std::string& out) {
  HandlerState pot_state, po_state;
  PoFilePtr pot(read_with_handler(pot_file.c_str(), pot_state));
  PoFilePtr po(read_with_handler(po_file.c_str(), po_state));
  if (!pot || pot_state.failed || !po || po_state.failed) return false;
  // (lesson, segment key) -> the template's contexts with roles for that text.
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> roles;
  po_message_iterator_t it = po_message_iterator(pot.get(), nullptr);
  while (po_message_t m = po_next_message(it)) {
    const char* ctx = po_message_msgctxt(m);
    const std::string context = ctx ? ctx : "";
    const std::size_t bar = context.find('|');
    if (bar != std::string::npos)
      roles[{context.substr(0, bar), segment_key(po_message_msgid(m))}].push_back(context);
  }
  po_message_iterator_free(it);
  if (roles.empty()) return true;
  struct Copy {
    std::string context, msgid, msgstr;
    bool fuzzy;
  };
  std::vector<Copy> copies;
  bool changed = false;
  it = po_message_iterator(po.get(), nullptr);
  while (po_message_t m = po_next_message(it)) {
    const char* ctx = po_message_msgctxt(m);
    if (!ctx || std::strchr(ctx, '|') || po_message_is_obsolete(m) || po_message_msgid_plural(m)) continue;
    auto found = roles.find({ctx, segment_key(po_message_msgid(m))});
    if (found == roles.end()) continue;
    for (std::size_t i = 1; i < found->second.size(); ++i)
      copies.push_back({found->second[i], po_message_msgid(m), po_message_msgstr(m), po_message_is_fuzzy(m) != 0});
    po_message_set_msgctxt(m, found->second.front().c_str());
    changed = true;
  }
  for (const Copy& c : copies) {
    po_message_t m = po_message_create();
    po_message_set_msgctxt(m, c.context.c_str());
    po_message_set_msgid(m, c.msgid.c_str());
    po_message_set_msgstr(m, c.msgstr.c_str());
    po_message_set_fuzzy(m, c.fuzzy);
    po_message_insert(it, m);
  }
  po_message_iterator_free(it);
  if (!changed) return true;
  HandlerState write_state;
  return write_with_handler(po.get(), out.c_str(), write_state);
}

// After msgmerge: an entry it marked fuzzy because its source text was only
// re-wrapped (the previous msgid has the same segment_key) is current again.
// Returns false when libgettextpo cannot read or write `file`.
bool keep_rewrapped_translations(const std::string& file) {
  HandlerState state;
  PoFilePtr po(read_with_handler(file.c_str(), state));
  if (!po || state.failed) return false;
  bool changed = false;
  po_message_iterator_t it = po_message_iterator(po.get(), nullptr);
  while (po_message_t m = po_next_message(it)) {
    const char* previous = po_message_prev_msgid(m);
    const char* previous_context = po_message_prev_msgctxt(m);
    const char* context = po_message_msgctxt(m);
    // msgmerge writes the previous msgctxt too, also when it is the same.
    const bool same_context = previous_context ? context && std::strcmp(previous_context, context) == 0 : !context;
    if (!po_message_is_fuzzy(m) || po_message_is_obsolete(m) || !previous || !same_context) continue;
    if (segment_key(previous) != segment_key(po_message_msgid(m))) continue;
    po_message_set_fuzzy(m, 0);
    po_message_set_prev_msgid(m, nullptr);
    po_message_set_prev_msgctxt(m, nullptr);
    changed = true;
  }
  po_message_iterator_free(it);
  HandlerState write_state;
  return !changed || write_with_handler(po.get(), file.c_str(), write_state);
}

}  // namespace

void merge_po_file(const fs::path& po, const fs::path& pot) {
  const std::string temp = temp_name(po);
  const std::string migrated = temp + ".roles";
  std::error_code ec;
  fs::remove(migrated, ec);
  if (!give_contexts_roles(po.string(), pot.string(), migrated))
    throw PoToolError(fmt::format("cannot merge {}: libgettextpo could not read it or {}", po.string(), pot.string()));
  const bool was_migrated = fs::exists(migrated, ec);
  ChildResult r = run_gettext({"msgmerge", "--quiet", "--previous", "--sort-by-file", "-o", temp,
                             was_migrated ? migrated : po.string(), pot.string()});
  if (was_migrated) fs::remove(migrated, ec);
  if (r.exit_code != 0) {
    fs::remove(temp, ec);
    throw PoToolError(fmt::format("msgmerge could not merge {} into {}: {}", pot.string(), po.string(), r.err));
  }
  if (!keep_rewrapped_translations(temp)) {
    fs::remove(temp, ec);
    throw PoToolError(fmt::format("cannot write {}: libgettextpo could not read msgmerge's output", po.string()));
  }
  if (read_bytes(po) == read_bytes(temp)) {
    fs::remove(temp, ec);
    return;
  }
  fs::rename(temp, po, ec);
  if (ec) throw PoToolError(fmt::format("cannot write {}: {}", po.string(), ec.message()));
}

}  // namespace hocso
