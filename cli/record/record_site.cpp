#include "record_site.h"

#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <map>
#include <stdexcept>

#include <boost/beast/http/field.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "display_path.h"
#include "hocso/messages.h"
#include "markdown.h"
#include "record_files.h"

namespace hocso::record {

namespace fs = std::filesystem;
using field = http::field;
using status = http::status;

struct RecordSite::Target {
  enum class Kind { page, script, style, units, take };
  Kind kind = Kind::page;
  std::string lesson, unit;
  int rate = 0;
};

namespace {

RecordAnswer text(status code, std::string message, bool close = false) {
  return {code, "text/plain; charset=utf-8", std::move(message) + "\n", close};
}

RecordAnswer json_answer(status code, const nlohmann::ordered_json& doc) {
  return {code, "application/json", doc.dump() + "\n", false};
}

// A take refused: JSON that the page shows ({"ok": false, "error": …}).
RecordAnswer take_refused(status code, const std::string& message, bool close) {
  RecordAnswer answer = json_answer(code, {{"ok", false}, {"error", message}});
  answer.close = close;
  return answer;
}

// Compares in a time that does not depend on where they differ.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

bool plain_id(std::string_view s) {
  return !s.empty() && s.size() <= 200 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// name=value pairs of a query without percent-encoding; nullopt when it has any.
std::optional<std::map<std::string, std::string>> query_values(std::string_view query) {
  std::map<std::string, std::string> values;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || pair.find('%') != std::string_view::npos || pair.find('+') != std::string_view::npos)
      return std::nullopt;
    if (!values.emplace(std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1))).second) return std::nullopt;
  }
  return values;
}

// The unit's name on the page: "Step 2", "Introduction", "Quiz question 1".
std::string unit_name(const std::string& unit) {
  if (unit == "intro") return _("Introduction");
  if (unit.starts_with("step-")) return fmt::format(fmt::runtime(_("Step {n}")), fmt::arg("n", unit.substr(5)));
  if (unit.starts_with("quiz-")) return fmt::format(fmt::runtime(_("Quiz question {n}")), fmt::arg("n", unit.substr(5)));
  return unit;
}

// The page: its words only (in the messages' language); the lessons' texts
// come from script.json and are put in with textContent, never as markup.
std::string page_html(const std::string& language) {
  // hocso set LANGUAGE to the messages' language when it started (use_message_language()).
  const char* messages = std::getenv("LANGUAGE");
  const std::string lang = messages && std::string_view(messages) == "vi" ? "vi" : "en";
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{title}</title>\n<link rel=\"stylesheet\" href=\"record.css\">\n"
      "<script src=\"record.js\" defer></script>\n</head>\n<body>\n"
      "<header>\n<h1>{title}</h1>\n"
      "<p><label for=\"lesson\">{lesson_label}</label> <select id=\"lesson\"></select></p>\n</header>\n"
      "<main>\n<p class=\"where\"><span id=\"unit-name\"></span> <span id=\"position\"></span></p>\n"
      "<p id=\"state\" class=\"state\"></p>\n<p id=\"fallback\" class=\"fallback\" hidden></p>\n"
      "<div id=\"text\" class=\"text\"></div>\n"
      "<p class=\"controls\">"
      "<button type=\"button\" id=\"record\" class=\"record\">{record}</button> "
      "<button type=\"button\" id=\"stop\" disabled>{stop}</button> "
      "<button type=\"button\" id=\"play\" disabled>{play}</button> "
      "<button type=\"button\" id=\"save\" disabled>{save}</button></p>\n"
      "<audio id=\"take\" preload=\"none\"></audio>\n"
      "<p id=\"status\" class=\"status\" role=\"status\" aria-live=\"polite\"></p>\n"
      "<p class=\"move\"><button type=\"button\" id=\"previous\">{previous}</button> "
      "<button type=\"button\" id=\"next\">{next}</button></p>\n"
      "</main>\n<noscript><p>{noscript}</p></noscript>\n</body>\n</html>\n",
      fmt::arg("lang", escape_html(lang)),
      fmt::arg("title", escape_html(fmt::format(fmt::runtime(_("Recording in {language}")),
                                                fmt::arg("language", language)))),
      fmt::arg("lesson_label", escape_html(_("Lesson:"))), fmt::arg("record", escape_html(_("Record"))),
      fmt::arg("stop", escape_html(_("Stop"))), fmt::arg("play", escape_html(_("Play back"))),
      fmt::arg("save", escape_html(_("Save"))), fmt::arg("previous", escape_html(_("Previous"))),
      fmt::arg("next", escape_html(_("Next"))),
      fmt::arg("noscript", escape_html(_("This page records with the browser's microphone: it needs JavaScript."))));
}

// The words the page's script says, in the messages' language; {name} is filled in by the script.
nlohmann::ordered_json page_words() {
  return {
      {"position", _("part {n} of {total}")},
      {"state_none", _("Not recorded yet.")},
      {"state_fresh", _("Recorded. You may record it again: a new take replaces it once saved.")},
      {"state_stale", _("Recorded for an older text: record it again.")},
      {"state_unconfirmed", _("There is a recording not confirmed yet: record it again, or confirm it with hocso audio confirm.")},
      {"fallback", _("Not translated into {language} yet: this is the text in {shown}. Record it once it is translated.")},
      {"mixed", _("Some of this text is not translated into {language} yet: it is shown in {shown}.")},
      {"recording", _("Recording… {seconds} s. Read the text, then press Stop.")},
      {"recorded", _("Take of {seconds} s. Play it back; if it is good, press Save, else record again.")},
      {"saving", _("Saving…")},
      {"saved", _("Saved: {file}")},
      {"not_saved", _("Not saved: {reason}")},
      {"leave_unsaved", _("This take is not saved. Press again to leave it.")},
      {"no_microphone", _("The microphone cannot be used: {reason}")},
      {"cannot_decode", _("The browser cannot read this take back: {reason}")},
  };
}

}  // namespace

std::string random_token() {
  unsigned char bytes[16];
  std::size_t got = 0;
  while (got < sizeof bytes) {
    const ssize_t n = getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("getrandom failed");
    }
    got += static_cast<std::size_t>(n);
  }
  std::string token;
  for (unsigned char b : bytes) token += fmt::format("{:02x}", b);
  return token;
}

RecordSite::RecordSite(LoadedPack loaded, cli::RecordingScript script, std::string token, TakeLimits limits)
    : loaded_(std::move(loaded)), script_(std::move(script)), token_(std::move(token)), limits_(limits) {}

void RecordSite::listening_on(int port) {
  hosts_.clear();
  origins_.clear();
  for (const char* name : {"127.0.0.1", "localhost"}) {
    hosts_.insert(fmt::format("{}:{}", name, port));
    origins_.insert(fmt::format("http://{}:{}", name, port));
  }
}

std::optional<RecordSite::Target> RecordSite::target_of(const http::request_header<>& head,
                                                        RecordAnswer& refusal) const {
  if (head.count(field::host) != 1 || !hosts_.count(std::string(head[field::host]))) {
    refusal = text(status::forbidden, "403 Forbidden: hocso record answers only at its own address (127.0.0.1)", true);
    return std::nullopt;
  }
  const std::string_view path_and_query = head.target();
  const std::size_t question = path_and_query.find('?');
  const std::string_view path = path_and_query.substr(0, question);
  const std::string_view query = question == std::string_view::npos ? "" : path_and_query.substr(question + 1);
  const std::string prefix = "/" + token_ + "/";
  if (path.size() < prefix.size() || !same_secret(path.substr(0, prefix.size()), prefix)) {
    refusal = path == "/favicon.ico" ? text(status::not_found, "404 Not Found", true)
                                     : text(status::forbidden, "403 Forbidden: open the address hocso record printed", true);
    return std::nullopt;
  }
  const std::string_view rest = path.substr(prefix.size());
  Target target;
  if (rest.empty()) target.kind = Target::Kind::page;
  else if (rest == "record.js") target.kind = Target::Kind::script;
  else if (rest == "record.css") target.kind = Target::Kind::style;
  else if (rest == "script.json") target.kind = Target::Kind::units;
  else if (rest == "take") target.kind = Target::Kind::take;
  else {
    refusal = text(status::not_found, "404 Not Found", true);
    return std::nullopt;
  }
  const bool post = target.kind == Target::Kind::take;
  const http::verb method = head.method();
  if (post ? method != http::verb::post : method != http::verb::get && method != http::verb::head) {
    refusal = text(status::method_not_allowed, "405 Method Not Allowed", true);
    return std::nullopt;
  }
  if (!post) {
    if (head.find(field::content_length) != head.end() || head.find(field::transfer_encoding) != head.end()) {
      refusal = text(status::bad_request, "400 Bad Request: a body is not expected here", true);
      return std::nullopt;
    }
    return target;
  }
  // A take: only from this page.
  const auto origin = head.find(field::origin);
  const auto fetch_site = head.find("Sec-Fetch-Site");
  if (head.count(field::origin) > 1 || head.count("Sec-Fetch-Site") > 1 ||
      (origin != head.end() && !origins_.count(std::string(origin->value()))) ||
      (fetch_site != head.end() && fetch_site->value() != "same-origin" && fetch_site->value() != "none")) {
    refusal = take_refused(status::forbidden, "403 Forbidden: takes are saved only from hocso record's own page", true);
    return std::nullopt;
  }
  if (head.count(field::content_type) != 1 || head[field::content_type] != "application/octet-stream") {
    refusal = take_refused(status::unsupported_media_type,
                           "415 Unsupported Media Type: a take is application/octet-stream", true);
    return std::nullopt;
  }
  const auto values = query_values(query);
  auto value = [&](const char* name) -> std::string {
    if (!values) return "";
    const auto it = values->find(name);
    return it == values->end() ? "" : it->second;
  };
  target.lesson = value("lesson");
  target.unit = value("unit");
  const std::string rate = value("rate");
  const auto parsed = std::from_chars(rate.data(), rate.data() + rate.size(), target.rate);
  if (!values || !plain_id(target.lesson) || !plain_id(target.unit) || rate.empty() || rate.size() > 7 ||
      parsed.ec != std::errc() || parsed.ptr != rate.data() + rate.size()) {
    refusal = take_refused(status::bad_request, "400 Bad Request: take?lesson=ID&unit=UNIT&rate=HZ", true);
    return std::nullopt;
  }
  return target;
}

std::variant<RecordAnswer, std::size_t> RecordSite::admit(const http::request_header<>& head) const {
  RecordAnswer refusal;
  const auto target = target_of(head, refusal);
  if (!target) return refusal;
  if (target->kind != Target::Kind::take) return std::size_t{0};
  // The unit must be one of those served, in the language recorded.
  const cli::ScriptUnit* unit = nullptr;
  for (const auto& lesson : script_.lessons)
    if (lesson.id == target->lesson)
      for (const auto& u : lesson.units)
        if (u.id == target->unit) unit = &u;
  if (!unit)
    return take_refused(status::not_found,
                        fmt::format(fmt::runtime(_("there is no part '{unit}' of lesson '{lesson}' to record here")),
                                    fmt::arg("unit", target->unit), fmt::arg("lesson", target->lesson)),
                        true);
  if (unit->language != script_.language)
    return take_refused(status::conflict,
                        fmt::format(fmt::runtime(_("{unit} is not translated into {language} yet: its page plays a "
                                                   "recording in {shown}; record it once it is translated")),
                                    fmt::arg("unit", unit->id), fmt::arg("language", script_.language),
                                    fmt::arg("shown", unit->language)),
                        true);
  const std::size_t limit = max_take_bytes(target->rate, limits_);
  if (limit == 0) {
    CheckedTake ignored;
    return take_refused(status::bad_request, check_take("", target->rate, ignored, limits_)->message, true);
  }
  const auto length = head.find(field::content_length);
  if (length == head.end() || head.find(field::transfer_encoding) != head.end())
    return take_refused(status::length_required, "411 Length Required", true);
  std::uint64_t declared = 0;
  const std::string_view digits = length->value();
  const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), declared);
  if (parsed.ec != std::errc() || parsed.ptr != digits.data() + digits.size() || declared > limit)
    return take_refused(status::payload_too_large,
                        fmt::format(fmt::runtime(_("this take is too large ({megabytes} MB); a take may have at most "
                                                   "{limit} MB")),
                                    fmt::arg("megabytes", declared >> 20), fmt::arg("limit", limit >> 20)),
                        true);
  return limit;
}

RecordAnswer RecordSite::answer(const http::request_header<>& head, const std::string& body) {
  RecordAnswer refusal;
  const auto target = target_of(head, refusal);
  if (!target) return refusal;
  switch (target->kind) {
    case Target::Kind::page: return {status::ok, "text/html; charset=utf-8", page_html(script_.language), false};
    case Target::Kind::script: return {status::ok, "text/javascript; charset=utf-8", std::string(embedded::record_js()), false};
    case Target::Kind::style: return {status::ok, "text/css; charset=utf-8", std::string(embedded::record_css()), false};
    case Target::Kind::units: return {status::ok, "application/json", script_json(), false};
    case Target::Kind::take: break;
  }
  return save(*target, body);
}

RecordAnswer RecordSite::save(const Target& target, const std::string& body) {
  CheckedTake take;
  if (const auto problem = check_take(body, target.rate, take, limits_)) {
    const status code = problem->kind == TakeProblem::Kind::size || problem->kind == TakeProblem::Kind::too_long
                            ? status::payload_too_large
                        : problem->kind == TakeProblem::Kind::silent || problem->kind == TakeProblem::Kind::too_short
                            ? status::unprocessable_entity
                            : status::bad_request;
    return take_refused(code, problem->message, false);
  }
  // admit() found the unit; it is looked up again, never taken from the request.
  cli::ScriptLesson* lesson = nullptr;
  cli::ScriptUnit* unit = nullptr;
  for (auto& l : script_.lessons)
    for (auto& u : l.units)
      if (l.id == target.lesson && u.id == target.unit) {
        lesson = &l;
        unit = &u;
      }
  if (!lesson || !unit) return take_refused(status::not_found, "404 Not Found", false);
  const std::string flac = encode_flac(take);
  if (flac.empty()) return take_refused(status::internal_server_error, "the take could not be encoded as FLAC", false);
  if (auto error = save_take(script_.content_root, script_.language, target.lesson, target.unit, flac,
                             unit->source_sha256))
    return take_refused(status::conflict, *error, false);
  // What the content folder has now (the unit's recording is fresh).
  const auto source = std::find_if(loaded_.lessons.begin(), loaded_.lessons.end(),
                                   [&](const Lesson& l) { return l.id == target.lesson; });
  if (source != loaded_.lessons.end()) cli::refresh_recordings(loaded_.pack, *source, script_.language, *lesson, nullptr);
  const std::string file =
      display_path(script_.content_root / "audio" / script_.language / target.lesson / (target.unit + ".flac"));
  if (on_saved) on_saved({target.lesson, target.unit, file, take.seconds()});
  return json_answer(status::ok, {{"ok", true},
                                  {"lesson", target.lesson},
                                  {"unit", target.unit},
                                  {"file", file},
                                  {"seconds", std::round(take.seconds() * 100) / 100},
                                  {"recording", cli::recording_state_name(unit->recording)}});
}

std::string RecordSite::script_json() const {
  nlohmann::ordered_json doc = cli::script_json(script_);
  for (auto& lesson : doc["lessons"])
    for (auto& unit : lesson["units"]) unit["name"] = unit_name(unit["unit"].get<std::string>());
  doc["words"] = page_words();
  return doc.dump();
}

}  // namespace hocso::record
