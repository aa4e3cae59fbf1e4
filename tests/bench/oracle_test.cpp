// The ground truth on hand-built scenarios: what correlation.md gives, including where the spec
// differs from the generator's own idea of the cause.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "oracle.hpp"

using namespace kspan::gen;

namespace {

constexpr int64_t kT0 = 1709251200LL * kSecond;  // 2024-03-01T00:00:00Z
int64_t at(double seconds) { return kT0 + static_cast<int64_t>(seconds * 1e9); }

Ref ref(std::string kind, std::string name, std::string ns = "default") {
  std::string api = kind == "Pod" || kind == "Node" ? "v1" : kind == "Job" || kind == "CronJob" ? "batch/v1" : "apps/v1";
  if (kind == "Node") ns.clear();
  return Ref{api, std::move(kind), std::move(ns), name, "uid-" + name};
}

Object object(const Ref& r, std::vector<Ref> owners, int64_t created, std::vector<int64_t> apply_times = {}) {
  Object o;
  o.ref = r;
  o.owners = std::move(owners);
  o.created_ns = created;
  ObjectVersion v;
  v.at_ns = created;
  for (int64_t t : apply_times)
    v.managed.push_back({"kubectl-client-side-apply", "Update", "", r.api_version, t / kSecond, R"({"f:spec":{}})"});
  o.versions.push_back(v);
  return o;
}

struct Builder {
  Scenario s;
  int n = 0;
  std::string event(const Ref& involved, std::string reason, std::string message, std::vector<int64_t> times,
                    const Ref* subject = nullptr) {
    Event e;
    e.uid = "ev-" + std::to_string(++n);
    e.name = involved.name + "." + std::to_string(n);
    e.ns = involved.ns.empty() ? "default" : involved.ns;
    e.involved = involved;
    e.reason = std::move(reason);
    e.message = std::move(message);
    e.component = "test";
    e.times = std::move(times);
    if (subject) e.subject = *subject;
    e.cause = "o:none";
    s.events.push_back(e);
    return e.uid;
  }
};

// uid#count -> expected parent
std::map<std::string, std::string> truth(std::shared_ptr<Scenario> s, bool dump = true) {
  char* text = nullptr;
  size_t len = 0;
  std::FILE* out = open_memstream(&text, &len);
  Oracle oracle(dump, false);
  s->start_ns = s->end_ns = kT0;
  for (const auto& e : s->events) s->end_ns = std::max(s->end_ns, e.times.back());
  oracle.add(s);
  oracle.finish(out);
  std::fclose(out);
  std::map<std::string, std::string> result;
  std::istringstream in(std::string(text, len));
  std::free(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    std::string uid, count, parent;
    std::getline(fields, uid, '\t');
    std::getline(fields, count, '\t');
    std::getline(fields, parent, '\t');
    result[uid + "#" + count] = parent;
  }
  return result;
}

}  // namespace

TEST_CASE("a rollout: scale event under the apply's root, pods under the scale, kubelet under the create",
          "[oracle]") {
  Builder b;
  const Ref dep = ref("Deployment", "web"), rs = ref("ReplicaSet", "web-5d567cc74c"), pod = ref("Pod", "web-5d567cc74c-ss4lb");
  b.s.objects = {object(dep, {}, at(-86400), {at(0)}), object(rs, {dep}, at(0.2)), object(pod, {rs}, at(0.3))};
  const auto scale = b.event(dep, "ScalingReplicaSet", "Scaled up replica set web-5d567cc74c to 1", {at(0.2)}, &rs);
  const auto create = b.event(rs, "SuccessfulCreate", "Created pod: web-5d567cc74c-ss4lb", {at(0.3)}, &pod);
  const auto pulled = b.event(pod, "Pulled", "Container image \"x\" already present on machine", {at(2)});
  const auto started = b.event(pod, "Started", "Started container web", {at(3)});
  auto t = truth(std::make_shared<Scenario>(b.s));
  CHECK(t[scale + "#1"] == "r:Deployment/default/web#0");
  CHECK(t[create + "#1"] == "e:" + scale + "#1");
  CHECK(t[pulled + "#1"] == "e:" + create + "#1");
  CHECK(t[started + "#1"] == "e:" + create + "#1");
}

TEST_CASE("a pod deleted before the dump joins through the message's evidence", "[oracle]") {
  Builder b;
  const Ref dep = ref("Deployment", "api"), rs = ref("ReplicaSet", "api-7df978b9bf"), gone = ref("Pod", "api-7df978b9bf-jm22q");
  b.s.objects = {object(dep, {}, at(-86400), {at(0)}), object(rs, {dep}, at(-86400))};
  const auto down = b.event(dep, "ScalingReplicaSet", "Scaled down replica set api-7df978b9bf to 0", {at(1)}, &rs);
  const auto del = b.event(rs, "SuccessfulDelete", "Deleted pod: api-7df978b9bf-jm22q", {at(1.1)}, &gone);
  const auto kill = b.event(gone, "Killing", "Stopping container api", {at(1.2)});
  auto t = truth(std::make_shared<Scenario>(b.s));
  CHECK(t[del + "#1"] == "e:" + down + "#1");
  CHECK(t[kill + "#1"] == "e:" + del + "#1");
}

TEST_CASE("a crash loop longer than expire_after: its last state hangs under a new root (spec, not cause)",
          "[oracle]") {
  Builder b;
  const Ref dep = ref("Deployment", "crash"), rs = ref("ReplicaSet", "crash-6b7c8d9f4"), pod = ref("Pod", "crash-6b7c8d9f4-x2k9p");
  b.s.objects = {object(dep, {}, at(-86400), {at(0)}), object(rs, {dep}, at(0.1)), object(pod, {rs}, at(0.2))};
  b.event(dep, "ScalingReplicaSet", "Scaled up replica set crash-6b7c8d9f4 to 1", {at(0.1)}, &rs);
  const auto create = b.event(rs, "SuccessfulCreate", "Created pod: crash-6b7c8d9f4-x2k9p", {at(0.2)}, &pod);
  const auto started = b.event(pod, "Started", "Started container crash", {at(2)});
  // A dump holds the last occurrence only: 20 minutes after the pod's previous event.
  const auto backoff = b.event(pod, "BackOff", "Back-off restarting failed container", {at(10), at(600), at(1200)});
  auto t = truth(std::make_shared<Scenario>(b.s));
  CHECK(t[started + "#1"] == "e:" + create + "#1");
  CHECK(t[backoff + "#3"] == "r:Deployment/default/crash#1");
  // Seen live, each occurrence is a span of its own; the first still joins the create.
  auto live = truth(std::make_shared<Scenario>(b.s), false);
  CHECK(live[backoff + "#1"] == "e:" + create + "#1");
  CHECK(live[backoff + "#2"] == "r:Deployment/default/crash#1");
}

TEST_CASE("same second: the owner's event is processed first (order key depth), whatever the clock said",
          "[oracle]") {
  Builder b;
  const Ref cj = ref("CronJob", "backup"), job = ref("Job", "backup-28487521"), pod = ref("Pod", "backup-28487521-abcde");
  b.s.objects = {object(cj, {}, at(-86400), {at(-86400)}), object(job, {cj}, at(1)), object(pod, {job}, at(1.1))};
  const auto created = b.event(cj, "SuccessfulCreate", "Created job backup-28487521", {at(1)}, &job);
  b.event(job, "SuccessfulCreate", "Created pod: backup-28487521-abcde", {at(1.1)}, &pod);
  // Completed happened first, but SawCompletedJob (on the CronJob, depth 0) sorts before it.
  const auto completed = b.event(job, "Completed", "Job completed", {at(20.2)});
  const auto saw = b.event(cj, "SawCompletedJob", "Saw completed job: backup-28487521, status: Complete", {at(20.7)}, &job);
  auto t = truth(std::make_shared<Scenario>(b.s));
  CHECK(t[saw + "#1"] == "r:CronJob/default/backup#0");
  CHECK(t[completed + "#1"] == "e:" + saw + "#1");
  CHECK(t[created + "#1"] == "r:CronJob/default/backup#0");
}

TEST_CASE("a second kubectl apply starts a second trace", "[oracle]") {
  Builder b;
  const Ref dep = ref("Deployment", "shop"), rs1 = ref("ReplicaSet", "shop-11111111"), rs2 = ref("ReplicaSet", "shop-22222222");
  // Only the newest apply survives in the object (one entry per manager).
  b.s.objects = {object(dep, {}, at(-86400), {at(120)}), object(rs1, {dep}, at(0)), object(rs2, {dep}, at(120))};
  const auto first = b.event(dep, "ScalingReplicaSet", "Scaled up replica set shop-11111111 to 1", {at(0.5)}, &rs1);
  const auto second = b.event(dep, "ScalingReplicaSet", "Scaled up replica set shop-22222222 to 1", {at(120.5)}, &rs2);
  auto t = truth(std::make_shared<Scenario>(b.s));
  CHECK(t[first + "#1"] == "r:Deployment/default/shop#0");   // an Activity root: the entry is later
  CHECK(t[second + "#1"] == "r:Deployment/default/shop#1");  // the newer spec change: a new root
}

TEST_CASE("a node's events hang side by side under its root; an hour later another root", "[oracle]") {
  Builder b;
  const Ref node = ref("Node", "ip-10-0-1-2.eu-west-1.compute.internal");
  const auto a = b.event(node, "NodeNotReady", "Node x status is now: NodeNotReady", {at(0)});
  const auto c = b.event(node, "NodeReady", "Node x status is now: NodeReady", {at(90)});
  const auto d = b.event(node, "Starting", "Starting kubelet.", {at(4000)});
  auto t = truth(std::make_shared<Scenario>(b.s));
  const std::string root = "r:Node//ip-10-0-1-2.eu-west-1.compute.internal#";
  CHECK(t[a + "#1"] == root + "0");
  CHECK(t[c + "#1"] == root + "0");
  CHECK(t[d + "#1"] == root + "1");
}
