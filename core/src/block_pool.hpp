// Blocks for the texts of open spans. Each event span holds one block of a few hundred bytes
// from its event until it is final, a few seconds later, and by then other spans want blocks of
// about its size: freed blocks wait in a list per size class and serve again, instead of a
// malloc and a free per span (callgrind: 4 M of the correlator's 107 M instructions for 20,000
// events went to the spans' new[] and delete[]). The lists keep at most kMostFreeBytes in all,
// so a burst of spans leaves no more than that behind.
#pragma once
#include <array>
#include <cstddef>
#include <new>
#include <utility>

namespace kspan {

class BlockPool {
 public:
  static constexpr size_t kGranule = 64;
  static constexpr size_t kLargestPooled = 1024;  // larger blocks come from operator new each time
  static constexpr size_t kMostFreeBytes = size_t{1} << 20;

  // A block of at least `size` bytes, returned to its pool when it goes.
  class Block {
   public:
    Block() = default;
    Block(Block&& other) noexcept { *this = std::move(other); }
    Block& operator=(Block&& other) noexcept {
      if (this != &other) {
        reset();
        pool_ = std::exchange(other.pool_, nullptr);
        bytes_ = std::exchange(other.bytes_, nullptr);
        size_ = std::exchange(other.size_, 0);
      }
      return *this;
    }
    Block(const Block&) = delete;
    Block& operator=(const Block&) = delete;
    ~Block() { reset(); }

    char* data() const { return bytes_; }
    void reset() {
      if (bytes_ != nullptr) pool_->give_back(bytes_, size_);
      pool_ = nullptr;
      bytes_ = nullptr;
      size_ = 0;
    }

   private:
    friend class BlockPool;
    Block(BlockPool* pool, char* bytes, size_t size) : pool_(pool), bytes_(bytes), size_(size) {}
    BlockPool* pool_ = nullptr;
    char* bytes_ = nullptr;
    size_t size_ = 0;  // its size class's, or the size asked for when larger
  };

  BlockPool() = default;
  BlockPool(const BlockPool&) = delete;
  BlockPool& operator=(const BlockPool&) = delete;
  // Every Block must be gone (the pool outlives what holds its blocks).
  ~BlockPool() {
    for (FreeBlock*& head : free_) {
      while (head != nullptr) ::operator delete(std::exchange(head, head->next));
    }
  }

  Block take(size_t size) {
    const size_t rounded = size <= kLargestPooled ? (size + kGranule - 1) / kGranule * kGranule : size;
    if (rounded <= kLargestPooled && rounded != 0) {
      FreeBlock*& head = free_[class_of(rounded)];
      if (head != nullptr) {
        free_bytes_ -= rounded;
        char* bytes = reinterpret_cast<char*>(std::exchange(head, head->next));
        return Block(this, bytes, rounded);
      }
    }
    const size_t allocated = rounded == 0 ? kGranule : rounded;
    return Block(this, static_cast<char*>(::operator new(allocated)), allocated);
  }

  size_t free_bytes() const { return free_bytes_; }  // for tests

 private:
  struct FreeBlock {
    FreeBlock* next;
  };
  static size_t class_of(size_t rounded) { return rounded / kGranule - 1; }

  void give_back(char* bytes, size_t size) {
    if (size > kLargestPooled || free_bytes_ + size > kMostFreeBytes) {
      ::operator delete(bytes);
      return;
    }
    FreeBlock*& head = free_[class_of(size)];
    head = ::new (bytes) FreeBlock{head};
    free_bytes_ += size;
  }

  std::array<FreeBlock*, kLargestPooled / kGranule> free_{};
  size_t free_bytes_ = 0;
};

}  // namespace kspan
