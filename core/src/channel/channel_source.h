#pragma once
// Where a reader gets a channel's files: a web address (http or https, through
// libcurl) or a folder (a mirror, a USB stick). Both give the same three
// operations, each bounded: a small file up to a cap, a byte range of a
// file, and a whole file appended to a local one from where it stopped.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace hocso::channel {

struct Fetched {
  enum class Status { ok, missing, too_large, failed };
  Status status = Status::failed;
  std::string bytes;
  std::string why;  // for failed / too_large: what happened, for a message
};

class ChannelSource {
 public:
  virtual ~ChannelSource() = default;
  // "https://host/path/" or "/media/usb/channel/": for messages.
  virtual std::string describe(const std::string& relative) const = 0;
  // A whole file of at most `cap` bytes; larger is too_large (stopped there).
  virtual Fetched fetch(const std::string& relative, std::uint64_t cap) = 0;
  // Bytes [offset, offset + length) of a file of `file_size` bytes. A server
  // that ignores Range (answers 200 with the whole file) is stopped at once and
  // `range_ignored` set: the caller downloads the whole file instead.
  struct Range {
    Fetched fetched;
    bool range_ignored = false;
  };
  virtual Range fetch_range(const std::string& relative, std::uint64_t offset, std::uint64_t length,
                            std::uint64_t file_size) = 0;
  // Appends the file's bytes from `into`'s current size on (a resumed download),
  // stopping at `file_size`; ok when `into` then holds file_size bytes.
  virtual Fetched download(const std::string& relative, const std::filesystem::path& into, std::uint64_t file_size) = 0;
  // Bytes received so far (bodies only), for reports and tests.
  std::uint64_t bytes_received() const { return received_; }

 protected:
  std::uint64_t received_ = 0;
};

// A source for `location`: http:// or https:// addresses go through libcurl
// (timeouts, redirects, TLS checked, proxies from the environment); anything
// else is a folder.
std::unique_ptr<ChannelSource> open_channel_source(const std::string& location);

}  // namespace hocso::channel
