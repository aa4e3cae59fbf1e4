#include "partial_success.hpp"

#include <google/protobuf/unknown_field_set.h>

#include <nlohmann/json.hpp>

namespace kspan::exporter {
namespace {

using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

const UnknownField* find_field(const UnknownFieldSet& set, int number, UnknownField::Type type) {
  for (int i = 0; i < set.field_count(); ++i)
    if (set.field(i).number() == number && set.field(i).type() == type) return &set.field(i);
  return nullptr;
}

std::string text_field(const UnknownFieldSet& set, int number) {
  const UnknownField* f = find_field(set, number, UnknownField::TYPE_LENGTH_DELIMITED);
  return f ? f->length_delimited() : std::string();
}

int64_t int_field(const UnknownFieldSet& set, int number) {
  const UnknownField* f = find_field(set, number, UnknownField::TYPE_VARINT);
  return f ? static_cast<int64_t>(f->varint()) : 0;
}

// JSON int64 fields are strings by the protobuf JSON mapping, but receivers write numbers too.
int64_t json_int(const nlohmann::json& value) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_string()) return std::stoll(value.get<std::string>());
  return 0;
}

}  // namespace

std::optional<PartialSuccess> partial_success_of(
    const opentelemetry::proto::collector::trace::v1::ExportTraceServiceResponse& response) {
  const UnknownFieldSet& unknown = response.GetReflection()->GetUnknownFields(response);
  const UnknownField* field = find_field(unknown, 1, UnknownField::TYPE_LENGTH_DELIMITED);
  if (!field) return std::nullopt;
  UnknownFieldSet inner;
  if (!inner.ParseFromString(field->length_delimited())) return std::nullopt;
  PartialSuccess result{int_field(inner, 1), text_field(inner, 2)};
  // An empty partial_success means full success (OTLP specification).
  if (result.rejected_spans == 0 && result.error_message.empty()) return std::nullopt;
  return result;
}

std::optional<PartialSuccess> partial_success_from_json(const std::string& body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object() || !json.contains("partialSuccess") || !json["partialSuccess"].is_object()) return std::nullopt;
  const auto& partial = json["partialSuccess"];
  PartialSuccess result;
  try {
    if (partial.contains("rejectedSpans")) result.rejected_spans = json_int(partial["rejectedSpans"]);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (partial.contains("errorMessage") && partial["errorMessage"].is_string())
    result.error_message = partial["errorMessage"].get<std::string>();
  if (result.rejected_spans == 0 && result.error_message.empty()) return std::nullopt;
  return result;
}

std::string status_message_from_protobuf(const std::string& body) {
  UnknownFieldSet status;
  if (!status.ParseFromString(body)) return {};
  return text_field(status, 2);
}

std::string status_message_from_json(const std::string& body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object() && json.contains("message") && json["message"].is_string()) return json["message"];
  return {};
}

std::optional<std::chrono::milliseconds> retry_delay_from_status_details(const std::string& details) {
  UnknownFieldSet status;
  if (!status.ParseFromString(details)) return std::nullopt;
  for (int i = 0; i < status.field_count(); ++i) {
    const UnknownField& detail = status.field(i);  // google.rpc.Status.details: repeated Any = 3
    if (detail.number() != 3 || detail.type() != UnknownField::TYPE_LENGTH_DELIMITED) continue;
    UnknownFieldSet any;
    if (!any.ParseFromString(detail.length_delimited())) continue;
    if (!text_field(any, 1).ends_with("/google.rpc.RetryInfo")) continue;
    UnknownFieldSet retry_info;
    UnknownFieldSet duration;
    if (!retry_info.ParseFromString(text_field(any, 2)) || !duration.ParseFromString(text_field(retry_info, 1)))
      continue;
    auto seconds = std::chrono::seconds(int_field(duration, 1));
    auto nanos = std::chrono::nanoseconds(int_field(duration, 2));
    return std::chrono::duration_cast<std::chrono::milliseconds>(seconds + nanos);
  }
  return std::nullopt;
}

}  // namespace kspan::exporter
