// JSON conversions of rapport's value types, and the path-tracking readers they are built on.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <rapport/json.hpp>
#include <string>

#include "detail/json_read.hpp"
#include "detail/validate.hpp"

namespace rapport {

// ---------------------------------------------------------------- errors

namespace {

std::string error_message(Errc code, const std::string& field, const std::string& value,
                          const std::string& detail) {
  std::string out = field;
  if (!out.empty()) out += ": ";
  out += detail.empty() ? error_category().message(static_cast<int>(code)) : detail;
  if (!value.empty()) out += " (got '" + value + "')";
  return out;
}

}  // namespace

JsonError::JsonError(Errc code, std::string field, std::string value, std::string detail)
    : Error(code, field, value),
      detail_(std::move(detail)),
      message_(error_message(code, field, value, detail_)) {}

// ---------------------------------------------------------------- timestamps

namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr Timestamp min_rfc3339{sys_days{std::chrono::year{0} / 1 / 1}};
constexpr Timestamp max_rfc3339 = latest_time;

}  // namespace

std::optional<std::string> to_rfc3339(Timestamp t) {
  if (t < min_rfc3339 || t > max_rfc3339) return std::nullopt;
  return detail::time_text(t);
}

std::optional<Timestamp> parse_rfc3339(std::string_view s) noexcept {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
  std::size_t i = 0;
  const auto number = [&](std::size_t width, int& out) {
    if (i + width > s.size()) return false;
    out = 0;
    for (std::size_t k = 0; k < width; ++k, ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  const auto expect = [&](auto pred) {
    if (i >= s.size() || !pred(s[i])) return false;
    ++i;
    return true;
  };
  const auto is = [](char c) { return [c](char x) { return x == c; }; };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!number(4, y) || !expect(is('-')) || !number(2, mo) || !expect(is('-')) || !number(2, d))
    return std::nullopt;
  if (!expect([](char c) { return c == 'T' || c == 't'; })) return std::nullopt;
  if (!number(2, h) || !expect(is(':')) || !number(2, mi) || !expect(is(':')) || !number(2, sec))
    return std::nullopt;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t first = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == first) return std::nullopt;
  }
  int offset_minutes = 0;
  if (expect([](char c) { return c == 'Z' || c == 'z'; })) {
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i++] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!number(2, oh) || !expect(is(':')) || !number(2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  // Leap seconds (":60") cannot be represented by `sys_seconds`, so they are rejected with the rest.
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  return Timestamp{sys_days{ymd}} + std::chrono::hours{h} + std::chrono::minutes{mi - offset_minutes} +
         std::chrono::seconds{sec};
}

// ---------------------------------------------------------------- text

namespace {

namespace json = boost::json;

void append_double(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, x);
  const std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
  out += text;
  // Keep doubles doubles when read back: "1" would come back as an integer and "-0" as 0.
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

bool is_flat(const json::value& jv) {
  if (const json::array* a = jv.if_array())
    return std::none_of(a->begin(), a->end(), [](const json::value& v) { return v.is_structured(); });
  if (const json::object* o = jv.if_object())
    return std::none_of(o->begin(), o->end(),
                        [](const json::key_value_pair& kv) { return kv.value().is_structured(); });
  return true;
}

/// Writes `jv`; `indent` < 0 is compact, else the current indentation of pretty output.
void append(std::string& out, const json::value& jv, int indent, bool spaced) {
  constexpr int line_width = 120;
  switch (jv.kind()) {
    case json::kind::null:
      out += "null";
      return;
    case json::kind::bool_:
      out += jv.get_bool() ? "true" : "false";
      return;
    case json::kind::int64:
      out += std::to_string(jv.get_int64());
      return;
    case json::kind::uint64:
      out += std::to_string(jv.get_uint64());
      return;
    case json::kind::double_:
      append_double(out, jv.get_double());
      return;
    case json::kind::string:
      out += json::serialize(jv.get_string());
      return;
    case json::kind::array:
    case json::kind::object:
      break;
  }
  const bool is_array = jv.is_array();
  const std::size_t size = is_array ? jv.get_array().size() : jv.get_object().size();
  const char open = is_array ? '[' : '{', close = is_array ? ']' : '}';
  const auto each = [&](auto&& item) {
    if (is_array)
      for (const json::value& v : jv.get_array()) item(nullptr, v);
    else
      for (const json::key_value_pair& kv : jv.get_object()) item(&kv, kv.value());
  };
  if (size == 0) {
    out += open;
    out += close;
    return;
  }
  if (indent >= 0 && is_flat(jv)) {  // one line if it fits
    std::string line;
    append(line, jv, -1, true);
    if (static_cast<int>(line.size()) + indent <= line_width) {
      out += line;
      return;
    }
  }
  out += open;
  bool first = true;
  each([&](const json::key_value_pair* kv, const json::value& v) {
    if (!first) out += spaced && indent < 0 ? ", " : ",";
    first = false;
    if (indent >= 0) {
      out += '\n';
      out.append(static_cast<std::size_t>(indent + 2), ' ');
    }
    if (kv) {
      out += json::serialize(kv->key());
      out += indent >= 0 || spaced ? ": " : ":";
    }
    append(out, v, indent >= 0 ? indent + 2 : -1, spaced);
  });
  if (indent >= 0) {
    out += '\n';
    out.append(static_cast<std::size_t>(indent), ' ');
  }
  out += close;
}

}  // namespace

// Not Boost.JSON's serializer: it writes 0.35 as "3.5E-1", which is exact but hard on the people who
// read and diff these files; `std::to_chars` is just as exact and writes "0.35".
std::string to_json_text(const boost::json::value& jv, JsonLayout layout) {
  std::string out;
  append(out, jv, layout == JsonLayout::pretty ? 0 : -1, false);
  return out;
}

// ---------------------------------------------------------------- reading with paths

namespace detail {

std::string JsonPath::str() const {
  std::vector<const JsonPath*> chain;
  for (const JsonPath* p = this; p; p = p->parent) chain.push_back(p);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const JsonPath& p = **it;
    if (p.is_index) {
      out += '[' + std::to_string(p.index) + ']';
    } else if (!p.key.empty()) {
      if (!out.empty()) out += '.';
      out += p.key;
    }
  }
  return out;
}

std::string join_field(const std::string& path, std::string_view core_field) {
  // Core errors name fields as "member.energy" or "policy.weights.relevance": drop the first segment.
  const std::size_t cut = core_field.find_first_of(".[");
  std::string_view rest = cut == std::string_view::npos ? std::string_view{} : core_field.substr(cut);
  if (path.empty() && !rest.empty() && rest.front() == '.') rest.remove_prefix(1);
  return path + std::string(rest);
}

std::string json_excerpt(const json::value& jv) {
  constexpr std::size_t limit = 80;
  std::string text = to_json_text(jv, JsonLayout::compact);
  if (text.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    text = text.substr(0, cut) + "...";
  }
  return text;
}

void json_fail(Errc code, const JsonPath& path, const json::value& jv, std::string detail) {
  throw JsonError(code, path.str(), json_excerpt(jv), std::move(detail));
}

void rethrow_at(const Error& e, const JsonPath& object) {
  throw JsonError(static_cast<Errc>(e.code().value()), join_field(object.str(), e.field()), e.value());
}

ObjectReader::ObjectReader(const json::value& jv, const JsonPath& path)
    : object_(jv.if_object()), path_(path) {
  if (!object_) json_fail(Errc::wrong_type, path, jv, "expected an object");
  read_.assign(object_->size(), false);
}

const json::value* ObjectReader::find(std::string_view key) {
  const auto it = object_->find(key);
  if (it == object_->end()) return nullptr;
  read_[static_cast<std::size_t>(it - object_->begin())] = true;
  return &it->value();
}

const json::value* ObjectReader::optional(std::string_view key) {
  const json::value* v = find(key);
  return v && !v->is_null() ? v : nullptr;
}

const json::value& ObjectReader::require(std::string_view key) {
  if (const json::value* v = find(key)) return *v;
  throw JsonError(Errc::missing_field, (path_ / key).str(), "");
}

void ObjectReader::finish() const {
  for (std::size_t i = 0; i < read_.size(); ++i) {
    if (read_[i]) continue;
    const json::key_value_pair& kv = object_->begin()[i];
    json_fail(Errc::unknown_field, path_ / kv.key(), kv.value());
  }
}

std::string read_string(const json::value& jv, const JsonPath& path) {
  const json::string* s = jv.if_string();
  if (!s) json_fail(Errc::wrong_type, path, jv, "expected a string");
  return std::string(s->begin(), s->end());
}

bool read_bool(const json::value& jv, const JsonPath& path) {
  if (!jv.is_bool()) json_fail(Errc::wrong_type, path, jv, "expected true or false");
  return jv.get_bool();
}

double read_double(const json::value& jv, const JsonPath& path) {
  double x = 0;
  if (const double* d = jv.if_double())
    x = *d;
  else if (const std::int64_t* i = jv.if_int64())
    x = static_cast<double>(*i);
  else if (const std::uint64_t* u = jv.if_uint64())
    x = static_cast<double>(*u);
  else
    json_fail(Errc::wrong_type, path, jv, "expected a number");
  // The parser turns an exponent too large for a double (1e999) into an infinity; JSON has no
  // text for it, so the message names it.
  if (!std::isfinite(x))
    throw JsonError(Errc::not_finite, path.str(), x > 0 ? "inf" : "-inf",
                    "the number is too large for a double");
  return x;
}

std::int64_t read_integer(const json::value& jv, const JsonPath& path, std::int64_t lo, std::int64_t hi) {
  std::int64_t x = 0;
  if (const std::int64_t* i = jv.if_int64()) {
    x = *i;
  } else if (jv.is_uint64()) {
    json_fail(Errc::out_of_range, path, jv);  // above every int64, so above `hi`
  } else {
    json_fail(Errc::wrong_type, path, jv, "expected an integer");
  }
  if (x < lo || x > hi) json_fail(Errc::out_of_range, path, jv);
  return x;
}

int read_int(const json::value& jv, const JsonPath& path) {
  return static_cast<int>(
      read_integer(jv, path, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

std::uint32_t read_u32(const json::value& jv, const JsonPath& path) {
  return static_cast<std::uint32_t>(read_integer(jv, path, 0, std::numeric_limits<std::uint32_t>::max()));
}

std::chrono::days read_days(const json::value& jv, const JsonPath& path) {
  // Bounded so that converting to seconds and adding to a timestamp cannot overflow.
  constexpr std::int64_t bound = 10'000'000;
  return std::chrono::days{read_integer(jv, path, -bound, bound)};
}

Timestamp read_timestamp(const json::value& jv, const JsonPath& path) {
  if (const json::string* s = jv.if_string()) {
    if (const auto t = parse_rfc3339(std::string_view(s->data(), s->size()))) return *t;
    json_fail(Errc::invalid_timestamp, path, jv);
  }
  if (jv.is_int64() || jv.is_uint64()) {
    if (jv.is_int64()) {
      const Timestamp t{std::chrono::seconds{jv.get_int64()}};
      if (t >= min_rfc3339 && t <= max_rfc3339) return t;
    }
    json_fail(Errc::invalid_timestamp, path, jv);
  }
  json_fail(Errc::wrong_type, path, jv, "expected an RFC 3339 timestamp string or unix seconds");
}

json::value write_timestamp(Timestamp t) {
  if (const auto text = to_rfc3339(t)) return json::value(*text);
  return json::value(static_cast<std::int64_t>(t.time_since_epoch().count()));
}

void read_envelope(ObjectReader& r, std::string_view format) {
  const json::value& f = r.require("format");
  if (read_string(f, r.path() / "format") != format)
    json_fail(Errc::wrong_format, r.path() / "format", f, "expected \"" + std::string(format) + "\"");
  const json::value& v = r.require("version");
  const std::int64_t version = read_integer(v, r.path() / "version", std::numeric_limits<std::int64_t>::min(),
                                            std::numeric_limits<std::int64_t>::max());
  if (version != json_format_version)
    json_fail(Errc::unsupported_version, r.path() / "version", v,
              "unsupported format version, expected " + std::to_string(json_format_version));
}

json::object write_envelope(std::string_view format) {
  json::object out;
  out["format"] = format;
  out["version"] = json_format_version;
  return out;
}

}  // namespace detail

// ---------------------------------------------------------------- enums

namespace {

using detail::JsonPath;
using detail::ObjectReader;

// Counts of the enums without a `*_count` constant: the last enumerator plus one, as src/names.cpp
// asserts for its tables. A code appended to an enum must be named here too, or it cannot be read.
constexpr std::size_t request_kind_count = static_cast<std::size_t>(RequestKind::feedback) + 1;
constexpr std::size_t offer_count = static_cast<std::size_t>(Offer::promise) + 1;
constexpr std::size_t decision_count = static_cast<std::size_t>(Decision::counter) + 1;
constexpr std::size_t dimension_count = static_cast<std::size_t>(Dimension::decision) + 1;
constexpr std::size_t reason_code_count = static_cast<std::size_t>(ReasonCode::flip_if_rested) + 1;

template <class Enum, std::size_t N>
Enum read_enum(const json::value& jv, const JsonPath& path) {
  const std::string name = detail::read_string(jv, path);
  for (std::size_t i = 0; i < N; ++i)
    if (to_string(static_cast<Enum>(i)) == name) return static_cast<Enum>(i);
  std::string expected = "expected one of";
  for (std::size_t i = 0; i < N; ++i)
    expected += (i ? ", " : " ") + std::string(to_string(static_cast<Enum>(i)));
  detail::json_fail(Errc::unknown_name, path, jv, expected);
}

json::value write_enum(auto e) {
  return json::value(json::string_view(to_string(e)));
}

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

// ---------------------------------------------------------------- model types

namespace {

using detail::field_count;
using detail::read_bool;
using detail::read_double;
using detail::read_string;
using detail::read_timestamp;
using detail::write_timestamp;

// A conversion must name every field; these fail to compile when a struct gains one, pointing here.
static_assert(field_count<Topic>() == 2, "Topic changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<TimeRange>() == 2,
              "TimeRange changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<Member>() == 8, "Member changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<PromoTolerance>() == 2, "PromoTolerance changed: update its JSON conversion");
static_assert(field_count<Channel>() == 5, "Channel changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<Interaction>() == 6,
              "Interaction changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<Post>() == 6, "Post changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<Request>() == 12,
              "Request changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<Reason>() == 5, "Reason changed: update its JSON conversion and docs/formats.md");
static_assert(field_count<Score>() == 8, "Score changed: update its JSON conversion and docs/formats.md");

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

json::value write_tolerance(const PromoTolerance& t) {
  return json::object{{"max_per_week", t.max_per_week}, {"max_share", t.max_share}};
}

PromoTolerance read_tolerance(const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  PromoTolerance t;
  r.get("max_per_week", t.max_per_week, detail::read_int);
  r.get("max_share", t.max_share, read_double);
  r.finish();
  return t;
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
void tag_invoke(json::value_from_tag, json::value& jv, const PromoTolerance& tolerance) {
  jv = write_tolerance(tolerance);
}
PromoTolerance tag_invoke(json::value_to_tag<PromoTolerance>, const json::value& jv) {
  return read_tolerance(jv, {});
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

// ---------------------------------------------------------------- policy

namespace {

// Each policy struct lists its fields once, for writing and reading alike, so the two cannot drift.
// Every field is optional on input. The counts fail to compile when a struct gains a field.
static_assert(field_count<KindEffect>() == 4, "KindEffect changed: list the new field in fields() below");
static_assert(field_count<Decay>() == 3, "Decay changed: list the new field in fields() below");
static_assert(field_count<DimensionWeights>() == 4, "DimensionWeights changed: list the new field below");
static_assert(field_count<Gates>() == 9, "Gates changed: list the new field in fields() below");
static_assert(field_count<Capacity>() == 3, "Capacity changed: list the new field in fields() below");
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

}  // namespace detail

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

// ---------------------------------------------------------------- results

namespace {

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
  json::object out{{"decision", write_enum(s.decision)}, {"total", s.total},
                   {"relevance", s.relevance},           {"prior_context", s.prior_context},
                   {"audience_load", s.audience_load},   {"reciprocity", s.reciprocity}};
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

}  // namespace rapport
