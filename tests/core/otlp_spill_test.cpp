// The OTLP writer may park span text in a SpillStore (the CLI: temporary files) to bound its
// memory; whatever the budget, the document it writes is the one it writes without spilling.
#include <catch2/catch.hpp>
#include <map>

#include "test_support.hpp"

using namespace kspan;
using namespace kspan::test;

namespace {
struct MemorySpill : SpillStore {
  std::map<size_t, std::string> parked;
  size_t appends = 0;
  void append(size_t bucket, std::string_view text) override {
    parked[bucket].append(text);
    ++appends;
  }
  void read(size_t bucket, const std::function<void(std::string_view)>& out) override { out(parked[bucket]); }
};

std::string otlp_of(const std::vector<Source>& sources, MemorySpill* spill, size_t budget) {
  OtlpJsonWriter otlp("test");
  if (spill != nullptr) otlp.spill_to(spill, budget);
  cli::YamlToJson yaml;
  Engine engine(test_settings(), otlp, &yaml);
  for (const auto& source : sources) {
    engine.begin_source(source.name);
    engine.push(source.bytes);
    engine.end_source();
  }
  engine.finish();
  std::string text;
  otlp.write([&](std::string_view part) { text.append(part); });
  return text;
}
}  // namespace

TEST_CASE("spilling span text changes nothing in the OTLP document", "[otlp][spill]") {
  const std::vector<Source> sources = {
      fixture_source("support-bundle-velero/cluster-resources/events/velero.json"),
      fixture_source("support-bundle-velero/cluster-resources/pods/velero.json"),
      fixture_source("troubleshoot/failed-mount-crashloop-events.json"),
  };
  const std::string unspilled = otlp_of(sources, nullptr, 0);
  REQUIRE(unspilled.size() > 10000);
  for (size_t budget : {size_t{0}, size_t{1}, size_t{700}, size_t{5000}, size_t{1} << 30}) {
    INFO("budget " << budget);
    MemorySpill spill;
    CHECK(otlp_of(sources, &spill, budget) == unspilled);
    if (budget < unspilled.size()) CHECK(spill.appends > 0);
    else CHECK(spill.appends == 0);
  }
}
