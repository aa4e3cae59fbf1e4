#include "exec_credential.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "base64.hpp"
#include "clock.hpp"

extern char** environ;

namespace kspan::daemon {
namespace {

using nlohmann::json;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("exec plugin: provideClusterInfo: cannot read the CA file " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// ExecCredential spec.cluster (client.authentication.k8s.io Cluster): empty fields left out.
json cluster_info(const ExecClusterInfo& c) {
  json out{{"server", c.server}};
  if (!c.tls_server_name.empty()) out["tls-server-name"] = c.tls_server_name;
  if (c.insecure_skip_tls_verify) out["insecure-skip-tls-verify"] = true;
  const std::string ca = !c.ca_pem.empty() ? c.ca_pem : c.ca_file.empty() ? std::string() : read_file(c.ca_file);
  if (!ca.empty()) out["certificate-authority-data"] = base64_encode(ca);
  if (!c.config_json.empty()) out["config"] = json::parse(c.config_json);
  return out;
}

}  // namespace

// KUBERNETES_EXEC_INFO: the plugin may not ask questions (no terminal here); the cluster only
// when the kubeconfig says provideClusterInfo.
std::string exec_info(const ExecConfig& exec) {
  json spec{{"interactive", false}};
  if (exec.cluster) spec["cluster"] = cluster_info(*exec.cluster);
  return json{{"apiVersion", exec.api_version}, {"kind", "ExecCredential"}, {"spec", spec}}.dump();
}

namespace {

std::vector<std::string> child_environment(const ExecConfig& exec) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) out.emplace_back(*e);
  auto set = [&out](const std::string& name, const std::string& value) {
    const std::string prefix = name + "=";
    for (auto& entry : out)
      if (entry.rfind(prefix, 0) == 0) {
        entry = prefix + value;
        return;
      }
    out.push_back(prefix + value);
  };
  for (const auto& [name, value] : exec.env) set(name, value);
  set("KUBERNETES_EXEC_INFO", exec_info(exec));
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// After fork only async-signal-safe calls: everything the child needs is built before.
[[noreturn]] void exec_child(const char* command, char* const* argv, char* const* envp, int out_fd) {
  dup2(out_fd, STDOUT_FILENO);
  const int devnull = open("/dev/null", O_RDONLY);
  if (devnull >= 0) dup2(devnull, STDIN_FILENO);
  execvpe(command, argv, envp);
  _exit(127);
}

// Reads until end of file or the deadline; false on timeout.
bool read_all(int fd, std::string& out, std::chrono::steady_clock::time_point deadline) {
  char buf[4096];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    out.append(buf, static_cast<size_t>(n));
  }
}

std::string field(const json& status, const char* key) {
  auto it = status.find(key);
  return it != status.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

ExecCredential parse_exec_credential(const std::string& text, const std::string& expected_api_version) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) throw ConfigError("exec plugin: its output is not JSON");
  const std::string api_version = doc.value("apiVersion", "");
  if (!expected_api_version.empty() && api_version != expected_api_version)
    throw ConfigError("exec plugin: answered apiVersion '" + api_version + "', expected '" + expected_api_version + "'");
  if (doc.value("kind", "") != "ExecCredential") throw ConfigError("exec plugin: its output is not an ExecCredential");
  auto status = doc.find("status");
  if (status == doc.end() || !status->is_object()) throw ConfigError("exec plugin: no status in its output");
  ExecCredential c;
  c.token = field(*status, "token");
  c.client_certificate_pem = field(*status, "clientCertificateData");
  c.client_key_pem = field(*status, "clientKeyData");
  if (c.token.empty() && (c.client_certificate_pem.empty() || c.client_key_pem.empty()))
    throw ConfigError("exec plugin: status has neither a token nor a client certificate and key");
  const std::string expiry = field(*status, "expirationTimestamp");
  if (!expiry.empty()) {
    c.expires_ns = parse_rfc3339(expiry);
    if (!c.expires_ns) throw ConfigError("exec plugin: expirationTimestamp '" + expiry + "' is not an RFC 3339 time");
  }
  return c;
}

ExecCredential run_exec_plugin(const ExecConfig& exec, std::chrono::seconds timeout) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw ConfigError(std::string("exec plugin: pipe: ") + std::strerror(errno));
  std::vector<std::string> argv{exec.command};
  argv.insert(argv.end(), exec.args.begin(), exec.args.end());
  std::vector<std::string> envp = child_environment(exec);
  auto argv_p = pointers(argv);
  auto envp_p = pointers(envp);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    throw ConfigError(std::string("exec plugin: fork: ") + std::strerror(errno));
  }
  if (pid == 0) exec_child(exec.command.c_str(), argv_p.data(), envp_p.data(), fds[1]);
  close(fds[1]);
  std::string out;
  const bool complete = read_all(fds[0], out, std::chrono::steady_clock::now() + timeout);
  close(fds[0]);
  if (!complete) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const std::string what = "exec plugin " + exec.command;
  if (!complete) throw ConfigError(what + ": no answer within " + std::to_string(timeout.count()) + " s");
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    throw ConfigError(what + ": cannot be run" + (exec.install_hint.empty() ? "" : " (" + exec.install_hint + ")"));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw ConfigError(what + ": failed with status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  return parse_exec_credential(out, exec.api_version);
}

}  // namespace kspan::daemon
