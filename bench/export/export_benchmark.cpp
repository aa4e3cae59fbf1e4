// Spans per second per protocol: encoding alone, and encoding + sending to a receiver in
// the same process on loopback (the receiver parses every request, so its cost is included).
// Run: build/native/bench/export/export_benchmark
#include <benchmark/benchmark.h>

#include "http_exporter.hpp"
#include "make_exporter.hpp"
#include "otlp_json_encoder.hpp"
#include "otlp_proto_encoder.hpp"
#include "support.hpp"
#include "test_receiver.hpp"

using namespace kspan::exporter;

namespace {

constexpr size_t kBatch = 512;

class NoWait : public Waiter {
 public:
  bool wait_until(Clock::time_point) override { return true; }
};

void BM_EncodeProtobuf(benchmark::State& state) {
  auto batch = test::make_batch(kBatch, 8);
  std::string bytes;
  for (auto _ : state) {
    otlp_collector::ExportTraceServiceRequest request;
    encode_request(batch, "0.1.0", request);
    request.SerializeToString(&bytes);
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatch));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_EncodeProtobuf);

void BM_EncodeJson(benchmark::State& state) {
  auto batch = test::make_batch(kBatch, 8);
  std::string text;
  for (auto _ : state) {
    text = encode_json(batch, "0.1.0");
    benchmark::DoNotOptimize(text);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatch));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_EncodeJson);

// range(0): 0 grpc, 1 http/protobuf, 2 http/json; range(1): gzip.
void BM_Send(benchmark::State& state) {
  test::TestReceiver receiver(std::nullopt, false);
  ExportConfig config;
  config.protocol = static_cast<Protocol>(state.range(0));
  config.gzip = state.range(1) != 0;
  config.endpoint = config.protocol == Protocol::kGrpc ? receiver.grpc_endpoint()
                                                       : http_traces_url(receiver.http_endpoint());
  auto exporter = make_exporter(config, "0.1.0");
  auto batch = test::make_batch(kBatch, 8);
  NoWait wait;
  for (auto _ : state) {
    auto result = exporter->export_batch(batch, Clock::now() + std::chrono::seconds(10), wait);
    if (result.accepted != static_cast<int64_t>(kBatch)) state.SkipWithError(result.message.c_str());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatch));
  state.SetLabel(std::string(protocol_name(config.protocol)) + (config.gzip ? "+gzip" : ""));
}
BENCHMARK(BM_Send)->ArgsProduct({{0, 1, 2}, {0, 1}})->UseRealTime()->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
