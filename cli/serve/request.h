#pragma once
// hocso serve, the request side: what to answer to one parsed HTTP request,
// decided without sockets or files (pure functions over the request head and
// the bundle's entry list), so that tests and a fuzzer can call it with any
// bytes. The Asio plumbing (server.h) parses with Beast, calls plan_response
// and sends what the plan says.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>

#include "hocso/bundle_reader.h"

namespace hocso::serve {

namespace http = boost::beast::http;

// What a request may be; over a limit it is refused (431, 400) and the
// connection closed.
struct RequestLimits {
  std::uint32_t max_header_bytes = 8 * 1024;  // request line and all fields (Beast's header_limit)
  std::size_t max_fields = 64;
  std::size_t max_ranges = 8;  // range-specs in one Range header; more are ignored (200, whole entry)
};

// The bundle's entries by name. Refers to the entries it was made from, which
// must outlive it.
class EntryCatalog {
 public:
  explicit EntryCatalog(const std::vector<BundleEntry>& entries);
  const BundleEntry* find(std::string_view name) const;

 private:
  std::unordered_map<std::string_view, const BundleEntry*> by_name_;
};

// What the body of a response is.
enum class BodyKind {
  none,        // HEAD, 204, 304, or nothing to say
  message,     // the short text in ResponsePlan::message
  entry,       // the entry's bytes [first, first + length) (identity)
  entry_gzip,  // the entry's deflate stream as one gzip member (deflated entries only)
  bytes,       // bytes held in memory, [first, first + length) of them (server.h: Answer::bytes)
  events,      // a stream of Server-Sent Events that stays open (server.h: Answer::events)
};

struct ResponsePlan {
  http::response<http::empty_body> head;  // status and every field, Content-Length included; no Date
  BodyKind body = BodyKind::none;
  std::string message;
  const BundleEntry* entry = nullptr;
  std::uint64_t first = 0;   // BodyKind::entry: first byte and count
  std::uint64_t length = 0;
  bool close = false;        // close the connection after this response
};

// Sets the parser limits of `limits` on a parser for one request.
void configure_parser(http::request_parser<http::empty_body>& parser, const RequestLimits& limits);

// The answer to a request whose head Beast parsed: 400 for a path trick, a
// body, a missing Host (HTTP/1.1) or too many fields (431); 405 (with Allow)
// for any method but GET and HEAD; 404 for an unknown entry (204 for a
// missing favicon.ico); 304 on a matching If-None-Match; 206 or 416 for a
// single range; else 200 with the entry, gzip-encoded when it is deflated in
// the bundle and the client accepts gzip (and no range was asked).
ResponsePlan plan_response(const http::request_header<>& request, const EntryCatalog& catalog,
                           const RequestLimits& limits);

// What the checks every request passes before its path is looked up found.
struct RequestTarget {
  std::optional<ResponsePlan> refusal;  // the answer when the request is refused (then `name` is empty)
  std::string name;                     // the entry name the path asks for (entry_name_for_target)
  bool keep_alive = true;               // what the client asked for (RFC 9112 9.3)
  bool head_only = false;               // HEAD: no body
};

// The request checks of plan_response(), before any entry is looked up: 431
// for too many fields, 505, 405 (with Allow) for any method but GET and HEAD,
// 400 for a body, a missing or repeated Host (HTTP/1.1) or a path trick.
RequestTarget read_request_target(const http::request_header<>& request, const RequestLimits& limits);

// The answer when nothing is at the target's name: 404 (204 for favicon.ico).
ResponsePlan plan_not_found(const RequestTarget& target);

// An entry held in memory (hocso preview's pages), answered like a bundle's:
// ETag (its SHA-256, quoted), If-None-Match (304), one byte range (206, 416).
struct MemoryEntry {
  std::uint64_t size = 0;
  std::string_view sha256;        // lower-case hex
  std::string_view content_type;  // mime_type() of its name, or what the maker knows
  std::string_view cache_control;
};
// The answer with `entry` for a request that passed read_request_target();
// BodyKind::bytes over [first, first + length) of the entry.
ResponsePlan plan_memory_entry(const http::request_header<>& request, const RequestTarget& target,
                               const MemoryEntry& entry, const RequestLimits& limits);

// The head of a stream of Server-Sent Events (text/event-stream, no-store):
// BodyKind::events, the connection kept open.
ResponsePlan plan_event_stream(const RequestTarget& target);

// Answers in the client's HTTP version with the Connection field the plan
// decided: every plan made for a parsed request goes through it (plan_response does).
void answer_in_kind(ResponsePlan& plan, const http::request_header<>& request);

// The answer to a request Beast could not parse: 431 when the head was over
// the size limit, else 400; the connection is closed after it.
ResponsePlan plan_parse_error(const boost::beast::error_code& error);

// A short text answer (status line text and a newline) after which the
// connection is closed: for the server's own failures.
ResponsePlan plan_text(http::status code, std::string_view text);

// The answer to a connection over a limit, sent before anything is read: 503
// with Retry-After, then the connection is closed.
ResponsePlan plan_too_many_connections();

// The whole request path from raw bytes: parses `bytes` as one request head
// with the limits (as the server does) and plans the answer. A head that is
// incomplete gets 400. For tests and fuzzing.
ResponsePlan plan_raw_request(std::string_view bytes, const EntryCatalog& catalog, const RequestLimits& limits);

// --- The pieces, exposed for unit tests ---

// The entry name a request target asks for, or nullopt when the target is not
// a plain path: not starting with '/', a '%' not followed by two hex digits
// (RFC 3986 percent-encoding only: "%u002f" is refused), an encoded '/' or
// '\', a control byte (raw or encoded, NUL included), a raw '\', '#' or
// non-ASCII byte, an empty, "." or ".." segment, or a name no bundle could
// hold (hocso::check_entry_name). The query is ignored. "/" and ".../" mean
// the folder's index.html.
std::optional<std::string> entry_name_for_target(std::string_view target);

enum class RangeAnswer {
  whole,          // no usable Range: send the whole entry (200)
  partial,        // one satisfiable range: 206 with [first, first + length)
  unsatisfiable,  // 416 with Content-Range: bytes */SIZE
};
struct RangeDecision {
  RangeAnswer answer = RangeAnswer::whole;
  std::uint64_t first = 0;
  std::uint64_t length = 0;
};

// What a Range header value asks of an entry of `size` bytes (RFC 9110 14.1.2).
// A header that is not "bytes=" followed by a valid range set is ignored (whole);
// so is one with more than `max_ranges` ranges. One range: partial, clipped to
// the entry, or unsatisfiable. Several ranges are not served as multipart: the
// whole entry is sent (200) when any of them is satisfiable, 416 when none is;
// so a response is never larger than the entry, however the ranges overlap.
RangeDecision decide_range(std::string_view value, std::uint64_t size, std::size_t max_ranges);

// Whether an Accept-Encoding value accepts gzip (gzip or x-gzip with a q-value
// above 0, or "*" above 0 when gzip is not named).
bool accepts_gzip(std::string_view accept_encoding);

// Whether an If-None-Match value matches one of `etags` (weak comparison; "*"
// matches anything).
bool if_none_match_matches(std::string_view value, const std::vector<std::string_view>& etags);

// The Content-Type of an entry, by its extension; unknown kinds are
// application/octet-stream (never sniffed: responses carry nosniff).
std::string_view mime_type(std::string_view name);

}  // namespace hocso::serve
