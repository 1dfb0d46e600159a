// ScoringPool and score_all on it: the same scores as scoring one by one, in input order, whichever
// threads and callers share the pool. In the concurrency program, so that the tsan preset runs it.
#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators_range.hpp>
#include <cstddef>
#include <random>
#include <rapport/rapport.hpp>
#include <thread>
#include <vector>

#include "support.hpp"

using namespace rapport_test;

namespace {

std::vector<rapport::Request> random_requests(std::uint32_t seed, const World& w, int n) {
  std::mt19937 rng(seed);
  std::vector<rapport::Request> requests;
  for (int i = 0; i < n; ++i) requests.push_back(random_request(rng, w));
  return requests;
}

std::vector<rapport::Score> one_by_one(const World& w, const std::vector<rapport::Request>& requests) {
  std::vector<rapport::Score> scores;
  for (const rapport::Request& r : requests) scores.push_back(rapport::score(w.net, r, w.at));
  return scores;
}

}  // namespace

TEST_CASE("scoring pool: score_all on it gives, in input order, what score gives one by one",
          "[scoring_pool][determinism]") {
  const unsigned threads = GENERATE(1u, 2u, 3u);
  CAPTURE(threads);
  rapport::ScoringPool pool(threads);
  CHECK(pool.threads() == threads);
  // One pool, kept alive across calls, worlds and sizes: below one share per thread, a share each, and
  // a count that does not divide evenly.
  for (const std::uint32_t seed : {1u, 2u, 3u}) {
    const World w = random_world(seed, 12, 80, 20);
    for (const int n : {0, 1, 63, 200, 301}) {
      CAPTURE(seed, n);
      const std::vector<rapport::Request> requests = random_requests(seed, w, n);
      const std::vector<rapport::Score> expected = one_by_one(w, requests);
      CHECK(rapport::score_all(w.net, requests, w.at, pool) == expected);
      CHECK(rapport::score_all(w.net, requests, w.at, 1) == expected);
    }
  }
}

TEST_CASE("scoring pool: a failing call throws the first bad request's error and leaves the pool usable",
          "[scoring_pool][errors]") {
  const World w = random_world(5);
  std::vector<rapport::Request> requests = random_requests(5, w, 300);
  const std::vector<rapport::Request> good = requests;
  // Bad requests in different blocks of 64, and two in a row: whichever a thread finds first, the
  // error is that of request 60.
  requests[250].content_quality = 2.0;
  requests[60].channels = {"nope"};
  requests[61].content_quality = -1.0;
  rapport::ScoringPool pool(2);
  for (int round = 0; round < 3; ++round) {
    require_error([&] { (void)rapport::score_all(w.net, requests, w.at, pool); },
                  rapport::Errc::unknown_channel, "request.channels[0]", "nope");
    CHECK(rapport::score_all(w.net, good, w.at, pool) == one_by_one(w, good));
  }
}

TEST_CASE("scoring pool: callers on several threads share one pool and each gets its own scores",
          "[scoring_pool][concurrency]") {
  const World w = random_world(7, 12, 80, 20);
  constexpr int callers = 4;
  std::vector<std::vector<rapport::Request>> requests;
  std::vector<std::vector<rapport::Score>> expected;
  for (int c = 0; c < callers; ++c) {
    requests.push_back(random_requests(static_cast<std::uint32_t>(100 + c), w, 150 + 40 * c));
    expected.push_back(one_by_one(w, requests.back()));
  }
  rapport::ScoringPool pool(2);
  std::vector<std::vector<rapport::Score>> last(callers);
  std::vector<int> mismatches(callers, 0);
  {
    std::vector<std::jthread> threads;
    for (int c = 0; c < callers; ++c)
      threads.emplace_back([&, c] {
        const auto i = static_cast<std::size_t>(c);
        for (int round = 0; round < 20; ++round) {
          last[i] = rapport::score_all(w.net, requests[i], w.at, pool);
          if (last[i] != expected[i]) ++mismatches[i];
        }
      });
  }
  for (std::size_t c = 0; c < callers; ++c) {
    CAPTURE(c);
    CHECK(mismatches[c] == 0);
    CHECK(last[c] == expected[c]);
  }
}

TEST_CASE("scoring pool: 0 threads means the hardware's count, and at least the caller", "[scoring_pool]") {
  const rapport::ScoringPool pool(0);
  CHECK(pool.threads() >= 1);
  CHECK(pool.threads() == std::max(1u, std::thread::hardware_concurrency()));
}
