// Every shared fixture gives exactly its expected tree: the same parent for every span.
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace kspan::test;

namespace {
struct Golden {
  std::vector<std::string> inputs;
  std::string expected;
};

const std::vector<Golden> kGolden{
    {{"kspan/deployment-2-pods.capture.yaml"}, "kspan/deployment-2-pods.expected.tree"},
    {{"kspan/deployment-update.capture.yaml"}, "kspan/deployment-update.expected.tree"},
    {{"harvester/core-v1-events.yaml"}, "harvester/expected.tree"},
    {{"harvester/events.k8s.io-v1-events.yaml"}, "harvester/expected.tree"},
    {{"support-bundle-velero/cluster-resources/events/velero.json",
      "support-bundle-velero/cluster-resources/pods/velero.json",
      "support-bundle-velero/cluster-resources/replicasets/velero.json",
      "support-bundle-velero/cluster-resources/deployments/velero.json"},
     "support-bundle-velero/expected.tree"},
    {{"troubleshoot/image-pull-fail-events.json", "troubleshoot/oomkill-pod.json"},
     "troubleshoot/image-pull-fail.expected.tree"},
    {{"troubleshoot/failed-mount-crashloop-events.json"}, "troubleshoot/failed-mount-crashloop.expected.tree"},
    {{"sonobuoy/kube-system-events-2017.json"}, "sonobuoy/kube-system-events-2017.expected.tree"},
};
}  // namespace

TEST_CASE("every fixture gives its expected tree", "[golden]") {
  for (const auto& golden : kGolden) {
    SECTION(golden.expected) {
      std::vector<Source> sources;
      for (const auto& input : golden.inputs) sources.push_back(fixture_source(input));
      const Result result = run(sources);
      CHECK(result.counters.skipped.empty());
      CHECK(canonical_tree(result.tree) == canonical_tree(fixture(golden.expected)));
    }
  }
}

// The correlator hands spans over as views; the writer serialises them as they are, and the test
// harness above takes the other path (a sink that keeps spans gets each one copied into a Span).
// Both paths must write the same bytes.
TEST_CASE("every fixture's OTLP text is the same from span views as from copied spans", "[golden]") {
  for (const auto& golden : kGolden) {
    SECTION(golden.expected) {
      std::vector<Source> sources;
      for (const auto& input : golden.inputs) sources.push_back(fixture_source(input));
      kspan::OtlpJsonWriter from_views("test");
      kspan::cli::YamlToJson yaml;
      kspan::Engine engine(test_settings(), from_views, &yaml);
      for (const auto& source : sources) {
        engine.begin_source(source.name);
        engine.push(source.bytes);
        engine.end_source();
      }
      engine.finish();
      const std::string copied = run(sources).otlp;
      CHECK(copied.size() > 1000);
      CHECK(from_views.to_json() == copied);
    }
  }
}

TEST_CASE("the canonical form tells a moved span apart", "[golden]") {
  const std::string tree = "0: a R.X ns/r\n1: b P.Y (0) one\n2: b P.Z (1) two\n";
  const std::string moved = "0: a R.X ns/r\n1: b P.Y (0) one\n2: b P.Z (0) two\n";
  const std::string reordered = "0: a R.X ns/r\n1: b P.Y (0) one\n2: b P.Z (1) two\n";
  CHECK(canonical_tree(tree) != canonical_tree(moved));
  CHECK(canonical_tree(tree) == canonical_tree(reordered));
}

TEST_CASE("the Event APIs of the harvester pair give the same tree", "[golden]") {
  const Result core = run({fixture_source("harvester/core-v1-events.yaml")});
  const Result v1 = run({fixture_source("harvester/events.k8s.io-v1-events.yaml")});
  CHECK(canonical_tree(core.tree) == canonical_tree(v1.tree));
  CHECK(core.counters.events == 8);
  CHECK(v1.counters.events == 8);
}

TEST_CASE("a Pod of another namespace with the same uid does not join", "[golden]") {
  const Result result = run({fixture_source("troubleshoot/image-pull-fail-events.json"),
                             fixture_source("troubleshoot/oomkill-pod.json")});
  CHECK(result.counters.objects == 1);
  // The Job's Pod is only known by its events: its span hangs under the Job's own actions.
  CHECK(result.tree.find("kspan Job.Activity message-image-pull-fail/oom-kill-job3") != std::string::npos);
}
