#pragma once
// hocso preview's pack: every page of the viewer made from the sources and
// kept in memory, as a bundle would hold them (pack_pages.h), with the
// preview's additions (preview_page.h). A lesson whose files change is read
// afresh through the lesson stream, like check and build read it (validated,
// translated), and only its pages are made again, unless what other pages
// show of it changed (its title, level, prerequisites): then every page is
// made again from the lessons held in memory (decision 0019).

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "build_cache.h"
#include "hocso/diagnostic.h"
#include "plugin_host.h"
#include "source_watch.h"

namespace hocso::preview {

// One entry of the preview site, whole in memory.
struct PreviewEntry {
  std::string bytes;
  std::string sha256;  // of the bytes (hex): its ETag
  std::string content_type;
};

// What the site serves, one snapshot per rebuild (never changed once made).
struct PreviewContent {
  std::map<std::string, std::shared_ptr<const PreviewEntry>> entries;  // by entry name
  std::map<std::string, std::filesystem::path> media;  // "media/<sha256>.<ext>" -> the source file
  std::map<std::string, std::uint64_t> versions;       // each HTML page -> the rebuild its content last changed in
  std::uint64_t generation = 0;                        // this rebuild's number
};

// What one rebuild did, for the terminal and the reload event.
struct RebuildReport {
  bool whole_pack = false;
  std::vector<std::string> lessons;          // read again, in pack order
  std::map<std::string, int> changed_pages;  // HTML page -> the step to show (1..n), 0: stay where the reader is
  std::vector<Diagnostic> diagnostics;       // of what was read (pack-level ones only when the pack was read)
  std::vector<std::string> printed;          // the same, compiler style (source line and caret)
  int errors = 0, warnings = 0;
  double milliseconds = 0;
};

class PackPreview {
 public:
  // Reads nothing yet. `host` and `cache` (may be null) must outlive it.
  PackPreview(std::filesystem::path pack_file, PluginHost& host, const BuildCache* cache, unsigned jobs);
  ~PackPreview();
  PackPreview(const PackPreview&) = delete;
  PackPreview& operator=(const PackPreview&) = delete;

  // Reads the whole pack: at the start, and when the pack file or a page-labels
  // catalog (i18n/<lang>/ui.po) changed. When the pack file cannot be read,
  // the pages stay as they were, each showing why.
  RebuildReport read_pack();
  // Reads the lessons `ids` afresh (their files changed).
  RebuildReport read_lessons(const std::set<std::string>& ids);

  // What changes under the content root need read again.
  struct Needs {
    bool pack = false;
    std::set<std::string> lessons;
    bool any() const { return pack || !lessons.empty(); }
  };
  Needs needs(const SourceChanges& changes) const;

  // The pages as they are now.
  std::shared_ptr<const PreviewContent> content() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hocso::preview
