#include <array>
#include <cmath>
#include <limits>
#include <rapport/error.hpp>
#include <rapport/policy.hpp>
#include <string>

#include "detail/validate.hpp"

namespace rapport {
namespace {

constexpr double unbounded = std::numeric_limits<double>::max();
// Per-unit effects are bounded so that sums over many events stay finite.
constexpr double max_effect = 1000;

void check(double x, double lo, double hi, const std::string& field) {
  if (!std::isfinite(x) || x < lo || x > hi)
    throw Error(Errc::invalid_policy, "policy." + field, detail::number_text(x));
}

void check_days(std::chrono::days d, long min, const std::string& field) {
  // Beyond ten million days (27,000 years) time arithmetic could overflow; no policy needs that.
  constexpr long max_days = 10'000'000;
  if (d.count() < min || d.count() > max_days)
    throw Error(Errc::invalid_policy, "policy." + field, std::to_string(d.count()));
}

void check_count(long n, long lo, long hi, const std::string& field) {
  if (n < lo || n > hi) throw Error(Errc::invalid_policy, "policy." + field, std::to_string(n));
}

/// What recording folds into the pair state: the decay and the effect of each kind of interaction.
void check_recording(const Decay& decay, const std::array<KindEffect, interaction_kind_count>& kinds) {
  check_days(decay.context_half_life, 1, "decay.context_half_life");
  check_days(decay.reciprocity_half_life, 1, "decay.reciprocity_half_life");
  check_days(decay.max_lateness, 0, "decay.max_lateness");
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    const std::string at = "kinds." + std::string(to_string(static_cast<InteractionKind>(i)));
    check(kinds[i].actor_learns, 0, max_effect, at + ".actor_learns");
    check(kinds[i].target_learns, 0, max_effect, at + ".target_learns");
    check(kinds[i].value, -max_effect, max_effect, at + ".value");
    check(kinds[i].awaits_reply, 0, max_effect, at + ".awaits_reply");
  }
}

/// The parameters of the dimensions: context, vouching, the request's bonuses, reciprocity, topics and
/// the share window.
void check_dimensions(const Policy& p) {
  check(p.context_scale, std::numeric_limits<double>::min(), unbounded, "context_scale");
  check_count(p.vouching_ties, 0, 8, "vouching_ties");
  check(p.vouching_weight, 0, 1, "vouching_weight");
  check(p.preview_bonus, 0, 1, "preview_bonus");
  check(p.personal_bonus, 0, 1, "personal_bonus");
  check(p.outreach_weight, 0, 1, "outreach_weight");
  check_days(p.outreach_half_life, 1, "outreach_half_life");
  check(p.reciprocity_prior, std::numeric_limits<double>::min(), unbounded, "reciprocity_prior");
  check(p.ask_cost, 0, unbounded, "ask_cost");
  check(p.mutual_weight, 0, unbounded, "mutual_weight");
  check(p.reply_value, 0, unbounded, "reply_value");
  for (std::size_t i = 0; i < p.offer_value.size(); ++i)
    check(p.offer_value[i], 0, unbounded, "offer_value." + std::string(to_string(static_cast<Offer>(i))));
  check(p.owner_topic_weight, 0, 1, "owner_topic_weight");
  check(p.known_niche_weight, 0, 1, "known_niche_weight");
  // Room reads a share window's weeks one by one: a year bounds the work (detail/room.hpp).
  check_count(p.share_window.count(), 1, 366, "share_window");
  check_count(p.share_min_posts, 0, std::numeric_limits<int>::max(), "share_min_posts");
}

void check_weights(const DimensionWeights& weights) {
  check(weights.relevance, 0, unbounded, "weights.relevance");
  check(weights.prior_context, 0, unbounded, "weights.prior_context");
  check(weights.audience_load, 0, unbounded, "weights.audience_load");
  check(weights.reciprocity, 0, unbounded, "weights.reciprocity");
  if (weights.relevance + weights.prior_context + weights.reciprocity <= 0)
    throw Error(Errc::invalid_policy, "policy.weights", "relevance, prior_context and reciprocity are all 0");
}

void check_gates(const Gates& gates) {
  check(gates.off_niche, 0, 1, "gates.off_niche");
  check(gates.accept, 0, 1, "gates.accept");
  check(gates.min_context, 0, 1, "gates.min_context");
  check(gates.min_content_quality, 0, 1, "gates.min_content_quality");
  check(gates.counter_context, 0, 1, "gates.counter_context");
  check(gates.min_reciprocity, 0, 1, "gates.min_reciprocity");
  check(gates.tired_energy, 0, 1, "gates.tired_energy");
  check(gates.min_energy, 0, gates.tired_energy, "gates.min_energy");
  check_days(gates.energy_rest, 1, "gates.energy_rest");
}

void check_capacity(const Capacity& capacity) {
  check_count(capacity.requests_per_week, 0, std::numeric_limits<int>::max(), "capacity.requests_per_week");
  for (std::size_t i = 0; i < capacity.dunbar_layers.size(); ++i) {
    const long lo = i == 0 ? 0 : capacity.dunbar_layers[i - 1];
    check_count(capacity.dunbar_layers[i], lo, std::numeric_limits<int>::max(),
                "capacity.dunbar_layers[" + std::to_string(i) + "]");
  }
  check_days(capacity.active_window, 1, "capacity.active_window");
}

void check_overload(const OverloadThresholds& overload) {
  check(overload.strained, std::numeric_limits<double>::min(), unbounded, "overload.strained");
  check(overload.overloaded, overload.strained, unbounded, "overload.overloaded");
  check(overload.cadence_strained, std::numeric_limits<double>::min(), unbounded,
        "overload.cadence_strained");
  check(overload.cadence_overloaded, overload.cadence_strained, unbounded, "overload.cadence_overloaded");
  check(overload.energy_strained, 0, 1, "overload.energy_strained");
  check(overload.energy_overloaded, 0, overload.energy_strained, "overload.energy_overloaded");
  for (std::size_t i = 0; i < overload.layer_strength.size(); ++i)
    check(overload.layer_strength[i], 0, i == 0 ? 1.0 : overload.layer_strength[i - 1],
          "overload.layer_strength[" + std::to_string(i) + "]");
  check_days(overload.launch_lookahead, 0, "overload.launch_lookahead");
  check(overload.taker_margin, 0, unbounded, "overload.taker_margin");
}

void check_learning(const Learning& learning) {
  check_count(learning.warm_up, 0, std::numeric_limits<int>::max(), "learning.warm_up");
  check(learning.global_precision, std::numeric_limits<double>::min(), max_effect,
        "learning.global_precision");
  check(learning.taste_precision, std::numeric_limits<double>::min(), max_effect, "learning.taste_precision");
  check(learning.habit_precision, std::numeric_limits<double>::min(), max_effect, "learning.habit_precision");
  check(learning.history_precision, std::numeric_limits<double>::min(), max_effect,
        "learning.history_precision");
  check(learning.base_rate_precision, std::numeric_limits<double>::min(), max_effect,
        "learning.base_rate_precision");
  check(learning.blend, 0, 1, "learning.blend");
}

}  // namespace

void Policy::validate() const {
  check_recording(decay, kinds);
  check_dimensions(*this);
  check_weights(weights);
  check_gates(gates);
  check_capacity(capacity);
  check_overload(overload);
  check_count(default_tolerance.max_per_week, 0, std::numeric_limits<int>::max(),
              "default_tolerance.max_per_week");
  check(default_tolerance.max_share, 0, 1, "default_tolerance.max_share");
  check_learning(learning);
}

}  // namespace rapport
