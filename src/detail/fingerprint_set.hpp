#ifndef RAPPORT_SRC_DETAIL_FINGERPRINT_SET_HPP
#define RAPPORT_SRC_DETAIL_FINGERPRINT_SET_HPP

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "large_allocator.hpp"
#include "prefetch.hpp"

namespace rapport::detail {

/// The fingerprints of the events a network recorded (`fingerprint.hpp`). Open addressing with linear
/// probing over 8-byte slots, at most half full, as `PairIndex`: a fingerprint's first slot is known
/// without searching, so a batch prefetches the slots of many events before checking them, which
/// Boost's flat set does not offer. 0 marks an empty slot: no fingerprint is 0.
class FingerprintSet {
 public:
  std::size_t size() const noexcept { return size_; }

  bool contains(std::uint64_t f) const noexcept {
    if (slots_.empty()) return false;
    for (std::size_t i = home(f);; i = next(i)) {
      if (slots_[i] == f) return true;
      if (slots_[i] == empty) return false;
    }
  }

  /// Starts loading the slot where a lookup of `f` begins; no effect on results.
  void prefetch(std::uint64_t f) const noexcept {
    if (!slots_.empty()) detail::prefetch(&slots_[home(f)]);
  }

  /// Makes room for `more` fingerprints beyond the size, so that inserting them cannot throw. If memory
  /// runs out, throws and changes nothing.
  void reserve_more(std::size_t more) {
    std::size_t slots = std::max<std::size_t>(16, slots_.size());
    while (slots < 2 * (size_ + more)) slots *= 2;
    if (slots != slots_.size()) rehash(slots);
  }

  /// Adds `f` (not 0) unless it is held already; returns whether it was added. If memory runs out,
  /// throws and changes nothing.
  bool insert(std::uint64_t f) {
    reserve_more(1);
    std::size_t i = home(f);
    for (; slots_[i] != empty; i = next(i))
      if (slots_[i] == f) return false;
    slots_[i] = f;
    ++size_;
    return true;
  }

  /// Removes `f` if it is held.
  void erase(std::uint64_t f) noexcept {
    if (slots_.empty()) return;
    std::size_t hole = home(f);
    for (; slots_[hole] != f; hole = next(hole))
      if (slots_[hole] == empty) return;
    // Move back every later entry of the run whose probe passes the hole, so lookups never stop early.
    for (std::size_t j = next(hole); slots_[j] != empty; j = next(j)) {
      if (((j - home(slots_[j])) & mask()) >= ((j - hole) & mask())) {
        slots_[hole] = slots_[j];
        hole = j;
      }
    }
    slots_[hole] = empty;
    --size_;
  }

  /// Every fingerprint held, in increasing order: a snapshot writes them so.
  std::vector<std::uint64_t> sorted() const {
    std::vector<std::uint64_t> out;
    out.reserve(size_);
    for (const std::uint64_t f : slots_)
      if (f != empty) out.push_back(f);
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  static constexpr std::uint64_t empty = 0;

  std::size_t mask() const noexcept { return slots_.size() - 1; }
  std::size_t next(std::size_t i) const noexcept { return (i + 1) & mask(); }
  // Fingerprints are mixed hashes: their high bits are as good a slot number as any.
  std::size_t home(std::uint64_t f) const noexcept { return static_cast<std::size_t>(f >> shift_); }

  // `slots` (a power of two) slots, every fingerprint placed again; the old ones are kept until then.
  void rehash(std::size_t slots) {
    std::vector<std::uint64_t, LargeAllocator<std::uint64_t>> old(slots, empty);
    old.swap(slots_);
    shift_ = 64 - static_cast<unsigned>(std::countr_zero(slots_.size()));
    for (const std::uint64_t f : old) {
      if (f == empty) continue;
      std::size_t i = home(f);
      while (slots_[i] != empty) i = next(i);
      slots_[i] = f;
    }
  }

  std::vector<std::uint64_t, LargeAllocator<std::uint64_t>> slots_;
  std::size_t size_ = 0;
  unsigned shift_ = 64;  // 64 - log2 of the slots
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_FINGERPRINT_SET_HPP
