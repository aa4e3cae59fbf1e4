// `kspan run` logging in with a client certificate from the kubeconfig, end to end, against an
// API simulator that requires one (mutual TLS, no token accepted): the data and the file forms
// give the fixture's tree; a certificate from another CA is refused and the log says why.
#include <catch2/catch.hpp>
#include <thread>

#include "base64.hpp"
#include "client_certificate.hpp"
#include "harness.hpp"
#include "test_support.hpp"

using namespace kspan::daemon::test;
using kspan::test::canonical_tree;
using namespace std::chrono_literals;

namespace {

constexpr const char* kFixture = "kspan/deployment-2-pods.capture.yaml";

// The harness's simulator replaced by one that takes only client certificates signed by the test CA.
void require_client_certificates(Harness& h) {
  SimulatorOptions o{h.certificates.server_certificate, h.certificates.server_key};
  o.tokens = {};
  o.client_certificates = ClientCertificates::kRequire;
  o.client_ca_file = h.certificates.ca;
  h.simulator = std::make_unique<ApiSimulator>(o);
}

}  // namespace

TEST_CASE("kspan run logs in with a client certificate, data and file forms", "[daemon][e2e][credentials]") {
  for (bool data : {true, false}) {
    CAPTURE(data);
    Harness h;
    require_client_certificates(h);
    const ClientCertificate cert = make_client_certificate(h.certificates, "kspan");
    const std::vector<std::string> user =
        data ? std::vector<std::string>{"client-certificate-data: " + kspan::daemon::base64_encode(file_text(cert.certificate_file)),
                                        "client-key-data: " + kspan::daemon::base64_encode(file_text(cert.key_file))}
             : std::vector<std::string>{"client-certificate: " + cert.certificate_file, "client-key: " + cert.key_file};
    h.kubeconfig = write_kubeconfig_with_user(h.dir.path(), h.simulator->server(), h.certificates.ca, user);
    h.start_daemon();
    REQUIRE(h.wait_ready());
    h.play(kFixture);
    std::this_thread::sleep_for(1500ms);
    REQUIRE(h.stop_daemon() == 0);
    INFO(h.daemon->log());
    CHECK(canonical_tree(h.tree()) == canonical_tree(expected_tree(kFixture)));
    CHECK(h.simulator->certificate_logins() > 0);
    CHECK(h.simulator->unauthorized() == 0);
  }
}

TEST_CASE("kspan run with a client certificate from another CA is refused with a clear error", "[daemon][e2e][credentials]") {
  Harness h;
  require_client_certificates(h);
  const ClientCertificate cert = make_client_certificate(h.certificates, "kspan", true);
  h.kubeconfig = write_kubeconfig_with_user(h.dir.path(), h.simulator->server(), h.certificates.ca,
                                            {"client-certificate: " + cert.certificate_file, "client-key: " + cert.key_file});
  h.start_daemon();
  // The refusal, or (when the server's reset came before its alert) the likely cause, naming the
  // certificate and what it needs.
  const std::string named = "refused the client certificate " + cert.certificate_file;
  const std::string needs = "it must be signed by a CA the server trusts for clients and be valid now";
  CHECK(wait_until([&] { return h.daemon->log().find(needs) != std::string::npos; }, 20s));
  CHECK(h.daemon->log().find(named) != std::string::npos);
  CHECK_FALSE(h.wait_ready(1s));  // never ready: nothing could be listed
  CHECK(h.simulator->certificate_logins() == 0);
  REQUIRE(h.stop_daemon() == 0);
}
