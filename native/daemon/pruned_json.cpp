#include "pruned_json.hpp"

#include <cstring>
#include <optional>
#include <string>

namespace kspan::daemon {
namespace {

using nlohmann::json;

// One pass over the text: members the shape names are built, the rest is stepped over by
// matching brackets and quotes (far cheaper than tokenising it). Skipped values are checked for
// structure only; the core parses the whole line again and counts what is wrong in it.
class PrunedScanner {
 public:
  explicit PrunedScanner(std::string_view text) : text_(text) {}

  std::optional<std::string_view> find(std::initializer_list<std::string_view> path) {
    for (auto name = path.begin(); name != path.end(); ++name) {
      skip_space();
      if (at_ >= text_.size() || text_[at_] != '{') return std::nullopt;
      ++at_;
      while (true) {
        skip_space();
        if (at_ < text_.size() && text_[at_] == '}') return std::nullopt;
        const std::string_view key = key_text();
        skip_space();
        if (failed_ || at_ >= text_.size() || text_[at_++] != ':') return std::nullopt;
        if (key == *name) break;
        if (!skip_value()) return std::nullopt;
        skip_space();
        if (at_ < text_.size() && text_[at_] == ',') ++at_;
        else return std::nullopt;  // '}' (absent) or broken
      }
    }
    skip_space();
    const size_t start = at_;
    if (!skip_value()) return std::nullopt;
    return text_.substr(start, at_ - start);
  }

  json document(const JsonShape& shape) {
    json out = value(&shape);
    skip_space();
    if (failed_ || at_ != text_.size()) return json(json::value_t::discarded);
    return out;
  }

 private:
  static inline const JsonShape kWhole = true;

  void skip_space() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t')) ++at_;
  }
  bool fail() {
    failed_ = true;
    return false;
  }

  // At a '"': past the closing quote; false when there is none.
  bool skip_string() {
    size_t i = at_ + 1;
    while (true) {
      const void* hit = std::memchr(text_.data() + i, '"', text_.size() - i);
      if (hit == nullptr) return fail();
      const size_t quote = static_cast<const char*>(hit) - text_.data();
      size_t backslashes = 0;
      while (quote - backslashes > at_ + 1 && text_[quote - backslashes - 1] == '\\') ++backslashes;
      i = quote + 1;
      if (backslashes % 2 == 0) break;
    }
    at_ = i;
    return true;
  }

  // Past one value of any kind, brackets matched by type.
  bool skip_value() {
    std::string closers;
    do {
      skip_space();
      if (at_ >= text_.size()) return fail();
      const char c = text_[at_];
      if (c == '"') {
        if (!skip_string()) return false;
      } else if (c == '{' || c == '[') {
        closers.push_back(c == '{' ? '}' : ']');
        ++at_;
      } else if (c == '}' || c == ']') {
        if (closers.empty() || closers.back() != c) return fail();
        closers.pop_back();
        ++at_;
      } else if (c == ',' || c == ':') {
        if (closers.empty()) return fail();
        ++at_;
      } else {
        const size_t start = at_;
        while (at_ < text_.size() && std::strchr(",:]} \n\r\t\"{[", text_[at_]) == nullptr) ++at_;
        if (at_ == start) return fail();
      }
    } while (!closers.empty());
    return true;
  }

  // A value kept whole: strings without escapes directly, the rest by the full parser.
  json whole_value() {
    skip_space();
    const size_t start = at_;
    if (!skip_value()) return {};
    const std::string_view slice = text_.substr(start, at_ - start);
    if (slice.size() >= 2 && slice.front() == '"' && slice.find('\\') == std::string_view::npos)
      return std::string(slice.substr(1, slice.size() - 2));
    json out = json::parse(slice, nullptr, false);
    if (out.is_discarded()) fail();
    return out;
  }

  // A member's name, without building a string when it has no escapes (names seldom do).
  std::string_view key_text() {
    if (at_ >= text_.size() || text_[at_] != '"') {
      fail();
      return {};
    }
    const size_t start = at_;
    if (!skip_string()) return {};
    const std::string_view quoted = text_.substr(start, at_ - start);
    if (quoted.find('\\') == std::string_view::npos) return quoted.substr(1, quoted.size() - 2);
    const json decoded = json::parse(quoted, nullptr, false);
    if (decoded.is_discarded()) fail();
    else escaped_key_ = decoded.get<std::string>();
    return escaped_key_;
  }

  json value(const JsonShape* shape) {
    skip_space();
    if (at_ < text_.size() && text_[at_] == '{' && shape->is_object()) return object(*shape);
    return whole_value();
  }

  json object(const JsonShape& shape) {
    json out = json::object();
    ++at_;  // '{'
    skip_space();
    if (at_ < text_.size() && text_[at_] == '}') {
      ++at_;
      return out;
    }
    while (!failed_) {
      skip_space();
      const std::string_view key = key_text();
      if (failed_) break;
      skip_space();
      if (at_ >= text_.size() || text_[at_++] != ':') {
        fail();
        break;
      }
      const auto wanted = shape.find(key);
      if (wanted != shape.end() && (wanted->is_object() || *wanted == true)) {
        out[std::string(key)] = value(wanted->is_object() ? &*wanted : &kWhole);
      } else if (!skip_value()) {
        break;
      }
      skip_space();
      if (at_ < text_.size() && text_[at_] == ',') {
        ++at_;
      } else if (at_ < text_.size() && text_[at_] == '}') {
        ++at_;
        break;
      } else {
        fail();
      }
    }
    return out;
  }

  std::string_view text_;
  std::string escaped_key_;
  size_t at_ = 0;
  bool failed_ = false;
};

}  // namespace

json parse_pruned(std::string_view text, const JsonShape& shape) { return PrunedScanner(text).document(shape); }

std::optional<std::string_view> member_text(std::string_view text, std::initializer_list<std::string_view> path) {
  return PrunedScanner(text).find(path);
}

}  // namespace kspan::daemon
