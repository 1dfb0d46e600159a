#ifndef RAPPORT_SRC_DETAIL_LARGE_ALLOCATOR_HPP
#define RAPPORT_SRC_DETAIL_LARGE_ALLOCATOR_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace rapport::detail {

/// Allocator for the network's largest tables (pair state, its index, the fingerprints), which are read
/// at random positions. On Linux an allocation of at least 64 KiB is mapped from the kernel and unmapped
/// when freed, so a table that grew leaves no freed copy resident (the C library keeps freed blocks of
/// up to 32 MiB for reuse, which tables growing a piece at a time would fill), and it is rounded only to
/// the 4 KiB page. One of at least a huge page also starts on a huge page and is offered to the kernel for
/// transparent huge pages: with 4 KiB pages nearly every random read of a table of hundreds of megabytes
/// also misses the TLB, which costs more than the read itself. Smaller allocations, and other systems,
/// get ordinary memory.
template <class T>
class LargeAllocator {
 public:
  using value_type = T;

  LargeAllocator() noexcept = default;
  template <class U>
  LargeAllocator(const LargeAllocator<U>&) noexcept {}  // NOLINT: converting, as allocators are

  T* allocate(std::size_t n) {
    if (n > (static_cast<std::size_t>(-1) - 2 * huge_page) / sizeof(T)) throw std::bad_array_new_length();
    const std::size_t bytes = n * sizeof(T);
#if defined(__linux__)
    if (bytes >= mapped) return static_cast<T*>(map(rounded(bytes)));
#endif
    return static_cast<T*>(::operator new(bytes, alignment()));
  }

  void deallocate(T* p, std::size_t n) noexcept {
    const std::size_t bytes = n * sizeof(T);
#if defined(__linux__)
    if (bytes >= mapped) {
      ::munmap(p, rounded(bytes));
      return;
    }
#endif
    // The unsized form: clang before 19 does not declare sized deallocation unless asked to.
    ::operator delete(p, alignment());
  }

  template <class U>
  friend bool operator==(const LargeAllocator&, const LargeAllocator<U>&) noexcept {
    return true;
  }

 private:
  static constexpr std::size_t page = std::size_t{4} << 10;
  static constexpr std::size_t mapped = std::size_t{64} << 10;    // allocations from here on are mapped
  static constexpr std::size_t huge_page = std::size_t{2} << 20;  // x86-64 and arm64 (4 KiB base pages)

  static std::size_t rounded(std::size_t bytes) noexcept {
    return (bytes + page - 1) / page * page;
  }
  static std::align_val_t alignment() noexcept {
    return std::align_val_t{std::max(alignof(T), alignof(std::max_align_t))};
  }

#if defined(__linux__)
  /// `size` bytes (a multiple of `page`) mapped, from a multiple of `huge_page` if there are that many: a
  /// huge page more is mapped and the unaligned ends unmapped. Throws `std::bad_alloc` if the kernel refuses.
  static void* map(std::size_t size) {
    const std::size_t slack = size >= huge_page ? huge_page : 0;
    void* raw = ::mmap(nullptr, size + slack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    if (slack == 0) return raw;
    const auto begin = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = (begin + huge_page - 1) / huge_page * huge_page;
    if (aligned != begin) ::munmap(raw, aligned - begin);
    if (const std::uintptr_t tail = begin + huge_page - aligned; tail != 0)
      ::munmap(reinterpret_cast<void*>(aligned + size), tail);
#if defined(MADV_HUGEPAGE)
    // Advice only: if the kernel declines, the memory is still valid. Only whole huge pages inside the
    // mapping can be huge; the rest stays in 4 KiB pages.
    ::madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);
#endif
    return reinterpret_cast<void*>(aligned);
  }
#endif
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_LARGE_ALLOCATOR_HPP
