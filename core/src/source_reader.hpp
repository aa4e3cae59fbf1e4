// One source (a file, a stream) from bytes to decoded records: its format detected from
// its first bytes, framed (JSON or YAML, the capture header read), YAML turned into JSON by
// the injected converter, each record decoded. A source that is not a dump is reported once.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "event_decoder.hpp"
#include "json_framer.hpp"
#include "kspan/counters.hpp"
#include "kspan/engine.hpp"
#include "yaml_framer.hpp"

namespace kspan {

class SourceReader {
 public:
  SourceReader(Counters& counters, YamlConverter* yaml, int64_t reorder_ns, DecodedSink& sink)
      : counters_(counters), yaml_(yaml), reorder_ns_(reorder_ns), sink_(sink) {}

  void begin(std::string_view name);
  void push(std::string_view bytes);
  void end();  // also reports a record cut short by the end of the source

 private:
  bool sniffed_enough() const;
  void detect();
  void feed(std::string_view bytes);
  void reject(const std::string& why);
  Location here(uint64_t line, uint64_t offset) const { return Location{name_, line, offset, ""}; }
  void on_yaml_document(const YamlDocument& document);
  void decode_text(std::string_view text, const Location& where, std::optional<int64_t> observed);
  size_t decode_prefix(const RawRecord& record);

  Counters& counters_;
  YamlConverter* yaml_;
  int64_t reorder_ns_;
  DecodedSink& sink_;
  RecordDocument document_;  // the record being decoded; its buffers are reused

  std::string name_;
  SourceSummary* summary_ = nullptr;
  std::string sniff_;
  bool detected_ = false;
  bool rejected_ = false;
  std::variant<std::monostate, JsonFramer, YamlFramer> framer_;
};

}  // namespace kspan
