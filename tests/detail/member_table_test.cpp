#include "detail/member_table.hpp"

#include <catch2/catch_test_macros.hpp>
#include <chrono>
#include <string>

using rapport::Member;
using rapport::Timestamp;
using rapport::detail::MemberTable;

namespace {

Member full_member() {
  return {.handle = "https://example.social/users/ana-with-a-long-handle",
          .name = "Ana",
          .topics = {{"marketing/social-media", 2.0}, {"pets"}},
          .competitor = true,
          .strategic = true,
          .cadence = std::chrono::days{14},
          .launches = {{Timestamp{std::chrono::seconds{100}}, Timestamp{std::chrono::seconds{200}}}},
          .energy = 0.25,
          .aliases = {"@ana@example.social"}};
}

}  // namespace

TEST_CASE("member table: each member reads back as it was given", "[member_table]") {
  MemberTable t;
  const Member plain{.handle = "ben", .topics = {{"pets"}}};
  const Member full = full_member();
  t.push_back(plain);
  t.push_back(full);
  t.push_back({.handle = "cy"});
  REQUIRE(t.size() == 3);
  CHECK(t.record(0) == plain);
  CHECK(t.record(1) == full);
  CHECK(t.record(2) == Member{.handle = "cy"});
  CHECK(t.handle(1) == full.handle);
  CHECK(t.name(0).empty());
  CHECK(t.name(1) == "Ana");
  CHECK(t.energy(0) == 1.0);
  CHECK(t.energy(1) == 0.25);
  CHECK(t.cadence(0) == Member{}.cadence);
  CHECK(t.cadence(1) == std::chrono::days{14});
  CHECK(t.competitor(1));
  CHECK_FALSE(t.competitor(0));
  CHECK(t.launches(1).size() == 1);
  CHECK(t.aliases(1).size() == 1);
  CHECK(t.topic_shape(1).depths == std::vector<std::size_t>{2, 1});
  CHECK(t.topic_shape(1).heaviest == 2.0);
}

TEST_CASE("member table: equal topic lists are kept once, lists that differ in a weight are not",
          "[member_table]") {
  MemberTable t;
  t.push_back({.handle = "a", .topics = {{"pets"}, {"marketing"}}});
  t.push_back({.handle = "b", .topics = {{"pets"}, {"marketing"}}});
  t.push_back({.handle = "c", .topics = {{"pets", 2.0}, {"marketing"}}});
  t.push_back({.handle = "d", .topics = {{"marketing"}, {"pets"}}});
  CHECK(&t.topics(0) == &t.topics(1));
  CHECK(&t.topics(0) != &t.topics(2));
  CHECK(&t.topics(0) != &t.topics(3));
  CHECK(t.topics(2)[0].weight == 2.0);
}

TEST_CASE("member table: a replacement changes only its member, and drops fields it no longer has",
          "[member_table]") {
  MemberTable t;
  t.push_back(full_member());
  t.push_back({.handle = "ben"});
  const Member plain{.handle = "https://EXAMPLE.social/users/ana-with-a-long-handle", .topics = {{"pets"}}};
  t.replace(0, plain);
  CHECK(t.record(0) == plain);  // the case of its host changed, and its own fields are gone
  CHECK(t.energy(0) == 1.0);
  CHECK(t.record(1) == Member{.handle = "ben"});
  t.replace(1, full_member());
  CHECK(t.record(1) == full_member());
  CHECK(t.record(0) == plain);
}

TEST_CASE("member table: a handle rewritten in another case again and again takes no more room",
          "[member_table]") {
  MemberTable t;
  t.push_back({.handle = "@ana@example.social"});
  t.push_back({.handle = "@ben@example.social"});
  const std::size_t bytes = t.handle_bytes();
  for (int round = 0; round < 1'000; ++round)
    t.replace(0, {.handle = round % 2 == 0 ? "@ana@EXAMPLE.social" : "@ana@Example.Social"});
  CHECK(t.handle_bytes() == bytes);
  CHECK(t.handle(0) == "@ana@Example.Social");
  CHECK(t.handle(1) == "@ben@example.social");
}

TEST_CASE("member table: removing the latest member leaves the others, and the next takes its place",
          "[member_table]") {
  MemberTable t;
  t.push_back({.handle = "ana"});
  t.push_back(full_member());
  t.pop_back();
  REQUIRE(t.size() == 1);
  t.push_back({.handle = "ben", .name = "Ben"});
  CHECK(t.record(0) == Member{.handle = "ana"});
  CHECK(t.record(1) == Member{.handle = "ben", .name = "Ben"});
}
