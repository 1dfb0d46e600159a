#ifndef RAPPORT_SRC_DETAIL_MEMBER_INDEX_HPP
#define RAPPORT_SRC_DETAIL_MEMBER_INDEX_HPP

#include <algorithm>
#include <bit>
#include <boost/container_hash/hash.hpp>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <rapport/member.hpp>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "large_allocator.hpp"
#include "prefetch.hpp"
#include "reserve.hpp"

namespace rapport::detail {

/// A handle kept by the member index. A handle of up to `local_capacity` bytes, as nearly all are, is
/// kept inside the key: comparing it reads the key's own cache line, not a `std::string`'s buffer on
/// another one. Longer handles are kept on the heap.
class HandleKey {
 public:
  static constexpr std::size_t local_capacity = 40;

  explicit HandleKey(std::string_view s) : size_(s.size()) {
    if (!is_local()) bytes_.heap = new char[s.size()];
    std::copy_n(s.data(), s.size(), is_local() ? bytes_.local : bytes_.heap);
  }
  HandleKey(const HandleKey& other) : HandleKey(other.view()) {}
  HandleKey(HandleKey&& other) noexcept : bytes_(other.bytes_), size_(other.size_) {
    other.size_ = 0;  // empty and local now: it frees nothing
  }
  HandleKey& operator=(HandleKey other) noexcept {
    std::swap(bytes_, other.bytes_);
    std::swap(size_, other.size_);
    return *this;
  }
  ~HandleKey() {
    if (!is_local()) delete[] bytes_.heap;
  }

  std::string_view view() const noexcept { return {is_local() ? bytes_.local : bytes_.heap, size_}; }

 private:
  union Bytes {
    char local[local_capacity];
    char* heap;
  };
  bool is_local() const noexcept { return size_ <= local_capacity; }

  Bytes bytes_{};
  std::size_t size_ = 0;
};

/// A handle with its hash (`MemberIndex::hash`) computed beforehand, for `MemberIndex::find_all`.
struct HashedHandle {
  std::string_view handle;
  std::uint64_t hash = 0;
};

/// Finds members by handle. Open addressing with linear probing over 8-byte slots (32 bits of the
/// handle's hash and the member's id), at most half full; the handles themselves are kept by id. The
/// slots of 100,000 members take 2 MiB, so they mostly stay in cache, and a lookup reads the slot and
/// then the handle it names. Both addresses are known one step ahead, so `find_all` prefetches them
/// for a whole block of handles: in a large network, lookups one at a time each wait on memory twice.
class MemberIndex {
 public:
  /// What `find` returns for a handle that is not indexed; never a member's id (`Network::add_member`
  /// stops one short of it).
  static constexpr MemberId npos = std::numeric_limits<MemberId>::max();

  static std::uint64_t hash(std::string_view handle) noexcept {
    return boost::hash<std::string_view>{}(handle);
  }

  std::size_t size() const noexcept { return handles_.size(); }

  /// The id of the member with `handle`, whose hash is `hash`, or `npos`.
  MemberId find(std::string_view handle, std::uint64_t hash) const noexcept {
    if (slots_.empty()) return npos;
    const auto tag = tag_of(hash);
    for (std::size_t i = home(hash); slots_[i].id != npos; i = next(i))
      if (slots_[i].tag == tag && handles_[slots_[i].id].view() == handle) return slots_[i].id;
    return npos;
  }
  MemberId find(std::string_view handle) const noexcept { return find(handle, hash(handle)); }

  bool contains(std::string_view handle) const noexcept { return find(handle) != npos; }

  /// `ids[k]` = `find(handles[k].handle, handles[k].hash)` for every k, in three passes over the block:
  /// fetch the slots, read them and fetch the handles they name, compare. Meant for a few dozen
  /// handles at a time, so what is fetched in one pass is still in cache for the next.
  void find_all(std::span<const HashedHandle> handles, std::span<MemberId> ids) const noexcept {
    if (slots_.empty()) {
      std::fill(ids.begin(), ids.end(), npos);
      return;
    }
    for (const HashedHandle& h : handles) detail::prefetch(&slots_[home(h.hash)]);
    for (std::size_t k = 0; k < handles.size(); ++k) {  // the first id whose tag matches, if any
      const auto tag = tag_of(handles[k].hash);
      std::size_t i = home(handles[k].hash);
      while (slots_[i].id != npos && slots_[i].tag != tag) i = next(i);
      ids[k] = slots_[i].id;
      if (ids[k] != npos) detail::prefetch(&handles_[ids[k]]);
    }
    for (std::size_t k = 0; k < handles.size(); ++k)
      if (ids[k] != npos && handles_[ids[k]].view() != handles[k].handle)  // two hashes share a tag
        ids[k] = find(handles[k].handle, handles[k].hash);
  }

  /// Indexes `handle` (not indexed yet) as member `size()`. If memory runs out, throws and changes
  /// nothing.
  void add(std::string_view handle) {
    HandleKey key(handle);
    reserve_more(handles_, 1);
    if (2 * (size() + 1) > slots_.size()) grow();
    const auto id = static_cast<MemberId>(size());
    handles_.push_back(std::move(key));  // cannot throw from here on: capacity reserved
    place(hash(handle), id);
  }

 private:
  struct Slot {
    std::uint32_t tag;
    MemberId id;
  };

  static std::uint32_t tag_of(std::uint64_t hash) noexcept { return static_cast<std::uint32_t>(hash >> 32); }
  // The hash is Boost's mixed hash of the handle, so its low bits serve as the position.
  std::size_t home(std::uint64_t hash) const noexcept { return static_cast<std::size_t>(hash) & mask(); }
  std::size_t mask() const noexcept { return slots_.size() - 1; }
  std::size_t next(std::size_t i) const noexcept { return (i + 1) & mask(); }

  void place(std::uint64_t hash, MemberId id) noexcept {
    std::size_t i = home(hash);
    while (slots_[i].id != npos) i = next(i);
    slots_[i] = {tag_of(hash), id};
  }

  // Twice the slots, every member placed again; the old slots are kept until the new ones are complete.
  void grow() {
    std::vector<Slot, LargeAllocator<Slot>> old(std::max<std::size_t>(16, 2 * slots_.size()), Slot{0, npos});
    old.swap(slots_);
    for (const Slot& s : old)
      if (s.id != npos) place(hash(handles_[s.id].view()), s.id);
  }

  std::vector<Slot, LargeAllocator<Slot>> slots_;
  std::vector<HandleKey, LargeAllocator<HandleKey>> handles_;  // by member id
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_MEMBER_INDEX_HPP
