// JSON of the policy: each struct lists its fields once, in `fields()`, for writing and reading alike.
#include <rapport/json/model.hpp>
#include <string>

#include "detail/json_read.hpp"

namespace rapport {

// ---------------------------------------------------------------- policy

namespace {

namespace json = boost::json;
using detail::field_count;
using detail::JsonPath;
using detail::ObjectReader;
using detail::read_double;

// Each policy struct lists its fields once, for writing and reading alike, so the two cannot drift.
// Every field is optional on input. The counts fail to compile when a struct gains a field.
static_assert(field_count<KindEffect>() == 4, "KindEffect changed: list the new field in fields() below");
static_assert(field_count<Decay>() == 3, "Decay changed: list the new field in fields() below");
static_assert(field_count<DimensionWeights>() == 4, "DimensionWeights changed: list the new field below");
static_assert(field_count<Gates>() == 9, "Gates changed: list the new field in fields() below");
static_assert(field_count<Capacity>() == 3, "Capacity changed: list the new field in fields() below");
static_assert(field_count<PromoTolerance>() == 2,
              "PromoTolerance changed: list the new field in fields() below");
static_assert(field_count<OverloadThresholds>() == 9, "OverloadThresholds changed: list the new field below");
static_assert(field_count<Policy>() == 23,
              "Policy changed: list the new field in fields() below and in docs/formats.md");

/// A table indexed by an enum, written as an object keyed by the enum's stable names.
template <class Enum, class Array>
struct ByName {
  Array* table;
};
template <class Enum, class Array>
ByName<Enum, Array> by_name(Array& table) {
  return {&table};
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, KindEffect>
void fields(S& k, F&& f) {
  f("actor_learns", k.actor_learns);
  f("target_learns", k.target_learns);
  f("value", k.value);
  f("awaits_reply", k.awaits_reply);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, Decay>
void fields(S& d, F&& f) {
  f("context_half_life", d.context_half_life);
  f("reciprocity_half_life", d.reciprocity_half_life);
  f("max_lateness", d.max_lateness);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, DimensionWeights>
void fields(S& w, F&& f) {
  f("relevance", w.relevance);
  f("prior_context", w.prior_context);
  f("audience_load", w.audience_load);
  f("reciprocity", w.reciprocity);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, Gates>
void fields(S& g, F&& f) {
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
void fields(S& c, F&& f) {
  f("requests_per_week", c.requests_per_week);
  f("dunbar_layers", c.dunbar_layers);
  f("active_window", c.active_window);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, OverloadThresholds>
void fields(S& o, F&& f) {
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
requires std::same_as<std::remove_const_t<S>, PromoTolerance>
void fields(S& t, F&& f) {
  f("max_per_week", t.max_per_week);
  f("max_share", t.max_share);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, Policy>
void fields(S& p, F&& f) {
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
}

template <class T>
concept HasFields = requires(T& t) {
  fields(t, [](std::string_view, auto&&) {});
};

json::value write_field(double x) {
  return json::value(x);
}
json::value write_field(int x) {
  return json::value(x);
}
json::value write_field(std::chrono::days d) {
  return json::value(static_cast<std::int64_t>(d.count()));
}
template <class T, std::size_t N>
json::value write_field(const std::array<T, N>& a) {
  json::array out;
  for (const T& x : a) out.push_back(write_field(x));
  return out;
}
template <HasFields T>
json::value write_field(const T& s) {
  json::object out;
  fields(s, [&](std::string_view key, const auto& v) { out[key] = write_field(v); });
  return out;
}
template <class Enum, class Array>
json::value write_field(const ByName<Enum, Array>& t) {
  json::object out;
  for (std::size_t i = 0; i < t.table->size(); ++i)
    out[to_string(static_cast<Enum>(i))] = write_field((*t.table)[i]);
  return out;
}

void read_field(const json::value& jv, const JsonPath& path, double& x) {
  x = read_double(jv, path);
}
void read_field(const json::value& jv, const JsonPath& path, int& x) {
  x = detail::read_int(jv, path);
}
void read_field(const json::value& jv, const JsonPath& path, std::chrono::days& d) {
  d = detail::read_days(jv, path);
}
template <class T, std::size_t N>
void read_field(const json::value& jv, const JsonPath& path, std::array<T, N>& a) {
  const json::array* values = jv.if_array();
  if (!values) detail::json_fail(Errc::wrong_type, path, jv, "expected an array");
  if (values->size() != N)
    detail::json_fail(Errc::out_of_range, path, jv, "expected " + std::to_string(N) + " entries");
  for (std::size_t i = 0; i < N; ++i) read_field((*values)[i], path[i], a[i]);
}
template <HasFields T>
void read_field(const json::value& jv, const JsonPath& path, T& s);
template <class Enum, class Array>
void read_field(const json::value& jv, const JsonPath& path, ByName<Enum, Array> t) {
  ObjectReader r(jv, path);
  for (std::size_t i = 0; i < t.table->size(); ++i) {
    const std::string_view key = to_string(static_cast<Enum>(i));
    if (const json::value* v = r.find(key)) read_field(*v, path / key, (*t.table)[i]);
  }
  r.finish();
}

/// Reads the listed fields that are present from `r`, leaving the others as they are.
template <HasFields T>
void read_fields(ObjectReader& r, T& s) {
  fields(s, [&](std::string_view key, auto&& field) {
    if (const json::value* v = r.find(key)) read_field(*v, r.path() / key, field);
  });
}

template <HasFields T>
void read_field(const json::value& jv, const JsonPath& path, T& s) {
  ObjectReader r(jv, path);
  read_fields(r, s);
  r.finish();
}

template <HasFields T>
T read_struct(const json::value& jv, const JsonPath& path) {
  T out{};
  read_field(jv, path, out);
  return out;
}

}  // namespace

namespace detail {

void read_policy_fields(ObjectReader& r, Policy& policy) {
  read_fields(r, policy);
}

Policy read_policy(const json::value& jv, const JsonPath& path) {
  return read_struct<Policy>(jv, path);
}

void write_policy_fields(const Policy& policy, json::object& out) {
  fields(policy, [&](std::string_view key, const auto& v) { out[key] = write_field(v); });
}

json::value write_tolerance(const PromoTolerance& tolerance) {
  return write_field(tolerance);
}

PromoTolerance read_tolerance(const json::value& jv, const JsonPath& path) {
  return read_struct<PromoTolerance>(jv, path);
}

}  // namespace detail

void tag_invoke(json::value_from_tag, json::value& jv, const PromoTolerance& tolerance) {
  jv = detail::write_tolerance(tolerance);
}
PromoTolerance tag_invoke(json::value_to_tag<PromoTolerance>, const json::value& jv) {
  return detail::read_tolerance(jv, {});
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
