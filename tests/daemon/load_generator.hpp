// Steady synthetic load for the benchmark: Deployment rollouts (Deployment, ReplicaSet, Pods and
// their events: ScalingReplicaSet, SuccessfulCreate, Scheduled, Pulling, Pulled, Created,
// Started) applied to the simulator at a given rate of events per second. SYNTHETIC.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>

#include "api_simulator.hpp"

namespace kspan::daemon::test {

class LoadGenerator {
 public:
  LoadGenerator(ApiSimulator& simulator, double events_per_second, int pods_per_rollout = 3);
  // Until stop or end.
  void run(const std::atomic<bool>& stop, std::chrono::steady_clock::time_point end);
  uint64_t events() const { return events_; }

 private:
  void rollout();
  void event(const std::string& kind, const std::string& api_version, const std::string& name, const std::string& reason,
             const std::string& message, const std::string& component);

  ApiSimulator& simulator_;
  double rate_;
  int pods_;
  uint64_t events_ = 0;
  uint64_t rollouts_ = 0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace kspan::daemon::test
