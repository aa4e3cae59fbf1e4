#include "harness.hpp"

#include <signal.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "clock.hpp"

namespace kspan::daemon::test {

std::string fixture_path(const std::string& relative) { return std::string(KSPAN_FIXTURES) + "/" + relative; }

std::string expected_tree(const std::string& capture) {
  std::string path = fixture_path(capture);
  path.replace(path.find(".capture.yaml"), 13, ".expected.tree");
  std::ifstream in(path);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

Harness::Harness()
    : simulator(std::make_unique<ApiSimulator>(SimulatorOptions{certificates.server_certificate, certificates.server_key})),
      receiver_ptr(std::make_unique<TestReceiver>()),
      receiver(*receiver_ptr) {
  kubeconfig = write_kubeconfig(dir.path(), simulator->server(), certificates.ca, "test-token");
}

Harness::~Harness() {
  if (daemon) {
    daemon->signal(SIGKILL);
    daemon->wait(std::chrono::seconds(5));
  }
}

void Harness::start_daemon(const std::vector<std::string>& extra, const std::map<std::string, std::string>& env) {
  metrics_port = free_port();
  std::vector<std::string> args{"run",           "--kubeconfig",   kubeconfig,
                                "--metrics-addr", "127.0.0.1:" + std::to_string(metrics_port),
                                "--endpoint",     receiver.http_endpoint(),
                                "--batch-delay",  "100ms",         "--log-level", "debug"};
  args.insert(args.end(), extra.begin(), extra.end());
  daemon = std::make_unique<KspanProcess>(args, env, dir.path() / ("daemon-" + std::to_string(metrics_port) + ".log"));
}

bool Harness::wait_ready(std::chrono::milliseconds timeout) {
  return wait_until([this] { return http_get(metrics_port, "/readyz").first == 200; }, timeout);
}

std::string Harness::metrics() { return http_get(metrics_port, "/metrics").second; }

std::optional<int> Harness::stop_daemon() {
  daemon->signal(SIGTERM);
  return daemon->wait(std::chrono::seconds(10));
}

void Harness::play(const std::string& fixture, std::chrono::milliseconds lead) {
  auto records = read_capture(fixture_path(fixture));
  const int64_t offset = offset_to(records, now_ns() + lead.count() * 1'000'000);
  for (auto& r : records) {
    const int64_t at = r.time_ns + offset;
    const int64_t wait = at - now_ns();
    if (wait > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
    shift_times(r.object, offset);
    simulator->apply(r.object);
  }
}

}  // namespace kspan::daemon::test
