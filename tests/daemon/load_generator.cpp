#include "load_generator.hpp"

#include <thread>

#include "clock.hpp"

namespace kspan::daemon::test {

using nlohmann::json;

namespace {

json owner(const std::string& api_version, const std::string& kind, const std::string& name, const std::string& uid) {
  return json{{"apiVersion", api_version}, {"kind", kind}, {"name", name}, {"uid", uid}, {"controller", true}};
}

json object(const std::string& api_version, const std::string& kind, const std::string& name, const std::string& uid,
            const json& owners) {
  json o{{"apiVersion", api_version}, {"kind", kind},
         {"metadata", {{"name", name}, {"namespace", "load"}, {"uid", uid}, {"creationTimestamp", rfc3339_seconds(now_ns())}}}};
  if (!owners.empty()) o["metadata"]["ownerReferences"] = owners;
  return o;
}

}  // namespace

LoadGenerator::LoadGenerator(ApiSimulator& simulator, double events_per_second, int pods_per_rollout)
    : simulator_(simulator), rate_(events_per_second), pods_(pods_per_rollout) {}

void LoadGenerator::event(const std::string& kind, const std::string& api_version, const std::string& name,
                          const std::string& reason, const std::string& message, const std::string& component) {
  const std::string uid = "ev-" + std::to_string(rollouts_) + "-" + std::to_string(events_);
  // eventTime (MicroTime) as the events.k8s.io recorders write it, with no first/lastTimestamp:
  // the event's own moment to the microsecond, so the benchmark can measure event-to-export time.
  const std::string time = rfc3339_ns(now_ns() / 1000 * 1000);
  simulator_.apply(json{{"apiVersion", "v1"},
                        {"kind", "Event"},
                        {"metadata", {{"name", name + "." + uid}, {"namespace", "load"}, {"uid", uid}}},
                        {"involvedObject", {{"apiVersion", api_version}, {"kind", kind}, {"name", name}, {"namespace", "load"}}},
                        {"reason", reason},
                        {"message", message},
                        {"type", "Normal"},
                        {"source", {{"component", component}}},
                        {"eventTime", time},
                        {"firstTimestamp", nullptr},
                        {"lastTimestamp", nullptr},
                        {"count", 1}});
  ++events_;
  // Keep to the rate: the n-th event is due n/rate seconds after the start.
  const auto due = start_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                std::chrono::duration<double>(static_cast<double>(events_) / rate_));
  std::this_thread::sleep_until(due);
}

void LoadGenerator::rollout() {
  const std::string n = std::to_string(rollouts_++);
  const std::string deploy = "app-" + n, rs = deploy + "-5d567cc74c";
  simulator_.apply(object("apps/v1", "Deployment", deploy, "d-" + n, json::array()));
  simulator_.apply(object("apps/v1", "ReplicaSet", rs, "rs-" + n, json::array({owner("apps/v1", "Deployment", deploy, "d-" + n)})));
  event("Deployment", "apps/v1", deploy, "ScalingReplicaSet", "Scaled up replica set " + rs + " to " + std::to_string(pods_),
        "deployment-controller");
  for (int p = 0; p < pods_; ++p) {
    const std::string pod = rs + "-p" + std::to_string(p) + "x2z";
    simulator_.apply(object("v1", "Pod", pod, "p-" + n + "-" + std::to_string(p),
                            json::array({owner("apps/v1", "ReplicaSet", rs, "rs-" + n)})));
    event("ReplicaSet", "apps/v1", rs, "SuccessfulCreate", "Created pod: " + pod, "replicaset-controller");
    event("Pod", "v1", pod, "Scheduled", "Successfully assigned load/" + pod + " to node-1", "default-scheduler");
    event("Pod", "v1", pod, "Pulled", "Container image \"app:1\" already present on machine", "kubelet");
    event("Pod", "v1", pod, "Created", "Created container app", "kubelet");
    event("Pod", "v1", pod, "Started", "Started container app", "kubelet");
  }
}

void LoadGenerator::run(const std::atomic<bool>& stop, std::chrono::steady_clock::time_point end) {
  start_ = std::chrono::steady_clock::now();
  while (!stop && std::chrono::steady_clock::now() < end) rollout();
}

}  // namespace kspan::daemon::test
