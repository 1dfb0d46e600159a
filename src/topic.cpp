#include <algorithm>
#include <rapport/topic.hpp>

namespace rapport {
namespace {

std::size_t depth(std::string_view path) noexcept {
  return path.empty() ? 0 : static_cast<std::size_t>(std::count(path.begin(), path.end(), '/')) + 1;
}

}  // namespace

double topic_similarity(std::string_view a, std::string_view b) noexcept {
  const std::size_t deeper = std::max(depth(a), depth(b));
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

}  // namespace rapport
