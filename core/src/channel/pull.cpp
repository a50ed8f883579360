#include "channel/pull.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>

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
#include "zip_layout.h"

namespace hocso::channel {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

constexpr std::string_view kStateFormat = "hocso-pull-state/1";
// Fetch ranges closer than this are fetched as one (fewer requests, a few
// bytes more).
constexpr std::uint64_t kRangeMergeGap = 16 * 1024;

struct Refused {
  std::string rule, message;
};

// What the state folder remembers across pulls (rollback and freeze protection).
struct State {
  std::string source;
  std::uint64_t channel_version = 0;
  std::string channel_sha256;  // of the signed text at channel_version
  UtcSeconds latest_time = 0;
};

State load_state(const fs::path& dir) {
  State s;
  std::ifstream in(dir / "state.json");
  if (!in) return s;
  Json j = Json::parse(in, nullptr, false);
  if (!j.is_object() || j.value("format", "") != kStateFormat)
    throw FatalError(say(N_("{file}: not a hocso pull state; give an empty folder or the one pulls wrote"),
                         fmt::arg("file", (dir / "state.json").string())));
  s.source = j.value("source", "");
  s.channel_version = j.value("channel_version", std::uint64_t{0});
  s.channel_sha256 = j.value("channel_sha256", "");
  s.latest_time = parse_utc(j.value("latest_time", "")).value_or(0);
  return s;
}

void save_state(const fs::path& dir, const State& s) {
  Json j{{"format", kStateFormat},
         {"source", s.source},
         {"channel_version", s.channel_version},
         {"channel_sha256", s.channel_sha256},
         {"latest_time", format_utc(s.latest_time)}};
  if (!write_file_atomically(dir / "state.json", {j.dump(2) + "\n"}))
    throw FatalError(say(N_("{file}: cannot be written"), fmt::arg("file", (dir / "state.json").string())));
}

std::string fetch_problem(const ChannelSource& source, const std::string& file, const Fetched& f) {
  return fmt::format("{}: {}", source.describe(file), f.why);
}

// A fetched file that failed: the rule for its status.
Refused refusal_for(const ChannelSource& source, const std::string& file, const Fetched& f) {
  if (f.status == Fetched::Status::too_large) return {"channel-too-large", fetch_problem(source, file, f)};
  return {"channel-unreachable", fetch_problem(source, file, f)};
}

// ---- the root chain ---------------------------------------------------------------

struct Trusted {
  Root root;
  std::string envelope;
};

std::optional<Refused> open_root_envelope(const std::string& text, const std::string& where, const Root* older,
                                          Root& out) {
  auto peeked = peek_root(text);
  if (!peeked) {
    // Say what is wrong with it in the envelope's or the document's terms.
    auto opened = open_sealed(text, where, kRootFormat, RoleKeys{{}, 1});
    if (opened.refusal.rule == "channel-not-json") return Refused{opened.refusal.rule, opened.refusal.message};
    return Refused{"channel-not-json", say(N_("{file}: not a valid hocso-root/1 document"), fmt::arg("file", where))};
  }
  if (older) {
    if (peeked->version != older->version + 1 || peeked->channel != older->channel)
      return Refused{"channel-root-chain",
                     say(N_("{file}: version {version} of channel {channel} cannot follow version {older_version} of "
                            "{older_channel}"),
                         fmt::arg("file", where), fmt::arg("version", peeked->version),
                         fmt::arg("channel", peeked->channel), fmt::arg("older_version", older->version),
                         fmt::arg("older_channel", older->channel))};
    auto by_old = open_sealed(text, where, kRootFormat, older->keys_of(older->root));
    if (!by_old.ok)
      return Refused{"channel-root-chain",
                     say(N_("{problem} (checked with the root keys of version {version})"),
                         fmt::arg("problem", by_old.refusal.message), fmt::arg("version", older->version))};
  }
  auto by_self = open_sealed(text, where, kRootFormat, peeked->keys_of(peeked->root));
  if (!by_self.ok)
    return Refused{older ? "channel-root-chain" : "channel-signature",
                   say(N_("{problem} (checked with its own root keys)"), fmt::arg("problem", by_self.refusal.message))};
  out = *peeked;
  return std::nullopt;
}

// First contact: the first root/<n>.json that lists `key` in its root role and
// passes for its own root role.
std::optional<Refused> find_anchor(ChannelSource& source, const signing::PublicKey& key, Trusted& out) {
  std::string id = key_id_text(key);
  for (std::uint64_t n = 1;; ++n) {
    std::string file = fmt::format("root/{}.json", n);
    Fetched f = source.fetch(file, kMaxRootBytes);
    if (f.status == Fetched::Status::missing && n == 1)
      return Refused{"channel-unreachable", say(N_("{file}: {why}: not a hocso channel, or a wrong address"),
                                                fmt::arg("file", source.describe(file)), fmt::arg("why", f.why))};
    if (f.status == Fetched::Status::missing)
      return Refused{"channel-signature",
                     say(N_("{file}: no root of this channel lists the trusted key {key}"),
                         fmt::arg("file", source.describe("root/")), fmt::arg("key", id))};
    if (f.status != Fetched::Status::ok) return refusal_for(source, file, f);
    Root root;
    if (auto refused = open_root_envelope(f.bytes, source.describe(file), nullptr, root)) return refused;
    if (root.version != n)
      return Refused{"channel-root-chain", say(N_("{file}: holds version {version}"), fmt::arg("file", source.describe(file)),
                                               fmt::arg("version", root.version))};
    const auto& ids = root.root.key_ids;
    if (std::find(ids.begin(), ids.end(), id) != ids.end() && root.keys.at(id).key == key.key) {
      out = {root, f.bytes};
      return std::nullopt;
    }
  }
}

std::optional<Refused> walk_roots(ChannelSource& source, Trusted& trusted) {
  for (;;) {
    std::string file = fmt::format("root/{}.json", trusted.root.version + 1);
    Fetched f = source.fetch(file, kMaxRootBytes);
    if (f.status == Fetched::Status::missing) return std::nullopt;
    if (f.status != Fetched::Status::ok) return refusal_for(source, file, f);
    Root next;
    if (auto refused = open_root_envelope(f.bytes, source.describe(file), &trusted.root, next)) return refused;
    trusted = {next, f.bytes};
  }
}

// ---- installing one bundle --------------------------------------------------------

fs::path installed_path(const fs::path& state, const ListedBundle& b) {
  return state / "installed" / fmt::format("{}-{}.hocso", b.pack, b.profile);
}

std::vector<std::string> key_lines(const Root& root) {
  std::vector<std::string> lines;
  for (const auto& id : root.bundles.key_ids) lines.push_back(public_key_line(root.keys.at(id)));
  return lines;
}

void put_le(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

// The local header the canonical layout gives an entry (docs/bundle-format.md,
// section 2): every field from its central header, no extra field.
std::string local_header(const zip::CentralEntry& e) {
  std::string h;
  put_le(h, zip::kLocalHeaderSignature, 4);
  put_le(h, e.version_needed, 2);
  put_le(h, e.flags, 2);
  put_le(h, e.method, 2);
  put_le(h, e.dos_time, 2);
  put_le(h, e.dos_date, 2);
  put_le(h, e.crc32, 4);
  put_le(h, e.compressed_size, 4);
  put_le(h, e.size, 4);
  put_le(h, e.name.size(), 2);
  put_le(h, 0, 2);
  return h + e.name;
}

std::uint32_t get_le32(std::string_view s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

bool write_at(int fd, std::uint64_t offset, std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool copy_range(const fs::path& from, std::uint64_t offset, std::uint64_t length, int to, std::uint64_t to_offset) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return false;
  std::string buffer(std::min<std::uint64_t>(length, 1 << 20), '\0');
  std::uint64_t done = 0;
  bool ok = true;
  while (ok && done < length) {
    ssize_t n = ::pread(in, buffer.data(), std::min<std::uint64_t>(buffer.size(), length - done),
                        static_cast<off_t>(offset + done));
    ok = n > 0 && write_at(to, to_offset + done, std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    if (ok) done += static_cast<std::uint64_t>(n);
  }
  ::close(in);
  return ok;
}

// Entries the installed bundles hold, by the SHA-256 of their content.
struct LocalEntry {
  fs::path file;
  BundleEntry entry;
};

std::map<std::string, LocalEntry> local_entries(const fs::path& state, const Root& root) {
  std::map<std::string, LocalEntry> out;
  std::error_code ec;
  if (!fs::is_directory(state / "installed", ec)) return out;
  for (const auto& item : fs::directory_iterator(state / "installed", ec)) {
    if (item.path().extension() != ".hocso") continue;
    // Checked again: only verified bytes go into a new bundle.
    BundleReader reader = BundleReader::open(item.path(), key_lines(root));
    if (!reader.ok()) continue;
    for (const auto& e : reader.entries()) out.emplace(e.sha256, LocalEntry{item.path(), e});
  }
  return out;
}

// Rebuilds the listed bundle into `into` from byte ranges and the installed
// bundles' entries. false when the server ignores Range, the channel's file is
// not in the canonical layout or the rebuilt bytes are not the listed ones:
// then a full download follows.
bool rebuild_from_ranges(ChannelSource& source, const ListedBundle& b, const std::map<std::string, LocalEntry>& local,
                         const fs::path& into) {
  std::error_code ec;
  fs::remove(into, ec);
  int fd = ::open(into.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return false;
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::ftruncate(fd, static_cast<off_t>(b.size)) != 0) return false;

  auto fetch_into = [&](std::uint64_t offset, std::uint64_t length) -> bool {
    auto r = source.fetch_range(b.file, offset, length, b.size);
    return r.fetched.status == Fetched::Status::ok && write_at(fd, offset, r.fetched.bytes);
  };
  // The end record names the central directory; both come in one range.
  if (!fetch_into(b.size - zip::kEndRecordSize, zip::kEndRecordSize)) return false;
  std::string end(zip::kEndRecordSize, '\0');
  if (::pread(fd, end.data(), end.size(), static_cast<off_t>(b.size - end.size())) != static_cast<ssize_t>(end.size()) ||
      get_le32(end, 0) != zip::kEndRecordSignature)
    return false;
  std::uint64_t directory_offset = get_le32(end, 16);
  if (directory_offset >= b.size - zip::kEndRecordSize) return false;
  if (!fetch_into(directory_offset, b.size - zip::kEndRecordSize - directory_offset)) return false;

  zip::InputFile file(into);
  std::vector<BundleProblem> problems;
  zip::Layout layout = zip::read_layout(file, BundleLimits{}, problems);
  if (!problems.empty()) return false;
  for (const auto& e : layout.entries)
    if (!write_at(fd, e.local_header_offset, local_header(e))) return false;

  // The manifest says what each entry holds.
  auto manifest_entry = std::find_if(layout.entries.begin(), layout.entries.end(),
                                     [](const auto& e) { return e.name == kManifestName; });
  if (manifest_entry == layout.entries.end()) return false;
  if (!fetch_into(manifest_entry->data_offset(), manifest_entry->compressed_size)) return false;
  std::string manifest_text;
  zip::InputFile reread(into);
  if (zip::read_entry_data(reread, *manifest_entry, [&](std::string_view chunk) { manifest_text.append(chunk); }))
    return false;
  std::vector<BundleProblem> manifest_problems;
  auto manifest = parse_manifest(manifest_text, manifest_problems);
  if (!manifest) return false;
  std::map<std::string, std::string> sha_of;
  for (const auto& e : manifest->entries) sha_of[e.path] = e.sha256;

  std::vector<std::pair<std::uint64_t, std::uint64_t>> wanted;  // [start, end)
  for (const auto& e : layout.entries) {
    if (&e == &*manifest_entry || e.compressed_size == 0) continue;
    auto sha = sha_of.find(e.name);
    auto have = sha == sha_of.end() ? local.end() : local.find(sha->second);
    if (have != local.end() && have->second.entry.compressed_size == e.compressed_size &&
        have->second.entry.deflated == (e.method == zip::kMethodDeflated) && have->second.entry.crc32 == e.crc32) {
      if (!copy_range(have->second.file, have->second.entry.data_offset, e.compressed_size, fd, e.data_offset()))
        return false;
      continue;
    }
    if (!wanted.empty() && e.data_offset() <= wanted.back().second + kRangeMergeGap)
      wanted.back().second = e.data_end();
    else
      wanted.emplace_back(e.data_offset(), e.data_end());
  }
  for (const auto& [start, stop] : wanted) {
    if (!fetch_into(start, stop - start)) return false;
  }
  ::fsync(fd);
  return to_hex(sha256_file(into)) == b.sha256;
}

}  // namespace

std::optional<fs::path> installed_bundle(const fs::path& state, const std::optional<std::string>& pack,
                                         const std::optional<std::string>& profile) {
  std::error_code ec;
  std::vector<fs::path> found;
  for (const auto& item : fs::directory_iterator(state / "installed", ec)) {
    std::string name = item.path().filename().string();
    if (item.path().extension() != ".hocso" || name.ends_with(".previous.hocso")) continue;
    if (pack && profile && name != fmt::format("{}-{}.hocso", *pack, *profile)) continue;
    if (pack && !profile && !name.starts_with(*pack + "-")) continue;
    found.push_back(item.path());
  }
  if (found.size() != 1) return std::nullopt;
  return found.front();
}

Remembered remembered(const fs::path& state) {
  State s = load_state(state);
  return {s.channel_version, s.latest_time};
}

std::vector<std::string> trusted_bundle_keys(const fs::path& state) {
  fs::path root_file = state / "root.json";
  std::ifstream in(root_file, std::ios::binary);
  if (!in)
    throw FatalError(say(N_("{file}: no trusted root; pull a channel into {folder} first (hocso pull URL --into "
                            "{folder} --trust ROOT.pub)"),
                         fmt::arg("file", root_file.string()), fmt::arg("folder", state.string())));
  std::string text((std::istreambuf_iterator<char>(in)), {});
  Root root;
  if (auto refused = open_root_envelope(text, root_file.string(), nullptr, root))
    throw FatalError(fmt::format("{} [{}]", refused->message, refused->rule));
  return key_lines(root);
}

PullResult pull(const PullRequest& request) {
  PullResult result;
  auto progress = [&](const std::string& line) {
    if (request.progress) request.progress(line);
  };
  std::error_code ec;
  fs::create_directories(request.state / "installed", ec);
  fs::create_directories(request.state / "partial", ec);
  if (ec)
    throw FatalError(say(N_("{folder}: cannot be created: {reason}"), fmt::arg("folder", request.state.string()),
                         fmt::arg("reason", ec.message())));
  FolderLock lock(request.state, _("another pull is running on this state folder"));
  State state = load_state(request.state);
  auto source = open_channel_source(request.source);
  auto refuse = [&](Refused r) {
    result.ok = false;
    result.rule = std::move(r.rule);
    result.message = std::move(r.message);
    result.bytes_fetched = source->bytes_received();
    return result;
  };

  // 1. The trusted root, then the chain.
  Trusted trusted;
  fs::path root_file = request.state / "root.json";
  if (fs::exists(root_file)) {
    std::ifstream in(root_file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    if (auto refused = open_root_envelope(text, root_file.string(), nullptr, trusted.root))
      throw FatalError(say(N_("{file}: the trusted root is damaged ({problem}); start again with an empty state and "
                              "--trust"),
                           fmt::arg("file", root_file.string()), fmt::arg("problem", refused->message)));
    trusted.envelope = text;
  } else {
    if (!request.trust)
      throw FatalError(say(N_("{folder}: no trusted root yet; give the channel's root public key with --trust "
                              "ROOT.pub"),
                           fmt::arg("folder", request.state.string())));
    if (auto refused = find_anchor(*source, *request.trust, trusted)) return refuse(*refused);
  }
  std::uint64_t root_before = fs::exists(root_file) ? trusted.root.version : 0;
  if (auto refused = walk_roots(*source, trusted)) return refuse(*refused);
  if (trusted.root.version != root_before) {
    if (!write_file_atomically(root_file, {trusted.envelope}))
      throw FatalError(say(N_("{file}: cannot be written"), fmt::arg("file", root_file.string())));
    progress(say(N_("trusting root version {version} of channel {channel}"), fmt::arg("version", trusted.root.version),
                 fmt::arg("channel", trusted.root.channel)));
  }
  result.root_version = trusted.root.version;
  const Root& root = trusted.root;

  // 2. channel.json: signatures, rollback, freeze.
  Fetched fetched = source->fetch("channel.json", kMaxChannelBytes);
  if (fetched.status != Fetched::Status::ok) return refuse(refusal_for(*source, "channel.json", fetched));
  auto opened = open_sealed(fetched.bytes, source->describe("channel.json"), kChannelFormat,
                            root.keys_of(root.channel_role));
  if (!opened.ok) return refuse({opened.refusal.rule, opened.refusal.message});
  std::string why;
  auto channel = parse_channel(opened.opened.document, why);
  if (!channel) return refuse({"channel-not-json", fmt::format("{}: {}", source->describe("channel.json"), why)});
  const std::string where = source->describe("channel.json");
  if (channel->channel != root.channel)
    return refuse({"channel-wrong-channel",
                   say(N_("{file}: names channel {channel}, the trusted root is channel {trusted}"),
                       fmt::arg("file", where), fmt::arg("channel", channel->channel), fmt::arg("trusted", root.channel))});
  if (channel->root_version > root.version)
    return refuse({"channel-root-version",
                   say(N_("{file}: signed under root version {version}, but root/{version}.json is missing"),
                       fmt::arg("file", where), fmt::arg("version", channel->root_version))});
  std::string signed_sha = to_hex(sha256(opened.opened.signed_text));
  if (channel->version < state.channel_version ||
      (channel->version == state.channel_version && signed_sha != state.channel_sha256))
    return refuse({"channel-rollback",
                   channel->version == state.channel_version
                       ? say(N_("{file}: version {version}, but version {seen} was already seen with other contents: "
                                "an old channel.json replayed?"),
                             fmt::arg("file", where), fmt::arg("version", channel->version),
                             fmt::arg("seen", state.channel_version))
                       : say(N_("{file}: version {version}, but version {seen} was already seen: an old channel.json "
                                "replayed?"),
                             fmt::arg("file", where), fmt::arg("version", channel->version),
                             fmt::arg("seen", state.channel_version))});
  // Remembered before anything else can fail: rollback protection holds even
  // when this pull stops later.
  state.source = request.source;
  state.channel_version = channel->version;
  state.channel_sha256 = signed_sha;
  const UtcSeconds reference = std::max({utc_now(), state.latest_time, channel->published});
  state.latest_time = std::max(state.latest_time, channel->published);
  save_state(request.state, state);
  if (!write_file_atomically(request.state / "channel.json", {fetched.bytes}))
    throw FatalError(say(N_("{file}: cannot be written"), fmt::arg("file", (request.state / "channel.json").string())));
  result.channel_version = channel->version;
  if (request.offline) {
    result.notes.push_back(_("--offline: the expiry of channel.json and of the root was not checked"));
  } else {
    if (root.expires <= reference)
      return refuse({"channel-root-expired",
                     say(N_("{file}: root version {version} expired at {time} (now {now})"),
                         fmt::arg("file", root_file.string()), fmt::arg("version", root.version),
                         fmt::arg("time", format_utc(root.expires)), fmt::arg("now", format_utc(reference)))});
    if (channel->expires <= reference)
      return refuse({"channel-expired",
                     say(N_("{file}: expired at {time} (now {now}): the channel is no longer kept up; for a USB stick "
                            "on a kiosk with a wrong clock use --offline"),
                         fmt::arg("file", where), fmt::arg("time", format_utc(channel->expires)),
                         fmt::arg("now", format_utc(reference)))});
  }

  // 3. The wanted bundles.
  std::vector<ListedBundle> wanted;
  for (const auto& b : channel->bundles)
    if ((!request.pack || b.pack == *request.pack) && (!request.profile || b.profile == *request.profile))
      wanted.push_back(b);
  if (wanted.empty())
    return refuse({"channel-no-bundle",
                   request.pack && request.profile
                       ? say(N_("{file}: no bundle of pack {pack} for profile {profile}"), fmt::arg("file", where),
                             fmt::arg("pack", *request.pack), fmt::arg("profile", *request.profile))
                   : request.pack
                       ? say(N_("{file}: no bundle of pack {pack}"), fmt::arg("file", where),
                             fmt::arg("pack", *request.pack))
                   : request.profile
                       ? say(N_("{file}: no bundle for profile {profile}"), fmt::arg("file", where),
                             fmt::arg("profile", *request.profile))
                       : say(N_("{file}: no bundle"), fmt::arg("file", where))});
  for (const auto& b : wanted) {
    InstalledBundle out;
    out.listed = b;
    out.file = installed_path(request.state, b);
    const std::uint64_t before = source->bytes_received();
    if (fs::exists(out.file, ec) && fs::file_size(out.file, ec) == b.size && to_hex(sha256_file(out.file)) == b.sha256) {
      result.bundles.push_back(out);
      continue;
    }
    auto space = fs::space(request.state, ec);
    if (b.size > kMaxBundleBytes || (!ec && space.available < b.size + (16u << 20)))
      return refuse({"bundle-size",
                     b.size > kMaxBundleBytes
                         ? say(N_("{file}: {size} bytes, more than a bundle may have"),
                               fmt::arg("file", source->describe(b.file)), fmt::arg("size", b.size))
                         : say(N_("{file}: {size} bytes, more than the free space in {folder}"),
                               fmt::arg("file", source->describe(b.file)), fmt::arg("size", b.size),
                               fmt::arg("folder", request.state.string()))});
    fs::path partial = request.state / "partial" / (b.sha256 + ".part");
    bool done = false;
    // A delta when something is installed and no full download waits to resume.
    auto local = fs::exists(partial) ? std::map<std::string, LocalEntry>{} : local_entries(request.state, root);
    if (!local.empty()) {
      progress(say(N_("fetching what changed in {pack} {version} ({profile})"), fmt::arg("pack", b.pack),
                   fmt::arg("version", b.version), fmt::arg("profile", b.profile)));
      fs::path rebuilt = request.state / "partial" / (b.sha256 + ".rebuild");
      done = rebuild_from_ranges(*source, b, local, rebuilt);
      if (done) fs::rename(rebuilt, partial, ec), done = !ec;
      out.delta = done;
      fs::remove(rebuilt, ec);
    }
    if (!done) {
      progress(say(N_("downloading {pack} {version} ({profile}): {size} bytes"), fmt::arg("pack", b.pack),
                   fmt::arg("version", b.version), fmt::arg("profile", b.profile), fmt::arg("size", b.size)));
      Fetched got = source->download(b.file, partial, b.size);
      if (got.status == Fetched::Status::too_large) {
        fs::remove(partial, ec);
        return refuse({"channel-too-large", fetch_problem(*source, b.file, got)});
      }
      if (got.status != Fetched::Status::ok) return refuse(refusal_for(*source, b.file, got));  // kept: resumes
    }
    if (fs::file_size(partial, ec) != b.size || to_hex(sha256_file(partial)) != b.sha256) {
      fs::remove(partial, ec);
      return refuse({"bundle-hash",
                     say(N_("{file}: its bytes differ from what channel.json lists (size {size}, SHA-256 {sha256})"),
                         fmt::arg("file", source->describe(b.file)), fmt::arg("size", b.size),
                         fmt::arg("sha256", b.sha256))});
    }
    BundleReader reader = BundleReader::open(partial, key_lines(root));
    if (!reader.ok()) {
      fs::remove(partial, ec);
      const auto& p = reader.problems().front();
      return refuse({"bundle-verify", fmt::format("{}: {} [{}]", source->describe(b.file), p.message, p.rule)});
    }
    std::vector<BundleProblem> problems;
    auto manifest = parse_manifest(reader.manifest_json(), problems);
    if (!manifest || to_hex(sha256(reader.manifest_json())) != b.manifest_sha256 || manifest->pack_id != b.pack ||
        manifest->pack_version != b.version || manifest->profile != b.profile) {
      fs::remove(partial, ec);
      return refuse({"bundle-verify", say(N_("{file}: its manifest is not the one channel.json lists"),
                                          fmt::arg("file", source->describe(b.file)))});
    }
    if (fs::exists(out.file, ec)) {
      BundleReader current = BundleReader::open(out.file, key_lines(root));
      std::vector<BundleProblem> current_problems;
      auto current_manifest = current.ok() ? parse_manifest(current.manifest_json(), current_problems) : std::nullopt;
      if (current_manifest && compare_versions(b.version, current_manifest->pack_version).value_or(0) < 0) {
        fs::remove(partial, ec);
        return refuse({"bundle-downgrade", say(N_("{file}: pack {pack} {version} is older than the installed {installed}"),
                                               fmt::arg("file", source->describe(b.file)), fmt::arg("pack", b.pack),
                                               fmt::arg("version", b.version),
                                               fmt::arg("installed", current_manifest->pack_version))});
      }
      // The one before stays, as <name>.previous.hocso: a hard link, so the
      // installed name never goes missing.
      fs::path previous = out.file;
      previous.replace_extension(".previous.hocso");
      fs::path link = previous;
      link += ".tmp";
      fs::remove(link, ec);
      fs::create_hard_link(out.file, link, ec);
      if (!ec) fs::rename(link, previous, ec);
    }
    fs::rename(partial, out.file, ec);
    if (ec)
      throw FatalError(say(N_("{file}: cannot be installed: {reason}"), fmt::arg("file", out.file.string()),
                           fmt::arg("reason", ec.message())));
    out.updated = true;
    out.bytes_fetched = source->bytes_received() - before;
    progress(say(N_("installed {pack} {version} ({profile}): {file}"), fmt::arg("pack", b.pack),
                 fmt::arg("version", b.version), fmt::arg("profile", b.profile), fmt::arg("file", out.file.string())));
    result.bundles.push_back(out);
  }
  result.ok = true;
  result.bytes_fetched = source->bytes_received();
  return result;
}

}  // namespace hocso::channel
