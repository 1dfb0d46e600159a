#ifndef RAPPORT_SRC_DETAIL_TEXT_HPP
#define RAPPORT_SRC_DETAIL_TEXT_HPP

#include <chrono>
#include <cmath>
#include <cstdio>
#include <rapport/time.hpp>
#include <string>
#include <string_view>

namespace rapport::detail {

// Numbers and dates as the sentences of reasons, reports and the tool's tables write them.

/// `x` with a fixed number of decimals ("0.50").
inline std::string fixed(double x, int decimals = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

/// `x` rounded to a whole number ("3").
inline std::string whole(double x) {
  return std::to_string(static_cast<long long>(std::llround(x)));
}

/// `n` whole things with the noun in singular or plural ("1 request", "3 requests"); `noun` takes an
/// "s" in the plural.
inline std::string plural(double n, std::string_view noun) {
  std::string out = whole(n) + ' ';
  out += noun;
  if (std::llround(n) != 1) out += 's';
  return out;
}

/// `text` ended with a full stop, unless it ends with one already ("Mark S.").
inline std::string with_full_stop(std::string text) {
  if (text.empty() || text.back() != '.') text += '.';
  return text;
}

/// A share as a whole percentage ("20%").
inline std::string percent(double share) {
  return whole(share * 100) + "%";
}

/// `share` as a whole percentage, or with one decimal where that would read as `other`'s whole
/// percentage ("11.1%" beside 11%): a share said to be over a tolerance must not read as equal to it.
inline std::string percent_beside(double share, double other) {
  if (std::llround(share * 100) != std::llround(other * 100)) return percent(share);
  return fixed(share * 100, 1) + "%";
}

/// The smallest whole percentage at or above `share` ("12%" for 0.111): a tolerance to raise to.
inline std::string percent_up(double share) {
  // A share computed as a quotient may sit a rounding error above a whole percentage (0.2 * 100).
  return std::to_string(static_cast<long long>(std::ceil(share * 100 - 1e-9))) + "%";
}

/// The UTC day of `t` ("2026-11-23").
inline std::string day_text(Timestamp t) {
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

/// The UTC day of `t`, with the time of day when it is not midnight ("2026-11-30", "2026-11-30 12:00
/// UTC"): for times that can fall inside a day, such as the start of a launch.
inline std::string moment_text(Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  if (t == day) return day_text(t);
  const std::chrono::hh_mm_ss time{std::chrono::floor<std::chrono::minutes>(t - day)};
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d UTC", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()));
  return day_text(t) + buf;
}

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_TEXT_HPP
