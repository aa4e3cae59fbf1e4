// --leader-elect end to end: two daemons, one Lease in the simulator; one leads (ready), the
// other waits; when the leader stops it hands the lease back and the other takes over.
#include <signal.h>

#include <catch2/catch.hpp>
#include <thread>

#include "harness.hpp"

using namespace kspan::daemon::test;
using namespace std::chrono_literals;

TEST_CASE("one leader at a time, the follower takes over on SIGTERM", "[daemon][leader]") {
  Harness h;
  const std::vector<std::string> elect{"--leader-elect", "--leader-elect-namespace", "kspan-system"};
  h.start_daemon(elect);
  REQUIRE(h.wait_ready());
  const int first_port = h.metrics_port;
  auto first = std::move(h.daemon);
  h.start_daemon(elect);
  std::this_thread::sleep_for(3000ms);
  CHECK(http_get(h.metrics_port, "/readyz").first == 503);
  CHECK(http_get(h.metrics_port, "/healthz").first == 200);
  CHECK(h.simulator->count("Lease") == 1);

  first->signal(SIGTERM);
  REQUIRE(first->wait(10s) == 0);
  CHECK(http_get(first_port, "/readyz").first == 0);
  CHECK(h.wait_ready(10s));
  INFO(h.daemon->log());
  CHECK(h.daemon->log().find("leader election: leading") != std::string::npos);
  CHECK(h.stop_daemon() == 0);
}
