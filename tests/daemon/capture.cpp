#include "capture.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "clock.hpp"
#include "yaml_to_json.hpp"

namespace kspan::daemon::test {

using nlohmann::json;

namespace {

std::string shifted(const std::string& text, int64_t offset_ns) {
  if (text.size() < 20 || text[4] != '-' || text[10] != 'T') return text;
  auto t = parse_rfc3339(text);
  if (!t) return text;
  const size_t dot = text.find('.', 19);
  size_t digits = 0;
  if (dot != std::string::npos)
    while (dot + 1 + digits < text.size() && std::isdigit(static_cast<unsigned char>(text[dot + 1 + digits]))) ++digits;
  const std::string full = rfc3339_ns(*t + offset_ns);  // YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ
  return digits == 0 ? full.substr(0, 19) + "Z" : full.substr(0, 20 + digits) + "Z";
}

}  // namespace

void shift_times(json& value, int64_t offset_ns) {
  if (value.is_string()) value = shifted(value.get<std::string>(), offset_ns);
  else if (value.is_structured())
    for (auto& item : value) shift_times(item, offset_ns);
}

int64_t offset_to(const std::vector<CaptureRecord>& records, int64_t not_before_ns) {
  if (records.empty()) return 0;
  const int64_t second = 1'000'000'000;
  const int64_t delta = not_before_ns - records.front().time_ns;
  return (delta / second + 1) * second;
}

std::vector<CaptureRecord> read_capture(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::string> documents(1);
  std::string line;
  while (std::getline(in, line)) {
    if (line == "---") documents.emplace_back();
    else documents.back() += line + "\n";
  }
  kspan::cli::YamlToJson yaml;
  std::vector<CaptureRecord> out;
  for (const auto& doc : documents) {
    if (doc.rfind("# {", 0) != 0) continue;
    const size_t end = doc.find('\n');
    const json header = json::parse(doc.substr(2, end - 2));
    std::string text, error;
    if (!yaml.to_json(doc.substr(end + 1), text, error)) throw std::runtime_error(path + ": " + error);
    CaptureRecord r;
    r.time_ns = parse_rfc3339(header.at("time").get<std::string>()).value();
    r.style = header.value("style", "");
    r.object = json::parse(text);
    out.push_back(std::move(r));
  }
  if (out.empty()) throw std::runtime_error(path + ": not a kspan capture");
  return out;
}

}  // namespace kspan::daemon::test
