#ifndef RAPPORT_PLAN_HPP
#define RAPPORT_PLAN_HPP

/// \file
/// The triage plan: every pending request decided together, within every channel's tolerance.

#include <cstddef>
#include <optional>
#include <rapport/export.hpp>
#include <rapport/member.hpp>
#include <rapport/reason.hpp>
#include <rapport/request.hpp>
#include <rapport/score.hpp>
#include <rapport/time.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

class Network;

/// How the owner overrides the plan for a request.
enum class Pin {
  accept,   ///< accept now, even if it overloads a channel or lands in a launch (the plan reports it)
  decline,  ///< decline, whatever the score
};

/// The stable lowercase name of a pin ("accept").
RAPPORT_API std::string_view to_string(Pin pin) noexcept;
/// The pin with that stable name, if any.
RAPPORT_API std::optional<Pin> pin_from_string(std::string_view name) noexcept;

/// The owner's override for every pending request whose `Request::id` is `request_id`.
struct Override {
  std::string request_id{};  ///< the `Request::id` it applies to
  Pin pin = Pin::accept;     ///< the decision the owner imposes

  /// Whether every field is equal.
  friend bool operator==(const Override&, const Override&) = default;
};

/// The plan's decision for one pending request.
struct PlanEntry {
  std::size_t request = 0;                ///< index of the request in the pending list
  Decision decision = Decision::decline;  ///< the plan's decision, which may differ from the score's
  /// When its promotion lands: `now` if accepted, the earliest slot if deferred.
  std::optional<Timestamp> slot{};
  double total = 0;              ///< the request's score total, which ranks it against the others
  bool pinned = false;           ///< an `Override` decided it
  Reasons reasons{};             ///< the decisive reason first, then the score's reasons
  std::optional<Reason> flip{};  ///< declined or deferred: the smallest change that would get it accepted

  /// Whether every field is equal.
  friend bool operator==(const PlanEntry&, const PlanEntry&) = default;
};

/// A decision for every pending request of one owner, made together so that no channel exceeds its
/// tolerance in any window and no promotion lands in the owner's launch.
struct TriagePlan {
  std::vector<PlanEntry> entries{};          ///< one per pending request, in input order
  std::vector<std::size_t> pin_overloads{};  ///< entries whose pinned accept overloads a channel or a launch

  /// Whether every field is equal.
  friend bool operator==(const TriagePlan&, const TriagePlan&) = default;
};

/// Decides every pending request of `owner` at `now`: requests worth doing (the score accepts or defers
/// them) are placed highest total first (ties by id, then position) at their earliest slot given the
/// recorded posts and everything placed before them (for a tired owner, from `now + gates.energy_rest`);
/// the others keep the score's decline or counter. docs/overload.md, "Room", says what fits.
/// `overrides` pin decisions. Deterministic; O(n log n) in the number of requests. Throws `Error` for
/// an unknown owner, a request to another owner or one `score` refuses, or an override naming no request.
RAPPORT_API TriagePlan plan_triage(const Network& network, MemberId owner, std::span<const Request> pending,
                                   Timestamp now, std::span<const Override> overrides = {});

}  // namespace rapport

#endif  // RAPPORT_PLAN_HPP
