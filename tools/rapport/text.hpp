#ifndef RAPPORT_CLI_TEXT_HPP
#define RAPPORT_CLI_TEXT_HPP

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <rapport/time.hpp>
#include <string>
#include <string_view>

namespace rapport::cli {

// Numbers and days as the tool's tables and headings write them. The library's own sentences
// (`describe`) format their figures themselves; these are for what the tool prints around them.

/// `x` with a fixed number of decimals ("0.50").
inline std::string fixed(double x, int decimals = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

/// `n` things with the noun in singular or plural ("1 request", "3 requests"); `noun` takes an "s" in
/// the plural.
inline std::string plural(std::size_t n, std::string_view noun) {
  std::string out = std::to_string(n) + ' ';
  out += noun;
  if (n != 1) out += 's';
  return out;
}

/// The UTC day of `t` ("2026-11-23").
inline std::string day_text(Timestamp t) {
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace rapport::cli

#endif  // RAPPORT_CLI_TEXT_HPP
