// Events into records. The initial list: events older than the start minus --since are skipped
// (and counted), the rest waits until the owners' first lists are queued, then goes as one
// record without observedAt, so the core releases it in its order key when the watermark first
// moves. Watched events get observedAt (the delivery time); a DELETED Event (its TTL ran out)
// is not news and is dropped here.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

#include "metrics.hpp"
#include "owner_watches.hpp"
#include "record_queue.hpp"
#include "reflector.hpp"
#include "scope.hpp"

namespace kspan::daemon {

struct EventFeedOptions {
  Scope scope;
  int64_t not_before_ns = 0;  // listed events whose last time is older are skipped
  std::chrono::seconds owners_wait{30};  // how long the initial list waits for the owners' lists
  std::string api_version = "v1";  // of the Event resource watched: v1 or events.k8s.io/v1
};

class EventFeed : public ReflectorSink {
 public:
  EventFeed(RecordQueue& queue, Metrics& metrics, OwnerWatches& owners, EventFeedOptions options);
  void on_list(std::vector<nlohmann::json>&& items, bool first) override;
  void on_watch(std::string_view type, nlohmann::json& object, std::string_view line) override;
  // Only what admit() reads: the line itself goes on to the core.
  const JsonShape* object_shape() const override;

 private:
  // False when the event is skipped (and counted).
  bool admit(const nlohmann::json& event, bool listed);

  RecordQueue& queue_;
  Metrics& metrics_;
  OwnerWatches& owners_;
  EventFeedOptions options_;
};

}  // namespace kspan::daemon
