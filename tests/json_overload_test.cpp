// JSON of the overload side (rapport/json.hpp): reports, plans and attention lists.
#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch_test_macros.hpp>
#include <rapport/rapport.hpp>
#include <string>

#include "support.hpp"

namespace json = boost::json;
using namespace rapport_test;

TEST_CASE("an overload report converts with every signal, level and action", "[json][overload]") {
  const rapport::Network net = hand_network();
  std::vector<rapport::Request> pending{ask("ben"), ask("cara"), ask("dex", {"pets/dog-collars"})};
  for (int i = 0; i < 30; ++i) {  // more than a week can take: signals with actions
    pending.push_back(ask("ben"));
    pending.back().id = "more-" + std::to_string(i);
  }
  const rapport::OverloadReport report = rapport::overload_report(net, 0, pending, now);
  REQUIRE(std::any_of(report.signals.begin(), report.signals.end(),
                      [](const rapport::Signal& s) { return !s.actions.empty(); }));
  const json::value jv = json::value_from(report);
  CHECK(jv.at("level").as_string() == to_string(report.level));
  const json::array& signals = jv.at("signals").as_array();
  REQUIRE(signals.size() == report.signals.size());
  for (std::size_t i = 0; i < signals.size(); ++i) {
    const rapport::Signal& s = report.signals[i];
    CHECK(signals[i].at("kind").as_string() == to_string(s.kind));
    CHECK(signals[i].at("level").as_string() == to_string(s.level));
    CHECK(signals[i].at("value").to_number<double>() == s.value);
    CHECK(signals[i].as_object().contains("channel") == s.channel.has_value());
    const json::array& actions = signals[i].at("actions").as_array();
    REQUIRE(actions.size() == s.actions.size());
    for (std::size_t a = 0; a < actions.size(); ++a) {
      CHECK(actions[a].at("kind").as_string() == to_string(s.actions[a].kind));
      if (s.actions[a].request)
        CHECK(actions[a].at("request").to_number<std::size_t>() == *s.actions[a].request);
      CHECK(actions[a].as_object().contains("from") == s.actions[a].from.has_value());
      if (s.actions[a].from) CHECK(actions[a].at("from").as_string() == time_text(*s.actions[a].from));
    }
  }
}

TEST_CASE("a triage plan converts entry by entry, with slots and counterfactuals", "[json][plan]") {
  const rapport::Network net = hand_network();
  const std::vector<rapport::Request> pending{ask("ben"), ask("cara"), ask("dex", {"pets/dog-collars"}),
                                              ask("fay")};
  const rapport::TriagePlan plan = rapport::plan_triage(net, 0, pending, now);
  const json::value jv = json::value_from(plan);
  const json::array& entries = jv.at("entries").as_array();
  REQUIRE(entries.size() == plan.entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const rapport::PlanEntry& e = plan.entries[i];
    CHECK(entries[i].at("request").to_number<std::size_t>() == e.request);
    CHECK(json::value_to<rapport::Decision>(entries[i].at("decision")) == e.decision);
    CHECK(entries[i].as_object().contains("slot") == e.slot.has_value());
    CHECK(entries[i].as_object().contains("flip") == e.flip.has_value());
    CHECK(entries[i].at("reasons").as_array().size() == e.reasons.size());
    if (e.flip) CHECK(json::value_to<rapport::Reason>(entries[i].at("flip")) == *e.flip);
  }
}

TEST_CASE("an attention list converts both of its lists in order", "[json][attention]") {
  rapport::Network net = hand_network();
  rapport::Member ben = net.member(1);
  ben.strategic = true;
  ben.cadence = std::chrono::days{7};
  net.update_member(ben);
  const rapport::AttentionList list = rapport::attention_list(net, 0, now);
  REQUIRE_FALSE(list.overdue.empty());
  const json::value jv = json::value_from(list);
  const json::array& overdue = jv.at("overdue").as_array();
  REQUIRE(overdue.size() == list.overdue.size());
  CHECK(overdue[0].at("member").to_number<rapport::MemberId>() == list.overdue[0].member);
  CHECK(overdue[0].at("overdue").to_number<double>() == list.overdue[0].overdue);
  CHECK(jv.at("owed").as_array().size() == list.owed.size());
}
