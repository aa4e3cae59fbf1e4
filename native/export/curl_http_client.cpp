#include "curl_http_client.hpp"

#include <curl/curl.h>

#include <mutex>
#include <stdexcept>

namespace kspan::exporter {
namespace {

size_t append_body(char* data, size_t size, size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

// curl_global_init is not thread-safe; do it once, before any handle exists.
void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

curl_slist* header_list(const HttpRequest& request) {
  curl_slist* list = nullptr;
  list = curl_slist_append(list, ("Content-Type: " + request.content_type).c_str());
  if (request.gzip) list = curl_slist_append(list, "Content-Encoding: gzip");
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip for large bodies
  for (const auto& [key, value] : request.headers) list = curl_slist_append(list, (key + ": " + value).c_str());
  return list;
}

std::string response_header(CURL* curl, const char* name) {
  curl_header* header = nullptr;
  if (curl_easy_header(curl, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK) return {};
  return header->value;
}

}  // namespace

CurlHttpClient::CurlHttpClient(TlsFiles tls) : tls_(std::move(tls)) {
  global_init();
  curl_ = curl_easy_init();
  if (!curl_) throw std::runtime_error("libcurl: cannot create a handle");
}

CurlHttpClient::~CurlHttpClient() { curl_easy_cleanup(curl_); }

HttpResponse CurlHttpClient::post(const HttpRequest& request) {
  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {};
  curl_slist* headers = header_list(request);
  curl_easy_reset(curl_);  // keeps the connection cache, forgets the last request's options
  curl_easy_setopt(curl_, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl_, CURLOPT_POST, 1L);
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we have threads
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response.body);
  if (!tls_.certificate.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, tls_.certificate.c_str());
  if (!tls_.client_certificate.empty()) curl_easy_setopt(curl_, CURLOPT_SSLCERT, tls_.client_certificate.c_str());
  if (!tls_.client_key.empty()) curl_easy_setopt(curl_, CURLOPT_SSLKEY, tls_.client_key.c_str());

  CURLcode code = curl_easy_perform(curl_);
  curl_slist_free_all(headers);
  if (code != CURLE_OK) {
    response.timed_out = code == CURLE_OPERATION_TIMEDOUT;
    response.transport_error = std::string(curl_easy_strerror(code)) + (*error ? std::string(": ") + error : "");
    response.body.clear();
    return response;
  }
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &response.status);
  const char* type = nullptr;
  if (curl_easy_getinfo(curl_, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type) response.content_type = type;
  response.retry_after = response_header(curl_, "Retry-After");
  return response;
}

}  // namespace kspan::exporter
