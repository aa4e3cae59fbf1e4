#include <catch2/catch.hpp>
#include <thread>

#include "batch_span_sink.hpp"
#include "delivery_report.hpp"
#include "support.hpp"

using namespace kspan::exporter;
using std::chrono::milliseconds;

namespace {

// Records batch sizes; can be slow, fail, or reject part of each batch.
class FakeExporter : public SpanExporter {
 public:
  struct Shared {
    std::mutex mutex;
    std::vector<size_t> batches;
    milliseconds delay{0};
    bool fail = false;
    int64_t reject = 0;
  };
  explicit FakeExporter(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}
  BatchResult export_batch(const SpanBatch& batch, Clock::time_point deadline, Waiter& waiter) override {
    milliseconds delay;
    {
      std::lock_guard lock(shared_->mutex);
      shared_->batches.push_back(batch.size());
      delay = shared_->delay;
    }
    if (delay.count() > 0 && !waiter.wait_until(std::min(deadline, Clock::now() + delay)))
      return BatchResult{0, 0, static_cast<int64_t>(batch.size()), 1, "interrupted"};
    auto n = static_cast<int64_t>(batch.size());
    if (shared_->fail) return BatchResult{0, 0, n, 1, "HTTP 400"};
    int64_t rejected = std::min(shared_->reject, n);
    return BatchResult{n - rejected, rejected, 0, 1, rejected ? "invalid" : ""};
  }
  std::string describe() const override { return "fake"; }

 private:
  std::shared_ptr<Shared> shared_;
};

SinkOptions options(size_t batch, size_t queue, WhenFull when_full = WhenFull::kBlock, bool stop = false) {
  SinkOptions o;
  o.batch.max_batch_size = batch;
  o.batch.max_queue_size = queue;
  o.batch.schedule_delay = milliseconds(20);
  o.batch.export_timeout = milliseconds(2000);
  o.when_full = when_full;
  o.stop_after_failure = stop;
  return o;
}

void push(BatchSpanSink& sink, size_t n) {
  for (const auto& queued : test::make_batch(n)) sink.on_span(queued.span, *queued.resource);
}

auto soon() { return Clock::now() + std::chrono::seconds(5); }

}  // namespace

TEST_CASE("batches are cut by size, the rest after the delay; every span is counted once", "[sink]") {
  auto shared = std::make_shared<FakeExporter::Shared>();
  BatchSpanSink sink(std::make_unique<FakeExporter>(shared), options(10, 100));
  push(sink, 25);
  std::this_thread::sleep_for(milliseconds(200));  // the delay sends the last 5 without a flush
  auto c = sink.counters();
  CHECK(c.received == 25);
  CHECK(c.accepted == 25);
  CHECK(c.batches == 3);
  CHECK(shared->batches == std::vector<size_t>{10, 10, 5});
  CHECK(sink.shutdown(soon()));
}

TEST_CASE("flush sends at once and waits", "[sink]") {
  auto shared = std::make_shared<FakeExporter::Shared>();
  auto o = options(100, 1000);
  o.batch.schedule_delay = std::chrono::hours(1);
  BatchSpanSink sink(std::make_unique<FakeExporter>(shared), o);
  push(sink, 7);
  CHECK(sink.flush(soon()));
  CHECK(sink.counters().accepted == 7);
}

TEST_CASE("a full queue drops and counts when told to drop", "[sink]") {
  auto shared = std::make_shared<FakeExporter::Shared>();
  shared->delay = milliseconds(300);
  BatchSpanSink sink(std::make_unique<FakeExporter>(shared), options(5, 10, WhenFull::kDrop));
  push(sink, 100);
  sink.shutdown(soon());
  auto c = sink.counters();
  CHECK(c.received == 100);
  CHECK(c.dropped_queue_full > 0);
  CHECK(c.accepted + c.dropped_queue_full == 100);
  CHECK_THAT(delivery_report(c, "fake"), Catch::Contains("dropped: the queue was full"));
}

TEST_CASE("a full queue makes the producer wait when told to block; nothing is lost", "[sink]") {
  auto shared = std::make_shared<FakeExporter::Shared>();
  shared->delay = milliseconds(5);
  BatchSpanSink sink(std::make_unique<FakeExporter>(shared), options(5, 10, WhenFull::kBlock));
  push(sink, 100);
  CHECK(sink.shutdown(soon()));
  CHECK(sink.counters().accepted == 100);
}

TEST_CASE("the queue is bounded in bytes too: past them it drops and counts, or makes the producer wait", "[sink]") {
  const auto one_span = test::make_batch(1);
  const size_t span_bytes = queued_bytes(one_span[0].span);
  CHECK(span_bytes > sizeof(QueuedSpan));
  auto shared = std::make_shared<FakeExporter::Shared>();
  shared->delay = milliseconds(300);
  auto o = options(50, 1000, WhenFull::kDrop);
  o.batch.max_queue_bytes = 4 * span_bytes;  // room for 4 of the 1,000 spans the count allows
  BatchSpanSink dropping(std::make_unique<FakeExporter>(shared), o);
  push(dropping, 100);
  dropping.shutdown(soon());
  auto c = dropping.counters();
  CHECK(c.dropped_queue_full >= 80);
  CHECK(c.accepted + c.dropped_queue_full == 100);

  shared->delay = milliseconds(1);
  o.when_full = WhenFull::kBlock;
  o.batch.schedule_delay = std::chrono::hours(1);  // a queue full in bytes is sent without waiting for it
  BatchSpanSink blocking(std::make_unique<FakeExporter>(shared), o);
  push(blocking, 100);
  CHECK(blocking.shutdown(soon()));
  CHECK(blocking.counters().accepted == 100);
}

TEST_CASE("partial rejections are counted with the receiver's reason", "[sink]") {
  auto shared = std::make_shared<FakeExporter::Shared>();
  shared->reject = 2;
  BatchSpanSink sink(std::make_unique<FakeExporter>(shared), options(10, 100));
  push(sink, 30);
  sink.shutdown(soon());
  auto c = sink.counters();
  CHECK(c.rejected == 6);
  CHECK(c.accepted == 24);
  CHECK(c.first_rejection == "invalid");
}

TEST_CASE("after a failed batch, replay abandons the rest and counts them", "[sink]") {
  auto shared = std::make_shared<FakeExporter::Shared>();
  shared->fail = true;
  BatchSpanSink sink(std::make_unique<FakeExporter>(shared), options(10, 100, WhenFull::kBlock, true));
  push(sink, 50);
  sink.shutdown(soon());
  auto c = sink.counters();
  CHECK(c.failed == 10);
  CHECK(c.abandoned == 40);
  CHECK(c.not_delivered() == 50);
  CHECK(shared->batches.size() == 1);
  std::string report = delivery_report(c, "fake");
  CHECK_THAT(report, Catch::Contains("50 spans did not arrive"));
  CHECK_THAT(report, Catch::Contains("10 failed: HTTP 400"));
}

TEST_CASE("shutdown keeps its deadline: what is left is dropped and counted", "[sink]") {
  auto shared = std::make_shared<FakeExporter::Shared>();
  shared->delay = milliseconds(10000);
  BatchSpanSink sink(std::make_unique<FakeExporter>(shared), options(10, 100));
  push(sink, 30);
  auto start = Clock::now();
  CHECK_FALSE(sink.shutdown(Clock::now() + milliseconds(300)));
  CHECK(Clock::now() - start < milliseconds(3000));
  auto c = sink.counters();
  CHECK(c.handled() == 30);
  CHECK(c.dropped_at_shutdown >= 10);
  push(sink, 1);  // after shutdown
  CHECK(sink.counters().dropped_at_shutdown == c.dropped_at_shutdown + 1);
}
