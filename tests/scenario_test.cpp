// Scenarios from the seed documents, end to end: each asserts the decision and its decisive reason.
#include <catch2/catch_test_macros.hpp>
#include <rapport/rapport.hpp>

#include "support.hpp"

using namespace rapport_test;
using rapport::Decision;

TEST_CASE("a dog-collar request to a social-media blogger is declined as off niche", "[scenario]") {
  // "Can you honestly imagine me trying to promote a dog collar on this site?"
  const rapport::Network net = hand_network();
  rapport::Request req = ask("dex", {"pets/dog-collars"});
  req.offer = rapport::Offer::payment;  // even paid, even polite
  req.preview = true;
  req.content_quality = 0.8;  // the owner read it and liked it
  req.personalised = true;
  const rapport::Score s = rapport::score(net, req, now);
  CHECK(s.relevance < net.policy().gates.off_niche);
  CHECK(s.relevance < 0.05);
  CHECK(s.decision == Decision::decline);
  CHECK(decisive(s) == ReasonCode::off_niche);
}

TEST_CASE("a partner met at a conference who bought the course is accepted", "[scenario]") {
  // "I support the work of this person if I have a prior context for them such as having met them
  // in person or have purchased their work, and I have vetted the work myself in some way."
  rapport::Network net = hand_network();
  net.add_member({.handle = "pat", .name = "Pat", .topics = {{"marketing/social-media"}}});
  net.record(event("pat", "ana", InteractionKind::met_in_person, days_ago(120)));  // at a conference
  net.record(event("pat", "ana", InteractionKind::purchased, days_ago(90)));       // bought ana's course
  net.record(event("ana", "pat", InteractionKind::call, days_ago(14)));
  rapport::Request req = ask("pat", {"marketing/social-media"});
  req.preview = true;
  req.content_quality = 0.8;  // the owner read it and liked it
  req.personalised = true;
  req.offer = rapport::Offer::reciprocal_promotion;
  const rapport::Score s = rapport::score(net, req, now);
  CHECK(s.prior_context > 0.6);
  CHECK(s.relevance >= 0.5);
  CHECK(s.reciprocity > 0.5);
  CHECK(s.decision == Decision::accept);
  CHECK(decisive(s) == ReasonCode::worth_accepting);
  CHECK(has_reason(s, ReasonCode::met_in_person));
  CHECK(has_reason(s, ReasonCode::talked));
  CHECK(has_reason(s, ReasonCode::bought_your_work));
  CHECK_FALSE(has_reason(s, ReasonCode::took_more));  // a purchase is paid for: no one owes anyone
}

TEST_CASE("someone who only ever asks is declined: asking is not context, and they take", "[scenario]") {
  rapport::Network net = hand_network();
  net.add_member({.handle = "tia", .name = "Tia", .topics = {{"marketing/social-media"}}});
  for (int month = 11; month >= 0; --month)
    net.record(event("tia", "ana", InteractionKind::asked, days_ago(30 * month + 2)));
  const rapport::Score s = rapport::score(net, ask("tia", {"marketing/social-media"}), now);
  CAPTURE(s.relevance, s.prior_context, s.audience_load, s.reciprocity, s.total);
  CHECK(s.reciprocity < 0.35);
  CHECK(has_reason(s, ReasonCode::took_more));
  CHECK(has_reason(s, ReasonCode::asks_often));
  CHECK(s.decision == Decision::decline);
  CHECK(decisive(s) == ReasonCode::no_context);
  CHECK(s.prior_context == 0);
  // Being asked a lot is not knowing someone: twelve asks must not outweigh one meeting.
  rapport::Network met = hand_network();
  met.add_member({.handle = "tia", .topics = {{"marketing/social-media"}}});
  met.record(event("ana", "tia", InteractionKind::met_in_person, days_ago(2)));
  CHECK(s.prior_context < rapport::score(met, ask("tia", {"marketing/social-media"}), now).prior_context);
}

TEST_CASE("a request during the owner's own launch is deferred to the end of the launch", "[scenario]") {
  // "...and c.) I am not in the midst of one of my own launches."
  rapport::Network net = hand_network();
  rapport::Member ana = net.member(id_of(net, "ana"));
  const rapport::TimeRange launch{now - days{2}, now + days{6}};
  ana.launches.push_back(launch);
  net.update_member(ana);
  rapport::Request req = ask("ben");
  req.preview = true;
  req.content_quality = 0.8;  // the owner read it and liked it
  const rapport::Score s = rapport::score(net, req, now);
  CHECK(s.decision == Decision::defer);
  REQUIRE(s.slot.has_value());
  CHECK(*s.slot == launch.end);
  CHECK(decisive(s) == ReasonCode::deferred);
  CHECK(has_reason(s, ReasonCode::launch_window));
  CHECK(s.audience_load == 0);
}

TEST_CASE("a friend's article you don't like gets critique instead of promotion", "[scenario]") {
  // "I would tell you what I don't like about it so that you can improve it."
  rapport::Network net = hand_network();
  rapport::Request req = ask("eve", {"marketing/content"});
  req.preview = true;
  req.content_quality = 0.8;  // the owner read it and liked it
  req.personalised = true;
  req.content_quality = 0.2;
  const rapport::Score s = rapport::score(net, req, now);
  CHECK(s.prior_context >= 0.6);
  CHECK(s.decision == Decision::counter);
  CHECK(decisive(s) == ReasonCode::weak_content);
  // The same article, liked, is promoted.
  req.content_quality = 0.9;
  CHECK(rapport::score(net, req, now).decision == Decision::accept);
}

TEST_CASE("six requests in one week, three from book publishers, against two promotions a week",
          "[scenario]") {
  // "I recently had a week where I had six different requests, three from book publishers, to
  // review and help promote some new offering via space on my blog."
  rapport::Network net;
  net.add_member({.handle = "ana", .name = "Ana", .topics = {{"coaching/life"}, {"writing/books", 0.8}}});
  net.add_member({.handle = "pub1", .name = "Publisher One", .topics = {{"writing/books"}}});
  net.add_member({.handle = "pub2", .name = "Publisher Two", .topics = {{"writing/books"}}});
  net.add_member({.handle = "pub3", .name = "Publisher Three", .topics = {{"writing/books"}}});
  net.add_member({.handle = "ben", .name = "Ben", .topics = {{"coaching/career"}}});
  net.add_member({.handle = "fay", .name = "Fay", .topics = {{"coaching/life"}}});
  net.add_member({.handle = "dex", .name = "Dex", .topics = {{"pets/dog-collars"}}});
  net.add_channel({.owner = "ana",
                   .name = "blog",
                   .audience_size = 20000,
                   .audience_topics = {{"coaching"}, {"writing"}},
                   .tolerance = rapport::PromoTolerance{.max_per_week = 2, .max_share = 0.5}});
  // pub1: ana reviewed their books before and they promoted her; pub2: a cold template;
  // pub3: ana bought one of their books; ben: a partner; fay: a close friend; dex: dog collars.
  net.record(event("ana", "pub1", InteractionKind::vetted, days_ago(200)));
  net.record(event("pub1", "ana", InteractionKind::promoted, days_ago(100)));
  net.record(event("ana", "pub1", InteractionKind::call, days_ago(60)));
  net.record(event("ana", "pub3", InteractionKind::purchased, days_ago(30)));
  net.record(event("pub3", "ana", InteractionKind::message, days_ago(25)));
  net.record(event("ana", "ben", InteractionKind::met_in_person, days_ago(60)));
  net.record(event("ben", "ana", InteractionKind::purchased, days_ago(50)));
  net.record(event("ben", "ana", InteractionKind::promoted, days_ago(40)));
  net.record(event("fay", "ana", InteractionKind::met_in_person, days_ago(300), 2.0));
  net.record(event("ana", "fay", InteractionKind::collaborated, days_ago(80)));
  net.record(event("fay", "ana", InteractionKind::feedback, days_ago(20)));
  for (int d = 27; d > 0; d -= 2) net.record(own_post("ana", "blog", monday - days{d}));

  const auto request = [](std::string who, std::string topic, int weekday, bool preview,
                          rapport::Offer offer) {
    rapport::Request r = ask(std::move(who), {std::move(topic)});
    r.kind = rapport::RequestKind::review;
    r.preview = preview;
    if (preview) r.content_quality = 0.8;  // ana read each preview and liked it
    r.offer = offer;
    r.received = monday + days{weekday} + hours{9};
    return r;
  };
  using rapport::Offer;
  const std::vector<rapport::Request> week{
      request("pub1", "writing/books", 0, true, Offer::nothing),
      request("ben", "coaching/career", 1, true, Offer::reciprocal_promotion),
      request("pub2", "writing/books", 2, false, Offer::nothing),
      request("fay", "coaching/life", 3, true, Offer::nothing),
      request("pub3", "writing/books", 4, true, Offer::payment),
      request("dex", "pets/dog-collars", 5, true, Offer::payment),
  };

  // Score each as it arrives; record what is accepted as a promotion that day.
  std::vector<rapport::Score> scores;
  for (const rapport::Request& r : week) {
    scores.push_back(rapport::score(net, r, r.received));
    if (scores.back().decision == Decision::accept)
      net.record(promo_post("ana", "blog", r.received, r.requester));
  }
  const std::vector<Decision> decisions{scores[0].decision, scores[1].decision, scores[2].decision,
                                        scores[3].decision, scores[4].decision, scores[5].decision};
  CHECK(decisions == std::vector<Decision>{Decision::accept, Decision::accept, Decision::decline,
                                           Decision::defer, Decision::defer, Decision::decline});
  CHECK(decisive(scores[0]) == ReasonCode::worth_accepting);
  CHECK(decisive(scores[1]) == ReasonCode::worth_accepting);
  CHECK(decisive(scores[2]) == ReasonCode::no_context);
  CHECK(decisive(scores[3]) == ReasonCode::deferred);
  CHECK(decisive(scores[4]) == ReasonCode::deferred);
  CHECK(decisive(scores[5]) == ReasonCode::off_niche);

  // The week holds exactly its tolerance; the deferred ones go to the start of the next week.
  std::size_t promos_this_week = 0;
  for (const rapport::Post& p : net.posts(0))
    if (p.promotion && rapport::week_start(p.at) == monday) ++promos_this_week;
  CHECK(promos_this_week == 2);
  for (const std::size_t i : {std::size_t{3}, std::size_t{4}}) {
    CAPTURE(i);
    REQUIRE(scores[i].slot.has_value());
    CHECK(rapport::week_start(*scores[i].slot) == monday + days{7});
    CHECK(*scores[i].slot == monday + days{7});
    CHECK(has_reason(scores[i], ReasonCode::channel_full));
    CHECK(scores[i].audience_load == 0);
  }
  // Full is not a verdict on merit: the deferred ones out-score the declined publisher.
  CHECK(scores[3].total > 0);
  CHECK(scores[4].relevance > scores[5].relevance);

  // At the slot, the deferred requests are accepted in turn, and fill the next week too.
  const Timestamp slot = *scores[3].slot;
  for (const std::size_t i : {std::size_t{3}, std::size_t{4}}) {
    rapport::Request again = week[i];
    again.received = slot;
    const rapport::Score s = rapport::score(net, again, slot);
    CAPTURE(i);
    CHECK(s.decision == Decision::accept);
    if (s.decision == Decision::accept) net.record(promo_post("ana", "blog", slot, again.requester));
  }
  rapport::Request late = week[1];
  late.received = slot + hours{1};
  const rapport::Score third = rapport::score(net, late, late.received);
  CHECK(third.decision == Decision::defer);
  CHECK(third.slot == monday + days{14});
}
