// The decision rules, one per test: the owner's five conditions of seed 002 (prior context, vetted
// work, not in a launch, room, energy), with relevance (003), no competitor (004) and reciprocity
// (001, 004) around them. Each test breaks one condition, or a pair, and pins what a careful owner does.
#include <catch2/catch_test_macros.hpp>
#include <random>
#include <rapport/rapport.hpp>
#include <string>
#include <vector>

#include "support.hpp"

using namespace rapport_test;
using rapport::Decision;
using rapport::Dimension;
using rapport::Offer;
using rapport::Request;
using rapport::RequestKind;
using rapport::Score;

namespace {

/// Ben, whom ana met, talked to and who bought her course, sends a written-for-her request with a
/// preview she read and rated well: every condition holds.
Request good_request() {
  Request r = ask("ben");
  r.preview = true;
  r.content_quality = 0.8;
  r.personalised = true;
  return r;
}

void set_energy(rapport::Network& net, double energy) {
  rapport::Member ana = net.member(id_of(net, "ana"));
  ana.energy = energy;
  net.update_member(ana);
}

/// Every combination of what a requester controls in a message: preview (none, unrated, rated from
/// excellent to weak), personal or template, each offer, each kind, a channel or none.
std::vector<Request> variations_of(const Request& base) {
  std::vector<Request> out;
  const std::vector<std::optional<double>> ratings{std::nullopt, 1.0, 0.6, 0.2};
  for (const bool preview : {false, true})
    for (const auto& rating : ratings) {
      if (!preview && rating) continue;
      for (const bool personal : {false, true})
        for (int offer = 0; offer < 4; ++offer)
          for (const RequestKind kind : {RequestKind::share, RequestKind::review, RequestKind::feedback})
            for (const bool on_channel : {true, false}) {
              Request r = base;
              r.preview = preview;
              r.content_quality = rating;
              r.personalised = personal;
              r.offer = static_cast<Offer>(offer);
              r.kind = kind;
              if (!on_channel) r.channels.clear();
              out.push_back(r);
            }
    }
  return out;
}

bool has_code(const Score& s, ReasonCode code, Dimension dim) {
  for (const rapport::Reason& r : s.reasons)
    if (r.code == code && r.dimension == dim) return true;
  return false;
}

}  // namespace

TEST_CASE("every condition holding: accept", "[decision]") {
  const rapport::Network net = hand_network();
  const Score s = rapport::score(net, good_request(), now);
  CHECK(s.decision == Decision::accept);
  CHECK(decisive(s) == ReasonCode::worth_accepting);
}

// ------------------------------------------------------------------ (a) prior context

TEST_CASE("no prior context: decline and point to building the relationship first", "[decision][context]") {
  // "Just create really beautiful, incredibly useful, exceedingly meaningful work... and start making
  // connections": a stranger's pitch is declined however it is dressed, member or not.
  rapport::Network net = hand_network();
  net.add_member({.handle = "sol", .name = "Sol", .topics = {{"marketing/social-media"}}});
  for (const std::string who : {"sol", "pitch@agency.example"}) {
    Request base = ask(who);
    for (const Request& r : variations_of(base)) {
      CAPTURE(who, r.preview, r.content_quality.value_or(-1), r.personalised, static_cast<int>(r.offer),
              rapport::to_string(r.kind), r.channels.size());
      const Score s = rapport::score(net, r, now);
      CHECK(s.decision == Decision::decline);
      CHECK(decisive(s) == ReasonCode::no_context);
      CHECK(describe(s.reasons[0], net).find("build the relationship first") != std::string::npos);
    }
  }
}

TEST_CASE("a preview or a personal message is not context", "[decision][context]") {
  rapport::Network net = hand_network();
  net.add_member({.handle = "sol", .name = "Sol", .topics = {{"marketing/social-media"}}});
  Request r = ask("sol");
  r.preview = true;
  r.content_quality = 1.0;
  r.personalised = true;
  r.offer = Offer::payment;
  const Score s = rapport::score(net, r, now);
  CHECK(s.prior_context > 0);              // the bonuses rank it above a bare pitch...
  CHECK(s.decision == Decision::decline);  // ...but do not make the owner know them
  CHECK(decisive(s) == ReasonCode::no_context);
  CHECK(s.reasons[0].figures[0] == 0);
}

TEST_CASE("met, bought, talked, worked together or vouched for: each is prior context",
          "[decision][context]") {
  struct Case {
    std::string what;
    std::vector<rapport::Interaction> history;
  };
  const std::vector<Case> cases{
      {"met in person", {event("ana", "new", InteractionKind::met_in_person, days_ago(40))}},
      {"the owner bought their work", {event("ana", "new", InteractionKind::purchased, days_ago(40))}},
      {"talked on calls",
       {event("ana", "new", InteractionKind::call, days_ago(40)),
        event("new", "ana", InteractionKind::call, days_ago(30))}},
      {"worked together", {event("ana", "new", InteractionKind::collaborated, days_ago(40))}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    rapport::Network net = hand_network();
    net.add_member({.handle = "new", .name = "New", .topics = {{"marketing/social-media"}}});
    for (const rapport::Interaction& e : c.history) net.record(e);
    Request r = good_request();
    r.requester = "new";
    const Score s = rapport::score(net, r, now);
    CHECK(s.decision == Decision::accept);
    CHECK_FALSE(has_reason(s, ReasonCode::stranger));
  }
  SECTION("vouched for by one of the owner's strongest ties") {
    // Fay has no history with ana; Eve, one of ana's closest ties, worked with her and met her.
    const rapport::Network net = hand_network();
    Request r = good_request();
    r.requester = "fay";
    r.topics = {"marketing/video"};
    const Score s = rapport::score(net, r, now);
    CHECK(has_reason(s, ReasonCode::known_through_tie));
    CHECK(s.decision == Decision::accept);
  }
  SECTION("their messages the owner never answered are not") {
    rapport::Network net = hand_network();
    net.add_member({.handle = "new", .name = "New", .topics = {{"marketing/social-media"}}});
    for (int d = 9; d > 0; --d) net.record(event("new", "ana", InteractionKind::message, days_ago(d)));
    Request r = good_request();
    r.requester = "new";
    const Score s = rapport::score(net, r, now);
    CHECK(decisive(s) == ReasonCode::no_context);
    CHECK_FALSE(has_reason(s, ReasonCode::talked));  // they wrote; ana never did
    CHECK(has_reason(s, ReasonCode::stranger));
  }
}

// ------------------------------------------------------------------ (b) vetted work

TEST_CASE("context without vetting: counter, asking to see the work", "[decision][vetting]") {
  const rapport::Network net = hand_network();
  Request r = good_request();
  r.preview = false;
  r.content_quality.reset();
  Score s = rapport::score(net, r, now);
  CHECK(s.decision == Decision::counter);
  CHECK(decisive(s) == ReasonCode::unvetted_content);
  CHECK(describe(s.reasons[0], net) ==
        "You have not vetted their work: ask to see it before you promote it.");
  // A preview she has not read yet is not vetting either: the counter says to read it.
  r.preview = true;
  s = rapport::score(net, r, now);
  CHECK(s.decision == Decision::counter);
  CHECK(describe(s.reasons[0], net) == "You have not rated the preview yet: read it before you decide.");
}

TEST_CASE("vetted work: a preview rated at least the minimum, or work the owner bought, vetted or critiqued",
          "[decision][vetting]") {
  const double min = rapport::Policy{}.gates.min_content_quality;
  SECTION("a preview rated at the minimum") {
    const rapport::Network net = hand_network();
    Request r = good_request();
    r.content_quality = min;
    CHECK(rapport::score(net, r, now).decision == Decision::accept);
  }
  for (const InteractionKind kind :
       {InteractionKind::purchased, InteractionKind::vetted, InteractionKind::feedback}) {
    CAPTURE(rapport::to_string(kind));
    rapport::Network net = hand_network();
    net.record(event("ana", "ben", kind, days_ago(5)));
    Request r = good_request();
    r.preview = false;
    r.content_quality.reset();
    const Score s = rapport::score(net, r, now);
    CHECK(s.decision == Decision::accept);
    CHECK((has_reason(s, ReasonCode::vetted_their_work) || has_reason(s, ReasonCode::bought_their_work)));
  }
}

TEST_CASE("weak content: counter with critique, at any context", "[decision][vetting]") {
  // "I would tell you what I don't like about it so that you can improve it."
  rapport::Network net = hand_network();
  net.add_member({.handle = "new", .name = "New", .topics = {{"marketing/social-media"}}});
  net.record(event("ana", "new", InteractionKind::call, days_ago(100)));   // barely known
  net.record(event("ana", "ben", InteractionKind::vetted, days_ago(15)));  // vetted before, weak this time
  for (const std::string who : {"ben", "fay", "new"})
    for (const double quality : {0.0, 0.3, 0.49}) {
      CAPTURE(who, quality);
      Request r = good_request();
      r.requester = who;
      r.content_quality = quality;
      const Score s = rapport::score(net, r, now);
      CHECK(s.decision == Decision::counter);
      CHECK(decisive(s) == ReasonCode::weak_content);
      CHECK(s.reasons[0].figures[0] == quality);
    }
}

TEST_CASE("a feedback request needs no vetting: critique is what it asks for", "[decision][vetting]") {
  const rapport::Network net = hand_network();
  Request r = ask("ben");
  r.kind = RequestKind::feedback;
  r.channels.clear();
  for (const std::optional<double> quality : {std::optional<double>{}, std::optional<double>{0.2}}) {
    r.content_quality = quality;
    r.preview = quality.has_value();
    const Score s = rapport::score(net, r, now);
    CHECK(s.decision == Decision::accept);
  }
}

// ------------------------------------------------------------------ (e) energy

TEST_CASE("low energy: below the tired level everything worth doing is deferred, private favours included",
          "[decision][energy]") {
  // "...and e.) I'm not wiped-out tired and feel like I have the energy to participate."
  rapport::Network net = hand_network();
  const rapport::Gates g = net.policy().gates;
  set_energy(net, 0.15);
  Request favour = ask("ben");
  favour.kind = RequestKind::feedback;
  favour.channels.clear();
  for (const Request& r : {good_request(), favour}) {
    CAPTURE(rapport::to_string(r.kind));
    const Score s = rapport::score(net, r, now);
    CHECK(s.decision == Decision::defer);
    CHECK(decisive(s) == ReasonCode::tired);
    REQUIRE(s.slot.has_value());
    CHECK(*s.slot >= now + g.energy_rest);
    CHECK(s.reasons[0].figures[2] == static_cast<double>(s.slot->time_since_epoch().count()));
  }
  set_energy(net, g.tired_energy);  // at the level: not tired
  CHECK(rapport::score(net, good_request(), now).decision == Decision::accept);
}

TEST_CASE("no energy: below the minimum everything is declined, private favours included",
          "[decision][energy]") {
  rapport::Network net = hand_network();
  set_energy(net, 0.05);
  Request favour = ask("ben");
  favour.kind = RequestKind::feedback;
  favour.channels.clear();
  for (const Request& r : {good_request(), favour}) {
    const Score s = rapport::score(net, r, now);
    CHECK(s.decision == Decision::decline);
    CHECK(decisive(s) == ReasonCode::low_energy);
  }
}

TEST_CASE("energy is mentioned only when it matters", "[decision][energy][reasons]") {
  rapport::Network net = hand_network();
  for (const double energy : {1.0, 0.9, 0.6}) {
    set_energy(net, energy);
    CHECK_FALSE(has_reason(rapport::score(net, good_request(), now), ReasonCode::low_energy));
  }
  set_energy(net, 0.4);  // strained: it scales the room, and says so
  CHECK(has_code(rapport::score(net, good_request(), now), ReasonCode::low_energy, Dimension::audience_load));
  set_energy(net, 0.15);  // tired: the decision says it, once
  const Score tired = rapport::score(net, good_request(), now);
  CHECK_FALSE(has_reason(tired, ReasonCode::low_energy));
  CHECK(decisive(tired) == ReasonCode::tired);
}

// ------------------------------------------------------------------ reciprocity, relevance

TEST_CASE("a promise from someone who broke promises: decline", "[decision][reciprocity]") {
  // "You'll be compensated when..." is worth what their earlier promises turned out to be worth.
  rapport::Network net = hand_network();
  net.record(event("ben", "ana", InteractionKind::broke_promise, days_ago(15)));
  net.record(event("ben", "ana", InteractionKind::broke_promise, days_ago(10)));
  Request r = good_request();
  r.offer = Offer::promise;
  Score s = rapport::score(net, r, now);
  CHECK(s.decision == Decision::decline);
  CHECK(decisive(s) == ReasonCode::unreliable_promise);
  CHECK(describe(s.reasons[0], net) == "They offer a promise, and broke 2 promises before, keeping none.");
  // The same requester offering something real is judged on the rest.
  r.offer = Offer::reciprocal_promotion;
  s = rapport::score(net, r, now);
  CHECK(decisive(s) != ReasonCode::unreliable_promise);
  // Someone who kept more promises than they broke may promise again.
  for (int d = 9; d > 6; --d) net.record(event("ben", "ana", InteractionKind::kept_promise, days_ago(d)));
  r.offer = Offer::promise;
  CHECK(decisive(rapport::score(net, r, now)) != ReasonCode::unreliable_promise);
}

TEST_CASE("declared topics are checked against what the requester is known for", "[decision][relevance]") {
  rapport::Network net;
  net.add_member({.handle = "coach", .name = "Coach", .topics = {{"coaching/life"}}});
  net.add_member({.handle = "shop", .name = "Gadget Shop", .topics = {{"electronics/gadgets"}}});
  net.add_member({.handle = "peer", .name = "Peer", .topics = {{"coaching/life"}}});
  net.add_channel({.owner = "coach", .name = "blog", .audience_size = 1000});
  for (const std::string who : {"shop", "peer"})
    net.record(event("coach", who, InteractionKind::met_in_person, days_ago(30)));
  Request r{.requester = "shop",
            .owner = "coach",
            .channels = {"blog"},
            .topics = {"coaching/life"},
            .received = now};
  const Score shop = rapport::score(net, r, now);
  CHECK(shop.relevance < net.policy().gates.off_niche);
  CHECK(decisive(shop) == ReasonCode::off_niche);
  const rapport::Reason* mismatch = shop.reasons.find(ReasonCode::niche_mismatch);
  REQUIRE(mismatch != nullptr);
  CHECK(describe(*mismatch, net).find("Gadget Shop is known for electronics/gadgets") != std::string::npos);
  CHECK_FALSE(has_reason(shop, ReasonCode::topic_match));  // the mismatch says the declared fit
  // A peer known for the topic it names keeps its relevance.
  r.requester = "peer";
  const Score peer = rapport::score(net, r, now);
  CHECK(peer.relevance > 0.9);
  CHECK_FALSE(has_reason(peer, ReasonCode::niche_mismatch));
  // With the check off, declared topics are believed.
  rapport::Policy trusting = net.policy();
  trusting.known_niche_weight = 0;
  net.set_policy(trusting);
  r.requester = "shop";
  CHECK(rapport::score(net, r, now).relevance == peer.relevance);
}

// ------------------------------------------------------------------ combinations, and the total

TEST_CASE("when several conditions fail, the stronger no decides", "[decision]") {
  rapport::Network net = hand_network();
  net.add_member({.handle = "sol", .name = "Sol", .topics = {{"marketing/social-media"}}});
  rapport::Member ana = net.member(id_of(net, "ana"));
  ana.launches = {{now - days{1}, now + days{5}}};
  SECTION("no context and weak content: decline, not a critique for a stranger") {
    Request r = good_request();
    r.requester = "sol";
    r.content_quality = 0.2;
    CHECK(decisive(rapport::score(net, r, now)) == ReasonCode::no_context);
  }
  SECTION("weak content while tired: the critique, never a promotion later") {
    set_energy(net, 0.15);
    Request r = good_request();
    r.content_quality = 0.2;
    CHECK(decisive(rapport::score(net, r, now)) == ReasonCode::weak_content);
  }
  SECTION("unvetted while tired: it waits, reading the work included") {
    set_energy(net, 0.15);
    Request r = good_request();
    r.content_quality.reset();
    CHECK(decisive(rapport::score(net, r, now)) == ReasonCode::tired);
  }
  SECTION("unvetted during a launch: ask to see the work first") {
    net.update_member(ana);
    Request r = good_request();
    r.content_quality.reset();
    CHECK(decisive(rapport::score(net, r, now)) == ReasonCode::unvetted_content);
  }
  SECTION("tired during a launch: deferred past both") {
    ana.energy = 0.15;
    net.update_member(ana);
    const Score s = rapport::score(net, good_request(), now);
    CHECK(decisive(s) == ReasonCode::tired);
    REQUIRE(s.slot.has_value());
    CHECK(*s.slot >= now + net.policy().gates.energy_rest);
  }
  SECTION("a broken-promise promise from a stranger: no context first") {
    net.record(event("sol", "ana", InteractionKind::broke_promise, days_ago(3)));
    Request r = good_request();
    r.requester = "sol";
    r.offer = Offer::promise;
    CHECK(decisive(rapport::score(net, r, now)) == ReasonCode::no_context);
  }
}

TEST_CASE("the total never buys back a missing condition", "[decision][property]") {
  // Over generated networks and requests: whatever the total, an accept has every condition.
  int accepted = 0;
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    const World w = random_world(seed);
    std::mt19937 rng(seed);
    for (int i = 0; i < 40; ++i) {
      const Request r = random_request(rng, w);
      const Score s = rapport::score(w.net, r, w.at);
      if (s.decision != Decision::accept) continue;
      ++accepted;
      CAPTURE(seed, i, s.total);
      const auto requester = w.net.find_member(r.requester);
      REQUIRE(requester.has_value());  // a non-member has no context
      CHECK_FALSE(w.net.member(*requester).competitor);
      CHECK_FALSE(has_reason(s, ReasonCode::stranger));
      CHECK((!r.content_quality || *r.content_quality >= w.net.policy().gates.min_content_quality));
      CHECK((r.kind == RequestKind::feedback || r.content_quality ||
             has_reason(s, ReasonCode::vetted_their_work) || has_reason(s, ReasonCode::bought_their_work)));
      CHECK(w.net.member(id_of(w.net, r.owner)).energy >= w.net.policy().gates.tired_energy);
      CHECK(s.relevance >= w.net.policy().gates.off_niche);
      CHECK(s.reciprocity >= w.net.policy().gates.min_reciprocity);
    }
  }
  CHECK(accepted > 0);  // the generated requests do reach accepts
}

TEST_CASE("requests are remembered: repeated cold pitches are seen and weigh against the requester",
          "[decision][reciprocity]") {
  rapport::Network net = hand_network();
  const std::string pitcher = "pitch@agency.example";  // not a member, and never becomes one
  const auto pitch_on = [&](int day) {
    Request r = ask(pitcher);
    r.id = "pitch-" + std::to_string(day);
    r.received = now - days{8 - day};
    return r;
  };
  const Score first = rapport::score(net, pitch_on(1), pitch_on(1).received);
  CHECK_FALSE(has_reason(first, ReasonCode::repeated_requests));
  for (int day = 1; day <= 7; ++day) REQUIRE(net.record(pitch_on(day)));
  const Score eighth = rapport::score(net, pitch_on(8), now);
  CHECK(eighth.decision == Decision::decline);
  CHECK(eighth.reciprocity < first.reciprocity);
  const rapport::Reason* repeated = eighth.reasons.find(ReasonCode::repeated_requests);
  REQUIRE(repeated != nullptr);
  CHECK(describe(*repeated, net) == "They sent 8 requests in 8 days.");
  CHECK(has_reason(eighth, ReasonCode::unknown_requester));
  // Scoring a request already recorded does not count it twice.
  net.record(pitch_on(8));
  CHECK(rapport::score(net, pitch_on(8), now).reasons.find(ReasonCode::repeated_requests)->figures[0] == 8);
}
