// An event's span is held small while it is open: its head (ids, times) in the store, and
// the texts its attributes need in one block of a few hundred bytes. Its name, status and
// twenty-odd attributes are written only when it is final, into a span the caller reuses, so a
// steady stream of spans allocates next to nothing beyond that block.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "block_pool.hpp"
#include "kspan/span.hpp"
#include "model.hpp"

namespace kspan {

// What a composed span's view points into besides its source's block, reused for each span:
// no allocation once they have grown.
struct SpanViewBuffers {
  std::string name;
  std::string first_time;
  std::vector<AttributeView> attributes;
  Link link;
};

class EventSpanSource {
 public:
  EventSpanSource() = default;
  // `subject`: the object a re-targeted event is about (spec 2), for events with an actor;
  // `link`: the span of its related object, if any. The block comes from `pool`, which must
  // outlive this source.
  EventSpanSource(BlockPool& pool, const Event& event, const std::string* subject_kind,
                  const std::string* subject_name, const char* rule, Evidence evidence, const Link* link);

  // Frees the block: the span is final.
  void clear() { packed_.reset(); }

  // The span: `head` with the name, status, attributes and link of the event. Its texts are
  // in this source's block and in `buffers` (written over the span composed before): valid
  // until either changes.
  SpanView compose(const SpanHead& head, SpanViewBuffers& buffers) const;

 private:
  // The block's size, the link's ids, the count and first time, then the texts, each as its
  // length (LEB128) and bytes: one block, back to its pool when the span is final.
  BlockPool::Block packed_;
  std::string_view packed() const;
  const char* rule_ = "";
  Evidence evidence_ = Evidence::None;
  bool has_link_ = false;
  bool has_count_ = false;
  bool has_first_ = false;
  bool has_subject_ = false;
  bool has_related_ = false;
  bool late_ = false;
  bool skewed_ = false;
};

}  // namespace kspan
