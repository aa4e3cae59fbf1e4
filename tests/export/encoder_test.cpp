#include <google/protobuf/util/message_differencer.h>
#include <zlib.h>

#include <catch2/catch.hpp>

#include "curl_http_client.hpp"
#include "http_exporter.hpp"
#include "otlp_json.hpp"
#include "otlp_json_encoder.hpp"
#include "otlp_proto_encoder.hpp"
#include "support.hpp"
#include "test_receiver.hpp"

using namespace kspan::exporter;
using google::protobuf::util::MessageDifferencer;

namespace {

std::string gunzip(const std::string& compressed) {
  z_stream z{};
  inflateInit2(&z, 16 + MAX_WBITS);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

}  // namespace

TEST_CASE("protobuf encoding groups spans by resource and keeps every field", "[encode]") {
  auto batch = test::make_batch(20, 3);
  otlp_collector::ExportTraceServiceRequest request;
  encode_request(batch, "9.9.9", request);
  REQUIRE(request.resource_spans_size() == 3);
  CHECK(request.resource_spans(0).resource().attributes(0).value().string_value() == "svc-0");
  const auto& scope = request.resource_spans(1).scope_spans(0);
  CHECK(scope.scope().name() == "kspan");
  CHECK(scope.scope().version() == "9.9.9");
  REQUIRE(scope.spans_size() == 7);  // spans 1, 4, 7, ...
  const auto& span = scope.spans(0);
  CHECK(span.span_id() == std::string("\xcd\0\0\0\0\0\0\x01", 8));
  CHECK(span.parent_span_id() == std::string("\xcd\0\0\0\0\0\0\0", 8));
  CHECK(span.start_time_unix_nano() == 1'700'000'000'000'000'001ULL);
  CHECK(span.attributes(1).value().int_value() == 1);
  CHECK(span.attributes(2).value().bool_value() == false);
  const auto& root = request.resource_spans(0).scope_spans(0).spans(0);
  CHECK(root.parent_span_id().empty());
  CHECK(root.status().code() == opentelemetry::proto::trace::v1::Status::STATUS_CODE_ERROR);
  CHECK(root.status().message() == "Back-off restarting");
  CHECK(root.links_size() == 1);
}

TEST_CASE("JSON and protobuf encodings carry the same request", "[encode]") {
  auto batch = test::make_batch(50, 4);
  otlp_collector::ExportTraceServiceRequest from_proto;
  encode_request(batch, "1.0", from_proto);
  otlp_collector::ExportTraceServiceRequest from_json;
  REQUIRE(test::parse_otlp_json(encode_json(batch, "1.0"), from_json).empty());
  std::string difference;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&difference);
  CHECK(differencer.Compare(from_proto, from_json));
  CHECK(difference == "");
}

TEST_CASE("HTTP requests: content type per protocol, gzip when asked, headers kept", "[encode]") {
  auto batch = test::make_batch(10);
  ExportConfig config;
  config.endpoint = "http://x/v1/traces";
  config.headers = {{"Authorization", "Bearer t"}};
  config.protocol = Protocol::kHttpJson;
  HttpExporter json(config, "1", nullptr);
  CHECK(json.encode(batch).content_type == "application/json");
  CHECK(json.encode(batch).body == encode_json(batch, "1"));
  CHECK(json.encode(batch).headers == config.headers);

  config.protocol = Protocol::kHttpProtobuf;
  config.gzip = true;
  HttpExporter proto(config, "1", nullptr);
  HttpRequest request = proto.encode(batch);
  CHECK(request.content_type == "application/x-protobuf");
  CHECK(request.gzip);
  otlp_collector::ExportTraceServiceRequest decoded;
  REQUIRE(decoded.ParseFromString(gunzip(request.body)));
  CHECK(test::span_count(decoded) == 10);
}
