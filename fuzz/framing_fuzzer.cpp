// The core's framers alone (core/src/json_framer, yaml_framer): a stream split into records
// with a carry-over buffer, whatever the chunking.
//
// Input: a 3-byte header, then the stream.
//   h[0] bit 0  0: JsonFramer, 1: YamlFramer    bits 1-2  chunking mode
//        bit 3  small limits (max_record_bytes 64 + h[2], max_depth 1 + h[2] % 16) as well
//   h[1] chunking seed
// Checks:
//   - {json,yaml}-framing-chunk-invariance: the records (text, line, offset) and the framing errors
//     (reason, line, offset) are the same for the chunked stream as for the whole stream;
//   - json-record-is-input: a JSON record's text is the input's bytes at its offset, and its
//     line is the line of that offset;
//   - yaml-document-line: a YAML document's line is the line of its offset;
//   - {json,yaml}-limits-never-alter-records: with small limits, every record emitted is one the default
//     limits also emit (a limit skips a record and counts it; it never hands on a cut one).
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "json_framer.hpp"
#include "yaml_framer.hpp"

using namespace kspan;

namespace {

struct Item {
  std::string text, header, reason;
  uint64_t line, offset;
  bool operator==(const Item&) const = default;
  bool operator<(const Item& o) const {
    return std::tie(line, offset, text, header, reason) < std::tie(o.line, o.offset, o.text, o.header, o.reason);
  }
};

struct Framed {
  std::vector<Item> records, errors;
};

Framed frame(bool yaml, std::string_view bytes, fuzz::Chunking chunking, FramingLimits limits) {
  Framed out;
  auto on_error = [&](const FramingError& e) { out.errors.push_back(Item{"", "", e.reason, e.line, e.offset}); };
  if (yaml) {
    YamlFramer framer([&](const YamlDocument& d) {
      out.records.push_back(Item{std::string(d.text), std::string(d.capture_header), "", d.line, d.offset});
    }, on_error, limits);
    for (auto chunk : chunking.cut(bytes)) framer.push(chunk);
    framer.finish();
  } else {
    JsonFramer framer([&](const RawRecord& r) {
      out.records.push_back(Item{std::string(r.text), "", "", r.line, r.offset});
    }, on_error, limits);
    for (auto chunk : chunking.cut(bytes)) framer.push(chunk);
    framer.finish();
  }
  return out;
}

uint64_t line_of(std::string_view bytes, uint64_t offset) {
  uint64_t line = 1;
  for (uint64_t i = 0; i < offset && i < bytes.size(); ++i) line += bytes[i] == '\n';
  return line;
}

void compare(const Framed& a, const Framed& b, const char* what, bool yaml) {
  const char* name = yaml ? "yaml-framing-chunk-invariance" : "json-framing-chunk-invariance";
  KSPAN_CHECK(name, a.records.size() == b.records.size(), "%s: %zu records chunked, %zu whole",
              what, a.records.size(), b.records.size());
  for (size_t i = 0; i < std::min(a.records.size(), b.records.size()); ++i)
    KSPAN_CHECK(name, a.records[i] == b.records[i],
                "%s: record %zu differs: chunked line %llu offset %llu '%.200s'; whole line %llu offset %llu '%.200s'",
                what, i, (unsigned long long)a.records[i].line, (unsigned long long)a.records[i].offset,
                a.records[i].text.c_str(), (unsigned long long)b.records[i].line,
                (unsigned long long)b.records[i].offset, b.records[i].text.c_str());
  KSPAN_CHECK(name, a.errors == b.errors, "%s: framing errors differ (%zu chunked, %zu whole)%s",
              what, a.errors.size(), b.errors.size(),
              a.errors.empty() ? "" : (" first chunked: " + a.errors[0].reason).c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  const bool yaml = data[0] & 1;
  const auto chunking = fuzz::Chunking::from(data[0] >> 1, data[1]);
  const bool small = data[0] & 8;
  const FramingLimits tight{static_cast<size_t>(64 + data[2]), 1 + data[2] % 16};
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 3, size - 3);

  const Framed whole = frame(yaml, bytes, fuzz::Chunking{}, {});
  for (const Item& r : whole.records) {
    if (!yaml) {
      KSPAN_CHECK("json-record-is-input", bytes.substr(r.offset, r.text.size()) == r.text,
                  "record at offset %llu is not the input's bytes there", (unsigned long long)r.offset);
    }
    KSPAN_CHECK(yaml ? "yaml-document-line" : "json-record-is-input", r.line == line_of(bytes, r.offset),
                "record at offset %llu says line %llu, the offset is on line %llu", (unsigned long long)r.offset,
                (unsigned long long)r.line, (unsigned long long)line_of(bytes, r.offset));
  }
  if (chunking.mode != 0) compare(frame(yaml, bytes, chunking, {}), whole, "default limits", yaml);
  if (small) {
    const Framed tight_whole = frame(yaml, bytes, fuzz::Chunking{}, tight);
    if (chunking.mode != 0) compare(frame(yaml, bytes, chunking, tight), tight_whole, "small limits", yaml);
    for (const Item& r : tight_whole.records) {
      bool found = false;
      for (const Item& d : whole.records) found = found || d == r;
      KSPAN_CHECK(yaml ? "yaml-limits-never-alter-records" : "json-limits-never-alter-records", found,
                  "with limits %zu bytes / depth %d, a record at line %llu offset %llu that the default limits do "
                  "not emit: '%.200s'",
                  tight.max_record_bytes, tight.max_depth, (unsigned long long)r.line, (unsigned long long)r.offset,
                  r.text.c_str());
    }
  }
  return 0;
}
