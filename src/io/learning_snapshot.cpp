// The learned part of a network snapshot, and what all its parts share.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "detail/json_fields.hpp"
#include "detail/snapshot_json.hpp"

namespace rapport::detail {
namespace {

/// Feature names in `Feature` order: weights are stored by name, so that a snapshot says what it holds.
constexpr std::array<std::string_view, feature_count> feature_names{"bias",
                                                                    "direct_context",
                                                                    "vouching",
                                                                    "outreach",
                                                                    "gave",
                                                                    "took",
                                                                    "offer",
                                                                    "preview",
                                                                    "personal",
                                                                    "relevance",
                                                                    "crowded",
                                                                    "kind_mention",
                                                                    "kind_review",
                                                                    "kind_guest_post",
                                                                    "kind_endorsement",
                                                                    "kind_co_creation",
                                                                    "kind_feedback",
                                                                    "prior",
                                                                    "wrote_today",
                                                                    "wrote_this_hour",
                                                                    "answers_owner",
                                                                    "owner_messages",
                                                                    "replied_before",
                                                                    "their_messages",
                                                                    "their_burst",
                                                                    "taken_up",
                                                                    "wrote_this_month",
                                                                    "owner_active",
                                                                    "cold_outreach",
                                                                    "talking_today",
                                                                    "answering"};

/// `x` as the number with the fewest digits that reads back as `x` in single precision, where that
/// number's nearest double does too: a reader sees 0.2, not 0.20000000298023224 (the double `x` is).
double shortest_single(float x) noexcept {
  std::array<char, 32> text{};
  const char* end = std::to_chars(text.data(), text.data() + text.size(), x).ptr;
  double shortest = 0;
  if (std::from_chars(text.data(), end, shortest).ec == std::errc{} && static_cast<float>(shortest) == x)
    return shortest;
  return x;
}
double written(double x) noexcept {
  return x;
}
double written(float x) noexcept {
  return shortest_single(x);
}

/// Features by name, the zero ones left out: most requests have a few.
template <class Number>
json::object write_features(const std::array<Number, feature_count>& x) {
  json::object out;
  for (std::size_t j = 0; j < feature_count; ++j)
    if (x[j] != 0) out[feature_names[j]] = written(x[j]);
  return out;
}

Features read_features(const json::value& jv, const JsonPath& path) {
  Features x{};
  ObjectReader r(jv, path);
  for (std::size_t j = 0; j < feature_count; ++j)
    if (const json::value* v = r.find(feature_names[j])) x[j] = read_double(*v, path / feature_names[j]);
  r.finish();
  return x;
}

template <std::size_t N>
std::array<double, N> read_numbers(const json::value& jv, const JsonPath& path) {
  std::array<double, N> out{};
  read_field(jv, path, out);
  return out;
}

/// A covariance is symmetric, exactly: the update keeps it so and relies on it (a row is read as the
/// column).
void require_symmetric(std::span<const double> cov, std::size_t n, const json::value& jv,
                       const JsonPath& path) {
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (cov[i * n + j] != cov[j * n + i])
        json_fail(Errc::inconsistent_state, path[i * n + j], jv.as_array()[i * n + j],
                  "expected a symmetric matrix");
}

/// The covariance of the global weights, `feature_count` by `feature_count`, as a snapshot holds it: the
/// joint features' block, the other features' variances on the diagonal, 0 elsewhere.
double covariance_at(const GlobalModel& g, std::size_t i, std::size_t j) noexcept {
  if (is_joint(i) && is_joint(j)) return g.covariance[covariance_element(i, j)];
  return i == j ? g.variance[i] : 0.0;
}

/// The covariance only once an outcome has set it: before, the prior stands for it.
json::object write_global(const GlobalModel& g) {
  json::object out{{"outcomes", g.outcomes}, {"weights", write_features(g.weights)}};
  if (g.outcomes > 0) {
    json::array cov;
    cov.reserve(feature_count * feature_count);
    for (std::size_t i = 0; i < feature_count; ++i)
      for (std::size_t j = 0; j < feature_count; ++j) cov.emplace_back(covariance_at(g, i, j));
    out["covariance"] = std::move(cov);
    out["means"] = write_features(g.means);
    out["evidence"] = g.evidence;
  }
  return out;
}

/// Sets `g`'s covariance from a snapshot's, over its `old_n` features (the leading block of today's). A
/// snapshot before version 5 has fewer features than today: those added since are independent of them,
/// with the prior variance `prior`, as though no outcome had involved them. One before version 7 has a
/// full covariance: what it relates beyond the joint features' block is left out, as the model no longer
/// learns it; from version 7 it must be 0.
template <std::size_t old_n>
void read_covariance(GlobalModel& g, const json::value& jv, const JsonPath& path, double prior, int version) {
  const auto old = read_numbers<old_n * old_n>(jv, path);
  require_symmetric(old, old_n, jv, path);
  for (std::size_t i = 0; i < feature_count; ++i)
    for (std::size_t j = 0; j < feature_count; ++j) {
      const double v = i < old_n && j < old_n ? old[i * old_n + j] : i == j ? prior : 0.0;
      if (is_joint(i) && is_joint(j))
        g.covariance[covariance_element(i, j)] = v;
      else if (i == j)
        g.variance[i] = v;
      else if (v != 0 && version >= 7)
        json_fail(Errc::inconsistent_state, path[i * old_n + j], jv.as_array()[i * old_n + j],
                  "expected 0: the global model relates only the base rate and the habit features");
    }
}

GlobalModel read_global(const json::value& jv, const JsonPath& path, const Policy& policy, int version) {
  ObjectReader r(jv, path);
  GlobalModel g;
  g.outcomes = read_u32(r.require("outcomes"), path / "outcomes");
  g.weights = read_features(r.require("weights"), path / "weights");
  // Before version 4 there are none: corrections are centred on 0 until outcomes move the means.
  if (const json::value* v = r.find("means")) g.means = read_features(*v, path / "means");
  // Before version 6 there is none: even odds between the correction and the formula.
  if (const json::value* v = r.find("evidence")) g.set_evidence(read_double(*v, path / "evidence"));
  if (g.outcomes > 0) {
    const json::value& cov = r.require("covariance");
    const json::array* a = cov.if_array();
    const double prior = 1 / policy.learning.global_precision;
    if (a && a->size() == version3_feature_count * version3_feature_count)
      read_covariance<version3_feature_count>(g, cov, path / "covariance", prior, version);
    else if (a && a->size() == version4_feature_count * version4_feature_count)
      read_covariance<version4_feature_count>(g, cov, path / "covariance", prior, version);
    else
      read_covariance<feature_count>(g, cov, path / "covariance", prior, version);
  }
  r.finish();
  return g;
}

/// An owner's deviation over every feature, as a snapshot holds it: one without a `RequestDeviation` has
/// 0 over the request-only features, at the prior (`untaught`).
struct FullDeviation {
  std::array<float, feature_count> weights{}, variance{};
};

FullDeviation full_deviation(const OwnerModel& o, const RequestDeviation* request,
                             const RequestDeviation& untaught) {
  const OwnerDeviation kept(o, request ? request : &untaught);
  FullDeviation d;
  for (std::size_t j = 0; j < feature_count; ++j) {
    d.weights[j] = kept.weight(j);
    d.variance[j] = kept.variance(j);
  }
  return d;
}

json::object write_owner(std::string_view handle, const OwnerModel& o, const RequestDeviation* request,
                         const RequestDeviation& untaught) {
  const FullDeviation d = full_deviation(o, request, untaught);
  return json::object{
      {"owner", handle},
      {"outcomes", o.outcomes},
      {"weights", write_features(d.weights)},
      {"variance", write_features(d.variance)},
      {"offsets", json::array{written(o.offsets[0]), written(o.offsets[1])}},
      {"offset_variance", json::array{written(o.offset_variance[0]), written(o.offset_variance[1])}}};
}

/// `x`, read from `jv` at `path`, in single precision, rounded to nearest: what this library wrote reads
/// back exactly. Fails with `out_of_range` past the largest float.
float to_single(double x, const json::value& jv, const JsonPath& path) {
  if (std::abs(x) > std::numeric_limits<float>::max())
    json_fail(Errc::out_of_range, path, jv, "expected a number of single precision, at most 3.4e38 in size");
  return static_cast<float>(x);
}

/// Features in single precision, as an owner's deviation and an arrival hold them; a value written in
/// double precision (by an earlier release) is rounded to nearest.
KeptFeatures to_single(const json::value& jv, const JsonPath& path) {
  const Features x = read_features(jv, path);
  KeptFeatures out{};
  for (std::size_t j = 0; j < feature_count; ++j)  // a feature left out is 0
    if (const json::value* v = jv.as_object().if_contains(feature_names[j]))
      out[j] = to_single(x[j], *v, path / feature_names[j]);
  return out;
}

/// Two numbers in single precision, the formula's and the model's; both >= 0 if `variances`.
std::array<float, 2> read_pair(const json::value& jv, const JsonPath& path, bool variances) {
  const auto x = read_numbers<2>(jv, path);
  std::array<float, 2> out{};
  for (std::size_t k = 0; k < 2; ++k) {
    out[k] = to_single(x[k], jv.as_array()[k], path[k]);
    if (variances && x[k] < 0)
      json_fail(Errc::out_of_range, path[k], jv.as_array()[k], "expected a number >= 0");
  }
  return out;
}

/// An owner's model, and its deviation over the request-only features unless that is 0 with the variance
/// `untaught`'s, as though no request had taught them; one from before version 6 has no offsets, and
/// starts them at the prior, as a new owner does.
std::pair<OwnerModel, std::optional<RequestDeviation>> read_owner_model(ObjectReader& r, const JsonPath& path,
                                                                        const RequestDeviation& untaught) {
  OwnerModel o;
  o.outcomes = read_u32(r.require("outcomes"), path / "outcomes");
  FullDeviation d;
  d.weights = to_single(r.require("weights"), path / "weights");
  const json::value& variance = r.require("variance");
  d.variance = to_single(variance, path / "variance");
  for (const float v : d.variance)
    if (v < 0) json_fail(Errc::out_of_range, path / "variance", variance, "expected numbers >= 0");
  RequestDeviation request;
  const OwnerDeviation kept(o, &request);
  for (std::size_t j = 0; j < feature_count; ++j) {
    kept.weight(j) = d.weights[j];
    kept.variance(j) = d.variance[j];
  }
  o.offset_variance.fill(static_cast<float>(judge_prior_variance));
  if (const json::value* v = r.find("offsets")) o.offsets = read_pair(*v, path / "offsets", false);
  if (const json::value* v = r.find("offset_variance"))
    o.offset_variance = read_pair(*v, path / "offset_variance", true);
  if (request == untaught) return {o, std::nullopt};
  return {o, request};
}

template <class Map>
std::vector<typename Map::key_type> sorted_keys(const Map& map) {
  std::vector<typename Map::key_type> keys;
  keys.reserve(map.size());
  for (const auto& kv : map) keys.push_back(kv.first);
  std::sort(keys.begin(), keys.end());
  return keys;
}

json::array write_owners(const NetworkState& s) {
  json::array out;
  const RequestDeviation untaught = untaught_request_deviation(s.policy.learning);
  for (const MemberId owner : s.learning.owners.members())
    out.push_back(write_owner(s.members.handle(owner), *s.learning.owners.find(owner),
                              s.learning.request_deviations.find(owner), untaught));
  return out;
}

json::array write_requesters(const NetworkState& s) {
  json::array out;
  for (const MemberId m : s.learning.requesters.members()) {
    const RequesterRecord& r = *s.learning.requesters.find(m);
    out.push_back(json::object{{"member", s.members.handle(m)},
                               {"requests", r.requests},
                               {"taken_up", r.taken_up},
                               {"as_of", write_timestamp(r.as_of)}});
  }
  return out;
}

/// The members that have reached anyone out, with their decayed activity.
json::array write_activity(const NetworkState& s) {
  json::array out;
  for (MemberId m = 0; m < s.learning.activity.size(); ++m) {
    const MemberActivity& a = s.learning.activity[m];
    if (a.sent == 0) continue;
    out.push_back(json::object{{"member", s.members.handle(m)},
                               {"sent", shortest_single(a.sent)},
                               {"first_contacts", shortest_single(a.first_contacts)},
                               {"answers", shortest_single(a.answers)},
                               {"as_of", write_timestamp(a.as_of())}});
  }
  return out;
}

json::array write_arrivals(const NetworkState& s) {
  json::array out;
  for (const std::uint64_t f : sorted_keys(s.learning.arrivals)) {
    const Arrival& a = s.learning.arrivals.at(f);
    json::object o{{"request", write_fingerprint(f)},
                   {"owner", s.members.handle(a.owner)},
                   {"received", write_timestamp(a.received)},
                   {"features", write_features(a.features)}};
    if (a.requester) o["requester"] = s.members.handle(*a.requester);
    out.push_back(std::move(o));
  }
  return out;
}

/// Calls `item` with each element of the array `jv` and its path.
template <class Item>
void each_of(const json::value& jv, const JsonPath& path, Item&& item) {
  const json::array* a = jv.if_array();
  if (!a) json_fail(Errc::wrong_type, path, jv, "expected an array");
  for (std::size_t i = 0; i < a->size(); ++i) item((*a)[i], path[i]);
}

void read_owner(NetworkState& s, const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  const json::value& who = r.require("owner");
  const MemberId owner = member_at(s, who, path / "owner");
  const auto [model, request] = read_owner_model(r, path, untaught_request_deviation(s.policy.learning));
  r.finish();
  if (s.learning.owners.find(owner))
    json_fail(Errc::inconsistent_state, path / "owner", who, "duplicate owner");
  s.learning.owners.reserve(owner);
  if (request) s.learning.request_deviations.reserve(owner);
  *s.learning.owners.add(owner).first = model;
  if (request) *s.learning.request_deviations.add(owner).first = *request;
}

void read_requester(NetworkState& s, const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  const json::value& who = r.require("member");
  const MemberId m = member_at(s, who, path / "member");
  RequesterRecord rec;
  rec.requests = read_double(r.require("requests"), path / "requests");
  const json::value& taken = r.require("taken_up");
  rec.taken_up = read_double(taken, path / "taken_up");
  if (rec.requests < 0 || rec.taken_up < 0 || rec.taken_up > rec.requests)
    json_fail(Errc::out_of_range, path / "taken_up", taken, "expected 0 <= taken_up <= requests");
  rec.as_of = read_timestamp(r.require("as_of"), path / "as_of");
  r.finish();
  const auto [record, added] = s.learning.requesters.add(m);
  if (!added) json_fail(Errc::inconsistent_state, path / "member", who, "duplicate member");
  *record = rec;
}

/// An activity count (`MemberActivity`), in single precision.
float read_count(const json::value& jv, const JsonPath& path) {
  return to_single(read_double(jv, path), jv, path);
}

void read_activity(NetworkState& s, const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  const json::value& who = r.require("member");
  const MemberId m = member_at(s, who, path / "member");
  MemberActivity a;
  const json::value& sent = r.require("sent");
  a.sent = read_count(sent, path / "sent");
  const json::value& first = r.require("first_contacts");
  a.first_contacts = read_count(first, path / "first_contacts");
  if (!(a.sent > 0))
    json_fail(Errc::out_of_range, path / "sent", sent, "expected a number > 0 in single precision");
  if (a.first_contacts < 0 || a.first_contacts > a.sent)
    json_fail(Errc::out_of_range, path / "first_contacts", first, "expected 0 <= first_contacts <= sent");
  // Before version 5 there are none: such a member's answers count from when it is loaded.
  if (const json::value* answers = r.find("answers")) {
    a.answers = read_count(*answers, path / "answers");
    if (a.answers < 0 || a.answers > a.sent)
      json_fail(Errc::out_of_range, path / "answers", *answers, "expected 0 <= answers <= sent");
  }
  a.set_as_of(read_timestamp(r.require("as_of"), path / "as_of"));
  r.finish();
  if (s.learning.activity[m].sent != 0)
    json_fail(Errc::inconsistent_state, path / "member", who, "duplicate member");
  s.learning.activity[m] = a;
}

void read_arrival(NetworkState& s, const json::value& jv, const JsonPath& path) {
  ObjectReader r(jv, path);
  const json::value& request = r.require("request");
  const std::uint64_t f = read_fingerprint(request, path / "request");
  Arrival a;
  a.owner = member_at(s, r.require("owner"), path / "owner");
  if (const json::value* v = r.find("requester")) a.requester = member_at(s, *v, path / "requester");
  a.received = read_timestamp(r.require("received"), path / "received");
  a.features = to_single(r.require("features"), path / "features");
  r.finish();
  if (!s.learning.arrivals.try_emplace(f, a).second)
    json_fail(Errc::inconsistent_state, path / "request", request, "duplicate request");
}

}  // namespace

MemberId member_at(const NetworkState& s, const json::value& jv, const JsonPath& path) {
  const std::string handle = read_string(jv, path);
  const MemberId id = s.find_member(handle);
  if (id == MemberIndex::npos) json_fail(Errc::unknown_member, path, jv);
  return id;
}

/// A fingerprint as 16 hexadecimal digits: a JSON number above 2^53 loses bits in most readers.
json::value write_fingerprint(std::uint64_t f) {
  std::array<char, 16> digits;
  for (std::size_t i = digits.size(); i-- > 0; f >>= 4) digits[i] = "0123456789abcdef"[f & 15];
  return json::string(std::string_view(digits.data(), digits.size()));
}

std::uint64_t read_fingerprint(const json::value& jv, const JsonPath& path) {
  const std::string text = read_string(jv, path);
  std::uint64_t f = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, f, 16);
  // 0 is no fingerprint: FingerprintSet keeps it for its empty slots.
  if (text.size() != 16 || error != std::errc{} || stop != end || f == 0)
    json_fail(Errc::wrong_type, path, jv, "expected a fingerprint: 16 hexadecimal digits, not all 0");
  return f;
}

json::object write_learning(const NetworkState& s) {
  return json::object{{"global", write_global(s.learning.global)},
                      {"owners", write_owners(s)},
                      {"requesters", write_requesters(s)},
                      {"activity", write_activity(s)},
                      {"arrivals", write_arrivals(s)}};
}

void read_learning(NetworkState& s, const json::value& jv, const JsonPath& path, int version) {
  ObjectReader r(jv, path);
  if (const json::value* v = r.find("global"))
    s.learning.global = read_global(*v, path / "global", s.policy, version);
  if (const json::value* v = r.find("owners"))
    each_of(*v, path / "owners", [&](const json::value& o, const JsonPath& p) { read_owner(s, o, p); });
  if (const json::value* v = r.find("requesters"))
    each_of(*v, path / "requesters",
            [&](const json::value& o, const JsonPath& p) { read_requester(s, o, p); });
  if (const json::value* v = r.find("activity"))
    each_of(*v, path / "activity", [&](const json::value& o, const JsonPath& p) { read_activity(s, o, p); });
  if (const json::value* v = r.find("arrivals"))
    each_of(*v, path / "arrivals", [&](const json::value& o, const JsonPath& p) { read_arrival(s, o, p); });
  r.finish();
}

}  // namespace rapport::detail
