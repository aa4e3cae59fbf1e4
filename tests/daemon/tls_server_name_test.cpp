// tls-server-name: the certificate is checked against that name while the connection goes to
// the server's address (a certificate that does not name the address is refused without it).
#include <catch2/catch.hpp>
#include <cstdlib>

#include "api_client.hpp"
#include "api_simulator.hpp"
#include "replay_support.hpp"
#include "server_route.hpp"

using namespace kspan::daemon;

namespace {

// A server certificate for kspan-api.test only (no IP address), signed by the test CA.
std::pair<std::string, std::string> certificate_for_name(const kspan::exporter::test::TestCertificates& certs) {
  const auto dir = certs.dir.path();
  const std::string key = (dir / "named-key.pem").string(), cert = (dir / "named.pem").string();
  const std::string quiet = " 2>/dev/null";
  const std::string commands[] = {
      "openssl req -newkey rsa:2048 -nodes -subj /CN=kspan-api.test -keyout " + key + " -out " + (dir / "named.csr").string() + quiet,
      "printf 'subjectAltName=DNS:kspan-api.test\\n' > " + (dir / "named.ext").string(),
      "openssl x509 -req -in " + (dir / "named.csr").string() + " -CA " + certs.ca + " -CAkey " + (dir / "ca-key.pem").string() +
          " -CAcreateserial -days 1 -extfile " + (dir / "named.ext").string() + " -out " + cert + quiet,
  };
  for (const auto& command : commands) REQUIRE(std::system(command.c_str()) == 0);
  return {cert, key};
}

}  // namespace

TEST_CASE("server route: tls-server-name keeps the address and the Host header", "[daemon][parts]") {
  const ServerRoute plain = server_route("https://10.0.0.1:6443/prefix", "");
  CHECK(plain.base_url == "https://10.0.0.1:6443/prefix");
  CHECK(plain.connect_to.empty());
  const ServerRoute named = server_route("https://10.0.0.1:6443/prefix", "api.internal");
  CHECK(named.base_url == "https://api.internal:6443/prefix");
  CHECK(named.connect_to == "api.internal:6443:10.0.0.1:6443");
  CHECK(named.host_header == "Host: 10.0.0.1:6443");
  const ServerRoute v6 = server_route("https://[fd00::1]", "api.internal");
  CHECK(v6.base_url == "https://api.internal:443");
  CHECK(v6.connect_to == "api.internal:443:[fd00::1]:443");
  CHECK_THROWS_AS(server_route("10.0.0.1:6443", "api.internal"), ConfigError);
}

TEST_CASE("API client: tls-server-name verifies the certificate against that name", "[daemon][parts]") {
  kspan::exporter::test::TestCertificates certs;
  const auto [cert, key] = certificate_for_name(certs);
  test::ApiSimulator sim({cert, key});
  ClusterConfig c;
  c.server = sim.server();  // https://127.0.0.1:PORT: not in the certificate
  c.ca_file = certs.ca;
  c.token = "test-token";
  CHECK(ApiClient(c, "test").get("/api/v1/pods").status == 0);  // refused: the name does not match
  c.tls_server_name = "kspan-api.test";
  const ApiResponse r = ApiClient(c, "test").get("/api/v1/pods");
  CHECK(r.status == 200);
  CHECK(r.error.empty());
}
