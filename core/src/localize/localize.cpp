#include "localize.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include <fmt/format.h>

#include "fallback_chain.h"
#include "hashing.h"
#include "markdown.h"
#include "page_labels.h"
#include "parallel.h"
#include "plugin_context.h"
#include "say.h"
#include "schema_limits.h"
#include "segments.h"
#include "step_fit.h"
#include "text_cut.h"
#include "hocso/messages.h"

namespace hocso {

namespace fs = std::filesystem;

namespace {

std::string describe_difference(const MarkupSummary& source, const MarkupSummary& translated) {
  // TRANSLATORS: the {why} of "the translation of … cannot be used: {why}; it is not used until …".
  if (translated.raw_html) return _("it contains raw HTML");
  if (translated.links != source.links) return _("its link targets differ from the source's");
  if (translated.images != source.images) return _("its images differ from the source's");
  if (translated.code_spans != source.code_spans) return _("its code spans differ from the source's");
  if (translated.emphasis != source.emphasis || translated.strong != source.strong)
    return _("its emphasis markers (* _ ** __) differ from the source's");
  return _("it is not a single block like its source (a blank line, list or heading marker was added)");
}

// Asks the localize stage for each (language, lesson) once, so that a broken
// catalog is reported once. An exception or an answer of the wrong length is an
// error naming the plugin file.
class TranslationCache {
 public:
  TranslationCache(const Pack& pack, const LocalizeStageChoice& stage, const StageCache* build_cache,
                   Diagnostics& diagnostics, std::mutex& plugin_calls)
      : pack_(pack), stage_(stage), build_cache_(build_cache), diagnostics_(diagnostics), plugin_calls_(plugin_calls) {}

  // nullptr when the stage failed (reported).
  const std::vector<SegmentTranslation>* get(const std::string& language, const Lesson& lesson,
                                             const std::vector<Segment>& segments) {
    auto key = std::make_pair(language, lesson.id);
    auto found = cache_.find(key);
    if (found != cache_.end()) return found->second ? &*found->second : nullptr;
    std::optional<std::vector<SegmentTranslation>> result;
    HostPluginContext context(diagnostics_, stage_.settings_json, stage_.data_dir, stage_.plugin_data_dir,
                              pack_.content_root, build_cache_);
    try {
      std::lock_guard lock(plugin_calls_);  // plugins are called one at a time
      auto answer = stage_.stage->translate(language, lesson.id, segments, context);
      if (answer.size() == segments.size()) result = std::move(answer);
      else
        diagnostics_.error({stage_.plugin_file},
                           say(N_("localize stage '{stage}' returned {count} translations for the {segments} "
                                  "segments of lesson {lesson} in {language}"),
                               fmt::arg("stage", stage_.name), fmt::arg("count", answer.size()),
                               fmt::arg("segments", segments.size()), fmt::arg("lesson", lesson.id),
                               fmt::arg("language", language)),
                           "plugin-bad-result");
    } catch (const std::exception& e) {
      diagnostics_.error({stage_.plugin_file},
                         say(N_("plugin stage '{stage}' threw an exception: {what}"), fmt::arg("stage", stage_.name),
                             fmt::arg("what", e.what())),
                         "plugin-threw");
    } catch (...) {
      diagnostics_.error({stage_.plugin_file},
                         say(N_("plugin stage '{stage}' threw an exception"), fmt::arg("stage", stage_.name)),
                         "plugin-threw");
    }
    found = cache_.emplace(key, std::move(result)).first;
    return found->second ? &*found->second : nullptr;
  }

 private:
  const Pack& pack_;
  const LocalizeStageChoice& stage_;
  const StageCache* build_cache_;
  Diagnostics& diagnostics_;
  std::mutex& plugin_calls_;
  std::map<std::pair<std::string, std::string>, std::optional<std::vector<SegmentTranslation>>> cache_;
};

// Calls a language plugin (one call at a time: plugins need not be thread-safe),
// turning an exception into an error naming its file.
template <typename F>
bool call_language(const LanguagePlugin& plugin, std::mutex& plugin_calls, Diagnostics& diagnostics, F&& call) {
  try {
    std::lock_guard lock(plugin_calls);
    call();
    return true;
  } catch (const std::exception& e) {
    diagnostics.error({plugin.plugin_file},
                      say(N_("language plugin '{tag}' threw an exception: {what}"),
                          fmt::arg("tag", plugin.stage->info().tag), fmt::arg("what", e.what())),
                      "plugin-threw");
  } catch (...) {
    diagnostics.error({plugin.plugin_file},
                      say(N_("language plugin '{tag}' threw an exception"), fmt::arg("tag", plugin.stage->info().tag)),
                      "plugin-threw");
  }
  return false;
}

std::optional<LocalizedLesson> localize_lesson(const Pack& pack, const Lesson& lesson, const std::string& language,
                                               const LocalizeOptions& options, TranslationCache& cache,
                                               std::mutex& plugin_calls, Diagnostics& diagnostics) {
  const int errors_before = diagnostics.error_count();
  const std::vector<LessonSegment> segments = lesson_segments(lesson);
  std::vector<Segment> asked;
  for (const auto& s : segments) asked.push_back(s.segment);

  // The languages tried, in order (fallback_chain()); the source, last, needs no translation.
  std::vector<std::string> languages = fallback_chain(language, options.fallbacks, pack.source_language);
  languages.pop_back();
  std::vector<const std::vector<SegmentTranslation>*> answers;
  for (const auto& l : languages) answers.push_back(cache.get(l, lesson, asked));
  if (diagnostics.error_count() > errors_before) return std::nullopt;

  LocalizedLesson out;
  {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (!seen.insert(segments[i].segment.text).second) continue;
      const auto state = answers[0] ? (*answers[0])[i].state : SegmentTranslation::State::missing;
      if (state == SegmentTranslation::State::translated && !(*answers[0])[i].text.empty()) ++out.shown.coverage.translated;
      else if (state == SegmentTranslation::State::fuzzy) ++out.shown.coverage.fuzzy;
      else ++out.shown.coverage.missing;
    }
  }

  // The usable text of each segment in each language: translated, normalized by
  // its language plugin, its markup checked against the source; the language's
  // own translations also pass its plugin's orthography check.
  std::vector<std::vector<std::optional<std::string>>> usable(languages.size(),
                                                              std::vector<std::optional<std::string>>(segments.size()));
  // (language, source text) → whether its translation's markup matches the source: checked once.
  std::map<std::pair<std::string, std::string>, bool> markup_verdicts;
  for (std::size_t l = 0; l < languages.size(); ++l) {
    if (!answers[l]) continue;
    auto plugin = options.languages.find(languages[l]);
    const LanguagePlugin* language_plugin =
        plugin != options.languages.end() && plugin->second.stage ? &plugin->second : nullptr;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const SegmentTranslation& t = (*answers[l])[i];
      if (t.state != SegmentTranslation::State::translated || t.text.empty()) continue;
      const LessonSegment& s = segments[i];
      std::string text = t.text;
      if (language_plugin &&
          !call_language(*language_plugin, plugin_calls, diagnostics,
                         [&] { text = language_plugin->stage->normalize(t.text); }))
        continue;
      const Location where = t.where.file.empty() ? s.segment.where : Location{t.where.file, t.where.line, 1};
      // A message about this segment's translation: it names the source text and where it is.
      auto about = [&](const char* msgid, auto&&... more) {
        return say(msgid, fmt::arg("source", shorten_text(s.segment.text, 60)), fmt::arg("file", lesson.markdown_path),
                   fmt::arg("line", s.segment.where.line), std::forward<decltype(more)>(more)...);
      };
      // A translator's slip is that language's problem only: the text is not
      // used (learners see the next language of the chain) and the other
      // languages build; `--strict` makes the warning an error for CI.
      if (s.origin == LessonSegment::Origin::front_matter) {
        const auto limit = schema_max_length(options.lesson_schema, s.field.pointer());
        if (limit && code_points(text) > *limit) {
          diagnostics.warning(where,
                              about(N_("the translation of \"{source}\" ({file}:{line}) is {count} characters long; "
                                       "this field allows at most {limit}, as in the source; it is not used until it "
                                       "is fixed (learners see the text in the next language of the fallback chain)"),
                                    fmt::arg("count", code_points(text)), fmt::arg("limit", *limit)),
                              "translation-too-long");
          continue;
        }
        if (s.field.kind == TextField::Kind::screen_label && code_points(text) > kPictureLabelMaxCharacters &&
            code_points(text) > code_points(s.segment.text))
          diagnostics.warning(
              where,
              about(N_("the translation of the picture label \"{source}\" ({file}:{line}) has "
                       "{count} characters; a label drawn on a picture should have at most {limit}: "
                       "shorten it"),
                    fmt::arg("count", code_points(text)), fmt::arg("limit", kPictureLabelMaxCharacters)),
              "label-too-long");
      }
      const auto [verdict, first] = markup_verdicts.emplace(std::pair{languages[l], s.segment.text}, true);
      if (first) {
        if (s.origin == LessonSegment::Origin::body) {
          const MarkupSummary source = markup_summary(s.segment.text), translated = markup_summary(text);
          if (!(source == translated)) {
            verdict->second = false;
            diagnostics.warning(where,
                                about(N_("the translation of \"{source}\" ({file}:{line}) cannot be used: {why}; it "
                                         "is not used until it is fixed (learners see the text in the next language "
                                         "of the fallback chain)"),
                                      fmt::arg("why", describe_difference(source, translated))),
                                "translation-markup");
          }
        }
        if (verdict->second && l == 0 && language_plugin) {
          HostPluginContext context(diagnostics, "{}", options.stage ? options.stage->data_dir : fs::path(),
                                    language_plugin->plugin_data_dir, pack.content_root);
          call_language(*language_plugin, plugin_calls, diagnostics,
                        [&] { language_plugin->stage->check(text, where, context); });
        }
      }
      if (!verdict->second) continue;
      usable[l][i] = std::move(text);
    }
  }
  if (diagnostics.error_count() > errors_before) return std::nullopt;

  // ---- the body, unit by unit ----
  const std::vector<std::vector<std::size_t>> unit_segments = body_units(lesson, segments);  // indices into segments
  std::map<std::size_t, std::string> replacements;
  for (std::size_t u = 0; u < unit_segments.size(); ++u) {
    const std::string source_text = unit_source_text(segments, unit_segments[u]);
    std::string shown = pack.source_language;
    for (std::size_t l = 0; l < languages.size(); ++l) {
      const bool complete = std::all_of(unit_segments[u].begin(), unit_segments[u].end(),
                                        [&](std::size_t i) { return usable[l][i].has_value(); });
      if (!complete) continue;
      shown = languages[l];
      for (std::size_t i : unit_segments[u]) replacements[segments[i].block] = *usable[l][i];
      break;
    }
    out.shown.units.push_back({shown, to_hex(sha256(source_text))});
  }

  // ---- the copy: the whole lesson, its texts then replaced ----
  auto copy = std::make_unique<Lesson>(lesson);
  copy->front_matter.reset();  // the source texts; a page of the copy shows the translated fields
  const std::string body = replace_markdown_blocks(*lesson.markdown, replacements);
  // Translations passed their markup check one by one; a failure here would be
  // a bug in block replacement, reported on the lesson rather than hidden.
  copy->markdown = parse_markdown(body, lesson.markdown_path, lesson.body_first_line, diagnostics);
  if (!copy->markdown) return std::nullopt;

  for (std::size_t i = 0; i < segments.size(); ++i) {
    const LessonSegment& s = segments[i];
    if (s.origin != LessonSegment::Origin::front_matter) continue;
    std::string shown = pack.source_language;
    std::string text = s.segment.text;
    for (std::size_t l = 0; l < languages.size(); ++l)
      if (usable[l][i]) {
        shown = languages[l];
        text = *usable[l][i];
        break;
      }
    set_text(*copy, s.field, std::move(text));
    out.shown.fields.push_back({s.field, shown, to_hex(sha256(s.segment.text))});
  }
  out.lesson = std::move(copy);
  return out;
}

// "a, b and c"
std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    // TRANSLATORS: between the last two of a list of language tags, "vi, en and mtq-Latn-VN".
    out += (i == 0 ? "" : i + 1 == items.size() ? _(" and ") : ", ") + items[i];
  return out;
}

}  // namespace

LocalizedSummary summary_of(const LocalizedLesson& localized) {
  LocalizedSummary summary;
  if (localized.lesson) summary.lesson = summary_of(*localized.lesson);
  for (const auto& f : localized.shown.fields)
    if (f.field == TextField::title() || f.field == TextField::summary()) summary.shown.fields.push_back(f);
  summary.shown.coverage = localized.shown.coverage;
  return summary;
}

std::optional<LocalizedLessons> localize_lessons(const Pack& pack, const std::vector<const Lesson*>& lessons,
                                                 const LocalizeOptions& options, Diagnostics& diagnostics,
                                                 unsigned jobs, std::vector<Diagnostics>* per_lesson) {
  LocalizedLessons out;
  std::vector<std::string> targets;
  for (const auto& lang : pack.languages)
    if (lang != pack.source_language) targets.push_back(lang);
  if (targets.empty()) return out;
  if (!options.stage) {
    diagnostics.error(pack.document ? pack.document->locate("/languages") : Location{pack.pack_path},
                      fmt::format(fmt::runtime(P_("the pack's language {languages} needs a localize stage to "
                                                  "translate its lessons, and '{stage}' is not installed or could not "
                                                  "be loaded (hocso-{stage}.so; `hocso plugin list` shows the plugins "
                                                  "found and why any was not loaded)",
                                                  "the pack's languages {languages} need a localize stage to "
                                                  "translate its lessons, and '{stage}' is not installed or could not "
                                                  "be loaded (hocso-{stage}.so; `hocso plugin list` shows the plugins "
                                                  "found and why any was not loaded)",
                                                  targets.size())),
                                  fmt::arg("languages", joined(targets)), fmt::arg("stage", options.stage_name)),
                      "localize-stage-missing");
    return std::nullopt;
  }
  // Lesson by lesson on the worker threads: each lesson's translations are asked
  // for once (a fallback language's too) and forgotten after it, and its
  // diagnostics are merged in pack order. Plugin calls take turns.
  std::mutex plugin_calls;
  std::vector<std::vector<std::optional<LocalizedLesson>>> results(lessons.size());
  std::vector<Diagnostics> own(per_lesson ? 0 : lessons.size());
  std::vector<Diagnostics>& reports = per_lesson ? *per_lesson : own;
  parallel_for(lessons.size(), jobs, [&](std::size_t i) {
    TranslationCache cache(pack, *options.stage, options.cache, reports[i], plugin_calls);
    for (const auto& lang : targets)
      results[i].push_back(localize_lesson(pack, *lessons[i], lang, options, cache, plugin_calls, reports[i]));
  });
  bool failed = false;
  for (std::size_t i = 0; i < lessons.size(); ++i) {
    failed = failed || reports[i].error_count() > 0;
    if (!per_lesson) diagnostics.take(reports[i]);
    for (std::size_t t = 0; t < targets.size(); ++t)
      if (results[i][t]) out.emplace(std::make_pair(targets[t], lessons[i]->id), std::move(*results[i][t]));
  }
  if (failed) return std::nullopt;
  return out;
}

namespace {

// The languages a page of `language` takes its labels from, in order.
std::vector<std::string> label_chain(const Pack& pack, const LocalizeOptions& options, const std::string& language) {
  std::vector<std::string> chain = fallback_chain(language, options.fallbacks, pack.source_language);
  if (std::find(chain.begin(), chain.end(), kPageLabelsLanguage) == chain.end()) chain.push_back(kPageLabelsLanguage);
  return chain;
}

// One language's own labels: its plugin's labels.yaml, then its ui.po over them.
std::optional<LanguageLabels> own_labels(const Pack& pack, const std::string& language, const LocalizeOptions& options,
                                         const std::vector<Segment>& segments, std::mutex& plugin_calls,
                                         Diagnostics& diagnostics) {
  const int errors_before = diagnostics.error_count();
  LanguageLabels own;
  auto plugin = options.languages.find(language);
  const LanguagePlugin* entry = plugin != options.languages.end() ? &plugin->second : nullptr;
  const LanguagePlugin* language_plugin = entry && entry->stage ? entry : nullptr;
  if (entry && !entry->plugin_data_dir.empty()) {
    const fs::path file = entry->plugin_data_dir / "labels.yaml";
    if (auto labels = read_language_labels(file, file.string(), diagnostics)) own.labels = std::move(*labels);
  }
  if (!options.stage || language == kPageLabelsLanguage) return own;
  Lesson ui;
  ui.id = kPageLabelsCatalog;
  TranslationCache cache(pack, *options.stage, options.cache, diagnostics, plugin_calls);
  const std::vector<SegmentTranslation>* answers = cache.get(language, ui, segments);
  if (!answers) return std::nullopt;
  const auto& specs = page_label_specs();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const SegmentTranslation& t = (*answers)[i];
    if (t.state != SegmentTranslation::State::translated || t.text.empty()) continue;
    const Location where = t.where.file.empty() ? segments[i].where : Location{t.where.file, t.where.line, 1};
    std::string text = t.text;
    if (language_plugin &&
        !call_language(*language_plugin, plugin_calls, diagnostics,
                       [&] { text = language_plugin->stage->normalize(t.text); }))
      continue;
    if (i < specs.size() && label_placeholders(text) != label_placeholders(segments[i].text)) {
      std::string expected;
      for (const auto& p : label_placeholders(segments[i].text)) expected += (expected.empty() ? "" : " ") + p;
      diagnostics.error(where,
                        fmt::format(fmt::runtime(_("the translation of the page label \"{label}\" must keep its "
                                                   "placeholders ({placeholders})")),
                                    fmt::arg("label", segments[i].text),
                                    fmt::arg("placeholders", expected.empty() ? std::string(_("none")) : expected)),
                        "label-placeholder");
      continue;
    }
    if (language_plugin) {
      HostPluginContext context(diagnostics, "{}", options.stage->data_dir, language_plugin->plugin_data_dir,
                                pack.content_root);
      call_language(*language_plugin, plugin_calls, diagnostics,
                    [&] { language_plugin->stage->check(text, where, context); });
    }
    if (i < specs.size()) own.labels[specs[i].label] = std::move(text);
    else own.pack_texts[segments[i].text] = std::move(text);
  }
  if (diagnostics.error_count() > errors_before) return std::nullopt;
  return own;
}

}  // namespace

std::string native_language_name(const LocalizeOptions& options, const std::string& tag) {
  auto plugin = options.languages.find(tag);
  if (plugin != options.languages.end() && !plugin->second.stage->info().native_name.empty())
    return plugin->second.stage->info().native_name;
  return language_name(tag);
}

std::optional<std::map<std::string, PageLabels>> localize_page_labels(const Pack& pack, const LocalizeOptions& options,
                                                                      Diagnostics& diagnostics) {
  // What ui.po is asked for: every label (msgctxt "ui"), then the pack's title and summary.
  std::vector<Segment> segments;
  for (const auto& spec : page_label_specs()) segments.push_back({kPageLabelsCatalog, spec.msgid, {}});
  const std::string pack_context = pack_texts_context(pack.id);
  for (const auto& [pointer, text] : {std::pair{"/title", &pack.title}, std::pair{"/summary", &pack.summary}})
    if (!text->empty())
      segments.push_back({pack_context, *text, pack.document ? pack.document->locate(pointer) : Location{pack.pack_path}});

  // Every language a page's chain reaches, and the chains of those (for their notes).
  std::map<std::string, std::vector<std::string>> chains;
  std::vector<std::string> pending(pack.languages.begin(), pack.languages.end());
  pending.push_back(pack.source_language);
  while (!pending.empty()) {
    const std::string language = pending.back();
    pending.pop_back();
    if (chains.count(language)) continue;
    chains[language] = label_chain(pack, options, language);
    for (const auto& l : chains[language]) pending.push_back(l);
  }
  const int errors_before = diagnostics.error_count();
  std::mutex plugin_calls;
  std::map<std::string, LanguageLabels> own;
  for (const auto& [language, chain] : chains)
    if (auto labels = own_labels(pack, language, options, segments, plugin_calls, diagnostics))
      own[language] = std::move(*labels);
  if (diagnostics.error_count() > errors_before) return std::nullopt;

  std::map<std::string, PageLabels> all;
  for (const auto& [language, chain] : chains)
    all.emplace(language, PageLabels(language, chain, own, pack.title, pack.summary, pack.source_language));
  std::map<std::string, PageLabels> out;
  for (const auto& language : pack.languages) {
    PageLabels labels = all.at(language);
    // The note on a fallback block: in the page's own language when it has
    // fallback_note_in (naming the language shown), else in the shown language.
    const bool own_note = labels.shown(PageLabel::fallback_note_in).language == language;
    for (const auto& shown : chains.at(language))
      labels.set_note(shown, own_note && shown != language
                                 ? ShownText{labels.format(PageLabel::fallback_note_in,
                                                           {{"{language}", native_language_name(options, shown)}}),
                                             language}
                                 : all.at(shown).shown(PageLabel::fallback_note));
    out.emplace(language, std::move(labels));
  }
  if (!out.count(pack.source_language)) out.emplace(pack.source_language, all.at(pack.source_language));
  return out;
}

ShownLessons shown_lessons(const LocalizedSummaries& localized, const std::string& language) {
  ShownLessons shown;
  for (const auto& [key, l] : localized)
    if (key.first == language) shown[key.second] = {&l.lesson, &l.shown};
  return shown;
}

}  // namespace hocso
