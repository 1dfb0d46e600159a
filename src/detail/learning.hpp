#ifndef RAPPORT_SRC_DETAIL_LEARNING_HPP
#define RAPPORT_SRC_DETAIL_LEARNING_HPP

// Learning each owner's taste: the features of a request, the model's probability that the owner
// takes it up, and the update from an outcome. The state is in detail/learning_state.hpp.

#include <optional>
#include <rapport/outcome.hpp>
#include <rapport/policy.hpp>
#include <rapport/relationship.hpp>
#include <rapport/request.hpp>
#include <rapport/score.hpp>
#include <rapport/time.hpp>

#include "dimensions.hpp"
#include "learning_state.hpp"
#include "network_state.hpp"
#include "recording.hpp"

namespace rapport::detail {

/// What scoring found of a request, from which its features are taken.
struct Findings {
  const Request& request;
  const std::optional<Relationship>& relationship;
  const Known& known;
  const Exchange& exchange;
  const Score& score;  // its dimensions and total, before learning
  std::optional<MemberId> requester;
  const RequesterRecord* record;  // how the requester's requests were taken up, if it has a record
  Timestamp now;
  MemberId owner;
};

/// The features of a scored request (`Feature`).
Features features_of(const NetworkState& s, const Findings& found) noexcept;

/// The model's weights for an owner: the global weights plus the owner's deviation, if it has one
/// (`owner`), and its deviation over the request-only features, if it has one (`request`).
Features learned_weights(const GlobalModel& global, const OwnerModel* owner,
                         const RequestDeviation* request) noexcept;

/// The model's log-odds that an owner with `weights` (`learned_weights`) takes up a request with `x`: the
/// formula's log-odds plus the correction that the global weights and the owner's deviation, if it has
/// one, learned, centred on the mean request learned from. The intercepts are left out: they follow how
/// much the owner takes up overall from week to week, which ranks none of its requests above another,
/// and would make early and late figures incomparable.
double learned_logit(const GlobalModel& global, const Features& weights, const Features& x) noexcept;

/// The learned probability that an owner with `weights` (`learned_weights`) takes up a request with `x`
/// (`Score::learned`): the formula's log-odds plus the correction of `learned_logit` times
/// `GlobalModel::trust`.
double learned_probability(const GlobalModel& global, const Features& weights, const Features& x) noexcept;

/// Whether learning moves the scores of an owner with model `owner` (nullptr: none yet): enabled,
/// and the owner has had `Learning::warm_up` outcomes.
bool warmed_up(const Learning& policy, const OwnerModel* owner) noexcept;

/// The share of the learned probability in an owner's total and merit: 0 at the warm-up, growing
/// towards `Learning::blend` as the owner's outcomes accumulate (half of it at twice the warm-up), so
/// that an owner's scores do not jump when learning starts to apply.
inline double blend_share(const Learning& policy, std::uint32_t outcomes) noexcept {
  const double n = outcomes, warm_up = policy.warm_up;
  return n <= warm_up ? 0.0 : policy.blend * (n - warm_up) / n;
}

/// What an outcome teaches, as a target probability in [0, 1].
double taken_up(OutcomeKind kind) noexcept;

/// Learns from one outcome of a request that arrived as `arrival`, decided at `at`: adds to the evidence
/// how much better or worse the correction predicted it than the formula, then one update of the
/// global weights and the owner's deviation. O(joint features^2) for the global covariance (15 x 16
/// multiply-adds at most), O(features) for the rest; allocates only for an owner's or requester's first
/// outcome and an owner's first with a request-only feature, and changes nothing if that allocation
/// fails.
void learn(LearningState& learning, const Policy& policy, const Arrival& arrival, double target,
           Timestamp at);

/// Counts an interaction between `ends` in the actor's activity, if it reached the other out; `pair` is
/// the two's state before it. Called for every recorded interaction, before its pair is updated.
void note_activity(NetworkState& s, Ends ends, const PairState& pair, const Interaction& e) noexcept;

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_LEARNING_HPP
