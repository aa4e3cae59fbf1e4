#include "credentials.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base64.hpp"
#include "clock.hpp"
#include "log.hpp"

namespace kspan::daemon {
namespace {

// A token close to expiry is renewed a little early, so no request carries a stale one.
constexpr int64_t kExpirySlackNs = 10'000'000'000;

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot read token file " + path + ": " + std::strerror(errno));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

Credentials::Credentials(const ClusterConfig& config) : config_(config) {}

std::string Credentials::file_token() {
  struct stat st {};
  if (stat(config_.token_file.c_str(), &st) != 0)
    throw ConfigError("cannot read token file " + config_.token_file + ": " + std::strerror(errno));
  const bool changed = st.st_mtim.tv_sec != file_mtime_.tv_sec || st.st_mtim.tv_nsec != file_mtime_.tv_nsec ||
                       st.st_size != file_size_ || st.st_ino != file_inode_;
  if (changed || file_token_.empty()) {
    std::string token = trimmed(read_file(config_.token_file));
    if (!file_token_.empty() && token != file_token_) log_info("token file changed; using the new token", {{"file", config_.token_file}});
    file_token_ = std::move(token);
    file_mtime_ = st.st_mtim;
    file_size_ = st.st_size;
    file_inode_ = st.st_ino;
  }
  return file_token_;
}

std::string Credentials::exec_token(Identity& identity) {
  const bool expired = exec_cached_ && exec_cached_->expires_ns && *exec_cached_->expires_ns - kExpirySlackNs <= now_ns();
  if (!exec_cached_ || expired) {
    exec_cached_ = run_exec_plugin(*config_.exec);
    log_debug("exec plugin gave a credential", {{"command", config_.exec->command},
                                               {"expires", exec_cached_->expires_ns ? rfc3339_ns(*exec_cached_->expires_ns) : "never"}});
  }
  if (!exec_cached_->client_certificate_pem.empty()) {
    identity.client_certificate_pem = exec_cached_->client_certificate_pem;
    identity.client_key_pem = exec_cached_->client_key_pem;
  }
  return exec_cached_->token;
}

Identity Credentials::identity() {
  std::lock_guard lock(mutex_);
  Identity id;
  std::string token;
  if (config_.exec) token = exec_token(id);
  else if (!config_.token_file.empty()) token = file_token();
  if (token.empty()) token = config_.token;
  if (!token.empty()) id.authorization = "Bearer " + token;
  else if (!config_.username.empty()) id.authorization = "Basic " + base64_encode(config_.username + ":" + config_.password);
  return id;
}

void Credentials::refused() {
  std::lock_guard lock(mutex_);
  exec_cached_.reset();
  file_token_.clear();
}

}  // namespace kspan::daemon
