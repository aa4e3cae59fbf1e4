// Metadata-only watches of the kinds that events name (involvedObject, regarding, related) and
// that objects name as owners, each started on demand the first time the kind is named, after
// API discovery says which resource serves it. Discovery runs on a thread of its own, so
// ensure() is cheap on the watch threads that call it.
#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "api_client.hpp"
#include "discovery.hpp"
#include "metrics.hpp"
#include "record_queue.hpp"
#include "reflector.hpp"
#include "scope.hpp"

namespace kspan::daemon {

class ObjectFeed;

class OwnerWatches {
 public:
  // defaults: backoff and paging for every reflector started here.
  OwnerWatches(ApiClient& client, Discovery& discovery, RecordQueue& queue, Metrics& metrics, Scope scope,
               ReflectorOptions defaults);
  ~OwnerWatches();

  void start();
  // Any thread. A kind already followed (or refused, or unknown until a while passed) is a no-op.
  void ensure(const std::string& api_version, const std::string& kind);
  // Every kind asked for so far has been listed, refused or found unknown; false at the deadline.
  bool wait_settled(std::chrono::steady_clock::time_point deadline);
  void stop();
  size_t watched() const;

 private:
  void run();
  void resolve(const std::string& group, const std::string& kind);
  bool settled_locked() const;

  ApiClient& client_;
  Discovery& discovery_;
  RecordQueue& queue_;
  Metrics& metrics_;
  Scope scope_;
  ReflectorOptions defaults_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::set<std::string> known_;  // group/kind asked for
  std::map<std::string, std::chrono::steady_clock::time_point> unknown_;  // not served: ask again after
  std::deque<std::pair<std::string, std::string>> requests_;  // (group, kind)
  bool resolving_ = false;
  bool stopping_ = false;
  std::vector<std::unique_ptr<ObjectFeed>> feeds_;
  std::vector<std::unique_ptr<Reflector>> reflectors_;
  std::thread thread_;
};

}  // namespace kspan::daemon
