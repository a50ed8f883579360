#pragma once
// Whether a plugin folder or file may be trusted with running code inside hocso.
// dlopen runs a library's constructors before hocso can check anything, so
// whoever can change a plugin file, or the folder holding it, runs code as the
// user who runs hocso. hocso loads only what no one else could have put there:
// the rule of OpenSSH's StrictModes (with Debian's allowance for a user's
// private group).

#include <filesystem>
#include <optional>
#include <string>

namespace hocso {

// Why `path` (a plugin file or a folder holding plugins; canonical) is not
// safe to load from, or nullopt when it is. Unsafe: owned by someone other than
// root and the effective user; writable by others; writable by its group unless
// that group is the owner's private group (the owner is its only member); for a
// folder, also any folder above it writable by others without the sticky bit
// (/tmp is fine: no one can rename what is not theirs there). A path that
// cannot be examined is unsafe.
std::optional<std::string> untrusted_reason(const std::filesystem::path& path);

}  // namespace hocso
