#include "make_exporter.hpp"

#include <filesystem>

#include "curl_http_client.hpp"
#include "grpc_exporter.hpp"
#include "http_exporter.hpp"

namespace kspan::exporter {
namespace {

// A missing file should say so now, not as a TLS error after the first batch.
void check_readable(const std::string& path, const char* what) {
  if (!path.empty() && !std::filesystem::is_regular_file(path))
    throw ConfigError(std::string(what) + " " + path + " is not a readable file");
}

}  // namespace

std::unique_ptr<SpanExporter> make_exporter(const ExportConfig& config, const std::string& scope_version) {
  check_readable(config.tls.certificate, "certificate");
  check_readable(config.tls.client_certificate, "client certificate");
  check_readable(config.tls.client_key, "client key");
  if (config.protocol == Protocol::kGrpc) return std::make_unique<GrpcExporter>(config, scope_version);
  return std::make_unique<HttpExporter>(config, scope_version, std::make_unique<CurlHttpClient>(config.tls));
}

}  // namespace kspan::exporter
