#include "test_support.hpp"

#include <algorithm>
#include <functional>
#include <regex>

namespace kspan::test {

std::string canonical_tree(const std::string& tree_text) {
  static const std::regex kLine(R"(^(\d+): (\S+) (\S+)(?: \((\d+)\))?(?: (.*))?$)");
  struct Node {
    std::string label;
    std::vector<size_t> children;
  };
  std::vector<Node> nodes;
  std::vector<size_t> roots;
  std::istringstream in(tree_text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::smatch m;
    if (!std::regex_match(line, m, kLine)) return "unparsable line: " + line;
    nodes.push_back(Node{m[2].str() + " " + m[3].str() + " " + m[5].str(), {}});
    if (m[4].matched) {
      const size_t parent = std::stoul(m[4].str());
      if (parent >= nodes.size() - 1) return "parent after child: " + line;
      nodes[parent].children.push_back(nodes.size() - 1);
    } else {
      roots.push_back(nodes.size() - 1);
    }
  }
  std::function<std::string(size_t)> canon = [&](size_t i) {
    std::vector<std::string> parts;
    for (size_t child : nodes[i].children) parts.push_back(canon(child));
    std::sort(parts.begin(), parts.end());
    std::string out = "(" + nodes[i].label + " [";
    for (const auto& part : parts) out += part + ",";
    return out + "])";
  };
  std::vector<std::string> parts;
  for (size_t root : roots) parts.push_back(canon(root));
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const auto& part : parts) out += part + "\n";
  return out;
}

}  // namespace kspan::test
