#include "kubeconfig.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base64.hpp"
#include "yaml_to_json.hpp"

namespace kspan::daemon {
namespace {

namespace fs = std::filesystem;

// One named entry (cluster, user or context) and the folder of the file it came from.
struct Entry {
  YAML::Node node;
  fs::path folder;
};

struct Merged {
  std::map<std::string, Entry> clusters, users, contexts;
  std::string current_context;
  std::string files;  // for messages
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string scalar(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() ? value.as<std::string>() : std::string();
}

bool flag(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() && value.as<std::string>() == "true";
}

// A path in a kubeconfig is relative to the file's folder.
std::string resolve(const std::string& path, const fs::path& folder) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (folder / path).lexically_normal().string();
}

std::string decoded(const YAML::Node& node, const char* key, const std::string& where) {
  const std::string text = scalar(node, key);
  if (text.empty()) return text;
  auto bytes = base64_decode(text);
  if (!bytes) throw ConfigError(where + ": " + key + " is not base64");
  return *bytes;
}

void merge_named(const YAML::Node& list, const char* inner, const fs::path& folder, std::map<std::string, Entry>& into) {
  if (!list || !list.IsSequence()) return;
  for (const auto& item : list) {
    const std::string name = scalar(item, "name");
    if (name.empty() || into.count(name)) continue;  // the first file wins
    into.emplace(name, Entry{item[inner] ? item[inner] : YAML::Node(YAML::NodeType::Map), folder});
  }
}

void merge_file(const std::string& file, Merged& merged) {
  YAML::Node root;
  try {
    root = YAML::Load(read_text(file));
  } catch (const YAML::Exception& e) {
    throw ConfigError(file + ": not YAML: " + e.what());
  }
  if (!root.IsMap()) throw ConfigError(file + ": not a kubeconfig (no mapping at the top)");
  const fs::path folder = fs::absolute(file).parent_path();
  merge_named(root["clusters"], "cluster", folder, merged.clusters);
  merge_named(root["users"], "user", folder, merged.users);
  merge_named(root["contexts"], "context", folder, merged.contexts);
  if (merged.current_context.empty()) merged.current_context = scalar(root, "current-context");
  merged.files += (merged.files.empty() ? "" : ":") + file;
}

void read_cluster(const Entry& e, const std::string& where, ClusterConfig& c) {
  c.server = scalar(e.node, "server");
  if (c.server.empty()) throw ConfigError(where + ": the cluster has no server");
  while (c.server.size() > 1 && c.server.back() == '/') c.server.pop_back();
  c.tls_server_name = scalar(e.node, "tls-server-name");
  c.insecure_skip_tls_verify = flag(e.node, "insecure-skip-tls-verify");
  c.ca_pem = decoded(e.node, "certificate-authority-data", where);
  c.ca_file = resolve(scalar(e.node, "certificate-authority"), e.folder);
}

ExecConfig read_exec(const YAML::Node& node, const fs::path& folder, const std::string& where) {
  ExecConfig exec;
  exec.api_version = scalar(node, "apiVersion");
  exec.command = scalar(node, "command");
  if (exec.command.empty()) throw ConfigError(where + ": exec has no command");
  if (exec.command.find('/') != std::string::npos) exec.command = resolve(exec.command, folder);
  if (node["args"] && node["args"].IsSequence())
    for (const auto& a : node["args"]) exec.args.push_back(a.as<std::string>());
  if (node["env"] && node["env"].IsSequence())
    for (const auto& v : node["env"]) exec.env.emplace_back(scalar(v, "name"), scalar(v, "value"));
  exec.install_hint = scalar(node, "installHint");
  if (flag(node, "provideClusterInfo")) exec.cluster.emplace();
  return exec;
}

// A YAML node as JSON: a quoted scalar stays a string; a plain one is typed as `kspan convert`
// types it (YamlToJson: YAML 1.2 core schema).
nlohmann::json to_json(const YAML::Node& node, const std::string& where) {
  if (node.IsMap()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& member : node) out[member.first.as<std::string>()] = to_json(member.second, where);
    return out;
  }
  if (node.IsSequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : node) out.push_back(to_json(item, where));
    return out;
  }
  if (!node.IsScalar()) return nullptr;
  if (node.Tag() == "!") return node.Scalar();
  std::string json, error;
  if (!cli::YamlToJson().to_json(node.Scalar(), json, error)) throw ConfigError(where + ": " + error);
  return nlohmann::json::parse(json, nullptr, false);
}

// The cluster's extension for exec plugins (clusters[].cluster.extensions[] named
// client.authentication.k8s.io/exec) as JSON text; empty when there is none.
std::string exec_extension_json(const YAML::Node& cluster, const std::string& where) {
  const YAML::Node extensions = cluster["extensions"];
  if (!extensions || !extensions.IsSequence()) return {};
  for (const auto& e : extensions)
    if (scalar(e, "name") == "client.authentication.k8s.io/exec" && e["extension"])
      return to_json(e["extension"], where + ": the client.authentication.k8s.io/exec extension").dump();
  return {};
}

// provideClusterInfo: the plugin is told the cluster it is asked about.
void tell_exec_the_cluster(const Entry& cluster, const std::string& where, ClusterConfig& c) {
  if (!c.exec || !c.exec->cluster) return;
  ExecClusterInfo& info = *c.exec->cluster;
  info.server = c.server;
  info.tls_server_name = c.tls_server_name;
  info.insecure_skip_tls_verify = c.insecure_skip_tls_verify;
  info.ca_pem = c.ca_pem;
  info.ca_file = c.ca_file;
  info.config_json = exec_extension_json(cluster.node, where);
}

void read_user(const Entry& e, const std::string& where, ClusterConfig& c) {
  c.token = scalar(e.node, "token");
  c.token_file = resolve(scalar(e.node, "tokenFile"), e.folder);
  c.client_certificate_pem = decoded(e.node, "client-certificate-data", where);
  c.client_certificate_file = resolve(scalar(e.node, "client-certificate"), e.folder);
  c.client_key_pem = decoded(e.node, "client-key-data", where);
  c.client_key_file = resolve(scalar(e.node, "client-key"), e.folder);
  // kubectl refuses half a pair too; libcurl would only say it cannot use the certificate.
  const bool certificate = !c.client_certificate_pem.empty() || !c.client_certificate_file.empty();
  const bool key = !c.client_key_pem.empty() || !c.client_key_file.empty();
  if (certificate && !key)
    throw ConfigError(where + ": the user has a client certificate but no client-key or client-key-data");
  if (key && !certificate)
    throw ConfigError(where + ": the user has a client key but no client-certificate or client-certificate-data");
  c.username = scalar(e.node, "username");
  c.password = scalar(e.node, "password");
  if (e.node["exec"] && e.node["exec"].IsMap()) c.exec = read_exec(e.node["exec"], e.folder, where);
  if (e.node["auth-provider"]) throw ConfigError(where + ": auth-provider plugins are not supported; use exec");
}

std::optional<std::string> home_config(const Environment& env) {
  const auto home = env("HOME");
  if (!home || home->empty()) return std::nullopt;
  fs::path path = fs::path(*home) / ".kube" / "config";
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  return path.string();
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ':'))
    if (!part.empty()) out.push_back(part);
  return out;
}

}  // namespace

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

ClusterConfig load_kubeconfig(const std::vector<std::string>& files, const std::string& context) {
  Merged merged;
  for (const auto& file : files) merge_file(file, merged);
  const std::string name = context.empty() ? merged.current_context : context;
  if (name.empty()) throw ConfigError(merged.files + ": no current-context; give --context");
  auto ctx = merged.contexts.find(name);
  if (ctx == merged.contexts.end()) throw ConfigError(merged.files + ": no context named '" + name + "'");
  ClusterConfig c;
  c.origin = "kubeconfig " + merged.files + ", context " + name;
  const std::string cluster = scalar(ctx->second.node, "cluster");
  auto found = merged.clusters.find(cluster);
  if (found == merged.clusters.end()) throw ConfigError(c.origin + ": no cluster named '" + cluster + "'");
  read_cluster(found->second, c.origin, c);
  const std::string user = scalar(ctx->second.node, "user");
  if (!user.empty()) {
    auto u = merged.users.find(user);
    if (u == merged.users.end()) throw ConfigError(c.origin + ": no user named '" + user + "'");
    read_user(u->second, c.origin, c);
    tell_exec_the_cluster(found->second, c.origin, c);
  }
  c.namespace_name = scalar(ctx->second.node, "namespace");
  return c;
}

ClusterConfig in_cluster_config(const Environment& env, const std::string& dir) {
  const auto host = env("KUBERNETES_SERVICE_HOST");
  const auto port = env("KUBERNETES_SERVICE_PORT");
  if (!host || host->empty() || !port || port->empty())
    throw ConfigError("no kubeconfig found (--kubeconfig, $KUBECONFIG, ~/.kube/config) and not in a cluster "
                      "(KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT unset)");
  ClusterConfig c;
  c.origin = "in-cluster";
  const bool ipv6 = host->find(':') != std::string::npos;
  c.server = "https://" + (ipv6 ? "[" + *host + "]" : *host) + ":" + *port;
  c.token_file = (fs::path(dir) / "token").string();
  c.ca_file = (fs::path(dir) / "ca.crt").string();
  std::error_code ec;
  if (!fs::exists(c.token_file, ec)) throw ConfigError("in-cluster: " + c.token_file + " does not exist");
  if (fs::exists(fs::path(dir) / "namespace", ec)) {
    c.namespace_name = read_text(fs::path(dir) / "namespace");
    while (!c.namespace_name.empty() && std::isspace(static_cast<unsigned char>(c.namespace_name.back())))
      c.namespace_name.pop_back();
  }
  return c;
}

ClusterConfig load_cluster_config(const ConfigRequest& request, const Environment& env) {
  std::vector<std::string> files;
  if (request.kubeconfig) {
    files.push_back(*request.kubeconfig);
  } else if (auto list = env("KUBECONFIG"); list && !list->empty()) {
    files = split_list(*list);
  } else if (auto home = home_config(env)) {
    files.push_back(*home);
  }
  if (!files.empty()) return load_kubeconfig(files, request.context.value_or(""));
  if (request.context) throw ConfigError("--context given but there is no kubeconfig");
  return in_cluster_config(env, request.service_account_dir);
}

}  // namespace kspan::daemon
