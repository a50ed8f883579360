#pragma once
// Precedence of semantic versions (semver 2.0.0, section 11): which pack version
// is newer. The form itself is checked by the schemas' pattern.

#include <optional>
#include <string_view>

namespace hocso::channel {

// <0, 0 or >0 as `a` is lower than, equal in precedence to, or higher than `b`
// (build metadata after '+' is ignored); nullopt when either is not
// MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD].
std::optional<int> compare_versions(std::string_view a, std::string_view b);

}  // namespace hocso::channel
