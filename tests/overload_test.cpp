// The overload report: each signal's level switches at the documented thresholds, actions name what
// to do, the overall level is the worst signal, and the new policy fields are validated.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <limits>
#include <rapport/rapport.hpp>
#include <string>
#include <vector>

#include "support.hpp"

using namespace rapport_test;
using rapport::ActionKind;
using rapport::Level;
using rapport::OverloadReport;
using rapport::Signal;
using rapport::SignalKind;

namespace {

/// "ana" with one channel, "blog", and nothing recorded yet.
rapport::Network solo(rapport::Policy policy = {},
                      rapport::PromoTolerance tolerance = {.max_per_week = 2, .max_share = 0.25}) {
  rapport::Network net(std::move(policy));
  net.add_member({.handle = "ana", .name = "Ana", .topics = {{"writing/books"}}});
  net.add_channel({.owner = "ana", .name = "blog", .audience_size = 1000, .tolerance = tolerance});
  return net;
}

/// The signals of one kind, in report order.
std::vector<const Signal*> signals(const OverloadReport& r, SignalKind kind) {
  std::vector<const Signal*> out;
  for (const Signal& s : r.signals)
    if (s.kind == kind) out.push_back(&s);
  return out;
}

const Signal& only(const OverloadReport& r, SignalKind kind) {
  const auto found = signals(r, kind);
  REQUIRE(found.size() == 1);
  return *found[0];
}

OverloadReport report(const rapport::Network& net, const std::vector<rapport::Request>& pending = {}) {
  return rapport::overload_report(net, 0, pending, now);
}

/// A request from "someone", told from the others by its arrival (no id): one per time.
rapport::Request inbound(Timestamp at) {
  return {.requester = "someone", .owner = "ana", .topics = {"writing/books"}, .received = at};
}

}  // namespace

TEST_CASE("request inflow switches level at 0.8 and above 1.0 of weekly capacity", "[overload]") {
  rapport::Policy policy;
  policy.capacity.requests_per_week = 10;
  for (const auto& [count, level] : {std::pair{7, Level::ok}, std::pair{8, Level::strained},
                                     std::pair{10, Level::strained}, std::pair{11, Level::overloaded}}) {
    CAPTURE(count);
    rapport::Network net = solo(policy);
    for (int i = count - 1; i >= 0; --i) net.record(inbound(now - hours{12 * i}));
    const OverloadReport r = report(net);
    const Signal& week = only(r, SignalKind::inflow_week);
    CHECK(week.value == count);
    CHECK(week.limit == 10);
    CHECK(week.ratio == count / 10.0);
    CHECK(week.level == level);
    CHECK(only(r, SignalKind::inflow_month).level == Level::ok);  // 11 of 40
    CHECK(r.level == level);
  }
}

TEST_CASE("the 28-day inflow is judged against four weeks of capacity", "[overload]") {
  rapport::Policy policy;
  policy.capacity.requests_per_week = 10;
  for (const auto& [count, level] : {std::pair{31, Level::ok}, std::pair{32, Level::strained},
                                     std::pair{40, Level::strained}, std::pair{41, Level::overloaded}}) {
    CAPTURE(count);
    rapport::Network net = solo(policy);
    // Spread over days 8 to 27 ago: none of them in the last week.
    for (int i = 0; i < count; ++i)
      net.record(inbound(now - days{27} + std::chrono::minutes{i * 19 * 24 * 60 / count}));
    const OverloadReport r = report(net);
    const Signal& month = only(r, SignalKind::inflow_month);
    CHECK(month.value == count);
    CHECK(month.limit == 40);
    CHECK(month.level == level);
    CHECK(only(r, SignalKind::inflow_week).value == 0);
  }
}

TEST_CASE("the inflow window is the 7 days up to and including now", "[overload]") {
  rapport::Network net = solo();
  net.record(inbound(now - days{7}));  // exactly a week ago: out
  net.record(inbound(now - days{7} + std::chrono::seconds{1}));
  net.record(inbound(now));
  const OverloadReport r = report(net);
  const Signal& week = only(r, SignalKind::inflow_week);
  CHECK(week.value == 2);
  REQUIRE(week.window.has_value());
  CHECK(week.window->contains(now));
  CHECK_FALSE(week.window->contains(now - days{7}));
}

TEST_CASE("the pending requests count in inflow, once even when recorded on arrival", "[overload]") {
  rapport::Network net = solo();
  net.record(inbound(now - days{10}));  // recorded, out of the week
  net.record(inbound(now - days{2}));   // recorded, and pending still
  const std::vector<rapport::Request> pending{inbound(now - days{2}), inbound(now - days{1}), inbound(now),
                                              inbound(now - days{20})};
  const OverloadReport r = report(net, pending);
  CHECK(only(r, SignalKind::inflow_week).value == 3);   // the recorded one, and two more pending
  CHECK(only(r, SignalKind::inflow_month).value == 5);  // and the two older ones
  CHECK(describe(only(r, SignalKind::inflow_week), net).starts_with("3 requests in the last 7 days"));
}

TEST_CASE("weekly promotions switch level at the channel's tolerance, commitments included", "[overload]") {
  for (const auto& [promos, level] :
       {std::pair{1, Level::ok}, std::pair{2, Level::strained}, std::pair{3, Level::overloaded}}) {
    CAPTURE(promos);
    rapport::Network net = solo({}, {.max_per_week = 2, .max_share = 1.0});
    for (int d = 27; d >= 3; --d) net.record(own_post("ana", "blog", now - days{d}));
    // This week's promotions: Monday, Tuesday, and one committed for Friday.
    const std::array<Timestamp, 3> at{monday + hours{9}, monday + days{1} + hours{9}, monday + days{4}};
    for (int i = 0; i < promos; ++i) net.record(promo_post("ana", "blog", at[static_cast<std::size_t>(i)]));
    const OverloadReport r = report(net);
    const Signal& weekly = only(r, SignalKind::weekly_promotions);
    CHECK(weekly.value == promos);
    CHECK(weekly.limit == 2);
    CHECK(weekly.level == level);
    CHECK(weekly.channel == net.find_channel("ana", "blog"));
    REQUIRE(weekly.window.has_value());
    CHECK(weekly.window->begin == monday);
    if (level == Level::ok) {
      CHECK(weekly.actions.empty());
    } else {
      // Full this week: pause until next Monday, when the blog has room again.
      REQUIRE_FALSE(weekly.actions.empty());
      CHECK(weekly.actions[0].kind == ActionKind::pause_promotions);
      CHECK(weekly.actions[0].channel == weekly.channel);
      CHECK(weekly.actions[0].from == now);
      CHECK(weekly.actions[0].until == monday + days{7});
      CHECK(describe(weekly.actions[0], net, {}) ==
            "Pause promotions on blog from 2026-03-04 10:00 UTC until 2026-03-09.");
    }
  }
}

TEST_CASE("a week booked solid ahead is reported with its own window", "[overload]") {
  rapport::Network net = solo({}, {.max_per_week = 2, .max_share = 1.0});
  for (int i = 0; i < 3; ++i) net.record(promo_post("ana", "blog", monday + days{8} + hours{i}));
  const OverloadReport r = report(net);
  const Signal& weekly = only(r, SignalKind::weekly_promotions);
  CHECK(weekly.level == Level::overloaded);
  CHECK(weekly.value == 3);
  CHECK(weekly.window->begin == monday + days{7});
  // This week still has room: the pause lasts until the booked week ends.
  CHECK(weekly.actions[0].until == monday + days{14});
}

TEST_CASE("promotion share switches level at its tolerance, judged only with enough posts", "[overload]") {
  struct Case {
    int own, promos;
    Level level;
  };
  for (const Case c : {Case{7, 1, Level::ok}, Case{8, 2, Level::strained}, Case{6, 2, Level::strained},
                       Case{5, 3, Level::overloaded}, Case{0, 3, Level::ok}}) {
    CAPTURE(c.own, c.promos);
    rapport::Network net = solo({}, {.max_per_week = 10, .max_share = 0.25});
    // Posts this week up to now, promotions last. The 8 weeks before hold none, so later windows expect
    // no own posts and judge the same share.
    hours h{1};
    for (int i = 0; i < c.own; ++i, h += hours{2}) net.record(own_post("ana", "blog", monday + h));
    for (int i = 0; i < c.promos; ++i, h += hours{2}) net.record(promo_post("ana", "blog", monday + h));
    const OverloadReport r = report(net);
    const Signal& share = only(r, SignalKind::promotion_share);
    const double posts = c.own + c.promos;
    CHECK(share.value == c.promos / posts);
    CHECK(share.limit == 0.25);
    CHECK(share.level == c.level);
    if (posts < net.policy().share_min_posts) CHECK(share.ratio == 0);  // 3 posts: not judged
  }
}

TEST_CASE("a share tolerance out of reach at the owner's pace suggests raising it, not an endless pause",
          "[overload]") {
  // One own post a week for the 8 weeks before: a four-week window holds four, so one promotion is 1 in
  // 5, over 15%; the promotion this week overloads the share and leaves no room for a year.
  rapport::Network net = solo({}, {.max_per_week = 1, .max_share = 0.15});
  for (int week = 1; week <= 8; ++week) net.record(own_post("ana", "blog", monday - days{7 * week}));
  net.record(promo_post("ana", "blog", monday + hours{1}));
  rapport::Member ana = net.member(0);
  const rapport::TimeRange launch{now + days{10}, now + days{12}};
  ana.launches = {launch};
  net.update_member(ana);
  const OverloadReport r = report(net);
  const Signal& share = only(r, SignalKind::promotion_share);
  CHECK(share.level == Level::overloaded);
  REQUIRE(share.actions.size() == 1);
  CHECK(share.actions[0].kind == ActionKind::raise_tolerance);
  CHECK(share.actions[0].channel == 0u);
  CHECK(share.actions[0].share == 0.2);
  CHECK(describe(share.actions[0], net, {}) ==
        "Raise the share of promotions blog tolerates to 20%, or post there more often: at your pace, one "
        "promotion makes 20% of its posts in 4 weeks.");
  // The launch pauses the channel for the launch alone, and gives the same advice.
  const Signal& soon = only(r, SignalKind::launch);
  REQUIRE(soon.actions.size() == 2);
  CHECK(soon.actions[0].kind == ActionKind::pause_promotions);
  CHECK(soon.actions[0].from == launch.begin);
  CHECK(soon.actions[0].until == launch.end);
  CHECK(soon.actions[1] == share.actions[0]);

  SECTION("with no promotion yet, the launch alone gives the advice") {
    rapport::Network quiet = solo({}, {.max_per_week = 1, .max_share = 0.15});
    for (int week = 1; week <= 8; ++week) quiet.record(own_post("ana", "blog", monday - days{7 * week}));
    quiet.update_member(ana);
    const OverloadReport q = report(quiet);
    CHECK(only(q, SignalKind::promotion_share).level == Level::ok);
    const Signal& launch_signal = only(q, SignalKind::launch);
    REQUIRE(launch_signal.actions.size() == 2);
    CHECK(launch_signal.actions[0].until == launch.end);
    CHECK(launch_signal.actions[1].kind == ActionKind::raise_tolerance);
  }

  SECTION("a tolerance within reach is paused until there is room") {
    net.update_channel({.owner = "ana",
                        .name = "blog",
                        .audience_size = 1000,
                        .tolerance = rapport::PromoTolerance{.max_per_week = 1, .max_share = 0.2}});
    const OverloadReport within = report(net);
    const Signal& weekly = only(within, SignalKind::weekly_promotions);
    REQUIRE_FALSE(weekly.actions.empty());
    CHECK(weekly.actions[0].kind == ActionKind::pause_promotions);
    CHECK(weekly.actions[0].until.has_value());
  }
}

TEST_CASE("Dunbar layers count active relationships by tie strength", "[overload]") {
  rapport::Policy policy;
  policy.capacity.dunbar_layers = {1, 4, 5, 6};
  rapport::Network net = solo(policy);
  // Collaborating with weight w gives ana 3w of knowledge: tie strength 1 - e^-w.
  const std::vector<std::pair<std::string, double>> ties{
      {"close", 3.5}, {"partner", 3.0}, {"friend", 1.5}, {"peer", 0.8}, {"acquaintance", 0.2}};
  for (const auto& [handle, w] : ties) net.add_member({.handle = handle, .name = handle});
  rapport::Member partner = net.member(*net.find_member("partner"));
  partner.strategic = true;
  net.update_member(partner);
  net.add_member({.handle = "old", .name = "Old friend"});
  net.add_member({.handle = "asker", .name = "Asker"});
  net.record(event("ana", "old", InteractionKind::collaborated, now - days{120}, 3.0));  // not active
  for (int i = 0; i < 5; ++i) net.record(event("asker", "ana", InteractionKind::asked, now - days{5 - i}));
  for (const auto& [handle, w] : ties)
    net.record(event("ana", handle, InteractionKind::collaborated, now - days{3}, w));

  const OverloadReport r = report(net);
  const auto layers = signals(r, SignalKind::dunbar_layer);
  REQUIRE(layers.size() == 4);
  const std::array<double, 4> counts{2, 3, 4, 5};
  const std::array<Level, 4> levels{Level::overloaded, Level::ok, Level::strained, Level::strained};
  for (std::size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK(layers[i]->layer == i);
    CHECK(layers[i]->value == counts[i]);
    CHECK(layers[i]->limit == policy.capacity.dunbar_layers[i]);
    CHECK(layers[i]->level == levels[i]);
  }
  // The innermost layer holds one too many: the strategic partner stays, the other one is named.
  REQUIRE(layers[0]->actions.size() == 1);
  CHECK(layers[0]->actions[0].kind == ActionKind::deprioritise);
  CHECK(layers[0]->actions[0].member == net.find_member("close"));
  CHECK(layers[2]->actions.empty());
}

TEST_CASE("strategic partners are graded by days since contact over their cadence", "[overload]") {
  rapport::Network net = solo();
  struct Case {
    const char* handle;
    int days_ago;
    Level level;
  };
  const std::vector<Case> cases{{"s29", 29, Level::ok},
                                {"s30", 30, Level::strained},
                                {"s60", 60, Level::strained},
                                {"s61", 61, Level::overloaded}};
  for (const Case& c : cases) {
    net.add_member({.handle = c.handle, .name = c.handle, .strategic = true, .cadence = days{30}});
    net.record(event("ana", c.handle, InteractionKind::call, now - days{c.days_ago}));
  }
  net.add_member(
      {.handle = "never", .name = "Never met", .strategic = true});  // no interaction: not a partner
  const OverloadReport r = report(net);
  const auto partners = signals(r, SignalKind::strategic_cadence);
  REQUIRE(partners.size() == cases.size());
  // Most overdue first.
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[cases.size() - 1 - i];
    CAPTURE(c.handle);
    CHECK(partners[i]->member == net.find_member(c.handle));
    CHECK(partners[i]->value == c.days_ago);
    CHECK(partners[i]->limit == 30);
    CHECK(partners[i]->level == c.level);
    if (c.level == Level::ok) {
      CHECK(partners[i]->actions.empty());
    } else {
      REQUIRE(partners[i]->actions.size() == 1);
      CHECK(partners[i]->actions[0].kind == ActionKind::reconnect);
      CHECK(partners[i]->actions[0].member == partners[i]->member);
    }
  }
  CHECK(r.level == Level::overloaded);
}

TEST_CASE("launches now or soon are reported, and promotions inside them overload", "[overload]") {
  rapport::Network net = solo();
  rapport::Member ana = net.member(0);
  const rapport::TimeRange current{now - days{1}, now + days{5}};
  const rapport::TimeRange soon{now + days{10}, now + days{12}};
  ana.launches = {{now + days{20}, now + days{22}}, soon, {now - days{30}, now - days{20}}, current};
  net.update_member(ana);
  OverloadReport r = report(net);
  auto launches = signals(r, SignalKind::launch);
  REQUIRE(launches.size() == 2);  // the past one and the one three weeks out are not
  CHECK(launches[0]->window == current);
  CHECK(launches[1]->window == soon);
  for (const Signal* s : launches) {
    CHECK(s->level == Level::strained);
    CHECK(s->value == 0);
    REQUIRE(s->actions.size() == 1);
    CHECK(s->actions[0].kind == ActionKind::pause_promotions);
    CHECK(s->actions[0].until == s->window->end);
  }
  // The text says why a launch with nothing inside it is reported: promotions due in it wait.
  CHECK_THAT(rapport::describe(*launches[1], net),
             Catch::Matchers::EndsWith(
                 ": no promotion falls inside it, and any due then waits until it ends (strained)."));
  net.record(promo_post("ana", "blog", now + days{2}));  // a commitment inside the launch
  r = report(net);
  launches = signals(r, SignalKind::launch);
  CHECK(launches[0]->level == Level::overloaded);
  CHECK(launches[0]->value == 1);
  CHECK_THAT(rapport::describe(*launches[0], net),
             Catch::Matchers::EndsWith(": 1 promotion falls inside it (overloaded)."));
  CHECK(launches[1]->level == Level::strained);
  net.record(promo_post("ana", "blog", now + days{3}));
  r = report(net);
  CHECK_THAT(rapport::describe(*signals(r, SignalKind::launch)[0], net),
             Catch::Matchers::EndsWith(": 2 promotions fall inside it (overloaded)."));
}

TEST_CASE("declared energy switches level at 0.5 and 0.25", "[overload]") {
  for (const auto& [energy, level] :
       {std::pair{1.0, Level::ok}, std::pair{0.51, Level::ok}, std::pair{0.5, Level::strained},
        std::pair{0.26, Level::strained}, std::pair{0.25, Level::overloaded},
        std::pair{0.0, Level::overloaded}}) {
    CAPTURE(energy);
    rapport::Network net = solo();
    rapport::Member ana = net.member(0);
    ana.energy = energy;
    net.update_member(ana);
    const OverloadReport r = report(net);
    CHECK(only(r, SignalKind::energy).value == energy);
    CHECK(only(r, SignalKind::energy).level == level);
    CHECK(r.level == level);  // nothing else is strained
  }
}

TEST_CASE("low energy suggests rest first, with the tired owner's rest dated", "[overload]") {
  const rapport::Policy policy;
  rapport::Network net = hand_network(policy);
  rapport::Request good = ask("ben", {"marketing/email"});
  good.id = "good";
  good.preview = true;
  const std::vector<rapport::Request> pending{good};
  const auto energy_report = [&](double energy) {
    rapport::Member ana = net.member(0);
    ana.energy = energy;
    net.update_member(ana);
    return only(rapport::overload_report(net, 0, pending, now), SignalKind::energy);
  };
  // Strained, not tired: the plan still accepts; take on nothing beyond it.
  const Signal strained = energy_report(0.4);
  REQUIRE(strained.level == Level::strained);
  REQUIRE_FALSE(strained.actions.empty());
  CHECK(strained.actions[0].kind == ActionKind::rest);
  CHECK_FALSE(strained.actions[0].until.has_value());
  CHECK(describe(strained.actions[0], net, pending) ==
        "Take on no new promotions beyond the plan until your energy recovers.");
  // Tired: the plan defers everything worth doing by the rest, and the rest says until when.
  const Signal tired = energy_report(0.2);
  REQUIRE(tired.level == Level::overloaded);
  REQUIRE(tired.actions.size() == 2);
  CHECK(tired.actions[0].kind == ActionKind::rest);
  CHECK(tired.actions[0].from == now);
  CHECK(tired.actions[0].until == now + policy.gates.energy_rest);
  CHECK(tired.actions[0].count == 1u);
  CHECK(describe(tired.actions[0], net, pending) ==
        "Rest from 2026-03-04 until 2026-03-11: take on no new promotions; the plan defers 1 request to then "
        "or later.");
  CHECK(tired.actions[1].kind == ActionKind::defer_request);
  CHECK(tired.actions[1].until >= now + policy.gates.energy_rest);
}

TEST_CASE("signal and action sentences count in the singular and end with one full stop", "[overload]") {
  rapport::Network net = solo();
  net.add_member({.handle = "mark", .name = "Mark S."});
  const rapport::MemberId mark = id_of(net, "mark");
  const rapport::ChannelId blog = *net.find_channel("ana", "blog");
  Signal s;
  s.value = 1;
  s.limit = 1;
  s.kind = SignalKind::inflow_week;
  CHECK(describe(s, net) == "1 request in the last 7 days; you can answer 1 (ok).");
  s.kind = SignalKind::weekly_promotions;
  s.channel = blog;
  s.window = rapport::TimeRange{monday, monday + days{7}};
  CHECK(describe(s, net) == "blog: 1 promotion in the week of 2026-03-02, tolerance 1 (ok).");
  s.kind = SignalKind::strategic_cadence;
  s.member = mark;
  CHECK(describe(s, net) == "Mark S.: 1 day since meaningful contact, cadence 1 day (ok).");
  s.value = 2;
  s.kind = SignalKind::dunbar_layer;
  CHECK_THAT(describe(s, net), Catch::Matchers::ContainsSubstring("2 active relationships, room for 1"));
  rapport::Action reconnect;
  reconnect.kind = ActionKind::reconnect;
  reconnect.member = mark;
  CHECK(describe(reconnect, net, {}) == "Reconnect with Mark S.");
  const std::vector<rapport::Request> pending{
      {.id = "r1", .requester = "mark", .owner = "ana", .topics = {"writing/books"}, .received = now}};
  rapport::Action decline;
  decline.kind = ActionKind::decline_request;
  decline.request = 0;
  CHECK(describe(decline, net, pending) == "Decline request r1 from Mark S.");
}

TEST_CASE("thresholds come from the policy", "[overload]") {
  rapport::Policy policy;
  policy.capacity.requests_per_week = 10;
  policy.overload.strained = 0.5;
  policy.overload.overloaded = 0.6;
  rapport::Network net = solo(policy);
  for (int i = 0; i < 5; ++i) net.record(inbound(now - hours{i}));
  CHECK(only(report(net), SignalKind::inflow_week).level == Level::strained);
  net.record(inbound(now - std::chrono::minutes{1}));
  net.record(inbound(now - std::chrono::minutes{2}));
  CHECK(only(report(net), SignalKind::inflow_week).level == Level::overloaded);
}

TEST_CASE("suggested actions name the pending requests to decline and defer", "[overload]") {
  rapport::Policy policy;
  policy.capacity.requests_per_week = 2;
  rapport::Network net = hand_network(policy);
  // The blog (2 a week) already has two promotions this week.
  net.record(promo_post("ana", "blog", monday + hours{8}));
  net.record(promo_post("ana", "blog", now + days{1}));
  rapport::Request good = ask("ben", {"marketing/email"});
  good.id = "good";
  good.preview = true;
  good.content_quality = 0.8;  // the owner read it and liked it
  good.offer = rapport::Offer::reciprocal_promotion;
  rapport::Request dog = ask("dex", {"pets/dog-collars"});
  dog.id = "dog";
  const std::vector<rapport::Request> pending{good, dog};
  for (const rapport::Request& r : pending) net.record(r);
  net.record(inbound(now));

  const OverloadReport r = rapport::overload_report(net, 0, pending, now);
  const rapport::TriagePlan plan = rapport::plan_triage(net, 0, pending, now);
  REQUIRE(plan.entries[0].decision == rapport::Decision::defer);
  REQUIRE(plan.entries[1].decision == rapport::Decision::decline);

  const Signal& inflow = only(r, SignalKind::inflow_week);
  CHECK(inflow.level == Level::overloaded);  // 3 of 2
  REQUIRE(inflow.actions.size() == 2);
  CHECK(inflow.actions[0].kind == ActionKind::decline_request);
  CHECK(inflow.actions[0].request == 1u);
  CHECK(inflow.actions[1].kind == ActionKind::defer_request);
  CHECK(inflow.actions[1].request == 0u);
  CHECK(inflow.actions[1].until == plan.entries[0].slot);
  CHECK_THAT(describe(inflow.actions[1], net, pending), Catch::Matchers::ContainsSubstring("good from Ben"));

  // The blog's signal names the pause and the request waiting for it.
  const rapport::ChannelId blog = *net.find_channel("ana", "blog");
  const Signal* weekly = nullptr;
  for (const Signal* s : signals(r, SignalKind::weekly_promotions))
    if (s->channel == blog) weekly = s;
  REQUIRE(weekly != nullptr);
  CHECK(weekly->level == Level::strained);
  REQUIRE(weekly->actions.size() == 2);
  CHECK(weekly->actions[0].kind == ActionKind::pause_promotions);
  CHECK(weekly->actions[0].until == monday + days{7});
  CHECK(weekly->actions[1].kind == ActionKind::defer_request);
  CHECK(weekly->actions[1].request == 0u);

  CHECK(r.level == Level::overloaded);
  CHECK(rapport::overload_report(net, 0, pending, now) == r);  // deterministic
}

TEST_CASE("the overall level is the worst signal's, and every signal describes itself", "[overload]") {
  rapport::Network net = hand_network();
  const OverloadReport r = report(net);
  Level worst = Level::ok;
  for (const Signal& s : r.signals) {
    worst = std::max(worst, s.level);
    const std::string text = describe(s, net);
    CAPTURE(text);
    CHECK(text.back() == '.');
    CHECK_THAT(text, Catch::Matchers::ContainsSubstring(std::string(to_string(s.level))));
    if (s.channel) CHECK_THAT(text, Catch::Matchers::ContainsSubstring(net.channel(*s.channel).name));
    if (s.member) CHECK_THAT(text, Catch::Matchers::ContainsSubstring(net.member(*s.member).name));
    if (s.level == Level::ok) CHECK(s.actions.empty());
  }
  CHECK(r.level == worst);
  CHECK(signals(r, SignalKind::weekly_promotions).size() == net.channels_of(0).size());
  CHECK(signals(r, SignalKind::dunbar_layer).size() == 4);
}

TEST_CASE("overload_report refuses an unknown owner or a request to someone else", "[overload]") {
  const rapport::Network net = hand_network();
  require_error([&] { (void)rapport::overload_report(net, 42, {}, now); }, rapport::Errc::unknown_member,
                "owner", "42");
  std::vector<rapport::Request> pending{ask("ben")};
  pending[0].owner = "ben";
  require_error([&] { (void)rapport::overload_report(net, 0, pending, now); }, rapport::Errc::unknown_member,
                "pending[0].owner", "ben");
}

TEST_CASE("the overload thresholds are validated with named fields", "[overload][policy]") {
  const auto refuses = [](auto change, std::string_view field, std::string_view value) {
    rapport::Policy p;
    change(p);
    require_error([&] { p.validate(); }, rapport::Errc::invalid_policy, field, value);
    require_error([&] { rapport::Network net(p); }, rapport::Errc::invalid_policy, field, value);
  };
  refuses([](rapport::Policy& p) { p.overload.strained = 0; }, "policy.overload.strained", "0");
  refuses([](rapport::Policy& p) { p.overload.overloaded = 0.5; }, "policy.overload.overloaded", "0.5");
  refuses([](rapport::Policy& p) { p.overload.cadence_overloaded = 0.9; },
          "policy.overload.cadence_overloaded", "0.9");
  refuses([](rapport::Policy& p) { p.overload.energy_strained = 1.5; }, "policy.overload.energy_strained",
          "1.5");
  refuses([](rapport::Policy& p) { p.overload.energy_overloaded = 0.6; }, "policy.overload.energy_overloaded",
          "0.6");
  refuses(
      [](rapport::Policy& p) {
        p.overload.layer_strength = {0.9, 0.95, 0.4, 0};
      },
      "policy.overload.layer_strength[1]", "0.95");
  refuses([](rapport::Policy& p) { p.overload.launch_lookahead = days{-1}; },
          "policy.overload.launch_lookahead", "-1");
  refuses([](rapport::Policy& p) { p.overload.taker_margin = -1; }, "policy.overload.taker_margin", "-1");
  rapport::Policy nan;
  nan.overload.strained = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_AS(nan.validate(), rapport::Error);
  CHECK_NOTHROW(rapport::Policy{}.validate());
}

TEST_CASE("level, signal and action names round-trip", "[overload]") {
  for (const Level l : {Level::ok, Level::strained, Level::overloaded})
    CHECK(rapport::level_from_string(to_string(l)) == l);
  for (int i = 0; i <= static_cast<int>(SignalKind::energy); ++i) {
    const auto k = static_cast<SignalKind>(i);
    CHECK(rapport::signal_kind_from_string(to_string(k)) == k);
  }
  for (int i = 0; i <= static_cast<int>(ActionKind::raise_tolerance); ++i) {
    const auto k = static_cast<ActionKind>(i);
    CHECK(rapport::action_kind_from_string(to_string(k)) == k);
  }
  CHECK_FALSE(rapport::level_from_string("fine").has_value());
  CHECK_FALSE(rapport::signal_kind_from_string("").has_value());
  CHECK_FALSE(rapport::action_kind_from_string("panic").has_value());
}

TEST_CASE("the report lists the members promoted most, up to now, however a post named them",
          "[overload][promoted]") {
  rapport::Network net = solo();
  net.add_channel({.owner = "ana", .name = "newsletter", .audience_size = 100});
  // Member k is promoted k times, the last one k days ago, which names it by its alias.
  for (int k = 1; k <= 12; ++k) {
    const std::string handle = "m" + std::to_string(k);
    net.add_member({.handle = handle, .aliases = {"@" + handle + "@example.social"}});
    for (int i = 0; i < k; ++i)
      net.record(promo_post("ana", i % 2 ? "newsletter" : "blog", days_ago(k + i),
                            i ? handle : "@" + handle + "@example.social"));
  }
  net.record(promo_post("ana", "blog", days_ago(1), ""));      // names no member
  net.record(promo_post("ana", "blog", now + days{3}, "m1"));  // a commitment ahead: not yet
  net.record(own_post("ana", "blog", days_ago(2)));
  const OverloadReport r = rapport::overload_report(net, 0, {}, now);
  CHECK(r.promotions == 78 + 1);  // 1 + 2 + ... + 12, and the one naming no member
  REQUIRE(r.promoted.size() == OverloadReport::most_promoted);
  for (std::size_t i = 0; i < r.promoted.size(); ++i) {
    const auto k = static_cast<std::size_t>(12 - i);
    CHECK(r.promoted[i].member == id_of(net, "m" + std::to_string(k)));
    CHECK(r.promoted[i].promotions == k);
    CHECK(r.promoted[i].last == days_ago(static_cast<int>(k)));
  }
  // Ties: the most recently promoted first.
  rapport::Network tie = solo();
  tie.add_member({.handle = "ben"});
  tie.add_member({.handle = "cara"});
  tie.record(promo_post("ana", "blog", days_ago(9), "ben"));
  tie.record(promo_post("ana", "blog", days_ago(3), "cara"));
  const OverloadReport t = rapport::overload_report(tie, 0, {}, now);
  REQUIRE(t.promoted.size() == 2);
  CHECK(t.promoted[0].member == 2u);
  CHECK(t.promoted[1].member == 1u);
  CHECK(rapport::overload_report(solo(), 0, {}, now).promoted.empty());
}
