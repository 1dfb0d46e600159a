// JSON conversions and files: round trips of every value type, snapshots that restore relationship
// state exactly, every error path with its file, line and JSON path, and the examples of
// docs/formats.md, loaded straight from the document.
#include <boost/json.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <rapport/rapport.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

namespace json = boost::json;
using namespace std::chrono;
using Catch::Matchers::WithinRel;
using rapport::Errc;
using rapport::InteractionKind;
using rapport::JsonError;
using rapport::Network;
using rapport::Policy;
using rapport::Request;
using rapport::Timestamp;
using rapport_test::single_precision;

const Timestamp t0 = sys_days{year{2026} / March / 2};  // a Monday
const Timestamp now = t0 + days{2} + hours{10};

json::value parse(std::string_view text) {
  std::istringstream in{std::string(text)};
  return rapport::parse_json(in, "test.json");
}

template <class T>
T round_trip(const T& x) {
  return json::value_to<T>(parse(rapport::to_json_text(json::value_from(x))));
}

/// Runs `f`, which must throw a `JsonError` with `code` and exactly `field`; returns its message.
std::string error_of(const std::function<void()>& f, Errc code, std::string_view field) {
  try {
    f();
  } catch (const JsonError& e) {
    INFO(e.what());
    CHECK(e.code() == rapport::make_error_code(code));
    CHECK(e.field() == field);
    return e.what();
  }
  FAIL("no JsonError thrown");
  return {};
}

std::string save(const Network& net) {
  std::ostringstream out;
  rapport::save_network(net, out);
  return out.str();
}

Network load(std::string_view text, std::string_view name = "net.json") {
  std::istringstream in{std::string(text)};
  return rapport::load_network(in, name);
}

std::vector<Request> requests_of(std::string_view text) {
  std::istringstream in{std::string(text)};
  return rapport::load_requests(in, "requests.json");
}

Policy policy_of(std::string_view text) {
  std::istringstream in{std::string(text)};
  return rapport::load_policy(in, "policy.json");
}

void apply_log(Network& net, std::string_view text) {
  std::istringstream in{std::string(text)};
  rapport::apply_event_log(net, in, "events.jsonl");
}

/// A network with every kind of state: topics with weights, launches, channels with and without a
/// tolerance, own and promotional posts, every interaction kind (late ones too), and request inflow.
Network rich_network() {
  Network net;
  net.add_member({.handle = "ana",
                  .name = "Ana Ló",
                  .topics = {{"marketing/social-media"}, {"marketing/seo", 0.5}},
                  .strategic = true,
                  .cadence = days{21},
                  .launches = {{t0 + days{10}, t0 + days{17}}},
                  .energy = 0.8});
  net.add_member({.handle = "ben", .name = "Ben", .topics = {{"marketing/email"}}});
  net.add_member({.handle = "cara", .name = "Cara \"C\"", .topics = {{"marketing/social-media"}}});
  net.add_member({.handle = "dex", .name = "Dex", .topics = {{"pets"}}, .competitor = true});
  net.add_member({.handle = "eve", .name = "Eve 🦊", .topics = {{"marketing"}}});
  net.add_channel({.owner = "ana",
                   .name = "blog",
                   .audience_size = 12000,
                   .audience_topics = {{"marketing"}, {"writing", 0.25}},
                   .tolerance = rapport::PromoTolerance{.max_per_week = 3, .max_share = 0.3}});
  net.add_channel({.owner = "ana", .name = "newsletter", .audience_size = 5e57});
  net.add_channel({.owner = "ben", .name = "podcast", .audience_size = 0.1});
  for (std::size_t k = 0; k < rapport::interaction_kind_count; ++k) {
    const auto kind = static_cast<InteractionKind>(k);
    const Timestamp at = t0 - days{200} + days{static_cast<int>(k) * 9} + seconds{static_cast<int>(k) * 37};
    net.record({.from = k % 2 ? "ana" : "ben",
                .to = k % 2 ? "ben" : "ana",
                .kind = kind,
                .at = at,
                .weight = 1.0 + 0.1 * static_cast<double>(k)});
  }
  net.record({.from = "ben", .to = "ana", .kind = InteractionKind::message, .at = t0 - days{60}});  // late
  net.record({.from = "ana", .to = "cara", .kind = InteractionKind::met_in_person, .at = t0 - days{90}});
  net.record(
      {.from = "cara", .to = "eve", .kind = InteractionKind::collaborated, .at = t0 - days{30}, .weight = 3});
  net.record({.from = "eve", .to = "cara", .kind = InteractionKind::message, .at = t0 - days{29}});
  net.record({.from = "cara", .to = "eve", .kind = InteractionKind::message, .at = t0 - days{28}});
  net.record({.from = "dex", .to = "ana", .kind = InteractionKind::liked, .at = t0 - days{5}});
  for (int i = 0; i < 6; ++i)
    net.record(rapport::Post{.owner = "ana", .channel = "blog", .at = t0 - days{3 * i}});
  net.record(rapport::Post{
      .owner = "ana", .channel = "blog", .at = t0 + hours{1}, .promotion = true, .promoted = "cara"});
  net.record(
      rapport::Post{.owner = "ana", .channel = "blog", .at = t0 + hours{1}, .promotion = true});  // same time
  net.record(rapport::Post{.owner = "ben", .channel = "podcast", .at = t0 - days{1}});
  net.record(Request{.requester = "ben", .owner = "ana", .received = t0 - days{4}});
  net.record(Request{.requester = "stranger", .owner = "ana", .received = t0 - days{2}});
  net.record(Request{.requester = "ana", .owner = "eve", .received = t0 - days{1}});
  return net;
}

std::vector<Request> sample_requests() {
  return {
      {.id = "r1",
       .requester = "ben",
       .owner = "ana",
       .kind = rapport::RequestKind::guest_post,
       .channels = {"blog"},
       .topics = {"marketing/email"},
       .offer = rapport::Offer::reciprocal_promotion,
       .preview = true,
       .received = now,
       .wanted_by = now + days{3}},
      {.id = "r2",
       .requester = "eve",
       .owner = "ana",
       .channels = {"blog", "newsletter"},
       .topics = {"marketing/social-media"},
       .personalised = true,
       .content_quality = 0.3,
       .received = now},
      {.id = "r3", .requester = "dex", .owner = "ana", .topics = {"pets"}, .received = now},
      {.id = "r4",
       .requester = "nobody",
       .owner = "ana",
       .kind = rapport::RequestKind::feedback,
       .offer = rapport::Offer::promise,
       .received = now},
      {.id = "r5",
       .requester = "cara",
       .owner = "ben",
       .channels = {"podcast"},
       .topics = {"marketing"},
       .received = now},
  };
}

/// Every score as text: shortest round-trip doubles, so equal text means bit-identical scores.
std::string scores_text(const Network& net) {
  const auto requests = sample_requests();
  std::string out;
  for (const Request& r : requests)
    out += rapport::to_json_text(json::value_from(rapport::score(net, r, now))) + "\n";
  return out;
}

std::string relationships_text(const Network& net) {
  std::string out;
  for (rapport::MemberId a = 0; a < net.member_count(); ++a) {
    for (const rapport::MemberId b : net.contacts(a))
      out += std::to_string(a) + "-" + std::to_string(b) + " " +
             rapport::to_json_text(json::value_from(*net.relationship(a, b, now))) + "\n";
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------- conversions

TEST_CASE("rapport's error category names itself and every code", "[json][errors]") {
  CHECK(std::string(rapport::error_category().name()) == "rapport");
  CHECK(rapport::make_error_code(Errc::duplicate_key).message() == "duplicate key");
  CHECK(rapport::error_category().message(0) == "unknown rapport error");
}

TEST_CASE("enums convert to and from their stable names", "[json]") {
  for (std::size_t k = 0; k < rapport::interaction_kind_count; ++k) {
    const auto kind = static_cast<InteractionKind>(k);
    CHECK(json::value_from(kind) == json::value(to_string(kind)));
    CHECK(round_trip(kind) == kind);
  }
  for (int k = 0; k <= static_cast<int>(rapport::RequestKind::feedback); ++k)
    CHECK(round_trip(static_cast<rapport::RequestKind>(k)) == static_cast<rapport::RequestKind>(k));
  for (int k = 0; k <= static_cast<int>(rapport::Offer::promise); ++k)
    CHECK(round_trip(static_cast<rapport::Offer>(k)) == static_cast<rapport::Offer>(k));
  for (int k = 0; k <= static_cast<int>(rapport::Decision::counter); ++k)
    CHECK(round_trip(static_cast<rapport::Decision>(k)) == static_cast<rapport::Decision>(k));
  for (int k = 0; k <= static_cast<int>(rapport::Dimension::decision); ++k)
    CHECK(round_trip(static_cast<rapport::Dimension>(k)) == static_cast<rapport::Dimension>(k));
  for (int k = 0; k <= static_cast<int>(rapport::ReasonCode::flip_if_rested); ++k)
    CHECK(round_trip(static_cast<rapport::ReasonCode>(k)) == static_cast<rapport::ReasonCode>(k));
  CHECK(json::value_from(rapport::RequestKind::guest_post) == json::value("guest_post"));
}

TEST_CASE("model types round-trip through JSON", "[json]") {
  const rapport::Topic plain{"marketing"}, weighted{"marketing/seo", 0.5};
  CHECK(json::value_from(plain) == json::value("marketing"));
  CHECK(rapport::to_json_text(json::value_from(weighted), rapport::JsonLayout::compact) ==
        R"({"path":"marketing/seo","weight":0.5})");
  CHECK(round_trip(plain) == plain);
  CHECK(round_trip(weighted) == weighted);
  CHECK(json::value_to<rapport::Topic>(parse(R"({"path": "a/b"})")) == rapport::Topic{"a/b", 1.0});

  const rapport::TimeRange range{t0, t0 + days{7}};
  CHECK(round_trip(range) == range);

  const rapport::Member member{.handle = "@ana@example.social",
                               .name = "Ana Ló 🦊",
                               .topics = {{"marketing"}, {"seo", 2.5}},
                               .competitor = true,
                               .strategic = true,
                               .cadence = days{14},
                               .launches = {{t0, t0 + days{3}}, {t0 + days{30}, t0 + days{31}}},
                               .energy = 0.25};
  CHECK(round_trip(member) == member);
  CHECK(round_trip(rapport::Member{.handle = "x"}) == rapport::Member{.handle = "x"});
  CHECK(json::value_to<rapport::Member>(parse(R"({"handle": "x"})")) == rapport::Member{.handle = "x"});

  const rapport::Channel channel{.owner = "ana",
                                 .name = "blog",
                                 .audience_size = 1234.5,
                                 .audience_topics = {{"a"}, {"b", 3}},
                                 .tolerance = rapport::PromoTolerance{.max_per_week = 0, .max_share = 0.125}};
  CHECK(round_trip(channel) == channel);
  CHECK(round_trip(rapport::Channel{.owner = "ana", .name = "x"}) ==
        rapport::Channel{.owner = "ana", .name = "x"});
  CHECK_FALSE(
      json::value_from(rapport::Channel{.owner = "a", .name = "x"}).as_object().contains("tolerance"));
  CHECK_FALSE(
      json::value_to<rapport::Channel>(parse(R"({"owner": "a", "name": "x", "tolerance": null})")).tolerance);

  const rapport::Interaction interaction{
      .from = "a", .to = "b", .kind = InteractionKind::broke_promise, .at = t0 + seconds{1}, .weight = 2.75};
  CHECK(round_trip(interaction) == interaction);

  const rapport::Post post{.owner = "a", .channel = "blog", .at = t0, .promotion = true, .promoted = "b"};
  CHECK(round_trip(post) == post);

  for (const Request& r : sample_requests()) CHECK(round_trip(r) == r);
  const auto minimal = json::value_to<Request>(parse(R"({"requester": "b", "owner": "a", "received": 0})"));
  CHECK(minimal == Request{.requester = "b", .owner = "a", .received = Timestamp{}});
}

TEST_CASE("policy types round-trip, and every policy field has its own JSON key", "[json]") {
  CHECK(round_trip(Policy{}) == Policy{});
  CHECK(round_trip(rapport::KindEffect{1, 2, -3, 4}) == rapport::KindEffect{1, 2, -3, 4});
  CHECK(round_trip(rapport::Decay{days{1}, days{2}, days{0}}) == rapport::Decay{days{1}, days{2}, days{0}});
  CHECK(round_trip(rapport::Gates{.accept = 0.75}) == rapport::Gates{.accept = 0.75});
  CHECK(round_trip(rapport::Capacity{.dunbar_layers = {1, 2, 3, 4}}) ==
        rapport::Capacity{.dunbar_layers = {1, 2, 3, 4}});
  CHECK(round_trip(rapport::DimensionWeights{.reciprocity = 0}) ==
        rapport::DimensionWeights{.reciprocity = 0});
  CHECK(round_trip(rapport::OverloadThresholds{.layer_strength = {1, 0.5, 0.25, 0}}) ==
        rapport::OverloadThresholds{.layer_strength = {1, 0.5, 0.25, 0}});
  CHECK(round_trip(rapport::PromoTolerance{.max_per_week = 7}) == rapport::PromoTolerance{.max_per_week = 7});
  CHECK(round_trip(rapport::Learning{.enabled = false, .warm_up = 3}) ==
        rapport::Learning{.enabled = false, .warm_up = 3});
  CHECK(json::value_to<Policy>(parse("{}")) == Policy{});

  // Change each leaf of the default policy's JSON on its own: each must land in a distinct field and
  // come back out as written. With the field counts the conversion asserts, this covers new fields.
  const json::value defaults = json::value_from(Policy{});
  std::vector<json::value*> leaves;
  json::value changed_all = defaults;
  const auto changed = [](const json::value& v) {
    if (v.is_double()) return json::value(v.get_double() + 0.0625);
    if (v.is_bool()) return json::value(!v.get_bool());
    return json::value(v.as_int64() + 1);
  };
  std::function<void(json::value&)> collect = [&](json::value& v) {
    if (v.is_object())
      for (auto& kv : v.as_object()) collect(kv.value());
    else if (v.is_array())
      for (auto& x : v.as_array()) collect(x);
    else
      leaves.push_back(&v);
  };
  collect(changed_all);
  REQUIRE(leaves.size() > 60);
  std::vector<Policy> seen;
  for (json::value* leaf : leaves) {
    const json::value original = *leaf;
    *leaf = changed(*leaf);
    const Policy p = json::value_to<Policy>(changed_all);
    CHECK_FALSE(p == Policy{});
    CHECK(json::value_from(p) == changed_all);
    for (const Policy& other : seen) CHECK_FALSE(other == p);
    seen.push_back(p);
    *leaf = original;
  }
  for (json::value* leaf : leaves) *leaf = changed(*leaf);
  const Policy all = json::value_to<Policy>(changed_all);
  CHECK(round_trip(all) == all);
  std::ostringstream out;
  rapport::save_policy(all, out);
  json::value file = parse(out.str());
  CHECK(file.as_object().erase("format") == 1);
  CHECK(file.as_object().erase("version") == 1);
  CHECK(file == changed_all);
}

TEST_CASE("scores, reasons, relationships and events round-trip", "[json]") {
  const Network net = rich_network();
  for (const Request& r : sample_requests()) {
    const rapport::Score s = rapport::score(net, r, now);
    CHECK(round_trip(s) == s);
  }
  rapport::Reason reason{.code = rapport::ReasonCode::known_through_tie,
                         .dimension = rapport::Dimension::prior_context,
                         .figures = {0.5, 0, -1},
                         .member = 3,
                         .channel = 1};
  CHECK(round_trip(reason) == reason);

  const rapport::Relationship rel = *net.relationship(0, 1, now);
  const rapport::Relationship back = round_trip(rel);
  CHECK(json::value_from(back) == json::value_from(rel));
  CHECK(back.from_other == rel.from_other);
  CHECK(back.last_meaningful == rel.last_meaningful);

  const std::vector<rapport::Event> events{
      rapport::Member{.handle = "a"}, rapport::Channel{.owner = "a", .name = "b"},
      rapport::Interaction{.from = "a", .to = "b", .at = t0},
      rapport::Post{.owner = "a", .channel = "b", .at = t0}, sample_requests()[0]};
  for (const rapport::Event& e : events) CHECK(round_trip(e) == e);
  CHECK(json::value_from(events[2]).as_object().contains("interaction"));
}

TEST_CASE("timestamps are RFC 3339 text, and unix seconds are read too", "[json]") {
  CHECK(rapport::to_rfc3339(now) == "2026-03-04T10:00:00Z");
  CHECK(rapport::parse_rfc3339("2026-03-04T10:00:00Z") == now);
  CHECK(rapport::parse_rfc3339("2026-03-04t11:30:00+01:30") == now);
  CHECK(rapport::parse_rfc3339("2026-03-04T08:00:00-02:00") == now);
  CHECK(rapport::parse_rfc3339("2026-03-04T10:00:00.999z") == now);
  CHECK(rapport::parse_rfc3339("0000-01-01T00:00:00Z").has_value());
  for (const char* bad : {"2026-02-29T00:00:00Z", "2026-03-04T24:00:00Z", "2026-03-04T10:00:60Z",
                          "2026-03-04 10:00:00Z", "2026-03-04T10:00:00", "2026-03-04T10:00:00+1:00",
                          "2026-3-04T10:00:00Z", "", "2026-03-04T10:00:00.Z", "2026-03-04T10:00:00Zx"})
    CHECK_FALSE(rapport::parse_rfc3339(bad));
  CHECK(json::value_to<rapport::TimeRange>(parse(
            R"({"begin": 1772618400, "end": "2026-03-04T10:00:00Z"})")) == rapport::TimeRange{now, now});
  // Out of RFC 3339's years, timestamps are written as unix seconds.
  CHECK_FALSE(rapport::to_rfc3339(Timestamp{seconds{-62167219201}}));
  CHECK(json::value_from(rapport::TimeRange{Timestamp{seconds{-62167219201}}, now}).as_object().at("begin") ==
        json::value(-62167219201));
}

TEST_CASE("doubles are written so that they read back bit for bit", "[json]") {
  using rapport::to_json_text;
  CHECK(to_json_text(json::value(1.0)) == "1.0");
  CHECK(to_json_text(json::value(0.35)) == "0.35");
  CHECK(to_json_text(json::value(-0.0)) == "-0.0");
  CHECK(to_json_text(json::value(5e57)) == "5e+57");
  CHECK(to_json_text(json::value(std::numeric_limits<double>::quiet_NaN())) == "null");
  for (const double x : {0.1, 1.0 / 3, 5e57, -0.0, 1e-300, std::numeric_limits<double>::max(),
                         std::numeric_limits<double>::denorm_min(), 123456789012345678.0}) {
    const json::value back = parse(to_json_text(json::value(x)));
    REQUIRE(back.is_double());
    CHECK(std::bit_cast<std::uint64_t>(back.get_double()) == std::bit_cast<std::uint64_t>(x));
  }
  CHECK(to_json_text(parse(R"({"a": [1, 2], "b": {"c": "\u00e9\n"}, "d": []})"),
                     rapport::JsonLayout::compact) == "{\"a\":[1,2],\"b\":{\"c\":\"\xC3\xA9\\n\"},\"d\":[]}");
}

// ---------------------------------------------------------------- snapshots

TEST_CASE("a meaningful contact before 1970 is one, and none is none, through a snapshot",
          "[json][snapshot]") {
  // "No meaningful contact yet" is its own state, not the epoch: a meeting dated 1969 counts.
  Network net;
  net.add_member({.handle = "ana"});
  net.add_member({.handle = "ben"});
  net.add_member({.handle = "cy"});
  const rapport::Timestamp moon_landing = std::chrono::sys_days{std::chrono::year{1969} / 7 / 20};
  net.record({.from = "ana", .to = "ben", .kind = InteractionKind::met_in_person, .at = moon_landing});
  net.record({.from = "ana", .to = "cy", .kind = InteractionKind::liked, .at = moon_landing});
  CHECK(net.relationship(0, 1, now)->last_meaningful == moon_landing);
  CHECK_FALSE(net.relationship(0, 2, now)->last_meaningful.has_value());  // a like is not meaningful
  const Network loaded = load(save(net));
  CHECK(loaded.relationship(0, 1, now) == net.relationship(0, 1, now));
  CHECK(loaded.relationship(0, 2, now) == net.relationship(0, 2, now));
  // Snapshots from before wrote the epoch for none: it still reads as none.
  std::string old = save(net);
  const std::string updated = "\"updated\": \"1969-07-20T00:00:00Z\",";
  const auto at = old.rfind(updated);
  REQUIRE(at != std::string::npos);
  old.insert(at + updated.size(), " \"last_meaningful\": \"1970-01-01T00:00:00Z\",");
  CHECK_FALSE(load(old).relationship(0, 2, now)->last_meaningful.has_value());
}

TEST_CASE("a snapshot saves, loads and saves to the same bytes, and scores are bit-identical", "[json]") {
  const Network net = rich_network();
  const std::string first = save(net);
  const Network loaded = load(first);
  CHECK(save(loaded) == first);
  CHECK(scores_text(loaded) == scores_text(net));
  CHECK(relationships_text(loaded) == relationships_text(net));
  CHECK(loaded.last_activity() == net.last_activity());
  for (rapport::MemberId m = 0; m < net.member_count(); ++m) {
    CHECK(loaded.member(m) == net.member(m));
    CHECK(loaded.contacts(m) == net.contacts(m));
    CHECK(std::ranges::equal(loaded.requests_received(m), net.requests_received(m)));
  }
  for (rapport::ChannelId c = 0; c < net.channel_count(); ++c) {
    CHECK(loaded.channel(c) == net.channel(c));
    CHECK(std::ranges::equal(loaded.posts(c), net.posts(c)));
  }
  CHECK(loaded.policy() == net.policy());

  // Recording more after a reload gives the same state as recording it before saving.
  Network a = net, b = loaded;
  for (Network* n : {&a, &b}) {
    n->record({.from = "eve", .to = "ana", .kind = InteractionKind::call, .at = now - hours{2}});
    n->record({.from = "ana", .to = "ben", .kind = InteractionKind::message, .at = now - hours{1}});
  }
  CHECK(save(a) == save(b));
  CHECK(scores_text(a) == scores_text(b));
}

TEST_CASE("a snapshot restores the owner's top ties, so vouching scores the same", "[json]") {
  Network net;
  for (const char* h : {"ana", "ben", "cara", "dan", "eli", "fay", "gus", "hal", "ivy", "jo", "kim"})
    net.add_member({.handle = h, .name = h, .topics = {{"marketing"}}});
  // Ana knows ten people about equally; the best-known know the requester, Zed.
  net.add_member({.handle = "zed", .name = "Zed", .topics = {{"marketing"}}});
  const char* ties[] = {"ben", "cara", "dan", "eli", "fay", "gus", "hal", "ivy", "jo", "kim"};
  for (int i = 0; i < 10; ++i) {
    net.record(
        {.from = "ana", .to = ties[i], .kind = InteractionKind::met_in_person, .at = t0 - days{100 - i}});
    net.record(
        {.from = ties[i], .to = "zed", .kind = InteractionKind::collaborated, .at = t0 - days{50 - i}});
  }
  const Request ask{.requester = "zed", .owner = "ana", .topics = {"marketing"}, .received = now};
  const rapport::Score before = rapport::score(net, ask, now);
  REQUIRE(before.reasons.find(rapport::ReasonCode::known_through_tie));
  const Network loaded = load(save(net));
  const rapport::Score after = rapport::score(loaded, ask, now);
  CHECK(rapport::to_json_text(json::value_from(after)) == rapport::to_json_text(json::value_from(before)));
  CHECK(save(loaded) == save(net));
}

TEST_CASE("a hand-written snapshot may leave out relationship state and top ties", "[json]") {
  const Network net = load(R"({"format": "rapport.network", "version": 1,
    "members": [{"handle": "ana", "topics": ["marketing"]}, {"handle": "ben"}],
    "pairs": [{"between": ["ben", "ana"], "first": "2026-01-01T00:00:00Z", "updated": "2026-02-01T00:00:00Z",
               "views": [{"knowledge": 1.5}, {"knowledge": 3, "received": 1, "from_other": {"met_in_person": 1}}]}]})");
  REQUIRE(net.member_count() == 2);
  const auto rel = net.relationship(0, 1, sys_days{year{2026} / 2 / 1});
  REQUIRE(rel);
  CHECK_THAT(rel->knowledge,
             WithinRel(3.0, single_precision));  // views follow "between": ana's view is the second
  CHECK_THAT(rel->received, WithinRel(1.0, single_precision));
  CHECK(rel->from_other[0] == 1);
  CHECK_THAT(net.relationship(1, 0, sys_days{year{2026} / 2 / 1})->knowledge,
             WithinRel(1.5, single_precision));
  CHECK(net.contacts(0) == std::vector<rapport::MemberId>{1});
  CHECK(net.last_activity() == Timestamp{sys_days{year{2026} / 2 / 1}});
  const auto saved = parse(save(net));
  CHECK(saved.at("top_ties").as_array().size() == 2);  // recomputed: each knows the other
}

TEST_CASE("a pair's count of events of one kind stops at 65,535, but for messages", "[json]") {
  // A history past the counts' 16 bits reads as their largest; messages keep 32 bits.
  const Network net = load(R"({"format": "rapport.network", "version": 1,
    "members": [{"handle": "ana"}, {"handle": "ben"}],
    "pairs": [{"between": ["ana", "ben"], "first": "2026-01-01T00:00:00Z", "updated": "2026-02-01T00:00:00Z",
               "views": [{"knowledge": 1, "from_other": {"liked": 70000, "message": 70000, "call": 65535}},
                         {"knowledge": 1, "from_other": {"purchased": 3}}]}]})");
  const Timestamp at{sys_days{year{2026} / 2 / 1}};
  const auto rel = net.relationship(0, 1, at);
  REQUIRE(rel);
  CHECK(rel->by_other(rapport::InteractionKind::liked) == 65'535);
  CHECK(rel->by_other(rapport::InteractionKind::call) == 65'535);
  CHECK(rel->by_other(rapport::InteractionKind::message) == 70'000);
  CHECK(rel->by_owner(rapport::InteractionKind::purchased) == 3);
  // Another like leaves the count where it is.
  Network more = net;
  more.record({.from = "ben", .to = "ana", .kind = rapport::InteractionKind::liked, .at = at});
  more.record({.from = "ben", .to = "ana", .kind = rapport::InteractionKind::call, .at = at});
  CHECK(more.relationship(0, 1, at)->by_other(rapport::InteractionKind::liked) == 65'535);
  CHECK(more.relationship(0, 1, at)->by_other(rapport::InteractionKind::call) == 65'535);
  more.record({.from = "ana", .to = "ben", .kind = rapport::InteractionKind::purchased, .at = at});
  CHECK(more.relationship(0, 1, at)->by_owner(rapport::InteractionKind::purchased) == 4);
}

TEST_CASE("a failed snapshot load leaves the target as it was", "[json]") {
  Network net = rich_network();
  const std::string before = save(net);
  std::string text = before;
  text.replace(text.rfind("\"key\": "), 7, "\"key\": \"x\", \"k\": ");
  CHECK_THROWS_AS(net = load(text), JsonError);
  CHECK(save(net) == before);
}

// ---------------------------------------------------------------- errors

TEST_CASE("errors name the file, the JSON path and what was wrong", "[json]") {
  const std::string head = R"({"format": "rapport.requests", "version": 1, "requests": [)";
  const std::string ok = R"({"requester": "b", "owner": "a", "received": "2026-03-04T10:00:00Z"})";
  const auto requests = [&](const std::string& fourth) {
    return head + ok + ", " + ok + ", " + ok + ", " + fourth + "]}";
  };

  SECTION("wrong type") {
    const std::string msg = error_of(
        [&] {
          requests_of(requests(R"({"requester": "b", "owner": "a", "received": 0, "topics": ["x", 42]})"));
        },
        Errc::wrong_type, "requests.json: requests[3].topics[1]");
    CHECK(msg == "requests.json: requests[3].topics[1]: expected a string (got '42')");
  }
  SECTION("missing field") {
    const std::string msg = error_of([&] { requests_of(requests(R"({"requester": "b", "received": 0})")); },
                                     Errc::missing_field, "requests.json: requests[3].owner");
    CHECK(msg == "requests.json: requests[3].owner: missing field");
  }
  SECTION("unknown field") {
    error_of(
        [&] { requests_of(requests(R"({"requester": "b", "owner": "a", "received": 0, "wanted": 1})")); },
        Errc::unknown_field, "requests.json: requests[3].wanted");
    error_of([&] { requests_of(head + "], \"extra\": true}"); }, Errc::unknown_field, "requests.json: extra");
  }
  SECTION("bad enum name") {
    const std::string msg = error_of(
        [&] {
          requests_of(requests(R"({"requester": "b", "owner": "a", "received": 0, "kind": "sharee"})"));
        },
        Errc::unknown_name, "requests.json: requests[3].kind");
    CHECK_THAT(msg, Catch::Matchers::ContainsSubstring("expected one of share, mention") &&
                        Catch::Matchers::ContainsSubstring("(got '\"sharee\"')"));
  }
  SECTION("bad timestamp") {
    error_of(
        [&] {
          requests_of(requests(R"({"requester": "b", "owner": "a", "received": "2026-02-30T00:00:00Z"})"));
        },
        Errc::invalid_timestamp, "requests.json: requests[3].received");
    error_of([&] { requests_of(requests(R"({"requester": "b", "owner": "a", "received": 1.5})")); },
             Errc::invalid_timestamp, "requests.json: requests[3].received");
    error_of([&] { requests_of(requests(R"({"requester": "b", "owner": "a", "received": true})")); },
             Errc::wrong_type, "requests.json: requests[3].received");
    error_of(
        [&] { requests_of(requests(R"({"requester": "b", "owner": "a", "received": 999999999999999})")); },
        Errc::invalid_timestamp, "requests.json: requests[3].received");
  }
  SECTION("non-finite and out-of-range numbers") {
    const std::string msg = error_of(
        [&] {
          requests_of(
              requests(R"({"requester": "b", "owner": "a", "received": 0, "content_quality": 1e999})"));
        },
        Errc::out_of_range, "requests.json: requests[3].content_quality");
    CHECK(msg == "requests.json: requests[3].content_quality: number too large (got '1e999')");
    error_of(
        [&] {
          requests_of(requests(R"({"requester": "b", "owner": "a", "received": 0, "content_quality": 1.5})"));
        },
        Errc::out_of_range, "requests.json: requests[3].content_quality");
    error_of([] { policy_of(R"({"format": "rapport.policy", "version": 1, "vouching_ties": 4294967296})"); },
             Errc::out_of_range, "policy.json: vouching_ties");
    error_of([] { policy_of(R"({"format": "rapport.policy", "version": 1, "vouching_ties": 2.0})"); },
             Errc::wrong_type, "policy.json: vouching_ties");
  }
  SECTION("format and version") {
    error_of([] { requests_of(R"({"format": "rapport.requests", "version": 2, "requests": []})"); },
             Errc::unsupported_version, "requests.json: version");
    error_of([] { requests_of(R"({"format": "rapport.policy", "version": 1, "requests": []})"); },
             Errc::wrong_format, "requests.json: format");
    error_of([] { requests_of(R"({"version": 1, "requests": []})"); }, Errc::missing_field,
             "requests.json: format");
    error_of([] { requests_of(R"([1, 2])"); }, Errc::wrong_type, "requests.json");
  }
  SECTION("malformed JSON names the line and column") {
    const std::string msg =
        error_of([] { requests_of("{\"format\": \"rapport.requests\",\n  \"version\": 1,,\n}"); },
                 Errc::parse_error, "requests.json:2:16");
    CHECK_THAT(msg, Catch::Matchers::StartsWith("requests.json:2:16: invalid JSON: syntax error"));
    CHECK(error_of([] { requests_of("{\"a\": \"\xff\"}"); }, Errc::parse_error, "requests.json:1:8") ==
          "requests.json:1:8: invalid JSON: invalid UTF-8 (got '\\xFF')");
    error_of([] { requests_of(""); }, Errc::parse_error, "requests.json:1:1");
    CHECK(error_of([] { requests_of("{} x"); }, Errc::parse_error, "requests.json:1:4") ==
          "requests.json:1:4: invalid JSON: extra data (got 'x')");
  }
  SECTION("invalid UTF-8 is named as such, its bytes shown, not echoed") {
    const auto utf8_error = [](std::string_view bytes) {
      return error_of([&] { requests_of("[\"" + std::string(bytes) + "\"]"); }, Errc::parse_error,
                      "requests.json:1:3");
    };
    CHECK(utf8_error("\xC3") == "requests.json:1:3: invalid JSON: invalid UTF-8 (got '\\xC3')");  // cut short
    CHECK(utf8_error("\xC0\x80") ==
          "requests.json:1:3: invalid JSON: invalid UTF-8 (got '\\xC0\\x80')");  // overlong
    CHECK(utf8_error("\xE0\x80\x80") ==
          "requests.json:1:3: invalid JSON: invalid UTF-8 (got '\\xE0\\x80\\x80')");  // overlong
    CHECK(utf8_error("\xED\xA0\x80") ==
          "requests.json:1:3: invalid JSON: invalid UTF-8 (got '\\xED\\xA0\\x80')");  // a surrogate
    CHECK(utf8_error("\xF0\x80\x80\x80") ==
          "requests.json:1:3: invalid JSON: invalid UTF-8 (got '\\xF0\\x80\\x80\\x80')");  // overlong
    CHECK(utf8_error("\xF4\x90\x80\x80") ==
          "requests.json:1:3: invalid JSON: invalid UTF-8 (got '\\xF4\\x90\\x80\\x80')");  // beyond U+10FFFF
    CHECK(utf8_error("\xE2\x82x") == "requests.json:1:3: invalid JSON: invalid UTF-8 (got '\\xE2\\x82')");
    // Valid UTF-8 where JSON allows no text is a syntax error like any other.
    CHECK(error_of([] { requests_of("[\xC3\xA9]"); }, Errc::parse_error, "requests.json:1:2") ==
          "requests.json:1:2: invalid JSON: syntax error (got '\xC3\xA9]')");
    CHECK(parse("[\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\"]").at(0).as_string().size() == 13);
  }
  SECTION("arrays and objects nest 32 deep at most") {
    const auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
    CHECK(parse(nested(32)).is_array());
    CHECK(error_of([&] { requests_of(nested(33)); }, Errc::parse_error, "requests.json:1:33") ==
          "requests.json:1:33: invalid JSON: more than 32 arrays and objects nested in one another (got "
          "'[]]]]]]]]]]]]]]]]]]]')");
  }
  SECTION("a key twice in one object") {
    CHECK(error_of([] { requests_of(R"({"format": "a", "format": "b"})"); }, Errc::duplicate_key,
                   "requests.json") == "requests.json: duplicate key (got '\"format\"')");
    error_of([] { requests_of(R"({"a": [0, {"b": {"c": 1, "d": 2, "c": 3}}]})"); }, Errc::duplicate_key,
             "requests.json: a[1].b");
    // A large object is checked as well as a small one.
    std::string many = "{";
    for (int i = 0; i < 40; ++i) many += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    CHECK(parse(many + "\"last\": 0}").as_object().size() == 41);
    CHECK(error_of([&] { requests_of(many + "\"k17\": 0}"); }, Errc::duplicate_key, "requests.json") ==
          "requests.json: duplicate key (got '\"k17\"')");
    // Keys with escapes are compared as what they decode to.
    error_of([] { requests_of(R"({"x": {"\u0061": 1, "a": 2}})"); }, Errc::duplicate_key, "requests.json: x");
  }
  SECTION("a number too large to hold, quoted as written, whatever the field") {
    for (const std::string number : {"1e999", "-1e999", "10e308", "18446744073709551616",
                                     "-9223372036854775809", "123456789012345678901234567890"}) {
      CHECK(error_of([&] { requests_of(R"({"format": [1, {"x": )" + number + "}]}"); }, Errc::out_of_range,
                     "requests.json: format[1].x") ==
            "requests.json: format[1].x: number too large (got '" + number + "')");
    }
    CHECK(parse("[18446744073709551615, -9223372036854775808, 1e308, 1.5e-400, 1e20]").as_array().size() ==
          5);
  }
  SECTION("conversions without a file name the path alone") {
    error_of(
        [] { (void)json::value_to<rapport::Member>(parse(R"({"handle": "a", "topics": [{"path": 1}]})")); },
        Errc::wrong_type, "topics[0].path");
    CHECK(json::try_value_to<rapport::Member>(parse("[]")).has_error());
    // Only a document built in code can hold an infinity: JSON has no text for one.
    CHECK(error_of(
              [] {
                (void)json::value_to<rapport::Member>(json::value{{"handle", "a"}, {"energy", -HUGE_VAL}});
              },
              Errc::not_finite, "energy") == "energy: must be a finite number (got '-inf')");
  }
  SECTION("a number beyond int64 in a field of doubles is out of its range, as written") {
    CHECK(
        error_of(
            [&] {
              requests_of(requests(
                  R"({"requester": "b", "owner": "a", "received": 0, "content_quality": 10000000000000000000})"));
            },
            Errc::out_of_range, "requests.json: requests[3].content_quality") ==
        "requests.json: requests[3].content_quality: out of range (got '10000000000000000000')");
  }
  SECTION("a long value is quoted cut short, and never inside a UTF-8 character") {
    const std::string ascii(100, 'x');
    CHECK(error_of(
              [&] {
                requests_of(
                    requests(R"({"requester": "b", "owner": "a", "received": 0, "x": ")" + ascii + "\"}"));
              },
              Errc::unknown_field, "requests.json: requests[3].x") ==
          "requests.json: requests[3].x: unknown field (got '\"" + std::string(79, 'x') + "...')");
    std::string accents;
    for (int i = 0; i < 50; ++i) accents += "\xC3\xA9";
    CHECK(error_of(
              [&] {
                requests_of(
                    requests(R"({"requester": "b", "owner": "a", "received": 0, "x": ")" + accents + "\"}"));
              },
              Errc::unknown_field, "requests.json: requests[3].x") ==
          "requests.json: requests[3].x: unknown field (got '\"" + accents.substr(0, 78) + "...')");
  }
}

TEST_CASE("policy files: every field optional, unknown fields rejected, values validated", "[json]") {
  CHECK(policy_of(R"({"format": "rapport.policy", "version": 1})") == Policy{});
  const Policy p = policy_of(R"({"format": "rapport.policy", "version": 1,
      "gates": {"accept": 0.6}, "kinds": {"call": {"value": 0.25}}, "offer_value": {"payment": 0.5},
      "capacity": {"dunbar_layers": [4, 12, 40, 120]}})");
  Policy expected;
  expected.gates.accept = 0.6;
  expected.kinds[static_cast<std::size_t>(InteractionKind::call)].value = 0.25;
  expected.offer_value[static_cast<std::size_t>(rapport::Offer::payment)] = 0.5;
  expected.capacity.dunbar_layers = {4, 12, 40, 120};
  CHECK(p == expected);

  std::ostringstream out;
  rapport::save_policy(expected, out);
  CHECK(policy_of(out.str()) == expected);

  error_of([] { policy_of(R"({"format": "rapport.policy", "version": 1, "weights": {"relevence": 0.3}})"); },
           Errc::unknown_field, "policy.json: weights.relevence");
  error_of([] { policy_of(R"({"format": "rapport.policy", "version": 1, "kinds": {"hug": {}}})"); },
           Errc::unknown_field, "policy.json: kinds.hug");
  error_of(
      [] {
        policy_of(R"({"format": "rapport.policy", "version": 1, "capacity": {"dunbar_layers": [1, 2]}})");
      },
      Errc::out_of_range, "policy.json: capacity.dunbar_layers");
  const std::string msg =
      error_of([] { policy_of(R"({"format": "rapport.policy", "version": 1, "gates": {"accept": 2}})"); },
               Errc::invalid_policy, "policy.json: gates.accept");
  CHECK(msg == "policy.json: gates.accept: invalid policy value (got '2')");
  error_of(
      [] {
        policy_of(R"({"format": "rapport.policy", "version": 1, "kinds": {"call": {"actor_learns": -1}}})");
      },
      Errc::invalid_policy, "policy.json: kinds.call.actor_learns");
}

TEST_CASE("snapshot errors name the path and leave nothing half-loaded", "[json]") {
  const auto snapshot = [](const std::string& body) {
    return R"({"format": "rapport.network", "version": 1, "members": [{"handle": "ana"}, {"handle": "ben"}])" +
           body + "}";
  };
  error_of([&] { load(snapshot(R"(, "channels": [{"owner": "zed", "name": "x"}])")); }, Errc::unknown_member,
           "net.json: channels[0].owner");
  error_of(
      [&] {
        load(R"({"format": "rapport.network", "version": 1, "members": [{"handle": "a"}, {"handle": "a"}]})");
      },
      Errc::duplicate_member, "net.json: members[1].handle");
  error_of(
      [&] {
        load(R"({"format": "rapport.network", "version": 1, "members": [{"handle": "a", "energy": 2}]})");
      },
      Errc::out_of_range, "net.json: members[0].energy");
  error_of([&] { load(snapshot(R"(, "posts": [{"owner": "ana", "channel": "blog", "at": 0}])")); },
           Errc::unknown_channel, "net.json: posts[0].channel");
  error_of(
      [&] {
        load(R"({"format": "rapport.network", "version": 1, "policy": {"decay": {"context_half_life": 0}}})");
      },
      Errc::invalid_policy, "net.json: policy.decay.context_half_life");
  const std::string pair = R"({"between": ["ana", "ben"], "first": 0, "updated": 10, "views": [{}, {}]})";
  error_of([&] { load(snapshot(R"(, "pairs": [)" + pair + ", " + pair + "]")); }, Errc::inconsistent_state,
           "net.json: pairs[1].between");
  error_of(
      [&] {
        load(snapshot(
            R"(, "pairs": [{"between": ["ana", "ana"], "first": 0, "updated": 0, "views": [{}, {}]}])"));
      },
      Errc::self_interaction, "net.json: pairs[0].between[1]");
  error_of(
      [&] {
        load(snapshot(
            R"(, "pairs": [{"between": ["ana", "ben"], "first": 9, "updated": 0, "views": [{}, {}]}])"));
      },
      Errc::inconsistent_state, "net.json: pairs[0].updated");
  error_of(
      [&] {
        load(snapshot(
            R"(, "pairs": [{"between": ["ana", "ben"], "first": 0, "updated": 0, "views": [{}, {"asks": -1}]}])"));
      },
      Errc::out_of_range, "net.json: pairs[0].views[1].asks");
  error_of(
      [&] {
        load(snapshot(
            R"(, "pairs": [)" + pair +
            R"(], "top_ties": [{"owner": "ana", "ties": [{"member": "ben", "key": 1, "since": 0}, {"member": "ben", "key": 0, "since": 0}]}])"));
      },
      Errc::inconsistent_state, "net.json: top_ties[0].ties[1].member");
  error_of(
      [&] {
        load(snapshot(
            R"(, "top_ties": [{"owner": "ana", "ties": [{"member": "ana", "key": 1, "since": 0}]}])"));
      },
      Errc::inconsistent_state, "net.json: top_ties[0].ties[0].member");
}

// ---------------------------------------------------------------- event logs

TEST_CASE("an event log of outcomes reads back as the events written", "[json]") {
  const rapport::Request request{.requester = "ben", .owner = "ana", .received = now};
  const std::vector<rapport::Event> events{
      rapport::Outcome{.owner = "ana", .request_id = "r1", .kind = rapport::OutcomeKind::declined, .at = now},
      rapport::Outcome{.request = request, .kind = rapport::OutcomeKind::accepted, .at = now + hours{1}},
  };
  std::ostringstream out;
  rapport::save_events(events, out);
  std::istringstream in(out.str());
  const std::vector<rapport::Event> again = rapport::load_events(in, "events.jsonl");
  CHECK(again == events);
  CHECK_FALSE(again[0] == again[1]);
  const rapport::Outcome& outcome = std::get<rapport::Outcome>(events[1].change);
  CHECK(json::value_to<rapport::Outcome>(json::value_from(outcome)) == outcome);
  CHECK(json::value_from(rapport::OutcomeKind::not_important) == "not_important");
  CHECK(json::value_to<rapport::OutcomeKind>(json::value("answered")) == rapport::OutcomeKind::answered);
}

TEST_CASE("a request file reads back as the requests written", "[json]") {
  std::vector<rapport::Request> requests{
      {.id = "r1", .requester = "ben", .owner = "ana", .topics = {"marketing"}, .received = now},
      {.requester = "@zoe@example.social",
       .owner = "ana",
       .content_quality = 0.5,
       .received = now,
       .wanted_by = now + days{2}},
  };
  std::ostringstream out;
  rapport::save_requests(requests, out);
  std::istringstream in(out.str());
  CHECK(rapport::load_requests(in, "requests.json") == requests);
}

TEST_CASE("event logs replay into a network, and errors name the line", "[json]") {
  const std::string log =
      "{\"format\": \"rapport.events\", \"version\": 1}\n"
      "{\"member\": {\"handle\": \"ana\", \"topics\": [\"marketing\"]}}\n"
      "\n"
      "{\"member\": {\"handle\": \"ben\"}}\r\n"
      "{\"channel\": {\"owner\": \"ana\", \"name\": \"blog\", \"audience_size\": 100}}\n"
      "{\"interaction\": {\"from\": \"ana\", \"to\": \"ben\", \"kind\": \"met_in_person\", \"at\": "
      "\"2026-03-01T12:00:00Z\"}}\n"
      "{\"post\": {\"owner\": \"ana\", \"channel\": \"blog\", \"at\": 1772366400}}\n"
      "{\"request\": {\"requester\": \"ben\", \"owner\": \"ana\", \"received\": \"2026-03-02T00:00:00Z\"}}\n"
      "{\"member\": {\"handle\": \"ben\", \"name\": \"Ben B\"}}\n";
  Network net;
  apply_log(net, log);
  REQUIRE(net.member_count() == 2);
  CHECK(net.member(1).name == "Ben B");  // a member line for an existing handle replaces it
  CHECK(net.posts(0).size() == 1);
  CHECK(net.requests_received(0).size() == 1);
  CHECK(net.relationship(0, 1, now)->count(InteractionKind::met_in_person) == 1);
  CHECK(net.relationship(0, 1, now)->count(InteractionKind::asked) == 1);

  // Saving the events and replaying them rebuilds the same network.
  std::istringstream in(log);
  const std::vector<rapport::Event> events = rapport::load_events(in, "events.jsonl");
  CHECK(events.size() == 7);
  std::ostringstream out;
  rapport::save_events(events, out);
  Network again;
  apply_log(again, out.str());
  CHECK(save(again) == save(net));
  std::ostringstream line;
  rapport::write_event(events[0], line);
  CHECK(line.str() ==
        "{\"member\":{\"handle\":\"ana\",\"name\":\"\",\"topics\":[\"marketing\"],\"competitor\":false,"
        "\"strategic\":false,\"cadence\":30,\"launches\":[],\"energy\":1.0}}\n");

  const std::string before = save(net);
  const auto fails = [&](const std::string& text, Errc code, std::string_view field) {
    error_of([&] { apply_log(net, text); }, code, field);
    CHECK(save(net) == before);  // all or nothing
  };
  const std::string good =
      "{\"interaction\": {\"from\": \"ben\", \"to\": \"ana\", \"kind\": \"call\", \"at\": 1772800000}}\n";
  fails(good + "\n{\"interaction\": {\"from\": \"ana\", \"to\": \"ben\", \"kind\": \"hug\", \"at\": 0}}\n",
        Errc::unknown_name, "events.jsonl:3: interaction.kind");
  fails(
      good + good +
          "{\"interaction\": {\"from\": \"ana\", \"to\": \"zed\", \"kind\": \"call\", \"at\": 1772800000}}\n",
      Errc::unknown_member, "events.jsonl:3: interaction.to");
  fails(good + "{\"post\": {\"owner\": \"ana\", \"channel\": \"nope\", \"at\": 0}}\n", Errc::unknown_channel,
        "events.jsonl:2: post.channel");
  fails(good + "{\"request\": {\"requester\": \"ben\", \"owner\": \"ana\", \"received\": 0}}\n",
        Errc::stale_event, "events.jsonl:2: request.received");
  fails(good + "{\"member\": {\"handle\": \"ana\", \"energy\": -1}}\n", Errc::out_of_range,
        "events.jsonl:2: member.energy");
  fails(good + "{\"memberr\": {}}\n", Errc::unknown_name, "events.jsonl:2");
  fails(good + "{\"member\": {\"handle\": \"x\"}, \"post\": {}}\n", Errc::unknown_field,
        "events.jsonl:2: post");
  fails(good + "{}\n", Errc::missing_field, "events.jsonl:2");
  fails(good + "[]\n", Errc::wrong_type, "events.jsonl:2");
  fails(good + "{\"member\": \n", Errc::parse_error, "events.jsonl:2:12");
  fails(good + "{\"format\": \"rapport.events\", \"version\": 7}\n", Errc::unsupported_version,
        "events.jsonl:2: version");
}

TEST_CASE("applying an event log twice changes nothing the second time and counts the skips",
          "[json][events]") {
  const std::string log =
      "{\"member\": {\"handle\": \"ana\"}}\n"
      "{\"member\": {\"handle\": \"ben\"}}\n"
      "{\"channel\": {\"owner\": \"ana\", \"name\": \"blog\"}}\n"
      "{\"interaction\": {\"from\": \"ana\", \"to\": \"ben\", \"kind\": \"call\", \"at\": 1772000000}}\n"
      "{\"interaction\": {\"id\": \"m-1\", \"from\": \"ben\", \"to\": \"ana\", \"kind\": \"message\", "
      "\"at\": 1772100000}}\n"
      "{\"post\": {\"id\": \"p-1\", \"owner\": \"ana\", \"channel\": \"blog\", \"at\": 1772200000}}\n"
      "{\"request\": {\"id\": \"r-1\", \"requester\": \"ben\", \"owner\": \"ana\", \"received\": "
      "1772300000}}\n"
      "{\"request\": {\"requester\": \"zoe\", \"owner\": \"ana\", \"received\": 1772300000}}\n"
      "{\"interaction\": {\"from\": \"ana\", \"to\": \"ben\", \"kind\": \"call\", \"at\": 1772000000}}\n";
  Network net;
  const auto apply = [&](std::string_view text) {
    std::istringstream in{std::string(text)};
    return rapport::apply_event_log(net, in, "events.jsonl");
  };
  CHECK(apply(log) == rapport::AppliedEvents{.applied = 8, .skipped = 1});  // the last line repeats the 4th
  const std::string once = save(net);
  // Members and channels the network holds as they are change nothing either: all is skipped.
  CHECK(apply(log) == rapport::AppliedEvents{.applied = 0, .skipped = 9});
  CHECK(save(net) == once);
  // The fingerprints are in the snapshot: a network loaded from it skips them too.
  net = load(once);
  CHECK(apply(log) == rapport::AppliedEvents{.applied = 0, .skipped = 9});
  // A changed member is applied: it replaces the one held.
  CHECK(apply("{\"member\": {\"handle\": \"ben\", \"name\": \"Ben\"}}\n") ==
        rapport::AppliedEvents{.applied = 1, .skipped = 0});
  net = load(once);
  CHECK(save(net) == once);
  // The same id with other content is the same event.
  CHECK(apply("{\"interaction\": {\"id\": \"m-1\", \"from\": \"ana\", \"to\": \"ben\", \"kind\": "
              "\"promoted\", \"at\": 1772400000}}\n") == rapport::AppliedEvents{.applied = 0, .skipped = 1});
  CHECK(save(net) == once);
  // A bad line after new events leaves the network, fingerprints included, as it was.
  const std::string fresh =
      "{\"interaction\": {\"from\": \"ana\", \"to\": \"ben\", \"kind\": \"call\", \"at\": 1772500000}}\n";
  error_of([&] { apply(fresh + "{\"post\": {\"owner\": \"ana\", \"channel\": \"nope\", \"at\": 0}}\n"); },
           Errc::unknown_channel, "events.jsonl:2: post.channel");
  CHECK(save(net) == once);
  CHECK(apply(fresh) == rapport::AppliedEvents{.applied = 1, .skipped = 0});
}

TEST_CASE("an event log's simultaneous interactions apply the same in any order", "[json][events]") {
  const std::string members =
      "{\"member\": {\"handle\": \"ana\"}}\n{\"member\": {\"handle\": \"ben\"}}\n"
      "{\"member\": {\"handle\": \"cy\"}}\n";
  const auto line = [](std::string_view from, std::string_view to, std::string_view kind, int at,
                       std::string_view weight = "1") {
    return "{\"interaction\": {\"from\": \"" + std::string(from) + "\", \"to\": \"" + std::string(to) +
           "\", \"kind\": \"" + std::string(kind) + "\", \"at\": " + std::to_string(1772000000 + at) +
           ", \"weight\": " + std::string(weight) + "}}\n";
  };
  // Per second, lines whose order matters one at a time: single-precision sums of three terms, and
  // which of two messages between a pair is the first contact and which the answer.
  const std::vector<std::vector<std::string>> seconds{
      {line("ana", "ben", "message", 0), line("ben", "ana", "message", 0), line("cy", "ana", "message", 0)},
      {line("ana", "ben", "collaborated", 60, "0.7"), line("ana", "ben", "call", 60, "0.3"),
       line("ana", "ben", "met_in_person", 60, "0.1"), line("ben", "cy", "liked", 60)},
      {line("cy", "ben", "message", 900), line("ben", "cy", "message", 900),
       line("ana", "cy", "message", 900)}};
  std::string listed = members, reversed = members;
  for (const auto& lines : seconds) {
    for (const std::string& l : lines) listed += l;
    for (auto l = lines.rbegin(); l != lines.rend(); ++l) reversed += *l;
  }
  Network a, b;
  apply_log(a, listed);
  apply_log(b, reversed);
  CHECK(save(a) == save(b));

  // Applied one at a time, as listed, the orders differ: the log above is one where the order shows.
  Network one_by_one, other_way;
  for (auto* net : {&one_by_one, &other_way}) apply_log(*net, members);
  std::istringstream in_listed(listed), in_reversed(reversed);
  for (const rapport::Event& e : rapport::load_events(in_listed, "listed.jsonl"))
    rapport::apply(one_by_one, e);
  for (const rapport::Event& e : rapport::load_events(in_reversed, "reversed.jsonl"))
    rapport::apply(other_way, e);
  CHECK(save(one_by_one) != save(other_way));
}

TEST_CASE("fingerprints and request histories survive a snapshot round trip", "[json][events]") {
  const Network net = rich_network();
  const Network loaded = load(save(net));
  const auto ana = *net.find_member("ana");
  REQUIRE(net.requests_from(ana, "stranger").has_value());
  CHECK(loaded.requests_from(ana, "stranger") == net.requests_from(ana, "stranger"));
  CHECK(loaded.requests_from(ana, "ben") == net.requests_from(ana, "ben"));
  Network again = loaded;
  CHECK_FALSE(again.record(Request{.requester = "stranger", .owner = "ana", .received = t0 - days{2}}));
  CHECK_FALSE(again.record(rapport::Post{.owner = "ben", .channel = "podcast", .at = t0 - days{1}}));
  CHECK_FALSE(again.record({.from = "dex", .to = "ana", .kind = InteractionKind::liked, .at = t0 - days{5}}));
  CHECK(save(again) == save(net));

  // A snapshot written before fingerprints and histories were kept still loads, without them.
  json::value older = parse(save(net));
  older.as_object().erase("fingerprints");
  older.as_object().erase("asks");
  Network old = load(rapport::to_json_text(older));
  CHECK_FALSE(old.requests_from(ana, "stranger").has_value());
  CHECK(old.record(Request{.requester = "stranger", .owner = "ana", .received = t0 - days{2}}));
}

TEST_CASE("interactions and posts carry their id in JSON only when they have one", "[json][events]") {
  rapport::Interaction e{.from = "ana", .to = "ben", .kind = InteractionKind::call, .at = t0};
  CHECK_FALSE(json::value_from(e).as_object().contains("id"));
  e.id = "call-7";
  CHECK(json::value_from(e).at("id") == "call-7");
  CHECK(round_trip(e) == e);
  rapport::Post p{.owner = "ana", .channel = "blog", .at = t0};
  CHECK_FALSE(json::value_from(p).as_object().contains("id"));
  p.id = "post-7";
  CHECK(round_trip(p) == p);
}

TEST_CASE("a reply and a member's aliases appear in JSON only when there are some", "[json][events]") {
  rapport::Interaction e{.from = "ana", .to = "ben", .kind = InteractionKind::message, .at = t0};
  CHECK_FALSE(json::value_from(e).as_object().contains("reply"));
  e.reply = true;
  CHECK(json::value_from(e).at("reply") == true);
  CHECK(round_trip(e) == e);
  rapport::Member m{.handle = "https://example.social/users/ana"};
  CHECK_FALSE(json::value_from(m).as_object().contains("aliases"));
  m.aliases = {"@ana@example.social", "https://example.social/@ana"};
  CHECK(json::value_from(m).at("aliases") ==
        json::array{"@ana@example.social", "https://example.social/@ana"});
  CHECK(round_trip(m) == m);
}

TEST_CASE("a snapshot keeps aliases; older versions still load; a clash names its path", "[json][aliases]") {
  Network net;
  net.add_member({.handle = "https://example.social/users/ana", .aliases = {"@ana@example.social"}});
  net.add_member({.handle = "https://other.example/users/ben",
                  .aliases = {"@ben@other.example", "https://other.example/@ben"}});
  net.record(
      {.from = "@ana@example.social", .to = "@ben@other.example", .kind = InteractionKind::call, .at = t0});
  const std::string text = save(net);
  CHECK_THAT(text, Catch::Matchers::ContainsSubstring(R"("version": 7)"));
  const Network loaded = load(text);
  CHECK(save(loaded) == text);
  CHECK(loaded.member(1) == net.member(1));
  CHECK(loaded.find_member("https://other.example/@ben") == 1u);
  CHECK(loaded.relationship(0, 1, t0) == net.relationship(0, 1, t0));

  for (const char* version : {"1", "2", "3"}) {
    const Network old = load(std::string(R"({"format": "rapport.network", "version": )") + version +
                             R"(, "members": [{"handle": "ana"}, {"handle": "ben"}]})");
    CHECK(old.member_count() == 2);
    CHECK(old.member(1).aliases.empty());
  }
  error_of(
      [&] {
        load(R"({"format": "rapport.network", "version": 3, "members": [
                 {"handle": "ana", "aliases": ["@ana@example.social"]},
                 {"handle": "ben", "aliases": ["@ben@other.example", "@ana@Example.Social"]}]})");
      },
      Errc::duplicate_alias, "net.json: members[1].aliases[1]");
}

TEST_CASE("bad fingerprints and request histories in a snapshot name their path", "[json][events][errors]") {
  const auto snapshot = [](const std::string& body) {
    return R"({"format": "rapport.network", "version": 1, "members": [{"handle": "ana"}, {"handle": "ben"}])" +
           body + "}";
  };
  error_of([&] { load(snapshot(R"(, "fingerprints": ["0123"])")); }, Errc::wrong_type,
           "net.json: fingerprints[0]");
  error_of([&] { load(snapshot(R"(, "fingerprints": ["00000000000000000"])")); }, Errc::wrong_type,
           "net.json: fingerprints[0]");
  error_of([&] { load(snapshot(R"(, "fingerprints": ["0000000000000000"])")); }, Errc::wrong_type,
           "net.json: fingerprints[0]");
  error_of([&] { load(snapshot(R"(, "fingerprints": ["00000000000000zz"])")); }, Errc::wrong_type,
           "net.json: fingerprints[0]");
  CHECK_NOTHROW(load(snapshot(R"(, "fingerprints": ["00000000000000ff", "ffffffffffffffff"])")));
  const std::string ask =
      R"({"owner": "ana", "requester": "zoe", "count": 2, "first": 0, "last": 10, "decayed": 1.5})";
  const Network net = load(snapshot(R"(, "asks": [)" + ask + "]"));
  const auto zoe = net.requests_from(0, "zoe");
  REQUIRE(zoe.has_value());
  CHECK(*zoe == rapport::RequestHistory{
                    .count = 2, .first = Timestamp{}, .last = Timestamp{seconds{10}}, .decayed = 1.5});
  error_of([&] { load(snapshot(R"(, "asks": [)" + ask + "," + ask + "]")); }, Errc::inconsistent_state,
           "net.json: asks[1].requester");
  error_of(
      [&] {
        load(snapshot(
            R"(, "asks": [{"owner": "zed", "requester": "zoe", "count": 1, "first": 0, "last": 0, "decayed": 1}])"));
      },
      Errc::unknown_member, "net.json: asks[0].owner");
  error_of(
      [&] {
        load(snapshot(
            R"(, "asks": [{"owner": "ana", "requester": "ana", "count": 1, "first": 0, "last": 0, "decayed": 1}])"));
      },
      Errc::self_interaction, "net.json: asks[0].requester");
  error_of(
      [&] {
        load(snapshot(
            R"(, "asks": [{"owner": "ana", "requester": "zoe", "count": 0, "first": 0, "last": 0, "decayed": 1}])"));
      },
      Errc::out_of_range, "net.json: asks[0].count");
  error_of(
      [&] {
        load(snapshot(
            R"(, "asks": [{"owner": "ana", "requester": "zoe", "count": 1, "first": 9, "last": 0, "decayed": 1}])"));
      },
      Errc::inconsistent_state, "net.json: asks[0].last");
  error_of(
      [&] {
        load(snapshot(
            R"(, "asks": [{"owner": "ana", "requester": "zoe", "count": 1, "first": 0, "last": 0, "decayed": -1}])"));
      },
      Errc::out_of_range, "net.json: asks[0].decayed");
}

// ---------------------------------------------------------------- results

TEST_CASE("results name members and channels and carry the sentence", "[json]") {
  const Network net = rich_network();
  const auto requests = sample_requests();
  const auto scores = rapport::score_all(net, requests, now, 1);
  std::ostringstream out;
  rapport::save_results(net, requests, scores, now, out);
  const json::value file = parse(out.str());
  CHECK(file.at("format") == "rapport.results");
  CHECK(file.at("now") == "2026-03-04T10:00:00Z");
  const json::array& results = file.at("results").as_array();
  REQUIRE(results.size() == requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const json::object& r = results[i].as_object();
    CHECK(r.at("id") == json::value(requests[i].id));
    CHECK(r.at("decision") == json::value(to_string(scores[i].decision)));
    CHECK(r.at("total").as_double() == scores[i].total);
    const json::array& reasons = r.at("reasons").as_array();
    REQUIRE(reasons.size() == scores[i].reasons.size());
    for (std::size_t k = 0; k < reasons.size(); ++k) {
      const rapport::Reason& reason = scores[i].reasons[k];
      CHECK(reasons[k].at("text") == json::value(describe(reason, net)));
      if (reason.channel) CHECK(reasons[k].at("channel") == json::value(net.channel(*reason.channel).name));
      if (reason.member) CHECK(reasons[k].at("member") == json::value(net.member(*reason.member).handle));
    }
  }
  CHECK_THROWS_AS(rapport::results_to_json(net, requests, std::span(scores).first(1), now), rapport::Error);
}

// ---------------------------------------------------------------- docs/formats.md

namespace {

/// The fenced block after each `<!-- example: NAME -->` marker of docs/formats.md.
std::map<std::string, std::string> doc_examples() {
  std::ifstream in(RAPPORT_SOURCE_DIR "/docs/formats.md");
  REQUIRE(in);
  std::map<std::string, std::string> out;
  std::string line, name, block;
  enum { text, after_marker, in_block } state = text;
  const std::string marker = "<!-- example: ";
  while (std::getline(in, line)) {
    if (state == text && line.starts_with(marker)) {
      name = line.substr(marker.size(), line.find(" -->") - marker.size());
      state = after_marker;
    } else if (state == after_marker && (line == "```json" || line == "```jsonl")) {
      state = in_block;
      block.clear();
    } else if (state == in_block && line == "```") {
      REQUIRE_FALSE(out.contains(name));
      out[name] = block;
      state = text;
    } else if (state == in_block) {
      block += line + "\n";
    }
  }
  CHECK(state == text);
  return out;
}

/// Whether `a` and `b` are equal but for numbers, which may differ by a relative `tolerance`.
bool same_numbers_within(const json::value& a, const json::value& b, double tolerance) {
  if (a.is_number() && b.is_number()) {
    const double x = json::value_to<double>(a), y = json::value_to<double>(b);
    return std::abs(x - y) <= tolerance * std::max(std::abs(x), std::abs(y));
  }
  if (a.is_array() && b.is_array()) {
    const auto &p = a.as_array(), &q = b.as_array();
    return p.size() == q.size() &&
           std::equal(p.begin(), p.end(), q.begin(),
                      [&](const auto& x, const auto& y) { return same_numbers_within(x, y, tolerance); });
  }
  if (a.is_object() && b.is_object()) {
    if (a.as_object().size() != b.as_object().size()) return false;
    for (const auto& field : a.as_object())
      if (!b.as_object().contains(field.key()) ||
          !same_numbers_within(field.value(), b.at(field.key()), tolerance))
        return false;
    return true;
  }
  return a == b;
}

}  // namespace

TEST_CASE("every example in docs/formats.md loads", "[json]") {
  const auto examples = doc_examples();
  for (const char* name : {"snapshot", "events", "requests", "policy", "results"}) {
    INFO(name);
    CHECK(examples.contains(name));
  }

  // Snapshot: loads, and saving it writes back every field as the document shows it, the relationship
  // values to single precision.
  const Network net = load(examples.at("snapshot"), "snapshot");
  const json::value doc = parse(examples.at("snapshot"));
  const json::value saved = parse(save(net));
  for (const auto& kv : doc.as_object()) {
    INFO(kv.key());
    if (kv.key() == "policy") {
      // Policy fields added since the example was written appear in `saved` only.
      std::function<bool(const json::value&, const json::value&)> covers = [&](const json::value& big,
                                                                               const json::value& small) {
        if (!small.is_object() || !big.is_object()) return big == small;
        for (const auto& field : small.as_object())
          if (!big.as_object().contains(field.key()) || !covers(big.at(field.key()), field.value()))
            return false;
        return true;
      };
      CHECK(covers(saved.at("policy"), kv.value()));
    } else if (kv.key() == "pairs") {
      CHECK(same_numbers_within(saved.at("pairs"), kv.value(), single_precision));
    } else {
      CHECK(saved.at(kv.key()) == kv.value());
    }
  }
  CHECK(save(load(save(net))) == save(net));

  // Events: replay into an empty network.
  Network replayed;
  apply_log(replayed, examples.at("events"));
  CHECK(replayed.member_count() > 0);

  // Policy: loads, and changes the defaults.
  CHECK_FALSE(policy_of(examples.at("policy")) == Policy{});

  // Requests score against the snapshot; the results example has the shape save_results writes.
  const auto requests = requests_of(examples.at("requests"));
  REQUIRE_FALSE(requests.empty());
  const json::value results_doc = parse(examples.at("results"));
  const Timestamp at = *rapport::parse_rfc3339(results_doc.at("now").as_string());
  const auto scores = rapport::score_all(net, requests, at, 1);
  const json::value generated = rapport::results_to_json(net, requests, scores, at);
  REQUIRE(results_doc.at("results").as_array().size() == requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const json::object& d = results_doc.at("results").as_array()[i].as_object();
    const json::object& g = generated.at("results").as_array()[i].as_object();
    for (const auto& kv : d) CHECK(g.contains(kv.key()));
    for (const auto& kv : g) CHECK(d.contains(kv.key()));
    CHECK(d.at("id") == g.at("id"));
    for (const auto& reason : d.at("reasons").as_array()) {
      (void)json::value_to<rapport::ReasonCode>(reason.at("code"));
      (void)json::value_to<rapport::Dimension>(reason.at("dimension"));
      CHECK(reason.at("text").is_string());
    }
  }
}
