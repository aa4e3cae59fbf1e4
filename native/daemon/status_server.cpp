#include "status_server.hpp"

#include <httplib.h>

#include <charconv>
#include <stdexcept>

namespace kspan::daemon {

bool split_address(const std::string& address, std::string& host, int& port) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) return false;
  host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  const std::string digits = address.substr(colon + 1);
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  return error == std::errc() && end == digits.data() + digits.size() && port >= 0 && port <= 65535;
}

StatusServer::StatusServer(StatusHandlers handlers) : handlers_(std::move(handlers)) {}

StatusServer::~StatusServer() { stop(); }

void StatusServer::start(const std::string& address) {
  std::string host;
  int port = 0;
  if (!split_address(address, host, port)) throw std::runtime_error("bad address '" + address + "' (HOST:PORT)");
  server_ = std::make_unique<httplib::Server>();
  server_->new_task_queue = [] { return new httplib::ThreadPool(2); };
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(handlers_.metrics(), "text/plain; version=0.0.4; charset=utf-8");
  });
  server_->Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    const bool ok = handlers_.healthy();
    res.status = ok ? 200 : 503;
    res.set_content(ok ? "ok\n" : "engine thread stalled\n", "text/plain");
  });
  server_->Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    const bool ok = handlers_.ready();
    res.status = ok ? 200 : 503;
    res.set_content(ok ? "ok\n" : "not ready\n", "text/plain");
  });
  port_ = port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (port_ < 0) throw std::runtime_error("cannot listen on " + address);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

void StatusServer::stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace kspan::daemon
