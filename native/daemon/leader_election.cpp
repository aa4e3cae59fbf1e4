#include "leader_election.hpp"

#include <unistd.h>

#include <nlohmann/json.hpp>
#include <random>

#include "clock.hpp"
#include "log.hpp"

namespace kspan::daemon {
namespace {

using nlohmann::json;

// MicroTime, as the Lease's fields are written.
std::string micro_time(int64_t ns) {
  std::string s = rfc3339_ns(ns);
  return s.substr(0, 26) + "Z";
}

}  // namespace

std::string default_identity() {
  std::string base;
  if (const char* pod = std::getenv("POD_NAME"); pod && *pod) base = pod;
  else {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    base = host;
  }
  std::mt19937_64 random{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  std::string suffix;
  for (int i = 0; i < 8; ++i) suffix.push_back(kHex[random() % 16]);
  return base + "_" + suffix;
}

LeaderElector::LeaderElector(ApiClient& client, LeaderElectionOptions options)
    : client_(client), options_(std::move(options)) {
  if (options_.identity.empty()) options_.identity = default_identity();
}

LeaderElector::~LeaderElector() {
  renewing_stop_.request("done");
  if (renewer_.joinable()) renewer_.join();
}

std::string LeaderElector::lease_path() const {
  return "/apis/coordination.k8s.io/v1/namespaces/" + options_.namespace_name + "/leases/" + options_.name;
}

LeaderElector::Outcome LeaderElector::try_acquire_or_renew() {
  const int64_t now = now_ns();
  const auto duration_s = std::chrono::duration_cast<std::chrono::seconds>(options_.lease_duration).count();
  ApiResponse got = client_.get(lease_path());
  if (got.status == 404) {
    json lease{{"apiVersion", "coordination.k8s.io/v1"},
               {"kind", "Lease"},
               {"metadata", {{"name", options_.name}, {"namespace", options_.namespace_name}}},
               {"spec", {{"holderIdentity", options_.identity}, {"leaseDurationSeconds", duration_s},
                         {"acquireTime", micro_time(now)}, {"renewTime", micro_time(now)}, {"leaseTransitions", 0}}}};
    Request create{"POST", "/apis/coordination.k8s.io/v1/namespaces/" + options_.namespace_name + "/leases", kAcceptJson,
                   lease.dump()};
    ApiResponse r = client_.send(create);
    return r.ok() ? Outcome::kLeading : (r.status == 409 ? Outcome::kHeldByOther : Outcome::kFailed);
  }
  if (!got.ok()) {
    log_warn("leader election: cannot read the lease", {{"status", got.status}, {"error", got.error}});
    return Outcome::kFailed;
  }
  json lease = json::parse(got.body, nullptr, false);
  if (!lease.is_object()) return Outcome::kFailed;
  json& spec = lease["spec"];
  if (!spec.is_object()) spec = json::object();
  const std::string holder = spec.value("holderIdentity", "");
  const std::string record = holder + "|" + spec.value("renewTime", "");
  const auto local_now = std::chrono::steady_clock::now();
  if (record != observed_record_) {
    observed_record_ = record;
    observed_at_ = local_now;
  }
  const int64_t held_for = spec.value("leaseDurationSeconds", duration_s);
  const bool expired = local_now > observed_at_ + std::chrono::seconds(held_for);
  if (!holder.empty() && holder != options_.identity && !expired) return Outcome::kHeldByOther;
  if (holder != options_.identity) {
    spec["acquireTime"] = micro_time(now);
    spec["leaseTransitions"] = spec.value("leaseTransitions", 0) + (holder.empty() ? 0 : 1);
  }
  spec["holderIdentity"] = options_.identity;
  spec["leaseDurationSeconds"] = duration_s;
  spec["renewTime"] = micro_time(now);
  ApiResponse put = client_.send(Request{"PUT", lease_path(), kAcceptJson, lease.dump()});
  if (put.ok()) return Outcome::kLeading;
  return put.status == 409 ? Outcome::kHeldByOther : Outcome::kFailed;
}

bool LeaderElector::acquire(const StopFlag& stop) {
  log_info("leader election: waiting for the lease", {{"lease", options_.namespace_name + "/" + options_.name},
                                                      {"identity", options_.identity}});
  while (!stop.requested()) {
    if (try_acquire_or_renew() == Outcome::kLeading) {
      leading_ = true;
      log_info("leader election: leading", {{"identity", options_.identity}});
      return true;
    }
    if (stop.wait_for(options_.retry_period)) break;
  }
  return false;
}

void LeaderElector::keep_renewing(StopFlag& stop) {
  renewer_ = std::thread([this, &stop] {
    auto last_renewal = std::chrono::steady_clock::now();
    while (!renewing_stop_.wait_for(options_.retry_period)) {
      if (try_acquire_or_renew() == Outcome::kLeading) {
        last_renewal = std::chrono::steady_clock::now();
        continue;
      }
      if (std::chrono::steady_clock::now() - last_renewal >= options_.renew_deadline) {
        leading_ = false;
        log_error("leader election: lost the lease; stopping", {{"identity", options_.identity}});
        stop.request("lost leadership");
        return;
      }
    }
  });
}

void LeaderElector::release() {
  renewing_stop_.request("released");
  if (renewer_.joinable()) renewer_.join();
  if (!leading_) return;
  ApiResponse got = client_.get(lease_path());
  json lease = json::parse(got.body, nullptr, false);
  if (!got.ok() || !lease.is_object() || lease["spec"].value("holderIdentity", "") != options_.identity) return;
  lease["spec"]["holderIdentity"] = "";
  lease["spec"]["leaseDurationSeconds"] = 1;
  lease["spec"]["renewTime"] = micro_time(now_ns());
  Request put{"PUT", lease_path(), kAcceptJson, lease.dump()};
  put.timeout = std::chrono::seconds(2);
  client_.send(put);
  leading_ = false;
  log_info("leader election: lease released", {{"identity", options_.identity}});
}

}  // namespace kspan::daemon
