// Policy: defaults validate, every documented constraint is enforced by the Network constructor and
// set_policy (leaving the network as it was), decay cannot change, and weights shape the total.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <rapport/rapport.hpp>

#include "support.hpp"

using namespace rapport_test;
using rapport::Errc;
using rapport::Policy;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Breach {
  const char* field;
  const char* value;
  std::function<void(Policy&)> apply;
};

/// One breach of each documented constraint, with the field and value the error must name.
std::vector<Breach> breaches() {
  return {
      {"policy.decay.context_half_life", "0", [](Policy& p) { p.decay.context_half_life = days{0}; }},
      {"policy.decay.reciprocity_half_life", "-3",
       [](Policy& p) { p.decay.reciprocity_half_life = days{-3}; }},
      {"policy.decay.max_lateness", "-1", [](Policy& p) { p.decay.max_lateness = days{-1}; }},
      {"policy.kinds.met_in_person.actor_learns", "-1", [](Policy& p) { p.kinds[0].actor_learns = -1; }},
      {"policy.kinds.cancelled.target_learns", "-0.5", [](Policy& p) { p.kinds[14].target_learns = -0.5; }},
      {"policy.kinds.message.awaits_reply", "-1", [](Policy& p) { p.kinds[2].awaits_reply = -1; }},
      {"policy.context_scale", "0", [](Policy& p) { p.context_scale = 0; }},
      {"policy.vouching_ties", "9", [](Policy& p) { p.vouching_ties = 9; }},
      {"policy.vouching_ties", "-1", [](Policy& p) { p.vouching_ties = -1; }},
      {"policy.vouching_weight", "1.5", [](Policy& p) { p.vouching_weight = 1.5; }},
      {"policy.preview_bonus", "-0.1", [](Policy& p) { p.preview_bonus = -0.1; }},
      {"policy.personal_bonus", "2", [](Policy& p) { p.personal_bonus = 2; }},
      {"policy.outreach_weight", "1.5", [](Policy& p) { p.outreach_weight = 1.5; }},
      {"policy.outreach_half_life", "0", [](Policy& p) { p.outreach_half_life = days{0}; }},
      {"policy.reciprocity_prior", "0", [](Policy& p) { p.reciprocity_prior = 0; }},
      {"policy.ask_cost", "-1", [](Policy& p) { p.ask_cost = -1; }},
      {"policy.mutual_weight", "-2", [](Policy& p) { p.mutual_weight = -2; }},
      {"policy.reply_value", "-0.3", [](Policy& p) { p.reply_value = -0.3; }},
      {"policy.offer_value.payment", "-0.8", [](Policy& p) { p.offer_value[2] = -0.8; }},
      {"policy.owner_topic_weight", "1.1", [](Policy& p) { p.owner_topic_weight = 1.1; }},
      {"policy.share_window", "0", [](Policy& p) { p.share_window = days{0}; }},
      {"policy.share_window", "367", [](Policy& p) { p.share_window = days{367}; }},
      {"policy.share_min_posts", "-2", [](Policy& p) { p.share_min_posts = -2; }},
      {"policy.weights.relevance", "-0.35", [](Policy& p) { p.weights.relevance = -0.35; }},
      {"policy.weights.prior_context", "-1", [](Policy& p) { p.weights.prior_context = -1; }},
      {"policy.weights.audience_load", "-1", [](Policy& p) { p.weights.audience_load = -1; }},
      {"policy.weights.reciprocity", "-1", [](Policy& p) { p.weights.reciprocity = -1; }},
      {"policy.gates.off_niche", "1.5", [](Policy& p) { p.gates.off_niche = 1.5; }},
      {"policy.gates.accept", "-0.5", [](Policy& p) { p.gates.accept = -0.5; }},
      {"policy.gates.min_context", "2", [](Policy& p) { p.gates.min_context = 2; }},
      {"policy.gates.min_content_quality", "-1", [](Policy& p) { p.gates.min_content_quality = -1; }},
      {"policy.gates.counter_context", "1.01", [](Policy& p) { p.gates.counter_context = 1.01; }},
      {"policy.gates.min_reciprocity", "1.25", [](Policy& p) { p.gates.min_reciprocity = 1.25; }},
      {"policy.capacity.requests_per_week", "-1", [](Policy& p) { p.capacity.requests_per_week = -1; }},
      {"policy.capacity.dunbar_layers[2]", "10",
       [](Policy& p) {
         p.capacity.dunbar_layers = {5, 15, 10, 150};
       }},
      {"policy.capacity.active_window", "0", [](Policy& p) { p.capacity.active_window = days{0}; }},
      {"policy.default_tolerance.max_per_week", "-1",
       [](Policy& p) { p.default_tolerance.max_per_week = -1; }},
      {"policy.default_tolerance.max_share", "1.5", [](Policy& p) { p.default_tolerance.max_share = 1.5; }},
  };
}

}  // namespace

TEST_CASE("the default policy is valid", "[policy]") {
  CHECK_NOTHROW(Policy{}.validate());
  CHECK_NOTHROW(rapport::Network{});
  CHECK(rapport::Network{}.policy() == Policy{});
  // Documented defaults that other tests and users rely on.
  const Policy p;
  CHECK(p.vouching_ties >= 0);
  CHECK(p.vouching_ties <= 8);
  CHECK(p.decay.context_half_life == days{365});
  CHECK(p.decay.max_lateness == days{30});
  CHECK(p.default_tolerance.max_per_week == 2);
}

TEST_CASE("a policy breaking a constraint is refused by the Network constructor and set_policy",
          "[policy][errors]") {
  for (const Breach& b : breaches()) {
    CAPTURE(b.field);
    Policy bad;
    b.apply(bad);
    require_error([&] { bad.validate(); }, Errc::invalid_policy, b.field, b.value);
    require_error([&] { rapport::Network n(bad); }, Errc::invalid_policy, b.field, b.value);

    rapport::Network net = hand_network();
    const std::vector<rapport::Request> probe{ask("ben"), ask("fay")};
    const Snapshot before = snapshot(net, probe);
    // An invalid decay is reported as invalid, not as a mismatch with the network's.
    require_error([&] { net.set_policy(bad); }, Errc::invalid_policy, b.field, b.value);
    require_unchanged(before, net, probe);
  }
}

TEST_CASE("weights that leave nothing but audience load are refused", "[policy][errors]") {
  Policy p;
  p.weights = {.relevance = 0, .prior_context = 0, .audience_load = 1, .reciprocity = 0};
  CHECK_THROWS_AS(p.validate(), rapport::Error);
  require_error([&] { rapport::Network n(p); }, Errc::invalid_policy, "policy.weights",
                "relevance, prior_context and reciprocity are all 0");
  // Any one of the three merit weights is enough.
  p.weights.reciprocity = 0.1;
  CHECK_NOTHROW(rapport::Network(p));
}

TEST_CASE("non-finite policy numbers are refused as invalid_policy", "[policy][errors]") {
  Policy p;
  p.weights.relevance = GENERATE(kNaN, std::numeric_limits<double>::infinity());
  require_error([&] { rapport::Network n(p); }, Errc::invalid_policy, "policy.weights.relevance",
                std::isnan(p.weights.relevance) ? "nan" : "inf");
  rapport::Network net = hand_network();
  const Snapshot before = snapshot(net, {ask("ben")});
  CHECK_THROWS_AS(net.set_policy(p), rapport::Error);
  require_unchanged(before, net, {ask("ben")});
}

TEST_CASE("set_policy cannot change the decay a network was built with", "[policy][errors]") {
  rapport::Network net = hand_network();
  const std::vector<rapport::Request> probe{ask("ben"), ask("cara")};
  const Snapshot before = snapshot(net, probe);
  Policy p = net.policy();
  std::string field, value, kept;
  SECTION("context half-life") {
    p.decay.context_half_life = days{100};
    field = "policy.decay.context_half_life", value = "100", kept = "365";
  }
  SECTION("reciprocity half-life") {
    p.decay.reciprocity_half_life = days{30};
    field = "policy.decay.reciprocity_half_life", value = "30", kept = "180";
  }
  SECTION("max lateness") {
    p.decay.max_lateness = days{7};
    field = "policy.decay.max_lateness", value = "7", kept = "30";
  }
  p.weights.relevance = 1.0;  // a valid change elsewhere is not applied either
  CHECK_NOTHROW(p.validate());
  require_error([&] { net.set_policy(p); }, Errc::policy_mismatch, field, value);
  try {
    net.set_policy(p);
  } catch (const rapport::Error& e) {
    CHECK(std::string(e.what()) == field + ": differs from the network's " + kept +
                                       " days; a network keeps the decay it was built with (got '" + value +
                                       "')");
  }
  require_unchanged(before, net, probe);
}

TEST_CASE("set_policy refuses different per-kind effects, which the recorded state was built with",
          "[policy][errors]") {
  rapport::Network net = hand_network();
  const std::vector<rapport::Request> probe{ask("ben")};
  const Snapshot before = snapshot(net, probe);
  rapport::Policy p = net.policy();
  p.kinds[static_cast<std::size_t>(rapport::InteractionKind::liked)].value = 0.5;
  try {
    net.set_policy(p);
    FAIL("a policy with other per-kind effects was taken");
  } catch (const rapport::Error& e) {
    CHECK(e.code() == rapport::make_error_code(Errc::policy_mismatch));
    CHECK(e.field() == "policy.kinds.liked");
    CHECK(std::string(e.what()) ==
          "policy.kinds.liked: differs from the network's; a network keeps the per-kind effects it was built "
          "with");
  }
  require_unchanged(before, net, probe);
}

TEST_CASE("set_policy with the same decay replaces the policy scoring uses", "[policy]") {
  rapport::Network net = hand_network();
  rapport::Request req = ask("ben");
  req.preview = true;
  req.content_quality = 0.8;  // the owner read it and liked it
  const rapport::Score before = rapport::score(net, req, now);
  Policy p = net.policy();
  p.weights = {.relevance = 1, .prior_context = 0, .audience_load = 0, .reciprocity = 0};
  net.set_policy(p);
  CHECK(net.policy() == p);
  const rapport::Score after = rapport::score(net, req, now);
  CHECK(after.total == after.relevance);
  CHECK(after.relevance == before.relevance);
  CHECK(after.prior_context == before.prior_context);
  // Relationship state is untouched by a policy change.
  CHECK(net.relationship(0, 1, now) == hand_network().relationship(0, 1, now));
}

TEST_CASE("each weight pulls the total towards its dimension", "[policy]") {
  rapport::Network net = hand_network();
  rapport::Request req = ask("cara");
  const rapport::Score base = rapport::score(net, req, now);
  REQUIRE(base.relevance > base.reciprocity);
  Policy p = net.policy();
  p.weights.reciprocity *= 4;
  net.set_policy(p);
  CHECK(rapport::score(net, req, now).total < base.total);
}

TEST_CASE("a channel without its own tolerance uses the policy's default", "[policy]") {
  rapport::Network net;
  net.add_member({.handle = "ana", .topics = {{"marketing"}}});
  net.add_member({.handle = "ben"});
  net.add_channel({.owner = "ana", .name = "newsletter"});
  net.record(promo_post("ana", "newsletter", monday + hours{1}));
  const auto full = [&] {
    return has_reason(rapport::score(net, ask("ben", {"marketing"}, {"newsletter"}), now),
                      ReasonCode::channel_full);
  };
  CHECK_FALSE(full());  // default: 2 per week
  Policy p = net.policy();
  p.default_tolerance.max_per_week = 1;
  net.set_policy(p);
  CHECK(full());
}
