// List, then watch, one resource, on a thread of its own, for as long as the daemon runs:
// paginated lists (limit/continue), a watch from the list's resourceVersion with bookmarks,
// reconnects from the last resourceVersion seen after a close or an error (exponential backoff
// with jitter), a fresh list after 410 Gone, and a refused kind (403, 404) retried rarely.
#pragma once
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "api_client.hpp"
#include "api_resource.hpp"
#include "metrics.hpp"
#include "pruned_json.hpp"
#include "stop_flag.hpp"

namespace kspan::daemon {

// Called on the reflector's thread.
class ReflectorSink {
 public:
  virtual ~ReflectorSink() = default;
  // Every item of a complete list (all pages). first: the list at start, else a relist.
  virtual void on_list(std::vector<nlohmann::json>&& items, bool first) = 0;
  // ADDED, MODIFIED or DELETED: the object parsed, and the line as the server sent it.
  virtual void on_watch(std::string_view type, nlohmann::json& object, std::string_view line) = 0;
  // The kind was refused (403, 404); called before the first list when that is refused too.
  virtual void on_refused(long status) { (void)status; }
  // The members of a watched object that on_watch reads (see pruned_json.hpp); nullptr: all.
  // A sink that reads a few fields and passes the line on saves building the whole object.
  virtual const JsonShape* object_shape() const { return nullptr; }
};

struct ReflectorOptions {
  ApiResource resource;
  std::string namespace_name;  // empty: all namespaces
  bool metadata_only = false;
  size_t page_size = 500;
  std::chrono::milliseconds backoff_initial{500};
  std::chrono::milliseconds backoff_max{30000};
  std::chrono::milliseconds refused_retry{300000};
  std::chrono::seconds watch_timeout{300};  // asked of the server, randomised up to twice that
};

class Reflector {
 public:
  Reflector(ApiClient& client, ReflectorOptions options, ReflectorSink& sink, Metrics& metrics);
  ~Reflector();  // stops and joins
  Reflector(const Reflector&) = delete;
  Reflector& operator=(const Reflector&) = delete;

  void start();
  void stop();  // asks the thread to end (within about a second); join() waits
  void join();
  // The first list is done, or the kind was refused: nothing to wait for at start.
  bool settled() const { return settled_.load(); }
  const ReflectorOptions& options() const { return options_; }

 private:
  enum class End { kClosed, kExpired, kFailed, kRefused, kStopped };
  void run();
  End list(bool first);
  End watch();
  End classify(const ApiResponse& response, const std::string& what);
  End on_line(std::string_view line);
  nlohmann::json parse_line(std::string_view line) const;
  void refused(long status);
  std::string watch_path() const;

  ApiClient& client_;
  ReflectorOptions options_;
  ReflectorSink& sink_;
  Metrics& metrics_;
  StopFlag stop_;
  std::thread thread_;
  std::atomic<bool> settled_{false};
  std::string resource_version_;
  bool refusal_logged_ = false;
  End line_end_ = End::kClosed;  // set by on_line when an ERROR event ends the watch
  size_t lines_in_watch_ = 0;
  std::optional<JsonShape> line_shape_;  // what on_line reads of a watch line; none: all of it
};

}  // namespace kspan::daemon
