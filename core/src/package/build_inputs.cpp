#include "build_inputs.h"

#include <link.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

#include "fatal.h"
#include "hashing.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

// A file that cannot be read is left to the stage that reads it to report.
std::string hash_or_unreadable(SourceHashIndex& hashes, const fs::path& file) {
  try {
    return hashes.hash(file);
  } catch (const FatalError&) {
    return "unreadable";
  }
}

// Adds each file under `root` (or `root` itself when it is a file), in name
// order, to `digest`: its path relative to `base`, its kind, and its hash (a
// symbolic link's target, never followed). `skip` leaves out a path and, for a
// folder, all it holds.
template <typename Skip>
void add_tree(Sha256& digest, const fs::path& root, const fs::path& base, SourceHashIndex& hashes, const Skip& skip) {
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(root, ec);
  // Nothing there adds nothing: a lesson without recordings in a language is the
  // same whether or not another lesson has some (and so content/audio/<lang>).
  if (ec || !fs::exists(status)) return;
  std::vector<fs::path> files;
  if (fs::is_directory(status)) {
    fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (skip(it->path())) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_directory(ec) || it->is_symlink(ec)) files.push_back(it->path());
    }
    if (ec) digest.update("unreadable\t" + root.string() + '\n');
  } else {
    files.push_back(root);
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    const std::string name = file.lexically_relative(base).generic_string();
    const fs::file_status s = fs::symlink_status(file, ec);
    if (fs::is_symlink(s)) digest.update("link\t" + name + '\t' + fs::read_symlink(file, ec).string() + '\n');
    else if (fs::is_regular_file(s)) digest.update("file\t" + name + '\t' + hash_or_unreadable(hashes, file) + '\n');
    else digest.update("other\t" + name + '\n');
  }
}

const auto nothing_skipped = [](const fs::path&) { return false; };

// content/i18n/* and content/audio/*: the language folders there.
std::vector<fs::path> language_folders(const fs::path& root) {
  std::vector<fs::path> folders;
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec) && !it->is_symlink(ec)) folders.push_back(it->path());
  std::sort(folders.begin(), folders.end());
  return folders;
}

}  // namespace

std::string lesson_inputs_digest(const Pack& pack, const std::string& lesson_id, SourceHashIndex& hashes) {
  Sha256 digest;
  const fs::path& base = pack.content_root;
  add_tree(digest, base / "lessons" / lesson_id, base, hashes, nothing_skipped);
  add_tree(digest, base / "i18n" / (lesson_id + ".pot"), base, hashes, nothing_skipped);
  for (const fs::path& language : language_folders(base / "i18n"))
    add_tree(digest, language / (lesson_id + ".po"), base, hashes, nothing_skipped);
  for (const fs::path& language : language_folders(base / "audio"))
    add_tree(digest, language / lesson_id, base, hashes, nothing_skipped);
  return to_hex(digest.finish());
}

std::string build_inputs_digest(const Pack& pack, const std::vector<fs::path>& tools,
                                const std::vector<std::string>& settings, const fs::path& out_dir,
                                SourceHashIndex& hashes) {
  Sha256 digest;
  for (const std::string& setting : settings) digest.update("setting\t" + setting + '\n');
  for (const fs::path& tool : tools) add_tree(digest, tool, "/", hashes, nothing_skipped);
  // The content folder but what lesson_inputs_digest() covers for the pack's lessons.
  std::set<std::string> own;
  for (const auto& listing : pack.to_load) own.insert(listing.id);
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(pack.content_root, ec);
  const fs::path output = fs::weakly_canonical(out_dir, ec);
  const fs::path pack_file = fs::weakly_canonical(pack.pack_file, ec);
  auto skipped = [&](const fs::path& path) {
    if (path == output) return true;  // what the build writes is not what it reads
    if (path == pack_file) return true;  // below
    const fs::path relative = path.lexically_relative(root);
    auto part = relative.begin();
    if (part == relative.end()) return false;
    const std::string top = (part++)->string();
    if (part == relative.end()) return false;
    if (top == "lessons") return own.count((part++)->string()) != 0 && part == relative.end();
    if (top == "i18n" && std::next(part) == relative.end() && part->extension() == ".pot")
      return own.count(part->stem().string()) != 0;  // i18n/<lesson>.pot
    if (top != "i18n" && top != "audio") return false;
    ++part;  // the language
    if (part == relative.end()) return false;
    const fs::path name = *part++;
    if (part != relative.end()) return false;
    return top == "i18n" ? name.extension() == ".po" && own.count(name.stem().string()) != 0
                         : own.count(name.string()) != 0;
  };
  add_tree(digest, root, root, hashes, skipped);
  // The pack file but its top-level `version:` line: only the manifest and the
  // bundle's name show the version, and both are always written anew, so a
  // new version of an edited pack carries pages over from the last one.
  std::ifstream in(pack.pack_file, std::ios::binary);
  std::string line;
  digest.update("pack\n");
  while (std::getline(in, line))
    if (!line.starts_with("version:")) digest.update(line + '\n');
  if (in.bad()) digest.update("unreadable\n");
  return to_hex(digest.finish());
}

std::vector<fs::path> hocso_program_files() {
  std::vector<fs::path> files;
  std::error_code ec;
  files.push_back(fs::read_symlink("/proc/self/exe", ec));
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* out) {
        const std::string name = info->dlpi_name ? info->dlpi_name : "";
        if (name.find("libhocso") != std::string::npos) static_cast<std::vector<fs::path>*>(out)->push_back(name);
        return 0;
      },
      &files);
  std::erase_if(files, [](const fs::path& f) { return f.empty(); });
  return files;
}

}  // namespace hocso
