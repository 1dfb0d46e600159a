// Shared fixture builders and checks for the rapport tests.
#ifndef RAPPORT_TESTS_SUPPORT_HPP
#define RAPPORT_TESTS_SUPPORT_HPP

#include <algorithm>
#include <array>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <rapport/rapport.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport_test {

using namespace std::chrono_literals;
using rapport::InteractionKind;
using rapport::ReasonCode;
using rapport::Timestamp;
using std::chrono::days;
using std::chrono::hours;

/// Relative error within which a relationship's decayed quantities match exact arithmetic: the network
/// keeps them in single precision (24-bit significands, a relative rounding of 6e-8 per step).
inline constexpr double single_precision = 1e-6;

/// Monday 2 March 2026, 00:00 UTC: the start of a calendar week.
inline const Timestamp monday = Timestamp{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}};
/// "Now" of most fixtures: Wednesday 4 March 2026, 10:00 UTC.
inline const Timestamp now = monday + days{2} + hours{10};

inline Timestamp days_ago(int d, Timestamp from = now) {
  return from - days{d};
}

/// A timestamp as errors quote it: RFC 3339 text ("2026-03-04T10:00:00Z"), checked in json_test.
inline std::string time_text(Timestamp t) {
  return rapport::to_rfc3339(t).value();
}

inline rapport::MemberId id_of(const rapport::Network& net, std::string_view handle) {
  const auto id = net.find_member(handle);
  REQUIRE(id.has_value());
  return *id;
}

inline rapport::Interaction event(std::string from, std::string to, InteractionKind kind, Timestamp at,
                                  double weight = 1.0) {
  return {.from = std::move(from), .to = std::move(to), .kind = kind, .at = at, .weight = weight};
}

inline rapport::Post own_post(std::string owner, std::string channel, Timestamp at) {
  return {.owner = std::move(owner), .channel = std::move(channel), .at = at};
}

inline rapport::Post promo_post(std::string owner, std::string channel, Timestamp at,
                                std::string promoted = {}) {
  return {.owner = std::move(owner),
          .channel = std::move(channel),
          .at = at,
          .promotion = true,
          .promoted = std::move(promoted)};
}

/// The code of the decisive (first) reason; fails the test if there is none.
inline ReasonCode decisive(const rapport::Score& s) {
  REQUIRE_FALSE(s.reasons.empty());
  return s.reasons[0].code;
}

inline bool has_reason(const rapport::Score& s, ReasonCode code) {
  return s.reasons.find(code) != nullptr;
}

// ------------------------------------------------------------------ a hand-built network

/// A small creator network seen from "ana", a social-media marketing blogger:
/// - ben: a partner she met in person, who bought her course and promoted her;
/// - cara: asks every month and never gives back;
/// - dex: sells dog collars, no history;
/// - eve: one of ana's closest ties, who knows fay well; fay has no history with ana;
/// - gus: a competitor she has talked to.
/// Channels: ana/blog (2 promotions per week, share 0.5), ana/newsletter (policy default), ben/podcast.
inline rapport::Network hand_network(rapport::Policy policy = {}) {
  rapport::Network net(std::move(policy));
  net.add_member(
      {.handle = "ana", .name = "Ana", .topics = {{"marketing/social-media"}, {"marketing/seo", 0.5}}});
  net.add_member({.handle = "ben", .name = "Ben", .topics = {{"marketing/email"}}});
  net.add_member({.handle = "cara", .name = "Cara", .topics = {{"marketing/social-media"}}});
  net.add_member({.handle = "dex", .name = "Dex", .topics = {{"pets/dog-collars"}}});
  net.add_member({.handle = "eve", .name = "Eve", .topics = {{"marketing/content"}}});
  net.add_member({.handle = "fay", .name = "Fay", .topics = {{"marketing/video"}}});
  net.add_member(
      {.handle = "gus", .name = "Gus", .topics = {{"marketing/social-media"}}, .competitor = true});
  net.add_channel({.owner = "ana",
                   .name = "blog",
                   .audience_size = 12000,
                   .audience_topics = {{"marketing"}, {"blogging"}},
                   .tolerance = rapport::PromoTolerance{.max_per_week = 2, .max_share = 0.5}});
  net.add_channel({.owner = "ana", .name = "newsletter", .audience_size = 3000});
  net.add_channel({.owner = "ben", .name = "podcast", .audience_size = 800});

  net.record(event("ana", "ben", InteractionKind::met_in_person, days_ago(200)));
  net.record(event("ben", "ana", InteractionKind::purchased, days_ago(150)));
  net.record(event("ben", "ana", InteractionKind::promoted, days_ago(120)));
  net.record(event("ana", "ben", InteractionKind::call, days_ago(20)));
  net.record(event("ana", "cara", InteractionKind::promoted, days_ago(340)));
  for (int month = 11; month >= 0; --month)
    net.record(event("cara", "ana", InteractionKind::asked, days_ago(30 * month + 5)));
  net.record(event("ana", "eve", InteractionKind::collaborated, days_ago(90), 2.0));
  net.record(event("eve", "ana", InteractionKind::met_in_person, days_ago(60)));
  net.record(event("eve", "fay", InteractionKind::collaborated, days_ago(40), 2.0));
  net.record(event("eve", "fay", InteractionKind::met_in_person, days_ago(30)));
  net.record(event("ana", "gus", InteractionKind::call, days_ago(45)));
  for (int d = 27; d > 0; d -= 3) net.record(own_post("ana", "blog", days_ago(d)));
  net.record(promo_post("ana", "blog", days_ago(10), "ben"));
  net.record(own_post("ana", "newsletter", days_ago(7)));
  return net;
}

/// A well-formed request to ana on her blog; callers adjust fields.
inline rapport::Request ask(std::string requester,
                            std::vector<std::string> topics = {"marketing/social-media"},
                            std::vector<std::string> channels = {"blog"}) {
  return {.id = requester + "-req",
          .requester = std::move(requester),
          .owner = "ana",
          .kind = rapport::RequestKind::share,
          .channels = std::move(channels),
          .topics = std::move(topics),
          .received = now};
}

/// A request to `hand_network`'s ana made bad in one way, and the error `score` and `Network::record`
/// must both give for it.
struct BadRequest {
  std::string what;
  std::function<void(rapport::Request&)> spoil;  // applied to `ask("ben")`
  rapport::Errc code;
  std::string field;
  std::string value;
};

inline std::vector<BadRequest> bad_requests() {
  using rapport::Errc;
  using rapport::Request;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  return {
      {"empty owner", [](Request& r) { r.owner = ""; }, Errc::empty_handle, "request.owner", ""},
      {"empty requester", [](Request& r) { r.requester = ""; }, Errc::empty_handle, "request.requester", ""},
      {"unknown owner", [](Request& r) { r.owner = "zed"; }, Errc::unknown_member, "request.owner", "zed"},
      {"requester == owner", [](Request& r) { r.requester = "ana"; }, Errc::self_interaction,
       "request.requester", "ana"},
      {"another owner's channel", [](Request& r) { r.channels = {"podcast"}; }, Errc::unknown_channel,
       "request.channels[0]", "podcast"},
      {"an unknown channel after known ones",
       [](Request& r) {
         r.channels = {"blog", "newsletter", "tiktok"};
       },
       Errc::unknown_channel, "request.channels[2]", "tiktok"},
      {"too many channels", [](Request& r) { r.channels.assign(17, "blog"); }, Errc::out_of_range,
       "request.channels", "17 channels"},
      {"quality above 1", [](Request& r) { r.content_quality = 1.5; }, Errc::out_of_range,
       "request.content_quality", "1.5"},
      {"quality below 0", [](Request& r) { r.content_quality = -0.25; }, Errc::out_of_range,
       "request.content_quality", "-0.25"},
      {"quality NaN", [nan](Request& r) { r.content_quality = nan; }, Errc::not_finite,
       "request.content_quality", "nan"},
      {"quality infinite", [inf](Request& r) { r.content_quality = inf; }, Errc::not_finite,
       "request.content_quality", "inf"},
      {"wanted before it arrived", [](Request& r) { r.wanted_by = r.received - std::chrono::seconds{1}; },
       Errc::invalid_time_range, "request.wanted_by", "2026-03-04T09:59:59Z"},
  };
}

// ------------------------------------------------------------------ snapshots for "unchanged" checks

/// Everything observable about a network through its public API, plus the scores of some requests.
struct Snapshot {
  std::size_t member_count = 0;
  std::size_t channel_count = 0;
  rapport::Policy policy;
  std::vector<rapport::Member> members;
  std::vector<rapport::Channel> channels;
  std::vector<std::vector<rapport::Post>> posts;
  std::vector<std::vector<rapport::MemberId>> contacts;
  std::vector<std::optional<rapport::Relationship>> relationships;  // every ordered pair
  std::vector<rapport::Score> scores;
};

inline Snapshot snapshot(const rapport::Network& net, const std::vector<rapport::Request>& requests,
                         Timestamp at = now) {
  Snapshot s;
  s.member_count = net.member_count();
  s.channel_count = net.channel_count();
  s.policy = net.policy();
  for (rapport::MemberId m = 0; m < net.member_count(); ++m) {
    s.members.push_back(net.member(m));
    s.contacts.push_back(net.contacts(m));
    for (rapport::MemberId o = 0; o < net.member_count(); ++o)
      if (o != m) s.relationships.push_back(net.relationship(m, o, at));
  }
  for (rapport::ChannelId c = 0; c < net.channel_count(); ++c) {
    s.channels.push_back(net.channel(c));
    const auto posts = net.posts(c);
    s.posts.emplace_back(posts.begin(), posts.end());
  }
  for (const rapport::Request& r : requests) s.scores.push_back(rapport::score(net, r, at));
  return s;
}

/// Checks that `net` still looks exactly as it did when `before` was taken.
inline void require_unchanged(const Snapshot& before, const rapport::Network& net,
                              const std::vector<rapport::Request>& requests, Timestamp at = now) {
  const Snapshot after = snapshot(net, requests, at);
  CHECK(after.member_count == before.member_count);
  CHECK(after.channel_count == before.channel_count);
  CHECK(after.policy == before.policy);
  CHECK(after.members == before.members);
  CHECK(after.channels == before.channels);
  CHECK(after.posts == before.posts);
  CHECK(after.contacts == before.contacts);
  REQUIRE(after.relationships.size() == before.relationships.size());
  for (std::size_t i = 0; i < after.relationships.size(); ++i)
    CHECK(after.relationships[i] == before.relationships[i]);
  CHECK(after.scores == before.scores);
}

/// The lines of `text`, without their '\n'.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// The cells of a CSV row.
inline std::vector<std::string> cells_of(const std::string& row) {
  std::vector<std::string> cells;
  std::istringstream in(row);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  return cells;
}

/// Runs `f`, which must throw `rapport::Error` with `code`, `field` and `value`; `what()` must name
/// the field and the value.
template <class F>
void require_error(F&& f, rapport::Errc code, std::string_view field, std::string_view value) {
  CAPTURE(field, value);
  try {
    std::forward<F>(f)();
  } catch (const rapport::Error& e) {
    CHECK(e.code() == rapport::make_error_code(code));
    CHECK(e.code().category() == rapport::error_category());
    CHECK(e.field() == field);
    CHECK(e.value() == value);
    CHECK_THAT(e.what(), Catch::Matchers::ContainsSubstring(std::string(field)));
    if (value.empty())  // nothing to quote: the message says so by leaving "(got ...)" out
      CHECK_THAT(e.what(), !Catch::Matchers::ContainsSubstring("(got "));
    else
      CHECK_THAT(e.what(), Catch::Matchers::ContainsSubstring("(got '" + std::string(value) + "')"));
    return;
  }
  FAIL("expected rapport::Error " << rapport::make_error_code(code).message() << " for " << field);
}

// ------------------------------------------------------------------ random worlds

inline const std::array<std::string_view, 12> topic_pool{"marketing",
                                                         "marketing/social-media",
                                                         "marketing/seo",
                                                         "marketing/email",
                                                         "marketing/social-media/video",
                                                         "writing",
                                                         "writing/books",
                                                         "writing/books/fiction",
                                                         "pets/dog-collars",
                                                         "pets",
                                                         "travel/europe",
                                                         "tech/ai"};

/// A random network: member 0 ("m0") is the owner, with channels "blog" and "newsletter"; every
/// event and post is recorded in time order, so none is stale. Same seed, same world.
struct World {
  rapport::Network net;
  std::vector<std::string> handles;
  Timestamp at = now;  ///< the "now" of the world: no event after it
};

inline double uniform(std::mt19937& rng, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}
inline int uniform_int(std::mt19937& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}
inline bool coin(std::mt19937& rng, double p = 0.5) {
  return std::bernoulli_distribution(p)(rng);
}

inline rapport::Topics random_topics(std::mt19937& rng, int max_count) {
  rapport::Topics topics;
  const int n = uniform_int(rng, 1, max_count);
  for (int i = 0; i < n; ++i)
    topics.push_back(
        {std::string(topic_pool[static_cast<std::size_t>(uniform_int(rng, 0, 11))]), uniform(rng, 0.1, 2.0)});
  return topics;
}

inline World random_world(std::uint32_t seed, int members = 10, int events = 60, int posts = 16) {
  std::mt19937 rng(seed);
  World w;
  for (int i = 0; i < members; ++i) {
    rapport::Member m{.handle = "m" + std::to_string(i),
                      .name = "Member " + std::to_string(i),
                      .topics = random_topics(rng, 3)};
    if (i > 0) m.competitor = coin(rng, 0.1);
    if (i == 0) {
      if (coin(rng, 0.3)) m.energy = uniform(rng, 0.0, 1.0);
      if (coin(rng, 0.2)) {
        const Timestamp begin = now - days{uniform_int(rng, 0, 10)};
        m.launches.push_back({begin, begin + days{uniform_int(rng, 1, 20)}});
      }
    }
    w.handles.push_back(m.handle);
    w.net.add_member(std::move(m));
  }
  rapport::Channel blog{.owner = "m0", .name = "blog", .audience_size = uniform(rng, 0, 1e5)};
  if (coin(rng)) blog.audience_topics = random_topics(rng, 2);
  if (coin(rng, 0.7))
    blog.tolerance =
        rapport::PromoTolerance{.max_per_week = uniform_int(rng, 0, 4), .max_share = uniform(rng, 0, 1)};
  w.net.add_channel(std::move(blog));
  w.net.add_channel({.owner = "m0", .name = "newsletter", .audience_size = 500});

  std::vector<std::int64_t> offsets;  // seconds before now
  for (int i = 0; i < events; ++i)
    offsets.push_back(std::uniform_int_distribution<std::int64_t>(0, 400 * 86400)(rng));
  std::sort(offsets.rbegin(), offsets.rend());
  for (const std::int64_t off : offsets) {
    const int from = uniform_int(rng, 0, members - 1);
    int to = uniform_int(rng, 0, members - 2);
    if (to >= from) ++to;
    // The owner takes part in a good share of events, so its relationships are rich.
    const bool with_owner = coin(rng, 0.4);
    const int a = with_owner ? 0 : from, b = with_owner ? (from == 0 ? to : from) : to;
    const bool flip = coin(rng);
    w.net.record(event(w.handles[static_cast<std::size_t>(flip ? b : a)],
                       w.handles[static_cast<std::size_t>(flip ? a : b)],
                       static_cast<InteractionKind>(
                           uniform_int(rng, 0, static_cast<int>(rapport::interaction_kind_count) - 1)),
                       now - std::chrono::seconds{off}, uniform(rng, 0, 3)));
  }
  std::vector<std::int64_t> post_offsets;  // seconds relative to now; positive: a commitment ahead
  for (int i = 0; i < posts; ++i)
    post_offsets.push_back(std::uniform_int_distribution<std::int64_t>(-40 * 86400, 10 * 86400)(rng));
  std::sort(post_offsets.begin(), post_offsets.end());
  for (const std::int64_t off : post_offsets) {
    rapport::Post p{.owner = "m0",
                    .channel = coin(rng, 0.7) ? "blog" : "newsletter",
                    .at = now + std::chrono::seconds{off}};
    p.promotion = coin(rng, 0.4);
    if (p.promotion && coin(rng))
      p.promoted = w.handles[static_cast<std::size_t>(uniform_int(rng, 1, members - 1))];
    w.net.record(p);
  }
  return w;
}

/// A random request to the world's owner from one of its members (or, rarely, an unknown handle).
inline rapport::Request random_request(std::mt19937& rng, const World& w) {
  rapport::Request r;
  r.id = "r" + std::to_string(rng());
  r.owner = w.handles[0];
  r.requester =
      coin(rng, 0.05)
          ? std::string("outsider")
          : w.handles[static_cast<std::size_t>(uniform_int(rng, 1, static_cast<int>(w.handles.size()) - 1))];
  r.kind = static_cast<rapport::RequestKind>(uniform_int(rng, 0, 6));
  if (coin(rng, 0.8)) r.channels.push_back("blog");
  if (coin(rng, 0.3)) r.channels.push_back("newsletter");
  const int topics = uniform_int(rng, 0, 3);
  for (int i = 0; i < topics; ++i)
    r.topics.emplace_back(topic_pool[static_cast<std::size_t>(uniform_int(rng, 0, 11))]);
  r.offer = static_cast<rapport::Offer>(uniform_int(rng, 0, 3));
  r.preview = coin(rng);
  r.personalised = coin(rng);
  if (coin(rng, 0.4)) r.content_quality = uniform(rng, 0, 1);
  r.received = w.at - hours{uniform_int(rng, 0, 48)};
  if (coin(rng, 0.3)) r.wanted_by = w.at + days{uniform_int(rng, 0, 30)};
  return r;
}

}  // namespace rapport_test

#endif  // RAPPORT_TESTS_SUPPORT_HPP
