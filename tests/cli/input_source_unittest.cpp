#include "input_source.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <sstream>

#include "test_support.hpp"

using namespace kspan::cli;

namespace {

// Keeps what each source received, and the size of every push.
class RecordingSink : public StreamSink {
 public:
  void begin_source(std::string_view name) override {
    REQUIRE(current_.empty());
    current_ = name;
    order.push_back(current_);
    sources[current_];
  }
  void push(std::string_view bytes) override {
    REQUIRE_FALSE(current_.empty());
    CHECK(bytes.size() <= kChunkSize);
    pushes.push_back(bytes.size());
    sources[current_] += bytes;
  }
  void end_source() override { current_.clear(); }

  std::map<std::string, std::string> sources;
  std::vector<std::string> order;
  std::vector<size_t> pushes;

 private:
  std::string current_;
};

}  // namespace

TEST_CASE("a file is fed in 1 MiB chunks", "[input_source]") {
  test::TempDir dir;
  std::string content(2 * kChunkSize + 10, 'e');
  std::string path = dir.write("big.json", content);
  RecordingSink sink;
  std::ostringstream errors;
  InputFeeder feeder(sink, errors);
  feeder.feed(path);
  CHECK(sink.sources[path] == content);
  CHECK(sink.pushes == std::vector<size_t>{kChunkSize, kChunkSize, 10});
  CHECK(errors.str().empty());
}

TEST_CASE("gzip is detected by content, whatever the name", "[input_source]") {
  test::TempDir dir;
  std::string path = dir.write("events.json", test::gzip("{\"a\":1}\n") + test::gzip("{\"b\":2}\n"));
  RecordingSink sink;
  std::ostringstream errors;
  InputFeeder(sink, errors).feed(path);
  CHECK(sink.sources[path] == "{\"a\":1}\n{\"b\":2}\n");
}

TEST_CASE("a folder is walked recursively in sorted order", "[input_source]") {
  test::TempDir dir;
  dir.write("b.json", "B");
  dir.write("a/z.json", "AZ");
  dir.write("a/c.yaml", "AC");
  RecordingSink sink;
  std::ostringstream errors;
  InputFeeder feeder(sink, errors);
  feeder.feed(dir.path().string());
  auto p = [&](const char* r) { return (dir.path() / r).string(); };
  CHECK(sink.order == std::vector<std::string>{p("a/c.yaml"), p("a/z.json"), p("b.json")});
  CHECK(feeder.passed_over() == 0);
}

// Depends on the core: kspan::is_bundle_resource decides which bundle files are read.
TEST_CASE("a support bundle folder reads cluster resources only", "[input_source][core]") {
  test::TempDir dir;
  dir.write("bundle/cluster-resources/events/default.json", "E");
  dir.write("bundle/cluster-resources/pods/default.json", "P");
  dir.write("bundle/host-collectors/dmesg.txt", "kernel");
  dir.write("bundle/version.yaml", "v");
  RecordingSink sink;
  std::ostringstream errors;
  InputFeeder feeder(sink, errors);
  feeder.feed(dir.path().string());
  CHECK(sink.order.size() == 2);
  CHECK(feeder.passed_over() == 2);
  CHECK(errors.str().empty());
}

TEST_CASE("an unreadable input is one line naming it, and the next input goes on", "[input_source]") {
  test::TempDir dir;
  std::string good = dir.write("good.json", "{}");
  std::string missing = (dir.path() / "missing.json").string();
  RecordingSink sink;
  std::ostringstream errors;
  InputFeeder feeder(sink, errors);
  feeder.feed(missing);
  feeder.feed(good);
  CHECK(errors.str() == "kspan: " + missing + ": No such file or directory\n");
  CHECK(feeder.failures() == 1);
  CHECK(sink.sources[good] == "{}");
}

TEST_CASE("a truncated gzip file keeps what was read and is reported", "[input_source]") {
  test::TempDir dir;
  std::string compressed = test::gzip(std::string(300000, 'x'));
  std::string path = dir.write("cut.gz", compressed.substr(0, compressed.size() / 2));
  RecordingSink sink;
  std::ostringstream errors;
  InputFeeder feeder(sink, errors);
  feeder.feed(path);
  CHECK(feeder.failures() == 1);
  CHECK(errors.str().find("cut.gz: truncated gzip") != std::string::npos);
  CHECK(sink.order.size() == 1);  // begun and ended, so the core sees a truncated source
}

TEST_CASE("bundle paths are cut at their cluster-resources component", "[input_source]") {
  CHECK(bundle_relative_path("support-bundle-2024/cluster-resources/events/x.json") == "cluster-resources/events/x.json");
  CHECK(bundle_relative_path("cluster-resources/pods/a.json") == "cluster-resources/pods/a.json");
  CHECK(bundle_relative_path("my-cluster-resources/pods/a.json").empty());
  CHECK(bundle_relative_path("host-collectors/run/x.txt").empty());
}

TEST_CASE("a file that grows while it is read is read to its new end", "[input_source]") {
  test::TempDir dir;
  const std::string content(kChunkSize + 10, 'g');
  const std::string path = dir.write("growing.json", content);
  // Appends to the file at the first push, after the feeder has sized (or mapped) it.
  class GrowingSink : public RecordingSink {
   public:
    explicit GrowingSink(std::string path) : path_(std::move(path)) {}
    void push(std::string_view bytes) override {
      if (!grown_) {
        std::FILE* f = std::fopen(path_.c_str(), "ab");
        REQUIRE(f != nullptr);
        std::fputs("appended", f);
        std::fclose(f);
        grown_ = true;
      }
      RecordingSink::push(bytes);
    }

   private:
    std::string path_;
    bool grown_ = false;
  } sink(path);
  std::ostringstream errors;
  InputFeeder(sink, errors).feed(path);
  const std::string& got = sink.sources[path];
  const std::string expected = content + "appended";
  CHECK(got.size() == expected.size());
  CHECK(got.substr(got.size() - 12) == "ggggappended");
  CHECK((got == expected));
  CHECK(errors.str().empty());
}
