// Spans between their creation and their hand-over to the sink (spec section 5): a span
// lasts until the next span on its object, a parent covers its children until it is final,
// and a span is final once the clock passes its end plus 2 x window with no open descendant.
#pragma once
#include <functional>
#include <memory>
#include <tuple>
#include <vector>

#include "chunked_vector.hpp"
#include "due_queue.hpp"
#include "event_span.hpp"
#include "kspan/span.hpp"
#include "model.hpp"
#include "recent_store.hpp"

namespace kspan {

struct SpanRecord {
  // A final span is a stub of a hundred-odd bytes: its head, kept while a recent entry may
  // name it. Until then an event span has its `source` and a root its whole span (`root`: name
  // and attributes, the rest in the head); both are freed when it is final.
  SpanHead head;
  EventSpanSource source;
  std::unique_ptr<Span> root;
  SpanIdx parent = kNoSpan;
  ObjId object = kNoObject;  // the object the span is about; kNoObject for synthesised roots
  int64_t own_ns = 0;        // the event's own moment (a root's own start)
  uint64_t seq = 0;          // processing order
  bool is_root = false;
  bool final = false;
  bool waiting_for_children = false;
  bool scheduled = false;  // a due entry of this span is in the queue
  uint32_t open_children = 0;
  uint64_t generation = 0;  // tells a reused slot from the span that held it before
};

class SpanStore {
 public:
  // Hands a span that became final over; only its head is read afterwards.
  using Emit = std::function<void(SpanRecord& record)>;
  SpanStore(int64_t window_ns, Emit emit) : window_ns_(window_ns), emit_(std::move(emit)) {}

  SpanIdx add(SpanRecord&& record);
  SpanRecord& at(SpanIdx idx) { return spans_[idx]; }
  const SpanRecord& at(SpanIdx idx) const { return spans_[idx]; }
  // The ids of the most recent span about an object (for span links), nullptr when none.
  const Link* latest_on(ObjId object) const;
  // Spans held, final or not.
  size_t held() const { return spans_.size() - free_.size(); }
  // Every index a span can have now, held or free: the size of a mark per span.
  size_t slots() const { return spans_.size(); }
  // Frees every final span that is not marked in `kept` (slots() long) and not the parent of
  // an open span, so memory follows the open spans and what the recent store can still return.
  void release_unreferenced(std::vector<bool>& kept);
  // Live expiry: appends the objects open spans are about; forgets what it keeps of forgotten ones.
  void objects_in_use(std::vector<ObjId>& out) const;
  void forget_objects(const std::vector<ObjId>& forgotten);
  // Hands every span that became final by `clock` to the sink.
  void advance(int64_t clock);
  void finish() { advance(INT64_MAX); }

 private:
  void chain_after_previous(SpanIdx idx);
  void cover(SpanIdx child);
  // A span has one due entry at a time: an end that moves later leaves it early, and when it
  // comes up early it is put back at the span's deadline then (a parent stretched by a
  // hundred children is queued a few times, not a hundred).
  void schedule(SpanIdx idx);
  void finalize(SpanIdx idx, int64_t clock);
  int64_t deadline(const SpanRecord& record) const { return record.head.end_ns + 2 * window_ns_; }

  int64_t window_ns_;
  Emit emit_;
  // In chunks: a doubling vector of records held old and new buffers at once while it moved
  // them (heaptrack: 17.8 MB of the daemon's peak at 5,000 events/s).
  ChunkedVector<SpanRecord> spans_;
  std::vector<SpanIdx> free_;  // released slots, reused by new spans
  std::vector<bool> released_;
  // Per object, by id (ids are dense: the owner graph's slots).
  struct ObjectSpans {
    SpanIdx last = kNoSpan;  // the newest span on it while open: the next one ends it
    bool has_latest = false;
    Link latest;  // the ids of the newest span on it, for links
  };
  ObjectSpans& on_object(ObjId object) {
    if (object >= by_object_.size()) by_object_.resize(static_cast<size_t>(object) + 1);
    return by_object_[object];
  }
  std::vector<ObjectSpans> by_object_;
  DueQueue due_;
  uint64_t next_generation_ = 0;
};

}  // namespace kspan
