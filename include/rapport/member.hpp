#ifndef RAPPORT_MEMBER_HPP
#define RAPPORT_MEMBER_HPP

/// \file
/// `Member`, a person or organisation in the network.

#include <chrono>
#include <cstdint>
#include <rapport/time.hpp>
#include <rapport/topic.hpp>
#include <string>
#include <vector>

namespace rapport {

/// Dense id of a member inside one `Network`; valid only for that network.
using MemberId = std::uint32_t;

/// A person or organisation in the network. Any member can be an owner: the one whose point of view
/// a score takes. Its handle and aliases are its keys: requests, events and lookups may name it by any
/// of them, and no two members share one. Keys are compared byte for byte, except that the host of an
/// address "@user@host" and the scheme and host of a URL "scheme://host/path" ignore ASCII case
/// ("@ana@Example.Social" is "@ana@example.social"; "@Ana@example.social" is not).
struct Member {
  std::string handle{};     ///< unique, non-empty key (e.g. "@ana@example.social")
  std::string name{};       ///< display name
  Topics topics{};          ///< the member's niche
  bool competitor = false;  ///< competes with the owners this network serves: partnership requests decline
  bool strategic = false;   ///< one of the few relationships that must get regular attention
  std::chrono::days cadence{30};      ///< for a strategic member: the longest wanted gap between contacts
  std::vector<TimeRange> launches{};  ///< as an owner: own launch windows, when no promotion is taken
  double energy = 1.0;  ///< as an owner: declared energy in [0, 1]; scales the room for promotions
  /// Other keys naming the member, such as an actor URI, an address "@user@host" or a profile URL.
  std::vector<std::string> aliases{};

  /// Whether every field is equal.
  friend bool operator==(const Member&, const Member&) = default;
};

}  // namespace rapport

#endif  // RAPPORT_MEMBER_HPP
