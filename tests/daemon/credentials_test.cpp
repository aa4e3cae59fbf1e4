// Who the daemon is: token files re-read when they change, exec plugins run with their args
// and env (and the cluster, with provideClusterInfo) and cached until expirationTimestamp,
// basic auth.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "clock.hpp"
#include "credentials.hpp"

using namespace kspan::daemon;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Dir {
  fs::path path = fs::temp_directory_path() / ("kspan-credentials-" + std::to_string(std::random_device{}()));
  Dir() { fs::create_directories(path); }
  ~Dir() { fs::remove_all(path); }
};

// A plugin that counts its runs in a file and answers with a token that expires in `expires_in` s.
ExecConfig plugin(const Dir& d, int expires_in) {
  const auto script = d.path / "plugin.sh";
  std::ofstream(script) << "#!/bin/sh\n"
                           "echo run >> \"$COUNT_FILE\"\n"
                           "n=$(wc -l < \"$COUNT_FILE\")\n"
                           "exp=$(date -u -d \"+" << expires_in << " seconds\" +%Y-%m-%dT%H:%M:%SZ)\n"
                           "test \"$1\" = get-token || exit 3\n"
                           "echo \"$KUBERNETES_EXEC_INFO\" | grep -q ExecCredential || exit 4\n"
                           "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                           "\"status\":{\"token\":\"tok-%s\",\"expirationTimestamp\":\"%s\"}}' $n $exp\n";
  fs::permissions(script, fs::perms::owner_all);
  ExecConfig exec;
  exec.api_version = "client.authentication.k8s.io/v1";
  exec.command = script.string();
  exec.args = {"get-token"};
  exec.env = {{"COUNT_FILE", (d.path / "count").string()}};
  return exec;
}

}  // namespace

TEST_CASE("credentials: KUBERNETES_EXEC_INFO carries spec.cluster only with provideClusterInfo", "[daemon][credentials]") {
  Dir d;
  std::ofstream(d.path / "ca.pem") << "PEM CA";
  ExecConfig exec{"client.authentication.k8s.io/v1", "plugin", {}, {}, "", std::nullopt};
  CHECK(json::parse(exec_info(exec)) ==
        json::parse(R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false}})"));
  exec.cluster = ExecClusterInfo{"https://10.1.2.3", "api.internal", false, "", (d.path / "ca.pem").string(), R"({"audience":"kspan"})"};
  const json info = json::parse(exec_info(exec));
  CHECK(info["spec"]["cluster"] == json::parse(R"({"server":"https://10.1.2.3","tls-server-name":"api.internal",)"
                                               R"("certificate-authority-data":"UEVNIENB","config":{"audience":"kspan"}})"));
  exec.cluster->ca_file = (d.path / "missing.pem").string();
  CHECK_THROWS_AS(exec_info(exec), ConfigError);
}

TEST_CASE("credentials: the exec plugin gets the cluster in KUBERNETES_EXEC_INFO", "[daemon][credentials]") {
  Dir d;
  const fs::path script = d.path / "plugin";
  std::ofstream(script) << "#!/bin/sh\n"
                           "echo \"$KUBERNETES_EXEC_INFO\" > \"$INFO_FILE\"\n"
                           "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"t\"}}'\n";
  fs::permissions(script, fs::perms::owner_all);
  ClusterConfig c;
  c.exec = ExecConfig{"client.authentication.k8s.io/v1", script.string(), {}, {{"INFO_FILE", (d.path / "info").string()}}, "",
                      ExecClusterInfo{"https://k8s.example:6443", "", true, "CA", "", ""}};
  Credentials credentials(c);
  CHECK(credentials.identity().authorization == "Bearer t");
  std::ifstream in(d.path / "info");
  const json info = json::parse(in);
  CHECK(info["spec"]["cluster"] == json::parse(R"({"server":"https://k8s.example:6443","insecure-skip-tls-verify":true,)"
                                               R"("certificate-authority-data":"Q0E="})"));
}

TEST_CASE("credentials: a token file is read again when it changes", "[daemon][credentials]") {
  Dir d;
  const auto file = d.path / "token";
  std::ofstream(file) << "first\n";
  ClusterConfig c;
  c.token_file = file.string();
  c.token = "static-loses";
  Credentials credentials(c);
  CHECK(credentials.identity().authorization == "Bearer first");
  std::ofstream(file) << "second-and-longer\n";
  CHECK(credentials.identity().authorization == "Bearer second-and-longer");
  fs::remove(file);
  CHECK_THROWS_AS(credentials.identity(), ConfigError);
}

TEST_CASE("credentials: exec plugin cached until its expiry, run again after a 401", "[daemon][credentials]") {
  Dir d;
  ClusterConfig c;
  c.exec = plugin(d, 3600);
  Credentials credentials(c);
  CHECK(credentials.identity().authorization == "Bearer tok-1");
  CHECK(credentials.identity().authorization == "Bearer tok-1");  // cached
  credentials.refused();
  CHECK(credentials.identity().authorization == "Bearer tok-2");

  Dir e;
  c.exec = plugin(e, 5);  // within the renewal slack: run every time
  Credentials short_lived(c);
  CHECK(short_lived.identity().authorization == "Bearer tok-1");
  CHECK(short_lived.identity().authorization == "Bearer tok-2");
}

TEST_CASE("credentials: a failing plugin, bad output, basic auth", "[daemon][credentials]") {
  ClusterConfig c;
  c.exec = ExecConfig{"client.authentication.k8s.io/v1", "/nonexistent/plugin", {}, {}, "install it"};
  Credentials missing(c);
  CHECK_THROWS_WITH(missing.identity(), Catch::Contains("install it"));
  CHECK_THROWS_AS(parse_exec_credential("{}", "client.authentication.k8s.io/v1"), ConfigError);
  CHECK_THROWS_AS(parse_exec_credential(R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"x"}})",
                                        "client.authentication.k8s.io/v1"),
                  ConfigError);
  ExecCredential ok = parse_exec_credential(
      R"({"apiVersion":"v","kind":"ExecCredential","status":{"token":"x","expirationTimestamp":"2030-01-01T00:00:00Z"}})", "v");
  CHECK(ok.token == "x");
  CHECK(ok.expires_ns == parse_rfc3339("2030-01-01T00:00:00Z"));

  ClusterConfig basic;
  basic.username = "user";
  basic.password = "pass";
  CHECK(Credentials(basic).identity().authorization == "Basic dXNlcjpwYXNz");
}
