// An app's view of a .hocso bundle: verify it with the core reader, then read
// the manifest and one language's lessons. Built by CMake as hocso-read-bundle;
// docs/apps.md walks through it.
//
//   hocso-read-bundle BUNDLE PUBLIC_KEY_FILE [LANG]
//
// Exit 0 after printing the lessons; 1 when the bundle fails verification (the
// reasons on stderr; nothing of it is used); 2 on bad arguments.

#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hocso/bundle_reader.h"

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::cerr << "usage: hocso-read-bundle BUNDLE PUBLIC_KEY_FILE [LANG]\n";
    return 2;
  }
  std::ifstream key_file(argv[2]);
  if (!key_file) {
    std::cerr << "cannot read " << argv[2] << "\n";
    return 2;
  }
  std::stringstream key;
  key << key_file.rdbuf();

  // open() checks the layout, the signature and every entry's hash before
  // anything can be read. Never use a bundle that is not ok().
  const hocso::BundleReader bundle = hocso::BundleReader::open(argv[1], {key.str()});
  if (!bundle.ok()) {
    for (const auto& p : bundle.problems())
      std::cerr << "refused: " << p.message << " [" << p.rule << "]" << (p.entry.empty() ? "" : " " + p.entry) << "\n";
    return 1;
  }

  const auto manifest = nlohmann::json::parse(bundle.manifest_json());
  const std::string lang = argc == 4 ? argv[3] : manifest["pack"]["source_language"].get<std::string>();
  std::cout << "pack " << manifest["pack"]["id"].get<std::string>() << " " << manifest["pack"]["version"].get<std::string>()
            << " (" << bundle.trusted_comment() << ")\n";
  for (const auto& l : manifest["languages"])
    std::cout << "language " << l["tag"].get<std::string>() << " " << l["name"].get<std::string>() << " "
              << static_cast<int>(l["coverage"].get<double>() * 100 + 0.5) << "%\n";

  // Lessons in pack order; each lesson's JSON is schemas/lesson-bundle.schema.json.
  for (const auto& entry : manifest["lessons"]) {
    const std::string name = lang + "/" + entry["id"].get<std::string>() + ".json";
    const auto text = bundle.read(name);  // re-checked against the manifest's hash
    if (!text) {
      std::cerr << "no verified entry " << name << "\n";
      return 1;
    }
    const auto lesson = nlohmann::json::parse(*text);
    std::cout << "lesson " << lesson["id"].get<std::string>() << ": " << lesson["title"].get<std::string>() << " ("
              << lesson["steps"].size() << " steps, " << lesson["quiz"].size() << " questions)\n";
    for (const auto& step : lesson["steps"]) {
      std::cout << "  " << step["index"].get<int>() << ". " << step["title"].get<std::string>() << "\n";
      for (const auto& picture : step["media"]) {
        const auto bytes = bundle.read(picture["path"].get<std::string>());
        std::cout << "     picture " << picture["width"].get<int>() << "x" << picture["height"].get<int>() << ", "
                  << (bytes ? bytes->size() : 0) << " bytes: " << picture["alt"].get<std::string>() << "\n";
      }
    }
  }
  return 0;
}
