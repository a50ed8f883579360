#include "yaml_document.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "stack_thread.h"
#include "test_support.h"

using namespace hocso;

namespace {

constexpr const char* kFile = "packs/co-ban.yaml";

struct Parsed {
  std::unique_ptr<YamlDocument> document;
  std::vector<Diagnostic> diagnostics;
};

Parsed parse(std::string_view text, int first_line = 1, const YamlLimits& limits = {}) {
  Diagnostics diagnostics;
  Parsed parsed;
  parsed.document = parse_yaml(text, kFile, first_line, diagnostics, limits);
  parsed.diagnostics = diagnostics.all();
  return parsed;
}

// The JSON of `text`, which must parse.
std::string json_of(std::string_view text) {
  const Parsed parsed = parse(text);
  REQUIRE(parsed.document != nullptr);
  return parsed.document->json();
}

void check_refused(const Parsed& parsed, int line, int column, const std::string& message,
                   const std::string& check_id) {
  CHECK(parsed.document == nullptr);
  REQUIRE(parsed.diagnostics.size() == 1);
  const Diagnostic& d = parsed.diagnostics[0];
  CHECK(d.severity == Severity::error);
  CHECK(d.where.file == kFile);
  CHECK(d.where.line == line);
  CHECK(d.where.column == column);
  CHECK(d.message == message);
  CHECK(d.check_id == check_id);
}

void check_at(const YamlDocument& document, std::string_view pointer, int line, int column) {
  CAPTURE(pointer);
  Location where = document.locate(pointer);
  CHECK(where.file == kFile);
  CHECK(where.line == line);
  CHECK(where.column == column);
}

std::string billion_laughs() {
  std::string text =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    char previous = static_cast<char>(level - 1);
    text += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 9; ++i) text += std::string(i ? "," : "") + "*" + previous;
    text += "]\n";
  }
  return text;
}

}  // namespace

TEST_CASE("scalars are typed as the header says") {
  Parsed parsed = parse(
      "a: yes\nb: \"1\"\nc: 1\nd: 1.5\ne: ~\nf: true\ng: null\nh:\ni: 'x'\nj: 0912345678\n"
      "k: -3\nl: 2e3\nm: No\nn: on\no: 1_000\np: 0x1F\nq: .inf\nr: False\ns: 99999999999999999999\n"
      "t: 1.\nu: |\n  hai\n  dòng\n");
  REQUIRE(parsed.document != nullptr);
  CHECK(parsed.diagnostics.empty());
  CHECK(parsed.document->json() ==
        "{\"a\":\"yes\",\"b\":\"1\",\"c\":1,\"d\":1.5,\"e\":null,\"f\":true,\"g\":null,\"h\":null,"
        "\"i\":\"x\",\"j\":\"0912345678\",\"k\":-3,\"l\":2000.0,\"m\":\"No\",\"n\":\"on\","
        "\"o\":\"1_000\",\"p\":\"0x1F\",\"q\":\".inf\",\"r\":false,\"s\":1e+20,\"t\":\"1.\","
        "\"u\":\"hai\\ndòng\\n\"}");
  const auto& value = parsed.document->value();
  CHECK(value["a"].is_string());
  CHECK(value["b"].is_string());
  CHECK(value["c"].is_number_integer());
  CHECK(value["d"].is_number_float());
  CHECK(value["e"].is_null());
}

TEST_CASE("mappings keep source order; an empty document is null") {
  Parsed ordered = parse("b: 1\na: 2\nc: [x, {y: z}]\n");
  REQUIRE(ordered.document != nullptr);
  CHECK(ordered.document->json() == "{\"b\":1,\"a\":2,\"c\":[\"x\",{\"y\":\"z\"}]}");

  for (const char* text : {"", "# only a comment\n", "---\n"}) {
    CAPTURE(text);
    Parsed empty = parse(text, 2);
    REQUIRE(empty.document != nullptr);
    CHECK(empty.document->json() == "null");
    check_at(*empty.document, "", 2, 1);
    check_at(*empty.document, "/title", 2, 1);
  }
}

TEST_CASE("positions of nested nodes are exact, in lines of the file and code-point columns") {
  Parsed parsed = parse(
      "id: vneid\n"                        // line 2
      "screens:\n"                         // 3
      "  login.png:\n"                     // 4
      "    highlight: [10, 20, 30, 40]\n"  // 5
      "quiz:\n"                            // 6
      "  - question: \"Mã OTP là gì?\"\n"  // 7
      "    choices:\n"                     // 8
      "      - Mật khẩu dùng một lần\n"    // 9
      "      - Tên đăng nhập\n"            // 10
      "    answer: 0\n"                    // 11
      "tiêu đề: \"Xin chào\"\n"            // 12
      "a/b~c: 1\n"                         // 13
      "trống:\n"                           // 14
      "tags: [vneid, \"công an\"]\n",      // 15
      2);
  REQUIRE(parsed.document != nullptr);
  const YamlDocument& document = *parsed.document;
  check_at(document, "", 2, 1);
  check_at(document, "/id", 2, 5);
  check_at(document, "/screens", 4, 3);
  check_at(document, "/screens/login.png", 5, 5);
  check_at(document, "/screens/login.png/highlight", 5, 16);
  check_at(document, "/screens/login.png/highlight/2", 5, 25);
  check_at(document, "/quiz/0", 7, 5);
  check_at(document, "/quiz/0/question", 7, 15);
  check_at(document, "/quiz/0/choices/1", 10, 9);
  check_at(document, "/quiz/0/answer", 11, 13);
  check_at(document, "/tiêu đề", 12, 10);  // 13 in bytes
  check_at(document, "/a~1b~0c", 13, 8);
  check_at(document, "/trống", 14, 1);  // an empty value: where its key is
  check_at(document, "/tags/1", 15, 15);
  // Missing pointers: the nearest existing ancestor.
  check_at(document, "/quiz/0/explanation", 7, 5);
  check_at(document, "/quiz/7/answer", 6 + 1, 3);
  check_at(document, "/nope/deeper", 2, 1);
  CHECK(document.value()["a/b~c"] == 1);

  // Keys of mapping members have their own place; other nodes fall back to locate().
  auto key_at = [&](const char* pointer, int line, int column) {
    Location at = document.locate_key(pointer);
    CHECK(at.file == kFile);
    CHECK(at.line == line);
    CHECK(at.column == column);
  };
  key_at("/id", 2, 1);
  key_at("/screens/login.png/highlight", 5, 5);
  key_at("/quiz/0/answer", 11, 5);
  key_at("/tiêu đề", 12, 1);
  key_at("/quiz/0/choices/1", 10, 9);  // a sequence item: its own place
}

TEST_CASE("a duplicate key is refused at the second key") {
  check_refused(parse("title: a\nid: b\nscreens:\n  x: 1\n  x: 2\n", 2), 6, 3,
                "duplicate key \"x\" (first defined on line 5)", "yaml-duplicate-key");
  Parsed two = parse("title: a\nid: b\ntitle: [c]\nid: d\n");
  CHECK(two.document == nullptr);
  REQUIRE(two.diagnostics.size() == 2);
  CHECK(two.diagnostics[0].where.line == 3);
  CHECK(two.diagnostics[0].message == "duplicate key \"title\" (first defined on line 1)");
  CHECK(two.diagnostics[1].where.line == 4);
  CHECK(two.diagnostics[1].message == "duplicate key \"id\" (first defined on line 2)");
  // Same key in different mappings is fine.
  CHECK(parse("a: {x: 1}\nb: {x: 2}\n").document != nullptr);
}

TEST_CASE("a billion-laughs alias bomb is refused at once") {
  const double start = test::cpu_seconds();
  Parsed parsed = parse(billion_laughs());
  const double elapsed = test::cpu_seconds() - start;
  check_refused(parsed, 1, 4,
                "anchors (&a) and aliases are not allowed; write the value out in full",
                "yaml-alias");
  CHECK(elapsed < 1.0);
}

TEST_CASE("anchors, aliases and merge keys are refused") {
  check_refused(parse("a: &x [1, *x]\n"), 1, 4,
                "anchors (&x) and aliases are not allowed; write the value out in full",
                "yaml-alias");
  check_refused(parse("a: 1\nb: *x\n"), 2, 4,
                "aliases (*name) are not allowed; write the value out in full", "yaml-alias");
  check_refused(parse("base: {a: 1}\nderived:\n  <<: {b: 2}\n"), 3, 3,
                "merge keys (<<) are not allowed; write the keys out in full", "yaml-alias");
  // A quoted "<<" is an ordinary key.
  CHECK(json_of("\"<<\": 1\n") == "{\"<<\":1}");
}

TEST_CASE("10,000 levels of nesting are refused without crashing, even from a 64 KiB stack") {
  std::string deep = std::string(10000, '[') + std::string(10000, ']');
  run_with_stack(64 * 1024, [&] {
    // hocso's own limit.
    check_refused(parse(deep), 1, 33, "mappings and sequences are nested more than 32 levels deep",
                  "yaml-too-deep");
    // With that limit lifted, yaml-cpp recurses up to its own guard (500 levels);
    // only the 8 MiB parse thread keeps that from overflowing this 64 KiB stack
    // (parsed inline instead, this test crashes at 128 KiB already).
    YamlLimits unlimited;
    unlimited.max_depth = 1000000;
    Parsed parsed = parse(deep, 1, unlimited);
    CHECK(parsed.document == nullptr);
    REQUIRE(parsed.diagnostics.size() == 1);
    CHECK(parsed.diagnostics[0].message ==
          "mappings and sequences are nested too deeply for the YAML parser");
    CHECK(parsed.diagnostics[0].check_id == "yaml-too-deep");
    CHECK(parsed.diagnostics[0].where.line == 1);
  });
  // Block style counts the same way.
  std::string block;
  for (int i = 0; i < 40; ++i) block += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  check_refused(parse(block), 33, 33, "mappings and sequences are nested more than 32 levels deep",
                "yaml-too-deep");
  const YamlLimits two{.max_depth = 2};
  CHECK(parse("a: {b: 1}\n", 1, two).document != nullptr);
  check_refused(parse("a: {b: [1]}\n", 1, two), 1, 8,
                "mappings and sequences are nested more than 2 levels deep", "yaml-too-deep");
}

TEST_CASE("a second document is refused") {
  const std::string second =
      "a second YAML document starts here; a file holds one document (remove this `---` line or what follows it)";
  check_refused(parse("a: 1\n---\nb: 2\n"), 2, 1, second, "yaml-multiple-documents");
  check_refused(parse("a: 1\n...\n---\n", 5), 7, 1, second, "yaml-multiple-documents");
  CHECK(json_of("---\na: 1\n...\n") == "{\"a\":1}");
}

TEST_CASE("the node budget is enforced") {
  const YamlLimits limits{.max_nodes = 10};
  // The root mapping, the key, the sequence and 7 items are 10 nodes.
  CHECK(parse("tags: [1, 2, 3, 4, 5, 6, 7]\n", 1, limits).document != nullptr);
  check_refused(parse("tags: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n", 1, limits), 1, 29,
                "the document has more than 10 YAML nodes", "yaml-too-many-nodes");
}

TEST_CASE("input over the size limit is refused before parsing") {
  std::string big = "a: \"" + std::string(1 << 20, 'x') + "\"\n";
  check_refused(parse(big, 2), 2, 0,
                "the YAML text is too large (1048582 bytes; the limit is 1048576 bytes)",
                "yaml-too-large");
}

TEST_CASE("syntax errors become diagnostics with yaml-cpp's message and a hint") {
  check_refused(parse("title: Bước 1: mở ứng dụng\n", 2), 2, 14,
                "YAML syntax error: illegal map value (put a value that contains \": \" in double "
                "quotes)",
                "yaml-syntax");
  check_refused(parse("a: [1, 2\n"), 2, 1, "YAML syntax error: end of sequence flow not found",
                "yaml-syntax");
  check_refused(parse("a: \"\\uD800\"\n"), 1, 11, "YAML syntax error: invalid unicode: 55296",
                "yaml-syntax");
}

TEST_CASE("tags: standard ones when the value fits, others refused") {
  CHECK(json_of("a: !!str 1\nb: !!int 5\nc: !!float 1\nd: !!bool true\ne: !!null ~\nf: !!seq [x]\n"
                "g: !!map {x: 1}\nh: ! 12\n!!str i: 1\n") ==
        "{\"a\":\"1\",\"b\":5,\"c\":1.0,\"d\":true,\"e\":null,\"f\":[\"x\"],\"g\":{\"x\":1},"
        "\"h\":\"12\",\"i\":1}");
  // Each refused at its tag, line 1 column 4.
  const auto tag_refused = [](std::string_view text, const std::string& message) {
    CAPTURE(text);
    check_refused(parse(text), 1, 4, message, "yaml-tag");
  };
  tag_refused("a: !foo x\n", "the tag !foo is not allowed; remove it");
  tag_refused("a: !!binary aGk=\n", "the tag !!binary is not allowed; remove it");
  tag_refused("a: !!int abc\n", "\"abc\" is not a valid !!int");
  tag_refused("a: !!set {x}\n", "the tag !!set is not allowed here; remove it");
  tag_refused("a: !!map [x]\n", "the tag !!map is not allowed here; remove it");
}

TEST_CASE("mapping keys must be text") {
  check_refused(parse("1: a\n"), 1, 1,
                "the key 1 is a number; mapping keys must be text (write it in quotes: \"1\")",
                "yaml-key-type");
  check_refused(parse("ok: 1\ntrue: a\n"), 2, 1,
                "the key true is true or false; mapping keys must be text (write it in quotes: \"true\")",
                "yaml-key-type");
  check_refused(parse("~: a\n"), 1, 1, "a mapping key is empty or null; keys must be text",
                "yaml-key-type");
  check_refused(parse("? [a, b]\n: c\n"), 1, 3,
                "a mapping key is a mapping or a sequence; keys must be text", "yaml-key-type");
  CHECK(json_of("\"1\": a\n") == "{\"1\":\"a\"}");  // quoted, it is text
}

TEST_CASE("escapes cannot smuggle in control characters; escaped text is NFC") {
  const auto escaped = [](const std::string& code_point) {
    return "control character " + code_point + " (made by an escape in a quoted string); remove it";
  };
  check_refused(parse("a: \"x\\u0007y\"\n"), 1, 4, escaped("U+0007"), "control-character");
  check_refused(parse("a: \"x\\0\"\n"), 1, 4, escaped("U+0000"), "control-character");
  check_refused(parse("a: 1\nb: x\x01\n"), 2, 5, "control character U+0001; remove it",
                "control-character");
  Parsed nfc = parse("a: \"Hoa\\u0300\"\n");
  REQUIRE(nfc.document != nullptr);
  CHECK(nfc.document->value()["a"] == "Ho\xC3\xA0");
}

TEST_CASE("a large flat mapping parses in linear time") {
  // Linear, not quadratic: four times the keys take about four times as long,
  // not sixteen. A ratio (the faster of two runs each) holds on a loaded
  // machine and under the sanitizers, where a fixed limit in seconds did not.
  auto mapping = [](int keys) {
    std::string text;
    for (int i = 0; i < keys; ++i) text += "key" + std::to_string(i) + ": v\n";
    return text;
  };
  auto fastest = [](const std::string& text) {
    auto best = std::chrono::steady_clock::duration::max();
    for (int run = 0; run < 2; ++run) {
      const auto start = std::chrono::steady_clock::now();
      Parsed parsed = parse(text);
      best = std::min(best, std::chrono::steady_clock::now() - start);
      REQUIRE(parsed.document != nullptr);
    }
    return std::chrono::duration<double>(best).count();
  };
  const std::string small = mapping(8000), large = mapping(32000);
  Parsed parsed = parse(large);
  REQUIRE(parsed.document != nullptr);
  CHECK(parsed.document->value().size() == 32000);
  CHECK(parsed.document->value().back() == "v");
  check_at(*parsed.document, "/key31999", 32000, 11);
  const double ratio = fastest(large) / fastest(small);
  INFO("32,000 keys took " << ratio << " times as long as 8,000");
  CHECK(ratio < 8);
}

TEST_CASE("non-fatal problems stop after 20") {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "k: " + std::to_string(i) + "\n";
  Parsed parsed = parse(text);
  CHECK(parsed.document == nullptr);
  REQUIRE(parsed.diagnostics.size() == 20);
  CHECK(parsed.diagnostics[19].where.line == 21);
  CHECK(parsed.diagnostics[19].message == "duplicate key \"k\" (first defined on line 1)");
}
