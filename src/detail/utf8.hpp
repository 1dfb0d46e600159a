#ifndef RAPPORT_SRC_DETAIL_UTF8_HPP
#define RAPPORT_SRC_DETAIL_UTF8_HPP

// Checking text for UTF-8, and quoting what is not: every file rapport writes is UTF-8, so text that
// is not is refused where it enters.

#include <cstddef>
#include <string>
#include <string_view>

namespace rapport::detail {

/// The length of the valid UTF-8 sequence at the start of `s`, or 0 if it is not one.
inline std::size_t utf8_length(std::string_view s) noexcept {
  const auto byte = [&](std::size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u; };
  const unsigned lead = byte(0);
  std::size_t n = 0;
  unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;  // not a UTF-16 surrogate
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;  // not beyond U+10FFFF
  } else {
    return 0;
  }
  if (byte(1) < lo || byte(1) > hi) return 0;
  for (std::size_t i = 2; i < n; ++i)
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  return n;
}

/// The bytes of the invalid UTF-8 at the start of `s` as "\xFF": its first byte and the continuation
/// bytes after it. Echoing them as they are would put invalid UTF-8 in the message too.
inline std::string invalid_utf8_text(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < 4; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (i > 0 && (c & 0xC0) != 0x80) break;
    out += "\\x";
    out += hex[c >> 4];
    out += hex[c & 0xF];
  }
  return out;
}

/// Where the first byte of `s` that does not start a valid UTF-8 sequence is, or `npos` if all of `s` is
/// UTF-8. O(size).
inline std::size_t invalid_utf8_at(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = utf8_length(s.substr(i));
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_UTF8_HPP
