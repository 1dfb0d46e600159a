#ifndef RAPPORT_POLICY_HPP
#define RAPPORT_POLICY_HPP

/// \file
/// `Policy`: every tunable, with documented defaults.

#include <array>
#include <chrono>
#include <rapport/channel.hpp>
#include <rapport/export.hpp>
#include <rapport/interaction.hpp>
#include <rapport/request.hpp>
#include <rapport/time.hpp>

namespace rapport {

/// What one interaction kind means, per unit of interaction weight.
struct KindEffect {
  double actor_learns = 0;   ///< context the actor gains about the other (>= 0)
  double target_learns = 0;  ///< context the other gains about the actor (>= 0)
  double value = 0;          ///< value given to the other; negative is harm (a broken promise)
  double awaits_reply = 0;   ///< attention the actor now awaits from the other, >= 0 (a message: 1)
  /// Whether every field is equal.
  friend bool operator==(const KindEffect&, const KindEffect&) = default;
};

/// How relationship state fades; fixed for the lifetime of a `Network`, which aggregates with it.
struct Decay {
  std::chrono::days context_half_life{365};      ///< what you know of someone halves in this time
  std::chrono::days reciprocity_half_life{180};  ///< favours given and taken halve in this time
  std::chrono::days max_lateness{30};  ///< how far before a pair's or channel's latest event a new one may be
  /// Whether every field is equal.
  friend bool operator==(const Decay&, const Decay&) = default;
};

/// Weights of the four dimensions in the total; they need not sum to 1.
struct DimensionWeights {
  double relevance = 0.35;      ///< weight of `Score::relevance`, >= 0
  double prior_context = 0.25;  ///< weight of `Score::prior_context`, >= 0
  double audience_load = 0.15;  ///< weight of `Score::audience_load`, >= 0
  double reciprocity = 0.25;    ///< weight of `Score::reciprocity`, >= 0
  /// Whether every field is equal.
  friend bool operator==(const DimensionWeights&, const DimensionWeights&) = default;
};

/// Thresholds that turn scores into decisions. The conditions of an accept are hard: the total ranks
/// requests but never buys back a missing one (docs/scoring.md, "Decision").
struct Gates {
  double off_niche = 0.15;  ///< relevance below this declines
  double accept = 0.5;      ///< merit (total without audience load) at or above this is worth doing
  /// Relationship context (history with them and vouching by a close tie; not a preview or a personal
  /// message) below this declines: build the relationship first.
  double min_context = 0.2;
  double min_content_quality = 0.5;  ///< a rated preview below this is weak content: counter with critique
  double counter_context = 0.35;     ///< below-accept requests from someone this well known get a counter
  double min_reciprocity = 0.25;     ///< reciprocity below this declines: they take without giving back
  /// Declared energy below this ("wiped-out tired") defers everything worth doing, private favours
  /// included, by `energy_rest`.
  double tired_energy = 0.3;
  double min_energy = 0.1;           ///< declared energy below this declines everything, <= tired_energy
  std::chrono::days energy_rest{7};  ///< how far a tired owner's deferrals look ahead, >= 1 day
  /// Whether every field is equal.
  friend bool operator==(const Gates&, const Gates&) = default;
};

/// How much an owner can keep up with; used by the overload report.
struct Capacity {
  int requests_per_week = 10;                        ///< requests the owner can answer in a week
  std::array<int, 4> dunbar_layers{5, 15, 50, 150};  ///< active relationships per layer, innermost first
  std::chrono::days active_window{90};               ///< a relationship with contact this recent is active
  /// Whether every field is equal.
  friend bool operator==(const Capacity&, const Capacity&) = default;
};

/// When the overload report calls a signal strained or overloaded, and who the attention list names.
/// Loads are ratios to capacity: at or above `strained` is strained, above `overloaded` is overloaded,
/// so a load exactly at capacity is strained. See docs/overload.md.
struct OverloadThresholds {
  double strained = 0.8;    ///< load over capacity at or above this is strained, > 0
  double overloaded = 1.0;  ///< load over capacity above this is overloaded, >= strained
  double cadence_strained =
      1.0;  ///< days since meaningful contact over the cadence: at or above, strained (due)
  double cadence_overloaded = 2.0;  ///< ... above this, overloaded; >= cadence_strained
  double energy_strained = 0.5;     ///< declared energy at or below this is strained, in [0, 1]
  double energy_overloaded = 0.25;  ///< declared energy at or below this is overloaded, <= energy_strained
  /// Tie strength a relationship needs to count in each Dunbar layer, innermost first, non-increasing in [0,
  /// 1].
  std::array<double, 4> layer_strength{0.9, 0.7, 0.4, 0.0};
  std::chrono::days launch_lookahead{14};  ///< a launch starting within this is reported (strained), >= 0
  double taker_margin = 1.0;  ///< the owner is a taker when it took this much more value than it gave, >= 0
  /// Whether every field is equal.
  friend bool operator==(const OverloadThresholds&, const OverloadThresholds&) = default;
};

/// How each owner's taste is learned from what the owner did with earlier requests (`Outcome`): a
/// logistic correction on top of the formula, with a global part and each owner's deviation from it.
/// See docs/scoring.md, "Learning".
struct Learning {
  bool enabled = true;  ///< off: outcomes are still learned from, but scores ignore what was learned
  /// Outcomes an owner needs before learning moves its scores; until then they are exactly as without.
  int warm_up = 20;
  /// Prior precision of the global weights, > 0: how many outcomes' worth of evidence the formula's
  /// ranking counts as, before outcomes correct it.
  double global_precision = 1.0;
  /// Prior precision of each owner's deviation from the global weights on taste (what a request is and
  /// who it is from: context, balance, offer, preview, topics, room, kind), > 0: the larger, the more
  /// outcomes an owner needs before its taste is its own. At 5, a few dozen decisions that involve a
  /// feature outweigh the prior: owners differ most in taste.
  double taste_precision = 5.0;
  /// Prior precision of each owner's deviation on habit (how the two are talking now: recency,
  /// counts, the requester's record), > 0: at 300, a thousand or so decisions. How conversations go
  /// differs little between people, and a deviation learned from a few of them drifts.
  double habit_precision = 300.0;
  /// Prior precision of the global weights and of each owner's deviation on the parts of the formula
  /// drawn from the two's history (direct context, vouching, outreach, what was given and taken), > 0.
  /// The formula weighs them already, through its total (`prior`), with which they move together: a
  /// correction to them is poorly told apart from one to the total, so at 100 it takes a few hundred
  /// outcomes that involve them, not a few, to re-weigh them.
  double history_precision = 100.0;
  /// Prior precision of each owner's base rate (how much it takes up overall), > 0: at 5, the evidence
  /// of the warm-up's 20 outcomes (each worth p (1 - p) <= 1/4), so the base rate is the owner's own
  /// by the time learning moves its scores.
  double base_rate_precision = 5.0;
  /// Share of the learned probability in the total and in the merit an accept is judged on, in [0, 1],
  /// which an owner reaches gradually past the warm-up (half of it at twice the warm-up); the rest is
  /// the formula's.
  double blend = 0.5;
  /// Whether every field is equal.
  friend bool operator==(const Learning&, const Learning&) = default;
};

/// Every tunable of rapport in one value, with documented defaults. `validate()` checks it;
/// `Network` refuses an invalid one.
struct RAPPORT_API Policy {
  Decay decay{};  ///< how relationship state fades; a `Network` keeps the one it was built with

  /// Per interaction kind, indexed by `InteractionKind`: context and value per unit weight.
  std::array<KindEffect, interaction_kind_count> kinds{{
      {3.0, 3.0, 0.0},       // met_in_person: mutual, so no one owes anyone
      {1.5, 1.5, 0.0},       // call
      {0.5, 0.0, 0.0, 1.0},  // message: you know whom you write to; an unanswered one is a bid
      {0.05, 0.05, 0.05},    // liked
      {2.5, 0.3, 0.0},       // purchased: the buyer knows the work; paid for, so no one owes anyone
      {3.0, 0.5, 0.5},       // vetted
      {2.0, 1.0, 1.0},       // feedback
      {1.5, 0.5, 2.0},       // promoted
      {3.0, 3.0, 0.0},       // collaborated: mutual
      {1.0, 1.0, 1.5},       // introduced
      {0.0, 0.0, 0.0},       // asked: counted as an ask; a pitch is neither context nor value
      {0.0, 0.0, -0.5},      // declined_request
      {0.0, 0.5, 1.0},       // kept_promise
      {0.0, 0.0, -2.0},      // broke_promise
      {0.0, 0.0, -1.5},      // cancelled
  }};

  double context_scale = 3.0;    ///< knowledge units at which direct context reaches 1 - 1/e (one meeting)
  int vouching_ties = 5;         ///< the owner's strongest ties consulted for vouching, 0 to 8
  double vouching_weight = 0.5;  ///< how much a trusted tie's knowledge of the requester counts, [0, 1]
  double preview_bonus = 0.1;    ///< context a content preview adds, [0, 1]
  double personal_bonus = 0.05;  ///< context a message written for the owner adds, [0, 1]
  /// Context the owner's own recent outreach to the requester adds, [0, 1]: `outreach_weight` right after
  /// the owner reached out, halving every `outreach_half_life`. Whom you are in touch with now is context
  /// that a year-long memory of knowledge cannot show.
  double outreach_weight = 0.5;
  std::chrono::days outreach_half_life{7};  ///< > 0

  double reciprocity_prior = 1.0;  ///< pseudo-value on each side: a stranger's reciprocity is 0.5
  double ask_cost = 0.5;           ///< value an earlier ask costs the requester's balance
  /// How much a two-way exchange (the smaller of value given and value received) is credited to the
  /// requester again, as evidence that it returns favours.
  double mutual_weight = 2.0;
  /// Value credited to the requester for each message of the owner's it answered, and for the one the
  /// owner still awaits (the request answers it).
  double reply_value = 0.3;
  /// Value of what a request offers, indexed by `Offer`; a promise is scaled by the requester's kept-promise
  /// rate.
  std::array<double, 4> offer_value{0.0, 1.0, 0.8, 0.6};

  double owner_topic_weight =
      0.5;  ///< share of relevance from the owner's niche; the rest from the channel audience
  /// How far a member requester's own topics (what it is known for) check the topics a request
  /// declares, [0, 1]: at 1, declared topics that match nothing the requester is known for count only
  /// as much as its known topics fit the owner.
  double known_niche_weight = 1.0;
  std::chrono::days share_window{28};  ///< promotion share is measured over this window, 1 to 366 days
  int share_min_posts = 4;             ///< with fewer posts in the window, promotion share is not judged

  DimensionWeights weights{};          ///< weights of the four dimensions in the total
  Gates gates{};                       ///< thresholds that turn scores into decisions
  Capacity capacity{};                 ///< what the owner can keep up with, for the overload report
  OverloadThresholds overload{};       ///< levels of the overload report, and the attention list
  PromoTolerance default_tolerance{};  ///< tolerance of channels that do not set their own
  Learning learning{};                 ///< learning each owner's taste from outcomes

  /// Throws `Error` (`Errc::invalid_policy`, non-finite numbers included) naming the first field
  /// that breaks its constraint.
  void validate() const;

  /// Whether every field is equal.
  friend bool operator==(const Policy&, const Policy&) = default;
};

}  // namespace rapport

#endif  // RAPPORT_POLICY_HPP
