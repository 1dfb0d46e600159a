#ifndef RAPPORT_SRC_DETAIL_SNAPSHOT_JSON_HPP
#define RAPPORT_SRC_DETAIL_SNAPSHOT_JSON_HPP

// What the parts of a network snapshot share: members by handle, fingerprints as text, and the
// learned state, written and read by src/io/learning_snapshot.cpp.

#include <boost/json/value.hpp>
#include <cstdint>
#include <rapport/member.hpp>

#include "json_read.hpp"
#include "network_state.hpp"

namespace rapport::detail {

/// The snapshot format's version: 2 added learning (`learning`, `Outcome`), 3 members' `aliases`, 4
/// learning's `activity` and three features, 5 activity's `answers` and two features, 6 the global
/// model's `evidence` and owners' `offsets`, 7 a global covariance only over the base rate and the habit
/// features; versions 1 to 6 still read.
inline constexpr int snapshot_version = 7;

/// The member whose handle `jv` holds; otherwise fails with `unknown_member` at `path`.
MemberId member_at(const NetworkState& s, const json::value& jv, const JsonPath& path);

/// A fingerprint as 16 hexadecimal digits: a JSON number above 2^53 loses bits in most readers.
json::value write_fingerprint(std::uint64_t f);
/// Reads `write_fingerprint`'s text; fails on anything else, and on 0 (no fingerprint).
std::uint64_t read_fingerprint(const json::value& jv, const JsonPath& path);

/// The learned state: the global weights, each owner's, the requesters' records and the arrivals of
/// requests whose outcomes may still come, each list sorted so that saving what was loaded gives the
/// same bytes.
json::object write_learning(const NetworkState& s);
/// Restores `write_learning`'s object, of a snapshot of format `version`, into `s`, whose members are
/// read already.
void read_learning(NetworkState& s, const json::value& jv, const JsonPath& path, int version);

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_SNAPSHOT_JSON_HPP
