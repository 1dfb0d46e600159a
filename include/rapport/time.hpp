#ifndef RAPPORT_TIME_HPP
#define RAPPORT_TIME_HPP

/// \file
/// Time as rapport counts it: UTC seconds, half-open ranges, calendar weeks.

#include <charconv>
#include <chrono>
#include <optional>
#include <string_view>

namespace rapport {

/// A point in time, UTC, to the second. rapport never reads the clock: every query takes one.
using Timestamp = std::chrono::sys_seconds;

/// A length of time to the second.
using Duration = std::chrono::seconds;

/// The earliest time rapport accepts: 0000-01-01T00:00:00Z, the first that RFC 3339 can write.
inline constexpr Timestamp earliest_time{std::chrono::sys_days{std::chrono::year{0} / 1 / 1}};
/// The latest time rapport accepts: 9999-12-31T23:59:59Z, the last that RFC 3339 can write.
inline constexpr Timestamp latest_time{std::chrono::sys_days{std::chrono::year{9999} / 12 / 31} +
                                       std::chrono::seconds{86399}};

/// The time `seconds` after 1970-01-01T00:00:00Z, or nothing outside [`earliest_time`, `latest_time`].
constexpr std::optional<Timestamp> from_unix_seconds(long long seconds) noexcept {
  if (seconds < earliest_time.time_since_epoch().count() || seconds > latest_time.time_since_epoch().count())
    return std::nullopt;
  return Timestamp{std::chrono::seconds{seconds}};
}

/// Unix seconds written as a decimal integer ("1700000000", "-5"), or nothing if `text` is anything
/// else or out of range (`from_unix_seconds`).
inline std::optional<Timestamp> parse_unix_seconds(std::string_view text) noexcept {
  long long seconds = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return from_unix_seconds(seconds);
}

/// A half-open range of time [begin, end).
struct TimeRange {
  Timestamp begin{};  ///< first second inside the range
  Timestamp end{};    ///< first second after the range

  /// Whether `t` lies inside the range.
  constexpr bool contains(Timestamp t) const noexcept { return begin <= t && t < end; }
  /// Whether every field is equal.
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
