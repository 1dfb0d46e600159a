#ifndef RAPPORT_SRC_DETAIL_LARGE_ALLOCATOR_HPP
#define RAPPORT_SRC_DETAIL_LARGE_ALLOCATOR_HPP

#include <algorithm>
#include <cstddef>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace rapport::detail {

/// Allocator for the network's largest tables (pair state and its index), which are read at random
/// positions. An allocation of at least a huge page is aligned to one and offered to the kernel for
/// transparent huge pages: with 4 KiB pages nearly every random read of a table of hundreds of
/// megabytes also misses the TLB, which costs more than the read itself. Smaller allocations, and
/// systems without transparent huge pages, get ordinary memory.
template <class T>
class LargeAllocator {
 public:
  using value_type = T;

  LargeAllocator() noexcept = default;
  template <class U>
  LargeAllocator(const LargeAllocator<U>&) noexcept {}  // NOLINT: converting, as allocators are

  T* allocate(std::size_t n) {
    if (n > (static_cast<std::size_t>(-1) - huge_page) / sizeof(T)) throw std::bad_array_new_length();
    const std::size_t bytes = n * sizeof(T);
    void* p = ::operator new(rounded(bytes), alignment(bytes));
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    // Advice only: if the kernel declines, the memory is still valid.
    if (bytes >= huge_page) ::madvise(p, rounded(bytes), MADV_HUGEPAGE);
#endif
    return static_cast<T*>(p);
  }

  void deallocate(T* p, std::size_t n) noexcept {
    const std::size_t bytes = n * sizeof(T);
    // The unsized form: clang before 19 does not declare sized deallocation unless asked to.
    ::operator delete(p, alignment(bytes));
  }

  template <class U>
  friend bool operator==(const LargeAllocator&, const LargeAllocator<U>&) noexcept {
    return true;
  }

 private:
  static constexpr std::size_t huge_page = std::size_t{2} << 20;  // x86-64 and arm64 (4 KiB base pages)

  static std::size_t rounded(std::size_t bytes) noexcept {
    return bytes < huge_page ? bytes : (bytes + huge_page - 1) / huge_page * huge_page;
  }
  static std::align_val_t alignment(std::size_t bytes) noexcept {
    return std::align_val_t{bytes < huge_page ? std::max(alignof(T), alignof(std::max_align_t)) : huge_page};
  }
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_LARGE_ALLOCATOR_HPP
