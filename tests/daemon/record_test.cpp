// `kspan record` end to end: recorded from the simulator while `kspan run` watches the same
// play, converted offline with `kspan convert --stream`, compared with what the daemon exported.
#include <signal.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "harness.hpp"
#include "test_support.hpp"

using namespace kspan::daemon::test;
using kspan::test::canonical_tree;
using namespace std::chrono_literals;

TEST_CASE("a recording converted offline gives what the daemon exported", "[daemon][record]") {
  constexpr const char* kFixture = "kspan/deployment-2-pods.capture.yaml";
  Harness h;
  const auto recording = h.dir.path() / "dump.jsonl";
  KspanProcess recorder({"record", "--kubeconfig", h.kubeconfig, "-o", recording.string()}, {}, h.dir.path() / "record.log");
  h.start_daemon();
  REQUIRE(h.wait_ready());
  REQUIRE(wait_until([&] { return std::filesystem::exists(recording) && std::filesystem::file_size(recording) >= 0 &&
                                  h.simulator->open_watches() >= 16; }, 20s));
  h.play(kFixture);
  std::this_thread::sleep_for(1500ms);
  recorder.signal(SIGTERM);
  REQUIRE(recorder.wait(10s) == 0);
  REQUIRE(h.stop_daemon() == 0);

  // Every line is a watch envelope; watched ones carry observedAt with nanoseconds.
  std::ifstream in(recording);
  std::string line;
  size_t lines = 0, observed = 0;
  while (std::getline(in, line)) {
    auto doc = nlohmann::json::parse(line);
    REQUIRE(doc.contains("type"));
    REQUIRE(doc.contains("object"));
    if (doc.contains("observedAt")) {
      ++observed;
      CHECK(doc["observedAt"].get<std::string>().size() == 30);
    }
    ++lines;
  }
  INFO(recorder.log());
  CHECK(lines == 19 + 7);  // 19 events, 7 object observations
  CHECK(observed == lines);

  auto converted = kspan::exporter::test::run_kspan("convert --stream --format tree -q " + recording.string());
  REQUIRE(converted.exit_code == 0);
  INFO(converted.out);
  CHECK(canonical_tree(converted.out) == canonical_tree(h.tree()));
  CHECK(canonical_tree(converted.out) == canonical_tree(expected_tree(kFixture)));
}

TEST_CASE("record --help and a missing -o", "[daemon][record]") {
  auto help = kspan::exporter::test::run_kspan("record --help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("kspan convert --stream") != std::string::npos);
  CHECK(kspan::exporter::test::run_kspan("record").exit_code == 2);
  CHECK(kspan::exporter::test::run_kspan("run --help").exit_code == 0);
  CHECK(kspan::exporter::test::run_kspan("run --events-api nope").exit_code == 2);
}
