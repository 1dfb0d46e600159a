// topic_similarity: hierarchical, segment-wise matching of topic paths.
#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>
#include <catch2/generators/catch_generators_range.hpp>
#include <random>
#include <rapport/topic.hpp>
#include <string>

namespace {

std::size_t depth(const std::string& path) {
  return path.empty() ? 0 : static_cast<std::size_t>(std::count(path.begin(), path.end(), '/')) + 1;
}

/// A random valid path of 1 to 4 segments over a tiny alphabet, so that prefixes are shared often.
std::string random_path(std::mt19937& rng) {
  static const char* const segments[] = {"a", "ab", "b", "marketing", "market", "seo"};
  std::uniform_int_distribution<int> n(1, 4), pick(0, 5);
  std::string out;
  const int count = n(rng);
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += '/';
    out += segments[pick(rng)];
  }
  return out;
}

}  // namespace

TEST_CASE("a path matches its parent partly, in proportion to shared depth", "[topic]") {
  using rapport::topic_similarity;
  CHECK(topic_similarity("marketing/social-media", "marketing") == 0.5);
  CHECK(topic_similarity("marketing", "marketing/social-media") == 0.5);
  CHECK(topic_similarity("marketing/social-media", "marketing/seo") == 0.5);
  CHECK(topic_similarity("marketing/social-media", "marketing/social-media") == 1.0);
  CHECK(topic_similarity("a/b/c", "a/b") == 2.0 / 3.0);
  CHECK(topic_similarity("a/b/c", "a/b/d") == 2.0 / 3.0);
  CHECK(topic_similarity("a/b/c/d", "a") == 0.25);
}

TEST_CASE("unrelated paths and mere string prefixes do not match", "[topic]") {
  using rapport::topic_similarity;
  CHECK(topic_similarity("pets/dog-collars", "marketing/social-media") == 0.0);
  CHECK(topic_similarity("pets/dog-collars", "marketing") == 0.0);
  CHECK(topic_similarity("market", "marketing") == 0.0);
  CHECK(topic_similarity("marketing", "market") == 0.0);
  CHECK(topic_similarity("marketing/social", "marketing/social-media") == 0.5);
  CHECK(topic_similarity("b/a", "a/b") == 0.0);  // only leading segments count
  CHECK(topic_similarity("", "") == 0.0);
  CHECK(topic_similarity("", "marketing") == 0.0);
  CHECK(topic_similarity("Marketing", "marketing") == 0.0);  // compared as written
}

TEST_CASE("topic_similarity is symmetric, in [0, 1], and 1 exactly for equal paths", "[topic][property]") {
  const auto seed = GENERATE(range(1u, 11u));
  std::mt19937 rng(seed);
  for (int i = 0; i < 200; ++i) {
    const std::string a = random_path(rng), b = random_path(rng);
    const double s = rapport::topic_similarity(a, b);
    CAPTURE(a, b, s);
    CHECK(s == rapport::topic_similarity(b, a));
    CHECK(s >= 0.0);
    CHECK(s <= 1.0);
    CHECK((s == 1.0) == (a == b));
    CHECK(rapport::topic_similarity(a, a) == 1.0);
    // Shared leading segments over the deeper depth: the value times that depth is a whole number.
    const double scaled = s * static_cast<double>(std::max(depth(a), depth(b)));
    CHECK(scaled == static_cast<double>(static_cast<long>(scaled + 0.5)));
    // A path matches its own parent at least as well as the parent's siblings do.
    if (const auto slash = a.rfind('/'); slash != std::string::npos) {
      const std::string parent = a.substr(0, slash);
      CHECK(rapport::topic_similarity(a, parent) > 0.0);
      CHECK(rapport::topic_similarity(a, parent) >= rapport::topic_similarity(a, parent + "/zzz"));
    }
  }
}
