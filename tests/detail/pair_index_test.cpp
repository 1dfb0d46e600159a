#include "detail/pair_index.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/generators/catch_generators_range.hpp>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <unordered_map>

#include "detail/probe_table.hpp"

using rapport::detail::PairIndex;

namespace {

/// A pair key among the first `members` members; small ranges make keys collide in clusters.
std::uint64_t random_key(std::mt19937_64& rng, std::uint32_t members) {
  std::uniform_int_distribution<std::uint32_t> id(0, members - 1);
  std::uint32_t lo = id(rng), hi = id(rng);
  while (hi == lo) hi = id(rng);
  if (lo > hi) std::swap(lo, hi);
  return (std::uint64_t{lo} << 32) | hi;
}

/// Every key of `expected` is found with its index, and the index holds nothing else.
void require_same(const PairIndex& index, const std::unordered_map<std::uint64_t, std::uint32_t>& expected) {
  REQUIRE(index.size() == expected.size());
  for (const auto& [key, value] : expected) REQUIRE(index.find(key) == value);
  std::size_t visited = 0;
  index.for_each([&](std::uint64_t key, std::uint32_t value) {
    ++visited;
    const auto it = expected.find(key);
    REQUIRE(it != expected.end());
    REQUIRE(it->second == value);
  });
  REQUIRE(visited == expected.size());
}

}  // namespace

TEST_CASE("an empty pair index finds nothing and erases nothing", "[detail][pair_index]") {
  PairIndex index;
  CHECK(index.size() == 0);
  CHECK(index.find(1) == PairIndex::npos);
  CHECK_FALSE(index.contains(1));
  index.prefetch(1);
  index.erase(1);
  CHECK(index.size() == 0);
}

TEST_CASE("the pair index keeps the first index given for a key", "[detail][pair_index]") {
  PairIndex index;
  CHECK(index.try_emplace(7, 0) == std::pair<std::uint32_t, bool>{0, true});
  CHECK(index.try_emplace(7, 5) == std::pair<std::uint32_t, bool>{0, false});
  CHECK(index.find(7) == 0);
  CHECK(index.size() == 1);
}

TEST_CASE("the pair index behaves as a map under random inserts and erases",
          "[detail][pair_index][property]") {
  const auto seed = GENERATE(Catch::Generators::range(1u, 9u));
  std::mt19937_64 rng(seed);
  // Few members: many keys share clusters of slots, so erasing from the middle of a run is common.
  const std::uint32_t members = seed % 2 == 0 ? 40 : 5'000;
  PairIndex index;
  std::unordered_map<std::uint64_t, std::uint32_t> expected;
  std::uint32_t next = 0;
  for (int step = 0; step < 20'000; ++step) {
    const std::uint64_t key = random_key(rng, members);
    if (rng() % 3 == 0) {
      index.erase(key);
      expected.erase(key);
      REQUIRE(index.find(key) == PairIndex::npos);
    } else {
      const auto [value, added] = index.try_emplace(key, next);
      const auto [it, expected_added] = expected.try_emplace(key, next);
      REQUIRE(added == expected_added);
      REQUIRE(value == it->second);
      next += added;
    }
    if (step % 2'000 == 0) require_same(index, expected);
  }
  require_same(index, expected);
  for (int probe = 0; probe < 2'000; ++probe) {
    const std::uint64_t key = random_key(rng, members);
    CHECK(index.contains(key) == expected.contains(key));
  }
}

TEST_CASE("tables grow by a third and stay three to four fifths full", "[detail][pair_index]") {
  namespace probing = rapport::detail::probing;
  std::size_t slots = 0;
  for (std::size_t entries = 1; entries < 200'000; ++entries) {
    if (slots == 0 || probing::too_full(entries, slots)) {
      const std::size_t before = slots;
      slots = probing::grown(slots, entries);
      CHECK((before == 0 || slots == before + before / 3));
      if (slots > 16)
        CHECK(5 * entries + 5 >= 3 * slots);  // just grown: three fifths full, give or take rounding
    }
    REQUIRE(5 * entries <= 4 * slots);
  }
  CHECK(probing::home(~std::uint64_t{0}, 1'000) == 999);
  CHECK(probing::home(0, 1'000) == 0);
  CHECK(probing::distance(998, 1, 1'000) == 3);
  CHECK(probing::next(999, 1'000) == 0);
  CHECK_THROWS_AS(probing::grown(16, probing::max_slots), std::length_error);
}
