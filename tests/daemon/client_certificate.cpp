#include "client_certificate.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kspan::daemon::test {

ClientCertificate make_client_certificate(const exporter::test::TestCertificates& certs, const std::string& user,
                                          bool from_other_ca) {
  const auto dir = certs.dir.path();
  const std::string stem = (dir / ("client-" + user + (from_other_ca ? "-other" : ""))).string();
  ClientCertificate out{stem + ".pem", stem + "-key.pem"};
  // TestCertificates leaves each CA's key beside it under these names.
  const std::string ca = from_other_ca ? certs.other_ca : certs.ca;
  const std::string ca_key = (dir / (from_other_ca ? "other-key.pem" : "ca-key.pem")).string();
  const std::string quiet = " 2>/dev/null";
  const std::string commands[] = {
      "openssl req -newkey rsa:2048 -nodes -subj /O=kspan-testers/CN=" + user + " -keyout " + out.key_file + " -out " + stem +
          ".csr" + quiet,
      // clientAuth: OpenSSL's server side checks the purpose of a client's certificate.
      "printf 'extendedKeyUsage=clientAuth\\n' > " + stem + ".ext",
      "openssl x509 -req -in " + stem + ".csr -CA " + ca + " -CAkey " + ca_key + " -CAcreateserial -days 1 -extfile " + stem +
          ".ext -out " + out.certificate_file + quiet,
  };
  for (const auto& command : commands)
    if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl failed: " + command);
  return out;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace kspan::daemon::test
