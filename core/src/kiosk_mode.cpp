#include "kiosk_mode.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "render.h"

namespace hocso {

int kiosk_idle_seconds(const Profile& profile) {
  if (!profile.settings.is_object()) return 0;
  auto kiosk = profile.settings.find("kiosk");
  if (kiosk == profile.settings.end() || !kiosk->is_object()) return 0;
  auto seconds = kiosk->find("idle_seconds");
  return seconds != kiosk->end() && seconds->is_number_integer() ? std::max(0, seconds->get<int>()) : 0;
}

std::string viewer_script_for(int idle_seconds) {
  std::string script = viewer_script();
  if (idle_seconds <= 0) return script;
  // The one line of hocso.js that holds the setting.
  static const std::string line = "var kioskIdleSeconds = 0;";
  const auto at = script.find(line);
  if (at == std::string::npos) throw std::logic_error("hocso.js has no '" + line + "' line");
  return script.replace(at, line.size(), fmt::format("var kioskIdleSeconds = {};", idle_seconds));
}

}  // namespace hocso
