// `kspan replay` end to end: the real binary against the test receiver over every protocol.
#include <catch2/catch.hpp>

#include "replay_support.hpp"

using namespace kspan::exporter::test;
using std::chrono::milliseconds;

namespace {

const std::string kFixtures = KSPAN_FIXTURES;
const std::map<std::string, std::string> kResourceEnv = {
    {"OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=test,service.name=not-kspan"}};

std::string endpoint_for(const TestReceiver& receiver, const std::string& protocol) {
  return protocol == "grpc" ? receiver.grpc_endpoint() : receiver.http_endpoint();
}

std::string replay_args(const TestReceiver& receiver, const std::string& protocol, const std::string& more = "") {
  return "replay -q --protocol " + protocol + " --endpoint " + endpoint_for(receiver, protocol) + " " + more;
}

std::vector<collector::ExportTraceServiceRequest> requests_of(const TestReceiver& receiver) {
  std::vector<collector::ExportTraceServiceRequest> out;
  for (auto& r : receiver.received()) out.push_back(r.request);
  return out;
}

const std::string kSmall = kFixtures + "/kspan/deployment-2-pods.capture.yaml";

}  // namespace

TEST_CASE("every span arrives exactly once, as kspan convert writes it", "[replay]") {
  auto protocol = GENERATE(std::string("grpc"), std::string("http/protobuf"), std::string("http/json"));
  auto input = GENERATE(std::string("kspan/deployment-2-pods.capture.yaml"),
                        std::string("kspan/deployment-update.capture.yaml"),
                        std::string("support-bundle-velero/cluster-resources"),
                        std::string("sonobuoy/kube-system-events-2017.json"), std::string("harvester"));
  CAPTURE(protocol, input);
  TestReceiver receiver;
  Run run = run_kspan(replay_args(receiver, protocol, "--batch-size 7 " + kFixtures + "/" + input), kResourceEnv);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);

  SpanSet expected = flatten({convert(kFixtures + "/" + input, kResourceEnv)});
  SpanSet actual = flatten(requests_of(receiver));
  REQUIRE(expected.spans.size() > 0);
  CHECK(actual.duplicates == 0);
  CHECK(compare(expected, actual) == "");
  for (const auto& r : receiver.received()) CHECK(r.transport == protocol);
  for (const auto& [id, flat] : actual.spans) {
    CHECK(flat.resource.find("not-kspan") == std::string::npos);  // service.name is never replaced
    CHECK(flat.resource.find("deployment.environment") != std::string::npos);
  }
}

TEST_CASE("the endpoint comes from OTEL_EXPORTER_OTLP_ENDPOINT; gzip and headers arrive", "[replay]") {
  auto protocol = GENERATE(std::string("grpc"), std::string("http/protobuf"), std::string("http/json"));
  CAPTURE(protocol);
  TestReceiver receiver;
  Run run = run_kspan("replay -q " + kSmall, {{"OTEL_EXPORTER_OTLP_ENDPOINT", endpoint_for(receiver, protocol)},
                                              {"OTEL_EXPORTER_OTLP_PROTOCOL", protocol},
                                              {"OTEL_EXPORTER_OTLP_COMPRESSION", "gzip"},
                                              {"OTEL_EXPORTER_OTLP_TRACES_HEADERS", "X-Tenant=team%20a"}});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(receiver.spans() == 20);
  auto received = receiver.received();
  REQUIRE(!received.empty());
  auto tenant = received[0].headers.find("x-tenant");
  REQUIRE(tenant != received[0].headers.end());
  CHECK(tenant->second == "team a");
}

TEST_CASE("HTTP 503 with Retry-After is retried until accepted", "[replay]") {
  auto protocol = GENERATE(std::string("http/protobuf"), std::string("http/json"));
  TestReceiver receiver;
  receiver.script({Answer::refuse(503, grpc::UNAVAILABLE, "1"), Answer::refuse(503, grpc::UNAVAILABLE, "1")});
  Run run = run_kspan(replay_args(receiver, protocol, kSmall));
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(receiver.requests() == 3);
  CHECK(receiver.spans() == 20);
  CHECK(run.seconds >= 2.0);  // Retry-After was honoured
}

TEST_CASE("gRPC UNAVAILABLE, and RESOURCE_EXHAUSTED with RetryInfo, are retried until accepted", "[replay]") {
  TestReceiver receiver;
  Answer exhausted = Answer::refuse(429, grpc::RESOURCE_EXHAUSTED);
  exhausted.retry_info = milliseconds(300);
  receiver.script({Answer::refuse(503, grpc::UNAVAILABLE), exhausted, Answer::refuse(503, grpc::UNAVAILABLE)});
  Run run = run_kspan(replay_args(receiver, "grpc", "--retry-backoff 50ms " + kSmall));
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(receiver.requests() == 4);
  CHECK(receiver.spans() == 20);
  CHECK(run.seconds >= 0.3);
}

TEST_CASE("a permanent refusal is not retried and is reported", "[replay]") {
  auto protocol = GENERATE(std::string("grpc"), std::string("http/protobuf"), std::string("http/json"));
  TestReceiver receiver;
  receiver.script({Answer::refuse(400, grpc::INVALID_ARGUMENT)});
  Run run = run_kspan(replay_args(receiver, protocol, kSmall));
  CHECK(run.exit_code == 1);
  CHECK(receiver.requests() == 1);
  CHECK_THAT(run.err, Catch::Contains("20 spans did not arrive"));
  CHECK_THAT(run.err, Catch::Contains(protocol == "grpc" ? "INVALID_ARGUMENT" : "HTTP 400"));
}

TEST_CASE("partial success is counted and reported, never retried", "[replay]") {
  auto protocol = GENERATE(std::string("grpc"), std::string("http/protobuf"), std::string("http/json"));
  TestReceiver receiver;
  Answer partial;
  partial.rejected_spans = 3;
  partial.message = "3 spans too old";
  receiver.script({partial});
  Run run = run_kspan(replay_args(receiver, protocol, kSmall));
  CHECK(run.exit_code == 1);
  CHECK(receiver.requests() == 1);
  CHECK_THAT(run.err, Catch::Contains("17 of 20 spans accepted"));
  CHECK_THAT(run.err, Catch::Contains("3 rejected by the receiver"));
  CHECK_THAT(run.err, Catch::Contains("3 spans too old"));
}

TEST_CASE("a receiver that never answers gives a bounded wait and a clear error", "[replay]") {
  auto protocol = GENERATE(std::string("grpc"), std::string("http/protobuf"), std::string("http/json"));
  SilentListener silent;
  std::string endpoint = "http://127.0.0.1:" + std::to_string(silent.port());
  Run run = run_kspan("replay --protocol " + protocol + " --endpoint " + endpoint +
                      " --timeout 300ms --max-attempts 3 --retry-backoff 50ms --batch-size 5 " + kSmall);
  INFO(run.err);
  CHECK(run.exit_code == 1);
  CHECK(run.seconds < 5.0);
  CHECK_THAT(run.err, Catch::Contains("20 spans did not arrive"));
  CHECK_THAT(run.err, Catch::Contains("(3 attempts)"));
  CHECK_THAT(run.err, Catch::Contains("not sent after a batch failed"));
  CHECK_THAT(run.err, Catch::Contains(protocol == "grpc" ? "DEADLINE_EXCEEDED" : "no answer in time"));
}

TEST_CASE("TLS with the test CA works; a wrong CA is refused", "[replay][tls]") {
  auto protocol = GENERATE(std::string("grpc"), std::string("http/protobuf"), std::string("http/json"));
  CAPTURE(protocol);
  TestCertificates certs;
  TestReceiver receiver(TlsOptions{certs.server_certificate, certs.server_key});

  Run good = run_kspan(replay_args(receiver, protocol, kSmall), {{"OTEL_EXPORTER_OTLP_CERTIFICATE", certs.ca}});
  INFO(good.err);
  CHECK(good.exit_code == 0);
  CHECK(receiver.spans() == 20);

  Run wrong = run_kspan(replay_args(receiver, protocol, "--max-attempts 2 --retry-backoff 50ms --certificate " +
                                                            certs.other_ca + " " + kSmall));
  INFO(wrong.err);
  CHECK(wrong.exit_code == 1);
  CHECK_THAT(wrong.err, Catch::Contains("20 spans did not arrive"));
  CHECK(receiver.spans() == 20);  // nothing more arrived
}

TEST_CASE("configuration mistakes are usage errors that name the variable", "[replay]") {
  Run run = run_kspan("replay " + kSmall, {{"OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon"}});
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.err, Catch::Contains("OTEL_EXPORTER_OTLP_PROTOCOL"));
  Run missing = run_kspan("replay --certificate /nonexistent/ca.pem " + kSmall);
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("/nonexistent/ca.pem"));
  Run no_room = run_kspan("replay --queue-bytes 0 " + kSmall);
  CHECK(no_room.exit_code == 2);
  CHECK_THAT(no_room.err, Catch::Contains("--queue-bytes"));
  Run help = run_kspan("replay --help");
  CHECK(help.exit_code == 0);
  for (const char* flag : {"--endpoint", "--protocol", "--headers", "--timeout", "--compression", "--certificate",
                           "--client-certificate", "--client-key", "--insecure", "--batch-size", "--batch-delay",
                           "--queue-size", "--queue-bytes", "--export-timeout", "--max-attempts", "--retry-backoff",
                           "KSPAN_EXPORT_MAX_QUEUE_BYTES"})
    CHECK_THAT(help.out, Catch::Contains(flag));
}
