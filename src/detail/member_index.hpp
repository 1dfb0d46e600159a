#ifndef RAPPORT_SRC_DETAIL_MEMBER_INDEX_HPP
#define RAPPORT_SRC_DETAIL_MEMBER_INDEX_HPP

#include <algorithm>
#include <array>
#include <bit>
#include <boost/container_hash/hash.hpp>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <rapport/member.hpp>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "large_allocator.hpp"
#include "prefetch.hpp"
#include "reserve.hpp"

namespace rapport::detail {

/// Where a handle's case does not matter, as [begin, end): the host of an address "@user@host", and
/// the scheme and host of a URL "scheme://host/path" (both case-insensitive on the internet); empty
/// (0, 0) for any other handle. The user part and the path keep their case: servers differ on whether
/// "@Ana" is "@ana".
inline std::pair<std::size_t, std::size_t> case_free_part(std::string_view handle) noexcept {
  if (handle.size() > 1 && handle[0] == '@') {
    const std::size_t at = handle.find('@', 1);
    if (at != std::string_view::npos && at > 1) return {at + 1, handle.size()};
    return {0, 0};
  }
  const std::size_t colon = handle.find("://");
  if (colon == std::string_view::npos || colon == 0) return {0, 0};
  const auto is_scheme_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '-' || c == '.';
  };
  if (!std::all_of(handle.begin(), handle.begin() + static_cast<std::ptrdiff_t>(colon), is_scheme_char))
    return {0, 0};
  const std::size_t end = handle.find_first_of("/?#", colon + 3);
  return {0, end == std::string_view::npos ? handle.size() : end};
}

/// `handle` as the member index keeps it, written into `out` (at least `handle.size()` bytes): ASCII
/// letters of its `case_free_part` in lower case, the rest as it is.
inline void fold_handle(std::string_view handle, char* out) noexcept {
  std::copy(handle.begin(), handle.end(), out);
  const auto [begin, end] = case_free_part(handle);
  for (std::size_t i = begin; i < end; ++i)
    if (out[i] >= 'A' && out[i] <= 'Z') out[i] = static_cast<char>(out[i] - 'A' + 'a');
}

/// `handle` folded (`fold_handle`): two handles name the same member if their folded forms are equal.
inline std::string folded(std::string_view handle) {
  std::string out(handle.size(), '\0');
  fold_handle(handle, out.data());
  return out;
}

/// A handle with its hash (`MemberIndex::hash`) computed beforehand, for `MemberIndex::find_all`.
struct HashedHandle {
  std::string_view handle;
  std::uint64_t hash = 0;
};

/// Finds members by handle or alias. Open addressing with linear probing over 8-byte slots (32 bits of
/// the key's hash and where the key is kept), at most half full; the keys themselves, each with its
/// member's id, are kept one after another in an arena of 4-byte words, in order of addition: 8 bytes
/// and the key's own, where a record of fixed size would be as long as the longest key it keeps inside.
/// The slots of 100,000 members take 2 MiB, so they mostly stay in cache, and a lookup reads the slot
/// and then the key's record, its id beside its bytes. Both addresses are known one step
/// ahead, so `find_all` prefetches them for a whole block of handles: in a large network, lookups one at
/// a time each wait on memory twice. Keys are kept folded (`fold_handle`); a handle is looked up as it
/// is written first, and folded only if that finds nothing, so that the common lookup costs no copy.
class MemberIndex {
 public:
  /// What `find` returns for a handle that is not indexed; never a member's id (`Network::add_member`
  /// stops one short of it).
  static constexpr MemberId npos = std::numeric_limits<MemberId>::max();
  /// The longest handle that a lookup folds; a longer one is found only as the key was written.
  static constexpr std::size_t max_folded = 512;

  static std::uint64_t hash(std::string_view handle) noexcept {
    return boost::hash<std::string_view>{}(handle);
  }

  /// Number of keys: handles and aliases.
  std::size_t size() const noexcept { return size_; }

  /// The id of the member with key `handle`, whose hash is `hash`, or `npos`.
  MemberId find(std::string_view handle, std::uint64_t hash) const noexcept {
    const MemberId id = find_exact(handle, hash);
    return id != npos ? id : find_folded(handle);
  }
  MemberId find(std::string_view handle) const noexcept { return find(handle, hash(handle)); }

  bool contains(std::string_view handle) const noexcept { return find(handle) != npos; }

  /// `ids[k]` = `find(handles[k].handle, handles[k].hash)` for every k, in three passes over the block:
  /// fetch the slots, read them and fetch the keys they name, compare. Meant for a few dozen
  /// handles at a time, so what is fetched in one pass is still in cache for the next.
  void find_all(std::span<const HashedHandle> handles, std::span<MemberId> ids) const noexcept {
    if (slots_.empty()) {
      std::fill(ids.begin(), ids.end(), npos);
      return;
    }
    // Pass two leaves in `ids` where the record of the first key whose tag matches starts, if any.
    for (const HashedHandle& h : handles) detail::prefetch(&slots_[home(h.hash)]);
    for (std::size_t k = 0; k < handles.size(); ++k) {
      const auto tag = tag_of(handles[k].hash);
      std::size_t i = home(handles[k].hash);
      while (slots_[i].key != none && slots_[i].tag != tag) i = next(i);
      ids[k] = slots_[i].key;
      if (ids[k] != none) detail::prefetch(&words_[ids[k]]);
    }
    for (std::size_t k = 0; k < handles.size(); ++k) {
      if (ids[k] == none)
        ids[k] = find_folded(handles[k].handle);
      else if (key_at(ids[k]) == handles[k].handle)
        ids[k] = id_at(ids[k]);
      else  // two hashes share a tag
        ids[k] = find(handles[k].handle, handles[k].hash);
    }
  }

  /// Indexes `keys`, none indexed yet nor equal once folded, as naming member `id`. If memory runs out,
  /// throws and changes nothing; throws `std::length_error` if the keys kept would reach 16 GiB.
  void add(std::span<const std::string_view> keys, MemberId id) {
    std::size_t words = 0;
    for (const std::string_view k : keys) {
      if (k.size() > max_key_size) throw std::length_error("member index: handle too long");
      words += record_words(k.size());
    }
    if (words > none - words_.size()) throw std::length_error("member index too large");
    reserve_more(words_, words);
    while (2 * (size() + keys.size()) > slots_.size()) grow();
    for (const std::string_view k : keys) {  // cannot throw from here on: capacity reserved
      const auto record = static_cast<std::uint32_t>(words_.size());
      words_.resize(words_.size() + record_words(k.size()));
      words_[record] = static_cast<std::uint32_t>(k.size());
      words_[record + 1] = id;
      fold_handle(k, bytes_at(record));
      place(hash(key_at(record)), record);
      ++size_;
    }
  }

 private:
  static constexpr std::uint32_t none = npos;  // an empty slot
  struct Slot {
    std::uint32_t tag;
    std::uint32_t key;  // where its record starts in words_, or none
  };
  // A key's record in `words_`: its size in bytes, its member's id, then its bytes, padded to whole words.
  static constexpr std::size_t max_key_size = std::numeric_limits<std::uint32_t>::max() - 8;
  static constexpr std::size_t record_words(std::size_t key_size) noexcept { return 2 + (key_size + 3) / 4; }
  // Through `data()`: an empty key's bytes start at the end of the words.
  char* bytes_at(std::uint32_t record) noexcept {
    return reinterpret_cast<char*>(words_.data() + record + 2);
  }
  std::string_view key_at(std::uint32_t record) const noexcept {
    return {reinterpret_cast<const char*>(words_.data() + record + 2), words_[record]};
  }
  MemberId id_at(std::uint32_t record) const noexcept { return words_[record + 1]; }

  MemberId find_exact(std::string_view handle, std::uint64_t hash) const noexcept {
    if (slots_.empty()) return npos;
    const auto tag = tag_of(hash);
    for (std::size_t i = home(hash); slots_[i].key != none; i = next(i))
      if (slots_[i].tag == tag && key_at(slots_[i].key) == handle) return id_at(slots_[i].key);
    return npos;
  }

  // A miss: the handle may differ from a key in the case of its host only. Most misses are handles no
  // member has, already in lower case: they are only read, not copied.
  MemberId find_folded(std::string_view handle) const noexcept {
    const auto [begin, end] = case_free_part(handle);
    if (handle.size() > max_folded || std::none_of(handle.begin() + static_cast<std::ptrdiff_t>(begin),
                                                   handle.begin() + static_cast<std::ptrdiff_t>(end),
                                                   [](char c) { return c >= 'A' && c <= 'Z'; }))
      return npos;
    std::array<char, max_folded> folded;
    fold_handle(handle, folded.data());
    const std::string_view key(folded.data(), handle.size());
    return find_exact(key, hash(key));
  }

  static std::uint32_t tag_of(std::uint64_t hash) noexcept { return static_cast<std::uint32_t>(hash >> 32); }
  // The hash is Boost's mixed hash of the handle, so its low bits serve as the position.
  std::size_t home(std::uint64_t hash) const noexcept { return static_cast<std::size_t>(hash) & mask(); }
  std::size_t mask() const noexcept { return slots_.size() - 1; }
  std::size_t next(std::size_t i) const noexcept { return (i + 1) & mask(); }

  void place(std::uint64_t hash, std::uint32_t key) noexcept {
    std::size_t i = home(hash);
    while (slots_[i].key != none) i = next(i);
    slots_[i] = {tag_of(hash), key};
  }

  // Twice the slots, every key placed again; the old slots are kept until the new ones are complete.
  void grow() {
    std::vector<Slot, LargeAllocator<Slot>> old(std::max<std::size_t>(16, 2 * slots_.size()), Slot{0, none});
    old.swap(slots_);
    for (const Slot& s : old)
      if (s.key != none) place(hash(key_at(s.key)), s.key);
  }

  std::vector<Slot, LargeAllocator<Slot>> slots_;
  std::vector<std::uint32_t, LargeAllocator<std::uint32_t>>
      words_;             // the keys' records, in order of addition
  std::size_t size_ = 0;  // keys indexed
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_MEMBER_INDEX_HPP
