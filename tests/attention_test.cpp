// The attention list: strategic partners due or past their cadence, most overdue first, with the last
// meaningful interaction; and the partners with whom the owner took more than it gave.
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_floating_point.hpp>
#include <cmath>
#include <rapport/rapport.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

using namespace rapport_test;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

rapport::Network owner_only(rapport::Policy policy = {}) {
  rapport::Network net(std::move(policy));
  net.add_member({.handle = "ana", .name = "Ana", .topics = {{"writing/books"}}});
  return net;
}

void add(rapport::Network& net, std::string handle, bool strategic = false, int cadence = 30) {
  net.add_member({.handle = handle, .name = handle, .strategic = strategic, .cadence = days{cadence}});
}

}  // namespace

TEST_CASE("strategic partners due or past cadence come most overdue first", "[attention]") {
  rapport::Network net = owner_only();
  add(net, "weekly", true, 7);    // a call 14 days ago, a like since: 2x its cadence
  add(net, "liker", true, 10);    // only likes, the first 20 days ago: 2x, no meaningful contact
  add(net, "monthly", true, 30);  // met 45 days ago: 1.5x
  add(net, "due", true, 30);      // a call exactly 30 days ago: due today
  add(net, "fresh", true, 30);    // a message 10 days ago: not due
  add(net, "never", true, 30);    // no interaction: not a partner yet
  add(net, "plain");              // not strategic
  net.record(event("ana", "monthly", InteractionKind::met_in_person, now - days{45}));
  net.record(event("ana", "due", InteractionKind::call, now - days{30}));
  net.record(event("liker", "ana", InteractionKind::liked, now - days{20}));
  net.record(event("ana", "weekly", InteractionKind::call, now - days{14}));
  net.record(event("ana", "liker", InteractionKind::liked, now - days{12}));
  net.record(event("fresh", "ana", InteractionKind::message, now - days{10}));
  net.record(event("weekly", "ana", InteractionKind::liked, now - days{2}));
  net.record(event("ana", "plain", InteractionKind::call, now - days{100}));

  const rapport::AttentionList list = rapport::attention_list(net, 0, now);
  REQUIRE(list.overdue.size() == 4);
  const std::vector<std::string> order{"weekly", "liker", "monthly", "due"};  // weekly and liker tie: by id
  for (std::size_t i = 0; i < order.size(); ++i) {
    CAPTURE(i);
    CHECK(list.overdue[i].member == id_of(net, order[i]));
  }
  const rapport::OverduePartner& weekly = list.overdue[0];
  CHECK(weekly.last_meaningful == now - days{14});  // the later like does not count
  CHECK(weekly.days_since == 14);
  CHECK(weekly.cadence_days == 7);
  CHECK(weekly.overdue == 2);
  const rapport::OverduePartner& liker = list.overdue[1];
  CHECK_FALSE(liker.last_meaningful.has_value());
  CHECK(liker.days_since == 20);  // since the first contact
  CHECK(list.overdue[2].overdue == 1.5);
  CHECK(list.overdue[3].overdue == 1);
  CHECK(rapport::attention_list(net, 0, now) == list);
}

TEST_CASE("partners with whom the owner is the taker come largest gap first", "[attention]") {
  rapport::Network net = owner_only();
  for (const char* h : {"giver", "bidder", "asked", "balanced", "once", "taker"}) add(net, h);
  // giver promoted ana twice and got nothing back.
  rapport::Interaction promotion = event("giver", "ana", InteractionKind::promoted, now - days{10});
  for (const char* id : {"promo-1", "promo-2"}) {  // the same time: told apart by id
    promotion.id = id;
    net.record(promotion);
  }
  // ana wrote bidder four messages that were never answered: bids for their attention.
  for (int i = 4; i > 0; --i) net.record(event("ana", "bidder", InteractionKind::message, now - days{i}));
  // ana asked "asked" for favours three times.
  for (int i = 3; i > 0; --i) net.record(event("ana", "asked", InteractionKind::asked, now - days{i}));
  // balanced: a promotion each way.
  net.record(event("balanced", "ana", InteractionKind::promoted, now - days{20}));
  net.record(event("ana", "balanced", InteractionKind::promoted, now - days{19}));
  // once: a single ask is within the margin.
  net.record(event("ana", "once", InteractionKind::asked, now - days{1}));
  // taker keeps asking ana: ana is the giver there.
  for (int i = 5; i > 0; --i) net.record(event("taker", "ana", InteractionKind::asked, now - days{i}));

  const rapport::AttentionList list = rapport::attention_list(net, 0, now);
  REQUIRE(list.owed.size() == 3);
  CHECK(list.owed[0].member == id_of(net, "giver"));
  CHECK(list.owed[1].member == id_of(net, "bidder"));
  CHECK(list.owed[2].member == id_of(net, "asked"));
  const double promoted = net.policy().kinds[static_cast<std::size_t>(InteractionKind::promoted)].value;
  CHECK(list.owed[0].gave == 0);
  CHECK_THAT(list.owed[0].took, WithinRel(2 * promoted * std::exp2(-10.0 / 180), single_precision));
  CHECK_THAT(
      list.owed[2].asks,
      WithinRel(std::exp2(-1.0 / 180) + std::exp2(-2.0 / 180) + std::exp2(-3.0 / 180), single_precision));
  CHECK_THAT(list.owed[2].took, WithinAbs(net.policy().ask_cost * list.owed[2].asks, 1e-9));
  CHECK(list.owed[0].last_meaningful == now - days{10});
  CHECK_FALSE(list.owed[2].last_meaningful.has_value());  // asks are not meaningful contact
  for (std::size_t i = 1; i < list.owed.size(); ++i)
    CHECK(list.owed[i - 1].took - list.owed[i - 1].gave >= list.owed[i].took - list.owed[i].gave);

  // A snapshot keeps all the list is made from.
  std::stringstream snapshot;
  rapport::save_network(net, snapshot);
  CHECK(rapport::attention_list(rapport::load_network(snapshot, "net.json"), 0, now) == list);

  // A wider margin keeps only the largest debt.
  rapport::Policy strict = net.policy();
  strict.overload.taker_margin = 2.5;
  net.set_policy(strict);
  const rapport::AttentionList fewer = rapport::attention_list(net, 0, now);
  REQUIRE(fewer.owed.size() == 1);
  CHECK(fewer.owed[0].member == id_of(net, "giver"));
}

TEST_CASE("an owner with no contacts needs no attention; an unknown owner is an error", "[attention]") {
  const rapport::Network net = owner_only();
  const rapport::AttentionList list = rapport::attention_list(net, 0, now);
  CHECK(list.overdue.empty());
  CHECK(list.owed.empty());
  require_error([&] { (void)rapport::attention_list(net, 7, now); }, rapport::Errc::unknown_member, "owner",
                "7");
}
