// How requests reach the API server when the kubeconfig names the certificate's host apart from
// the address (clusters[].cluster.tls-server-name, as behind a load balancer or an SSH tunnel):
// TLS (SNI and the certificate check) uses that name, the connection goes to the server's
// address, and the Host header stays the server's, as client-go does.
#pragma once
#include <string>

namespace kspan::daemon {

struct ServerRoute {
  std::string base_url;     // what request paths are appended to
  std::string connect_to;   // libcurl CONNECT_TO entry (NAME:PORT:HOST:PORT); empty: none
  std::string host_header;  // "Host: ..." to send; empty: libcurl's own
};

// server: https://host[:port][/prefix]; host may be [IPv6]. Throws ConfigError when a
// tls_server_name is given and server cannot be split.
ServerRoute server_route(const std::string& server, const std::string& tls_server_name);

}  // namespace kspan::daemon
