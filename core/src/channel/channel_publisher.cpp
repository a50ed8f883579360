#include "channel/channel_publisher.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "atomic_file.h"
#include "bundle_manifest.h"
#include "channel/channel_source.h"
#include "channel/folder_lock.h"
#include "channel/semantic_version.h"
#include "fatal.h"
#include "hashing.h"
#include "say.h"
#include "hocso/bundle_reader.h"

namespace hocso::channel {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

const char* const kBusy = N_("another hocso is changing this channel; try again when it is done");

std::string read_capped(const fs::path& file, std::size_t cap) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw FatalError(say(N_("{file}: cannot be read"), fmt::arg("file", file.string())));
  std::string bytes(cap + 1, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (bytes.size() > cap)
    throw FatalError(say(N_("{file}: larger than {limit} bytes"), fmt::arg("file", file.string()), fmt::arg("limit", cap)));
  return bytes;
}

void write_or_fail(const fs::path& file, std::string_view bytes) {
  if (!write_file_atomically(file, {bytes}))
    throw FatalError(say(N_("{file}: cannot be written"), fmt::arg("file", file.string())));
}

// A root envelope that passes for its own root role.
Root open_root_file(const fs::path& file) {
  std::string text = read_capped(file, kMaxRootBytes);
  auto peeked = peek_root(text);
  if (!peeked) throw FatalError(say(N_("{file}: not a channel root (hocso-root/1)"), fmt::arg("file", file.string())));
  auto opened = open_sealed(text, file.string(), kRootFormat, peeked->keys_of(peeked->root));
  if (!opened.ok) throw FatalError(fmt::format("{} [{}]", opened.refusal.message, opened.refusal.rule));
  return *peeked;
}

struct CurrentRoot {
  Root root;
  std::string envelope;
};

CurrentRoot load_current_root(const fs::path& dir) {
  if (!fs::exists(dir / "root.json"))
    throw FatalError(
        say(N_("{folder}: no root.json; create the channel with `hocso channel init`"), fmt::arg("folder", dir.string())));
  Root root = open_root_file(dir / "root.json");
  std::string text = read_capped(dir / "root.json", kMaxRootBytes);
  fs::path numbered = dir / "root" / fmt::format("{}.json", root.version);
  if (!fs::exists(numbered) || read_capped(numbered, kMaxRootBytes) != text)
    throw FatalError(say(N_("{folder}: root.json is version {version} but {file} is missing or differs"),
                         fmt::arg("folder", dir.string()), fmt::arg("version", root.version),
                         fmt::arg("file", numbered.string())));
  return {root, text};
}

signing::PublicKey public_of(const signing::SecretKey& key) { return key.public_key(); }

std::vector<signing::SecretKey> signers_in(const Root& root, const Role& role, const std::vector<signing::SecretKey>& keys,
                                          std::string_view what) {
  std::vector<signing::SecretKey> chosen;
  for (const auto& key : keys) {
    std::string id = key_id_text(public_of(key));
    if (std::find(role.key_ids.begin(), role.key_ids.end(), id) != role.key_ids.end() &&
        std::none_of(chosen.begin(), chosen.end(), [&](const auto& k) { return key_id_text(public_of(k)) == id; }))
      chosen.push_back(key);
  }
  if (chosen.size() < role.threshold)
    // TRANSLATORS: {what} is "the old root", "root/2.json" or "channel.json"; {keys} the role's key ids.
    throw FatalError(fmt::format(fmt::runtime(P_("{what} needs {threshold} key of its role, {given} given (root "
                                                 "version {version} lists {keys})",
                                                 "{what} needs {threshold} keys of its role, {given} given (root "
                                                 "version {version} lists {keys})",
                                                 role.threshold)),
                                 fmt::arg("what", what), fmt::arg("threshold", role.threshold),
                                 fmt::arg("given", chosen.size()), fmt::arg("version", root.version),
                                 fmt::arg("keys", fmt::join(role.key_ids, ", "))));
  return chosen;
}

void add_keys(Root& root, Role& role, const std::vector<signing::PublicKey>& keys) {
  for (const auto& key : keys) {
    std::string id = key_id_text(key);
    root.keys[id] = key;
    if (std::find(role.key_ids.begin(), role.key_ids.end(), id) == role.key_ids.end()) role.key_ids.push_back(id);
  }
}

void check_role(const Role& role, std::string_view name) {
  // TRANSLATORS: {role} is root, channel or bundles, the roles' names in root.json.
  if (role.key_ids.empty()) throw FatalError(say(N_("the {role} role would have no key"), fmt::arg("role", name)));
  if (role.key_ids.size() > 16)
    throw FatalError(say(N_("the {role} role would have more than 16 keys"), fmt::arg("role", name)));
  if (role.threshold < 1 || role.threshold > role.key_ids.size())
    throw FatalError(fmt::format(fmt::runtime(P_("the {role} role's threshold {threshold} must be from 1 to its "
                                                 "{count} key",
                                                 "the {role} role's threshold {threshold} must be from 1 to its "
                                                 "{count} keys",
                                                 role.key_ids.size())),
                                 fmt::arg("role", name), fmt::arg("threshold", role.threshold),
                                 fmt::arg("count", role.key_ids.size())));
}

// Drops keys no role names any more.
void drop_unused_keys(Root& root) {
  for (auto it = root.keys.begin(); it != root.keys.end();) {
    bool used = false;
    for (const Role* role : {&root.root, &root.channel_role, &root.bundles})
      used |= std::find(role->key_ids.begin(), role->key_ids.end(), it->first) != role->key_ids.end();
    it = used ? std::next(it) : root.keys.erase(it);
  }
}

void write_root(const fs::path& dir, const Root& root, const std::vector<signing::SecretKey>& signers) {
  std::string envelope = seal(root.to_json(), signers);
  fs::path numbered = dir / "root" / fmt::format("{}.json", root.version);
  if (fs::exists(numbered)) throw FatalError(fmt::format("{}: already exists; root files never change", numbered.string()));
  write_or_fail(numbered, envelope);
  write_or_fail(dir / "root.json", envelope);  // last: readers start here
}

std::optional<Channel> load_channel(const fs::path& dir, const Root& root) {
  fs::path file = dir / "channel.json";
  if (!fs::exists(file)) return std::nullopt;
  std::string text = read_capped(file, kMaxChannelBytes);
  auto opened = open_sealed(text, file.string(), kChannelFormat, root.keys_of(root.channel_role));
  // Just after a rotation that replaced the channel keys, the current
  // channel.json carries the previous root's channel keys.
  if (!opened.ok && root.version > 1) {
    Root before = open_root_file(dir / "root" / fmt::format("{}.json", root.version - 1));
    opened = open_sealed(text, file.string(), kChannelFormat, before.keys_of(before.channel_role));
  }
  if (!opened.ok) throw FatalError(fmt::format("{} [{}]", opened.refusal.message, opened.refusal.rule));
  std::string why;
  auto channel = parse_channel(opened.opened.document, why);
  if (!channel) throw FatalError(fmt::format("{}: {} [channel-not-json]", file.string(), why));
  if (channel->channel != root.channel)
    throw FatalError(fmt::format("{}: names channel {}, root.json {} [channel-wrong-channel]", file.string(),
                                 channel->channel, root.channel));
  return channel;
}

std::vector<std::string> public_key_lines(const Root& root, const Role& role) {
  std::vector<std::string> lines;
  for (const auto& id : role.key_ids) lines.push_back(public_key_line(root.keys.at(id)));
  return lines;
}

// A bundle copied into bundles/ and checked there (the copy is what readers get,
// so the copy is what is verified and hashed).
struct Candidate {
  ListedBundle listed;
  fs::path staged;  // the checked copy, not yet under its final name
};

Candidate stage_bundle(const fs::path& dir, const fs::path& bundle, const Root& root) {
  fs::create_directories(dir / "bundles");
  fs::path staged = dir / "bundles" / fmt::format(".incoming-{}-{}", ::getpid(), bundle.filename().string());
  std::error_code ec;
  fs::copy_file(bundle, staged, fs::copy_options::overwrite_existing, ec);
  if (ec)
    throw FatalError(say(N_("{file}: cannot be copied into the channel: {reason}"), fmt::arg("file", bundle.string()),
                         fmt::arg("reason", ec.message())));
  auto discard = [&] { fs::remove(staged, ec); };
  BundleReader reader = BundleReader::open(staged, public_key_lines(root, root.bundles));
  if (!reader.ok()) {
    discard();
    const auto& p = reader.problems().front();
    throw PublishRefusal("bundle-verify",
                         say(N_("{file}: not verified with the channel's bundle keys: {problem} [{rule}]"),
                             fmt::arg("file", bundle.string()), fmt::arg("problem", p.message),
                             fmt::arg("rule", p.rule)));
  }
  std::vector<BundleProblem> problems;
  auto manifest = parse_manifest(reader.manifest_json(), problems);
  if (!manifest) {
    discard();
    throw PublishRefusal("bundle-verify", say(N_("{file}: its manifest cannot be read"), fmt::arg("file", bundle.string())));
  }
  Candidate c;
  c.listed.pack = manifest->pack_id;
  c.listed.profile = manifest->profile;
  c.listed.version = manifest->pack_version;
  c.listed.size = fs::file_size(staged);
  c.listed.sha256 = to_hex(sha256_file(staged));
  c.listed.manifest_sha256 = to_hex(sha256(reader.manifest_json()));
  c.listed.file = bundle_file_name(c.listed);
  c.staged = staged;
  if (c.listed.size > kMaxBundleBytes) {
    discard();
    throw PublishRefusal("bundle-size", say(N_("{file}: 4 GiB or more"), fmt::arg("file", bundle.string())));
  }
  return c;
}

}  // namespace

Root init_channel(const InitRequest& request) {
  const fs::path& dir = request.dir;
  if (fs::exists(dir) && !fs::is_empty(dir))
    throw FatalError(
        say(N_("{folder}: not empty; a channel is created in a new or empty folder"), fmt::arg("folder", dir.string())));
  fs::create_directories(dir);
  FolderLock lock(dir, _(kBusy));
  Root root;
  root.channel = request.name;
  root.version = 1;
  root.expires = utc_now() + request.expires_in;
  add_keys(root, root.root, request.root_keys);
  add_keys(root, root.channel_role, request.channel_keys);
  add_keys(root, root.bundles, request.bundle_keys.empty() ? request.channel_keys : request.bundle_keys);
  root.root.threshold = request.root_threshold;
  root.channel_role.threshold = request.channel_threshold;
  root.bundles.threshold = 1;
  check_role(root.root, "root");
  check_role(root.channel_role, "channel");
  check_role(root.bundles, "bundles");
  write_root(dir, root, signers_in(root, root.root, request.root_signers, "root/1.json"));
  return root;
}

Root rotate_channel(const RotateRequest& request) {
  FolderLock lock(request.dir, _(kBusy));
  CurrentRoot current = load_current_root(request.dir);
  Root next = current.root;
  next.version = current.root.version + 1;
  next.expires = utc_now() + request.expires_in;
  for (const auto& spec : request.remove) {
    std::string id = spec;
    if (spec.size() != 16) {
      try {
        id = key_id_text(signing::parse_public_key(spec, "--remove"));
      } catch (const std::exception&) {
        throw FatalError(
            say(N_("--remove {key}: neither a key id (16 hex digits) nor a public key"), fmt::arg("key", spec)));
      }
    }
    bool found = false;
    for (Role* role : {&next.root, &next.channel_role, &next.bundles}) {
      auto it = std::find(role->key_ids.begin(), role->key_ids.end(), id);
      if (it != role->key_ids.end()) role->key_ids.erase(it), found = true;
    }
    if (!found)
      throw FatalError(say(N_("--remove {key}: no role of root version {version} has this key"), fmt::arg("key", spec),
                           fmt::arg("version", current.root.version)));
  }
  add_keys(next, next.root, request.add_root);
  add_keys(next, next.channel_role, request.add_channel);
  add_keys(next, next.bundles, request.add_bundles);
  if (request.root_threshold) next.root.threshold = *request.root_threshold;
  if (request.channel_threshold) next.channel_role.threshold = *request.channel_threshold;
  next.root.threshold = std::min(next.root.threshold, std::max<std::size_t>(1, next.root.key_ids.size()));
  next.channel_role.threshold =
      std::min(next.channel_role.threshold, std::max<std::size_t>(1, next.channel_role.key_ids.size()));
  check_role(next.root, "root");
  check_role(next.channel_role, "channel");
  check_role(next.bundles, "bundles");
  drop_unused_keys(next);
  // TUF's rule: a threshold of the old root keys hands over, a threshold of the new ones accepts.
  auto old_signers = signers_in(current.root, current.root.root, request.signers, _("the old root"));
  auto new_signers = signers_in(next, next.root, request.signers, fmt::format("root/{}.json", next.version));
  std::vector<signing::SecretKey> all = old_signers;
  for (const auto& k : new_signers)
    if (std::none_of(all.begin(), all.end(), [&](const auto& a) { return a.key_id == k.key_id; })) all.push_back(k);
  write_root(request.dir, next, all);
  return next;
}

PublishResult publish(const PublishRequest& request) {
  FolderLock lock(request.dir, _(kBusy));
  CurrentRoot current = load_current_root(request.dir);
  const Root& root = current.root;
  auto signers = signers_in(root, root.channel_role, request.keys, "channel.json");
  std::optional<Channel> before = load_channel(request.dir, root);

  PublishResult result;
  Channel next = before.value_or(Channel{});
  next.channel = root.channel;
  next.root_version = root.version;
  std::vector<Candidate> staged;
  auto discard_staged = [&] {
    std::error_code ec;
    for (const auto& c : staged) fs::remove(c.staged, ec);
  };
  try {
    std::set<std::pair<std::string, std::string>> given;
    for (const auto& file : request.bundles) {
      Candidate c = stage_bundle(request.dir, file, root);
      staged.push_back(c);
      if (!given.emplace(c.listed.pack, c.listed.profile).second)
        throw FatalError(say(N_("{file}: a second bundle of pack {pack} profile {profile} in one publish"),
                             fmt::arg("file", file.string()), fmt::arg("pack", c.listed.pack),
                             fmt::arg("profile", c.listed.profile)));
      const ListedBundle* now = before ? before->find(c.listed.pack, c.listed.profile) : nullptr;
      if (now) {
        int order = compare_versions(c.listed.version, now->version).value_or(0);
        if (order < 0)
          throw PublishRefusal("bundle-downgrade",
                               say(N_("{file}: pack {pack} version {version} is lower than the published {published} "
                                      "(profile {profile})"),
                                   fmt::arg("file", file.string()), fmt::arg("pack", c.listed.pack),
                                   fmt::arg("version", c.listed.version), fmt::arg("published", now->version),
                                   fmt::arg("profile", c.listed.profile)));
        if (order == 0 && now->sha256 != c.listed.sha256)
          throw PublishRefusal("bundle-version-reused",
                               say(N_("{file}: pack {pack} version {version} (profile {profile}) is already "
                                      "published with other bytes; raise the pack's version"),
                                   fmt::arg("file", file.string()), fmt::arg("pack", c.listed.pack),
                                   fmt::arg("version", c.listed.version), fmt::arg("profile", c.listed.profile)));
        if (order == 0) {
          result.unchanged.push_back(c.listed);
          continue;
        }
        next.previous.insert(next.previous.begin(), *now);
        next.bundles.erase(std::find_if(next.bundles.begin(), next.bundles.end(), [&](const auto& b) {
          return b.pack == c.listed.pack && b.profile == c.listed.profile;
        }));
      }
      next.bundles.push_back(c.listed);
      result.added.push_back(c.listed);
    }
  } catch (...) {
    discard_staged();
    throw;
  }
  // Content-named files: move each checked copy under its name (an existing one
  // with those bytes stays as it is).
  for (const auto& c : staged) {
    fs::path final_path = request.dir / c.listed.file;
    std::error_code ec;
    if (fs::exists(final_path) && to_hex(sha256_file(final_path)) == c.listed.sha256) {
      fs::remove(c.staged, ec);
      continue;
    }
    fs::rename(c.staged, final_path, ec);
    if (ec) {
      discard_staged();
      throw FatalError(say(N_("{file}: cannot be written: {reason}"), fmt::arg("file", final_path.string()),
                           fmt::arg("reason", ec.message())));
    }
  }
  std::sort(next.bundles.begin(), next.bundles.end(),
            [](const auto& a, const auto& b) { return std::tie(a.pack, a.profile) < std::tie(b.pack, b.profile); });

  if (request.keep) {
    std::map<std::pair<std::string, std::string>, std::size_t> count;
    std::vector<ListedBundle> kept;
    for (const auto& b : next.previous)
      if (count[{b.pack, b.profile}]++ < *request.keep) kept.push_back(b);
    result.changed |= kept.size() != next.previous.size();
    next.previous = std::move(kept);
  }
  if (next.bundles.size() + next.previous.size() > kMaxBundleEntries)
    throw FatalError(say(N_("the channel would list more than {limit} bundles; prune with --keep N"),
                         fmt::arg("limit", kMaxBundleEntries)));

  result.changed |= !result.added.empty() || request.refresh || !before;
  if (result.changed) {
    next.version = before ? before->version + 1 : 1;
    next.published = utc_now();
    if (before && next.published < before->published) next.published = before->published;  // times only grow
    next.expires = next.published + request.expires_in;
    write_or_fail(request.dir / "channel.json", seal(next.to_json(), signers));
  } else {
    next = *before;
  }
  // Pruned files go after the new channel.json no longer names them.
  if (request.keep && fs::exists(request.dir / "bundles")) {
    std::set<std::string> named;
    for (const auto* list : {&next.bundles, &next.previous})
      for (const auto& b : *list) named.insert(b.file);
    for (const auto& entry : fs::directory_iterator(request.dir / "bundles")) {
      std::string rel = "bundles/" + entry.path().filename().string();
      if (entry.is_regular_file() && !named.count(rel) && entry.path().extension() == ".hocso") {
        std::error_code ec;
        if (fs::remove(entry.path(), ec)) result.pruned.push_back(rel);
      }
    }
    std::sort(result.pruned.begin(), result.pruned.end());
  }
  result.channel = next;
  return result;
}

ChannelStatus read_channel_status(const fs::path& dir) {
  ChannelStatus status;
  status.root = load_current_root(dir).root;
  status.channel = load_channel(dir, status.root);
  if (status.channel) {
    for (const auto* list : {&status.channel->bundles, &status.channel->previous})
      for (const auto& b : *list) {
        fs::path file = dir / b.file;
        std::error_code ec;
        if (!fs::is_regular_file(file, ec))
          status.problems.push_back(say(N_("{file}: missing"), fmt::arg("file", b.file)));
        else if (fs::file_size(file, ec) != b.size || to_hex(sha256_file(file)) != b.sha256)
          status.problems.push_back(say(N_("{file}: its size or SHA-256 differs from channel.json"), fmt::arg("file", b.file)));
      }
  }
  return status;
}

ChannelStatus read_remote_channel_status(const std::string& url) {
  auto source = open_channel_source(url);
  auto fetch = [&](const std::string& file, std::size_t cap) {
    Fetched f = source->fetch(file, cap);
    if (f.status != Fetched::Status::ok)
      throw FatalError(f.why.empty() ? say(N_("{file}: missing"), fmt::arg("file", source->describe(file)))
                                     : fmt::format("{}: {}", source->describe(file), f.why));
    return f.bytes;
  };
  ChannelStatus status;
  std::string root_text = fetch("root.json", kMaxRootBytes);
  auto peeked = peek_root(root_text);
  if (!peeked)
    throw FatalError(
        say(N_("{file}: not a channel root (hocso-root/1)"), fmt::arg("file", source->describe("root.json"))));
  auto root_opened = open_sealed(root_text, source->describe("root.json"), kRootFormat, peeked->keys_of(peeked->root));
  if (!root_opened.ok)
    throw FatalError(fmt::format("{} [{}]", root_opened.refusal.message, root_opened.refusal.rule));
  status.root = *peeked;
  Fetched channel_file = source->fetch("channel.json", kMaxChannelBytes);
  if (channel_file.status == Fetched::Status::missing) return status;
  if (channel_file.status != Fetched::Status::ok)
    throw FatalError(fmt::format("{}: {}", source->describe("channel.json"), channel_file.why));
  auto opened = open_sealed(channel_file.bytes, source->describe("channel.json"), kChannelFormat,
                            status.root.keys_of(status.root.channel_role));
  if (!opened.ok) throw FatalError(fmt::format("{} [{}]", opened.refusal.message, opened.refusal.rule));
  std::string why;
  status.channel = parse_channel(opened.opened.document, why);
  if (!status.channel)
    throw FatalError(fmt::format("{}: {} [channel-not-json]", source->describe("channel.json"), why));
  for (const auto* list : {&status.channel->bundles, &status.channel->previous})
    for (const auto& b : *list) {
      auto tail = source->fetch_range(b.file, b.size - 22, 22, b.size);
      if (tail.fetched.status == Fetched::Status::missing)
        status.problems.push_back(fmt::format("{}: missing", b.file));
      else if (tail.fetched.status != Fetched::Status::ok && !tail.range_ignored)
        status.problems.push_back(fmt::format("{}: {}", b.file, tail.fetched.why));
    }
  return status;
}

}  // namespace hocso::channel
