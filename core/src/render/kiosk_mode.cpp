#include "kiosk_mode.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "render.h"

namespace hocso {

KioskSettings kiosk_settings(const Profile& profile) {
  KioskSettings out;
  if (!profile.settings.is_object()) return out;
  auto kiosk = profile.settings.find("kiosk");
  if (kiosk == profile.settings.end() || !kiosk->is_object()) return out;
  auto seconds = kiosk->find("idle_seconds");
  out.idle_seconds = seconds != kiosk->end() && seconds->is_number_integer() ? std::max(0, seconds->get<int>()) : 0;
  auto autoplay = kiosk->find("autoplay");
  out.autoplay = out.idle_seconds > 0 && autoplay != kiosk->end() && autoplay->is_boolean() && autoplay->get<bool>();
  return out;
}

namespace {

// Replaces the one line of hocso.js that holds a setting.
void set_line(std::string& script, const std::string& line, const std::string& value) {
  const auto at = script.find(line);
  if (at == std::string::npos) throw std::logic_error("hocso.js has no '" + line + "' line");
  script.replace(at, line.size(), value);
}

}  // namespace

std::string viewer_script_for(const KioskSettings& kiosk) {
  std::string script = viewer_script();
  if (kiosk.idle_seconds <= 0) return script;
  set_line(script, "var kioskIdleSeconds = 0;", fmt::format("var kioskIdleSeconds = {};", kiosk.idle_seconds));
  if (kiosk.autoplay) set_line(script, "var kioskAutoplay = false;", "var kioskAutoplay = true;");
  return script;
}

}  // namespace hocso
