#include "kspan/tree_writer.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "kspan/ids.hpp"

namespace kspan {

namespace {
std::string one_line(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\n') out.append("\\n");
    else out.push_back(c);
  }
  return out;
}

// A synthesised root names its object in place of a message, so roots can be told apart.
std::string label(const Span& span) {
  if (find_attribute(span.attributes, "k8s.event.uid") != nullptr)
    return one_line(attribute_string(span.attributes, "k8s.event.message"));
  const std::string ns = attribute_string(span.attributes, "k8s.namespace.name");
  const std::string name = attribute_string(span.attributes, "k8s.object.name");
  return ns.empty() ? name : ns + "/" + name;
}
}  // namespace

void TreeWriter::on_span(const Span& span, const Resource& resource) {
  entries_.push_back(Entry{span, attribute_string(resource.attributes, "service.name")});
}

std::string TreeWriter::to_text() const {
  std::map<std::string, size_t> by_id;
  for (size_t i = 0; i < entries_.size(); ++i) by_id.emplace(to_hex(entries_[i].span.span_id), i);
  std::vector<std::vector<size_t>> children(entries_.size());
  std::vector<size_t> roots;
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Span& span = entries_[i].span;
    auto parent = span.has_parent ? by_id.find(to_hex(span.parent_span_id)) : by_id.end();
    if (parent == by_id.end()) roots.push_back(i);
    else children[parent->second].push_back(i);
  }
  std::vector<std::string> labels(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) labels[i] = label(entries_[i].span);
  auto order = [&](size_t a, size_t b) {
    return std::tie(entries_[a].span.start_ns, entries_[a].span.name, labels[a], a) <
           std::tie(entries_[b].span.start_ns, entries_[b].span.name, labels[b], b);
  };
  std::sort(roots.begin(), roots.end(), order);
  for (auto& list : children) std::sort(list.begin(), list.end(), order);

  std::string out;
  size_t next_index = 0;
  // Depth-first without recursion: deep trees must not exhaust the stack.
  std::vector<std::pair<size_t, size_t>> stack;  // (entry, parent's line index)
  for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.push_back({*it, SIZE_MAX});
  while (!stack.empty()) {
    const auto [i, parent_index] = stack.back();
    stack.pop_back();
    const size_t index = next_index++;
    out += std::to_string(index) + ": " + entries_[i].service + " " + entries_[i].span.name;
    if (parent_index != SIZE_MAX) out += " (" + std::to_string(parent_index) + ")";
    out += " " + labels[i] + "\n";
    for (auto it = children[i].rbegin(); it != children[i].rend(); ++it) stack.push_back({*it, index});
  }
  return out;
}

}  // namespace kspan
