#include "detail/member_index.hpp"

#include <catch2/catch_test_macros.hpp>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

using rapport::MemberId;
using rapport::detail::HashedHandle;
using rapport::detail::MemberIndex;

namespace {

/// Handles of every shape: short, of every length modulo the index's 4-byte words, long, and prefixes of
/// one another.
std::string handle_of(std::size_t i) {
  switch (i % 4) {
    case 0:
      return "m" + std::to_string(i);
    case 1:
      return "@user" + std::to_string(i) + "@example.social";
    case 2: {
      std::string h = "@" + std::to_string(i) + "@";
      h.resize(24 + i / 4 % 8, 'x');
      return h;
    }
    default:
      return "@a-rather-long-handle-" + std::to_string(i) + "@a-rather-long-instance.example.org";
  }
}

/// Indexes `handle` alone as member `id`.
void add(MemberIndex& index, std::string_view handle, MemberId id) {
  index.add(std::span(&handle, 1), id);
}

/// `find` and `find_all` agree with `expected` on every handle of `probes`.
void require_finds(const MemberIndex& index, const std::unordered_map<std::string, MemberId>& expected,
                   const std::vector<std::string>& probes) {
  std::vector<HashedHandle> hashed;
  for (const std::string& h : probes) hashed.push_back({h, MemberIndex::hash(h)});
  std::vector<MemberId> ids(probes.size());
  index.find_all(hashed, ids);
  for (std::size_t k = 0; k < probes.size(); ++k) {
    const auto it = expected.find(probes[k]);
    const MemberId want = it == expected.end() ? MemberIndex::npos : it->second;
    REQUIRE(index.find(probes[k]) == want);
    REQUIRE(ids[k] == want);
    REQUIRE(index.contains(probes[k]) == (it != expected.end()));
  }
}

}  // namespace

TEST_CASE("an empty member index finds nobody", "[detail][member_index]") {
  const MemberIndex index;
  CHECK(index.size() == 0);
  CHECK(index.find("ana") == MemberIndex::npos);
  const std::vector<HashedHandle> hashed{{"ana", MemberIndex::hash("ana")}, {"", MemberIndex::hash("")}};
  std::vector<MemberId> ids(2, 0);
  index.find_all(hashed, ids);
  CHECK(ids == std::vector<MemberId>{MemberIndex::npos, MemberIndex::npos});
}

TEST_CASE("the member index numbers handles in order of addition and finds each", "[detail][member_index]") {
  MemberIndex index;
  std::unordered_map<std::string, MemberId> expected;
  std::vector<std::string> probes;
  for (std::size_t i = 0; i < 5'000; ++i) {
    const std::string h = handle_of(i);
    add(index, h, static_cast<MemberId>(i));
    expected.emplace(h, static_cast<MemberId>(i));
    probes.push_back(h);
    probes.push_back(h + "x");                    // never added: longer by one
    probes.push_back(h.substr(0, h.size() - 1));  // a prefix, added only if it is another's handle
    if (i % 500 == 0) require_finds(index, expected, probes);  // across growths
  }
  CHECK(index.size() == 5'000);
  require_finds(index, expected, probes);
  // Copies find the same members and grow on their own.
  MemberIndex copy = index;
  add(copy, "newcomer", 5'000);
  CHECK(copy.find("newcomer") == 5'000);
  CHECK_FALSE(index.contains("newcomer"));
  require_finds(copy, expected, {handle_of(0), handle_of(1), handle_of(2), handle_of(3), handle_of(4'999)});
}

TEST_CASE("the member index finds a member by any of its keys", "[detail][member_index]") {
  MemberIndex index;
  const std::vector<std::string_view> ana{"https://example.social/users/ana", "@ana@example.social",
                                          "https://example.social/@ana"};
  index.add(ana, 0);
  add(index, "ben", 1);
  CHECK(index.size() == 4);
  require_finds(index,
                {{std::string(ana[0]), 0}, {std::string(ana[1]), 0}, {std::string(ana[2]), 0}, {"ben", 1}},
                {std::string(ana[0]), std::string(ana[1]), std::string(ana[2]), "ben", "@ana", "ana"});
}

TEST_CASE("the member index ignores the case of hosts and schemes only", "[detail][member_index]") {
  MemberIndex index;
  const std::vector<std::string_view> keys{"@Ana@Example.Social", "HTTPS://Example.Social/users/Ana"};
  index.add(keys, 7);
  add(index, "Plain", 8);
  for (const char* same : {"@Ana@example.social", "@Ana@EXAMPLE.SOCIAL", "https://example.social/users/Ana",
                           "Https://EXAMPLE.social/users/Ana"})
    CHECK(index.find(same) == 7);
  // The user part, the path and handles of no such shape keep their case.
  for (const char* other : {"@ana@example.social", "https://example.social/users/ana", "plain", "@ANA@"})
    CHECK(index.find(other) == MemberIndex::npos);
  CHECK(index.find("Plain") == 8);
  const std::vector<HashedHandle> hashed{{"@Ana@EXAMPLE.social", MemberIndex::hash("@Ana@EXAMPLE.social")}};
  std::vector<MemberId> ids(1);
  index.find_all(hashed, ids);
  CHECK(ids[0] == 7);
}

TEST_CASE("case_free_part names the host of an address and the scheme and host of a URL",
          "[detail][member_index]") {
  using rapport::detail::case_free_part;
  using Part = std::pair<std::size_t, std::size_t>;
  CHECK(case_free_part("@ana@example.social") == Part{5, 19});
  CHECK(case_free_part("https://example.social/@ana") == Part{0, 22});
  CHECK(case_free_part("https://example.social") == Part{0, 22});
  CHECK(case_free_part("mailto:ana@example.social") == Part{0, 0});
  CHECK(case_free_part("ana") == Part{0, 0});
  CHECK(case_free_part("@ana") == Part{0, 0});
  CHECK(case_free_part("@@host") == Part{0, 0});
  CHECK(case_free_part("a b://host") == Part{0, 0});
}

TEST_CASE("the member index keeps an empty key and keys of any length", "[detail][member_index]") {
  MemberIndex index;
  std::unordered_map<std::string, MemberId> expected;
  std::vector<std::string> probes;
  // The empty key last: its record ends the arena, where its bytes would start.
  for (const std::size_t size : {1u, 2u, 3u, 4u, 5u, 1000u, 0u}) {
    const std::string h(size, 'k');
    add(index, h, static_cast<MemberId>(expected.size()));
    expected.emplace(h, static_cast<MemberId>(expected.size()));
    probes.push_back(h);
    probes.push_back(h + "j");
  }
  require_finds(index, expected, probes);
}
