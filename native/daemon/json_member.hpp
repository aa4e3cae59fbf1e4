// Members of JSON from the API server read without trusting their types: nlohmann's value()
// throws when a member has another type than the default's, and an exception thrown on a watch
// thread (inside libcurl's callback) would end the process. A member of the wrong type reads as
// absent.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace kspan::daemon {

inline std::string string_member(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

inline long integer_member(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return 0;
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<long>() : 0;
}

}  // namespace kspan::daemon
