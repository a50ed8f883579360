#pragma once
// Where a lesson can be opened later (a pack's `share_url:`, for example the
// kiosk's address or a public mirror of the channel): the address is checked
// when the pack loads, and lesson pages and handouts carry it as a QR code.

#include <optional>
#include <string>

#include "model.h"
#include "page_labels.h"

namespace hocso {

// Why `url` cannot be a share_url (libcurl's URL parser: an absolute http or
// https address with a host, no user name or password, no query or fragment),
// or nullopt when it can.
std::optional<std::string> share_url_problem(const std::string& url);

// The pack's share_url (from its pack file), or "" when it has none or it is
// not valid (loading the pack has reported why).
std::string pack_share_url(const Pack& pack);

// <share_url>/<lang>/<lesson>.html (a "/" is added after share_url when it has none).
std::string lesson_share_url(const std::string& share_url, const std::string& lang, const std::string& lesson_id);

// The block at the end of a lesson page: a heading, the QR code of the lesson's
// address and the address as text, in the words of `labels` (the page's
// language); "" when the pack has no share_url.
std::string share_block_html(const Pack& pack, const std::string& lesson_id, const PageLabels& labels);

}  // namespace hocso
