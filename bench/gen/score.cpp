// kspan-score TRUTH OTLP_JSON: how many event spans kspan put under the parent the ground truth
// (kspan-gen's side file) gives them. Reads the OTLP file with a SAX parser, so a multi-GB file
// costs the spans' ids, not the document.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

struct Span {
  std::string span_id, parent_id, name;
  std::string uid, count, kind, ns, obj_name;
  int64_t start = 0;
  int64_t shift_ms = 0;
};

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// Collects the fields of each span; nothing else of the document is kept.
class Collector : public nlohmann::json::json_sax_t {
 public:
  std::vector<Span> spans;

  bool null() override { return scalar(""); }
  bool boolean(bool v) override { return scalar(v ? "true" : "false"); }
  bool number_integer(number_integer_t v) override { return scalar(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return scalar(std::to_string(v)); }
  bool number_float(number_float_t v, const string_t& s) override {
    (void)v;
    return scalar(s);
  }
  bool string(string_t& v) override { return scalar(v); }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    stack_.push_back({'o', key_});
    if (stack_.size() >= 2 && stack_[stack_.size() - 2].type == 'a' && stack_[stack_.size() - 2].key == "spans") {
      in_span_ = true;
      span_depth_ = stack_.size();
      cur_ = Span{};
    } else if (in_span_ && stack_.size() == span_depth_ + 2 && stack_[span_depth_].key == "attributes") {
      attr_key_.clear();
      attr_value_.clear();
    }
    key_.clear();
    return true;
  }
  bool end_object() override {
    if (in_span_ && stack_.size() == span_depth_ + 2 && stack_[span_depth_].key == "attributes") attribute();
    if (in_span_ && stack_.size() == span_depth_) {
      spans.push_back(std::move(cur_));
      in_span_ = false;
    }
    stack_.pop_back();
    key_.clear();
    return true;
  }
  bool start_array(std::size_t) override {
    stack_.push_back({'a', key_});
    key_.clear();
    return true;
  }
  bool end_array() override {
    stack_.pop_back();
    key_.clear();
    return true;
  }
  bool key(string_t& k) override {
    key_ = k;
    return true;
  }
  bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& ex) override {
    std::fprintf(stderr, "kspan-score: OTLP parse error at byte %zu: %s\n", pos, ex.what());
    return false;
  }

 private:
  struct Level {
    char type;
    std::string key;
  };
  bool scalar(const std::string& v) {
    if (!in_span_) return true;
    if (stack_.size() == span_depth_) {
      if (key_ == "spanId") cur_.span_id = v;
      else if (key_ == "parentSpanId") cur_.parent_id = v;
      else if (key_ == "name") cur_.name = v;
      else if (key_ == "startTimeUnixNano") cur_.start = std::stoll(v);
    } else if (stack_.size() == span_depth_ + 2 && stack_[span_depth_].key == "attributes" && key_ == "key") {
      attr_key_ = v;
    } else if (stack_.size() == span_depth_ + 3 && stack_[span_depth_].key == "attributes") {
      attr_value_ = v;  // stringValue, intValue, ...
    }
    return true;
  }
  void attribute() {
    if (attr_key_ == "k8s.event.uid") cur_.uid = attr_value_;
    else if (attr_key_ == "k8s.event.count") cur_.count = attr_value_;
    else if (attr_key_ == "k8s.object.kind") cur_.kind = attr_value_;
    else if (attr_key_ == "k8s.object.name") cur_.obj_name = attr_value_;
    else if (attr_key_ == "k8s.namespace.name") cur_.ns = attr_value_;
    else if (attr_key_ == "kspan.start_shift_ms") cur_.shift_ms = std::stoll(attr_value_);
  }

  std::vector<Level> stack_;
  std::string key_;
  bool in_span_ = false;
  size_t span_depth_ = 0;
  Span cur_;
  std::string attr_key_, attr_value_;
};

struct Truth {
  std::string expected, rule, cause, name, message;
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t t = line.find('\t', start);
    out.push_back(line.substr(start, t == std::string::npos ? std::string::npos : t - start));
    if (t == std::string::npos) break;
    start = t + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || std::strcmp(argv[1], "--help") == 0) {
    std::fputs(
        "Usage: kspan-score TRUTH.tsv OTLP.json [--show N] [--min FRACTION]\n"
        "Reports the fraction of event spans whose parent is the one the ground truth gives\n"
        "(kspan-gen --truth), mismatches by span name and expected rule with examples, and how\n"
        "often the spec's parent is also the generator's own idea of the cause.\n"
        "Exit status 1 when the fraction is below --min (default: report only).\n",
        argc < 3 ? stderr : stdout);
    return argc < 3 ? 2 : 0;
  }
  int show = 5;
  double min_fraction = -1;
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--show") == 0 && i + 1 < argc) show = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--min") == 0 && i + 1 < argc) min_fraction = std::atof(argv[++i]);
  }

  std::unordered_map<std::string, Truth> truth;
  {
    std::ifstream in(argv[1]);
    if (!in) {
      std::fprintf(stderr, "kspan-score: cannot read %s\n", argv[1]);
      return 2;
    }
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      auto f = split_tabs(line);
      if (f.size() < 7) continue;
      truth[f[0] + "#" + f[1]] = Truth{f[2], f[3], f[4], f[5], f[6]};
    }
  }

  Collector c;
  {
    std::ifstream in(argv[2], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "kspan-score: cannot read %s\n", argv[2]);
      return 2;
    }
    if (!nlohmann::json::sax_parse(in, &c)) return 2;
  }

  // Roots: numbered per top object in order of their own start (before children moved it).
  std::unordered_map<std::string, std::string> label;  // span id -> "e:uid#count" / "r:identity#n"
  std::map<std::string, std::vector<std::pair<int64_t, std::string>>> roots;
  for (const auto& s : c.spans) {
    if (!s.uid.empty()) {
      label[s.span_id] = "e:" + s.uid + "#" + (s.count.empty() ? "0" : s.count);
    } else {
      roots[s.kind + "/" + s.ns + "/" + lower(s.obj_name)].push_back({s.start + s.shift_ms * 1'000'000, s.span_id});
    }
  }
  for (auto& [id, list] : roots) {
    std::sort(list.begin(), list.end());
    for (size_t i = 0; i < list.size(); ++i) label[list[i].second] = "r:" + id + "#" + std::to_string(i);
  }

  uint64_t event_spans = 0, scored = 0, right = 0, unknown = 0, causal = 0;
  struct Miss {
    uint64_t n = 0;
    std::vector<std::string> examples;
  };
  std::map<std::string, Miss> misses;
  for (const auto& s : c.spans) {
    if (s.uid.empty()) continue;
    ++event_spans;
    auto t = truth.find(s.uid + "#" + (s.count.empty() ? "0" : s.count));
    if (t == truth.end()) {
      ++unknown;
      continue;
    }
    ++scored;
    std::string actual = "-";
    if (!s.parent_id.empty()) {
      auto l = label.find(s.parent_id);
      actual = l == label.end() ? "?" + s.parent_id : l->second;
    }
    const Truth& tr = t->second;
    if (actual == tr.expected) {
      ++right;
    } else {
      Miss& m = misses[tr.name + " (spec rule " + tr.rule + ")"];
      if (m.n++ < static_cast<uint64_t>(show))
        m.examples.push_back(s.uid + "#" + (s.count.empty() ? "0" : s.count) + ": expected " + tr.expected + ", got " +
                             actual + "  [" + tr.message.substr(0, 90) + "]");
    }
    const std::string& cause = tr.cause;
    if ((cause.starts_with("e:") && actual.starts_with(cause + "#")) ||
        (cause.starts_with("o:") && actual.starts_with("r:" + cause.substr(2) + "#")))
      ++causal;
  }
  const uint64_t missing = truth.size() > scored ? truth.size() - scored : 0;
  const double fraction = truth.empty() ? 0 : static_cast<double>(right) / static_cast<double>(truth.size());
  std::printf("spans in output: %zu (%llu event spans, %zu roots)\n", c.spans.size(),
              static_cast<unsigned long long>(event_spans), c.spans.size() - static_cast<size_t>(event_spans));
  std::printf("ground truth: %zu event spans; %llu missing from the output; %llu output spans not in it\n",
              truth.size(), static_cast<unsigned long long>(missing), static_cast<unsigned long long>(unknown));
  std::printf("under their ground-truth parent: %llu / %zu = %.6f\n", static_cast<unsigned long long>(right),
              truth.size(), fraction);
  std::printf("under the generator's own cause: %llu / %zu = %.6f (the spec differs from it by design in places)\n",
              static_cast<unsigned long long>(causal), truth.size(),
              truth.empty() ? 0 : static_cast<double>(causal) / static_cast<double>(truth.size()));
  std::vector<std::pair<std::string, Miss>> sorted(misses.begin(), misses.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second.n > b.second.n; });
  for (const auto& [what, m] : sorted) {
    std::printf("  %llu x %s\n", static_cast<unsigned long long>(m.n), what.c_str());
    for (const auto& e : m.examples) std::printf("      %s\n", e.c_str());
  }
  return min_fraction >= 0 && fraction < min_fraction ? 1 : 0;
}
