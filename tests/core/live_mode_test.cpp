// Live mode (Settings.live, `kspan convert --stream`): the reorder buffer, the watermark, late and
// skewed events (spec/correlation.md 1.2). Streams built here are SYNTHETIC unless they name a fixture.
#include <catch2/catch.hpp>

#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "parsed_span.hpp"
#include "test_support.hpp"

using namespace kspan;
using namespace kspan::test;
using nlohmann::json;

namespace {

constexpr int64_t kBase = 1699999200;  // 2023-11-14T22:00:00Z

std::string rfc3339_ms(int64_t unix_ms) {
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char frac[16];
  std::snprintf(frac, sizeof frac, ".%03lldZ", static_cast<long long>(unix_ms % 1000));
  return std::string(buf) + frac;
}
std::string ts(int64_t second) {
  std::string s = rfc3339_ms((kBase + second) * 1000);
  return s.substr(0, 19) + "Z";  // whole seconds, as Kubernetes writes most event times
}
std::string at_ms(int64_t ms) { return rfc3339_ms(kBase * 1000 + ms); }
int64_t ns(int64_t second) { return (kBase + second) * kNanosPerSecond; }
int64_t ns_ms(int64_t ms) { return kBase * kNanosPerSecond + ms * 1'000'000; }

Settings live_settings() {
  Settings s = test_settings();
  s.live = true;
  return s;
}

json ev(const std::string& uid, const std::string& kind, const std::string& name, const std::string& reason,
        const std::string& message, const std::string& component, int64_t second) {
  return json{{"apiVersion", "v1"},
              {"kind", "Event"},
              {"metadata", {{"name", name + "." + uid}, {"namespace", "default"}, {"uid", uid}, {"resourceVersion", "1000"}}},
              {"involvedObject", {{"kind", kind}, {"name", name}, {"namespace", "default"}}},
              {"reason", reason},
              {"message", message},
              {"type", "Normal"},
              {"source", {{"component", component}}},
              {"firstTimestamp", ts(second)},
              {"lastTimestamp", ts(second)},
              {"count", 1}};
}

// A `kspan record` envelope: the watch event plus the time it was observed.
std::string envelope(const json& object, int64_t observed_ms, const std::string& type = "ADDED") {
  return json{{"type", type}, {"object", object}, {"observedAt", at_ms(observed_ms)}}.dump() + "\n";
}

// (trace, span, parent) of every span: the same set means the same ids and the same tree.
std::set<std::tuple<std::string, std::string, std::string>> identity(const std::string& otlp) {
  std::set<std::tuple<std::string, std::string, std::string>> out;
  for (const auto& s : spans_of(otlp)) out.insert({s.trace_id, s.span_id, s.parent_span_id});
  return out;
}

uint64_t skipped(const Result& r, const std::string& reason) {
  auto it = r.counters.skipped.find(reason);
  return it == r.counters.skipped.end() ? 0 : it->second.count;
}

// A synthetic CronJob run recorded by `kspan record`: objects and events, each observed 200 ms
// after its event time, in observation order.
std::string recorded_cronjob_run() {
  json cronjob{{"apiVersion", "batch/v1"},
               {"kind", "CronJob"},
               {"metadata", {{"name", "backup"}, {"namespace", "default"}, {"uid", "cj-uid"}, {"resourceVersion", "5"}}}};
  json job{{"apiVersion", "batch/v1"},
           {"kind", "Job"},
           {"metadata",
            {{"name", "backup-28333320"},
             {"namespace", "default"},
             {"uid", "job-uid"},
             {"resourceVersion", "6"},
             {"ownerReferences",
              {{{"apiVersion", "batch/v1"}, {"kind", "CronJob"}, {"name", "backup"}, {"uid", "cj-uid"}, {"controller", true}}}}}}};
  std::string out;
  out += envelope(cronjob, -5000);
  out += envelope(ev("c-1", "CronJob", "backup", "SuccessfulCreate", "Created job backup-28333320", "cronjob-controller", 0), 200);
  out += envelope(job, 300);
  out += envelope(ev("j-1", "Job", "backup-28333320", "SuccessfulCreate", "Created pod: backup-28333320-x7k2p",
                     "job-controller", 1), 1200);
  out += envelope(ev("p-1", "Pod", "backup-28333320-x7k2p", "Scheduled",
                     "Successfully assigned default/backup-28333320-x7k2p to node-1", "default-scheduler", 1), 1400);
  out += envelope(ev("p-2", "Pod", "backup-28333320-x7k2p", "Pulling", "Pulling image \"busybox\"", "kubelet", 2), 2200);
  out += envelope(ev("p-3", "Pod", "backup-28333320-x7k2p", "Pulled", "Successfully pulled image \"busybox\"", "kubelet", 5), 5200);
  out += envelope(ev("p-4", "Pod", "backup-28333320-x7k2p", "Started", "Started container backup", "kubelet", 6), 6200);
  out += envelope(ev("j-2", "Job", "backup-28333320", "Completed", "Job completed", "job-controller", 12), 12200);
  out += envelope(ev("c-2", "CronJob", "backup", "SawCompletedJob", "Saw completed job: backup-28333320, status: Complete",
                     "cronjob-controller", 13), 13200);
  out += envelope(ev("c-3", "CronJob", "backup", "SuccessfulDelete", "Deleted job backup-28333320", "cronjob-controller", 40), 40200);
  return out;
}

struct CollectingSink : SpanSink {
  std::vector<Span> spans;
  void on_span(const Span& span, const Resource&) override { spans.push_back(span); }
};

}  // namespace

TEST_CASE("live: a kspan capture gives the same tree as replay", "[live]") {
  for (const char* name : {"kspan/deployment-2-pods.capture.yaml", "kspan/deployment-update.capture.yaml"}) {
    CAPTURE(name);
    const Result replay = run({fixture_source(name)});
    const Result live = run({fixture_source(name)}, live_settings());
    CHECK(live.counters.late == 0);
    CHECK(live.counters.events == replay.counters.events);
    CHECK(canonical_tree(live.tree) == canonical_tree(replay.tree));
    CHECK(identity(live.otlp) == identity(replay.otlp));
    const std::string expected = std::string(name).replace(std::string(name).find(".capture.yaml"), 13, ".expected.tree");
    CHECK(canonical_tree(live.tree) == canonical_tree(fixture(expected)));
  }
}

TEST_CASE("live: a capture fed in small chunks gives the same tree", "[live]") {
  const Source source = fixture_source("kspan/deployment-2-pods.capture.yaml");
  const Result whole = run({source}, live_settings());
  size_t n = 0;
  const Result chunked = run_chunked({source}, live_settings(), [&n] { return 1 + (n++ * 7) % 53; });
  CHECK(canonical_tree(chunked.tree) == canonical_tree(whole.tree));
  CHECK(identity(chunked.otlp) == identity(whole.otlp));
  CHECK(chunked.counters.late == 0);
}

TEST_CASE("live: a recorded watch stream with observedAt gives the same tree as replay", "[live]") {
  const std::string stream = recorded_cronjob_run();
  const Result replay = run({{"record.json", stream}});
  const Result live = run({{"record.json", stream}}, live_settings());
  CHECK(live.counters.late == 0);
  CHECK(live.counters.skewed == 0);
  CHECK(live.counters.events == 9);
  CHECK(canonical_tree(live.tree) == canonical_tree(replay.tree));
  CHECK(identity(live.otlp) == identity(replay.otlp));
  // And that tree is the one the spec gives: the Job's ownerReference names the CronJob.
  INFO(live.tree);
  CHECK(canonical_tree(live.tree) ==
        canonical_tree("0: kspan CronJob.Activity default/backup\n"
                       "1: cronjob-controller CronJob.SuccessfulCreate (0) Created job backup-28333320\n"
                       "2: job-controller Job.SuccessfulCreate (1) Created pod: backup-28333320-x7k2p\n"
                       "3: default-scheduler Pod.Scheduled (2) Successfully assigned default/backup-28333320-x7k2p to node-1\n"
                       "4: kubelet Pod.Pulling (2) Pulling image \"busybox\"\n"
                       "5: kubelet Pod.Pulled (2) Successfully pulled image \"busybox\"\n"
                       "6: kubelet Pod.Started (2) Started container backup\n"
                       "7: job-controller Job.Completed (1) Job completed\n"
                       "8: cronjob-controller CronJob.SawCompletedJob (0) Saw completed job: backup-28333320, status: Complete\n"
                       // 40 s: the root is still recent (last used at 13 s), so the delete joins it.
                       "9: cronjob-controller CronJob.SuccessfulDelete (0) Deleted job backup-28333320\n"));
  // Whole-second event times refined by the observation within that second (spec 1.1).
  const auto spans = spans_of(live.otlp);
  CHECK(find(spans, "Pod.Scheduled").start == ns_ms(1400));
  CHECK(find(spans, "Pod.Pulling").start == ns_ms(2200));
  CHECK(find(spans, "Pod.Pulling").end == ns_ms(5200));
}

TEST_CASE("live: a record arriving after its second was released is late, processed and marked", "[live]") {
  std::string stream;
  stream += envelope(ev("a", "Pod", "p", "Scheduled", "on time", "default-scheduler", 0), 100);
  // Watermark 10.1 s: every second up to 10.1 - 1 - 2 = 7.1, hence second 0, is released.
  stream += envelope(ev("b", "Pod", "p", "Pulling", "later", "kubelet", 10), 10100);
  // Second 0 again, observed at 10.2 s: late.
  stream += envelope(ev("c", "Pod", "p", "Pulled", "came late", "kubelet", 0), 10200);
  const Result r = run({{"late.json", stream}}, live_settings());
  CHECK(r.counters.events == 3);
  CHECK(r.counters.late == 1);
  const auto spans = spans_of(r.otlp);
  CHECK(find(spans, "Pod.Pulled").attr("kspan.late") == "true");
  CHECK(find(spans, "Pod.Scheduled").attr("kspan.late") == "<absent>");
  CHECK(find(spans, "Pod.Pulling").attr("kspan.late") == "<absent>");
  CHECK(find(spans, "Pod.Pulled").start == ns(0));  // lateness moves nothing in time

  // Replay of the same stream has nothing late.
  const Result replay = run({{"late.json", stream}});
  CHECK(replay.counters.late == 0);
  CHECK(spans_of(replay.otlp).size() == spans.size());
}

TEST_CASE("live: a record for a second released while empty is late too", "[live]") {
  std::string stream;
  stream += envelope(ev("a", "Pod", "p", "Scheduled", "on time", "default-scheduler", 0), 100);
  stream += envelope(ev("b", "Pod", "p", "Pulling", "later", "kubelet", 10), 10100);
  // Second 3 had no event, but the watermark (10.1 s) passed 3 + 1 + 2 s: it was released.
  stream += envelope(ev("c", "Pod", "p", "Pulled", "second three, late", "kubelet", 3), 10200);
  const Result r = run({{"late.json", stream}}, live_settings());
  CHECK(r.counters.events == 3);
  CHECK(r.counters.late == 1);
  const auto spans = spans_of(r.otlp);
  CHECK(find(spans, "Pod.Pulled").attr("kspan.late") == "true");
}

TEST_CASE("live: a record just inside the reorder window is not late", "[live]") {
  std::string stream;
  stream += envelope(ev("a", "Pod", "p", "Scheduled", "first", "default-scheduler", 5), 5100);
  // Watermark 7.9 s: second 5 is released only once it passes 5 + 1 + 2 = 8 s.
  stream += envelope(ev("b", "Pod", "p", "Pulling", "second", "kubelet", 7), 7900);
  stream += envelope(ev("c", "Pod", "p", "Pulled", "third, same second as the first", "kubelet", 5), 7950);
  const Result r = run({{"ok.json", stream}}, live_settings());
  CHECK(r.counters.late == 0);
  const auto spans = spans_of(r.otlp);
  CHECK(find(spans, "Pod.Pulled").attr("kspan.late") == "<absent>");
  const Result replay = run({{"ok.json", stream}});
  CHECK(canonical_tree(r.tree) == canonical_tree(replay.tree));
  CHECK(identity(r.otlp) == identity(replay.otlp));
}

TEST_CASE("an event ahead of its observation by more than reorder is skewed, in both modes", "[live]") {
  std::string stream;
  // Event time 10 s, observed at 5 s: 5 s ahead, more than reorder (2 s).
  stream += envelope(ev("fast", "Pod", "p", "Started", "fast clock", "kubelet", 10), 5000);
  // Event time 10 s, observed at 8.5 s: 1.5 s ahead, within reorder.
  stream += envelope(ev("slight", "Pod", "q", "Started", "slightly fast", "kubelet", 10), 8500);
  for (bool live : {true, false}) {
    CAPTURE(live);
    const Result r = run({{"skew.json", stream}}, live ? live_settings() : test_settings());
    CHECK(r.counters.skewed == 1);
    CHECK(r.counters.events == 2);
    const auto spans = spans_of(r.otlp);
    CHECK(find(spans, "Pod.Started", "fast clock").start == ns(5));  // the observation time
    CHECK(find(spans, "Pod.Started", "slightly fast").start == ns(10));
  }
}

TEST_CASE("live: the first record of an occurrence wins; replay keeps the higher resourceVersion", "[live]") {
  json first = ev("dup", "Pod", "p", "BackOff", "first seen", "kubelet", 0);
  json again = first;
  again["message"] = "seen again";
  again["metadata"]["resourceVersion"] = "2000";
  const std::string stream = envelope(first, 100) + envelope(again, 300, "MODIFIED");
  const Result live = run({{"dup.json", stream}}, live_settings());
  CHECK(skipped(live, "duplicate-event") == 1);
  CHECK(live.counters.events == 1);
  CHECK(find(spans_of(live.otlp), "Pod.BackOff").message() == "first seen");
  const Result replay = run({{"dup.json", stream}});
  CHECK(skipped(replay, "duplicate-event") == 1);
  CHECK(find(spans_of(replay.otlp), "Pod.BackOff").message() == "seen again");
}

TEST_CASE("live: spans reach the sink as the watermark moves, before finish", "[live]") {
  CollectingSink sink;
  cli::YamlToJson yaml;
  Engine engine(live_settings(), sink, &yaml);
  engine.begin_source("daemon");
  // Events from a watch: no observedAt, the host's clock is the watermark.
  engine.push(ev("a", "Pod", "p", "Scheduled", "assigned", "default-scheduler", 0).dump() + "\n");
  engine.push(ev("b", "Pod", "p", "Started", "started", "kubelet", 1).dump() + "\n");
  engine.advance_watermark(ns(2));
  CHECK(sink.spans.empty());  // nothing released yet: second 0 goes at 0 + 1 + 2 s
  engine.advance_watermark(ns(60));
  // Released, resolved at their expiry (1 + 5 s and 2 + 5 s) and final by 60 s.
  CHECK(sink.spans.size() == 3);
  CHECK(engine.counters().late == 0);
  engine.end_source();
  engine.finish();
  CHECK(sink.spans.size() == 3);
  CHECK(engine.counters().roots_synthesised == 1);
}

TEST_CASE("live: an event for a second the watermark already passed is late", "[live]") {
  CollectingSink sink;
  cli::YamlToJson yaml;
  Engine engine(live_settings(), sink, &yaml);
  engine.begin_source("daemon");
  engine.push(ev("a", "Pod", "p", "Scheduled", "assigned", "default-scheduler", 0).dump() + "\n");
  engine.advance_watermark(ns(30));
  engine.push(ev("b", "Pod", "p", "Started", "started", "kubelet", 1).dump() + "\n");  // second 1: released at 4 s
  engine.end_source();
  engine.finish();
  CHECK(engine.counters().late == 1);
  bool marked = false;
  for (const auto& s : sink.spans)
    if (s.name == "Pod.Started") marked = find_attribute(s.attributes, "kspan.late") != nullptr;
  CHECK(marked);
}

// ---- live expiry of the owner graph (spec 8) -------------------------------------------------
// The graph is swept when it has grown enough (amortised); a small max_objects makes the sweeps
// come early here, so the expiry shows on a few records.

namespace {

Settings live_sweeping(size_t max_objects) {
  Settings s = live_settings();
  s.max_objects = max_objects;
  return s;
}

// Events on other Pods, one a minute from `from` to `to` seconds: they move the watermark and
// add objects, so that the graph is swept.
std::string filler(int64_t from, int64_t to) {
  std::string out;
  for (int64_t t = from; t <= to; t += 60) {
    const std::string name = "filler-" + std::to_string(t);
    out += envelope(ev("f" + std::to_string(t), "Pod", name, "Pulled", "filler", "kubelet", t), t * 1000 + 200);
  }
  return out;
}

json owned(const std::string& api_version, const std::string& kind, const std::string& name, const std::string& owner_kind,
           const std::string& owner) {
  json refs = json::array();
  if (!owner.empty())
    refs.push_back({{"apiVersion", "apps/v1"}, {"kind", owner_kind}, {"name", owner}, {"uid", owner + "-uid"}, {"controller", true}});
  return json{{"apiVersion", api_version},
              {"kind", kind},
              {"metadata",
               {{"name", name}, {"namespace", "default"}, {"uid", name + "-uid"}, {"resourceVersion", "10"}, {"ownerReferences", refs}}}};
}

}  // namespace

TEST_CASE("live: evidence and names expire expire_after after the event that gave them", "[live][expiry]") {
  // 0 s: the ReplicaSet says it created the Pod (evidence: it owns it). 30 min later an event on
  // that Pod: replay still knows the owner; live has forgotten it, as spec 8 allows.
  std::string stream = envelope(ev("rs-1", "ReplicaSet", "web-abc", "SuccessfulCreate", "Created pod: web-abc-x1",
                                   "replicaset-controller", 0), 200);
  stream += filler(60, 1740);
  stream += envelope(ev("p-1", "Pod", "web-abc-x1", "Started", "started late", "kubelet", 1800), 1800200);
  const Result replay = run({{"s.json", stream}});
  const Result live = run({{"s.json", stream}}, live_sweeping(8));
  CHECK(replay.tree.find("Pod.Activity default/web-abc-x1") == std::string::npos);
  CHECK(live.tree.find("Pod.Activity default/web-abc-x1") != std::string::npos);
  CHECK(live.counters.objects_forgotten > 0);
  CHECK(live.counters.limited.empty());
  CHECK(replay.counters.objects_forgotten == 0);
  // Before the sweep could run, live still equals replay.
  const Result unswept = run({{"s.json", stream}}, live_settings());
  CHECK(canonical_tree(unswept.tree) == canonical_tree(replay.tree));
}

TEST_CASE("live: an observed object stays until DELETED, then expires", "[live][expiry]") {
  std::string stream;
  stream += envelope(owned("apps/v1", "Deployment", "web", "", ""), 0);
  stream += envelope(owned("apps/v1", "ReplicaSet", "web-rs", "Deployment", "web"), 100);
  json pod = owned("v1", "Pod", "web-pod", "ReplicaSet", "web-rs");
  stream += envelope(pod, 200);
  pod["metadata"]["resourceVersion"] = "11";
  stream += envelope(pod, 10000, "DELETED");
  stream += filler(60, 1740);
  stream += envelope(ev("r-1", "ReplicaSet", "web-rs", "Updated", "still there", "replicaset-controller", 1800), 1800200);
  stream += envelope(ev("p-1", "Pod", "web-pod", "Killing", "a late word on a deleted pod", "kubelet", 1801), 1801200);
  const Result live = run({{"s.json", stream}}, live_sweeping(8));
  INFO(live.tree);
  CHECK(live.counters.objects_forgotten > 0);
  // The ReplicaSet and its Deployment were observed and never deleted: still known.
  CHECK(live.tree.find("Deployment.Activity default/web") != std::string::npos);
  // The deleted Pod went expire_after after its deletion: its event has no owner any more.
  CHECK(live.tree.find("Pod.Activity default/web-pod") != std::string::npos);
  const Result replay = run({{"s.json", stream}});
  CHECK(replay.tree.find("Pod.Activity default/web-pod") == std::string::npos);
}

TEST_CASE("live: a long stream holds a bounded owner graph with the default settings", "[live][expiry]") {
  // 12,000 Pods, one event each, one a second for 200 minutes: only the last minutes matter.
  std::string stream;
  for (int t = 0; t < 12000; ++t)
    stream += envelope(ev("e" + std::to_string(t), "Pod", "p-" + std::to_string(t), "Pulled", "m", "kubelet", t),
                       int64_t(t) * 1000 + 200);
  const Result live = run({{"s.json", stream}}, live_settings());
  CHECK(live.counters.events == 12000);
  CHECK(live.counters.objects_forgotten >= 12000 - 4096);
  CHECK(live.counters.objects_held <= 4096);
  CHECK(live.counters.limited.empty());
  // The same spans as replay: nothing here needed what was forgotten.
  const Result replay = run({{"s.json", stream}});
  CHECK(replay.counters.objects_held == 12000);
  CHECK(identity(live.otlp) == identity(replay.otlp));
}
