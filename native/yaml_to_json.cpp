#include "yaml_to_json.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace kspan::cli {
namespace {

using nlohmann::json;

bool is_one_of(const std::string& s, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (s == w) return true;
  return false;
}

// An integer of the core schema: decimal, 0o octal or 0x hexadecimal.
std::optional<json> parse_integer(std::string_view s) {
  int base = 10;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
    base = s[1] == 'o' ? 8 : 16;
    s.remove_prefix(2);
  }
  if (s.empty()) return std::nullopt;
  uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), magnitude, base);
  if (end != s.data() + s.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) return std::nullopt;  // read as a float instead
  if (!negative) return json(magnitude);
  if (magnitude > static_cast<uint64_t>(INT64_MAX) + 1) return std::nullopt;
  return json(static_cast<int64_t>(0 - magnitude));
}

// A float of the core schema. Infinity and NaN have no JSON form and stay strings.
std::optional<json> parse_float(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty() || s.find_first_of("0123456789") == std::string_view::npos) return std::nullopt;
  // from_chars would take "inf" and "nan"; the core schema spells those .inf and .nan.
  if (s.find_first_not_of("0123456789.eE+-") != std::string_view::npos) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
  return json(value);
}

json plain_scalar(const std::string& s) {
  if (is_one_of(s, {"", "~", "null", "Null", "NULL"})) return nullptr;
  if (is_one_of(s, {"true", "True", "TRUE"})) return true;
  if (is_one_of(s, {"false", "False", "FALSE"})) return false;
  if (auto n = parse_integer(s)) return *n;
  if (auto f = parse_float(s)) return *f;
  return s;
}

json scalar(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  const std::string& text = node.Scalar();
  // "!" is the non-specific tag yaml-cpp gives quoted and block scalars; "?" a plain one.
  if (tag == "?") return plain_scalar(text);
  if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
      tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null") {
    return plain_scalar(text);
  }
  return text;
}

std::string position(const YAML::Mark& mark) {
  if (mark.is_null()) return "";
  return "line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1) + ": ";
}

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Converter {
 public:
  // Aliases can make a small document expand enormously ("billion laughs"); real dumps
  // use none, so a generous budget relative to the input is plenty.
  explicit Converter(size_t input_size) : budget_(16 * input_size + 4096) {}

  json convert(const YAML::Node& node) {
    if (budget_-- == 0) throw Error(position(node.Mark()) + "document expands too much (aliases)");
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return nullptr;
      case YAML::NodeType::Scalar:
        return scalar(node);
      case YAML::NodeType::Sequence: {
        json array = json::array();
        for (const auto& item : node) array.push_back(convert(item));
        return array;
      }
      case YAML::NodeType::Map: {
        json object = json::object();
        for (const auto& entry : node) object[key(entry.first)] = convert(entry.second);
        return object;
      }
    }
    return nullptr;
  }

 private:
  // JSON keys are strings; a YAML key that is not a scalar has no faithful form.
  static std::string key(const YAML::Node& node) {
    if (node.IsScalar()) return node.Scalar();
    if (node.IsNull()) return "null";
    throw Error(position(node.Mark()) + "a mapping key that is not a scalar");
  }

  size_t budget_;
};

}  // namespace

bool YamlToJson::to_json(std::string_view yaml, std::string& json_text, std::string& error) {
  try {
    YAML::Node root = YAML::Load(std::string(yaml));
    json_text = Converter(yaml.size()).convert(root).dump(-1, ' ', false, json::error_handler_t::replace);
    return true;
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own message for this is "bad file"; say what happened instead.
    error = position(e.mark) + "nesting deeper than " + std::to_string(e.depth()) + " levels";
  } catch (const YAML::Exception& e) {
    error = position(e.mark) + e.msg;
  } catch (const Error& e) {
    error = e.what();
  } catch (const std::exception& e) {
    error = e.what();
  }
  return false;
}

}  // namespace kspan::cli
