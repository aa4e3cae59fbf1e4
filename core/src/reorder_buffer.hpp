// Events waiting for their turn (spec 1.2). Replay holds every event until finish, keeping
// the record with the higher resourceVersion of each occurrence (uid, count); live mode
// releases each second once the watermark passes it by 1 s + reorder, keeps the first
// record of an occurrence, and hands a record for a released second over at once as late.
// Each released batch goes to the correlator in the order key.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "correlator.hpp"
#include "order_key.hpp"
#include "occurrence_index.hpp"
#include "packed_arena.hpp"
#include "packed_event.hpp"

namespace kspan {

class ReorderBuffer {
 public:
  ReorderBuffer(const Settings& settings, OwnerGraph& graph, Correlator& correlator, Counters& counters)
      : settings_(settings), graph_(graph), correlator_(correlator), counters_(counters) {}

  // False when the event is another record of an occurrence already processed (live).
  bool is_new_live_occurrence(const Event& event);
  void add(RoutedEvent&& event);
  // Live: the host's time, or the largest observedAt read so far.
  void advance_watermark(int64_t now_ns);
  // End of input: everything still waiting is released.
  void release_all();
  // Tests: sees each event as it is handed to the correlator.
  void observe_releases(std::function<void(const RoutedEvent&)> observer) { observer_ = std::move(observer); }

 private:
  // An event waiting, packed; the resource version is kept apart to settle duplicates.
  struct Waiting {
    PackedArena::Ref packed;  // empty: a retired slot (a newer record of its occurrence came)
    uint64_t resource_version = 0;
  };
  Waiting wait(const RoutedEvent& event) {
    return Waiting{arena_.add(packer_.pack(event)), event.event.resource_version};
  }
  RoutedEvent unpack(const Waiting& waiting) const { return packer_.unpack(arena_.view(waiting.packed)); }
  void unpack_into(const Waiting& waiting, RoutedEvent& out) const { packer_.unpack_into(arena_.view(waiting.packed), out); }
  // The slot's event is no longer needed.
  void retire(Waiting& waiting) {
    if (!waiting.packed.empty()) arena_.release(waiting.packed);
    waiting = Waiting{};
  }

  void add_replay(RoutedEvent&& event);
  void add_live(RoutedEvent&& event);
  void release_through(int64_t last_second);
  void release(std::vector<Waiting>& batch);
  void release_unpacked(std::vector<Waiting>& batch);
  void release_one_at_a_time(std::vector<Waiting>& batch);
  std::vector<Waiting>& bucket_of(int64_t second);
  void forget_old_occurrences();

  void hand_over(RoutedEvent&& event) {
    if (observer_) observer_(event);
    correlator_.process(std::move(event));
  }

  const Settings& settings_;
  OwnerGraph& graph_;
  Correlator& correlator_;
  Counters& counters_;
  EventPacker packer_;
  PackedArena arena_;
  std::map<int64_t, std::vector<Waiting>> waiting_;                          // by second
  using Slot = std::pair<int64_t, size_t>;                                     // (second, index in its bucket)
  OccurrenceIndex<Slot> slot_of_;                                              // replay: occurrence -> its slot
  LiveOccurrences processed_;                                                  // live: occurrences and their seconds
  static constexpr size_t kKeptBatch = 1024;  // events whose buffers are kept between releases
  std::vector<RoutedEvent> batch_scratch_;                  // release's vectors, kept for the next one
  std::vector<std::pair<OrderKey, size_t>> order_scratch_;
  std::vector<uint32_t> uid_sizes_scratch_;                 // live: the batch's uids, one after the other
  std::string uids_scratch_;
  RoutedEvent event_scratch_;                               // live: the event being released
  std::vector<Waiting>* last_bucket_ = nullptr;  // bucket_of's last answer, while it stays in waiting_
  int64_t last_second_ = 0;
  int64_t released_through_ = INT64_MIN;
  int64_t watermark_ = INT64_MIN;
  size_t prune_at_ = 4096;
  std::function<void(const RoutedEvent&)> observer_;
};

}  // namespace kspan
