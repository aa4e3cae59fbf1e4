// The daemon's HTTP endpoints on --metrics-addr: /metrics (Prometheus text), /healthz (the
// engine thread is alive), /readyz (the initial lists are done, and leading when electing).
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace kspan::daemon {

struct StatusHandlers {
  std::function<std::string()> metrics;
  std::function<bool()> healthy;
  std::function<bool()> ready;
};

class StatusServer {
 public:
  explicit StatusServer(StatusHandlers handlers);
  ~StatusServer();
  // HOST:PORT (port 0: any free port). Throws std::runtime_error when it cannot listen.
  void start(const std::string& address);
  int port() const { return port_; }
  void stop();

 private:
  StatusHandlers handlers_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// "host:port", "[::1]:port" or ":port" into host and port; false when malformed.
bool split_address(const std::string& address, std::string& host, int& port);

}  // namespace kspan::daemon
