#include "owner_watches.hpp"

#include "log.hpp"
#include "object_feed.hpp"

namespace kspan::daemon {

OwnerWatches::OwnerWatches(ApiClient& client, Discovery& discovery, RecordQueue& queue, Metrics& metrics, Scope scope,
                           ReflectorOptions defaults)
    : client_(client), discovery_(discovery), queue_(queue), metrics_(metrics), scope_(std::move(scope)),
      defaults_(std::move(defaults)) {}

OwnerWatches::~OwnerWatches() { stop(); }

void OwnerWatches::start() { thread_ = std::thread([this] { run(); }); }

void OwnerWatches::ensure(const std::string& api_version, const std::string& kind) {
  if (kind.empty() || kind == "Event") return;
  const std::string group = group_of(api_version, kind);
  const std::string key = group + "/" + kind;
  {
    std::lock_guard lock(mutex_);
    if (known_.count(key)) {
      auto unknown = unknown_.find(key);
      if (unknown == unknown_.end() || std::chrono::steady_clock::now() < unknown->second) return;
      unknown_.erase(unknown);
    }
    known_.insert(key);
    requests_.emplace_back(group, kind);
  }
  changed_.notify_all();
}

bool OwnerWatches::settled_locked() const {
  if (!requests_.empty() || resolving_) return false;
  for (const auto& r : reflectors_)
    if (!r->settled()) return false;
  return true;
}

bool OwnerWatches::wait_settled(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  while (!settled_locked()) {
    if (stopping_) return false;
    // Reflectors settle on their own threads: look again every 50 ms.
    if (changed_.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(50))) ==
            std::cv_status::timeout &&
        std::chrono::steady_clock::now() >= deadline)
      return settled_locked();
  }
  return true;
}

void OwnerWatches::resolve(const std::string& group, const std::string& kind) {
  std::optional<ApiResource> resource;
  try {
    resource = discovery_.find(group, kind);
  } catch (const DiscoveryError& e) {
    log_warn("discovery failed; the kind is asked for again later", {{"kind", kind}, {"group", group}, {"error", e.what()}});
  }
  std::lock_guard lock(mutex_);
  const std::string key = group + "/" + kind;
  if (!resource || !resource->can("watch")) {
    if (resource) log_info("kind cannot be watched", {{"kind", resource->label()}});
    else log_info("kind not served by the API server; asked again later", {{"kind", kind}, {"group", group}});
    unknown_[key] = std::chrono::steady_clock::now() + defaults_.refused_retry;
    return;
  }
  if (stopping_) return;
  ReflectorOptions options = defaults_;
  options.resource = *resource;
  options.namespace_name = resource->namespaced ? scope_.only : "";
  options.metadata_only = true;
  auto feed = std::make_unique<ObjectFeed>(*resource, queue_, metrics_, scope_,
                                           [this](const std::string& v, const std::string& k) { ensure(v, k); });
  auto reflector = std::make_unique<Reflector>(client_, options, *feed, metrics_);
  reflector->start();
  log_info("watching the metadata of a kind", {{"kind", resource->label()}, {"namespace", options.namespace_name}});
  feeds_.push_back(std::move(feed));
  reflectors_.push_back(std::move(reflector));
}

void OwnerWatches::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    changed_.wait(lock, [this] { return stopping_ || !requests_.empty(); });
    if (stopping_) break;
    auto [group, kind] = requests_.front();
    requests_.pop_front();
    resolving_ = true;
    lock.unlock();
    resolve(group, kind);
    lock.lock();
    resolving_ = false;
    changed_.notify_all();
  }
}

void OwnerWatches::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    for (auto& r : reflectors_) r->stop();
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (auto& r : reflectors_) r->join();
}

size_t OwnerWatches::watched() const {
  std::lock_guard lock(mutex_);
  return reflectors_.size();
}

}  // namespace kspan::daemon
