// Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection does it:
// take the lease when it is free or its holder stopped renewing (judged by this host's clock
// since the record last changed, so clocks need not agree), renew it every retry period, and
// give up leadership when renewing failed for the renew deadline. Only the leader watches and
// exports; a follower waits, and a leader that loses the lease stops (its pod restarts as a
// follower). Released on shutdown so a follower takes over at once.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "api_client.hpp"
#include "stop_flag.hpp"

namespace kspan::daemon {

struct LeaderElectionOptions {
  std::string namespace_name;  // default: the service account's, else "default"
  std::string name = "kspan";
  std::string identity;        // default: $POD_NAME or the host name, plus a random suffix
  std::chrono::milliseconds lease_duration{15000};
  std::chrono::milliseconds renew_deadline{10000};
  std::chrono::milliseconds retry_period{2000};
};

class LeaderElector {
 public:
  LeaderElector(ApiClient& client, LeaderElectionOptions options);
  ~LeaderElector();

  // Blocks until this process holds the lease (true) or stop is requested (false).
  bool acquire(const StopFlag& stop);
  // Renews on a thread of its own; requests stop with "lost leadership" when renewing fails.
  void keep_renewing(StopFlag& stop);
  // Stops renewing and hands the lease back.
  void release();
  const LeaderElectionOptions& options() const { return options_; }

 private:
  enum class Outcome { kLeading, kHeldByOther, kFailed };
  Outcome try_acquire_or_renew();
  std::string lease_path() const;

  ApiClient& client_;
  LeaderElectionOptions options_;
  std::string observed_record_;  // holder and renewTime last seen
  std::chrono::steady_clock::time_point observed_at_{};
  StopFlag renewing_stop_;
  std::thread renewer_;
  bool leading_ = false;
};

std::string default_identity();

}  // namespace kspan::daemon
