#ifndef RAPPORT_RELATIONSHIP_HPP
#define RAPPORT_RELATIONSHIP_HPP

/// \file
/// `Relationship`: one member's decayed view of another.

#include <array>
#include <cstdint>
#include <optional>
#include <rapport/interaction.hpp>
#include <rapport/time.hpp>

namespace rapport {

/// One member's (the owner's) view of another at a given time: the aggregated, decayed state of
/// everything between them. The network keeps decayed quantities in single precision, so they match
/// exact arithmetic to about 7 significant digits; more history never reads as less.
struct Relationship {
  double knowledge = 0;           ///< kind-weighted, decayed context the owner has of the other
  double tie_strength = 0;        ///< knowledge mapped to [0, 1] by the policy's context scale
  double received = 0;            ///< decayed value the other gave the owner
  double given = 0;               ///< decayed value the owner gave the other
  double asks = 0;                ///< decayed number of times the other asked the owner for something
  double harm = 0;                ///< decayed harm the other did the owner (broken promises, cancellations)
  double awaited_from_owner = 0;  ///< decayed attention the other awaits from the owner (unanswered messages)
  double awaited_from_other = 0;  ///< decayed attention the owner awaits from the other
  double answers_from_other = 0;  ///< decayed messages of the other that answered the owner's
  double answers_from_owner = 0;  ///< decayed messages of the owner that answered the other's
  std::array<std::uint32_t, interaction_kind_count> from_other{};  ///< events other -> owner, by kind
  std::array<std::uint32_t, interaction_kind_count> from_owner{};  ///< events owner -> other, by kind
  Timestamp first_contact{};                                       ///< earliest event between them
  Timestamp last_contact{};                                        ///< latest event between them
  std::optional<Timestamp>
      last_meaningful;  ///< latest event that is more than a like, an ask or a harm, if any
  /// Latest time the owner reached out to the other: an event whose kind teaches its actor about the
  /// other (`KindEffect::actor_learns` > 0), such as a message, a call or a like.
  std::optional<Timestamp> owner_reached_out;
  std::optional<Timestamp> other_reached_out;  ///< latest time the other reached out to the owner

  /// Events of `kind` in either direction.
  std::uint32_t count(InteractionKind kind) const noexcept { return by_other(kind) + by_owner(kind); }
  /// Events of `kind` from the other to the owner.
  std::uint32_t by_other(InteractionKind kind) const noexcept {
    return from_other[static_cast<std::size_t>(kind)];
  }
  /// Events of `kind` from the owner to the other.
  std::uint32_t by_owner(InteractionKind kind) const noexcept {
    return from_owner[static_cast<std::size_t>(kind)];
  }

  /// Whether every field is equal.
  friend bool operator==(const Relationship&, const Relationship&) = default;
};

}  // namespace rapport

#endif  // RAPPORT_RELATIONSHIP_HPP
