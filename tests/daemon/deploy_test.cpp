// The manifests in native/deploy say what the README promises: least privilege (reads only,
// and a Lease for leader election), every kind the daemon lists from the start readable, and a
// non-root pod with a read-only root filesystem probed on /healthz and /readyz.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "watch_set.hpp"

using namespace kspan::daemon;

namespace {

std::vector<YAML::Node> documents(const std::string& file) { return YAML::LoadAllFromFile(std::string(KSPAN_DEPLOY_DIR) + "/" + file); }

YAML::Node find_kind(const std::vector<YAML::Node>& docs, const std::string& kind) {
  for (const auto& d : docs)
    if (d["kind"] && d["kind"].as<std::string>() == kind) return d;
  FAIL("no " << kind);
  return {};
}

std::set<std::string> strings(const YAML::Node& list) {
  std::set<std::string> out;
  for (const auto& item : list) out.insert(item.as<std::string>());
  return out;
}

// (group, resource) pairs a role's rules grant the verb on.
std::set<std::pair<std::string, std::string>> granted(const YAML::Node& role, const std::string& verb) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& rule : role["rules"]) {
    if (!strings(rule["verbs"]).count(verb)) continue;
    for (const auto& group : rule["apiGroups"])
      for (const auto& resource : rule["resources"]) out.emplace(group.as<std::string>(), resource.as<std::string>());
  }
  return out;
}

std::string plural_of(std::string kind) {
  for (char& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kind + "s";
}

}  // namespace

TEST_CASE("deploy: the roles only read, plus the leader's Lease", "[daemon][deploy]") {
  const auto rbac = documents("rbac.yaml");
  const YAML::Node cluster_role = find_kind(rbac, "ClusterRole");
  for (const auto& rule : cluster_role["rules"]) {
    const auto verbs = strings(rule["verbs"]);
    CHECK(std::includes(std::set<std::string>{"get", "list", "watch"}.begin(), std::set<std::string>{"get", "list", "watch"}.end(),
                        verbs.begin(), verbs.end()));
  }
  const YAML::Node role = find_kind(rbac, "Role");
  for (const auto& rule : role["rules"]) {
    CHECK(strings(rule["apiGroups"]) == std::set<std::string>{"coordination.k8s.io"});
    CHECK(strings(rule["resources"]) == std::set<std::string>{"leases"});
    CHECK(strings(rule["verbs"]) == std::set<std::string>{"get", "create", "update"});  // leader_election.cpp's GET, POST, PUT
  }
  CHECK(find_kind(rbac, "ClusterRoleBinding")["roleRef"]["name"].as<std::string>() == cluster_role["metadata"]["name"].as<std::string>());
}

TEST_CASE("deploy: every kind watched from the start and both Event APIs can be listed and watched", "[daemon][deploy]") {
  const YAML::Node cluster_role = find_kind(documents("rbac.yaml"), "ClusterRole");
  const auto lists = granted(cluster_role, "list"), watches = granted(cluster_role, "watch");
  std::vector<std::pair<std::string, std::string>> needed{{"", "events"}, {"events.k8s.io", "events"}};
  for (const auto& [api_version, kind] : WatchSetOptions{}.initial_kinds) {
    const size_t slash = api_version.find('/');
    needed.emplace_back(slash == std::string::npos ? "" : api_version.substr(0, slash), plural_of(kind));
  }
  for (const auto& need : needed) {
    CAPTURE(need.first, need.second);
    CHECK(lists.count(need));
    CHECK(watches.count(need));
  }
}

TEST_CASE("deploy: non-root, read-only root filesystem, probed on /healthz and /readyz", "[daemon][deploy]") {
  const YAML::Node deployment = find_kind(documents("deployment.yaml"), "Deployment");
  const YAML::Node pod = deployment["spec"]["template"]["spec"];
  CHECK(pod["securityContext"]["runAsNonRoot"].as<bool>());
  const YAML::Node container = pod["containers"][0];
  CHECK(container["args"][0].as<std::string>() == "run");
  CHECK(container["securityContext"]["readOnlyRootFilesystem"].as<bool>());
  CHECK_FALSE(container["securityContext"]["allowPrivilegeEscalation"].as<bool>());
  CHECK(container["livenessProbe"]["httpGet"]["path"].as<std::string>() == "/healthz");
  CHECK(container["readinessProbe"]["httpGet"]["path"].as<std::string>() == "/readyz");
  CHECK(container["resources"]["limits"]["memory"]);
}
