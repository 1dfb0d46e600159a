// JSON conversions of the inputs: enums, topics, time ranges, members, channels, interactions, posts
// and requests.
#include <rapport/json/model.hpp>
#include <string>

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

namespace {

using detail::field_count;
using detail::read_bool;
using detail::read_double;
using detail::read_string;
using detail::read_timestamp;
using detail::write_timestamp;
using detail::write_tolerance;

// A conversion must name every field; these fail to compile when a struct gains one, pointing here.
static_assert(field_count<Topic>() == 2, "Topic changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<TimeRange>() == 2,
              "TimeRange changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<Member>() == 8, "Member changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<Channel>() == 5, "Channel changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<Interaction>() == 6,
              "Interaction changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<Post>() == 6, "Post changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<Request>() == 12,
              "Request changed: update its JSON conversion and docs/formats.md");

json::value write_topic(const Topic& t) {
  if (t.weight == 1.0) return json::value(t.path);
  return json::object{{"path", t.path}, {"weight", t.weight}};
}

Topic read_topic(const json::value& jv, const JsonPath& path) {
  if (jv.is_string()) return {read_string(jv, path), 1.0};
  ObjectReader r(jv, path);
  Topic t;
  t.path = read_string(r.require("path"), path / "path");
  r.get("weight", t.weight, read_double);
  r.finish();
  return t;
}

json::array write_topics(const Topics& topics) {
  json::array out;
  for (const Topic& t : topics) out.push_back(write_topic(t));
  return out;
}

json::value write_range(const TimeRange& range) {
  return json::object{{"begin", write_timestamp(range.begin)}, {"end", write_timestamp(range.end)}};
}

TimeRange read_range(const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  TimeRange out;
  out.begin = read_timestamp(r.require("begin"), path / "begin");
  out.end = read_timestamp(r.require("end"), path / "end");
  r.finish();
  return out;
}

json::array write_strings(const std::vector<std::string>& strings) {
  json::array out;
  for (const std::string& s : strings) out.emplace_back(s);
  return out;
}

json::value write_member(const Member& m) {
  json::array launches;
  for (const TimeRange& l : m.launches) launches.push_back(write_range(l));
  return json::object{{"handle", m.handle},
                      {"name", m.name},
                      {"topics", write_topics(m.topics)},
                      {"competitor", m.competitor},
                      {"strategic", m.strategic},
                      {"cadence", m.cadence.count()},
                      {"launches", std::move(launches)},
                      {"energy", m.energy}};
}

json::value write_channel(const Channel& c) {
  json::object out{{"owner", c.owner},
                   {"name", c.name},
                   {"audience_size", c.audience_size},
                   {"audience_topics", write_topics(c.audience_topics)}};
  if (c.tolerance) out["tolerance"] = write_tolerance(*c.tolerance);
  return out;
}

// An empty id is left out: files without ids stay as they were.
json::value write_interaction(const Interaction& e) {
  json::object out;
  if (!e.id.empty()) out["id"] = e.id;
  out["from"] = e.from;
  out["to"] = e.to;
  out["kind"] = write_enum(e.kind);
  out["at"] = write_timestamp(e.at);
  out["weight"] = e.weight;
  return out;
}

json::value write_post(const Post& p) {
  json::object out;
  if (!p.id.empty()) out["id"] = p.id;
  out["owner"] = p.owner;
  out["channel"] = p.channel;
  out["at"] = write_timestamp(p.at);
  out["promotion"] = p.promotion;
  out["promoted"] = p.promoted;
  return out;
}

json::value write_request(const Request& q) {
  json::object out{{"id", q.id},
                   {"requester", q.requester},
                   {"owner", q.owner},
                   {"kind", write_enum(q.kind)},
                   {"channels", write_strings(q.channels)},
                   {"topics", write_strings(q.topics)},
                   {"offer", write_enum(q.offer)},
                   {"preview", q.preview},
                   {"personalised", q.personalised}};
  if (q.content_quality) out["content_quality"] = *q.content_quality;
  out["received"] = write_timestamp(q.received);
  if (q.wanted_by) out["wanted_by"] = write_timestamp(*q.wanted_by);
  return out;
}

}  // namespace

namespace detail {

Topics read_topics(const json::value& jv, const JsonPath& path) {
  return read_array(jv, path, read_topic);
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
  ObjectReader r(jv, path);
  Member m;
  m.handle = read_string(r.require("handle"), path / "handle");
  r.get("name", m.name, read_string);
  r.get("topics", m.topics, read_topics);
  r.get("competitor", m.competitor, read_bool);
  r.get("strategic", m.strategic, read_bool);
  r.get("cadence", m.cadence, read_days);
  r.get("launches", m.launches,
        [](const json::value& v, const JsonPath& p) { return read_array(v, p, read_range); });
  r.get("energy", m.energy, read_double);
  r.finish();
  return m;
}

Channel read_channel(const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  Channel c;
  c.owner = read_string(r.require("owner"), path / "owner");
  c.name = read_string(r.require("name"), path / "name");
  r.get("audience_size", c.audience_size, read_double);
  r.get("audience_topics", c.audience_topics, read_topics);
  if (const json::value* t = r.optional("tolerance")) c.tolerance = read_tolerance(*t, path / "tolerance");
  r.finish();
  return c;
}

Interaction read_interaction(const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  Interaction e;
  r.get("id", e.id, read_string);
  e.from = read_string(r.require("from"), path / "from");
  e.to = read_string(r.require("to"), path / "to");
  e.kind = read_interaction_kind(r.require("kind"), path / "kind");
  e.at = read_timestamp(r.require("at"), path / "at");
  r.get("weight", e.weight, read_double);
  r.finish();
  return e;
}

Post read_post(const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  Post p;
  r.get("id", p.id, read_string);
  p.owner = read_string(r.require("owner"), path / "owner");
  p.channel = read_string(r.require("channel"), path / "channel");
  p.at = read_timestamp(r.require("at"), path / "at");
  r.get("promotion", p.promotion, read_bool);
  r.get("promoted", p.promoted, read_string);
  r.finish();
  return p;
}

Request read_request(const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  Request q;
  const auto strings = [](const json::value& v, const JsonPath& p) { return read_array(v, p, read_string); };
  r.get("id", q.id, read_string);
  q.requester = read_string(r.require("requester"), path / "requester");
  q.owner = read_string(r.require("owner"), path / "owner");
  r.get("kind", q.kind, read_enum<RequestKind, request_kind_count>);
  r.get("channels", q.channels, strings);
  r.get("topics", q.topics, strings);
  r.get("offer", q.offer, read_offer);
  r.get("preview", q.preview, read_bool);
  r.get("personalised", q.personalised, read_bool);
  if (const json::value* v = r.optional("content_quality"))
    q.content_quality = read_double(*v, path / "content_quality");
  q.received = read_timestamp(r.require("received"), path / "received");
  if (const json::value* v = r.optional("wanted_by")) q.wanted_by = read_timestamp(*v, path / "wanted_by");
  r.finish();
  return q;
}

}  // namespace detail

void tag_invoke(json::value_from_tag, json::value& jv, const Topic& topic) {
  jv = write_topic(topic);
}
Topic tag_invoke(json::value_to_tag<Topic>, const json::value& jv) {
  return read_topic(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const TimeRange& range) {
  jv = write_range(range);
}
TimeRange tag_invoke(json::value_to_tag<TimeRange>, const json::value& jv) {
  return read_range(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const Member& member) {
  jv = write_member(member);
}
Member tag_invoke(json::value_to_tag<Member>, const json::value& jv) {
  return detail::read_member(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const Channel& channel) {
  jv = write_channel(channel);
}
Channel tag_invoke(json::value_to_tag<Channel>, const json::value& jv) {
  return detail::read_channel(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const Interaction& interaction) {
  jv = write_interaction(interaction);
}
Interaction tag_invoke(json::value_to_tag<Interaction>, const json::value& jv) {
  return detail::read_interaction(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const Post& post) {
  jv = write_post(post);
}
Post tag_invoke(json::value_to_tag<Post>, const json::value& jv) {
  return detail::read_post(jv, {});
}
void tag_invoke(json::value_from_tag, json::value& jv, const Request& request) {
  jv = write_request(request);
}
Request tag_invoke(json::value_to_tag<Request>, const json::value& jv) {
  return detail::read_request(jv, {});
}

}  // namespace rapport
