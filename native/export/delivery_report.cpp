#include "delivery_report.hpp"

namespace kspan::exporter {
namespace {

void line(std::string& out, uint64_t count, const std::string& what, const std::string& why = {}) {
  if (count == 0) return;
  out += "  " + std::to_string(count) + " " + what;
  if (!why.empty()) out += ": " + why;
  out += '\n';
}

}  // namespace

std::string delivery_report(const SinkCounters& c, const std::string& destination) {
  std::string out = std::to_string(c.accepted) + " of " + std::to_string(c.received) + " spans accepted by " +
                    destination + " (" + std::to_string(c.batches) + " batches, " + std::to_string(c.attempts) +
                    " requests)\n";
  if (c.not_delivered() == 0) return out;
  out += std::to_string(c.not_delivered()) + " spans did not arrive:\n";
  line(out, c.rejected, "rejected by the receiver (partial success, not retried)", c.first_rejection);
  line(out, c.failed, "failed", c.first_failure);
  line(out, c.abandoned, "not sent after a batch failed");
  line(out, c.dropped_queue_full, "dropped: the queue was full");
  line(out, c.dropped_at_shutdown, "dropped: still queued at the deadline");
  return out;
}

}  // namespace kspan::exporter
