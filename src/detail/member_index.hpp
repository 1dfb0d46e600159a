#ifndef RAPPORT_SRC_DETAIL_MEMBER_INDEX_HPP
#define RAPPORT_SRC_DETAIL_MEMBER_INDEX_HPP

#include <algorithm>
#include <array>
#include <boost/container_hash/hash.hpp>
#include <concepts>
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

/// Where a member index reads the handles it does not copy: `handle(id)` is member `id`'s handle as
/// written; `prefetch(id)` starts loading where it is, and `prefetch_handle(id)` its bytes. `MemberTable`
/// is one.
template <class T>
concept HandleSource = requires(const T& source, MemberId id) {
  { source.handle(id) } -> std::convertible_to<std::string_view>;
  source.prefetch(id);
  source.prefetch_handle(id);
};

/// Finds members by handle or alias. Open addressing with linear probing over 8-byte slots (32 bits of
/// the key's hash, and the key), at most half full. A member's handle that is already folded
/// (`fold_handle`), as most are, is not copied: its slot names the member, and the handle is read
/// where the network keeps it, from a `HandleSource` that every lookup is given. The other keys
/// (aliases, and handles with capitals in their host), each with its member's id, are kept one after
/// another in an arena of 4-byte words: 8 bytes and the key's own. A lookup reads the slot, then the
/// key; in a large network each waits on memory, so `find_all` fetches the slots, then the keys, of a
/// whole block of handles before comparing. Keys are kept folded; a handle is looked up as it is written
/// first, and folded only if that finds nothing, so that the common lookup costs no copy.
class MemberIndex {
 public:
  /// What `find` returns for a handle that is not indexed; never a member's id.
  static constexpr MemberId npos = std::numeric_limits<MemberId>::max();
  /// The number of members an index can name: ids from 0 to `max_members - 1`. Homes are taken from 32
  /// bits of hash, so an index of more than about 2^31 keys would crowd the first 2^32 slots.
  static constexpr std::size_t max_members = (std::size_t{1} << 31) - 1;
  /// The longest handle that a lookup folds, and so the longest key a network indexes
  /// (`Network::add_member` refuses longer ones): a longer handle would be found only as it is folded.
  static constexpr std::size_t max_folded = 512;

  static std::uint64_t hash(std::string_view handle) noexcept {
    return boost::hash<std::string_view>{}(handle);
  }

  /// Number of keys: handles and aliases.
  std::size_t size() const noexcept { return size_; }
  /// The bytes its slots and its arena of copied keys take.
  std::size_t memory_bytes() const noexcept {
    return slots_.capacity() * sizeof(Slot) + words_.capacity() * sizeof(std::uint32_t);
  }

  /// The id of the member with key `handle`, whose hash is `hash`, or `npos`; `handles` holds the
  /// handles of the members indexed.
  template <HandleSource Handles>
  MemberId find(std::string_view handle, std::uint64_t hash, const Handles& handles) const noexcept {
    const MemberId id = find_exact(handle, hash, handles);
    return id != npos ? id : find_folded(handle, handles);
  }
  template <HandleSource Handles>
  MemberId find(std::string_view handle, const Handles& handles) const noexcept {
    return find(handle, hash(handle), handles);
  }

  /// `ids[k]` = `find(handles[k].handle, handles[k].hash, source)` for every k, in four passes over the
  /// block: fetch the slots; read them and fetch what they name (a key's record, or the member's place in
  /// `source`); fetch the members' handles; compare. Meant for a few dozen handles at a time, so what is
  /// fetched in one pass is still in cache for the next.
  template <HandleSource Handles>
  void find_all(std::span<const HashedHandle> handles, std::span<MemberId> ids,
                const Handles& source) const noexcept {
    if (slots_.empty()) {
      std::fill(ids.begin(), ids.end(), npos);
      return;
    }
    // Pass two leaves in `ids` the key of the first slot whose tag matches, if any.
    for (const HashedHandle& h : handles) detail::prefetch(&slots_[home(tag_of(h.hash))]);
    for (std::size_t k = 0; k < handles.size(); ++k) {
      const std::uint32_t tag = tag_of(handles[k].hash);
      std::size_t i = home(tag);
      while (slots_[i].key != none && slots_[i].tag != tag) i = next(i);
      ids[k] = slots_[i].key;
      if (ids[k] == none) continue;
      if (names_member(ids[k]))
        source.prefetch(member_of(ids[k]));
      else
        detail::prefetch(&words_[ids[k]]);
    }
    for (std::size_t k = 0; k < handles.size(); ++k)
      if (ids[k] != none && names_member(ids[k])) source.prefetch_handle(member_of(ids[k]));
    for (std::size_t k = 0; k < handles.size(); ++k) {
      if (ids[k] == none)
        ids[k] = find_folded(handles[k].handle, source);
      else if (key_of(ids[k], source) == handles[k].handle)
        ids[k] = id_of(ids[k]);
      else  // two hashes share a tag
        ids[k] = find(handles[k].handle, handles[k].hash, source);
    }
  }

  /// Indexes member `id` (below `max_members`) by its `handle` and `aliases`, none indexed yet nor equal
  /// once folded. A handle that is already folded is not copied: `source.handle(id)` must return it from
  /// then on, for every lookup. If memory runs out, throws and changes nothing; throws
  /// `std::length_error` if the keys kept would reach 8 GiB.
  void add(std::string_view handle, std::span<const std::string> aliases, MemberId id) {
    reserve_keys(handle, aliases);
    insert_keys(handle, aliases, id);
  }

  /// Makes room to index `handle` and `aliases` besides the keys held, so that `rekey` to them cannot
  /// throw; first frees the records of keys removed, once they are over half the arena and a quarter as
  /// many words as there are slots: `compact` reads every slot and every word, so each word removed
  /// pays O(1) of it, and re-keying a member takes amortised O(its keys). If memory runs out, throws and
  /// changes nothing that a lookup sees; throws `std::length_error` if the keys kept would reach 8 GiB.
  void reserve_keys(std::string_view handle, std::span<const std::string> aliases) {
    if (2 * removed_words_ > words_.size() && 4 * removed_words_ >= slots_.size()) compact();
    std::size_t words = is_folded(handle) ? 0 : record_words(handle);
    for (const std::string& a : aliases) words += record_words(a);
    if (words > max_record - words_.size()) throw std::length_error("member index too large");
    reserve_more(words_, words);
    while (2 * (size() + 1 + aliases.size()) > slots_.size()) grow();
  }

  /// Replaces member `id`'s keys, `old_handle` and `old_aliases` as they were added, by `handle` and
  /// `aliases`, none held by another member once folded, after `reserve_keys(handle, aliases)`. As in
  /// `add`, `source.handle(id)` must return `handle` from then on if it is folded. Every key is at most
  /// `max_folded` bytes or already folded. O(the member's keys), amortised with `reserve_keys`.
  void rekey(MemberId id, std::string_view old_handle, std::span<const std::string> old_aliases,
             std::string_view handle, std::span<const std::string> aliases) noexcept {
    std::size_t erased = erase_key(old_handle, id) ? 1 : 0;
    for (const std::string& a : old_aliases) erased += erase_key(a, id) ? 1 : 0;
    size_ -= erased;
    insert_keys(handle, aliases, id);
  }

 private:
  static constexpr std::uint32_t none = npos;  // an empty slot
  // A slot's key with this bit names a member whose handle is the key; without it, it is where the
  // key's record starts in `words_`.
  static constexpr std::uint32_t member_flag = std::uint32_t{1} << 31;
  static constexpr std::size_t max_record = member_flag;
  struct Slot {
    std::uint32_t tag;
    std::uint32_t key;  // `none`, a member (`member_flag`), or a record
  };

  static bool names_member(std::uint32_t key) noexcept { return (key & member_flag) != 0; }
  static MemberId member_of(std::uint32_t key) noexcept { return key & ~member_flag; }

  /// Whether `handle` is as the index keeps it.
  static bool is_folded(std::string_view handle) noexcept {
    const auto [begin, end] = case_free_part(handle);
    return std::none_of(handle.begin() + static_cast<std::ptrdiff_t>(begin),
                        handle.begin() + static_cast<std::ptrdiff_t>(end),
                        [](char c) { return c >= 'A' && c <= 'Z'; });
  }

  // A key's record in `words_`: its size in bytes, its member's id, then its bytes, padded to whole words.
  static constexpr std::size_t words_for(std::size_t key_bytes) noexcept { return 2 + (key_bytes + 3) / 4; }
  static std::size_t record_words(std::string_view key) {
    if (key.size() > std::numeric_limits<std::uint32_t>::max())
      throw std::length_error("member index: key too long");
    return words_for(key.size());
  }
  // The words of the record at `record`, which holds a key's size.
  std::size_t stored_words(std::uint32_t record) const noexcept { return words_for(words_[record]); }
  // Through `data()`: an empty key's bytes start at the end of the words.
  char* bytes_at(std::uint32_t record) noexcept {
    return reinterpret_cast<char*>(words_.data() + record + 2);
  }
  std::string_view key_at(std::uint32_t record) const noexcept {
    return {reinterpret_cast<const char*>(words_.data() + record + 2), words_[record]};
  }

  /// The key that slot key `key` stands for, and the id of its member.
  template <HandleSource Handles>
  std::string_view key_of(std::uint32_t key, const Handles& handles) const noexcept {
    return names_member(key) ? std::string_view(handles.handle(member_of(key))) : key_at(key);
  }
  MemberId id_of(std::uint32_t key) const noexcept {
    return names_member(key) ? member_of(key) : words_[key + 1];
  }

  /// Appends `key`'s record, folded, and places it; room for both is reserved.
  void keep(std::string_view key, MemberId id) noexcept {
    const auto record = static_cast<std::uint32_t>(words_.size());
    words_.resize(words_.size() + record_words(key));
    words_[record] = static_cast<std::uint32_t>(key.size());
    words_[record + 1] = id;
    fold_handle(key, bytes_at(record));
    place({tag_of(hash(key_at(record))), record});
  }

  /// Indexes member `id` by `handle` and `aliases`; room for them is reserved (`reserve_keys`).
  void insert_keys(std::string_view handle, std::span<const std::string> aliases, MemberId id) noexcept {
    if (is_folded(handle))
      place({tag_of(hash(handle)), id | member_flag});
    else
      keep(handle, id);
    for (const std::string& a : aliases) keep(a, id);
    size_ += 1 + aliases.size();
  }

  /// Removes the slot of member `id`'s key `key`, as it was added: the first slot on its probe that has
  /// its tag and names `id` (a member's keys that share a tag are all removed in turn, so which goes
  /// first does not matter). A removed key's record stays in the arena until `compact`. Returns whether
  /// a slot was removed: not for a key that `id` does not have.
  bool erase_key(std::string_view key, MemberId id) noexcept {
    std::array<char, max_folded> buffer;
    if (!is_folded(key)) {
      if (key.size() > max_folded) return false;  // never added: see `rekey`
      fold_handle(key, buffer.data());
      key = std::string_view(buffer.data(), key.size());
    }
    const std::uint32_t tag = tag_of(hash(key));
    for (std::size_t i = home(tag); slots_[i].key != none; i = next(i)) {
      const Slot slot = slots_[i];
      if (slot.tag != tag || id_of(slot.key) != id) continue;
      if (!names_member(slot.key)) removed_words_ += stored_words(slot.key);
      erase_at(i);
      return true;
    }
    return false;
  }

  /// Empties slot `i`, moving back the slots after it that its being full had pushed past their home, so
  /// that every probe still reaches its key before an empty slot.
  void erase_at(std::size_t i) noexcept {
    for (std::size_t j = next(i); slots_[j].key != none; j = next(j)) {
      const std::size_t h = home(slots_[j].tag);
      // Slot j stays if its home lies cyclically in (i, j]: a probe from there never passes i.
      const bool stays = i < j ? (i < h && h <= j) : (i < h || h <= j);
      if (stays) continue;
      slots_[i] = slots_[j];
      i = j;
    }
    slots_[i] = Slot{0, none};
  }

  /// Copies the records still indexed to a new arena, in the order they were added, and frees the old
  /// one: O(slots + words). If memory runs out, throws and changes nothing.
  void compact() {
    static constexpr std::size_t removed = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> slot_of(words_.size(), removed);  // by where a record starts: its slot
    std::vector<std::uint32_t, LargeAllocator<std::uint32_t>> words;
    words.reserve(words_.size() - removed_words_);
    // Cannot throw from here on: capacity reserved.
    for (std::size_t i = 0; i < slots_.size(); ++i)
      if (slots_[i].key != none && !names_member(slots_[i].key)) slot_of[slots_[i].key] = i;
    for (std::uint32_t record = 0; record < words_.size();
         record += static_cast<std::uint32_t>(stored_words(record))) {
      if (slot_of[record] == removed) continue;
      slots_[slot_of[record]].key = static_cast<std::uint32_t>(words.size());
      const auto first = words_.begin() + record;
      words.insert(words.end(), first, first + static_cast<std::ptrdiff_t>(stored_words(record)));
    }
    words_.swap(words);
    removed_words_ = 0;
  }

  template <HandleSource Handles>
  MemberId find_exact(std::string_view handle, std::uint64_t hash, const Handles& handles) const noexcept {
    if (slots_.empty()) return npos;
    const std::uint32_t tag = tag_of(hash);
    for (std::size_t i = home(tag); slots_[i].key != none; i = next(i))
      if (slots_[i].tag == tag && key_of(slots_[i].key, handles) == handle) return id_of(slots_[i].key);
    return npos;
  }

  // A miss: the handle may differ from a key in the case of its host only. Most misses are handles no
  // member has, already in lower case: they are only read, not copied.
  template <HandleSource Handles>
  MemberId find_folded(std::string_view handle, const Handles& handles) const noexcept {
    if (handle.size() > max_folded || is_folded(handle)) return npos;
    std::array<char, max_folded> folded;
    fold_handle(handle, folded.data());
    const std::string_view key(folded.data(), handle.size());
    return find_exact(key, hash(key), handles);
  }

  // The hash is Boost's mixed hash of the handle; a slot keeps its upper half, which also gives the
  // home, so that growing places every slot again without reading a key.
  static std::uint32_t tag_of(std::uint64_t hash) noexcept { return static_cast<std::uint32_t>(hash >> 32); }
  std::size_t home(std::uint32_t tag) const noexcept { return tag & mask(); }
  std::size_t mask() const noexcept { return slots_.size() - 1; }
  std::size_t next(std::size_t i) const noexcept { return (i + 1) & mask(); }

  void place(Slot slot) noexcept {
    std::size_t i = home(slot.tag);
    while (slots_[i].key != none) i = next(i);
    slots_[i] = slot;
  }

  // Twice the slots, every slot placed again; the old slots are kept until the new ones are complete.
  void grow() {
    std::vector<Slot, LargeAllocator<Slot>> old(std::max<std::size_t>(16, 2 * slots_.size()), Slot{0, none});
    old.swap(slots_);
    for (const Slot& s : old)
      if (s.key != none) place(s);
  }

  std::vector<Slot, LargeAllocator<Slot>> slots_;
  std::vector<std::uint32_t, LargeAllocator<std::uint32_t>>
      words_;                      // the copied keys' records, in order of addition
  std::size_t size_ = 0;           // keys indexed
  std::size_t removed_words_ = 0;  // of records in `words_` whose keys were removed (`rekey`)
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_MEMBER_INDEX_HPP
