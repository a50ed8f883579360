#include "yaml_document.h"

#include <fmt/format.h>
#include <unicode/utf8.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "source_text.h"
#include "stack_thread.h"
#include "hocso/messages.h"
#include "say.h"

// yaml-cpp is driven through its event API (YAML::Parser + our EventHandler) and
// never builds a YAML::Node graph: aliases, depth, node count and duplicate keys
// are checked as the events arrive, and a problem that makes the rest meaningless
// stops the parse at once (an alias bomb costs one event).
//
// Positions: yaml-cpp's Mark::pos is a byte offset into the text (its column is in
// bytes and unreliable at the end of input), so lines and columns are computed
// from pos here; columns count code points, like every hocso diagnostic.

namespace hocso {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

struct Problem {
  Location where;
  std::string message;
  std::string check_id;
};

// Thrown from the event handler after a problem that ends the parse.
struct StopParsing {};

// Thrown by the handler that looks for a second document.
struct SecondDocument {
  YAML::Mark mark;
};

// Byte offset in `text` -> Location in the file (text starts at `first_line`).
class PositionMap {
 public:
  PositionMap(std::string_view text, std::string file, int first_line)
      : text_(text), file_(std::move(file)), first_line_(first_line) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_starts_.push_back(i + 1);
  }

  Location at(int pos) const {
    std::size_t offset =
        pos < 0 ? text_.size() : std::min<std::size_t>(static_cast<std::size_t>(pos), text_.size());
    auto next_line = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    std::size_t index = static_cast<std::size_t>(next_line - line_starts_.begin()) - 1;
    int column = 1;
    for (std::size_t i = line_starts_[index]; i < offset; ++i)
      column += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
    return {file_, first_line_ + static_cast<int>(index), column};
  }

  Location at(const YAML::Mark& mark) const { return at(mark.pos); }
  const std::string& file() const { return file_; }

 private:
  std::string_view text_;
  std::string file_;
  int first_line_;
  std::vector<std::size_t> line_starts_;
};

// "!!str" for "tag:yaml.org,2002:str"; other tags as yaml-cpp resolved them.
std::string shown_tag(std::string_view tag) {
  if (tag.starts_with(kCoreTagPrefix)) return "!!" + std::string(tag.substr(kCoreTagPrefix.size()));
  return std::string(tag);
}

// JSON's integer grammar: -?(0|[1-9][0-9]*). Leading zeros ("0912345678", a phone
// number) stay text instead of silently losing the zero.
std::size_t integer_prefix(std::string_view s) {
  std::size_t i = s.starts_with('-') ? 1 : 0;
  if (i >= s.size() || s[i] < '0' || s[i] > '9') return 0;
  if (s[i] == '0') return i + 1;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i;
}

bool is_integer(std::string_view s) {
  std::size_t n = integer_prefix(s);
  return n > 0 && n == s.size();
}

// JSON's number grammar with a fraction and/or an exponent: 1.5, -0.25, 2e3.
bool is_decimal(std::string_view s) {
  std::size_t i = integer_prefix(s);
  if (i == 0 || i == s.size()) return false;
  auto digits = [&] {
    std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

std::optional<Json> to_number(std::string_view s) {
  const char* end = s.data() + s.size();
  if (is_integer(s)) {
    std::int64_t value = 0;
    if (auto [ptr, ec] = std::from_chars(s.data(), end, value); ec == std::errc() && ptr == end)
      return Json(value);
  }
  double value = 0;
  if (auto [ptr, ec] = std::from_chars(s.data(), end, value);
      ec == std::errc() && ptr == end && std::isfinite(value))
    return Json(value);
  return std::nullopt;
}

bool is_true(std::string_view s) { return s == "true" || s == "True" || s == "TRUE"; }
bool is_false(std::string_view s) { return s == "false" || s == "False" || s == "FALSE"; }
bool is_null(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// A plain (unquoted, untagged) scalar: true/false, integers and decimals as JSON
// writes them; everything else, yes/no/on/off included, is text.
Json resolve_plain(const std::string& value) {
  if (is_true(value)) return true;
  if (is_false(value)) return false;
  if (is_integer(value) || is_decimal(value)) {
    if (auto number = to_number(value)) return *number;
  }
  return value;
}

bool is_control(UChar32 c) {
  return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F);
}

struct TextProblem {
  std::size_t offset = 0;
  std::string message;
  std::string check_id;
};

enum class TextOrigin { source, escape };

// What makes `text` unusable: invalid UTF-8 or a control character (escapes in
// quoted strings can produce what the file itself may not contain).
std::optional<TextProblem> find_text_problem(std::string_view text, TextOrigin origin) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, text.size(), c);
    if (c < 0) return TextProblem{start, _("the text is not valid UTF-8"), "yaml-syntax"};
    if (c == '\r' && origin == TextOrigin::source) continue;
    if (is_control(c))
      return TextProblem{
          start,
          say(origin == TextOrigin::escape ? N_("control character U+{code} (made by an escape in a quoted string); "
                                                "remove it")
                                           : N_("control character U+{code}; remove it"),
              fmt::arg("code", fmt::format("{:04X}", static_cast<unsigned>(c)))),
          "control-character"};
  }
  return std::nullopt;
}

// yaml-cpp's messages, with a hint for the mistakes writers make most.
std::string syntax_message(const std::string& yaml_cpp_message) {
  // yaml-cpp's own words stay English; the hints are hocso's.
  const char* message = N_("YAML syntax error: {message}");
  if (yaml_cpp_message == "illegal map value")
    message = N_("YAML syntax error: {message} (put a value that contains \": \" in double quotes)");
  else if (yaml_cpp_message.starts_with("end of map not found") ||
           yaml_cpp_message.starts_with("end of sequence not found"))
    message = N_("YAML syntax error: {message} (check the indentation)");
  return say(message, fmt::arg("message", yaml_cpp_message));
}

// The offset of the first tab in the indentation of a line that starts at or
// before `until` (a byte offset), or nullopt. A tab there is what yaml-cpp's
// "end of map not found" and "illegal tab when looking for indentation" most
// often mean for a writer.
std::optional<std::size_t> indentation_tab(std::string_view text, std::size_t until) {
  for (std::size_t line = 0; line < text.size() && line <= until;) {
    for (std::size_t i = line; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i)
      if (text[i] == '\t') return i;
    const std::size_t end = text.find('\n', line);
    if (end == std::string_view::npos) break;
    line = end + 1;
  }
  return std::nullopt;
}

// Translated where it is reported (N_ marks it for the catalog).
constexpr const char* kTabMessage =
    N_("YAML syntax error: a tab indents this line; YAML indents with spaces only: replace the tab with spaces");

// Builds the JSON value from yaml-cpp's events.
class JsonBuilder final : public YAML::EventHandler {
 public:
  JsonBuilder(const PositionMap& positions, const YamlLimits& limits)
      : where_(positions), limits_(limits) {}

  Json& value() { return root_; }
  std::map<std::string, Location>& positions() { return positions_; }
  std::map<std::string, Location>& key_positions() { return key_positions_; }
  std::vector<Problem>& problems() { return problems_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnAnchor(const YAML::Mark& mark, const std::string& name) override {
    stop(where_.at(mark),
         say(N_("anchors (&{name}) and aliases are not allowed; write the value out in full"), fmt::arg("name", name)),
         "yaml-alias");
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    stop(where_.at(mark), _("aliases (*name) are not allowed; write the value out in full"), "yaml-alias");
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Location here = start_node(mark, anchor);
    if (expecting_key()) stop(here, _("a mapping key is empty or null; keys must be text"), "yaml-key-type");
    // An empty value's mark is where the next token starts; its key is the better place.
    if (!stack_.empty() && stack_.back().is_map) here = stack_.back().key_where;
    place(nullptr, here);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& raw) override {
    Location here = start_node(mark, anchor);
    std::string text = checked_text(raw, here);
    if (expecting_key()) {
      take_key(tag, std::move(text), here);
      return;
    }
    place(scalar_value(tag, std::move(text), here), here);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    start_collection(mark, tag, anchor, /*is_map=*/false);
  }
  void OnSequenceEnd() override { end_collection(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    start_collection(mark, tag, anchor, /*is_map=*/true);
  }
  void OnMapEnd() override { end_collection(); }

 private:
  struct Frame {
    bool is_map = false;
    Json value;
    std::string pointer;
    Location where;
    bool discarded = false;  // inside the value of a duplicate key: kept out of positions
    // mappings
    bool expecting_key = true;
    std::string key;
    Location key_where;
    bool discard_value = false;
    std::unordered_map<std::string, int> key_lines;
    // sequences
    std::size_t next_index = 0;
  };

  [[noreturn]] void stop(Location where, std::string message, std::string check_id) {
    problems_.push_back({std::move(where), std::move(message), std::move(check_id)});
    throw StopParsing{};
  }

  // A problem after which the parse goes on, so that one run shows several; past
  // kMaxProblems it stops (a file of 10,000 duplicate keys needs no 10,000 messages).
  void problem(Location where, std::string message, std::string check_id) {
    problems_.push_back({std::move(where), std::move(message), std::move(check_id)});
    if (problems_.size() >= kMaxProblems) throw StopParsing{};
  }

  static constexpr std::size_t kMaxProblems = 20;

  bool expecting_key() const {
    return !stack_.empty() && stack_.back().is_map && stack_.back().expecting_key;
  }

  Location start_node(const YAML::Mark& mark, YAML::anchor_t anchor) {
    Location here = where_.at(mark);
    if (anchor != YAML::NullAnchor)
      stop(here, _("anchors and aliases are not allowed; write the value out in full"), "yaml-alias");
    if (++nodes_ > limits_.max_nodes)
      stop(here, say(N_("the document has more than {count} YAML nodes"), fmt::arg("count", limits_.max_nodes)),
           "yaml-too-many-nodes");
    return here;
  }

  std::string checked_text(const std::string& raw, const Location& here) {
    if (auto bad = find_text_problem(raw, TextOrigin::escape)) {
      problem(here, std::move(bad->message), std::move(bad->check_id));
      return raw;
    }
    return to_nfc(raw);
  }

  void take_key(const std::string& tag, std::string key, const Location& here) {
    Frame& map = stack_.back();
    if (tag == "?") {
      if (key == "<<") stop(here, _("merge keys (<<) are not allowed; write the keys out in full"), "yaml-alias");
      Json typed = resolve_plain(key);
      if (!typed.is_string())
        problem(
            here,
            say(typed.is_boolean()
                    ? N_("the key {key} is true or false; mapping keys must be text (write it in quotes: \"{key}\")")
                    : N_("the key {key} is a number; mapping keys must be text (write it in quotes: \"{key}\")"),
                fmt::arg("key", key)),
            "yaml-key-type");
    } else if (tag != "!" && tag != std::string(kCoreTagPrefix) + "str") {
      problem(here, say(N_("the tag {tag} is not allowed on a key; remove it"), fmt::arg("tag", shown_tag(tag))),
              "yaml-tag");
    }
    auto [it, inserted] = map.key_lines.try_emplace(key, here.line);
    if (!inserted) {
      problem(here,
              say(N_("duplicate key \"{key}\" (first defined on line {line})"), fmt::arg("key", key),
                  fmt::arg("line", it->second)),
              "yaml-duplicate-key");
    }
    map.discard_value = !inserted;
    map.key = std::move(key);
    map.key_where = here;
    map.expecting_key = false;
  }

  Json scalar_value(const std::string& tag, std::string text, const Location& here) {
    if (tag == "?") return resolve_plain(text);
    if (tag == "!") return text;  // quoted, or the non-specific tag `!`: text
    if (tag.starts_with(kCoreTagPrefix)) {
      std::string_view type = std::string_view(tag).substr(kCoreTagPrefix.size());
      if (type == "str") return text;
      if (type == "int" && is_integer(text)) return *to_number(text);
      if (type == "float" && (is_integer(text) || is_decimal(text))) {
        if (auto number = to_number(text)) return Json(number->get<double>());
      }
      if (type == "bool" && (is_true(text) || is_false(text))) return is_true(text);
      if (type == "null" && is_null(text)) return nullptr;
      if (type == "int" || type == "float" || type == "bool" || type == "null") {
        problem(here,
                say(N_("\"{text}\" is not a valid {tag}"), fmt::arg("text", text), fmt::arg("tag", shown_tag(tag))),
                "yaml-tag");
        return text;
      }
    }
    problem(here, say(N_("the tag {tag} is not allowed; remove it"), fmt::arg("tag", shown_tag(tag))), "yaml-tag");
    return text;
  }

  void start_collection(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                        bool is_map) {
    Location here = start_node(mark, anchor);
    if (expecting_key()) stop(here, _("a mapping key is a mapping or a sequence; keys must be text"), "yaml-key-type");
    if (static_cast<int>(stack_.size()) + 1 > limits_.max_depth)
      stop(here,
           say(N_("mappings and sequences are nested more than {count} levels deep"),
               fmt::arg("count", limits_.max_depth)),
           "yaml-too-deep");
    std::string_view expected = is_map ? "map" : "seq";
    if (tag != "?" && tag != "!" && tag != std::string(kCoreTagPrefix) + std::string(expected))
      problem(here, say(N_("the tag {tag} is not allowed here; remove it"), fmt::arg("tag", shown_tag(tag))),
              "yaml-tag");
    Frame frame;
    frame.is_map = is_map;
    frame.value = is_map ? Json::object() : Json::array();
    auto [pointer, discarded] = next_slot();
    frame.pointer = std::move(pointer);
    frame.discarded = discarded;
    frame.where = here;
    stack_.push_back(std::move(frame));
  }

  void end_collection() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    place(std::move(frame.value), frame.where);
  }

  // The pointer of the node about to be placed, and whether it is discarded.
  std::pair<std::string, bool> next_slot() const {
    if (stack_.empty()) return {"", false};
    const Frame& parent = stack_.back();
    if (parent.is_map)
      return {(nlohmann::json::json_pointer(parent.pointer) / parent.key).to_string(),
              parent.discarded || parent.discard_value};
    return {parent.pointer + "/" + std::to_string(parent.next_index), parent.discarded};
  }

  // Puts a finished node into its parent and records where it starts.
  void place(Json value, const Location& where) {
    auto [pointer, discarded] = next_slot();
    if (!discarded) {
      if (!stack_.empty() && stack_.back().is_map) key_positions_.emplace(pointer, stack_.back().key_where);
      positions_.emplace(std::move(pointer), where);
    }
    if (stack_.empty()) {
      root_ = std::move(value);
      return;
    }
    Frame& parent = stack_.back();
    if (parent.is_map) {
      if (!parent.discard_value) {
        // Keys are known to be unique: append without ordered_map's linear search.
        auto& object = parent.value.get_ref<Json::object_t&>();
        static_cast<Json::object_t::Container&>(object).emplace_back(parent.key, std::move(value));
      }
      parent.expecting_key = true;
      parent.discard_value = false;
    } else {
      parent.value.push_back(std::move(value));
      ++parent.next_index;
    }
  }

  const PositionMap& where_;
  const YamlLimits& limits_;
  std::vector<Frame> stack_;
  Json root_;
  std::map<std::string, Location> positions_;
  std::map<std::string, Location> key_positions_;
  std::vector<Problem> problems_;
  std::size_t nodes_ = 0;
};

// Stops at the start of a second document.
class SecondDocumentDetector final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { throw SecondDocument{mark}; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

struct ParseResult {
  Json value;
  std::map<std::string, Location> positions;
  std::map<std::string, Location> key_positions;
  std::vector<Problem> problems;
};

// Runs on the big-stack thread: yaml-cpp recurses once per nesting level.
ParseResult parse_events(std::string_view text, const PositionMap& where,
                         const YamlLimits& limits) {
  ParseResult result;
  JsonBuilder builder(where, limits);
  std::istringstream input{std::string(text)};
  try {
    YAML::Parser parser(input);
    if (parser.HandleNextDocument(builder)) {
      SecondDocumentDetector detector;
      parser.HandleNextDocument(detector);
    }
  } catch (const StopParsing&) {
    // the builder recorded why
  } catch (const SecondDocument& second) {
    builder.problems().push_back({where.at(second.mark),
                                  "a second YAML document starts here; a file holds one document "
                                  "(remove this `---` line or what follows it)",
                                  "yaml-multiple-documents"});
  } catch (const YAML::DeepRecursion& e) {
    builder.problems().push_back(
        {where.at(e.mark), _("mappings and sequences are nested too deeply for the YAML parser"), "yaml-too-deep"});
  } catch (const YAML::ParserException& e) {
    // Before a syntax error yaml-cpp may have misread what came before it (in
    // "[1, 2" the 2 turns into a key): the syntax error is the one to fix first.
    builder.problems().clear();
    const std::size_t at = e.mark.pos < 0 ? text.size() : static_cast<std::size_t>(e.mark.pos);
    if (e.msg.starts_with("the referenced anchor is not defined"))
      builder.problems().push_back(
          {where.at(e.mark), _("aliases (*name) are not allowed; write the value out in full"), "yaml-alias"});
    else if (const auto tab = indentation_tab(text, at))
      builder.problems().push_back({where.at(static_cast<int>(*tab)), _(kTabMessage), "yaml-tab"});
    else
      builder.problems().push_back({where.at(e.mark), syntax_message(e.msg), "yaml-syntax"});
  } catch (const YAML::Exception& e) {
    const std::size_t at = e.mark.pos < 0 ? text.size() : static_cast<std::size_t>(e.mark.pos);
    if (const auto tab = indentation_tab(text, at))
      builder.problems().push_back({where.at(static_cast<int>(*tab)), _(kTabMessage), "yaml-tab"});
    else
      builder.problems().push_back({where.at(e.mark), syntax_message(e.msg), "yaml-syntax"});
  }
  result.problems = std::move(builder.problems());
  if (result.problems.empty()) {
    result.value = std::move(builder.value());
    result.positions = std::move(builder.positions());
    result.key_positions = std::move(builder.key_positions());
  }
  return result;
}

}  // namespace

YamlDocument::YamlDocument(std::string file, nlohmann::ordered_json value,
                           std::map<std::string, Location> positions,
                           std::map<std::string, Location> key_positions)
    : file_(std::move(file)),
      value_(std::move(value)),
      json_(value_.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)),
      positions_(positions),
      key_positions_(key_positions) {}

YamlDocument::Positions::Positions(const std::map<std::string, Location>& positions) {
  entries_.reserve(positions.size());
  for (const auto& [pointer, where] : positions) {  // a std::map: already sorted
    entries_.push_back({static_cast<std::uint32_t>(pointers_.size()), static_cast<std::uint32_t>(pointer.size()),
                        where.line, where.column});
    pointers_ += pointer;
  }
  pointers_.shrink_to_fit();
}

const Location* YamlDocument::Positions::find(std::string_view pointer, Location& out) const {
  auto text = [&](const Entry& e) { return std::string_view(pointers_).substr(e.offset, e.length); };
  auto it = std::lower_bound(entries_.begin(), entries_.end(), pointer,
                             [&](const Entry& e, std::string_view p) { return text(e) < p; });
  if (it == entries_.end() || text(*it) != pointer) return nullptr;
  out.line = it->line;
  out.column = it->column;
  return &out;
}

Location YamlDocument::locate_key(std::string_view json_pointer) const {
  Location where{file_, 0, 0};
  if (key_positions_.find(json_pointer, where)) return where;
  return locate(json_pointer);
}

Location YamlDocument::locate(std::string_view json_pointer) const {
  Location where{file_, 0, 0};
  std::string_view pointer = json_pointer;
  while (true) {
    if (positions_.find(pointer, where)) return where;
    if (pointer.empty()) return {file_, 0, 0};
    std::size_t slash = pointer.rfind('/');
    pointer = pointer.substr(0, slash == std::string::npos ? 0 : slash);
  }
}

std::unique_ptr<YamlDocument> parse_yaml(std::string_view text, const std::string& file,
                                         int first_line, Diagnostics& diagnostics,
                                         const YamlLimits& limits) {
  first_line = std::max(first_line, 1);
  if (text.size() > limits.max_bytes) {
    diagnostics.error({file, first_line, 0},
                      fmt::format("the YAML text is too large ({} bytes; the limit is {} bytes)",
                                  text.size(), limits.max_bytes),
                      "yaml-too-large");
    return nullptr;
  }
  PositionMap where(text, file, first_line);
  // yaml-cpp guesses UTF-16/32 from NUL bytes and has no notion of our rules:
  // check the text itself first (decode_source_text's output always passes).
  if (auto bad = find_text_problem(text, TextOrigin::source)) {
    diagnostics.error(where.at(static_cast<int>(bad->offset)), std::move(bad->message),
                      std::move(bad->check_id));
    return nullptr;
  }

  ParseResult result;
  run_with_stack(kParserStackBytes, [&] { result = parse_events(text, where, limits); });

  if (!result.problems.empty()) {
    for (Problem& problem : result.problems)
      diagnostics.error(std::move(problem.where), std::move(problem.message),
                        std::move(problem.check_id));
    return nullptr;
  }
  // An empty document has no first node: its first line stands for it.
  if (result.value.is_null()) result.positions[""] = Location{file, first_line, 1};
  return std::make_unique<YamlDocument>(file, std::move(result.value), std::move(result.positions),
                                        std::move(result.key_positions));
}

}  // namespace hocso
