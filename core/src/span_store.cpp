#include "span_store.hpp"

namespace kspan {

SpanIdx SpanStore::add(SpanRecord&& record) {
  record.generation = next_generation_++;
  SpanIdx idx;
  if (free_.empty()) {
    idx = static_cast<SpanIdx>(spans_.size());
    spans_.emplace_back() = std::move(record);
    released_.push_back(false);
  } else {
    idx = free_.back();
    free_.pop_back();
    spans_[idx] = std::move(record);
    released_[idx] = false;
  }
  SpanRecord& added = spans_[idx];
  if (added.object != kNoObject) {
    ObjectSpans& object = on_object(added.object);
    object.latest = Link{added.head.trace_id, added.head.span_id};
    object.has_latest = true;
  }
  if (added.parent != kNoSpan && !spans_[added.parent].final) ++spans_[added.parent].open_children;
  if (!added.is_root && added.object != kNoObject) chain_after_previous(idx);
  cover(idx);
  schedule(idx);
  return idx;
}

const Link* SpanStore::latest_on(ObjId object) const {
  if (object >= by_object_.size() || !by_object_[object].has_latest) return nullptr;
  return &by_object_[object].latest;
}

// Only open spans read their object again (the next span on it ends them); a final span's
// object is never looked at.
void SpanStore::objects_in_use(std::vector<ObjId>& out) const {
  for (ObjId object = 0; object < by_object_.size(); ++object) {
    const SpanIdx last = by_object_[object].last;
    if (last != kNoSpan && !spans_[last].final) out.push_back(object);
  }
}

void SpanStore::forget_objects(const std::vector<ObjId>& forgotten) {
  for (ObjId object : forgotten) {
    if (object < by_object_.size()) by_object_[object] = ObjectSpans{};
  }
}

void SpanStore::release_unreferenced(std::vector<bool>& kept) {
  for (SpanIdx idx = 0; idx < spans_.size(); ++idx) {
    const SpanRecord& record = spans_[idx];
    if (released_[idx] || record.final) continue;
    kept[idx] = true;  // open, and its parent may still be stretched or named
    if (record.parent != kNoSpan) kept[record.parent] = true;
  }
  for (ObjectSpans& object : by_object_) {
    if (object.last != kNoSpan && spans_[object.last].final) object.last = kNoSpan;  // never chained after again
  }
  for (SpanIdx idx = 0; idx < spans_.size(); ++idx) {
    if (kept[idx] || released_[idx]) continue;
    spans_[idx] = SpanRecord{};
    spans_[idx].final = true;
    released_[idx] = true;
    free_.push_back(idx);
  }
}

// The previous span on the same object lasts until this one, when this one starts later
// and within 2 x window of the previous span's own moment.
void SpanStore::chain_after_previous(SpanIdx idx) {
  const SpanRecord& current = spans_[idx];
  SpanIdx& last = on_object(current.object).last;
  const SpanIdx previous_idx = last;
  last = idx;
  if (previous_idx == kNoSpan) return;
  SpanRecord& previous = spans_[previous_idx];
  const int64_t start = current.own_ns;
  if (previous.final || start <= previous.own_ns || start - previous.own_ns > 2 * window_ns_) return;
  if (start > previous.head.end_ns) {
    previous.head.end_ns = start;
    schedule(previous_idx);
    cover(previous_idx);
  }
}

// A parent that is not final stretches to cover its child.
void SpanStore::cover(SpanIdx child) {
  for (SpanIdx parent = spans_[child].parent; parent != kNoSpan; child = parent, parent = spans_[parent].parent) {
    SpanRecord& p = spans_[parent];
    const SpanHead& c = spans_[child].head;
    if (p.final) return;
    bool changed = false;
    if (c.end_ns > p.head.end_ns) {
      p.head.end_ns = c.end_ns;
      schedule(parent);
      changed = true;
    }
    if (c.start_ns < p.head.start_ns) {
      p.head.start_ns = c.start_ns;
      changed = true;
    }
    if (!changed) return;
  }
}

void SpanStore::schedule(SpanIdx idx) {
  SpanRecord& record = spans_[idx];
  if (record.scheduled) return;
  record.scheduled = true;
  due_.push({deadline(record), idx, record.generation});
}

void SpanStore::advance(int64_t clock) {
  while (!due_.empty() && (clock == INT64_MAX || due_.top().when < clock)) {
    const DueEntry due = due_.top();
    due_.pop();
    SpanRecord& record = spans_[due.idx];
    if (released_[due.idx] || record.generation != due.generation) continue;  // the slot holds another span now
    record.scheduled = false;
    if (record.final) continue;
    if (due.when != deadline(record)) {  // its end moved later since
      schedule(due.idx);
      continue;
    }
    const SpanIdx idx = due.idx;
    if (record.open_children > 0) {
      record.waiting_for_children = true;
      continue;
    }
    finalize(idx, clock);
  }
}

void SpanStore::finalize(SpanIdx idx, int64_t clock) {
  while (idx != kNoSpan) {
    SpanRecord& record = spans_[idx];
    record.final = true;
    emit_(record);
    record.source.clear();
    record.root.reset();
    const SpanIdx parent = record.parent;
    if (parent == kNoSpan) return;
    SpanRecord& p = spans_[parent];
    if (p.final || --p.open_children > 0 || !p.waiting_for_children) return;
    if (clock != INT64_MAX && deadline(p) >= clock) return;
    idx = parent;
  }
}

}  // namespace kspan
