#include <rapport/topic.hpp>

#include "detail/topic_match.hpp"

namespace rapport {

double topic_similarity(std::string_view a, std::string_view b) noexcept {
  return detail::topic_similarity(a, detail::topic_depth(a), b, detail::topic_depth(b));
}

}  // namespace rapport
