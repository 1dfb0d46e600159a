#include "detail/validate.hpp"

#include <charconv>
#include <limits>

namespace rapport::detail {

std::string number_text(double x) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, res.ptr);
}

void check_topics(const Topics& topics, std::string_view field) {
  for (std::size_t i = 0; i < topics.size(); ++i) {
    const std::string at = std::string(field) + "[" + std::to_string(i) + "]";
    const std::string_view path = topics[i].path;
    const bool empty_segment = path.empty() || path.front() == '/' || path.back() == '/' ||
                               path.find("//") != std::string_view::npos;
    if (empty_segment) throw Error(Errc::invalid_topic, at + ".path", std::string(path));
    const double w = topics[i].weight;
    if (!std::isfinite(w)) throw Error(Errc::not_finite, at + ".weight", number_text(w));
    if (w <= 0) throw Error(Errc::out_of_range, at + ".weight", number_text(w));
  }
}

}  // namespace rapport::detail
