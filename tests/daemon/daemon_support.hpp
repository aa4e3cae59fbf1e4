// Running `kspan run` / `kspan record` against the simulator and reading what arrived: a
// process with its own environment and log, a kubeconfig for the simulator, the exported
// spans as the spec's text tree.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "replay_support.hpp"
#include "test_receiver.hpp"

namespace kspan::daemon::test {

using exporter::test::TempDir;
using exporter::test::TestCertificates;
using exporter::test::TestReceiver;

// The kspan binary in the background; stdout and stderr go to a log file.
class KspanProcess {
 public:
  KspanProcess(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
               const std::filesystem::path& log);
  ~KspanProcess();  // SIGKILL when still running
  void signal(int sig);
  // The exit status, or nothing when it did not exit within timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  std::string log() const;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path log_;
};

// A kubeconfig for the simulator: its CA, and the token (or a tokenFile when token_file is set).
std::string write_kubeconfig(const std::filesystem::path& dir, const std::string& server, const std::string& ca_file,
                             const std::string& token, const std::string& token_file = "");

// The same with the user's fields given as YAML lines (e.g. "client-certificate: /path").
std::string write_kubeconfig_with_user(const std::filesystem::path& dir, const std::string& server, const std::string& ca_file,
                                      const std::vector<std::string>& user_fields);

// Polls until done() or the timeout; true when done.
bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout);

// GET http://127.0.0.1:port/path: (status, body); status 0 when nothing answered.
std::pair<int, std::string> http_get(int port, const std::string& path);

// A free TCP port on loopback (bound and released).
int free_port();

// The spans that arrived as the spec's text tree (same writer as `kspan convert --format tree`).
std::string received_tree(const std::vector<exporter::test::Received>& received);

// The sum of a metric's series that carry every label given; 0 when none.
double metric_value(const std::string& exposition, const std::string& name,
                    const std::map<std::string, std::string>& labels = {});

}  // namespace kspan::daemon::test
