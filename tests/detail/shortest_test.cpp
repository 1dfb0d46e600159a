#include "detail/shortest.hpp"

#include <bit>
#include <catch2/catch_test_macros.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

using rapport::detail::shortest_size;
using rapport::detail::write_shortest;

namespace {

std::string written(double x) {
  char text[shortest_size];
  return {text, write_shortest(text, x)};
}

std::string by_to_chars(double x) {
  char text[shortest_size];
  return {text, std::to_chars(text, text + shortest_size, x).ptr};
}

/// The values in `xs` whose text differs from `std::to_chars`'s, at most 5 of them.
std::vector<double> differing(const std::vector<double>& xs) {
  std::vector<double> out;
  for (const double x : xs)
    if (written(x) != by_to_chars(x) && out.size() < 5) out.push_back(x);
  return out;
}

/// `x` and its `n` neighbours on either side.
void add_neighbourhood(std::vector<double>& xs, double x, int n) {
  double below = x, above = x;
  xs.push_back(x);
  for (int i = 0; i < n; ++i) {
    below = std::nextafter(below, -1.0);
    above = std::nextafter(above, 2.0);
    xs.push_back(below);
    xs.push_back(above);
  }
}

}  // namespace

TEST_CASE("write_shortest writes what std::to_chars writes", "[shortest]") {
  std::vector<double> xs;
  SECTION("scores drawn at random from [0, 1)") {
    std::mt19937_64 random(20261205);
    std::uniform_real_distribution<double> score(0, 1);
    for (int i = 0; i < 200'000; ++i) xs.push_back(score(random));
  }
  SECTION("doubles drawn at random, bit pattern by bit pattern, around the fast range") {
    std::mt19937_64 random(5);
    std::uniform_int_distribution<std::uint64_t> bits(std::bit_cast<std::uint64_t>(0.0005),
                                                      std::bit_cast<std::uint64_t>(1.5));
    for (int i = 0; i < 200'000; ++i) xs.push_back(std::bit_cast<double>(bits(random)));
  }
  SECTION("powers of two, whose lower neighbour is nearer, and the range's ends") {
    for (int e = -12; e <= 1; ++e) add_neighbourhood(xs, std::ldexp(1.0, e), 40);
    add_neighbourhood(xs, 0.001, 40);
    add_neighbourhood(xs, 1.0, 40);
  }
  SECTION("short decimals, which fit with fewer digits than their neighbours") {
    for (int v = 0; v <= 100'000; ++v) add_neighbourhood(xs, v / 100'000.0, 2);
    for (int v = 1; v <= 999; ++v) add_neighbourhood(xs, v / 1e6, 1);  // below 0.001: left to to_chars
  }
  SECTION("dyadic values c / 2^j, exact in j decimals, which can lie halfway between two shorter ones") {
    // For j = 17, c / 2^17 in [0.5, 1) has 17 decimals ending in 5, and the two 16-decimal ones either
    // side of it both read back as it: the even one is written. Such ties in the lower binades are at
    // j = 18 to 20: every odd c, so every tie in the range.
    for (int j = 17; j <= 20; ++j)
      for (std::uint64_t c = 1; c < (std::uint64_t{1} << j); c += 2)
        xs.push_back(std::ldexp(static_cast<double>(c), -j));
    std::mt19937_64 random(17);
    for (int j = 10; j <= 40; ++j)
      for (int i = 0; i < 2'000; ++i)
        xs.push_back(std::ldexp(static_cast<double>(random() % (std::uint64_t{1} << j)), -j));
  }
  SECTION("values outside the scores' range") {
    for (const double x : {0.0, -0.0, 1.0, -0.5, 2.5, 1e-300, 5e-324, 1e300,
                           std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::max()})
      xs.push_back(x);
  }
  CHECK(differing(xs).empty());
}

TEST_CASE("write_shortest writes scores in fixed notation, and other values as std::to_chars does",
          "[shortest]") {
  CHECK(written(0.5) == "0.5");
  CHECK(written(0.001) == "0.001");
  CHECK(written(0.1 + 0.2) == "0.30000000000000004");
  CHECK(written(std::nextafter(1.0, 0.0)) == "0.9999999999999999");
  CHECK(written(std::nextafter(0.001, 1.0)) == "0.0010000000000000002");
  CHECK(written(0.0001) == "1e-04");  // scientific is shorter: std::to_chars writes it
  CHECK(written(0) == "0");
  CHECK(written(1) == "1");
}
