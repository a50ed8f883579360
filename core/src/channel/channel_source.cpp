#include "channel/channel_source.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>

#include <fmt/format.h>

#include "say.h"

namespace hocso::channel {

namespace fs = std::filesystem;

namespace {

// Timeouts: a connection within 20 s; a transfer that moves less than 1 KiB/s
// for 30 s is stopped (slow retrieval); small files within 60 s.
constexpr long kConnectTimeoutSeconds = 20;
constexpr long kLowSpeedBytes = 1024;
constexpr long kLowSpeedSeconds = 30;
constexpr long kSmallFileTimeoutSeconds = 60;
constexpr std::uint64_t kMaxErrorBody = 64 * 1024;

// ---- a folder -------------------------------------------------------------------

class FolderSource : public ChannelSource {
 public:
  explicit FolderSource(fs::path root) : root_(std::move(root)) {}
  std::string describe(const std::string& relative) const override { return (root_ / relative).string(); }

  Fetched fetch(const std::string& relative, std::uint64_t cap) override {
    Fetched f;
    int fd = open_file(relative, f);
    if (fd < 0) return f;
    f.bytes = read_up_to(fd, 0, cap + 1, f);
    ::close(fd);
    if (f.status == Fetched::Status::failed && !f.why.empty()) return f;
    if (f.bytes.size() > cap) {
      f.status = Fetched::Status::too_large;
      f.why = say(N_("larger than {limit} bytes"), fmt::arg("limit", cap));
      f.bytes.resize(cap);
      return f;
    }
    f.status = Fetched::Status::ok;
    return f;
  }

  Range fetch_range(const std::string& relative, std::uint64_t offset, std::uint64_t length,
                    std::uint64_t file_size) override {
    Range r;
    int fd = open_file(relative, r.fetched);
    if (fd < 0) return r;
    r.fetched.bytes = read_up_to(fd, offset, length, r.fetched);
    ::close(fd);
    if (!r.fetched.why.empty()) return r;
    if (r.fetched.bytes.size() != length || offset + length > file_size) {
      r.fetched.why = _("shorter than channel.json says");
      return r;
    }
    r.fetched.status = Fetched::Status::ok;
    return r;
  }

  Fetched download(const std::string& relative, const fs::path& into, std::uint64_t file_size) override {
    Fetched f;
    int in = open_file(relative, f);
    if (in < 0) return f;
    int out = ::open(into.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0644);
    struct stat st {};
    if (out < 0 || ::fstat(out, &st) != 0) {
      if (out >= 0) ::close(out);
      ::close(in);
      f.why = say(N_("{file}: cannot be written"), fmt::arg("file", into.string()));
      return f;
    }
    std::uint64_t at = static_cast<std::uint64_t>(st.st_size);
    std::string buffer(1 << 20, '\0');
    while (at < file_size) {
      ssize_t n = ::pread(in, buffer.data(), std::min<std::uint64_t>(buffer.size(), file_size - at), static_cast<off_t>(at));
      if (n <= 0) break;
      if (::write(out, buffer.data(), static_cast<std::size_t>(n)) != n) {
        f.why = say(N_("{file}: cannot be written (is the disk full?)"), fmt::arg("file", into.string()));
        break;
      }
      at += static_cast<std::uint64_t>(n);
      received_ += static_cast<std::uint64_t>(n);
    }
    // One more byte means the file is larger than listed.
    char extra;
    bool longer = at == file_size && ::pread(in, &extra, 1, static_cast<off_t>(at)) == 1;
    ::close(in);
    ::close(out);
    if (!f.why.empty()) return f;
    if (longer) {
      f.status = Fetched::Status::too_large;
      f.why = say(N_("larger than the {size} bytes channel.json lists"), fmt::arg("size", file_size));
    } else if (at != file_size) {
      f.why = _("shorter than channel.json says");
    } else {
      f.status = Fetched::Status::ok;
    }
    return f;
  }

 private:
  int open_file(const std::string& relative, Fetched& f) {
    int fd = ::open((root_ / relative).c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
      f.status = errno == ENOENT ? Fetched::Status::missing : Fetched::Status::failed;
      f.why = say(N_("cannot be read: {reason}"), fmt::arg("reason", std::strerror(errno)));
      return -1;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      f.why = _("not a regular file");
      return -1;
    }
    return fd;
  }
  std::string read_up_to(int fd, std::uint64_t offset, std::uint64_t length, Fetched& f) {
    std::string bytes;
    std::string buffer(1 << 16, '\0');
    while (bytes.size() < length) {
      ssize_t n = ::pread(fd, buffer.data(), std::min<std::uint64_t>(buffer.size(), length - bytes.size()),
                          static_cast<off_t>(offset + bytes.size()));
      if (n < 0) {
        f.why = say(N_("cannot be read: {reason}"), fmt::arg("reason", std::strerror(errno)));
        break;
      }
      if (n == 0) break;
      bytes.append(buffer.data(), static_cast<std::size_t>(n));
    }
    received_ += bytes.size();
    return bytes;
  }
  fs::path root_;
};

// ---- http and https (libcurl) -------------------------------------------------------

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

class HttpSource : public ChannelSource {
 public:
  explicit HttpSource(std::string base) : base_(std::move(base)) {
    if (base_.back() != '/') base_ += '/';
    init_curl_once();
    curl_ = curl_easy_init();
  }
  ~HttpSource() override {
    if (curl_) curl_easy_cleanup(curl_);
  }
  std::string describe(const std::string& relative) const override { return base_ + relative; }

  Fetched fetch(const std::string& relative, std::uint64_t cap) override {
    Sink sink{cap, nullptr};
    Fetched f = transfer(relative, nullptr, kSmallFileTimeoutSeconds, sink);
    f.bytes = std::move(sink.memory);
    return f;
  }

  Range fetch_range(const std::string& relative, std::uint64_t offset, std::uint64_t length,
                    std::uint64_t file_size) override {
    Range r;
    std::string range = fmt::format("{}-{}", offset, offset + length - 1);
    Sink sink{length, nullptr};
    sink.refuse_whole_file = true;
    r.fetched = transfer(relative, range.c_str(), 0, sink);
    r.fetched.bytes = std::move(sink.memory);
    if (sink.range_ignored) {
      r.range_ignored = true;
      r.fetched.status = Fetched::Status::failed;
      r.fetched.why = _("the server ignores Range requests");
      return r;
    }
    if (r.fetched.status == Fetched::Status::ok && r.fetched.bytes.size() != length) {
      r.fetched.status = Fetched::Status::failed;
      r.fetched.why = say(N_("the server sent {size} bytes for a range of {length}"), fmt::arg("size", r.fetched.bytes.size()),
                           fmt::arg("length", length));
    }
    (void)file_size;
    return r;
  }

  Fetched download(const std::string& relative, const fs::path& into, std::uint64_t file_size) override {
    std::error_code ec;
    std::uint64_t have = fs::exists(into, ec) ? fs::file_size(into, ec) : 0;
    if (have > file_size) {
      fs::remove(into, ec);
      have = 0;
    }
    if (have == file_size) return Fetched{Fetched::Status::ok, {}, {}};
    std::FILE* out = std::fopen(into.c_str(), "ab");
    if (!out) return Fetched{Fetched::Status::failed, {}, say(N_("{file}: cannot be written"), fmt::arg("file", into.string()))};
    Sink sink{file_size - have, out};
    std::string range = fmt::format("{}-", have);
    Fetched f = transfer(relative, have ? range.c_str() : nullptr, 0, sink);
    bool write_failed = std::fclose(out) != 0 || sink.write_failed;
    if (f.status == Fetched::Status::ok && have && status_ == 200) {
      // The server ignored Range and sent the file from its start: start over.
      fs::remove(into, ec);
      return download(relative, into, file_size);
    }
    if (write_failed) return Fetched{Fetched::Status::failed, {},
                     say(N_("{file}: cannot be written (is the disk full?)"), fmt::arg("file", into.string()))};
    if (f.status == Fetched::Status::ok && fs::file_size(into, ec) != file_size)
      return Fetched{Fetched::Status::failed, {},
                     _("shorter than channel.json says (the download was cut; pull again to resume)")};
    return f;
  }

 private:
  // Where a body goes: memory (at most `cap` bytes) or a file; more than `cap`
  // stops the transfer (endless data).
  struct Sink {
    std::uint64_t cap;
    std::FILE* file;
    std::string memory;
    std::uint64_t count = 0;
    bool over = false;
    bool write_failed = false;
    CURL* curl = nullptr;            // to read the status as the body arrives
    std::uint64_t error_body = 0;    // bytes of an error page, dropped
    bool error_body_cut = false;     // an error page over kMaxErrorBody: stopped, its status reported
    bool refuse_whole_file = false;  // a range was asked: a 200 answer is stopped
    bool range_ignored = false;
  };

  static std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* sink = static_cast<Sink*>(user);
    std::size_t bytes = size * n;
    long status = 0;
    curl_easy_getinfo(sink->curl, CURLINFO_RESPONSE_CODE, &status);
    if (sink->refuse_whole_file && status == 200) {
      sink->range_ignored = true;
      return 0;
    }
    // An error page (404, 502…) is not the file: read and dropped, up to 64 KiB.
    if (status >= 300) {
      sink->error_body += bytes;
      if (sink->error_body <= kMaxErrorBody) return bytes;
      sink->error_body_cut = true;
      return 0;  // stops the transfer; transfer() reports the status, not a write error
    }
    if (sink->count + bytes > sink->cap) {
      sink->over = true;
      return 0;  // stops the transfer with CURLE_WRITE_ERROR
    }
    if (sink->file) {
      if (std::fwrite(data, 1, bytes, sink->file) != bytes) {
        sink->write_failed = true;
        return 0;
      }
    } else {
      sink->memory.append(data, bytes);
    }
    sink->count += bytes;
    return bytes;
  }

  Fetched transfer(const std::string& relative, const char* range, long timeout_seconds, Sink& sink) {
    Fetched f;
    status_ = 0;
    sink.curl = curl_;
    if (!curl_) {
      f.why = _("libcurl could not start");
      return f;
    }
    std::string url = base_ + relative;
    curl_easy_reset(curl_);
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl_, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
    curl_easy_setopt(curl_, CURLOPT_LOW_SPEED_LIMIT, kLowSpeedBytes);
    curl_easy_setopt(curl_, CURLOPT_LOW_SPEED_TIME, kLowSpeedSeconds);
    if (timeout_seconds) curl_easy_setopt(curl_, CURLOPT_TIMEOUT, timeout_seconds);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_USERAGENT, "hocso-pull/1");
    // Bodies as sent: a bundle is already compressed, and sizes must be the file's.
    curl_easy_setopt(curl_, CURLOPT_HTTP_CONTENT_DECODING, 0L);
    if (range) curl_easy_setopt(curl_, CURLOPT_RANGE, range);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &HttpSource::on_body);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &sink);
    CURLcode code = curl_easy_perform(curl_);
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status_);
    received_ += sink.count;
    if (sink.range_ignored) return f;
    if (sink.over) {
      f.status = Fetched::Status::too_large;
      f.why = say(N_("the server sent more than {limit} bytes"), fmt::arg("limit", sink.cap));
      return f;
    }
    // Stopped by us for an error page that went on too long: its status says what happened.
    if (code != CURLE_OK && !(sink.error_body_cut && status_ >= 300)) {
      f.why = curl_easy_strerror(code);
      return f;
    }
    if (status_ == 404 || status_ == 410) {
      f.status = Fetched::Status::missing;
      f.why = fmt::format("HTTP {}", status_);
      return f;
    }
    if (status_ != 200 && status_ != 206) {
      f.why = fmt::format("HTTP {}", status_);
      return f;
    }
    f.status = Fetched::Status::ok;
    return f;
  }

  std::string base_;
  CURL* curl_ = nullptr;
  long status_ = 0;
};

}  // namespace

std::unique_ptr<ChannelSource> open_channel_source(const std::string& location) {
  if (location.rfind("http://", 0) == 0 || location.rfind("https://", 0) == 0)
    return std::make_unique<HttpSource>(location);
  return std::make_unique<FolderSource>(fs::path(location));
}

}  // namespace hocso::channel
