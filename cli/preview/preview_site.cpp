#include "preview_site.h"

#include <charconv>
#include <fstream>

#include <nlohmann/json.hpp>

#include "hashing.h"

namespace hocso::preview {

namespace fs = std::filesystem;
namespace http = serve::http;

namespace {

// A picture or font larger than this is not sent (no screenshot comes near).
constexpr std::uintmax_t kMaxFileBytes = 64u << 20;

serve::Answer refused(http::status status, std::string_view text, const http::request_header<>& request) {
  serve::Answer answer;
  answer.plan = serve::plan_text(status, text);
  serve::answer_in_kind(answer.plan, request);
  return answer;
}

}  // namespace

std::string reload_event(const std::map<std::string, int>& changed) {
  nlohmann::ordered_json pages = nlohmann::ordered_json::object();
  for (const auto& [page, step] : changed) pages[page] = step;
  return nlohmann::ordered_json{{"pages", pages}}.dump();
}

void PreviewSite::allow_hosts(std::set<std::string> hosts) {
  std::lock_guard lock(mutex_);
  hosts_ = std::move(hosts);
}

void PreviewSite::update(std::shared_ptr<const PreviewContent> content, const std::map<std::string, int>& changed) {
  {
    std::lock_guard lock(mutex_);
    content_ = std::move(content);
  }
  if (!changed.empty()) events_->publish(reload_event(changed));
}

serve::Answer PreviewSite::answer(const http::request_header<>& request, const serve::RequestLimits& limits) {
  serve::RequestTarget target = serve::read_request_target(request, limits);
  serve::Answer answer;
  if (target.refusal) {
    answer.plan = std::move(*target.refusal);
    serve::answer_in_kind(answer.plan, request);
    return answer;
  }
  std::shared_ptr<const PreviewContent> content;
  {
    std::lock_guard lock(mutex_);
    if (!hosts_.count(std::string(request[http::field::host])))
      return refused(http::status::forbidden, "403 Forbidden: hocso preview answers only at its own address", request);
    content = content_;
  }
  if (target.name.starts_with(kEventsPrefix)) {
    answer = answer_events(target, *content);
    serve::answer_in_kind(answer.plan, request);
    return answer;
  }
  if (auto entry = content->entries.find(target.name); entry != content->entries.end()) {
    const auto& e = *entry->second;
    answer.plan = serve::plan_memory_entry(request, target, {e.bytes.size(), e.sha256, e.content_type, "no-cache"}, limits);
    // The entry lives as long as the answer needs its bytes.
    answer.bytes = std::shared_ptr<const std::string>(entry->second, &entry->second->bytes);
  } else if (auto file = content->media.find(target.name); file != content->media.end()) {
    return answer_file(request, target, file->second, limits);
  } else {
    answer.plan = serve::plan_not_found(target);
  }
  serve::answer_in_kind(answer.plan, request);
  return answer;
}

// A picture (media/<sha256>.<ext>) or a font, read from its source file now.
// A picture whose file no longer has that hash was edited since the page was
// made: the page is about to reload, and the old name is not found.
serve::Answer PreviewSite::answer_file(const http::request_header<>& request, const serve::RequestTarget& target,
                                       const fs::path& file, const serve::RequestLimits& limits) {
  serve::Answer answer;
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  auto bytes = std::make_shared<std::string>();
  if (!ec && size <= kMaxFileBytes) {
    std::ifstream in(file, std::ios::binary);
    bytes->resize(static_cast<std::size_t>(size));
    in.read(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    if (!in || static_cast<std::uintmax_t>(in.gcount()) != size) ec = std::make_error_code(std::errc::io_error);
  }
  const std::string sha = to_hex(sha256(*bytes));
  const bool picture = target.name.starts_with("media/");
  if (ec || size > kMaxFileBytes ||
      (picture && target.name.compare(6, sha.size(), sha) != 0)) {
    answer.plan = serve::plan_not_found(target);
  } else {
    // A picture's name is its content (checked above): a reload need not ask again.
    answer.plan = serve::plan_memory_entry(
        request, target,
        {bytes->size(), sha, serve::mime_type(target.name), picture ? "public, max-age=31536000, immutable" : "no-cache"},
        limits);
    answer.bytes = std::move(bytes);
  }
  serve::answer_in_kind(answer.plan, request);
  return answer;
}

// hocso-preview/events/PAGE/VERSION: the stream of reload events. A page made
// before the latest version of it is told at once to reload.
serve::Answer PreviewSite::answer_events(const serve::RequestTarget& target, const PreviewContent& content) {
  serve::Answer answer;
  const std::string_view rest = std::string_view(target.name).substr(kEventsPrefix.size());
  const std::size_t slash = rest.rfind('/');
  std::uint64_t version = 0;
  const std::string_view digits = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (slash == std::string_view::npos || digits.empty() || parsed.ec != std::errc() ||
      parsed.ptr != digits.data() + digits.size()) {
    answer.plan = serve::plan_not_found(target);
    return answer;
  }
  const std::string page(rest.substr(0, slash));
  answer.plan = serve::plan_event_stream(target);
  // The browser comes back a second after the stream ends (hocso preview restarted).
  std::string first = "retry: 1000\n\n";
  const auto current = content.versions.find(page);
  if (current != content.versions.end() && current->second != version)
    first += serve::EventStream::event_bytes(reload_event({{page, 0}}));
  answer.bytes = std::make_shared<const std::string>(std::move(first));
  answer.events = events_;
  return answer;
}

}  // namespace hocso::preview
