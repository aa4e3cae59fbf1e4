// The floor: what the chosen JSON library (nlohmann_json) needs just to read the file, with its
// SAX interface and a handler that does nothing. kspan cannot be faster than reading its input
// with the library it parses with; bench/compare/run.sh reports kspan's time as a ratio to this.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace {

struct Nothing : nlohmann::json::json_sax_t {
  uint64_t values = 0;
  bool null() override { return ++values; }
  bool boolean(bool) override { return ++values; }
  bool number_integer(number_integer_t) override { return ++values; }
  bool number_unsigned(number_unsigned_t) override { return ++values; }
  bool number_float(number_float_t, const string_t&) override { return ++values; }
  bool string(string_t&) override { return ++values; }
  bool binary(binary_t&) override { return ++values; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    std::fprintf(stderr, "floor: parse error at %zu: %s\n", position, e.what());
    return false;
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "Usage: kspan-floor FILE.json\n");
    return 2;
  }
  int fd = open(argv[1], O_RDONLY);
  struct stat st {};
  if (fd < 0 || fstat(fd, &st) != 0) {
    std::perror(argv[1]);
    return 1;
  }
  const size_t size = static_cast<size_t>(st.st_size);
  void* data = size > 0 ? mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0) : nullptr;
  if (size > 0 && data == MAP_FAILED) {
    std::perror("mmap");
    return 1;
  }
  madvise(data, size, MADV_SEQUENTIAL);
  const char* begin = static_cast<const char*>(data);
  Nothing handler;
  // Several top-level values (JSON lines, watch streams) are read one after another.
  const bool ok = nlohmann::json::sax_parse(begin, begin + size, &handler, nlohmann::json::input_format_t::json, false);
  std::printf("%llu values\n", static_cast<unsigned long long>(handler.values));
  return ok ? 0 : 1;
}
