// Where packed events wait: side by side in blocks of 1 MiB instead of one heap block each. A
// replay holds every event of its input; one allocation per event cost 16 to 40 bytes each in
// headers and rounding, and freeing them one by one while the correlator allocates its spans
// left the heap fragmented (the 280 MB List spent twice as long in malloc during the release).
// A block is freed once none of its events is needed.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace kspan {

class PackedArena {
 public:
  static constexpr uint32_t kBlockBytes = 1u << 20;

  // An event in the arena; a default Ref is none.
  struct Ref {
    uint32_t block = 0;
    uint32_t offset = 0;
    uint32_t size = 0;
    bool empty() const { return size == 0; }
  };

  // Copies `bytes` (not empty) in. A text larger than a block gets a block of its own.
  Ref add(std::string_view bytes) {
    const auto size = static_cast<uint32_t>(bytes.size());
    if (filling_ == kNone || blocks_[filling_].used + size > blocks_[filling_].capacity) start_block(size);
    Block& block = blocks_[filling_];
    std::memcpy(block.bytes.get() + block.used, bytes.data(), size);
    const Ref ref{static_cast<uint32_t>(filling_), block.used, size};
    block.used += size;
    ++block.live;
    return ref;
  }

  std::string_view view(Ref ref) const { return {blocks_[ref.block].bytes.get() + ref.offset, ref.size}; }

  // The event is no longer needed.
  void release(Ref ref) {
    if (--blocks_[ref.block].live == 0 && ref.block != filling_) free_block(ref.block);
  }

  // Blocks holding memory (for tests).
  size_t blocks_held() const {
    return static_cast<size_t>(std::count_if(blocks_.begin(), blocks_.end(), [](const Block& b) { return b.bytes != nullptr; }));
  }

 private:
  static constexpr size_t kNone = SIZE_MAX;
  struct Block {
    std::unique_ptr<char[]> bytes;
    uint32_t capacity = 0;
    uint32_t used = 0;
    uint32_t live = 0;
  };

  void start_block(uint32_t size) {
    // The block being left is freed now if all of its events went while it was filled.
    if (filling_ != kNone && blocks_[filling_].live == 0) free_block(filling_);
    const uint32_t capacity = std::max(size, kBlockBytes);
    // Live mode frees blocks as seconds are released: reuse a freed slot's index instead of
    // growing the list forever.
    filling_ = blocks_.size();
    if (!free_slots_.empty()) {
      filling_ = free_slots_.back();
      free_slots_.pop_back();
    } else {
      blocks_.emplace_back();
    }
    blocks_[filling_] = Block{std::unique_ptr<char[]>(new char[capacity]), capacity, 0, 0};
  }

  void free_block(size_t index) {
    blocks_[index] = Block{};
    free_slots_.push_back(index);
  }

  std::vector<Block> blocks_;
  std::vector<size_t> free_slots_;
  size_t filling_ = kNone;
};

}  // namespace kspan
