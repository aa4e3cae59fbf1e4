// The rules no recording covers (tests/fixtures/README.md, last paragraph). Every dump in this file
// is SYNTHETIC: written here by hand from the Kubernetes controllers' message shapes, not recorded.
// Expected trees and ids are worked out from spec/correlation.md, not copied from the program.
#include <catch2/catch.hpp>

#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>

#include "parsed_span.hpp"
#include "test_support.hpp"

using namespace kspan;
using namespace kspan::test;
using nlohmann::json;

namespace {

constexpr int64_t kBase = 1699999200;  // 2023-11-14T22:00:00Z

std::string rfc3339(int64_t unix_seconds, int64_t micros = -1) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buf;
  if (micros >= 0) {
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%06lld", static_cast<long long>(micros));
    out += frac;
  }
  return out + "Z";
}
std::string ts(int64_t second) { return rfc3339(kBase + second); }
int64_t ns(int64_t second) { return (kBase + second) * kNanosPerSecond; }

// A synthetic core/v1 Event at whole second `second` after kBase.
json ev(const std::string& uid, const std::string& kind, const std::string& name, const std::string& reason,
        const std::string& message, const std::string& component, int64_t second, const std::string& ns = "default") {
  return json{{"apiVersion", "v1"},
              {"kind", "Event"},
              {"metadata", {{"name", name + "." + uid}, {"namespace", ns}, {"uid", uid}, {"resourceVersion", "1000"}}},
              {"involvedObject", {{"kind", kind}, {"name", name}, {"namespace", ns}}},
              {"reason", reason},
              {"message", message},
              {"type", "Normal"},
              {"source", {{"component", component}}},
              {"firstTimestamp", ts(second)},
              {"lastTimestamp", ts(second)},
              {"count", 1}};
}

// A synthetic events.k8s.io/v1 Event.
json ev_v1(const std::string& uid, const std::string& kind, const std::string& name, const std::string& reason,
           const std::string& note, const std::string& controller, const std::string& event_time,
           const std::string& ns = "default") {
  return json{{"apiVersion", "events.k8s.io/v1"},
              {"kind", "Event"},
              {"metadata", {{"name", name + "." + uid}, {"namespace", ns}, {"uid", uid}, {"resourceVersion", "1000"}}},
              {"eventTime", event_time},
              {"reportingController", controller},
              {"reportingInstance", controller + "-node-1"},
              {"action", "Scheduling"},
              {"reason", reason},
              {"regarding", {{"apiVersion", "v1"}, {"kind", kind}, {"name", name}, {"namespace", ns}}},
              {"note", note},
              {"type", "Normal"}};
}

json object(const std::string& api_version, const std::string& kind, const std::string& name, const std::string& uid,
            const std::string& ns = "default") {
  json o{{"apiVersion", api_version},
         {"kind", kind},
         {"metadata", {{"name", name}, {"uid", uid}, {"resourceVersion", "10"}}}};
  if (!ns.empty()) o["metadata"]["namespace"] = ns;
  return o;
}

json managed(const std::string& manager, const std::string& operation, int64_t second, bool spec) {
  json fields = spec ? json{{"f:spec", {{"f:replicas", json::object()}}}}
                     : json{{"f:status", {{"f:replicas", json::object()}}}};
  return json{{"apiVersion", "apps/v1"},
              {"fieldsType", "FieldsV1"},
              {"fieldsV1", fields},
              {"manager", manager},
              {"operation", operation},
              {"time", ts(second)}};
}

std::string lines(const std::vector<json>& values) {
  std::string out;
  for (const auto& v : values) out += v.dump() + "\n";
  return out;
}

Result run_lines(const std::vector<json>& values) { return run({{"synthetic.json", lines(values)}}); }

// ---- own FNV-1a, independent of the core (spec 5) ----

std::string le64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  return out;
}

void check_tree(const Result& r, const std::string& expected) {
  INFO("actual tree:\n" << r.tree);
  CHECK(canonical_tree(r.tree) == canonical_tree(expected));
}

}  // namespace

// ---------------------------------------------------------------------------------------------

TEST_CASE("HPA SuccessfulRescale stands alone under a HorizontalPodAutoscaler.Activity root", "[synthetic]") {
  json hpa = ev("hpa-1", "HorizontalPodAutoscaler", "web", "SuccessfulRescale",
                "New size: 3; reason: cpu resource utilization (percentage of request) above target",
                "horizontal-pod-autoscaler", 0);
  hpa["involvedObject"]["apiVersion"] = "autoscaling/v2";
  const json scale = ev("dep-1", "Deployment", "web", "ScalingReplicaSet", "Scaled up replica set web-6b7c8d9f4 to 3",
                        "deployment-controller", 1);
  const Result r = run_lines({hpa, scale});
  check_tree(r,
             "0: kspan HorizontalPodAutoscaler.Activity default/web\n"
             "1: horizontal-pod-autoscaler HorizontalPodAutoscaler.SuccessfulRescale (0) New size: 3; reason: cpu "
             "resource utilization (percentage of request) above target\n"
             "2: kspan Deployment.Activity default/web\n"
             "3: deployment-controller Deployment.ScalingReplicaSet (2) Scaled up replica set web-6b7c8d9f4 to 3\n");
  CHECK(r.counters.traces == 2);
  const auto spans = spans_of(r.otlp);
  const ParsedSpan& rescale = find(spans, "HorizontalPodAutoscaler.SuccessfulRescale");
  CHECK(rescale.attr("kspan.parent.rule") == "synthesised-root");
  CHECK(rescale.attr("kspan.owner.evidence") == "<absent>");
}

TEST_CASE("NodeNotReady and Rebooted hang side by side under the cluster-scoped Node's root", "[synthetic]") {
  json not_ready = ev("n-1", "Node", "node-1", "NodeNotReady", "Node node-1 status is now: NodeNotReady",
                      "node-controller", 0);
  json rebooted = ev("n-2", "Node", "node-1", "Rebooted", "Node node-1 has been rebooted, boot id: 0b5c", "kubelet", 2);
  json ready = ev("n-3", "Node", "node-1", "NodeReady", "Node node-1 status is now: NodeReady", "kubelet", 3);
  for (json* e : {&not_ready, &rebooted, &ready}) {
    // As the API server writes them: the Node has no namespace, the Event lives in "default".
    (*e)["involvedObject"] = {{"kind", "Node"}, {"name", "node-1"}, {"uid", "node-1"}};
  }
  rebooted["type"] = "Warning";
  rebooted["source"]["host"] = "node-1";
  ready["source"]["host"] = "node-1";
  const Result r = run_lines({not_ready, rebooted, ready});
  check_tree(r,
             "0: kspan Node.Activity node-1\n"
             "1: node-controller Node.NodeNotReady (0) Node node-1 status is now: NodeNotReady\n"
             "2: kubelet Node.Rebooted (0) Node node-1 has been rebooted, boot id: 0b5c\n"
             "3: kubelet Node.NodeReady (0) Node node-1 status is now: NodeReady\n");
  const auto spans = spans_of(r.otlp);
  const ParsedSpan& root = find(spans, "Node.Activity");
  CHECK(root.attr("k8s.namespace.name") == "<absent>");
  CHECK(root.attr("k8s.node.name") == "node-1");
  const ParsedSpan& reboot = find(spans, "Node.Rebooted");
  CHECK(reboot.status_code == 2);
  CHECK(reboot.status_message == "Node node-1 has been rebooted, boot id: 0b5c");
  CHECK(reboot.attr("k8s.node.name") == "node-1");
  // The involved Node has no namespace: none is reported for it.
  CHECK(reboot.attr("k8s.namespace.name") == "<absent>");
  CHECK(find(spans, "Node.NodeNotReady").status_code == 0);
}

TEST_CASE("the same Node named from two namespaces is one object", "[synthetic]") {
  json a = ev("n-1", "Node", "node-1", "NodeNotReady", "not ready", "node-controller", 0, "default");
  json b = ev("n-2", "Node", "Node-1", "NodeReady", "ready", "kubelet", 1, "kube-system");
  a["involvedObject"].erase("namespace");
  const Result r = run_lines({a, b});
  CHECK(r.counters.roots_synthesised == 1);
  CHECK(r.counters.traces == 1);
}

TEST_CASE("a CronJob run: Created job -> Job -> Created pod -> Pod", "[synthetic]") {
  // 28333320 = Unix minutes of 2023-11-14T22:00:00Z: the v2 controller's job name suffix.
  const std::vector<json> dump{
      ev("c-1", "CronJob", "backup", "SuccessfulCreate", "Created job backup-28333320", "cronjob-controller", 0),
      ev("j-1", "Job", "backup-28333320", "SuccessfulCreate", "Created pod: backup-28333320-x7k2p", "job-controller", 1),
      ev("p-1", "Pod", "backup-28333320-x7k2p", "Scheduled",
         "Successfully assigned default/backup-28333320-x7k2p to node-1", "default-scheduler", 2),
      ev("p-2", "Pod", "backup-28333320-x7k2p", "Pulled", "Container image \"busybox\" already present on machine",
         "kubelet", 3),
      ev("p-3", "Pod", "backup-28333320-x7k2p", "Started", "Started container backup", "kubelet", 4),
      ev("j-2", "Job", "backup-28333320", "Completed", "Job completed", "job-controller", 10),
      ev("c-2", "CronJob", "backup", "SawCompletedJob", "Saw completed job: backup-28333320, status: Complete",
         "cronjob-controller", 11),
  };
  const Result r = run_lines(dump);
  check_tree(r,
             "0: kspan CronJob.Activity default/backup\n"
             "1: cronjob-controller CronJob.SuccessfulCreate (0) Created job backup-28333320\n"
             "2: job-controller Job.SuccessfulCreate (1) Created pod: backup-28333320-x7k2p\n"
             "3: default-scheduler Pod.Scheduled (2) Successfully assigned default/backup-28333320-x7k2p to node-1\n"
             "4: kubelet Pod.Pulled (2) Container image \"busybox\" already present on machine\n"
             "5: kubelet Pod.Started (2) Started container backup\n"
             "6: job-controller Job.Completed (1) Job completed\n"
             "7: cronjob-controller CronJob.SawCompletedJob (0) Saw completed job: backup-28333320, status: Complete\n");
  const auto spans = spans_of(r.otlp);
  // Parent rules (spec 3) as worked out by hand.
  CHECK(find(spans, "CronJob.SuccessfulCreate").attr("kspan.parent.rule") == "synthesised-root");
  CHECK(find(spans, "Job.SuccessfulCreate").attr("kspan.parent.rule") == "actor");
  CHECK(find(spans, "Pod.Scheduled").attr("kspan.parent.rule") == "owner-action");
  CHECK(find(spans, "Pod.Scheduled").attr("kspan.owner.evidence") == "message");
  CHECK(find(spans, "Job.Completed").attr("kspan.parent.rule") == "owner-action");
  CHECK(find(spans, "CronJob.SawCompletedJob").attr("kspan.parent.rule") == "actor");
  // Re-targeted: the span is about the Job / the Pod.
  const ParsedSpan& created_job = find(spans, "CronJob.SuccessfulCreate");
  CHECK(created_job.attr("kspan.subject.kind") == "Job");
  CHECK(created_job.attr("kspan.subject.name") == "backup-28333320");
  CHECK(created_job.attr("k8s.job.name") == "backup-28333320");
  CHECK(created_job.attr("k8s.cronjob.name") == "backup");
  CHECK(created_job.attr("k8s.object.kind") == "CronJob");
  // One trace: the Activity root's ids (spec 5), the object known only by kind/namespace/name.
  const std::string key = std::string("CronJob/default/backup") + le64(0);
  const ParsedSpan& root = find(spans, "CronJob.Activity");
  CHECK(root.trace_id == fnv128_hex(key + "c-1"));
  CHECK(root.span_id == fnv64_hex(key + "c-1"));
  CHECK(root.service == "kspan");
  CHECK(root.start == ns(0));
  for (const auto& s : spans) CHECK(s.trace_id == root.trace_id);
  CHECK(r.counters.traces == 1);
}

TEST_CASE("a CronJob's Job is found by its name pattern when the CronJob event is missing", "[synthetic]") {
  const std::vector<json> dump{
      object("batch/v1", "CronJob", "backup", "cj-uid"),
      ev("j-1", "Job", "backup-28333320", "SuccessfulCreate", "Created pod: backup-28333320-x7k2p", "job-controller", 1),
      ev("p-1", "Pod", "backup-28333320-x7k2p", "Scheduled",
         "Successfully assigned default/backup-28333320-x7k2p to node-1", "default-scheduler", 2),
      ev("j-2", "Job", "backup-28333320", "Completed", "Job completed", "job-controller", 10),
  };
  const Result r = run_lines(dump);
  check_tree(r,
             "0: kspan CronJob.Activity default/backup\n"
             "1: job-controller Job.SuccessfulCreate (0) Created pod: backup-28333320-x7k2p\n"
             "2: default-scheduler Pod.Scheduled (1) Successfully assigned default/backup-28333320-x7k2p to node-1\n"
             "3: job-controller Job.Completed (0) Job completed\n");
  const auto spans = spans_of(r.otlp);
  const ParsedSpan& created = find(spans, "Job.SuccessfulCreate");
  CHECK(created.attr("kspan.owner.evidence") == "name-pattern");
  CHECK(created.attr("kspan.parent.rule") == "synthesised-root");
  const ParsedSpan& completed = find(spans, "Job.Completed");
  CHECK(completed.attr("kspan.owner.evidence") == "name-pattern");
  CHECK(completed.attr("kspan.parent.rule") == "owner");
  // The Pod's own link to the Job came from the message: the weakest link on its way is that.
  CHECK(find(spans, "Pod.Scheduled").attr("kspan.owner.evidence") == "message");
  // The CronJob was observed with a uid: the key bytes are the uid and generation 0.
  const ParsedSpan& root = find(spans, "CronJob.Activity");
  CHECK(root.trace_id == fnv128_hex("cj-uid" + le64(0) + "j-1"));
  CHECK(root.attr("k8s.object.uid") == "cj-uid");
}

TEST_CASE("a Job name whose suffix is not 8 or 10 digits is no CronJob's", "[synthetic]") {
  const std::vector<json> dump{
      object("batch/v1", "CronJob", "backup", "cj-uid"),
      ev("j-1", "Job", "backup-1234567", "SuccessfulCreate", "Created pod: backup-1234567-x7k2p", "job-controller", 1),
  };
  const Result r = run_lines(dump);
  check_tree(r,
             "0: kspan Job.Activity default/backup-1234567\n"
             "1: job-controller Job.SuccessfulCreate (0) Created pod: backup-1234567-x7k2p\n");
}

TEST_CASE("a name-pattern candidate that nothing names is not used", "[synthetic]") {
  // The Pod looks like a ReplicaSet's, but no such ReplicaSet is observed or named by an event.
  const Result r = run_lines({ev("p-1", "Pod", "web-6b7c8d9f4-x7k2p", "Scheduled", "assigned", "default-scheduler", 0)});
  check_tree(r,
             "0: kspan Pod.Activity default/web-6b7c8d9f4-x7k2p\n"
             "1: default-scheduler Pod.Scheduled (0) assigned\n");
  const auto spans = spans_of(r.otlp);
  CHECK(find(spans, "Pod.Scheduled").attr("kspan.owner.evidence") == "<absent>");
}

TEST_CASE("a Pod joins its ReplicaSet by name pattern, marked as such", "[synthetic]") {
  const Result r = run_lines({object("apps/v1", "ReplicaSet", "web-6b7c8d9f4", "rs-uid"),
                              ev("p-1", "Pod", "web-6b7c8d9f4-x7k2p", "Scheduled", "assigned", "default-scheduler", 0),
                              ev("p-2", "Pod", "web-6b7c8d9f4-x7k2p", "Pulled", "pulled", "kubelet", 1)});
  check_tree(r,
             "0: kspan ReplicaSet.Activity default/web-6b7c8d9f4\n"
             "1: default-scheduler Pod.Scheduled (0) assigned\n"
             "2: kubelet Pod.Pulled (0) pulled\n");
  const auto spans = spans_of(r.otlp);
  CHECK(find(spans, "Pod.Scheduled").attr("kspan.owner.evidence") == "name-pattern");
  // Pulled is the sibling of Scheduled (rule 5): it hangs under the ReplicaSet's root only through
  // the same name-pattern link, which must not be presented as a fact (spec 4 and 6).
  CHECK(find(spans, "Pod.Pulled").attr("kspan.parent.rule") == "sibling");
  CHECK(find(spans, "Pod.Pulled").attr("kspan.owner.evidence") == "name-pattern");
}

TEST_CASE("a StatefulSet's create Pod messages re-target to its Pods", "[synthetic]") {
  const std::vector<json> dump{
      ev("s-1", "StatefulSet", "web", "SuccessfulCreate", "create Pod web-0 in StatefulSet web successful",
         "statefulset-controller", 0),
      ev("p-1", "Pod", "web-0", "Scheduled", "Successfully assigned default/web-0 to node-1", "default-scheduler", 1),
      ev("p-2", "Pod", "web-0", "Started", "Started container nginx", "kubelet", 2),
      ev("s-2", "StatefulSet", "web", "SuccessfulCreate", "create Pod web-1 in StatefulSet web successful",
         "statefulset-controller", 3),
      ev("p-3", "Pod", "web-1", "Scheduled", "Successfully assigned default/web-1 to node-1", "default-scheduler", 4),
      ev("s-3", "StatefulSet", "web", "SuccessfulDelete", "delete Pod web-1 in StatefulSet web successful",
         "statefulset-controller", 8),
      ev("p-4", "Pod", "web-1", "Killing", "Stopping container nginx", "kubelet", 8),
  };
  const Result r = run_lines(dump);
  check_tree(r,
             "0: kspan StatefulSet.Activity default/web\n"
             "1: statefulset-controller StatefulSet.SuccessfulCreate (0) create Pod web-0 in StatefulSet web successful\n"
             "2: default-scheduler Pod.Scheduled (1) Successfully assigned default/web-0 to node-1\n"
             "3: kubelet Pod.Started (1) Started container nginx\n"
             "4: statefulset-controller StatefulSet.SuccessfulCreate (0) create Pod web-1 in StatefulSet web successful\n"
             "5: default-scheduler Pod.Scheduled (4) Successfully assigned default/web-1 to node-1\n"
             "6: statefulset-controller StatefulSet.SuccessfulDelete (0) delete Pod web-1 in StatefulSet web successful\n"
             "7: kubelet Pod.Killing (6) Stopping container nginx\n");
  const auto spans = spans_of(r.otlp);
  const ParsedSpan& create0 = find(spans, "StatefulSet.SuccessfulCreate", "create Pod web-0 in StatefulSet web successful");
  CHECK(create0.attr("kspan.subject.kind") == "Pod");
  CHECK(create0.attr("kspan.subject.name") == "web-0");
  CHECK(create0.attr("k8s.pod.name") == "web-0");
  CHECK(create0.attr("k8s.statefulset.name") == "web");
}

TEST_CASE("a DaemonSet of an old cluster (component daemon-set) re-targets its Created pod", "[synthetic]") {
  json created = ev("d-1", "DaemonSet", "fluentd", "SuccessfulCreate", "Created pod: fluentd-x7k2p", "daemon-set", 0,
                    "kube-system");
  created["involvedObject"]["apiVersion"] = "extensions/v1beta1";
  const json combined = ev("d-2", "DaemonSet", "fluentd", "SuccessfulCreate",
                           "(combined from similar events): Created pod: fluentd-b4d9z", "daemon-set", 1, "kube-system");
  const std::vector<json> dump{
      created,
      combined,
      ev("p-1", "Pod", "fluentd-x7k2p", "Pulled", "Container image \"fluentd\" already present on machine", "kubelet", 2,
         "kube-system"),
      ev("p-2", "Pod", "fluentd-b4d9z", "Pulled", "Container image \"fluentd\" already present on machine", "kubelet", 2,
         "kube-system"),
      // An apps/v1 reference to the same DaemonSet: one object whatever the group in the reference.
      object("apps/v1", "DaemonSet", "fluentd", "ds-uid", "kube-system"),
  };
  const Result r = run_lines(dump);
  check_tree(r,
             "0: kspan DaemonSet.Activity kube-system/fluentd\n"
             "1: daemon-set DaemonSet.SuccessfulCreate (0) Created pod: fluentd-x7k2p\n"
             "2: kubelet Pod.Pulled (1) Container image \"fluentd\" already present on machine\n"
             "3: daemon-set DaemonSet.SuccessfulCreate (0) (combined from similar events): Created pod: fluentd-b4d9z\n"
             "4: kubelet Pod.Pulled (3) Container image \"fluentd\" already present on machine\n");
  const auto spans = spans_of(r.otlp);
  CHECK(find(spans, "DaemonSet.SuccessfulCreate", "Created pod: fluentd-x7k2p").attr("kspan.subject.name") ==
        "fluentd-x7k2p");
  CHECK(find(spans, "DaemonSet.SuccessfulCreate", "(combined from similar events): Created pod: fluentd-b4d9z")
            .attr("kspan.subject.name") == "fluentd-b4d9z");
  CHECK(find(spans, "DaemonSet.Activity").attr("k8s.object.uid") == "ds-uid");
}

TEST_CASE("an events.k8s.io/v1 related object becomes a span link and attributes", "[synthetic]") {
  json failed = ev_v1("v-1", "Pod", "high-prio", "FailedScheduling", "0/1 nodes are available: 1 Insufficient cpu.",
                      "default-scheduler", rfc3339(kBase, 120000));
  failed["type"] = "Warning";
  failed["regarding"]["uid"] = "uid-high";
  json preempted = ev_v1("v-2", "Pod", "low-prio", "Preempted", "Preempted by default/high-prio on node node-1",
                         "default-scheduler", rfc3339(kBase + 1, 340000));
  preempted["action"] = "Preempting";
  preempted["related"] = {{"apiVersion", "v1"}, {"kind", "Pod"}, {"name", "high-prio"}, {"namespace", "default"},
                          {"uid", "uid-high"}};
  const Result r = run_lines({failed, preempted});
  const auto spans = spans_of(r.otlp);
  const ParsedSpan& p = find(spans, "Pod.Preempted");
  CHECK(p.attr("kspan.related.kind") == "Pod");
  CHECK(p.attr("kspan.related.name") == "high-prio");
  CHECK(p.attr("k8s.event.action") == "Preempting");
  CHECK(p.start == ns(1) + 340'000'000);
  const ParsedSpan& f = find(spans, "Pod.FailedScheduling");
  CHECK(f.span_id == fnv64_hex("v-1"));  // no count in the record: the uid alone
  REQUIRE(p.links.size() == 1);
  CHECK(p.links[0]["spanId"] == fnv64_hex("v-1"));
  CHECK(p.links[0]["traceId"] == f.trace_id);
  // The preemptor's trace: its Activity root, keyed by its uid.
  CHECK(f.trace_id == fnv128_hex("uid-high" + le64(0) + "v-1"));
  CHECK(p.trace_id != f.trace_id);
}

TEST_CASE("a --watch --output-watch-events stream: envelopes, DELETED ignored, one span per count", "[synthetic]") {
  json first = ev("u-1", "Pod", "crash", "BackOff", "Back-off restarting failed container", "kubelet", 0);
  first["type"] = "Warning";
  json second = first;
  second["count"] = 2;
  second["lastTimestamp"] = ts(30);
  second["metadata"]["resourceVersion"] = "1010";
  const json pulled = ev("u-2", "Pod", "crash", "Pulled", "Container image \"app\" already present on machine", "kubelet", 1);
  const json gone = ev("u-3", "Pod", "crash", "Killing", "never seen otherwise", "kubelet", 2);
  // As kubectl writes it: pretty-printed envelopes one after another, not one per line.
  std::string stream;
  for (const auto& [type, object] : std::vector<std::pair<std::string, json>>{
           {"ADDED", first}, {"ADDED", pulled}, {"DELETED", gone}, {"MODIFIED", second}, {"DELETED", first}}) {
    stream += json{{"type", type}, {"object", object}}.dump(4) + "\n";
  }
  const Result r = run({{"watch.json", stream}});
  CHECK(r.counters.events == 3);
  check_tree(r,
             "0: kspan Pod.Activity default/crash\n"
             "1: kubelet Pod.BackOff (0) Back-off restarting failed container\n"
             "2: kubelet Pod.Pulled (0) Container image \"app\" already present on machine\n"
             "3: kubelet Pod.BackOff (0) Back-off restarting failed container\n");
  const auto spans = spans_of(r.otlp);
  const ParsedSpan* once = by_id(spans, fnv64_hex("u-11"));
  const ParsedSpan* twice = by_id(spans, fnv64_hex("u-12"));
  REQUIRE(once != nullptr);
  REQUIRE(twice != nullptr);
  CHECK(once->start == ns(0));
  CHECK(twice->start == ns(30));
  CHECK(twice->attr("k8s.event.count") == "2");
  CHECK(twice->attr("kspan.event.first_time").rfind(ts(0).substr(0, 19), 0) == 0);
  CHECK(r.tree.find("never seen otherwise") == std::string::npos);
}

TEST_CASE("topLevelSpan: no parent, trace id from the object's key bytes", "[synthetic]") {
  json deploy = ev("t-1", "Deployment", "api", "Deploy", "deploying version 2", "flux", 0);
  deploy["metadata"]["annotations"] = {{"topLevelSpan", "true"}};
  deploy["count"] = 1;
  json dep = object("apps/v1", "Deployment", "api", "dep-uid");
  dep["metadata"]["generation"] = 3;
  const json scale = ev("t-2", "Deployment", "api", "ScalingReplicaSet", "Scaled up replica set api-6b7c8d9f4 to 1",
                        "deployment-controller", 1);
  const Result r = run_lines({dep, deploy, scale});
  check_tree(r,
             "0: flux Deployment.Deploy deploying version 2\n"
             "1: deployment-controller Deployment.ScalingReplicaSet (0) Scaled up replica set api-6b7c8d9f4 to 1\n");
  CHECK(r.counters.roots_synthesised == 0);
  const auto spans = spans_of(r.otlp);
  const ParsedSpan& top = find(spans, "Deployment.Deploy");
  CHECK(top.parent_span_id.empty());
  CHECK(top.span_id == fnv64_hex("t-11"));
  CHECK(top.trace_id == fnv128_hex("dep-uid" + le64(3)));
  CHECK(top.attr("kspan.parent.rule") == "top-level-annotation");
  const ParsedSpan& child = find(spans, "Deployment.ScalingReplicaSet");
  CHECK(child.trace_id == top.trace_id);
  CHECK(child.parent_span_id == top.span_id);

  SECTION("an object never observed: kind/namespace/name and generation 0") {
    const Result r2 = run_lines({deploy});
    const auto spans2 = spans_of(r2.otlp);
    const ParsedSpan& top2 = find(spans2, "Deployment.Deploy");
    CHECK(top2.parent_span_id.empty());
    CHECK(top2.trace_id == fnv128_hex("Deployment/default/api" + le64(0)));
  }
}

namespace {
// An event on the Deployment of tests/fixtures/kspan/managed-fields/*.yaml (kube-system/coredns).
json coredns_event(const std::string& time) {
  json e = ev("mf-1", "Deployment", "coredns", "ScalingReplicaSet", "Scaled up replica set coredns-f9fd979d6 to 2",
              "deployment-controller", 0, "kube-system");
  e["involvedObject"]["apiVersion"] = "apps/v1";
  e["firstTimestamp"] = e["lastTimestamp"] = time;
  return e;
}
constexpr int64_t kKubeadmTime = 1606236760;  // 2020-11-24T16:52:40Z
constexpr int64_t kOtherTime = 1606236836;    // 2020-11-24T16:53:56Z
constexpr int64_t kEventTime = 1606236840;    // 2020-11-24T16:54:00Z
}  // namespace

TEST_CASE("managedFields choose the root: kubeadm's spec change", "[synthetic][managed-fields]") {
  const Result r = run({fixture_source("kspan/managed-fields/kubeadm-updated-spec.yaml"),
                        {"event.json", lines({coredns_event("2020-11-24T16:54:00Z")})}});
  check_tree(r,
             "0: kubeadm Deployment.Update kube-system/coredns\n"
             "1: deployment-controller Deployment.ScalingReplicaSet (0) Scaled up replica set coredns-f9fd979d6 to 2\n");
  const auto spans = spans_of(r.otlp);
  const ParsedSpan& root = find(spans, "Deployment.Update");
  CHECK(root.service == "kubeadm");
  CHECK(root.start == kKubeadmTime * kNanosPerSecond);
  CHECK(root.end >= kEventTime * kNanosPerSecond);  // it covers its child
  CHECK(root.attr("k8s.object.generation") == "1");
  // No uid in the object: kind/namespace/name, generation 1, then the entry's Unix seconds.
  const std::string key = std::string("Deployment/kube-system/coredns") + le64(1);
  CHECK(root.trace_id == fnv128_hex(key + le64(kKubeadmTime)));
  CHECK(root.span_id == fnv64_hex(key + le64(kKubeadmTime)));
}

TEST_CASE("managedFields choose the root: the newest entry touching f:spec", "[synthetic][managed-fields]") {
  const Result r = run({fixture_source("kspan/managed-fields/other-updated-spec-last.yaml"),
                        {"event.json", lines({coredns_event("2020-11-24T16:54:00Z")})}});
  check_tree(r,
             "0: other Deployment.Update kube-system/coredns\n"
             "1: deployment-controller Deployment.ScalingReplicaSet (0) Scaled up replica set coredns-f9fd979d6 to 2\n");
  const auto spans = spans_of(r.otlp);
  CHECK(find(spans, "Deployment.Update").start == kOtherTime * kNanosPerSecond);
}

TEST_CASE("managedFields choose the root: none gives Deployment.Activity by kspan", "[synthetic][managed-fields]") {
  const Result r = run({fixture_source("kspan/managed-fields/no-managed-fields.yaml"),
                        {"event.json", lines({coredns_event("2020-11-24T16:54:00Z")})}});
  check_tree(r,
             "0: kspan Deployment.Activity kube-system/coredns\n"
             "1: deployment-controller Deployment.ScalingReplicaSet (0) Scaled up replica set coredns-f9fd979d6 to 2\n");
  const auto spans = spans_of(r.otlp);
  const ParsedSpan& root = find(spans, "Deployment.Activity");
  CHECK(root.start == kEventTime * kNanosPerSecond);
  CHECK(root.trace_id == fnv128_hex(std::string("Deployment/kube-system/coredns") + le64(0) + "mf-1"));
}

TEST_CASE("managedFields: an entry older than expire_after before the event is not the root", "[synthetic][managed-fields]") {
  // 16:52:40 + 5 min = 16:57:40; the event is at 16:57:41.
  const Result r = run({fixture_source("kspan/managed-fields/kubeadm-updated-spec.yaml"),
                        {"event.json", lines({coredns_event("2020-11-24T16:57:41Z")})}});
  check_tree(r,
             "0: kspan Deployment.Activity kube-system/coredns\n"
             "1: deployment-controller Deployment.ScalingReplicaSet (0) Scaled up replica set coredns-f9fd979d6 to 2\n");
}

TEST_CASE("a second kubectl apply (a newer f:spec entry) starts a second trace", "[synthetic]") {
  json dep = object("apps/v1", "Deployment", "web", "web-uid");
  dep["metadata"]["generation"] = 2;
  dep["metadata"]["managedFields"] = {managed("kubectl-client-side-apply", "Update", 0, true),
                                      managed("kubectl", "Apply", 60, true),
                                      managed("kube-controller-manager", "Update", 61, false)};
  const std::vector<json> dump{
      dep,
      ev("w-1", "Deployment", "web", "ScalingReplicaSet", "Scaled up replica set web-6b7c8d9f4 to 1",
         "deployment-controller", 2),
      ev("w-2", "Deployment", "web", "ScalingReplicaSet", "Scaled up replica set web-5f6d7c8b9 to 1",
         "deployment-controller", 62),
  };
  const Result r = run_lines(dump);
  check_tree(r,
             "0: kubectl-client-side-apply Deployment.Update default/web\n"
             "1: deployment-controller Deployment.ScalingReplicaSet (0) Scaled up replica set web-6b7c8d9f4 to 1\n"
             "2: kubectl Deployment.Apply default/web\n"
             "3: deployment-controller Deployment.ScalingReplicaSet (2) Scaled up replica set web-5f6d7c8b9 to 1\n");
  CHECK(r.counters.traces == 2);
  const auto spans = spans_of(r.otlp);
  const std::string key = "web-uid" + le64(2);
  CHECK(find(spans, "Deployment.Update").trace_id == fnv128_hex(key + le64(kBase)));
  CHECK(find(spans, "Deployment.Apply").trace_id == fnv128_hex(key + le64(kBase + 60)));
  CHECK(find(spans, "Deployment.Apply").start == ns(60));
}

TEST_CASE("a standalone Pod: one Pod.Activity root, its events side by side", "[synthetic]") {
  const std::vector<json> dump{
      ev("s-1", "Pod", "standalone", "Scheduled", "Successfully assigned default/standalone to node-1",
         "default-scheduler", 0),
      ev("s-2", "Pod", "standalone", "Pulling", "Pulling image \"nginx\"", "kubelet", 1),
      ev("s-3", "Pod", "standalone", "Pulled", "Successfully pulled image \"nginx\"", "kubelet", 3),
      ev("s-4", "Pod", "standalone", "Created", "Created container nginx", "kubelet", 4),
      ev("s-5", "Pod", "standalone", "Started", "Started container nginx", "kubelet", 20),
  };
  const Result r = run_lines(dump);
  check_tree(r,
             "0: kspan Pod.Activity default/standalone\n"
             "1: default-scheduler Pod.Scheduled (0) Successfully assigned default/standalone to node-1\n"
             "2: kubelet Pod.Pulling (0) Pulling image \"nginx\"\n"
             "3: kubelet Pod.Pulled (0) Successfully pulled image \"nginx\"\n"
             "4: kubelet Pod.Created (0) Created container nginx\n"
             "5: kubelet Pod.Started (0) Started container nginx\n");
  CHECK(r.counters.roots_synthesised == 1);
  const auto spans = spans_of(r.otlp);
  CHECK(find(spans, "Pod.Scheduled").attr("kspan.parent.rule") == "synthesised-root");
  CHECK(find(spans, "Pod.Pulled").attr("kspan.parent.rule") == "self");
  CHECK(find(spans, "Pod.Started").attr("kspan.parent.rule") == "self");
  // Each span lasts until the next on the Pod when that comes within 2 x window (10 s).
  CHECK(find(spans, "Pod.Scheduled").end == ns(1));
  CHECK(find(spans, "Pod.Pulling").end == ns(3));
  CHECK(find(spans, "Pod.Pulled").end == ns(4));
  CHECK(find(spans, "Pod.Created").end == ns(4));  // the next one is 16 s later
  // The root covers its children until it is final (at 4 s + 2 x window = 14 s); Started (20 s)
  // still joins it but does not stretch it (spec 5, Final).
  CHECK(find(spans, "Pod.Activity").start == ns(0));
  CHECK(find(spans, "Pod.Activity").end == ns(4));
  CHECK(find(spans, "Pod.Started").trace_id == find(spans, "Pod.Activity").trace_id);
}

TEST_CASE("Pulling lasts until Pulled 3 s later; 12 s later it stays an instant", "[synthetic]") {
  const std::vector<json> dump{
      ev("a-1", "Pod", "quick", "Pulling", "Pulling image \"a\"", "kubelet", 0),
      ev("a-2", "Pod", "quick", "Pulled", "Successfully pulled image \"a\" in 3s", "kubelet", 3),
      ev("b-1", "Pod", "slow", "Pulling", "Pulling image \"b\"", "kubelet", 0),
      ev("b-2", "Pod", "slow", "Pulled", "Successfully pulled image \"b\" in 12s", "kubelet", 12),
  };
  const Result r = run_lines(dump);
  const auto spans = spans_of(r.otlp);
  const ParsedSpan& quick = find(spans, "Pod.Pulling", "Pulling image \"a\"");
  CHECK(quick.start == ns(0));
  CHECK(quick.end == ns(3));
  const ParsedSpan& slow = find(spans, "Pod.Pulling", "Pulling image \"b\"");
  CHECK(slow.start == ns(0));
  CHECK(slow.end == ns(0));
  const ParsedSpan& pulled = find(spans, "Pod.Pulled", "Successfully pulled image \"a\" in 3s");
  CHECK(pulled.end == pulled.start);
}

TEST_CASE("a parent stretched back to an earlier child keeps kspan.start_shift_ms", "[synthetic]") {
  // Same second: the Deployment's event (depth 0) is processed before the ReplicaSet's (depth 1),
  // although the ReplicaSet's event carries the earlier time.
  json scale = ev("x-1", "Deployment", "shift", "ScalingReplicaSet", "Scaled up replica set shift-6b7c8d9f4 to 1",
                  "deployment-controller", 0);
  json create = ev("x-2", "ReplicaSet", "shift-6b7c8d9f4", "SuccessfulCreate", "Created pod: shift-6b7c8d9f4-x7k2p",
                   "replicaset-controller", 0);
  for (json* e : {&scale, &create}) {
    e->erase("firstTimestamp");
    e->erase("lastTimestamp");
  }
  scale["eventTime"] = rfc3339(kBase, 500000);
  create["eventTime"] = rfc3339(kBase, 200000);
  const Result r = run_lines({create, scale});
  check_tree(r,
             "0: kspan Deployment.Activity default/shift\n"
             "1: deployment-controller Deployment.ScalingReplicaSet (0) Scaled up replica set shift-6b7c8d9f4 to 1\n"
             "2: replicaset-controller ReplicaSet.SuccessfulCreate (1) Created pod: shift-6b7c8d9f4-x7k2p\n");
  const auto spans = spans_of(r.otlp);
  const ParsedSpan& parent = find(spans, "Deployment.ScalingReplicaSet");
  CHECK(parent.start == ns(0) + 200'000'000);
  CHECK(parent.end == ns(0) + 500'000'000);
  CHECK(parent.attr("kspan.start_shift_ms") == "300");
  const ParsedSpan& child = find(spans, "ReplicaSet.SuccessfulCreate");
  CHECK(child.attr("kspan.start_shift_ms") == "<absent>");
  CHECK(child.attr("kspan.parent.rule") == "actor");
  CHECK(find(spans, "Deployment.Activity").start == ns(0) + 200'000'000);
}

TEST_CASE("span ids: FNV-1a 64 of the uid and the decimal count", "[synthetic]") {
  json with3 = ev("id-a", "Pod", "p", "BackOff", "three", "kubelet", 0);
  with3["count"] = 3;
  json zero = ev("id-b", "Pod", "p", "BackOff", "zero", "kubelet", 1);
  zero["count"] = 0;
  json none = ev("id-c", "Pod", "p", "BackOff", "none", "kubelet", 2);
  none.erase("count");
  json series = ev("id-d", "Pod", "p", "BackOff", "series", "kubelet", 3);
  series["count"] = nullptr;
  series["series"] = {{"count", 12}, {"lastObservedTime", rfc3339(kBase + 3, 0)}};
  json v1 = ev_v1("id-e", "Pod", "p", "BackOff", "v1 series", "kubelet", rfc3339(kBase + 4, 0));
  v1["series"] = {{"count", 5}, {"lastObservedTime", rfc3339(kBase + 4, 0)}};
  json v1_deprecated = ev_v1("id-f", "Pod", "p", "BackOff", "v1 deprecated", "kubelet", rfc3339(kBase + 4, 0));
  v1_deprecated["deprecatedCount"] = 2;
  const Result r = run_lines({with3, zero, none, series, v1, v1_deprecated});
  const auto spans = spans_of(r.otlp);
  CHECK(find(spans, "Pod.BackOff", "three").span_id == fnv64_hex("id-a3"));
  CHECK(find(spans, "Pod.BackOff", "zero").span_id == fnv64_hex("id-b"));
  CHECK(find(spans, "Pod.BackOff", "none").span_id == fnv64_hex("id-c"));
  CHECK(find(spans, "Pod.BackOff", "series").span_id == fnv64_hex("id-d12"));
  CHECK(find(spans, "Pod.BackOff", "v1 series").span_id == fnv64_hex("id-e5"));
  CHECK(find(spans, "Pod.BackOff", "v1 deprecated").span_id == fnv64_hex("id-f2"));
  CHECK(find(spans, "Pod.BackOff", "three").attr("k8s.event.count") == "3");
  CHECK(find(spans, "Pod.BackOff", "zero").attr("k8s.event.count") == "<absent>");
}

TEST_CASE("a Warning event has status ERROR with the message; INTERNAL kind", "[synthetic]") {
  json warn = ev("w-1", "Pod", "p", "BackOff", "Back-off pulling image", "kubelet", 0);
  warn["type"] = "Warning";
  const Result r = run_lines({warn});
  const json doc = json::parse(r.otlp);
  bool seen = false;
  for (const auto& rs : doc["resourceSpans"])
    for (const auto& s : rs["scopeSpans"][0]["spans"])
      if (s["name"] == "Pod.BackOff") {
        seen = true;
        CHECK(s["kind"] == 1);
        CHECK(s["status"]["code"] == 2);
        CHECK(s["status"]["message"] == "Back-off pulling image");
      }
  CHECK(seen);
}
