// The simulator's watch streams: chunked JSON lines from a resourceVersion on, bookmarks,
// ERROR 410 when the history is gone, a clean end at timeoutSeconds or when told to close.
#include <httplib.h>

#include <algorithm>

#include "api_simulator.hpp"

namespace kspan::daemon::test {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct ApiSimulator::WatchState {
  const SimResource* resource = nullptr;
  std::string store, namespace_name;
  bool metadata = false, bookmarks = false;
  int64_t from = 0;
  Clock::time_point deadline, last_bookmark;
  uint64_t close_generation = 0, compact_generation = 0;
  std::vector<std::string> initial;  // synthetic ADDED lines for a watch without a resourceVersion
};

namespace {

std::string line(const std::string& type, const json& object) {
  return json{{"type", type}, {"object", object}}.dump() + "\n";
}

}  // namespace

bool ApiSimulator::next_lines(WatchState& st, std::vector<std::string>& lines, bool& end) {
  std::unique_lock lock(mutex_);
  if (!st.initial.empty()) {
    lines.swap(st.initial);
    return true;
  }
  const auto has_news = [&] {
    return !serving_ || st.close_generation != close_generation_ || st.compact_generation != compact_generation_ ||
           (!history_.empty() && history_.back().rv > st.from);
  };
  const auto now = Clock::now();
  const auto next_bookmark = st.bookmarks ? st.last_bookmark + options_.bookmark_interval : Clock::time_point::max();
  changed_.wait_until(lock, std::min({st.deadline, next_bookmark, now + std::chrono::milliseconds(200)}), has_news);
  if (!serving_) return false;
  if (st.close_generation != close_generation_ || Clock::now() >= st.deadline) {
    end = true;
    return true;
  }
  if (st.compact_generation != compact_generation_ || st.from + 1 < compacted_rv_) {
    lines.push_back(line("ERROR", status_object(410, "Expired", "too old resource version")));
    end = true;
    return true;
  }
  auto it = std::upper_bound(history_.begin(), history_.end(), st.from, [](int64_t rv, const Change& c) { return rv < c.rv; });
  for (; it != history_.end(); ++it) {
    if (it->resource != st.store) continue;
    if (!st.namespace_name.empty() && it->object["metadata"].value("namespace", "") != st.namespace_name) continue;
    lines.push_back(line(it->type, present(*st.resource, it->object, st.metadata)));
  }
  st.from = rv_;
  if (st.bookmarks && Clock::now() >= next_bookmark) {
    const std::string gv = st.resource->group.empty() ? "v1" : st.resource->group + "/" + st.resource->version;
    lines.push_back(line("BOOKMARK", {{"kind", st.metadata ? "PartialObjectMetadata" : st.resource->kind},
                                      {"apiVersion", st.metadata ? "meta.k8s.io/v1" : gv},
                                      {"metadata", {{"resourceVersion", std::to_string(st.from)}}}}));
    st.last_bookmark = Clock::now();
  }
  return true;
}

void ApiSimulator::serve_watch(const Route& route, const httplib::Request& req, httplib::Response& res) {
  auto st = std::make_shared<WatchState>();
  st->resource = route.resource;
  st->store = route.resource->group == "events.k8s.io" ? "/events" : route.resource->key();
  st->namespace_name = route.namespace_name;
  st->metadata = req.get_header_value("Accept").find("as=PartialObjectMetadata") != std::string::npos;
  st->bookmarks = req.get_param_value("allowWatchBookmarks") == "true";
  const long timeout = req.has_param("timeoutSeconds") ? std::stol(req.get_param_value("timeoutSeconds")) : 1800;
  st->deadline = Clock::now() + std::chrono::seconds(timeout);
  st->last_bookmark = Clock::now();
  const std::string rv = req.get_param_value("resourceVersion");
  {
    std::lock_guard lock(mutex_);
    st->close_generation = close_generation_;
    st->compact_generation = compact_generation_;
    if (rv.empty() || rv == "0") {
      for (const auto& [key, stored] : store_[st->store])
        if (st->namespace_name.empty() || stored.object["metadata"].value("namespace", "") == st->namespace_name)
          st->initial.push_back(line("ADDED", present(*st->resource, stored.object, st->metadata)));
      st->from = rv_;
    } else {
      st->from = std::stoll(rv);
    }
    ++open_watches_;
  }
  res.set_chunked_content_provider(
      "application/json",
      [this, st](size_t, httplib::DataSink& sink) {
        std::vector<std::string> lines;
        bool end = false;
        if (!next_lines(*st, lines, end)) return false;
        for (const auto& l : lines)
          if (!sink.write(l.data(), l.size())) return false;
        if (end) sink.done();
        return true;
      },
      [this](bool) {
        std::lock_guard lock(mutex_);
        --open_watches_;
      });
}

}  // namespace kspan::daemon::test
