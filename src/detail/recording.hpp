#ifndef RAPPORT_SRC_DETAIL_RECORDING_HPP
#define RAPPORT_SRC_DETAIL_RECORDING_HPP

// What recording one interaction and recording a batch share: the checks that need no pair state and
// the update of a pair's state. Each path keeps its own order of checking, fingerprinting and creating
// pairs; these are the steps it is made of.

#include <rapport/interaction.hpp>
#include <rapport/network.hpp>
#include <string_view>

#include "network_state.hpp"

namespace rapport::detail {

/// The two members of an interaction, actor first.
struct Ends {
  MemberId from = 0;
  MemberId to = 0;
};

/// The id of the member `s` holds under `handle`; otherwise throws `Error` naming `field`.
MemberId require_member(const NetworkState& s, std::string_view handle, std::string_view field);

/// The members of `e`, whose handles were looked up as `from` and `to` (or `MemberIndex::npos`), after the
/// checks that need no pair state.
Ends check_interaction(const Interaction& e, MemberId from_found, MemberId to_found);

/// Throws `Error` (`out_of_range`) naming `field` unless `t` lies between `earliest_time` and
/// `latest_time`, where time arithmetic is safe.
void check_time(Timestamp t, std::string_view field);

/// Throws `Error` (`stale_event`) for `e`, which is too old for its pair.
[[noreturn]] void throw_stale(const Interaction& e);

/// What recording some interactions may append beyond their pairs' state, a bound that reads no pair: a
/// `PairExtras` for each event that writes to its pair's extras, and a `SpilledCounts` (`KindTally`) for
/// each event of a kind but messages.
struct ExtrasRoom {
  std::size_t extras = 0;
  std::size_t spills = 0;

  /// Adds what recording `e` may append.
  void add(const Policy& policy, const Interaction& e) noexcept;
  /// Makes that room in `s`. If memory runs out, throws; room made stays, unseen.
  void reserve_in(NetworkState& s) const;
};

/// Adds a checked interaction to the state of its pair `p`; cannot throw when the room `ExtrasRoom` asks
/// for is reserved.
void apply(NetworkState& s, Ends ends, PairState& p, const Interaction& e) noexcept;

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_RECORDING_HPP
