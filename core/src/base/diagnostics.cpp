#include "diagnostics.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "display_text.h"
#include "message_language.h"

namespace hocso {

void Diagnostics::report(Diagnostic diagnostic) {
  std::lock_guard lock(mutex_);
  if (warnings_are_errors_ && diagnostic.severity == Severity::warning) diagnostic.severity = Severity::error;
  // The core and a plugin may both catch the same problem (an unsafe lesson id
  // is refused by the loader and by validate-core): say it once. A set of keys,
  // not a scan of every earlier diagnostic: a pack can have thousands.
  std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", static_cast<int>(diagnostic.severity),
                                diagnostic.check_id, diagnostic.message, diagnostic.where.file, diagnostic.where.line,
                                diagnostic.where.column);
  if (!seen_.insert(std::move(key)).second) return;
  diagnostics_.push_back(std::move(diagnostic));
}

void Diagnostics::error(Location where, std::string message, std::string check_id) {
  report({Severity::error, std::move(where), std::move(message), std::move(check_id)});
}

void Diagnostics::warning(Location where, std::string message, std::string check_id) {
  report({Severity::warning, std::move(where), std::move(message), std::move(check_id)});
}

void Diagnostics::remember_source(const std::string& file, std::string text) {
  std::lock_guard lock(mutex_);
  sources_[file] = std::move(text);
}

void Diagnostics::remember_source_file(const std::string& file, SourceLoader load) {
  std::lock_guard lock(mutex_);
  sources_.erase(file);
  loaders_[file] = std::move(load);
}

std::vector<std::string> Diagnostics::source_files() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> files;
  for (const auto& [file, load] : loaders_) files.push_back(file);
  return files;
}

void Diagnostics::take(Diagnostics& other) {
  std::vector<Diagnostic> moved;
  std::map<std::string, std::string> sources;
  std::map<std::string, SourceLoader> loaders;
  {
    std::lock_guard lock(other.mutex_);
    moved.swap(other.diagnostics_);
    other.seen_.clear();
    sources.swap(other.sources_);
    loaders.swap(other.loaders_);
  }
  for (auto& d : moved) report(std::move(d));
  std::lock_guard lock(mutex_);
  for (auto& [file, text] : sources) sources_[file] = std::move(text);
  for (auto& [file, load] : loaders) loaders_[file] = std::move(load);
}

void Diagnostics::treat_warnings_as_errors(bool on) {
  std::lock_guard lock(mutex_);
  warnings_are_errors_ = on;
}

int Diagnostics::error_count() const {
  std::lock_guard lock(mutex_);
  int n = 0;
  for (const auto& d : diagnostics_) n += d.severity == Severity::error;
  return n;
}

std::size_t Diagnostics::count() const {
  std::lock_guard lock(mutex_);
  return diagnostics_.size();
}

int Diagnostics::warning_count() const {
  std::lock_guard lock(mutex_);
  int n = 0;
  for (const auto& d : diagnostics_) n += d.severity == Severity::warning;
  return n;
}

std::vector<Diagnostic> Diagnostics::all() const {
  std::lock_guard lock(mutex_);
  return diagnostics_;
}

std::string Diagnostics::source_line(const std::string& file, int line) const {
  std::lock_guard lock(mutex_);
  auto it = sources_.find(file);
  if (it == sources_.end()) {
    auto loader = loaders_.find(file);
    if (loader == loaders_.end()) return {};
    std::optional<std::string> text = loader->second();
    if (!text) return {};
    it = sources_.emplace(file, std::move(*text)).first;
  }
  if (line < 1) return {};
  const std::string& text = it->second;
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  std::size_t end = text.find('\n', start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

namespace {
// Column is counted in code points (what an editor shows); the caret line keeps
// tabs so that it lines up under the source line, and is as wide as each
// escape display_text() wrote for a hidden character.
std::string caret_line(const std::string& source, int column) {
  std::string out;
  int cp = 1;
  for (std::size_t i = 0; i < source.size() && cp < column; ++cp) {
    std::size_t next = i + 1;
    while (next < source.size() && (static_cast<unsigned char>(source[next]) & 0xC0) == 0x80) ++next;
    const std::string shown = display_text(std::string_view(source).substr(i, next - i), Tabs::keep);
    if (shown == "\t") out += '\t';
    else if (shown.size() == next - i) out += ' ';  // shown as it is: one character
    else out += std::string(shown.size(), ' ');     // an escape, all ASCII
    i = next;
  }
  return out + '^';
}

// A source line longer than kExcerptWidth code points is cut to that many
// around `column` (moved to match), with "…" where text was left out: a
// 50 KB one-line file must not print 50 KB per diagnostic.
constexpr int kExcerptWidth = 120;
void cut_around(std::string& line, int& column) {
  std::vector<std::size_t> starts;  // byte offset of each code point
  for (std::size_t i = 0; i < line.size(); ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) starts.push_back(i);
  const int count = static_cast<int>(starts.size());
  if (count <= kExcerptWidth) return;
  const int at = std::clamp(column > 0 ? column - 1 : 0, 0, count - 1);
  const int first = std::clamp(at - kExcerptWidth / 2, 0, count - kExcerptWidth);
  const int last = first + kExcerptWidth;  // one past
  const std::size_t from = starts[static_cast<std::size_t>(first)];
  const std::size_t to = last < count ? starts[static_cast<std::size_t>(last)] : line.size();
  std::string cut = (first > 0 ? "…" : "") + line.substr(from, to - from) + (last < count ? "…" : "");
  if (column > 0) column = column - first + (first > 0 ? 1 : 0);
  line = std::move(cut);
}
}  // namespace

std::string format_human(const Diagnostic& d, const Diagnostics& context, bool excerpt) {
  // File names, messages and source lines quote sources and plugins: hidden
  // characters are escaped so that none can move the cursor or reorder the text.
  std::string where = d.where.file.empty() ? "hocso" : display_text(d.where.file);
  if (d.where.line > 0) {
    where += fmt::format(":{}", d.where.line);
    if (d.where.column > 0) where += fmt::format(":{}", d.where.column);
  }
  std::string out = fmt::format("{}: {}: {}", where, severity_word(d.severity), display_text(d.message));
  if (!d.check_id.empty()) out += fmt::format(" [{}]", display_text(d.check_id));
  out += '\n';
  if (excerpt && d.where.line > 0) {
    std::string line = context.source_line(d.where.file, d.where.line);
    int column = d.where.column;
    if (!line.empty()) {
      cut_around(line, column);
      out += display_text(line, Tabs::keep) + '\n';
      if (column > 0) out += caret_line(line, column) + '\n';
    }
  }
  return out;
}

}  // namespace hocso
