#include "refusal.hpp"

#include <array>
#include <cctype>
#include <string_view>

namespace kspan::daemon {
namespace {

bool has_client_certificate(const ClusterConfig& c) {
  return !c.client_certificate_pem.empty() || !c.client_certificate_file.empty();
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

std::string credentials_used(const ClusterConfig& c) {
  std::string out;
  auto add = [&](const std::string& what) { out += (out.empty() ? "" : " and ") + what; };
  if (!c.client_certificate_pem.empty()) add("the client certificate (client-certificate-data of " + c.origin + ")");
  else if (!c.client_certificate_file.empty()) add("the client certificate " + c.client_certificate_file);
  if (c.exec) add("the exec plugin's credential (" + c.exec->command + ")");
  else if (!c.token_file.empty()) add("the token from " + c.token_file);
  else if (!c.token.empty()) add("the token of " + c.origin);
  else if (!c.username.empty()) add("basic auth as " + c.username);
  return out.empty() ? "no credentials (" + c.origin + " gives none)" : out;
}

std::string explain_transport_error(const TransportFailure& f, const ClusterConfig& c) {
  // The descriptions of the alerts a server sends when it will not take a client certificate,
  // as OpenSSL writes them in errors ("tlsv1 alert unknown ca") and in libcurl's trace
  // ("TLS alert, unknown CA (560)").
  static constexpr std::array<std::string_view, 5> kRefused = {"unknown ca", "bad certificate", "certificate unknown",
                                                               "certificate expired", "decrypt error"};
  const std::string seen = f.tls_alert.empty() ? f.error : f.error + "; " + f.tls_alert;
  std::string lower = seen;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const bool alert = contains(lower, "alert");
  const std::string requirement = "it must be signed by a CA the server trusts for clients and be valid now";
  if (alert && contains(lower, "certificate required"))
    return has_client_certificate(c)
               ? "the API server asked for a client certificate and did not take " + credentials_used(c) + ": " +
                     requirement + " (" + seen + ")"
               : "the API server requires a client certificate and " + c.origin +
                     " gives none (client-certificate and client-key, or their -data forms) (" + seen + ")";
  if (!has_client_certificate(c)) return f.error;
  for (std::string_view refused : kRefused)
    if (alert && contains(lower, refused))
      return "the API server refused " + credentials_used(c) + " at the TLS handshake: " + requirement + " (" + seen + ")";
  if (f.after_handshake && f.connection_lost)
    return "the API server dropped the connection right after the TLS handshake, before answering: it may have refused " +
           credentials_used(c) + "; " + requirement + " (" + seen + ")";
  return f.error;
}

std::string explain_unauthorized(const ClusterConfig& c) {
  return "the API server did not accept " + credentials_used(c) +
         (has_client_certificate(c) ? "; a client certificate must be signed by the cluster's client CA and be valid now" : "");
}

}  // namespace kspan::daemon
