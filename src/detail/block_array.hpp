#ifndef RAPPORT_SRC_DETAIL_BLOCK_ARRAY_HPP
#define RAPPORT_SRC_DETAIL_BLOCK_ARRAY_HPP

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>

#include "large_allocator.hpp"

namespace rapport::detail {

/// A growable array of `T`, numbered densely from 0, stored in blocks that double in size. Growing
/// never moves what is stored: a vector of a million pair records would copy hundreds of megabytes each
/// time it doubles, and touch twice the memory it keeps. Blocks of at least a huge page come from
/// `LargeAllocator`.
template <class T>
class BlockArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "elements are copied bytewise and never destroyed");

 public:
  BlockArray() = default;
  BlockArray(const BlockArray& other) {
    reserve_blocks_for(other.size_);
    for (std::size_t b = 0; b < blocks && block_begin(b) < other.size_; ++b)
      std::copy_n(other.blocks_[b], std::min(other.size_ - block_begin(b), block_size(b)), blocks_[b]);
    size_ = other.size_;
  }
  BlockArray(BlockArray&& other) noexcept : blocks_(other.blocks_), size_(other.size_) {
    other.blocks_ = {};
    other.size_ = 0;
  }
  BlockArray& operator=(BlockArray other) noexcept {
    std::swap(blocks_, other.blocks_);
    std::swap(size_, other.size_);
    return *this;
  }
  ~BlockArray() {
    for (std::size_t b = 0; b < blocks && blocks_[b]; ++b)
      LargeAllocator<T>{}.deallocate(blocks_[b], block_size(b));
  }

  std::size_t size() const noexcept { return size_; }
  T& operator[](std::size_t i) noexcept { return locate(i); }
  const T& operator[](std::size_t i) const noexcept { return const_cast<BlockArray&>(*this).locate(i); }
  T& back() noexcept { return locate(size_ - 1); }

  /// Appends `value`; if memory runs out, nothing changes.
  void push_back(const T& value) {
    reserve_blocks_for(size_ + 1);
    ::new (static_cast<void*>(&locate(size_))) T(value);
    ++size_;
  }
  void pop_back() noexcept { --size_; }

  /// Grows with value-initialized elements, or shrinks; if memory runs out, nothing changes.
  void resize(std::size_t n) {
    if (n <= size_) {
      size_ = n;
      return;
    }
    reserve_blocks_for(n);
    for (std::size_t i = size_; i < n; ++i) ::new (static_cast<void*>(&locate(i))) T();
    size_ = n;
  }

 private:
  static constexpr std::size_t first_block = 1024;  // elements in block 0; block b holds first_block << b
  static constexpr std::size_t blocks = 32;         // room for 4 * 10^12 elements

  static constexpr std::size_t block_size(std::size_t b) noexcept { return first_block << b; }
  static constexpr std::size_t block_begin(std::size_t b) noexcept {
    return first_block * ((std::size_t{1} << b) - 1);
  }

  T& locate(std::size_t i) noexcept {
    const std::size_t b = std::bit_width(i / first_block + 1) - 1;
    return blocks_[b][i - block_begin(b)];
  }

  /// Allocates the blocks that `n` elements need; on failure keeps the ones it made, which hold no
  /// element yet.
  void reserve_blocks_for(std::size_t n) {
    for (std::size_t b = 0; b < blocks && block_begin(b) < n; ++b)
      if (!blocks_[b]) blocks_[b] = LargeAllocator<T>{}.allocate(block_size(b));
  }

  std::array<T*, blocks> blocks_{};
  std::size_t size_ = 0;
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_BLOCK_ARRAY_HPP
