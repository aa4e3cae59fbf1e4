// One end-to-end setup: the API simulator (HTTPS, test CA, token), an OTLP receiver, a
// kubeconfig, and `kspan run` in the background between them.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "api_simulator.hpp"
#include "capture.hpp"
#include "daemon_support.hpp"

namespace kspan::daemon::test {

class Harness {
 public:
  Harness();
  ~Harness();

  // `kspan run` with the simulator's kubeconfig, the receiver as endpoint, metrics on a free
  // port and a short batch delay; extra flags after those.
  void start_daemon(const std::vector<std::string>& extra = {}, const std::map<std::string, std::string>& env = {});
  bool wait_ready(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  std::string metrics();
  // SIGTERM; the exit status (nothing when it did not exit within 10 s).
  std::optional<int> stop_daemon();

  // Plays a capture into the simulator in real time, its first record about lead from now.
  void play(const std::string& fixture, std::chrono::milliseconds lead = std::chrono::milliseconds(1500));
  std::string tree() const { return received_tree(receiver.received()); }

  TestCertificates certificates;
  TempDir dir;
  std::unique_ptr<ApiSimulator> simulator;
  std::unique_ptr<TestReceiver> receiver_ptr;
  TestReceiver& receiver;
  std::string kubeconfig;
  int metrics_port = 0;
  std::unique_ptr<KspanProcess> daemon;
};

// The fixture's expected tree, as written in tests/fixtures.
std::string expected_tree(const std::string& capture);
std::string fixture_path(const std::string& relative);

}  // namespace kspan::daemon::test
