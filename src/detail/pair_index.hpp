#ifndef RAPPORT_SRC_DETAIL_PAIR_INDEX_HPP
#define RAPPORT_SRC_DETAIL_PAIR_INDEX_HPP

#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>

#include "probe_table.hpp"

namespace rapport::detail {

/// The hash of the key of a pair of members (`a << 32 | b`): Fibonacci hashing, whose high bits depend on
/// every bit of the key (keys of neighbouring members differ only in their low bits). A bijection: an
/// xor of the high half into the low one, then a product by an odd number, both undone by `pair_key_of`.
constexpr std::uint64_t pair_hash(std::uint64_t key) noexcept {
  return (key ^ (key >> 32)) * 0x9e3779b97f4a7c15u;
}

/// The key whose `pair_hash` is `hash`.
constexpr std::uint64_t pair_key_of(std::uint64_t hash) noexcept {
  // The inverse of the odd factor modulo 2^64, by Newton's iteration: each step doubles the bits that
  // are right, and an odd number is its own inverse in the lowest three.
  std::uint64_t inverse = 0x9e3779b97f4a7c15u;
  for (int step = 0; step < 5; ++step) inverse *= 2 - 0x9e3779b97f4a7c15u * inverse;
  const std::uint64_t mixed = hash * inverse;
  return mixed ^ (mixed >> 32);
}

/// Maps the key of a pair of members (`lo << 32 | hi`) to the pair's index in the network's pair state.
/// A `ProbeTable` of 8-byte slots, three to four fifths full: 10 to 13 bytes per pair. A slot holds the
/// index and the top 32 bits of the key's hash; the pair's state keeps the other 32 (`check`), which the
/// caller gives back through `check_of(index)`. A lookup compares the slot's half first, so it reads the
/// pair's state only for the slot that holds its key, about always, and the caller reads that state next
/// anyway. The hash is a bijection, so the two halves are the key. A key's first slot is known without
/// searching, so a batch can prefetch the slots of many lookups before making them.
///
/// Every call that finds a key takes `check_of`, a function from an index held to the `check` kept with
/// that pair: it must answer for every index the index holds.
class PairIndex {
 public:
  /// What `find` returns for a key that is not indexed.
  static constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();

  /// What the state of the pair with `key` keeps for the index: the low 32 bits of the key's hash.
  static constexpr std::uint32_t check(std::uint64_t key) noexcept {
    return static_cast<std::uint32_t>(pair_hash(key));
  }

  std::size_t size() const noexcept { return table_.size(); }

  /// The index held for `key`, or `npos`.
  template <class CheckOf>
  std::uint32_t find(std::uint64_t key, const CheckOf& check_of) const noexcept {
    const Slot* slot = table_.find(key, confirmed_by(key, check_of));
    return slot ? slot->index : npos;
  }

  template <class CheckOf>
  bool contains(std::uint64_t key, const CheckOf& check_of) const noexcept {
    return find(key, check_of) != npos;
  }

  /// Starts loading the slot where a lookup of `key` begins; no effect on results.
  void prefetch(std::uint64_t key) const noexcept { table_.prefetch(key); }

  /// Indexes `key` with `index` unless it is indexed already; returns the index held for `key` and
  /// whether it was added. `check_of(index)` need not answer until the call returns. If memory runs out,
  /// throws and changes nothing.
  template <class CheckOf>
  std::pair<std::uint32_t, bool> try_emplace(std::uint64_t key, std::uint32_t index,
                                             const CheckOf& check_of) {
    const auto [slot, added] =
        table_.insert(key, Slot{tag_of(pair_hash(key)), index}, confirmed_by(key, check_of));
    return {slot->index, added};
  }

  /// Removes `key` if it is indexed.
  template <class CheckOf>
  void erase(std::uint64_t key, const CheckOf& check_of) noexcept {
    table_.erase(key, confirmed_by(key, check_of));
  }

  /// Calls `f(key, index)` for every indexed key, in no particular order.
  template <class CheckOf, class F>
  void for_each(const CheckOf& check_of, F f) const {
    table_.for_each(
        [&](const Slot& s) { f(pair_key_of((std::uint64_t{s.tag} << 32) | check_of(s.index)), s.index); });
  }

 private:
  struct Slot {
    std::uint32_t tag = 0;  // the top 32 bits of the key's hash
    std::uint32_t index = npos;
  };
  static_assert(sizeof(Slot) == 8);

  static constexpr std::uint32_t tag_of(std::uint64_t hash) noexcept {
    return static_cast<std::uint32_t>(hash >> 32);
  }

  struct Traits {
    using Slot = PairIndex::Slot;
    static constexpr Slot empty_slot() noexcept { return Slot{}; }
    static constexpr bool is_empty(const Slot& s) noexcept { return s.index == npos; }
    static constexpr std::uint64_t hash(std::uint64_t key) noexcept { return pair_hash(key); }
    static constexpr std::uint64_t hash_of(const Slot& s) noexcept { return std::uint64_t{s.tag} << 32; }
    static constexpr bool may_hold(const Slot& s, std::uint64_t, std::uint64_t hash) noexcept {
      return s.tag == tag_of(hash);
    }
  };

  /// Whether a slot whose tag matches `key`'s holds `key`: the pair it names keeps the rest of the hash.
  template <class CheckOf>
  static auto confirmed_by(std::uint64_t key, const CheckOf& check_of) noexcept {
    return [&check_of, rest = check(key)](const Slot& s) { return check_of(s.index) == rest; };
  }

  ProbeTable<Traits> table_;
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_PAIR_INDEX_HPP
