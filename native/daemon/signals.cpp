#include "signals.hpp"

#include <signal.h>

#include <ctime>

#include "log.hpp"

namespace kspan::daemon {

SignalWatcher::SignalWatcher(StopFlag& stop) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
  thread_ = std::thread([this, set, &stop] {
    const timespec wait{0, 200'000'000};
    while (!done_.load()) {
      const int sig = sigtimedwait(&set, nullptr, &wait);
      if (sig == SIGTERM || sig == SIGINT) {
        log_info("signal received; finishing", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
        stop.request(sig == SIGTERM ? "SIGTERM" : "SIGINT");
      }
    }
  });
}

SignalWatcher::~SignalWatcher() {
  done_ = true;
  if (thread_.joinable()) thread_.join();
}

}  // namespace kspan::daemon
