// JSON of results: relationships, reasons and scores, and the overload side (reports, plans and
// attention lists).
#include <algorithm>
#include <rapport/json/model.hpp>
#include <rapport/json/results.hpp>
#include <string>

#include "detail/json_read.hpp"

namespace rapport {

// ---------------------------------------------------------------- results

namespace {

namespace json = boost::json;
using detail::field_count;
using detail::JsonPath;
using detail::ObjectReader;
using detail::read_double;
using detail::read_enum;
using detail::read_timestamp;
using detail::write_enum;
using detail::write_timestamp;

// Counts of the enums without a `*_count` constant: the last enumerator plus one, as src/names.cpp
// asserts for its tables. A code appended to an enum must be named here too, or it cannot be read.
constexpr std::size_t decision_count = static_cast<std::size_t>(Decision::counter) + 1;
constexpr std::size_t dimension_count = static_cast<std::size_t>(Dimension::decision) + 1;
constexpr std::size_t reason_code_count = static_cast<std::size_t>(ReasonCode::learned_moved) + 1;

// A conversion must name every field; these fail to compile when a struct gains one, pointing here.
static_assert(field_count<Reason>() == 5, "Reason changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<Score>() == 9, "Score changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<Relationship>() == 17, "Relationship changed: update its JSON conversion");

json::value write_reason(const Reason& r) {
  json::object out{{"code", write_enum(r.code)}, {"dimension", write_enum(r.dimension)}};
  json::array figures;
  for (const double f : r.figures) figures.emplace_back(f);
  out["figures"] = std::move(figures);
  if (r.member) out["member"] = *r.member;
  if (r.channel) out["channel"] = *r.channel;
  return out;
}

std::array<double, 3> read_figures(const json::value& jv, const JsonPath& path) {
  const auto values = detail::read_array(jv, path, read_double);
  if (values.size() > 3) detail::json_fail(Errc::out_of_range, path, jv, "expected at most 3 figures");
  std::array<double, 3> out{};
  std::copy(values.begin(), values.end(), out.begin());
  return out;
}

Reason read_reason(const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  Reason out;
  out.code = read_enum<ReasonCode, reason_code_count>(r.require("code"), path / "code");
  out.dimension = read_enum<Dimension, dimension_count>(r.require("dimension"), path / "dimension");
  r.get("figures", out.figures, read_figures);
  if (const json::value* v = r.optional("member")) out.member = detail::read_u32(*v, path / "member");
  if (const json::value* v = r.optional("channel")) out.channel = detail::read_u32(*v, path / "channel");
  r.finish();
  return out;
}

json::value write_score(const Score& s) {
  json::object out{{"decision", write_enum(s.decision)},
                   {"total", s.total},
                   {"learned", s.learned},
                   {"relevance", s.relevance},
                   {"prior_context", s.prior_context},
                   {"audience_load", s.audience_load},
                   {"reciprocity", s.reciprocity}};
  if (s.slot) out["slot"] = write_timestamp(*s.slot);
  json::array reasons;
  for (const Reason& r : s.reasons) reasons.push_back(write_reason(r));
  out["reasons"] = std::move(reasons);
  return out;
}

Score read_score(const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  Score out;
  out.decision = read_enum<Decision, decision_count>(r.require("decision"), path / "decision");
  out.total = read_double(r.require("total"), path / "total");
  // Files from before learning have none: the total is what `learned` is until learning applies.
  out.learned = out.total;
  if (const json::value* v = r.optional("learned")) out.learned = read_double(*v, path / "learned");
  out.relevance = read_double(r.require("relevance"), path / "relevance");
  out.prior_context = read_double(r.require("prior_context"), path / "prior_context");
  out.audience_load = read_double(r.require("audience_load"), path / "audience_load");
  out.reciprocity = read_double(r.require("reciprocity"), path / "reciprocity");
  if (const json::value* v = r.optional("slot")) out.slot = read_timestamp(*v, path / "slot");
  const json::value& reasons = r.require("reasons");
  const auto list = detail::read_array(reasons, path / "reasons", read_reason);
  if (list.size() > Reasons::capacity)
    detail::json_fail(Errc::out_of_range, path / "reasons", reasons,
                      "expected at most " + std::to_string(Reasons::capacity) + " reasons");
  for (const Reason& reason : list) out.reasons.push_back(reason);
  r.finish();
  return out;
}

json::value write_relationship(const Relationship& r) {
  json::object out{{"knowledge", r.knowledge},
                   {"tie_strength", r.tie_strength},
                   {"received", r.received},
                   {"given", r.given},
                   {"asks", r.asks},
                   {"harm", r.harm},
                   {"awaited_from_owner", r.awaited_from_owner},
                   {"awaited_from_other", r.awaited_from_other},
                   {"answers_from_other", r.answers_from_other},
                   {"answers_from_owner", r.answers_from_owner},
                   {"from_other", detail::write_kind_counts(r.from_other)},
                   {"from_owner", detail::write_kind_counts(r.from_owner)},
                   {"first_contact", write_timestamp(r.first_contact)},
                   {"last_contact", write_timestamp(r.last_contact)}};
  if (r.last_meaningful) out["last_meaningful"] = write_timestamp(*r.last_meaningful);
  if (r.owner_reached_out) out["owner_reached_out"] = write_timestamp(*r.owner_reached_out);
  if (r.other_reached_out) out["other_reached_out"] = write_timestamp(*r.other_reached_out);
  return out;
}

Relationship read_relationship(const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  Relationship out;
  const auto number = [&](std::string_view key, double& x) { x = read_double(r.require(key), path / key); };
  number("knowledge", out.knowledge);
  number("tie_strength", out.tie_strength);
  number("received", out.received);
  number("given", out.given);
  number("asks", out.asks);
  number("harm", out.harm);
  number("awaited_from_owner", out.awaited_from_owner);
  number("awaited_from_other", out.awaited_from_other);
  number("answers_from_other", out.answers_from_other);
  number("answers_from_owner", out.answers_from_owner);
  r.get("from_other", out.from_other, detail::read_kind_counts);
  r.get("from_owner", out.from_owner, detail::read_kind_counts);
  out.first_contact = read_timestamp(r.require("first_contact"), path / "first_contact");
  out.last_contact = read_timestamp(r.require("last_contact"), path / "last_contact");
  for (auto [key, t] : {std::pair{"last_meaningful", &out.last_meaningful},
                        std::pair{"owner_reached_out", &out.owner_reached_out},
                        std::pair{"other_reached_out", &out.other_reached_out}})
    if (const json::value* v = r.find(key)) *t = read_timestamp(*v, path / key);
  r.finish();
  return out;
}

}  // namespace

void tag_invoke(json::value_from_tag, json::value& jv, Decision decision) {
  jv = write_enum(decision);
}
Decision tag_invoke(json::value_to_tag<Decision>, const json::value& jv) {
  return read_enum<Decision, decision_count>(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, Dimension dimension) {
  jv = write_enum(dimension);
}
Dimension tag_invoke(json::value_to_tag<Dimension>, const json::value& jv) {
  return read_enum<Dimension, dimension_count>(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, ReasonCode code) {
  jv = write_enum(code);
}
ReasonCode tag_invoke(json::value_to_tag<ReasonCode>, const json::value& jv) {
  return read_enum<ReasonCode, reason_code_count>(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const Relationship& relationship) {
  jv = write_relationship(relationship);
}
Relationship tag_invoke(json::value_to_tag<Relationship>, const json::value& jv) {
  return read_relationship(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const Reason& reason) {
  jv = write_reason(reason);
}
Reason tag_invoke(json::value_to_tag<Reason>, const json::value& jv) {
  return read_reason(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const Score& score) {
  jv = write_score(score);
}
Score tag_invoke(json::value_to_tag<Score>, const json::value& jv) {
  return read_score(jv, {});
}

// ---------------------------------------------------------------- the overload side

// Members, channels and requests are written as dense ids and indices, as `Reason` is; the tool's files
// name them from the network.

namespace {

template <class T>
void put(json::object& o, std::string_view key, const std::optional<T>& v) {
  if (v) o[key] = json::value_from(*v);
}

void put(json::object& o, std::string_view key, const std::optional<Timestamp>& t) {
  if (t) o[key] = detail::write_timestamp(*t);
}

}  // namespace

void tag_invoke(json::value_from_tag, json::value& jv, const Action& action) {
  json::object o{{"kind", to_string(action.kind)}};
  put(o, "request", action.request);
  put(o, "member", action.member);
  put(o, "channel", action.channel);
  put(o, "from", action.from);
  put(o, "until", action.until);
  put(o, "count", action.count);
  put(o, "share", action.share);
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const Signal& signal) {
  json::object o{{"kind", to_string(signal.kind)},
                 {"level", to_string(signal.level)},
                 {"value", signal.value},
                 {"limit", signal.limit},
                 {"ratio", signal.ratio}};
  put(o, "channel", signal.channel);
  put(o, "member", signal.member);
  put(o, "layer", signal.layer);
  if (signal.window) o["window"] = json::value_from(*signal.window);
  o["actions"] = json::value_from(signal.actions);
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const PromotedMember& promoted) {
  jv = json::object{{"member", promoted.member},
                    {"promotions", promoted.promotions},
                    {"last", detail::write_timestamp(promoted.last)}};
}

void tag_invoke(json::value_from_tag, json::value& jv, const OverloadReport& report) {
  jv = json::object{{"level", to_string(report.level)},
                    {"signals", json::value_from(report.signals)},
                    {"promotions", report.promotions},
                    {"promoted", json::value_from(report.promoted)}};
}

void tag_invoke(json::value_from_tag, json::value& jv, const PlanEntry& entry) {
  json::object o{{"request", entry.request},
                 {"decision", json::value_from(entry.decision)},
                 {"total", entry.total},
                 {"pinned", entry.pinned}};
  put(o, "slot", entry.slot);
  json::array reasons;
  for (const Reason& r : entry.reasons) reasons.push_back(json::value_from(r));
  o["reasons"] = std::move(reasons);
  if (entry.flip) o["flip"] = json::value_from(*entry.flip);
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const TriagePlan& plan) {
  jv = json::object{{"entries", json::value_from(plan.entries)},
                    {"pin_overloads", json::value_from(plan.pin_overloads)}};
}

void tag_invoke(json::value_from_tag, json::value& jv, const OverduePartner& partner) {
  json::object o{{"member", partner.member},
                 {"days_since", partner.days_since},
                 {"cadence_days", partner.cadence_days},
                 {"overdue", partner.overdue}};
  put(o, "last_meaningful", partner.last_meaningful);
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const OwedPartner& partner) {
  json::object o{
      {"member", partner.member}, {"gave", partner.gave}, {"took", partner.took}, {"asks", partner.asks}};
  put(o, "last_meaningful", partner.last_meaningful);
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const AttentionList& list) {
  jv = json::object{{"overdue", json::value_from(list.overdue)}, {"owed", json::value_from(list.owed)}};
}

}  // namespace rapport
