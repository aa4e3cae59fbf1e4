#include "span_store.hpp"

#include <algorithm>

namespace kspan {

SpanIdx SpanStore::add(SpanRecord&& record) {
  const auto idx = static_cast<SpanIdx>(spans_.size());
  spans_.push_back(std::move(record));
  SpanRecord& added = spans_[idx];
  if (added.parent != kNoSpan && !spans_[added.parent].final) ++spans_[added.parent].open_children;
  if (!added.is_root && added.object != kNoObject) chain_after_previous(idx);
  cover(idx);
  schedule(idx);
  return idx;
}

SpanIdx SpanStore::last_on(ObjId object) const {
  auto it = last_on_object_.find(object);
  return it == last_on_object_.end() ? kNoSpan : it->second;
}

// The previous span on the same object lasts until this one, when this one starts later
// and within 2 x window of the previous span's own moment.
void SpanStore::chain_after_previous(SpanIdx idx) {
  const SpanRecord& current = spans_[idx];
  auto [it, inserted] = last_on_object_.try_emplace(current.object, idx);
  if (inserted) return;
  const SpanIdx previous_idx = it->second;
  it->second = idx;
  SpanRecord& previous = spans_[previous_idx];
  const int64_t start = current.own_ns;
  if (previous.final || start <= previous.own_ns || start - previous.own_ns > 2 * window_ns_) return;
  if (start > previous.span.end_ns) {
    previous.span.end_ns = start;
    schedule(previous_idx);
    cover(previous_idx);
  }
}

// A parent that is not final stretches to cover its child.
void SpanStore::cover(SpanIdx child) {
  for (SpanIdx parent = spans_[child].parent; parent != kNoSpan; child = parent, parent = spans_[parent].parent) {
    SpanRecord& p = spans_[parent];
    const Span& c = spans_[child].span;
    if (p.final) return;
    bool changed = false;
    if (c.end_ns > p.span.end_ns) {
      p.span.end_ns = c.end_ns;
      schedule(parent);
      changed = true;
    }
    if (c.start_ns < p.span.start_ns) {
      p.span.start_ns = c.start_ns;
      changed = true;
    }
    if (!changed) return;
  }
}

void SpanStore::schedule(SpanIdx idx) { due_.push({deadline(spans_[idx]), idx}); }

void SpanStore::advance(int64_t clock) {
  while (!due_.empty() && (clock == INT64_MAX || due_.top().first < clock)) {
    const auto [when, idx] = due_.top();
    due_.pop();
    SpanRecord& record = spans_[idx];
    if (record.final || when != deadline(record)) continue;  // finalised, or moved later
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
    const int64_t shift = record.own_ns - record.span.start_ns;
    if (shift > 0) record.span.attributes.push_back({"kspan.start_shift_ms", shift / 1'000'000});
    emit_(std::move(record.span));
    record.span.attributes.clear();
    record.span.attributes.shrink_to_fit();
    const SpanIdx parent = record.parent;
    if (parent == kNoSpan) return;
    SpanRecord& p = spans_[parent];
    if (p.final || --p.open_children > 0 || !p.waiting_for_children) return;
    if (clock != INT64_MAX && deadline(p) >= clock) return;
    idx = parent;
  }
}

}  // namespace kspan
