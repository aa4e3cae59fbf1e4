#include "stop_flag.hpp"

namespace kspan::daemon {

void StopFlag::request(const std::string& reason) {
  {
    std::lock_guard lock(mutex_);
    if (flag_.load()) return;
    reason_ = reason;
    flag_ = true;
  }
  changed_.notify_all();
}

std::string StopFlag::reason() const {
  std::lock_guard lock(mutex_);
  return reason_;
}

bool StopFlag::wait_for(std::chrono::nanoseconds duration) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, duration, [this] { return flag_.load(); });
}

}  // namespace kspan::daemon
