#include "pruned_json.hpp"

#include <vector>

namespace kspan::daemon {
namespace {

using nlohmann::json;

// A SAX handler that builds the document, but only along the shape. Each open container is
// either being built (node set) or being read past (node null, counted in skip_depth_).
class PrunedBuilder : public nlohmann::json_sax<json> {
 public:
  explicit PrunedBuilder(const JsonShape& shape) : next_shape_(&shape) {}

  bool null() override { return put(nullptr); }
  bool boolean(bool v) override { return put(v); }
  bool number_integer(number_integer_t v) override { return put(v); }
  bool number_unsigned(number_unsigned_t v) override { return put(v); }
  bool number_float(number_float_t v, const string_t&) override { return put(v); }
  bool string(string_t& v) override { return put(std::move(v)); }
  bool binary(binary_t&) override { return true; }

  bool start_object(std::size_t) override { return open(json::object()); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& k) override {
    if (skip_depth_ > 0) return true;
    Frame& top = frames_.back();
    const JsonShape* member = nullptr;
    if (top.shape == nullptr) {
      member = &kWhole;  // inside a member kept whole
    } else if (auto it = top.shape->find(k); it != top.shape->end() && (it->is_object() || *it == true)) {
      member = it->is_object() ? &*it : &kWhole;
    }
    next_shape_ = member;
    if (member != nullptr) top.pending_key = std::move(k);
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    failed_ = true;
    return false;
  }

  json take() { return failed_ ? json(json::value_t::discarded) : std::move(root_); }

 private:
  struct Frame {
    json* node;
    const JsonShape* shape;  // nullptr: kept whole
    std::string pending_key;
  };
  static inline const JsonShape kWhole = true;

  // Where the next value goes; nullptr when it is read past.
  json* slot() {
    if (frames_.empty()) return &root_;
    if (next_shape_ == nullptr) return nullptr;
    Frame& top = frames_.back();
    if (top.node->is_array()) return &top.node->emplace_back();
    return &(*top.node)[top.pending_key];
  }
  bool dropping() const { return skip_depth_ > 0 || (!frames_.empty() && next_shape_ == nullptr); }

  template <typename Value>
  bool put(Value&& v) {
    if (dropping()) return true;
    *slot() = std::forward<Value>(v);
    if (!frames_.empty() && frames_.back().node->is_object()) next_shape_ = nullptr;
    return true;
  }

  bool open(json empty) {
    if (dropping()) {
      ++skip_depth_;
      return true;
    }
    const JsonShape* shape = next_shape_;
    json* node = slot();
    *node = std::move(empty);
    // Arrays and members kept whole keep everything below them.
    const JsonShape* inner = (shape == nullptr || !shape->is_object() || node->is_array()) ? nullptr : shape;
    frames_.push_back(Frame{node, inner, {}});
    next_shape_ = inner == nullptr ? &kWhole : nullptr;
    return true;
  }

  bool close() {
    if (skip_depth_ > 0) {
      --skip_depth_;
      return true;
    }
    frames_.pop_back();
    // In a shaped object the next key decides; elsewhere everything is kept.
    next_shape_ = !frames_.empty() && frames_.back().shape != nullptr ? nullptr : &kWhole;
    return true;
  }

  json root_;
  std::vector<Frame> frames_;
  const JsonShape* next_shape_;  // the shape of the value about to come; nullptr: drop it
  size_t skip_depth_ = 0;
  bool failed_ = false;
};

}  // namespace

json parse_pruned(std::string_view text, const JsonShape& shape) {
  PrunedBuilder builder(shape);
  const bool ok = json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json, true, false);
  json out = builder.take();
  return ok ? out : json(json::value_t::discarded);
}

}  // namespace kspan::daemon
