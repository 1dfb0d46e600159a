#ifndef RAPPORT_SRC_DETAIL_TOPIC_MATCH_HPP
#define RAPPORT_SRC_DETAIL_TOPIC_MATCH_HPP

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace rapport::detail {

/// Number of '/'-separated segments of a topic path.
inline std::size_t topic_depth(std::string_view path) noexcept {
  return path.empty() ? 0 : static_cast<std::size_t>(std::count(path.begin(), path.end(), '/')) + 1;
}

/// `topic_similarity` for paths whose depths are known: scoring counts them once, not per comparison.
inline double topic_similarity(std::string_view a, std::size_t a_depth, std::string_view b,
                               std::size_t b_depth) noexcept {
  const std::size_t deeper = std::max(a_depth, b_depth);
  if (deeper == 0) return 0.0;
  // Count the leading segments that are equal: walk both paths while their characters agree and
  // credit a segment each time both reach a separator or their ends together.
  std::size_t shared = 0, i = 0;
  const std::size_t n = std::min(a.size(), b.size());
  while (i < n && a[i] == b[i]) {
    if (a[i] == '/') ++shared;
    ++i;
  }
  const bool a_boundary = i == a.size() || a[i] == '/';
  const bool b_boundary = i == b.size() || b[i] == '/';
  if (a_boundary && b_boundary && i > 0 && a[i - 1] != '/') ++shared;
  return static_cast<double>(shared) / static_cast<double>(deeper);
}

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_TOPIC_MATCH_HPP
