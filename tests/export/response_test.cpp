#include <catch2/catch.hpp>

#include "grpc_status.hpp"
#include "http_status.hpp"
#include "partial_success.hpp"
#include "test_receiver.hpp"

using namespace kspan::exporter;
using Kind = AttemptResult::Kind;
using std::chrono::milliseconds;

namespace {

HttpResponse http(long status, std::string retry_after = {}) {
  HttpResponse r;
  r.status = status;
  r.retry_after = std::move(retry_after);
  return r;
}

}  // namespace

TEST_CASE("HTTP: 429, 502, 503, 504 are retried, other errors are not", "[response]") {
  for (long status : {429L, 502L, 503L, 504L}) CHECK(classify_http(http(status)).kind == Kind::kRetryable);
  for (long status : {400L, 401L, 403L, 404L, 413L, 500L}) CHECK(classify_http(http(status)).kind == Kind::kPermanent);
  CHECK(classify_http(http(200)).kind == Kind::kAccepted);
  CHECK(classify_http(http(400)).message == "HTTP 400");
}

TEST_CASE("HTTP: no answer is retried and says why", "[response]") {
  HttpResponse none;
  none.transport_error = "Couldn't connect to server";
  auto result = classify_http(none);
  CHECK(result.kind == Kind::kRetryable);
  CHECK(result.message == "Couldn't connect to server");
  none.timed_out = true;
  CHECK_THAT(classify_http(none).message, Catch::StartsWith("no answer in time"));
}

TEST_CASE("Retry-After: seconds or an HTTP date", "[response]") {
  auto now = std::chrono::system_clock::from_time_t(1445412480);  // Wed, 21 Oct 2015 07:28:00 GMT
  CHECK(parse_retry_after("3", now) == milliseconds(3000));
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now) == milliseconds(5000));
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now) == milliseconds(0));
  CHECK_FALSE(parse_retry_after("soon", now));
  CHECK_FALSE(parse_retry_after("", now));
  CHECK(classify_http(http(503, "2")).retry_after == milliseconds(2000));
}

TEST_CASE("HTTP partial success, protobuf and JSON, is counted, not retried", "[response]") {
  {
    opentelemetry::proto::collector::trace::v1::ExportTraceServiceResponse response;
    test::set_partial_success(response, 3, "bad spans");
    HttpResponse r = http(200);
    r.content_type = "application/x-protobuf";
    r.body = response.SerializeAsString();
    auto result = classify_http(r);
    CHECK(result.kind == Kind::kAccepted);
    CHECK(result.rejected_spans == 3);
    CHECK(result.message == "bad spans");
  }
  HttpResponse j = http(200);
  j.content_type = "application/json";
  j.body = R"({"partialSuccess":{"rejectedSpans":"4","errorMessage":"too old"}})";
  CHECK(classify_http(j).rejected_spans == 4);
  j.body = R"({"partialSuccess":{}})";
  CHECK(classify_http(j).rejected_spans == 0);
  j.body = "{}";
  CHECK(classify_http(j).kind == Kind::kAccepted);
}

TEST_CASE("gRPC: retryable codes, RESOURCE_EXHAUSTED only with RetryInfo", "[response]") {
  opentelemetry::proto::collector::trace::v1::ExportTraceServiceResponse ok;
  for (auto code : {grpc::CANCELLED, grpc::DEADLINE_EXCEEDED, grpc::ABORTED, grpc::OUT_OF_RANGE, grpc::UNAVAILABLE,
                    grpc::DATA_LOSS})
    CHECK(classify_grpc(grpc::Status(code, "x"), ok).kind == Kind::kRetryable);
  for (auto code : {grpc::INVALID_ARGUMENT, grpc::UNAUTHENTICATED, grpc::PERMISSION_DENIED, grpc::UNIMPLEMENTED,
                    grpc::INTERNAL, grpc::RESOURCE_EXHAUSTED})
    CHECK(classify_grpc(grpc::Status(code, "x"), ok).kind == Kind::kPermanent);
  CHECK(classify_grpc(grpc::Status(grpc::UNAVAILABLE, "down"), ok).message == "gRPC UNAVAILABLE: down");
  CHECK(classify_grpc(grpc::Status::OK, ok).kind == Kind::kAccepted);
}

TEST_CASE("gRPC RetryInfo gives the wait; partial success is read", "[response]") {
  std::string details = test::retry_info_status(grpc::RESOURCE_EXHAUSTED, "slow down", milliseconds(1500));
  CHECK(retry_delay_from_status_details(details) == milliseconds(1500));
  opentelemetry::proto::collector::trace::v1::ExportTraceServiceResponse none;
  auto exhausted = classify_grpc(grpc::Status(grpc::RESOURCE_EXHAUSTED, "slow down", details), none);
  CHECK(exhausted.kind == Kind::kRetryable);
  CHECK(exhausted.retry_after == milliseconds(1500));
  opentelemetry::proto::collector::trace::v1::ExportTraceServiceResponse response;
  test::set_partial_success(response, 2, "dup");
  auto accepted = classify_grpc(grpc::Status::OK, response);
  CHECK(accepted.rejected_spans == 2);
  CHECK(accepted.message == "dup");
  CHECK_FALSE(retry_delay_from_status_details("not a status"));
}
