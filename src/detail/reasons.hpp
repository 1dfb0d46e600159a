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

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_REASONS_HPP
