#pragma once
// Kiosk mode: a profile for a shared screen (`kiosk: {idle_seconds: 120}` in
// the pack's profile; docs/kiosk.md). The viewer script of that profile's
// bundle starts over for the next learner after that long without a touch or
// a key, and shows large text; with `autoplay: true` it also plays each
// screen's narration as the screen comes (decision 0024).

#include <string>

#include "model.h"

namespace hocso {

struct KioskSettings {
  int idle_seconds = 0;   // 0: not a kiosk
  bool autoplay = false;  // narration plays by itself (kiosks only)
};

// The profile's `kiosk:` settings (the pack schema has checked them); zero
// values when the profile is not a kiosk.
KioskSettings kiosk_settings(const Profile& profile);

// assets/hocso.js for a bundle of those settings (a profile that is not a
// kiosk gets the script of every other bundle, byte for byte).
std::string viewer_script_for(const KioskSettings& kiosk);

}  // namespace hocso
