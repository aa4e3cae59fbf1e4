// Client certificates for the tests' mutual TLS, made with the openssl command at test time
// beside the test CA (tests/export's TestCertificates), never committed.
#pragma once
#include <string>

#include "replay_support.hpp"

namespace kspan::daemon::test {

struct ClientCertificate {
  std::string certificate_file, key_file;  // PEM
};

// A client certificate for CN=user (O=group), signed by the test CA, or by the unrelated CA
// when from_other_ca: the same subject, so only the issuer tells them apart.
ClientCertificate make_client_certificate(const exporter::test::TestCertificates& certs, const std::string& user,
                                          bool from_other_ca = false);

// A file's bytes (a PEM to put in a kubeconfig's *-data field).
std::string file_text(const std::string& path);

}  // namespace kspan::daemon::test
