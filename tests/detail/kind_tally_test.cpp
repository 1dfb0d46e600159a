#include "detail/kind_tally.hpp"

#include <catch2/catch_test_macros.hpp>
#include <cstddef>
#include <cstdint>
#include <random>

using rapport::InteractionKind;
using rapport::detail::ExtraCounts;
using rapport::detail::KindCounts;
using rapport::detail::KindTally;
using rapport::detail::SpilledCountsTable;

namespace {

constexpr std::size_t at(InteractionKind kind) {
  return static_cast<std::size_t>(kind);
}

/// The kinds a tally counts: every kind but messages.
InteractionKind counted_kind(std::size_t place) {
  return ExtraCounts::kind_at(place);
}

/// Adds `n` events of `kind` towards hi if `to_hi`, to both `tally` and `expected`, with room reserved as
/// recording does.
void add(KindTally& tally, SpilledCountsTable& spilled, std::array<KindCounts, 2>& expected,
         InteractionKind kind, bool to_hi, std::uint32_t n) {
  for (std::uint32_t i = 0; i < n; ++i) {
    spilled.reserve_more(1);
    tally.add_one(kind, to_hi, spilled);
    std::uint32_t& count = expected[to_hi ? 1 : 0][at(kind)];
    if (count < ExtraCounts::max) ++count;
  }
}

}  // namespace

TEST_CASE("kind tally: four kinds and directions stay inline, each count as added") {
  KindTally tally;
  SpilledCountsTable spilled;
  std::array<KindCounts, 2> expected{};
  add(tally, spilled, expected, InteractionKind::liked, true, 3);
  add(tally, spilled, expected, InteractionKind::liked, false, 1);
  add(tally, spilled, expected, InteractionKind::met_in_person, true, 2047);
  add(tally, spilled, expected, InteractionKind::asked, false, 5);
  CHECK_FALSE(tally.is_spilled());
  CHECK(spilled.empty());
  CHECK(tally.counts(false, spilled) == expected[0]);
  CHECK(tally.counts(true, spilled) == expected[1]);
  CHECK(tally.counts(true, spilled)[at(InteractionKind::message)] == 0);
}

TEST_CASE("kind tally: a fifth kind or direction spills, keeping every count") {
  KindTally tally;
  SpilledCountsTable spilled;
  std::array<KindCounts, 2> expected{};
  for (std::size_t place = 0; place < 4; ++place)
    add(tally, spilled, expected, counted_kind(place), place % 2 == 0, 7);
  add(tally, spilled, expected, counted_kind(1), true, 1);  // the same kind, the other way
  CHECK(tally.is_spilled());
  CHECK(spilled.size() == 1);
  CHECK(tally.counts(false, spilled) == expected[0]);
  CHECK(tally.counts(true, spilled) == expected[1]);
  add(tally, spilled, expected, InteractionKind::broke_promise, false, 2);
  CHECK(spilled.size() == 1);
  CHECK(tally.counts(false, spilled) == expected[0]);
}

TEST_CASE("kind tally: a count past 2047 spills and then stops at the 16-bit maximum") {
  KindTally tally;
  SpilledCountsTable spilled;
  std::array<KindCounts, 2> expected{};
  add(tally, spilled, expected, InteractionKind::liked, false, 2047);
  CHECK_FALSE(tally.is_spilled());
  add(tally, spilled, expected, InteractionKind::liked, false, 1);
  CHECK(tally.is_spilled());
  CHECK(tally.counts(false, spilled)[at(InteractionKind::liked)] == 2048);
  add(tally, spilled, expected, InteractionKind::liked, false, ExtraCounts::max);
  CHECK(tally.counts(false, spilled)[at(InteractionKind::liked)] == ExtraCounts::max);
  CHECK(tally.counts(true, spilled) == KindCounts{});
}

TEST_CASE("kind tally: tallies that spill keep their own counts") {
  SpilledCountsTable spilled;
  std::array<KindTally, 3> tallies;
  std::array<std::array<KindCounts, 2>, 3> expected{};
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::size_t> place(0, rapport::interaction_kind_count - 2), which(0, 2);
  std::bernoulli_distribution to_hi(0.5);
  for (int i = 0; i < 400; ++i) {
    const std::size_t t = which(rng);
    add(tallies[t], spilled, expected[t], counted_kind(place(rng)), to_hi(rng), 1);
  }
  for (std::size_t t = 0; t < tallies.size(); ++t) {
    CHECK(tallies[t].is_spilled());
    CHECK(tallies[t].counts(false, spilled) == expected[t][0]);
    CHECK(tallies[t].counts(true, spilled) == expected[t][1]);
  }
  CHECK(spilled.size() == tallies.size());
}

TEST_CASE("kind tally: assign holds few counts inline and many in the table, capped at the maximum") {
  SpilledCountsTable spilled;
  KindCounts to_lo{}, to_hi{};
  to_lo[at(InteractionKind::liked)] = 2047;
  to_hi[at(InteractionKind::call)] = 1;
  to_hi[at(InteractionKind::message)] = 9;  // counted by the pair, not here
  KindTally few;
  few.assign(to_lo, to_hi, spilled);
  CHECK_FALSE(few.is_spilled());
  to_hi[at(InteractionKind::message)] = 0;
  CHECK(few.counts(false, spilled) == to_lo);
  CHECK(few.counts(true, spilled) == to_hi);

  to_lo[at(InteractionKind::liked)] = 70000;
  KindTally many;
  many.assign(to_lo, to_hi, spilled);
  CHECK(many.is_spilled());
  to_lo[at(InteractionKind::liked)] = ExtraCounts::max;
  CHECK(many.counts(false, spilled) == to_lo);
  CHECK(many.counts(true, spilled) == to_hi);

  KindCounts five{};
  for (std::size_t place = 0; place < 5; ++place) five[at(counted_kind(place))] = 1;
  KindTally five_kinds;
  five_kinds.assign(five, KindCounts{}, spilled);
  CHECK(five_kinds.is_spilled());
  CHECK(five_kinds.counts(false, spilled) == five);
  CHECK(five_kinds.counts(true, spilled) == KindCounts{});
}

TEST_CASE("kind tally: an index past 16 bits is held whole") {
  SpilledCountsTable spilled;
  std::array<KindCounts, 2> expected{};
  KindTally early;
  add(early, spilled, expected, InteractionKind::liked, false, 2048);  // spills first, at index 0
  while (spilled.size() < (std::size_t{1} << 16) + 1) spilled.push_back({});
  KindTally late;
  std::array<KindCounts, 2> late_expected{};
  add(late, spilled, late_expected, InteractionKind::call, true, 2048);  // spills at index 65537
  REQUIRE(late.is_spilled());
  CHECK(late.counts(true, spilled) == late_expected[1]);
  CHECK(late.counts(false, spilled) == KindCounts{});
  CHECK(early.counts(false, spilled) == expected[0]);
}

TEST_CASE("kind tally: assign keeps 2047 inline and spills 2048") {
  SpilledCountsTable spilled;
  for (const std::uint32_t n : {2047u, 2048u}) {
    KindCounts to_hi{};
    to_hi[at(InteractionKind::promoted)] = n;
    KindTally tally;
    tally.assign(KindCounts{}, to_hi, spilled);
    CHECK(tally.is_spilled() == (n == 2048));
    CHECK(tally.counts(true, spilled) == to_hi);
    CHECK(tally.counts(false, spilled) == KindCounts{});
  }
}
