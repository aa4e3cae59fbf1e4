// Everything the daemon watches, started and stopped together: the Event stream (core/v1 or
// events.k8s.io/v1) and the metadata of the kinds involved, all feeding one RecordQueue.
// Shared by `kspan run` (the queue feeds the Engine) and `kspan record` (a file).
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api_client.hpp"
#include "discovery.hpp"
#include "event_feed.hpp"
#include "metrics.hpp"
#include "owner_watches.hpp"
#include "record_queue.hpp"
#include "reflector.hpp"

namespace kspan::daemon {

struct WatchSetOptions {
  EventFeedOptions events;
  bool events_k8s_io = false;  // --events-api events.k8s.io
  ReflectorOptions reflector;  // backoff, paging, refusal retry for every watch
  // Kinds listed from the start, before the first events: (apiVersion, kind).
  std::vector<std::pair<std::string, std::string>> initial_kinds = {
      {"v1", "Pod"},         {"apps/v1", "ReplicaSet"}, {"apps/v1", "Deployment"}, {"apps/v1", "StatefulSet"},
      {"apps/v1", "DaemonSet"}, {"batch/v1", "Job"},     {"batch/v1", "CronJob"}};
};

class WatchSet {
 public:
  WatchSet(ApiClient& client, RecordQueue& queue, Metrics& metrics, WatchSetOptions options);
  ~WatchSet();
  void start();
  // Stops every watch; the queue is closed first so no watch stays blocked on it.
  void stop();

 private:
  ApiClient& client_;
  RecordQueue& queue_;
  Metrics& metrics_;
  WatchSetOptions options_;
  Discovery discovery_;
  std::unique_ptr<OwnerWatches> owners_;
  std::unique_ptr<EventFeed> event_feed_;
  std::unique_ptr<Reflector> events_;
};

// The Event resource of either API.
ApiResource event_resource(bool events_k8s_io);

}  // namespace kspan::daemon
