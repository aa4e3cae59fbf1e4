// HttpClient over libcurl. One easy handle, reused so that batches share a connection;
// a client belongs to one thread (the worker).
#pragma once
#include "export_config.hpp"
#include "http_client.hpp"

typedef void CURL;

namespace kspan::exporter {

class CurlHttpClient : public HttpClient {
 public:
  explicit CurlHttpClient(TlsFiles tls);
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  HttpResponse post(const HttpRequest& request) override;

 private:
  TlsFiles tls_;
  CURL* curl_;
};

}  // namespace kspan::exporter
