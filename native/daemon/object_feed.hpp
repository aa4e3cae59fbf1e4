// Objects of one kind (metadata only) into records: the kind and apiVersion that a
// PartialObjectMetadata answer replaces put back, the namespace filter applied, owners' kinds
// passed on to be watched, and the time it was observed added. A watched object is read only
// as far as that needs (object_shape); its metadata goes on as the server wrote it.
#pragma once
#include <atomic>
#include <functional>
#include <string>

#include "api_resource.hpp"
#include "metrics.hpp"
#include "record_queue.hpp"
#include "reflector.hpp"
#include "scope.hpp"

namespace kspan::daemon {

// Called with (apiVersion, kind) of every owner an object names.
using KindSeen = std::function<void(const std::string& api_version, const std::string& kind)>;

class ObjectFeed : public ReflectorSink {
 public:
  ObjectFeed(ApiResource resource, RecordQueue& queue, Metrics& metrics, Scope scope, KindSeen owners);
  void on_list(std::vector<nlohmann::json>&& items, bool first) override;
  void on_watch(std::string_view type, nlohmann::json& object, std::string_view line) override;
  const JsonShape* object_shape() const override;

 private:
  // False when the object is outside the scope; else its owners' kinds are passed on.
  bool admit(const nlohmann::json& object);

  ApiResource resource_;
  RecordQueue& queue_;
  Metrics& metrics_;
  Scope scope_;
  KindSeen owners_;
  int64_t cached_ = 0;
};

}  // namespace kspan::daemon
