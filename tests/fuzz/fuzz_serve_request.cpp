// Fuzz target: the request path of `hocso serve`, from the bytes a phone sends
// to the answer the server plans (Beast parses the head with the server's
// limits, then the same decision code runs: path decoding, method, Range,
// Accept-Encoding, If-None-Match). No sockets: plan_raw_request().
// Oracles beyond "no crash": every answer has a status the server documents
// and a Content-Length that matches what it would send; a byte range never
// leaves its entry and is never more than the entry; only a real entry of the
// catalog is ever sent, and a gzip answer only for a deflated entry.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "request.h"

namespace {

using hocso::fuzz::require;
namespace http = boost::beast::http;

std::vector<hocso::BundleEntry> make_entries() {
  auto entry = [](std::string name, std::uint64_t size, bool deflated) {
    hocso::BundleEntry e;
    e.name = std::move(name);
    e.size = size;
    e.deflated = deflated;
    e.compressed_size = deflated ? size / 3 + 1 : size;
    e.data_offset = 100;
    e.sha256 = std::string(64, 'a');
    return e;
  };
  return {entry("index.html", 4000, true),       entry("vi/index.html", 3000, true),
          entry("vi/cai-dat-vneid.html", 9000, true), entry("vi/cai-dat-vneid.json", 7000, true),
          entry("media/0123abcd.webp", 70000, false), entry("assets/hocso.css", 5000, true),
          entry("manifest.json", 2000, true),     entry("blt-Tavt-VN/index.html", 100, true)};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<hocso::BundleEntry> entries = make_entries();
  static const hocso::serve::EntryCatalog catalog(entries);
  const hocso::serve::RequestLimits limits;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const hocso::serve::ResponsePlan plan = hocso::serve::plan_raw_request(bytes, catalog, limits);

  const unsigned status = plan.head.result_int();
  static const unsigned known[] = {200, 204, 206, 304, 400, 404, 405, 416, 431, 500, 503, 505};
  bool documented = false;
  for (unsigned k : known) documented = documented || k == status;
  require(documented, "an answer with a status the server does not document");

  const auto length_field = plan.head[http::field::content_length];
  switch (plan.body) {
    case hocso::serve::BodyKind::entry: {
      require(plan.entry != nullptr, "an entry answer without an entry");
      bool ours = false;
      for (const auto& e : entries) ours = ours || &e == plan.entry;
      require(ours, "an answer with an entry that is not in the catalog");
      require(plan.first <= plan.entry->size && plan.length <= plan.entry->size - plan.first,
              "a byte range outside its entry");
      require(status == 200 || status == 206, "entry bytes with a status other than 200 or 206");
      require(length_field == std::to_string(plan.length), "Content-Length does not match the bytes sent");
      break;
    }
    case hocso::serve::BodyKind::entry_gzip:
      require(plan.entry != nullptr && plan.entry->deflated, "gzip for an entry that is not deflated");
      require(status == 200, "a gzip answer with a status other than 200");
      break;
    case hocso::serve::BodyKind::message:
      require(length_field == std::to_string(plan.message.size()), "Content-Length does not match the message");
      break;
    case hocso::serve::BodyKind::none:
      break;
    case hocso::serve::BodyKind::bytes:
    case hocso::serve::BodyKind::events:
      require(false, "a bundle answer with a body from memory or an event stream");
      break;
  }
  if (status >= 400) require(plan.body != hocso::serve::BodyKind::entry && plan.body != hocso::serve::BodyKind::entry_gzip,
                             "entry bytes in an error answer");
  return 0;
}
