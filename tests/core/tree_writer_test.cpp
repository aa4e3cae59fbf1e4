// The text tree (spec 7: one line per span) and the depth-first order behind it, whatever the
// ids hold: spans handed over directly, so ids can repeat, name their own span or form cycles,
// which the engine never produces but a fuzzer or another producer's spans can (K12).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "kspan/tree_writer.hpp"
#include "span_forest.hpp"

using namespace kspan;

namespace {

SpanId id(uint8_t n) {
  SpanId out{};
  out[7] = n;
  return out;
}

// An event span: its label in the tree is its message, here unique per span.
Span span(uint8_t span_id, int parent_id, int64_t start, const std::string& message) {
  Span s;
  s.span_id = id(span_id);
  s.has_parent = parent_id >= 0;
  if (s.has_parent) s.parent_span_id = id(static_cast<uint8_t>(parent_id));
  s.name = "Pod.Event";
  s.start_ns = start;
  s.end_ns = start;
  s.attributes = {{"k8s.event.uid", std::string("uid-") + message}, {"k8s.event.message", message}};
  return s;
}

std::string tree_of(const std::vector<Span>& spans) {
  TreeWriter tree;
  const Resource resource{{{"service.name", std::string("svc")}}};
  for (const Span& s : spans) tree.on_span(s, resource);
  return tree.to_text();
}

// Every span given is one row, each parent row comes before its child and holds the span's parent.
void check_forest(const std::vector<Span>& spans) {
  std::vector<const Span*> pointers;
  for (const Span& s : spans) pointers.push_back(&s);
  const std::vector<ForestRow> rows = depth_first(pointers);
  REQUIRE(rows.size() == spans.size());
  std::vector<int> seen(spans.size(), 0);
  for (size_t row = 0; row < rows.size(); ++row) {
    REQUIRE(rows[row].span < spans.size());
    ++seen[rows[row].span];
    const int32_t parent = rows[row].parent_row;
    if (parent < 0) {
      CHECK(rows[row].depth == 0);
      continue;
    }
    REQUIRE(parent < static_cast<int32_t>(row));
    const Span& child = spans[rows[row].span];
    CHECK(child.has_parent);
    CHECK(spans[rows[static_cast<size_t>(parent)].span].span_id == child.parent_span_id);
    CHECK(rows[row].depth == std::min(rows[static_cast<size_t>(parent)].depth + 1, int{UINT16_MAX}));  // capped
  }
  for (size_t i = 0; i < spans.size(); ++i) {
    INFO("span " << i);
    CHECK(seen[i] == 1);
  }
}

}  // namespace

TEST_CASE("a tree lists children under their parent, roots and siblings by start", "[tree]") {
  const std::vector<Span> spans = {span(3, 1, 30, "c"), span(1, -1, 10, "a"), span(2, 1, 20, "b"),
                                   span(4, 9, 5, "orphan")};
  CHECK(tree_of(spans) ==
        "0: svc Pod.Event orphan\n"
        "1: svc Pod.Event a\n"
        "2: svc Pod.Event (1) b\n"
        "3: svc Pod.Event (1) c\n");
  check_forest(spans);
}

TEST_CASE("spans whose parents form a cycle are listed once, the cycle broken at its first span", "[tree]") {
  // K12: no span of a cycle reaches a root, so depth-first from the roots never listed them.
  SECTION("two spans, each the other's parent, beside a root") {
    const std::vector<Span> spans = {span(1, -1, 10, "root"), span(2, 3, 20, "x"), span(3, 2, 15, "y")};
    CHECK(tree_of(spans) ==
          "0: svc Pod.Event root\n"
          "1: svc Pod.Event y\n"
          "2: svc Pod.Event (1) x\n");
    check_forest(spans);
  }
  SECTION("a ring of three with a span hanging from it") {
    const std::vector<Span> spans = {span(1, 3, 30, "a"), span(2, 1, 20, "b"), span(3, 2, 40, "c"),
                                     span(4, 2, 50, "leaf")};
    CHECK(tree_of(spans) ==
          "0: svc Pod.Event b\n"
          "1: svc Pod.Event (0) c\n"
          "2: svc Pod.Event (1) a\n"
          "3: svc Pod.Event (0) leaf\n");
    check_forest(spans);
  }
  SECTION("two separate cycles and no root at all") {
    const std::vector<Span> spans = {span(1, 2, 1, "a"), span(2, 1, 2, "b"), span(3, 4, 4, "c"), span(4, 3, 3, "d")};
    CHECK(tree_of(spans) ==
          "0: svc Pod.Event a\n"
          "1: svc Pod.Event (0) b\n"
          "2: svc Pod.Event d\n"
          "3: svc Pod.Event (2) c\n");
    check_forest(spans);
  }
}

TEST_CASE("a span that is its own parent is a root", "[tree]") {
  const std::vector<Span> spans = {span(1, 1, 10, "self"), span(2, 1, 20, "child")};
  CHECK(tree_of(spans) ==
        "0: svc Pod.Event self\n"
        "1: svc Pod.Event (0) child\n");
  check_forest(spans);
}

TEST_CASE("repeated span ids: every span is listed once, children under the first span of the id", "[tree]") {
  SECTION("a span naming its own id, held first by another span") {
    const std::vector<Span> spans = {span(1, -1, 10, "first"), span(1, 1, 20, "second"), span(2, 1, 30, "child")};
    CHECK(tree_of(spans) ==
          "0: svc Pod.Event first\n"
          "1: svc Pod.Event (0) second\n"
          "2: svc Pod.Event (0) child\n");
    check_forest(spans);
  }
  SECTION("a cycle through a repeated id") {
    // The id 1 belongs to "a" (first given); "a" and "b" are each other's parents; "c" repeats id 1.
    const std::vector<Span> spans = {span(1, 2, 10, "a"), span(2, 1, 20, "b"), span(1, -1, 5, "c")};
    CHECK(tree_of(spans) ==
          "0: svc Pod.Event c\n"
          "1: svc Pod.Event a\n"
          "2: svc Pod.Event (1) b\n");
    check_forest(spans);
  }
  SECTION("every span with the same id and parent") {
    const std::vector<Span> spans = {span(7, 7, 3, "a"), span(7, 7, 2, "b"), span(7, 7, 1, "c")};
    CHECK(tree_of(spans) ==
          "0: svc Pod.Event a\n"
          "1: svc Pod.Event (0) c\n"
          "2: svc Pod.Event (0) b\n");
    check_forest(spans);
  }
}

TEST_CASE("a long ring of spans is listed once each, without recursion", "[tree]") {
  // 100,000 spans, each the parent of the next and the last the parent of the first.
  std::vector<Span> spans;
  const size_t n = 100000;
  spans.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Span s = span(0, -1, static_cast<int64_t>(i), "m");
    for (int b = 0; b < 4; ++b) s.span_id[b] = static_cast<uint8_t>(i >> (8 * b));
    const size_t parent = (i + n - 1) % n;
    s.has_parent = true;
    for (int b = 0; b < 4; ++b) s.parent_span_id[b] = static_cast<uint8_t>(parent >> (8 * b));
    spans.push_back(std::move(s));
  }
  check_forest(spans);
  std::istringstream lines(tree_of(spans));
  size_t count = 0;
  for (std::string line; std::getline(lines, line);) ++count;
  CHECK(count == n);
}
