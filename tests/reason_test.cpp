// Reasons and stable names: describe() gives a sentence for every code, every enum's names are
// unique and round-trip, and the fixed-capacity Reasons list behaves as documented.
#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <cctype>
#include <random>
#include <rapport/rapport.hpp>
#include <regex>
#include <set>
#include <string>
#include <type_traits>
#include <utility>

#include "detail/learning_state.hpp"
#include "support.hpp"

using namespace rapport_test;
using rapport::Dimension;
using rapport::Reason;

namespace {

constexpr int reason_code_count = static_cast<int>(ReasonCode::slot_after_deadline) + 1;

bool stable_name(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name)
    if (!(std::islower(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

/// Checks that `count` enum values have unique stable names that read back through `parse`.
template <class Enum, class Parse>
void check_names(int count, Parse parse) {
  std::set<std::string_view> seen;
  for (int i = 0; i < count; ++i) {
    const auto e = static_cast<Enum>(i);
    const std::string_view name = to_string(e);
    CAPTURE(i, name);
    CHECK(stable_name(name));
    CHECK(seen.insert(name).second);
    const std::optional<Enum> back = parse(name);
    REQUIRE(back.has_value());
    CHECK(*back == e);
  }
  CHECK_FALSE(parse("").has_value());
  CHECK_FALSE(parse("no_such_name").has_value());
  CHECK_FALSE(parse(std::string(to_string(static_cast<Enum>(0))) + " ").has_value());
}

}  // namespace

TEST_CASE("describe gives a sentence for every reason code", "[reason]") {
  const rapport::Network net = hand_network();
  std::set<std::string> sentences;
  for (int i = 0; i < reason_code_count; ++i) {
    Reason r;
    r.code = static_cast<ReasonCode>(i);
    r.figures = {2, 21, 0.5};
    CAPTURE(to_string(r.code));
    for (const bool with_refs : {false, true}) {
      if (with_refs) {
        r.member = id_of(net, "eve");
        r.channel = *net.find_channel("ana", "blog");
      }
      const std::string s = describe(r, net);
      CAPTURE(s);
      REQUIRE_FALSE(s.empty());
      CHECK(s.back() == '.');
      CHECK(s.find(' ') != std::string::npos);  // words, not a bare code
      CHECK(s != to_string(r.code));
      sentences.insert(s);
    }
  }
  CHECK(sentences.size() >= static_cast<std::size_t>(reason_code_count));  // codes do not share a sentence
}

TEST_CASE("describe names the member and channel a reason is about", "[reason]") {
  const rapport::Network net = hand_network();
  Reason tie{
      .code = ReasonCode::known_through_tie, .dimension = Dimension::prior_context, .figures = {0.4, 0, 0}};
  tie.member = id_of(net, "eve");
  CHECK_THAT(describe(tie, net), Catch::Matchers::ContainsSubstring("Eve"));
  Reason full{.code = ReasonCode::channel_full, .dimension = Dimension::audience_load, .figures = {2, 2, 0}};
  full.channel = *net.find_channel("ana", "newsletter");
  CHECK_THAT(describe(full, net), Catch::Matchers::ContainsSubstring("newsletter"));
}

TEST_CASE("a learned habit and an offer that would flip a decision each have their own words", "[reason]") {
  const rapport::Network net = hand_network();
  std::set<std::string> habits;
  for (std::size_t f = 0; f < rapport::detail::feature_count; ++f) {
    const Reason r{.code = ReasonCode::learned_habit, .figures = {static_cast<double>(f), 1, 12}};
    const std::string s = describe(r, net);
    CAPTURE(f, s);
    CHECK(s.starts_with("You usually take up requests "));
    CHECK(s.ends_with(" (learned from 12 of your decisions)."));
    CHECK_THAT(s, !Catch::Matchers::ContainsSubstring("like this one"));  // the words for no feature
    habits.insert(s);
  }
  CHECK(habits.size() == rapport::detail::feature_count);
  std::set<std::string> offers;
  for (const double offer : {0.0, 1.0, 2.0, 3.0}) {
    const Reason r{.code = ReasonCode::flip_if_offer, .figures = {offer, 0.5, 0.6}};
    offers.insert(describe(r, net));
  }
  CHECK(offers.size() == 4);
  CHECK(offers.contains("Accepted if the request offered payment (merit 0.50, the bar is 0.60)."));
}

TEST_CASE("every reason of real scores can be described", "[reason]") {
  const World w = random_world(3);
  std::mt19937 rng(3);
  for (int i = 0; i < 40; ++i) {
    const rapport::Score s = rapport::score(w.net, random_request(rng, w), w.at);
    for (const Reason& r : s.reasons) {
      const std::string text = describe(r, w.net);
      CHECK_FALSE(text.empty());
      CHECK(text.back() == '.');
    }
  }
}

TEST_CASE("enum names are unique, lowercase and round-trip", "[reason][names]") {
  SECTION("InteractionKind") {
    check_names<rapport::InteractionKind>(static_cast<int>(rapport::interaction_kind_count),
                                          rapport::interaction_kind_from_string);
    CHECK(to_string(InteractionKind::met_in_person) == "met_in_person");
  }
  SECTION("RequestKind") {
    check_names<rapport::RequestKind>(static_cast<int>(rapport::RequestKind::feedback) + 1,
                                      rapport::request_kind_from_string);
    CHECK(to_string(rapport::RequestKind::guest_post) == "guest_post");
  }
  SECTION("Offer") {
    check_names<rapport::Offer>(static_cast<int>(rapport::Offer::promise) + 1, rapport::offer_from_string);
    CHECK(to_string(rapport::Offer::reciprocal_promotion) == "reciprocal_promotion");
  }
  SECTION("ReasonCode, Dimension and Decision names are unique") {
    std::set<std::string_view> codes, dims, decisions;
    for (int i = 0; i < reason_code_count; ++i) {
      const auto name = to_string(static_cast<ReasonCode>(i));
      CHECK(stable_name(name));
      CHECK(codes.insert(name).second);
    }
    for (int i = 0; i <= static_cast<int>(Dimension::decision); ++i) {
      const auto name = to_string(static_cast<Dimension>(i));
      CHECK(stable_name(name));
      CHECK(dims.insert(name).second);
    }
    for (int i = 0; i <= static_cast<int>(rapport::Decision::counter); ++i) {
      const auto name = to_string(static_cast<rapport::Decision>(i));
      CHECK(stable_name(name));
      CHECK(decisions.insert(name).second);
    }
    CHECK(to_string(ReasonCode::off_niche) == "off_niche");
    CHECK(to_string(Dimension::prior_context) == "prior_context");
    CHECK(to_string(rapport::Decision::counter) == "counter");
  }
}

TEST_CASE("Reasons keeps the decisive reason first within a fixed capacity", "[reason]") {
  rapport::Reasons rs;
  CHECK(rs.empty());
  const auto make = [](ReasonCode c, double f = 0) {
    Reason r;
    r.code = c;
    r.figures[0] = f;
    return r;
  };
  for (std::size_t i = 0; i < rapport::Reasons::capacity + 3; ++i)
    rs.push_back(make(ReasonCode::talked, static_cast<double>(i)));
  CHECK(rs.size() == rapport::Reasons::capacity);
  CHECK(rs[rapport::Reasons::capacity - 1].figures[0] == static_cast<double>(rapport::Reasons::capacity - 1));
  rs.push_front(make(ReasonCode::deferred));
  CHECK(rs.size() == rapport::Reasons::capacity);
  CHECK(rs[0].code == ReasonCode::deferred);
  CHECK(rs[1].figures[0] == 0);
  CHECK(rs[rapport::Reasons::capacity - 1].figures[0] == static_cast<double>(rapport::Reasons::capacity - 2));
  REQUIRE(rs.find(ReasonCode::talked) != nullptr);
  CHECK(rs.find(ReasonCode::talked) == &rs[1]);
  CHECK(rs.find(ReasonCode::stranger) == nullptr);
  const auto view = static_cast<std::span<const Reason>>(std::as_const(rs));
  CHECK(view.size() == rs.size());

  rapport::Reasons small;
  small.push_front(make(ReasonCode::off_niche));
  small.push_front(make(ReasonCode::competitor));
  CHECK(small.size() == 2);
  CHECK(small[0].code == ReasonCode::competitor);
  CHECK(small[1].code == ReasonCode::off_niche);
  rapport::Reasons same_again;
  same_again.push_back(make(ReasonCode::competitor));
  same_again.push_back(make(ReasonCode::off_niche));
  CHECK(small == same_again);
  same_again.push_back(make(ReasonCode::stranger));
  CHECK_FALSE(small == same_again);
}

namespace {

/// A reason whose first figure tells it apart.
constexpr Reason numbered(double n, ReasonCode code = ReasonCode::talked) {
  Reason r;
  r.code = code;
  r.figures[0] = n;
  return r;
}

/// A list of `n` numbered reasons, built the way scoring builds one.
constexpr rapport::Reasons numbered_list(std::size_t n) {
  rapport::Reasons rs;
  for (std::size_t i = 0; i < n; ++i) rs.push_back(numbered(static_cast<double>(i)));
  return rs;
}

}  // namespace

// Building, copying, comparing and searching a list are usable in constant expressions: no step reads
// a slot that was never written (a compiler rejects that at compile time).
static_assert(rapport::Reasons{}.empty());
static_assert(numbered_list(3).size() == 3 && numbered_list(3)[2].figures[0] == 2);
static_assert(numbered_list(3) == numbered_list(3) && !(numbered_list(3) == numbered_list(2)));
static_assert(numbered_list(rapport::Reasons::capacity + 5).size() == rapport::Reasons::capacity);
static_assert([] {
  rapport::Reasons rs = numbered_list(2);
  rapport::Reasons copy = rs;
  rs.push_front(numbered(9));
  copy = rs;
  return copy == rs && copy.size() == 3 && copy[0].figures[0] == 9 &&
         copy.find(ReasonCode::talked) == &copy[0];
}());
static_assert(std::is_nothrow_copy_constructible_v<rapport::Reasons> &&
              std::is_nothrow_copy_assignable_v<rapport::Reasons> &&
              std::is_nothrow_move_constructible_v<rapport::Reasons> &&
              std::is_trivially_destructible_v<rapport::Reasons>);

TEST_CASE("a copy of Reasons holds the same reasons, and only those", "[reason]") {
  const rapport::Reasons three = numbered_list(3);
  rapport::Reasons copy = three;
  CHECK(copy == three);
  CHECK(copy.size() == 3);
  CHECK(copy.begin() != three.begin());
  copy.push_back(numbered(3));
  CHECK_FALSE(copy == three);
  CHECK(three.size() == 3);

  // Assigning a shorter list forgets the longer one's tail.
  copy = numbered_list(1);
  CHECK(copy.size() == 1);
  CHECK(copy == numbered_list(1));
  copy = numbered_list(rapport::Reasons::capacity);
  CHECK(copy == numbered_list(rapport::Reasons::capacity));
  const rapport::Reasons& same = copy;
  copy = same;
  CHECK(copy == numbered_list(rapport::Reasons::capacity));
  rapport::Reasons moved = std::move(copy);
  CHECK(moved == numbered_list(rapport::Reasons::capacity));
  CHECK(rapport::Reasons{} == rapport::Reasons{});
}

TEST_CASE("Reasons compares code, figures, member and channel, in order", "[reason]") {
  rapport::Reasons a;
  a.push_back(numbered(1));
  a.push_back(numbered(2));
  rapport::Reasons reversed;
  reversed.push_back(numbered(2));
  reversed.push_back(numbered(1));
  CHECK_FALSE(a == reversed);
  rapport::Reasons other_member = a;
  Reason named = numbered(2);
  named.member = 4;
  other_member.push_back(named);
  a.push_back(numbered(2));
  CHECK_FALSE(a == other_member);
  CHECK_FALSE(a == rapport::Reasons{});
}

TEST_CASE("Reasons puts a reason of its own first without losing it", "[reason]") {
  rapport::Reasons rs = numbered_list(rapport::Reasons::capacity);
  rs.push_front(rs[rapport::Reasons::capacity - 1]);  // the reason that the shift drops
  CHECK(rs.size() == rapport::Reasons::capacity);
  CHECK(rs[0].figures[0] == static_cast<double>(rapport::Reasons::capacity - 1));
  CHECK(rs[1].figures[0] == 0);
  rapport::Reasons two = numbered_list(2);
  two.push_front(two[1]);
  CHECK(two.size() == 3);
  CHECK(two[0].figures[0] == 1);
  CHECK(two[2].figures[0] == 1);
}

// ------------------------------------------------------------------ reasons agree with the figures

namespace {

/// Every score of 30 generated networks, 40 requests each, with the request it scores.
template <class F>
void for_generated_scores(F&& check) {
  for (std::uint32_t seed = 1; seed <= 30; ++seed) {
    const World w = random_world(seed);
    std::mt19937 rng(seed * 7919);
    for (int i = 0; i < 40; ++i) {
      const rapport::Request r = random_request(rng, w);
      CAPTURE(seed, i);
      check(w, r, rapport::score(w.net, r, w.at));
    }
  }
}

/// The reasons that say where prior context comes from.
const std::set<ReasonCode> context_sources{ReasonCode::met_in_person,     ReasonCode::talked,
                                           ReasonCode::wrote_to_them,     ReasonCode::worked_together,
                                           ReasonCode::bought_their_work, ReasonCode::vetted_their_work,
                                           ReasonCode::promoted_them,     ReasonCode::promoted_you,
                                           ReasonCode::bought_your_work,  ReasonCode::vetted_your_work,
                                           ReasonCode::introductions,     ReasonCode::likes,
                                           ReasonCode::known_through_tie, ReasonCode::reached_out,
                                           ReasonCode::preview_available, ReasonCode::personalised,
                                           ReasonCode::promises_kept,     ReasonCode::promises_broken};

/// History with the requester that a reason names.
const std::set<ReasonCode> history{ReasonCode::met_in_person,     ReasonCode::talked,
                                   ReasonCode::wrote_to_them,     ReasonCode::worked_together,
                                   ReasonCode::bought_their_work, ReasonCode::vetted_their_work,
                                   ReasonCode::promoted_them,     ReasonCode::promoted_you,
                                   ReasonCode::bought_your_work,  ReasonCode::vetted_your_work,
                                   ReasonCode::introductions};

}  // namespace

TEST_CASE("a prior context above 0.1 always has a reason that explains it", "[reason][property]") {
  for_generated_scores([](const World&, const rapport::Request&, const rapport::Score& s) {
    if (s.prior_context <= 0.1) return;
    CAPTURE(s.prior_context);
    CHECK(std::any_of(s.reasons.begin(), s.reasons.end(),
                      [](const Reason& r) { return context_sources.contains(r.code); }));
  });
}

TEST_CASE("no reason contradicts another or the figures", "[reason][property]") {
  for_generated_scores([](const World& w, const rapport::Request& req, const rapport::Score& s) {
    const auto has = [&](ReasonCode c) { return s.reasons.find(c) != nullptr; };
    const bool named_history = std::any_of(s.reasons.begin(), s.reasons.end(),
                                           [](const Reason& r) { return history.contains(r.code); });
    if (has(ReasonCode::stranger) || has(ReasonCode::unknown_requester)) CHECK_FALSE(named_history);
    CHECK_FALSE((has(ReasonCode::promises_kept) && has(ReasonCode::promises_broken)));
    if (const Reason* gave = s.reasons.find(ReasonCode::gave_more)) {
      CHECK(gave->figures[0] > gave->figures[1]);
      if (req.offer == rapport::Offer::nothing) CHECK(s.reciprocity > 0.5);
    }
    if (const Reason* took = s.reasons.find(ReasonCode::took_more)) {
      CHECK(took->figures[1] > took->figures[0]);
      if (req.offer == rapport::Offer::nothing) CHECK(s.reciprocity < 0.5);
    }
    if (s.decision == rapport::Decision::accept) {
      CHECK_FALSE(has(ReasonCode::channel_full));
      CHECK_FALSE(has(ReasonCode::promo_share_high));
      CHECK_FALSE(has(ReasonCode::launch_window));
    }
    const double energy = w.net.member(0).energy;
    if (energy > w.net.policy().overload.energy_strained) CHECK_FALSE(has(ReasonCode::low_energy));
  });
}

TEST_CASE("every sentence has the right singular or plural and ends once", "[reason][property]") {
  const std::regex wrong_plural(
      R"((^|[^0-9.])1 (request|promotion|promise|like|introduction|time|day|week|month)s\b)");
  for_generated_scores([&](const World& w, const rapport::Request&, const rapport::Score& s) {
    for (const Reason& r : s.reasons) {
      const std::string text = describe(r, w.net);
      CAPTURE(text);
      CHECK_FALSE(std::regex_search(text, wrong_plural));
      CHECK(text.ends_with('.'));
      CHECK_FALSE(text.ends_with(".."));
    }
  });
}
