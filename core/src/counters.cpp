#include "kspan/counters.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <string_view>

namespace kspan {

namespace {
struct ReasonInfo {
  std::string_view name;
  std::string_view description;
};

// Every named reason, declared once (the CLI and the viewer both show these words).
constexpr std::array kReasons{
    ReasonInfo{"invalid-json", "bytes that are not JSON where a record should start"},
    ReasonInfo{"parse-error", "a record that is not valid JSON (or YAML turned into JSON)"},
    ReasonInfo{"yaml-error", "a YAML document that could not be read"},
    ReasonInfo{"yaml-unsupported", "a YAML document, but no YAML reader was given to the core"},
    ReasonInfo{"truncated", "the input ends in the middle of a record"},
    ReasonInfo{"record-too-large", "a single record larger than the record size limit"},
    ReasonInfo{"too-deep", "a record nested deeper than the nesting limit"},
    ReasonInfo{"not-an-object", "a record or list element that is not an object"},
    ReasonInfo{"not-a-dump", "a file that is not a dump kspan reads"},
    ReasonInfo{"no-uid", "an Event without metadata.uid"},
    ReasonInfo{"no-involved-name", "an Event whose involved object has no name"},
    ReasonInfo{"no-time", "an Event with no usable time in any time field"},
    ReasonInfo{"no-name", "an object without metadata.name"},
    ReasonInfo{"unknown-record", "a record with no kind that is not an Event"},
    ReasonInfo{"duplicate-event", "a second record of one event occurrence (uid and count); the higher resourceVersion is kept"},
    ReasonInfo{"watch-error", "an ERROR watch event"},
    ReasonInfo{"otlp-input", "OTLP traces: shown as they are by the viewer, not correlated again"},
    ReasonInfo{"wrong-type", "a field of the wrong type, read as absent"},
    ReasonInfo{"null-string", "a field holding the string \"null\", read as absent"},
    ReasonInfo{"invalid-utf8", "bytes that are not UTF-8, replaced by U+FFFD"},
    ReasonInfo{"invalid-time", "a time that is not RFC 3339, read as absent"},
    ReasonInfo{"root-id-taken", "an Activity root whose ids another root already held (objects sharing a uid, or a repeated event starting a root again): given ids salted with its object"},
    ReasonInfo{"bad-capture-header", "a capture header line that is not valid JSON; the observation time is unknown"},
    ReasonInfo{"pending-limit", "more events waited for a parent than max_pending_events: the oldest was resolved early, as if its window had passed"},
    ReasonInfo{"object-limit", "an object (or an ownerReference to one) past max_objects: not kept, so later events may not find it as an owner"},
    ReasonInfo{"resource-limit", "a span from a new component or instance past max_resources: put on the resource kspan-resource-limit"},
    ReasonInfo{"owner-depth-limit", "an owner chain longer than max_owner_depth: followed that far, the object reached taken as the top"},
};
}  // namespace

const char* describe_reason(const std::string& reason) {
  for (const auto& info : kReasons)
    if (info.name == reason) return info.description.data();
  return "";
}

static void count(std::map<std::string, ReasonCount>& table, const std::string& reason, const Location& where,
                  const std::string& detail) {
  ReasonCount& entry = table[reason];
  ++entry.count;
  if (entry.examples.size() < Counters::kMaxExamples) entry.examples.push_back(Example{where, detail});
}

void Counters::skip(const std::string& reason, const Location& where, const std::string& detail) {
  count(skipped, reason, where, detail);
}

void Counters::repair(const std::string& reason, const Location& where, const std::string& detail) {
  count(repaired, reason, where, detail);
}

void Counters::limit(const std::string& reason, const Location& where, const std::string& detail) {
  count(limited, reason, where, detail);
}

namespace {
nlohmann::json reasons_json(const std::map<std::string, ReasonCount>& table) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [reason, entry] : table) {
    nlohmann::json examples = nlohmann::json::array();
    for (const auto& example : entry.examples)
      examples.push_back({{"source", example.where.source},
                          {"line", example.where.line},
                          {"offset", example.where.offset},
                          {"object", example.where.object},
                          {"detail", example.detail}});
    out.push_back({{"reason", reason},
                   {"description", describe_reason(reason)},
                   {"count", entry.count},
                   {"examples", std::move(examples)}});
  }
  return out;
}

std::string place(const Location& where) {
  std::string out = where.source.empty() ? "<input>" : where.source;
  if (where.line > 0) out += ":" + std::to_string(where.line);
  else out += " at byte " + std::to_string(where.offset);
  if (!where.object.empty()) out += " (" + where.object + ")";
  return out;
}

void reasons_text(std::string& out, const char* verb, const std::map<std::string, ReasonCount>& table) {
  for (const auto& [reason, entry] : table) {
    out += "  " + std::string(verb) + " " + std::to_string(entry.count) + " " + reason + ": " + describe_reason(reason) + "\n";
    for (const auto& example : entry.examples) out += "    " + place(example.where) + ": " + example.detail + "\n";
  }
}
}  // namespace

std::string counters_to_json(const Counters& c) {
  nlohmann::json rules = nlohmann::json::object();
  for (const auto& [rule, n] : c.parent_rules) rules[rule] = n;
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& source : c.sources)
    sources.push_back({{"name", source.name},
                       {"format", source.format},
                       {"bytes", source.bytes},
                       {"records", source.records},
                       {"error", source.error}});
  nlohmann::json out = {{"records", c.records},
                        {"events", c.events},
                        {"objects", c.objects},
                        {"spans", c.spans},
                        {"traces", c.traces},
                        {"roots_synthesised", c.roots_synthesised},
                        {"late", c.late},
                        {"skewed", c.skewed},
                        {"pending", c.pending},
                        {"objects_forgotten", c.objects_forgotten},
                        {"objects_held", c.objects_held},
                        {"files_passed_over", c.files_passed_over},
                        {"skipped", reasons_json(c.skipped)},
                        {"repaired", reasons_json(c.repaired)},
                        {"limited", reasons_json(c.limited)},
                        {"parent_rules", std::move(rules)},
                        {"sources", std::move(sources)}};
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string counters_to_text(const Counters& c) {
  std::string out;
  out += "read " + std::to_string(c.records) + " records from " + std::to_string(c.sources.size()) +
         " sources: " + std::to_string(c.events) + " events, " + std::to_string(c.objects) + " objects\n";
  for (const auto& source : c.sources) {
    out += "  " + source.name + ": " + (source.error.empty() ? source.format : source.error) + ", " +
           std::to_string(source.records) + " records, " + std::to_string(source.bytes) + " bytes\n";
  }
  if (c.files_passed_over > 0) out += "  passed over " + std::to_string(c.files_passed_over) + " files that are not dumps\n";
  out += "wrote " + std::to_string(c.spans) + " spans in " + std::to_string(c.traces) + " traces (" +
         std::to_string(c.roots_synthesised) + " roots synthesised, " + std::to_string(c.late) + " late, " +
         std::to_string(c.skewed) + " skewed)\n";
  if (!c.parent_rules.empty()) {
    out += "parents:";
    for (const auto& [rule, n] : c.parent_rules) out += " " + rule + "=" + std::to_string(n);
    out += "\n";
  }
  reasons_text(out, "skipped", c.skipped);
  reasons_text(out, "repaired", c.repaired);
  reasons_text(out, "limited", c.limited);
  if (c.objects_forgotten > 0)
    out += "forgot " + std::to_string(c.objects_forgotten) + " expired objects (live), holding " +
           std::to_string(c.objects_held) + "\n";
  return out;
}

}  // namespace kspan
