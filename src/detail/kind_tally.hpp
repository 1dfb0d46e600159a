#ifndef RAPPORT_SRC_DETAIL_KIND_TALLY_HPP
#define RAPPORT_SRC_DETAIL_KIND_TALLY_HPP

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <rapport/interaction.hpp>

#include "chunked_vector.hpp"

namespace rapport::detail {

/// Events of each kind, indexed by `InteractionKind`.
using KindCounts = std::array<std::uint32_t, interaction_kind_count>;

/// Events of each kind but messages (which `PairState` counts) towards one member of a pair, in 16 bits
/// each: a count stops at `max`, past any history two people have of one kind.
class ExtraCounts {
 public:
  static constexpr std::uint32_t max = std::numeric_limits<std::uint16_t>::max();

  /// Counts one more event of `kind`, not `message`, unless the count is at `max`.
  void add_one(InteractionKind kind) noexcept {
    std::uint16_t& count = counts_[place(kind)];
    if (count < max) ++count;
  }
  /// Adds `count` events of `kind`, not `message`, up to `max`.
  void add(InteractionKind kind, std::uint32_t count) noexcept {
    std::uint16_t& c = counts_[place(kind)];
    c = static_cast<std::uint16_t>(count >= max - c ? max : c + count);
  }
  /// The counts by kind, 0 for messages.
  KindCounts all() const noexcept {
    KindCounts out{};
    for (std::size_t k = 0; k < out.size(); ++k)
      if (k != message) out[k] = counts_[place(static_cast<InteractionKind>(k))];
    return out;
  }

  /// The place of `kind`, not `message`, among the kinds counted here: 0 to `interaction_kind_count - 2`.
  static constexpr std::size_t place(InteractionKind kind) noexcept {
    const auto k = static_cast<std::size_t>(kind);
    return k < message ? k : k - 1;
  }
  /// The kind at `place`.
  static constexpr InteractionKind kind_at(std::size_t place) noexcept {
    return static_cast<InteractionKind>(place < message ? place : place + 1);
  }

 private:
  static constexpr auto message = static_cast<std::size_t>(InteractionKind::message);
  std::array<std::uint16_t, interaction_kind_count - 1> counts_{};
};

/// A pair's counts of every kind but messages, both ways, when they outgrow a `KindTally`.
struct SpilledCounts {
  ExtraCounts to_lo;  // events hi -> lo
  ExtraCounts to_hi;  // events lo -> hi
};

/// Where the pairs' `SpilledCounts` are kept: few pairs spill, so in chunks below a huge page, lest the
/// first spill make 2 MiB resident.
using SpilledCountsTable = ChunkedVector<SpilledCounts, (std::size_t{256} << 10)>;

/// A pair's counts of events of every kind but messages, both ways, in 8 bytes. Most pairs see few kinds:
/// up to four (kind, direction) counts, each below 2048, are held here. A fifth (kind, direction), or a
/// count past 2047, moves them all to a `SpilledCounts` in a table the caller keeps, and this holds its
/// index; a count there stops at `ExtraCounts::max`. Either way every count reads back as added.
class KindTally {
 public:
  /// Counts one more event of `kind`, not `message`, towards hi if `to_hi`, else towards lo. Cannot
  /// throw while `spilled` has room for one more element (`ChunkedVector::reserve_more`).
  void add_one(InteractionKind kind, bool to_hi, SpilledCountsTable& spilled) noexcept {
    if (!is_spilled()) {
      const std::uint16_t key = entry(kind, to_hi, 0);
      std::size_t i = 0;
      while (i < entries_.size() && entries_[i] != 0 && (entries_[i] & ~count_mask) != key) ++i;
      if (i < entries_.size() && entries_[i] == 0) {
        entries_[i] = static_cast<std::uint16_t>(key | 1);
        return;
      }
      if (i < entries_.size() && (entries_[i] & count_mask) < count_mask) {
        ++entries_[i];
        return;
      }
      spill(spilled);  // a fifth (kind, direction), or a full count
    }
    SpilledCounts& all = at(spilled);
    (to_hi ? all.to_hi : all.to_lo).add_one(kind);
  }

  /// The counts by kind towards hi if `to_hi`, else towards lo; 0 for messages.
  KindCounts counts(bool to_hi, const SpilledCountsTable& spilled) const noexcept {
    if (is_spilled()) return (to_hi ? at(spilled).to_hi : at(spilled).to_lo).all();
    KindCounts out{};
    for (const std::uint16_t e : entries_)
      if (e != 0 && ((e & direction_bit) != 0) == to_hi)
        out[static_cast<std::size_t>(ExtraCounts::kind_at(e >> place_shift))] = e & count_mask;
    return out;
  }

  /// Holds `to_lo` and `to_hi` (message counts ignored); a count above `ExtraCounts::max` is held as the
  /// maximum. Strong guarantee: if `spilled` cannot grow, throws and changes nothing.
  void assign(const KindCounts& to_lo, const KindCounts& to_hi, SpilledCountsTable& spilled) {
    std::array<std::uint16_t, 4> inline_entries{};
    std::size_t used = 0;
    bool fits = true;
    for (const bool hi : {false, true})
      for (std::size_t place = 0; place + 1 < interaction_kind_count; ++place) {
        const std::uint32_t n = (hi ? to_hi : to_lo)[static_cast<std::size_t>(ExtraCounts::kind_at(place))];
        if (n == 0) continue;
        fits = fits && used < inline_entries.size() && n <= count_mask;
        if (fits)
          inline_entries[used++] = entry(ExtraCounts::kind_at(place), hi, static_cast<std::uint16_t>(n));
      }
    if (fits) {
      entries_ = inline_entries;
      return;
    }
    SpilledCounts all;
    for (std::size_t place = 0; place + 1 < interaction_kind_count; ++place) {
      const InteractionKind kind = ExtraCounts::kind_at(place);
      all.to_lo.add(kind, to_lo[static_cast<std::size_t>(kind)]);
      all.to_hi.add(kind, to_hi[static_cast<std::size_t>(kind)]);
    }
    hold(all, spilled);
  }

  /// Whether the counts are in the caller's table.
  bool is_spilled() const noexcept { return entries_[0] == spilled_mark; }

 private:
  // An entry: the kind's place (`ExtraCounts::place`, 4 bits), the direction (1 bit: towards hi) and the
  // count (11 bits); 0 for none. The places run to 13, so an entry of all ones is none: as the first
  // entry, it says the counts spilled, and the last two hold the index.
  static constexpr unsigned place_shift = 12;
  static constexpr std::uint16_t direction_bit = 1u << 11;
  static constexpr std::uint16_t count_mask = direction_bit - 1;
  static constexpr std::uint16_t spilled_mark = std::numeric_limits<std::uint16_t>::max();
  static_assert(interaction_kind_count - 1 < spilled_mark >> place_shift, "a place leaves the mark free");

  static constexpr std::uint16_t entry(InteractionKind kind, bool to_hi, std::uint16_t count) noexcept {
    return static_cast<std::uint16_t>(ExtraCounts::place(kind) << place_shift | (to_hi ? direction_bit : 0) |
                                      count);
  }

  /// Moves the inline counts to a new `SpilledCounts`; cannot throw within `spilled`'s room.
  void spill(SpilledCountsTable& spilled) noexcept {
    SpilledCounts all;
    for (const std::uint16_t e : entries_)
      if (e != 0)
        ((e & direction_bit) != 0 ? all.to_hi : all.to_lo)
            .add(ExtraCounts::kind_at(e >> place_shift), e & count_mask);
    hold(all, spilled);
  }

  /// Appends `all` to `spilled` and holds its index. Strong guarantee; cannot throw within `spilled`'s room.
  void hold(const SpilledCounts& all, SpilledCountsTable& spilled) {
    const auto index = static_cast<std::uint32_t>(spilled.size());
    spilled.push_back(all);
    hold(index);
  }

  void hold(std::uint32_t index) noexcept {
    entries_ = {spilled_mark, 0, static_cast<std::uint16_t>(index & 0xffffu),
                static_cast<std::uint16_t>(index >> 16)};
  }
  std::uint32_t index() const noexcept {
    return std::uint32_t{entries_[2]} | std::uint32_t{entries_[3]} << 16;
  }
  SpilledCounts& at(SpilledCountsTable& spilled) const noexcept { return spilled[index()]; }
  const SpilledCounts& at(const SpilledCountsTable& spilled) const noexcept { return spilled[index()]; }

  std::array<std::uint16_t, 4> entries_{};
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_KIND_TALLY_HPP
