#ifndef RAPPORT_TIME_HPP
#define RAPPORT_TIME_HPP

#include <chrono>

namespace rapport {

/// A point in time, UTC, to the second. rapport never reads the clock: every query takes one.
using Timestamp = std::chrono::sys_seconds;

/// A length of time to the second.
using Duration = std::chrono::seconds;

/// A half-open range of time [begin, end).
struct TimeRange {
  Timestamp begin{};  ///< first second inside the range
  Timestamp end{};    ///< first second after the range

  /// Whether `t` lies inside the range.
  constexpr bool contains(Timestamp t) const noexcept { return begin <= t && t < end; }
  friend constexpr bool operator==(const TimeRange&, const TimeRange&) = default;
};

/// The start (Monday 00:00 UTC) of the calendar week that holds `t`; weekly tolerances count per such week.
constexpr Timestamp week_start(Timestamp t) noexcept {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const weekday wd{day};
  return sys_seconds{day - (wd - Monday)};
}

}  // namespace rapport

#endif  // RAPPORT_TIME_HPP
