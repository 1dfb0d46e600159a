#ifndef RAPPORT_SRC_DETAIL_NAMES_HPP
#define RAPPORT_SRC_DETAIL_NAMES_HPP

#include <array>
#include <optional>
#include <string_view>

namespace rapport::detail {

/// Looks a stable name up in a table indexed by enum value.
template <class Enum, std::size_t N>
std::optional<Enum> from_name(const std::array<std::string_view, N>& names, std::string_view name) noexcept {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<Enum>(i);
  return std::nullopt;
}

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_NAMES_HPP
