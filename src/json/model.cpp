// JSON conversions of the inputs: enums, topics, time ranges, members, channels, interactions, posts
// requests and events. Each type but `Topic` (a string or an object) lists its fields once, in `fields()`.
#include <algorithm>
#include <rapport/json/model.hpp>
#include <string>

#include "detail/json_fields.hpp"
#include "detail/json_read.hpp"

namespace rapport {

// ---------------------------------------------------------------- enums

namespace {

namespace json = boost::json;
using detail::JsonPath;
using detail::ObjectReader;
using detail::read_enum;
using detail::write_enum;

// Counts of the enums without a `*_count` constant: the last enumerator plus one, as src/names.cpp
// asserts for its tables. A code appended to an enum must be named here too, or it cannot be read.
constexpr std::size_t request_kind_count = static_cast<std::size_t>(RequestKind::feedback) + 1;
constexpr std::size_t offer_count = static_cast<std::size_t>(Offer::promise) + 1;
constexpr std::size_t outcome_kind_count = static_cast<std::size_t>(OutcomeKind::not_important) + 1;

}  // namespace

namespace detail {
InteractionKind read_interaction_kind(const json::value& jv, const JsonPath& path) {
  return read_enum<InteractionKind, interaction_kind_count>(jv, path);
}
Offer read_offer(const json::value& jv, const JsonPath& path) {
  return read_enum<Offer, offer_count>(jv, path);
}
}  // namespace detail

void tag_invoke(json::value_from_tag, json::value& jv, InteractionKind kind) {
  jv = write_enum(kind);
}
InteractionKind tag_invoke(json::value_to_tag<InteractionKind>, const json::value& jv) {
  return detail::read_interaction_kind(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, RequestKind kind) {
  jv = write_enum(kind);
}
RequestKind tag_invoke(json::value_to_tag<RequestKind>, const json::value& jv) {
  return read_enum<RequestKind, request_kind_count>(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, Offer offer) {
  jv = write_enum(offer);
}
Offer tag_invoke(json::value_to_tag<Offer>, const json::value& jv) {
  return detail::read_offer(jv, {});
}

// ---------------------------------------------------------------- model types

namespace detail {

// A conversion must name every field; these fail to compile when a struct gains one, pointing here.
static_assert(field_count<Topic>() == 2, "Topic changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<TimeRange>() == 2, "TimeRange changed: update its fields() and docs/formats.md");
static_assert(field_count<Member>() == 9, "Member changed: update its fields() and docs/formats.md");
static_assert(field_count<Channel>() == 5, "Channel changed: update its fields() and docs/formats.md");
static_assert(field_count<Interaction>() == 7,
              "Interaction changed: update its fields() and docs/formats.md");
static_assert(field_count<Post>() == 6, "Post changed: update its fields() and docs/formats.md");
static_assert(field_count<Request>() == 12, "Request changed: update its fields() and docs/formats.md");
static_assert(field_count<Outcome>() == 5, "Outcome changed: update its fields() and docs/formats.md");

// A topic is the one model type with two forms, so it is converted by hand.
json::value write_field(const Topic& t) {
  if (t.weight == 1.0) return json::value(t.path);
  return json::object{{"path", t.path}, {"weight", t.weight}};
}

void read_field(const json::value& jv, const JsonPath& path, Topic& out) {
  if (jv.is_string()) {
    out = {read_string(jv, path), 1.0};
    return;
  }
  ObjectReader r(jv, path);
  Topic t;
  t.path = read_string(r.require("path"), path / "path");
  r.get("weight", t.weight, read_double);
  r.finish();
  out = std::move(t);
}

void read_field(const json::value& jv, const JsonPath& path, InteractionKind& kind) {
  kind = read_interaction_kind(jv, path);
}
void read_field(const json::value& jv, const JsonPath& path, RequestKind& kind) {
  kind = read_enum<RequestKind, request_kind_count>(jv, path);
}
void read_field(const json::value& jv, const JsonPath& path, Offer& offer) {
  offer = read_offer(jv, path);
}
void read_field(const json::value& jv, const JsonPath& path, OutcomeKind& kind) {
  kind = read_enum<OutcomeKind, outcome_kind_count>(jv, path);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, TimeRange>
void fields(FieldList, S& range, F&& f) {
  f("begin", required(range.begin));
  f("end", required(range.end));
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, Member>
void fields(FieldList, S& m, F&& f) {
  f("handle", required(m.handle));
  f("aliases", omit_empty(m.aliases));
  f("name", m.name);
  f("topics", m.topics);
  f("competitor", m.competitor);
  f("strategic", m.strategic);
  f("cadence", m.cadence);
  f("launches", m.launches);
  f("energy", m.energy);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, Channel>
void fields(FieldList, S& c, F&& f) {
  f("owner", required(c.owner));
  f("name", required(c.name));
  f("audience_size", c.audience_size);
  f("audience_topics", c.audience_topics);
  f("tolerance", c.tolerance);
}

// An empty id is left out: files without ids stay as they were.
template <class S, class F>
requires std::same_as<std::remove_const_t<S>, Interaction>
void fields(FieldList, S& e, F&& f) {
  f("id", omit_empty(e.id));
  f("from", required(e.from));
  f("to", required(e.to));
  f("kind", required(e.kind));
  f("at", required(e.at));
  f("weight", e.weight);
  f("reply", omit_empty(e.reply));
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, Post>
void fields(FieldList, S& p, F&& f) {
  f("id", omit_empty(p.id));
  f("owner", required(p.owner));
  f("channel", required(p.channel));
  f("at", required(p.at));
  f("promotion", p.promotion);
  f("promoted", p.promoted);
}

template <class S, class F>
requires std::same_as<std::remove_const_t<S>, Request>
void fields(FieldList, S& q, F&& f) {
  f("id", q.id);
  f("requester", required(q.requester));
  f("owner", required(q.owner));
  f("kind", q.kind);
  f("channels", q.channels);
  f("topics", q.topics);
  f("offer", q.offer);
  f("preview", q.preview);
  f("personalised", q.personalised);
  f("content_quality", q.content_quality);
  f("received", required(q.received));
  f("wanted_by", q.wanted_by);
}

// An outcome names its request by id or carries it; `Network::record` checks that it does one.
template <class S, class F>
requires std::same_as<std::remove_const_t<S>, Outcome>
void fields(FieldList, S& o, F&& f) {
  f("owner", o.owner);
  f("request_id", omit_empty(o.request_id));
  f("request", o.request);
  f("kind", required(o.kind));
  f("at", required(o.at));
}

json::object write_kind_counts(const std::array<std::uint32_t, interaction_kind_count>& counts) {
  json::object out;
  for (std::size_t i = 0; i < counts.size(); ++i)
    if (counts[i] != 0) out[to_string(static_cast<InteractionKind>(i))] = counts[i];
  return out;
}

std::array<std::uint32_t, interaction_kind_count> read_kind_counts(const json::value& jv,
                                                                   const JsonPath& path) {
  std::array<std::uint32_t, interaction_kind_count> out{};
  ObjectReader r(jv, path);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::string_view key = to_string(static_cast<InteractionKind>(i));
    if (const json::value* v = r.find(key)) out[i] = read_u32(*v, path / key);
  }
  r.finish();
  return out;
}

Member read_member(const json::value& jv, const JsonPath& path) {
  return read_struct<Member>(jv, path);
}
Channel read_channel(const json::value& jv, const JsonPath& path) {
  return read_struct<Channel>(jv, path);
}
Interaction read_interaction(const json::value& jv, const JsonPath& path) {
  return read_struct<Interaction>(jv, path);
}
Post read_post(const json::value& jv, const JsonPath& path) {
  return read_struct<Post>(jv, path);
}
Request read_request(const json::value& jv, const JsonPath& path) {
  return read_struct<Request>(jv, path);
}

namespace {

constexpr std::array<std::string_view, 6> event_names{"member", "channel", "interaction",
                                                      "post",   "request", "outcome"};
static_assert(std::variant_size_v<Event::Change> == event_names.size());

}  // namespace

std::string_view event_name(const Event& event) noexcept {
  return event_names[event.change.index()];
}

Event read_event(const json::value& jv, const JsonPath& path) {
  const json::object* o = jv.if_object();
  if (!o) json_fail(Errc::wrong_type, path, jv, "expected an object");
  const std::string expected =
      "expected an event: one of member, channel, interaction, post, request, outcome";
  if (o->empty()) throw JsonError(Errc::missing_field, path.str(), "{}", expected);
  if (o->size() > 1) {
    const json::key_value_pair& extra = o->begin()[1];
    json_fail(Errc::unknown_field, path / extra.key(), extra.value(),
              "a second key on a line of \"" + std::string(o->begin()->key()) +
                  "\": an event line has exactly one key");
  }
  const json::key_value_pair& kv = *o->begin();
  const std::string_view key = kv.key();
  const JsonPath at = path / key;
  if (std::find(event_names.begin(), event_names.end(), key) == event_names.end())
    json_fail(Errc::unknown_name, path, json::value(kv.key()), expected);
  if (key == "member") return read_member(kv.value(), at);
  if (key == "channel") return read_channel(kv.value(), at);
  if (key == "interaction") return read_interaction(kv.value(), at);
  if (key == "post") return read_post(kv.value(), at);
  if (key == "request") return read_request(kv.value(), at);
  return read_struct<Outcome>(kv.value(), at);
}

}  // namespace detail

namespace {

/// Reads any model type from the root of a document.
template <class T>
T read_root(const json::value& jv) {
  T out{};
  detail::read_field(jv, {}, out);
  return out;
}

}  // namespace

void tag_invoke(json::value_from_tag, json::value& jv, const Topic& topic) {
  jv = detail::write_field(topic);
}
Topic tag_invoke(json::value_to_tag<Topic>, const json::value& jv) {
  return read_root<Topic>(jv);
}
void tag_invoke(json::value_from_tag, json::value& jv, const TimeRange& range) {
  jv = detail::write_field(range);
}
TimeRange tag_invoke(json::value_to_tag<TimeRange>, const json::value& jv) {
  return read_root<TimeRange>(jv);
}
void tag_invoke(json::value_from_tag, json::value& jv, const Member& member) {
  jv = detail::write_field(member);
}
Member tag_invoke(json::value_to_tag<Member>, const json::value& jv) {
  return read_root<Member>(jv);
}
void tag_invoke(json::value_from_tag, json::value& jv, const Channel& channel) {
  jv = detail::write_field(channel);
}
Channel tag_invoke(json::value_to_tag<Channel>, const json::value& jv) {
  return read_root<Channel>(jv);
}
void tag_invoke(json::value_from_tag, json::value& jv, const Interaction& interaction) {
  jv = detail::write_field(interaction);
}
Interaction tag_invoke(json::value_to_tag<Interaction>, const json::value& jv) {
  return read_root<Interaction>(jv);
}
void tag_invoke(json::value_from_tag, json::value& jv, const Post& post) {
  jv = detail::write_field(post);
}
Post tag_invoke(json::value_to_tag<Post>, const json::value& jv) {
  return read_root<Post>(jv);
}
void tag_invoke(json::value_from_tag, json::value& jv, const Request& request) {
  jv = detail::write_field(request);
}
Request tag_invoke(json::value_to_tag<Request>, const json::value& jv) {
  return read_root<Request>(jv);
}
void tag_invoke(json::value_from_tag, json::value& jv, const Event& event) {
  json::object out;
  out[detail::event_name(event)] =
      std::visit([](const auto& e) { return json::value_from(e); }, event.change);
  jv = std::move(out);
}
void tag_invoke(json::value_from_tag, json::value& jv, const Outcome& outcome) {
  jv = detail::write_field(outcome);
}
Outcome tag_invoke(json::value_to_tag<Outcome>, const json::value& jv) {
  return read_root<Outcome>(jv);
}
void tag_invoke(json::value_from_tag, json::value& jv, OutcomeKind kind) {
  jv = write_enum(kind);
}
OutcomeKind tag_invoke(json::value_to_tag<OutcomeKind>, const json::value& jv) {
  return read_enum<OutcomeKind, outcome_kind_count>(jv, {});
}
Event tag_invoke(json::value_to_tag<Event>, const json::value& jv) {
  return detail::read_event(jv, {});
}

}  // namespace rapport
