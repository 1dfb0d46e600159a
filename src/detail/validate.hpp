#ifndef RAPPORT_SRC_DETAIL_VALIDATE_HPP
#define RAPPORT_SRC_DETAIL_VALIDATE_HPP

#include <cmath>
#include <rapport/error.hpp>
#include <rapport/time.hpp>
#include <rapport/topic.hpp>
#include <string>
#include <string_view>

namespace rapport::detail {

/// Shortest text that reads back as the same double, for error messages.
std::string number_text(double x);

/// A timestamp as RFC 3339 text ("2026-11-23T09:00:00Z"), for error messages.
std::string time_text(Timestamp t);

/// The `io_error` of a failed read of `source`, with the system's message if `errno` holds one (the
/// caller clears it before reading).
Error read_error(std::string source);

/// Throws `Errc::not_finite` or `Errc::out_of_range` unless `lo <= x <= hi`.
inline void check_number(double x, double lo, double hi, std::string_view field) {
  if (!std::isfinite(x)) throw Error(Errc::not_finite, std::string(field), number_text(x));
  if (x < lo || x > hi) throw Error(Errc::out_of_range, std::string(field), number_text(x));
}

/// Throws `Errc::empty_handle` if `s` is empty.
inline void check_not_empty(std::string_view s, std::string_view field) {
  if (s.empty()) throw Error(Errc::empty_handle, std::string(field), "");
}

/// Whether a topic path has only non-empty '/'-separated segments.
inline bool valid_topic_path(std::string_view path) noexcept {
  return !path.empty() && path.front() != '/' && path.back() != '/' &&
         path.find("//") == std::string_view::npos;
}

/// Throws unless every topic has a path of non-empty segments and a finite weight > 0.
void check_topics(const Topics& topics, std::string_view field);

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_VALIDATE_HPP
