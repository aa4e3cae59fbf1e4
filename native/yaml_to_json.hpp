// kspan::YamlConverter for the native build, on yaml-cpp.
#pragma once
#include <string>
#include <string_view>

#include "kspan/engine.hpp"

namespace kspan::cli {

// Scalars follow the YAML 1.2 core schema: a quoted scalar is always a string (kubectl
// quotes "5361642" and "null" precisely so that they stay strings); a plain one is null,
// a bool, an integer or a float when it reads as one, else a string.
class YamlToJson : public kspan::YamlConverter {
 public:
  bool to_json(std::string_view yaml, std::string& json, std::string& error) override;
};

}  // namespace kspan::cli
