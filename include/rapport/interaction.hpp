#ifndef RAPPORT_INTERACTION_HPP
#define RAPPORT_INTERACTION_HPP

/// \file
/// `Interaction`, a timestamped event between two members, and its kinds.

#include <array>
#include <optional>
#include <rapport/export.hpp>
#include <rapport/time.hpp>
#include <string>
#include <string_view>

namespace rapport {

/// What happened between two members. The policy says what each kind means for context and
/// reciprocity; the direction is always from the actor to the other member.
enum class InteractionKind {
  met_in_person,     ///< met face to face
  call,              ///< spoke on a call
  message,           ///< wrote a message
  liked,             ///< liked, starred or favourited their content
  purchased,         ///< bought their work
  vetted,            ///< read or tried their work closely enough to vouch for it
  feedback,          ///< gave critique or feedback on their work
  promoted,          ///< promoted their work to an audience
  collaborated,      ///< made something together
  introduced,        ///< introduced them to someone useful
  asked,             ///< asked them for a promotion or a favour
  declined_request,  ///< declined their request
  kept_promise,      ///< delivered what was promised ("you'll be compensated when...")
  broke_promise,     ///< did not deliver what was promised
  cancelled,         ///< cancelled a commitment without notice
};

/// Number of interaction kinds.
inline constexpr std::size_t interaction_kind_count = 15;

/// The stable lowercase name of a kind, as used in files ("met_in_person").
RAPPORT_API std::string_view to_string(InteractionKind kind) noexcept;

/// The kind with that stable name, if any.
RAPPORT_API std::optional<InteractionKind> interaction_kind_from_string(std::string_view name) noexcept;

/// A timestamped event from one member to another.
struct Interaction {
  std::string from{};                               ///< handle of the actor
  std::string to{};                                 ///< handle of the other member
  InteractionKind kind = InteractionKind::message;  ///< what happened; the policy says what it means
  Timestamp at{};                                   ///< when it happened
  double weight = 1.0;  ///< strength multiplier in [0, 1000] (a long collaboration may weigh 3)
  std::string id{};     ///< caller's identifier; an event with an id already in the network is the same event
  /// Answers the other's earlier message or post: it settles what the other awaits from the actor, as
  /// any message does, and awaits no answer itself (`KindEffect::awaits_reply` does not apply).
  bool reply = false;

  /// Whether every field is equal.
  friend bool operator==(const Interaction&, const Interaction&) = default;
};

}  // namespace rapport

#endif  // RAPPORT_INTERACTION_HPP
