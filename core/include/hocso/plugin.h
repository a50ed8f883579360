#pragma once
// The hocso plugin API. This header (with diagnostic.h) is all a plugin sees.
//
// A plugin is a shared library that exports one C-linkage entry point,
//   extern "C" const hocso_plugin_info* hocso_plugin_entry();
// (use HOCSO_PLUGIN(info) below). The host calls it, checks api_version and then
// the ABI fingerprint before it touches any other field, then calls
// register_stages() once. Plugins must do no work at load time (no static
// constructors with side effects), report problems only through
// PluginContext::report, and never print or exit.
//
// Versions are MAJOR.MINOR (docs/plugins.md, "Plugin API versions";
// docs/decisions/0011-plugin-abi-and-versions.md). A minor version only
// appends: a virtual function at the end of a class the host implements
// (PluginContext, StageCache, StageRegistry), a field at the end of a struct the
// host fills and passes by reference (the views, ImageRequest), a virtual
// function at the end of a stage interface (the host calls it only on plugins
// built for that minor or a later one), a field at the end of
// hocso_plugin_info (read likewise). A plugin built for an older minor of the
// same major keeps loading. Any other change of layout is a new major.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hocso/diagnostic.h"

// Before 6.0 the version was one number (5: PluginContext::cache(); 4:
// ValidateStage sees one lesson at a time; 3: content_root(), the lesson id in
// LocalizeStage::translate(), licence files of fonts).
// 6.0: MAJOR.MINOR versions; the ABI fingerprint after api_version; no Boost;
//      ImageRequest::source_file (the host chooses the file a media stage reads).
// 6.1: Segment::context of a lesson's text is "<lesson id>|<role>" (title,
//      summary, objective, label, quiz-question, quiz-choice, heading,
//      paragraph, list-item), no longer the lesson id alone (decision 0021).
// 6.2: audio stages: AudioStage, AudioRequest, AudioResult and
//      StageRegistry::add_audio_stage() at its end (decision 0023).
// 6.3: speech stages (a marked machine voice for units no one recorded):
//      SpeechStage, SpeechRequest, SpeechResult and
//      StageRegistry::add_speech_stage() at its end (decision 0024).
// 6.4: ValidateStage::lesson_memo() and recall_lesson() at its end: a lesson
//      whose files did not change since the last check is not read again
//      (decision 0027).
#define HOCSO_PLUGIN_API_MAJOR 6u
#define HOCSO_PLUGIN_API_MINOR 4u
// api_version's encoding: the major in the high 16 bits, the minor in the low.
#define HOCSO_PLUGIN_API_VERSION_OF(major, minor) ((static_cast<std::uint32_t>(major) << 16) | (minor))
#define HOCSO_PLUGIN_API_VERSION HOCSO_PLUGIN_API_VERSION_OF(HOCSO_PLUGIN_API_MAJOR, HOCSO_PLUGIN_API_MINOR)

// The ABI fingerprint: what a plugin and the host must share beyond this header
// for the std::string, std::vector, std::filesystem::path and std::unique_ptr
// that cross it to have one layout. Computed from each side's own compiler
// settings; the host refuses a plugin whose fingerprint differs from its own.
//   bits 0-7    the C++ standard library: 1 libstdc++, 2 libc++, 0 another
//   bit 8       libstdc++'s C++11 ABI of std::string (_GLIBCXX_USE_CXX11_ABI=1)
//   bit 9       libstdc++'s debug mode (_GLIBCXX_DEBUG: debug containers, another layout)
//   bits 16-23  libc++'s ABI version (_LIBCPP_ABI_VERSION)
// _GLIBCXX_ASSERTIONS is not part of it: it adds checks, not fields.
#if defined(_LIBCPP_VERSION)
#define HOCSO_PLUGIN_ABI (2u | ((static_cast<std::uint32_t>(_LIBCPP_ABI_VERSION) & 0xFFu) << 16))
#elif defined(__GLIBCXX__)
#if _GLIBCXX_USE_CXX11_ABI
#define HOCSO_PLUGIN_ABI_STRING_ 0x100u
#else
#define HOCSO_PLUGIN_ABI_STRING_ 0u
#endif
#if defined(_GLIBCXX_DEBUG)
#define HOCSO_PLUGIN_ABI_DEBUG_ 0x200u
#else
#define HOCSO_PLUGIN_ABI_DEBUG_ 0u
#endif
#define HOCSO_PLUGIN_ABI (1u | HOCSO_PLUGIN_ABI_STRING_ | HOCSO_PLUGIN_ABI_DEBUG_)
#else
#define HOCSO_PLUGIN_ABI 0u
#endif

namespace hocso {

// ---- What plugins are shown -------------------------------------------------

// A YAML document (pack file or lesson front matter) as JSON text, with the
// source position of every node, addressed by RFC 6901 JSON pointer ("" = root).
class SourceDocument {
 public:
  virtual ~SourceDocument() = default;
  // The document as compact JSON text (mappings keep source order).
  virtual const std::string& json() const = 0;
  // Where the node at `json_pointer` starts; for a missing pointer, the nearest
  // existing ancestor. The file is always set.
  virtual Location locate(std::string_view json_pointer) const = 0;
  // Where the key of the mapping member at `json_pointer` starts (the place to
  // point at for an unknown or misspelt key); for any other node, locate().
  virtual Location locate_key(std::string_view json_pointer) const = 0;
};

// A reference from a lesson body to another file: an image or a link.
struct SourceReference {
  enum class Kind { image, link };
  Kind kind = Kind::link;
  std::string target;  // as written (URL-decoded), e.g. "screens/login.png"
  std::string text;    // alt text of an image, "" for links
  Location where;
};

// A loaded lesson, valid for the duration of one validate_lesson() call.
struct LessonView {
  std::string id;                       // folder name
  std::filesystem::path folder;         // absolute, canonical
  std::string markdown_path;            // for messages, e.g. "lessons/x/lesson.md"
  const SourceDocument* front_matter = nullptr;
  std::string_view body;                // Markdown after the front matter, NFC, LF
  int body_first_line = 1;              // line of `body`'s first line in the file
  std::vector<SourceReference> references;  // images and links in the body, in order
};

// The pack file, valid from begin_pack() to end_pack().
struct PackView {
  std::string id;
  std::string version;
  std::filesystem::path content_root;   // the folder that holds packs/ (absolute)
  std::string pack_path;                // for messages, e.g. "packs/hocso-co-ban.yaml"
  const SourceDocument* document = nullptr;
  std::vector<std::string> listed_lesson_ids;  // as listed in the pack, duplicates kept
};

// ---- What plugins may ask of the host -----------------------------------------

// The host's build cache, for results a stage can make again but slowly (a
// catalog's check and parse). The host authenticates every entry with a secret
// the cache folder does not hold, so find() returns only bytes that this
// host's store() wrote for the same kind and key; a stage still treats them as
// a hint (its key must name everything the result depends on, e.g. the SHA-256
// of the input bytes). Kinds and keys are [a-z0-9-]{1,128}. Thread-safe.
class StageCache {
 public:
  virtual ~StageCache() = default;
  virtual std::optional<std::string> find(std::string_view kind, std::string_view key) const = 0;
  // A failed store only costs time; it is not reported.
  virtual void store(std::string_view kind, std::string_view key, std::string_view bytes) const = 0;
};

class PluginContext {
 public:
  virtual ~PluginContext() = default;
  virtual void report(Diagnostic diagnostic) = 0;
  // The settings the pack gives this stage (`plugins: - name: X  settings: {...}`)
  // as JSON text; "{}" when none.
  virtual const std::string& settings_json() const = 0;
  // hocso's shared data folder (holds schemas/); absolute.
  virtual const std::filesystem::path& hocso_data_dir() const = 0;
  // This plugin's own data folder (<data>/plugins/<plugin name>/); may not exist.
  virtual const std::filesystem::path& plugin_data_dir() const = 0;
  // The content folder of the pack being processed, absolute: it holds packs/,
  // lessons/ and i18n/ (where translation catalogs live). Empty when the host
  // has no pack to give.
  virtual const std::filesystem::path& content_root() const {
    static const std::filesystem::path none;
    return none;
  }
  // The build cache; nullptr when there is none (--no-cache, `hocso check`
  // without one, a cache that cannot be trusted). Keep nothing between builds
  // in any other place: a file beside the content is not authenticated.
  virtual const StageCache* cache() const { return nullptr; }
};

// ---- Stages -----------------------------------------------------------------

// Checks a pack. The host streams lessons through a build in batches, so a
// stage sees them one at a time, in pack order, and keeps only what its checks
// across lessons need (validate-core: the `requires` graph). Every call of one
// pack gets a context with the same settings; report() may be called in any of
// them. Lessons that failed to load are not shown (the host reported why).
class ValidateStage {
 public:
  virtual ~ValidateStage() = default;
  // Once per pack, before any lesson.
  virtual void begin_pack(const PackView& pack, PluginContext& context) = 0;
  // Once per loaded lesson; `lesson` and what it points to are gone after the call.
  virtual void validate_lesson(const PackView& pack, const LessonView& lesson, PluginContext& context) = 0;
  // Once per pack, after every lesson: the checks that span lessons.
  virtual void end_pack(const PackView& pack, PluginContext& context) = 0;

  // (6.4) Right after validate_lesson(): what this stage keeps of that lesson
  // for end_pack(), as bytes, when what validate_lesson() reported of it
  // depends only on the lesson's own files (its folder, catalogs and
  // recordings), the pack's other files, this stage's settings, code and data,
  // and the day; nullopt (the default) otherwise. hocso records it beside the
  // lesson's diagnostics. A later run whose lesson and other inputs are the same
  // calls recall_lesson() with it instead of validate_lesson(), in the same place
  // in pack order, and says the recorded diagnostics again itself.
  virtual std::optional<std::string> lesson_memo(const PackView& pack, const std::string& lesson_id) {
    (void)pack, (void)lesson_id;
    return std::nullopt;
  }
  // (6.4) A lesson not read again: `memo` is what lesson_memo() returned for it.
  virtual void recall_lesson(const PackView& pack, const std::string& lesson_id, std::string_view memo,
                             PluginContext& context) {
    (void)pack, (void)lesson_id, (void)memo, (void)context;
  }
};

// One image a lesson page shows, to be turned into the bytes a bundle stores
// for one device profile.
struct ImageRequest {
  std::filesystem::path lesson_folder;  // absolute, canonical
  std::string lesson_id;
  std::string target;                   // as referenced, relative to the lesson folder ("screens/a.png")
  std::string alt;                      // the alt text
  std::string language;                 // the page's language (for screens/<lang>/NAME variants)
  std::vector<std::string> fallbacks;   // languages to try after `language`, ending with the source language
  std::string overlays_json;            // the front matter's `screens:` entry for target, or "{}";
                                        // its `label` is already in the page's language (or its fallback)
  std::string profile_name;             // e.g. "phone"
  std::string profile_json;             // the pack's settings for that profile
  Location where;                       // the reference in lesson.md, for diagnostics
  // The file to read, relative to lesson_folder ("screens/en/a.png"): the host
  // chose it (screens/<lang>/NAME for `language`, then each fallback, then
  // `target`) and checked that it is a regular file inside the lesson folder
  // reached through no symbolic link. The build cache key covers exactly this
  // file, so a stage must read no other.
  std::string source_file;
};

struct ImageResult {
  bool ok = false;           // false: the stage reported why (a diagnostic); nothing is stored
  std::string bytes;         // the encoded image to store
  std::string extension;     // "webp", "png", "jpg"
  int width = 0;             // of the stored image
  int height = 0;
  std::string source_file;   // the file actually used (relative to the lesson folder), for messages
};

// Turns lesson images into stored images. Called from several threads at once,
// with its own PluginContext per call; must be deterministic (same request and
// source bytes, same result bytes).
class MediaStage {
 public:
  virtual ~MediaStage() = default;
  virtual ImageResult process(const ImageRequest& request, PluginContext& context) = 0;
  // A string that changes whenever this stage's output for the same request
  // could change (the plugin and library versions); part of the build cache key.
  virtual std::string cache_salt() const = 0;
};

// One narration recording (content/audio/<lang>/<lesson>/<unit>.<ext>,
// decision 0023) to be turned into the audio a bundle stores for one device
// profile. The host chose the file: a regular file reached through no symbolic
// link, whose unit's text is the one it was recorded for. (6.2)
struct AudioRequest {
  std::filesystem::path file;    // absolute; the stage reads this file and no other (the cache key covers it)
  std::string source_file;       // the file as messages name it ("content/audio/vi/x/step-1.wav")
  std::string language;          // the recording's language
  std::string lesson_id;
  std::string unit;              // "intro", "step-2", "quiz-1"
  std::string profile_name;      // e.g. "phone"
  std::string profile_json;      // the pack's settings for that profile (its `audio:` entry)
};

struct AudioResult {
  bool ok = false;               // false: the stage reported why (a diagnostic); nothing is stored
  std::string bytes;             // the encoded audio to store
  std::string extension;         // "opus" (Ogg Opus)
  double duration_seconds = 0;   // of the stored audio
};

// Turns narration recordings into stored audio. Called from several threads at
// once, with its own PluginContext per call; must be deterministic (same
// request and source bytes, same result bytes). (6.2)
class AudioStage {
 public:
  virtual ~AudioStage() = default;
  virtual AudioResult process(const AudioRequest& request, PluginContext& context) = 0;
  // Changes whenever the output for the same request could change; part of the build cache key.
  virtual std::string cache_salt() const = 0;
};

// A unit of a lesson that no one has recorded, to be read by a machine voice
// (a pack's `audio: {tts: [...]}`). The host gives plain text: no Markdown, no
// pictures. (6.3)
struct SpeechRequest {
  std::string text;         // what the page shows, as sentences, UTF-8
  std::string language;     // the text's language, a BCP 47 tag the stage said it speaks
  std::string lesson_id;
  std::string unit;         // "intro", "step-2", "quiz-1"
  std::string source_file;  // the lesson as messages name it
};

struct SpeechResult {
  bool ok = false;     // false: the stage reported why; the unit gets no narration
  std::string wav;     // the speech as a WAV file (mono; any rate the audio stage accepts)
};

// A machine voice. Called from several threads at once (a stage whose library
// is not thread-safe serializes itself); must be deterministic. Its speech goes
// through the pack's audio stage like a recording, and the bundle marks it as
// a machine voice. (6.3)
class SpeechStage {
 public:
  virtual ~SpeechStage() = default;
  // Whether the stage has a voice for `language` (a BCP 47 tag).
  virtual bool speaks(const std::string& language) const = 0;
  // The voice's name as the bundle shows it, e.g. "espeak-ng 1.51 (vi)".
  virtual std::string voice(const std::string& language) const = 0;
  virtual SpeechResult speak(const SpeechRequest& request, PluginContext& context) = 0;
  // Changes whenever the speech for the same request could change; part of the build cache key.
  virtual std::string cache_salt() const = 0;
};

// ---- Languages and translation ---------------------------------------------

// A font a language needs, shipped in the language plugin's data folder
// (PluginContext::plugin_data_dir()). Bundles of packs with the language embed
// both files, and that language's pages use the font.
struct FontFile {
  std::string file;     // "TaiHeritagePro-Regular.woff" (.woff2, .woff, .ttf or .otf)
  std::string license;  // its licence text, e.g. "TaiHeritagePro-OFL.txt"; required
};

// A language a pack can be translated into, as a language plugin (lang-*) describes it.
struct LanguageInfo {
  std::string tag;                     // BCP 47 with script and region where it matters: "mtq-Latn-VN"
  std::string native_name;             // as its speakers write it: "Mường"
  std::string english_name;            // "Muong"
  std::string direction = "ltr";       // "ltr" or "rtl"
  std::string plural_forms = "nplurals=1; plural=0;";  // the PO Plural-Forms header
  std::vector<std::string> fallbacks;  // tried in order when a segment is missing, e.g. {"vi"}
  std::vector<FontFile> fonts;         // fonts the bundle must embed (none: readers' own fonts suffice)
};

// What a language plugin knows about its language's writing. The host calls
// normalize() and check() one call at a time (possibly from different worker
// threads), so they need not be thread-safe.
class LanguageStage {
 public:
  virtual ~LanguageStage() = default;
  virtual const LanguageInfo& info() const = 0;
  // Normalizes a translated text (already NFC), e.g. one tone-mark style.
  virtual std::string normalize(std::string_view text) const = 0;
  // Reports orthography problems in a translated text found at `where`.
  virtual void check(std::string_view text, const Location& where, PluginContext& context) const = 0;
};

// A translatable piece of a lesson, kept as its Markdown source text.
struct Segment {
  std::string context;  // msgctxt: "<lesson id>|<role>" ("cai-dat-vneid|heading"), "ui" for page labels
  std::string text;     // msgid: the source text
  Location where;       // in the source file
};

struct SegmentTranslation {
  enum class State { translated, fuzzy, missing };
  State state = State::missing;
  std::string text;     // the translation when translated (fuzzy and missing ones are not used)
  // Where the translation is (the catalog file as the user should see it, and
  // the line of its entry), for the host's diagnostics about it; line 0 when the
  // catalog has no entry, all empty when there is no catalog.
  Location where;
};

// Looks translations up (translate-po: in content/i18n/<language>/<lesson id>.po).
// Called once per language and lesson, with all of the lesson's segments in
// source order (each Segment::context starts with "<lesson id>|"); returns one entry per
// segment, in the same order. A catalog the stage cannot read is reported
// through `context` (file and line) and its segments returned as missing.
// The host keeps the rest: fallback along the language's chain, markup checks,
// the language plugin's normalize() and check(), freshness and coverage.
// Lessons are translated on the host's worker threads, but translate() is called
// one call at a time, so it need not be thread-safe (it must not keep per-thread
// state from one call to the next).
class LocalizeStage {
 public:
  virtual ~LocalizeStage() = default;
  virtual std::vector<SegmentTranslation> translate(const std::string& language, const std::string& lesson_id,
                                                    const std::vector<Segment>& segments,
                                                    PluginContext& context) = 0;
};

// The host owns registration; a plugin adds its stages in register_stages().
// Stage names are what the pack's `plugins:` list refers to.
class StageRegistry {
 public:
  virtual ~StageRegistry() = default;
  virtual void add_validate_stage(std::string name, std::string summary,
                                  std::unique_ptr<ValidateStage> stage) = 0;
  virtual void add_media_stage(std::string name, std::string summary,
                               std::unique_ptr<MediaStage> stage) = 0;
  virtual void add_localize_stage(std::string name, std::string summary,
                                  std::unique_ptr<LocalizeStage> stage) = 0;
  // A language; its stage name is "lang-<tag>".
  virtual void add_language(std::unique_ptr<LanguageStage> language) = 0;
  // 6.2: an audio stage (narration recordings).
  virtual void add_audio_stage(std::string name, std::string summary, std::unique_ptr<AudioStage> stage) = 0;
  // 6.3: a speech stage (a machine voice).
  virtual void add_speech_stage(std::string name, std::string summary, std::unique_ptr<SpeechStage> stage) = 0;
};

}  // namespace hocso

// ---- The entry point (C layout) -----------------------------------------------

extern "C" {
// A plugin fills in name, version, summary and register_stages (designated
// initializers); api_version and abi default to what this header and the
// plugin's compiler settings say.
struct hocso_plugin_info {
  // These two stay first, in this form, in every major version: the host reads
  // api_version, then abi, and refuses the plugin on either before it reads on.
  std::uint32_t api_version = HOCSO_PLUGIN_API_VERSION;  // MAJOR.MINOR the plugin was built with
  std::uint32_t abi = HOCSO_PLUGIN_ABI;                  // the plugin's ABI fingerprint
  const char* name = nullptr;           // e.g. "validate-core"
  const char* version = nullptr;        // the plugin's own version
  const char* summary = nullptr;        // one line for `hocso plugin list`
  void (*register_stages)(hocso::StageRegistry* registry) = nullptr;
  // Fields a minor version adds go here, each under a comment naming that minor.
};
}

#define HOCSO_PLUGIN_ENTRY_SYMBOL "hocso_plugin_entry"

// Plugins are built with hidden visibility; the entry point is the one export.
#if defined(__GNUC__) || defined(__clang__)
#define HOCSO_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define HOCSO_PLUGIN_EXPORT
#endif

// Defines the exported entry point returning `info` (a static hocso_plugin_info).
#define HOCSO_PLUGIN(info)                                                      \
  extern "C" HOCSO_PLUGIN_EXPORT const hocso_plugin_info* hocso_plugin_entry(); \
  extern "C" HOCSO_PLUGIN_EXPORT const hocso_plugin_info* hocso_plugin_entry() { return &(info); }
