#include <catch2/catch.hpp>

#include "fakes.hpp"
#include "http_exporter.hpp"
#include "support.hpp"

using namespace kspan::exporter;
using std::chrono::milliseconds;

namespace {

struct Fixture {
  test::FakeTime time;
  test::ScriptedHttpClient* client = nullptr;
  std::unique_ptr<HttpExporter> exporter;

  explicit Fixture(std::deque<HttpResponse> answers, ExportConfig config = {}) {
    config.endpoint = "http://receiver/v1/traces";
    config.timeout = milliseconds(2000);
    auto owned = std::make_unique<test::ScriptedHttpClient>(std::move(answers));
    client = owned.get();
    exporter = std::make_unique<HttpExporter>(config, "1", std::move(owned), time.context(config.retry));
  }
  BatchResult send(size_t spans, milliseconds budget = milliseconds(30000)) {
    return exporter->export_batch(test::make_batch(spans), time.now() + budget, time);
  }
};

}  // namespace

TEST_CASE("HTTP export: 503 with Retry-After is retried after that wait, then accepted", "[http]") {
  Fixture f({test::status(503, "2"), test::status(503, "1")});
  auto result = f.send(10);
  CHECK(result.accepted == 10);
  CHECK(result.attempts == 3);
  CHECK(f.time.waits == std::vector<milliseconds>{milliseconds(2000), milliseconds(1000)});
  REQUIRE(f.client->requests.size() == 3);
  CHECK(f.client->requests[0].body == f.client->requests[2].body);  // the same batch again
}

TEST_CASE("HTTP export: a 400 is not retried and all spans fail", "[http]") {
  Fixture f({test::status(400)});
  auto result = f.send(10);
  CHECK(result.failed == 10);
  CHECK(result.attempts == 1);
  CHECK(result.message == "HTTP 400");
}

TEST_CASE("HTTP export: each attempt's timeout shrinks to what is left of the deadline", "[http]") {
  Fixture f({test::status(503, "0")});
  f.send(1, milliseconds(1500));
  REQUIRE(f.client->requests.size() == 2);
  CHECK(f.client->requests[0].timeout == milliseconds(1500));
}

TEST_CASE("HTTP export: out of attempts, the last reason is reported", "[http]") {
  HttpResponse refused;
  refused.transport_error = "Couldn't connect to server";
  ExportConfig config;
  config.retry.max_attempts = 2;
  Fixture f({refused, refused, refused}, config);
  auto result = f.send(3);
  CHECK(result.failed == 3);
  CHECK(result.message == "Couldn't connect to server (2 attempts)");
}
