#ifndef RAPPORT_SRC_DETAIL_REASONS_HPP
#define RAPPORT_SRC_DETAIL_REASONS_HPP

#include <rapport/policy.hpp>
#include <rapport/reason.hpp>
#include <rapport/score.hpp>
#include <rapport/time.hpp>

namespace rapport::detail {

/// A time as the figure reasons carry it: unix seconds.
inline double unix_seconds(Timestamp t) noexcept {
  return static_cast<double>(t.time_since_epoch().count());
}

/// Whether an owner with declared `energy` is tired: not too drained to take anything on, but below the
/// level where everything worth doing waits for `gates.energy_rest`. Score, plan and report judge it alike.
inline bool tired(double energy, const Policy& p) noexcept {
  return energy >= p.gates.min_energy && energy < p.gates.tired_energy;
}

/// Whether a decision declined for want of room only: worth doing, but no slot within the horizon. The
/// plan and the report ask it of a score's or a plan entry's decision and reasons alike.
inline bool declined_for_room(Decision decision, const Reasons& reasons) noexcept {
  return decision == Decision::decline && !reasons.empty() && reasons[0].code == ReasonCode::channel_full &&
         reasons[0].dimension == Dimension::decision;
}

/// A reason with up to three figures.
inline Reason make_reason(ReasonCode code, Dimension dim, double a = 0, double b = 0, double c = 0) noexcept {
  Reason r;
  r.code = code;
  r.dimension = dim;
  r.figures = {a, b, c};
  return r;
}

/// The weighted mean of relevance, context and reciprocity: whether a request is worth doing, which
/// does not depend on room. `score` and the triage plan must judge it alike.
inline double merit(double relevance, double prior_context, double reciprocity, const Policy& p) noexcept {
  const DimensionWeights& w = p.weights;
  return (w.relevance * relevance + w.prior_context * prior_context + w.reciprocity * reciprocity) /
         (w.relevance + w.prior_context + w.reciprocity);
}

/// The formula's total: the weighted mean of merit and audience load, before learning.
inline double formula_total(double merit, double audience_load, const Policy& p) noexcept {
  const DimensionWeights& w = p.weights;
  const double merit_weight = w.relevance + w.prior_context + w.reciprocity;
  return (merit * merit_weight + w.audience_load * audience_load) / (merit_weight + w.audience_load);
}

/// The merit `score` judged `s` on: the formula's, moved by as much as learning moved the total (nothing
/// while learning does not apply).
inline double judged_merit(const Score& s, const Policy& p) noexcept {
  const double m = merit(s.relevance, s.prior_context, s.reciprocity, p);
  return m + (s.total - formula_total(m, s.audience_load, p));
}

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_REASONS_HPP
