#ifndef RAPPORT_SRC_DETAIL_SHORTEST_HPP
#define RAPPORT_SRC_DETAIL_SHORTEST_HPP

#include <array>
#include <bit>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace rapport::detail {

/// Room `write_shortest` needs: `std::to_chars` writes a double's shortest text in at most 24 bytes.
inline constexpr std::size_t shortest_size = 32;

namespace shortest_detail {

#if defined(__SIZEOF_INT128__)
__extension__ using Wide = unsigned __int128;

inline constexpr std::array<std::uint64_t, 20> powers_of_ten = [] {
  std::array<std::uint64_t, 20> out{};
  std::uint64_t p = 1;
  for (auto& x : out) {
    x = p;
    p *= 10;
  }
  return out;
}();

/// For q in [53, 62]: the smallest k at which some d / 10^k lies between the midpoints around every x of
/// the binade [2^(52-q), 2^(53-q)): 10^-k is below their distance, 2^-q. From 16 (q = 53) to 19 (q = 62).
inline constexpr std::array<unsigned char, 10> enough_decimals = [] {
  std::array<unsigned char, 10> out{};
  for (unsigned q = 53; q <= 62; ++q) {
    unsigned k = 1;
    while (powers_of_ten[k] <= std::uint64_t{1} << q) ++k;
    out[q - 53] = static_cast<unsigned char>(k);
  }
  return out;
}();

/// "00" to "99", for writing two digits at a time.
inline constexpr std::array<char, 200> digit_pairs = [] {
  std::array<char, 200> out{};
  for (std::size_t i = 0; i < 100; ++i) {
    out[2 * i] = static_cast<char>('0' + i / 10);
    out[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return out;
}();

/// The decimal digits of a double x in [0.001, 1), in fixed notation. x = m 2^-q for a 53-bit m and q in
/// [53, 62], and the reals that read back as x lie between the midpoints to its neighbours,
/// (2m - 1) / 2^(q+1) and (2m + 1) / 2^(q+1). Those, and x, times 2^64 are whole numbers below 2^64, so
/// each times 10^k (k <= 19) is a 128-bit product whose high word is its whole part and whose low word its
/// fraction: exact, and one multiplication each.
///
/// Two cases of reading back never arise here, so they are left out. A midpoint has q + 1 >= 54 binary
/// places, and so as many decimal ones: no d / 10^k with k <= 19 is one, so whether a midpoint itself
/// reads back as x (it does when m is even) never matters. And a power of two's lower neighbour is
/// nearer, so the midpoint below it is nearer too, at (4m - 1) / 2^(q+2): the interval here is
/// deliberately too wide below the powers of two in the range, 2^-1 to 2^-9 (2^-10 is below 0.001). But
/// such an x, 2^-e, has e decimals ending in 5: it is written exactly, and a decimal with fewer is at
/// least 5 10^-e from it, nowhere near either midpoint.
class Interval {
 public:
  Interval(std::uint64_t m, unsigned q) noexcept
      : lower_((2 * m - 1) << (63 - q)), centre_(2 * m << (63 - q)), upper_((2 * m + 1) << (63 - q)) {}

  /// Whether some d / 10^k lies in the interval: the lowest such d is the whole part of its lower end
  /// plus 1, and the highest the whole part of its upper end.
  bool fits(unsigned k) const noexcept {
    return high(Wide{lower_} * powers_of_ten[k]) + 1 <= high(Wide{upper_} * powers_of_ten[k]);
  }

  /// The d for which d / 10^k is nearest x, ties to even. The interval is symmetric about x, so when it
  /// holds any candidate, it holds that one.
  std::uint64_t nearest(unsigned k) const noexcept {
    const Wide centre = Wide{centre_} * powers_of_ten[k];
    const std::uint64_t d = high(centre);
    constexpr std::uint64_t half = std::uint64_t{1} << 63;
    return low(centre) > half || (low(centre) == half && d % 2 == 1) ? d + 1 : d;
  }

 private:
  static std::uint64_t high(Wide x) noexcept { return static_cast<std::uint64_t>(x >> 64); }
  static std::uint64_t low(Wide x) noexcept { return static_cast<std::uint64_t>(x); }

  std::uint64_t lower_, centre_, upper_;
};
#endif

}  // namespace shortest_detail

/// Writes `x` at `out` exactly as `std::to_chars(out, out + shortest_size, x)` does, the shortest text
/// that reads back as `x` (the nearest such, ties to even), and returns the end. Scores lie in [0, 1]:
/// for x in [0.001, 1), where fixed notation is never longer than scientific (as long, for one digit
/// below 0.01: "0.005" and "5e-03", and `std::to_chars` then writes fixed), the digits are found
/// directly with exact 128-bit integers, in about half the time; other values are left to
/// `std::to_chars`. `out` must have `shortest_size` bytes.
inline char* write_shortest(char* out, double x) noexcept {
#if defined(__SIZEOF_INT128__)
  if (x >= 0.001 && x < 1) {
    const auto bits = std::bit_cast<std::uint64_t>(x);
    const auto biased = static_cast<unsigned>(bits >> 52);  // the sign is 0
    const std::uint64_t m = (bits & ((std::uint64_t{1} << 52) - 1)) | (std::uint64_t{1} << 52);
    const unsigned q = 1075 - biased;  // x = m 2^-q, q in [53, 62]
    const shortest_detail::Interval interval(m, q);
    // The fewest decimals that fit: from a count that always does, down while one fewer still does (for
    // random scores, about one time in four; two fewer, seldom).
    unsigned k = shortest_detail::enough_decimals[q - 53];
    while (k > 1 && interval.fits(k - 1)) --k;
    std::uint64_t d = interval.nearest(k);
    *out++ = '0';
    *out++ = '.';
    // d < 10^k has no trailing 0 (k - 1 would have fit): its k digits, padded with 0s on the left.
    char* const end = out + k;
    char* p = end;
    for (; p - out >= 2; d /= 100) {
      p -= 2;
      std::memcpy(p, &shortest_detail::digit_pairs[2 * (d % 100)], 2);
    }
    if (p != out) *--p = static_cast<char>('0' + d);
    return end;
  }
#endif
  return std::to_chars(out, out + shortest_size, x).ptr;
}

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_SHORTEST_HPP
