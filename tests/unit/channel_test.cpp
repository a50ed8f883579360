// The channel's documents, envelopes, times and version order
// (core/src/channel/, docs/channel-format.md); the CLI tests channel.test.sh
// and pull.test.sh cover publishing and pulling end to end.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "channel/channel_documents.h"
#include "channel/semantic_version.h"
#include "channel/signed_envelope.h"
#include "channel/utc_time.h"
#include "message_language.h"
#include "signing.h"

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using namespace hocso;
using namespace hocso::channel;

namespace {

void load_schema(const std::string& name, valijson::Schema& schema) {
  std::ifstream file(fs::path(HOCSO_SOURCE_DIR) / "schemas" / name);
  REQUIRE(file);
  static nlohmann::json root_schema;  // channel.schema.json refers to root.schema.json's definitions
  nlohmann::json document = nlohmann::json::parse(file);
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  valijson::adapters::NlohmannJsonAdapter adapter(document);
  auto fetch = [](const std::string& uri) -> const nlohmann::json* {
    std::string file_name = uri.substr(uri.rfind('/') + 1);
    std::ifstream in(fs::path(HOCSO_SOURCE_DIR) / "schemas" / file_name);
    root_schema = nlohmann::json::parse(in);
    return &root_schema;
  };
  parser.populateSchema(adapter, schema, fetch, [](const nlohmann::json*) {});
}

bool valid(const valijson::Schema& schema, const Json& document) {
  nlohmann::json plain = nlohmann::json::parse(document.dump());
  valijson::Validator validator;
  valijson::adapters::NlohmannJsonAdapter adapter(plain);
  return validator.validate(schema, adapter, nullptr);
}

Root sample_root(const signing::KeyPair& root_key, const signing::KeyPair& channel_key) {
  Root r;
  r.channel = "bac-ninh";
  r.version = 1;
  r.expires = *parse_utc("2027-12-02T00:00:00Z");
  for (const auto* k : {&root_key, &channel_key}) r.keys[key_id_text(k->public_key)] = k->public_key;
  r.root = {{key_id_text(root_key.public_key)}, 1};
  r.channel_role = {{key_id_text(channel_key.public_key)}, 1};
  r.bundles = r.channel_role;
  return r;
}

Channel sample_channel() {
  Channel c;
  c.channel = "bac-ninh";
  c.version = 7;
  c.root_version = 1;
  c.published = *parse_utc("2026-12-02T12:00:00Z");
  c.expires = *parse_utc("2027-01-01T12:00:00Z");
  ListedBundle b{"hocso-co-ban", "phone", "1.0.1", "", 2345678, std::string(64, 'a'), std::string(64, 'b')};
  b.file = bundle_file_name(b);
  c.bundles.push_back(b);
  return c;
}

}  // namespace

TEST_CASE("UTC times: one form, real dates only") {
  CHECK(parse_utc("2026-12-02T12:00:00Z") == 1796212800);
  CHECK(format_utc(1796212800) == "2026-12-02T12:00:00Z");
  CHECK_FALSE(parse_utc("2026-02-31T00:00:00Z"));  // no 31 February
  CHECK_FALSE(parse_utc("2026-12-02T12:00:00+07:00"));
  CHECK_FALSE(parse_utc("2026-12-02 12:00:00Z"));
  CHECK_FALSE(parse_utc("2026-12-02T12:00:00"));
  CHECK(parse_duration("30d") == 30 * 86400);
  CHECK(parse_duration("12h") == 12 * 3600);
  CHECK(parse_duration("90") == 90);
  CHECK_FALSE(parse_duration("-1d"));
  CHECK_FALSE(parse_duration("d"));
  CHECK_FALSE(parse_duration("99999999d"));
}

TEST_CASE("semantic version precedence (semver 2.0.0, section 11)") {
  // The example chain from the specification, each lower than the next.
  const char* chain[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                         "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0"};
  for (std::size_t i = 0; i + 1 < std::size(chain); ++i) {
    CAPTURE(chain[i]);
    CHECK(compare_versions(chain[i], chain[i + 1]).value() < 0);
    CHECK(compare_versions(chain[i + 1], chain[i]).value() > 0);
  }
  CHECK(compare_versions("1.0.0+build.1", "1.0.0+build.2").value() == 0);
  CHECK_FALSE(compare_versions("1.0", "1.0.0"));
  CHECK_FALSE(compare_versions("01.0.0", "1.0.0"));
}

TEST_CASE("root and channel documents: what is written passes the schemas and parses back") {
  auto root_key = signing::generate_key_pair(), channel_key = signing::generate_key_pair();
  Root root = sample_root(root_key, channel_key);
  valijson::Schema root_schema;
  load_schema("root.schema.json", root_schema);
  CHECK(valid(root_schema, root.to_json()));
  std::string why;
  auto back = parse_root(root.to_json(), why);
  REQUIRE_MESSAGE(back, why);
  CHECK(back->to_json() == root.to_json());

  Channel channel = sample_channel();
  valijson::Schema channel_schema;
  load_schema("channel.schema.json", channel_schema);
  CHECK(valid(channel_schema, channel.to_json()));
  auto channel_back = parse_channel(channel.to_json(), why);
  REQUIRE_MESSAGE(channel_back, why);
  CHECK(channel_back->to_json() == channel.to_json());
  CHECK(channel.bundles[0].file == "bundles/hocso-co-ban-1.0.1-phone.aaaaaaaaaaaaaaaa.hocso");

  // Each broken document is refused by the parser and by the schema alike.
  auto refused = [&](auto change, std::string_view expected) {
    Json doc = channel.to_json();
    change(doc);
    CHECK_FALSE(valid(channel_schema, doc));
    std::string problem;
    CHECK_FALSE(parse_channel(doc, problem));
    CHECK_MESSAGE(problem.find(expected) != std::string::npos, problem);
  };
  refused([](Json& d) { d["format"] = "hocso-channel/2"; }, "\"format\" must be");
  refused([](Json& d) { d["extra"] = 1; }, "\"extra\" is not a known field");
  refused([](Json& d) { d.erase("expires"); }, "\"expires\" is missing");
  refused([](Json& d) { d["expires"] = "tomorrow"; }, "\"expires\" must be a UTC time");
  refused([](Json& d) { d["version"] = -1; }, "\"version\" must be a whole number");
  refused([](Json& d) { d["bundles"][0]["sha256"] = std::string(64, 'A'); }, "\"bundles[0].sha256\"");
  refused([](Json& d) { d["bundles"][0]["file"] = "../../etc/passwd"; }, "\"bundles[0].file\"");
  refused([](Json& d) { d["bundles"][0]["pack"] = "Hocso"; }, "\"bundles[0].pack\" must be a slug");

  Json wrong_threshold = root.to_json();
  wrong_threshold["roles"]["root"]["threshold"] = 2;
  CHECK_FALSE(parse_root(wrong_threshold, why));
  CHECK(why.find("threshold") != std::string::npos);
  Json foreign_id = root.to_json();
  foreign_id["roles"]["channel"]["keys"][0] = "0000000000000000";
  CHECK_FALSE(parse_root(foreign_id, why));
  CHECK_FALSE(valid(root_schema, Json::parse(R"({"format":"hocso-root/1"})")));
}

TEST_CASE("a damaged channel document is described in the reader's language (issue 15)") {
  // What each change makes parse_channel say, in English and in Vietnamese.
  struct Case {
    void (*change)(Json&);
    const char* english;
    const char* vietnamese;
  };
  const Case cases[] = {
      {[](Json& d) { d["extra"] = 1; }, "\"extra\" is not a known field",
       "\"extra\" không phải là một trường được biết"},
      {[](Json& d) { d.erase("expires"); }, "\"expires\" is missing", "\"expires\" bị thiếu"},
      {[](Json& d) { d["version"] = -1; }, "\"version\" must be a whole number from 1 to 9007199254740991",
       "\"version\" phải là một số nguyên từ 1 đến 9007199254740991"},
      {[](Json& d) { d["bundles"][0]["pack"] = "Hocso"; },
       "\"bundles[0].pack\" must be a slug", "\"bundles[0].pack\" phải là một tên ngắn (chữ thường a-z, số 0-9, gạch nối)"},
  };
  for (const char* language : {"en", "vi"}) {
    use_message_language(language);
    for (const Case& c : cases) {
      Json doc = sample_channel().to_json();
      c.change(doc);
      std::string problem;
      CHECK_FALSE(parse_channel(doc, problem));
      CHECK(problem == (std::string_view(language) == "vi" ? c.vietnamese : c.english));
    }
  }
  use_message_language("en");
}

TEST_CASE("signed envelopes: thresholds, trusted comments, other keys") {
  auto a = signing::generate_key_pair(), b = signing::generate_key_pair(), stranger = signing::generate_key_pair();
  Json doc = sample_channel().to_json();
  RoleKeys both{{a.public_key, b.public_key}, 2};

  std::string two = seal(doc, {a.secret_key, b.secret_key});
  auto opened = open_sealed(two, "channel.json", kChannelFormat, both);
  REQUIRE_MESSAGE(opened.ok, opened.refusal.message);
  CHECK(opened.opened.document == doc);
  CHECK(opened.opened.signers.size() == 2);

  // One key signing twice counts once.
  std::string twice = seal(doc, {a.secret_key, a.secret_key});
  auto short_of_one = open_sealed(twice, "channel.json", kChannelFormat, both);
  CHECK_FALSE(short_of_one.ok);
  CHECK(short_of_one.refusal.rule == "channel-signature");
  CHECK(short_of_one.refusal.message == "channel.json: 1 valid signature of the trusted keys, 2 needed");

  // A stranger's signature neither counts nor refuses the file.
  std::string with_stranger = seal(doc, {stranger.secret_key, a.secret_key});
  CHECK(open_sealed(with_stranger, "c", kChannelFormat, RoleKeys{{a.public_key}, 1}).ok);

  // The document changed after signing: nothing verifies.
  Json envelope = Json::parse(two);
  std::string text = envelope["signed"];
  text.replace(text.find("\"version\":7"), 11, "\"version\":8");
  envelope["signed"] = text;
  CHECK(open_sealed(envelope.dump(), "c", kChannelFormat, both).refusal.rule == "channel-signature");

  // A signature whose trusted comment names another document does not count,
  // although its signature over the bytes is good.
  std::string signed_text = doc.dump();
  Json moved = {{"signed", signed_text},
                {"signatures", {signing::sign(signed_text, a.secret_key, "hocso-root/1 channel=bac-ninh version=7 sha256=" +
                                                                           std::string(64, '0'))}}};
  CHECK_FALSE(open_sealed(moved.dump(), "c", kChannelFormat, RoleKeys{{a.public_key}, 1}).ok);

  // Shapes that are not envelopes, and documents of another format.
  CHECK(open_sealed("<html>", "c", kChannelFormat, both).refusal.rule == "channel-not-json");
  CHECK(open_sealed(R"({"signed":"{}"})", "c", kChannelFormat, both).refusal.rule == "channel-not-json");
  CHECK(open_sealed(two, "c", kRootFormat, both).refusal.rule == "channel-not-json");
}
