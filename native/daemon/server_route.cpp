#include "server_route.hpp"

#include "cluster_config.hpp"

namespace kspan::daemon {

ServerRoute server_route(const std::string& server, const std::string& tls_server_name) {
  if (tls_server_name.empty()) return {server, "", ""};
  const size_t scheme_end = server.find("://");
  if (scheme_end == std::string::npos) throw ConfigError("server '" + server + "' has no scheme (https://)");
  const std::string scheme = server.substr(0, scheme_end);
  const size_t authority_start = scheme_end + 3;
  const size_t path_start = std::min(server.find('/', authority_start), server.size());
  const std::string authority = server.substr(authority_start, path_start - authority_start);
  // The port follows the last ':' that is outside an IPv6 address's brackets.
  const size_t bracket = authority.rfind(']');
  const size_t colon = authority.rfind(':');
  const bool has_port = colon != std::string::npos && (bracket == std::string::npos || colon > bracket);
  const std::string host = has_port ? authority.substr(0, colon) : authority;
  const std::string port = has_port ? authority.substr(colon + 1) : (scheme == "http" ? "80" : "443");
  if (host.empty() || port.empty()) throw ConfigError("server '" + server + "' has no host");
  return {scheme + "://" + tls_server_name + ":" + port + server.substr(path_start),
          tls_server_name + ":" + port + ":" + host + ":" + port, "Host: " + authority};
}

}  // namespace kspan::daemon
