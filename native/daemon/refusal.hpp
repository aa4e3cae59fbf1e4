// Why the API server would not have us, said so that a user knows what to fix: libcurl's own
// words for a TLS alert ("tlsv1 alert unknown ca") or a bare 401 do not name the credential
// that was refused, and a kubeconfig may hold several.
#pragma once
#include <string>

#include "cluster_config.hpp"

namespace kspan::daemon {

// The credential requests carry, for messages: "the client certificate (client-certificate-data
// of kubeconfig F, context C)", "the token file /path", ...
std::string credentials_used(const ClusterConfig& config);

// A request that got no answer, as libcurl saw it.
struct TransportFailure {
  std::string error;      // libcurl's message
  std::string tls_alert;  // the TLS library's words for an alert the server sent, if one was read
  bool after_handshake = false;  // the TLS handshake had completed
  bool connection_lost = false;  // sending or receiving failed (not a timeout, not a refused connect)
};

// Explained when it is the server refusing our client certificate, or asking for one we do not
// have, at the TLS handshake; else libcurl's message unchanged. Under TLS 1.3 the server checks
// a client certificate after the client considers the handshake done, and its alert may be lost
// when the connection is reset first: then the message says the certificate may be the cause.
std::string explain_transport_error(const TransportFailure& failure, const ClusterConfig& config);

// What to say about a 401 that survived a fresh credential.
std::string explain_unauthorized(const ClusterConfig& config);

}  // namespace kspan::daemon
