// Learning each owner's taste from outcomes (rapport/outcome.hpp, Network::record(const Outcome&)):
// owners with opposite habits come to rank the same requests differently; until the warm-up, scores
// are today's bit for bit; learning is deterministic and survives snapshots and copies; a replay never
// learns from a future it has not read; bad outcomes are typed errors that change nothing; a
// correction lowers similar requests; learned reasons appear only once an owner is warmed up.
#include "detail/learning.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <catch2/catch_test_macros.hpp>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <random>
#include <rapport/rapport.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

using namespace rapport_test;
using rapport::Event;
using rapport::Network;
using rapport::Offer;
using rapport::Outcome;
using rapport::OutcomeKind;
using rapport::Request;
using rapport::RequestKind;
using rapport::Score;

namespace {

constexpr int trained_outcomes = 80;  // per owner, well past the default warm-up of 20

/// Two owners with the same niche and no channels (private favours only, so room never decides).
std::vector<Event> owners() {
  return {rapport::Member{.handle = "ana", .name = "Ana", .topics = {{"marketing"}}},
          rapport::Member{.handle = "bo", .name = "Bo", .topics = {{"marketing"}}}};
}

/// ana takes up requests with a preview or from people she wrote to in the last hours, and turns
/// down the rest; bo does the opposite.
bool ana_likes(bool preview, bool wrote) {
  return preview || wrote;
}

/// A request from `requester` to `owner` at `at`, with the fields the model sees drawn from `rng`.
Request varied_request(std::mt19937& rng, std::string id, std::string requester, std::string owner,
                       Timestamp at) {
  Request r{.id = std::move(id),
            .requester = std::move(requester),
            .owner = std::move(owner),
            .kind = static_cast<RequestKind>(uniform_int(rng, 0, 6)),
            .topics = {"marketing"},
            .offer = static_cast<Offer>(uniform_int(rng, 0, 3)),
            .received = at};
  r.preview = coin(rng, 0.4);
  r.personalised = coin(rng);
  return r;
}

/// The events that teach the two owners their habits: `per_owner` requests to each, in time order,
/// each from a new member whom the owner met once and, for some, wrote to two hours before; each
/// followed an hour later by the owner's outcome. Same seed, same events.
std::vector<Event> training_events(int per_owner, std::uint32_t seed = 7, bool with_outcomes = true) {
  std::mt19937 rng(seed);
  std::vector<Event> events = owners();
  // Spread over 200 days, ending a day before `now`.
  const std::chrono::seconds step{200LL * 86400 / (2 * per_owner)};
  Timestamp t = now - days{201};
  for (int i = 0; i < 2 * per_owner; ++i) {
    t += step;
    const std::string owner = i % 2 == 0 ? "ana" : "bo";
    const std::string requester = "t" + std::to_string(i);
    events.emplace_back(rapport::Member{.handle = requester, .topics = {{"marketing"}}});
    events.emplace_back(event(owner, requester, InteractionKind::met_in_person, t - days{20}));
    const bool wrote = coin(rng, 0.3);
    if (wrote) events.emplace_back(event(owner, requester, InteractionKind::message, t - hours{2}));
    const Request r = varied_request(rng, "q" + std::to_string(i), requester, owner, t);
    events.emplace_back(r);
    const bool liked = ana_likes(r.preview, wrote) == (owner == "ana");
    if (with_outcomes)
      events.emplace_back(Outcome{.owner = owner,
                                  .request_id = r.id,
                                  .kind = liked ? OutcomeKind::accepted : OutcomeKind::declined,
                                  .at = t + hours{1}});
  }
  return events;
}

Network network_of(const std::vector<Event>& events, rapport::Policy policy = {}) {
  Network net(std::move(policy));
  for (const Event& e : events) apply(net, e);
  return net;
}

/// A fresh pool: requesters "p0", "p1"... whom ana and bo each met once, 40 days ago, and some of
/// whom both wrote to two hours before now; each request is asked of `owner` with the same fields.
struct Pool {
  std::vector<Request> requests;  // to ana; `for_owner` readdresses them
  std::vector<bool> ana_habit;    // whether ana's habit takes each up
};

Pool pool_events(Network& net, int size = 40, std::uint32_t seed = 99) {
  std::mt19937 rng(seed);
  Pool pool;
  for (int j = 0; j < size; ++j) {
    const std::string p = "p" + std::to_string(j);
    net.add_member({.handle = p, .topics = {{"marketing"}}});
    const bool wrote = coin(rng, 0.5);
    for (const char* owner : {"ana", "bo"}) {
      net.record(event(owner, p, InteractionKind::met_in_person, now - days{40}));
      if (wrote) net.record(event(owner, p, InteractionKind::message, now - hours{2}));
    }
    Request r = varied_request(rng, "pool-" + std::to_string(j), p, "ana", now);
    pool.ana_habit.push_back(ana_likes(r.preview, wrote));
    pool.requests.push_back(std::move(r));
  }
  return pool;
}

std::vector<Request> for_owner(std::vector<Request> requests, const std::string& owner) {
  for (Request& r : requests) r.owner = owner;
  return requests;
}

std::vector<Score> scores_of(const Network& net, const std::vector<Request>& requests, Timestamp at = now) {
  std::vector<Score> out;
  for (const Request& r : requests) out.push_back(rapport::score(net, r, at));
  return out;
}

/// Mean of `field` over the scores the habit takes up, less its mean over the others.
template <class F>
double habit_gap(const std::vector<Score>& scores, const std::vector<bool>& habit, F field) {
  double in = 0, out = 0;
  int n_in = 0, n_out = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (habit[i]) {
      in += field(scores[i]);
      ++n_in;
    } else {
      out += field(scores[i]);
      ++n_out;
    }
  }
  REQUIRE(n_in > 0);
  REQUIRE(n_out > 0);
  return in / n_in - out / n_out;
}

/// Spearman's rank correlation (no ties expected among these reals; ties take the lower rank).
double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  const auto ranks = [](const std::vector<double>& v) {
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
      r[i] = static_cast<double>(std::count_if(v.begin(), v.end(), [&](double x) { return x < v[i]; }));
    return r;
  };
  const std::vector<double> ra = ranks(a), rb = ranks(b);
  const double n = static_cast<double>(a.size());
  const double mean = (n - 1) / 2;
  double cov = 0, va = 0, vb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    cov += (ra[i] - mean) * (rb[i] - mean);
    va += (ra[i] - mean) * (ra[i] - mean);
    vb += (rb[i] - mean) * (rb[i] - mean);
  }
  return cov / std::sqrt(va * vb);
}

std::vector<double> learned_of(const std::vector<Score>& scores) {
  std::vector<double> out;
  for (const Score& s : scores) out.push_back(s.learned);
  return out;
}

std::string saved(const Network& net) {
  std::ostringstream out;
  rapport::save_network(net, out);
  return out.str();
}

Network loaded(const std::string& text) {
  std::istringstream in(text);
  return rapport::load_network(in, "snapshot.json");
}

/// Every field of `a` and `b` but `learned` is the same.
void require_same_but_learned(const Score& a, const Score& b) {
  CHECK(a.relevance == b.relevance);
  CHECK(a.prior_context == b.prior_context);
  CHECK(a.audience_load == b.audience_load);
  CHECK(a.reciprocity == b.reciprocity);
  CHECK(a.total == b.total);
  CHECK(a.decision == b.decision);
  CHECK(a.slot == b.slot);
  CHECK(a.reasons == b.reasons);
}

Network with_learning(const Network& net, bool enabled) {
  Network copy = net;
  rapport::Policy p = copy.policy();
  p.learning.enabled = enabled;
  copy.set_policy(p);
  return copy;
}

bool has_habit(const std::vector<Score>& scores) {
  return std::any_of(scores.begin(), scores.end(),
                     [](const Score& s) { return has_reason(s, ReasonCode::learned_habit); });
}

}  // namespace

// ------------------------------------------------------------------ 1. each owner's own taste

namespace {

/// What learning did to two owners with opposite habits, trained with `per_owner` outcomes each and
/// `policy`, on the same fresh pool; and the same without any outcome.
struct Trained {
  Pool pool;
  std::vector<Score> ana, bo, ana_before, bo_before;
};

Trained train(int per_owner, const rapport::Policy& policy = {}) {
  Network untrained = network_of(training_events(per_owner, 7, false), policy);
  Network trained = network_of(training_events(per_owner), policy);
  Trained out;
  out.pool = pool_events(trained);
  const Pool same_pool = pool_events(untrained);
  REQUIRE(same_pool.requests == out.pool.requests);
  out.ana = scores_of(trained, for_owner(out.pool.requests, "ana"));
  out.bo = scores_of(trained, for_owner(out.pool.requests, "bo"));
  out.ana_before = scores_of(untrained, for_owner(out.pool.requests, "ana"));
  out.bo_before = scores_of(untrained, for_owner(out.pool.requests, "bo"));
  // Without outcomes the two owners are the same to the formula: the same scores, learned == total.
  for (std::size_t i = 0; i < out.pool.requests.size(); ++i) {
    CHECK(out.ana_before[i] == out.bo_before[i]);
    CHECK(out.ana_before[i].learned == out.ana_before[i].total);
  }
  return out;
}

double learned_field(const Score& s) {
  return s.learned;
}
double total_field(const Score& s) {
  return s.total;
}

/// The indices of the better-learned half of `scores`, in index order.
std::vector<std::size_t> top_half(const std::vector<Score>& scores) {
  std::vector<std::size_t> order(scores.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a].learned > scores[b].learned; });
  order.resize(order.size() / 2);
  std::sort(order.begin(), order.end());
  return order;
}

}  // namespace

TEST_CASE("learning: a few dozen outcomes move each owner's scores towards its own habit", "[learning]") {
  // After 80 decisions each, each owner has moved from the formula towards what it does, in opposite
  // directions.
  const Trained t = train(trained_outcomes);
  const std::vector<bool>& habit = t.pool.ana_habit;
  const double formula_gap = habit_gap(t.ana_before, habit, total_field);
  const double ana_learned = habit_gap(t.ana, habit, learned_field);
  const double bo_learned = habit_gap(t.bo, habit, learned_field);
  const double ana_total = habit_gap(t.ana, habit, total_field);
  const double bo_total = habit_gap(t.bo, habit, total_field);
  CAPTURE(formula_gap, ana_learned, bo_learned, ana_total, bo_total);
  CHECK(ana_learned > bo_learned + 0.02);
  CHECK(ana_total > formula_gap + 0.004);
  CHECK(bo_total < formula_gap - 0.004);
  // Their rankings of the same pool already lean opposite ways: what ana takes up is taste (a preview)
  // and habit (a message just before); taste is an owner's own after a few dozen decisions, habit
  // after many more (`Learning::taste_precision`, `habit_precision`).
  const double rho = spearman(learned_of(t.ana), learned_of(t.bo));
  CAPTURE(rho);
  CHECK(rho < 0);
}

TEST_CASE("learning: owners with opposite habits come to rank the same requests in opposite ways",
          "[learning]") {
  rapport::Policy own_weights_early;
  own_weights_early.learning.taste_precision = 3;
  own_weights_early.learning.habit_precision = 3;
  const auto check_opposite = [](const Trained& t) {
    const std::vector<bool>& habit = t.pool.ana_habit;
    const double ana_gap = habit_gap(t.ana, habit, learned_field);
    const double bo_gap = habit_gap(t.bo, habit, learned_field);
    const double formula_gap = habit_gap(t.ana_before, habit, total_field);
    CAPTURE(ana_gap, bo_gap, formula_gap);
    // What each owner takes up is what its learned probability favours.
    CHECK(ana_gap > 0.1);
    CHECK(bo_gap < -0.1);
    // The total moves the same way from where the formula alone put it: for bo, past it. (The learned
    // correction is centred on the formula's scale, so ana's share of it moves her total a little.)
    CHECK(habit_gap(t.ana, habit, total_field) > formula_gap + 0.01);
    CHECK(habit_gap(t.bo, habit, total_field) < 0);
    // They rank the pool in opposite orders, and their top halves are mostly not the same requests.
    const double rho = spearman(learned_of(t.ana), learned_of(t.bo));
    CAPTURE(rho);
    CHECK(rho < -0.3);
    const auto ana_top = top_half(t.ana), bo_top = top_half(t.bo);
    std::vector<std::size_t> shared;
    std::set_intersection(ana_top.begin(), ana_top.end(), bo_top.begin(), bo_top.end(),
                          std::back_inserter(shared));
    CAPTURE(shared.size());
    CHECK(shared.size() < ana_top.size() / 2);
    // ana's top half is mostly what her habit takes up, bo's mostly what it does not.
    const auto liked_by_ana = [&](const std::vector<std::size_t>& idx) {
      return std::count_if(idx.begin(), idx.end(), [&](std::size_t i) { return habit[i]; });
    };
    CHECK(liked_by_ana(ana_top) > static_cast<std::ptrdiff_t>(ana_top.size() * 3 / 4));
    CHECK(liked_by_ana(bo_top) < static_cast<std::ptrdiff_t>(bo_top.size() / 2));
  };
  SECTION("with the default priors, after a thousand decisions each") {
    check_opposite(train(1000));
  }

  SECTION("with owners' own weights weighing early, after 80 decisions each") {
    check_opposite(train(trained_outcomes, own_weights_early));
  }
}

// ------------------------------------------------------------------ 2. warm-up: today's behaviour

TEST_CASE("learning: before the warm-up an owner's scores are those without learning, bit for bit",
          "[learning]") {
  // bo and ana are trained; cy has had only a few outcomes, fewer than the warm-up.
  std::vector<Event> events = training_events(trained_outcomes);
  std::mt19937 rng(3);
  events.emplace_back(rapport::Member{.handle = "cy", .name = "Cy", .topics = {{"marketing"}}});
  Timestamp t = now - days{30};
  const int few = rapport::Policy{}.learning.warm_up - 1;
  for (int i = 0; i < few; ++i) {
    t += hours{12};
    const std::string requester = "c" + std::to_string(i);
    events.emplace_back(rapport::Member{.handle = requester, .topics = {{"marketing"}}});
    events.emplace_back(event("cy", requester, InteractionKind::met_in_person, t - days{3}));
    const Request r = varied_request(rng, "cq" + std::to_string(i), requester, "cy", t);
    events.emplace_back(r);
    events.emplace_back(Outcome{.owner = "cy",
                                .request_id = r.id,
                                .kind = r.preview ? OutcomeKind::accepted : OutcomeKind::ignored,
                                .at = t + hours{2}});
  }
  Network net = network_of(events);
  const Pool pool = pool_events(net);
  // cy knows the pool's requesters as ana and bo do.
  for (const Request& r : pool.requests)
    net.record(event("cy", r.requester, InteractionKind::call, now - days{5}));
  const Network off = with_learning(net, false);
  const auto cy = for_owner(pool.requests, "cy");
  bool learned_differs = false;
  for (const Request& r : cy) {
    const Score on_score = rapport::score(net, r, now);
    const Score off_score = rapport::score(off, r, now);
    require_same_but_learned(on_score, off_score);
    CHECK_FALSE(has_reason(on_score, ReasonCode::learned_habit));
    CHECK_FALSE(has_reason(on_score, ReasonCode::learned_moved));
    // Learning off: the learned figure is the total itself.
    CHECK(off_score.learned == off_score.total);
    learned_differs = learned_differs || on_score.learned != on_score.total;
  }
  // The model has learned (from ana and bo): cy's learned figure says so, but her total does not move.
  CHECK(learned_differs);

  // Learning off for the trained owners too: exactly as a network that never saw an outcome.
  const Network never = network_of(training_events(trained_outcomes, 7, false));
  Network never_with_pool = never;
  const Pool same = pool_events(never_with_pool);
  const Network never_off = with_learning(never_with_pool, false);
  Network trained_pool = network_of(training_events(trained_outcomes));
  pool_events(trained_pool);
  const Network trained_off = with_learning(trained_pool, false);
  for (const std::string owner : {"ana", "bo"})
    for (const Request& r : for_owner(same.requests, owner)) {
      const Score a = rapport::score(trained_off, r, now);
      CHECK(a.learned == a.total);
      CHECK(a == rapport::score(never_off, r, now));
      CHECK(a == rapport::score(never_with_pool, r, now));
    }
}

// ------------------------------------------------------------------ 3. determinism

TEST_CASE("learning: the same outcomes learn the same state: twice, through a snapshot, in a copy",
          "[learning]") {
  const std::vector<Event> events = training_events(trained_outcomes);
  Network first = network_of(events);
  Network second = network_of(events);
  const Pool pool = pool_events(first);
  pool_events(second);
  const std::string text = saved(first);
  CHECK(text == saved(second));
  CHECK(text.find("\"learning\"") != std::string::npos);
  const auto requests = for_owner(pool.requests, "ana");
  const auto bo_requests = for_owner(pool.requests, "bo");
  const auto ana_scores = scores_of(first, requests);
  const auto bo_scores = scores_of(first, bo_requests);
  CHECK(ana_scores == scores_of(second, requests));
  CHECK(has_habit(ana_scores));  // what is compared includes learned reasons

  SECTION("save, load, save gives the same bytes and bit-identical scores") {
    const Network back = loaded(text);
    CHECK(saved(back) == text);
    CHECK(scores_of(back, requests) == ana_scores);
    CHECK(scores_of(back, bo_requests) == bo_scores);
    // And the loaded network learns on exactly as the original does.
    Network original = first, reloaded = loaded(text);
    const Request more{.id = "more",
                       .requester = "p1",
                       .owner = "ana",
                       .topics = {"marketing"},
                       .preview = true,
                       .received = now + hours{1}};
    const Outcome taken{
        .owner = "ana", .request_id = "more", .kind = OutcomeKind::accepted, .at = now + hours{2}};
    for (Network* n : {&original, &reloaded}) {
      REQUIRE(n->record(more));
      REQUIRE(n->record(taken));
    }
    CHECK(saved(original) == saved(reloaded));
    CHECK(scores_of(original, requests, now + hours{3}) == scores_of(reloaded, requests, now + hours{3}));
  }
  SECTION(
      "an owner's deviation is kept in single precision: a double rounds, one past its range is refused") {
    // The first owner's weight of the formula's log-odds, edited in the text (a parsed and re-serialised
    // document need not keep every other number's last bit).
    const std::size_t owners = text.find("\"owners\"");
    REQUIRE(owners != std::string::npos);
    const std::size_t at = text.find("\"prior\": ", owners) + std::string("\"prior\": ").size();
    const std::size_t end = text.find_first_of(",}", at);
    const double written = std::stod(text.substr(at, end - at));
    // What the network wrote is a single-precision value in its fewest digits.
    std::array<char, 32> digits{};
    const char* stop =
        std::to_chars(digits.data(), digits.data() + digits.size(), static_cast<float>(written)).ptr;
    CHECK(std::stod(std::string(digits.data(), static_cast<std::size_t>(stop - digits.data()))) == written);
    const auto with_prior = [&](const std::string& number) {
      std::string edited = text;
      edited.replace(at, end - at, number);
      return edited;
    };
    // An earlier release wrote doubles: one that is not a float reads as the nearest float.
    std::ostringstream finer;
    finer.precision(17);
    finer << std::nextafter(written, 1e9);
    CHECK(saved(loaded(with_prior(finer.str()))) == text);
    try {
      loaded(with_prior("1e39"));
      FAIL("expected an out_of_range error");
    } catch (const rapport::Error& e) {
      CHECK(e.code() == rapport::make_error_code(rapport::Errc::out_of_range));
      CHECK_THAT(e.what(), Catch::Matchers::ContainsSubstring("learning.owners[0].weights.prior"));
      CHECK_THAT(e.what(), Catch::Matchers::ContainsSubstring("single precision"));
    }
  }
  SECTION("an owner's offsets out of range are refused with their path") {
    namespace json = boost::json;
    json::object doc = json::parse(text).as_object();
    json::object& owner = doc["learning"].as_object()["owners"].as_array()[0].as_object();
    const auto refused = [&](const char* field, json::array value, const char* path) {
      json::object bad = doc;
      bad["learning"].as_object()["owners"].as_array()[0].as_object()[field] = std::move(value);
      try {
        loaded(json::serialize(bad));
        FAIL("expected an out_of_range error");
      } catch (const rapport::Error& e) {
        CHECK(e.code() == rapport::make_error_code(rapport::Errc::out_of_range));
        CHECK_THAT(e.what(), Catch::Matchers::ContainsSubstring(path));
      }
    };
    REQUIRE(owner.contains("offsets"));
    refused("offsets", {0.5, 1e39}, "learning.owners[0].offsets[1]");
    refused("offset_variance", {-0.25, 1}, "learning.owners[0].offset_variance[0]");
  }
  SECTION("a snapshot whose covariance is not symmetric is refused") {
    // Element 1 is (0, 1) of the row-major matrix; its mirror (1, 0) is element 31.
    std::string bad = text;
    const std::size_t matrix = bad.find("\"covariance\"");
    REQUIRE(matrix != std::string::npos);
    const std::size_t upper = bad.find(',', matrix) + 1;
    bad.replace(upper, bad.find(',', upper) - upper, "0.125");
    try {
      loaded(bad);
      FAIL("expected an inconsistent_state error");
    } catch (const rapport::Error& e) {
      CHECK(e.code() == rapport::make_error_code(rapport::Errc::inconsistent_state));
      CHECK_THAT(e.what(), Catch::Matchers::ContainsSubstring("learning.global.covariance[31]"));
      CHECK_THAT(e.what(), Catch::Matchers::ContainsSubstring("symmetric"));
    }
  }
  SECTION("the global covariance relates only the base rate and the habit features") {
    // Elements 1 and 31 are (0, 1) and (1, 0): the base rate and direct context, a taste feature. A
    // snapshot before version 7 learned such terms, and loads without them; from version 7 they are refused.
    std::string edited = text;
    const std::size_t matrix = edited.find("\"covariance\"");
    REQUIRE(matrix != std::string::npos);
    for (const std::size_t k : {std::size_t{1}, std::size_t{31}}) {
      std::size_t at = edited.find('[', matrix) + 1;
      for (std::size_t i = 0; i < k; ++i) at = edited.find(',', at) + 1;
      const std::size_t end = edited.find_first_of(",]", at);
      REQUIRE(std::stod(edited.substr(at, end - at)) == 0);
      edited.replace(at, end - at, "0.125");
    }
    try {
      loaded(edited);
      FAIL("expected an inconsistent_state error");
    } catch (const rapport::Error& e) {
      CHECK(e.code() == rapport::make_error_code(rapport::Errc::inconsistent_state));
      CHECK_THAT(e.what(), Catch::Matchers::ContainsSubstring("learning.global.covariance[1]"));
    }
    const std::string version = "\"version\": 7";
    REQUIRE(edited.find(version) != std::string::npos);
    edited.replace(edited.find(version), version.size(), "\"version\": 6");
    CHECK(saved(loaded(edited)) == text);
  }
  SECTION("a copy, or an assigned network, scores identically") {
    const Network copy(first);
    CHECK(scores_of(copy, requests) == ana_scores);
    CHECK(scores_of(copy, bo_requests) == bo_scores);
    Network assigned;
    assigned = first;
    CHECK(scores_of(assigned, requests) == ana_scores);
    CHECK(saved(assigned) == text);
    // The copy is deep: learning in the original leaves the copy as it was.
    REQUIRE(first.record(Request{.id = "later",
                                 .requester = "p2",
                                 .owner = "ana",
                                 .topics = {"marketing"},
                                 .received = now + hours{1}}));
    REQUIRE(first.record(
        Outcome{.owner = "ana", .request_id = "later", .kind = OutcomeKind::declined, .at = now + hours{1}}));
    CHECK(saved(first) != text);
    CHECK(saved(copy) == text);
  }
}

TEST_CASE("learning: an outcome older than the requester's record adds what is left of it", "[learning]") {
  // Two requests of p0's, answered in the opposite order: the decline comes 180 days (the reciprocity
  // half-life) before the acceptance already recorded, so it counts half.
  Network net;
  for (const char* h : {"ana", "p0"}) net.add_member({.handle = h});
  for (const char* id : {"r1", "r2"})
    REQUIRE(net.record(Request{.id = id, .requester = "p0", .owner = "ana", .received = now}));
  REQUIRE(net.record(
      Outcome{.owner = "ana", .request_id = "r2", .kind = OutcomeKind::accepted, .at = now + days{200}}));
  REQUIRE(net.record(
      Outcome{.owner = "ana", .request_id = "r1", .kind = OutcomeKind::declined, .at = now + days{20}}));
  const boost::json::value saved_net = rapport::network_to_json(net);
  const boost::json::array& requesters = saved_net.at("learning").at("requesters").as_array();
  REQUIRE(requesters.size() == 1);
  CHECK(requesters[0].at("requests").to_number<double>() == 1.5);
  CHECK(requesters[0].at("taken_up").to_number<double>() == 1);
}

// ------------------------------------------------------------------ 4. no leakage in replay

namespace {

struct Message {
  std::string from, to;
  long long at;
};

/// A busy group of six who write to each other every three hours for 24 days, often answering
/// within the week, starting at unix second 1e6.
std::vector<Message> group_messages() {
  std::mt19937 rng(11);
  std::vector<Message> out;
  const std::vector<std::string> group{"c", "d", "e", "f", "g", "h"};
  for (long long t = 1'000'000; t < 1'000'000 + 24 * 86400; t += 3 * 3600) {
    const auto from = static_cast<std::size_t>(uniform_int(rng, 0, 5));
    auto to = static_cast<std::size_t>(uniform_int(rng, 0, 4));
    if (to >= from) ++to;
    out.push_back({group[from], group[to], t});
  }
  return out;
}

std::string log_of(std::vector<Message> messages) {
  std::stable_sort(messages.begin(), messages.end(),
                   [](const Message& a, const Message& b) { return a.at < b.at; });
  std::string out;
  for (const Message& m : messages) out += m.from + " " + m.to + " " + std::to_string(m.at) + "\n";
  return out;
}

std::string replay(const std::string& log, rapport::Policy policy = {}) {
  std::istringstream in(log);
  std::ostringstream csv;
  Network net(std::move(policy));
  rapport::replay_message_log(in, "log", csv, net);
  return csv.str();
}

}  // namespace

TEST_CASE("learning: a replay learns an outcome only once its window has passed", "[learning][replay]") {
  // a writes to b on day 5 (plus an hour and a half, between the group's messages). In one log b
  // answers within the hour; in the other only after eight days, outside the window. a and b are
  // strangers to the group, so nothing of the group's formula depends on them: until a's window has
  // passed, every row of the group must be the same in both logs, learned figures included.
  const long long asked = 1'000'000 + 5 * 86400 + 5400;
  const long long window = 7 * 86400;
  std::vector<Message> answered = group_messages(), unanswered = group_messages();
  answered.push_back({"a", "b", asked});
  answered.push_back({"b", "a", asked + 1800});
  unanswered.push_back({"a", "b", asked});
  unanswered.push_back({"b", "a", asked + 8 * 86400});
  const auto rows_answered = lines_of(replay(log_of(answered)));
  const auto rows_unanswered = lines_of(replay(log_of(unanswered)));

  std::vector<std::string> group_answered, group_unanswered;  // (ts, row) of the group only
  const auto group_rows = [&](const std::vector<std::string>& rows, long long from, long long to) {
    std::vector<std::string> out;
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const auto cells = cells_of(rows[i]);
      REQUIRE(cells.size() == 9);
      const long long ts = std::stoll(cells[2]);
      if (cells[0] != "a" && cells[0] != "b" && ts > from && ts <= to) out.push_back(rows[i]);
    }
    return out;
  };
  const auto before_answered = group_rows(rows_answered, 0, asked + window);
  const auto before_unanswered = group_rows(rows_unanswered, 0, asked + window);
  REQUIRE(before_answered.size() > 40);
  CHECK(before_answered == before_unanswered);
  // The group learns from its own outcomes meanwhile: its learned figures are not just the totals.
  bool learning_shows = false;
  for (const std::string& row : before_answered) {
    const auto cells = cells_of(row);
    learning_shows = learning_shows || cells[8] != cells[3];
  }
  CHECK(learning_shows);
  // Once the window has passed, what b did is learned, and the group's learned figures show it.
  const auto after_answered = group_rows(rows_answered, asked + window, asked + 8 * 86400);
  const auto after_unanswered = group_rows(rows_unanswered, asked + window, asked + 8 * 86400);
  REQUIRE(after_answered.size() == after_unanswered.size());
  REQUIRE_FALSE(after_answered.empty());
  bool differs = false;
  for (std::size_t i = 0; i < after_answered.size(); ++i)
    differs = differs || cells_of(after_answered[i])[8] != cells_of(after_unanswered[i])[8];
  CHECK(differs);
}

TEST_CASE("learning: a replay's rows do not depend on the lines after them", "[learning][replay]") {
  std::vector<Message> messages = group_messages();
  messages.push_back({"a", "b", 1'000'000 + 86400 + 60});
  messages.push_back({"b", "a", 1'000'000 + 86400 + 120});
  const std::string log = log_of(messages);
  const auto full = lines_of(replay(log));
  const auto all_lines = lines_of(log);
  for (const std::size_t keep : {std::size_t{9}, std::size_t{10}, std::size_t{60}, std::size_t{100}}) {
    REQUIRE(keep < all_lines.size());
    std::string truncated;
    for (std::size_t i = 0; i < keep; ++i) truncated += all_lines[i] + "\n";
    const auto rows = lines_of(replay(truncated));
    CAPTURE(keep);
    REQUIRE(rows.size() == keep + 1);
    CHECK(std::equal(rows.begin(), rows.end(), full.begin()));
  }
}

TEST_CASE("learning: a replay with learning off writes the total as the learned figure on every row",
          "[learning][replay]") {
  rapport::Policy off;
  off.learning.enabled = false;
  std::vector<Message> messages = group_messages();
  messages.push_back({"a", "b", 1'000'000 + 86400 + 60});
  messages.push_back({"b", "a", 1'000'000 + 86400 + 120});
  const auto rows = lines_of(replay(log_of(messages), off));
  REQUIRE(rows.size() == messages.size() + 1);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto cells = cells_of(rows[i]);
    REQUIRE(cells.size() == 9);
    CHECK(cells[8] == cells[3]);
  }
  // And with learning on the learned column does differ somewhere: the check above can fail.
  const auto on_rows = lines_of(replay(log_of(messages)));
  bool differs = false;
  for (std::size_t i = 1; i < on_rows.size(); ++i) {
    const auto cells = cells_of(on_rows[i]);
    differs = differs || cells[8] != cells[3];
  }
  CHECK(differs);
}

// ------------------------------------------------------------------ 5. bad outcomes

TEST_CASE("learning: a bad outcome is a typed error that changes nothing", "[learning][errors]") {
  Network net = network_of(training_events(30));
  const Request q{.id = "fresh",
                  .requester = "t0",
                  .owner = "ana",
                  .topics = {"marketing"},
                  .preview = true,
                  .received = now};
  REQUIRE(net.record(q));
  const std::string before = saved(net);
  using rapport::Errc;
  const auto fails = [&](const Outcome& o, Errc code, std::string_view field, std::string_view value) {
    require_error([&] { net.record(o); }, code, field, value);
    CHECK(saved(net) == before);
  };
  fails({.owner = "ana", .request_id = "nope", .kind = OutcomeKind::accepted, .at = now + hours{1}},
        Errc::unknown_request, "outcome.request_id", "nope");
  fails({.owner = "ana", .request_id = "fresh", .kind = OutcomeKind::accepted, .at = now - hours{1}},
        Errc::invalid_outcome, "outcome.at", time_text(now - hours{1}));
  fails({.owner = "ana", .request_id = "fresh", .request = q, .kind = OutcomeKind::accepted, .at = now},
        Errc::invalid_outcome, "outcome.request_id", "fresh");
  fails({.owner = "ana", .kind = OutcomeKind::accepted, .at = now}, Errc::invalid_outcome,
        "outcome.request_id", "");
  fails({.owner = "zed", .request_id = "fresh", .kind = OutcomeKind::accepted, .at = now},
        Errc::unknown_member, "outcome.owner", "zed");
  fails({.owner = "bo", .request = q, .kind = OutcomeKind::accepted, .at = now}, Errc::invalid_outcome,
        "outcome.owner", "bo");
  // bo has no request "fresh": ana's id does not name it for another owner.
  fails({.owner = "bo", .request_id = "fresh", .kind = OutcomeKind::accepted, .at = now},
        Errc::unknown_request, "outcome.request_id", "fresh");

  // The request in full names it as well as its id does.
  CHECK(net.record(Outcome{.owner = "ana", .request = q, .kind = OutcomeKind::accepted, .at = now}));
  CHECK(saved(net) != before);
}

TEST_CASE("learning: an event log with a bad outcome applies nothing", "[learning][errors][io]") {
  Network net = network_of(training_events(30));
  const std::string before = saved(net);
  const Request q{.id = "logged", .requester = "t1", .owner = "bo", .topics = {"marketing"}, .received = now};
  std::ostringstream good;
  rapport::write_event(q, good);
  rapport::write_event(
      Outcome{.owner = "bo", .request_id = "logged", .kind = OutcomeKind::declined, .at = now}, good);
  REQUIRE(good.str().find("\"declined\"") != std::string::npos);

  SECTION("an unknown outcome kind") {
    std::string line;
    {
      std::ostringstream out;
      rapport::write_event(
          Outcome{.owner = "bo", .request_id = "logged", .kind = OutcomeKind::accepted, .at = now + hours{1}},
          out);
      line = out.str();
    }
    const auto at = line.find("\"accepted\"");
    REQUIRE(at != std::string::npos);
    line.replace(at, 10, "\"adored\"");
    std::istringstream log(good.str() + line);
    try {
      rapport::apply_event_log(net, log, "events.jsonl");
      FAIL("expected an unknown_name error");
    } catch (const rapport::Error& e) {
      CHECK(e.code() == rapport::make_error_code(rapport::Errc::unknown_name));
      CHECK_THAT(e.what(), Catch::Matchers::ContainsSubstring("events.jsonl"));
      CHECK_THAT(e.what(), Catch::Matchers::ContainsSubstring("kind"));
    }
    CHECK(saved(net) == before);
  }
  SECTION("an outcome of an unknown request, last") {
    std::ostringstream bad;
    rapport::write_event(
        Outcome{.owner = "bo", .request_id = "never", .kind = OutcomeKind::accepted, .at = now}, bad);
    std::istringstream log(good.str() + bad.str());
    try {
      rapport::apply_event_log(net, log, "events.jsonl");
      FAIL("expected an unknown_request error");
    } catch (const rapport::Error& e) {
      CHECK(e.code() == rapport::make_error_code(rapport::Errc::unknown_request));
      CHECK_THAT(e.what(), Catch::Matchers::ContainsSubstring("events.jsonl:3"));
    }
    CHECK(saved(net) == before);
  }
  SECTION("an outcome before its request, last") {
    std::ostringstream bad;
    rapport::write_event(
        Outcome{.owner = "bo", .request_id = "logged", .kind = OutcomeKind::accepted, .at = now - hours{1}},
        bad);
    std::istringstream log(good.str() + bad.str());
    try {
      rapport::apply_event_log(net, log, "events.jsonl");
      FAIL("expected an invalid_outcome error");
    } catch (const rapport::Error& e) {
      CHECK(e.code() == rapport::make_error_code(rapport::Errc::invalid_outcome));
    }
    CHECK(saved(net) == before);
  }
  SECTION("the good lines alone apply, and a second time change nothing") {
    std::istringstream log(good.str());
    CHECK(rapport::apply_event_log(net, log, "events.jsonl") == rapport::AppliedEvents{.applied = 2});
    const std::string after = saved(net);
    CHECK(after != before);
    std::istringstream again(good.str());
    CHECK(rapport::apply_event_log(net, again, "events.jsonl") == rapport::AppliedEvents{.skipped = 2});
    CHECK(saved(net) == after);
  }
}

// ------------------------------------------------------------------ 6. corrections

TEST_CASE("learning: a not_important correction lowers similar requests; repeating it changes nothing",
          "[learning]") {
  Network net = network_of(training_events(trained_outcomes));
  // Three newcomers whom ana met a month ago and wrote to an hour ago: the same relationship.
  for (const char* h : {"n1", "n2", "n3"}) {
    net.add_member({.handle = h, .topics = {{"marketing"}}});
    net.record(event("ana", h, InteractionKind::met_in_person, now - days{30}));
    net.record(event("ana", h, InteractionKind::message, now - hours{1}));
  }
  const auto request_from = [](std::string who, std::string id) {
    return Request{.id = std::move(id),
                   .requester = std::move(who),
                   .owner = "ana",
                   .kind = RequestKind::review,
                   .topics = {"marketing"},
                   .offer = Offer::payment,
                   .preview = true,
                   .personalised = true,
                   .received = now};
  };
  const Request corrected = request_from("n2", "n2-req");
  REQUIRE(net.record(corrected));
  const Request similar = request_from("n3", "n3-req");
  const Score before = rapport::score(net, similar, now);
  REQUIRE(before.learned != before.total);  // ana is warmed up: learning applies

  const Outcome correction{
      .owner = "ana", .request_id = "n2-req", .kind = OutcomeKind::not_important, .at = now + hours{1}};
  REQUIRE(net.record(correction));
  const Score after = rapport::score(net, similar, now);
  CAPTURE(before.learned, after.learned, before.total, after.total);
  CHECK(after.learned < before.learned - 1e-3);
  CHECK(after.total < before.total);

  // The same correction again is held already: false, and nothing changes.
  const std::string text = saved(net);
  CHECK_FALSE(net.record(correction));
  CHECK(saved(net) == text);
  CHECK(rapport::score(net, similar, now) == after);
  // Another kind at the same time is another outcome.
  Network other = net;
  CHECK(other.record(
      Outcome{.owner = "ana", .request_id = "n2-req", .kind = OutcomeKind::declined, .at = now + hours{1}}));
  CHECK(saved(other) != text);
}

// ------------------------------------------------------------------ 7. learned reasons

TEST_CASE("learning: learned reasons appear only once the owner is warmed up, and say how much was learned",
          "[learning][reason]") {
  const int warm_up = rapport::Policy{}.learning.warm_up;
  // Below the warm-up: no learned reason for anyone, though the model has learned.
  Network young = network_of(training_events(warm_up / 2));
  const Pool young_pool = pool_events(young);
  for (const std::string owner : {"ana", "bo"}) {
    const auto scores = scores_of(young, for_owner(young_pool.requests, owner));
    CHECK_FALSE(has_habit(scores));
    for (const Score& s : scores) CHECK_FALSE(has_reason(s, ReasonCode::learned_moved));
  }

  Network net = network_of(training_events(trained_outcomes));
  const Pool pool = pool_events(net);
  for (const std::string owner : {"ana", "bo"}) {
    CAPTURE(owner);
    const auto scores = scores_of(net, for_owner(pool.requests, owner));
    REQUIRE(has_habit(scores));
    for (const Score& s : scores)
      for (const rapport::Reason& r : s.reasons) {
        if (r.code != ReasonCode::learned_habit) continue;
        CHECK(r.dimension == rapport::Dimension::decision);
        CHECK((r.figures[1] == 1.0 || r.figures[1] == -1.0));
        CHECK(r.figures[2] == trained_outcomes);
        const std::string text = describe(r, net);
        CHECK_THAT(text, Catch::Matchers::ContainsSubstring(
                             "learned from " + std::to_string(trained_outcomes) + " of your decisions"));
        CHECK_THAT(text, Catch::Matchers::StartsWith(r.figures[1] > 0 ? "You usually take up requests"
                                                                      : "You seldom take up requests"));
      }
  }
  // Learning off: no learned reason, even for a warmed-up owner.
  const Network off = with_learning(net, false);
  CHECK_FALSE(has_habit(scores_of(off, for_owner(pool.requests, "ana"))));
}

namespace {

/// Appends `requester`'s request "q`i`" to ana on marketing at `t`, and ana's outcome `kind` an hour later.
void asked_and_decided(std::vector<Event>& events, const std::string& requester, int i, Timestamp t,
                       OutcomeKind kind) {
  const Request r{.id = "q" + std::to_string(i),
                  .requester = requester,
                  .owner = "ana",
                  .topics = {"marketing"},
                  .received = t};
  events.emplace_back(r);
  events.emplace_back(Outcome{.owner = "ana", .request_id = r.id, .kind = kind, .at = t + hours{1}});
}

}  // namespace

TEST_CASE("learning: an owner who answers while writing to others ranks requests higher when active",
          "[learning]") {
  // ana takes up requests that arrive while she has been writing to her friends that day, and turns
  // down those that arrive after days of silence; each comes from a stranger, so nothing else in the
  // request tells the two apart. Learned, the same request scores higher on an active day.
  std::vector<Event> events = owners();
  for (int f = 0; f < 3; ++f) events.emplace_back(rapport::Member{.handle = "f" + std::to_string(f)});
  Timestamp t = now - days{200};
  for (int i = 0; i < trained_outcomes; ++i) {
    t += days{2};
    const bool active = i % 2 == 0;
    if (active)
      for (int f = 0; f < 3; ++f)
        events.emplace_back(
            event("ana", "f" + std::to_string(f), InteractionKind::message, t - hours{2 + f}));
    const std::string requester = "t" + std::to_string(i);
    events.emplace_back(rapport::Member{.handle = requester, .topics = {{"marketing"}}});
    asked_and_decided(events, requester, i, t, active ? OutcomeKind::accepted : OutcomeKind::declined);
  }
  Network net = network_of(events);
  net.add_member({.handle = "new", .topics = {{"marketing"}}});
  const Request probe{.requester = "new", .owner = "ana", .topics = {"marketing"}, .received = now};
  const Score dormant = rapport::score(net, probe, now);
  Network active = net;
  for (int f = 0; f < 3; ++f)
    active.record(event("ana", "f" + std::to_string(f), InteractionKind::message, now - hours{1 + f}));
  const Score busy = rapport::score(active, probe, now);
  CHECK(busy.learned > dormant.learned + 0.05);
  // The formula does not see it: without learning, the two score alike.
  rapport::Policy off;
  off.learning.enabled = false;
  Network net_off = network_of(events, off), active_off = net_off;
  net_off.add_member({.handle = "new", .topics = {{"marketing"}}});
  active_off.add_member({.handle = "new", .topics = {{"marketing"}}});
  for (int f = 0; f < 3; ++f)
    active_off.record(event("ana", "f" + std::to_string(f), InteractionKind::message, now - hours{1 + f}));
  CHECK(rapport::score(net_off, probe, now).total == rapport::score(active_off, probe, now).total);
}

TEST_CASE("learning: a requester writing to many strangers at once is learned to be answered less",
          "[learning]") {
  // ana answers requesters who write only to her and ignores those who have just written to five
  // strangers: after learning, the same request scores lower from a requester on such a spree.
  std::vector<Event> events = owners();
  for (int s = 0; s < 5; ++s) events.emplace_back(rapport::Member{.handle = "s" + std::to_string(s)});
  Timestamp t = now - days{200};
  const auto spree = [](std::vector<Event>& out, const std::string& who, Timestamp at) {
    for (int s = 0; s < 5; ++s)
      out.emplace_back(event(who, "s" + std::to_string(s), InteractionKind::message,
                             at - hours{1} + std::chrono::minutes{s}));
  };
  for (int i = 0; i < trained_outcomes; ++i) {
    t += days{2};
    const bool cold = i % 2 == 0;
    const std::string requester = "t" + std::to_string(i);
    events.emplace_back(rapport::Member{.handle = requester, .topics = {{"marketing"}}});
    if (cold) spree(events, requester, t);
    asked_and_decided(events, requester, i, t, cold ? OutcomeKind::ignored : OutcomeKind::answered);
  }
  Network net = network_of(events);
  net.add_member({.handle = "quiet", .topics = {{"marketing"}}});
  net.add_member({.handle = "spammer", .topics = {{"marketing"}}});
  std::vector<Event> sent;
  spree(sent, "spammer", now);
  for (const Event& e : sent) apply(net, e);
  const Request from_quiet{.requester = "quiet", .owner = "ana", .topics = {"marketing"}, .received = now};
  Request from_spammer = from_quiet;
  from_spammer.requester = "spammer";
  CHECK(rapport::score(net, from_spammer, now).learned < rapport::score(net, from_quiet, now).learned - 0.05);
}

TEST_CASE("learning: a requester who has been answering others today is learned to be answered more",
          "[learning]") {
  // Three members write to each requester in the morning; ana answers those requesters who wrote back
  // to them before writing to her, and ignores those who did not. After learning, the same request
  // scores higher from a requester who has just answered its friends.
  std::vector<Event> events = owners();
  for (int f = 0; f < 3; ++f) events.emplace_back(rapport::Member{.handle = "f" + std::to_string(f)});
  const auto written_to = [](std::vector<Event>& out, const std::string& who, Timestamp at, bool answers) {
    for (int f = 0; f < 3; ++f) {
      const std::string friend_handle = "f" + std::to_string(f);
      out.emplace_back(
          event(friend_handle, who, InteractionKind::message, at - hours{3} + std::chrono::minutes{f}));
      if (answers)
        out.emplace_back(
            event(who, friend_handle, InteractionKind::message, at - hours{2} + std::chrono::minutes{f}));
    }
  };
  Timestamp t = now - days{200};
  for (int i = 0; i < trained_outcomes; ++i) {
    t += days{2};
    const bool answers = i % 2 == 0;
    const std::string requester = "t" + std::to_string(i);
    events.emplace_back(rapport::Member{.handle = requester, .topics = {{"marketing"}}});
    written_to(events, requester, t, answers);
    asked_and_decided(events, requester, i, t, answers ? OutcomeKind::answered : OutcomeKind::ignored);
  }
  Network net = network_of(events);
  net.add_member({.handle = "silent", .topics = {{"marketing"}}});
  net.add_member({.handle = "chatty", .topics = {{"marketing"}}});
  std::vector<Event> morning;
  written_to(morning, "silent", now, false);
  written_to(morning, "chatty", now, true);
  for (const Event& e : morning) apply(net, e);
  const Request from_silent{.requester = "silent", .owner = "ana", .topics = {"marketing"}, .received = now};
  Request from_chatty = from_silent;
  from_chatty.requester = "chatty";
  CHECK(rapport::score(net, from_chatty, now).learned > rapport::score(net, from_silent, now).learned + 0.05);
}

namespace {

/// Saves a trained network as snapshot `version` wrote it, with only its first `old_n` features (and,
/// before version 4, no activity and no means; before version 5, no answers in activity), loads it back, and
/// checks that the old covariance is the leading block of the one loaded, the later features independent at
/// the prior variance.
void check_older_snapshot_loads(int version, std::size_t old_n) {
  namespace json = boost::json;
  const Network net = network_of(training_events(trained_outcomes));
  json::object doc = json::parse(saved(net)).as_object();
  constexpr std::size_t n = 31;
  const std::vector<std::string> names{"wrote_this_month", "owner_active", "cold_outreach", "talking_today",
                                       "answering"};
  const std::vector<std::string> later(names.end() - static_cast<std::ptrdiff_t>(n - old_n), names.end());
  doc["version"] = version;
  json::object& learning = doc["learning"].as_object();
  json::object& global = learning["global"].as_object();
  CHECK(global.erase("evidence") == 1);  // before version 6
  if (version < 4) {
    learning.erase("activity");
    global.erase("means");
  } else {
    for (json::value& a : learning["activity"].as_array()) CHECK(a.as_object().erase("answers") == 1);
  }
  const json::array cov = global["covariance"].as_array();
  REQUIRE(cov.size() == n * n);
  json::array old;
  for (std::size_t i = 0; i < old_n; ++i)
    for (std::size_t j = 0; j < old_n; ++j) old.push_back(cov[i * n + j]);
  global["covariance"] = old;
  const auto drop_later = [&](json::object& features) {
    for (const std::string& name : later) features.erase(name);
  };
  drop_later(global["weights"].as_object());
  if (version >= 4) drop_later(global["means"].as_object());
  for (json::value& a : learning["arrivals"].as_array()) drop_later(a.as_object()["features"].as_object());
  for (json::value& o : learning["owners"].as_array()) {
    drop_later(o.as_object()["weights"].as_object());
    drop_later(o.as_object()["variance"].as_object());
    CHECK(o.as_object().erase("offsets") == 1);
    CHECK(o.as_object().erase("offset_variance") == 1);
  }
  const Network back = loaded(json::serialize(doc));
  const json::object again = json::parse(saved(back)).as_object();
  CHECK(again.at("version") == 7);
  // Without a record, the comparison of the correction with the formula starts again from even odds.
  CHECK(again.at("learning").at("global").at("evidence").to_number<double>() == 0);
  for (const json::value& o : again.at("learning").at("owners").as_array()) {
    CHECK(o.at("offsets") == json::array{0.0, 0.0});
    CHECK(o.at("offset_variance") == json::array{4.0, 4.0});
  }
  const json::array& widened = again.at("learning").at("global").at("covariance").as_array();
  REQUIRE(widened.size() == n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const json::value expected = i < old_n && j < old_n ? old[i * old_n + j]
                                   : i == j               ? json::value(1.0)
                                                          : json::value(0.0);
      CHECK(widened[i * n + j].to_number<double>() == expected.to_number<double>());
    }
  // And it scores as a network does.
  const Request probe{.requester = "t3", .owner = "ana", .topics = {"marketing"}, .received = now};
  const Score s = rapport::score(back, probe, now);
  CHECK(std::isfinite(s.learned));
  CHECK(s.learned > 0);
  CHECK(s.learned < 1);
}

}  // namespace

TEST_CASE("learning: a version 3 snapshot, without activity, means or the five later features, loads",
          "[learning][json]") {
  check_older_snapshot_loads(3, 26);
}

TEST_CASE("learning: a version 4 snapshot, without talking_today, answering or answers, loads",
          "[learning][json]") {
  check_older_snapshot_loads(4, 29);
}

namespace {

/// An arrival to owner 0 whose formula says `formula` (log-odds), with the given habit features.
rapport::detail::Arrival arrival_of(double formula, const std::vector<double>& habit) {
  using rapport::detail::Feature;
  rapport::detail::Arrival a{.owner = 0, .requester = std::nullopt, .received = now};
  a.features[static_cast<std::size_t>(Feature::bias)] = 1;
  a.features[static_cast<std::size_t>(Feature::prior)] = static_cast<float>(formula);
  std::size_t j = static_cast<std::size_t>(Feature::wrote_today);
  for (const double x : habit) a.features[j++] = static_cast<float>(x);
  return a;
}

}  // namespace

TEST_CASE("learning: the correction counts as far as it has predicted outcomes better than the formula",
          "[learning]") {
  namespace d = rapport::detail;
  const rapport::Policy policy;
  d::LearningState learning;
  std::mt19937 random(11);
  std::uniform_real_distribution<double> uniform(0, 1);
  const auto habit = [&] {
    std::vector<double> x(6);
    for (double& v : x) v = uniform(random);
    return x;
  };

  SECTION("a model that has learned nothing is the formula: its first outcome is no evidence either way") {
    d::learn(learning, policy, arrival_of(0.5, {1, 0, 1}), 1, now);
    CHECK(learning.global.evidence == 0);
    CHECK(learning.global.trust == 0.5);
  }
  SECTION("a correction learned from noise does not count") {
    // Outcomes at random, whatever the features: what the model learns is noise, and predicts the next
    // outcomes worse than the formula's even odds.
    for (int i = 0; i < 1000; ++i) {
      const auto x = habit();  // drawn before the outcome: the order of evaluation is then fixed
      d::learn(learning, policy, arrival_of(0, x), uniform(random) < 0.5 ? 1 : 0, now);
    }
    CHECK(learning.global.trust < 0.01);
    const d::Arrival next = arrival_of(0, {1, 1, 0, 1, 0, 1});
    const d::OwnerModel* own = learning.owners.find(0);
    const double model = d::logistic(d::learned_logit(
        learning.global, d::learned_weights(learning.global, own, learning.request_deviations.find(0)),
        d::widened(next.features)));
    INFO("the model alone says " << model);
    CHECK(std::abs(model - 0.5) > 0.01);  // it did learn something
    CHECK(std::abs(d::learned_probability(
                       learning.global,
                       d::learned_weights(learning.global, own, learning.request_deviations.find(0)),
                       d::widened(next.features)) -
                   0.5) < 0.01 * std::abs(model - 0.5));
  }
  SECTION("a correction that predicts better earns its place") {
    // The owner takes up what arrives while it wrote to the requester today, whatever the formula says.
    for (int i = 0; i < 300; ++i)
      d::learn(learning, policy, arrival_of(i % 3 == 0 ? 0.5 : -0.5, {double(i % 2)}), i % 2, now);
    CHECK(learning.global.trust > 0.99);
    const d::Features wrote = d::widened(arrival_of(-0.5, {1}).features);
    CHECK(d::learned_probability(learning.global,
                                 d::learned_weights(learning.global, learning.owners.find(0),
                                                    learning.request_deviations.find(0)),
                                 wrote) > d::logistic(-0.5) + 0.2);
  }
}

TEST_CASE("learning: the global model shares what two habit features that repeat each other teach",
          "[learning]") {
  // The habit features are learned jointly: a second feature that always equals the first adds no
  // evidence, and the two share the weight that one alone learns. The taste features are learned each
  // alone, so evidence that two of them repeat is counted twice. The owners' deviations, learned each
  // alone too, are held at 0 here by a tight prior, so that what is compared is the global model's.
  namespace d = rapport::detail;
  using d::Feature;
  rapport::Policy policy;
  policy.learning.taste_precision = policy.learning.habit_precision = 1e9;
  policy.learning.base_rate_precision = 1e9;
  // How much `copies` features from `first`, all equal, raise the learned log-odds from 0 to 1, after
  // outcomes taken up with log-odds 4 (v - 1/2) for a value v of those features.
  const auto effect_of = [&](Feature first, std::size_t copies) {
    const auto with = [&](double v) {
      d::Arrival a = arrival_of(0, {});
      for (std::size_t c = 0; c < copies; ++c)
        a.features[static_cast<std::size_t>(first) + c] = static_cast<float>(v);
      return a;
    };
    d::LearningState learning;
    std::mt19937 random(5);
    std::uniform_real_distribution<double> uniform(0, 1);
    for (int i = 0; i < 2000; ++i) {
      const double v = uniform(random);
      const double taken_up = uniform(random) < d::logistic(4 * (v - 0.5)) ? 1 : 0;
      d::learn(learning, policy, with(v), taken_up, now);
    }
    const d::OwnerModel* own = learning.owners.find(0);
    const d::Features w = d::learned_weights(learning.global, own, learning.request_deviations.find(0));
    return d::learned_logit(learning.global, w, d::widened(with(1).features)) -
           d::learned_logit(learning.global, w, d::widened(with(0).features));
  };
  const double habit = effect_of(Feature::wrote_today, 1), habit_twice = effect_of(Feature::wrote_today, 2);
  const double taste = effect_of(Feature::preview, 1), taste_twice = effect_of(Feature::preview, 2);
  INFO("habit: " << habit << ", repeated: " << habit_twice << "; taste: " << taste
                 << ", repeated: " << taste_twice);
  CHECK(habit > 1);
  CHECK(std::abs(habit_twice - habit) < 0.05 * habit);
  CHECK(taste > 1);
  CHECK(taste_twice > 1.15 * taste);
}

TEST_CASE("learning: an owner's deviation over what only a request says is kept once a request teaches it",
          "[learning]") {
  namespace d = rapport::detail;
  using d::Feature;
  Network net;
  for (const char* h : {"ana", "bo"}) net.add_member({.handle = h, .topics = {{"marketing"}}});
  net.record({.from = "bo", .to = "ana", .kind = rapport::InteractionKind::message, .at = now - hours{5}});
  const auto ask_and_take = [](Network& n, const Request& r) {
    REQUIRE(n.record(r));
    REQUIRE(n.record(Outcome{
        .owner = "ana", .request_id = r.id, .kind = OutcomeKind::accepted, .at = r.received + hours{1}}));
  };
  ask_and_take(net, Request{.id = "plain", .requester = "bo", .owner = "ana", .received = now - hours{4}});
  const d::LearningState& learning = d::NetworkAccess::state(net).learning;
  const rapport::MemberId ana = net.find_member("ana").value();
  // A plain share from a member sets none of them: the owner has a model, and no deviation over them.
  REQUIRE(learning.owners.find(ana) != nullptr);
  CHECK(learning.request_deviations.find(ana) == nullptr);

  // A snapshot holds the owner's deviation over every feature: loaded, it is the same network.
  const std::string text = saved(net);
  Network back = loaded(text);
  CHECK(saved(back) == text);
  CHECK(d::NetworkAccess::state(back).learning.request_deviations.find(ana) == nullptr);

  // A review with a preview teaches them, from the prior: the same in the network and its reloaded copy.
  const Request review{.id = "review",
                       .requester = "bo",
                       .owner = "ana",
                       .kind = RequestKind::review,
                       .preview = true,
                       .received = now - hours{2}};
  for (Network* n : {&net, &back}) ask_and_take(*n, review);
  const d::RequestDeviation* request = learning.request_deviations.find(ana);
  REQUIRE(request != nullptr);
  const auto at = [](Feature f) { return static_cast<std::size_t>(f) - d::first_request_only; };
  const float prior = static_cast<float>(1 / net.policy().learning.taste_precision);
  CHECK(request->weights[at(Feature::preview)] > 0);  // taken up: the preview counts for more
  CHECK(request->variance[at(Feature::preview)] < prior);
  CHECK(request->weights[at(Feature::kind_mention)] == 0);  // what the review did not say stays at the prior
  CHECK(request->variance[at(Feature::kind_mention)] == prior);
  CHECK(saved(back) == saved(net));
  const Request next{.id = "next", .requester = "bo", .owner = "ana", .preview = true, .received = now};
  CHECK(rapport::score(back, next, now).learned == rapport::score(net, next, now).learned);
}
