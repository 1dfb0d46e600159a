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

/// Members' handles by id, as a network's member table keeps them, with an index of their keys.
struct Members {
  std::vector<std::string> handles;
  MemberIndex index;

  std::string_view handle(MemberId id) const { return handles[id]; }
  void prefetch(MemberId) const noexcept {}
  void prefetch_handle(MemberId) const noexcept {}

  /// Adds the next member, with `handle` and `aliases`.
  MemberId add(std::string_view handle, const std::vector<std::string>& aliases = {}) {
    const auto id = static_cast<MemberId>(handles.size());
    handles.emplace_back(handle);
    index.add(handle, aliases, id);
    return id;
  }
  MemberId find(std::string_view handle) const { return index.find(handle, *this); }
};

/// `find` and `find_all` agree with `expected` on every handle of `probes`.
void require_finds(const Members& members, const std::unordered_map<std::string, MemberId>& expected,
                   const std::vector<std::string>& probes) {
  std::vector<HashedHandle> hashed;
  for (const std::string& h : probes) hashed.push_back({h, MemberIndex::hash(h)});
  std::vector<MemberId> ids(probes.size());
  members.index.find_all(hashed, ids, members);
  for (std::size_t k = 0; k < probes.size(); ++k) {
    const auto it = expected.find(probes[k]);
    const MemberId want = it == expected.end() ? MemberIndex::npos : it->second;
    REQUIRE(members.find(probes[k]) == want);
    REQUIRE(ids[k] == want);
  }
}

}  // namespace

TEST_CASE("an empty member index finds nobody", "[detail][member_index]") {
  const Members members;
  CHECK(members.index.size() == 0);
  CHECK(members.find("ana") == MemberIndex::npos);
  const std::vector<HashedHandle> hashed{{"ana", MemberIndex::hash("ana")}, {"", MemberIndex::hash("")}};
  std::vector<MemberId> ids(2, 0);
  members.index.find_all(hashed, ids, members);
  CHECK(ids == std::vector<MemberId>{MemberIndex::npos, MemberIndex::npos});
}

TEST_CASE("the member index numbers handles in order of addition and finds each", "[detail][member_index]") {
  // Every third member has an alias, and every seventh a host in capitals: keys the index copies, among
  // handles it reads where the members keep them.
  Members members;
  std::unordered_map<std::string, MemberId> expected;
  std::vector<std::string> probes;
  for (std::size_t i = 0; i < 5'000; ++i) {
    std::string h = handle_of(i);
    if (i % 7 == 0) h = "@User" + std::to_string(i) + "@Example.Social";
    std::vector<std::string> aliases;
    if (i % 3 == 0) aliases.push_back("alias-" + std::to_string(i));
    const MemberId id = members.add(h, aliases);
    REQUIRE(id == i);
    for (const std::string& key : aliases) {
      expected.emplace(key, id);
      probes.push_back(key);
    }
    expected.emplace(h, id);
    probes.push_back(h);
    probes.push_back(h + "x");                    // never added: longer by one
    probes.push_back(h.substr(0, h.size() - 1));  // a prefix, added only if it is another's handle
    if (i % 500 == 0) require_finds(members, expected, probes);  // across growths
  }
  CHECK(members.index.size() == 5'000 + 1'667);
  require_finds(members, expected, probes);
  CHECK(members.find("@User7@EXAMPLE.social") == 7);
  // Copies find the same members and grow on their own.
  Members copy = members;
  copy.add("newcomer");
  CHECK(copy.find("newcomer") == 5'000);
  CHECK(members.find("newcomer") == MemberIndex::npos);
  require_finds(copy, expected,
                {handle_of(1), handle_of(2), handle_of(3), "alias-0", "@User4998@Example.Social"});
}

TEST_CASE("the member index finds a member by any of its keys", "[detail][member_index]") {
  Members members;
  members.add("https://example.social/users/ana", {"@ana@example.social", "https://example.social/@ana"});
  members.add("ben");
  CHECK(members.index.size() == 4);
  require_finds(members,
                {{"https://example.social/users/ana", 0},
                 {"@ana@example.social", 0},
                 {"https://example.social/@ana", 0},
                 {"ben", 1}},
                {"https://example.social/users/ana", "@ana@example.social", "https://example.social/@ana",
                 "ben", "@ana", "ana"});
}

TEST_CASE("the member index ignores the case of hosts and schemes only", "[detail][member_index]") {
  Members members;
  members.add("@ana@example.social");                                      // read where the members keep it
  members.add("@Bo@Example.Social", {"HTTPS://Example.Social/users/Bo"});  // copied, folded
  members.add("Plain");
  for (const char* same : {"@ana@EXAMPLE.social", "@ana@example.social"}) CHECK(members.find(same) == 0);
  for (const char* same : {"@Bo@example.social", "@Bo@EXAMPLE.SOCIAL", "https://example.social/users/Bo",
                           "Https://EXAMPLE.social/users/Bo"})
    CHECK(members.find(same) == 1);
  // The user part, the path and handles of no such shape keep their case.
  for (const char* other :
       {"@Ana@example.social", "@bo@example.social", "https://example.social/users/bo", "plain", "@BO@"})
    CHECK(members.find(other) == MemberIndex::npos);
  CHECK(members.find("Plain") == 2);
  const std::vector<HashedHandle> hashed{{"@Bo@EXAMPLE.social", MemberIndex::hash("@Bo@EXAMPLE.social")},
                                         {"@ana@Example.Social", MemberIndex::hash("@ana@Example.Social")}};
  std::vector<MemberId> ids(2);
  members.index.find_all(hashed, ids, members);
  CHECK(ids == std::vector<MemberId>{1, 0});
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
  // As handles, read where the members keep them, and as aliases, copied.
  Members members;
  std::unordered_map<std::string, MemberId> expected;
  std::vector<std::string> probes;
  for (const std::size_t size : {1u, 2u, 3u, 4u, 5u, 1000u}) {
    const std::string h(size, 'k'), alias(size, 'a');
    const MemberId id = members.add(h, {alias});
    expected.emplace(h, id);
    expected.emplace(alias, id);
    probes.insert(probes.end(), {h, h + "j", alias, alias + "j"});
  }
  // The empty alias last: its record ends the arena, where its bytes would start.
  expected.emplace("", members.add("owner-of-the-empty-alias", {""}));
  probes.push_back("");
  require_finds(members, expected, probes);
}
