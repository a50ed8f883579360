#include "entry_data.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "fatal.h"
#include "hocso/messages.h"

namespace hocso::serve {

BundleFile::BundleFile(const std::filesystem::path& path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  std::optional<FileIdentity> identity;
  if (fd_ >= 0) {
    errno = 0;
    identity = file_identity(fd_);
  }
  if (!identity) {
    const int error = errno != 0 ? errno : EINVAL;  // EINVAL: not a regular file
    if (fd_ >= 0) ::close(fd_);
    throw FatalError(fmt::format(fmt::runtime(_("{file}: cannot open as a regular file ({reason})")),
                                 fmt::arg("file", path.string()), fmt::arg("reason", std::strerror(error))));
  }
  opened_ = *identity;
}

BundleFile::~BundleFile() { ::close(fd_); }

bool BundleFile::is_file_at(const std::filesystem::path& path) const {
  const auto at = file_identity(path);
  return at && at->same_bytes(opened_) && unchanged();
}

bool BundleFile::unchanged() const {
  const auto now = file_identity(fd_);
  return now && now->same_bytes(opened_);
}

InflatingReader::InflatingReader(int fd, const BundleEntry& entry)
    : fd_(fd), entry_(entry), zs_(std::make_unique<z_stream_s>()) {
  *zs_ = {};
  // -15: raw deflate, as a zip stores it.
  if (inflateInit2(zs_.get(), -15) != Z_OK) {
    zs_.reset();
    failed_ = true;
  }
}

InflatingReader::~InflatingReader() {
  if (zs_) inflateEnd(zs_.get());
}

bool InflatingReader::fill_input() {
  if (zs_->avail_in > 0 || consumed_ >= entry_.compressed_size) return true;
  const auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(input_.size(), entry_.compressed_size - consumed_));
  const ssize_t n = ::pread(fd_, input_.data(), chunk, static_cast<off_t>(entry_.data_offset + consumed_));
  if (n <= 0) return false;
  consumed_ += static_cast<std::uint64_t>(n);
  zs_->next_in = input_.data();
  zs_->avail_in = static_cast<uInt>(n);
  return true;
}

bool InflatingReader::inflate_into(unsigned char* out, std::size_t size, std::size_t& made) {
  zs_->next_out = out;
  zs_->avail_out = static_cast<uInt>(size);
  const int status = inflate(zs_.get(), Z_NO_FLUSH);
  made = size - zs_->avail_out;
  if (status == Z_STREAM_END) stream_end_ = true;
  // Z_BUF_ERROR is "no progress possible": with all input given, the data end early.
  return status == Z_OK || status == Z_STREAM_END ||
         (status == Z_BUF_ERROR && (zs_->avail_in > 0 || consumed_ < entry_.compressed_size));
}

bool InflatingReader::read(std::string& out, std::size_t max) {
  if (failed_) return false;
  const std::size_t start = out.size();
  const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(max, entry_.size - produced_));
  out.resize(start + want);
  std::size_t got = 0;
  while (!failed_ && got < want && !stream_end_) {
    std::size_t made = 0;
    failed_ = !fill_input() || !inflate_into(reinterpret_cast<unsigned char*>(out.data() + start + got), want - got, made);
    got += made;
  }
  out.resize(start + got);
  hash_.update(out.data() + start, got);
  produced_ += got;
  if (got < want) failed_ = true;  // the stream ended before the entry's size
  // All the entry's bytes are out: the stream must end here, with not one byte more.
  while (!failed_ && done() && !stream_end_) {
    unsigned char extra = 0;
    std::size_t made = 0;
    failed_ = !fill_input() || !inflate_into(&extra, 1, made) || made > 0;
  }
  return !failed_;
}

bool InflatingReader::verified() {
  if (failed_ || !done() || !stream_end_) return false;
  return to_hex(hash_.finish()) == entry_.sha256;
}

std::optional<std::string> read_verified(int fd, const BundleEntry& entry) {
  std::string bytes;
  bytes.reserve(static_cast<std::size_t>(entry.size));
  InflatingReader reader(fd, entry);
  while (!reader.done())
    if (!reader.read(bytes, 256 * 1024)) return std::nullopt;
  if (!reader.verified()) return std::nullopt;
  return bytes;
}

VerifiedEntryCache::VerifiedEntryCache(int fd, std::size_t max_bytes, std::size_t max_entry_bytes)
    : fd_(fd), max_bytes_(max_bytes), max_entry_bytes_(std::min(max_entry_bytes, max_bytes)) {}

std::shared_ptr<const std::string> VerifiedEntryCache::get(const BundleEntry& entry) {
  {
    std::lock_guard lock(mutex_);
    const auto found = index_.find(&entry);
    if (found != index_.end()) {
      lru_.splice(lru_.begin(), lru_, found->second);
      return found->second->second;
    }
  }
  // Read outside the lock: two threads may both read a missing entry once.
  auto bytes = read_verified(fd_, entry);
  if (!bytes) return nullptr;
  auto shared = std::make_shared<const std::string>(std::move(*bytes));
  if (!holds(entry)) return shared;
  std::lock_guard lock(mutex_);
  if (index_.count(&entry)) return shared;
  while (!lru_.empty() && bytes_ + shared->size() > max_bytes_) {
    bytes_ -= lru_.back().second->size();
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
  lru_.emplace_front(&entry, shared);
  index_.emplace(&entry, lru_.begin());
  bytes_ += shared->size();
  return shared;
}

std::size_t VerifiedEntryCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

std::array<char, 10> gzip_header() {
  // ID1 ID2, CM = deflate, no flags, no mtime, no extra flags, OS unknown.
  return {'\x1f', '\x8b', '\x08', '\x00', '\x00', '\x00', '\x00', '\x00', '\x00', '\xff'};
}

std::array<char, 8> gzip_trailer(const BundleEntry& entry) {
  std::array<char, 8> out{};
  const auto size = static_cast<std::uint32_t>(entry.size & 0xffffffffu);
  for (int i = 0; i < 4; ++i) {
    out[i] = static_cast<char>((entry.crc32 >> (8 * i)) & 0xff);
    out[4 + i] = static_cast<char>((size >> (8 * i)) & 0xff);
  }
  return out;
}

}  // namespace hocso::serve
