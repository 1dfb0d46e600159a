// The triage plan: the seed scenario, the tolerance invariant on generated request sets, determinism,
// a brute-force optimum on small single-channel cases, pins, counterfactuals and errors.
#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cmath>
#include <map>
#include <random>
#include <rapport/rapport.hpp>
#include <set>
#include <string>
#include <vector>

#include "support.hpp"

using namespace rapport_test;
using rapport::Decision;
using rapport::Dimension;
using rapport::Offer;
using rapport::Pin;
using rapport::PlanEntry;
using rapport::Request;
using rapport::TriagePlan;

namespace {

/// A promotion the plan places: the channel and when it lands.
struct Placed {
  rapport::ChannelId channel = 0;
  Timestamp at{};
  std::size_t entry = 0;
};

std::vector<Placed> placements(const rapport::Network& net, const std::vector<Request>& pending,
                               const TriagePlan& plan) {
  std::vector<Placed> out;
  for (const PlanEntry& e : plan.entries) {
    if (e.decision != Decision::accept && e.decision != Decision::defer) continue;
    REQUIRE(e.slot.has_value());
    std::set<rapport::ChannelId> seen;
    for (const std::string& name : pending[e.request].channels) {
      const auto c = net.find_channel(pending[e.request].owner, name);
      REQUIRE(c.has_value());
      if (seen.insert(*c).second) out.push_back({*c, *e.slot, e.request});
    }
  }
  return out;
}

/// Posts and promotions in one calendar week of a channel.
struct Week {
  int posts = 0, promos = 0;
};

/// A channel's weeks as docs/overload.md ("Room") counts them: recorded posts and `placed` promotions,
/// and from now's week on at least the expected own posts (the mean of the 8 weeks before, rounded).
/// Written out from the documented rules rather than through the library's code.
std::map<Timestamp, Week> weeks_of(const rapport::Network& net, rapport::ChannelId c,
                                   const std::vector<Placed>& placed, Timestamp horizon) {
  const Timestamp current = rapport::week_start(now);
  std::map<Timestamp, Week> weeks;
  int baseline = 0;
  for (const rapport::Post& post : net.posts(c)) {
    Week& w = weeks[rapport::week_start(post.at)];
    ++w.posts;
    if (post.promotion) ++w.promos;
    if (!post.promotion && post.at >= current - days{56} && post.at < current) ++baseline;
  }
  for (const Placed& x : placed)
    if (x.channel == c) {
      Week& w = weeks[rapport::week_start(x.at)];
      ++w.posts;
      ++w.promos;
    }
  const int expected = static_cast<int>(std::lround(baseline / 8.0));
  for (Timestamp w = current; w < horizon; w += days{7}) {
    Week& week = weeks[w];
    week.posts += std::max(0, expected - (week.posts - week.promos));
  }
  return weeks;
}

/// The entries whose placed promotions break a tolerance or land in a launch, once every placement is
/// posted: their week holds more than `max_per_week` promotions, or a share window holding their week
/// (`ceil(share_window / 7)` calendar weeks) with at least `share_min_posts` posts is over `max_share`.
/// Only placements `judge` accepts are judged (all others still count against them).
template <class Judge>
std::set<std::size_t> violations(const rapport::Network& net, rapport::MemberId owner,
                                 const std::vector<Placed>& placed, Judge judge) {
  const rapport::Policy& p = net.policy();
  const int span = static_cast<int>((p.share_window.count() + 6) / 7);
  const Timestamp horizon = now + days{366 + 7 * (span + 60)};
  std::map<rapport::ChannelId, std::map<Timestamp, Week>> channels;
  for (const Placed& x : placed)
    if (!channels.count(x.channel)) channels[x.channel] = weeks_of(net, x.channel, placed, horizon);
  std::set<std::size_t> bad;
  for (const Placed& x : placed) {
    if (!judge(x)) continue;
    for (const rapport::TimeRange& l : net.member(owner).launches)
      if (l.contains(x.at)) bad.insert(x.entry);
    std::map<Timestamp, Week>& weeks = channels[x.channel];
    const rapport::PromoTolerance tol = net.channel(x.channel).tolerance.value_or(p.default_tolerance);
    const Timestamp week = rapport::week_start(x.at);
    if (weeks[week].promos > tol.max_per_week) bad.insert(x.entry);
    for (int last = 0; last < span; ++last) {
      int posts = 0, promos = 0;
      for (int k = last - span + 1; k <= last; ++k) {
        const Week& w = weeks[week + days{7 * k}];
        posts += w.posts;
        promos += w.promos;
      }
      if (posts >= p.share_min_posts && static_cast<double>(promos) / posts > tol.max_share)
        bad.insert(x.entry);
    }
  }
  return bad;
}

std::set<std::size_t> violations(const rapport::Network& net, rapport::MemberId owner,
                                 const std::vector<Placed>& placed) {
  return violations(net, owner, placed, [](const Placed&) { return true; });
}

bool worth(const rapport::Score& s) {
  return s.decision == Decision::accept || s.decision == Decision::defer ||
         (s.decision == Decision::decline && s.reasons[0].code == ReasonCode::channel_full &&
          s.reasons[0].dimension == Dimension::decision);
}

double seconds(Timestamp t) {
  return static_cast<double>(t.time_since_epoch().count());
}

/// A creator with many good partners and more promotion requests worth doing than its channels can
/// take: the owner "own" with channels blog, newsletter and podcast, recent posts and commitments, and
/// sometimes a launch. Same seed, same world.
struct Busy {
  rapport::Network net;
  std::vector<Request> pending;
};

Busy busy_world(std::uint32_t seed, int requests, bool blog_only = false) {
  std::mt19937 rng(seed);
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const auto chance = [&](int percent) { return pick(100) < percent; };
  Busy b;
  rapport::Network& net = b.net;
  rapport::Member owner{.handle = "own", .name = "Owner", .topics = {{"writing/books"}, {"coaching", 0.7}}};
  if (chance(30)) {
    const Timestamp begin = now + days{pick(26) - 6};
    owner.launches.push_back({begin, begin + days{3 + pick(8)}});
  }
  net.add_member(owner);
  const std::array<const char*, 6> topics{
      "writing/books", "writing/books/fiction", "coaching/career", "coaching", "writing", "pets/dog-collars"};
  const int partners = 24;
  for (int i = 0; i < partners; ++i)
    net.add_member({.handle = "p" + std::to_string(i),
                    .name = "Partner " + std::to_string(i),
                    .topics = {{topics[static_cast<std::size_t>(pick(5))]}},
                    .competitor = i % 11 == 10});
  const auto tolerance = [&](int max_week, int share_lo) {
    return rapport::PromoTolerance{.max_per_week = 1 + pick(max_week),
                                   .max_share = (share_lo + pick(35)) / 100.0};
  };
  net.add_channel({.owner = "own", .name = "blog", .audience_size = 9000, .tolerance = tolerance(3, 25)});
  net.add_channel(
      {.owner = "own", .name = "newsletter", .audience_size = 3000, .tolerance = tolerance(2, 30)});
  net.add_channel({.owner = "own", .name = "podcast", .audience_size = 800, .tolerance = tolerance(1, 40)});
  // Relationships, oldest first so nothing is stale: most partners were met, bought and gave back.
  for (int i = 0; i < partners; ++i) {
    const std::string p = "p" + std::to_string(i);
    const Timestamp t = now - days{60 + pick(200)};
    if (chance(80)) net.record(event("own", p, InteractionKind::met_in_person, t, 0.5 + pick(20) / 10.0));
    if (chance(70)) net.record(event("own", p, InteractionKind::purchased, t + days{5}));
    if (chance(60))
      net.record(event(p, "own", InteractionKind::promoted, t + days{10}, 0.5 + pick(10) / 10.0));
    for (int k = pick(7); k > 0; --k) net.record(event(p, "own", InteractionKind::asked, t + days{15 + k}));
  }
  // Posts: own content every day or two over five weeks, some promotions, and commitments ahead.
  for (const char* ch : {"blog", "newsletter", "podcast"}) {
    for (Timestamp t = now - days{35}; t < now + days{21}; t += hours{24 + pick(48)}) {
      const bool ahead = t > now;
      if (ahead && !chance(25)) continue;
      net.record(rapport::Post{.owner = "own", .channel = ch, .at = t, .promotion = ahead || chance(15)});
    }
  }
  const std::array<const char*, 3> channels{"blog", "newsletter", "podcast"};
  for (int i = 0; i < requests; ++i) {
    // One draw per statement: argument order is unspecified, and the world must not depend on the compiler.
    const int who = pick(partners);
    const int topic = pick(6);
    Request r = ask("p" + std::to_string(who), {topics[static_cast<std::size_t>(topic)]});
    r.owner = "own";
    r.id = "r" + std::to_string(i);
    r.channels.clear();
    if (blog_only) {
      r.channels = {"blog"};
    } else {
      const int n = chance(10) ? 0 : chance(80) ? 1 : 2;
      for (int k = 0; k < n; ++k) r.channels.emplace_back(channels[static_cast<std::size_t>(pick(3))]);
    }
    r.preview = chance(70);
    if (r.preview && chance(80)) r.content_quality = (20 + pick(81)) / 100.0;  // the owner rated it
    r.personalised = chance(60);
    r.offer = static_cast<Offer>(pick(4));
    r.received = now - hours{pick(72)};
    if (chance(20)) r.wanted_by = now + days{pick(30)};
    b.pending.push_back(std::move(r));
  }
  return b;
}

/// An owner with 1-3 channels of random tolerances, own posts over the last ten weeks at a random rate,
/// a few promotions recorded and committed ahead, sometimes a launch, a random share window and minimum,
/// and `requests` requests from partners mostly worth promoting. Same seed, same world.
Busy tolerant_world(std::uint32_t seed, int requests) {
  std::mt19937 rng(seed);
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const auto chance = [&](int percent) { return pick(100) < percent; };
  rapport::Policy policy;
  policy.share_window = days{7 * (1 + pick(6)) - pick(3)};
  policy.share_min_posts = pick(7);
  Busy b{rapport::Network(policy), {}};
  rapport::Network& net = b.net;
  rapport::Member owner{.handle = "own", .name = "Owner", .topics = {{"writing/books"}}};
  if (chance(40)) {
    const Timestamp begin = now + days{pick(30) - 5} + hours{pick(24)};
    owner.launches.push_back({begin, begin + days{2 + pick(12)}});
  }
  net.add_member(owner);
  const int partners = 12;
  for (int i = 0; i < partners; ++i) {
    const std::string p = "p" + std::to_string(i);
    net.add_member({.handle = p, .name = "Partner " + std::to_string(i), .topics = {{"writing/books"}}});
  }
  for (int i = 0; i < partners; ++i) {
    const std::string p = "p" + std::to_string(i);
    const Timestamp t = now - days{60 + pick(100)};
    net.record(event("own", p, InteractionKind::met_in_person, t, 1 + pick(3)));
    net.record(event("own", p, InteractionKind::purchased, t + days{5}));
    // Most gave back; the others ask and ask: one-sided until they offer something.
    if (chance(70))
      net.record(event(p, "own", InteractionKind::promoted, t + days{10}));
    else
      for (int k = 5 + pick(4); k > 0; --k)
        net.record(event(p, "own", InteractionKind::asked, t + days{12 + k}));
  }
  const int channels = 1 + pick(3);
  std::vector<std::string> names;
  for (int c = 0; c < channels; ++c) {
    names.push_back("ch" + std::to_string(c));
    net.add_channel({.owner = "own",
                     .name = names.back(),
                     .tolerance = rapport::PromoTolerance{.max_per_week = 1 + pick(3),
                                                          .max_share = (10 + pick(45)) / 100.0}});
    const int per_week = pick(7);
    std::vector<rapport::Post> posts;
    for (Timestamp t = now - days{70}; t < now; t += hours{per_week > 0 ? 168 / per_week : 1000})
      posts.push_back(
          {.owner = "own", .channel = names.back(), .at = t + hours{pick(12)}, .promotion = chance(10)});
    for (int k = pick(3); k > 0; --k)
      posts.push_back({.owner = "own",
                       .channel = names.back(),
                       .at = now + days{1 + pick(40)} + hours{pick(24)},
                       .promotion = true});
    std::sort(posts.begin(), posts.end(),
              [](const rapport::Post& x, const rapport::Post& y) { return x.at < y.at; });
    for (const rapport::Post& post : posts) net.record(post);
  }
  for (int i = 0; i < requests; ++i) {
    const int who = pick(partners);
    Request r = ask("p" + std::to_string(who), {"writing/books"});
    r.owner = "own";
    r.id = "r" + std::to_string(i);
    r.channels.clear();
    for (int k = chance(10) ? 0 : chance(75) ? 1 : 2; k > 0; --k)
      r.channels.push_back(names[static_cast<std::size_t>(pick(channels))]);
    r.preview = chance(80);
    r.personalised = chance(50);
    r.offer = static_cast<Offer>(pick(4));
    b.pending.push_back(std::move(r));
  }
  return b;
}

/// Whether any channel's weekly or share signal is overloaded.
bool channel_overloaded(const rapport::OverloadReport& report) {
  return std::any_of(report.signals.begin(), report.signals.end(), [](const rapport::Signal& s) {
    return (s.kind == rapport::SignalKind::weekly_promotions ||
            s.kind == rapport::SignalKind::promotion_share) &&
           s.level == rapport::Level::overloaded;
  });
}

/// `net` with every promotion the plan accepts or defers posted on its slot, one per asked channel.
rapport::Network with_plan_posted(rapport::Network net, const std::vector<Request>& pending,
                                  const TriagePlan& plan) {
  std::vector<Placed> placed = placements(net, pending, plan);
  std::sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) { return a.at < b.at; });
  for (const Placed& x : placed)
    net.record(promo_post("own", net.channel(x.channel).name, x.at, pending[x.entry].requester));
  return net;
}

}  // namespace

TEST_CASE("six requests in one week, three from book publishers, during your own launch",
          "[plan][scenario]") {
  // "I recently had a week where I had six different requests, three from book publishers" - and
  // they came while the owner was launching her own course, which runs to next Wednesday.
  const rapport::TimeRange launch{monday - days{3}, monday + days{9}};
  rapport::Network net;
  net.add_member({.handle = "ana",
                  .name = "Ana",
                  .topics = {{"coaching/life"}, {"writing/books", 0.8}},
                  .launches = {launch}});
  for (const char* pub : {"pub1", "pub2", "pub3"})
    net.add_member({.handle = pub, .name = std::string("Publisher ") + pub, .topics = {{"writing/books"}}});
  net.add_member({.handle = "ben", .name = "Ben", .topics = {{"coaching/career"}}});
  net.add_member({.handle = "dex", .name = "Dex", .topics = {{"pets/dog-collars"}}});
  net.add_member({.handle = "gus", .name = "Gus", .topics = {{"coaching/life"}}, .competitor = true});
  net.add_channel({.owner = "ana",
                   .name = "blog",
                   .audience_size = 20000,
                   .audience_topics = {{"coaching"}, {"writing"}},
                   .tolerance = rapport::PromoTolerance{.max_per_week = 1, .max_share = 0.5}});
  net.add_channel({.owner = "ana",
                   .name = "newsletter",
                   .audience_size = 4000,
                   .tolerance = rapport::PromoTolerance{.max_per_week = 1, .max_share = 0.5}});
  // The publishers: ana reviewed or bought their books, and two of them promoted her in turn.
  for (const char* pub : {"pub1", "pub2", "pub3"}) {
    net.record(event("ana", pub, InteractionKind::met_in_person, days_ago(200)));
    net.record(event("ana", pub, InteractionKind::purchased, days_ago(150)));
  }
  net.record(event("pub1", "ana", InteractionKind::promoted, days_ago(100)));
  net.record(event("pub2", "ana", InteractionKind::promoted, days_ago(90)));
  net.record(event("ana", "ben", InteractionKind::met_in_person, days_ago(60)));
  net.record(event("ben", "ana", InteractionKind::purchased, days_ago(50)));
  net.record(event("ben", "ana", InteractionKind::promoted, days_ago(40)));
  for (int d = 27; d > 0; d -= 2) {
    net.record(own_post("ana", "blog", monday - days{d}));
    net.record(own_post("ana", "newsletter", monday - days{d}));
  }

  const auto request = [](std::string who, std::string topic, int weekday,
                          std::vector<std::string> channels) {
    Request r = ask(std::move(who), {std::move(topic)}, std::move(channels));
    r.kind = rapport::RequestKind::review;
    r.preview = true;
    r.content_quality = 0.8;  // the owner read it and liked it
    r.personalised = true;
    r.received = monday + days{weekday} + hours{9};
    return r;
  };
  const std::vector<Request> week{
      request("pub1", "writing/books/fiction", 0, {"blog"}),
      request("pub2", "writing/books", 0, {"blog", "newsletter"}),
      request("pub3", "writing/books", 1, {"blog"}),
      request("ben", "coaching/career", 1, {"newsletter"}),
      request("dex", "pets/dog-collars", 2, {"blog"}),
      request("gus", "coaching/life", 2, {"blog"}),
  };
  // The fixture means what it says: the publishers and Ben are worth doing, the other two are not.
  const auto scores = rapport::score_all(net, week, now);
  for (std::size_t i = 0; i < 4; ++i) REQUIRE(worth(scores[i]));
  REQUIRE(scores[4].decision == Decision::decline);
  REQUIRE(scores[5].decision == Decision::decline);

  const rapport::MemberId ana = id_of(net, "ana");
  const TriagePlan plan = rapport::plan_triage(net, ana, week, now);
  REQUIRE(plan.entries.size() == week.size());
  CHECK(plan.pin_overloads.empty());
  // Nothing lands in the launch; every worthwhile request is deferred to a named slot after it, and the
  // counterfactual names the same date.
  for (std::size_t i = 0; i < 4; ++i) {
    const PlanEntry& e = plan.entries[i];
    CAPTURE(i);
    CHECK(e.request == i);
    REQUIRE(e.decision == Decision::defer);
    REQUIRE(e.slot.has_value());
    CHECK(*e.slot >= launch.end);
    CHECK(e.reasons[0].code == ReasonCode::deferred);
    CHECK(e.reasons[0].figures[0] == seconds(*e.slot));
    REQUIRE(e.flip.has_value());
    CHECK(e.flip->code == ReasonCode::flip_if_later);
    CHECK(e.flip->figures[0] == seconds(*e.slot));
    CHECK_FALSE(describe(*e.flip, net).empty());
  }
  CHECK(plan.entries[4].decision == Decision::decline);
  CHECK(plan.entries[5].decision == Decision::decline);
  REQUIRE(plan.entries[5].flip.has_value());
  CHECK(plan.entries[5].flip->code == ReasonCode::no_flip);  // a competitor stays declined
  REQUIRE(plan.entries[4].flip.has_value());

  // One promotion a week per channel: the four requests take four different blog or newsletter weeks,
  // and the best-scored one goes first.
  CHECK(violations(net, ana, placements(net, week, plan)).empty());
  std::set<Timestamp> blog_weeks, newsletter_weeks;
  for (std::size_t i = 0; i < 4; ++i)
    for (const std::string& ch : week[i].channels) {
      auto& weeks = ch == "blog" ? blog_weeks : newsletter_weeks;
      CHECK(weeks.insert(rapport::week_start(*plan.entries[i].slot)).second);
    }
  std::vector<std::size_t> blog{0, 1, 2};
  std::sort(blog.begin(), blog.end(),
            [&](std::size_t a, std::size_t b) { return scores[a].total > scores[b].total; });
  CHECK(*plan.entries[blog[0]].slot < *plan.entries[blog[1]].slot);
  CHECK(*plan.entries[blog[1]].slot < *plan.entries[blog[2]].slot);
  // The first blog slot is the end of the launch itself: the earliest time with room.
  CHECK(*plan.entries[blog[0]].slot == launch.end);
}

TEST_CASE("generated request sets never put a channel over tolerance", "[plan][property]") {
  for (std::uint32_t seed = 1; seed <= 25; ++seed) {
    CAPTURE(seed);
    const Busy b = busy_world(seed, 150);
    const rapport::Network& net = b.net;
    const TriagePlan plan = rapport::plan_triage(net, 0, b.pending, now);
    REQUIRE(plan.entries.size() == b.pending.size());
    const auto scores = rapport::score_all(net, b.pending, now);
    std::size_t deferred = 0;
    for (const PlanEntry& e : plan.entries) {
      const rapport::Score& s = scores[e.request];
      CHECK(e.total == s.total);
      CHECK(e.reasons.size() > 0);
      if (!worth(s)) {
        // Requests not worth doing keep the score's decision and reasons.
        CHECK(e.decision == s.decision);
        CHECK(e.reasons == s.reasons);
      }
      if (e.decision == Decision::accept) CHECK(e.slot == now);
      if (e.decision == Decision::defer) {
        ++deferred;
        REQUIRE(e.slot.has_value());
        CHECK(*e.slot > now);
        // The plan sees every promotion the score sees, and more: never an earlier slot.
        if (s.slot) CHECK(*e.slot >= *s.slot);
        if (s.decision == Decision::accept) CHECK(e.flip->channel.has_value());
      }
      if (e.decision == Decision::decline || e.decision == Decision::defer) CHECK(e.flip.has_value());
    }
    const std::vector<Placed> placed = placements(net, b.pending, plan);
    CHECK(violations(net, 0, placed).empty());

    // Each deferral was necessary: the same request placed now instead would break a tolerance.
    for (const PlanEntry& e : plan.entries) {
      if (e.decision != Decision::defer || b.pending[e.request].channels.empty()) continue;
      std::vector<Placed> moved;
      for (Placed p : placed) {
        if (p.entry == e.request) p.at = now;
        moved.push_back(p);
      }
      CAPTURE(e.request);
      CHECK_FALSE(violations(net, 0, moved).empty());
    }
    if (seed == 1) CHECK(deferred > 0);  // the generator does exercise deferral
  }
}

TEST_CASE("posting the plan's promotions overloads no channel in the report", "[plan][property]") {
  // The plan, scoring and the report judge room by one definition: whatever the plan accepts or defers,
  // posted on its slot, leaves every week and share window within tolerance (a load exactly at tolerance
  // is strained, not overloaded), and nothing lands in a launch.
  int checked = 0, placed_some = 0;
  for (std::uint32_t seed = 1; seed <= 120; ++seed) {
    CAPTURE(seed);
    const Busy b = tolerant_world(seed, 5 + static_cast<int>(seed % 26));
    const rapport::Network& net = b.net;
    // A network overloaded before the plan says nothing about the plan.
    if (channel_overloaded(rapport::overload_report(net, 0, {}, now))) continue;
    ++checked;
    const TriagePlan plan = rapport::plan_triage(net, 0, b.pending, now);
    const std::vector<Placed> placed = placements(net, b.pending, plan);
    if (!placed.empty()) ++placed_some;
    for (const Placed& x : placed)
      for (const rapport::TimeRange& l : net.member(0).launches) CHECK_FALSE(l.contains(x.at));
    const rapport::OverloadReport after =
        rapport::overload_report(with_plan_posted(net, b.pending, plan), 0, {}, now);
    for (const rapport::Signal& s : after.signals) {
      if (s.kind != rapport::SignalKind::weekly_promotions && s.kind != rapport::SignalKind::promotion_share)
        continue;
      CAPTURE(to_string(s.kind), s.value, s.limit, s.window->begin.time_since_epoch().count());
      CHECK(s.level != rapport::Level::overloaded);
    }
    CHECK(violations(net, 0, placed).empty());
  }
  CHECK(checked >= 60);
  CHECK(placed_some >= 50);
}

TEST_CASE("the report's pauses never hold a slot of the plan", "[plan][overload][property]") {
  for (std::uint32_t seed = 1; seed <= 80; ++seed) {
    CAPTURE(seed);
    const Busy b = seed % 2 ? tolerant_world(seed, 5 + static_cast<int>(seed % 26)) : busy_world(seed, 40);
    const rapport::Network& net = b.net;
    const TriagePlan plan = rapport::plan_triage(net, 0, b.pending, now);
    const rapport::OverloadReport report = rapport::overload_report(net, 0, b.pending, now);
    std::map<rapport::ChannelId, std::vector<rapport::TimeRange>> paused;
    for (const rapport::Signal& s : report.signals)
      for (const rapport::Action& a : s.actions) {
        if (a.kind != rapport::ActionKind::pause_promotions) continue;
        REQUIRE(a.channel.has_value());
        REQUIRE(a.from.has_value());
        CHECK(*a.from >= now);
        const rapport::TimeRange range{*a.from, a.until.value_or(rapport::latest_time)};
        CHECK(range.begin < range.end);
        auto& ranges = paused[*a.channel];
        if (std::find(ranges.begin(), ranges.end(), range) == ranges.end()) ranges.push_back(range);
      }
    // One pause per channel per stretch without room: none overlap or touch.
    for (auto& [channel, ranges] : paused) {
      std::sort(ranges.begin(), ranges.end(), [](const auto& x, const auto& y) { return x.begin < y.begin; });
      for (std::size_t i = 1; i < ranges.size(); ++i) CHECK(ranges[i - 1].end < ranges[i].begin);
    }
    for (const Placed& x : placements(net, b.pending, plan))
      for (const rapport::TimeRange& r : paused[x.channel]) {
        CAPTURE(x.entry, time_text(x.at), time_text(r.begin), time_text(r.end));
        CHECK_FALSE(r.contains(x.at));
      }
  }
}

TEST_CASE("a weekly newsletter is not deferred into a window its promotions would overload", "[plan]") {
  // A weekly newsletter (Thursdays) that takes one promotion a week and at most 20% of posts, with a
  // promotion committed next week. A share window of four weeks holds four issues: one promotion fits
  // in it, two do not. Without expected issues ahead the windows after next week would hold the
  // commitment alone, and a deferral there would make them 25% promotions or more.
  rapport::Network net;
  net.add_member({.handle = "own", .name = "Owner", .topics = {{"writing/books"}}});
  net.add_member({.handle = "pub", .name = "Pub", .topics = {{"writing/books"}}});
  net.add_channel({.owner = "own",
                   .name = "newsletter",
                   .tolerance = rapport::PromoTolerance{.max_per_week = 1, .max_share = 0.2}});
  net.record(event("own", "pub", InteractionKind::met_in_person, days_ago(100)));
  net.record(event("own", "pub", InteractionKind::purchased, days_ago(90)));
  net.record(event("pub", "own", InteractionKind::promoted, days_ago(80)));
  for (int week = 10; week >= 1; --week)
    net.record(own_post("own", "newsletter", monday + days{3 - 7 * week}));
  net.record(promo_post("own", "newsletter", monday + days{7 + 3}));
  std::vector<Request> pending;
  for (const char* id : {"a", "b"}) {
    Request r = ask("pub", {"writing/books"}, {"newsletter"});
    r.owner = "own";
    r.id = id;
    r.preview = true;
    pending.push_back(r);
  }
  const TriagePlan plan = rapport::plan_triage(net, 0, pending, now);
  // Every window holding next week's commitment has its promotion: the first free week is the first
  // one outside them, five weeks on, and the second request waits four weeks more.
  REQUIRE(plan.entries[0].decision == Decision::defer);
  REQUIRE(plan.entries[1].decision == Decision::defer);
  CHECK(plan.entries[0].slot == monday + days{35});
  CHECK(plan.entries[1].slot == monday + days{63});
  const rapport::OverloadReport after =
      rapport::overload_report(with_plan_posted(net, pending, plan), 0, {}, now);
  CHECK_FALSE(channel_overloaded(after));
  // The report on the recorded posts pauses the newsletter until the first slot, and not past it.
  const rapport::OverloadReport before = rapport::overload_report(net, 0, pending, now);
  std::vector<rapport::Action> pauses;
  for (const rapport::Signal& s : before.signals)
    for (const rapport::Action& a : s.actions)
      if (a.kind == rapport::ActionKind::pause_promotions &&
          std::find(pauses.begin(), pauses.end(), a) == pauses.end())
        pauses.push_back(a);
  REQUIRE(pauses.size() == 1);
  CHECK(pauses[0].from == now);
  CHECK(pauses[0].until == monday + days{35});
  CHECK(describe(pauses[0], net, pending) ==
        "Pause promotions on newsletter from 2026-03-04 10:00 UTC until 2026-04-06.");
}

TEST_CASE("a share window is judged once it holds share_min_posts posts with the new promotion", "[plan]") {
  // Three own posts this week and nothing before: one more promotion makes four posts, enough to judge,
  // and 25% is over the blog's 20%. Scoring, the plan and the report agree on it.
  rapport::Network net;
  net.add_member({.handle = "own", .name = "Owner", .topics = {{"writing/books"}}});
  net.add_member({.handle = "pub", .name = "Pub", .topics = {{"writing/books"}}});
  net.add_channel({.owner = "own",
                   .name = "blog",
                   .tolerance = rapport::PromoTolerance{.max_per_week = 3, .max_share = 0.2}});
  net.record(event("own", "pub", InteractionKind::met_in_person, days_ago(100)));
  net.record(event("own", "pub", InteractionKind::purchased, days_ago(90)));
  net.record(event("pub", "own", InteractionKind::promoted, days_ago(80)));
  for (int h = 1; h <= 3; ++h) net.record(own_post("own", "blog", monday + hours{h}));
  Request r = ask("pub", {"writing/books"});
  r.owner = "own";
  r.preview = true;
  const std::vector<Request> pending{r};
  const rapport::Score s = rapport::score(net, r, now);
  CHECK(s.decision == Decision::defer);
  const rapport::Reason* share = s.reasons.find(ReasonCode::promo_share_high);
  REQUIRE(share != nullptr);
  CHECK(share->figures[0] == 0.25);
  const TriagePlan plan = rapport::plan_triage(net, 0, pending, now);
  CHECK(plan.entries[0].decision == Decision::defer);
  CHECK(plan.entries[0].slot == s.slot);
  // Accepted anyway, the report would call the blog overloaded.
  rapport::Network accepted = net;
  accepted.record(promo_post("own", "blog", now));
  CHECK(channel_overloaded(rapport::overload_report(accepted, 0, {}, now)));
  CHECK_FALSE(channel_overloaded(rapport::overload_report(with_plan_posted(net, pending, plan), 0, {}, now)));
}

TEST_CASE("a tired owner's plan defers everything worth doing past the rest", "[plan]") {
  rapport::Network net = hand_network();
  rapport::Member ana = net.member(0);
  ana.energy = 0.2;  // below gates.tired_energy (0.3), above gates.min_energy (0.1)
  net.update_member(ana);
  const rapport::Policy& p = net.policy();
  Request good = ask("ben", {"marketing/email"});
  good.id = "good";
  good.preview = true;
  good.offer = Offer::reciprocal_promotion;
  Request favour = good;
  favour.id = "favour";
  favour.channels.clear();
  const std::vector<Request> pending{good, favour};
  const TriagePlan plan = rapport::plan_triage(net, 0, pending, now);
  for (const PlanEntry& e : plan.entries) {
    CAPTURE(e.request);
    REQUIRE(e.decision == Decision::defer);
    CHECK(*e.slot >= now + p.gates.energy_rest);
    REQUIRE(e.flip.has_value());
    CHECK(e.flip->code == ReasonCode::flip_if_rested);
    CHECK(e.flip->figures[0] == seconds(*e.slot));
  }
  // A private favour needs no room: it waits for the rest and no longer.
  CHECK(plan.entries[1].slot == now + p.gates.energy_rest);
  CHECK(describe(*plan.entries[1].flip, net) ==
        "Accepted if sent on or after 2026-03-11, when you have rested.");
}

TEST_CASE("deferred requests name their earliest slot", "[plan][property]") {
  // Room is a function of the calendar week, so slots are searched on a documented grid: now, every
  // Monday and every launch end. At every grid time before a deferred request's slot, it would not have
  // fitted next to what the better-ranked requests had already taken.
  for (std::uint32_t seed = 500; seed < 506; ++seed) {
    CAPTURE(seed);
    const Busy b = busy_world(seed, 120);
    const rapport::Network& net = b.net;
    const rapport::Policy& policy = net.policy();
    const TriagePlan plan = rapport::plan_triage(net, 0, b.pending, now);
    const Timestamp horizon = now + days{366};
    std::set<Timestamp> grid{now};
    for (Timestamp w = rapport::week_start(now) + days{7}; w < horizon; w += days{7}) grid.insert(w);
    for (const rapport::TimeRange& l : net.member(0).launches)
      if (l.end > now && l.end < horizon) grid.insert(l.end);

    std::vector<std::size_t> rank;
    for (const PlanEntry& e : plan.entries)
      if (e.decision == Decision::accept || e.decision == Decision::defer) rank.push_back(e.request);
    std::sort(rank.begin(), rank.end(), [&](std::size_t x, std::size_t y) {
      const double tx = plan.entries[x].total, ty = plan.entries[y].total;
      if (tx != ty) return tx > ty;
      if (b.pending[x].id != b.pending[y].id) return b.pending[x].id < b.pending[y].id;
      return x < y;
    });
    const std::vector<Placed> all = placements(net, b.pending, plan);
    std::vector<Placed> before;
    int checked = 0;
    for (const std::size_t i : rank) {
      std::vector<Placed> mine;
      for (const Placed& x : all)
        if (x.entry == i) mine.push_back(x);
      const PlanEntry& e = plan.entries[i];
      if (e.decision == Decision::defer && !mine.empty()) {
        for (const Timestamp t : grid) {
          if (t >= *e.slot) break;
          std::vector<Placed> trial = before;
          for (Placed x : mine) {
            x.at = t;
            trial.push_back(x);
          }
          // Only placements whose windows can hold t can be broken by it.
          const auto near = [&](const Placed& x) {
            return x.at >= rapport::week_start(t) - policy.share_window - days{7} &&
                   x.at <= t + policy.share_window + days{7};
          };
          CAPTURE(i, t.time_since_epoch().count());
          CHECK_FALSE(violations(net, 0, trial, near).empty());
          ++checked;
        }
      }
      before.insert(before.end(), mine.begin(), mine.end());
    }
    CHECK(checked > 0);
  }
}

TEST_CASE("plans are deterministic and do not depend on input order", "[plan][property]") {
  for (std::uint32_t seed = 101; seed <= 106; ++seed) {
    CAPTURE(seed);
    Busy b = busy_world(seed, 150);
    const TriagePlan first = rapport::plan_triage(b.net, 0, b.pending, now);
    CHECK(rapport::plan_triage(b.net, 0, b.pending, now) == first);
    // Ids are unique, so a request's decision does not depend on where it sits in the list.
    std::vector<Request> shuffled = b.pending;
    std::mt19937 rng(seed);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    const TriagePlan second = rapport::plan_triage(b.net, 0, shuffled, now);
    std::map<std::string, const PlanEntry*> by_id;
    for (const PlanEntry& e : first.entries) by_id[b.pending[e.request].id] = &e;
    for (const PlanEntry& e : second.entries) {
      const PlanEntry& before = *by_id.at(shuffled[e.request].id);
      CAPTURE(shuffled[e.request].id);
      CHECK(e.decision == before.decision);
      CHECK(e.slot == before.slot);
      CHECK(e.flip == before.flip);
      CHECK(e.reasons == before.reasons);
    }
  }
}

TEST_CASE("equal totals break ties by request id, then by position", "[plan]") {
  // Two identical requests for a blog with room for one more this week.
  rapport::Network net;
  net.add_member({.handle = "ana", .name = "Ana", .topics = {{"writing/books"}}});
  net.add_member({.handle = "pub", .name = "Pub", .topics = {{"writing/books"}}});
  net.add_channel({.owner = "ana",
                   .name = "blog",
                   .tolerance = rapport::PromoTolerance{.max_per_week = 1, .max_share = 1}});
  net.record(event("ana", "pub", InteractionKind::met_in_person, days_ago(20)));
  net.record(event("ana", "pub", InteractionKind::purchased, days_ago(10)));
  net.record(event("pub", "ana", InteractionKind::promoted, days_ago(5)));
  Request a = ask("pub", {"writing/books"});
  a.preview = true;
  a.content_quality = 0.8;  // the owner read it and liked it
  a.id = "b";
  Request b = a;
  b.id = "a";
  const std::vector<Request> pending{a, b};
  const TriagePlan plan = rapport::plan_triage(net, 0, pending, now);
  REQUIRE(plan.entries[0].total == plan.entries[1].total);
  CHECK(plan.entries[1].decision == Decision::accept);  // id "a" first
  CHECK(plan.entries[0].decision == Decision::defer);
  // The deferral says who took the room.
  const rapport::Reason* outranked = plan.entries[0].reasons.find(ReasonCode::outranked);
  REQUIRE(outranked != nullptr);
  CHECK(outranked->figures[0] == 1);
  CHECK(outranked->figures[1] == plan.entries[1].total);
  CHECK(outranked->channel == net.find_channel("ana", "blog"));
  // Same ids: the earlier position wins.
  const std::vector<Request> twins{a, a};
  const TriagePlan twin_plan = rapport::plan_triage(net, 0, twins, now);
  CHECK(twin_plan.entries[0].decision == Decision::accept);
  CHECK(twin_plan.entries[1].decision == Decision::defer);
}

TEST_CASE("on small single-channel cases the accepted set is a brute-force optimum", "[plan][property]") {
  int cases_with_choice = 0;
  for (std::uint32_t seed = 200; seed < 260; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    const Busy b = busy_world(seed, 1 + static_cast<int>(rng() % 10), true);
    const rapport::Network& net = b.net;
    const std::vector<Request>& pending = b.pending;
    const rapport::ChannelId blog = *net.find_channel("own", "blog");
    const TriagePlan plan = rapport::plan_triage(net, 0, pending, now);
    const auto scores = rapport::score_all(net, pending, now);

    // Brute force: every subset of the worthwhile requests that fits the blog now, each member judged
    // against the recorded posts and the rest of the subset.
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < pending.size(); ++i)
      if (worth(scores[i])) candidates.push_back(i);
    double best = 0;
    for (std::uint32_t mask = 0; mask < (1u << candidates.size()); ++mask) {
      std::vector<Placed> subset;
      double sum = 0;
      for (std::size_t k = 0; k < candidates.size(); ++k)
        if (mask & (1u << k)) {
          subset.push_back({blog, now, candidates[k]});
          sum += scores[candidates[k]].total;
        }
      if (violations(net, 0, subset).empty()) best = std::max(best, sum);
    }
    double accepted = 0;
    std::size_t accepted_count = 0;
    for (const PlanEntry& e : plan.entries)
      if (e.decision == Decision::accept) {
        accepted += e.total;
        ++accepted_count;
      }
    CHECK_THAT(accepted, Catch::Matchers::WithinAbs(best, 1e-9));
    if (accepted_count > 0 && accepted_count < candidates.size()) ++cases_with_choice;
  }
  CHECK(cases_with_choice >= 5);  // the generator does produce cases where the plan must choose
}

TEST_CASE("a single pending request gets the score's decision and slot", "[plan]") {
  for (std::uint32_t seed = 300; seed < 340; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    const World w = random_world(seed, 10, 80, 30);
    const std::vector<Request> one{random_request(rng, w)};
    const rapport::Score s = rapport::score(w.net, one[0], now);
    const TriagePlan plan = rapport::plan_triage(w.net, 0, one, now);
    CHECK(plan.entries[0].decision == s.decision);
    if (s.decision == Decision::defer) CHECK(plan.entries[0].slot == s.slot);
    CHECK(plan.entries[0].reasons == s.reasons);
  }
}

TEST_CASE("pins are respected and reported when they overload", "[plan]") {
  rapport::Network net = hand_network();
  // The blog takes 2 promotions a week; one is already committed for Friday.
  net.record(promo_post("ana", "blog", now + days{2}));
  Request good = ask("ben", {"marketing/email"});
  good.id = "good";
  good.preview = true;
  good.content_quality = 0.8;  // the owner read it and liked it
  good.offer = Offer::reciprocal_promotion;
  Request dog = ask("dex", {"pets/dog-collars"});
  dog.id = "dog";
  Request cara = ask("cara");
  cara.id = "cara";
  const std::vector<Request> pending{good, dog, cara};
  const TriagePlan free = rapport::plan_triage(net, 0, pending, now);
  REQUIRE(free.entries[0].decision == Decision::accept);
  REQUIRE(free.entries[1].decision == Decision::decline);

  SECTION("pin decline") {
    const std::vector<rapport::Override> pins{{.request_id = "good", .pin = Pin::decline}};
    const TriagePlan plan = rapport::plan_triage(net, 0, pending, now, pins);
    CHECK(plan.entries[0].decision == Decision::decline);
    CHECK(plan.entries[0].pinned);
    CHECK(plan.entries[0].reasons[0].code == ReasonCode::pinned);
    CHECK(plan.entries[0].flip->code == ReasonCode::flip_if_unpinned);
    CHECK(plan.pin_overloads.empty());
  }
  SECTION("pin accept within tolerance is not reported") {
    const std::vector<rapport::Override> pins{{.request_id = "dog", .pin = Pin::accept}};
    const TriagePlan plan = rapport::plan_triage(net, 0, pending, now, pins);
    CHECK(plan.entries[1].decision == Decision::accept);
    CHECK(plan.entries[1].pinned);
    CHECK(plan.entries[1].slot == now);
    CHECK(plan.entries[1].reasons[0].code == ReasonCode::pinned);
    CHECK_FALSE(plan.entries[1].flip.has_value());
    // The pin took the week's last room: the good request moves to next week.
    CHECK(plan.entries[0].decision == Decision::defer);
    CHECK(plan.entries[0].slot == monday + days{7});
    CHECK(plan.pin_overloads.empty());
    CHECK(violations(net, 0, placements(net, pending, plan)).empty());
  }
  SECTION("pin accepts that overload are reported with the figures") {
    const std::vector<rapport::Override> pins{{.request_id = "dog", .pin = Pin::accept},
                                              {.request_id = "cara", .pin = Pin::accept}};
    const TriagePlan plan = rapport::plan_triage(net, 0, pending, now, pins);
    CHECK(plan.entries[1].decision == Decision::accept);
    CHECK(plan.entries[2].decision == Decision::accept);
    CHECK(plan.pin_overloads == std::vector<std::size_t>{1, 2});
    for (const std::size_t i : {1, 2}) {
      const rapport::Reason* over = plan.entries[i].reasons.find(ReasonCode::pinned_overload);
      REQUIRE(over != nullptr);
      CHECK(over->figures[0] == 3);  // the commitment and both pins, this week
      CHECK(over->figures[1] == 2);
      CHECK(over->channel == net.find_channel("ana", "blog"));
    }
    // The unpinned request does not pile on: it waits for next week.
    CHECK(plan.entries[0].decision == Decision::defer);
    const auto bad = violations(net, 0, placements(net, pending, plan));
    CHECK(bad == std::set<std::size_t>{1, 2});
  }
  SECTION("a pin inside the owner's launch is reported") {
    rapport::Member ana = net.member(0);
    ana.launches = {{now - days{1}, now + days{3}}};
    net.update_member(ana);
    const std::vector<rapport::Override> pins{{.request_id = "good", .pin = Pin::accept}};
    const TriagePlan plan = rapport::plan_triage(net, 0, pending, now, pins);
    CHECK(plan.entries[0].decision == Decision::accept);
    CHECK(plan.pin_overloads == std::vector<std::size_t>{0});
    const rapport::Reason* in_launch = plan.entries[0].reasons.find(ReasonCode::pinned_in_launch);
    REQUIRE(in_launch != nullptr);
    CHECK(in_launch->figures[0] == seconds(now + days{3}));
  }
}

TEST_CASE("counterfactuals name the smallest change, and the change works", "[plan][property]") {
  // Every printed counterfactual is true: the request changed as it says, planned again with the rest,
  // is accepted now; a cheaper change would not have been. A deferral names its own slot.
  std::map<ReasonCode, int> seen;
  for (std::uint32_t seed = 400; seed < 424; ++seed) {
    CAPTURE(seed);
    const Busy b = seed < 412 ? busy_world(seed, 80) : tolerant_world(seed, 30);
    const rapport::Network& net = b.net;
    const TriagePlan plan = rapport::plan_triage(net, 0, b.pending, now);
    for (const PlanEntry& e : plan.entries) {
      if (!e.flip || e.pinned) continue;
      const rapport::Reason& f = *e.flip;
      ++seen[f.code];
      CHECK_FALSE(describe(f, net).empty());
      const Request& req = b.pending[e.request];
      CAPTURE(req.id, describe(f, net));
      if (e.decision == Decision::defer) {
        CHECK(f.code == ReasonCode::flip_if_later);
        CHECK(f.figures[0] == seconds(*e.slot));
        continue;
      }
      // Accepted now once changed, planned again with every other request.
      const auto accepted = [&](const Request& changed) {
        std::vector<Request> again = b.pending;
        again[e.request] = changed;
        return rapport::plan_triage(net, 0, again, now).entries[e.request].decision == Decision::accept;
      };
      Request changed = req;
      switch (f.code) {
        case ReasonCode::flip_if_preview:
          changed.preview = true;
          CHECK_FALSE(req.preview);
          CHECK(accepted(changed));
          break;
        case ReasonCode::flip_if_personal:
          changed.personalised = true;
          CHECK_FALSE(req.personalised);
          CHECK(accepted(changed));
          // A cheaper change would have been named instead.
          if (!req.preview) {
            Request previewed = req;
            previewed.preview = true;
            CHECK_FALSE(accepted(previewed));
          }
          break;
        case ReasonCode::flip_if_offer:
          changed.offer = static_cast<Offer>(static_cast<int>(f.figures[0]));
          CHECK(changed.offer != req.offer);
          CHECK(accepted(changed));
          CHECK(f.figures[1] >= f.figures[2]);
          break;
        case ReasonCode::flip_if_channel:
          REQUIRE(f.channel.has_value());
          changed.channels = {net.channel(*f.channel).name};
          CHECK(accepted(changed));
          CHECK(f.figures[2] == seconds(now));
          break;
        case ReasonCode::flip_if_higher:
          CHECK(f.figures[0] < f.figures[1]);
          break;
        default:
          CHECK((f.code == ReasonCode::no_flip || f.code == ReasonCode::flip_if_unpinned));
      }
    }
  }
  for (const auto& [code, n] : seen) UNSCOPED_INFO(rapport::to_string(code) << ": " << n);
  CHECK(seen.size() >= 4);  // several kinds of counterfactual come up
}

TEST_CASE("a declined request that a reciprocal promotion would flip says so", "[plan]") {
  rapport::Network net = hand_network();
  // Cara asks every month and never gives back: one-sided, declined.
  Request req = ask("cara");
  req.preview = true;
  req.content_quality = 0.8;  // the owner read it and liked it
  req.personalised = true;
  const std::vector<Request> pending{req};
  REQUIRE(rapport::score(net, req, now).decision == Decision::decline);
  const TriagePlan plan = rapport::plan_triage(net, 0, pending, now);
  REQUIRE(plan.entries[0].flip.has_value());
  const rapport::Reason& f = *plan.entries[0].flip;
  CAPTURE(to_string(f.code), describe(f, net));
  if (f.code == ReasonCode::flip_if_offer) {
    Request changed = req;
    changed.offer = static_cast<Offer>(static_cast<int>(f.figures[0]));
    CHECK(worth(rapport::score(net, changed, now)));
    CHECK_THAT(describe(f, net), Catch::Matchers::ContainsSubstring("offered"));
  } else {
    // No offer is enough: the gap to the gate is named instead.
    CHECK(f.code == ReasonCode::flip_if_higher);
    for (const Offer o : {Offer::reciprocal_promotion, Offer::payment, Offer::promise}) {
      Request changed = req;
      changed.offer = o;
      CHECK_FALSE(worth(rapport::score(net, changed, now)));
    }
  }
  // An off-niche request names how far relevance is from the gate.
  Request dog = ask("dex", {"pets/dog-collars"});
  dog.preview = true;
  dog.content_quality = 0.8;  // the owner read it and liked it
  dog.personalised = true;
  const std::vector<Request> dogs{dog};
  const TriagePlan dog_plan = rapport::plan_triage(net, 0, dogs, now);
  REQUIRE(dog_plan.entries[0].flip.has_value());
  CHECK(dog_plan.entries[0].flip->code == ReasonCode::flip_if_higher);
  CHECK(dog_plan.entries[0].flip->dimension == Dimension::relevance);
  CHECK(dog_plan.entries[0].flip->figures[1] == net.policy().gates.off_niche);
}

TEST_CASE("plan_triage refuses bad input and names the field", "[plan]") {
  const rapport::Network net = hand_network();
  const std::vector<Request> pending{ask("ben"), ask("dex", {"pets/dog-collars"})};
  require_error([&] { (void)rapport::plan_triage(net, 99, pending, now); }, rapport::Errc::unknown_member,
                "owner", "99");
  std::vector<Request> other = pending;
  other[1].owner = "ben";
  require_error([&] { (void)rapport::plan_triage(net, 0, other, now); }, rapport::Errc::unknown_member,
                "pending[1].owner", "ben");
  const std::vector<rapport::Override> unknown{{.request_id = "nope", .pin = Pin::accept}};
  require_error([&] { (void)rapport::plan_triage(net, 0, pending, now, unknown); },
                rapport::Errc::out_of_range, "overrides[0].request_id", "nope");
  const std::vector<rapport::Override> empty{{.request_id = "", .pin = Pin::accept}};
  require_error([&] { (void)rapport::plan_triage(net, 0, pending, now, empty); }, rapport::Errc::empty_handle,
                "overrides[0].request_id", "");
  const std::vector<rapport::Override> both{{.request_id = "ben-req", .pin = Pin::accept},
                                            {.request_id = "ben-req", .pin = Pin::decline}};
  require_error([&] { (void)rapport::plan_triage(net, 0, pending, now, both); }, rapport::Errc::out_of_range,
                "overrides[1].request_id", "ben-req (pinned both ways)");
  std::vector<Request> bad_channel = pending;
  bad_channel[0].channels = {"tiktok"};
  CHECK_THROWS_AS(rapport::plan_triage(net, 0, bad_channel, now), rapport::Error);
  CHECK(rapport::plan_triage(net, 0, {}, now).entries.empty());
}

TEST_CASE("pin names round-trip", "[plan]") {
  for (const Pin p : {Pin::accept, Pin::decline}) CHECK(rapport::pin_from_string(to_string(p)) == p);
  CHECK_FALSE(rapport::pin_from_string("maybe").has_value());
}

TEST_CASE("plan reasons and counterfactuals describe themselves", "[plan]") {
  const rapport::Network net = hand_network();
  std::set<std::string> sentences;
  const int first = static_cast<int>(ReasonCode::pinned), last = static_cast<int>(ReasonCode::flip_if_rested);
  for (int i = first; i <= last; ++i) {
    for (const bool with_channel : {false, true}) {
      rapport::Reason r{.code = static_cast<ReasonCode>(i), .figures = {1, 2, 1.7e9}};
      if (with_channel) r.channel = *net.find_channel("ana", "newsletter");
      const std::string s = describe(r, net);
      CAPTURE(to_string(r.code), s);
      CHECK(s.back() == '.');
      CHECK(s.find(' ') != std::string::npos);
      if (with_channel && (r.code == ReasonCode::flip_if_later || r.code == ReasonCode::flip_if_channel ||
                           r.code == ReasonCode::outranked || r.code == ReasonCode::pinned_overload))
        CHECK_THAT(s, Catch::Matchers::ContainsSubstring("newsletter"));
      sentences.insert(s);
    }
  }
  CHECK(sentences.size() >= static_cast<std::size_t>(last - first + 1));
  rapport::Reason later{.code = ReasonCode::flip_if_later, .figures = {seconds(monday + days{7}), 0, 0}};
  later.channel = *net.find_channel("ana", "blog");
  CHECK(describe(later, net) == "Accepted if sent on or after 2026-03-09, when blog has room.");
  rapport::Reason offer{.code = ReasonCode::flip_if_offer, .figures = {1, 0.55, 0.5}};
  CHECK(describe(offer, net) ==
        "Accepted if the request offered a reciprocal promotion (merit 0.55, the bar is 0.50).");
}
