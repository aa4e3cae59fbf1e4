#include "span_forest.hpp"

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <unordered_map>

#include "kspan/ids.hpp"

namespace kspan {

std::string one_line(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\n') out.append("\\n");
    else if (c == '\r') out.append("\\r");
    else out.push_back(c);
  }
  return out;
}

namespace {
uint64_t id_key(const SpanId& id) {
  uint64_t key = 0;
  for (uint8_t byte : id) key = (key << 8) | byte;
  return key;
}
}  // namespace

// A synthesised root names its object in place of a message, so roots can be told apart.
std::string span_label(const Span& span) {
  if (find_attribute(span.attributes, "k8s.event.uid") != nullptr)
    return one_line(attribute_string(span.attributes, "k8s.event.message"));
  const std::string ns = attribute_string(span.attributes, "k8s.namespace.name");
  const std::string name = attribute_string(span.attributes, "k8s.object.name");
  return one_line(ns.empty() ? name : ns + "/" + name);  // names are untrusted text too
}

namespace {
constexpr size_t kNoParent = SIZE_MAX;

// Parent links loop only when ids are broken (repeated, or naming each other), never in the
// engine's spans; but no span of a loop reaches a root, so depth-first from the roots would
// leave the loop and all that hangs from it out of the listing. Each loop is cut at its first
// span in sibling order, which becomes a root: every span is then listed exactly once.
// Each span is walked once (iterative, any length of chain or loop).
template <typename Order>
void cut_loops(std::vector<size_t>& parent, const Order& order) {
  enum : uint8_t { kUnseen, kOnPath, kDone };
  std::vector<uint8_t> state(parent.size(), kUnseen);
  std::vector<size_t> path;
  for (size_t start = 0; start < parent.size(); ++start) {
    path.clear();
    size_t at = start;
    while (at != kNoParent && state[at] == kUnseen) {
      state[at] = kOnPath;
      path.push_back(at);
      at = parent[at];
    }
    if (at != kNoParent && state[at] == kOnPath) {  // the walk came back to itself: a loop from `at` on
      const auto loop = std::find(path.begin(), path.end(), at);
      parent[*std::min_element(loop, path.end(), order)] = kNoParent;
    }
    for (size_t span : path) state[span] = kDone;
  }
}
}  // namespace

std::vector<ForestRow> depth_first(const std::vector<const Span*>& spans) {
  // Ids may repeat: a parent id names the first span given with that id.
  std::unordered_map<uint64_t, size_t> by_id;
  for (size_t i = 0; i < spans.size(); ++i) by_id.emplace(id_key(spans[i]->span_id), i);
  std::vector<size_t> parent(spans.size(), kNoParent);
  for (size_t i = 0; i < spans.size(); ++i) {
    if (!spans[i]->has_parent) continue;
    const auto found = by_id.find(id_key(spans[i]->parent_span_id));
    if (found != by_id.end() && found->second != i) parent[i] = found->second;  // its own parent: a root
  }
  std::vector<std::string> labels(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) labels[i] = span_label(*spans[i]);
  auto order = [&](size_t a, size_t b) {
    return std::tie(spans[a]->start_ns, spans[a]->name, labels[a], a) <
           std::tie(spans[b]->start_ns, spans[b]->name, labels[b], b);
  };
  cut_loops(parent, order);
  std::vector<std::vector<size_t>> children(spans.size());
  std::vector<size_t> roots;
  for (size_t i = 0; i < spans.size(); ++i) {
    if (parent[i] == kNoParent) roots.push_back(i);
    else children[parent[i]].push_back(i);
  }
  std::sort(roots.begin(), roots.end(), order);
  for (auto& list : children) std::sort(list.begin(), list.end(), order);

  std::vector<ForestRow> rows;
  rows.reserve(spans.size());
  // Depth-first without recursion: deep trees must not exhaust the stack.
  struct Visit {
    size_t span;
    int32_t parent_row;
    uint16_t depth;
  };
  std::vector<Visit> stack;
  for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.push_back({*it, -1, 0});
  while (!stack.empty()) {
    const Visit visit = stack.back();
    stack.pop_back();
    const auto row = static_cast<int32_t>(rows.size());
    rows.push_back({visit.span, visit.parent_row, visit.depth});
    const auto depth = static_cast<uint16_t>(std::min<int>(visit.depth + 1, UINT16_MAX));
    for (auto it = children[visit.span].rbegin(); it != children[visit.span].rend(); ++it)
      stack.push_back({*it, row, depth});
  }
  return rows;
}

}  // namespace kspan
