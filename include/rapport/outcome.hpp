#ifndef RAPPORT_OUTCOME_HPP
#define RAPPORT_OUTCOME_HPP

/// \file
/// `Outcome`: what the owner did with a request, from which its taste is learned.

#include <optional>
#include <rapport/export.hpp>
#include <rapport/request.hpp>
#include <rapport/time.hpp>
#include <string>
#include <string_view>

namespace rapport {

/// What an owner did with a request. Learning counts `accepted`, `deferred` and `answered` as taking
/// it up, `declined`, `ignored` and `not_important` as not, and `countered` as half of each.
enum class OutcomeKind {
  accepted,       ///< promoted it, or agreed to
  declined,       ///< said no
  deferred,       ///< agreed to, later
  countered,      ///< offered critique or a conversation instead
  ignored,        ///< gave no answer by a deadline
  answered,       ///< replied (message logs: wrote back within the window)
  not_important,  ///< a correction: this should not have ranked where it did
};

/// The stable lowercase name of an outcome kind ("not_important").
RAPPORT_API std::string_view to_string(OutcomeKind kind) noexcept;
/// The outcome kind with that stable name, if any.
RAPPORT_API std::optional<OutcomeKind> outcome_kind_from_string(std::string_view name) noexcept;

/// What an owner did with a request the network recorded (`Network::record(const Request&)`), and
/// when: the evidence from which each owner's taste is learned. It names the request by `owner` and
/// `request_id`, or carries the request itself (for a request without an id).
struct Outcome {
  std::string owner{};                      ///< handle of the owner who received the request
  std::string request_id{};                 ///< the recorded request's id; empty when `request` is given
  std::optional<Request> request{};         ///< the recorded request itself, instead of its id
  OutcomeKind kind = OutcomeKind::ignored;  ///< what the owner did
  Timestamp at{};  ///< when the owner acted (for `ignored`, when the deadline passed)

  /// Whether every field is equal.
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

}  // namespace rapport

#endif  // RAPPORT_OUTCOME_HPP
