#include "source_reader.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "rfc3339.hpp"

namespace kspan {

namespace {
constexpr const char* kBlank = " \t\r\n\xef\xbb\xbf";  // whitespace and a UTF-8 byte order mark
constexpr size_t kSniffBytes = 4096;

bool looks_binary(std::string_view sniff) {
  size_t control = 0;
  for (unsigned char c : sniff) {
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') ++control;
  }
  return control * 10 > sniff.size();
}

bool is_gzip(std::string_view sniff) {
  return sniff.size() >= 2 && static_cast<unsigned char>(sniff[0]) == 0x1f && static_cast<unsigned char>(sniff[1]) == 0x8b;
}

// A first line "key:" or "key: value": YAML meant as a mapping, even if it does not parse.
bool looks_like_yaml_mapping(std::string_view text) {
  const std::string_view line = text.substr(0, text.find('\n'));
  if (line.empty() || line[0] == ' ' || line[0] == '-') return false;
  const size_t colon = line.find(':');
  return colon != std::string_view::npos && colon > 0 && (colon + 1 == line.size() || line[colon + 1] == ' ');
}

std::optional<int64_t> capture_time(std::string_view header) {
  const auto json = nlohmann::json::parse(header, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  auto time = json.find("time");
  if (time == json.end() || !time->is_string()) return std::nullopt;
  return parse_rfc3339(time->get_ref<const std::string&>());
}
}  // namespace

void SourceReader::begin(std::string_view name) {
  name_ = std::string(name);
  sniff_.clear();
  detected_ = rejected_ = false;
  framer_ = std::monostate{};
  counters_.sources.push_back(SourceSummary{name_, "", 0, 0, ""});
  summary_ = &counters_.sources.back();
}

void SourceReader::push(std::string_view bytes) {
  if (summary_ == nullptr) begin("<input>");
  summary_->bytes += bytes.size();
  if (detected_) {
    feed(bytes);
    return;
  }
  sniff_.append(bytes);
  if (!sniffed_enough()) return;
  detect();
  const std::string buffered = std::move(sniff_);
  sniff_.clear();
  feed(buffered);
}

// Enough to tell binary from text: 64 bytes with something besides blanks, or 4 KiB.
bool SourceReader::sniffed_enough() const {
  return sniff_.size() >= kSniffBytes || (sniff_.size() >= 64 && sniff_.find_first_not_of(kBlank) != std::string::npos);
}

void SourceReader::end() {
  if (summary_ == nullptr) return;
  if (!detected_) {
    detect();
    const std::string buffered = std::move(sniff_);
    sniff_.clear();
    feed(buffered);
  }
  if (auto* json = std::get_if<JsonFramer>(&framer_)) json->finish();
  else if (auto* yaml = std::get_if<YamlFramer>(&framer_)) yaml->finish();
  framer_ = std::monostate{};
  summary_ = nullptr;
}

void SourceReader::detect() {
  detected_ = true;
  // The same bytes however the input was cut: through the first meaningful byte, at least
  // 64 and at most 4 KiB.
  size_t start = sniff_.find_first_not_of(kBlank);
  const size_t seen = std::min({sniff_.size(), kSniffBytes,
                                std::max<size_t>(64, start == std::string::npos ? sniff_.size() : start + 1)});
  const std::string_view head(sniff_.data(), seen);
  if (start >= seen) start = std::string::npos;
  auto on_error = [this](const FramingError& e) { counters_.skip(e.reason, here(e.line, e.offset), e.detail); };
  if (start == std::string::npos) {
    summary_->format = "empty";
  } else if (is_gzip(head)) {
    reject("gzip-compressed data: the caller decompresses it before the core");
  } else if (sniff_[start] == '{' || sniff_[start] == '[') {
    summary_->format = "json";
    framer_.emplace<JsonFramer>(
        [this](const RawRecord& r) { decode_text(r.text, here(r.line, r.offset), std::nullopt); }, on_error,
        FramingLimits{}, [this](const RawRecord& r) { return decode_prefix(r); });
  } else if (looks_binary(head)) {
    reject("binary data, not JSON or YAML");
  } else {
    summary_->format = head.substr(start).starts_with("# {") ? "kspan-capture" : "yaml";
    framer_.emplace<YamlFramer>([this](const YamlDocument& d) { on_yaml_document(d); }, on_error);
  }
}

void SourceReader::feed(std::string_view bytes) {
  if (auto* json = std::get_if<JsonFramer>(&framer_)) json->push(bytes);
  else if (auto* yaml = std::get_if<YamlFramer>(&framer_)) yaml->push(bytes);
}

void SourceReader::reject(const std::string& why) {
  rejected_ = true;
  summary_->format = "not-a-dump";
  summary_->error = "not a dump: " + why;
  counters_.skip("not-a-dump", here(0, 0), why);
}

void SourceReader::on_yaml_document(const YamlDocument& document) {
  if (rejected_) return;
  const Location where = here(document.line, document.offset);
  std::optional<int64_t> observed;
  if (!document.capture_header.empty()) {
    observed = capture_time(document.capture_header);
    if (!observed) counters_.repair("bad-capture-header", where, "the capture header has no valid time");
  }
  if (yaml_ == nullptr) {
    counters_.skip("yaml-unsupported", where, "a YAML document");
    return;
  }
  std::string text, error;
  if (yaml_->to_json(document.text, text, error)) {
    decode_text(text, where, observed);
    return;
  }
  if (summary_->records == 0 && !looks_like_yaml_mapping(document.text)) {
    reject("text that is not YAML (" + error + ")");
    return;
  }
  ++counters_.records;
  ++summary_->records;
  counters_.skip("yaml-error", where, error);
}

void SourceReader::decode_text(std::string_view text, const Location& where, std::optional<int64_t> observed) {
  if (rejected_) return;
  // Prose parses as one YAML scalar: a file whose first document is no mapping is no dump.
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (std::holds_alternative<YamlFramer>(framer_) && summary_->records == 0 &&
      (first == std::string_view::npos || text[first] != '{')) {
    reject("text, not JSON or YAML objects");
    return;
  }
  ++counters_.records;
  ++summary_->records;
  decode_record_text(text, DecodeContext{where, observed, reorder_ns_}, counters_, sink_, document_);
}

// A List item parsed where the framer found it, when it is all there (RecordProbe); else the
// framer frames it and decode_text parses it, with the same result.
size_t SourceReader::decode_prefix(const RawRecord& record) {
  if (rejected_) return 0;
  const size_t taken = parse_record_prefix(record.text, FramingLimits{}.max_depth, document_);
  if (taken == 0) return 0;
  ++counters_.records;
  ++summary_->records;
  decode_document(document_, DecodeContext{here(record.line, record.offset), std::nullopt, reorder_ns_}, counters_,
                  sink_);
  return taken;
}

}  // namespace kspan
