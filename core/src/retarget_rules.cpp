#include "retarget_rules.hpp"

#include <array>

namespace kspan {

namespace {
constexpr std::string_view kPodOwners = "ReplicaSet ReplicationController DaemonSet Job";

constexpr std::array kRules{
    RetargetRule{"Deployment", "Scaled up replica set ", " ", "ReplicaSet"},
    RetargetRule{"Deployment", "Scaled down replica set ", " ", "ReplicaSet"},
    RetargetRule{kPodOwners, "Created pod: ", "", "Pod"},
    RetargetRule{kPodOwners, "Deleted pod: ", "", "Pod"},
    RetargetRule{"StatefulSet", "create Pod ", " in StatefulSet ", "Pod"},
    RetargetRule{"StatefulSet", "delete Pod ", " in StatefulSet ", "Pod"},
    RetargetRule{"CronJob", "Created job ", "", "Job"},
    RetargetRule{"CronJob", "Saw completed job: ", ",", "Job"},
    RetargetRule{"CronJob", "Deleted job ", "", "Job"},
};

constexpr std::string_view kCombinedPrefix = "(combined from similar events): ";

bool lists_kind(std::string_view kinds, std::string_view kind) {
  while (!kinds.empty()) {
    const size_t space = kinds.find(' ');
    if (kinds.substr(0, space) == kind) return true;
    if (space == std::string_view::npos) break;
    kinds.remove_prefix(space + 1);
  }
  return false;
}

bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'; }
}  // namespace

std::optional<Retarget> retarget(std::string_view involved_kind, std::string_view message) {
  if (message.starts_with(kCombinedPrefix)) message.remove_prefix(kCombinedPrefix.size());
  for (const auto& rule : kRules) {
    if (!lists_kind(rule.involved_kinds, involved_kind) || !message.starts_with(rule.prefix)) continue;
    std::string_view rest = message.substr(rule.prefix.size());
    size_t length = 0;
    while (length < rest.size() && is_name_char(rest[length])) ++length;
    if (length == 0) continue;
    const std::string_view after = rest.substr(length);
    if (!rule.followed_by.empty() && !after.starts_with(rule.followed_by)) continue;
    if (rule.followed_by.empty() && !after.empty()) continue;
    return Retarget{std::string(rule.subject_kind), std::string(rest.substr(0, length))};
  }
  return std::nullopt;
}

}  // namespace kspan
