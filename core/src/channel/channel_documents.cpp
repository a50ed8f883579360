#include "channel/channel_documents.h"

#include <algorithm>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "hocso/messages.h"
#include "say.h"

namespace hocso::channel {

using Json = nlohmann::ordered_json;

namespace {

// The patterns of the schemas (lengths are checked first: std::regex recurses).
bool is_slug(const std::string& s) {
  static const std::regex re("[a-z0-9]+(-[a-z0-9]+)*");
  return !s.empty() && s.size() <= 64 && std::regex_match(s, re);
}
bool is_key_id(const std::string& s) {
  return s.size() == 16 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
         });
}
bool is_sha256_hex(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}
bool is_version(const std::string& s) {
  static const std::regex re("[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.+-]*)?");
  return s.size() >= 5 && s.size() <= 64 && std::regex_match(s, re);
}

// Reads typed fields of one object, collecting the first problem.
class Fields {
 public:
  Fields(const Json& object, std::string where, std::string& why) : object_(object), where_(std::move(where)), why_(why) {
    if (!object_.is_object()) fail("", _("must be an object"));
  }
  bool ok() const { return why_.empty(); }
  void fail(std::string_view field, std::string_view problem) {
    if (why_.empty()) why_ = fmt::format("\"{}{}\" {}", where_, field, problem);
  }
  const Json* get(std::string_view field) {
    if (!ok()) return nullptr;
    auto it = object_.find(field);
    if (it == object_.end()) {
      fail(field, _("is missing"));
      return nullptr;
    }
    return &*it;
  }
  std::string string(std::string_view field, bool (*valid)(const std::string&), std::string_view form) {
    const Json* v = get(field);
    if (!v) return {};
    if (!v->is_string() || !valid(v->get_ref<const std::string&>())) {
      fail(field, say(N_("must be {form}"), fmt::arg("form", form)));
      return {};
    }
    return v->get<std::string>();
  }
  // How each document starts: "format" is exactly `format`; returns "channel", a slug.
  std::string format_and_channel(std::string_view format) {
    const Json* v = get("format");
    if (v && !(v->is_string() && v->get_ref<const std::string&>() == format))
      fail("format", say(N_("must be {form}"), fmt::arg("form", fmt::format("\"{}\"", format))));
    return string("channel", is_slug, _("a slug"));
  }
  std::uint64_t integer(std::string_view field, std::uint64_t min, std::uint64_t max) {
    const Json* v = get(field);
    if (!v) return 0;
    if (!v->is_number_unsigned() || v->get<std::uint64_t>() < min || v->get<std::uint64_t>() > max) {
      fail(field, say(N_("must be a whole number from {min} to {max}"), fmt::arg("min", min), fmt::arg("max", max)));
      return 0;
    }
    return v->get<std::uint64_t>();
  }
  UtcSeconds time(std::string_view field) {
    const Json* v = get(field);
    if (!v) return 0;
    std::optional<UtcSeconds> t = v->is_string() ? parse_utc(v->get_ref<const std::string&>()) : std::nullopt;
    if (!t) {
      fail(field, _("must be a UTC time like 2027-01-31T12:00:00Z"));
      return 0;
    }
    return *t;
  }
  void only(std::initializer_list<std::string_view> known) {
    if (!ok()) return;
    for (auto it = object_.begin(); it != object_.end(); ++it)
      if (std::find(known.begin(), known.end(), it.key()) == known.end()) fail(it.key(), _("is not a known field"));
  }

 private:
  const Json& object_;
  std::string where_;
  std::string& why_;
};

Role parse_role(const Json& roles, std::string_view name, const std::map<std::string, signing::PublicKey>& keys,
                std::string& why) {
  Role role;
  static const Json missing;  // both branches lvalues: Fields keeps a reference
  const Json& object = roles.contains(name) ? roles[std::string(name)] : missing;
  Fields f(object, fmt::format("roles.{}.", name), why);
  const Json* ids = f.get("keys");
  if (ids && (!ids->is_array() || ids->empty() || ids->size() > 16)) f.fail("keys", _("must list 1 to 16 key ids"));
  if (f.ok()) {
    for (const auto& id : *ids) {
      if (!id.is_string() || !keys.count(id.get<std::string>())) {
        f.fail("keys", _("must name keys listed in \"keys\""));
        break;
      }
      if (std::find(role.key_ids.begin(), role.key_ids.end(), id.get<std::string>()) != role.key_ids.end()) {
        f.fail("keys", _("names a key twice"));
        break;
      }
      role.key_ids.push_back(id.get<std::string>());
    }
  }
  role.threshold = f.integer("threshold", 1, kMaxThreshold);
  if (f.ok() && role.threshold > role.key_ids.size()) f.fail("threshold", _("is more than the role's keys"));
  f.only({"keys", "threshold"});
  return role;
}


std::optional<ListedBundle> parse_bundle(const Json& item, std::string where, std::string& why) {
  Fields f(item, std::move(where), why);
  ListedBundle b;
  b.pack = f.string("pack", is_slug, _("a slug"));
  b.profile = f.string("profile", is_slug, _("a slug"));
  b.version = f.string("version", is_version, _("a semantic version"));
  b.file = f.string("file", [](const std::string& s) { return s.size() <= 300; }, _("a file name"));
  b.size = f.integer("size", 22, (1ull << 53) - 1);  // over kMaxBundleBytes: refused by pull as bundle-size
  b.sha256 = f.string("sha256", is_sha256_hex, _("64 lower-case hex digits"));
  b.manifest_sha256 = f.string("manifest_sha256", is_sha256_hex, _("64 lower-case hex digits"));
  f.only({"pack", "profile", "version", "file", "size", "sha256", "manifest_sha256"});
  if (f.ok() && b.file != bundle_file_name(b)) f.fail("file", say(N_("must be \"{file}\""), fmt::arg("file", bundle_file_name(b))));
  if (!f.ok()) return std::nullopt;
  return b;
}


}  // namespace

std::string key_id_text(const signing::PublicKey& key) { return signing::key_id_hex(key.key_id); }

std::string public_key_line(const signing::PublicKey& key) {
  std::string text = signing::format_public_key(key);  // comment line, base64 line
  std::size_t start = text.find('\n') + 1;
  return text.substr(start, text.find('\n', start) - start);
}

Json Role::to_json() const { return Json{{"keys", key_ids}, {"threshold", threshold}}; }

Json ListedBundle::to_json() const {
  return Json{{"pack", pack}, {"profile", profile}, {"version", version},
              {"file", file}, {"size", size},       {"sha256", sha256},
              {"manifest_sha256", manifest_sha256}};
}

std::string bundle_file_name(const ListedBundle& b) {
  return fmt::format("bundles/{}-{}-{}.{}.hocso", b.pack, b.version, b.profile, b.sha256.substr(0, 16));
}

RoleKeys Root::keys_of(const Role& role) const {
  RoleKeys out;
  for (const auto& id : role.key_ids) out.keys.push_back(keys.at(id));
  out.threshold = role.threshold;
  return out;
}

Json Root::to_json() const {
  Json key_map = Json::object();
  for (const auto& [id, key] : keys) key_map[id] = public_key_line(key);
  return Json{{"format", kRootFormat},
              {"channel", channel},
              {"version", version},
              {"expires", format_utc(expires)},
              {"keys", key_map},
              {"roles", {{"root", root.to_json()}, {"channel", channel_role.to_json()}, {"bundles", bundles.to_json()}}}};
}

std::optional<Root> parse_root(const Json& document, std::string& why) {
  why.clear();
  Fields f(document, "", why);
  Root r;
  r.channel = f.format_and_channel(kRootFormat);
  r.version = f.integer("version", 1, 1000000);
  r.expires = f.time("expires");
  const Json* keys = f.get("keys");
  if (keys && (!keys->is_object() || keys->empty() || keys->size() > 64)) f.fail("keys", _("must map 1 to 64 key ids to keys"));
  if (f.ok()) {
    for (auto it = keys->begin(); it != keys->end(); ++it) {
      if (!is_key_id(it.key()) || !it->is_string()) {
        f.fail("keys", _("must map key ids (16 hex digits) to public keys"));
        break;
      }
      try {
        signing::PublicKey key = signing::parse_public_key(it->get<std::string>(), "keys." + it.key());
        if (key_id_text(key) != it.key()) {
          f.fail("keys." + it.key(), _("is a key with another id"));
          break;
        }
        r.keys.emplace(it.key(), key);
      } catch (const std::exception&) {
        f.fail("keys." + it.key(), _("is not a minisign public key"));
        break;
      }
    }
  }
  const Json* roles = f.get("roles");
  if (roles && !roles->is_object()) f.fail("roles", _("must be an object"));
  if (f.ok()) {
    r.root = parse_role(*roles, "root", r.keys, why);
    if (f.ok()) r.channel_role = parse_role(*roles, "channel", r.keys, why);
    if (f.ok()) r.bundles = parse_role(*roles, "bundles", r.keys, why);
    Fields roles_fields(*roles, "roles.", why);
    roles_fields.only({"root", "channel", "bundles"});
  }
  f.only({"format", "channel", "version", "expires", "keys", "roles"});
  if (!why.empty()) return std::nullopt;
  return r;
}

const ListedBundle* Channel::find(std::string_view pack, std::string_view profile) const {
  for (const auto& b : bundles)
    if (b.pack == pack && b.profile == profile) return &b;
  return nullptr;
}

Json Channel::to_json() const {
  Json current = Json::array(), older = Json::array();
  for (const auto& b : bundles) current.push_back(b.to_json());
  for (const auto& b : previous) older.push_back(b.to_json());
  return Json{{"format", kChannelFormat},      {"channel", channel},
              {"version", version},            {"root_version", root_version},
              {"published", format_utc(published)}, {"expires", format_utc(expires)},
              {"bundles", current},            {"previous", older}};
}

std::optional<Channel> parse_channel(const Json& document, std::string& why) {
  why.clear();
  Fields f(document, "", why);
  Channel c;
  c.channel = f.format_and_channel(kChannelFormat);
  c.version = f.integer("version", 1, (1ull << 53) - 1);
  c.root_version = f.integer("root_version", 1, 1000000);
  c.published = f.time("published");
  c.expires = f.time("expires");
  for (auto [name, list] : {std::pair{"bundles", &c.bundles}, std::pair{"previous", &c.previous}}) {
    const Json* items = f.get(name);
    if (items && (!items->is_array() || items->size() > kMaxBundleEntries))
      f.fail(name, say(N_("must be a list of at most {count} bundles"), fmt::arg("count", kMaxBundleEntries)));
    if (!f.ok()) break;
    for (std::size_t i = 0; i < items->size(); ++i) {
      auto b = parse_bundle((*items)[i], fmt::format("{}[{}].", name, i), why);
      if (!b) break;
      list->push_back(std::move(*b));
    }
  }
  if (f.ok() && c.bundles.size() + c.previous.size() > kMaxBundleEntries)
    f.fail("bundles", say(N_("and \"previous\" list more than {count} bundles"), fmt::arg("count", kMaxBundleEntries)));
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& b : c.bundles)
    if (f.ok() && !seen.emplace(b.pack, b.profile).second)
      f.fail("bundles", say(N_("lists pack {pack} profile {profile} twice"), fmt::arg("pack", b.pack), fmt::arg("profile", b.profile)));
  f.only({"format", "channel", "version", "root_version", "published", "expires", "bundles", "previous"});
  if (!why.empty()) return std::nullopt;
  return c;
}

std::optional<Root> peek_root(std::string_view envelope_text) {
  Json envelope = Json::parse(envelope_text, nullptr, false);
  if (!envelope.is_object() || !envelope.contains("signed") || !envelope["signed"].is_string()) return std::nullopt;
  Json document = Json::parse(envelope["signed"].get<std::string>(), nullptr, false);
  std::string why;
  return parse_root(document, why);
}

}  // namespace hocso::channel
