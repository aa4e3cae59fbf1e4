#include "daemon_support.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "kspan/span.hpp"
#include "kspan/tree_writer.hpp"

extern char** environ;

namespace kspan::daemon::test {
namespace {

namespace proto = opentelemetry::proto;

std::vector<std::string> child_environment(const std::map<std::string, std::string>& env) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (entry.rfind("OTEL_", 0) == 0 || entry.rfind("KUBECONFIG=", 0) == 0) continue;
    out.push_back(entry);
  }
  for (const auto& [key, value] : env) out.push_back(key + "=" + value);
  out.push_back("LSAN_OPTIONS=suppressions=" KSPAN_LSAN_SUPPRESSIONS);
  return out;
}

kspan::AttributeValue value_of(const proto::common::v1::AnyValue& v) {
  if (v.has_int_value()) return static_cast<int64_t>(v.int_value());
  if (v.has_bool_value()) return v.bool_value();
  return v.string_value();
}

std::vector<kspan::Attribute> attributes_of(const google::protobuf::RepeatedPtrField<proto::common::v1::KeyValue>& list) {
  std::vector<kspan::Attribute> out;
  for (const auto& kv : list) out.push_back({kv.key(), value_of(kv.value())});
  return out;
}

template <size_t N>
std::array<uint8_t, N> bytes_of(const std::string& s) {
  std::array<uint8_t, N> out{};
  std::memcpy(out.data(), s.data(), std::min(N, s.size()));
  return out;
}

}  // namespace

KspanProcess::KspanProcess(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                           const std::filesystem::path& log)
    : log_(log) {
  std::vector<std::string> argv{KSPAN_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> envp = child_environment(env);
  std::vector<char*> argv_p, envp_p;
  for (auto& a : argv) argv_p.push_back(a.data());
  argv_p.push_back(nullptr);
  for (auto& e : envp) envp_p.push_back(e.data());
  envp_p.push_back(nullptr);
  const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    execve(argv_p[0], argv_p.data(), envp_p.data());
    _exit(127);
  }
  close(fd);
}

KspanProcess::~KspanProcess() {
  if (!status_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void KspanProcess::signal(int sig) {
  if (!status_) kill(pid_, sig);
}

std::optional<int> KspanProcess::wait(std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (!status_) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (std::chrono::steady_clock::now() >= end) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return status_;
}

std::string KspanProcess::log() const {
  std::ifstream in(log_);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string write_kubeconfig(const std::filesystem::path& dir, const std::string& server, const std::string& ca_file,
                             const std::string& token, const std::string& token_file) {
  return write_kubeconfig_with_user(dir, server, ca_file, {token_file.empty() ? "token: " + token : "tokenFile: " + token_file});
}

std::string write_kubeconfig_with_user(const std::filesystem::path& dir, const std::string& server, const std::string& ca_file,
                                      const std::vector<std::string>& user_fields) {
  const auto path = dir / "kubeconfig";
  std::ofstream out(path);
  out << "apiVersion: v1\nkind: Config\ncurrent-context: sim\n"
      << "clusters:\n- name: sim\n  cluster:\n    server: " << server << "\n    certificate-authority: " << ca_file << "\n"
      << "users:\n- name: tester\n  user:\n";
  for (const auto& field : user_fields) out << "    " << field << "\n";
  out << "contexts:\n- name: sim\n  context:\n    cluster: sim\n    user: tester\n    namespace: kspan-system\n";
  return path.string();
}

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

std::pair<int, std::string> http_get(int port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::seconds(2));
  auto res = client.Get(path.c_str());
  if (!res) return {0, ""};
  return {res->status, res->body};
}

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

std::string received_tree(const std::vector<exporter::test::Received>& received) {
  kspan::TreeWriter writer;
  for (const auto& r : received)
    for (const auto& rs : r.request.resource_spans()) {
      kspan::Resource resource{attributes_of(rs.resource().attributes())};
      for (const auto& ss : rs.scope_spans())
        for (const auto& s : ss.spans()) {
          kspan::Span span;
          span.trace_id = bytes_of<16>(s.trace_id());
          span.span_id = bytes_of<8>(s.span_id());
          span.has_parent = !s.parent_span_id().empty();
          span.parent_span_id = bytes_of<8>(s.parent_span_id());
          span.name = s.name();
          span.start_ns = static_cast<int64_t>(s.start_time_unix_nano());
          span.end_ns = static_cast<int64_t>(s.end_time_unix_nano());
          span.attributes = attributes_of(s.attributes());
          writer.on_span(span, resource);
        }
    }
  return writer.to_text();
}

double metric_value(const std::string& exposition, const std::string& name,
                    const std::map<std::string, std::string>& labels) {
  std::istringstream in(exposition);
  std::string line;
  double total = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    const std::string series = line.substr(0, space);
    if (series != name && series.rfind(name + "{", 0) != 0) continue;
    bool all = true;
    for (const auto& [key, value] : labels)
      all = all && series.find(key + "=\"" + value + "\"") != std::string::npos;
    if (all) total += std::stod(line.substr(space + 1));
  }
  return total;
}

}  // namespace kspan::daemon::test
