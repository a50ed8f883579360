#include "share_link.h"

#include <memory>

#include <curl/curl.h>
#include <fmt/format.h>

#include "hocso/messages.h"
#include "markdown.h"  // escape_html
#include "page_labels.h"
#include "qr_code.h"
#include "yaml_document.h"

namespace hocso {

namespace {

struct UrlPart {
  char* text = nullptr;
  ~UrlPart() { curl_free(text); }
};

}  // namespace

std::optional<std::string> share_url_problem(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
  if (!parsed) return std::string(_("out of memory"));
  // No default scheme, no guessing: the text must be a whole address.
  if (const CURLUcode rc = curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), 0); rc != CURLUE_OK)
    return fmt::format(fmt::runtime(_("not a whole http or https address ({reason})")),
                       fmt::arg("reason", curl_url_strerror(rc)));  // libcurl's words stay English
  UrlPart scheme, host, user, password, query, fragment;
  curl_url_get(parsed.get(), CURLUPART_SCHEME, &scheme.text, 0);
  if (!scheme.text || (std::string(scheme.text) != "https" && std::string(scheme.text) != "http"))
    return fmt::format(fmt::runtime(_("the address must start with https:// or http://, not {scheme}://")),
                       fmt::arg("scheme", scheme.text ? scheme.text : ""));
  if (curl_url_get(parsed.get(), CURLUPART_HOST, &host.text, 0) != CURLUE_OK || !host.text || !*host.text)
    return std::string(_("the address has no host name"));
  if (curl_url_get(parsed.get(), CURLUPART_USER, &user.text, 0) == CURLUE_OK ||
      curl_url_get(parsed.get(), CURLUPART_PASSWORD, &password.text, 0) == CURLUE_OK)
    return std::string(_("the address must not carry a user name or password (it is printed on every handout)"));
  if (curl_url_get(parsed.get(), CURLUPART_QUERY, &query.text, 0) == CURLUE_OK ||
      curl_url_get(parsed.get(), CURLUPART_FRAGMENT, &fragment.text, 0) == CURLUE_OK)
    return std::string(_("the address must not have a ?query or #fragment: lesson paths are added after it"));
  if (url.find_first_of(" \t\r\n") != std::string::npos) return std::string(_("the address has a space in it"));
  return std::nullopt;
}

std::string pack_share_url(const Pack& pack) {
  if (!pack.document || !pack.document->value().is_object()) return "";
  const auto& doc = pack.document->value();
  const auto it = doc.find("share_url");
  if (it == doc.end() || !it->is_string()) return "";
  std::string url = it->get<std::string>();
  return share_url_problem(url) ? "" : url;
}

std::string lesson_share_url(const std::string& share_url, const std::string& lang, const std::string& lesson_id) {
  const bool slash = !share_url.empty() && share_url.back() == '/';
  return fmt::format("{}{}{}/{}.html", share_url, slash ? "" : "/", lang, lesson_id);
}

std::string share_block_html(const Pack& pack, const std::string& lesson_id, const PageLabels& labels) {
  const std::string base = pack_share_url(pack);
  if (base.empty()) return "";
  const std::string url = lesson_share_url(base, labels.page_language(), lesson_id);
  return fmt::format("<aside class=\"share\">\n<h2{}>{}</h2>\n{}\n<p class=\"share-url\">{}</p>\n</aside>\n",
                     label_lang(labels, PageLabel::share_heading), escape_html(labels.text(PageLabel::share_heading)),
                     qr_svg(url, fmt::format("{} {}", labels.text(PageLabel::share_qr), url)), escape_html(url));
}

}  // namespace hocso
