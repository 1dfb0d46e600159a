#ifndef RAPPORT_SRC_DETAIL_MEMBER_TABLE_HPP
#define RAPPORT_SRC_DETAIL_MEMBER_TABLE_HPP

#include <boost/unordered/unordered_flat_map.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <rapport/member.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "large_allocator.hpp"
#include "prefetch.hpp"

namespace rapport::detail {

/// What scoring needs of a list of topics beyond the paths: the depth of each path and the heaviest
/// weight. Kept with the list and recomputed whenever the list is replaced, so a score neither counts
/// separators nor scans weights again.
struct TopicShape {
  std::vector<std::size_t> depths;
  double heaviest = 0;
};

/// The shape of `topics`.
TopicShape shape_of(const Topics& topics);

/// The fields of a member that gave none but its handle.
inline const Member member_defaults{};

/// The members of a network, by id, kept for their size: most members of a large network have only a
/// handle and a niche that many others share. A member costs its handle's bytes in one buffer and a
/// 16-byte record: where they are, the number of its topic list and its flags; each distinct topic list is
/// kept once, with its shape. A name, aliases, launches, or a cadence or energy other than the default
/// are kept in a side table, for the members that have them. `record` puts a `Member` together again.
///
/// Reads allocate nothing and take constant time (expected, for the side table); a view into the table
/// is valid until the next change.
class MemberTable {
 public:
  /// A table with no members.
  MemberTable();

  /// The number of members.
  std::size_t size() const noexcept { return entries_.size(); }
  /// The bytes the members' handles take.
  std::size_t handle_bytes() const noexcept { return bytes_.size(); }

  // Member `id`'s fields, as `Member` describes them (`id` < `size()`).
  std::string_view handle(MemberId id) const noexcept {
    const HandlePlace h = entries_[id].handle;
    return {bytes_.data() + h.offset(), h.size()};
  }
  const Topics& topics(MemberId id) const noexcept { return lists_[entries_[id].topic_list].topics; }
  /// The shape of `topics(id)`.
  const TopicShape& topic_shape(MemberId id) const noexcept { return lists_[entries_[id].topic_list].shape; }
  bool competitor(MemberId id) const noexcept { return (entries_[id].flags & competitor_flag) != 0; }
  bool strategic(MemberId id) const noexcept { return (entries_[id].flags & strategic_flag) != 0; }
  std::string_view name(MemberId id) const noexcept {
    const Rare* r = rare(id);
    return r ? std::string_view(r->name) : std::string_view();
  }
  std::chrono::days cadence(MemberId id) const noexcept {
    const Rare* r = rare(id);
    return r ? r->cadence : member_defaults.cadence;
  }
  std::span<const TimeRange> launches(MemberId id) const noexcept {
    const Rare* r = rare(id);
    return r ? std::span<const TimeRange>(r->launches) : std::span<const TimeRange>();
  }
  double energy(MemberId id) const noexcept {
    const Rare* r = rare(id);
    return r ? r->energy : member_defaults.energy;
  }
  std::span<const std::string> aliases(MemberId id) const noexcept {
    const Rare* r = rare(id);
    return r ? std::span<const std::string>(r->aliases) : std::span<const std::string>();
  }

  /// Starts loading what `competitor`, `topics` and `handle` of member `id` read first.
  void prefetch(MemberId id) const noexcept { detail::prefetch(&entries_[id]); }
  /// Starts loading the bytes of member `id`'s handle (reading where they are).
  void prefetch_handle(MemberId id) const noexcept {
    detail::prefetch(bytes_.data() + entries_[id].handle.offset());
  }

  /// Member `id` as it was given.
  Member record(MemberId id) const;

  /// Adds `m` as member `size()`. Strong guarantee.
  void push_back(const Member& m);
  /// Removes the member that the latest `push_back` added, when nothing changed since.
  void pop_back() noexcept;
  /// Replaces member `id` with `m`. Strong guarantee.
  void replace(MemberId id, const Member& m);

 private:
  // Where a handle's bytes are in `bytes_`: 40 bits of offset (1 TiB) and 24 of length (16 MiB).
  struct HandlePlace {
    static constexpr unsigned size_bits = 24;
    std::uint64_t packed;
    std::size_t offset() const noexcept { return packed >> size_bits; }
    std::size_t size() const noexcept { return packed & ((std::uint64_t{1} << size_bits) - 1); }
  };
  struct TopicList {
    Topics topics;
    TopicShape shape;
  };
  // What few members have; a member whose fields are all the defaults has no entry.
  struct Rare {
    std::string name;
    std::chrono::days cadence{};
    std::vector<TimeRange> launches;
    double energy = 1.0;
    std::vector<std::string> aliases;
  };
  static constexpr std::uint8_t competitor_flag = 1, strategic_flag = 2, rare_flag = 4;

  /// The flags of `m`: whether it is a competitor, strategic, and has fields for the side table.
  static std::uint8_t flags_of(const Member& m) noexcept;
  /// What `m` has for the side table.
  static Rare rare_of(const Member& m);
  /// The number of `topics` in `lists_`, added if it is new.
  std::uint32_t intern(const Topics& topics);
  /// Makes room in `bytes_` for `handle`, so that `append` cannot throw; throws `std::length_error` for
  /// a handle of 16 MiB or more, or past 1 TiB of handles.
  void make_room(std::string_view handle);
  /// Appends `handle` to `bytes_`, in room made for it; the place where it is found.
  HandlePlace append(std::string_view handle) noexcept;
  /// Member `id`'s fields in the side table, or nullptr if it has none: most members are read with no
  /// lookup.
  const Rare* rare(MemberId id) const noexcept {
    return (entries_[id].flags & rare_flag) == 0 ? nullptr : &rare_.find(id)->second;
  }

  std::vector<char> bytes_;
  // What every member has, in one record, so that scoring reads a member's in one cache line.
  struct Entry {
    HandlePlace handle;
    std::uint32_t topic_list;  // in `lists_`
    std::uint8_t flags;
  };
  std::vector<Entry, LargeAllocator<Entry>> entries_;  // read at random, as the network's largest tables
  std::vector<TopicList> lists_;                       // lists_[0] is the empty list
  boost::unordered_flat_map<std::string, std::uint32_t> list_ids_;  // a list's encoding -> its number
  boost::unordered_flat_map<MemberId, Rare> rare_;
};

}  // namespace rapport::detail

#endif  // RAPPORT_SRC_DETAIL_MEMBER_TABLE_HPP
