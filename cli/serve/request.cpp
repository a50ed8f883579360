#include "request.h"

#include <algorithm>
#include <limits>

#include <boost/beast/http/rfc7230.hpp>
#include <fmt/format.h>

#include "entry_names.h"

namespace hocso::serve {

namespace {

using field = http::field;
using status = http::status;

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_control_byte(unsigned char c) { return c < 0x20 || c == 0x7f; }

// The headers every response carries: the viewer needs no inline script and no
// network, and must not be framed, sniffed or leak where it was opened from.
void set_common_fields(http::response_header<>& head) {
  // (Beast 1.74 has no field constants for the first three.)
  head.set("Content-Security-Policy", "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  head.set("X-Content-Type-Options", "nosniff");
  head.set("Referrer-Policy", "no-referrer");
  head.set(field::x_frame_options, "DENY");
}

ResponsePlan text_response(status code, std::string_view text, bool close) {
  ResponsePlan plan;
  plan.head.result(code);
  set_common_fields(plan.head);
  plan.message = std::string(text) + "\n";
  plan.body = BodyKind::message;
  plan.head.set(field::content_type, "text/plain; charset=utf-8");
  plan.head.content_length(plan.message.size());
  plan.close = close;
  return plan;
}

// Digits as a number, saturating at the largest value (a position past any
// entry); nullopt when `s` is empty or not all digits.
std::optional<std::uint64_t> parse_position(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::uint64_t value = 0;
  constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    value = value > (max - digit) / 10 ? max : value * 10 + digit;
  }
  return value;
}

// Whether a q-value (RFC 9110 12.4.2) is above zero; a malformed one counts as
// zero (the coding is not used).
bool qvalue_above_zero(std::string_view q) {
  if (q.empty() || (q[0] != '0' && q[0] != '1')) return false;
  if (q.size() > 5) return false;
  if (q.size() > 1 && q[1] != '.') return false;
  for (std::size_t i = 2; i < q.size(); ++i)
    if (q[i] < '0' || q[i] > '9') return false;
  if (q[0] == '1') return true;
  return q.find_first_of("123456789") != std::string_view::npos;
}

// Every line of a field (a list field may come in several).
struct FieldLines {
  using iterator = http::fields::const_iterator;
  std::pair<iterator, iterator> range;
  iterator begin() const { return range.first; }
  iterator end() const { return range.second; }
};
FieldLines lines_of(const http::request_header<>& request, field name) { return {request.equal_range(name)}; }

// RFC 9112 9.3: HTTP/1.1 keeps the connection unless told "close", HTTP/1.0
// closes it unless told "keep-alive".
bool wants_keep_alive(const http::request_header<>& request) {
  bool close = false;
  bool keep = false;
  for (const auto& line : lines_of(request, field::connection)) {
    http::token_list tokens{line.value()};  // (exists() is not const in Beast 1.74)
    close = close || tokens.exists("close");
    keep = keep || tokens.exists("keep-alive");
  }
  return request.version() >= 11 ? !close : keep && !close;
}

bool has_body(const http::request_header<>& request) {
  if (request.count(field::transfer_encoding) > 0) return true;
  for (const auto& f : lines_of(request, field::content_length))
    if (f.value() != "0") return true;
  return false;
}

}  // namespace

EntryCatalog::EntryCatalog(const std::vector<BundleEntry>& entries) {
  by_name_.reserve(entries.size());
  for (const auto& entry : entries) by_name_.emplace(entry.name, &entry);
}

const BundleEntry* EntryCatalog::find(std::string_view name) const {
  const auto found = by_name_.find(name);
  return found == by_name_.end() ? nullptr : found->second;
}

std::string_view mime_type(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> types[] = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".sig", "text/plain; charset=utf-8"},
      {".md", "text/plain; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".opus", "audio/ogg"},  // narration (Ogg Opus)
      {".svg", "image/svg+xml"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".otf", "font/otf"},
  };
  for (const auto& [ext, type] : types)
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) return type;
  return "application/octet-stream";
}

std::optional<std::string> entry_name_for_target(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  if (path.empty() || path[0] != '/') return std::nullopt;
  std::string name;
  name.reserve(path.size());
  for (std::size_t i = 1; i < path.size(); ++i) {
    const auto c = static_cast<unsigned char>(path[i]);
    if (c == '%') {
      // RFC 3986 2.1: exactly two hex digits. "%u002f" and a lone '%' are not escapes.
      const int high = i + 2 < path.size() ? hex_value(path[i + 1]) : -1;
      const int low = i + 2 < path.size() ? hex_value(path[i + 2]) : -1;
      if (high < 0 || low < 0) return std::nullopt;
      const auto decoded = static_cast<unsigned char>(high * 16 + low);
      // Once decoded, an encoded '/' would be a real one: refused, as is every
      // byte that has no business in a name.
      if (decoded == '/' || decoded == '\\' || is_control_byte(decoded)) return std::nullopt;
      name += static_cast<char>(decoded);
      i += 2;
      continue;
    }
    // Beast lets any byte above space through; a URI has no raw '\', '#' or
    // non-ASCII byte (browsers percent-encode them).
    if (c == '\\' || c == '#' || c >= 0x80 || c <= 0x20 || c == 0x7f) return std::nullopt;
    name += static_cast<char>(c);
  }
  if (name.empty() || name.back() == '/') name += "index.html";
  for (std::size_t start = 0; start <= name.size();) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    const std::string_view segment(name.data() + start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return std::nullopt;
    start = end + 1;
  }
  // Valid UTF-8 without C1 controls, and everything else a bundle name must be.
  if (check_entry_name(name)) return std::nullopt;
  return name;
}

RangeDecision decide_range(std::string_view value, std::uint64_t size, std::size_t max_ranges) {
  const RangeDecision whole{};
  value = trim_ows(value);
  const std::size_t equals = value.find('=');
  if (equals == std::string_view::npos || !iequals(trim_ows(value.substr(0, equals)), "bytes")) return whole;
  std::string_view set = value.substr(equals + 1);

  std::size_t count = 0;
  bool any_satisfiable = false;
  RangeDecision single;
  while (true) {
    const std::size_t comma = set.find(',');
    const std::string_view spec = trim_ows(set.substr(0, comma));
    if (!spec.empty()) {  // empty list elements are allowed and ignored (RFC 9110 5.6.1)
      if (++count > max_ranges) return whole;
      const std::size_t dash = spec.find('-');
      if (dash == std::string_view::npos) return whole;
      const std::string_view first_text = spec.substr(0, dash);
      const std::string_view last_text = spec.substr(dash + 1);
      RangeDecision decision{RangeAnswer::unsatisfiable, 0, 0};
      if (first_text.empty()) {  // suffix-range: the last N bytes
        const auto suffix = parse_position(last_text);
        if (!suffix) return whole;
        if (*suffix > 0 && size > 0) {
          const std::uint64_t length = std::min(*suffix, size);
          decision = {RangeAnswer::partial, size - length, length};
        }
      } else {
        const auto first = parse_position(first_text);
        if (!first) return whole;
        std::uint64_t last = std::numeric_limits<std::uint64_t>::max();
        if (!last_text.empty()) {
          const auto parsed = parse_position(last_text);
          if (!parsed || *parsed < *first) return whole;  // an invalid range-spec: the header is ignored
          last = *parsed;
        }
        if (*first < size) decision = {RangeAnswer::partial, *first, std::min(last, size - 1) - *first + 1};
      }
      if (decision.answer == RangeAnswer::partial) any_satisfiable = true;
      single = decision;
    }
    if (comma == std::string_view::npos) break;
    set.remove_prefix(comma + 1);
  }
  if (count == 0) return whole;
  if (count == 1) return single;
  // Several ranges: no multipart answer; the whole entry, or 416 when none fits.
  return any_satisfiable ? whole : RangeDecision{RangeAnswer::unsatisfiable, 0, 0};
}

bool accepts_gzip(std::string_view accept_encoding) {
  bool gzip_named = false;
  bool gzip_ok = false;
  bool star_ok = false;
  for (const auto& coding : http::ext_list{accept_encoding}) {
    const std::string_view name = coding.first;
    bool above_zero = true;
    for (const auto& param : coding.second)
      if (iequals(param.first, "q")) above_zero = qvalue_above_zero(param.second);
    if (iequals(name, "gzip") || iequals(name, "x-gzip")) {
      gzip_named = true;
      gzip_ok = gzip_ok || above_zero;
    } else if (name == "*") {
      star_ok = above_zero;
    }
  }
  return gzip_named ? gzip_ok : star_ok;
}

bool if_none_match_matches(std::string_view value, const std::vector<std::string_view>& etags) {
  while (true) {
    const std::size_t comma = value.find(',');
    std::string_view tag = trim_ows(value.substr(0, comma));
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    for (std::string_view etag : etags)
      if (tag == etag) return true;
    if (comma == std::string_view::npos) return false;
    value.remove_prefix(comma + 1);
  }
}

void configure_parser(http::request_parser<http::empty_body>& parser, const RequestLimits& limits) {
  parser.header_limit(limits.max_header_bytes);
  // Only the head is ever read: a request with a body is answered and the
  // connection closed (see has_body), so no body limit comes into play.
  parser.eager(false);
}

ResponsePlan plan_text(http::status code, std::string_view text) {
  ResponsePlan plan = text_response(code, text, true);
  plan.head.keep_alive(false);
  return plan;
}

ResponsePlan plan_too_many_connections() {
  ResponsePlan plan = text_response(status::service_unavailable, "503 Service Unavailable: too many connections", true);
  plan.head.set(field::retry_after, "5");
  plan.head.keep_alive(false);
  return plan;
}

ResponsePlan plan_parse_error(const boost::beast::error_code& error) {
  // Past the head's size limit Beast stops with header_limit (or, with data
  // pipelined behind it, with the read buffer full).
  ResponsePlan plan =
      error == http::error::header_limit || error == http::error::buffer_overflow
          ? text_response(status::request_header_fields_too_large, "431 Request Header Fields Too Large", true)
      // Beast reads HTTP/1.0 and 1.1 only.
      : error == http::error::bad_version ? text_response(status::http_version_not_supported, "505 HTTP Version Not Supported", true)
                                          : text_response(status::bad_request, "400 Bad Request", true);
  plan.head.keep_alive(false);
  return plan;
}

RequestTarget read_request_target(const http::request_header<>& request, const RequestLimits& limits) {
  RequestTarget target;
  target.keep_alive = wants_keep_alive(request);
  auto refuse = [&](ResponsePlan plan) {
    target.refusal = std::move(plan);
    return target;
  };
  std::size_t fields = 0;
  for (auto it = request.begin(); it != request.end(); ++it) ++fields;
  if (fields > limits.max_fields)
    return refuse(text_response(status::request_header_fields_too_large, "431 Request Header Fields Too Large: too many fields", true));

  // HTTP/1.0 and 1.1 only (Beast's parser gives no other, a head made otherwise might).
  if (request.version() != 10 && request.version() != 11)
    return refuse(text_response(status::http_version_not_supported, "505 HTTP Version Not Supported", true));
  const bool get = request.method() == http::verb::get;
  target.head_only = request.method() == http::verb::head;
  if (!get && !target.head_only) {
    // Its body, if any, is never read: close after answering.
    ResponsePlan plan =
        text_response(status::method_not_allowed, "405 Method Not Allowed", !target.keep_alive || has_body(request));
    plan.head.set(field::allow, "GET, HEAD");
    return refuse(std::move(plan));
  }
  if (has_body(request))
    return refuse(text_response(status::bad_request, "400 Bad Request: a GET or HEAD request has no body", true));
  // RFC 9112 3.2: exactly one Host in HTTP/1.1, at most one before.
  const std::size_t hosts = request.count(field::host);
  if (hosts > 1 || (hosts == 0 && request.version() >= 11))
    return refuse(text_response(status::bad_request, "400 Bad Request: one Host field is required", true));

  auto name = entry_name_for_target(std::string_view(request.target()));
  if (!name) return refuse(text_response(status::bad_request, "400 Bad Request: path not allowed", !target.keep_alive));
  target.name = std::move(*name);
  return target;
}

ResponsePlan plan_not_found(const RequestTarget& target) {
  if (target.name == "favicon.ico") {
    // Browsers ask for it on their own; a 404 would be a console error on every kiosk.
    ResponsePlan plan;
    plan.head.result(status::no_content);
    set_common_fields(plan.head);
    plan.close = !target.keep_alive;
    return plan;
  }
  return text_response(status::not_found, "404 Not Found", !target.keep_alive);
}

namespace {

// One byte range of an entry of `size` bytes, as plan_for() and
// plan_memory_entry() honour it: only a single Range field, and with If-Range
// only for `identity_etag`; a date or another tag means "send all".
RangeDecision requested_range(const http::request_header<>& request, std::uint64_t size,
                              const std::string& identity_etag, const RequestLimits& limits) {
  RangeDecision range;
  if (request.count(field::range) == 1) {
    bool honour = true;
    if (request.count(field::if_range) > 0)
      honour = request.count(field::if_range) == 1 &&
               std::string_view(request[field::if_range]) == identity_etag;
    if (honour) range = decide_range(std::string_view(request[field::range]), size, limits.max_ranges);
  }
  return range;
}

bool not_modified(const http::request_header<>& request, const std::vector<std::string_view>& etags) {
  bool matched = false;
  for (const auto& f : lines_of(request, field::if_none_match))
    matched = matched || if_none_match_matches(std::string_view(f.value()), etags);
  return matched;
}

ResponsePlan range_refused(const RequestTarget& target, std::uint64_t size, const std::string& identity_etag) {
  ResponsePlan refused = text_response(status::range_not_satisfiable, "416 Range Not Satisfiable", !target.keep_alive);
  refused.head.set(field::content_range, fmt::format("bytes */{}", size));
  refused.head.set(field::etag, identity_etag);
  refused.head.set(field::accept_ranges, "bytes");
  if (target.head_only) refused.body = BodyKind::none;
  return refused;
}

// The identity body [first, first + length) of an entry of `size` bytes: 206
// with Content-Range for a range, else 200.
void set_identity_body(ResponsePlan& plan, const RangeDecision& range, std::uint64_t size, BodyKind kind) {
  plan.first = range.answer == RangeAnswer::partial ? range.first : 0;
  plan.length = range.answer == RangeAnswer::partial ? range.length : size;
  if (range.answer == RangeAnswer::partial) {
    plan.head.result(status::partial_content);
    plan.head.set(field::content_range, fmt::format("bytes {}-{}/{}", plan.first, plan.first + plan.length - 1, size));
  } else {
    plan.head.result(status::ok);
  }
  plan.head.content_length(plan.length);
  plan.body = kind;
}

ResponsePlan plan_for(const http::request_header<>& request, const EntryCatalog& catalog,
                      const RequestLimits& limits) {
  RequestTarget target = read_request_target(request, limits);
  if (target.refusal) return std::move(*target.refusal);
  const std::string& name = target.name;
  const BundleEntry* entry = catalog.find(name);
  if (!entry) return plan_not_found(target);

  ResponsePlan plan;
  set_common_fields(plan.head);
  plan.close = !target.keep_alive;
  plan.entry = entry;

  const std::string identity_etag = "\"" + entry->sha256 + "\"";
  // A gzip body is another representation: its own strong ETag (as Apache does).
  const std::string gzip_etag = "\"" + entry->sha256 + "-gzip\"";
  bool gzip = false;
  if (entry->deflated)
    for (const auto& f : lines_of(request, field::accept_encoding))
      gzip = gzip || accepts_gzip(std::string_view(f.value()));

  const RangeDecision range = requested_range(request, entry->size, identity_etag, limits);
  if (range.answer != RangeAnswer::whole) gzip = false;  // ranges count bytes of the entry itself

  plan.head.set(field::etag, gzip ? gzip_etag : identity_etag);
  // media/ names are content hashes, so they never change; pages are checked
  // again each time so a kiosk sees a newer bundle at once.
  plan.head.set(field::cache_control,
                name.rfind("media/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
  plan.head.set(field::accept_ranges, "bytes");
  if (entry->deflated) plan.head.set(field::vary, "Accept-Encoding");

  if (not_modified(request, {identity_etag, gzip_etag})) {
    plan.head.result(status::not_modified);
    return plan;
  }
  if (range.answer == RangeAnswer::unsatisfiable) return range_refused(target, entry->size, identity_etag);

  plan.head.set(field::content_type, mime_type(name));
  if (gzip) {
    plan.head.result(status::ok);
    plan.head.set(field::content_encoding, "gzip");
    // A gzip member: 10-byte header, the raw deflate data, CRC-32 and size (8 bytes).
    plan.head.content_length(10 + entry->compressed_size + 8);
    plan.body = BodyKind::entry_gzip;
  } else {
    set_identity_body(plan, range, entry->size, BodyKind::entry);
  }
  if (target.head_only) plan.body = BodyKind::none;
  return plan;
}

}  // namespace

ResponsePlan plan_memory_entry(const http::request_header<>& request, const RequestTarget& target,
                               const MemoryEntry& entry, const RequestLimits& limits) {
  ResponsePlan plan;
  set_common_fields(plan.head);
  plan.close = !target.keep_alive;
  const std::string etag = "\"" + std::string(entry.sha256) + "\"";
  const RangeDecision range = requested_range(request, entry.size, etag, limits);
  plan.head.set(field::etag, etag);
  plan.head.set(field::cache_control, entry.cache_control);
  plan.head.set(field::accept_ranges, "bytes");
  if (not_modified(request, {etag})) {
    plan.head.result(status::not_modified);
    return plan;
  }
  if (range.answer == RangeAnswer::unsatisfiable) return range_refused(target, entry.size, etag);
  plan.head.set(field::content_type, entry.content_type);
  set_identity_body(plan, range, entry.size, BodyKind::bytes);
  if (target.head_only) plan.body = BodyKind::none;
  return plan;
}

ResponsePlan plan_event_stream(const RequestTarget& target) {
  ResponsePlan plan;
  set_common_fields(plan.head);
  plan.head.result(status::ok);
  plan.head.set(field::content_type, "text/event-stream");
  plan.head.set(field::cache_control, "no-store");
  // No Content-Length: the body ends when the connection does.
  plan.close = true;
  plan.body = target.head_only ? BodyKind::none : BodyKind::events;
  return plan;
}

void answer_in_kind(ResponsePlan& plan, const http::request_header<>& request) {
  // Answered in the client's HTTP version, so that Connection means the same to it.
  plan.head.version(request.version() == 10 ? 10 : 11);
  plan.head.keep_alive(!plan.close);
}

ResponsePlan plan_response(const http::request_header<>& request, const EntryCatalog& catalog,
                           const RequestLimits& limits) {
  ResponsePlan plan = plan_for(request, catalog, limits);
  answer_in_kind(plan, request);
  return plan;
}

ResponsePlan plan_raw_request(std::string_view bytes, const EntryCatalog& catalog, const RequestLimits& limits) {
  http::request_parser<http::empty_body> parser;
  configure_parser(parser, limits);
  boost::beast::error_code error;
  // The head must be whole: put() answers need_more for a partial one.
  parser.put(boost::asio::const_buffer(bytes.data(), bytes.size()), error);
  if (error || !parser.is_header_done()) return plan_parse_error(error);
  return plan_response(parser.get().base(), catalog, limits);
}

}  // namespace hocso::serve
