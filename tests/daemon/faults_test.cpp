// `kspan run` under faults, end to end: watches closed mid-stream, 410 Gone, the API server gone
// for a while, a rotated token file, a collector that refuses then accepts, SIGTERM mid-stream,
// and the start options (--since, --exclude-namespace, --events-api events.k8s.io).
#include <signal.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "clock.hpp"
#include "harness.hpp"
#include "test_support.hpp"

using namespace kspan::daemon::test;
using kspan::test::canonical_tree;
using namespace std::chrono_literals;

namespace {

constexpr const char* kFixture = "kspan/deployment-2-pods.capture.yaml";

size_t duplicates(const Harness& h) {
  std::vector<kspan::exporter::test::collector::ExportTraceServiceRequest> requests;
  for (const auto& r : h.receiver.received()) requests.push_back(r.request);
  return kspan::exporter::test::flatten(requests).duplicates;
}

// Plays the fixture while fault() runs once, after the given delay, on another thread.
void play_with(Harness& h, std::chrono::milliseconds after, const std::function<void()>& fault) {
  std::thread t([&] {
    std::this_thread::sleep_for(after);
    fault();
  });
  h.play(kFixture);
  t.join();
}

void finish_and_check_tree(Harness& h) {
  std::this_thread::sleep_for(1500ms);
  const std::string metrics = h.metrics();
  REQUIRE(h.stop_daemon() == 0);
  INFO(h.daemon->log());
  INFO(metrics);
  CHECK(canonical_tree(h.tree()) == canonical_tree(expected_tree(kFixture)));
  CHECK(duplicates(h) == 0);
}

}  // namespace

TEST_CASE("watches closed mid-stream resume without loss", "[daemon][faults]") {
  Harness h;
  h.start_daemon();
  REQUIRE(h.wait_ready());
  play_with(h, 4000ms, [&] { h.simulator->close_watches(); });
  CHECK(metric_value(h.metrics(), "kspan_watch_restarts_total", {{"reason", "closed"}}) >= 1);
  finish_and_check_tree(h);
}

TEST_CASE("410 Gone mid-stream relists without duplicates", "[daemon][faults]") {
  Harness h;
  h.start_daemon();
  REQUIRE(h.wait_ready());
  play_with(h, 4000ms, [&] { h.simulator->compact(); });
  CHECK(metric_value(h.metrics(), "kspan_watch_restarts_total", {{"reason", "expired"}}) >= 1);
  finish_and_check_tree(h);
}

TEST_CASE("API server gone for a while, then back", "[daemon][faults]") {
  Harness h;
  h.start_daemon();
  REQUIRE(h.wait_ready());
  h.simulator->stop_serving();
  std::this_thread::sleep_for(3000ms);
  h.simulator->start_serving();
  // Reconnected: the simulator sees watches again.
  REQUIRE(wait_until([&] { return h.simulator->open_watches() >= 8; }, 40s));
  CHECK(metric_value(h.metrics(), "kspan_watch_restarts_total", {{"reason", "error"}}) >= 1);
  h.play(kFixture);
  finish_and_check_tree(h);
}

TEST_CASE("a rotated token file is read again", "[daemon][faults]") {
  Harness h;
  const auto token_file = h.dir.path() / "token";
  std::ofstream(token_file) << "test-token\n";
  h.kubeconfig = write_kubeconfig(h.dir.path(), h.simulator->server(), h.certificates.ca, "", token_file.string());
  h.start_daemon();
  REQUIRE(h.wait_ready());
  h.simulator->set_tokens({"rotated-token"});
  std::ofstream(token_file) << "rotated-token\n";
  h.simulator->close_watches();  // reconnects carry the new token
  REQUIRE(wait_until([&] { return h.simulator->open_watches() >= 8; }, 20s));
  h.play(kFixture);
  // The daemon's stderr reaches the harness through a pipe read by another thread: wait for it.
  CHECK(wait_until([&] { return h.daemon->log().find("token file changed") != std::string::npos; }, 10s));
  finish_and_check_tree(h);
}

TEST_CASE("a collector that refuses, then accepts, gets every span once", "[daemon][faults]") {
  Harness h;
  using Answer = kspan::exporter::test::Answer;
  h.receiver.script({Answer::refuse(503, grpc::UNAVAILABLE), Answer::refuse(503, grpc::UNAVAILABLE),
                     Answer::refuse(429, grpc::RESOURCE_EXHAUSTED, "1")});
  h.start_daemon({"--retry-backoff", "200ms"});
  REQUIRE(h.wait_ready());
  h.play(kFixture);
  std::this_thread::sleep_for(1500ms);
  REQUIRE(h.stop_daemon() == 0);
  CHECK(h.receiver.requests() >= 4);  // three refusals, then acceptance
  INFO(h.daemon->log());
  CHECK(canonical_tree(h.tree()) == canonical_tree(expected_tree(kFixture)));
  CHECK(duplicates(h) == 0);
}

TEST_CASE("a collector that is down drops beyond the bounded queue and counts it", "[daemon][faults]") {
  Harness h;
  kspan::exporter::test::SilentListener silent;  // accepts, never answers
  h.start_daemon({"--endpoint", "http://127.0.0.1:" + std::to_string(silent.port()), "--queue-size", "4",
                  "--batch-size", "2", "--timeout", "300ms", "--export-timeout", "600ms", "--max-attempts", "1"});
  REQUIRE(h.wait_ready());
  h.play(kFixture);
  std::this_thread::sleep_for(1500ms);
  REQUIRE(h.stop_daemon() == 0);
  // Every span is in exactly one counter; none was sent twice.
  const std::string log = h.daemon->log();
  INFO(log);
  CHECK(log.find("\"accepted\":0") != std::string::npos);
  CHECK(log.find("dropped") != std::string::npos);
}

TEST_CASE("SIGTERM mid-stream sends every span before exit", "[daemon][faults]") {
  Harness h;
  h.start_daemon();
  REQUIRE(h.wait_ready());
  auto records = read_capture(fixture_path(kFixture));
  const int64_t offset = offset_to(records, kspan::daemon::now_ns());
  size_t events = 0;
  for (size_t i = 0; i < records.size() / 2; ++i) {  // half the capture at once: many events pending
    shift_times(records[i].object, offset);
    h.simulator->apply(records[i].object);
    events += records[i].object.value("kind", "") == "Event";
  }
  std::this_thread::sleep_for(500ms);
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(h.stop_daemon() == 0);
  CHECK(std::chrono::steady_clock::now() - start < 10s);
  size_t event_spans = 0;
  for (const auto& r : h.receiver.received())
    for (const auto& rs : r.request.resource_spans())
      for (const auto& ss : rs.scope_spans())
        for (const auto& s : ss.spans())
          for (const auto& a : s.attributes()) event_spans += a.key() == "k8s.event.uid";
  INFO(h.daemon->log());
  CHECK(event_spans == events);
  CHECK(duplicates(h) == 0);
}

TEST_CASE("listed events older than the start are skipped, or taken as one batch with since", "[daemon][options]") {
  for (bool since : {false, true}) {
    CAPTURE(since);
    Harness h;
    // The capture as it was: all of it in the past, listed at start.
    for (auto& r : read_capture(fixture_path(kFixture))) h.simulator->apply(r.object);
    if (since) h.start_daemon({"--since", "1000000h"});
    else h.start_daemon();
    REQUIRE(h.wait_ready());
    std::this_thread::sleep_for(500ms);
    const std::string metrics = h.metrics();
    REQUIRE(h.stop_daemon() == 0);
    INFO(h.daemon->log());
    if (since) {
      CHECK(metric_value(metrics, "kspan_core_records_total", {{"what", "late"}}) == 0);
      CHECK(canonical_tree(h.tree()) == canonical_tree(expected_tree(kFixture)));
    } else {
      CHECK(metric_value(metrics, "kspan_skipped_total", {{"reason", "before-start"}}) == 19);
      CHECK(h.receiver.spans() == 0);
    }
  }
}

TEST_CASE("namespace exclusion and the events.k8s.io API", "[daemon][options]") {
  SECTION("excluded") {
    Harness h;
    h.start_daemon({"--exclude-namespace", "default"});
    REQUIRE(h.wait_ready());
    h.play(kFixture);
    std::this_thread::sleep_for(1000ms);
    const std::string metrics = h.metrics();
    REQUIRE(h.stop_daemon() == 0);
    CHECK(metric_value(metrics, "kspan_skipped_total", {{"reason", "excluded-namespace"}}) == 19);
    CHECK(h.receiver.spans() == 0);
  }
  SECTION("events.k8s.io") {
    Harness h;
    h.start_daemon({"--events-api", "events.k8s.io"});
    REQUIRE(h.wait_ready());
    h.play(kFixture);
    finish_and_check_tree(h);
    CHECK(h.simulator->requests_matching("/apis/events.k8s.io/v1/events") >= 2);
  }
}

TEST_CASE("metrics, health and readiness", "[daemon][operating]") {
  Harness h;
  h.simulator->refuse("DaemonSet", 403);
  h.start_daemon();
  REQUIRE(h.wait_ready());
  CHECK(http_get(h.metrics_port, "/healthz").first == 200);
  h.play(kFixture);
  std::this_thread::sleep_for(7000ms);  // spans final and sent
  const std::string m = h.metrics();
  INFO(m);
  CHECK(metric_value(m, "kspan_events_total", {{"kind", "Pod"}, {"reason", "Pulled"}, {"type", "Normal"}}) == 2);
  CHECK(metric_value(m, "kspan_events_total") == 19);
  CHECK(metric_value(m, "kspan_kind_refused_total", {{"kind", "DaemonSet.apps"}, {"status", "403"}}) >= 1);
  CHECK(metric_value(m, "kspan_objects_cached", {{"kind", "Pod"}}) == 4);
  CHECK(metric_value(m, "kspan_spans_total") > 0);
  CHECK(metric_value(m, "kspan_export_spans_total", {{"result", "accepted"}}) > 0);
  CHECK(metric_value(m, "kspan_state", {{"what", "ready"}}) == 1);
  CHECK(m.find("kspan_state{what=\"record_queue_bytes\"}") != std::string::npos);
#if !defined(__SANITIZE_ADDRESS__)  // ASan's allocator is not the one the heap gauge reads
  CHECK(metric_value(m, "kspan_heap_bytes", {{"state", "in_use"}}) > 0);
#endif
  REQUIRE(h.stop_daemon() == 0);
  const std::string log = h.daemon->log();
  // Refusal logged once per kind.
  size_t refusals = 0;
  for (size_t at = log.find("kind refused"); at != std::string::npos; at = log.find("kind refused", at + 1)) ++refusals;
  CHECK(refusals == 1);
}

TEST_CASE("a memory limit reached is counted in kspan_limited_total", "[daemon][operating]") {
  Harness h;
  h.start_daemon({"--max-resources", "1"});  // the fixture has four components
  REQUIRE(h.wait_ready());
  h.play(kFixture);
  std::this_thread::sleep_for(7000ms);  // spans final and sent
  const std::string m = h.metrics();
  INFO(m);
  CHECK(metric_value(m, "kspan_limited_total", {{"reason", "resource-limit"}}) >= 1);
  CHECK(metric_value(m, "kspan_export_spans_total", {{"result", "accepted"}}) > 0);
  REQUIRE(h.stop_daemon() == 0);
}
