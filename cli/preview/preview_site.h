#pragma once
// hocso preview's site for the server of hocso serve (serve/server.h): the
// pages in memory (pack_preview.h), the pictures read from the sources, and
// a stream of Server-Sent Events that tells open pages to reload. The same
// request rules and limits as hocso serve; on top, only requests addressed to
// the preview's own address are answered (a page elsewhere cannot reach it by
// giving another name that points at 127.0.0.1: DNS rebinding).

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "pack_preview.h"
#include "server.h"

namespace hocso::preview {

// Where an open page follows the rebuilds: hocso-preview/events/PAGE/VERSION
// (PAGE: its entry name, VERSION: the one it was made in).
inline constexpr std::string_view kEventsPrefix = "hocso-preview/events/";

class PreviewSite final : public serve::Site {
 public:
  // Answers requests whose Host is one of `hosts` ("127.0.0.1:8710").
  void allow_hosts(std::set<std::string> hosts);
  // Serves `content` from now on and tells the open pages among `changed`
  // (page -> step to show, 0: where the reader is) to reload.
  void update(std::shared_ptr<const PreviewContent> content, const std::map<std::string, int>& changed);

  serve::Answer answer(const serve::http::request_header<>& request, const serve::RequestLimits& limits) override;

 private:
  serve::Answer answer_events(const serve::RequestTarget& target, const PreviewContent& content);
  serve::Answer answer_file(const serve::http::request_header<>& request, const serve::RequestTarget& target,
                            const std::filesystem::path& file, const serve::RequestLimits& limits);

  mutable std::mutex mutex_;
  std::shared_ptr<const PreviewContent> content_ = std::make_shared<PreviewContent>();
  std::set<std::string> hosts_;
  std::shared_ptr<serve::EventStream> events_ = std::make_shared<serve::EventStream>();
};

// The data of the reload event: {"pages": {"vi/x.html": 3, …}}.
std::string reload_event(const std::map<std::string, int>& changed);

}  // namespace hocso::preview
