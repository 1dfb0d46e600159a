#include "detail/fingerprint.hpp"

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/generators/catch_generators_range.hpp>
#include <chrono>
#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include "detail/fingerprint_set.hpp"

using rapport::detail::FingerprintSet;

TEST_CASE("fingerprints are the same on every build and platform", "[detail][fingerprint]") {
  // Snapshots keep fingerprints: these values must never change.
  const rapport::Timestamp at{std::chrono::seconds{1772000000}};
  const rapport::Interaction call{
      .from = "ana", .to = "ben", .kind = rapport::InteractionKind::call, .at = at};
  CHECK(rapport::detail::fingerprint(0, 1, call) == 0x4986f962296de956u);
  rapport::Interaction tagged = call;
  tagged.id = "m-1";
  CHECK(rapport::detail::fingerprint(0, 1, tagged) == 0xc85ca46527348522u);
  const rapport::Request request{.requester = "@zoe@example.social", .owner = "ana", .received = at};
  CHECK(rapport::detail::fingerprint(0, request) == 0x80b2b6c92d4f62ddu);
  const rapport::Post post{.owner = "ana", .channel = "blog", .at = at, .promotion = true, .promoted = "ben"};
  CHECK(rapport::detail::fingerprint(0, post) == 0xdfdcd98142309654u);
}

TEST_CASE("fingerprints tell apart what they are of and where strings end", "[detail][fingerprint]") {
  using rapport::detail::StableHash;
  CHECK(StableHash(1).add("ab").add("c").value() != StableHash(1).add("a").add("bc").value());
  CHECK(StableHash(1).add("").value() != StableHash(1).value());
  rapport::Interaction e{.id = "x"};
  rapport::Post p{.id = "x"};
  rapport::Request r{.id = "x"};
  CHECK(rapport::detail::fingerprint(0, 1, e) != rapport::detail::fingerprint(0, p));
  CHECK(rapport::detail::fingerprint(0, r) != rapport::detail::fingerprint(1, r));  // per owner
  rapport::Interaction weightless{.weight = 0.0}, negative_zero{.weight = -0.0};
  CHECK(rapport::detail::fingerprint(0, 1, weightless) == rapport::detail::fingerprint(0, 1, negative_zero));
  CHECK(rapport::detail::fingerprint(0, 1, weightless) != rapport::detail::fingerprint(1, 0, weightless));
}

TEST_CASE("a fingerprint set holds what was inserted and not erased", "[detail][fingerprint]") {
  const auto seed = GENERATE(range(1u, 6u));
  std::mt19937_64 rng(seed);
  // Few distinct high bits make fingerprints share home slots and wrap around the table.
  std::uniform_int_distribution<std::uint64_t> value(1, 4000);
  FingerprintSet set;
  std::set<std::uint64_t> expected;
  for (int step = 0; step < 3000; ++step) {
    const std::uint64_t f = value(rng) << (seed * 10);
    if (rng() % 3 == 0) {
      set.erase(f);
      expected.erase(f);
    } else {
      CHECK(set.insert(f) == expected.insert(f).second);
    }
  }
  REQUIRE(set.size() == expected.size());
  for (std::uint64_t f = 1; f <= 4000; ++f)
    REQUIRE(set.contains(f << (seed * 10)) == expected.contains(f << (seed * 10)));
  CHECK(set.sorted() == std::vector<std::uint64_t>(expected.begin(), expected.end()));
  set.reserve_more(100000);
  CHECK(set.sorted() == std::vector<std::uint64_t>(expected.begin(), expected.end()));
}
