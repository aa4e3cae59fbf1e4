// Running the kspan binary and comparing what a receiver got with what `kspan convert` writes.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "test_receiver.hpp"

namespace kspan::exporter::test {

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
  double seconds = 0;
};

// `kspan ARGS` with extra environment variables (OTEL_* of the test's own environment removed).
Run run_kspan(const std::string& args, const std::map<std::string, std::string>& env = {});

// A span as it arrived: the span, and its resource and scope serialized for comparison.
struct FlatSpan {
  opentelemetry::proto::trace::v1::Span span;
  std::string resource;  // serialized Resource
  std::string scope;     // serialized InstrumentationScope
};

// Spans by span id; duplicates counts spans whose id was already there.
struct SpanSet {
  std::map<std::string, FlatSpan> spans;
  size_t duplicates = 0;
};
SpanSet flatten(const std::vector<collector::ExportTraceServiceRequest>& requests);

// What `kspan convert` makes of input with the same environment, as a request.
collector::ExportTraceServiceRequest convert(const std::string& input, const std::map<std::string, std::string>& env);

// Differences between two span sets, one line each; empty when equal.
std::string compare(const SpanSet& expected, const SpanSet& actual);

// A folder of its own, removed at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  std::filesystem::path path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A test CA, a server certificate it signs (localhost, 127.0.0.1) and an unrelated CA:
// made with the openssl command at test time, never committed.
struct TestCertificates {
  TempDir dir;
  std::string ca, server_certificate, server_key, other_ca;
  TestCertificates();
};

}  // namespace kspan::exporter::test
