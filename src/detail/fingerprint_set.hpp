#ifndef RAPPORT_SRC_DETAIL_FINGERPRINT_SET_HPP
#define RAPPORT_SRC_DETAIL_FINGERPRINT_SET_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "probe_table.hpp"

namespace rapport::detail {

/// The fingerprints of the events a network recorded (`fingerprint.hpp`). A `ProbeTable` of 8-byte slots,
/// three to four fifths full, as `PairIndex`: a fingerprint's first slot is known without searching, so
/// a batch prefetches the slots of many events before checking them, which Boost's flat set does not
/// offer. 0 marks an empty slot: no fingerprint is 0.
class FingerprintSet {
 public:
  std::size_t size() const noexcept { return table_.size(); }

  bool contains(std::uint64_t f) const noexcept { return table_.find(f) != nullptr; }

  /// Starts loading the slot where a lookup of `f` begins; no effect on results.
  void prefetch(std::uint64_t f) const noexcept { table_.prefetch(f); }

  /// Makes room for about `more` fingerprints beyond the size, so that inserting them rarely grows the
  /// set. If memory runs out, throws and changes nothing but the room.
  void reserve_more(std::size_t more) { table_.reserve_more(more); }

  /// Adds `f` (not 0) unless it is held already; returns whether it was added. If memory runs out,
  /// throws and changes nothing.
  bool insert(std::uint64_t f) { return table_.insert(f, f).second; }

  /// Removes `f` if it is held.
  void erase(std::uint64_t f) noexcept { table_.erase(f); }

  /// Every fingerprint held, in increasing order: a snapshot writes them so.
  std::vector<std::uint64_t> sorted() const {
    std::vector<std::uint64_t> out;
    out.reserve(size());
    table_.for_each([&](std::uint64_t f) { out.push_back(f); });
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  struct Traits {
    using Slot = std::uint64_t;
    static constexpr Slot empty_slot() noexcept { return 0; }
    static constexpr bool is_empty(Slot f) noexcept { return f == 0; }
    // Fingerprints are mixed hashes: their bits are as good a slot number as any.
    static constexpr std::uint64_t hash(std::uint64_t f) noexcept { return f; }
    static constexpr std::uint64_t hash_of(Slot f) noexcept { return f; }
    static constexpr bool may_hold(Slot slot, std::uint64_t f, std::uint64_t) noexcept { return slot == f; }
  };

  ProbeTable<Traits> table_;
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_FINGERPRINT_SET_HPP
