#ifndef RAPPORT_SRC_DETAIL_PREFETCH_HPP
#define RAPPORT_SRC_DETAIL_PREFETCH_HPP

#include <cstddef>

namespace rapport::detail {

/// Asks the processor to start loading the cache lines of `*object`, or of its first `bytes`: a hint,
/// with no effect on results. In a large network, state read at random would otherwise be waited for
/// one read at a time.
template <class T>
void prefetch(const T* object, std::size_t bytes = sizeof(T)) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  const char* p = reinterpret_cast<const char*>(object);
  for (std::size_t offset = 0; offset < bytes; offset += 64) __builtin_prefetch(p + offset, 1);
  __builtin_prefetch(p + bytes - 1, 1);
#else
  (void)object;
  (void)bytes;
#endif
}

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_PREFETCH_HPP
