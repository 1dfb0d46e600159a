// Network: interning, channels and posts, aggregated decayed relationship state, and every error
// path of its mutators (each must leave the network exactly as it was).
#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/generators/catch_generators_range.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <rapport/rapport.hpp>
#include <sstream>

#include "support.hpp"

using namespace rapport_test;
using Catch::Matchers::WithinRel;
using rapport::Errc;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

std::string secs(Timestamp t) {
  return time_text(t);
}

rapport::Network two_members() {
  rapport::Network net;
  net.add_member({.handle = "ana", .name = "Ana", .topics = {{"marketing"}}});
  net.add_member({.handle = "ben", .name = "Ben"});
  net.add_channel({.owner = "ana", .name = "blog", .audience_size = 10});
  return net;
}

double knowledge(const rapport::Network& net, std::string_view owner, std::string_view other, Timestamp at) {
  const auto r = net.relationship(id_of(net, owner), id_of(net, other), at);
  REQUIRE(r.has_value());
  return r->knowledge;
}

}  // namespace

TEST_CASE("members are interned to dense ids in order of addition", "[network]") {
  rapport::Network net;
  const rapport::Member ana{
      .handle = "ana", .name = "Ana", .topics = {{"marketing/seo", 2.0}}, .strategic = true};
  CHECK(net.add_member(ana) == 0);
  CHECK(net.add_member({.handle = "ben"}) == 1);
  CHECK(net.add_member({.handle = "@cara@example.social"}) == 2);
  CHECK(net.member_count() == 3);
  CHECK(net.find_member("ana") == 0u);
  CHECK(net.find_member("@cara@example.social") == 2u);
  CHECK_FALSE(net.find_member("dex").has_value());
  CHECK_FALSE(net.find_member("").has_value());
  CHECK(net.member(0) == ana);
  CHECK(net.member(1).handle == "ben");
  CHECK(net.handle(1) == "ben");
}

TEST_CASE("channels belong to their owner and are found by owner and name", "[network]") {
  rapport::Network net = two_members();
  const rapport::ChannelId pod = net.add_channel({.owner = "ben", .name = "podcast", .audience_size = 5});
  const rapport::ChannelId news = net.add_channel({.owner = "ana", .name = "newsletter"});
  // Channel names are unique per owner, not globally.
  const rapport::ChannelId ben_blog = net.add_channel({.owner = "ben", .name = "blog"});
  CHECK(net.channel_count() == 4);
  CHECK(pod == 1);
  CHECK(news == 2);
  CHECK(ben_blog == 3);
  CHECK(net.find_channel("ana", "blog") == 0u);
  CHECK(net.find_channel("ben", "blog") == 3u);
  CHECK_FALSE(net.find_channel("ana", "podcast").has_value());
  CHECK_FALSE(net.find_channel("zed", "blog").has_value());
  const auto ana_channels = net.channels_of(id_of(net, "ana"));
  CHECK(std::vector<rapport::ChannelId>(ana_channels.begin(), ana_channels.end()) ==
        std::vector<rapport::ChannelId>{0, 2});
  const auto ben_channels = net.channels_of(id_of(net, "ben"));
  CHECK(std::vector<rapport::ChannelId>(ben_channels.begin(), ben_channels.end()) ==
        std::vector<rapport::ChannelId>{1, 3});
  CHECK(net.channel(pod).owner == "ben");
  CHECK(net.channel(pod).audience_size == 5);
}

TEST_CASE("update_member and update_channel replace by key", "[network]") {
  rapport::Network net = two_members();
  net.update_member({.handle = "ben", .name = "Benjamin", .topics = {{"writing"}}, .energy = 0.5});
  CHECK(net.member(1).name == "Benjamin");
  CHECK(net.member(1).energy == 0.5);
  CHECK(net.member_count() == 2);
  const rapport::Channel blog{.owner = "ana",
                              .name = "blog",
                              .audience_size = 99,
                              .tolerance = rapport::PromoTolerance{.max_per_week = 1, .max_share = 0.1}};
  net.update_channel(blog);
  CHECK(net.channel(0) == blog);
  CHECK(net.channel_count() == 1);
}

TEST_CASE("posts are kept oldest first, equal times in order of recording", "[network]") {
  rapport::Network net = two_members();
  net.record(own_post("ana", "blog", days_ago(5)));
  net.record(promo_post("ana", "blog", days_ago(1), "ben"));
  net.record(own_post("ana", "blog", days_ago(3)));  // late, but within max_lateness
  net.record(promo_post("ana", "blog", days_ago(3)));
  const auto posts = net.posts(0);
  REQUIRE(posts.size() == 4);
  CHECK(posts[0].at == days_ago(5));
  CHECK(posts[1].at == days_ago(3));
  CHECK_FALSE(posts[1].promotion);
  CHECK(posts[2].at == days_ago(3));
  CHECK(posts[2].promotion);
  CHECK(posts[3] == promo_post("ana", "blog", days_ago(1), "ben"));
}

TEST_CASE("relationship state is directional and counts events by kind", "[network]") {
  rapport::Network net = two_members();
  const auto ana = id_of(net, "ana"), ben = id_of(net, "ben");
  CHECK_FALSE(net.relationship(ana, ben, now).has_value());
  net.record(event("ben", "ana", InteractionKind::liked, days_ago(50)));
  net.record(event("ben", "ana", InteractionKind::purchased, days_ago(40)));
  net.record(event("ana", "ben", InteractionKind::call, days_ago(30)));
  net.record(event("ben", "ana", InteractionKind::asked, days_ago(10)));

  const auto a = net.relationship(ana, ben, now);
  const auto b = net.relationship(ben, ana, now);
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(a->by_other(InteractionKind::purchased) == 1);
  CHECK(a->by_other(InteractionKind::liked) == 1);
  CHECK(a->by_owner(InteractionKind::call) == 1);
  CHECK(a->from_other == b->from_owner);
  CHECK(a->from_owner == b->from_other);
  CHECK(a->count(InteractionKind::call) == 1);
  CHECK(a->count(InteractionKind::asked) == 1);
  CHECK(a->first_contact == days_ago(50));
  CHECK(a->last_contact == days_ago(10));
  CHECK(a->last_meaningful == days_ago(30));  // an ask is not meaningful contact
  // What one gave the other is what the other received.
  CHECK(a->received > 0);
  CHECK(a->received == b->given);
  CHECK(a->given == b->received);
  CHECK(a->asks > 0);
  CHECK(b->asks == 0);
  // A purchase teaches the buyer far more about the seller than the other way round.
  CHECK(b->knowledge > a->knowledge);
  CHECK(a->knowledge > 0);
  CHECK_THAT(a->tie_strength, WithinRel(1 - std::exp(-a->knowledge / net.policy().context_scale), 1e-12));
}

TEST_CASE("one event adds its kind's effect times its weight", "[network]") {
  rapport::Network net = two_members();
  const rapport::Policy& p = net.policy();
  const auto kind = GENERATE(InteractionKind::met_in_person, InteractionKind::purchased,
                             InteractionKind::promoted, InteractionKind::vetted, InteractionKind::feedback);
  const auto effect = p.kinds[static_cast<std::size_t>(kind)];
  net.record(event("ana", "ben", kind, now, 2.0));
  const auto a = net.relationship(0, 1, now);
  const auto b = net.relationship(1, 0, now);
  REQUIRE((a && b));
  CHECK_THAT(a->knowledge, WithinRel(effect.actor_learns * 2.0, single_precision));
  CHECK_THAT(b->knowledge, WithinRel(effect.target_learns * 2.0, single_precision));
  CHECK_THAT(b->received, WithinRel(std::max(0.0, effect.value) * 2.0, single_precision));
  CHECK(a->given == b->received);
  CHECK(a->received == 0);
}

TEST_CASE("contacts are listed in order of first interaction", "[network]") {
  rapport::Network net = hand_network();
  const auto contacts = net.contacts(id_of(net, "ana"));
  const std::vector<rapport::MemberId> expected{id_of(net, "ben"), id_of(net, "cara"), id_of(net, "eve"),
                                                id_of(net, "gus")};
  CHECK(contacts == expected);
  CHECK(net.contacts(id_of(net, "dex")).empty());
  CHECK(net.contacts(id_of(net, "fay")) == std::vector<rapport::MemberId>{id_of(net, "eve")});
}

TEST_CASE("knowledge halves after one context half-life, value after one reciprocity half-life",
          "[network][decay]") {
  const auto half_life_days = GENERATE(30, 180, 364);  // even: the reciprocity half-life is half of it
  rapport::Policy policy;
  policy.decay.context_half_life = days{half_life_days};
  policy.decay.reciprocity_half_life = days{half_life_days / 2};
  rapport::Network net(policy);
  net.add_member({.handle = "ana"});
  net.add_member({.handle = "ben"});
  const Timestamp t = days_ago(1000);
  net.record(event("ben", "ana", InteractionKind::promoted, t, 1.5));
  const auto at_event = net.relationship(0, 1, t);
  const auto one_life = net.relationship(0, 1, t + days{half_life_days});
  const auto two_lives = net.relationship(0, 1, t + days{2 * half_life_days});
  REQUIRE((at_event && one_life && two_lives));
  REQUIRE(at_event->knowledge > 0);
  CHECK_THAT(one_life->knowledge, WithinRel(at_event->knowledge / 2, 1e-12));
  CHECK_THAT(two_lives->knowledge, WithinRel(at_event->knowledge / 4, 1e-12));
  CHECK_THAT(one_life->received, WithinRel(at_event->received / 4, 1e-12));  // two reciprocity half-lives
  CHECK(one_life->tie_strength < at_event->tie_strength);
  // Counts and contact dates do not fade.
  CHECK(one_life->from_other == at_event->from_other);
  CHECK(one_life->last_contact == t);
}

TEST_CASE("a query time before the pair's latest event reads the state as of that event",
          "[network][decay]") {
  rapport::Network net = two_members();
  net.record(event("ana", "ben", InteractionKind::call, days_ago(100)));
  net.record(event("ana", "ben", InteractionKind::message, days_ago(20)));
  const auto latest = net.relationship(0, 1, days_ago(20));
  const auto earlier = net.relationship(0, 1, days_ago(500));
  REQUIRE((latest && earlier));
  CHECK(*latest == *earlier);
  CHECK(net.relationship(0, 1, now)->knowledge < latest->knowledge);
}

TEST_CASE("late events within max_lateness are accepted and add decayed weight", "[network][decay]") {
  rapport::Network net = two_members();
  const rapport::Policy& p = net.policy();
  const auto learns = p.kinds[static_cast<std::size_t>(InteractionKind::vetted)].actor_learns;
  net.record(event("ana", "ben", InteractionKind::vetted, now));
  const double before = knowledge(net, "ana", "ben", now);
  const auto lateness = GENERATE(0, 1, 10, 30);  // days; 30 is exactly max_lateness
  REQUIRE(days{lateness} <= p.decay.max_lateness);
  rapport::Interaction late = event("ana", "ben", InteractionKind::vetted, now - days{lateness});
  late.id = "late";  // with a lateness of 0, the same content as the first: another event by its id
  net.record(late);
  const double added = knowledge(net, "ana", "ben", now) - before;
  const double expected = learns * std::exp2(-static_cast<double>(lateness) / 365.0);
  CHECK_THAT(added, WithinRel(expected, single_precision));
  CHECK(added <= learns);
  // The late event counts and can become the first contact, but does not move the latest one.
  const auto r = net.relationship(0, 1, now);
  CHECK(r->count(InteractionKind::vetted) == 2);
  CHECK(r->last_contact == now);
  CHECK(r->first_contact == now - days{lateness});
}

TEST_CASE("a late event adds what an on-time one would have left", "[network][decay]") {
  // Recording the same two events in either order (within max_lateness) gives the same state.
  rapport::Network in_order = two_members(), reversed = two_members();
  const auto e1 = event("ben", "ana", InteractionKind::collaborated, days_ago(40), 2.0);
  const auto e2 = event("ana", "ben", InteractionKind::feedback, days_ago(15), 0.5);
  in_order.record(e1);
  in_order.record(e2);
  reversed.record(e2);
  reversed.record(e1);
  for (const auto& [o, x] : {std::pair{0u, 1u}, std::pair{1u, 0u}}) {
    const auto a = in_order.relationship(o, x, now);
    const auto b = reversed.relationship(o, x, now);
    REQUIRE((a && b));
    CHECK_THAT(a->knowledge, WithinRel(b->knowledge, 1e-12));
    CHECK_THAT(a->received, WithinRel(b->received, 1e-12));
    CHECK(a->from_other == b->from_other);
    CHECK(a->first_contact == b->first_contact);
    CHECK(a->last_contact == b->last_contact);
  }
}

TEST_CASE("events older than max_lateness before the pair's latest one throw stale_event",
          "[network][decay][errors]") {
  rapport::Network net = hand_network();
  const std::vector<rapport::Request> probe{ask("ben"), ask("cara")};
  const Snapshot before = snapshot(net, probe);
  // ana and ben's latest event is 20 days ago.
  const Timestamp too_late = days_ago(20) - net.policy().decay.max_lateness - std::chrono::seconds{1};
  require_error([&] { net.record(event("ben", "ana", InteractionKind::purchased, too_late)); },
                Errc::stale_event, "interaction.at", secs(too_late));
  require_unchanged(before, net, probe);
  // Lateness is per pair: dex has no history, so an old event is fine for him.
  net.record(event("dex", "ana", InteractionKind::message, days_ago(900)));
  CHECK(net.relationship(id_of(net, "ana"), id_of(net, "dex"), now).has_value());
}

TEST_CASE("posts are kept in time order whenever they are recorded, even behind a commitment far ahead",
          "[network][posts]") {
  rapport::Network net = hand_network();
  // A promotion accepted for two months ahead must not stop today's posts from being recorded.
  net.record(promo_post("ana", "blog", now + std::chrono::days{60}, "ben"));
  net.record(own_post("ana", "blog", now));
  net.record(own_post("ana", "blog", days_ago(400)));
  const auto posts = net.posts(0);
  CHECK(posts.front().at == days_ago(400));
  CHECK(posts.back().at == now + std::chrono::days{60});
  for (std::size_t i = 1; i < posts.size(); ++i) CHECK(posts[i - 1].at <= posts[i].at);
}

TEST_CASE("a copied network is independent of the original", "[network]") {
  rapport::Network net = hand_network();
  rapport::Network copy = net;
  copy.add_member({.handle = "zed"});
  copy.record(event("zed", "ana", InteractionKind::promoted, now));
  copy.record(promo_post("ana", "blog", now));
  CHECK(copy.member_count() == net.member_count() + 1);
  CHECK(copy.posts(0).size() == net.posts(0).size() + 1);
  CHECK_FALSE(net.find_member("zed").has_value());
  rapport::Network moved = std::move(copy);
  CHECK(moved.find_member("zed").has_value());
  net = moved;
  CHECK(net.find_member("zed").has_value());
}

// ------------------------------------------------------------------ error paths

TEST_CASE("Network mutators reject bad input with a typed error and leave the network unchanged",
          "[network][errors]") {
  rapport::Network net = hand_network();
  const std::vector<rapport::Request> probe{ask("ben"), ask("cara"), ask("fay"),
                                            ask("dex", {"pets/dog-collars"})};
  const Snapshot before = snapshot(net, probe);
  const auto check = [&](auto&& f, Errc code, std::string_view field, std::string_view value) {
    require_error(f, code, field, value);
    require_unchanged(before, net, probe);
  };

  SECTION("empty handle") {
    check([&] { net.add_member({.handle = ""}); }, Errc::empty_handle, "member.handle", "");
    check([&] { net.update_member({.handle = ""}); }, Errc::empty_handle, "member.handle", "");
    check([&] { net.record(event("", "ana", InteractionKind::call, now)); }, Errc::empty_handle,
          "interaction.from", "");
    check([&] { net.record(event("ana", "", InteractionKind::call, now)); }, Errc::empty_handle,
          "interaction.to", "");
    check([&] { net.add_channel({.owner = "", .name = "x"}); }, Errc::empty_handle, "channel.owner", "");
    check([&] { net.add_channel({.owner = "ana", .name = ""}); }, Errc::empty_handle, "channel.name", "");
    check([&] { net.record(own_post("", "blog", now)); }, Errc::empty_handle, "post.owner", "");
    check([&] { net.record(own_post("ana", "", now)); }, Errc::empty_handle, "post.channel", "");
  }
  SECTION("unknown member") {
    check([&] { net.update_member({.handle = "zed"}); }, Errc::unknown_member, "member.handle", "zed");
    check([&] { net.record(event("zed", "ana", InteractionKind::call, now)); }, Errc::unknown_member,
          "interaction.from", "zed");
    check([&] { net.record(event("ana", "zed", InteractionKind::call, now)); }, Errc::unknown_member,
          "interaction.to", "zed");
    check([&] { net.add_channel({.owner = "zed", .name = "blog"}); }, Errc::unknown_member, "channel.owner",
          "zed");
    check([&] { net.update_channel({.owner = "zed", .name = "blog"}); }, Errc::unknown_member,
          "channel.owner", "zed");
    check([&] { net.record(own_post("zed", "blog", now)); }, Errc::unknown_member, "post.owner", "zed");
    check([&] { net.record(promo_post("ana", "blog", now, "zed")); }, Errc::unknown_member, "post.promoted",
          "zed");
  }
  SECTION("duplicate member") {
    check([&] { net.add_member({.handle = "ben", .name = "Another Ben"}); }, Errc::duplicate_member,
          "member.handle", "ben");
  }
  SECTION("unknown channel") {
    check([&] { net.update_channel({.owner = "ana", .name = "podcast"}); }, Errc::unknown_channel,
          "channel.name", "podcast");
    // "podcast" is ben's channel, not ana's.
    check([&] { net.record(own_post("ana", "podcast", now)); }, Errc::unknown_channel, "post.channel",
          "podcast");
  }
  SECTION("duplicate channel") {
    check([&] { net.add_channel({.owner = "ana", .name = "blog", .audience_size = 1}); },
          Errc::duplicate_channel, "channel.name", "blog");
  }
  SECTION("self interaction") {
    check([&] { net.record(event("ana", "ana", InteractionKind::message, now)); }, Errc::self_interaction,
          "interaction.to", "ana");
  }
  SECTION("interaction weight: NaN, infinite, negative") {
    check([&] { net.record(event("ana", "ben", InteractionKind::call, now, kNaN)); }, Errc::not_finite,
          "interaction.weight", "nan");
    check([&] { net.record(event("ana", "ben", InteractionKind::call, now, kInf)); }, Errc::not_finite,
          "interaction.weight", "inf");
    check([&] { net.record(event("ana", "ben", InteractionKind::call, now, -kInf)); }, Errc::not_finite,
          "interaction.weight", "-inf");
    check([&] { net.record(event("ana", "ben", InteractionKind::call, now, -1)); }, Errc::out_of_range,
          "interaction.weight", "-1");
    check([&] { net.record(event("ana", "dex", InteractionKind::call, now, -0.5)); }, Errc::out_of_range,
          "interaction.weight", "-0.5");
  }
  SECTION("audience size: NaN, infinite, negative") {
    check([&] { net.add_channel({.owner = "ana", .name = "x", .audience_size = kNaN}); }, Errc::not_finite,
          "channel.audience_size", "nan");
    check([&] { net.add_channel({.owner = "ana", .name = "x", .audience_size = kInf}); }, Errc::not_finite,
          "channel.audience_size", "inf");
    check([&] { net.add_channel({.owner = "ana", .name = "x", .audience_size = -1}); }, Errc::out_of_range,
          "channel.audience_size", "-1");
    check([&] { net.update_channel({.owner = "ana", .name = "blog", .audience_size = -2.5}); },
          Errc::out_of_range, "channel.audience_size", "-2.5");
  }
  SECTION("channel tolerance out of range") {
    check(
        [&] {
          net.add_channel(
              {.owner = "ana", .name = "x", .tolerance = rapport::PromoTolerance{.max_per_week = -1}});
        },
        Errc::out_of_range, "channel.tolerance.max_per_week", "-1");
    check(
        [&] {
          net.update_channel(
              {.owner = "ana", .name = "blog", .tolerance = rapport::PromoTolerance{.max_share = 1.5}});
        },
        Errc::out_of_range, "channel.tolerance.max_share", "1.5");
    check(
        [&] {
          net.add_channel(
              {.owner = "ana", .name = "x", .tolerance = rapport::PromoTolerance{.max_share = kNaN}});
        },
        Errc::not_finite, "channel.tolerance.max_share", "nan");
  }
  SECTION("energy: NaN, infinite, negative, above 1") {
    check([&] { net.add_member({.handle = "zed", .energy = kNaN}); }, Errc::not_finite, "member.energy",
          "nan");
    check([&] { net.add_member({.handle = "zed", .energy = kInf}); }, Errc::not_finite, "member.energy",
          "inf");
    check([&] { net.add_member({.handle = "zed", .energy = -0.1}); }, Errc::out_of_range, "member.energy",
          "-0.1");
    check([&] { net.update_member({.handle = "ana", .energy = 1.5}); }, Errc::out_of_range, "member.energy",
          "1.5");
  }
  SECTION("cadence must be positive") {
    check([&] { net.add_member({.handle = "zed", .cadence = days{0}}); }, Errc::out_of_range,
          "member.cadence", "0");
  }
  SECTION("invalid topic paths") {
    const std::string bad = GENERATE(as<std::string>{}, "", "a//b", "/a", "a/", "/", "marketing//seo");
    check([&] { net.add_member({.handle = "zed", .topics = {{bad}}}); }, Errc::invalid_topic,
          "member.topics[0].path", bad);
    check(
        [&] {
          net.update_member({.handle = "ana", .topics = {{"marketing"}, {bad}}});
        },
        Errc::invalid_topic, "member.topics[1].path", bad);
    check([&] { net.add_channel({.owner = "ana", .name = "x", .audience_topics = {{bad}}}); },
          Errc::invalid_topic, "channel.audience_topics[0].path", bad);
    check(
        [&] {
          net.update_channel({.owner = "ana", .name = "blog", .audience_topics = {{"marketing"}, {bad}}});
        },
        Errc::invalid_topic, "channel.audience_topics[1].path", bad);
  }
  SECTION("invalid topic weights") {
    check(
        [&] {
          net.add_member({.handle = "zed", .topics = {{"a", 0.0}}});
        },
        Errc::out_of_range, "member.topics[0].weight", "0");
    check(
        [&] {
          net.add_member({.handle = "zed", .topics = {{"a", -1.0}}});
        },
        Errc::out_of_range, "member.topics[0].weight", "-1");
    check(
        [&] {
          net.add_member({.handle = "zed", .topics = {{"a", kNaN}}});
        },
        Errc::not_finite, "member.topics[0].weight", "nan");
    check(
        [&] {
          net.add_channel({.owner = "ana", .name = "x", .audience_topics = {{"a", kInf}}});
        },
        Errc::not_finite, "channel.audience_topics[0].weight", "inf");
  }
  SECTION("launch window ending before it begins") {
    const rapport::TimeRange backwards{now, now - std::chrono::seconds{1}};
    const std::string value = secs(backwards.begin) + ".." + secs(backwards.end);
    check([&] { net.add_member({.handle = "zed", .launches = {backwards}}); }, Errc::invalid_time_range,
          "member.launches[0]", value);
    check(
        [&] {
          net.update_member({.handle = "ana", .launches = {{now, now + days{3}}, backwards}});
        },
        Errc::invalid_time_range, "member.launches[1]", value);
    // An empty window (end == begin) is allowed.
    rapport::Network copy = net;
    copy.add_member({.handle = "zed", .launches = {{now, now}}});
  }
}

TEST_CASE("a failed update_member keeps the old member", "[network][errors]") {
  rapport::Network net = hand_network();
  const rapport::Member old = net.member(0);
  rapport::Member changed = old;
  changed.name = "Changed";
  changed.energy = kNaN;
  CHECK_THROWS_AS(net.update_member(changed), rapport::Error);
  CHECK(net.member(0) == old);
}

TEST_CASE("lookups by id name an id from outside the network", "[network][errors]") {
  rapport::Network net = two_members();
  require_error([&] { (void)net.relationship(0, 7, now); }, Errc::unknown_member, "other", "7");
  require_error([&] { (void)net.relationship(7, 0, now); }, Errc::unknown_member, "owner", "7");
  require_error([&] { (void)net.contacts(2); }, Errc::unknown_member, "member", "2");
  require_error([&] { (void)net.member(2); }, Errc::unknown_member, "member", "2");
  require_error([&] { (void)net.handle(2); }, Errc::unknown_member, "member", "2");
  require_error([&] { (void)net.channels_of(2); }, Errc::unknown_member, "owner", "2");
  require_error([&] { (void)net.requests_received(2); }, Errc::unknown_member, "owner", "2");
  require_error([&] { (void)net.channel(1); }, Errc::unknown_channel, "channel", "1");
  require_error([&] { (void)net.posts(1); }, Errc::unknown_channel, "channel", "1");
  // The last valid ids still work.
  CHECK(net.channels_of(1).empty());
  CHECK(net.posts(0).empty());
  CHECK(net.channel(0).name == "blog");
}

TEST_CASE("random event streams keep relationship state finite, non-negative and symmetric",
          "[network][property]") {
  const auto seed = GENERATE(range(1u, 21u));
  World w = random_world(seed);
  for (rapport::MemberId a = 0; a < w.net.member_count(); ++a) {
    for (rapport::MemberId b = 0; b < w.net.member_count(); ++b) {
      if (a == b) continue;
      const auto ab = w.net.relationship(a, b, now);
      const auto ba = w.net.relationship(b, a, now);
      CHECK(ab.has_value() == ba.has_value());
      if (!ab || !ba) continue;
      for (double x : {ab->knowledge, ab->received, ab->given, ab->asks, ab->harm}) {
        CHECK(std::isfinite(x));
        CHECK(x >= 0);
      }
      CHECK(ab->tie_strength >= 0);
      CHECK(ab->tie_strength <= 1);
      CHECK(ab->given == ba->received);
      CHECK(ab->from_owner == ba->from_other);
      CHECK(ab->first_contact <= ab->last_contact);
      const auto contacts = w.net.contacts(a);
      CHECK(std::find(contacts.begin(), contacts.end(), b) != contacts.end());
    }
  }
}

// ------------------------------------------------------------------ batches

namespace {

/// Everything the network holds, fingerprints included, as its snapshot text.
std::string saved(const rapport::Network& net) {
  std::ostringstream out;
  rapport::save_network(net, out);
  return out.str();
}

/// Random events among `w`'s members and three newcomers, mostly in time order after `from`, some late
/// by up to `max_late`: new pairs, repeated pairs and late events all occur.
std::vector<rapport::Interaction> random_batch(std::mt19937& rng, const World& w, Timestamp from,
                                               std::chrono::seconds max_late, int count) {
  std::vector<std::string> handles = w.handles;
  for (const char* h : {"new1", "new2", "new3"}) handles.emplace_back(h);
  std::vector<rapport::Interaction> out;
  Timestamp t = from;
  for (int i = 0; i < count; ++i) {
    t += std::chrono::seconds{uniform_int(rng, 0, 3 * 86400)};
    const auto a = static_cast<std::size_t>(uniform_int(rng, 0, static_cast<int>(handles.size()) - 1));
    auto b = static_cast<std::size_t>(uniform_int(rng, 0, static_cast<int>(handles.size()) - 2));
    if (b >= a) ++b;
    const auto kind = static_cast<InteractionKind>(
        uniform_int(rng, 0, static_cast<int>(rapport::interaction_kind_count) - 1));
    const Timestamp at =
        coin(rng, 0.2) ? t - std::chrono::seconds{uniform_int(rng, 0, static_cast<int>(max_late.count()))}
                       : t;
    out.push_back(event(handles[a], handles[b], kind, at, uniform(rng, 0, 3)));
  }
  return out;
}

void add_newcomers(rapport::Network& net) {
  for (const char* h : {"new1", "new2", "new3"}) net.add_member({.handle = h});
}

}  // namespace

TEST_CASE("a pair counts events of every kind both ways exactly, in copies and snapshots too", "[network]") {
  // A pair holds up to four (kind, direction) counts, each below 2048, in a few bytes; a fifth, or a
  // larger count, moves them elsewhere. Either way each reads back as recorded, one event at a time or
  // in a batch.
  const auto entries = static_cast<std::size_t>(GENERATE(1, 4, 5, 28));  // (kind, direction)s recorded
  const auto likes = static_cast<std::uint32_t>(GENERATE(3, 2047, 2048, 2100));
  const bool batch = GENERATE(false, true);
  // Likes to ana, likes to ben, then each other kind but messages to ana and to ben.
  std::vector<InteractionKind> kinds{InteractionKind::liked};
  for (std::size_t k = 0; k < rapport::interaction_kind_count; ++k)
    if (const auto kind = static_cast<InteractionKind>(k);
        kind != InteractionKind::liked && kind != InteractionKind::message)
      kinds.push_back(kind);
  std::array<std::uint32_t, rapport::interaction_kind_count> to_ana{}, to_ben{};
  std::vector<rapport::Interaction> events;
  Timestamp at = days_ago(300);
  for (std::size_t i = 0; i < entries; ++i) {
    const InteractionKind kind = kinds[i / 2];
    const bool towards_ana = i % 2 == 0;
    const std::uint32_t times = i == 0 ? likes : static_cast<std::uint32_t>(1 + i % 3);
    for (std::uint32_t n = 0; n < times; ++n) {
      at += std::chrono::seconds{1};
      events.push_back(event(towards_ana ? "ben" : "ana", towards_ana ? "ana" : "ben", kind, at));
      ++(towards_ana ? to_ana : to_ben)[static_cast<std::size_t>(kind)];
    }
  }
  rapport::Network net = two_members();
  if (batch)
    net.record(events);
  else
    for (const rapport::Interaction& e : events) net.record(e);
  const auto ana = id_of(net, "ana"), ben = id_of(net, "ben");
  rapport::Network copy = net;
  std::istringstream text(saved(net));
  rapport::Network loaded = rapport::load_network(text, "snapshot.json");
  for (const rapport::Network* n : {&net, &copy, &loaded}) {
    const auto a = n->relationship(ana, ben, now);
    REQUIRE(a.has_value());
    CHECK(a->from_other == to_ana);
    CHECK(a->from_owner == to_ben);
  }
}

TEST_CASE("a batch records exactly what one record per event would", "[network][batch][property]") {
  const auto seed = GENERATE(range(1u, 21u));
  std::mt19937 rng(seed);
  World w = random_world(seed, 12, 40, 0);
  add_newcomers(w.net);
  const auto late = std::chrono::duration_cast<std::chrono::seconds>(w.net.policy().decay.max_lateness) / 2;
  const auto batch = random_batch(rng, w, now, late, 200);
  rapport::Network one_by_one = w.net;
  for (const rapport::Interaction& e : batch) one_by_one.record(e);
  w.net.record(std::span<const rapport::Interaction>(batch));
  require_unchanged(snapshot(one_by_one, {}), w.net, {});
  CHECK(w.net.last_activity() == one_by_one.last_activity());
}

namespace {

/// Events among `w`'s members at 40 seconds, one to six at each: pairs in both directions, the same pair
/// twice, every kind and random weights, so that which comes first within a second matters.
std::vector<rapport::Interaction> simultaneous_batch(std::mt19937& rng, const World& w) {
  std::vector<rapport::Interaction> out;
  Timestamp t = now;
  const int last = static_cast<int>(w.handles.size()) - 1;
  for (int second = 0; second < 40; ++second, t += std::chrono::seconds{uniform_int(rng, 1, 7200)})
    for (int i = uniform_int(rng, 1, 6); i > 0; --i) {
      const auto a = static_cast<std::size_t>(uniform_int(rng, 0, last));
      auto b = static_cast<std::size_t>(uniform_int(rng, 0, last - 1));
      if (b >= a) ++b;
      const auto kind = coin(rng) ? InteractionKind::message
                                  : static_cast<InteractionKind>(uniform_int(
                                        rng, 0, static_cast<int>(rapport::interaction_kind_count) - 1));
      out.push_back(event(w.handles[a], w.handles[b], kind, t, uniform(rng, 0.5, 3)));
      if (coin(rng, 0.3)) out.push_back(event(w.handles[b], w.handles[a], InteractionKind::message, t));
    }
  return out;
}

/// `batch` with each run of events at the same time shuffled.
std::vector<rapport::Interaction> shuffled_within_seconds(std::vector<rapport::Interaction> batch,
                                                          std::mt19937& rng) {
  for (auto begin = batch.begin(); begin != batch.end();) {
    const auto end = std::find_if(begin, batch.end(), [&](const auto& e) { return e.at != begin->at; });
    std::shuffle(begin, end, rng);
    begin = end;
  }
  return batch;
}

}  // namespace

TEST_CASE("a batch ends the same however it lists simultaneous events", "[network][batch][property]") {
  int order_matters_one_by_one = 0;
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    World w = random_world(seed, 12, 40, 0);
    w.at = now + days{5};
    const auto batch = simultaneous_batch(rng, w);
    const auto shuffled = shuffled_within_seconds(batch, rng);
    REQUIRE(shuffled != batch);
    std::vector<rapport::Request> requests;
    for (int i = 0; i < 20; ++i) requests.push_back(random_request(rng, w));

    rapport::Network listed = w.net, reordered = w.net;
    listed.record(std::span<const rapport::Interaction>(batch));
    reordered.record(std::span<const rapport::Interaction>(shuffled));
    require_unchanged(snapshot(listed, requests, w.at), reordered, requests, w.at);
    CHECK(saved(listed) == saved(reordered));

    // One call per event applies them as listed: the fixture is one where the order shows.
    rapport::Network one_by_one = w.net;
    for (const rapport::Interaction& e : shuffled) one_by_one.record(e);
    order_matters_one_by_one += saved(one_by_one) != saved(listed);
  }
  CHECK(order_matters_one_by_one > 0);
}

TEST_CASE("a batch with a bad event records nothing and names the first bad one",
          "[network][batch][errors]") {
  std::mt19937 rng(7);
  World w = random_world(7, 12, 40, 0);
  add_newcomers(w.net);
  const Snapshot before = snapshot(w.net, {});
  // A good prefix that meets new pairs, so a failure must not leave them behind; long enough that the
  // bad event is not among the first few dozen, which the batch checks together.
  std::vector<rapport::Interaction> batch = random_batch(rng, w, now, std::chrono::seconds{0}, 150);
  const Timestamp last = batch.back().at;
  const std::string index = "interactions[" + std::to_string(batch.size()) + "]";
  const auto lateness = w.net.policy().decay.max_lateness;
  auto fails = [&](rapport::Interaction bad, Errc code, const std::string& field, const std::string& value) {
    std::vector<rapport::Interaction> b = batch;
    b.push_back(std::move(bad));
    b.push_back(event("new1", "m1", InteractionKind::message, last));  // good events after it change nothing
    require_error([&] { w.net.record(std::span<const rapport::Interaction>(b)); }, code, field, value);
    require_unchanged(before, w.net, {});
  };
  fails(event("m1", "nobody", InteractionKind::message, last), Errc::unknown_member, index + ".to", "nobody");
  fails(event("", "m1", InteractionKind::message, last), Errc::empty_handle, index + ".from", "");
  fails(event("m2", "m2", InteractionKind::message, last), Errc::self_interaction, index + ".to", "m2");
  fails(event("m1", "m2", InteractionKind::liked, last, kNaN), Errc::not_finite, index + ".weight", "nan");
  // Stale against the batch's own earlier event for that pair.
  const rapport::Interaction pair_event = batch[batch.size() / 2];
  const Timestamp too_late = pair_event.at - lateness - std::chrono::seconds{1};
  fails(event(pair_event.to, pair_event.from, InteractionKind::message, too_late), Errc::stale_event,
        index + ".at", secs(too_late));
  // Stale against the pair's recorded state, when that comes before another kind of bad event.
  std::vector<rapport::Interaction> two_bad = batch;
  const rapport::MemberId known = w.net.contacts(0).at(0);
  const Timestamp stale =
      w.net.relationship(0, known, now)->last_contact - lateness - std::chrono::seconds{1};
  two_bad.insert(two_bad.begin() + 3, event("m0", w.handles[known], InteractionKind::message, stale));
  two_bad.push_back(event("m1", "nobody", InteractionKind::message, last));
  require_error([&] { w.net.record(std::span<const rapport::Interaction>(two_bad)); }, Errc::stale_event,
                "interactions[3].at", secs(stale));
  require_unchanged(before, w.net, {});
}

// ------------------------------------------------------------------ requests as events

TEST_CASE("recording a request counts it in the owner's inflow and as an ask", "[network][requests]") {
  rapport::Network net = hand_network();
  const auto ana = id_of(net, "ana"), ben = id_of(net, "ben");
  const auto before = net.relationship(ana, ben, now);
  REQUIRE(before.has_value());
  CHECK(net.requests_received(ana).empty());
  rapport::Request r = ask("ben");
  r.received = now - hours{2};
  net.record(r);
  rapport::Request stranger = ask("outsider");  // not a member: inflow only
  stranger.received = now - hours{5};
  net.record(stranger);
  const auto inflow = net.requests_received(ana);
  REQUIRE(inflow.size() == 2);
  CHECK(inflow[0] == now - hours{5});  // oldest first
  CHECK(inflow[1] == now - hours{2});
  CHECK(net.requests_received(ben).empty());
  const auto after = net.relationship(ana, ben, now);
  CHECK(after->count(InteractionKind::asked) == before->count(InteractionKind::asked) + 1);
  CHECK(after->asks > before->asks);
  CHECK_FALSE(net.find_member("outsider").has_value());
  // Asking again never makes the requester look more generous.
  CHECK(rapport::score(net, ask("ben"), now).reciprocity <=
        rapport::score(hand_network(), ask("ben"), now).reciprocity);
}

TEST_CASE("last_activity is the latest recorded interaction or request", "[network][requests]") {
  rapport::Network net = two_members();
  CHECK_FALSE(net.last_activity().has_value());
  net.record(event("ana", "ben", InteractionKind::call, days_ago(10)));
  CHECK(net.last_activity() == days_ago(10));
  net.record(own_post("ana", "blog", days_ago(3)));  // posts may be scheduled ahead: they do not count
  CHECK(net.last_activity() == days_ago(10));
  net.record(event("ana", "ben", InteractionKind::call, days_ago(20)));  // late: does not move it back
  CHECK(net.last_activity() == days_ago(10));
  rapport::Request r{.requester = "ben", .owner = "ana", .received = days_ago(1)};
  net.record(r);
  CHECK(net.last_activity() == days_ago(1));
}

TEST_CASE("recording a bad request throws as score does and leaves the network unchanged",
          "[network][requests][errors]") {
  rapport::Network net = hand_network();
  const std::vector<rapport::Request> probe{ask("ben"), ask("cara")};
  const Snapshot before = snapshot(net, probe);
  const auto inflow_before = net.requests_received(0).size();
  for (const BadRequest& bad : bad_requests()) {
    DYNAMIC_SECTION(bad.what) {
      rapport::Request req = ask("ben");
      bad.spoil(req);
      require_error([&] { net.record(req); }, bad.code, bad.field, bad.value);
      require_unchanged(before, net, probe);
      CHECK(net.requests_received(0).size() == inflow_before);
      // score() names the same error for the same request.
      require_error([&] { (void)rapport::score(net, req, now); }, bad.code, bad.field, bad.value);
    }
  }
}

TEST_CASE("a request older than max_lateness before the owner's latest one is stale",
          "[network][requests][errors]") {
  rapport::Network net = hand_network();
  rapport::Request first = ask("outsider");
  net.record(first);
  const std::vector<rapport::Request> probe{ask("ben")};
  const Snapshot before = snapshot(net, probe);
  rapport::Request late = ask("someone else");
  late.received = now - net.policy().decay.max_lateness - std::chrono::seconds{1};
  require_error([&] { net.record(late); }, Errc::stale_event, "request.received", time_text(late.received));
  require_unchanged(before, net, probe);
  CHECK(net.requests_received(0).size() == 1);
  // A stale ask from a member fails as its interaction would, and is not counted either.
  rapport::Request member_late = ask("ben");
  member_late.received = days_ago(20) - net.policy().decay.max_lateness - days{1};
  CHECK_THROWS_AS(net.record(member_late), rapport::Error);
  require_unchanged(before, net, probe);
  CHECK(net.requests_received(0).size() == 1);
}

// ------------------------------------------------------------------ events recorded once

TEST_CASE("an interaction held already is skipped: by id whatever its content, else by content",
          "[network][events]") {
  rapport::Network net = two_members();
  rapport::Interaction call = event("ana", "ben", InteractionKind::call, days_ago(3));
  CHECK(net.record(call));
  const std::string once = saved(net);
  CHECK_FALSE(net.record(call));
  CHECK(saved(net) == once);
  // Another weight, kind or time is another event.
  CHECK(net.record(event("ana", "ben", InteractionKind::call, days_ago(3), 2.0)));
  CHECK(net.record(event("ana", "ben", InteractionKind::message, days_ago(3))));
  CHECK(net.record(event("ben", "ana", InteractionKind::call, days_ago(3))));

  rapport::Interaction tagged = event("ana", "ben", InteractionKind::feedback, days_ago(2));
  tagged.id = "msg-1";
  CHECK(net.record(tagged));
  const std::string with_tagged = saved(net);
  rapport::Interaction same_id = event("ben", "ana", InteractionKind::promoted, days_ago(1), 3.0);
  same_id.id = "msg-1";
  CHECK_FALSE(net.record(same_id));
  CHECK(saved(net) == with_tagged);
  // An id makes an event distinct from the same content without one, or with another id.
  rapport::Interaction other_id = tagged;
  other_id.id = "msg-2";
  CHECK(net.record(other_id));
  CHECK(net.relationship(id_of(net, "ben"), id_of(net, "ana"), now)->count(InteractionKind::feedback) == 2);
}

TEST_CASE("a request or a post held already is skipped", "[network][events]") {
  rapport::Network net = hand_network();
  const auto ana = id_of(net, "ana");
  rapport::Request r = ask("ben");
  CHECK(net.record(r));
  const std::string once = saved(net);
  rapport::Request same_id = ask("cara");  // another requester, the same id: the same request
  same_id.id = r.id;
  CHECK_FALSE(net.record(same_id));
  CHECK(saved(net) == once);
  rapport::Request no_id = ask("outsider");
  no_id.id.clear();
  CHECK(net.record(no_id));
  no_id.topics = {"other/topic"};  // not part of a request's content fingerprint
  CHECK_FALSE(net.record(no_id));
  no_id.kind = rapport::RequestKind::review;
  CHECK(net.record(no_id));
  CHECK(net.requests_received(ana).size() == 3);

  const rapport::Post post = promo_post("ana", "blog", days_ago(1), "ben");
  CHECK(net.record(post));
  CHECK_FALSE(net.record(post));
  rapport::Post tagged = own_post("ana", "newsletter", days_ago(1));
  tagged.id = "issue-12";
  CHECK(net.record(tagged));
  tagged.at = days_ago(0);
  CHECK_FALSE(net.record(tagged));
  CHECK(net.posts(*net.find_channel("ana", "newsletter")).size() == 2);
}

TEST_CASE("an event held already is skipped even when older than max_lateness", "[network][events]") {
  rapport::Network net = two_members();
  const auto lateness = net.policy().decay.max_lateness;
  const rapport::Interaction old = event("ana", "ben", InteractionKind::call, days_ago(100));
  net.record(old);
  net.record(event("ana", "ben", InteractionKind::call, days_ago(1)));
  REQUIRE(old.at + lateness < days_ago(1));
  const std::string before = saved(net);
  CHECK_FALSE(net.record(old));
  CHECK(net.record(std::span<const rapport::Interaction>(&old, 1)) == 1);
  CHECK(saved(net) == before);
  // A new event as old is refused.
  require_error([&] { net.record(event("ana", "ben", InteractionKind::message, days_ago(100))); },
                Errc::stale_event, "interaction.at", secs(days_ago(100)));

  rapport::Request asked{.id = "r1", .requester = "ben", .owner = "ana", .received = days_ago(90)};
  rapport::Network requests = two_members();
  requests.record(asked);
  requests.record(rapport::Request{.id = "r2", .requester = "ben", .owner = "ana", .received = days_ago(1)});
  CHECK_FALSE(requests.record(asked));
}

TEST_CASE("a batch skips events held already and repeated within it, and counts them",
          "[network][events][batch]") {
  rapport::Network net = two_members();
  net.add_member({.handle = "cara"});
  const rapport::Interaction a = event("ana", "ben", InteractionKind::call, days_ago(5));
  const rapport::Interaction b = event("ben", "cara", InteractionKind::message, days_ago(4));
  const rapport::Interaction c = event("cara", "ana", InteractionKind::liked, days_ago(3));
  net.record(a);
  rapport::Network one_by_one = net;
  const std::vector<rapport::Interaction> batch{a, b, c, b, a, c, b};
  for (const rapport::Interaction& e : batch) one_by_one.record(e);
  CHECK(net.record(std::span<const rapport::Interaction>(batch)) == 5);
  CHECK(saved(net) == saved(one_by_one));
  CHECK(net.relationship(id_of(net, "cara"), id_of(net, "ben"), now)->count(InteractionKind::message) == 1);
  CHECK(net.record(std::span<const rapport::Interaction>(batch)) == batch.size());
  CHECK(saved(net) == saved(one_by_one));
}

TEST_CASE("a batch that fails leaves the fingerprints as they were", "[network][events][batch][errors]") {
  rapport::Network net = two_members();
  net.add_member({.handle = "cara"});
  const std::vector<rapport::Interaction> good{event("ana", "ben", InteractionKind::call, days_ago(5)),
                                               event("ben", "cara", InteractionKind::message, days_ago(4))};
  std::vector<rapport::Interaction> with_bad = good;
  with_bad.push_back(event("cara", "nobody", InteractionKind::liked, days_ago(3)));
  const std::string before = saved(net);
  require_error([&] { net.record(std::span<const rapport::Interaction>(with_bad)); }, Errc::unknown_member,
                "interactions[2].to", "nobody");
  CHECK(saved(net) == before);
  // Nothing of the failed batch is remembered: the good events are recorded, not skipped.
  CHECK(net.record(std::span<const rapport::Interaction>(good)) == 0);
  CHECK(net.record(good[0]) == false);
}

TEST_CASE("a failed record forgets the event's fingerprint", "[network][events][errors]") {
  rapport::Network net = two_members();
  net.record(event("ana", "ben", InteractionKind::call, days_ago(1)));
  const rapport::Request stale_ask{.id = "r1", .requester = "ben", .owner = "ana", .received = days_ago(60)};
  const std::string before = saved(net);
  require_error([&] { net.record(stale_ask); }, Errc::stale_event, "interaction.at", secs(days_ago(60)));
  CHECK(saved(net) == before);
  CHECK_FALSE(net.requests_from(id_of(net, "ana"), "ben").has_value());
  // Still refused, not skipped as recorded.
  CHECK_THROWS_AS(net.record(stale_ask), rapport::Error);
}

TEST_CASE("a copy keeps the fingerprints", "[network][events]") {
  rapport::Network net = two_members();
  const rapport::Interaction call = event("ana", "ben", InteractionKind::call, days_ago(3));
  net.record(call);
  rapport::Network copy = net;
  CHECK_FALSE(copy.record(call));
  rapport::Network assigned;
  assigned = net;
  CHECK_FALSE(assigned.record(call));
  CHECK(net.record(event("ana", "ben", InteractionKind::call, days_ago(2))));
  CHECK(copy.record(event("ana", "ben", InteractionKind::call, days_ago(2))));  // independent
}

// ------------------------------------------------------------------ requests by requester

TEST_CASE("an owner remembers the requests of each requester, member or not", "[network][requests]") {
  rapport::Network net = hand_network();
  const auto ana = id_of(net, "ana");
  CHECK_FALSE(net.requests_from(ana, "pitcher").has_value());
  for (int d = 7; d >= 0; --d) {
    rapport::Request r = ask("pitcher");
    r.id = "pitch-" + std::to_string(d);
    r.received = days_ago(d);
    net.record(r);
  }
  const auto h = net.requests_from(ana, "pitcher");
  REQUIRE(h.has_value());
  CHECK(h->count == 8);
  CHECK(h->first == days_ago(7));
  CHECK(h->last == now);
  const double half_life = 180;  // the default reciprocity half-life, in days
  double expected = 0;
  for (int d = 0; d < 8; ++d) expected += std::exp2(-d / half_life);
  CHECK_THAT(h->decayed, WithinRel(expected, 1e-12));
  CHECK_FALSE(net.find_member("pitcher").has_value());
  CHECK_FALSE(net.requests_from(id_of(net, "ben"), "pitcher").has_value());  // per owner

  // A member's requests count too, and one out of time order adds what is left of it.
  rapport::Request late = ask("ben");
  late.id = "b2";
  late.received = days_ago(1);
  net.record(ask("ben"));
  net.record(late);
  const auto ben = net.requests_from(ana, "ben");
  REQUIRE(ben.has_value());
  CHECK(ben->count == 2);
  CHECK(ben->first == days_ago(1));
  CHECK(ben->last == now);
  CHECK_THAT(ben->decayed, WithinRel(1 + std::exp2(-1 / half_life), 1e-12));
  CHECK_THROWS_AS(net.requests_from(99, "ben"), rapport::Error);
}

TEST_CASE("a request that fails leaves the requester's history as it was", "[network][requests][errors]") {
  rapport::Network net = hand_network();
  const auto ana = id_of(net, "ana");
  net.record(ask("outsider"));
  const auto before = net.requests_from(ana, "outsider");
  rapport::Request bad = ask("outsider");
  bad.id = "another";
  bad.channels = {"no-such-channel"};
  CHECK_THROWS_AS(net.record(bad), rapport::Error);
  CHECK(net.requests_from(ana, "outsider") == before);
  bad = ask("newcomer");
  bad.received = now - net.policy().decay.max_lateness - days{1};  // stale
  CHECK_THROWS_AS(net.record(bad), rapport::Error);
  CHECK_FALSE(net.requests_from(ana, "newcomer").has_value());
}

// ---------------------------------------------------------------- aliases

namespace {

/// Ana and Ben as a Mastodon import knows them: actor URIs as handles, addresses and profiles as aliases.
rapport::Network fediverse() {
  rapport::Network net;
  net.add_member({.handle = "https://example.social/users/ana",
                  .name = "Ana",
                  .topics = {{"poetry"}},
                  .aliases = {"@ana@example.social", "https://example.social/@ana"}});
  net.add_member({.handle = "https://other.example/users/ben",
                  .name = "Ben",
                  .topics = {{"poetry"}},
                  .aliases = {"@ben@other.example", "https://other.example/@ben"}});
  net.add_channel({.owner = "@ana@example.social", .name = "mastodon", .audience_size = 100});
  return net;
}

}  // namespace

TEST_CASE("a handle or alias longer than 512 bytes is refused", "[network][aliases]") {
  rapport::Network net;
  const std::string longest = "@" + std::string(500, 'a') + "@Example.Social";  // 516 bytes
  try {
    net.add_member({.handle = longest});
    FAIL("a 516-byte handle was added");
  } catch (const rapport::Error& e) {
    CHECK(e.code() == Errc::out_of_range);
    CHECK(e.field() == "member.handle");
    CHECK(e.value() == "516 bytes");
  }
  CHECK(net.member_count() == 0);
  const std::string fits = "@" + std::string(496, 'a') + "@Example.Social";  // 512 bytes
  CHECK(net.add_member({.handle = fits}) == 0u);
  CHECK(net.find_member("@" + std::string(496, 'a') + "@example.social") == 0u);
  CHECK_THROWS_AS(net.add_member({.handle = "ana", .aliases = {longest}}), rapport::Error);
  CHECK(net.member_count() == 1);
}

TEST_CASE("a member is found by its handle or any alias, hosts in any case", "[network][aliases]") {
  const rapport::Network net = fediverse();
  for (const char* key : {"https://other.example/users/ben", "@ben@other.example",
                          "https://other.example/@ben", "@ben@Other.Example", "HTTPS://OTHER.EXAMPLE/@ben"})
    CHECK(net.find_member(key) == 1u);
  // The user part and the path keep their case, and a prefix is no key.
  for (const char* other : {"@Ben@other.example", "https://other.example/@Ben", "@ben", "ben"})
    CHECK_FALSE(net.find_member(other));
  CHECK(net.member(1).handle == "https://other.example/users/ben");
  CHECK(net.channel(0).owner == "@ana@example.social");  // kept as given; it names member 0
  CHECK(net.channels_of(0).size() == 1);
}

TEST_CASE("events and requests may name members by alias", "[network][aliases]") {
  rapport::Network net = fediverse();
  net.record(event("@ana@example.social", "https://other.example/@ben", InteractionKind::call, days_ago(3)));
  net.record(event("https://other.example/users/ben", "@ana@EXAMPLE.social", InteractionKind::purchased,
                   days_ago(2)));
  net.record(promo_post("https://example.social/@ana", "mastodon", days_ago(1), "@ben@other.example"));
  const auto r = net.relationship(0, 1, now);
  REQUIRE(r);
  CHECK(r->by_owner(InteractionKind::call) == 1);
  CHECK(r->by_other(InteractionKind::purchased) == 1);
  CHECK(net.posts(0).size() == 1);

  // A request naming Ben by any key is Ben's, with the same score; one naming Ana of Ana is to herself.
  rapport::Request request{.requester = "https://other.example/users/ben",
                           .owner = "@ana@example.social",
                           .channels = {"mastodon"},
                           .topics = {"poetry"},
                           .received = now};
  const rapport::Score by_handle = rapport::score(net, request, now);
  CHECK(by_handle.prior_context > 0.1);
  for (const char* key : {"@ben@other.example", "@ben@OTHER.example", "https://other.example/@ben"}) {
    request.requester = key;
    CHECK(rapport::score(net, request, now) == by_handle);
  }
  request.requester = "https://example.social/@ana";
  require_error([&] { (void)rapport::score(net, request, now); }, Errc::self_interaction, "request.requester",
                "https://example.social/@ana");
  require_error(
      [&] {
        net.record(
            event("@ana@example.social", "https://example.social/users/ana", InteractionKind::call, now));
      },
      Errc::self_interaction, "interaction.to", "https://example.social/users/ana");
}

TEST_CASE("an alias that already names a member is refused, and nothing is applied",
          "[network][aliases][errors]") {
  rapport::Network net = fediverse();
  const Snapshot before = snapshot(net, {});
  SECTION("another member's alias, in any host case") {
    require_error(
        [&] {
          net.add_member({.handle = "cara", .aliases = {"@cara@x.example", "@ben@OTHER.example"}});
        },
        Errc::duplicate_alias, "member.aliases[1]", "@ben@OTHER.example");
  }
  SECTION("another member's handle") {
    require_error([&] { net.add_member({.handle = "cara", .aliases = {"https://other.example/users/ben"}}); },
                  Errc::duplicate_alias, "member.aliases[0]", "https://other.example/users/ben");
  }
  SECTION("a handle that is another member's alias") {
    require_error([&] { net.add_member({.handle = "@ben@other.example"}); }, Errc::duplicate_member,
                  "member.handle", "@ben@other.example");
  }
  SECTION("the member's own handle, or an alias twice") {
    require_error([&] { net.add_member({.handle = "@cara@x.example", .aliases = {"@cara@X.example"}}); },
                  Errc::duplicate_alias, "member.aliases[0]", "@cara@X.example");
    require_error(
        [&] {
          net.add_member({.handle = "cara", .aliases = {"c", "d", "c"}});
        },
        Errc::duplicate_alias, "member.aliases[2]", "c");
  }
  SECTION("an empty alias") {
    require_error([&] { net.add_member({.handle = "cara", .aliases = {""}}); }, Errc::empty_handle,
                  "member.aliases[0]", "");
  }
  SECTION("an update taking another member's alias") {
    rapport::Member ana = net.member(0);
    ana.aliases.push_back("https://other.example/@ben");
    require_error([&] { net.update_member(ana); }, Errc::duplicate_alias, "member.aliases[2]",
                  "https://other.example/@ben");
  }
  SECTION("an update naming the member by an alias") {
    rapport::Member ana = net.member(0);
    ana.handle = "@ana@example.social";
    ana.name = "Renamed";
    require_error([&] { net.update_member(ana); }, Errc::duplicate_alias, "member.handle",
                  "@ana@example.social");
  }
  require_unchanged(before, net, {});
  CHECK(net.find_member("https://other.example/@ben") == 1u);
  CHECK_FALSE(net.find_member("cara"));
  CHECK_FALSE(net.find_member("c"));
}

TEST_CASE("update_member adds and removes aliases", "[network][aliases]") {
  rapport::Network net = fediverse();
  rapport::Member ben = net.member(1);
  ben.aliases = {"@ben@other.example", "@ben@ben.example"};  // moved to his own domain; the profile gone
  net.update_member(ben);
  CHECK(net.member(1) == ben);
  CHECK(net.find_member("@ben@ben.example") == 1u);
  CHECK(net.find_member("@ben@other.example") == 1u);
  CHECK_FALSE(net.find_member("https://other.example/@ben"));
  CHECK(net.find_member("@ana@example.social") == 0u);
  // The freed alias may name someone else now.
  CHECK(net.add_member({.handle = "cara", .aliases = {"https://other.example/@ben"}}) == 2u);
  CHECK(net.find_member("https://other.example/@ben") == 2u);
  // An update through the event API, by the handle in another host case, keeps the keys.
  ben.handle = "https://OTHER.example/users/ben";
  CHECK(rapport::apply(net, ben));
  CHECK(net.member(1).handle == "https://OTHER.example/users/ben");
  for (const char* key : {"https://other.example/users/ben", "https://OTHER.example/users/ben",
                          "https://Other.Example/users/ben", "@ben@ben.example"})
    CHECK(net.find_member(key) == 1u);
  // And back to lower case, as the index reads a handle so written where the member keeps it.
  ben.handle = "https://other.example/users/ben";
  CHECK(rapport::apply(net, ben));
  for (const char* key : {"https://other.example/users/ben", "https://OTHER.example/users/ben"})
    CHECK(net.find_member(key) == 1u);
  CHECK_FALSE(net.find_member("https://other.example/users/Ben"));
}

// ---------------------------------------------------------------- replies

TEST_CASE("a reply settles what the other awaits and awaits nothing itself", "[network]") {
  rapport::Network net = two_members();
  net.record(
      {.from = "ana", .to = "ben", .kind = InteractionKind::message, .at = days_ago(3), .reply = true});
  auto ana = net.relationship(0, 1, now);
  REQUIRE(ana);
  CHECK(ana->awaited_from_other == 0);  // ana awaits no answer from ben
  CHECK(ana->by_owner(InteractionKind::message) == 1);
  CHECK(ana->knowledge > 0);  // writing to someone teaches the writer, reply or not
  // Ben writes, and ana's reply answers him.
  net.record({.from = "ben", .to = "ana", .kind = InteractionKind::message, .at = days_ago(2)});
  CHECK(net.relationship(0, 1, now)->awaited_from_owner > 0);
  net.record(
      {.from = "ana", .to = "ben", .kind = InteractionKind::message, .at = days_ago(1), .reply = true});
  ana = net.relationship(0, 1, now);
  CHECK(ana->awaited_from_owner == 0);
  CHECK(ana->awaited_from_other == 0);
  CHECK(ana->answers_from_owner > 0);
  // The same message not marked as a reply is a bid.
  net.record({.from = "ana", .to = "ben", .kind = InteractionKind::message, .at = now});
  CHECK_THAT(net.relationship(0, 1, now)->awaited_from_other, WithinRel(1.0, single_precision));
}

// ------------------------------------------------------------------ strongest ties across networks

namespace {

/// ana met eve; eve met t1..t8 more closely than she messaged fay, who is then not among her strongest.
std::vector<rapport::Interaction> ties_history() {
  std::vector<rapport::Interaction> events{event("ana", "eve", InteractionKind::met_in_person, days_ago(5))};
  for (int i = 1; i <= 8; ++i)
    events.push_back(event("eve", "t" + std::to_string(i), InteractionKind::met_in_person, days_ago(4), 3.0));
  events.push_back(event("eve", "fay", InteractionKind::message, days_ago(3)));
  return events;
}

/// A network with `handles` that records the events of `history` that involve one of `owned`.
rapport::Network network_of(const std::vector<std::string>& handles, const std::vector<std::string>& owned) {
  rapport::Network net;
  for (const std::string& h : handles) net.add_member({.handle = h});
  for (const rapport::Interaction& e : ties_history())
    if (std::ranges::count(owned, e.from) + std::ranges::count(owned, e.to) > 0) net.record(e);
  return net;
}

}  // namespace

TEST_CASE("strongest_ties lists a member's ties strongest first, and setting them back changes nothing",
          "[network][ties]") {
  rapport::Network net = hand_network();
  const rapport::MemberId ana = id_of(net, "ana");
  const std::vector<rapport::Tie> ties = net.strongest_ties(ana);
  REQUIRE(ties.size() >= 2);
  REQUIRE(ties.size() <= 8);
  for (std::size_t i = 1; i < ties.size(); ++i) CHECK(ties[i].key <= ties[i - 1].key);
  const rapport::Score before = rapport::score(net, ask("fay", {"marketing/video"}), now);
  net.set_strongest_ties(ana, ties);
  CHECK(net.strongest_ties(ana) == ties);
  CHECK(rapport::score(net, ask("fay", {"marketing/video"}), now).prior_context == before.prior_context);
  require_error([&] { (void)net.strongest_ties(9999); }, Errc::unknown_member, "member", "9999");
}

TEST_CASE(
    "a network that holds only some owners' events vouches as the whole network once given the ties "
    "of the others",
    "[network][ties][vouching]") {
  std::vector<std::string> everyone{"ana", "eve", "fay"};
  for (int i = 1; i <= 8; ++i) everyone.push_back("t" + std::to_string(i));
  const rapport::Network whole = network_of(everyone, everyone);
  const rapport::Request fay_asks_ana{.requester = "fay", .owner = "ana", .received = now};
  const rapport::Score truth = rapport::score(whole, fay_asks_ana, now);
  const std::vector<rapport::Tie> eves_ties = whole.strongest_ties(id_of(whole, "eve"));

  SECTION("a shard that owns the requester sees ties of the voucher that rank below the strongest") {
    // eve does not count fay among her strongest, but the shard saw only fay's and ana's events.
    rapport::Network shard = network_of({"ana", "eve", "fay"}, {"ana", "fay"});
    CHECK(rapport::score(shard, fay_asks_ana, now).prior_context > truth.prior_context);
    shard.set_strongest_ties(id_of(shard, "eve"), eves_ties);  // t1..t8 are unknown here: left out
    CHECK(shard.strongest_ties(id_of(shard, "eve")).empty());
    CHECK(rapport::score(shard, fay_asks_ana, now).prior_context == truth.prior_context);
  }
  SECTION("a shard that owns neither sees none of the voucher's ties with the requester") {
    rapport::Network world = network_of(everyone, everyone);
    world.record(event("eve", "fay", InteractionKind::collaborated, days_ago(2), 5.0));  // fay now ranks
    const rapport::Score vouched = rapport::score(world, fay_asks_ana, now);
    REQUIRE(has_reason(vouched, ReasonCode::known_through_tie));
    rapport::Network shard = network_of({"ana", "eve", "fay"}, {"ana"});
    CHECK_FALSE(has_reason(rapport::score(shard, fay_asks_ana, now), ReasonCode::known_through_tie));
    shard.set_strongest_ties(id_of(shard, "eve"), world.strongest_ties(id_of(world, "eve")));
    CHECK(rapport::score(shard, fay_asks_ana, now).prior_context == vouched.prior_context);
    // The shard holds no pair of eve and fay, and its snapshot still restores the list.
    std::stringstream saved;
    rapport::save_network(shard, saved);
    const rapport::Network restored = rapport::load_network(saved, "shard.json");
    CHECK(restored.strongest_ties(id_of(restored, "eve")) == shard.strongest_ties(id_of(shard, "eve")));
    CHECK(rapport::score(restored, fay_asks_ana, now).prior_context == vouched.prior_context);
  }
}

TEST_CASE("set_strongest_ties refuses a list that is not one, and then changes nothing",
          "[network][ties][errors]") {
  rapport::Network net = two_members();
  const rapport::MemberId ana = id_of(net, "ana");
  net.record(event("ana", "ben", InteractionKind::met_in_person, days_ago(1)));
  const std::vector<rapport::Tie> before = net.strongest_ties(ana);
  REQUIRE(before.size() == 1);
  const auto tie = [](std::string member, double key) { return rapport::Tie{std::move(member), key, now}; };
  const auto check = [&](std::vector<rapport::Tie> ties, Errc code, std::string_view field,
                         std::string_view value) {
    require_error([&] { net.set_strongest_ties(ana, ties); }, code, field, value);
    CHECK(net.strongest_ties(ana) == before);
  };
  require_error([&] { net.set_strongest_ties(9999, {}); }, Errc::unknown_member, "member", "9999");
  check(std::vector<rapport::Tie>(9, tie("ben", 1)), Errc::out_of_range, "ties", "9");
  check({tie("", 1)}, Errc::empty_handle, "ties[0].member", "");
  check({tie("ben", kNaN)}, Errc::not_finite, "ties[0].key", "nan");
  check({tie("ben", kInf)}, Errc::not_finite, "ties[0].key", "inf");
  check({tie("ana", 1)}, Errc::inconsistent_state, "ties[0].member", "ana");
  check({tie("ben", 1), tie("zed", 2)}, Errc::inconsistent_state, "ties[1].key", "2");
  check({tie("zed", 1), tie("ben", 1)}, Errc::inconsistent_state, "ties[1].key", "1");
  check({tie("ben", 2), tie("ben", 1)}, Errc::inconsistent_state, "ties[1].member", "ben");
}

TEST_CASE("a member's requests count together, whichever of its handles they were written to",
          "[network][asks]") {
  rapport::Network net;
  net.add_member({.handle = "ana", .topics = {{"marketing"}}});
  net.add_member({.handle = "bo", .topics = {{"marketing"}}, .aliases = {"@bo@other.example"}});
  const auto ask = [&](std::string id, std::string as, int day) {
    return rapport::Request{.id = std::move(id),
                            .requester = std::move(as),
                            .owner = "ana",
                            .topics = {"marketing"},
                            .received = now - std::chrono::days{day}};
  };
  REQUIRE(net.record(ask("r1", "bo", 9)));
  REQUIRE(net.record(ask("r2", "bo", 6)));
  REQUIRE(net.record(ask("r3", "@bo@other.example", 3)));
  const rapport::MemberId ana = *net.find_member("ana");
  const auto by_handle = net.requests_from(ana, "bo");
  REQUIRE(by_handle.has_value());
  CHECK(by_handle->count == 3);
  CHECK(by_handle->first == now - std::chrono::days{9});
  CHECK(by_handle->last == now - std::chrono::days{3});
  CHECK(net.requests_from(ana, "@bo@other.example") == by_handle);
  // The next pitch is the fourth from the same person, under either name: the same score.
  CHECK(rapport::score(net, ask("r4", "@bo@other.example", 0), now) ==
        rapport::score(net, ask("r4", "bo", 0), now));
  // A requester who is not a member is counted as written.
  REQUIRE(net.record(ask("s1", "stranger", 2)));
  CHECK(net.requests_from(ana, "stranger")->count == 1);
  CHECK_FALSE(net.requests_from(ana, "Stranger").has_value());
}

TEST_CASE("requests an earlier release kept under an alias count with the member's", "[network][asks]") {
  rapport::Network first;
  first.add_member({.handle = "ana", .topics = {{"marketing"}}});
  first.add_member({.handle = "bo", .topics = {{"marketing"}}, .aliases = {"@bo@other.example"}});
  REQUIRE(
      first.record(rapport::Request{.id = "r1", .requester = "bo", .owner = "ana", .received = days_ago(9)}));
  std::ostringstream out;
  rapport::save_network(first, out);
  std::string text = out.str();
  // What an earlier release wrote for a request written to the alias: the alias as its key.
  const std::string key = R"("requester": "bo")";
  const std::size_t at = text.find(key);
  REQUIRE(at != std::string::npos);
  text.replace(at, key.size(), R"("requester": "@bo@other.example")");
  std::istringstream in(text);
  rapport::Network net = rapport::load_network(in, "net.json");
  REQUIRE(
      net.record(rapport::Request{.id = "r2", .requester = "bo", .owner = "ana", .received = days_ago(3)}));
  const rapport::MemberId ana = *net.find_member("ana");
  const auto both = net.requests_from(ana, "@bo@other.example");
  REQUIRE(both.has_value());
  CHECK(both->count == 2);
  CHECK(both->first == days_ago(9));
  CHECK(both->last == days_ago(3));
  const double half_life = 180;  // the default reciprocity half-life, in days
  CHECK_THAT(both->decayed, WithinRel(1 + std::exp2(-6 / half_life), 1e-12));
  CHECK(net.requests_from(ana, "bo")->count == 1);  // what is kept under the handle alone
}
