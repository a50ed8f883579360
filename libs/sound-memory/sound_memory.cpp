#include "sound_memory.h"

#include <algorithm>
#include <cstring>

namespace hocso::sound {

namespace {

SoundMemory& of(void* user) { return *static_cast<SoundMemory*>(user); }
sf_count_t size_of(const SoundMemory& m) {
  return static_cast<sf_count_t>(m.writing ? m.output.size() : m.input.size());
}

sf_count_t length(void* user) { return size_of(of(user)); }
sf_count_t seek(sf_count_t offset, int whence, void* user) {
  SoundMemory& m = of(user);
  const sf_count_t to = whence == SEEK_SET ? offset : whence == SEEK_CUR ? m.at + offset : size_of(m) + offset;
  // Reading stays inside the bytes; writing may seek past the end (libsndfile
  // goes back to fill in the header).
  m.at = m.writing ? std::max<sf_count_t>(to, 0) : std::clamp<sf_count_t>(to, 0, size_of(m));
  return m.at;
}
sf_count_t read(void* out, sf_count_t count, void* user) {
  SoundMemory& m = of(user);
  const char* data = m.writing ? m.output.data() : m.input.data();
  const sf_count_t n = std::clamp<sf_count_t>(count, 0, std::max<sf_count_t>(size_of(m) - m.at, 0));
  std::memcpy(out, data + m.at, static_cast<std::size_t>(n));
  m.at += n;
  return n;
}
sf_count_t write(const void* data, sf_count_t count, void* user) {
  SoundMemory& m = of(user);
  if (!m.writing || count < 0) return 0;
  const auto end = static_cast<std::size_t>(m.at + count);
  if (m.output.size() < end) m.output.resize(end);
  std::memcpy(m.output.data() + m.at, data, static_cast<std::size_t>(count));
  m.at += count;
  return count;
}
sf_count_t tell(void* user) { return of(user).at; }

}  // namespace

SF_VIRTUAL_IO SoundMemory::io() { return SF_VIRTUAL_IO{length, seek, read, write, tell}; }

namespace {

template <typename Sample, typename Write>
std::string write_mono_with(int rate, int format, const Sample* samples, std::size_t frames, Write write) {
  SoundMemory memory = SoundMemory::for_writing();
  SF_VIRTUAL_IO io = memory.io();
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = 1;
  info.format = format;
  SNDFILE* file = sf_open_virtual(&io, SFM_WRITE, &info, &memory);
  if (!file) return "";
  sf_command(file, SFC_SET_CLIPPING, nullptr, SF_TRUE);
  const auto count = static_cast<sf_count_t>(frames);
  const bool written_all = write(file, samples, count) == count;
  if (sf_close(file) != 0 || !written_all) return "";
  return std::move(memory.output);
}

}  // namespace

std::string write_mono(int rate, int format, const float* samples, std::size_t frames) {
  return write_mono_with(rate, format, samples, frames, sf_writef_float);
}

std::string write_mono(int rate, int format, const short* samples, std::size_t frames) {
  return write_mono_with(rate, format, samples, frames, sf_writef_short);
}

}  // namespace hocso::sound
