#include "api_client.hpp"

#include <curl/curl.h>

#include <mutex>

#include "log.hpp"
#include "refusal.hpp"

namespace kspan::daemon {
namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

curl_blob blob(const std::string& pem) {
  return curl_blob{const_cast<char*>(pem.data()), pem.size(), CURL_BLOB_COPY};
}

}  // namespace

// What one transfer collects: the body, or the lines of a watch.
struct ApiClient::Transfer {
  CURL* curl = nullptr;
  curl_slist* headers = nullptr;
  curl_slist* connect_to = nullptr;  // tls-server-name: connect to the server's own address
  std::string body;
  const LineHandler* on_line = nullptr;
  const std::atomic<bool>* stop = nullptr;
  std::string carry;  // a watch line not yet complete
  bool streaming = false;
  bool stopped = false;
  std::chrono::seconds idle{0};  // a watch: end when nothing arrives for this long
  Identity identity;
  char error_detail[CURL_ERROR_SIZE] = {};  // libcurl's message with the TLS library's reason
  std::string tls_alert;  // libcurl's lines about TLS alerts

  ~Transfer() {
    if (headers) curl_slist_free_all(headers);
    if (connect_to) curl_slist_free_all(connect_to);
    if (curl) curl_easy_cleanup(curl);
  }

  // A watch delivers lines only on 200; any other answer is a body to read.
  bool deliver(const char* data, size_t size) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (!streaming || status != 200) {
      body.append(data, size);
      return true;
    }
    std::string_view chunk(data, size);
    while (!chunk.empty()) {
      const size_t newline = chunk.find('\n');
      if (newline == std::string_view::npos) {
        carry.append(chunk);
        break;
      }
      bool more;
      if (carry.empty()) {
        more = (*on_line)(chunk.substr(0, newline));
      } else {
        carry.append(chunk.substr(0, newline));
        more = (*on_line)(carry);
        carry.clear();
      }
      chunk.remove_prefix(newline + 1);
      if (!more) return false;
    }
    return true;
  }

  static size_t on_write(char* data, size_t size, size_t count, void* self) {
    auto* t = static_cast<Transfer*>(self);
    if (!t->deliver(data, size * count)) {
      t->stopped = true;
      return 0;  // ends the transfer
    }
    return size * count;
  }

  // libcurl's informational lines: a TLS alert the server sent may be reported there only,
  // while the transfer fails with a plain "Failed sending data to the peer".
  static int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* self) {
    auto* t = static_cast<Transfer*>(self);
    if (type != CURLINFO_TEXT || t->tls_alert.size() > 512) return 0;
    std::string_view line(data, size);
    if (line.find("alert") == std::string_view::npos) return 0;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ':')) line.remove_suffix(1);
    t->tls_alert.append(t->tls_alert.empty() ? "" : "; ").append(line);
    return 0;
  }

  static int on_progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(self);
    if (t->stop != nullptr && t->stop->load()) {
      t->stopped = true;
      return 1;
    }
    return 0;
  }
};

ApiClient::ApiClient(const ClusterConfig& config, std::string user_agent)
    : config_(config),
      route_(server_route(config.server, config.tls_server_name)),
      user_agent_(std::move(user_agent)),
      credentials_(std::make_shared<Credentials>(config)) {
  global_init();
  if (config_.insecure_skip_tls_verify)
    log_warn("insecure-skip-tls-verify is set: the API server's certificate is not verified", {{"server", config_.server}});
}

ApiClient::~ApiClient() = default;

ApiResponse ApiClient::perform(Transfer& t, const Request& request) {
  t.curl = curl_easy_init();
  if (t.curl == nullptr) return ApiResponse{0, "", "curl_easy_init failed"};
  CURL* c = t.curl;
  const std::string url = route_.base_url + request.path;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, t.error_detail);
  if (!t.streaming) {
    // A login is refused on the first request, a list; watches come only after one succeeded,
    // so their many chunks need not pass through the debug callback.
    curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, &Transfer::on_debug);
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, &t);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
  }
  if (!route_.connect_to.empty()) {
    t.connect_to = curl_slist_append(t.connect_to, route_.connect_to.c_str());
    curl_easy_setopt(c, CURLOPT_CONNECT_TO, t.connect_to);
    t.headers = curl_slist_append(t.headers, route_.host_header.c_str());
  }
  curl_easy_setopt(c, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  // Lists may come gzip-compressed; a watch must not (a compressor holds back the lines).
  if (!t.streaming) curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c, CURLOPT_USERAGENT, user_agent_.c_str());
  if (config_.insecure_skip_tls_verify) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  curl_blob ca = blob(config_.ca_pem);
  if (!config_.ca_pem.empty()) curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &ca);
  else if (!config_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, config_.ca_file.c_str());
  const std::string& cert_pem = !t.identity.client_certificate_pem.empty() ? t.identity.client_certificate_pem : config_.client_certificate_pem;
  const std::string& key_pem = !t.identity.client_key_pem.empty() ? t.identity.client_key_pem : config_.client_key_pem;
  curl_blob cert = blob(cert_pem), key = blob(key_pem);
  if (!cert_pem.empty()) curl_easy_setopt(c, CURLOPT_SSLCERT_BLOB, &cert);
  else if (!config_.client_certificate_file.empty()) curl_easy_setopt(c, CURLOPT_SSLCERT, config_.client_certificate_file.c_str());
  if (!key_pem.empty()) curl_easy_setopt(c, CURLOPT_SSLKEY_BLOB, &key);
  else if (!config_.client_key_file.empty()) curl_easy_setopt(c, CURLOPT_SSLKEY, config_.client_key_file.c_str());

  t.headers = curl_slist_append(t.headers, ("Accept: " + request.accept).c_str());
  if (!t.identity.authorization.empty())
    t.headers = curl_slist_append(t.headers, ("Authorization: " + t.identity.authorization).c_str());
  if (request.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    t.headers = curl_slist_append(t.headers, ("Content-Type: " + request.content_type).c_str());
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, t.headers);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Transfer::on_write);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  if (t.stop != nullptr) {
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &Transfer::on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  }
  if (t.streaming) {
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>(t.idle.count()));
  } else {
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(request.timeout.count()));
  }

  const CURLcode code = curl_easy_perform(c);
  ApiResponse r;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  r.body = std::move(t.body);
  if (t.stopped) r.error = "stopped";
  else if (code != CURLE_OK) {
    TransportFailure failure;
    failure.error = t.error_detail[0] != '\0' ? t.error_detail : curl_easy_strerror(code);
    failure.tls_alert = t.tls_alert;
    curl_off_t handshake_us = 0;
    curl_easy_getinfo(c, CURLINFO_APPCONNECT_TIME_T, &handshake_us);
    failure.after_handshake = handshake_us > 0;
    failure.connection_lost = code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING;
    r.error = explain_transport_error(failure, config_);
  }
  if (code != CURLE_OK && !t.stopped && !t.streaming) r.status = 0;
  return r;
}

ApiResponse ApiClient::with_reauth(const std::function<ApiResponse()>& attempt) {
  ApiResponse r = attempt();
  if (r.status == 401) {
    credentials_->refused();
    r = attempt();
    if (r.status == 401 && r.error.empty()) r.error = explain_unauthorized(config_);
  }
  return r;
}

ApiResponse ApiClient::send(const Request& request) {
  return with_reauth([&] {
    Transfer t;
    try {
      t.identity = credentials_->identity();
    } catch (const ConfigError& e) {
      return ApiResponse{0, "", e.what()};
    }
    t.stop = request.stop;
    return perform(t, request);
  });
}

ApiResponse ApiClient::get(const std::string& path, const std::string& accept) {
  Request r;
  r.path = path;
  r.accept = accept;
  return send(r);
}

ApiResponse ApiClient::stream(const std::string& path, const std::string& accept, const LineHandler& on_line,
                              const std::atomic<bool>& stop, std::chrono::seconds idle_timeout) {
  return with_reauth([&] {
    Transfer t;
    try {
      t.identity = credentials_->identity();
    } catch (const ConfigError& e) {
      return ApiResponse{0, "", e.what()};
    }
    t.streaming = true;
    t.on_line = &on_line;
    t.stop = &stop;
    Request request;
    request.path = path;
    request.accept = accept;
    t.idle = idle_timeout;
    return perform(t, request);
  });
}

}  // namespace kspan::daemon
