// The version macros, generated from the CMake project's version: the two agree.
#include <catch2/catch_test_macros.hpp>
#include <rapport/version.hpp>
#include <string>

TEST_CASE("the version macros are the CMake project's version", "[version]") {
  const std::string from_macros = std::to_string(RAPPORT_VERSION_MAJOR) + "." +
                                  std::to_string(RAPPORT_VERSION_MINOR) + "." +
                                  std::to_string(RAPPORT_VERSION_PATCH);
  CHECK(from_macros == RAPPORT_PROJECT_VERSION);
  CHECK(RAPPORT_VERSION ==
        RAPPORT_VERSION_MAJOR * 10000 + RAPPORT_VERSION_MINOR * 100 + RAPPORT_VERSION_PATCH);
}
