#include "watch_set.hpp"

namespace kspan::daemon {

ApiResource event_resource(bool events_k8s_io) {
  return ApiResource{events_k8s_io ? "events.k8s.io" : "", "v1", "Event", "events", true, {"list", "watch"}};
}

WatchSet::WatchSet(ApiClient& client, RecordQueue& queue, Metrics& metrics, WatchSetOptions options)
    : client_(client), queue_(queue), metrics_(metrics), options_(std::move(options)), discovery_(client) {}

WatchSet::~WatchSet() { stop(); }

void WatchSet::start() {
  owners_ = std::make_unique<OwnerWatches>(client_, discovery_, queue_, metrics_, options_.events.scope, options_.reflector);
  owners_->start();
  for (const auto& [api_version, kind] : options_.initial_kinds) owners_->ensure(api_version, kind);
  EventFeedOptions feed = options_.events;
  feed.api_version = event_resource(options_.events_k8s_io).group_version();
  event_feed_ = std::make_unique<EventFeed>(queue_, metrics_, *owners_, feed);
  ReflectorOptions reflector = options_.reflector;
  reflector.resource = event_resource(options_.events_k8s_io);
  reflector.namespace_name = options_.events.scope.only;
  reflector.metadata_only = false;
  events_ = std::make_unique<Reflector>(client_, reflector, *event_feed_, metrics_);
  events_->start();
}

void WatchSet::stop() {
  queue_.close();
  if (events_) events_->stop();
  if (owners_) owners_->stop();
  if (events_) events_->join();
}

}  // namespace kspan::daemon
