#ifndef RAPPORT_SRC_DETAIL_RESERVE_HPP
#define RAPPORT_SRC_DETAIL_RESERVE_HPP

#include <algorithm>
#include <cstddef>
#include <vector>

namespace rapport::detail {

/// Makes room in `v` for `more` elements beyond its size, so the insertions that follow cannot throw.
/// Grows geometrically as `push_back` would: `reserve(size() + more)` alone allocates exactly that much,
/// and reserving before each insertion would then copy the whole vector every time.
template <class T, class Allocator>
void reserve_more(std::vector<T, Allocator>& v, std::size_t more) {
  if (v.capacity() - v.size() >= more) return;
  v.reserve(std::max(v.size() + more, 2 * v.capacity()));
}

/// As `reserve_more`, but growing by half: for vectors kept by the many, such as each member's list of
/// contacts, whose spare room adds up over a network (a fifth of what they hold, where doubling leaves a
/// third), at the cost of a few more moves of each.
template <class T, class Allocator>
void reserve_more_by_half(std::vector<T, Allocator>& v, std::size_t more) {
  if (v.capacity() - v.size() >= more) return;
  v.reserve(std::max(v.size() + more, v.capacity() + v.capacity() / 2 + 2));
}

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_RESERVE_HPP
