#ifndef RAPPORT_SRC_DETAIL_PROBE_TABLE_HPP
#define RAPPORT_SRC_DETAIL_PROBE_TABLE_HPP

// The hash table under `PairIndex`, `FingerprintSet` and a replay's pending messages: open addressing with
// linear probing, in 64 shards that grow one at a time.
//
// A shard may have any number of slots, not only a power of two. It grows by a third when it is four
// fifths full, so it stays three to four fifths full, where doubling at three quarters would leave it
// three eighths to three quarters full: about a third less memory on average. At four fifths full a
// lookup that finds its key reads three slots on average, one that does not about thirteen: two cache
// lines of 8-byte slots. Keys spread evenly over the shards, so they grow at about the same time, but
// one after another: while one grows, its old and new slots are both held, a 64th of the table, where
// a table in one piece would hold its old slots and the new ones, twice and more, at once.

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "large_allocator.hpp"
#include "prefetch.hpp"

namespace rapport::detail {

namespace probing {

/// The most slots a shard may have: `home` scales 32 bits of a position. A table places by 26 bits of a
/// hash (`ProbeTable`), so shards of more than 2^26 slots, 4 billion in all, would crowd some homes.
inline constexpr std::size_t max_slots = std::numeric_limits<std::uint32_t>::max();

/// The slot where the probe for position `hash` starts in a shard of `slots` slots: its high 32 bits
/// scaled to the shard by a multiplication, as cheap as a mask.
constexpr std::size_t home(std::uint64_t hash, std::size_t slots) noexcept {
  return static_cast<std::size_t>(((hash >> 32) * slots) >> 32);
}

/// The slot after `i` in a shard of `slots` slots, wrapping around.
constexpr std::size_t next(std::size_t i, std::size_t slots) noexcept {
  return i + 1 == slots ? 0 : i + 1;
}

/// How many slots a probe from `from` passes to reach `to`, wrapping around.
constexpr std::size_t distance(std::size_t from, std::size_t to, std::size_t slots) noexcept {
  return to >= from ? to - from : to + slots - from;
}

/// Whether a shard of `slots` slots is too full to hold `entries`.
constexpr bool too_full(std::size_t entries, std::size_t slots) noexcept {
  return 5 * entries > 4 * slots;
}

/// The slots of a shard that must hold `entries`, grown from `slots` by a third as often as needed (at
/// least 16). Throws `std::length_error` past `max_slots`.
inline std::size_t grown(std::size_t slots, std::size_t entries) {
  if (entries > max_slots / 5 * 4) throw std::length_error("hash table too large");
  std::size_t out = slots < 16 ? 16 : slots;
  while (too_full(entries, out)) out += out / 3;
  return out < max_slots ? out : max_slots;
}

}  // namespace probing

/// A confirmation that accepts every slot: for slots that hold their whole key.
struct AnySlot {
  template <class Slot>
  constexpr bool operator()(const Slot&) const noexcept {
    return true;
  }
};

/// A set of `Traits::Slot`s by 64-bit key. `Traits` gives:
/// - `Slot`, `empty_slot()` and `is_empty(slot)`;
/// - `hash(key)`, whose bits must all be well mixed: its top 6 bits choose the shard, the 26 after them
///   the slot;
/// - `hash_of(slot)`, the hash of the key a slot holds, of which only the top 32 bits are read: a slot
///   need not hold its whole key;
/// - `may_hold(slot, key, hash)`: whether the slot holds `key`, or may. A slot that keeps only part of its
///   key may, and then `confirm(slot)`, which the lookups take from the caller, decides.
template <class Traits>
class ProbeTable {
 public:
  using Slot = typename Traits::Slot;

  std::size_t size() const noexcept { return size_; }

  /// The slot holding `key`, or nullptr.
  template <class Confirm = AnySlot>
  const Slot* find(std::uint64_t key, Confirm confirm = {}) const noexcept {
    const std::uint64_t h = Traits::hash(key);
    const Shard& s = shards_[shard_of(h)];
    if (s.slots.empty()) return nullptr;
    const std::size_t i = s.locate(key, h, confirm);
    return Traits::is_empty(s.slots[i]) ? nullptr : &s.slots[i];
  }

  /// Starts loading the slot where a lookup of `key` begins; no effect on results.
  void prefetch(std::uint64_t key) const noexcept {
    const std::uint64_t h = Traits::hash(key);
    const Shard& s = shards_[shard_of(h)];
    if (!s.slots.empty()) detail::prefetch(&s.slots[s.home(h)]);
  }

  /// Inserts `slot`, which holds `key`, unless the key is held; returns the slot that holds the key (whose
  /// key must not be changed) and whether it was added. If memory runs out, throws and changes nothing.
  template <class Confirm = AnySlot>
  std::pair<Slot*, bool> insert(std::uint64_t key, const Slot& slot, Confirm confirm = {}) {
    const std::uint64_t h = Traits::hash(key);
    Shard& s = shards_[shard_of(h)];
    if (s.slots.empty() || probing::too_full(s.size + 1, s.slots.size()))
      s.rehash(probing::grown(s.slots.size(), s.size + 1));
    const std::size_t i = s.locate(key, h, confirm);
    if (!Traits::is_empty(s.slots[i])) return {&s.slots[i], false};
    s.slots[i] = slot;
    ++s.size;
    ++size_;
    return {&s.slots[i], true};
  }

  /// Makes room for about `more` keys beyond the size, spread evenly, so that inserting them grows few
  /// shards. If memory runs out, throws and changes nothing but the room.
  void reserve_more(std::size_t more) {
    if (more == 0) return;
    for (Shard& s : shards_) {
      const std::size_t entries = s.size + (more + shards_.size() - 1) / shards_.size();
      if (s.slots.empty() || probing::too_full(entries, s.slots.size()))
        s.rehash(probing::grown(s.slots.size(), entries));
    }
  }

  /// Removes `key` if it is held.
  template <class Confirm = AnySlot>
  void erase(std::uint64_t key, Confirm confirm = {}) noexcept {
    const std::uint64_t h = Traits::hash(key);
    Shard& s = shards_[shard_of(h)];
    if (s.slots.empty()) return;
    std::size_t hole = s.locate(key, h, confirm);
    if (Traits::is_empty(s.slots[hole])) return;
    // Move back every later entry of the run whose probe passes the hole, so lookups never stop early.
    const std::size_t n = s.slots.size();
    for (std::size_t j = s.next(hole); !Traits::is_empty(s.slots[j]); j = s.next(j)) {
      const std::size_t from = s.home(Traits::hash_of(s.slots[j]));
      if (probing::distance(from, j, n) >= probing::distance(hole, j, n)) {
        s.slots[hole] = s.slots[j];
        hole = j;
      }
    }
    s.slots[hole] = Traits::empty_slot();
    --s.size;
    --size_;
  }

  /// Calls `f(slot)` for every slot held, in no particular order.
  template <class F>
  void for_each(F f) const {
    for (const Shard& s : shards_)
      for (const Slot& slot : s.slots)
        if (!Traits::is_empty(slot)) f(slot);
  }

 private:
  static constexpr unsigned shard_bits = 6;

  static std::size_t shard_of(std::uint64_t hash) noexcept {
    return static_cast<std::size_t>(hash >> (64 - shard_bits));
  }

  struct Shard {
    std::vector<Slot, LargeAllocator<Slot>> slots;
    std::size_t size = 0;

    // From the hash's 26 bits after the shard's, all within its top 32: a slot that keeps only those
    // can be placed again.
    std::size_t home(std::uint64_t hash) const noexcept {
      return probing::home(hash >> 32 << (32 + shard_bits), slots.size());
    }
    std::size_t next(std::size_t i) const noexcept { return probing::next(i, slots.size()); }
    /// The slot holding `key`, whose hash is `h`, or the empty slot where its probe ends. The shard has
    /// slots, and at least one is empty.
    template <class Confirm>
    std::size_t locate(std::uint64_t key, std::uint64_t h, Confirm& confirm) const noexcept {
      std::size_t i = home(h);
      while (!Traits::is_empty(slots[i]) && !(Traits::may_hold(slots[i], key, h) && confirm(slots[i])))
        i = next(i);
      return i;
    }

    // `count` slots, every key placed again; the old slots are kept until the new ones are complete.
    void rehash(std::size_t count) {
      std::vector<Slot, LargeAllocator<Slot>> old(count, Traits::empty_slot());
      old.swap(slots);
      for (const Slot& slot : old) {
        if (Traits::is_empty(slot)) continue;
        std::size_t i = home(Traits::hash_of(slot));
        while (!Traits::is_empty(slots[i])) i = next(i);
        slots[i] = slot;
      }
    }
  };

  std::array<Shard, std::size_t{1} << shard_bits> shards_;
  std::size_t size_ = 0;
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_PROBE_TABLE_HPP
