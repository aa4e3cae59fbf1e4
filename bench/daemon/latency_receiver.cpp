// kspan_latency_receiver: an OTLP/HTTP (protobuf) receiver for the daemon benchmark. It accepts
// every request and, for each event span, takes the time from the event to the span's arrival:
// arrival wall time minus the event's own moment (the span's start, plus kspan.start_shift_ms when
// a child moved the start back). It also counts spans whose id came twice.
//   POST /v1/traces   ExportTraceServiceRequest (application/x-protobuf)
//   GET  /stats       spans, event_spans, duplicates, latency p50/p90/p99/max in ms (text)
// Prints "http http://127.0.0.1:PORT" once listening; runs until killed.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

namespace {

namespace collector = opentelemetry::proto::collector::trace::v1;
namespace trace = opentelemetry::proto::trace::v1;

int64_t wall_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The event's own moment: only event spans carry k8s.event.uid (roots do not).
std::optional<int64_t> event_moment_ns(const trace::Span& span) {
  bool event = false;
  int64_t shift_ms = 0;
  for (const auto& a : span.attributes()) {
    if (a.key() == "k8s.event.uid") event = true;
    else if (a.key() == "kspan.start_shift_ms") shift_ms = a.value().int_value();
  }
  if (!event) return std::nullopt;
  return static_cast<int64_t>(span.start_time_unix_nano()) + shift_ms * 1'000'000;
}

uint64_t span_key(const std::string& span_id) {
  uint64_t key = 0;
  std::memcpy(&key, span_id.data(), std::min(span_id.size(), sizeof key));
  return key;
}

class Tally {
 public:
  void add(const collector::ExportTraceServiceRequest& request, int64_t arrival_ns) {
    std::lock_guard lock(mutex_);
    for (const auto& resource : request.resource_spans())
      for (const auto& scope : resource.scope_spans())
        for (const auto& span : scope.spans()) {
          ++spans_;
          if (!ids_.insert(span_key(span.span_id())).second) ++duplicates_;
          if (auto moment = event_moment_ns(span)) latencies_ns_.push_back(arrival_ns - *moment);
        }
  }

  std::string report() {
    std::lock_guard lock(mutex_);
    std::vector<int64_t> sorted = latencies_ns_;
    std::sort(sorted.begin(), sorted.end());
    auto ms = [&](double q) {
      if (sorted.empty()) return 0.0;
      const size_t at = std::min(sorted.size() - 1, static_cast<size_t>(q * static_cast<double>(sorted.size())));
      return static_cast<double>(sorted[at]) / 1e6;
    };
    std::ostringstream out;
    out << "spans " << spans_ << "\nevent_spans " << sorted.size() << "\nduplicates " << duplicates_ << "\np50_ms "
        << ms(0.50) << "\np90_ms " << ms(0.90) << "\np99_ms " << ms(0.99) << "\nmax_ms "
        << (sorted.empty() ? 0.0 : static_cast<double>(sorted.back()) / 1e6) << "\n";
    return out.str();
  }

 private:
  std::mutex mutex_;
  uint64_t spans_ = 0, duplicates_ = 0;
  std::unordered_set<uint64_t> ids_;
  std::vector<int64_t> latencies_ns_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) {
    std::cerr << "Usage: kspan_latency_receiver\n  OTLP/HTTP protobuf on a free loopback port (printed); GET /stats for\n"
                 "  span counts, duplicates and event-to-arrival latency percentiles.\n";
    return std::string(argv[1]) == "--help" ? 0 : 2;
  }
  Tally tally;
  httplib::Server server;
  server.Post("/v1/traces", [&](const httplib::Request& req, httplib::Response& res) {
    const int64_t arrival = wall_ns();
    collector::ExportTraceServiceRequest request;
    if (!request.ParseFromString(req.body)) {
      res.status = 400;
      return;
    }
    tally.add(request, arrival);
    res.set_content(collector::ExportTraceServiceResponse().SerializeAsString(), "application/x-protobuf");
  });
  server.Get("/stats", [&](const httplib::Request&, httplib::Response& res) { res.set_content(tally.report(), "text/plain"); });
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::cerr << "kspan_latency_receiver: cannot listen on loopback\n";
    return 1;
  }
  std::cout << "http http://127.0.0.1:" << port << std::endl;
  server.listen_after_bind();
  return 0;
}
