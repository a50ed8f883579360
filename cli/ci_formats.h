#pragma once
// Diagnostics for CI systems (issue 15 point 7): GitHub Actions workflow
// commands (`--format github`: `::error file=…,line=…,col=…,title=…::message`,
// which GitHub shows as annotations on the changed lines) and SARIF 2.1.0
// (`--format sarif`: one log on stdout, for code-scanning uploads and any SARIF
// viewer). For `check`, `build` and `i18n`, the commands whose output is
// diagnostics about sources.

#include <string>

#include <nlohmann/json.hpp>

#include "diagnostics.h"

namespace hocso::cli {

// One workflow command a diagnostic, each on its own line; "" for none.
std::string github_annotations(const Diagnostics& diagnostics);

// The SARIF 2.1.0 log of one run of `command` ("hocso check"; a rule for each check id met).
nlohmann::ordered_json sarif_log(const Diagnostics& diagnostics, const std::string& command);

}  // namespace hocso::cli
