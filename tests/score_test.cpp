// score() and score_all(): properties of the four dimensions over generated networks, decision gates,
// determinism, and every error path.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/generators/catch_generators_range.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <rapport/rapport.hpp>

#include "support.hpp"

using namespace rapport_test;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using rapport::Decision;
using rapport::Dimension;
using rapport::Errc;

namespace {

// Monotonicity is checked up to this slack: re-decaying stored state at a new event's time and
// again at `now` may differ from one decay over the whole span in the last bits.
constexpr double fp_slack = 1e-12;

double secs(Timestamp t) {
  return static_cast<double>(t.time_since_epoch().count());
}

bool in_unit(double x) {
  return x >= 0.0 && x <= 1.0;
}

/// ana, a marketing blogger with one channel, and ben, a partner well enough known (met, bought
/// her course, promoted her) that an on-niche request with a preview is worth accepting.
rapport::Network partner_network(rapport::PromoTolerance tolerance = {.max_per_week = 1, .max_share = 1.0}) {
  rapport::Network net;
  net.add_member({.handle = "ana", .name = "Ana", .topics = {{"marketing"}}});
  net.add_member({.handle = "ben", .name = "Ben", .topics = {{"marketing/email"}}});
  net.add_channel({.owner = "ana", .name = "blog", .audience_size = 1000, .tolerance = tolerance});
  net.record(event("ana", "ben", InteractionKind::met_in_person, days_ago(60)));
  net.record(event("ben", "ana", InteractionKind::purchased, days_ago(50)));
  net.record(event("ben", "ana", InteractionKind::promoted, days_ago(40)));
  return net;
}

rapport::Request partner_request(Timestamp received = now) {
  rapport::Request r = ask("ben", {"marketing"});
  r.preview = true;
  r.content_quality = 0.8;  // the owner read it and liked it
  r.personalised = true;
  r.received = received;
  return r;
}

rapport::InteractionKind random_kind(std::mt19937& rng) {
  return static_cast<InteractionKind>(
      uniform_int(rng, 0, static_cast<int>(rapport::interaction_kind_count) - 1));
}

/// A random request from a member (never the outsider), received at the world's now.
rapport::Request member_request(std::mt19937& rng, const World& w) {
  rapport::Request r = random_request(rng, w);
  if (r.requester == "outsider") r.requester = w.handles[1];
  return r;
}

}  // namespace

// ------------------------------------------------------------------ ranges, consistency, determinism

TEST_CASE("every dimension and the total lie in [0, 1] for random inputs", "[score][property]") {
  const auto seed = GENERATE(range(1u, 41u));
  const World w = random_world(seed);
  std::mt19937 rng(seed * 2654435761u);
  for (int i = 0; i < 25; ++i) {
    const rapport::Request req = random_request(rng, w);
    const rapport::Score s = rapport::score(w.net, req, w.at);
    CAPTURE(seed, i, s.relevance, s.prior_context, s.audience_load, s.reciprocity, s.total);
    CHECK(in_unit(s.relevance));
    CHECK(in_unit(s.prior_context));
    CHECK(in_unit(s.audience_load));
    CHECK(in_unit(s.reciprocity));
    CHECK(in_unit(s.total));
    // The total is a weighted mean, so it lies between the smallest and largest dimension.
    const double lo = std::min({s.relevance, s.prior_context, s.audience_load, s.reciprocity});
    const double hi = std::max({s.relevance, s.prior_context, s.audience_load, s.reciprocity});
    CHECK(s.total >= lo - fp_slack);
    CHECK(s.total <= hi + fp_slack);
    // The decisive reason is a decision reason, and a slot comes exactly with a deferral.
    REQUIRE_FALSE(s.reasons.empty());
    CHECK(s.reasons[0].dimension == Dimension::decision);
    CHECK(s.slot.has_value() == (s.decision == Decision::defer));
    if (s.slot) CHECK(*s.slot >= req.received - days{2});
    // Every dimension explains itself; below the off-niche gate the decision's reason speaks for relevance.
    const auto explains = [&](Dimension d) {
      return std::any_of(s.reasons.begin(), s.reasons.end(),
                         [d](const rapport::Reason& r) { return r.dimension == d; });
    };
    CHECK((explains(Dimension::relevance) || s.relevance < w.net.policy().gates.off_niche));
    CHECK(explains(Dimension::prior_context));
    CHECK(explains(Dimension::audience_load));
  }
}

TEST_CASE("the heaviest accepted interaction weights keep every dimension in [0, 1]", "[score][property]") {
  rapport::Network net = partner_network();
  // 1000 is the largest weight an interaction may carry; a thousand of them must not overflow.
  for (int i = 0; i < 1000; ++i) {
    net.record(event("ben", "ana", InteractionKind::promoted, now, 1000));
    net.record(event("ana", "ben", InteractionKind::promoted, now, 1000));
  }
  const rapport::Score s = rapport::score(net, partner_request(), now);
  CAPTURE(s.relevance, s.prior_context, s.audience_load, s.reciprocity, s.total);
  CHECK(in_unit(s.prior_context));
  CHECK(in_unit(s.reciprocity));
  CHECK(in_unit(s.total));
}

TEST_CASE("weights beyond the bound are refused, not summed into infinity", "[score][error]") {
  rapport::Network net = partner_network();
  const double huge = GENERATE(1000.5, 1e300, std::numeric_limits<double>::max());
  CHECK_THROWS_AS(net.record(event("ben", "ana", InteractionKind::promoted, now, huge)), rapport::Error);
}

TEST_CASE("an accepted request always leaves audience room", "[score][property]") {
  const auto seed = GENERATE(range(100u, 130u));
  const World w = random_world(seed);
  std::mt19937 rng(seed);
  for (int i = 0; i < 20; ++i) {
    const rapport::Score s = rapport::score(w.net, random_request(rng, w), w.at);
    if (s.decision == Decision::accept) CHECK(s.audience_load > 0);
  }
}

TEST_CASE("an owner with no energy left does not accept promotions", "[score][load]") {
  rapport::Network net = partner_network();
  REQUIRE(rapport::score(net, partner_request(), now).decision == Decision::accept);
  rapport::Member ana = net.member(0);
  ana.energy = 0;
  net.update_member(ana);
  const rapport::Score s = rapport::score(net, partner_request(), now);
  CHECK(s.audience_load == 0);
  CHECK(has_reason(s, ReasonCode::low_energy));
  CHECK(s.decision != Decision::accept);
}

TEST_CASE("scoring is deterministic: same inputs, bit-identical scores", "[score][determinism]") {
  const auto seed = GENERATE(range(1u, 6u));
  const World w = random_world(seed, 12, 80, 20);
  const rapport::Network copy = w.net;
  std::mt19937 rng(seed);
  std::vector<rapport::Request> requests;
  for (int i = 0; i < 200; ++i)
    requests.push_back(random_request(rng, w));  // >= 128, so two threads really run
  std::vector<rapport::Score> one_by_one;
  for (const auto& r : requests) {
    const rapport::Score a = rapport::score(w.net, r, w.at);
    CHECK(a == rapport::score(w.net, r, w.at));
    CHECK(a == rapport::score(copy, r, w.at));
    one_by_one.push_back(a);
  }
  CHECK(rapport::score_all(w.net, requests, w.at, 1) == one_by_one);
  CHECK(rapport::score_all(w.net, requests, w.at, 2) == one_by_one);
  CHECK(rapport::score_all(w.net, requests, w.at, 0) == one_by_one);
  rapport::ScoringPool pool(2);
  CHECK(rapport::score_all(w.net, requests, w.at, pool) == one_by_one);
  CHECK(rapport::score_all(w.net, requests, w.at, pool) == one_by_one);
  CHECK(rapport::score_all(w.net, std::span<const rapport::Request>{}, w.at, 2).empty());
}

TEST_CASE("the request id does not change the score", "[score]") {
  rapport::Network net = hand_network();
  rapport::Request a = ask("ben");
  a.preview = true;
  a.content_quality = 0.8;  // the owner read it and liked it
  rapport::Request b = a;
  b.id = "something else";
  CHECK(rapport::score(net, a, now) == rapport::score(net, b, now));
}

// ------------------------------------------------------------------ prior context

TEST_CASE("more history between owner and requester never lowers prior context",
          "[score][context][property]") {
  const auto seed = GENERATE(range(1u, 41u));
  World w = random_world(seed);
  std::mt19937 rng(seed * 7919u);
  rapport::Request req = member_request(rng, w);
  const std::string third = w.handles[req.requester == "m2" ? 3 : 2];
  double previous = rapport::score(w.net, req, w.at).prior_context;
  for (int i = 0; i < 12; ++i) {
    // Alternate: owner <-> requester (either direction), then requester <-> a third member.
    const bool with_owner = i % 3 != 2;
    std::string a = with_owner ? w.handles[0] : third, b = req.requester;
    if (coin(rng)) std::swap(a, b);
    const auto e = event(a, b, random_kind(rng), w.at - std::chrono::seconds{uniform_int(rng, 0, 10 * 86400)},
                         uniform(rng, 0, 3));
    w.net.record(e);
    const rapport::Score s = rapport::score(w.net, req, w.at);
    CAPTURE(seed, i, e.from, e.to, to_string(e.kind), e.weight, previous, s.prior_context);
    CHECK(s.prior_context >= previous - fp_slack);
    previous = s.prior_context;
  }
}

TEST_CASE("a requester's own rise among the owner's ties does not push out the tie who vouches for them",
          "[score][context][vouching]") {
  // ana's four closest ties t1..t4 know nothing of rex; her fifth, t5, worked with rex a lot.
  // ana knows rex a little less than t5. One more message from ana to rex must not lower her context.
  rapport::Network net;
  for (const char* h : {"ana", "t1", "t2", "t3", "t4", "t5", "rex"}) net.add_member({.handle = h, .name = h});
  const Timestamp t = days_ago(10);
  for (const char* h : {"t1", "t2", "t3", "t4"})
    net.record(event("ana", h, InteractionKind::met_in_person, t, 2.0));
  net.record(event("ana", "t5", InteractionKind::met_in_person, t));  // ana's knowledge of t5: 3
  net.record(event("ana", "rex", InteractionKind::vetted, t, 0.9));   // ana's knowledge of rex: 2.7
  net.record(event("t5", "rex", InteractionKind::collaborated, t, 3.0));
  net.add_channel({.owner = "ana", .name = "blog"});
  const rapport::Request req{
      .requester = "rex", .owner = "ana", .channels = {"blog"}, .topics = {"x"}, .received = now};
  const rapport::Score before = rapport::score(net, req, now);
  REQUIRE(has_reason(before, ReasonCode::known_through_tie));
  net.record(event("ana", "rex", InteractionKind::message, t, 2.0));  // knowledge of rex: 3.3 > 3
  const rapport::Score after = rapport::score(net, req, now);
  CAPTURE(before.prior_context, after.prior_context);
  CHECK(after.prior_context >= before.prior_context);
  CHECK(has_reason(after, ReasonCode::known_through_tie));
}

TEST_CASE("a stranger with no mutual ties has no prior context", "[score][context][property]") {
  const auto seed = GENERATE(range(1u, 21u));
  World w = random_world(seed);
  w.net.add_member({.handle = "stranger", .topics = {{"marketing"}}});
  // Knowing someone the owner never met lends nothing either.
  w.net.add_member({.handle = "newcomer"});
  w.net.add_member({.handle = "loner"});
  w.net.record(event("loner", "newcomer", InteractionKind::collaborated, w.at, 3.0));
  const rapport::Policy& p = w.net.policy();
  const bool preview = GENERATE(false, true);
  const bool personalised = GENERATE(false, true);
  for (const std::string requester : {"stranger", "loner", "outsider"}) {
    rapport::Request req = ask(requester, {"marketing"});
    req.owner = "m0";
    req.preview = preview;
    req.personalised = personalised;
    const rapport::Score s = rapport::score(w.net, req, w.at);
    CAPTURE(seed, requester, preview, personalised, s.prior_context);
    if (!preview && !personalised) CHECK(s.prior_context == 0.0);
    CHECK(s.prior_context <=
          (preview ? p.preview_bonus : 0.0) + (personalised ? p.personal_bonus : 0.0) + fp_slack);
    CHECK(s.prior_context >=
          std::max(preview ? p.preview_bonus : 0.0, personalised ? p.personal_bonus : 0.0) - fp_slack);
    CHECK_FALSE(has_reason(s, ReasonCode::known_through_tie));
    CHECK(has_reason(s, requester == "outsider" ? ReasonCode::unknown_requester : ReasonCode::stranger));
    CHECK(has_reason(s, ReasonCode::preview_available) == preview);
    CHECK(has_reason(s, personalised ? ReasonCode::personalised : ReasonCode::template_message));
  }
}

TEST_CASE("a requester known well by one of the owner's strongest ties is known through that tie",
          "[score][context][vouching]") {
  rapport::Network net = hand_network();
  const rapport::Request req = ask("fay", {"marketing/video"});
  const rapport::Score s = rapport::score(net, req, now);
  CHECK(s.prior_context > 0);
  const rapport::Reason* tie = s.reasons.find(ReasonCode::known_through_tie);
  REQUIRE(tie != nullptr);
  CHECK(tie->member == id_of(net, "eve"));
  CHECK(tie->dimension == Dimension::prior_context);
  CHECK(tie->figures[0] > 0);
  CHECK(tie->figures[0] <= 1);
  CHECK_FALSE(has_reason(s, ReasonCode::stranger));
  CHECK_FALSE(net.relationship(id_of(net, "ana"), id_of(net, "fay"), now).has_value());

  SECTION("with vouching_ties = 0 nobody vouches") {
    rapport::Policy p = net.policy();
    p.vouching_ties = 0;
    net.set_policy(p);
    const rapport::Score none = rapport::score(net, req, now);
    CHECK(none.prior_context == 0);
    CHECK_FALSE(has_reason(none, ReasonCode::known_through_tie));
    CHECK(has_reason(none, ReasonCode::stranger));
  }
  SECTION("with vouching_weight = 0 nobody vouches") {
    rapport::Policy p = net.policy();
    p.vouching_weight = 0;
    net.set_policy(p);
    const rapport::Score none = rapport::score(net, req, now);
    CHECK(none.prior_context == 0);
    CHECK_FALSE(has_reason(none, ReasonCode::known_through_tie));
  }
  SECTION("a stronger voucher lends more") {
    const double weak = s.prior_context;
    net.record(event("eve", "fay", InteractionKind::collaborated, now, 3.0));
    CHECK(rapport::score(net, req, now).prior_context > weak);
  }
}

TEST_CASE("only a tie who counts the requester among their own strongest ties vouches",
          "[score][context][vouching]") {
  rapport::Network net = hand_network();
  const rapport::Request req = ask("fay", {"marketing/video"});
  REQUIRE(has_reason(rapport::score(net, req, now), ReasonCode::known_through_tie));
  // eve makes eight closer friends than fay: fay leaves her list, and eve no longer vouches for her.
  for (int i = 0; i < 8; ++i) {
    const std::string friend_handle = "friend" + std::to_string(i);
    net.add_member({.handle = friend_handle});
    net.record(event("eve", friend_handle, InteractionKind::collaborated, days_ago(1), 3.0));
  }
  const rapport::Score after = rapport::score(net, req, now);
  CHECK_FALSE(has_reason(after, ReasonCode::known_through_tie));
  CHECK(after.prior_context == 0);
}

TEST_CASE("a preview and a personal message each raise prior context", "[score][context]") {
  rapport::Network net = hand_network();
  for (const std::string who : {"ben", "cara", "dex", "fay"}) {
    rapport::Request req = ask(who);
    const double plain = rapport::score(net, req, now).prior_context;
    req.preview = true;
    req.content_quality = 0.8;  // the owner read it and liked it
    const double with_preview = rapport::score(net, req, now).prior_context;
    req.personalised = true;
    const double both = rapport::score(net, req, now).prior_context;
    CAPTURE(who, plain, with_preview, both);
    CHECK(with_preview > plain);
    CHECK(both > with_preview);
  }
}

TEST_CASE("meeting in person outweighs a like", "[score][context]") {
  rapport::Network net = partner_network();
  net.add_member({.handle = "met"});
  net.add_member({.handle = "liker"});
  net.record(event("ana", "met", InteractionKind::met_in_person, days_ago(5)));
  net.record(event("liker", "ana", InteractionKind::liked, days_ago(5)));
  const double met = rapport::score(net, ask("met", {"marketing"}), now).prior_context;
  const double liker = rapport::score(net, ask("liker", {"marketing"}), now).prior_context;
  CHECK(met > liker);
  CHECK(liker > 0);
}

TEST_CASE("context fades: the same history scores less later", "[score][context][decay]") {
  rapport::Network net = partner_network();
  const rapport::Request req = partner_request();
  const double soon = rapport::score(net, req, now).prior_context;
  const double later = rapport::score(net, req, now + days{365}).prior_context;
  const double much_later = rapport::score(net, req, now + days{3650}).prior_context;
  CHECK(soon > later);
  CHECK(later > much_later);
}

TEST_CASE("the owner's recent outreach adds context that fades by outreach_half_life", "[score][context]") {
  rapport::Network net = partner_network();
  net.add_member({.handle = "pen"});
  const rapport::Request req = ask("pen", {"marketing"});
  // pen wrote first: knowing whom you write to is the owner's, so pen's message adds no context.
  net.record(event("pen", "ana", InteractionKind::message, days_ago(30)));
  const rapport::Score before = rapport::score(net, req, now);
  CHECK_FALSE(has_reason(before, ReasonCode::reached_out));
  // The owner's answer, a day ago, is recent outreach.
  net.record(event("ana", "pen", InteractionKind::message, days_ago(1)));
  const auto rel = net.relationship(id_of(net, "ana"), id_of(net, "pen"), now);
  REQUIRE(rel.has_value());
  CHECK(rel->owner_reached_out == days_ago(1));
  CHECK(rel->other_reached_out == days_ago(30));
  const rapport::Score after = rapport::score(net, req, now);
  const rapport::Reason* reached = after.reasons.find(ReasonCode::reached_out);
  REQUIRE(reached != nullptr);
  CHECK(reached->figures[0] == 1);  // days since
  CHECK_THAT(reached->figures[1], WithinRel(0.5 * std::exp2(-1.0 / 7), 1e-9));
  CHECK(after.prior_context > before.prior_context);

  // It fades: one half-life later it adds half as much; long after, too little to be said.
  const double direct = 1 - std::exp(-0.5 / net.policy().context_scale);  // one message of the owner's
  const auto context_at = [&](Timestamp t) { return rapport::score(net, req, t).prior_context; };
  double last = 1;
  for (int d = 0; d <= 120; d += 7) {
    const double c = context_at(now + days{d});
    CHECK(c <= last);
    last = c;
  }
  CHECK_FALSE(has_reason(rapport::score(net, req, now + days{60}), ReasonCode::reached_out));
  CHECK(context_at(now + days{365}) < direct + 0.01);

  SECTION("with outreach_weight = 0 it adds nothing") {
    rapport::Policy p = net.policy();
    p.outreach_weight = 0;
    net.set_policy(p);
    const rapport::Score none = rapport::score(net, req, now);
    CHECK_FALSE(has_reason(none, ReasonCode::reached_out));
    CHECK(none.prior_context < after.prior_context);
  }
}

TEST_CASE("asking, declining and harm are not outreach", "[score][context]") {
  rapport::Network net = partner_network();
  net.add_member({.handle = "pen"});
  for (const InteractionKind kind : {InteractionKind::asked, InteractionKind::declined_request,
                                     InteractionKind::broke_promise, InteractionKind::cancelled}) {
    net.record(event("ana", "pen", kind, days_ago(1)));
    const auto rel = net.relationship(id_of(net, "ana"), id_of(net, "pen"), now);
    REQUIRE(rel.has_value());
    CHECK_FALSE(rel->owner_reached_out.has_value());
  }
  net.record(event("ana", "pen", InteractionKind::liked, days_ago(1)));
  CHECK(net.relationship(id_of(net, "ana"), id_of(net, "pen"), now)->owner_reached_out == days_ago(1));
}

// ------------------------------------------------------------------ relevance

TEST_CASE("relevance follows the topic hierarchy", "[score][relevance]") {
  rapport::Network net;
  net.add_member({.handle = "ana", .topics = {{"marketing"}}});
  net.add_member({.handle = "ben"});
  net.add_channel({.owner = "ana", .name = "blog"});  // no audience topics: the owner's
  const auto relevance = [&](std::vector<std::string> topics) {
    return rapport::score(net, ask("ben", std::move(topics)), now).relevance;
  };
  CHECK(relevance({"marketing"}) == 1.0);
  CHECK(relevance({"marketing/social-media"}) ==
        rapport::topic_similarity("marketing/social-media", "marketing"));
  CHECK(relevance({"marketing/social-media"}) == 0.5);
  CHECK(relevance({"marketing/social-media/video"}) < relevance({"marketing/social-media"}));
  CHECK(relevance({"pets/dog-collars"}) == 0.0);
  // Several topics average.
  CHECK(relevance({"marketing", "pets"}) == 0.5);
}

TEST_CASE("relevance blends the owner's niche and the asked channel's audience", "[score][relevance]") {
  rapport::Network net;
  net.add_member({.handle = "ana", .topics = {{"marketing"}}});
  net.add_member({.handle = "ben"});
  net.add_channel({.owner = "ana", .name = "books", .audience_topics = {{"writing/books"}}});
  net.add_channel({.owner = "ana", .name = "blog"});
  const auto s_books = rapport::score(net, ask("ben", {"writing/books"}, {"books"}), now);
  const auto s_blog = rapport::score(net, ask("ben", {"writing/books"}, {"blog"}), now);
  const auto s_none = rapport::score(net, ask("ben", {"writing/books"}, {}), now);
  CHECK(s_books.relevance > s_blog.relevance);
  CHECK(s_blog.relevance == 0.0);
  CHECK(s_none.relevance == 0.0);
  CHECK_THAT(s_books.relevance, WithinAbs(1 - net.policy().owner_topic_weight, 1e-12));
  const rapport::Reason* match = s_books.reasons.find(ReasonCode::topic_match);
  REQUIRE(match != nullptr);
  CHECK(match->figures[0] == s_books.relevance);
  CHECK(match->figures[1] == 0.0);  // owner niche
  CHECK(match->figures[2] == 1.0);  // channel audience
}

TEST_CASE("an off-niche request scores near 0 relevance and is declined as off_niche",
          "[score][relevance][property]") {
  const auto seed = GENERATE(range(1u, 31u));
  World w = random_world(seed);
  std::mt19937 rng(seed * 31u);
  // The owner and its channel are about marketing and writing; the request about pets, travel, tech.
  const std::array<std::string_view, 6> mine{"marketing", "marketing/social-media", "marketing/seo",
                                             "writing",   "writing/books",          "writing/books/fiction"};
  const std::array<std::string_view, 5> other{"pets", "pets/dog-collars", "travel/europe", "tech/ai",
                                              "travel"};
  rapport::Member owner = w.net.member(0);
  owner.topics = {
      {std::string(mine[static_cast<std::size_t>(uniform_int(rng, 0, 5))]), uniform(rng, 0.1, 2)}};
  w.net.update_member(owner);
  rapport::Channel blog = w.net.channel(*w.net.find_channel("m0", "blog"));
  blog.audience_topics = {{std::string(mine[static_cast<std::size_t>(uniform_int(rng, 0, 5))])}};
  w.net.update_channel(blog);
  for (int i = 0; i < 10; ++i) {
    rapport::Request req = random_request(rng, w);
    if (const auto id = w.net.find_member(req.requester)) {
      rapport::Member m = w.net.member(*id);
      m.competitor = false;
      w.net.update_member(m);
    }
    req.topics.clear();
    const int n = uniform_int(rng, 1, 3);
    for (int k = 0; k < n; ++k)
      req.topics.emplace_back(other[static_cast<std::size_t>(uniform_int(rng, 0, 4))]);
    const rapport::Score s = rapport::score(w.net, req, w.at);
    CAPTURE(seed, i, s.relevance);
    CHECK(s.relevance < 0.05);
    CHECK(s.decision == Decision::decline);
    CHECK(decisive(s) == ReasonCode::off_niche);
    CHECK(s.reasons[0].figures[1] == w.net.policy().gates.off_niche);
  }
}

TEST_CASE("a request naming no topic is declined as off_niche", "[score][relevance]") {
  rapport::Network net = hand_network();
  rapport::Request req = ask("ben", {});
  req.preview = true;
  req.content_quality = 0.8;  // the owner read it and liked it
  const rapport::Score s = rapport::score(net, req, now);
  CHECK(s.relevance == 0);
  CHECK(has_reason(s, ReasonCode::no_topics));
  CHECK(s.decision == Decision::decline);
  CHECK(decisive(s) == ReasonCode::off_niche);
}

// ------------------------------------------------------------------ audience load

TEST_CASE("more promotion posts on the asked channel never raise audience load", "[score][load][property]") {
  const auto seed = GENERATE(range(1u, 41u));
  World w = random_world(seed);
  std::mt19937 rng(seed * 104729u);
  rapport::Request req = random_request(rng, w);
  if (req.channels.empty()) req.channels.push_back("blog");
  double previous = rapport::score(w.net, req, w.at).audience_load;
  for (int i = 0; i < 8; ++i) {
    const std::string& channel = req.channels[static_cast<std::size_t>(
        uniform_int(rng, 0, static_cast<int>(req.channels.size()) - 1))];
    // Recent promotions and accepted commitments ahead; none stale (no post is more than 10 days ahead).
    const Timestamp at = w.at + std::chrono::seconds{uniform_int(rng, -19 * 86400, 5 * 86400)};
    w.net.record(promo_post("m0", channel, at));
    const double load = rapport::score(w.net, req, w.at).audience_load;
    CAPTURE(seed, i, channel, previous, load);
    CHECK(load <= previous);
    previous = load;
  }
}

TEST_CASE("weekly tolerance counts per calendar week starting Monday 00:00 UTC", "[score][load]") {
  REQUIRE(rapport::week_start(now) == monday);
  REQUIRE(rapport::week_start(monday) == monday);
  REQUIRE(rapport::week_start(monday - std::chrono::seconds{1}) == monday - days{7});

  rapport::Network net = partner_network({.max_per_week = 1, .max_share = 1.0});
  const Timestamp sunday_night = monday - std::chrono::seconds{1};
  net.record(promo_post("ana", "blog", sunday_night - hours{1}));

  SECTION("the same week is full: defer to next Monday") {
    const rapport::Score s = rapport::score(net, partner_request(sunday_night), sunday_night);
    CHECK(s.decision == Decision::defer);
    CHECK(s.audience_load == 0);
    REQUIRE(s.slot.has_value());
    CHECK(*s.slot == monday);
    CHECK(decisive(s) == ReasonCode::deferred);
    CHECK(s.reasons[0].figures[0] == secs(monday));
    const rapport::Reason* full = s.reasons.find(ReasonCode::channel_full);
    REQUIRE(full != nullptr);
    CHECK(full->channel == 0u);
    CHECK(full->figures[0] == 1);
    CHECK(full->figures[1] == 1);
  }
  SECTION("the next week starts empty") {
    const rapport::Score s = rapport::score(net, partner_request(monday), monday);
    CHECK(s.decision == Decision::accept);
    CHECK(decisive(s) == ReasonCode::worth_accepting);
    const rapport::Reason* room = s.reasons.find(ReasonCode::channel_room);
    REQUIRE(room != nullptr);
    CHECK(room->figures[0] == 0);
    CHECK(s.audience_load > 0);
  }
}

TEST_CASE("accepted commitments later in the week count against it", "[score][load]") {
  rapport::Network net = partner_network({.max_per_week = 1, .max_share = 1.0});
  REQUIRE(rapport::score(net, partner_request(), now).decision == Decision::accept);
  SECTION("a commitment on Friday of this week fills it") {
    net.record(promo_post("ana", "blog", monday + days{4}, "ben"));
    const rapport::Score s = rapport::score(net, partner_request(), now);
    CHECK(s.decision == Decision::defer);
    CHECK(s.slot == monday + days{7});
  }
  SECTION("a commitment next week does not") {
    net.record(promo_post("ana", "blog", monday + days{8}, "ben"));
    CHECK(rapport::score(net, partner_request(), now).decision == Decision::accept);
  }
  SECTION("an own post does not") {
    net.record(own_post("ana", "blog", monday + days{4}));
    CHECK(rapport::score(net, partner_request(), now).decision == Decision::accept);
  }
}

TEST_CASE("a slot after the requester's deadline is said", "[score][load]") {
  rapport::Network net = partner_network({.max_per_week = 1, .max_share = 1.0});
  net.record(promo_post("ana", "blog", monday + hours{1}));
  rapport::Request req = partner_request();
  req.wanted_by = now + days{1};
  const rapport::Score s = rapport::score(net, req, now);
  CHECK(s.decision == Decision::defer);
  REQUIRE(s.reasons.size() >= 2);
  CHECK(s.reasons[0].code == ReasonCode::deferred);
  CHECK(s.reasons[1].code == ReasonCode::slot_after_deadline);
  CHECK(s.reasons[1].figures[0] == secs(monday + days{7}));
  CHECK(s.reasons[1].figures[1] == secs(*req.wanted_by));
  req.wanted_by = monday + days{10};
  CHECK_FALSE(has_reason(rapport::score(net, req, now), ReasonCode::slot_after_deadline));
}

TEST_CASE("promotion share over the tolerance fills a channel until old posts leave the window",
          "[score][load]") {
  rapport::Network net = partner_network({.max_per_week = 10, .max_share = 0.25});
  // Four own posts and one promotion in the last four weeks: one more would make 2 of 6.
  for (int d : {25, 20, 15, 10}) net.record(own_post("ana", "blog", days_ago(d)));
  net.record(promo_post("ana", "blog", days_ago(22)));
  const rapport::Score s = rapport::score(net, partner_request(), now);
  const rapport::Reason* high = s.reasons.find(ReasonCode::promo_share_high);
  REQUIRE(high != nullptr);
  CHECK(high->channel == 0u);
  CHECK(high->figures[0] > high->figures[1]);
  CHECK(s.audience_load == 0);
  CHECK(s.decision == Decision::defer);
  REQUIRE(s.slot.has_value());
  CHECK(*s.slot > now);
  // At the slot the share has room again.
  const rapport::Score then = rapport::score(net, partner_request(*s.slot), *s.slot);
  CHECK_FALSE(has_reason(then, ReasonCode::promo_share_high));
}

TEST_CASE("a launch window defers to the end of the launch", "[score][load]") {
  rapport::Network net = partner_network({.max_per_week = 1, .max_share = 1.0});
  rapport::Member ana = net.member(0);
  const rapport::TimeRange launch{now - days{1}, now + days{5}};
  ana.launches = {{now - days{40}, now - days{30}}, launch};
  net.update_member(ana);
  const rapport::Score s = rapport::score(net, partner_request(), now);
  CHECK(s.decision == Decision::defer);
  CHECK(s.audience_load == 0);
  CHECK(s.slot == launch.end);
  CHECK(decisive(s) == ReasonCode::deferred);
  const rapport::Reason* l = s.reasons.find(ReasonCode::launch_window);
  REQUIRE(l != nullptr);
  CHECK(l->figures[0] == secs(launch.end));
  // The end is outside the launch: a request then is accepted.
  CHECK(rapport::score(net, partner_request(launch.end), launch.end).decision == Decision::accept);

  SECTION("when the week after the launch is full, the slot is the next week with room") {
    net.record(promo_post("ana", "blog", launch.end + hours{2}));
    const rapport::Score later = rapport::score(net, partner_request(), now);
    CHECK(later.decision == Decision::defer);
    CHECK(later.slot == rapport::week_start(launch.end) + days{7});
  }
}

TEST_CASE("a share tolerance out of reach at the owner's pace is named as the reason", "[score][load]") {
  // One own post a week: a four-week window holds four, so one promotion is 1 in 5, over 15%.
  rapport::Network net = partner_network({.max_per_week = 1, .max_share = 0.15});
  // One more own post a week, for the 8 weeks before now's, `offset` into each.
  const auto post_weekly = [&](hours offset) {
    for (int week = 1; week <= 8; ++week) net.record(own_post("ana", "blog", days_ago(7 * week) + offset));
  };
  const auto tolerate = [&](rapport::PromoTolerance tolerance) {
    net.update_channel({.owner = "ana", .name = "blog", .audience_size = 1000, .tolerance = tolerance});
  };
  post_weekly(hours{0});
  const rapport::Score s = rapport::score(net, partner_request(), now);
  CHECK(s.decision == Decision::decline);
  REQUIRE(decisive(s) == ReasonCode::channel_full);
  CHECK(s.reasons[0].figures == std::array<double, 3>{0.2, 0.15, 4});
  CHECK(describe(s.reasons[0], net) ==
        "No room on blog within a year: at your pace of 1 post a week there, one promotion would make 20% of "
        "its posts in 4 weeks, over its tolerance of 15%. Post there more often, or raise the tolerance to "
        "20%.");
  // The plan says the same.
  const rapport::TriagePlan plan = rapport::plan_triage(net, 0, std::vector{partner_request()}, now);
  CHECK(plan.entries[0].reasons[0] == s.reasons[0]);

  SECTION("at twice the pace, a promotion fits") {
    post_weekly(hours{1});
    CHECK(rapport::score(net, partner_request(), now).decision == Decision::accept);
  }
  SECTION("a share just over the tolerance is not rounded onto it") {
    // Two own posts a week: one promotion is 1 in 9, 11.1%, over 11%; the tolerance that fits is 12%.
    post_weekly(hours{1});
    tolerate({.max_per_week = 1, .max_share = 0.11});
    const rapport::Score close = rapport::score(net, partner_request(), now);
    REQUIRE(decisive(close) == ReasonCode::channel_full);
    CHECK(
        describe(close.reasons[0], net) ==
        "No room on blog within a year: at your pace of 2 posts a week there, one promotion would make 11.1% "
        "of its posts in 4 weeks, over its tolerance of 11%. Post there more often, or raise the tolerance "
        "to 12%.");
  }
  SECTION("a channel that takes no promotions a week says nothing of the pace") {
    tolerate({.max_per_week = 0, .max_share = 0.15});
    const rapport::Score full = rapport::score(net, partner_request(), now);
    REQUIRE(decisive(full) == ReasonCode::channel_full);
    CHECK(describe(full.reasons[0], net) == "No room on blog within a year.");
  }
}

TEST_CASE("a channel that takes no promotions declines what is worth doing", "[score][load]") {
  rapport::Network net = partner_network({.max_per_week = 0, .max_share = 1.0});
  const rapport::Score s = rapport::score(net, partner_request(), now);
  CHECK(s.audience_load == 0);
  CHECK(s.decision == Decision::decline);
  CHECK(decisive(s) == ReasonCode::channel_full);
  CHECK(s.reasons[0].channel == net.find_channel("ana", "blog"));
  CHECK(describe(s.reasons[0], net) == "No room on blog within a year.");
  CHECK_FALSE(s.slot.has_value());
  // The same request as a private favour is fine.
  rapport::Request favour = partner_request();
  favour.channels.clear();
  CHECK(rapport::score(net, favour, now).decision == Decision::accept);
}

TEST_CASE("declared energy scales audience load", "[score][load]") {
  rapport::Network net = partner_network({.max_per_week = 4, .max_share = 1.0});
  const double full = rapport::score(net, partner_request(), now).audience_load;
  REQUIRE(full > 0);
  rapport::Member ana = net.member(0);
  ana.energy = 0.5;
  net.update_member(ana);
  const rapport::Score s = rapport::score(net, partner_request(), now);
  CHECK(s.audience_load == full * 0.5);
  const rapport::Reason* low = s.reasons.find(ReasonCode::low_energy);
  REQUIRE(low != nullptr);
  CHECK(low->figures[0] == 0.5);
}

TEST_CASE("a private favour costs no audience", "[score][load]") {
  rapport::Network net = partner_network();
  rapport::Request req = partner_request();
  req.channels.clear();
  req.kind = rapport::RequestKind::feedback;
  const rapport::Score s = rapport::score(net, req, now);
  CHECK(has_reason(s, ReasonCode::no_channel));
  CHECK(s.audience_load == 1.0);
  CHECK_FALSE(has_reason(s, ReasonCode::channel_room));
}

// ------------------------------------------------------------------ reciprocity

TEST_CASE("value given by the requester never lowers reciprocity, asks never raise it",
          "[score][reciprocity][property]") {
  const auto seed = GENERATE(range(1u, 41u));
  World w = random_world(seed);
  std::mt19937 rng(seed * 15485863u);
  const rapport::Request req = member_request(rng, w);
  const std::array<InteractionKind, 6> giving{InteractionKind::promoted,     InteractionKind::purchased,
                                              InteractionKind::introduced,   InteractionKind::kept_promise,
                                              InteractionKind::collaborated, InteractionKind::feedback};
  double previous = rapport::score(w.net, req, w.at).reciprocity;
  for (int i = 0; i < 12; ++i) {
    const bool gives = coin(rng);
    const InteractionKind kind =
        gives ? giving[static_cast<std::size_t>(uniform_int(rng, 0, 5))] : InteractionKind::asked;
    const auto e = event(req.requester, w.handles[0], kind,
                         w.at - std::chrono::seconds{uniform_int(rng, 0, 10 * 86400)}, uniform(rng, 0.01, 3));
    w.net.record(e);
    const double r = rapport::score(w.net, req, w.at).reciprocity;
    CAPTURE(seed, i, to_string(kind), e.weight, previous, r);
    if (gives)
      CHECK(r >= previous - fp_slack);
    else
      CHECK(r <= previous + fp_slack);
    previous = r;
  }
}

TEST_CASE("takers who only ask score below givers on reciprocity", "[score][reciprocity]") {
  const int n = GENERATE(1, 2, 4, 12);
  rapport::Network net = partner_network();
  net.add_member({.handle = "taker"});
  net.add_member({.handle = "giver"});
  for (int i = n; i > 0; --i) {
    net.record(event("taker", "ana", InteractionKind::asked, days_ago(20 * i)));
    net.record(event("giver", "ana", InteractionKind::promoted, days_ago(20 * i)));
  }
  const rapport::Score taker = rapport::score(net, ask("taker", {"marketing"}), now);
  const rapport::Score giver = rapport::score(net, ask("giver", {"marketing"}), now);
  const rapport::Score stranger = rapport::score(net, ask("nobody", {"marketing"}), now);
  CAPTURE(n, taker.reciprocity, giver.reciprocity, stranger.reciprocity);
  CHECK(taker.reciprocity < stranger.reciprocity);
  CHECK(stranger.reciprocity < giver.reciprocity);
  CHECK(has_reason(taker, ReasonCode::took_more));
  CHECK(has_reason(giver, ReasonCode::gave_more));
  if (n == 1) CHECK_FALSE(has_reason(taker, ReasonCode::asks_often));
  if (n >= 4) CHECK(has_reason(taker, ReasonCode::asks_often));
}

TEST_CASE("an offer in return raises reciprocity; a promise counts as the requester's record",
          "[score][reciprocity]") {
  rapport::Network net = hand_network();
  rapport::Request req = ask("cara");
  const double nothing = rapport::score(net, req, now).reciprocity;
  req.offer = rapport::Offer::promise;
  const rapport::Score promise = rapport::score(net, req, now);
  req.offer = rapport::Offer::reciprocal_promotion;
  const double reciprocal = rapport::score(net, req, now).reciprocity;
  CHECK(promise.reciprocity > nothing);
  CHECK(reciprocal > promise.reciprocity);
  CHECK(has_reason(promise, ReasonCode::offers_return));

  const double fresh_promise = promise.reciprocity;
  net.record(event("cara", "ana", InteractionKind::broke_promise, now));
  req.offer = rapport::Offer::promise;
  const rapport::Score broken = rapport::score(net, req, now);
  CHECK(broken.reciprocity < fresh_promise);
  const rapport::Reason* pb = broken.reasons.find(ReasonCode::promises_broken);
  REQUIRE(pb != nullptr);
  CHECK(pb->figures[0] == 1);
  CHECK(pb->figures[1] == 0);
}

TEST_CASE("a stranger's reciprocity is the neutral prior", "[score][reciprocity]") {
  rapport::Network net = hand_network();
  CHECK(rapport::score(net, ask("dex"), now).reciprocity == 0.5);
  CHECK(rapport::score(net, ask("nobody"), now).reciprocity == 0.5);
}

// ------------------------------------------------------------------ decision gates

TEST_CASE("decision gates apply in order of precedence", "[score][decision]") {
  rapport::Network net = hand_network();
  REQUIRE(net.relationship(id_of(net, "ana"), id_of(net, "ben"), now)->tie_strength >= 0.6);

  SECTION("a competitor is declined even when on niche") {
    rapport::Request req = ask("gus");
    req.preview = true;
    req.content_quality = 0.8;  // the owner read it and liked it
    req.offer = rapport::Offer::payment;
    const rapport::Score s = rapport::score(net, req, now);
    CHECK(s.relevance >= net.policy().gates.off_niche);
    CHECK(s.decision == Decision::decline);
    CHECK(decisive(s) == ReasonCode::competitor);
  }
  SECTION("competitor comes before off_niche") {
    const rapport::Score s = rapport::score(net, ask("gus", {"pets"}), now);
    CHECK(s.decision == Decision::decline);
    CHECK(decisive(s) == ReasonCode::competitor);
    CHECK(s.relevance < net.policy().gates.off_niche);
  }
  SECTION("off_niche comes before weak content from a close partner") {
    rapport::Request req = ask("ben", {"pets/dog-collars"});
    req.preview = true;
    req.content_quality = 0.1;
    const rapport::Score s = rapport::score(net, req, now);
    CHECK(s.decision == Decision::decline);
    CHECK(decisive(s) == ReasonCode::off_niche);
  }
  SECTION("weak content from someone well known gets a counter, before unvetted") {
    rapport::Request req = ask("ben");
    req.content_quality = 0.2;
    const rapport::Score s = rapport::score(net, req, now);
    CHECK(s.decision == Decision::counter);
    CHECK(decisive(s) == ReasonCode::weak_content);
    CHECK(s.reasons[0].figures[0] == 0.2);
  }
  SECTION("content at the minimum quality is not weak") {
    rapport::Request req = ask("ben");
    req.preview = true;
    req.content_quality = net.policy().gates.min_content_quality;
    CHECK_FALSE(has_reason(rapport::score(net, req, now), ReasonCode::weak_content));
  }
  SECTION("unseen work from someone well known gets a counter") {
    const rapport::Score s = rapport::score(net, ask("ben"), now);
    CHECK(s.decision == Decision::counter);
    CHECK(decisive(s) == ReasonCode::unvetted_content);
    // Once the owner has vetted their work, no preview is needed.
    net.record(event("ana", "ben", InteractionKind::vetted, now));
    const rapport::Score vetted = rapport::score(net, ask("ben"), now);
    CHECK(vetted.decision == Decision::accept);
    CHECK(has_reason(vetted, ReasonCode::vetted_their_work));
  }
  SECTION("a weak request from someone barely known is declined below_accept") {
    // Two messages from ana a month ago: enough context to pass, too little for a counter.
    net.add_member({.handle = "hal", .name = "Hal", .topics = {{"marketing/video"}}});
    net.record(event("ana", "hal", InteractionKind::message, days_ago(31)));
    net.record(event("ana", "hal", InteractionKind::message, days_ago(30)));
    const rapport::Score s = rapport::score(net, ask("hal", {"marketing/video"}), now);
    CHECK(s.decision == Decision::decline);
    CHECK(decisive(s) == ReasonCode::below_accept);
    CHECK(s.reasons[0].figures[0] < s.reasons[0].figures[1]);
  }
  SECTION("a weak request from someone known gets a conversation instead") {
    rapport::Policy p = net.policy();
    p.gates.accept = 0.95;
    net.set_policy(p);
    rapport::Request req = ask("ben");
    req.preview = true;
    req.content_quality = 0.8;  // the owner read it and liked it
    const rapport::Score s = rapport::score(net, req, now);
    CHECK(s.decision == Decision::counter);
    CHECK(decisive(s) == ReasonCode::relationship_worth_keeping);
    // The relationship alone, without the preview's bonus, earns the counter.
    CHECK(s.reasons[0].figures[0] >= net.policy().gates.counter_context);
    CHECK(s.reasons[0].figures[0] < s.prior_context);
  }
  SECTION("a good request with room is accepted") {
    rapport::Request req = ask("ben");
    req.preview = true;
    req.content_quality = 0.8;  // the owner read it and liked it
    const rapport::Score s = rapport::score(net, req, now);
    CHECK(s.decision == Decision::accept);
    CHECK(decisive(s) == ReasonCode::worth_accepting);
    CHECK(s.reasons[0].figures[0] >= s.reasons[0].figures[1]);
    CHECK_FALSE(s.slot.has_value());
  }
}

TEST_CASE("the decisive reason appears once, first", "[score][decision]") {
  const World w = random_world(77);
  std::mt19937 rng(77);
  for (int i = 0; i < 50; ++i) {
    const rapport::Score s = rapport::score(w.net, random_request(rng, w), w.at);
    REQUIRE_FALSE(s.reasons.empty());
    std::size_t decision_reasons = 0;
    for (const rapport::Reason& r : s.reasons)
      if (r.dimension == Dimension::decision && r.code != ReasonCode::slot_after_deadline) ++decision_reasons;
    CHECK(decision_reasons == 1);
  }
}

// ------------------------------------------------------------------ errors

TEST_CASE("score rejects bad requests with a typed error and leaves the network unchanged",
          "[score][errors]") {
  const rapport::Network net = hand_network();
  const std::vector<rapport::Request> probe{ask("ben"), ask("fay")};
  const Snapshot before = snapshot(net, probe);
  for (const BadRequest& bad : bad_requests()) {
    DYNAMIC_SECTION(bad.what) {
      rapport::Request req = ask("ben");
      bad.spoil(req);
      require_error([&] { (void)rapport::score(net, req, now); }, bad.code, bad.field, bad.value);
      require_unchanged(before, net, probe);
    }
  }
  SECTION("quality at the bounds is fine") {
    rapport::Request req = ask("ben");
    req.content_quality = 0.0;
    CHECK_NOTHROW(rapport::score(net, req, now));
    req.content_quality = 1.0;
    CHECK_NOTHROW(rapport::score(net, req, now));
  }
}

TEST_CASE("score_all throws the error of the first bad request", "[score][errors]") {
  const World w = random_world(5);
  std::mt19937 rng(5);
  std::vector<rapport::Request> requests;
  for (int i = 0; i < 200; ++i) requests.push_back(random_request(rng, w));
  requests[150].content_quality = 2.0;
  requests[60].channels = {"nope"};
  for (const unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    require_error([&] { (void)rapport::score_all(w.net, requests, w.at, threads); }, Errc::unknown_channel,
                  "request.channels[0]", "nope");
  }
}
