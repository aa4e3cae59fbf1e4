// Client certificates against the simulator: the API client logs in with a certificate (file or
// data) where the server requires one at the handshake (mutual TLS) and where, as
// kube-apiserver does, it only asks for one; a certificate from another CA is refused, and the
// error says which credential and why.
#include <catch2/catch.hpp>

#include "api_client.hpp"
#include "api_simulator.hpp"
#include "client_certificate.hpp"
#include "refusal.hpp"

using namespace kspan::daemon;
using kspan::daemon::test::ClientCertificates;

namespace {

test::SimulatorOptions with_client_ca(const kspan::exporter::test::TestCertificates& certs, ClientCertificates mode) {
  test::SimulatorOptions o{certs.server_certificate, certs.server_key};
  o.tokens = {};  // only a certificate logs in
  o.client_certificates = mode;
  o.client_ca_file = certs.ca;
  return o;
}

ClusterConfig cluster(const test::ApiSimulator& sim, const kspan::exporter::test::TestCertificates& certs) {
  ClusterConfig c;
  c.server = sim.server();
  c.ca_file = certs.ca;
  c.origin = "kubeconfig test, context sim";
  return c;
}

}  // namespace

TEST_CASE("API client: a client certificate logs in where mutual TLS is required", "[daemon][parts]") {
  kspan::exporter::test::TestCertificates certs;
  const auto good = test::make_client_certificate(certs, "kspan");
  const auto other = test::make_client_certificate(certs, "kspan", true);
  test::ApiSimulator sim(with_client_ca(certs, ClientCertificates::kRequire));

  ClusterConfig files = cluster(sim, certs);
  files.client_certificate_file = good.certificate_file;
  files.client_key_file = good.key_file;
  ApiResponse r = ApiClient(files, "test").get("/api/v1/pods");
  CHECK(r.status == 200);
  CHECK(sim.certificate_logins() == 1);

  ClusterConfig data = cluster(sim, certs);
  data.client_certificate_pem = test::file_text(good.certificate_file);
  data.client_key_pem = test::file_text(good.key_file);
  r = ApiClient(data, "test").get("/api/v1/pods");
  CHECK(r.status == 200);
  CHECK(sim.certificate_logins() == 2);

  ClusterConfig none = cluster(sim, certs);
  none.token = "test-token";
  r = ApiClient(none, "test").get("/api/v1/pods");
  CHECK(r.status == 0);
  // Here only the alert says what happened: without it the message stays libcurl's.
  if (r.error.find("alert") != std::string::npos)
    CHECK_THAT(r.error, Catch::Contains("the API server requires a client certificate and kubeconfig test, context sim gives none"));

  ClusterConfig foreign = cluster(sim, certs);
  foreign.client_certificate_file = other.certificate_file;
  foreign.client_key_file = other.key_file;
  r = ApiClient(foreign, "test").get("/api/v1/pods");
  CHECK(r.status == 0);
  // The alert is read, or lost when the server's reset comes first (TLS 1.3 checks the client's
  // certificate after the client's handshake is done): either way the certificate is named.
  CHECK_THAT(r.error, Catch::Contains("refused the client certificate " + other.certificate_file) ||
                          Catch::Contains("may have refused the client certificate " + other.certificate_file));
  CHECK_THAT(r.error, Catch::Contains("it must be signed by a CA the server trusts for clients and be valid now"));
  CHECK(sim.certificate_logins() == 2);
}

TEST_CASE("API client: a certificate from another CA gets 401 where the server only asks for one", "[daemon][parts]") {
  kspan::exporter::test::TestCertificates certs;
  const auto good = test::make_client_certificate(certs, "kspan");
  const auto other = test::make_client_certificate(certs, "kspan", true);
  auto options = with_client_ca(certs, ClientCertificates::kAccept);
  options.tokens = {"test-token"};
  test::ApiSimulator sim(options);

  ClusterConfig c = cluster(sim, certs);
  c.client_certificate_pem = test::file_text(good.certificate_file);
  c.client_key_pem = test::file_text(good.key_file);
  CHECK(ApiClient(c, "test").get("/api/v1/pods").status == 200);
  CHECK(sim.certificate_logins() == 1);

  c.client_certificate_pem = test::file_text(other.certificate_file);
  c.client_key_pem = test::file_text(other.key_file);
  const ApiResponse r = ApiClient(c, "test").get("/api/v1/pods");
  CHECK(r.status == 401);
  CHECK(r.error ==
        "the API server did not accept the client certificate (client-certificate-data of kubeconfig test, context sim); "
        "a client certificate must be signed by the cluster's client CA and be valid now");

  c.token = "test-token";  // a valid token still logs in beside a certificate the server ignores
  CHECK(ApiClient(c, "test").get("/api/v1/pods").status == 200);
  CHECK(sim.certificate_logins() == 1);
}

TEST_CASE("refusal messages name the credential sent", "[daemon][parts]") {
  ClusterConfig c;
  c.origin = "kubeconfig k, context x";
  CHECK(credentials_used(c) == "no credentials (kubeconfig k, context x gives none)");
  c.token_file = "/var/run/token";
  CHECK(credentials_used(c) == "the token from /var/run/token");
  c.client_certificate_file = "/certs/me.pem";
  CHECK(credentials_used(c) == "the client certificate /certs/me.pem and the token from /var/run/token");
  // Errors that are not about the client certificate pass through unchanged.
  CHECK(explain_transport_error({"Could not resolve host: nowhere", "", false, false}, c) == "Could not resolve host: nowhere");
  CHECK(explain_transport_error({"Failed sending data to the peer", "", true, true}, c) ==
        "the API server dropped the connection right after the TLS handshake, before answering: it may have refused the "
        "client certificate /certs/me.pem and the token from /var/run/token; it must be signed by a CA the server trusts "
        "for clients and be valid now (Failed sending data to the peer)");
  CHECK(explain_transport_error({"Failed sending data to the peer", "TLSv1.3 (IN), TLS alert, unknown CA (560)", true, true}, c) ==
        "the API server refused the client certificate /certs/me.pem and the token from /var/run/token at the TLS "
        "handshake: it must be signed by a CA the server trusts for clients and be valid now (Failed sending data to the "
        "peer; TLSv1.3 (IN), TLS alert, unknown CA (560))");
  c.client_certificate_file.clear();
  c.token_file.clear();
  const TransportFailure unknown_ca{"OpenSSL SSL_read: tlsv1 alert unknown ca", "", true, true};
  CHECK(explain_transport_error(unknown_ca, c) == unknown_ca.error);  // no certificate sent: not about one
  CHECK(explain_transport_error({"Failed sending data to the peer", "", true, true}, c) == "Failed sending data to the peer");
  CHECK(explain_transport_error({"OpenSSL SSL_read: tlsv13 alert certificate required", "", true, true}, c) ==
        "the API server requires a client certificate and kubeconfig k, context x gives none (client-certificate and "
        "client-key, or their -data forms) (OpenSSL SSL_read: tlsv13 alert certificate required)");
}
