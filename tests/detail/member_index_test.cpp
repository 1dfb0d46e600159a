#include "detail/member_index.hpp"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
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

namespace {

/// Members whose keys change: `rekey` gives member `id` a new handle and aliases, as `update_member` does.
struct Rekeyed : Members {
  std::vector<std::vector<std::string>> aliases;

  MemberId add(std::string_view handle, const std::vector<std::string>& keys = {}) {
    aliases.push_back(keys);
    return Members::add(handle, keys);
  }
  void rekey(MemberId id, const std::string& handle, const std::vector<std::string>& keys) {
    index.reserve_keys(handle, keys);
    const std::string old_handle = handles[id];
    handles[id] = handle;
    index.rekey(id, old_handle, aliases[id], handle, keys);
    aliases[id] = keys;
  }
};

}  // namespace

TEST_CASE("the member index re-keys one member and finds the rest as before", "[detail][member_index]") {
  // Every member has an alias or two; a third of them are re-keyed: new aliases, a handle whose host
  // changes case (so that the index copies it, or stops copying it), in turns.
  Rekeyed members;
  std::unordered_map<std::string, MemberId> expected;
  std::vector<std::string> probes;
  for (std::size_t i = 0; i < 3'000; ++i) {
    const std::string h = handle_of(i);
    std::vector<std::string> keys{"alias-" + std::to_string(i)};
    if (i % 2 == 0) keys.push_back("second-" + std::to_string(i));
    members.add(h, keys);
  }
  for (std::size_t i = 0; i < 3'000; ++i) {
    const auto id = static_cast<MemberId>(i);
    std::string h = handle_of(i);
    std::vector<std::string> keys = members.aliases[id];
    if (i % 3 == 0) {
      keys = {"renamed-" + std::to_string(i)};
      // "@user1@example.social" written "@user1@EXAMPLE.social": the same member, copied now.
      if (i % 4 == 1) h = "@user" + std::to_string(i) + "@EXAMPLE.social";
      members.rekey(id, h, keys);
      probes.push_back("alias-" + std::to_string(i));  // gone
      probes.push_back("second-" + std::to_string(i));
    }
    expected.emplace(handle_of(i), id);
    probes.push_back(handle_of(i));
    if (h != handle_of(i)) {
      expected.emplace(h, id);
      probes.push_back(h);
    }
    for (const std::string& k : keys) {
      expected.emplace(k, id);
      probes.push_back(k);
    }
  }
  require_finds(members, expected, probes);
  std::size_t keys = 3'000;
  for (const auto& a : members.aliases) keys += a.size();
  CHECK(keys == 3'000 + 4'000);
  CHECK(members.index.size() == keys);
  // And back: the copied handles in lower case again, read where the members keep them.
  for (std::size_t i = 9; i < 3'000; i += 12) members.rekey(static_cast<MemberId>(i), handle_of(i), {});
  for (std::size_t i = 9; i < 3'000; i += 12) {
    CHECK(members.find(handle_of(i)) == i);
    CHECK(members.find("@user" + std::to_string(i) + "@EXAMPLE.social") == i);  // its host folded
    CHECK(members.find("renamed-" + std::to_string(i)) == MemberIndex::npos);
  }
}

TEST_CASE("re-keying a member again and again keeps the index's memory bounded", "[detail][member_index]") {
  Rekeyed members;
  for (std::size_t i = 0; i < 1'000; ++i) members.add(handle_of(i), {"alias-" + std::to_string(i)});
  const std::size_t before = members.index.memory_bytes();
  for (std::size_t round = 0; round < 20'000; ++round)
    members.rekey(7, "@User7@Example.Social", {"alias-7-" + std::to_string(round), "other-7"});
  // The records of the keys removed are freed once they are over half the arena and a quarter of the
  // slots in words: 60,000 of them, 5 to 8 words each, would otherwise take over 1 MB.
  CHECK(members.index.memory_bytes() <= 4 * before);
  CHECK(members.find("@User7@example.social") == 7);
  CHECK(members.find(handle_of(7)) == MemberIndex::npos);
  CHECK(members.find("alias-7-19999") == 7);
  CHECK(members.find("alias-7-19998") == MemberIndex::npos);
  CHECK(members.find("alias-7") == MemberIndex::npos);
  CHECK(members.find("alias-8") == 8);
  CHECK(members.find(handle_of(999)) == 999);
}

namespace {

/// The upper 32 bits of a key's hash, which a slot keeps and which give its home.
std::uint32_t tag_of(std::string_view key) {
  return static_cast<std::uint32_t>(MemberIndex::hash(key) >> 32);
}

/// A handle "@kN@x" not in `taken` whose home in an index of `slots` slots is `home`; added to `taken`.
std::string handle_at_home(std::size_t slots, std::size_t home, std::vector<std::string>& taken) {
  for (std::size_t i = 0;; ++i) {
    std::string h = "@k" + std::to_string(i) + "@x";
    if ((tag_of(h) & (slots - 1)) == home && std::find(taken.begin(), taken.end(), h) == taken.end()) {
      taken.push_back(h);
      return h;
    }
  }
}

/// Two handles whose hashes share a slot's tag, by the birthday bound.
std::pair<std::string, std::string> handles_sharing_a_tag() {
  std::unordered_map<std::uint32_t, std::string> by_tag;
  for (std::size_t i = 0;; ++i) {
    std::string h = "@k" + std::to_string(i) + "@example.social";
    const auto [it, added] = by_tag.emplace(tag_of(h), h);
    if (!added) return {it->second, h};
  }
}

}  // namespace

TEST_CASE("the member index tells apart keys whose hashes share a slot's tag", "[detail][member_index]") {
  const auto [first, second] = handles_sharing_a_tag();
  Members members;
  members.add(first);
  require_finds(members, {{first, 0}}, {first, second});  // a tag that matches, a key that does not
  members.add(second, {"alias-of-second"});
  require_finds(members, {{first, 0}, {second, 1}, {"alias-of-second", 1}},
                {second, first, "alias-of-second"});
}

TEST_CASE("the member index names members up to the last id it can", "[detail][member_index]") {
  // A sparse source: two members at the top of the range, one at the bottom.
  struct Sparse {
    std::unordered_map<MemberId, std::string> handles;
    std::string_view handle(MemberId id) const { return handles.at(id); }
    void prefetch(MemberId) const noexcept {}
    void prefetch_handle(MemberId) const noexcept {}
  } source;
  const auto last = static_cast<MemberId>(MemberIndex::max_members - 1);
  MemberIndex index;
  for (const auto& [id, handle, alias] : {std::tuple{last, "@last@example.social", "last-alias"},
                                          std::tuple{last - 1, "@Next@Example.Social", "next-alias"},
                                          std::tuple{MemberId{0}, "@first@example.social", "first-alias"}}) {
    source.handles.emplace(id, handle);
    const std::vector<std::string> aliases{alias};
    index.add(handle, aliases, id);
  }
  CHECK(index.find("@last@example.social", source) == last);
  CHECK(index.find("last-alias", source) == last);
  CHECK(index.find("@Next@EXAMPLE.social", source) == last - 1);
  CHECK(index.find("next-alias", source) == last - 1);
  CHECK(index.find("@first@EXAMPLE.social", source) == 0);
  CHECK(index.find("@nobody@example.social", source) == MemberIndex::npos);
}

TEST_CASE("re-keying empties a slot at the end of the index and moves back a key that wrapped around",
          "[detail][member_index]") {
  // 16 slots: a at slot 15, its home; b at slot 0, its home; c, whose home is 15, wrapped to slot 1.
  std::vector<std::string> taken;
  const std::string a = handle_at_home(16, 15, taken), b = handle_at_home(16, 0, taken),
                    c = handle_at_home(16, 15, taken);
  Rekeyed members;
  members.add(a);
  members.add(b);
  members.add(c);
  // Removing a's handle empties slot 15: c moves back to it across the end, b stays at its home.
  members.rekey(0, a, {"zz"});
  require_finds(members, {{a, 0}, {b, 1}, {c, 2}, {"zz", 0}}, {a, b, c, "zz"});
  members.rekey(2, c, {});
  members.rekey(1, b, {"yy"});
  require_finds(members, {{a, 0}, {b, 1}, {c, 2}, {"zz", 0}, {"yy", 1}}, {a, b, c, "zz", "yy"});
}

TEST_CASE("re-keying removes a member's own key when another's shares its tag", "[detail][member_index]") {
  const auto [first, second] = handles_sharing_a_tag();
  SECTION("the handles of two members") {
    Rekeyed members;
    members.add(first);
    members.add(second);
    members.rekey(1, second, {"alias"});
    require_finds(members, {{first, 0}, {second, 1}, {"alias", 1}}, {first, second, "alias"});
    members.rekey(0, first, {"other"});
    require_finds(members, {{first, 0}, {second, 1}, {"alias", 1}, {"other", 0}},
                  {first, second, "alias", "other"});
  }
  SECTION("the handle and an alias of one member") {
    Rekeyed members;
    members.add("@z@x");
    members.add(first, {second});
    members.rekey(1, first, {"b"});
    require_finds(members, {{"@z@x", 0}, {first, 1}, {"b", 1}}, {"@z@x", first, second, "b"});
    members.rekey(1, first, {second});
    members.rekey(1, first, {});
    require_finds(members, {{"@z@x", 0}, {first, 1}}, {"@z@x", first, second, "b"});
    CHECK(members.index.size() == 2);
  }
}

TEST_CASE("random re-keying finds every member by its keys and by no key it lost", "[detail][member_index]") {
  // Small indexes, so that clusters wrap and records are freed often; each step re-keys one member with
  // a handle whose host is in lower case or not, and zero to three fresh aliases.
  std::mt19937 rng(20261204);
  for (int trial = 0; trial < 100; ++trial) {
    Rekeyed members;
    const auto n = static_cast<MemberId>(1 + rng() % 12);
    std::size_t fresh = 0;
    const auto aliases = [&](std::size_t count) {
      std::vector<std::string> out;
      for (; count > 0; --count) out.push_back("a" + std::to_string(fresh++));
      return out;
    };
    const auto handle = [](MemberId i, bool capitals) {
      return "@u" + std::to_string(i) + (capitals ? "@X.org" : "@x.org");
    };
    for (MemberId i = 0; i < n; ++i) members.add(handle(i, rng() % 2 != 0), aliases(rng() % 3));
    for (int step = 0; step < 200; ++step) {
      const auto i = static_cast<MemberId>(rng() % n);
      members.rekey(i, handle(i, rng() % 2 != 0), aliases(rng() % 4));
      std::size_t keys = 0;
      for (MemberId j = 0; j < n; ++j) {
        keys += 1 + members.aliases[j].size();
        REQUIRE(members.find(handle(j, false)) == j);
        REQUIRE(members.find(handle(j, true)) == j);
        for (const std::string& a : members.aliases[j]) REQUIRE(members.find(a) == j);
      }
      REQUIRE(members.index.size() == keys);
    }
    std::unordered_map<std::string, MemberId> held;
    for (MemberId j = 0; j < n; ++j)
      for (const std::string& a : members.aliases[j]) held.emplace(a, j);
    for (std::size_t k = 0; k < fresh; ++k) {
      const std::string a = "a" + std::to_string(k);
      const auto it = held.find(a);
      REQUIRE(members.find(a) == (it == held.end() ? MemberIndex::npos : it->second));
    }
  }
}
