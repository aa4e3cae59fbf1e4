#include "recorder.hpp"

#include <atomic>
#include <cstdio>
#include <memory>
#include <thread>

#include "api_client.hpp"
#include "clock.hpp"
#include "log.hpp"
#include "metrics.hpp"
#include "record_queue.hpp"
#include "signals.hpp"
#include "status_server.hpp"
#include "watch_set.hpp"

namespace kspan::daemon {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f != nullptr && f != stdout) std::fclose(f);
  }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

class Writer {
 public:
  explicit Writer(std::FILE* out) : out_(out) {}
  bool write(const Record& r) {
    lines_ += r.lines;
    return std::fwrite(r.text.data(), 1, r.text.size(), out_) == r.text.size();
  }
  bool flush() { return std::fflush(out_) == 0; }
  uint64_t lines() const { return lines_; }

 private:
  std::FILE* out_;
  uint64_t lines_ = 0;
};

}  // namespace

int run_recorder(const RecorderConfig& c) {
  set_log_level(c.watch.log_level);
  StopFlag stop;
  SignalWatcher signals(stop);
  const int64_t start_ns = now_ns();
  File out(c.output == "-" ? stdout : std::fopen(c.output.c_str(), "wb"));
  if (!out) {
    log_error("cannot write the recording", {{"file", c.output}});
    return 1;
  }
  ClusterConfig cluster = load_cluster_config(c.watch.config, process_environment());
  log_info("recording", {{"cluster", cluster.server}, {"config", cluster.origin}, {"file", c.output}});
  ApiClient client(cluster, "kspan/" KSPAN_VERSION);
  Metrics metrics;
  RecordQueue queue;
  std::atomic<bool> ready{false};
  StatusServer status({[&] { return metrics.exposition(); }, [] { return true; }, [&] { return ready.load(); }});
  if (!c.watch.metrics_addr.empty()) status.start(c.watch.metrics_addr);

  WatchSetOptions options;
  options.events.scope = c.watch.scope;
  options.events.not_before_ns = start_ns - c.watch.since_ns;
  options.events_k8s_io = c.watch.events_k8s_io;
  options.reflector.page_size = c.watch.page_size;
  WatchSet watches(client, queue, metrics, options);
  watches.start();

  Writer writer(out.get());
  bool ok = true;
  const auto end = c.duration ? std::chrono::steady_clock::now() + *c.duration : std::chrono::steady_clock::time_point::max();
  while (!stop.requested() && ok) {
    const auto wait = std::min(end, std::chrono::steady_clock::now() + std::chrono::milliseconds(250));
    if (auto record = queue.pop_until(wait)) {
      ok = writer.write(*record);
      if (record->initial_events) ready = true;
    } else {
      ok = writer.flush();
    }
    if (std::chrono::steady_clock::now() >= end) stop.request("duration elapsed");
  }
  watches.stop();
  while (auto record = queue.try_pop()) ok = writer.write(*record) && ok;
  ok = writer.flush() && ok;
  status.stop();
  log_info("recording stopped", {{"reason", stop.reason()}, {"lines", writer.lines()}, {"file", c.output}});
  if (!ok) log_error("the recording could not be written completely", {{"file", c.output}});
  return ok ? 0 : 1;
}

}  // namespace kspan::daemon
