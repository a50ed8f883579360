#include "bundle_builder.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include "audio_sources.h"
#include "build_inputs.h"
#include "build_record.h"
#include "bundle_check.h"
#include "bundle_fonts.h"
#include "bundle_manifest.h"
#include "bundle_writer.h"
#include "display_path.h"
#include "fatal.h"
#include "handout_style.h"
#include "hashing.h"
#include "hocso/lesson_files.h"
#include "hocso/messages.h"
#include "interrupt.h"
#include "kiosk_mode.h"
#include "lesson_stream.h"
#include "localize.h"
#include "pack_loader.h"
#include "pack_pages.h"
#include "parallel.h"
#include "render.h"
#include "search_index.h"
#include "source_hash_index.h"
#include "source_images.h"
#include "stale_temporaries.h"

namespace hocso {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

std::string bundle_file_name(const Pack& pack, const std::string& profile) {
  return fmt::format("{}-{}-{}.hocso", pack.id, pack.version, profile);
}

namespace {

// Removes a temporary file and folder unless released.
class TemporaryPaths {
 public:
  TemporaryPaths(fs::path file, fs::path folder) : file_(std::move(file)), folder_(std::move(folder)) {}
  ~TemporaryPaths() {
    std::error_code ec;
    if (!file_.empty()) fs::remove(file_, ec);
    fs::remove_all(folder_, ec);
  }
  void keep_file() { file_.clear(); }

 private:
  fs::path file_;
  fs::path folder_;
};

// The manifest's text. Its entry list (a bundle of 1,000 lessons has over
// 10,000) is written straight into the text, in name order, without a JSON tree.
// `audio`: each language's narration coverage, when the build has an audio stage.
std::string manifest_for(const Pack& pack, const std::string& profile, const BundleWriter& writer,
                         const LocalizedSummaries& localized, const std::map<std::string, std::string>& names,
                         const std::map<std::string, AudioWork::Coverage>* audio) {
  Json languages = Json::array();
  const auto coverage = language_coverage(pack, localized);
  for (const auto& lang : pack.languages) {
    languages.push_back(Json{{"tag", lang}, {"name", names.at(lang)}, {"coverage", coverage.at(lang)}});
    if (audio) {
      auto it = audio->find(lang);
      const AudioWork::Coverage c = it == audio->end() ? AudioWork::Coverage{} : it->second;
      languages.back()["audio"] = Json{{"units", c.units}, {"recorded", c.recorded}};
      if (c.machine) {  // a machine voice is named where it speaks (decision 0024)
        languages.back()["audio"]["machine"] = c.machine;
        languages.back()["audio"]["machine_voice"] = c.voice;
      }
    }
  }
  Json lessons = Json::array();
  for (const auto& l : pack.lessons)
    lessons.push_back(Json{{"id", l.id}, {"title", l.title}, {"level", l.level}, {"requires", l.requires_ids}});
  const Json head{{"format", "hocso-bundle/1"},
                  {"generator", "hocso " HOCSO_VERSION},
                  {"pack",
                   Json{{"id", pack.id}, {"version", pack.version}, {"title", pack.title},
                        {"source_language", pack.source_language}}},
                  {"profile", profile},
                  {"languages", languages},
                  {"lessons", lessons},
                  {"entries", Json::array()}};
  // dump(1) ends with `"entries": []\n}`; the list goes between the brackets,
  // laid out as dump(1) lays out an array of objects.
  std::string text = head.dump(1);
  const std::string empty_list = "\"entries\": []\n}";
  if (!text.ends_with(empty_list)) throw FatalError("internal error: unexpected manifest layout");
  text.resize(text.size() - 3);  // keeps the "["
  text += "\n";
  std::size_t left = writer.entry_count();
  writer.for_each_entry([&](const std::string& name, std::uint64_t size, std::string_view sha256) {
    text += fmt::format("  {{\n   \"path\": {},\n   \"size\": {},\n   \"sha256\": \"{}\"\n  }}{}\n",
                        Json(name).dump(), size, sha256, --left > 0 ? "," : "");
  });
  text += " ]\n}\n";
  return text;
}

// Asks the kernel to start writing `file`'s data to disk, without waiting for it.
void start_disk_writeback(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;  // only an optimisation
  ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  ::close(fd);
}

// A bundle written and checked in its temporary file, not yet in place.
struct PendingBundle {
  BuiltBundle built;
  fs::path temp_file;
  std::unique_ptr<TemporaryPaths> cleanup;
  // For the build record: what each lesson's pages use (nullopt: not recorded,
  // the next build makes every page again).
  std::optional<std::map<std::string, RecordedLesson>> lessons;
  std::string outline;  // links_digest() of every language
};

std::string megabytes(std::uint64_t bytes) { return fmt::format("{:.2f} MB", static_cast<double>(bytes) / 1e6); }

// The profile's `budget_mb`, in bytes, or nullopt when it has none.
std::optional<std::uint64_t> budget_bytes(const Pack& pack, const std::string& profile) {
  for (const auto& p : pack.profiles) {
    if (p.name != profile || !p.settings.is_object()) continue;
    auto it = p.settings.find("budget_mb");
    if (it != p.settings.end() && it->is_number() && it->get<double>() > 0)
      return static_cast<std::uint64_t>(it->get<double>() * 1e6);
  }
  return std::nullopt;
}

// The largest lessons (their pages and the images they show) and images of a
// bundle, for the over-budget report: two short lists, not an entry for every
// lesson and image.
class SizeAccount {
 public:
  explicit SizeAccount(std::size_t keep) : keep_(keep) {}
  void lesson(std::uint64_t bytes, const std::string& id) { add(lessons_, bytes, id); }
  void image(std::uint64_t bytes, std::string source) { add(images_, bytes, std::move(source)); }

  std::string report() const {
    auto listed = [](const Ranked& list) {
      std::string text;
      for (std::size_t i = 0; i < list.size(); ++i)
        text += fmt::format("{}{} ({})", i ? ", " : "", list[i].second, megabytes(list[i].first));
      return text.empty() ? std::string(_("none")) : text;
    };
    return fmt::format(fmt::runtime(_("largest lessons: {lessons}; largest images: {images}")),
                       fmt::arg("lessons", listed(lessons_)), fmt::arg("images", listed(images_)));
  }

 private:
  using Ranked = std::vector<std::pair<std::uint64_t, std::string>>;
  void add(Ranked& list, std::uint64_t bytes, std::string name) {
    list.emplace_back(bytes, std::move(name));
    std::sort(list.begin(), list.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    if (list.size() > keep_) list.pop_back();
  }
  std::size_t keep_;
  Ranked lessons_, images_;
};

// An image a rendered page shows, to be stored in the bundle once.
struct UsedImage {
  MediaFile file;
  std::string sha256;
  fs::path data;                        // the processed image's file (or the source image)
  std::optional<std::uint64_t> offset;  // where its bytes start in `data` (nullopt: a whole source file)
  std::string source_file;              // relative to the lesson folder, for the budget report ("" unknown)
};

struct RenderedPage {
  DeflatedText html;  // compressed on the worker thread that rendered it
  DeflatedText json;
  SearchEntry search;
  std::vector<UsedImage> images;
  std::vector<AudioKey> audio;  // the narration the page's JSON lists
  Diagnostics diagnostics;
};

// One profile's bundle, made a batch of lessons at a time: the writer, the
// image work and what the budget report needs live here between batches.
class ProfileBundle {
 public:
  // `previous`: the earlier bundle whose recorded lessons may be carried over
  // (carry()); `lesson_inputs`: each lesson's inputs digest, for the new record.
  ProfileBundle(const Pack& pack, std::string profile, const BuildOptions& options, const PageSetup& setup,
                SourceImageStore& media, SourceHashIndex& sources, const fs::path& spool,
                const PreviousBundle* previous, const std::map<std::string, std::string>& lesson_inputs,
                Diagnostics& diagnostics)
      : pack_(pack), profile_(std::move(profile)), options_(options), setup_(setup), media_(media),
        diagnostics_(diagnostics), name_(bundle_file_name(pack, profile_)), previous_(previous),
        lesson_inputs_(lesson_inputs) {
    temp_file_ = options.out_dir / temporary_bundle_file(name_, ::getpid());
    const fs::path staging = options.out_dir / temporary_staging_folder(name_, ::getpid());
    cleanup_ = std::make_unique<TemporaryPaths>(temp_file_, staging);
    std::error_code ec;
    fs::create_directories(staging, ec);
    if (ec) throw FatalError(fmt::format("cannot create {}: {}", staging.string(), ec.message()));
    writer_ = std::make_unique<BundleWriter>(temp_file_, staging, options.source_date_epoch);
    writer_->add("assets/hocso.css", assets_stylesheet(), Compression::deflate);
    const auto settings = std::find_if(pack.profiles.begin(), pack.profiles.end(),
                                       [&](const Profile& p) { return p.name == profile_; });
    writer_->add("assets/hocso.js",
                 viewer_script_for(settings != pack.profiles.end() ? kiosk_settings(*settings) : KioskSettings{}),
                 Compression::deflate);
    for (const auto& [tag, language_fonts] : setup.fonts) {
      for (const auto& f : language_fonts.files)
        writer_->add_file(f.entry, f.source, f.compressed ? Compression::store : Compression::deflate);
      writer_->add(language_fonts.stylesheet_entry, language_fonts.stylesheet, Compression::deflate);
    }
    if (options.media_stage) work_.emplace(pack, *settings, *options.media_stage, options.media, spool, sources);
    if (options.audio_stage && settings != pack.profiles.end())
      audio_work_.emplace(pack, *settings, *options.audio_stage,
                          options.speech_stage ? &*options.speech_stage : nullptr, staging, options.media.jobs,
                          options.media.cache, sources);
    recordable_ = options.media.cache != nullptr && !options.tools.empty();
    if (!pack.to_load.empty()) report(0, 0);  // the profile's time starts now, even if every lesson is carried over
  }

  // Whether the earlier bundle's pages of `lesson` (loaded or a summary) may be
  // carried over: it recorded them, from the same inputs and the same lesson.md.
  bool can_carry(const LessonSummary& lesson) const {
    const RecordedLesson* recorded = previous_lesson(lesson.id);
    auto inputs = lesson_inputs_.find(lesson.id);
    return recorded && recordable_ && inputs != lesson_inputs_.end() && recorded->inputs == inputs->second &&
           recorded->source_sha256 == lesson.source_sha256;
  }

  // Copies the earlier bundle's entries of `lesson` (can_carry()) as they are
  // stored: its pages, and the pictures they show not yet in this bundle. Its
  // search entries come from the record. False when the earlier bundle lacks
  // its entries (nothing of the lesson was added).
  bool carry(const std::string& lesson_id) {
    const RecordedLesson* found = previous_lesson(lesson_id);
    if (!found) return false;
    const RecordedLesson& recorded = *found;
    for (const auto& e : recorded.entries)
      if (!previous_->entries.count(e.name)) return false;
    for (const auto& [lang, entry] : recorded.search) search_.add(lang, entry);
    for (const auto& e : recorded.entries) {
      if (writer_->contains(e.name)) continue;  // a picture another lesson stored
      const zip::CentralEntry& stored = previous_->entries.at(e.name);
      writer_->add_stored_slice({e.name, e.size, e.sha256}, previous_->file, stored.data_offset(),
                                stored.compressed_size,
                                stored.method == zip::kMethodDeflated ? Compression::deflate : Compression::store,
                                stored.crc32);
      carried_.emplace(e.name, Carried{stored.method, stored.crc32, stored.compressed_size, stored.size, e.sha256});
      if (e.page) continue;
      ++stored_media_;
      if (!e.source.empty()) account_.image(e.size, e.source);
    }
    account_.lesson(recorded.bytes, lesson_id);
    if (audio_work_)
      for (const auto& n : recorded.narration) audio_work_->count(n.language, {n.units, n.recorded, n.machine, n.voice});
    recorded_.emplace(lesson_id, recorded);
    ++lessons_done_;
    ++reused_;
    report(0, 0);
    return true;
  }

  // Makes and writes the pages of `batch` (loaded lessons in pack order, with
  // their translations) in every language: their images first, then the pages,
  // rendered and deflated on the worker threads and written in order.
  // `translations` (summaries suffice) are those of every lesson a page may link. False when a problem was reported.
  bool add(const LocalizedBatch& batch, const LocalizedSummaries& translations) {
    const std::vector<const Lesson*>& lessons = batch.lessons;
    const LocalizedLessons& localized = batch.translations;
    if (lessons.empty()) return true;
    const int errors_before = diagnostics_.error_count();
    const unsigned jobs = options_.media.jobs;
    const std::size_t count = lessons.size();
    const PageLesson page_lesson = [&](const std::string& lang, const Lesson& lesson) -> const Lesson& {
      auto it = localized.find({lang, lesson.id});
      return it == localized.end() ? lesson : *it->second.lesson;
    };
    // A lesson whose images, narration or pages had anything to say is not
    // recorded: carrying its pages over would not say it again.
    std::vector<bool> quiet(count, true);
    const std::size_t said_before = diagnostics_.count();
    MediaOutcome processed;
    if (work_) {
      processed = work_->process(lessons, page_lesson,
                                 [&](std::size_t done, std::size_t, std::size_t cached) { report(done, cached); },
                                 diagnostics_);
      if (diagnostics_.error_count() > errors_before) return false;
      images_ += processed.jobs;
      cached_ += processed.cached;
    }
    std::map<AudioKey, StoredAudio> narration;
    if (audio_work_) {
      narration = audio_work_->process(lessons, diagnostics_);
      if (diagnostics_.error_count() > errors_before) return false;
    }
    if (diagnostics_.count() != said_before) quiet.assign(count, false);  // the media stages said something of the batch
    // How other lessons are shown: made again only when more are translated.
    if (shown_.empty() || shown_from_ != translations.size()) {
      for (const auto& lang : pack_.languages) shown_[lang] = shown_lessons(translations, lang);
      shown_from_ = translations.size();
    }
    const std::map<std::string, ShownLessons>& shown = shown_;

    // Page k is language k / count, lesson k % count.
    std::vector<RenderedPage> pages(count * pack_.languages.size());
    parallel_for(pages.size(), jobs, [&](std::size_t k) {
      const std::string& lang = pack_.languages[k / count];
      const Lesson& lesson = *lessons[k % count];
      RenderedPage& out = pages[k];
      MediaResolver resolver = [&](const Lesson& l, const SourceReference& ref) -> std::optional<MediaFile> {
        if (work_) {
          auto it = processed.images.find(ImageKey{l.id, ref.target, lang});
          if (it == processed.images.end()) return std::nullopt;  // the stage has reported why
          const StoredImage& image = it->second;
          out.images.push_back({image.file, image.sha256, image.data, image.offset, image.source_file});
          return image.file;
        }
        auto source = media_.resolve(l, ref, out.diagnostics);
        if (!source) return std::nullopt;
        out.images.push_back({source->file, source->sha256, source->source, std::nullopt, {}});
        return source->file;
      };
      AudioResolver audio = [&](const std::string& unit, const std::string& language) -> std::optional<UnitAudio> {
        AudioKey key{lesson.id, language, unit};
        auto it = narration.find(key);
        if (it == narration.end()) return std::nullopt;
        out.audio.push_back(std::move(key));
        return UnitAudio{it->second.path, it->second.size, it->second.duration_seconds, language,
                         it->second.voice};
      };
      RenderedLesson page =
          render_lesson_page(pack_, setup_, lang, lesson, localized, shown.at(lang), resolver, audio);
      out.html = deflate_text(page.html);
      out.json = deflate_text(page.json);
      out.search = std::move(page.search);
    });
    // A lesson's size: its pages and each image they show, once.
    std::vector<std::uint64_t> lesson_bytes(count, 0);
    std::vector<std::set<std::string>> lesson_images(count);
    std::vector<RecordedLesson> recorded(count);
    auto record = [&](std::size_t i, RecordedEntry entry) {
      if (std::none_of(recorded[i].entries.begin(), recorded[i].entries.end(),
                       [&](const RecordedEntry& e) { return e.name == entry.name; }))
        recorded[i].entries.push_back(std::move(entry));
    };
    for (std::size_t k = 0; k < pages.size(); ++k) {
      const std::string& lang = pack_.languages[k / count];
      const Lesson& lesson = *lessons[k % count];
      if (pages[k].diagnostics.count() != 0) quiet[k % count] = false;
      diagnostics_.take(pages[k].diagnostics);
      recorded[k % count].search.emplace_back(lang, pages[k].search);
      search_.add(lang, std::move(pages[k].search));
      for (const auto& used : pages[k].images) {
        store_media(lesson.id, used);
        record(k % count, {used.file.path, used.file.size, used.sha256, false,
                           used.source_file.empty() ? "" : fmt::format("lessons/{}/{}", lesson.id, used.source_file)});
        if (!used.source_file.empty() && lesson_images[k % count].insert(used.file.path).second)
          lesson_bytes[k % count] += used.file.size;
      }
      for (const auto& key : pages[k].audio) {  // stored once, like images
        const StoredAudio& audio = narration.at(key);
        if (writer_->contains(audio.path)) continue;
        ++stored_media_;
        if (audio.data.empty()) writer_->add(audio.path, audio.bytes, Compression::store);
        else  // from the build cache, zipped from there
          writer_->add_hashed_file({audio.path, audio.size, audio.sha256}, audio.data, Compression::store,
                                   audio.offset);
        account_.image(audio.size, audio.source_file);
        lesson_bytes[k % count] += audio.size;
      }
      for (const auto& [entry, text] : {std::pair{lang + "/" + lesson.id + ".html", &pages[k].html},
                                        std::pair{lang + "/" + lesson.id + ".json", &pages[k].json}}) {
        writer_->add_deflated(entry, *text);
        lesson_bytes[k % count] += text->size;
        record(k % count, {entry, text->size, text->sha256, true, ""});
      }
      for (const auto& key : pages[k].audio) {
        const StoredAudio& audio = narration.at(key);
        record(k % count, {audio.path, audio.size, audio.sha256, false, audio.source_file});
      }
    }
    for (std::size_t i = 0; i < count; ++i) {
      account_.lesson(lesson_bytes[i], lessons[i]->id);
      auto inputs = lesson_inputs_.find(lessons[i]->id);
      if (!recordable_ || !quiet[i] || inputs == lesson_inputs_.end()) continue;
      recorded[i].id = lessons[i]->id;
      recorded[i].inputs = inputs->second;
      recorded[i].source_sha256 = lessons[i]->source_sha256;
      recorded[i].bytes = lesson_bytes[i];
      if (audio_work_) recorded[i].narration = narration_coverage(*lessons[i], narration);
      recorded_.insert_or_assign(lessons[i]->id, std::move(recorded[i]));
    }
    lessons_done_ += count;
    report(0, 0);
    return diagnostics_.error_count() == errors_before;
  }

  // After every lesson: the indexes, the manifest and its signature; writes the
  // zip and checks it as a reader would. nullopt when a problem was reported.
  std::optional<PendingBundle> finish(const LocalizedSummaries& translations, const signing::SecretKey& key) {
    work_.reset();  // its indexes are not needed for the manifest and the check
    const int errors_before = diagnostics_.error_count();
    {  // the pages over all lessons, made and deflated on every core (each is large for a large pack)
      std::vector<std::string> names{"assets/search-index.js", "index.html"};
      for (const auto& lang : pack_.languages) names.push_back(lang + "/index.html");
      std::vector<DeflatedText> pages(names.size());
      parallel_for(names.size(), options_.media.jobs, [&](std::size_t i) {
        if (i == 0) pages[i] = deflate_text(search_.script(pack_, setup_.labels));
        else if (i == 1) pages[i] = deflate_text(root_index_page(pack_, setup_, translations));
        else pages[i] = deflate_text(language_index_page(pack_, setup_, pack_.languages[i - 2], translations));
      });
      for (std::size_t i = 0; i < names.size(); ++i) writer_->add_deflated(names[i], pages[i]);
    }
    const std::size_t entry_count = writer_->entry_count();
    std::string manifest_sha;
    {  // the manifest text (a few MB for a large pack) is not kept through finish() and the check
      const std::string manifest = manifest_for(pack_, profile_, *writer_, translations, setup_.names,
                                                audio_work_ ? &audio_work_->coverage() : nullptr);
      manifest_sha = to_hex(sha256(manifest));
      const std::string signature =
          signing::sign(manifest, key, bundle_trusted_comment(pack_.id, pack_.version, manifest),
                        fmt::format("hocso bundle {}", name_));
      writer_->add("manifest.json", manifest, Compression::deflate);
      writer_->add("manifest.json.minisig", signature, Compression::deflate);
    }
    writer_->finish();
    writer_.reset();

    // The reader's rules apply to what we write too: a bundle that would be refused
    // is a bug, and must never replace a good one. Meanwhile the new file's data
    // starts on its way to disk, which ext4 would otherwise do (and wait for) when
    // the file is renamed over the earlier bundle.
    std::jthread writeback;
    try {
      writeback = std::jthread([file = temp_file_] { start_disk_writeback(file); });
    } catch (const std::system_error&) {
      // no thread: ext4 starts the writeback at the rename instead
    }
    // The entries carried over were checked in the bundle they came from, whose
    // identity the build record vouches for (decision 0026): only their local
    // headers are read, and their central entries and listed SHA-256 must be
    // what was copied (libzip's CRC-32 of a stored copy included).
    std::vector<BundleProblem> problems;
    const auto checked = check_bundle_file(
        temp_file_, {signing::format_public_key(key.public_key())}, {}, problems,
        [this](const zip::CentralEntry& entry, std::string_view listed_sha256) {
          const auto it = carried_.find(entry.name);
          return it != carried_.end() && it->second.method == entry.method && it->second.crc32 == entry.crc32 &&
                 it->second.compressed_size == entry.compressed_size && it->second.size == entry.size &&
                 it->second.sha256 == listed_sha256;
        });
    if (!checked) {
      const auto& p = problems.front();
      throw FatalError(fmt::format("internal error: the bundle just written fails its own check: {} [{}] {}",
                                   p.message, p.rule, p.entry));
    }
    std::error_code ec;
    const std::uint64_t size = fs::file_size(temp_file_, ec);
    if (auto budget = budget_bytes(pack_, profile_); budget && size > *budget) {
      diagnostics_.error(
          {pack_.pack_path},
          fmt::format(fmt::runtime(_("bundle {bundle} is {size}, over the '{profile}' profile's "
                                     "budget_mb of {budget}; {largest}")),
                      fmt::arg("bundle", name_), fmt::arg("size", megabytes(size)), fmt::arg("profile", profile_),
                      fmt::arg("budget", megabytes(*budget)), fmt::arg("largest", account_.report())),
          "bundle-over-budget");
    }
    if (diagnostics_.error_count() > errors_before) return std::nullopt;  // cleanup removes the partial files
    PendingBundle pending;
    pending.built.path = options_.out_dir / name_;
    pending.built.profile = profile_;
    pending.built.size = size;
    pending.built.entries = entry_count + 2;
    pending.built.media = stored_media_;
    pending.built.manifest_sha256 = manifest_sha;
    pending.built.reused_lessons = reused_;
    pending.temp_file = temp_file_;
    pending.cleanup = std::move(cleanup_);
    if (recordable_) pending.lessons = std::move(recorded_);
    return pending;
  }

 private:
  // Each image a page shows is stored once per bundle, identical output across
  // lessons and languages included.
  void store_media(const std::string& lesson_id, const UsedImage& used) {
    if (writer_->contains(used.file.path)) return;
    ++stored_media_;
    WrittenEntry entry{used.file.path, used.file.size, used.sha256};
    if (used.offset) writer_->add_hashed_file(entry, used.data, Compression::store, *used.offset);
    else writer_->add_hashed_file(entry, used.data, Compression::store);  // a source image as it is
    if (!used.source_file.empty())
      account_.image(used.file.size, fmt::format("lessons/{}/{}", lesson_id, used.source_file));
  }

  void report(std::size_t images_now, std::size_t cached_now) {
    if (options_.progress)
      options_.progress(
          {profile_, lessons_done_, pack_.to_load.size(), images_ + images_now, cached_ + cached_now, reused_});
  }

  // What `lesson` adds to each language's narration coverage (AudioWork counts the same).
  std::vector<RecordedNarration> narration_coverage(const Lesson& lesson,
                                                    const std::map<AudioKey, StoredAudio>& narration) const {
    const std::size_t units = audio_units(lesson).size();
    std::vector<RecordedNarration> coverage;
    for (const auto& lang : pack_.languages) {
      RecordedNarration n{lang, units, 0, 0, ""};
      for (auto it = narration.lower_bound({lesson.id, lang, ""});
           it != narration.end() && std::get<0>(it->first) == lesson.id && std::get<1>(it->first) == lang; ++it) {
        if (it->second.voice.empty()) ++n.recorded;
        else {
          ++n.machine;
          n.voice = it->second.voice;
        }
      }
      coverage.push_back(std::move(n));
    }
    return coverage;
  }

  const RecordedLesson* previous_lesson(const std::string& id) const {
    if (!previous_) return nullptr;
    auto it = previous_->lessons.find(id);
    return it == previous_->lessons.end() ? nullptr : &previous_->record.lessons[it->second];
  }

  const Pack& pack_;
  std::string profile_;
  const BuildOptions& options_;
  const PageSetup& setup_;
  SourceImageStore& media_;
  Diagnostics& diagnostics_;
  std::string name_;
  fs::path temp_file_;
  std::unique_ptr<TemporaryPaths> cleanup_;
  std::unique_ptr<BundleWriter> writer_;
  SearchIndex search_;  // every page's titles, written with the indexes
  std::map<std::string, ShownLessons> shown_;  // by language, from shown_from_ translations
  std::size_t shown_from_ = 0;
  std::optional<MediaWork> work_;
  std::optional<AudioWork> audio_work_;  // narration (decision 0023)
  SizeAccount account_{5};
  std::size_t stored_media_ = 0;
  std::size_t lessons_done_ = 0, images_ = 0, cached_ = 0;
  // The build record (decision 0026).
  const PreviousBundle* previous_;
  const std::map<std::string, std::string>& lesson_inputs_;
  bool recordable_ = false;
  std::map<std::string, RecordedLesson> recorded_;  // by lesson id
  std::size_t reused_ = 0;  // lessons carried over
  // The entries carried over, as the earlier bundle stored them.
  struct Carried {
    std::uint16_t method;
    std::uint32_t crc32;
    std::uint32_t compressed_size;
    std::uint32_t size;
    std::string sha256;
  };
  std::map<std::string, Carried> carried_;
};

// The selected profiles, in order; a name the pack does not have is a FatalError.
std::vector<std::string> selected_profiles(const Pack& pack, const BuildOptions& options) {
  std::vector<std::string> profiles;
  if (options.profiles.empty()) {
    for (const auto& p : pack.profiles) profiles.push_back(p.name);
    return profiles;
  }
  for (const auto& wanted : options.profiles) {
    bool known = std::any_of(pack.profiles.begin(), pack.profiles.end(), [&](const Profile& p) { return p.name == wanted; });
    if (!known) {
      std::string names;
      for (const auto& p : pack.profiles) names += (names.empty() ? "" : ", ") + p.name;
      throw FatalError(fmt::format("pack '{}' has no profile '{}' (it has: {})", pack.id, wanted, names));
    }
    profiles.push_back(wanted);
  }
  return profiles;
}

}  // namespace

struct PackBuild::Impl {
  const Pack& pack;
  const BuildOptions options;
  Diagnostics& diagnostics;
  std::vector<std::string> profiles;
  PageSetup setup;  // fonts, page labels, languages' names
  SourceImageStore media;
  SourceHashIndex sources{options.media.cache};  // source files' hashes, remembered between builds
  fs::path spool;
  std::unique_ptr<TemporaryPaths> spool_cleanup;
  std::unique_ptr<ProfileBundle> first;         // the first profile, made during the check
  std::map<std::string, std::size_t> listing;   // lesson id -> its place in pack.to_load
  std::vector<std::string> waiting;             // lessons whose first-profile pages wait for finish()
  std::vector<PendingBundle> pending;
  // The build record (decision 0026): what the bundles are made with, each
  // lesson's own files, the earlier bundles' records, and the lessons whose
  // first-profile pages may be carried over (decided in finish()).
  std::string inputs;
  std::map<std::string, std::string> lesson_inputs;  // by lesson id, filled batch by batch
  std::map<std::string, std::optional<PreviousBundle>> previous;  // by profile
  std::vector<std::string> reusable;
  bool started = false;
  bool created_out_dir = false;  // removed again when nothing is published
  // Temporaries in the output folder older than this, of builds that are gone, are removed.
  const fs::file_time_type build_started = fs::file_time_type::clock::now();

  Impl(const Pack& p, const BuildOptions& o, Diagnostics& d) : pack(p), options(o), diagnostics(d) {}
  ~Impl();
  bool failed() const { return diagnostics.error_count() > 0; }
  bool start();

  // What every page of `profile`'s bundle is made with (build_inputs_digest()).
  std::string profile_inputs(const std::string& profile) const {
    const auto settings = std::find_if(pack.profiles.begin(), pack.profiles.end(),
                                       [&](const Profile& p) { return p.name == profile; });
    return to_hex(sha256(fmt::format("{}\nprofile {} {}", inputs, profile,
                                     settings == pack.profiles.end() ? "" : settings->settings.dump())));
  }

  // The earlier bundle of `profile`, when its pages may be carried over; a
  // note says why not when hocso wrote one and cannot use it.
  const PreviousBundle* open_previous(const std::string& profile) {
    if (inputs.empty()) return nullptr;  // no build cache
    auto [it, added] = previous.try_emplace(profile);
    if (!added) return it->second ? &*it->second : nullptr;
    const fs::path file = options.out_dir / bundle_file_name(pack, profile);
    PreviousBundleState state{};
    it->second = open_previous_bundle(options.media.cache, {options.out_dir, pack.id, profile}, profile_inputs(profile),
                                      state);
    const char* why = nullptr;
    switch (state) {
      case PreviousBundleState::usable:
      case PreviousBundleState::no_record: break;
      case PreviousBundleState::missing: why = N_("the bundle the last build wrote here is gone"); break;
      case PreviousBundleState::changed:
        why = N_("the bundle changed (or was damaged) since hocso wrote it"); break;
      case PreviousBundleState::other_inputs:
        why = N_("hocso, its plugins, their settings or the pack's files outside its lessons changed since the "
                 "last build"); break;
      case PreviousBundleState::damaged: why = N_("the bundle cannot be read as hocso wrote it"); break;
    }
    if (why)
      diagnostics.report({Severity::note, {display_path(file)},
                          fmt::format(fmt::runtime(_("{reason}: every lesson is built again")),
                                      fmt::arg("reason", _(why))),
                          "clean-build"});
    return it->second ? &*it->second : nullptr;
  }

  std::unique_ptr<ProfileBundle> profile_bundle(const std::string& profile) {
    return std::make_unique<ProfileBundle>(pack, profile, options, setup, media, sources, spool,
                                           open_previous(profile), lesson_inputs, diagnostics);
  }

  // Carries the pages of `ids` over into `bundle`, or, when the other lessons
  // they show changed since the earlier build (or it cannot be read), returns
  // the ones to be made again.
  std::vector<std::string> carry(ProfileBundle& bundle, const std::string& profile, std::vector<std::string> ids,
                                 const std::string& outline) {
    const PreviousBundle* earlier = open_previous(profile);
    if (!earlier || earlier->record.outline != outline) return ids;
    std::vector<std::string> again;
    for (const auto& id : ids)
      if (!bundle.carry(id)) again.push_back(id);
    return again;
  }

  // Reads pack.lessons[indexes] again through the lesson stream and adds their pages to `bundle`.
  bool add_again(ProfileBundle& bundle, std::vector<std::size_t> indexes, const LocalizedSummaries& translations) {
    if (failed()) return false;
    LessonStream stream(pack, std::move(indexes), options.localize, diagnostics, options.media.jobs);
    while (const LocalizedBatch* batch = stream.next())
      if (failed() || !bundle.add(*batch, translations)) return false;
    return !failed();
  }
};

PackBuild::PackBuild(const Pack& pack, const BuildOptions& options, Diagnostics& diagnostics)
    : impl_(std::make_unique<Impl>(pack, options, diagnostics)) {
  impl_->profiles = selected_profiles(pack, options);
  for (std::size_t i = 0; i < pack.to_load.size(); ++i) impl_->listing.emplace(pack.to_load[i].id, i);
}

// Nothing is made in the output folder before the first page is: a pack that
// fails its check in the first batch leaves no trace there.
bool PackBuild::Impl::start() {
  if (started) return first != nullptr;
  started = true;
  if (profiles.empty()) return false;
  std::error_code ec;
  created_out_dir = !fs::exists(options.out_dir, ec);
  fs::create_directories(options.out_dir, ec);
  if (ec) throw FatalError(fmt::format("cannot create the output folder {}: {}", options.out_dir.string(), ec.message()));
  if (const std::size_t stale = remove_stale_temporaries(options.out_dir, build_started))
    diagnostics.report({Severity::note, {display_path(options.out_dir)},
                        fmt::format("removed {} temporary file{} left by an interrupted build", stale,
                                    stale == 1 ? "" : "s"),
                        "stale-temporaries"});
  if (auto made = make_page_setup(pack, options.localize, diagnostics)) setup = std::move(*made);
  // Processed images wait in a spool folder (not in memory) until they are zipped.
  spool = options.out_dir / temporary_media_folder(pack.id, pack.version, ::getpid());
  spool_cleanup = std::make_unique<TemporaryPaths>(fs::path(), spool);
  if (options.media_stage) {
    fs::create_directories(spool, ec);
    if (ec) throw FatalError(fmt::format("cannot create {}: {}", spool.string(), ec.message()));
  }
  if (failed()) return false;
  if (options.media.cache && !options.tools.empty()) {  // else nothing is recorded or carried over
    std::vector<std::string> settings{
        "hocso " HOCSO_VERSION, fmt::format("zlib {}", zlibVersion()),
        fmt::format("SOURCE_DATE_EPOCH {}", options.source_date_epoch)};
    auto stage = [&](const char* kind, const auto& choice, const std::string& salt) {
      settings.push_back(fmt::format("{} {} {} {}", kind, choice.name, choice.settings_json, salt));
    };
    if (options.localize.stage) stage("localize", *options.localize.stage, "");
    if (options.media_stage) stage("media", *options.media_stage, options.media_stage->stage->cache_salt());
    if (options.audio_stage) stage("audio", *options.audio_stage, options.audio_stage->stage->cache_salt());
    if (options.speech_stage) stage("speech", *options.speech_stage, options.speech_stage->stage->cache_salt());
    inputs = build_inputs_digest(pack, options.tools, settings, options.out_dir, sources);
  }
  first = profile_bundle(profiles.front());
  return true;
}

PackBuild::Impl::~Impl() {
  first.reset();
  pending.clear();
  spool_cleanup.reset();
  std::error_code ec;
  if (created_out_dir && fs::is_empty(options.out_dir, ec)) fs::remove(options.out_dir, ec);
}

PackBuild::~PackBuild() = default;

void PackBuild::batch(const LocalizedBatch& batch, const LocalizedSummaries& summaries) {
  const std::vector<const Lesson*>& lessons = batch.lessons;
  Impl& b = *impl_;
  if (b.failed() || (lessons.empty() && batch.recalled.empty()) || !b.start()) return;
  // Each lesson's own files, for the build record: the stream's digests when
  // it has them (its record), else computed here, before its pages are made.
  if (!b.inputs.empty()) {
    auto digest = [&](const std::string& id) {
      if (batch.inputs)
        if (auto it = batch.inputs->find(id); it != batch.inputs->end()) return it->second;
      return lesson_inputs_digest(b.pack, id, b.sources);
    };
    for (const Lesson* lesson : lessons) b.lesson_inputs[lesson->id] = digest(lesson->id);
    for (const LessonSummary* lesson : batch.recalled) b.lesson_inputs[lesson->id] = digest(lesson->id);
  }
  // A page that names a lesson later in the pack as a prerequisite shows that
  // lesson's (translated) title: it waits for finish(). The others are made
  // now (a link in the body needs only the lesson's id, which the pack lists).
  std::size_t last = 0;
  for (const Lesson* lesson : lessons) last = std::max(last, b.listing.at(lesson->id));
  for (const LessonSummary* lesson : batch.recalled) last = std::max(last, b.listing.at(lesson->id));
  auto later = [&](const std::string& id) {
    auto it = b.listing.find(id);
    return it != b.listing.end() && it->second > last;
  };
  // A lesson whose pages the earlier bundle has, made from the same files,
  // waits too: finish() knows whether the other lessons they show changed.
  std::vector<const Lesson*> now;
  for (const Lesson* lesson : lessons) {
    if (b.first->can_carry(*lesson)) b.reusable.push_back(lesson->id);
    else if (std::any_of(lesson->requires_ids.begin(), lesson->requires_ids.end(), later)) b.waiting.push_back(lesson->id);
    else now.push_back(lesson);
  }
  // A lesson the stream took from its record was not read: its pages are
  // carried over, or made when finish() reads it again.
  for (const LessonSummary* lesson : batch.recalled)
    (b.first->can_carry(*lesson) ? b.reusable : b.waiting).push_back(lesson->id);
  b.first->add({now, batch.translations}, summaries);
}

std::vector<const Profile*> PackBuild::profiles() const {
  std::vector<const Profile*> profiles;
  for (const auto& name : impl_->profiles)
    for (const Profile& p : impl_->pack.profiles)
      if (p.name == name) profiles.push_back(&p);
  return profiles;
}

bool PackBuild::finish(const LocalizedSummaries& translations, const signing::SecretKey& key) {
  Impl& b = *impl_;
  if (b.failed()) return false;
  b.start();  // a pack without lessons
  if (b.failed()) return false;
  // What every page shows of the other lessons, in each language.
  std::string outline;
  for (const auto& lang : b.pack.languages) outline += links_digest(b.pack, shown_lessons(translations, lang));
  std::map<std::string, std::size_t> index;  // id -> place in pack.lessons
  for (std::size_t i = 0; i < b.pack.lessons.size(); ++i) index.emplace(b.pack.lessons[i].id, i);
  // The first profile: the pages carried over or that waited, then the rest of the bundle.
  if (b.first) {
    for (auto& id : b.carry(*b.first, b.profiles.front(), std::move(b.reusable), outline))
      b.waiting.push_back(std::move(id));
    std::vector<std::size_t> waiting;
    for (const auto& id : b.waiting) waiting.push_back(index.at(id));
    std::sort(waiting.begin(), waiting.end());
    if (!b.add_again(*b.first, std::move(waiting), translations)) return false;
    auto done = b.first->finish(translations, key);
    if (done) done->outline = outline;
    b.first.reset();
    b.sources.save();  // what was learnt of the sources helps the next build, even a failed one
    if (!done) return false;
    b.pending.push_back(std::move(*done));
  }
  // Every other profile carries over what it can, then reads the other lessons
  // again, a batch at a time.
  for (std::size_t p = 1; p < b.profiles.size(); ++p) {
    const std::unique_ptr<ProfileBundle> bundle = b.profile_bundle(b.profiles[p]);
    std::vector<std::string> reusable;
    for (const auto& lesson : b.pack.lessons)
      if (bundle->can_carry(lesson)) reusable.push_back(lesson.id);
    std::set<std::string> carried(reusable.begin(), reusable.end());
    for (const auto& id : b.carry(*bundle, b.profiles[p], reusable, outline)) carried.erase(id);
    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < b.pack.lessons.size(); ++i)
      if (!carried.count(b.pack.lessons[i].id)) rest.push_back(i);
    if (!b.add_again(*bundle, std::move(rest), translations)) return false;
    auto done = bundle->finish(translations, key);
    if (done) done->outline = outline;
    b.sources.save();
    if (!done) return false;
    b.pending.push_back(std::move(*done));
  }
  return true;
}

std::vector<BuiltBundle> PackBuild::publish() {
  Impl& b = *impl_;
  throw_if_interrupted();
  std::vector<BuiltBundle> built;
  for (auto& p : b.pending) {
    std::error_code ec;
    fs::rename(p.temp_file, p.built.path, ec);
    if (ec)
      throw FatalError(fmt::format("cannot move the bundle into place at {}: {}", p.built.path.string(), ec.message()));
    p.cleanup->keep_file();
    built.push_back(p.built);
    // The record of what was written, for the next build of this bundle.
    const auto identity = file_identity(p.built.path);
    if (!p.lessons || !identity || b.inputs.empty()) continue;
    BuildRecord record{p.built.path.filename().string(), *identity, b.profile_inputs(p.built.profile), p.outline, {}};
    for (const auto& listing : b.pack.to_load)
      if (auto it = p.lessons->find(listing.id); it != p.lessons->end()) record.lessons.push_back(std::move(it->second));
    store_build_record(*b.options.media.cache, {b.options.out_dir, b.pack.id, p.built.profile}, record);
  }
  b.pending.clear();
  b.created_out_dir = false;
  return built;
}

}  // namespace hocso
