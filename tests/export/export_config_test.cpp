#include <catch2/catch.hpp>
#include <map>

#include "export_config.hpp"

using namespace kspan::exporter;

namespace {

Environment env_of(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace

TEST_CASE("defaults: http/protobuf to localhost:4318/v1/traces, grpc to 4317", "[config]") {
  auto config = config_from_environment(env_of({}));
  CHECK(config.protocol == Protocol::kHttpProtobuf);
  CHECK(config.endpoint == "http://localhost:4318/v1/traces");
  CHECK(config.timeout == Milliseconds(10000));
  CHECK_FALSE(config.gzip);
  CHECK(config_from_environment(env_of({}), Protocol::kGrpc).endpoint == "http://localhost:4317");
}

TEST_CASE("the generic endpoint gets the signal path for HTTP only", "[config]") {
  auto http = config_from_environment(env_of({{"OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector:4318"}}));
  CHECK(http.endpoint == "https://collector:4318/v1/traces");
  auto slash = config_from_environment(env_of({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318/prefix/"}}));
  CHECK(slash.endpoint == "http://c:4318/prefix/v1/traces");
  auto grpc = config_from_environment(
      env_of({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317"}, {"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"}}));
  CHECK(grpc.endpoint == "http://c:4317");
}

TEST_CASE("the traces endpoint is used as given and wins", "[config]") {
  auto config = config_from_environment(env_of({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://generic:4318"},
                                                {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://t:1234/custom"}}));
  CHECK(config.endpoint == "http://t:1234/custom");
}

TEST_CASE("traces-specific variables win over generic ones; the flag wins over both", "[config]") {
  auto env = env_of({{"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"},
                     {"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/json"},
                     {"OTEL_EXPORTER_OTLP_TIMEOUT", "100"},
                     {"OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "250"},
                     {"OTEL_EXPORTER_OTLP_COMPRESSION", "gzip"},
                     {"OTEL_EXPORTER_OTLP_HEADERS", "a=1,b=x%20y"},
                     {"OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "/ca.pem"},
                     {"OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", "/c.pem"},
                     {"OTEL_EXPORTER_OTLP_CLIENT_KEY", "/k.pem"},
                     {"OTEL_EXPORTER_OTLP_INSECURE", "TRUE"},
                     {"OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "7"},
                     {"OTEL_BSP_SCHEDULE_DELAY", "20"},
                     {"OTEL_BSP_MAX_QUEUE_SIZE", "99"},
                     {"KSPAN_EXPORT_MAX_QUEUE_BYTES", "123456"},
                     {"OTEL_BSP_EXPORT_TIMEOUT", "3000"}});
  auto config = config_from_environment(env);
  CHECK(config.protocol == Protocol::kHttpJson);
  CHECK(config.timeout == Milliseconds(250));
  CHECK(config.gzip);
  REQUIRE(config.headers.size() == 2);
  CHECK(config.headers[1] == std::make_pair(std::string("b"), std::string("x y")));
  CHECK(config.tls.certificate == "/ca.pem");
  CHECK(config.tls.client_certificate == "/c.pem");
  CHECK(config.tls.client_key == "/k.pem");
  CHECK(config.insecure);
  CHECK(config.batch.max_batch_size == 7);
  CHECK(config.batch.schedule_delay == Milliseconds(20));
  CHECK(config.batch.max_queue_size == 99);
  CHECK(config.batch.max_queue_bytes == 123456);
  CHECK(config.batch.export_timeout == Milliseconds(3000));
  CHECK(config_from_environment(env, Protocol::kGrpc).protocol == Protocol::kGrpc);
}

TEST_CASE("bad values name their variable", "[config]") {
  auto message = [](std::map<std::string, std::string> values) {
    try {
      config_from_environment(env_of(std::move(values)));
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(message({{"OTEL_EXPORTER_OTLP_PROTOCOL", "udp"}}), Catch::Contains("OTEL_EXPORTER_OTLP_PROTOCOL"));
  CHECK_THAT(message({{"OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "5s"}}), Catch::Contains("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"));
  CHECK_THAT(message({{"OTEL_EXPORTER_OTLP_COMPRESSION", "zstd"}}), Catch::Contains("gzip or none"));
  CHECK_THAT(message({{"OTEL_EXPORTER_OTLP_INSECURE", "yes"}}), Catch::Contains("true or false"));
  CHECK_THAT(message({{"OTEL_EXPORTER_OTLP_HEADERS", "novalue"}}), Catch::Contains("OTEL_EXPORTER_OTLP_HEADERS"));
}

TEST_CASE("gRPC targets: scheme decides TLS, else insecure does; paths are dropped", "[config]") {
  CHECK(grpc_target("http://c:4317", false).tls == false);
  CHECK(grpc_target("https://c:4317/x", true).tls == true);
  CHECK(grpc_target("https://c:4317/x", true).authority == "c:4317");
  CHECK(grpc_target("c:4317", false).tls == true);
  CHECK(grpc_target("c:4317", true).tls == false);
}

TEST_CASE("the endpoint flag appends /v1/traces to an HTTP URL without a path", "[config]") {
  CHECK(endpoint_from_flag(Protocol::kHttpProtobuf, "http://h:4318") == "http://h:4318/v1/traces");
  CHECK(endpoint_from_flag(Protocol::kHttpJson, "http://h:4318/") == "http://h:4318/v1/traces");
  CHECK(endpoint_from_flag(Protocol::kHttpJson, "http://h:4318/otlp/traces") == "http://h:4318/otlp/traces");
  CHECK(endpoint_from_flag(Protocol::kGrpc, "h:4317") == "h:4317");
}
