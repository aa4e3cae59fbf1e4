// Spans between their creation and their hand-over to the sink (spec section 5): a span
// lasts until the next span on its object, a parent covers its children until it is final,
// and a span is final once the clock passes its end plus 2 x window with no open descendant.
#pragma once
#include <functional>
#include <queue>
#include <unordered_map>
#include <vector>

#include "kspan/span.hpp"
#include "model.hpp"
#include "recent_store.hpp"

namespace kspan {

struct SpanRecord {
  Span span;
  SpanIdx parent = kNoSpan;
  ObjId object = kNoObject;  // the object the span is about; kNoObject for synthesised roots
  int64_t own_ns = 0;        // the event's own moment (a root's own start)
  uint64_t seq = 0;          // processing order
  bool is_root = false;
  bool final = false;
  bool waiting_for_children = false;
  uint32_t open_children = 0;
};

class SpanStore {
 public:
  using Emit = std::function<void(Span&& span)>;
  SpanStore(int64_t window_ns, Emit emit) : window_ns_(window_ns), emit_(std::move(emit)) {}

  SpanIdx add(SpanRecord&& record);
  SpanRecord& at(SpanIdx idx) { return spans_[idx]; }
  const SpanRecord& at(SpanIdx idx) const { return spans_[idx]; }
  // The most recent span about an object, kNoSpan when none.
  SpanIdx last_on(ObjId object) const;
  // Hands every span that became final by `clock` to the sink.
  void advance(int64_t clock);
  void finish() { advance(INT64_MAX); }

 private:
  void chain_after_previous(SpanIdx idx);
  void cover(SpanIdx child);
  void schedule(SpanIdx idx);
  void finalize(SpanIdx idx, int64_t clock);
  int64_t deadline(const SpanRecord& record) const { return record.span.end_ns + 2 * window_ns_; }

  int64_t window_ns_;
  Emit emit_;
  std::vector<SpanRecord> spans_;
  std::unordered_map<ObjId, SpanIdx> last_on_object_;
  using Due = std::pair<int64_t, SpanIdx>;
  std::priority_queue<Due, std::vector<Due>, std::greater<Due>> due_;
};

}  // namespace kspan
