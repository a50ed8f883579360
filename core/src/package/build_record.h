#pragma once
// The build record (decision 0026): what a build wrote into one bundle, kept
// in the build cache so that the next build of the same bundle can carry the
// pages of unchanged lessons over from it, as they are stored, instead of
// rendering, compressing and hashing them again.
//
// A record is trusted only as far as the cache is (an authenticated entry,
// decision 0009), and only for the file it was written for: the bundle's
// identity (device, inode, size, modification and change time, as stat()
// reports them) must still be what it was right after the build moved it into
// place. Anything else — no record, another file, a changed or damaged file,
// other tools, plugins, settings or files outside the lessons — means a clean
// build.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "build_cache.h"
#include "file_identity.h"
#include "search_index.h"
#include "zip_layout.h"

namespace hocso {

// One entry a lesson's pages use: its own pages, and the pictures and sound
// files they show (stored once in a bundle, whichever lesson comes first).
struct RecordedEntry {
  std::string name;
  std::uint64_t size = 0;
  std::string sha256;  // hex, of the uncompressed bytes
  bool page = false;   // <lang>/<lesson>.html or .json (else a picture or sound file)
  std::string source;  // a picture's source file, for the over-budget report ("" none)
};

// What a lesson adds to a language's narration coverage (the manifest's `audio`).
struct RecordedNarration {
  std::string language;
  std::uint64_t units = 0, recorded = 0, machine = 0;
  std::string voice;  // the machine voice's name, when machine > 0
};

struct RecordedLesson {
  std::string id;
  std::string inputs;         // lesson_inputs_digest() when it was built
  std::string source_sha256;  // of the lesson.md its pages were made from
  std::uint64_t bytes = 0;    // its pages and pictures, for the over-budget report
  std::vector<RecordedEntry> entries;
  std::vector<RecordedNarration> narration;  // empty without an audio stage
  // Each page's search entry with its keys, by language: what the search
  // index needs of a lesson carried over, without reading or folding its pages.
  std::vector<std::pair<std::string, SearchEntry>> search;
};

struct BuildRecord {
  std::string bundle_name;  // in the output folder: <pack>-<version>-<profile>.hocso
  FileIdentity bundle;
  std::string inputs;   // build_inputs_digest(): tools, plugins, settings, files outside the lessons
  std::string outline;  // lesson_links_digest(): what a page shows of other lessons
  std::vector<RecordedLesson> lessons;  // in pack order, those that may be carried over
};

// Where a pack's bundle of one profile is written, whatever the pack's version:
// one record each, so that the build of a new version carries pages over from
// the last version's bundle.
struct BundleSlot {
  std::filesystem::path out_dir;
  std::string pack_id;
  std::string profile;
};

// The cache key of the slot's record (its folder made absolute).
std::string build_record_key(const BundleSlot& slot);
std::optional<BuildRecord> load_build_record(const BuildCache& cache, const BundleSlot& slot);
void store_build_record(const BuildCache& cache, const BundleSlot& slot, const BuildRecord& record);

// An earlier bundle whose pages may be carried over: its record, and its zip
// layout (central directory), read and checked.
struct PreviousBundle {
  std::filesystem::path file;
  BuildRecord record;
  std::map<std::string, zip::CentralEntry> entries;  // by name
  std::map<std::string, std::size_t> lessons;             // by id: its place in record.lessons
};

// Why an earlier bundle is not used, for the note that says a clean build happens.
enum class PreviousBundleState { usable, no_record, missing, changed, other_inputs, damaged };

// The slot's earlier bundle when the cache has its record, the file the record
// names is there and is the one it describes, its layout reads cleanly, every recorded entry
// is in it with its recorded size, and it was built from the same
// `inputs`. `state` says which of these failed.
std::optional<PreviousBundle> open_previous_bundle(const BuildCache* cache, const BundleSlot& slot,
                                                   const std::string& inputs, PreviousBundleState& state);

}  // namespace hocso
