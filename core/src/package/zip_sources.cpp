#include "zip_sources.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hocso {
namespace {

// A slice of a file as a libzip source, read in big chunks (libzip asks for 8 KiB
// at a time; one read each was most of what writing a bundle cost in system
// calls). When `deflated` is set the slice is a raw deflate stream, and its stat
// says so: libzip then copies it as it is, with that size and CRC.
struct FileSlice {
  std::string path;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::optional<std::pair<std::uint64_t, std::uint32_t>> deflated;  // (text size, CRC-32)
  int fd = -1;
  std::uint64_t served = 0;
  std::unique_ptr<char[]> buffer;  // not zero-filled: every byte used is read first
  std::size_t buffer_size = 0;     // bytes read into it
  std::size_t buffer_at = 0;
  zip_error_t error{};
};

constexpr std::size_t kSliceChunk = 1024 * 1024;

zip_int64_t read_slice(FileSlice& s, char* data, zip_uint64_t wanted) {
  if (s.buffer_at == s.buffer_size) {
    const std::uint64_t left = s.length - s.served;
    if (left == 0) return 0;
    // Sized to the slice when it is smaller than a chunk (most entries are a few KiB).
    if (!s.buffer) s.buffer.reset(new char[static_cast<std::size_t>(std::min<std::uint64_t>(s.length, kSliceChunk))]);
    s.buffer_size = static_cast<std::size_t>(std::min<std::uint64_t>(left, kSliceChunk));
    std::size_t filled = 0;
    while (filled < s.buffer_size) {
      const ssize_t n = ::pread(s.fd, s.buffer.get() + filled, s.buffer_size - filled,
                                static_cast<off_t>(s.offset + s.served + filled));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {  // an error, or the file shrank since it was added
        zip_error_set(&s.error, ZIP_ER_READ, n < 0 ? errno : EIO);
        return -1;
      }
      filled += static_cast<std::size_t>(n);
    }
    s.buffer_at = 0;
    s.served += filled;
  }
  const std::size_t n = static_cast<std::size_t>(std::min<zip_uint64_t>(wanted, s.buffer_size - s.buffer_at));
  std::copy_n(s.buffer.get() + s.buffer_at, n, data);
  s.buffer_at += n;
  return static_cast<zip_int64_t>(n);
}

zip_int64_t file_slice_callback(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command) {
  auto& s = *static_cast<FileSlice*>(state);
  switch (command) {
    case ZIP_SOURCE_OPEN:
      s.fd = ::open(s.path.c_str(), O_RDONLY | O_CLOEXEC);
      if (s.fd < 0) {
        zip_error_set(&s.error, ZIP_ER_OPEN, errno);
        return -1;
      }
      s.served = 0;
      s.buffer_size = s.buffer_at = 0;
      return 0;
    case ZIP_SOURCE_READ:
      return read_slice(s, static_cast<char*>(data), length);
    case ZIP_SOURCE_CLOSE:
      if (s.fd >= 0) ::close(s.fd);
      s.fd = -1;
      s.buffer.reset();
      s.buffer_size = s.buffer_at = 0;
      return 0;
    case ZIP_SOURCE_STAT: {
      if (length < sizeof(zip_stat_t)) {
        zip_error_set(&s.error, ZIP_ER_INVAL, 0);
        return -1;
      }
      auto* st = static_cast<zip_stat_t*>(data);
      zip_stat_init(st);
      st->valid = ZIP_STAT_SIZE;
      st->size = s.length;
      if (s.deflated) {
        st->size = s.deflated->first;
        st->comp_size = s.length;
        st->comp_method = ZIP_CM_DEFLATE;
        st->crc = s.deflated->second;
        st->valid |= ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
      }
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&s.error, data, length);
    case ZIP_SOURCE_FREE:
      if (s.fd >= 0) ::close(s.fd);
      zip_error_fini(&s.error);
      delete &s;
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      zip_error_set(&s.error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

}  // namespace

zip_source_t* file_slice_source(zip_t* archive, const std::filesystem::path& file, std::uint64_t offset,
                                std::uint64_t length, std::optional<std::pair<std::uint64_t, std::uint32_t>> deflated) {
  auto* slice = new FileSlice;
  slice->path = file.string();
  slice->offset = offset;
  slice->length = length;
  slice->deflated = deflated;
  zip_error_init(&slice->error);
  zip_source_t* source = zip_source_function(archive, file_slice_callback, slice);
  if (!source) {
    zip_error_fini(&slice->error);
    delete slice;
  }
  return source;
}

namespace {

// The archive's own file as a libzip source that libzip writes through a 1 MiB
// buffer: its stock file source writes through a 4 KiB stdio buffer, and those
// system calls were a tenth of a rebuild. It only creates (the file is said not
// to exist, so libzip starts an empty archive); commit leaves the file at `path`.
struct OutputFile {
  std::string path;
  int fd = -1;
  std::uint64_t buffer_start = 0;  // file offset of buffer[0]
  std::uint64_t end = 0;           // the file's size so far
  std::vector<char> buffer;
  zip_error_t error{};

  bool flush() {
    std::size_t done = 0;
    while (done < buffer.size()) {
      const ssize_t n = ::pwrite(fd, buffer.data() + done, buffer.size() - done,
                                 static_cast<off_t>(buffer_start + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        zip_error_set(&error, ZIP_ER_WRITE, n < 0 ? errno : EIO);
        return false;
      }
      done += static_cast<std::size_t>(n);
    }
    buffer_start += buffer.size();
    end = std::max(end, buffer_start);
    buffer.clear();
    return true;
  }
  void close_and_remove() {
    if (fd >= 0) ::close(fd);
    fd = -1;
    ::unlink(path.c_str());
  }
};

constexpr std::size_t kOutputBuffer = 1024 * 1024;

zip_int64_t output_callback(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command) {
  auto& o = *static_cast<OutputFile*>(state);
  switch (command) {
    case ZIP_SOURCE_STAT:  // "no such file" (as libzip spells it): it starts a new, empty archive
    case ZIP_SOURCE_OPEN:  // (and so never reads it; libzip wants a readable source all the same)
      zip_error_set(&o.error, ZIP_ER_READ, ENOENT);
      return -1;
    case ZIP_SOURCE_READ:
    case ZIP_SOURCE_SEEK:
      zip_error_set(&o.error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
    case ZIP_SOURCE_TELL:
    case ZIP_SOURCE_CLOSE:
      return 0;
    case ZIP_SOURCE_BEGIN_WRITE:
      o.fd = ::open(o.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (o.fd < 0) {
        zip_error_set(&o.error, ZIP_ER_OPEN, errno);
        return -1;
      }
      o.buffer_start = o.end = 0;
      o.buffer.clear();
      o.buffer.reserve(kOutputBuffer);
      return 0;
    case ZIP_SOURCE_WRITE: {
      const char* bytes = static_cast<const char*>(data);
      o.buffer.insert(o.buffer.end(), bytes, bytes + length);
      if (o.buffer.size() >= kOutputBuffer && !o.flush()) return -1;
      return static_cast<zip_int64_t>(length);
    }
    case ZIP_SOURCE_TELL_WRITE:
      return static_cast<zip_int64_t>(o.buffer_start + o.buffer.size());
    case ZIP_SOURCE_SEEK_WRITE: {
      auto* args = ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, length, &o.error);
      if (!args || !o.flush()) return -1;
      const std::int64_t base = args->whence == SEEK_SET   ? 0
                                : args->whence == SEEK_CUR ? static_cast<std::int64_t>(o.buffer_start)
                                                           : static_cast<std::int64_t>(o.end);
      if (base + args->offset < 0) {
        zip_error_set(&o.error, ZIP_ER_SEEK, EINVAL);
        return -1;
      }
      o.buffer_start = static_cast<std::uint64_t>(base + args->offset);
      return 0;
    }
    case ZIP_SOURCE_COMMIT_WRITE:
      if (!o.flush()) return -1;
      if (::close(o.fd) != 0) {
        o.fd = -1;
        zip_error_set(&o.error, ZIP_ER_WRITE, errno);
        return -1;
      }
      o.fd = -1;
      std::vector<char>().swap(o.buffer);
      return 0;
    case ZIP_SOURCE_ROLLBACK_WRITE:
    case ZIP_SOURCE_REMOVE:
      o.close_and_remove();
      return 0;
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data(&o.error, data, length);
    case ZIP_SOURCE_FREE:
      if (o.fd >= 0) o.close_and_remove();  // never committed
      zip_error_fini(&o.error);
      delete &o;
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_SEEK,
                                            ZIP_SOURCE_TELL, ZIP_SOURCE_STAT, ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_WRITE,
                                            ZIP_SOURCE_TELL_WRITE, ZIP_SOURCE_SEEK_WRITE, ZIP_SOURCE_COMMIT_WRITE,
                                            ZIP_SOURCE_ROLLBACK_WRITE, ZIP_SOURCE_REMOVE, ZIP_SOURCE_ERROR,
                                            ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS, -1);
    default:
      zip_error_set(&o.error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
  }
}

}  // namespace

zip_t* create_archive(const std::filesystem::path& path, zip_error_t& error) {
  auto* output = new OutputFile;
  output->path = path.string();
  zip_error_init(&output->error);
  zip_source_t* source = zip_source_function_create(output_callback, output, &error);
  if (!source) {
    zip_error_fini(&output->error);
    delete output;
    return nullptr;
  }
  zip_t* archive = zip_open_from_source(source, ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!archive) zip_source_free(source);  // frees `output`
  return archive;
}

}  // namespace hocso
