// Finding and reading the cluster configuration: kubeconfig files (merged lists, contexts,
// data and file fields, relative paths), the in-cluster service account, the lookup order.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "base64.hpp"
#include "kubeconfig.hpp"

using namespace kspan::daemon;
namespace fs = std::filesystem;

namespace {

struct Dir {
  fs::path path = fs::temp_directory_path() / ("kspan-kubeconfig-" + std::to_string(std::random_device{}()));
  Dir() { fs::create_directories(path); }
  ~Dir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

Environment env_of(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

const char* kConfig = R"(apiVersion: v1
kind: Config
current-context: one
clusters:
- name: c1
  cluster:
    server: https://one.example:6443/
    certificate-authority: ca.pem
- name: c2
  cluster:
    server: https://two.example
    certificate-authority-data: UEVNIENB
    insecure-skip-tls-verify: true
users:
- name: u1
  user:
    token: secret
- name: u2
  user:
    client-certificate-data: Q0VSVA==
    client-key: keys/key.pem
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./plugin.sh
      args: [get-token, --fast]
      env:
      - name: PLUGIN_MODE
        value: test
contexts:
- name: one
  context: {cluster: c1, user: u1, namespace: team}
- name: two
  context: {cluster: c2, user: u2}
)";

}  // namespace

TEST_CASE("kubeconfig: current context, paths relative to the file", "[daemon][kubeconfig]") {
  Dir d;
  const std::string file = d.write("config", kConfig);
  ClusterConfig c = load_kubeconfig({file}, "");
  CHECK(c.server == "https://one.example:6443");
  CHECK(c.ca_file == (d.path / "ca.pem").string());
  CHECK(c.token == "secret");
  CHECK(c.namespace_name == "team");
  CHECK_FALSE(c.insecure_skip_tls_verify);
  CHECK(c.origin.find("context one") != std::string::npos);
}

TEST_CASE("kubeconfig: --context, data fields, exec plugin", "[daemon][kubeconfig]") {
  Dir d;
  const std::string file = d.write("config", kConfig);
  ClusterConfig c = load_kubeconfig({file}, "two");
  CHECK(c.server == "https://two.example");
  CHECK(c.ca_pem == "PEM CA");
  CHECK(c.insecure_skip_tls_verify);
  CHECK(c.client_certificate_pem == "CERT");
  CHECK(c.client_key_file == (d.path / "keys/key.pem").string());
  REQUIRE(c.exec);
  CHECK(c.exec->command == (d.path / "plugin.sh").string());
  CHECK(c.exec->args == std::vector<std::string>{"get-token", "--fast"});
  CHECK(c.exec->env == std::vector<std::pair<std::string, std::string>>{{"PLUGIN_MODE", "test"}});
  CHECK_THROWS_AS(load_kubeconfig({file}, "three"), ConfigError);
}

TEST_CASE("kubeconfig: a KUBECONFIG list is merged, the first file wins", "[daemon][kubeconfig]") {
  Dir d;
  const std::string a = d.write("a", "current-context: x\nclusters:\n- name: c\n  cluster: {server: https://a}\n"
                                     "contexts:\n- name: x\n  context: {cluster: c, user: u}\n");
  const std::string b = d.write("b", "current-context: y\nclusters:\n- name: c\n  cluster: {server: https://b}\n"
                                     "users:\n- name: u\n  user: {token: from-b}\n");
  ClusterConfig c = load_cluster_config({}, env_of({{"KUBECONFIG", a + ":" + b}}));
  CHECK(c.server == "https://a");
  CHECK(c.token == "from-b");
  // --kubeconfig wins over $KUBECONFIG.
  ConfigRequest request;
  request.kubeconfig = b;
  request.context = "x";
  CHECK_THROWS_AS(load_cluster_config(request, env_of({{"KUBECONFIG", a}})), ConfigError);  // b has no context x
}

TEST_CASE("kubeconfig: ~/.kube/config, then in-cluster", "[daemon][kubeconfig]") {
  Dir home;
  fs::create_directories(home.path / ".kube");
  home.write(".kube/config", kConfig);
  CHECK(load_cluster_config({}, env_of({{"HOME", home.path.string()}})).token == "secret");

  Dir sa;
  sa.write("token", "sa-token\n");
  sa.write("ca.crt", "CA");
  sa.write("namespace", "kspan-system\n");
  ConfigRequest request;
  request.service_account_dir = sa.path.string();
  ClusterConfig c = load_cluster_config(
      request, env_of({{"HOME", "/nonexistent"}, {"KUBERNETES_SERVICE_HOST", "10.0.0.1"}, {"KUBERNETES_SERVICE_PORT", "443"}}));
  CHECK(c.server == "https://10.0.0.1:443");
  CHECK(c.token_file == (sa.path / "token").string());
  CHECK(c.ca_file == (sa.path / "ca.crt").string());
  CHECK(c.namespace_name == "kspan-system");
  CHECK(c.origin == "in-cluster");
  CHECK_THROWS_AS(load_cluster_config(request, env_of({})), ConfigError);
}

TEST_CASE("kubeconfig: provideClusterInfo gives the plugin the cluster and its exec extension", "[daemon][kubeconfig]") {
  Dir d;
  const std::string file = d.write("config", R"(apiVersion: v1
kind: Config
current-context: gke
clusters:
- name: c
  cluster:
    server: https://10.1.2.3
    tls-server-name: api.internal
    certificate-authority: ca.pem
    extensions:
    - name: other
      extension: {ignored: true}
    - name: client.authentication.k8s.io/exec
      extension:
        audience: kspan
        retries: 3
        scopes: [read, "007"]
users:
- name: with-info
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: gke-gcloud-auth-plugin
      provideClusterInfo: true
- name: without
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: plugin}
contexts:
- name: gke
  context: {cluster: c, user: with-info}
- name: plain
  context: {cluster: c, user: without}
)");
  const ClusterConfig c = load_kubeconfig({file}, "");
  CHECK(c.tls_server_name == "api.internal");
  REQUIRE(c.exec);
  REQUIRE(c.exec->cluster);
  CHECK(c.exec->cluster->server == "https://10.1.2.3");
  CHECK(c.exec->cluster->tls_server_name == "api.internal");
  CHECK(c.exec->cluster->ca_file == (d.path / "ca.pem").string());
  CHECK(nlohmann::json::parse(c.exec->cluster->config_json) ==
        nlohmann::json::parse(R"({"audience":"kspan","retries":3,"scopes":["read","007"]})"));
  const ClusterConfig plain = load_kubeconfig({file}, "plain");
  REQUIRE(plain.exec);
  CHECK_FALSE(plain.exec->cluster);
}

TEST_CASE("kubeconfig: a client certificate without its key, or a key alone, is refused", "[daemon][kubeconfig]") {
  Dir d;
  auto config = [](const std::string& user) {
    return "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: k\n  cluster: {server: https://k.example}\n"
           "users:\n- name: u\n  user: {" + user + "}\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\n";
  };
  auto error = [&](const std::string& user) {
    try {
      load_kubeconfig({d.write("config", config(user))}, "");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(error("client-certificate: cert.pem") ==
        "kubeconfig " + (d.path / "config").string() + ", context c: the user has a client certificate but no client-key or client-key-data");
  CHECK(error("client-key-data: S0VZ") ==
        "kubeconfig " + (d.path / "config").string() + ", context c: the user has a client key but no client-certificate or client-certificate-data");
  CHECK(error("client-certificate-data: Q0VSVA==, client-key: key.pem") == "accepted");
}

TEST_CASE("base64", "[daemon][kubeconfig]") {
  CHECK(base64_decode("aGVsbG8=") == "hello");
  CHECK(base64_decode("aGVs\nbG8") == "hello");
  CHECK_FALSE(base64_decode("a*b"));
  CHECK(base64_encode("user:pass") == "dXNlcjpwYXNz");
}
