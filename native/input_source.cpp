#include "input_source.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <vector>

#include "byte_reader.hpp"
#include "kspan/engine.hpp"

namespace fs = std::filesystem;

namespace kspan::cli {
namespace {

constexpr std::string_view kStdinName = "(stdin)";

// A stream with gzip undone and a look-ahead at its front. Members are declared in the
// order they wrap each other, so they are destroyed outermost first.
struct Decoded {
  std::unique_ptr<ByteReader> raw;
  std::unique_ptr<PeekReader> raw_peek;
  std::unique_ptr<GzipReader> gzip;
  std::unique_ptr<PeekReader> gzip_peek;

  PeekReader& top() { return gzip_peek ? *gzip_peek : *raw_peek; }
};

std::unique_ptr<Decoded> decode(std::unique_ptr<ByteReader> raw) {
  auto d = std::make_unique<Decoded>();
  d->raw = std::move(raw);
  d->raw_peek = std::make_unique<PeekReader>(*d->raw);
  if (looks_like_gzip(d->raw_peek->peek(2))) {
    d->gzip = std::make_unique<GzipReader>(*d->raw_peek);
    d->gzip_peek = std::make_unique<PeekReader>(*d->gzip);
  }
  return d;
}

// The data of the current entry of an open archive.
class ArchiveEntryReader : public ByteReader {
 public:
  explicit ArchiveEntryReader(archive* a) : archive_(a) {}
  size_t read(char* data, size_t size) override {
    la_ssize_t n = archive_read_data(archive_, data, size);
    if (n < 0) throw InputError(archive_error_string(archive_) ? archive_error_string(archive_) : "archive read failed");
    return static_cast<size_t>(n);
  }

 private:
  archive* archive_;
};

using ArchiveDeleter = int (*)(archive*);
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;

// Opens a tar archive, gzip-compressed or not; open() attaches the bytes.
ArchivePtr open_archive(const std::function<int(archive*)>& open) {
  ArchivePtr a(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  if (open(a.get()) != ARCHIVE_OK) {
    std::string reason = archive_error_string(a.get()) ? archive_error_string(a.get()) : "cannot open archive";
    throw InputError(reason);
  }
  return a;
}

// Calls visit(path) for each regular file of the archive, in archive order.
void for_each_entry(archive* a, const std::function<void(const std::string&)>& visit) {
  for (;;) {
    archive_entry* entry = nullptr;
    int rc = archive_read_next_header(a, &entry);
    if (rc == ARCHIVE_EOF) return;
    if (rc < ARCHIVE_WARN) throw InputError(archive_error_string(a) ? archive_error_string(a) : "corrupt archive");
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const char* path = archive_entry_pathname(entry);
    visit(path ? path : "");
  }
}

// A support bundle is recognised by its layout, so that its logs and host data are not read.
bool is_bundle(const std::vector<std::string>& relative_paths) {
  return std::any_of(relative_paths.begin(), relative_paths.end(),
                     [](const std::string& p) { return !bundle_relative_path(p).empty(); });
}

bool wanted(bool bundle, const std::string& relative_path) {
  if (!bundle) return true;
  std::string inside = bundle_relative_path(relative_path);
  return !inside.empty() && kspan::is_bundle_resource(inside);
}

}  // namespace

std::string bundle_relative_path(std::string_view path) {
  constexpr std::string_view kRoot = "cluster-resources/";
  size_t at = 0;
  while ((at = path.find(kRoot, at)) != std::string_view::npos) {
    if (at == 0 || path[at - 1] == '/') return std::string(path.substr(at));
    at += kRoot.size();
  }
  return "";
}

void InputFeeder::report(const std::string& message) {
  ++failures_;
  errors_ << "kspan: " << message << '\n';
}

void InputFeeder::feed(const std::string& argument) {
  try {
    if (argument == "-") return feed_stdin();
    std::error_code ec;
    fs::file_status status = fs::status(argument, ec);
    if (ec) return report(argument + ": " + ec.message());
    if (fs::is_directory(status)) return feed_folder(argument);
    feed_file(argument);
  } catch (const InputError& e) {
    report(std::string(argument == "-" ? kStdinName : argument) + ": " + e.what());
  }
}

void InputFeeder::collect_files(const std::string& folder, std::vector<std::string>& files) {
  // One folder at a time, so that an unreadable subfolder is reported and the rest still read.
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) collect_files(it->path().string(), files);
    else if (it->is_regular_file(type_ec)) files.push_back(it->path().string());
  }
  if (ec) report(folder + ": " + ec.message());
}

void InputFeeder::feed_folder(const std::string& folder) {
  std::vector<std::string> files;
  collect_files(folder, files);
  std::sort(files.begin(), files.end());

  std::vector<std::string> relative;
  for (const auto& f : files) relative.push_back(fs::path(f).lexically_relative(folder).generic_string());
  bool bundle = is_bundle(relative);
  for (size_t i = 0; i < files.size(); ++i) {
    if (!wanted(bundle, relative[i])) {
      ++passed_over_;
      continue;
    }
    try {
      feed_file(files[i]);
    } catch (const InputError& e) {
      report(files[i] + ": " + e.what());
    }
  }
}

void InputFeeder::feed_file(const std::string& path) {
  auto opened = FdReader::open(path);
  FdReader& file = *opened;
  auto decoded = decode(std::move(opened));
  if (looks_like_tar(decoded->top().peek(kTarHeaderSize))) {
    decoded.reset();
    return feed_archive(path, [&](archive* a) { return archive_read_open_filename(a, path.c_str(), kChunkSize); });
  }
  if (!decoded->gzip && pump_mapped(path, file)) return;
  pump(path, decoded->top());
}

// The same pushes as pump() (whole chunks of kChunkSize), from the mapping: no copy of the file.
bool InputFeeder::pump_mapped(const std::string& path, FdReader& file) {
  const std::unique_ptr<MappedFile> mapped = MappedFile::map(file.fd());
  if (!mapped) return false;
  sink_.begin_source(path);
  for (size_t at = 0; at < mapped->size(); at += kChunkSize) {
    sink_.push(mapped->bytes(at, kChunkSize));
    mapped->done_before(at + kChunkSize);
  }
  size_t at = mapped->size();
  // Bytes written after the file was mapped (a growing file), read as pump() would have.
  std::string chunk(kChunkSize, '\0');
  try {
    for (;;) {
      const ssize_t n = ::pread(file.fd(), chunk.data(), chunk.size(), static_cast<off_t>(at));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw InputError(std::string("read failed: ") + std::strerror(errno));
      if (n == 0) break;
      sink_.push(std::string_view(chunk.data(), static_cast<size_t>(n)));
      at += static_cast<size_t>(n);
    }
  } catch (...) {
    sink_.end_source();
    throw;
  }
  sink_.end_source();
  return true;
}

void InputFeeder::feed_stdin() {
  auto decoded = decode(std::make_unique<FdReader>(STDIN_FILENO, false));
  if (!looks_like_tar(decoded->top().peek(kTarHeaderSize))) return pump(kStdinName, decoded->top());
  // Telling a bundle from a plain archive takes a pass over the entry names first, and a
  // pipe cannot be read twice: keep the (inflated) archive in a temporary file.
  std::unique_ptr<FILE, int (*)(FILE*)> spool(std::tmpfile(), std::fclose);
  if (!spool) throw InputError("cannot create a temporary file for the archive");
  std::vector<char> buffer(kChunkSize);
  std::optional<InputError> damage;  // e.g. truncated gzip: read the entries before it first
  try {
    while (size_t n = decoded->top().read(buffer.data(), buffer.size())) {
      if (std::fwrite(buffer.data(), 1, n, spool.get()) != n) throw InputError("cannot spool the archive");
    }
  } catch (const InputError& e) {
    damage = e;
  }
  if (std::fflush(spool.get()) != 0) throw InputError("cannot spool the archive");
  int fd = fileno(spool.get());
  try {
    feed_archive(std::string(kStdinName), [fd](archive* a) {
      ::lseek(fd, 0, SEEK_SET);
      return archive_read_open_fd(a, fd, kChunkSize);
    });
  } catch (const InputError&) {
    if (!damage) throw;  // the spool's own damage explains the archive's
  }
  if (damage) throw *damage;
}

void InputFeeder::feed_archive(const std::string& name, const std::function<int(archive*)>& open) {
  std::vector<std::string> entries;
  try {
    for_each_entry(open_archive(open).get(), [&](const std::string& p) { entries.push_back(p); });
  } catch (const InputError&) {
    // A damaged archive: decide on the names before the damage; the second pass stops
    // at the same place and reports it.
  }
  bool bundle = is_bundle(entries);

  ArchivePtr a = open_archive(open);
  for_each_entry(a.get(), [&](const std::string& entry) {
    if (!wanted(bundle, entry)) {
      ++passed_over_;
      return;
    }
    try {
      auto decoded = decode(std::make_unique<ArchiveEntryReader>(a.get()));
      pump(name + ":" + entry, decoded->top());
    } catch (const InputError& e) {
      // A damaged archive cannot be read past the damage; name the entry where it stopped.
      throw InputError(entry + ": " + e.what());
    }
  });
}

void InputFeeder::pump(std::string_view name, ByteReader& reader) {
  std::string chunk(kChunkSize, '\0');
  sink_.begin_source(name);
  try {
    for (;;) {
      // Fill whole chunks even from pipes, so the core sees the same cuts for the same bytes.
      size_t filled = 0;
      while (filled < chunk.size()) {
        size_t n = reader.read(chunk.data() + filled, chunk.size() - filled);
        if (n == 0) break;
        filled += n;
      }
      if (filled > 0) sink_.push(std::string_view(chunk.data(), filled));
      if (filled < chunk.size()) break;
    }
  } catch (...) {
    sink_.end_source();  // what was read stays counted; the core sees a truncated source
    throw;
  }
  sink_.end_source();
}

}  // namespace kspan::cli
