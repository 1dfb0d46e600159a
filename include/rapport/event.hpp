#ifndef RAPPORT_EVENT_HPP
#define RAPPORT_EVENT_HPP

/// \file
/// `Event`, one change to a network, and `apply`.

#include <concepts>
#include <rapport/channel.hpp>
#include <rapport/export.hpp>
#include <rapport/interaction.hpp>
#include <rapport/member.hpp>
#include <rapport/outcome.hpp>
#include <rapport/post.hpp>
#include <rapport/request.hpp>
#include <type_traits>
#include <utility>
#include <variant>

namespace rapport {

class Network;

/// One change to a network, as a line of an event log holds it: a member or channel to add or
/// replace, or an interaction, post, request arrival or outcome to record. A struct rather than the bare
/// variant so that its JSON form is rapport's (Boost.JSON has its own for `std::variant`).
struct Event {
  /// Every kind of change, one alternative each.
  using Change = std::variant<Member, Channel, Interaction, Post, Request, Outcome>;
  Change change{};  ///< the change itself

  /// Holds an empty `Member`, which `apply` refuses (its handle is empty): a value to assign to.
  Event() = default;
  /// Implicit from any alternative, so `write_event(interaction, out)` reads as it should.
  template <class T>
  requires std::constructible_from<Change, T&&> &&
      (!std::same_as<std::remove_cvref_t<T>, Event>)Event(T&& change_)
      : change(std::forward<T>(change_)) {}

  /// Whether every field is equal.
  friend bool operator==(const Event&, const Event&) = default;
};

/// Applies one event to `network`: adds a member or channel, or replaces the one with the same key;
/// records an interaction, post, request or outcome (`Network::record`). Returns false, changing
/// nothing, for a member or channel the network holds as it is and for an event it holds already. Throws as
/// `Network`'s mutators do, changing nothing.
RAPPORT_API bool apply(Network& network, const Event& event);

}  // namespace rapport

#endif  // RAPPORT_EVENT_HPP
