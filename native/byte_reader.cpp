#include "byte_reader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace kspan::cli {

FdReader::~FdReader() {
  if (owned_) ::close(fd_);
}

std::unique_ptr<FdReader> FdReader::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(std::strerror(errno));  // the caller names the input
  return std::make_unique<FdReader>(fd, true);
}

size_t FdReader::read(char* data, size_t size) {
  for (;;) {
    ssize_t n = ::read(fd_, data, size);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) throw InputError(std::string("read failed: ") + std::strerror(errno));
  }
}

std::unique_ptr<MappedFile> MappedFile::map(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) return nullptr;
  const auto size = static_cast<size_t>(st.st_size);
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (data == MAP_FAILED) return nullptr;
  ::madvise(data, size, MADV_SEQUENTIAL);
  return std::unique_ptr<MappedFile>(new MappedFile(static_cast<const char*>(data), size));
}

MappedFile::~MappedFile() { ::munmap(const_cast<char*>(data_), size_); }

std::string_view MappedFile::bytes(size_t offset, size_t length) const {
  return std::string_view(data_ + offset, std::min(length, size_ - offset));
}

void MappedFile::done_before(size_t offset) {
  // Whole pages inside the mapping only: madvise past its end would drop whatever is mapped
  // after it (a library's pages, the heap).
  const auto page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const size_t end = std::min(offset, size_) / page * page;
  if (end <= dropped_) return;
  ::madvise(const_cast<char*>(data_) + dropped_, end - dropped_, MADV_DONTNEED);
  dropped_ = end;
}

std::string_view PeekReader::peek(size_t size) {
  // Drop what was already consumed so the buffer only ever holds the look-ahead.
  if (position_ > 0) {
    buffer_.erase(0, position_);
    position_ = 0;
  }
  while (buffer_.size() < size) {
    size_t old_size = buffer_.size();
    buffer_.resize(size);
    size_t n = inner_.read(buffer_.data() + old_size, size - old_size);
    buffer_.resize(old_size + n);
    if (n == 0) break;
  }
  return std::string_view(buffer_).substr(0, size);
}

size_t PeekReader::read(char* data, size_t size) {
  if (position_ < buffer_.size()) {
    size_t n = std::min(size, buffer_.size() - position_);
    std::memcpy(data, buffer_.data() + position_, n);
    position_ += n;
    return n;
  }
  return inner_.read(data, size);
}

struct GzipReader::State {
  z_stream stream{};
  std::vector<unsigned char> input = std::vector<unsigned char>(256 * 1024);
  bool member_open = false;
  bool done = false;
};

GzipReader::GzipReader(ByteReader& inner) : inner_(inner), state_(std::make_unique<State>()) {
  // 16 + MAX_WBITS: gzip framing only, so a zlib or raw stream is reported as corrupt.
  if (inflateInit2(&state_->stream, 16 + MAX_WBITS) != Z_OK) throw InputError("cannot start gzip inflation");
}

GzipReader::~GzipReader() { inflateEnd(&state_->stream); }

size_t GzipReader::read(char* data, size_t size) {
  State& s = *state_;
  z_stream& z = s.stream;
  if (s.done || size == 0) return 0;
  z.next_out = reinterpret_cast<Bytef*>(data);
  z.avail_out = static_cast<uInt>(std::min<size_t>(size, 1u << 30));
  const uInt capacity = z.avail_out;
  while (z.avail_out == capacity) {
    if (z.avail_in == 0) {
      size_t n = inner_.read(reinterpret_cast<char*>(s.input.data()), s.input.size());
      if (n == 0) {
        if (s.member_open) throw InputError("truncated gzip data");
        s.done = true;
        break;
      }
      z.next_in = s.input.data();
      z.avail_in = static_cast<uInt>(n);
    }
    if (!s.member_open) {
      if (z.next_in[0] != 0x1f) {  // trailing bytes that are not another member
        s.done = true;
        break;
      }
      inflateReset(&z);
      s.member_open = true;
    }
    int rc = inflate(&z, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      s.member_open = false;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      throw InputError(std::string("corrupt gzip data: ") + (z.msg ? z.msg : "inflate failed"));
    }
  }
  return capacity - z.avail_out;
}

bool looks_like_gzip(std::string_view head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
         static_cast<unsigned char>(head[1]) == 0x8b;
}

bool looks_like_tar(std::string_view head) {
  return head.size() >= kTarHeaderSize && head.substr(257, 5) == "ustar";
}

}  // namespace kspan::cli
