// `kspan run` end to end: the API simulator on one side, the OTLP test receiver on the other,
// real HTTPS watches and real OTLP between them. Fixtures are the shared real captures played
// in real time; trees are compared as tests/core does (the parent of every span).
#include <signal.h>

#include <catch2/catch.hpp>
#include <thread>

#include "harness.hpp"
#include "test_support.hpp"

using namespace kspan::daemon::test;
using kspan::test::canonical_tree;
using namespace std::chrono_literals;

namespace {

// Waits for the last window to pass so nothing is pending when SIGTERM comes... not needed:
// SIGTERM finishes every pending span. A short pause lets the last watch events arrive.
void settle() { std::this_thread::sleep_for(1500ms); }

}  // namespace

TEST_CASE("live fixture gives the expected tree", "[daemon][e2e]") {
  for (const char* fixture : {"kspan/deployment-2-pods.capture.yaml", "kspan/deployment-update.capture.yaml"}) {
    CAPTURE(fixture);
    Harness h;
    h.start_daemon();
    REQUIRE(h.wait_ready());
    h.play(fixture);
    settle();
    REQUIRE(h.stop_daemon() == 0);
    INFO(h.daemon->log());
    INFO(h.tree());
    CHECK(canonical_tree(h.tree()) == canonical_tree(expected_tree(fixture)));
    const auto spans = kspan::exporter::test::flatten([&] {
      std::vector<kspan::exporter::test::collector::ExportTraceServiceRequest> requests;
      for (const auto& r : h.receiver.received()) requests.push_back(r.request);
      return requests;
    }());
    CHECK(spans.duplicates == 0);
  }
}
