#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/generators/catch_generators_range.hpp>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "detail/network_state.hpp"

using rapport::MemberId;
using rapport::Timestamp;
using rapport::detail::TopTies;

namespace {

/// Members whose handles run against their ids: "m29" is id 0, "m28" id 1, and so on.
rapport::detail::MemberTable reversed_members(std::size_t n) {
  rapport::detail::MemberTable members;
  for (std::size_t i = 0; i < n; ++i) members.push_back({.handle = "m" + std::to_string(10 + n - 1 - i)});
  return members;
}

/// The handles listed, strongest first.
std::vector<std::string> handles_of(const TopTies& ties, const rapport::detail::MemberTable& members) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ties.size(); ++i) out.emplace_back(members.handle(ties.ids[i]));
  return out;
}

}  // namespace

TEST_CASE("top ties with equal keys rank by handle, whatever order they are offered in", "[detail][ties]") {
  const auto members = reversed_members(TopTies::capacity + 2);
  const Timestamp at{std::chrono::seconds{100}};
  TopTies forward, backward;
  for (MemberId id = 0; id < members.size(); ++id) forward.offer(id, 1.0, at, members);
  for (MemberId id = static_cast<MemberId>(members.size()); id-- > 0;) backward.offer(id, 1.0, at, members);
  const std::vector<std::string> listed = handles_of(forward, members);
  CHECK(listed == handles_of(backward, members));
  // The smallest handles are kept, smallest first: "m10" ... "m17", not the first ids offered.
  REQUIRE(listed.size() == TopTies::capacity);
  CHECK(listed.front() == "m10");
  CHECK(listed.back() == "m17");
  CHECK(std::ranges::is_sorted(listed));
}

TEST_CASE("a stronger key outranks a smaller handle, and an equal key does not evict", "[detail][ties]") {
  const auto members = reversed_members(TopTies::capacity + 1);  // handles m10 .. m18
  const Timestamp at{std::chrono::seconds{100}};
  TopTies ties;
  // Every member but the one with the largest handle ("m18", id 0), at key 1.
  for (MemberId id = 1; id < members.size(); ++id) ties.offer(id, 1.0, at, members);
  ties.offer(0, 1.0, at, members);
  CHECK(ties.find(0) == TopTies::not_listed);  // equal key, larger handle than every listed one: left out
  ties.offer(0, 1.5, at, members);
  CHECK(ties.find(0) == 0);
  CHECK(handles_of(ties, members).back() == "m16");  // "m17" made way
}

TEST_CASE("top ties are the strongest by latest key, ties by handle, in any order of offers",
          "[detail][ties]") {
  const auto seed = GENERATE(range(1u, 9u));
  std::mt19937 rng(seed);
  const auto members = reversed_members(20);
  // Each member's keys grow, in steps from a small set so that many keys are equal.
  std::vector<std::vector<double>> keys(members.size());
  std::uniform_int_distribution<int> steps(1, 4), step(0, 2);
  for (auto& k : keys) {
    double key = 0;
    for (int s = steps(rng); s > 0; --s) k.push_back(key += step(rng));
  }
  // Each member's offers in order, the members' interleaved at random; twice, differently.
  const auto listed_after_random_offers = [&](std::mt19937& order) {
    std::vector<MemberId> sequence;
    for (MemberId id = 0; id < members.size(); ++id) sequence.insert(sequence.end(), keys[id].size(), id);
    std::ranges::shuffle(sequence, order);
    std::vector<std::size_t> next(members.size());
    TopTies ties;
    for (const MemberId id : sequence) ties.offer(id, keys[id][next[id]++], Timestamp{}, members);
    return handles_of(ties, members);
  };
  std::mt19937 first(seed * 2), second(seed * 2 + 1);
  const std::vector<std::string> listed = listed_after_random_offers(first);
  CHECK(listed == listed_after_random_offers(second));

  std::vector<MemberId> expected(members.size());
  for (MemberId id = 0; id < members.size(); ++id) expected[id] = id;
  std::ranges::sort(expected, [&](MemberId a, MemberId b) {
    if (keys[a].back() != keys[b].back()) return keys[a].back() > keys[b].back();
    return members.handle(a) < members.handle(b);
  });
  expected.resize(TopTies::capacity);
  std::vector<std::string> expected_handles;
  for (const MemberId id : expected) expected_handles.emplace_back(members.handle(id));
  CHECK(listed == expected_handles);
}

TEST_CASE("top ties: each entry keeps when its key was set, whichever is set first", "[top_ties]") {
  const auto members = reversed_members(4);
  const auto t = [](long long s) { return Timestamp{std::chrono::seconds{s}}; };
  TopTies ties;
  ties.offer(0, 1.0, t(5'000), members);
  ties.offer(1, 3.0, t(1'000), members);   // older than the latest
  ties.offer(2, 2.0, t(90'000), members);  // newer: the others' ages grow
  ties.offer(0, 4.0, t(-7'000), members);  // before the epoch
  REQUIRE(ties.size() == 3);
  std::vector<std::pair<MemberId, Timestamp>> listed;
  for (std::size_t i = 0; i < ties.size(); ++i) listed.emplace_back(ties.ids[i], ties.since(i));
  CHECK(listed == std::vector<std::pair<MemberId, Timestamp>>{{0, t(-7'000)}, {1, t(1'000)}, {2, t(90'000)}});
}
