// kube_api_simulator: the tests' API server as a program, for trying `kspan run` by hand and for
// the benchmark. Makes a test CA, serves, writes a kubeconfig, then plays captures in real time
// (--play FILE, repeatable) or generates Events at a steady rate (--rate N per second).
#include <signal.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <iostream>
#include <thread>

#include "api_simulator.hpp"
#include "capture.hpp"
#include "clock.hpp"
#include "load_generator.hpp"

using namespace kspan::daemon::test;
using kspan::daemon::now_ns;

namespace {

std::atomic<bool> g_stop{false};

void usage() {
  std::cerr << "Usage: kube_api_simulator --dir DIR [--play CAPTURE]... [--rate EVENTS_PER_S] [--seconds N] [--delay S]\n"
               "  Writes DIR/ca.pem, DIR/server.pem, DIR/kubeconfig; prints the server URL; waits S seconds\n"
               "  (default 0: time for a client to start), then plays, or generates for N seconds, and\n"
               "  serves until SIGTERM. --rate generates Deployment rollouts' events and objects; at the\n"
               "  end of the generation it prints 'generated N events' on stderr.\n";
}

bool shell(const std::string& command) { return std::system(command.c_str()) == 0; }

void make_certificates(const std::string& dir) {
  const std::string q = " 2>/dev/null";
  shell("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=kspan-sim-ca -keyout " + dir + "/ca-key.pem -out " + dir + "/ca.pem" + q);
  shell("openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout " + dir + "/server-key.pem -out " + dir + "/server.csr" + q);
  shell("printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > " + dir + "/san.ext");
  shell("openssl x509 -req -in " + dir + "/server.csr -CA " + dir + "/ca.pem -CAkey " + dir + "/ca-key.pem -CAcreateserial -days 1 -extfile " +
        dir + "/san.ext -out " + dir + "/server.pem" + q);
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  std::vector<std::string> plays;
  double rate = 0;
  double seconds = 0;
  double delay = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--dir") dir = value();
    else if (a == "--play") plays.push_back(value());
    else if (a == "--rate") rate = std::stod(value());
    else if (a == "--seconds") seconds = std::stod(value());
    else if (a == "--delay") delay = std::stod(value());
    else {
      usage();
      return a == "--help" || a == "-h" ? 0 : 2;
    }
  }
  if (dir.empty()) {
    usage();
    return 2;
  }
  make_certificates(dir);
  signal(SIGTERM, [](int) { g_stop = true; });
  signal(SIGINT, [](int) { g_stop = true; });
  ApiSimulator sim(SimulatorOptions{dir + "/server.pem", dir + "/server-key.pem"});
  std::ofstream(dir + "/kubeconfig") << "apiVersion: v1\nkind: Config\ncurrent-context: sim\nclusters:\n- name: sim\n  cluster:\n"
                                     << "    server: " << sim.server() << "\n    certificate-authority: " << dir << "/ca.pem\n"
                                     << "users:\n- name: u\n  user:\n    token: test-token\n"
                                     << "contexts:\n- name: sim\n  context:\n    cluster: sim\n    user: u\n";
  std::cout << sim.server() << std::endl;
  std::this_thread::sleep_for(std::chrono::duration<double>(delay));
  const auto end = seconds > 0 ? std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(seconds))
                               : std::chrono::steady_clock::time_point::max();
  for (const auto& play : plays) {
    auto records = read_capture(play);
    const int64_t offset = offset_to(records, now_ns() + 1'000'000'000);
    for (auto& r : records) {
      const int64_t wait = r.time_ns + offset - now_ns();
      if (wait > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
      shift_times(r.object, offset);
      sim.apply(r.object);
    }
  }
  if (rate > 0) {
    LoadGenerator load(sim, rate);
    load.run(g_stop, end);
    std::cerr << "generated " << load.events() << " events\n";
  }
  // Serving goes on after the generation, so a client can take in what is left.
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return 0;
}
