// Who the daemon is on each request: a static token, a token file re-read whenever it changes
// (projected service account tokens rotate about hourly), an exec plugin's token cached until
// its expirationTimestamp, or basic auth. Client certificates come from the config or the
// plugin. Thread-safe: every watch thread asks before each request.
#pragma once
#include <cstdint>
#include <ctime>
#include <mutex>
#include <optional>
#include <string>

#include "cluster_config.hpp"
#include "exec_credential.hpp"

namespace kspan::daemon {

struct Identity {
  std::string authorization;  // the Authorization header's value; empty when none
  std::string client_certificate_pem;
  std::string client_key_pem;
};

class Credentials {
 public:
  explicit Credentials(const ClusterConfig& config);

  // Throws ConfigError when a token file cannot be read or the plugin fails.
  Identity identity();
  // The server answered 401: the cached token is dropped (file re-read, plugin run again).
  void refused();

 private:
  std::string file_token();
  std::string exec_token(Identity& identity);

  ClusterConfig config_;
  std::mutex mutex_;
  // Token file: the contents and the file's state when read.
  std::string file_token_;
  struct timespec file_mtime_ {};
  int64_t file_size_ = -1;
  uint64_t file_inode_ = 0;
  // Exec plugin.
  std::optional<ExecCredential> exec_cached_;
};

}  // namespace kspan::daemon
