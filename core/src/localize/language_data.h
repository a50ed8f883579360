#pragma once
// Languages as data: a folder lang-<tag>/ on the plugin path holding
// language.yaml (schemas/language.schema.json: tag, names, plural rule,
// fallbacks, fonts, letter ranges), optionally labels.yaml (its page labels,
// page_labels.h) and the font files it names. No code is loaded: the
// orthography check is the letter ranges (libs/lang-common). A language whose
// checks need code is a plugin library that calls StageRegistry::add_language().

#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "diagnostics.h"
#include "hocso/plugin.h"

namespace hocso {

inline constexpr const char* kLanguageDataFile = "language.yaml";

// Reads `folder`/language.yaml against `schema` (language.schema.json). Each
// problem is an error at file:line:col: a schema rule [language-schema], a folder
// not named lang-<tag> or a range whose end is before its start [language-data].
// Fonts are looked for when a pack needs them (bundle_fonts.h). Returns nullptr
// when it reported.
std::unique_ptr<LanguageStage> read_language_data(const std::filesystem::path& folder, const nlohmann::json& schema,
                                                  Diagnostics& diagnostics);

}  // namespace hocso
