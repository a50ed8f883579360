#pragma once
// Kiosk mode: a profile for a shared screen (`kiosk: {idle_seconds: 120}` in
// the pack's profile; docs/kiosk.md). The viewer script of that profile's
// bundle starts over for the next learner after that long without a touch or
// a key, and shows large text.

#include <string>

#include "model.h"

namespace hocso {

// The profile's kiosk.idle_seconds (the pack schema has checked it), or 0 when
// the profile is not a kiosk.
int kiosk_idle_seconds(const Profile& profile);

// assets/hocso.js for a bundle whose pages start over after `idle_seconds`
// (0: never; the script of every other bundle, byte for byte).
std::string viewer_script_for(int idle_seconds);

}  // namespace hocso
