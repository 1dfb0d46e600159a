#ifndef RAPPORT_CLI_TEXT_HPP
#define RAPPORT_CLI_TEXT_HPP

#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <rapport/time.hpp>
#include <string>
#include <string_view>
#include <vector>

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

/// `x` in the fewest digits that read back as the same double, as the replay CSV writes numbers.
inline std::string shortest(double x) {
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, x).ptr;
  return std::string(buf, end);
}

/// One CSV record, RFC 4180 quoting: a field holding a comma, a double quote or a line break is quoted,
/// its double quotes doubled. Records end in a line feed, as the replay CSV's do.
inline std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string& field = fields[i];
    if (i > 0) out += ',';
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
      out += field;
      continue;
    }
    out += '"';
    for (const char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += '"';
  }
  return out + '\n';
}

}  // namespace rapport::cli

#endif  // RAPPORT_CLI_TEXT_HPP
