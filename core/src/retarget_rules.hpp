// Controllers that report an action on a sub-object while naming the owner (spec section 2):
// one rule table, matched on involved kind and message shape, never on the component.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kspan {

struct RetargetRule {
  std::string_view involved_kinds;  // space-separated
  std::string_view prefix;          // the message up to the sub-object's name
  std::string_view followed_by;     // what must follow the name ("" when anything may)
  std::string_view subject_kind;
};

struct Retarget {
  std::string subject_kind;
  std::string subject_name;
};

std::optional<Retarget> retarget(std::string_view involved_kind, std::string_view message);

}  // namespace kspan
