#ifndef RAPPORT_CHANNEL_HPP
#define RAPPORT_CHANNEL_HPP

/// \file
/// `Channel`, an owner's audience outlet, and how much promotion its audience takes.

#include <cstdint>
#include <optional>
#include <rapport/topic.hpp>
#include <string>

namespace rapport {

/// Dense id of a channel inside one `Network`.
using ChannelId = std::uint32_t;

/// How much promotion a channel's audience takes before it turns away.
struct PromoTolerance {
  int max_per_week = 2;    ///< promotions per calendar week (Monday 00:00 UTC), accepted ones included
  double max_share = 0.2;  ///< promotions over all posts in the share window (0.2 = 1 promo per 4 own posts)
  /// Whether every field is equal.
  friend bool operator==(const PromoTolerance&, const PromoTolerance&) = default;
};

/// An owner's audience outlet: a blog, newsletter, social account or podcast.
struct Channel {
  std::string owner{};       ///< handle of the owning member
  std::string name{};        ///< unique among the owner's channels (e.g. "newsletter")
  double audience_size = 0;  ///< followers, subscribers or listeners, >= 0
  Topics audience_topics{};  ///< what the audience comes for; empty means the owner's topics
  std::optional<PromoTolerance>
      tolerance{};  ///< how many promotions the audience takes; unset: the policy's default

  /// Whether every field is equal.
  friend bool operator==(const Channel&, const Channel&) = default;
};

}  // namespace rapport

#endif  // RAPPORT_CHANNEL_HPP
