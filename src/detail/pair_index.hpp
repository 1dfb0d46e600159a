#ifndef RAPPORT_SRC_DETAIL_PAIR_INDEX_HPP
#define RAPPORT_SRC_DETAIL_PAIR_INDEX_HPP

#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>

#include "probe_table.hpp"

namespace rapport::detail {

/// A slot of a `ProbeTable` keyed by two distinct member ids (`a << 32 | b`), holding a 32-bit value.
/// The key is kept in two halves: 12-byte slots, where a 64-bit member would pad them to 16.
struct MemberPairSlot {
  std::uint32_t key_lo = 0xffffffffu, key_hi = 0xffffffffu;
  std::uint32_t value = 0;

  constexpr MemberPairSlot() = default;
  constexpr MemberPairSlot(std::uint64_t k, std::uint32_t v) noexcept
      : key_lo(static_cast<std::uint32_t>(k)), key_hi(static_cast<std::uint32_t>(k >> 32)), value(v) {}
  constexpr std::uint64_t key() const noexcept { return (std::uint64_t{key_hi} << 32) | key_lo; }
};
static_assert(sizeof(MemberPairSlot) == 12);

/// `ProbeTable` traits for `MemberPairSlot`.
struct MemberPairTraits {
  using Slot = MemberPairSlot;
  // Never a key: that would need a == b.
  static constexpr std::uint64_t empty_key = std::numeric_limits<std::uint64_t>::max();
  static constexpr Slot empty_slot() noexcept { return Slot{}; }
  static constexpr std::uint64_t key(const Slot& s) noexcept { return s.key(); }
  // Fibonacci hashing: the high bits of a product depend on every bit of the key, and keys of
  // neighbouring members differ only in their low bits.
  static constexpr std::uint64_t hash(std::uint64_t key) noexcept {
    return (key ^ (key >> 32)) * 0x9e3779b97f4a7c15u;
  }
};

/// Maps the key of a pair of members (`lo << 32 | hi`) to the pair's index in the network's pair state.
/// A `ProbeTable` of 12-byte slots, three to four fifths full: 15 to 20 bytes per pair, and a lookup that
/// finds its key reads about three slots, mostly in one cache line. A key's first slot is known without
/// searching, so a batch can prefetch the slots of many lookups before making them; Boost's flat map
/// offers no such call, and in a large network each of its lookups waits on memory alone.
class PairIndex {
 public:
  /// What `find` returns for a key that is not indexed.
  static constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();

  std::size_t size() const noexcept { return table_.size(); }

  /// The index held for `key`, or `npos`.
  std::uint32_t find(std::uint64_t key) const noexcept {
    const Slot* slot = table_.find(key);
    return slot ? slot->value : npos;
  }

  bool contains(std::uint64_t key) const noexcept { return find(key) != npos; }

  /// Starts loading the slot where a lookup of `key` begins; no effect on results.
  void prefetch(std::uint64_t key) const noexcept { table_.prefetch(key); }

  /// Indexes `key` with `index` unless it is indexed already; returns the index held for `key` and
  /// whether it was added. If memory runs out, throws and changes nothing.
  std::pair<std::uint32_t, bool> try_emplace(std::uint64_t key, std::uint32_t index) {
    const auto [slot, added] = table_.insert(Slot(key, index));
    return {slot->value, added};
  }

  /// Removes `key` if it is indexed.
  void erase(std::uint64_t key) noexcept { table_.erase(key); }

  /// Calls `f(key, index)` for every indexed key, in no particular order.
  template <class F>
  void for_each(F f) const {
    table_.for_each([&](const Slot& s) { f(s.key(), s.value); });
  }

 private:
  using Slot = MemberPairSlot;
  ProbeTable<MemberPairTraits> table_;
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_PAIR_INDEX_HPP
