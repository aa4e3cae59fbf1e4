// Writes the simulated records in one of the input formats kspan reads, streaming: records are
// rendered when they are written, so memory follows the scenarios in flight, not the file.
#pragma once
#include <cstdint>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "model.hpp"
#include "rng.hpp"
#include "scenarios.hpp"

namespace kspan::gen {

enum class Format { ListJson, JsonLines, Watch, Yaml };
bool parse_format(const std::string& s, Format& f);
// Dumps hold the final state of everything that still exists; streams every change as it came.
inline bool is_dump(Format f) { return f == Format::ListJson || f == Format::Yaml; }

class Output {
 public:
  Output(std::FILE* out, Format format, bool pretty, uint64_t seed);
  ~Output();
  // Queues the scenario's records; scenarios must come in start-time order.
  void add(std::shared_ptr<const Scenario> s);
  void add_objects(std::shared_ptr<const Scenario> s, int64_t at);  // objects only (nodes)
  // Writes every queued record that happens before t.
  void flush_before(int64_t t);
  void finish();
  uint64_t bytes() const { return bytes_; }
  // Bytes written plus an estimate for the records still queued (at the mean size so far).
  uint64_t estimated_bytes() const { return bytes_ + (seq_ - written()) * mean_record_bytes(); }
  uint64_t mean_record_bytes() const { return written() > 100 ? std::max<uint64_t>(bytes_ / written(), 1) : 2500; }
  uint64_t written() const { return event_records_ + object_records_; }
  uint64_t event_records() const { return event_records_; }
  uint64_t object_records() const { return object_records_; }

 private:
  struct Item {
    int64_t time;
    uint64_t seq;
    std::shared_ptr<const Scenario> scenario;
    uint32_t index;    // event or object
    int32_t count;     // event occurrence (1-based); 0 for an object
    uint32_t version;  // object version
    uint8_t type;      // 0 ADDED, 1 MODIFIED, 2 DELETED
    bool operator>(const Item& o) const { return time != o.time ? time > o.time : seq > o.seq; }
  };
  void push(Item it);
  void write_item(const Item& it);
  void emit(const std::string& text);

  std::FILE* out_;
  Format format_;
  bool pretty_;
  Rng shuffle_;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue_;
  std::vector<Item> dump_window_;  // dumps: records leave in a shuffled order, like a real List
  uint64_t seq_ = 0;
  bool first_item_ = true;
  uint64_t bytes_ = 0;
  uint64_t event_records_ = 0;
  uint64_t object_records_ = 0;
  std::string buf_;
};

}  // namespace kspan::gen
