#ifndef RAPPORT_SRC_DETAIL_PAIR_INDEX_HPP
#define RAPPORT_SRC_DETAIL_PAIR_INDEX_HPP

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "large_allocator.hpp"
#include "prefetch.hpp"

namespace rapport::detail {

/// Maps the key of a pair of members (`lo << 32 | hi`) to the pair's index in the network's pair state.
/// Open addressing with linear probing over 12-byte slots, at most three quarters full: 16 to 32 bytes
/// per pair, and a lookup that finds its key reads about two slots, mostly in one cache line. A key's first
/// slot is known without searching, so a batch can prefetch the slots of many lookups before making them;
/// Boost's flat map offers no such call, and in a large network each of its lookups waits on memory alone.
class PairIndex {
 public:
  /// What `find` returns for a key that is not indexed.
  static constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();

  std::size_t size() const noexcept { return size_; }

  /// The index held for `key`, or `npos`.
  std::uint32_t find(std::uint64_t key) const noexcept {
    if (slots_.empty()) return npos;
    for (std::size_t i = home(key);; i = next(i)) {
      if (slots_[i].key() == key) return slots_[i].index;
      if (slots_[i].key() == empty) return npos;
    }
  }

  bool contains(std::uint64_t key) const noexcept { return find(key) != npos; }

  /// Starts loading the slot where a lookup of `key` begins; no effect on results.
  void prefetch(std::uint64_t key) const noexcept {
    if (!slots_.empty()) detail::prefetch(&slots_[home(key)]);
  }

  /// Indexes `key` with `index` unless it is indexed already; returns the index held for `key` and
  /// whether it was added. If memory runs out, throws and changes nothing.
  std::pair<std::uint32_t, bool> try_emplace(std::uint64_t key, std::uint32_t index) {
    if (4 * (size_ + 1) > 3 * slots_.size()) grow();
    std::size_t i = home(key);
    for (; slots_[i].key() != empty; i = next(i))
      if (slots_[i].key() == key) return {slots_[i].index, false};
    slots_[i] = Slot(key, index);
    ++size_;
    return {index, true};
  }

  /// Removes `key` if it is indexed.
  void erase(std::uint64_t key) noexcept {
    if (slots_.empty()) return;
    std::size_t hole = home(key);
    for (; slots_[hole].key() != key; hole = next(hole))
      if (slots_[hole].key() == empty) return;
    // Move back every later entry of the run whose probe passes the hole, so lookups never stop early.
    for (std::size_t j = next(hole); slots_[j].key() != empty; j = next(j)) {
      const std::size_t from = home(slots_[j].key());
      if (((j - from) & mask()) >= ((j - hole) & mask())) {
        slots_[hole] = slots_[j];
        hole = j;
      }
    }
    slots_[hole] = Slot{};
    --size_;
  }

  /// Calls `f(key, index)` for every indexed key, in no particular order.
  template <class F>
  void for_each(F f) const {
    for (const Slot& s : slots_)
      if (s.key() != empty) f(s.key(), s.index);
  }

 private:
  // The key in two halves: 12-byte slots, where a 64-bit member would pad them to 16.
  struct Slot {
    std::uint32_t key_lo = 0xffffffffu, key_hi = 0xffffffffu;
    std::uint32_t index = 0;

    Slot() = default;
    Slot(std::uint64_t k, std::uint32_t i) noexcept
        : key_lo(static_cast<std::uint32_t>(k)), key_hi(static_cast<std::uint32_t>(k >> 32)), index(i) {}
    std::uint64_t key() const noexcept { return (std::uint64_t{key_hi} << 32) | key_lo; }
  };
  static_assert(sizeof(Slot) == 12);
  // Never a pair's key: that would need lo == hi.
  static constexpr std::uint64_t empty = std::numeric_limits<std::uint64_t>::max();

  std::size_t mask() const noexcept { return slots_.size() - 1; }
  std::size_t next(std::size_t i) const noexcept { return (i + 1) & mask(); }
  // Fibonacci hashing: the high bits of a product depend on every bit of the key, and keys of
  // neighbouring members differ only in their low bits.
  std::size_t home(std::uint64_t key) const noexcept {
    return static_cast<std::size_t>(((key ^ (key >> 32)) * 0x9e3779b97f4a7c15u) >> shift_);
  }

  // Twice the slots, every key placed again; the old slots are kept until the new ones are complete.
  void grow() {
    std::vector<Slot, LargeAllocator<Slot>> old(std::max<std::size_t>(16, 2 * slots_.size()), Slot{});
    old.swap(slots_);
    shift_ = 64 - static_cast<unsigned>(std::countr_zero(slots_.size()));
    for (const Slot& s : old) {
      if (s.key() == empty) continue;
      std::size_t i = home(s.key());
      while (slots_[i].key() != empty) i = next(i);
      slots_[i] = s;
    }
  }

  std::vector<Slot, LargeAllocator<Slot>> slots_;
  std::size_t size_ = 0;
  unsigned shift_ = 64;  // 64 - log2 of the slots
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_PAIR_INDEX_HPP
