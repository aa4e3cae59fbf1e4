// OTEL_EXPORTER_OTLP_COMPRESSION=gzip for HTTP bodies (gRPC compresses by itself).
#pragma once
#include <string>
#include <string_view>

namespace kspan::exporter {

std::string gzip_compress(std::string_view plain);  // throws std::runtime_error

}  // namespace kspan::exporter
