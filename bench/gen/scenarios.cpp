#include "scenarios.hpp"

#include <algorithm>
#include <cstdio>

namespace kspan::gen {
namespace {

constexpr const char* kApps[] = {"checkout", "cart",     "payments", "search",   "auth",      "orders",
                                 "inventory", "billing", "gateway",  "frontend", "notifier",  "catalog",
                                 "shipping", "ledger",   "profile",  "session",  "media",     "reports",
                                 "analytics", "pricing", "reviews",  "accounts", "identity",  "ingest"};
constexpr const char* kRoles[] = {"api", "worker", "web", "svc", "consumer", "sync", "grpc", "cache"};
constexpr const char* kStores[] = {"postgres", "redis", "kafka", "zookeeper", "etcd", "rabbitmq", "mongo", "minio"};
constexpr const char* kStoreRoles[] = {"primary", "replica", "broker", "cluster", "data", "store"};
constexpr const char* kAgents[] = {"fluent-bit", "node-exporter", "kube-proxy", "calico-node", "csi-node",
                                   "datadog-agent", "falco", "cilium"};
constexpr const char* kAgentRoles[] = {"ds", "agent", "node", "daemon"};
constexpr const char* kJobs[] = {"backup", "report", "cleanup", "sync", "rotate", "export", "reindex", "digest"};
constexpr const char* kJobRoles[] = {"nightly", "hourly", "logs", "certs", "db", "cache", "users", "index"};
constexpr const char* kTools[] = {"toolbox", "netdebug", "psql-client", "curlbox", "migrate-once"};
constexpr const char* kRegistries[] = {"registry.example.com/platform", "ghcr.io/acme", "docker.io/library",
                                       "123456789012.dkr.ecr.eu-west-1.amazonaws.com"};

constexpr std::string_view kSuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";
constexpr std::string_view kHashAlphabet = "456789bcdf";

std::string format_duration(int64_t ns) {
  char buf[48];
  if (ns >= kSecond)
    std::snprintf(buf, sizeof buf, "%.9gs", static_cast<double>(ns) / 1e9);
  else
    std::snprintf(buf, sizeof buf, "%.6gms", static_cast<double>(ns) / 1e6);
  return buf;
}

std::string fields_kubectl_deployment(const std::string& container) {
  return R"({"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}},"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:progressDeadlineSeconds":{},"f:replicas":{},"f:revisionHistoryLimit":{},"f:selector":{},"f:strategy":{"f:rollingUpdate":{".":{},"f:maxSurge":{},"f:maxUnavailable":{}},"f:type":{}},"f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\")" +
         container +
         R"(\"}":{".":{},"f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:ports":{},"f:resources":{"f:limits":{},"f:requests":{}}}},"f:dnsPolicy":{},"f:restartPolicy":{},"f:schedulerName":{},"f:terminationGracePeriodSeconds":{}}}}})";
}
const std::string kFieldsDeploymentStatus =
    R"({"f:metadata":{"f:annotations":{"f:deployment.kubernetes.io/revision":{}}},"f:status":{"f:availableReplicas":{},"f:conditions":{".":{},"k:{\"type\":\"Available\"}":{".":{},"f:lastTransitionTime":{},"f:lastUpdateTime":{},"f:message":{},"f:reason":{},"f:status":{},"f:type":{}},"k:{\"type\":\"Progressing\"}":{".":{},"f:lastTransitionTime":{},"f:lastUpdateTime":{},"f:message":{},"f:reason":{},"f:status":{},"f:type":{}}},"f:observedGeneration":{},"f:readyReplicas":{},"f:replicas":{},"f:updatedReplicas":{}}})";
const std::string kFieldsScale = R"({"f:spec":{"f:replicas":{}}})";
const std::string kFieldsPodController =
    R"({"f:metadata":{"f:generateName":{},"f:labels":{".":{},"f:app":{},"f:pod-template-hash":{}},"f:ownerReferences":{".":{}}},"f:spec":{"f:containers":{},"f:dnsPolicy":{},"f:enableServiceLinks":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},"f:terminationGracePeriodSeconds":{}}})";
const std::string kFieldsPodStatus =
    R"({"f:status":{"f:conditions":{"k:{\"type\":\"ContainersReady\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}},"k:{\"type\":\"Initialized\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}},"k:{\"type\":\"Ready\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}}},"f:containerStatuses":{},"f:hostIP":{},"f:phase":{},"f:podIP":{},"f:podIPs":{".":{},"k:{\"ip\":\"10.244.1.7\"}":{".":{},"f:ip":{}}},"f:startTime":{}}})";
const std::string kFieldsRs =
    R"({"f:metadata":{"f:annotations":{".":{},"f:deployment.kubernetes.io/desired-replicas":{},"f:deployment.kubernetes.io/max-replicas":{},"f:deployment.kubernetes.io/revision":{}},"f:labels":{".":{},"f:app":{},"f:pod-template-hash":{}},"f:ownerReferences":{".":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{},"f:pod-template-hash":{}}},"f:spec":{"f:containers":{},"f:dnsPolicy":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},"f:terminationGracePeriodSeconds":{}}}}})";
const std::string kFieldsRsStatus =
    R"({"f:status":{"f:availableReplicas":{},"f:fullyLabeledReplicas":{},"f:observedGeneration":{},"f:readyReplicas":{},"f:replicas":{}}})";
const std::string kFieldsKubectlGeneric =
    R"({"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}},"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:selector":{},"f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{},"f:restartPolicy":{},"f:terminationGracePeriodSeconds":{}}}}})";
const std::string kFieldsGenericStatus = R"({"f:status":{"f:conditions":{},"f:observedGeneration":{}}})";
const std::string kFieldsNodeKubelet =
    R"({"f:metadata":{"f:annotations":{".":{},"f:node.alpha.kubernetes.io/ttl":{},"f:volumes.kubernetes.io/controller-managed-attach-detach":{}},"f:labels":{".":{},"f:beta.kubernetes.io/arch":{},"f:beta.kubernetes.io/os":{},"f:kubernetes.io/arch":{},"f:kubernetes.io/hostname":{},"f:kubernetes.io/os":{}}},"f:status":{"f:conditions":{},"f:daemonEndpoints":{},"f:images":{},"f:nodeInfo":{}}})";
const std::string kFieldsNodeController = R"({"f:spec":{"f:podCIDR":{},"f:podCIDRs":{".":{},"v:\"10.244.3.0/24\"":{}}}})";

class Builder {
 public:
  Builder(Scenario& s, Rng& r, Cluster& c) : s_(s), r_(r), c_(c) {}

  Rng& rng() { return r_; }
  Cluster& cluster() { return c_; }
  Scenario& scenario() { return s_; }

  // A moment a little after t, unique at microsecond resolution within the scenario.
  int64_t after(int64_t t, int64_t min_ms, int64_t max_ms) {
    int64_t v = t + r_.range(min_ms * 1000, max_ms * 1000) * 1000 + r_.range(1, 999);
    note(v);
    return v;
  }
  void note(int64_t t) { s_.end_ns = std::max(s_.end_ns, t); }

  size_t add_object(Object o) {
    s_.objects.push_back(std::move(o));
    return s_.objects.size() - 1;
  }
  Object& obj(size_t i) { return s_.objects[i]; }

  static Ref ref_of(const Object& o) { return o.ref; }

  // An event with one occurrence at t.
  size_t event(const Ref& involved, std::string reason, std::string message, std::string component,
               std::string host, int64_t t, std::string cause, bool warning = false) {
    Event e;
    e.uid = r_.uuid();
    e.ns = involved.ns.empty() ? "default" : involved.ns;
    e.involved = involved;
    e.reason = std::move(reason);
    e.message = std::move(message);
    e.component = std::move(component);
    e.host = std::move(host);
    e.warning = warning;
    e.times.push_back(t);
    e.observe_delay_ns = r_.range(2, 400) * kMilli + r_.range(0, 999999);
    e.cause = std::move(cause);
    char hex[24];
    std::snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(t));
    e.name = involved.name + "." + hex;
    note(t);
    s_.events.push_back(std::move(e));
    return s_.events.size() - 1;
  }
  Event& ev(size_t i) { return s_.events[i]; }
  std::string key(size_t event_index) const { return "e:" + s_.events[event_index].uid; }

  std::string image(const std::string& app) {
    char v[32];
    std::snprintf(v, sizeof v, ":%d.%d.%d", static_cast<int>(r_.range(1, 4)), static_cast<int>(r_.range(0, 30)),
                  static_cast<int>(r_.range(0, 12)));
    return std::string(r_.pick(kRegistries)) + "/" + app + v;
  }
  std::string hash() { return r_.chars(kHashAlphabet, static_cast<size_t>(r_.range(8, 10))); }
  std::string suffix() { return r_.chars(kSuffixAlphabet, 5); }

  Object make_object(std::string api_version, std::string kind, std::string ns, std::string name, int64_t created) {
    Object o;
    o.ref = Ref{std::move(api_version), std::move(kind), std::move(ns), std::move(name), r_.uuid()};
    o.created_ns = created;
    return o;
  }

  // A Pod owned by a controller, created at t.
  size_t make_pod(const Object& owner, std::string name, int64_t t, const std::string& app, const std::string& image,
                  const std::string& node, const std::string& hash_label) {
    Object p = make_object("v1", "Pod", owner.ref.ns, std::move(name), t);
    p.owners.push_back(owner.ref);
    p.labels = {{"app", app}};
    if (!hash_label.empty()) p.labels.push_back({"pod-template-hash", hash_label});
    p.container = owner.container.empty() ? app : owner.container;
    p.hash = hash_label;
    ObjectVersion v;
    v.at_ns = t;
    v.image = image;
    v.phase = "Pending";
    v.node = node;
    v.managed.push_back({"kube-controller-manager", "Update", "", "v1", t / kSecond, kFieldsPodController});
    p.versions.push_back(v);
    return add_object(std::move(p));
  }

  void pod_state(size_t pod, int64_t t, const std::string& phase, int restarts = -1) {
    Object& p = obj(pod);
    ObjectVersion v = p.last();
    v.at_ns = t;
    v.phase = phase;
    if (restarts >= 0) v.restarts = restarts;
    bool has_status = false;
    for (auto& m : v.managed)
      if (m.manager == "kubelet") {
        m.time_s = t / kSecond;
        has_status = true;
      }
    if (!has_status) v.managed.push_back({"kubelet", "Update", "status", "v1", t / kSecond, kFieldsPodStatus});
    p.versions.push_back(v);
  }

  void delete_object(size_t i, int64_t t) {
    obj(i).deleted_ns = t;
    note(t);
  }

  std::string field_path(size_t pod) { return "spec.containers{" + obj(pod).container + "}"; }

  size_t kubelet(size_t pod, std::string reason, std::string message, int64_t t, const std::string& cause,
                 bool warning = false) {
    const Object& p = obj(pod);
    size_t e = event(p.ref, std::move(reason), std::move(message), "kubelet", p.last().node, t, cause, warning);
    ev(e).field_path = field_path(pod);
    return e;
  }

  size_t scheduled(size_t pod, int64_t t, const std::string& cause) {
    const Object& p = obj(pod);
    size_t e = event(p.ref, "Scheduled",
                     "Successfully assigned " + p.ref.ns + "/" + p.ref.name + " to " + p.last().node,
                     "default-scheduler", "", t, cause);
    Event& x = ev(e);
    x.new_api = true;
    x.action = "Binding";
    x.reporting_instance = "default-scheduler-" + c_.nodes().front();
    return e;
  }

  // Scheduled, Pulling/Pulled, Created, Started. Returns when the container started.
  int64_t start_pod(size_t pod, int64_t t, const std::string& cause, bool image_present) {
    int64_t s = after(t, 3, 60);
    scheduled(pod, s, cause);
    const std::string image = obj(pod).last().image;
    int64_t pulled;
    if (image_present) {
      pulled = after(s, 300, 1500);
      kubelet(pod, "Pulled", "Container image \"" + image + "\" already present on machine", pulled, cause);
    } else {
      int64_t pulling = after(s, 300, 1500);
      kubelet(pod, "Pulling", "Pulling image \"" + image + "\"", pulling, cause);
      int64_t took = r_.range(800, 14000) * kMilli + r_.range(0, 999999);
      pulled = pulling + took;
      note(pulled);
      kubelet(pod, "Pulled",
              "Successfully pulled image \"" + image + "\" in " + format_duration(took) + " (" +
                  format_duration(took + r_.range(0, 40) * kMilli) + " including waiting)",
              pulled, cause);
    }
    int64_t created = after(pulled, 20, 400);
    kubelet(pod, "Created", "Created container " + obj(pod).container, created, cause);
    int64_t started = after(created, 30, 700);
    kubelet(pod, "Started", "Started container " + obj(pod).container, started, cause);
    pod_state(pod, started, "Running", 0);
    return started;
  }

  // A container that keeps exiting from `started` until `until`: restarts with kubelet's back-off
  // (10 s doubling to 5 min); Pulled/Created/Started and BackOff repeat (count > 1).
  void crash_loop(size_t pod, int64_t started, int64_t until, const std::string& cause, size_t pulled_event,
                  size_t created_event, size_t started_event) {
    const Object& p = obj(pod);
    const std::string msg = "Back-off restarting failed container " + p.container + " in pod " + p.ref.name + "_" +
                            p.ref.ns + "(" + p.ref.uid + ")";
    size_t backoff = SIZE_MAX;
    size_t unhealthy = SIZE_MAX;
    int64_t delay = 10 * kSecond;
    int64_t t = started;
    int restarts = 0;
    const bool probe = r_.chance(0.5);
    while (true) {
      int64_t exit_at = t + r_.range(1000, 15000) * kMilli + r_.range(0, 999999);
      if (probe) {
        int64_t u = exit_at - r_.range(100, 900) * kMilli;
        if (u > t && u < until) {
          if (unhealthy == SIZE_MAX) {
            unhealthy = kubelet(pod, "Unhealthy",
                                "Liveness probe failed: Get \"http://10.244." + std::to_string(r_.range(0, 20)) + "." +
                                    std::to_string(r_.range(2, 250)) + ":8080/healthz\": dial tcp: connect: connection refused",
                                u, cause, true);
          } else {
            ev(unhealthy).times.push_back(u);
          }
        }
      }
      // While waiting for the back-off, kubelet reports BackOff at each sync (about every 10-20 s).
      int64_t restart_at = exit_at + delay;
      for (int64_t b = exit_at + r_.range(500, 3000) * kMilli; b < restart_at && b < until;
           b += r_.range(9000, 21000) * kMilli) {
        if (backoff == SIZE_MAX) {
          backoff = kubelet(pod, "BackOff", msg, b, cause, true);
        } else {
          ev(backoff).times.push_back(b);
        }
      }
      if (restart_at >= until) break;
      ++restarts;
      int64_t pulled = restart_at + r_.range(50, 400) * kMilli;
      int64_t created = pulled + r_.range(20, 300) * kMilli;
      int64_t st = created + r_.range(30, 500) * kMilli;
      if (st >= until) break;
      // A restarted container reuses the Pulled/Created/Started events: their count goes up.
      if (ev(pulled_event).message.find("already present") == std::string::npos) {
        // The first pull was a real pull; restarts find the image present: a new event.
        size_t present = kubelet(pod, "Pulled", "Container image \"" + obj(pod).last().image + "\" already present on machine",
                                 pulled, cause);
        pulled_event = present;
      } else {
        ev(pulled_event).times.push_back(pulled);
      }
      ev(created_event).times.push_back(created);
      ev(started_event).times.push_back(st);
      t = st;
      delay = std::min(delay * 2, 300 * kSecond);
    }
    pod_state(pod, until - kMilli, "Running", restarts);
    note(until);
  }

  // An image that cannot be pulled, from t until `until`.
  void image_pull_failure(size_t pod, int64_t t, int64_t until, const std::string& cause) {
    int64_t s = after(t, 3, 60);
    scheduled(pod, s, cause);
    const std::string image = obj(pod).last().image;
    const std::string err = r_.chance(0.5)
                                ? "rpc error: code = NotFound desc = failed to pull and unpack image \"" + image +
                                      "\": failed to resolve reference \"" + image + "\": " + image + ": not found"
                                : "rpc error: code = Unknown desc = failed to pull and unpack image \"" + image +
                                      "\": failed to resolve reference \"" + image +
                                      "\": pulling from host " + image.substr(0, image.find('/')) +
                                      " failed with status code [manifests " + image.substr(image.rfind(':') + 1) +
                                      "]: 401 Unauthorized";
    size_t pulling = SIZE_MAX, failed = SIZE_MAX, errpull = SIZE_MAX, backoff = SIZE_MAX, errbackoff = SIZE_MAX;
    int64_t delay = 10 * kSecond;
    int64_t at = after(s, 200, 1200);
    while (at < until) {
      if (pulling == SIZE_MAX) {
        pulling = kubelet(pod, "Pulling", "Pulling image \"" + image + "\"", at, cause);
      } else {
        ev(pulling).times.push_back(at);
      }
      int64_t f = at + r_.range(300, 2500) * kMilli;
      if (f >= until) break;
      if (failed == SIZE_MAX) {
        failed = kubelet(pod, "Failed", "Failed to pull image \"" + image + "\": " + err, f, cause, true);
        errpull = kubelet(pod, "Failed", "Error: ErrImagePull", f + 1000, cause, true);
      } else {
        ev(failed).times.push_back(f);
        ev(errpull).times.push_back(f + 1000);
      }
      int64_t next = f + delay;
      for (int64_t b = f + r_.range(400, 2000) * kMilli; b < next && b < until; b += r_.range(10000, 16000) * kMilli) {
        if (backoff == SIZE_MAX) {
          backoff = kubelet(pod, "BackOff", "Back-off pulling image \"" + image + "\"", b, cause);
          errbackoff = kubelet(pod, "Failed", "Error: ImagePullBackOff", b + 1000, cause, true);
        } else {
          ev(backoff).times.push_back(b);
          ev(errbackoff).times.push_back(b + 1000);
        }
      }
      at = next;
      delay = std::min(delay * 2, 300 * kSecond);
    }
    note(until);
  }

  size_t killing(size_t pod, int64_t t, const std::string& cause) {
    return kubelet(pod, "Killing", "Stopping container " + obj(pod).container, t, cause);
  }

 private:
  Scenario& s_;
  Rng& r_;
  Cluster& c_;
};

ObjectVersion template_version(int64_t at, int64_t generation, int replicas, const std::string& image) {
  ObjectVersion v;
  v.at_ns = at;
  v.generation = generation;
  v.replicas = replicas;
  v.ready = replicas;
  v.image = image;
  return v;
}

// Sets the kubectl-client-side-apply entry (one per manager and operation, as the API server keeps them).
void set_entry(ObjectVersion& v, const FieldsEntry& e) {
  for (auto& m : v.managed)
    if (m.manager == e.manager && m.operation == e.operation && m.subresource == e.subresource) {
      m = e;
      return;
    }
  v.managed.push_back(e);
}

std::string scaled(const char* dir, const std::string& rs, int to, int from, bool new_style) {
  std::string m = std::string("Scaled ") + dir + " replica set " + rs + " to " + std::to_string(to);
  if (new_style) m += " from " + std::to_string(from);
  return m;
}

// ---------------------------------------------------------------------------------------------
// Deployment: rollouts (rolling update with maxSurge 1, maxUnavailable 0), failures, HPA.
void deployment(Builder& b, int64_t t0) {
  Rng& r = b.rng();
  const std::string ns = b.cluster().ns(r);
  const std::string name = b.cluster().unique_name(r, kApps, std::size(kApps), kRoles, std::size(kRoles));
  const bool new_style = r.chance(0.6);  // Kubernetes 1.26+ writes "to N from M"
  int replicas = static_cast<int>(r.chance(0.1) ? r.range(6, 12) : r.range(1, 4));
  const bool existed = r.chance(0.7);

  Object dep = b.make_object("apps/v1", "Deployment", ns, name, existed ? t0 - r.range(2, 90) * 86400 * kSecond : t0);
  dep.container = name.substr(0, name.find('-'));
  dep.labels = {{"app", name}};
  size_t d = b.add_object(std::move(dep));
  int64_t generation = existed ? r.range(2, 40) : 1;

  struct Rs {
    size_t obj;
    std::string name;
    std::vector<size_t> pods;  // live pods
    int size = 0;
  };
  std::vector<Rs> sets;
  auto new_rs = [&](int64_t t, const std::string& image) {
    std::string h = b.hash();
    Object rs = b.make_object("apps/v1", "ReplicaSet", ns, name + "-" + h, t);
    rs.owners.push_back(b.obj(d).ref);
    rs.labels = {{"app", name}, {"pod-template-hash", h}};
    rs.hash = h;
    rs.container = b.obj(d).container;
    ObjectVersion v = template_version(t, 1, 0, image);
    v.managed.push_back({"kube-controller-manager", "Update", "", "apps/v1", t / kSecond, kFieldsRs});
    rs.versions.push_back(v);
    sets.push_back({b.add_object(std::move(rs)), name + "-" + h, {}, 0});
    return sets.size() - 1;
  };
  auto rs_size = [&](Rs& s, int64_t t, int size) {
    s.size = size;
    Object& o = b.obj(s.obj);
    ObjectVersion v = o.last();
    v.at_ns = t;
    v.replicas = size;
    v.ready = size;
    v.generation++;
    for (auto& m : v.managed) m.time_s = t / kSecond;
    if (v.managed.size() < 2) v.managed.push_back({"kube-controller-manager", "Update", "status", "apps/v1", t / kSecond, kFieldsRsStatus});
    o.versions.push_back(v);
  };
  auto dep_version = [&](int64_t t, int reps, const std::string& image, const FieldsEntry* entry) {
    Object& o = b.obj(d);
    ObjectVersion v = o.versions.empty() ? ObjectVersion{} : o.last();
    v.at_ns = t;
    v.replicas = reps;
    v.ready = reps;
    v.image = image;
    if (entry) {
      v.generation = ++generation;
      set_entry(v, *entry);
    }
    set_entry(v, {"kube-controller-manager", "Update", "status", "apps/v1", t / kSecond, kFieldsDeploymentStatus});
    o.versions.push_back(v);
  };
  const std::string dep_key = "o:" + identity(b.obj(d).ref);

  // Scale RS s up by one pod (or to `to` at once); returns the pods created and their create events.
  auto create_pod = [&](Rs& s, int64_t t, const std::string& cause, const std::string& image) {
    std::string pod_name = s.name + "-" + b.suffix();
    size_t p = b.make_pod(b.obj(s.obj), pod_name, t, name, image, b.cluster().node(r), b.obj(s.obj).hash);
    size_t e = b.event(b.obj(s.obj).ref, "SuccessfulCreate", "Created pod: " + pod_name, "replicaset-controller", "", t,
                       cause);
    b.ev(e).subject = b.obj(p).ref;
    s.pods.push_back(p);
    return std::pair{p, e};
  };
  auto delete_pod = [&](Rs& s, int64_t t, const std::string& cause) {
    size_t p = s.pods.front();
    s.pods.erase(s.pods.begin());
    const std::string msg = "Deleted pod: " + b.obj(p).ref.name;
    size_t e = b.event(b.obj(s.obj).ref, "SuccessfulDelete", msg, "replicaset-controller", "", t, cause);
    b.ev(e).subject = b.obj(p).ref;
    int64_t k = b.after(t, 5, 120);
    b.killing(p, k, b.key(e));
    b.delete_object(p, k + r.range(1, 30) * kSecond);
    return k;
  };
  auto scale_event = [&](Rs& s, const char* dir, int to, int from, int64_t t, const std::string& cause) {
    size_t e = b.event(b.obj(d).ref, "ScalingReplicaSet", scaled(dir, s.name, to, from, new_style),
                       "deployment-controller", "", t, cause);
    b.ev(e).subject = b.obj(s.obj).ref;
    rs_size(s, t, to);
    return e;
  };

  // The state before the recording: an old ReplicaSet with its pods running.
  std::string image = b.image(b.obj(d).container);
  int64_t t = t0;
  if (existed) {
    size_t old = new_rs(b.obj(d).created_ns + r.range(1, 3600) * kSecond, image);
    Rs& s = sets[old];
    s.size = replicas;
    b.obj(s.obj).versions.back().replicas = replicas;
    for (int i = 0; i < replicas; ++i) {
      std::string pod_name = s.name + "-" + b.suffix();
      size_t p = b.make_pod(b.obj(s.obj), pod_name, b.obj(s.obj).created_ns + r.range(1, 60) * kSecond, name, image,
                            b.cluster().node(r), b.obj(s.obj).hash);
      b.obj(p).versions.back().phase = "Running";
      s.pods.push_back(p);
    }
    FieldsEntry apply{"kubectl-client-side-apply", "Update", "", "apps/v1", b.obj(s.obj).created_ns / kSecond,
                      fields_kubectl_deployment(b.obj(d).container)};
    b.obj(d).created_ns = std::min(b.obj(d).created_ns, b.obj(s.obj).created_ns);
    dep_version(b.obj(s.obj).created_ns, replicas, image, &apply);
  }

  const int rollouts = static_cast<int>(r.chance(0.25) ? r.range(2, 3) : 1);
  size_t current = sets.empty() ? SIZE_MAX : 0;
  for (int k = 0; k < rollouts; ++k) {
    // kubectl apply: a new managedFields entry touching f:spec, then the controller reacts.
    const int64_t apply_at = t;
    image = b.image(b.obj(d).container);
    FieldsEntry apply{"kubectl-client-side-apply", "Update", "", "apps/v1", apply_at / kSecond,
                      fields_kubectl_deployment(b.obj(d).container)};
    dep_version(apply_at, replicas, image, &apply);
    const double fate = r.next() % 1000 / 1000.0;
    enum { Ok, PullFail, Crash, Unschedulable } kind = fate < 0.82 ? Ok : fate < 0.88 ? PullFail : fate < 0.94 ? Crash : Unschedulable;
    int64_t at = b.after(apply_at, 10, 900);
    size_t fresh = new_rs(at, image);
    Rs* old = current == SIZE_MAX ? nullptr : &sets[current];
    if (old == nullptr) {
      // A new Deployment: the ReplicaSet goes to full size at once.
      size_t up = scale_event(sets[fresh], "up", replicas, 0, at, dep_key);
      int64_t last = at;
      for (int i = 0; i < replicas; ++i) {
        int64_t ct = b.after(at, 5, 80);
        auto [p, ce] = create_pod(sets[fresh], ct, b.key(up), image);
        if (kind == PullFail && i == 0) {
          b.image_pull_failure(p, ct, ct + r.range(60, 400) * kSecond, b.key(ce));
          continue;
        }
        int64_t st = b.start_pod(p, ct, b.key(ce), false);
        last = std::max(last, st);
      }
      t = last;
    } else {
      int up_to = 0;
      int64_t step = at;
      bool stalled = false;
      for (int i = 1; i <= replicas; ++i) {
        size_t up = scale_event(sets[fresh], "up", i, i - 1, step, dep_key);
        up_to = i;
        int64_t ct = b.after(step, 5, 60);
        auto [p, ce] = create_pod(sets[fresh], ct, b.key(up), image);
        if (kind == PullFail && i == 1) {
          int64_t until = ct + r.range(90, 600) * kSecond;
          b.image_pull_failure(p, ct, until, b.key(ce));
          step = until;
          stalled = true;
          break;
        }
        if (kind == Unschedulable && i == 1) {
          // No node has room: the scheduler retries, the cluster autoscaler adds a node.
          const Object& pod = b.obj(p);
          const int nodes = static_cast<int>(b.cluster().node_count());
          size_t fs = b.event(pod.ref, "FailedScheduling",
                              "0/" + std::to_string(nodes) + " nodes are available: " + std::to_string(nodes) +
                                  " Insufficient cpu. preemption: 0/" + std::to_string(nodes) +
                                  " nodes are available: " + std::to_string(nodes) +
                                  " No preemption victims found for incoming pod.",
                              "default-scheduler", "", b.after(ct, 3, 40), b.key(ce), true);
          b.ev(fs).new_api = true;
          b.ev(fs).action = "Scheduling";
          b.ev(fs).reporting_instance = "default-scheduler-" + b.cluster().nodes().front();
          int64_t ft = b.ev(fs).times[0];
          b.event(pod.ref, "TriggeredScaleUp",
                  "pod triggered scale-up: [{eks-workers-" + r.chars("abc", 1) + " " + std::to_string(nodes) + "->" +
                      std::to_string(nodes + 1) + " (max: " + std::to_string(nodes + 8) + ")}]",
                  "cluster-autoscaler", "", b.after(ft, 1000, 9000), b.key(ce));
          int64_t sched_at = ft + r.range(40, 140) * kSecond;
          for (int64_t x = ft + r.range(10, 30) * kSecond; x < sched_at; x += r.range(10, 40) * kSecond)
            b.ev(fs).times.push_back(x + r.range(0, 999999));
          int64_t st = b.start_pod(p, sched_at, b.key(ce), false);
          step = b.after(st, 1000, 8000);
        } else if (kind == Crash && i == 1) {
          // The new version crashes: the rollout stalls until someone rolls back.
          const size_t first_event = b.scenario().events.size();
          int64_t st = b.start_pod(p, ct, b.key(ce), false);
          auto& evs = b.scenario().events;
          size_t pulled = SIZE_MAX, created = SIZE_MAX, started = SIZE_MAX;
          for (size_t x = first_event; x < evs.size(); ++x) {
            if (evs[x].reason == "Pulled") pulled = x;
            if (evs[x].reason == "Created") created = x;
            if (evs[x].reason == "Started") started = x;
          }
          int64_t until = st + r.range(60, 900) * kSecond;
          b.crash_loop(p, st, until, b.key(ce), pulled, created, started);
          step = until;
          stalled = true;
          break;
        } else {
          int64_t st = b.start_pod(p, ct, b.key(ce), r.chance(0.3));
          step = b.after(st, 1000, 8000);  // readiness
        }
        // The old ReplicaSet gives up one pod.
        size_t down = scale_event(*old, "down", replicas - i, replicas - i + 1, step, dep_key);
        int64_t dt = b.after(step, 5, 60);
        delete_pod(*old, dt, b.key(down));
        step = b.after(dt, 50, 1500);
      }
      t = step;
      if (stalled) {
        // Rolled back: kubectl apply of the old image (the old ReplicaSet stays the current one).
        int64_t fix = t + r.range(5, 60) * kSecond;
        FieldsEntry again{"kubectl-client-side-apply", "Update", "", "apps/v1", fix / kSecond,
                          fields_kubectl_deployment(b.obj(d).container)};
        dep_version(fix, replicas, b.obj(old->obj).last().image, &again);
        int64_t at2 = b.after(fix, 10, 900);
        Rs& bad = sets[fresh];
        size_t down = scale_event(bad, "down", 0, up_to, at2, dep_key);
        int64_t dt = b.after(at2, 5, 60);
        while (!bad.pods.empty()) dt = delete_pod(bad, b.after(dt, 1, 30), b.key(down));
        // The old ReplicaSet never went below its size here.
        t = b.after(dt, 500, 3000);
        continue;
      }
    }
    if (old != nullptr) {
      // Scaled to 0 by the last step; the old pods are gone.
    }
    current = fresh;
    if (k + 1 < rollouts) t += r.range(2, 40) * 60 * kSecond;  // the next kubectl apply
  }

  // An HPA that scales the current ReplicaSet up under load and back down later.
  if (current != SIZE_MAX && r.chance(0.25)) {
    Rs& s = sets[current];
    Object hpa = b.make_object("autoscaling/v2", "HorizontalPodAutoscaler", ns, name,
                               b.obj(d).created_ns + r.range(1, 100) * kSecond);
    hpa.versions.push_back(template_version(hpa.created_ns, 1, replicas, ""));
    hpa.versions.back().managed.push_back({"kubectl-client-side-apply", "Update", "", "autoscaling/v2",
                                           hpa.created_ns / kSecond,
                                           R"({"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}},"f:spec":{"f:maxReplicas":{},"f:metrics":{},"f:minReplicas":{},"f:scaleTargetRef":{}}})"});
    size_t h = b.add_object(std::move(hpa));
    const std::string hpa_key = "o:" + identity(b.obj(h).ref);
    int64_t when = t + r.range(30, 900) * kSecond;
    int bigger = replicas + static_cast<int>(r.range(1, 4));
    size_t rescale = b.event(b.obj(h).ref, "SuccessfulRescale",
                             "New size: " + std::to_string(bigger) +
                                 "; reason: cpu resource utilization (percentage of request) above target",
                             "horizontal-pod-autoscaler", "", when, hpa_key);
    (void)rescale;
    int64_t sc = b.after(when, 20, 600);
    FieldsEntry scale{"kube-controller-manager", "Update", "scale", "apps/v1", sc / kSecond, kFieldsScale};
    dep_version(sc, bigger, b.obj(s.obj).last().image, &scale);
    size_t up = scale_event(s, "up", bigger, replicas, sc, dep_key);
    int64_t last = sc;
    for (int i = replicas; i < bigger; ++i) {
      int64_t ct = b.after(sc, 5, 100);
      auto [p, ce] = create_pod(s, ct, b.key(up), b.obj(s.obj).last().image);
      last = std::max(last, b.start_pod(p, ct, b.key(ce), r.chance(0.5)));
    }
    if (r.chance(0.6)) {
      int64_t down_at = last + r.range(300, 1200) * kSecond;
      b.event(b.obj(h).ref, "SuccessfulRescale",
              "New size: " + std::to_string(replicas) + "; reason: All metrics below target",
              "horizontal-pod-autoscaler", "", down_at, hpa_key);
      int64_t sd = b.after(down_at, 20, 600);
      FieldsEntry scale2{"kube-controller-manager", "Update", "scale", "apps/v1", sd / kSecond, kFieldsScale};
      dep_version(sd, replicas, b.obj(s.obj).last().image, &scale2);
      size_t down = scale_event(s, "down", replicas, bigger, sd, dep_key);
      int64_t dt = b.after(sd, 5, 60);
      for (int i = replicas; i < bigger; ++i) dt = delete_pod(s, b.after(dt, 1, 40), b.key(down));
    }
  }
  // Old ReplicaSets that were scaled to 0 stay (revisionHistoryLimit); nothing more to do.
  (void)sets;
}

// ---------------------------------------------------------------------------------------------
// StatefulSet: ordered creation (claims, then pods), rolling update in reverse ordinal order.
void statefulset(Builder& b, int64_t t0) {
  Rng& r = b.rng();
  const std::string ns = b.cluster().ns(r);
  const std::string name = b.cluster().unique_name(r, kStores, std::size(kStores), kStoreRoles, std::size(kStoreRoles));
  const int replicas = static_cast<int>(r.range(1, 5));
  const bool existed = r.chance(0.6);
  Object sts = b.make_object("apps/v1", "StatefulSet", ns, name, existed ? t0 - r.range(1, 200) * 86400 * kSecond : t0);
  sts.container = name.substr(0, name.find('-'));
  sts.labels = {{"app", name}};
  size_t s = b.add_object(std::move(sts));
  const std::string key = "o:" + identity(b.obj(s).ref);
  std::string image = b.image(b.obj(s).container);
  int64_t generation = existed ? r.range(2, 20) : 0;
  auto apply = [&](int64_t at, const std::string& img) {
    Object& o = b.obj(s);
    ObjectVersion v = o.versions.empty() ? ObjectVersion{} : o.last();
    v.at_ns = at;
    v.generation = ++generation;
    v.replicas = replicas;
    v.ready = replicas;
    v.image = img;
    set_entry(v, {"kubectl-client-side-apply", "Update", "", "apps/v1", at / kSecond, kFieldsKubectlGeneric});
    set_entry(v, {"kube-controller-manager", "Update", "status", "apps/v1", at / kSecond, kFieldsGenericStatus});
    o.versions.push_back(v);
  };
  std::vector<size_t> pods(replicas, SIZE_MAX);
  auto pod_name = [&](int i) { return name + "-" + std::to_string(i); };
  auto create = [&](int i, int64_t t, const std::string& img, bool claim) {
    if (claim) {
      b.event(b.obj(s).ref, "SuccessfulCreate",
              "create Claim data-" + pod_name(i) + " Pod " + pod_name(i) + " in StatefulSet " + name + " success",
              "statefulset-controller", "", t, key);
      t = b.after(t, 2, 30);
    }
    size_t p = b.make_pod(b.obj(s), pod_name(i), t, name, img, b.cluster().node(r), "");
    size_t e = b.event(b.obj(s).ref, "SuccessfulCreate",
                       "create Pod " + pod_name(i) + " in StatefulSet " + name + " successful", "statefulset-controller",
                       "", t, key);
    b.ev(e).subject = b.obj(p).ref;
    pods[i] = p;
    return b.start_pod(p, t, b.key(e), r.chance(0.4));
  };
  int64_t t = t0;
  if (existed) {
    int64_t created = b.obj(s).created_ns;
    apply(created, image);
    for (int i = 0; i < replicas; ++i) {
      size_t p = b.make_pod(b.obj(s), pod_name(i), created + (i + 1) * 20 * kSecond, name, image, b.cluster().node(r), "");
      b.obj(p).versions.back().phase = "Running";
      pods[i] = p;
    }
    // Rolling update: highest ordinal first, each pod deleted and re-created under the same name.
    image = b.image(b.obj(s).container);
    apply(t, image);
    int64_t step = b.after(t, 10, 700);
    for (int i = replicas - 1; i >= 0; --i) {
      size_t del = b.event(b.obj(s).ref, "SuccessfulDelete",
                           "delete Pod " + pod_name(i) + " in StatefulSet " + name + " successful",
                           "statefulset-controller", "", step, key);
      b.ev(del).subject = b.obj(pods[i]).ref;
      int64_t k = b.after(step, 5, 100);
      b.killing(pods[i], k, b.key(del));
      int64_t gone = k + r.range(1, 30) * kSecond;
      b.delete_object(pods[i], gone);
      int64_t st = create(i, b.after(gone, 50, 900), image, false);
      step = b.after(st, 1000, 10000);
    }
    t = step;
  } else {
    apply(t, image);
    int64_t step = b.after(t, 10, 700);
    for (int i = 0; i < replicas; ++i) {
      int64_t st = create(i, step, image, true);
      step = b.after(st, 1000, 10000);
    }
    t = step;
  }
  b.note(t);
}

// ---------------------------------------------------------------------------------------------
// DaemonSet: one pod per node; a rolling update replaces them node by node.
void daemonset(Builder& b, int64_t t0) {
  Rng& r = b.rng();
  const std::string ns = r.chance(0.7) ? "kube-system" : b.cluster().ns(r);
  const std::string name = b.cluster().unique_name(r, kAgents, std::size(kAgents), kAgentRoles, std::size(kAgentRoles));
  Object ds = b.make_object("apps/v1", "DaemonSet", ns, name, t0 - r.range(1, 300) * 86400 * kSecond);
  ds.container = name.substr(0, name.rfind('-'));
  ds.labels = {{"app", name}};
  size_t d = b.add_object(std::move(ds));
  const std::string key = "o:" + identity(b.obj(d).ref);
  const bool old_name = r.chance(0.2);  // `daemon-set` before Kubernetes 1.9
  const std::string component = old_name ? "daemon-set" : "daemonset-controller";
  std::string image = b.image(b.obj(d).container);
  const auto& nodes = b.cluster().nodes();
  const size_t n = std::min<size_t>(nodes.size(), static_cast<size_t>(r.range(2, 12)));
  auto version = [&](int64_t at, int64_t gen, const std::string& img) {
    Object& o = b.obj(d);
    ObjectVersion v = o.versions.empty() ? ObjectVersion{} : o.last();
    v.at_ns = at;
    v.generation = gen;
    v.replicas = static_cast<int>(n);
    v.ready = static_cast<int>(n);
    v.image = img;
    set_entry(v, {"kubectl-client-side-apply", "Update", "", "apps/v1", at / kSecond, kFieldsKubectlGeneric});
    set_entry(v, {"kube-controller-manager", "Update", "status", "apps/v1", at / kSecond, kFieldsGenericStatus});
    o.versions.push_back(v);
  };
  const int64_t created = b.obj(d).created_ns;
  version(created, 3, image);
  std::vector<size_t> pods;
  for (size_t i = 0; i < n; ++i) {
    size_t p = b.make_pod(b.obj(d), name + "-" + b.suffix(), created + 10 * kSecond, name, image, nodes[i], "");
    b.obj(p).versions.back().phase = "Running";
    pods.push_back(p);
  }
  image = b.image(b.obj(d).container);
  version(t0, 4, image);
  int64_t step = b.after(t0, 20, 900);
  for (size_t i = 0; i < n; ++i) {
    const std::string prefix = r.chance(0.15) ? "(combined from similar events): " : "";
    size_t del = b.event(b.obj(d).ref, "SuccessfulDelete", prefix + "Deleted pod: " + b.obj(pods[i]).ref.name, component,
                         "", step, key);
    b.ev(del).subject = b.obj(pods[i]).ref;
    int64_t k = b.after(step, 5, 80);
    b.killing(pods[i], k, b.key(del));
    int64_t gone = k + r.range(2, 30) * kSecond;
    b.delete_object(pods[i], gone);
    int64_t ct = b.after(gone, 20, 500);
    std::string pod_name = name + "-" + b.suffix();
    size_t p = b.make_pod(b.obj(d), pod_name, ct, name, image, nodes[i], "");
    size_t ce = b.event(b.obj(d).ref, "SuccessfulCreate", prefix + "Created pod: " + pod_name, component, "", ct, key);
    b.ev(ce).subject = b.obj(p).ref;
    int64_t st = b.start_pod(p, ct, b.key(ce), false);
    step = b.after(st, 500, 6000);
  }
  b.note(step);
}

// ---------------------------------------------------------------------------------------------
// Jobs: a pod that runs to completion; a CronJob creates one per schedule tick.
struct JobRun {
  size_t job;
  size_t pod;
  int64_t done;
  bool failed;
};

JobRun run_job(Builder& b, size_t job, int64_t t, bool fail, const std::string& job_cause) {
  Rng& r = b.rng();
  Object& j = b.obj(job);
  const Ref jref = j.ref;
  std::string pod_name = jref.name + "-" + b.suffix();
  size_t p = b.make_pod(j, pod_name, t, j.labels.empty() ? jref.name : j.labels[0].second, j.last().image,
                        b.cluster().node(r), "");
  size_t ce = b.event(jref, "SuccessfulCreate", "Created pod: " + pod_name, "job-controller", "", t, job_cause);
  b.ev(ce).subject = b.obj(p).ref;
  int64_t st = b.start_pod(p, t, b.key(ce), r.chance(0.7));
  int64_t end = st + r.range(2, 90) * kSecond + r.range(0, 999999);
  JobRun run{job, p, end, fail};
  if (fail) {
    b.pod_state(p, end, "Failed");
    b.event(jref, "BackoffLimitExceeded", "Job has reached the specified backoff limit", "job-controller", "",
            b.after(end, 10, 900), job_cause, true);
  } else {
    b.pod_state(p, end, "Succeeded");
    b.event(jref, "Completed", "Job completed", "job-controller", "", b.after(end, 10, 900), job_cause);
  }
  run.done = b.scenario().end_ns;
  return run;
}

void cronjob(Builder& b, int64_t t0) {
  Rng& r = b.rng();
  const std::string ns = b.cluster().ns(r);
  const std::string name = b.cluster().unique_name(r, kJobs, std::size(kJobs), kJobRoles, std::size(kJobRoles));
  constexpr int kEvery[] = {1, 2, 5, 10, 15};
  const int every = kEvery[r.below(std::size(kEvery))];
  const int runs = static_cast<int>(r.range(2, every == 1 ? 90 : 12));
  Object cj = b.make_object("batch/v1", "CronJob", ns, name, t0 - r.range(1, 100) * 86400 * kSecond);
  cj.schedule = "*/" + std::to_string(every) + " * * * *";
  cj.container = name.substr(0, name.find('-'));
  cj.labels = {{"app", name}};
  ObjectVersion v;
  v.at_ns = cj.created_ns;
  v.generation = 1;
  v.image = b.image(cj.container);
  v.managed.push_back({"kubectl-client-side-apply", "Update", "", "batch/v1", cj.created_ns / kSecond,
                       R"({"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}},"f:spec":{"f:concurrencyPolicy":{},"f:failedJobsHistoryLimit":{},"f:jobTemplate":{"f:spec":{"f:template":{"f:spec":{"f:containers":{},"f:restartPolicy":{}}}}},"f:schedule":{},"f:successfulJobsHistoryLimit":{},"f:suspend":{}}})"});
  cj.versions.push_back(v);
  size_t c = b.add_object(std::move(cj));
  const std::string ckey = "o:" + identity(b.obj(c).ref);
  // The first tick at or after t0.
  int64_t minute = (t0 / kSecond + 59) / 60;
  minute += (every - minute % every) % every;
  std::vector<size_t> history;
  for (int i = 0; i < runs; ++i) {
    const int64_t tick = (minute + static_cast<int64_t>(i) * every) * 60 * kSecond;
    const std::string job_name = name + "-" + std::to_string(minute + static_cast<int64_t>(i) * every);
    int64_t at = b.after(tick, 5, 900);
    Object job = b.make_object("batch/v1", "Job", ns, job_name, at);
    job.owners.push_back(b.obj(c).ref);
    job.labels = {{"app", name}};
    job.container = b.obj(c).container;
    ObjectVersion jv;
    jv.at_ns = at;
    jv.image = b.obj(c).last().image;
    jv.managed.push_back({"kube-controller-manager", "Update", "", "batch/v1", at / kSecond,
                          R"({"f:metadata":{"f:ownerReferences":{".":{}}},"f:spec":{"f:backoffLimit":{},"f:completions":{},"f:parallelism":{},"f:template":{}}})"});
    job.versions.push_back(jv);
    size_t j = b.add_object(std::move(job));
    size_t created = b.event(b.obj(c).ref, "SuccessfulCreate", "Created job " + job_name, "cronjob-controller", "", at,
                             ckey);
    b.ev(created).subject = b.obj(j).ref;
    // The Job's own events are caused by the CronJob's "Created job".
    JobRun run = run_job(b, j, b.after(at, 5, 200), r.chance(0.05), b.key(created));
    size_t saw = b.event(b.obj(c).ref, "SawCompletedJob",
                         "Saw completed job: " + job_name + ", status: " + (run.failed ? "Failed" : "Complete"),
                         "cronjob-controller", "", b.after(run.done, 5, 500), ckey);
    b.ev(saw).subject = b.obj(j).ref;
    history.push_back(j);
    if (history.size() > 3) {
      size_t old = history.front();
      history.erase(history.begin());
      size_t del = b.event(b.obj(c).ref, "SuccessfulDelete", "Deleted job " + b.obj(old).ref.name,
                           "cronjob-controller", "", b.after(b.ev(saw).times[0], 5, 300), ckey);
      b.ev(del).subject = b.obj(old).ref;
      int64_t gone = b.ev(del).times[0] + kMilli;
      b.delete_object(old, gone);
      // Its pod goes with it (garbage collector: no event).
      for (size_t o = 0; o < b.scenario().objects.size(); ++o)
        if (b.obj(o).ref.kind == "Pod" && !b.obj(o).owners.empty() && b.obj(o).owners[0].uid == b.obj(old).ref.uid)
          b.delete_object(o, gone + kMilli);
    }
  }
}

void job(Builder& b, int64_t t0) {
  Rng& r = b.rng();
  const std::string ns = b.cluster().ns(r);
  const std::string name = b.cluster().unique_name(r, kJobs, std::size(kJobs), kJobRoles, std::size(kJobRoles));
  Object job = b.make_object("batch/v1", "Job", ns, name, t0);
  job.labels = {{"app", name}};
  job.container = name.substr(0, name.find('-'));
  ObjectVersion v;
  v.at_ns = t0;
  v.image = b.image(job.container);
  v.managed.push_back({"kubectl-client-side-apply", "Update", "", "batch/v1", t0 / kSecond,
                       R"({"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}},"f:spec":{"f:backoffLimit":{},"f:template":{"f:spec":{"f:containers":{},"f:restartPolicy":{}}}}})"});
  job.versions.push_back(v);
  size_t j = b.add_object(std::move(job));
  const std::string key = "o:" + identity(b.obj(j).ref);
  run_job(b, j, b.after(t0, 20, 500), r.chance(0.1), key);
}

// ---------------------------------------------------------------------------------------------
// A standalone Pod (kubectl run): no owner; its events hang under its own root.
void standalone_pod(Builder& b, int64_t t0) {
  Rng& r = b.rng();
  const std::string ns = b.cluster().ns(r);
  std::string name = b.cluster().unique_name(r, kTools, std::size(kTools), nullptr, 0);
  Object p = b.make_object("v1", "Pod", ns, name, t0);
  p.container = name;
  p.labels = {{"run", name}};
  ObjectVersion v;
  v.at_ns = t0;
  v.image = b.image(name);
  v.node = b.cluster().node(r);
  v.phase = "Pending";
  v.managed.push_back({"kubectl-run", "Update", "", "v1", t0 / kSecond,
                       R"({"f:metadata":{"f:labels":{".":{},"f:run":{}}},"f:spec":{"f:containers":{},"f:dnsPolicy":{},"f:restartPolicy":{}}})"});
  p.versions.push_back(v);
  size_t pod = b.add_object(std::move(p));
  const std::string key = "o:" + identity(b.obj(pod).ref);
  const size_t first = b.scenario().events.size();
  int64_t st = b.start_pod(pod, t0, key, r.chance(0.5));
  if (r.chance(0.3)) {
    size_t pulled = SIZE_MAX, created = SIZE_MAX, started = SIZE_MAX;
    for (size_t x = first; x < b.scenario().events.size(); ++x) {
      if (b.ev(x).reason == "Pulled") pulled = x;
      if (b.ev(x).reason == "Created") created = x;
      if (b.ev(x).reason == "Started") started = x;
    }
    b.crash_loop(pod, st, st + r.range(60, 1500) * kSecond, key, pulled, created, started);
  }
  if (r.chance(0.5)) {
    int64_t k = b.scenario().end_ns + r.range(5, 200) * kSecond;
    b.killing(pod, k, key);
    b.delete_object(pod, k + 2 * kSecond);
  }
}

// ---------------------------------------------------------------------------------------------
// A node reboot: NotReady, kubelet starting again, Ready.
void node_incident(Builder& b, int node_index, int64_t t0) {
  Rng& r = b.rng();
  const std::string node = b.cluster().nodes()[static_cast<size_t>(node_index)];
  Ref ref{"v1", "Node", "", node, node};  // kubelet names its node by name as the uid
  const std::string key = "o:" + identity(ref);
  b.event(ref, "NodeNotReady", "Node " + node + " status is now: NodeNotReady", "node-controller", "", t0, key);
  int64_t t = t0 + r.range(20, 150) * kSecond;
  b.event(ref, "Starting", "Starting kubelet.", "kubelet", node, t, key);
  const bool reboot = r.chance(0.7);
  for (const char* cond : {"NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"}) {
    t = b.after(t, 1, 40);
    size_t e = b.event(ref, cond, "Node " + node + " status is now: " + cond, "kubelet", node, t, key);
    // kubelet reports the conditions twice when it starts: the same event, count 2.
    if (r.chance(0.5)) b.ev(e).times.push_back(b.after(t, 100, 900));
  }
  t = b.after(t, 20, 300);
  b.event(ref, "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods", "kubelet", node, t, key);
  if (reboot) {
    t = b.after(t, 10, 200);
    b.event(ref, "Rebooted", "Node " + node + " has been rebooted, boot id: " + r.uuid(), "kubelet", node, t, key, true);
  }
  t = b.after(t, 2000, 15000);
  b.event(ref, "NodeReady", "Node " + node + " status is now: NodeReady", "kubelet", node, t, key);
  if (r.chance(0.5)) {
    t = b.after(t, 500, 20000);
    b.event(ref, "RegisteredNode", "Node " + node + " event: Registered Node " + node + " in Controller",
            "node-controller", "", t, key);
  }
}

}  // namespace

std::string identity(const std::string& kind, const std::string& ns, const std::string& name) {
  std::string s = kind + "/" + ns + "/";
  for (char c : name) s += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

Cluster::Cluster(Rng& rng, uint64_t expected_events) {
  const size_t n_nodes = 6 + static_cast<size_t>(expected_events / 40000);
  for (size_t i = 0; i < std::min<size_t>(n_nodes, 400); ++i) {
    nodes_.push_back("ip-10-0-" + std::to_string(rng.range(0, 63)) + "-" + std::to_string(rng.range(2, 254)) +
                     ".eu-west-1.compute.internal");
  }
  std::sort(nodes_.begin(), nodes_.end());
  nodes_.erase(std::unique(nodes_.begin(), nodes_.end()), nodes_.end());
  node_busy_until_.assign(nodes_.size(), 0);
  constexpr const char* kNs[] = {"default", "prod", "staging", "payments", "platform", "data", "monitoring", "ingress",
                                 "search", "identity", "batch", "ml"};
  const size_t n_ns = std::min<size_t>(std::size(kNs), 4 + static_cast<size_t>(expected_events / 20000));
  for (size_t i = 0; i < n_ns; ++i) namespaces_.push_back(kNs[i]);
  for (size_t i = std::size(kNs); i < 4 + expected_events / 20000 && i < 200; ++i)
    namespaces_.push_back("team-" + std::to_string(i));
}

std::string Cluster::unique_name(Rng& r, const char* const* words, size_t n_words, const char* const* suffixes,
                                 size_t n_suffixes) {
  std::string name = words[r.below(n_words)];
  if (n_suffixes > 0) name += std::string("-") + suffixes[r.below(n_suffixes)];
  // A letters-only tag keeps names unique without looking like an ordinal or a hash.
  uint64_t n = name_counter_++;
  std::string tag;
  do {
    tag += static_cast<char>('a' + n % 26);
    n /= 26;
  } while (n > 0);
  return name + "-" + tag + "x";
}

std::vector<Object> Cluster::node_objects(int64_t base_ns) const {
  std::vector<Object> out;
  for (const auto& n : nodes_) {
    Object o;
    o.ref = Ref{"v1", "Node", "", n, n};
    o.created_ns = base_ns - 30 * 86400 * kSecond;
    ObjectVersion v;
    v.at_ns = o.created_ns;
    v.managed.push_back({"kubelet", "Update", "", "v1", o.created_ns / kSecond, kFieldsNodeKubelet});
    v.managed.push_back({"kube-controller-manager", "Update", "", "v1", o.created_ns / kSecond + 2, kFieldsNodeController});
    o.versions.push_back(v);
    o.labels = {{"kubernetes.io/hostname", n}, {"kubernetes.io/os", "linux"}};
    out.push_back(std::move(o));
  }
  return out;
}

int Cluster::reserve_node(Rng& r, int64_t from_ns, int64_t until_ns) {
  for (int attempt = 0; attempt < 4; ++attempt) {
    size_t i = r.below(nodes_.size());
    if (node_busy_until_[i] <= from_ns) {
      node_busy_until_[i] = until_ns;
      return static_cast<int>(i);
    }
  }
  return -1;
}

Scenario make_scenario(Rng& rng, Cluster& cluster, int64_t start_ns) {
  Scenario s;
  s.start_ns = start_ns;
  s.end_ns = start_ns;
  Builder b(s, rng, cluster);
  const uint64_t roll = rng.below(1000);
  if (roll < 520) {
    s.kind = "deployment";
    deployment(b, start_ns);
  } else if (roll < 600) {
    s.kind = "statefulset";
    statefulset(b, start_ns);
  } else if (roll < 660) {
    s.kind = "daemonset";
    daemonset(b, start_ns);
  } else if (roll < 800) {
    s.kind = "cronjob";
    cronjob(b, start_ns);
  } else if (roll < 880) {
    s.kind = "job";
    job(b, start_ns);
  } else if (roll < 950) {
    s.kind = "pod";
    standalone_pod(b, start_ns);
  } else {
    // A node incident, unless every node tried had one recently (its root must have expired).
    int node = cluster.reserve_node(rng, start_ns - 20 * 60 * kSecond, start_ns + 20 * 60 * kSecond);
    if (node >= 0) {
      s.kind = "node";
      node_incident(b, node, start_ns);
    } else {
      s.kind = "job";
      job(b, start_ns);
    }
  }
  return s;
}

}  // namespace kspan::gen
