// JSON of the policy: each struct lists its fields once, in `fields()`, for writing and reading alike.
#include <rapport/json/model.hpp>
#include <string>

#include "detail/json_fields.hpp"
#include "detail/json_read.hpp"

namespace rapport {

namespace {
namespace json = boost::json;
}  // namespace
using detail::read_struct;
using detail::write_field;

namespace detail {

// Each policy struct lists its fields once, for writing and reading alike, so the two cannot drift.
// Every field is optional on input. The counts fail to compile when a struct gains a field.
static_assert(field_count<KindEffect>() == 4, "KindEffect changed: list the new field in fields() below");
static_assert(field_count<Decay>() == 3, "Decay changed: list the new field in fields() below");
static_assert(field_count<DimensionWeights>() == 4, "DimensionWeights changed: list the new field below");
static_assert(field_count<Gates>() == 9, "Gates changed: list the new field in fields() below");
static_assert(field_count<Capacity>() == 3, "Capacity changed: list the new field in fields() below");
static_assert(field_count<PromoTolerance>() == 2,
              "PromoTolerance changed: list the new field in its fields() in detail/json_fields.hpp");
static_assert(field_count<OverloadThresholds>() == 9, "OverloadThresholds changed: list the new field below");
static_assert(field_count<Learning>() == 8, "Learning changed: list the new field in fields() below");
static_assert(field_count<Policy>() == 24,
              "Policy changed: list the new field in fields() below and in docs/formats.md");

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, KindEffect>
void fields(FieldList, S& k, F&& f) {
  f("actor_learns", k.actor_learns);
  f("target_learns", k.target_learns);
  f("value", k.value);
  f("awaits_reply", k.awaits_reply);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, Decay>
void fields(FieldList, S& d, F&& f) {
  f("context_half_life", d.context_half_life);
  f("reciprocity_half_life", d.reciprocity_half_life);
  f("max_lateness", d.max_lateness);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, DimensionWeights>
void fields(FieldList, S& w, F&& f) {
  f("relevance", w.relevance);
  f("prior_context", w.prior_context);
  f("audience_load", w.audience_load);
  f("reciprocity", w.reciprocity);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, Gates>
void fields(FieldList, S& g, F&& f) {
  f("off_niche", g.off_niche);
  f("accept", g.accept);
  f("min_context", g.min_context);
  f("min_content_quality", g.min_content_quality);
  f("counter_context", g.counter_context);
  f("min_reciprocity", g.min_reciprocity);
  f("tired_energy", g.tired_energy);
  f("min_energy", g.min_energy);
  f("energy_rest", g.energy_rest);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, Capacity>
void fields(FieldList, S& c, F&& f) {
  f("requests_per_week", c.requests_per_week);
  f("dunbar_layers", c.dunbar_layers);
  f("active_window", c.active_window);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, OverloadThresholds>
void fields(FieldList, S& o, F&& f) {
  f("strained", o.strained);
  f("overloaded", o.overloaded);
  f("cadence_strained", o.cadence_strained);
  f("cadence_overloaded", o.cadence_overloaded);
  f("energy_strained", o.energy_strained);
  f("energy_overloaded", o.energy_overloaded);
  f("layer_strength", o.layer_strength);
  f("launch_lookahead", o.launch_lookahead);
  f("taker_margin", o.taker_margin);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, Learning>
void fields(FieldList, S& l, F&& f) {
  f("enabled", l.enabled);
  f("warm_up", l.warm_up);
  f("global_precision", l.global_precision);
  f("taste_precision", l.taste_precision);
  f("habit_precision", l.habit_precision);
  f("history_precision", l.history_precision);
  f("base_rate_precision", l.base_rate_precision);
  f("blend", l.blend);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, Policy>
void fields(FieldList, S& p, F&& f) {
  f("decay", p.decay);
  f("kinds", by_name<InteractionKind>(p.kinds));
  f("context_scale", p.context_scale);
  f("vouching_ties", p.vouching_ties);
  f("vouching_weight", p.vouching_weight);
  f("preview_bonus", p.preview_bonus);
  f("personal_bonus", p.personal_bonus);
  f("outreach_weight", p.outreach_weight);
  f("outreach_half_life", p.outreach_half_life);
  f("reciprocity_prior", p.reciprocity_prior);
  f("ask_cost", p.ask_cost);
  f("mutual_weight", p.mutual_weight);
  f("reply_value", p.reply_value);
  f("offer_value", by_name<Offer>(p.offer_value));
  f("owner_topic_weight", p.owner_topic_weight);
  f("known_niche_weight", p.known_niche_weight);
  f("share_window", p.share_window);
  f("share_min_posts", p.share_min_posts);
  f("weights", p.weights);
  f("gates", p.gates);
  f("capacity", p.capacity);
  f("overload", p.overload);
  f("default_tolerance", p.default_tolerance);
  f("learning", p.learning);
}

void read_policy_fields(ObjectReader& r, Policy& policy) {
  read_fields(r, policy);
}

Policy read_policy(const json::value& jv, const JsonPath& path) {
  return read_struct<Policy>(jv, path);
}

void write_policy_fields(const Policy& policy, json::object& out) {
  write_fields(policy, out);
}

}  // namespace detail

void tag_invoke(json::value_from_tag, json::value& jv, const PromoTolerance& tolerance) {
  jv = write_field(tolerance);
}
PromoTolerance tag_invoke(json::value_to_tag<PromoTolerance>, const json::value& jv) {
  return read_struct<PromoTolerance>(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const KindEffect& effect) {
  jv = write_field(effect);
}
KindEffect tag_invoke(json::value_to_tag<KindEffect>, const json::value& jv) {
  return read_struct<KindEffect>(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const Decay& decay) {
  jv = write_field(decay);
}
Decay tag_invoke(json::value_to_tag<Decay>, const json::value& jv) {
  return read_struct<Decay>(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const DimensionWeights& weights) {
  jv = write_field(weights);
}
DimensionWeights tag_invoke(json::value_to_tag<DimensionWeights>, const json::value& jv) {
  return read_struct<DimensionWeights>(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const Learning& learning) {
  jv = write_field(learning);
}
Learning tag_invoke(json::value_to_tag<Learning>, const json::value& jv) {
  return read_struct<Learning>(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const Gates& gates) {
  jv = write_field(gates);
}
Gates tag_invoke(json::value_to_tag<Gates>, const json::value& jv) {
  return read_struct<Gates>(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const Capacity& capacity) {
  jv = write_field(capacity);
}
Capacity tag_invoke(json::value_to_tag<Capacity>, const json::value& jv) {
  return read_struct<Capacity>(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const OverloadThresholds& thresholds) {
  jv = write_field(thresholds);
}
OverloadThresholds tag_invoke(json::value_to_tag<OverloadThresholds>, const json::value& jv) {
  return read_struct<OverloadThresholds>(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const Policy& policy) {
  jv = write_field(policy);
}
Policy tag_invoke(json::value_to_tag<Policy>, const json::value& jv) {
  return read_struct<Policy>(jv, {});
}

}  // namespace rapport
