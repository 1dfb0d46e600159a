#ifndef RAPPORT_SRC_DETAIL_FINGERPRINT_HPP
#define RAPPORT_SRC_DETAIL_FINGERPRINT_HPP

// Fingerprints of recorded events, by which a network knows an event it has recorded already.

#include <bit>
#include <cstdint>
#include <rapport/channel.hpp>
#include <rapport/interaction.hpp>
#include <rapport/member.hpp>
#include <rapport/outcome.hpp>
#include <rapport/post.hpp>
#include <rapport/request.hpp>
#include <string_view>

namespace rapport::detail {

/// A 64-bit hash over words and strings that gives the same value on every build and platform:
/// fingerprints are saved in snapshots, so neither `std::hash` nor Boost's (free to change between
/// versions) will do. Strings are read 8 bytes at a time, little-endian, after their length, so that
/// ("ab", "c") and ("a", "bc") differ.
class StableHash {
 public:
  explicit constexpr StableHash(std::uint64_t seed) noexcept : h_(seed) {}

  constexpr StableHash& add(std::uint64_t word) noexcept {
    h_ = std::rotl((h_ ^ word) * 0x9e3779b97f4a7c15u, 29) * 0xbf58476d1ce4e5b9u;
    return *this;
  }

  constexpr StableHash& add(std::string_view s) noexcept {
    add(s.size());
    for (std::size_t at = 0; at < s.size(); at += 8) {
      std::uint64_t word = 0;
      for (std::size_t k = 0; k < 8 && at + k < s.size(); ++k)
        word |= std::uint64_t{static_cast<unsigned char>(s[at + k])} << (8 * k);
      add(word);
    }
    return *this;
  }

  /// The hash, finished with MurmurHash3's 64-bit mix so that every bit depends on every input bit.
  constexpr std::uint64_t value() const noexcept {
    std::uint64_t x = h_;
    x = (x ^ (x >> 33)) * 0xff51afd7ed558ccdu;
    x = (x ^ (x >> 33)) * 0xc4ceb9fe1a85ec53u;
    return x ^ (x >> 33);
  }

 private:
  std::uint64_t h_;
};

/// What a fingerprint is of; part of it, so that a post and a request with the same id differ.
enum class Recorded : std::uint64_t { interaction = 1, request = 2, post = 3, outcome = 4 };

/// The fingerprint of a finished hash: never 0, which `FingerprintSet` keeps for its empty slots.
constexpr std::uint64_t fingerprint_of(const StableHash& h) noexcept {
  const std::uint64_t x = h.value();
  return x == 0 ? 1 : x;
}

/// A timestamp as a hash word.
constexpr std::uint64_t word_of(Timestamp t) noexcept {
  return static_cast<std::uint64_t>(t.time_since_epoch().count());
}

// Content fingerprints name members and channels by id rather than handle: a network never renumbers
// them (snapshots keep their order), and four words cost a batch far less than two handles' bytes.

/// The fingerprint of interaction `e` between members `from` and `to`: from its id, or without one
/// from its members, kind, time and weight.
constexpr std::uint64_t fingerprint(MemberId from, MemberId to, const Interaction& e) noexcept {
  StableHash h(static_cast<std::uint64_t>(Recorded::interaction));
  if (!e.id.empty()) return fingerprint_of(h.add(e.id));
  // + 0.0 makes a weight of -0 the +0 it equals.
  return fingerprint_of(h.add((std::uint64_t{from} << 32) | to)
                            .add(static_cast<std::uint64_t>(e.kind))
                            .add(word_of(e.at))
                            .add(std::bit_cast<std::uint64_t>(e.weight + 0.0)));
}

/// The fingerprint of request `r` to member `owner`: from the owner and its id, or without one from
/// its requester's handle (a requester need not be a member), owner, kind and arrival.
constexpr std::uint64_t fingerprint(MemberId owner, const Request& r) noexcept {
  StableHash h(static_cast<std::uint64_t>(Recorded::request));
  h.add(owner);
  if (!r.id.empty()) return fingerprint_of(h.add(r.id));
  return fingerprint_of(h.add(r.requester).add(static_cast<std::uint64_t>(r.kind)).add(word_of(r.received)));
}

/// The fingerprint of an outcome of the request with fingerprint `request`: its kind and time.
constexpr std::uint64_t fingerprint(std::uint64_t request, OutcomeKind kind, Timestamp at) noexcept {
  StableHash h(static_cast<std::uint64_t>(Recorded::outcome));
  return fingerprint_of(h.add(request).add(static_cast<std::uint64_t>(kind)).add(word_of(at)));
}

/// The fingerprint of post `p` on `channel` (which names its owner too): from its id, or without one
/// from its channel, time and what it promotes.
constexpr std::uint64_t fingerprint(ChannelId channel, const Post& p) noexcept {
  StableHash h(static_cast<std::uint64_t>(Recorded::post));
  if (!p.id.empty()) return fingerprint_of(h.add(p.id));
  return fingerprint_of(
      h.add(channel).add(word_of(p.at)).add(std::uint64_t{p.promotion}).add(std::string_view(p.promoted)));
}

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_FINGERPRINT_HPP
