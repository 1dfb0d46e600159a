#include "detail/member_index.hpp"

#include <catch2/catch_test_macros.hpp>
#include <string>
#include <unordered_map>
#include <vector>

using rapport::MemberId;
using rapport::detail::HashedHandle;
using rapport::detail::MemberIndex;

namespace {

/// Handles of every shape: short, exactly the inline capacity, longer (kept on the heap), and
/// prefixes of one another.
std::string handle_of(std::size_t i) {
  switch (i % 4) {
    case 0:
      return "m" + std::to_string(i);
    case 1:
      return "@user" + std::to_string(i) + "@example.social";
    case 2: {
      std::string h = "@" + std::to_string(i) + "@";
      h.resize(rapport::detail::HandleKey::local_capacity, 'x');
      return h;
    }
    default:
      return "@a-rather-long-handle-" + std::to_string(i) + "@a-rather-long-instance.example.org";
  }
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
    index.add(h);
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
  copy.add("newcomer");
  CHECK(copy.find("newcomer") == 5'000);
  CHECK_FALSE(index.contains("newcomer"));
  require_finds(copy, expected, {handle_of(0), handle_of(1), handle_of(2), handle_of(3), handle_of(4'999)});
}
