#include "detail/member_table.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "detail/reserve.hpp"
#include "detail/topic_match.hpp"

namespace rapport::detail {

namespace {

bool is_rare(const Member& m) noexcept {
  const Member& d = member_defaults;
  return !m.name.empty() || m.cadence != d.cadence || !m.launches.empty() || m.energy != d.energy ||
         !m.aliases.empty();
}

/// `topics` as one string, equal for equal lists only: each path's length, its bytes and its weight's.
std::string encoding(const Topics& topics) {
  std::string out;
  const auto put = [&out](auto value) {
    char bytes[sizeof value];
    std::memcpy(bytes, &value, sizeof value);
    out.append(bytes, sizeof value);
  };
  for (const Topic& t : topics) {
    put(t.path.size());
    out += t.path;
    put(std::bit_cast<std::uint64_t>(t.weight));
  }
  return out;
}

}  // namespace

TopicShape shape_of(const Topics& topics) {
  TopicShape shape;
  shape.depths.reserve(topics.size());
  for (const Topic& t : topics) {
    shape.depths.push_back(topic_depth(t.path));
    shape.heaviest = std::max(shape.heaviest, t.weight);
  }
  return shape;
}

MemberTable::MemberTable() : lists_(1) {}

std::uint8_t MemberTable::flags_of(const Member& m) noexcept {
  return static_cast<std::uint8_t>((m.competitor ? competitor_flag : 0) | (m.strategic ? strategic_flag : 0) |
                                   (is_rare(m) ? rare_flag : 0));
}

MemberTable::Rare MemberTable::rare_of(const Member& m) {
  return {m.name, m.cadence, m.launches, m.energy, m.aliases};
}

Member MemberTable::record(MemberId id) const {
  Member m{.handle = std::string(handle(id)), .topics = topics(id)};
  m.competitor = competitor(id);
  m.strategic = strategic(id);
  if (const Rare* r = rare(id)) {
    m.name = r->name;
    m.cadence = r->cadence;
    m.launches = r->launches;
    m.energy = r->energy;
    m.aliases = r->aliases;
  }
  return m;
}

std::uint32_t MemberTable::intern(const Topics& topics) {
  if (topics.empty()) return 0;
  std::string key = encoding(topics);
  if (const auto found = list_ids_.find(key); found != list_ids_.end()) return found->second;
  TopicList entry{.topics = topics, .shape = shape_of(topics)};
  reserve_more(lists_, 1);
  const auto number = static_cast<std::uint32_t>(lists_.size());
  list_ids_.emplace(std::move(key), number);
  lists_.push_back(std::move(entry));  // cannot throw: capacity reserved
  return number;
}

void MemberTable::make_room(std::string_view handle) {
  constexpr unsigned offset_bits = 64 - HandlePlace::size_bits;
  if (handle.size() >= (std::uint64_t{1} << HandlePlace::size_bits) ||
      bytes_.size() + handle.size() >= (std::uint64_t{1} << offset_bits))
    throw std::length_error("rapport: a member handle of 16 MiB or more, or 1 TiB of handles");
  reserve_more(bytes_, handle.size());
}

MemberTable::HandlePlace MemberTable::append(std::string_view handle) noexcept {
  const HandlePlace place{(std::uint64_t{bytes_.size()} << HandlePlace::size_bits) | handle.size()};
  bytes_.insert(bytes_.end(), handle.begin(), handle.end());  // cannot throw: `make_room` reserved it
  return place;
}

void MemberTable::push_back(const Member& m) {
  const auto id = static_cast<MemberId>(size());
  make_room(m.handle);
  reserve_more(entries_, 1);
  // A list interned for a member whose addition then fails stays unused: harmless.
  const std::uint32_t list = intern(m.topics);
  const std::uint8_t flags = flags_of(m);
  if ((flags & rare_flag) != 0) rare_.emplace(id, rare_of(m));
  entries_.push_back({.handle = append(m.handle), .topic_list = list, .flags = flags});  // cannot throw
}

void MemberTable::pop_back() noexcept {
  const auto id = static_cast<MemberId>(size() - 1);
  if ((entries_[id].flags & rare_flag) != 0) rare_.erase(id);
  bytes_.resize(entries_[id].handle.offset());
  entries_.pop_back();
}

void MemberTable::replace(MemberId id, const Member& m) {
  const bool new_handle = handle(id) != m.handle;
  // Only a change of case replaces a handle, which keeps its length: its bytes are overwritten where
  // they are, so that rewriting one again and again does not grow the table.
  const bool in_place = new_handle && m.handle.size() == entries_[id].handle.size();
  if (new_handle && !in_place) make_room(m.handle);
  const std::uint32_t list = intern(m.topics);
  const std::uint8_t flags = flags_of(m);
  if ((flags & rare_flag) != 0)
    rare_.insert_or_assign(id, rare_of(m));
  else if ((entries_[id].flags & rare_flag) != 0)
    rare_.erase(id);
  Entry& e = entries_[id];
  if (in_place)
    std::copy(m.handle.begin(), m.handle.end(),
              bytes_.begin() + static_cast<std::ptrdiff_t>(e.handle.offset()));
  else if (new_handle)
    e.handle = append(m.handle);
  e.topic_list = list;
  e.flags = flags;
}

}  // namespace rapport::detail
