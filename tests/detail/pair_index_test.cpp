#include "detail/pair_index.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/generators/catch_generators_range.hpp>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "detail/probe_table.hpp"

using rapport::detail::PairIndex;

namespace {

/// What a network's pair states keep for the index: the check of each index's key, by index.
struct Checks {
  std::vector<std::uint32_t> by_index;

  /// Records that `index` holds `key`, as a pair's state is created with its check.
  void hold(std::uint32_t index, std::uint64_t key) {
    if (by_index.size() <= index) by_index.resize(std::size_t{index} + 1);
    by_index[index] = PairIndex::check(key);
  }
  auto check_of() const {
    return [this](std::uint32_t i) { return by_index.at(i); };
  }
};

/// A pair key among the first `members` members; small ranges make keys collide in clusters.
std::uint64_t random_key(std::mt19937_64& rng, std::uint32_t members) {
  std::uniform_int_distribution<std::uint32_t> id(0, members - 1);
  std::uint32_t lo = id(rng), hi = id(rng);
  while (hi == lo) hi = id(rng);
  if (lo > hi) std::swap(lo, hi);
  return (std::uint64_t{lo} << 32) | hi;
}

/// Every key of `expected` is found with its index, and the index holds nothing else.
void require_same(const PairIndex& index, const Checks& checks,
                  const std::unordered_map<std::uint64_t, std::uint32_t>& expected) {
  REQUIRE(index.size() == expected.size());
  for (const auto& [key, value] : expected) REQUIRE(index.find(key, checks.check_of()) == value);
  std::size_t visited = 0;
  index.for_each(checks.check_of(), [&](std::uint64_t key, std::uint32_t value) {
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
  const Checks none;
  CHECK(index.size() == 0);
  CHECK(index.find(1, none.check_of()) == PairIndex::npos);
  CHECK_FALSE(index.contains(1, none.check_of()));
  index.prefetch(1);
  index.erase(1, none.check_of());
  CHECK(index.size() == 0);
}

TEST_CASE("the pair index keeps the first index given for a key", "[detail][pair_index]") {
  PairIndex index;
  Checks checks;
  checks.hold(0, 7);
  CHECK(index.try_emplace(7, 0, checks.check_of()) == std::pair<std::uint32_t, bool>{0, true});
  CHECK(index.try_emplace(7, 5, checks.check_of()) == std::pair<std::uint32_t, bool>{0, false});
  CHECK(index.find(7, checks.check_of()) == 0);
  CHECK(index.size() == 1);
}

TEST_CASE("a pair's key is its hash undone", "[detail][pair_index]") {
  std::mt19937_64 rng(3);
  for (int i = 0; i < 10'000; ++i) {
    const std::uint64_t key = i < 4 ? std::uint64_t{0} - static_cast<std::uint64_t>(i) : rng();
    REQUIRE(rapport::detail::pair_key_of(rapport::detail::pair_hash(key)) == key);
  }
}

TEST_CASE("keys whose hashes share their top half are told apart by the check", "[detail][pair_index]") {
  // Keys made from hashes that differ only in their low 32 bits: same slot tag, same home.
  const std::uint64_t high = std::uint64_t{0x12345678} << 32;
  std::vector<std::uint64_t> keys;
  for (std::uint64_t low = 1; low <= 50; ++low) keys.push_back(rapport::detail::pair_key_of(high | low));
  PairIndex index;
  Checks checks;
  for (std::uint32_t i = 0; i < keys.size(); ++i) {
    checks.hold(i, keys[i]);
    REQUIRE(index.try_emplace(keys[i], i, checks.check_of()).second);
  }
  for (std::uint32_t i = 0; i < keys.size(); ++i) REQUIRE(index.find(keys[i], checks.check_of()) == i);
  CHECK(index.find(rapport::detail::pair_key_of(high | 51), checks.check_of()) == PairIndex::npos);
  index.erase(keys[10], checks.check_of());
  CHECK(index.find(keys[10], checks.check_of()) == PairIndex::npos);
  CHECK(index.find(keys[11], checks.check_of()) == 11);
  CHECK(index.size() == keys.size() - 1);
}

TEST_CASE("the pair index behaves as a map under random inserts and erases",
          "[detail][pair_index][property]") {
  const auto seed = GENERATE(Catch::Generators::range(1u, 9u));
  std::mt19937_64 rng(seed);
  // Few members: many keys share clusters of slots, so erasing from the middle of a run is common.
  const std::uint32_t members = seed % 2 == 0 ? 40 : 5'000;
  PairIndex index;
  Checks checks;
  std::unordered_map<std::uint64_t, std::uint32_t> expected;
  std::uint32_t next = 0;
  for (int step = 0; step < 20'000; ++step) {
    const std::uint64_t key = random_key(rng, members);
    if (rng() % 3 == 0) {
      index.erase(key, checks.check_of());
      expected.erase(key);
      REQUIRE(index.find(key, checks.check_of()) == PairIndex::npos);
    } else {
      const auto [value, added] = index.try_emplace(key, next, checks.check_of());
      const auto [it, expected_added] = expected.try_emplace(key, next);
      REQUIRE(added == expected_added);
      REQUIRE(value == it->second);
      if (added) checks.hold(next++, key);
    }
    if (step % 2'000 == 0) require_same(index, checks, expected);
  }
  require_same(index, checks, expected);
  for (int probe = 0; probe < 2'000; ++probe) {
    const std::uint64_t key = random_key(rng, members);
    CHECK(index.contains(key, checks.check_of()) == expected.contains(key));
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
