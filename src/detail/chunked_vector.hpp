#ifndef RAPPORT_SRC_DETAIL_CHUNKED_VECTOR_HPP
#define RAPPORT_SRC_DETAIL_CHUNKED_VECTOR_HPP

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstring>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "large_allocator.hpp"

namespace rapport::detail {

/// A sequence of trivially copyable values that grows by chunks of about `chunk_bytes` (a power of two
/// of elements), each from `LargeAllocator`. Growing never moves what is stored: a table of gigabytes
/// has no moment when the old and the new copy are both resident. Indexing costs a shift, a mask and a read
/// from the small table of chunks. The default, 4 MiB, suits the tables that grow with pairs; chunks below a
/// huge page (2 MiB) are ordinary memory, for tables that may stay small.
template <class T, std::size_t chunk_bytes = (std::size_t{4} << 20)>
class ChunkedVector {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  /// Elements per chunk.
  static constexpr std::size_t chunk_size = std::bit_floor(std::max<std::size_t>(1, chunk_bytes / sizeof(T)));

  ChunkedVector() = default;
  ChunkedVector(const ChunkedVector& other) { *this = other; }
  ChunkedVector(ChunkedVector&& other) noexcept
      : chunks_(std::move(other.chunks_)), size_(std::exchange(other.size_, 0)) {}
  ~ChunkedVector() = default;

  /// Copies `other`'s elements; on failure `*this` is unchanged (strong guarantee).
  ChunkedVector& operator=(const ChunkedVector& other) {
    if (this == &other) return *this;
    ChunkedVector copy;
    copy.reserve_more(other.size_);
    for (std::size_t c = 0; c * chunk_size < other.size_; ++c)
      std::memcpy(copy.chunks_[c].get(), other.chunks_[c].get(),
                  std::min(chunk_size, other.size_ - c * chunk_size) * sizeof(T));
    copy.size_ = other.size_;
    *this = std::move(copy);
    return *this;
  }
  ChunkedVector& operator=(ChunkedVector&& other) noexcept {
    chunks_ = std::move(other.chunks_);
    size_ = std::exchange(other.size_, 0);
    return *this;
  }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  /// Elements that fit without allocating.
  std::size_t capacity() const noexcept { return chunks_.size() * chunk_size; }

  T& operator[](std::size_t i) noexcept { return chunks_[i / chunk_size][i % chunk_size]; }
  const T& operator[](std::size_t i) const noexcept { return chunks_[i / chunk_size][i % chunk_size]; }

  /// Makes room for `more` elements beyond the size, so that as many `push_back`s cannot throw. Strong
  /// guarantee.
  void reserve_more(std::size_t more) {
    const std::size_t wanted = (size_ + more + chunk_size - 1) / chunk_size;
    if (wanted <= chunks_.size()) return;
    chunks_.reserve(std::max(wanted, 2 * chunks_.size()));
    while (chunks_.size() < wanted) chunks_.emplace_back(LargeAllocator<T>().allocate(chunk_size));
  }

  /// Appends `value`. Strong guarantee; cannot throw within the room `reserve_more` made.
  T& push_back(const T& value) {
    reserve_more(1);
    T* slot = &(*this)[size_];
    std::construct_at(slot, value);
    ++size_;
    return *slot;
  }

  /// Removes the last element; its chunk stays allocated.
  void pop_back() noexcept { --size_; }

 private:
  struct Free {
    void operator()(T* p) const noexcept { LargeAllocator<T>().deallocate(p, chunk_size); }
  };

  std::vector<std::unique_ptr<T[], Free>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_CHUNKED_VECTOR_HPP
