#ifndef RAPPORT_TOPIC_HPP
#define RAPPORT_TOPIC_HPP

/// \file
/// `Topic`: a weighted path in a topic hierarchy, and how two paths match.

#include <rapport/export.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace rapport {

/// A topic in a hierarchy written as a '/'-separated path ("marketing/social-media"), with a weight
/// saying how central it is to a niche or an audience.
struct Topic {
  std::string path{};   ///< e.g. "marketing/social-media"; compared segment by segment, as written
  double weight = 1.0;  ///< relative importance, > 0; only ratios between a member's topics matter

  /// Whether every field is equal.
  friend bool operator==(const Topic&, const Topic&) = default;
};

/// The topics of a niche or an audience.
using Topics = std::vector<Topic>;

/// How much two topic paths match, in [0, 1]: the number of leading segments they share over the
/// depth of the deeper one. `marketing/social-media` and `marketing` match 0.5; unrelated paths 0.
RAPPORT_API double topic_similarity(std::string_view a, std::string_view b) noexcept;

}  // namespace rapport

#endif  // RAPPORT_TOPIC_HPP
